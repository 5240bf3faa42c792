"""The Train tab after a new user's first hour (issue 11): what they did, and what they see.

Each test does what the person did (clicks, typing, edits of the experiment) and checks
the values on the screen: run names and ticks, legend placement, the controls' position,
the learning-rate axis, the health banner's first line, the pace, the data's units, the
opened model, the network captions and the thread count.
"""

from __future__ import annotations

import copy
import itertools
import time

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QMessageBox

from core.experiment import default_experiment, normalize
from tests.workbench.conftest import click, experiment, state
from workbench.training.run_records import FINISHED, PAUSED, READY, RUNNING
from workbench.training.thread_reaper import live_threads


def train_to_end(qtbot, view, timeout=60_000):
    view.set_pace(None)
    click(qtbot, view.train_button)
    qtbot.waitUntil(lambda: state(view) in (FINISHED, "failed"), timeout=timeout)
    assert state(view) == FINISHED, view.run.error
    view.refresh(force=True)


# ---------------------------------------------------------------- 3: Compare runs

def test_a_new_run_is_drawn_alone_and_runs_are_named_by_what_differs(qtbot, make_view):
    view = make_view(experiment(epochs=3))
    train_to_end(qtbot, view)
    first = view.run
    assert first.name == f"#{first.number} adam lr=0.01 · spiral 300 · 32-32-3 ReLU · seed 0"
    view.document.set_section("optimizer", {"type": "sgd", "lr": 0.1, "momentum": 0.9})
    train_to_end(qtbot, view)
    second = view.run
    assert second.name.startswith(f"#{second.number} sgd lr=0.1 μ=0.9 · spiral 300")
    # the old run is no longer ticked: the new one is drawn alone
    assert view.run_list.compared() == [] and view.loss_panel.overlays == {}
    assert view.metric_panel.overlays == {}
    # the person ticks the first run: it is overlaid, named by what differs (the optimizer)
    item = view.run_list._item(first)
    item.setCheckState(Qt.CheckState.Checked)
    view.refresh(force=True)
    assert view.run_list.compared() == [first]
    assert first.number in view.loss_panel.overlays
    assert [label.text for _s, label in view.loss_panel.legend.items][-1] == \
        f"#{first.number} adam lr=0.01"
    assert not view.run_list.warning.isVisible()           # same data, same network
    # a run on other data: ticking the sgd run now warns that the curves do not compare
    changed = copy.deepcopy(view.document.experiment)
    changed["data"] = {"source": "moons", "samples": 200}
    changed["model"]["layers"][-2]["units"] = 2               # two classes
    view.document.edit("two moons", normalize(changed))
    train_to_end(qtbot, view)
    third = view.run
    assert view.run_list.compared() == [first]               # the person's tick stays
    view.run_list._item(second).setCheckState(Qt.CheckState.Checked)
    view.refresh(force=True)
    warning = view.run_list.warning
    assert warning.isVisible() and f"#{second.number} ran on other data" in warning.text()
    assert f"#{first.number} ran on other data" in warning.text()
    names = [label.text for _s, label in view.loss_panel.legend.items]
    assert names[-2:] == [f"#{first.number} spiral 300 · 32-32-3 ReLU · adam lr=0.01",
                          f"#{second.number} spiral 300 · 32-32-3 ReLU"]
    assert third.name.startswith(f"#{third.number} sgd lr=0.1 μ=0.9 · moons 200")
    item_text = view.run_list._item(third).text()
    assert item_text.split("\n")[1] == "moons\u00a0200 · 32-32-2\u00a0ReLU"


# ---------------------------------------------------------------- 4: legends

def test_legends_stay_outside_the_plots_and_no_empty_box_before_a_run(qtbot, make_view):
    view = make_view(size=(1280, 720))
    for panel in view.panels:
        if panel.legend is not None:
            assert panel.legend.maximumHeight() == 0, type(panel).__name__   # no empty box
    train_to_end(qtbot, view)
    for panel in (view.loss_panel, view.metric_panel, view.boundary_panel):
        legend = panel.legend
        assert legend.isVisible() and legend.items, type(panel).__name__
        box = legend.sceneBoundingRect()
        data_area = panel.plot.vb.sceneBoundingRect()
        assert not box.intersects(data_area), type(panel).__name__
        visible = panel.plot_widget.mapToScene(panel.plot_widget.viewport().rect())\
            .boundingRect()
        for _sample, label in legend.items:                   # every entry fully on screen
            rect = label.sceneBoundingRect()
            text = label.item.mapRectToScene(label.item.boundingRect())
            assert visible.contains(text), (type(panel).__name__, label.text, rect)
    labels = [label.text for _s, label in view.boundary_panel.legend.items]
    assert labels == ["arm 1", "arm 2", "arm 3", "train", "validation"]


# ---------------------------------------------------------------- 5: controls never jump

def test_the_run_controls_do_not_move_when_the_banner_changes(qtbot, make_view):
    view = make_view(experiment(epochs=400))

    def pause_y():
        return view.pause_button.mapTo(view, QPoint(0, 0)).y()

    before = pause_y()
    click(qtbot, view.train_button)
    qtbot.waitUntil(lambda: state(view) == RUNNING, timeout=10_000)
    qtbot.wait(50)
    assert pause_y() == before                               # the first run: no jump
    view.show_alerts(view.health.note("A note with quite a long text " * 8))
    qtbot.wait(50)
    assert pause_y() == before and view.banner.isVisible()   # an alert: no jump either
    click(qtbot, view.pause_button)
    qtbot.waitUntil(lambda: state(view) == PAUSED, timeout=10_000)


# ---------------------------------------------------------------- 6: the learning-rate plot

def test_the_lr_plot_starts_afresh_after_a_run_on_a_log_axis(qtbot, make_view):
    view = make_view(experiment(epochs=50, samples=150))
    view.pages.setCurrentIndex(0)
    click(qtbot, view.step_epoch_button)
    qtbot.waitUntil(lambda: state(view) == PAUSED and view.run.epoch == 1, timeout=10_000)
    view.lr_field.selectAll()
    qtbot.keyClicks(view.lr_field, "0.5")                    # 50×: a log axis
    qtbot.keyClick(view.lr_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(view.run.history.markers) == 1, timeout=10_000)
    click(qtbot, view.step_epoch_button)
    qtbot.waitUntil(lambda: state(view) == PAUSED and view.run.epoch == 2, timeout=10_000)
    view.refresh(force=True)
    panel = view.lr_panel
    assert panel.plot.ctrl.logYCheck.isChecked()
    click(qtbot, view.stop_button)
    qtbot.waitUntil(lambda: state(view) == FINISHED, timeout=10_000)
    view.document.set_section("optimizer", dict(view.document.experiment["optimizer"],
                                                lr=0.003))
    click(qtbot, view.step_epoch_button)                     # a new run at lr 0.003
    qtbot.waitUntil(lambda: view.run.number == 2 and state(view) == PAUSED, timeout=10_000)
    view.refresh(force=True)
    assert not panel.plot.ctrl.logYCheck.isChecked()
    assert np.all(panel.curve.yData == pytest.approx(0.003))
    (_x0, _x1), (y0, y1) = panel.plot.vb.viewRange()
    assert y0 <= 0.003 <= y1 and y1 - y0 < 0.01             # not a line at 0 on −1…1


def test_log_axis_tick_labels_never_overlap(qtbot, make_view):
    view = make_view()
    panel = view.lr_panel
    panel.plot.setLogMode(y=True)
    panel.curve.setData(np.arange(1, 1001.0), np.where(np.arange(1000) < 500, 0.01, 0.5))
    panel.plot.setYRange(np.log10(0.008), np.log10(0.6), padding=0)
    qtbot.wait(50)
    axis = panel.plot.getAxis("left")
    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        _axis, ticks, texts = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    shown = [text for _rect, _flags, text in texts]
    assert "0.01" in shown and "0.1" in shown and len(shown) >= 5
    for (a, _f1, ta), (b, _f2, tb) in itertools.combinations(texts, 2):
        assert not a.intersects(b), (ta, tb)
    assert len(ticks) > len(texts)                           # minor ticks keep their marks


# ---------------------------------------------------------------- 7: the health banner

def test_a_huge_adam_lr_on_relu_says_learning_rate_too_high_first(qtbot, make_view):
    view = make_view(experiment(epochs=30, optimizer={"type": "adam", "lr": 1000.0}))
    train_to_end(qtbot, view)
    first_line = view.banner.text().split("\n")[0]
    assert first_line.startswith("Learning rate too high: the loss rose from ")
    assert "Try 100 (a tenth of 1000)" in first_line
    assert "Learning rate too high" in view.banner.label.text()
    assert "Try ReLU instead of sigmoid/tanh" not in view.banner.text()   # it is ReLU already


def test_an_edit_that_stops_the_run_is_the_banners_first_line(qtbot, make_view):
    view = make_view(experiment(epochs=400, optimizer={"type": "adam", "lr": 1000.0}))
    view.set_pace(None)
    click(qtbot, view.train_button)
    qtbot.waitUntil(lambda: "Learning rate too high" in view.banner.text(), timeout=20_000)
    layers = copy.deepcopy(view.document.layers)
    layers[0]["units"] = 8
    view.document.set_layers(layers)
    assert view.session is None
    first = view.banner.text().split("\n")[0]
    assert first.startswith("Training stopped because you changed the network")
    assert view.banner.label.text().startswith("<b>Note:</b> Training stopped because you "
                                               "changed the network")


# ---------------------------------------------------------------- 9: a watchable pace

def test_the_default_experiment_runs_at_a_watchable_pace(qtbot, make_view):
    from workbench.dashboard.speed_control import WATCHABLE_PACE
    view = make_view(normalize(default_experiment()))
    assert view.speed.value.text() == f"{WATCHABLE_PACE} steps/s"
    started = time.monotonic()
    click(qtbot, view.train_button)
    qtbot.wait(1200)
    click(qtbot, view.pause_button)                          # 1.2 s later: still running
    qtbot.waitUntil(lambda: state(view) == PAUSED, timeout=10_000)
    elapsed = time.monotonic() - started
    assert view.run.finish is None and state(view) == PAUSED
    assert 0 < view.run.steps <= WATCHABLE_PACE * elapsed + 20
    view.speed.slider.setValue(view.speed.slider.maximum())  # "max"
    assert view.speed.value.text() == "max" and view.pace is None
    click(qtbot, view.train_button)
    qtbot.waitUntil(lambda: state(view) == FINISHED, timeout=30_000)
    assert view.run.steps == 200 * 15


def test_real_data_trains_at_full_speed_by_default(qtbot, make_view):
    exp = experiment(epochs=2)
    exp["data"] = {"source": "iris"}
    view = make_view(normalize(exp))
    assert view.speed.value.text() == "max" and view.pace is None
    view.speed.slider.setValue(0)                            # the person slows it down
    assert view.speed.value.text() == "1 step/frame" and view.pace == 30
    click(qtbot, view.reset_button)                          # same data: their choice stays
    assert view.pace == 30
    view.document.set_section("data", {**view.document.experiment["data"], "seed": 3})
    click(qtbot, view.reset_button)                          # other data: the default again
    assert view.pace is None


# ---------------------------------------------------------------- 10: units, opened models, export

def test_the_decision_boundary_is_drawn_in_the_datas_own_units(qtbot, make_view, tmp_path):
    rng = np.random.default_rng(0)
    x1 = rng.uniform(1000, 2000, 120)
    x2 = rng.uniform(-0.02, 0.02, 120)
    y = (x1 - 1500) * 1e-3 + x2 * 50 > 0
    path = tmp_path / "wide.csv"
    path.write_text("size,tilt,label\n" + "".join(f"{float(a)!r},{float(b)!r},{int(c)}\n"
                                                 for a, b, c in zip(x1, x2, y)))
    exp = experiment(epochs=2)
    exp["data"] = {"source": "csv", "path": str(path)}
    exp["model"]["layers"][-2]["units"] = 2
    view = make_view(normalize(exp))
    train_to_end(qtbot, view)
    assert view.run.error is None and view.run.finish.reason == "completed"
    panel = view.boundary_panel
    xs, ys = panel.train_points.getData()
    raw = set(zip(np.round(x1, 6), np.round(x2, 9)))
    shown = set(zip(np.round(xs, 6), np.round(ys, 9)))
    assert shown <= raw and len(shown) == len(xs) > 50       # the points are the file's values
    rect = panel.image.mapRectToParent(panel.image.boundingRect())
    assert rect.left() < 1000 + 5 and rect.right() > 2000 - 5   # the grid, in the same units
    assert rect.top() < -0.019 and rect.bottom() > 0.019
    assert panel.plot.getAxis("bottom").labelText == "size"


@pytest.fixture
def window(qtbot, tmp_path):
    from workbench.main_window import MainWindow
    from workbench.settings import WorkbenchSettings
    win = MainWindow(None, WorkbenchSettings.at(tmp_path / "settings.ini"), restore_layout=False)
    win.errors = []
    win._show_error = lambda title, message: win.errors.append(message)
    win._ask_save_changes = lambda: QMessageBox.StandardButton.Discard   # never a real dialog
    win.training_view.ask_unexported_run = lambda run: QMessageBox.StandardButton.Discard
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    yield win
    win._discarding = True
    win.close()
    qtbot.waitUntil(lambda: live_threads() == 0, timeout=10_000)


def test_open_model_shows_its_boundary_and_diagram_at_once(window, qtbot, tmp_path):
    from core.io import model_file_reading
    view = window.training_view
    exp = copy.deepcopy(window.document.experiment)
    exp["data"]["samples"] = 150
    exp["training"]["epochs"] = 2
    window.document.edit("smaller", exp)
    assert window.wait_for_data()       # a person waits while the Data panel reloads
    assert view.train_for_epochs(2, timeout_s=60)
    trained = view.run
    target = tmp_path / "model.npz"
    window.model_actions.ask_export_path = lambda suggested: (str(target), "")
    assert view.export_weights_action.text() == "Weights…"
    view.export_weights_action.trigger()                     # Train tab › Export › Weights…
    assert target.is_file() and window.errors == []
    window.document.undo_stack.setClean()
    window.new_action.trigger()                              # something else entirely
    window.model_actions.ask_model_path = lambda: str(target)
    window.open_model_action.trigger()                       # File › Open Model…
    qtbot.waitUntil(lambda: state(view) == READY and view.run.info is not None, timeout=20_000)
    opened = model_file_reading.load_model_file(target)
    view.refresh(force=True)
    assert view.run is not trained and view.run.steps == 0
    assert all(np.array_equal(view.run.weights[k], opened.state[k]) for k in opened.state)
    assert view.boundary_panel.has_data() and view.network_panel.has_data()
    # the boundary shows the trained model's predictions, not fresh random weights
    assert np.allclose(view.run.info.grid, trained.latest.grid, atol=1e-5)


# ---------------------------------------------------------------- 11: captions and threads

def test_network_captions_never_overlap(qtbot, make_view):
    exp = experiment(epochs=1)
    exp["model"]["layers"] = [{"type": "dense", "units": 32}, {"type": "batch_norm"},
                              {"type": "relu"}, {"type": "dropout", "p": 0.1},
                              {"type": "dense", "units": 32}, {"type": "relu"},
                              {"type": "dense", "units": 3}, {"type": "softmax"}]
    view = make_view(normalize(exp), size=(1024, 640))
    view.reset()
    qtbot.waitUntil(lambda: view.run.info is not None, timeout=10_000)
    qtbot.wait(50)
    panel = view.network_panel
    texts = [text for _label, _c, _kind, text in panel.captions]
    assert texts == ["input", "Dense 32\n16 most active of 32", "Batch norm\nReLU\nDropout",
                     "Dense 32\n16 most active of 32", "ReLU", "output 3", "Softmax"]
    for width in (1024, 1366, 1920):
        view.resize(width, 640)
        qtbot.wait(50)
        rects = panel.caption_rects()
        for a, b in itertools.combinations(rects, 2):
            assert not a.intersects(b), (width, a, b)
        area = panel.plot.vb.sceneBoundingRect()
        assert all(area.contains(r) for r in rects), width


def test_the_thread_count_is_explained(qtbot, make_view):
    view = make_view()
    view.reset()
    qtbot.waitUntil(lambda: view.run.info is not None, timeout=10_000)
    view.refresh(force=True)
    threads = view.run.info.blas_threads
    text, tip = view.progress.backend.text(), view.progress.backend.toolTip()
    if threads is None:
        pytest.skip("BLAS cannot be introspected here (threadpoolctl found no BLAS)")
    used, available = threads
    assert text.endswith(f"· {used} of {available} thread{'s' if available != 1 else ''}")
    if used < available:
        assert f"training uses {used} of the {available} BLAS threads" in tip
        assert "leaves a core to the window" in tip
