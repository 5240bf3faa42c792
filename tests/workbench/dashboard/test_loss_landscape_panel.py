"""The Loss landscape page, used as a person would: train, open the page, press Compute."""

from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import Qt

from core.backend.devices import get_backend
from core.nn.model import Model, Objective
from core.training.loss_landscape import LossSurface
from tests.workbench.conftest import click, experiment, state
from workbench.dashboard.loss_landscape_path import WeightPath
from workbench.training.run_records import FINISHED
from workbench.training.thread_reaper import live_threads


def open_landscape_page(qtbot, view):
    """Click the "Loss landscape" tab."""
    bar = view.pages.tabBar()
    index = next(i for i in range(view.pages.count()) if view.pages.tabText(i) == "Loss landscape")
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert view.pages.currentIndex() == index
    return view.landscape_panel


def core_loss(run) -> float:
    """The engine's loss at the run's current weights on its training data (float64)."""
    info = run.info
    model = Model(info.experiment["model"]["layers"], info.train_x.shape[1],
                  get_backend("cpu", "float64"))
    model.load_state_dict(run.weights)
    objective = Objective(model, info.experiment["loss"])
    return float(objective.loss_value(model.backend.asarray(info.train_x),
                                      objective.prepare_target(info.train_y)))


def choose_resolution(panel, n):
    box = panel.resolution_box
    box.setCurrentIndex(box.findData(n))
    box.activated.emit(box.currentIndex())


def test_compute_draws_the_loss_around_the_current_weights_and_caches_it(qtbot, make_view):
    view = make_view(experiment(epochs=20))
    assert view.train_for_epochs(3)
    run = view.run
    panel = open_landscape_page(qtbot, view)
    assert "Press Compute" in panel.placeholder.toPlainText()
    click(qtbot, panel.compute_button)
    assert panel.cancel_button.isEnabled() and not panel.compute_button.isEnabled()
    qtbot.waitUntil(lambda: panel.landscape is not None, timeout=60_000)
    landscape = panel.landscape
    assert landscape.losses.shape == (21, 21) and panel.shown_key == (run.number, 3, 21, 1.0)
    image = panel.image.image                     # log10 loss, image[α index, β index]
    assert image.shape == (21, 21)
    assert image[10, 10] == np.log10(core_loss(run))
    assert landscape.losses[10, 10] == core_loss(run)
    xs, ys = panel.path_item.getData()
    assert len(xs) == 4                           # the initial weights and 3 epochs
    assert (xs[-1], ys[-1]) == (0.0, 0.0)
    assert (xs[0], ys[0]) != (0.0, 0.0)
    assert panel.centre_item.data["x"].tolist() == [0.0]
    assert not panel.cancel_button.isEnabled() and not panel.progress_bar.isVisible()
    assert "Loss at the centre" in panel.notes.text()

    started = panel.jobs.started_threads
    click(qtbot, panel.compute_button)            # the same moment: from the cache, at once
    assert panel.landscape is landscape and panel.jobs.started_threads == started
    assert not panel.jobs.busy and "cache" in panel.notes.text()

    choose_resolution(panel, 11)                  # another resolution is another result
    click(qtbot, panel.compute_button)
    assert panel.jobs.started_threads == started + 1
    qtbot.waitUntil(lambda: panel.landscape is not None and panel.landscape.losses.shape
                    == (11, 11), timeout=60_000)
    assert panel.landscape.losses[5, 5] == landscape.losses[10, 10]

    assert view.train_for_epochs(1)               # the run moves on: the note says so
    view.refresh(force=True)
    assert "moved on to epoch 4" in panel.notes.text()
    choose_resolution(panel, 21)
    click(qtbot, panel.compute_button)
    qtbot.waitUntil(lambda: panel.shown_key == (run.number, 4, 21, 1.0), timeout=60_000)
    assert len(panel.path_item.getData()[0]) == 5
    wide = panel.landscape
    panel.span_box.setCurrentIndex(panel.span_box.findData(0.05))   # zoom on the path
    click(qtbot, panel.compute_button)
    qtbot.waitUntil(lambda: panel.shown_key == (run.number, 4, 21, 0.05), timeout=60_000)
    assert panel.landscape.alphas[[0, -1]].tolist() == [-0.05, 0.05]
    assert panel.landscape.losses[10, 10] == wide.losses[10, 10]
    assert np.array_equal(panel.landscape.path, wide.path)   # the same plane


def test_cancel_mid_way_ends_the_thread_and_says_so(qtbot, make_view, monkeypatch):
    original = LossSurface.loss_at

    def slow_loss_at(self, alpha, beta):          # a slow network, so Cancel lands mid-way
        time.sleep(0.004)
        return original(self, alpha, beta)

    monkeypatch.setattr(LossSurface, "loss_at", slow_loss_at)
    view = make_view(experiment(epochs=20))
    assert view.train_for_epochs(2)
    click(qtbot, view.stop_button)
    qtbot.waitUntil(lambda: state(view) == FINISHED, timeout=10_000)
    before = live_threads()                       # the (stopped) run's own thread, if kept
    panel = open_landscape_page(qtbot, view)
    choose_resolution(panel, 51)
    click(qtbot, panel.compute_button)
    assert live_threads() == before + 1
    assert panel.placeholder.toPlainText() == "Computing…"
    qtbot.waitUntil(lambda: panel.progress_bar.value() > 0, timeout=20_000)
    assert panel.progress_bar.isVisible() and panel.progress_bar.value() < 1000
    click(qtbot, panel.cancel_button)
    qtbot.waitUntil(lambda: not panel.jobs.busy, timeout=10_000)
    qtbot.waitUntil(lambda: live_threads() == before, timeout=10_000)
    assert panel.landscape is None and panel.image.image is None
    assert "Cancelled: no landscape was computed." in panel.notes.text()
    assert panel.compute_button.isEnabled() and not panel.cancel_button.isEnabled()
    assert not panel.progress_bar.isVisible()
    assert "Press Compute" in panel.placeholder.toPlainText()


def test_compute_before_any_run_says_what_to_do(qtbot, make_view):
    view = make_view()
    panel = open_landscape_page(qtbot, view)
    assert "Train the network, then press Compute" in panel.placeholder.toPlainText()
    click(qtbot, panel.compute_button)
    assert "no prepared run yet" in panel.notes.text()
    assert panel.jobs.started_threads == 0 and live_threads() == 0


def test_weights_that_overflowed_get_one_sentence(qtbot, make_view):
    view = make_view(experiment(epochs=20))
    assert view.train_for_epochs(1)
    run = view.run
    # an epoch's snapshot taken as the weights overflowed (the run then stops as diverged)
    run.weights = {n: np.full_like(a, np.nan) if n.endswith("weight") else a
                   for n, a in run.weights.items()}
    panel = open_landscape_page(qtbot, view)
    click(qtbot, panel.compute_button)
    qtbot.waitUntil(lambda: not panel.jobs.busy, timeout=20_000)
    text = panel.notes.text()
    assert "the loss at the current weights is nan; expected a finite number" in text
    assert panel.landscape is None and panel.compute_button.isEnabled()
    assert "Traceback" not in text


def test_weight_path_keeps_every_epoch_then_thins_evenly():
    path = WeightPath(max_points=5)
    for epoch in range(5):
        path.add(epoch, {"w": np.full(2, float(epoch))})
    assert path.epochs == [0, 1, 2, 3, 4]
    path.add(5, {"w": np.full(2, 5.0)})
    assert path.epochs == [0, 2, 4, 5]            # every second one dropped, the last kept
    assert [float(w["w"][0]) for w in path.up_to(4)] == [0.0, 2.0, 4.0]
    path.add(6, {})                               # no snapshot: nothing to keep
    assert path.epochs == [0, 2, 4, 5]
    small = WeightPath(max_bytes=3 * 16)
    for epoch in range(4):
        small.add(epoch, {"w": np.zeros(2)})      # 16 bytes each
    assert small.epochs == [0, 2, 3]
