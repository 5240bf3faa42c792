"""The Train tab, used as a person would: clicks, keys, and what the plots then show."""

from __future__ import annotations

import copy

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from core.experiment import normalize
from tests.workbench.conftest import click, experiment, state
from workbench.dashboard.plot_panel import ema
from workbench.training.run_records import FINISHED, PAUSED, READY, RUNNING
from workbench.training.thread_reaper import live_threads


def activate(qtbot, view):
    """Make the view's window active and focus the view (keyboard shortcuts need both)."""
    view.windowHandle().requestActivate()
    qtbot.waitUntil(view.isActiveWindow, timeout=5_000)
    view.setFocus()


def thread_warnings(qtlog):
    return [r.message for r in qtlog.records if "QThread" in r.message or "Timer" in r.message
            or "Destroyed" in r.message]


def test_training_through_the_ui_fills_every_plot(qtbot, make_view, qtlog):
    view = make_view(experiment(epochs=30))
    click(qtbot, view.train_button)
    qtbot.waitUntil(lambda: state(view) == FINISHED, timeout=30_000)
    run = view.run
    assert run.finish.reason == "completed" and run.epoch == 30
    train_loss = run.history.epoch_column("train_loss")
    assert train_loss[-1] < 0.8 * train_loss[0]                       # the loss falls
    for index in range(view.pages.count()):                           # visit every page
        view.pages.setCurrentIndex(index)
        view.refresh(force=True)
    empty = [type(p).__name__ for p in view.panels if not p.has_data()]
    # a dense network has no feature maps; that panel says so instead; the loss landscape
    # is computed only when asked (its Compute button)
    assert empty == ["FeatureMapPanel", "LossLandscapePanel"], f"plots without data: {empty}"
    assert "no convolution" in view.feature_map_panel.placeholder.toPlainText()
    assert "Press Compute" in view.landscape_panel.placeholder.toPlainText()
    assert "epoch 30/30" in view.progress.bar.format() and view.status.text() == "Completed."
    assert "CPU" in view.progress.backend.text() or "GPU" in view.progress.backend.text()
    assert view.banner.text() == "" and "nothing to report" in view.banner.label.text()
    assert view.train_button.isEnabled() and not view.stop_button.isEnabled()
    assert not thread_warnings(qtlog)


def test_pause_resume_step_step_epoch_stop_and_reset(qtbot, make_view):
    view = make_view(experiment(epochs=400))
    click(qtbot, view.reset_button)
    qtbot.waitUntil(lambda: state(view) == READY, timeout=10_000)
    per_epoch = view.run.info.iterations_per_epoch
    click(qtbot, view.step_button)
    qtbot.waitUntil(lambda: view.run.steps == 1 and state(view) == PAUSED, timeout=10_000)
    click(qtbot, view.step_button)
    qtbot.waitUntil(lambda: view.run.steps == 2 and state(view) == PAUSED, timeout=10_000)
    click(qtbot, view.step_epoch_button)
    qtbot.waitUntil(lambda: view.run.epoch == 1 and state(view) == PAUSED, timeout=10_000)
    assert view.run.steps == per_epoch
    assert view.train_button.text() == "Resume"
    click(qtbot, view.train_button)
    qtbot.waitUntil(lambda: view.run.steps > 3 * per_epoch, timeout=10_000)
    assert not view.step_button.isEnabled()                # no stepping while running
    click(qtbot, view.pause_button)
    qtbot.waitUntil(lambda: state(view) == PAUSED, timeout=10_000)
    qtbot.wait(30)
    paused_at = view.run.steps
    qtbot.wait(80)
    assert view.run.steps == paused_at
    click(qtbot, view.train_button)                         # resume
    qtbot.waitUntil(lambda: view.run.steps > paused_at + per_epoch, timeout=10_000)
    click(qtbot, view.stop_button)
    qtbot.waitUntil(lambda: state(view) == FINISHED, timeout=10_000)
    first = view.run
    assert first.finish.reason == "interrupted" and view.status.text() == "Stopped."
    click(qtbot, view.train_button)                         # a new run, the old one is kept
    qtbot.waitUntil(lambda: view.run is not first and view.run.steps > 0, timeout=10_000)
    assert view.run.number == first.number + 1
    assert first in view.run_list.runs and view.run in view.run_list.runs
    click(qtbot, view.reset_button)
    qtbot.waitUntil(lambda: state(view) == READY, timeout=10_000)
    assert view.run.steps == 0


def test_reset_gives_the_same_initial_weights(qtbot, make_view):
    view = make_view()
    click(qtbot, view.reset_button)
    qtbot.waitUntil(lambda: state(view) == READY, timeout=10_000)
    initial = view.run.info.weights
    assert view.train_for_epochs(2, timeout_s=30)
    trained = view.run.weights
    assert not np.array_equal(trained["0.weight"], initial["0.weight"])
    click(qtbot, view.reset_button)
    qtbot.waitUntil(lambda: state(view) == READY, timeout=10_000)
    again = view.run.info.weights
    assert set(again) == set(initial)
    assert all(np.array_equal(again[k], initial[k]) for k in initial)


def test_space_toggles_train_and_pause(qtbot, make_view):
    view = make_view(experiment(epochs=400))
    activate(qtbot, view)
    qtbot.keyClick(view, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: state(view) == RUNNING, timeout=10_000)
    qtbot.keyClick(view, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: state(view) == PAUSED, timeout=10_000)
    steps = view.run.steps
    qtbot.keyClick(view, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: view.run.steps > steps, timeout=10_000)


def test_a_huge_learning_rate_diverges_and_the_banner_says_so(qtbot, make_view):
    view = make_view(experiment(optimizer={"type": "sgd", "lr": 1e6}))
    click(qtbot, view.train_button)
    qtbot.waitUntil(lambda: state(view) == FINISHED, timeout=10_000)
    assert view.run.finish.reason == "diverged"
    assert view.banner.isVisible() and "Error" in view.banner.label.text()
    text = view.banner.text()
    assert "diverged at iteration" in text and "1e+06" in text and "try 100000" in text
    assert view.status.text() == "Diverged."
    assert all(np.isfinite(w).all() for w in view.run.weights.values())


def test_dead_relu_and_gradient_alerts_come_from_layer_stats(qtbot, make_view):
    from core.training.events import EpochEvent, LayerStats
    view = make_view()
    view.reset()
    qtbot.waitUntil(lambda: state(view) == READY, timeout=10_000)
    stats = (LayerStats(0, "0.weight", 1e-9, 1.0, 1e-3, 0.75),
             LayerStats(2, "2.weight", 5e3, 1.0, 1e-3, None))
    view.controller._on_epoch(EpochEvent(1, 10, 1.0, 1.0, {"accuracy": 0.3}, {}, 0.01, 0.1,
                                         100.0, stats))
    text = view.banner.text()
    assert "75%" in text and "Dead ReLUs" in text
    assert "Vanishing gradient" in text and "0.weight" in text
    assert "Exploding gradient" in text and "2.weight" in text


def test_hundred_rapid_start_stop_cycles_and_closing_mid_training(qtbot, make_view, qtlog):
    view = make_view(experiment(epochs=1000))
    for i in range(100):
        click(qtbot, view.train_button)
        if i % 10 == 0:
            qtbot.waitUntil(lambda: view.run.steps > 0, timeout=10_000)
        click(qtbot, view.stop_button)
        if i % 2:
            QApplication.processEvents()
    qtbot.waitUntil(lambda: live_threads() <= 1, timeout=20_000)
    assert len(view.run_list.runs) <= 12
    click(qtbot, view.train_button)
    qtbot.waitUntil(lambda: view.run.steps > 50, timeout=10_000)
    view.close()                                          # mid-training
    qtbot.waitUntil(lambda: live_threads() == 0, timeout=10_000)
    assert view.session is None
    assert not thread_warnings(qtlog)


def test_lr_field_applies_while_paused_and_marks_the_plots(qtbot, make_view):
    view = make_view(experiment(epochs=50))
    click(qtbot, view.step_epoch_button)
    qtbot.waitUntil(lambda: state(view) == PAUSED and view.run.epoch == 1, timeout=10_000)
    assert view.lr_field.isEnabled() and view.lr_field.text() == "0.01"
    view.lr_field.selectAll()
    qtbot.keyClicks(view.lr_field, "3e-3")
    qtbot.keyClick(view.lr_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(view.run.history.markers) == 1, timeout=10_000)
    marker = view.run.history.markers[0]
    assert marker.step == view.run.steps and "0.003" in marker.label
    click(qtbot, view.step_epoch_button)
    qtbot.waitUntil(lambda: view.run.epoch == 2 and state(view) == PAUSED, timeout=10_000)
    view.refresh(force=True)
    assert view.run.history.lr.last() == pytest.approx(3e-3)
    assert view.loss_panel.markers.shown == 1 and view.lr_panel.markers.shown == 1


@pytest.mark.parametrize("typed", ["-1", "0", "abc", "nan", "1e999"])
def test_a_refused_learning_rate_is_one_sentence_and_the_next_clears_it(qtbot, make_view,
                                                                        typed):
    view = make_view(experiment(epochs=50))
    click(qtbot, view.step_epoch_button)
    qtbot.waitUntil(lambda: state(view) == PAUSED and view.run.epoch == 1, timeout=10_000)
    view.lr_field.selectAll()
    qtbot.keyClicks(view.lr_field, typed)
    assert view.lr_field.text() == typed                  # nothing swallowed while typing
    qtbot.keyClick(view.lr_field, Qt.Key.Key_Return)
    assert view.status.text() == ("Learning rate: expected a positive number such as 0.01 "
                                  f"(at most 1e12), got {typed!r}; the run keeps its rate.")
    view.lr_field.selectAll()
    qtbot.keyClicks(view.lr_field, "5e-4")
    qtbot.keyClick(view.lr_field, Qt.Key.Key_Return)
    assert view.status.text() == "Learning rate 0.0005."
    qtbot.waitUntil(lambda: len(view.run.history.markers) == 1, timeout=10_000)
    assert "0.0005" in view.run.history.markers[0].label   # only the accepted rate is marked


def test_document_changes_while_training(qtbot, make_view):
    view = make_view(experiment(epochs=50))
    click(qtbot, view.step_epoch_button)
    qtbot.waitUntil(lambda: state(view) == PAUSED and view.run.epoch == 1, timeout=10_000)
    run = view.run
    optimizer = dict(view.document.experiment["optimizer"], lr=0.02)
    view.document.set_section("optimizer", optimizer)          # only lr: applied live
    qtbot.waitUntil(lambda: len(run.history.markers) == 1, timeout=10_000)
    assert view.session is not None and view.session.active
    schedule = {"type": "step", "step_size": 5, "gamma": 0.5}
    view.document.set_section("schedule", schedule)            # the schedule: applied live
    qtbot.waitUntil(lambda: len(run.history.markers) == 2, timeout=10_000)
    layers = copy.deepcopy(view.document.layers)
    layers[0]["units"] = 8
    view.document.set_layers(layers)                           # the network: the run stops
    assert view.session is None and run.finish.reason == "interrupted"
    assert view.banner.text().startswith("Training stopped because you changed the network")
    click(qtbot, view.train_button)
    qtbot.waitUntil(lambda: view.run is not run and view.run.info is not None, timeout=10_000)
    assert view.run.info.weights["0.weight"].shape == (8, 2)


def test_train_disabled_with_a_reason(qtbot, make_view):
    view = make_view()
    view.set_train_enabled(False, "model.layers[2]: the output has 2 units, expected 3")
    assert not view.train_button.isEnabled() and not view.reset_button.isEnabled()
    assert "expected 3" in view.train_button.toolTip()
    activate(qtbot, view)
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert view.session is None and not view.train_for_epochs(1, timeout_s=1)
    view.set_train_enabled(True, "")
    assert view.train_button.isEnabled()


def test_gradient_check_reports_every_parameter(qtbot, make_view):
    view = make_view()
    click(qtbot, view.gradcheck_button)                 # before any run: the document's network
    dialog = view.gradcheck_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.table.rowCount() == 6                  # 3 dense layers × weight, bias
    names = {dialog.table.item(r, 0).text() for r in range(6)}
    assert names == {"0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"}
    assert "All gradients agree" in dialog.summary.text()
    assert view.train_for_epochs(1, timeout_s=30)
    result = view.check_gradients()                      # on the trained weights
    assert result.passed and max(result.errors.values()) < 1e-6


def test_compare_runs_overlays_loss_and_accuracy(qtbot, make_view):
    view = make_view(experiment(epochs=3))
    assert view.train_for_epochs(3, timeout_s=30)
    first = view.run
    optimizer = {"type": "sgd", "lr": 0.1, "momentum": 0.9}
    view.document.set_section("optimizer", optimizer)
    assert view.train_for_epochs(3, timeout_s=30)
    second = view.run
    assert second is not first and first.name.startswith(f"#{first.number} adam lr=0.01 · ")
    assert second.name.startswith(f"#{second.number} sgd lr=0.1 μ=0.9 · ")
    assert view.run_list.compared() == []                 # the new run is drawn alone
    assert np.array_equal(first.initial_weights["0.weight"], second.initial_weights["0.weight"])
    view.run_list.set_ticked(first, False)
    view.refresh(force=True)
    assert first.number not in view.loss_panel.overlays
    view.run_list.set_ticked(first, True)
    view.pages.setCurrentIndex(0)
    view.refresh(force=True)
    smooth, _val = view.loss_panel.overlays[first.number]
    assert len(smooth.xData) == first.steps
    assert len(view.metric_panel.overlays[first.number].xData) == 3
    assert any(item.text == f"#{first.number} adam lr=0.01"
               for _s, item in view.loss_panel.legend.items)


def test_smoothing_slider_and_log_scale(qtbot, make_view):
    view = make_view()
    assert view.train_for_epochs(2, timeout_s=30)
    raw = view.loss_panel.raw.yData
    view.smoothing_slider.setValue(0)
    assert np.allclose(view.loss_panel.smooth.yData, raw)
    view.smoothing_slider.setValue(90)
    assert np.allclose(view.loss_panel.smooth.yData, ema(raw, 0.9))
    assert not np.allclose(view.loss_panel.smooth.yData, raw)
    qtbot.mouseClick(view.log_check, Qt.MouseButton.LeftButton)
    assert view.log_check.isChecked() and view.loss_panel.plot.ctrl.logYCheck.isChecked()


def test_hover_shows_exact_values(qtbot, make_view):
    view = make_view()
    assert view.train_for_epochs(2, timeout_s=30)
    panel = view.loss_panel
    assert panel.readout.show_at(10.2)
    assert panel.readout.text.startswith("iteration 10\n")
    assert f"{panel.raw.yData[9]:.4g}" in panel.readout.text
    # a real mouse move over the plot centre updates the readout
    vb = panel.plot.vb
    centre = vb.mapViewToScene(vb.viewRect().center())
    widget_pos = panel.plot_widget.mapFromScene(centre)
    viewport = panel.plot_widget.viewport()
    move = QMouseEvent(QEvent.Type.MouseMove, QPointF(widget_pos), QPointF(widget_pos),
                       Qt.MouseButton.NoButton, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, move)
    assert panel.readout.label.isVisible() and panel.readout.text.startswith("iteration")
    assert view.metric_panel.readout.show_at(1)
    assert "validation accuracy" in view.metric_panel.readout.text


def test_export_history_and_plots(qtbot, make_view, tmp_path, monkeypatch):
    view = make_view()
    assert view.train_for_epochs(3, timeout_s=30)
    targets = iter([tmp_path / "epochs.csv", tmp_path / "iterations.csv", tmp_path / "loss.png",
                    tmp_path / "boundary.svg", tmp_path / "nowhere" / "x.png"])
    monkeypatch.setattr(view, "ask_save_path", lambda *a: str(next(targets)))
    errors = []
    monkeypatch.setattr(view, "show_error", lambda title, message: errors.append(message))
    assert view.export_history("epochs") is not None
    view.writes.wait()                                    # written in a background thread
    lines = (tmp_path / "epochs.csv").read_text().splitlines()
    assert lines[0].startswith("epoch,steps,train_loss,val_loss") and len(lines) == 4
    view.export_history("iterations")
    view.writes.wait()
    assert len((tmp_path / "iterations.csv").read_text().splitlines()) == view.run.steps + 1
    view.export_panel(view.loss_panel)
    assert (tmp_path / "loss.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    view.export_panel(view.boundary_panel)
    assert b"<svg" in (tmp_path / "boundary.svg").read_bytes()[:2000]
    assert view.export_panel(view.loss_panel) is None and "x.png" in errors[0]
    actions = [a.text() for a in view.export_menu.actions() if a.text()]
    assert "Loss as PNG/SVG…" in actions and "Epoch history as CSV…" in actions


def test_regression_on_a_table_draws_over_its_principal_plane(qtbot, make_view):
    exp = experiment(epochs=2)
    exp["data"] = {"source": "diabetes"}
    exp["model"]["layers"] = [{"type": "dense", "units": 8}, {"type": "relu"},
                              {"type": "dense", "units": 1}]
    exp["loss"] = {"type": "mse"}
    view = make_view(normalize(exp))
    assert view.train_for_epochs(2, timeout_s=30)
    view.refresh(force=True, all_pages=True)
    assert view.metric_panel.task == "regression" and view.metric_panel.has_data()
    assert set(view.metric_panel.curves) == {"train_rmse", "val_rmse", "train_r2", "val_r2"}
    # 10 features: the regression surface over the first two principal components (issue 14)
    assert view.boundary_panel.has_data() and view.boundary_panel.task == "regression"
    assert view.boundary_panel.plot.getAxis("bottom").labelText.startswith("PC 1 (")
    assert "regression" in view.confusion_panel.placeholder.textItem.toPlainText()
    assert view.network_panel.has_data() and view.loss_panel.has_data()


def test_regression_surface_for_2d_data(qtbot, make_view):
    exp = experiment(epochs=2)
    exp["data"] = {"source": "plane", "samples": 200}
    exp["model"]["layers"] = [{"type": "dense", "units": 8}, {"type": "tanh"},
                              {"type": "dense", "units": 1}]
    exp["loss"] = {"type": "mse"}
    view = make_view(normalize(exp))
    assert view.train_for_epochs(2, timeout_s=30)
    assert view.boundary_panel.has_data() and view.boundary_panel.task == "regression"
    assert view.boundary_panel.image.image.shape == (60, 60)


def test_a_long_run_keeps_the_plots_and_the_history_bounded(qtbot, make_view, tmp_path,
                                                            monkeypatch):
    """Issue 10 §5: 20,000 epochs of a tiny problem: every per-epoch plot draws at most
    MAX_POINTS points, the history holds a bounded number of rows, and exporting the
    epoch CSV returns at once (the file is written in the background)."""
    from core.training.events import EpochEvent, LayerStats
    from workbench.dashboard.scalar_panels import MAX_POINTS
    view = make_view(experiment(epochs=20_000))
    view.reset()
    qtbot.waitUntil(lambda: state(view) == READY, timeout=10_000)
    run = view.run
    bound = run.history.table.capacity + 1 + run.history.table.tail
    stats = tuple(LayerStats(i, f"{i}.weight", 0.1, 1.0, 1e-3, 0.1) for i in (0, 2, 4))
    for epoch in range(1, 20_001):
        view.controller._on_epoch(EpochEvent(epoch, epoch * 8, 1.0 / epoch, 1.1 / epoch,
                                  {"accuracy": 0.5}, {"accuracy": 0.4}, 0.01, 0.01, 1e5,
                                  stats))
        if epoch % 4000 == 0:
            assert run.history.stored_epoch_rows() <= bound
    assert run.history.n_epochs == 20_000 and run.epoch == 20_000
    view.refresh(force=True, all_pages=True)
    assert 0 < len(view.loss_panel.train.xData) <= MAX_POINTS
    assert 0 < len(view.metric_panel.curves["val_accuracy"].xData) <= MAX_POINTS
    assert 0 < len(view.grad_norm_panel.curves["0.weight"].xData) <= MAX_POINTS
    assert view.metric_panel.curves["train_accuracy"].xData[-1] == pytest.approx(20_000, rel=1e-3)
    target = tmp_path / "epochs.csv"
    monkeypatch.setattr(view, "ask_save_path", lambda *a: str(target))
    assert view.export_history("epochs") == target
    assert view.exports_pending() == 1                # handed to a background thread
    qtbot.waitUntil(lambda: view.exports_pending() == 0, timeout=10_000)
    lines = target.read_text().splitlines()
    assert lines[0].endswith(",epochs_in_row") and 2 <= len(lines) <= bound + 1
    assert lines[-1].startswith("20000,160000,")
