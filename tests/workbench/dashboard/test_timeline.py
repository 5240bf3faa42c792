"""Time travel on the Train tab (issue 14, item 5): the timeline under the dashboards
scrubs them back to a kept weight snapshot, the loss plots mark the moment, live updates
leave a scrubbed view where it is, and Branch from here starts a new run from the
snapshot with another optimizer, compared with the first in Compare runs."""

from __future__ import annotations

import copy

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QStyle, QStyleOptionSlider

from tests.workbench.conftest import choose, click, experiment, state, type_into
from workbench.training.run_records import FINISHED, PAUSED


@pytest.fixture(autouse=True)
def maps_every_epoch(monkeypatch):
    """The GUI's trainer sends neuron maps a few times a second; these tests compare a
    moment's maps with the ones the trainer computed at that epoch, so it sends them at
    every epoch end here."""
    monkeypatch.setattr("workbench.training.worker.MAPS_INTERVAL_S", 0.0)


def record_epochs(view) -> dict:
    """Every epoch event of the view's next run, by epoch (what the trainer sent)."""
    seen: dict = {}
    original = view.controller._on_epoch

    def on_epoch(event):
        seen[event.epoch] = event
        original(event)

    view.controller._on_epoch = on_epoch
    return seen


def drag_slider_to(qtbot, slider, value: int) -> None:
    """Drag the slider's handle with the mouse to the position of ``value``."""
    option = QStyleOptionSlider()
    slider.initStyleOption(option)
    style = slider.style()
    handle = style.subControlRect(QStyle.ComplexControl.CC_Slider, option,
                                  QStyle.SubControl.SC_SliderHandle, slider)
    groove = style.subControlRect(QStyle.ComplexControl.CC_Slider, option,
                                  QStyle.SubControl.SC_SliderGroove, slider)
    span = groove.width() - handle.width()
    x = groove.left() + handle.width() // 2 + round(
        span * (value - slider.minimum()) / max(slider.maximum() - slider.minimum(), 1))
    start = handle.center()
    QTest.mousePress(slider, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, 6):
        QTest.mouseMove(slider, QPoint(start.x() + (x - start.x()) * step // 5, start.y()))
    QTest.mouseRelease(slider, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       QPoint(x, start.y()))
    qtbot.waitUntil(lambda: slider.value() == value, timeout=2_000)


def hover_neuron(qtbot, panel, column: int, row: int) -> None:
    """Move the mouse over a neuron of the network diagram (column -1: beside the plot)."""
    from PySide6.QtCore import QPointF

    from workbench.dashboard.network_columns import neuron_y, shown_rows
    widget = panel.plot_widget
    if column < 0:
        target = QPoint(2, 2)
    else:
        y = neuron_y(len(shown_rows(panel.columns[column]["width"])))[row]
        scene = panel.plot.vb.mapViewToScene(QPointF(column, float(y)))
        target = widget.mapFromScene(scene)
    QTest.mouseMove(widget.viewport(), target)
    qtbot.wait(20)


def position_of_epoch(view, epoch: int) -> int:
    return [m.epoch for m in view.timeline.moments()].index(epoch)


def assert_shows_epoch(view, event) -> None:
    """The state panels draw ``event``'s weights and confusion matrix exactly, and its
    boundary and neuron maps."""
    view.refresh(force=True, all_pages=True)
    snapshot = view.run.snapshots.weights_at(view.timeline.moment.index)
    assert snapshot.keys() == event.weights.keys()
    for name, value in event.weights.items():
        np.testing.assert_array_equal(snapshot[name], value)
        np.testing.assert_array_equal(view.network_panel.shown_weights[name], value)
    matrix = view.weight_matrix_panel
    np.testing.assert_array_equal(matrix.image.image,
                                  np.asarray(event.weights[matrix.selected()], np.float64).T)
    np.testing.assert_array_equal(view.confusion_panel.matrix, event.confusion)
    # the boundary and the neuron maps are computed again from the snapshot: the same
    # numbers the trainer computed at that epoch end
    np.testing.assert_allclose(view.boundary_panel._grid, event.grid, rtol=1e-5, atol=1e-6)
    assert len(view.network_panel.maps) == len(event.neuron_maps)
    for drawn, sent in zip(view.network_panel.maps, event.neuron_maps):
        np.testing.assert_allclose(drawn, sent, rtol=1e-5, atol=1e-6)


def test_scrubbing_back_to_epoch_5_shows_its_weights_and_marks_the_loss_plot(qtbot, window):
    type_into(qtbot, window.training_panel.training_form.widget("epochs"), "10")
    window.show_train_tab()
    view = window.training_view
    view.set_pace(None)
    seen = record_epochs(view)
    click(qtbot, view.train_button)
    qtbot.waitUntil(lambda: state(view) == FINISHED, timeout=60_000)
    assert view.run.error is None and window.errors == []
    view.refresh(force=True)
    timeline = view.timeline
    # the initial weights and every one of the 10 epoch ends are kept
    assert [m.epoch for m in timeline.moments()] == list(range(11))
    assert timeline.moment is None and view.loss_panel.moment_line.x is None
    assert timeline.position.text() == "Live · epoch 10 · 11 snapshots"

    live_geometry = timeline.slider.geometry()
    drag_slider_to(qtbot, timeline.slider, position_of_epoch(view, 5))
    moment = timeline.moment
    assert (moment.epoch, moment.step) == (5, seen[5].steps)
    # the slider did not move under the mouse when the text beside it changed
    qtbot.wait(50)
    assert timeline.slider.geometry() == live_geometry
    assert timeline.position.text() == f"Epoch 5 · iteration {seen[5].steps}"
    assert_shows_epoch(view, seen[5])
    # the loss plot (iterations) and the accuracy plot (epochs) mark the moment
    assert view.loss_panel.moment_line.x == seen[5].steps == 5 * view.run.info.iterations_per_epoch
    assert view.metric_panel.moment_line.x == 5
    # the last epoch's weights differ: the panels really went back
    assert not np.array_equal(view.run.weights["0.weight"],
                              view.network_panel.shown_weights["0.weight"])
    # hovering the first hidden neuron shows its epoch-5 map and bias large
    # (the place of the most active unit at epoch 5: a 32-unit layer shows its 16 most active)
    hover_neuron(qtbot, view.network_panel, column=1, row=0)
    unit = int(seen[5].neuron_units[0][0])
    assert unit == int(view.network_panel.rows(1)[0])
    assert view.boundary_panel.neuron == (1, unit)
    bias = float(seen[5].weights["0.bias"][unit])
    assert view.boundary_panel.title.endswith(f"neuron {unit + 1}: bias {bias:+.2f}")
    np.testing.assert_allclose(view.network_panel.neuron_map(1, unit),
                               seen[5].neuron_maps[0][..., 0], rtol=1e-5, atol=1e-6)
    hover_neuron(qtbot, view.network_panel, column=-1, row=0)     # away: the boundary again
    assert view.boundary_panel.neuron is None

    # the initial weights: the slider's left end
    timeline.slider.setFocus()
    QTest.keyClick(timeline.slider, Qt.Key.Key_Home)
    assert timeline.moment.epoch == 0
    view.refresh(force=True, all_pages=True)
    for name, value in view.run.initial_weights.items():
        np.testing.assert_array_equal(view.network_panel.shown_weights[name], value)
    assert view.loss_panel.moment_line.x == 0

    # Live (the right end) follows the run again
    click(qtbot, timeline.live_button)
    view.refresh(force=True, all_pages=True)
    assert timeline.moment is None and timeline.slider.value() == timeline.slider.maximum()
    assert view.loss_panel.moment_line.x is None
    np.testing.assert_array_equal(view.network_panel.shown_weights["0.weight"],
                                  view.run.weights["0.weight"])


def test_live_updates_leave_a_scrubbed_timeline_where_it_is(qtbot, make_view):
    view = make_view(experiment(epochs=40))
    view.set_pace(None)
    seen = record_epochs(view)
    assert view.train_for_epochs(6)
    timeline = view.timeline
    timeline.slider.setFocus()
    QTest.keyClick(timeline.slider, Qt.Key.Key_Home)
    for _ in range(5):
        QTest.keyClick(timeline.slider, Qt.Key.Key_Right)
    assert timeline.moment.epoch == 5
    assert_shows_epoch(view, seen[5])
    # train on: the slider grows to the right, the view stays at epoch 5
    assert view.train_for_epochs(10)
    assert view.run.epoch == 16
    assert timeline.slider.maximum() == 16 and timeline.moment.epoch == 5
    assert timeline.slider.value() == 5
    assert_shows_epoch(view, seen[5])
    assert view.loss_panel.moment_line.x == seen[5].steps
    # the loss curve itself is live: it reaches the 16th epoch
    assert view.loss_panel.raw.xData[-1] == seen[16].steps
    # the right end is live again, and stays live as the run goes on
    QTest.keyClick(timeline.slider, Qt.Key.Key_End)
    assert timeline.moment is None
    assert view.train_for_epochs(2)
    assert timeline.moment is None and timeline.slider.value() == timeline.slider.maximum()
    np.testing.assert_array_equal(view.network_panel.shown_weights["0.weight"],
                                  seen[18].weights["0.weight"])


def test_branch_from_epoch_5_with_another_optimizer(qtbot, window):
    type_into(qtbot, window.training_panel.training_form.widget("epochs"), "10")
    window.show_train_tab()
    view = window.training_view
    view.set_pace(None)
    seen = record_epochs(view)
    click(qtbot, view.train_button)
    qtbot.waitUntil(lambda: state(view) == FINISHED, timeout=60_000)
    first = view.run
    drag_slider_to(qtbot, view.timeline.slider, position_of_epoch(view, 5))
    moment = view.timeline.moment
    assert moment.epoch == 5
    snapshot = first.snapshots.weights_at(moment.index)
    epoch_5 = seen[5]       # (the branch's epochs will be recorded too)

    # the person picks another optimizer, then branches from the moment shown
    choose(window.training_panel.optimizer_section.combo, "sgd")
    assert window.document.experiment["optimizer"]["type"] == "sgd"
    window.show_train_tab()
    assert view.timeline.moment == moment
    click(qtbot, view.timeline.branch_button)
    branch = view.run
    assert branch is not first
    # at once (while the branch is prepared) the timeline is the branch's, live
    assert view.timeline.run is branch and view.timeline.moment is None
    qtbot.waitUntil(lambda: branch.steps >= 1, timeout=30_000)
    view.pause()
    qtbot.waitUntil(lambda: state(view) in (PAUSED, FINISHED), timeout=30_000)
    assert branch.error is None and window.errors == []
    # the new run starts from the epoch-5 snapshot's exact weights, with SGD
    assert branch.info.weights.keys() == epoch_5.weights.keys()
    for name, value in epoch_5.weights.items():
        np.testing.assert_array_equal(branch.info.weights[name], value)
        np.testing.assert_array_equal(branch.snapshots.weights_at(0)[name], snapshot[name])
    assert branch.experiment["optimizer"]["type"] == "sgd"
    assert first.experiment["optimizer"]["type"] == "adam"
    assert branch.branched_from == (first.number, moment)
    assert branch.name.endswith(f"from #{first.number} epoch 5")
    # it counts on from the moment: its curves sit beside the first run's from there
    assert branch.history.loss.view(10_000).x[0] == epoch_5.steps + 1
    assert branch.snapshots.moments()[0] == type(moment)(5, epoch_5.steps, 0, 0.01)
    assert branch.info.epochs == 10
    view.progress.update_from(branch)
    assert f"iteration {epoch_5.steps + branch.steps}/{10 * branch.info.iterations_per_epoch}" \
        in view.progress.bar.format()
    if branch.latest is not None:
        assert branch.history.epoch_column("epoch", 100)[0] == 6
    # both runs are in Compare runs, the first ticked beside the branch and overlaid
    assert view.run_list.runs[:2] == [branch, first]
    assert view.run_list.current is branch and view.run_list.compared() == [first]
    view.refresh(force=True)
    assert first.number in view.loss_panel.overlays
    # the timeline now follows the branch, live
    assert view.timeline.run is branch and view.timeline.moment is None


def scrub_to_epoch(view, epoch: int) -> None:
    """Home, then the right arrow key to the moment of ``epoch`` (every epoch is kept)."""
    slider = view.timeline.slider
    slider.setFocus()
    QTest.keyClick(slider, Qt.Key.Key_Home)
    for _ in range(position_of_epoch(view, epoch)):
        QTest.keyClick(slider, Qt.Key.Key_Right)
    assert view.timeline.moment.epoch == epoch


def test_branching_into_a_changed_network_says_what_does_not_fit(qtbot, make_view):
    view = make_view(experiment(epochs=6))
    view.set_pace(None)
    assert view.train_for_epochs(6)
    first = view.run
    scrub_to_epoch(view, 3)
    model = copy.deepcopy(view.document.experiment["model"])
    model["layers"][0]["units"] = 16
    view.document.set_section("model", model)
    runs = list(view.run_list.runs)
    click(qtbot, view.timeline.branch_button)
    # no failed run is added: the sentence says what does not fit, and the first run stays
    assert view.run is first and view.run_list.runs == runs
    assert any(alert.message.endswith(
        f"the snapshot of run #{first.number} at epoch 3 does not fit the network: 0.weight "
        "has shape (32, 2), expected (16, 2); 0.bias has shape (32,), expected (16,); "
        "2.weight has shape (32, 32), expected (32, 16).")
        for alert in view.health.alerts.values()), [a.message for a in view.health.alerts.values()]
    assert first.steps == 6 * first.info.iterations_per_epoch


def test_branching_from_non_finite_weights_is_refused_with_a_sentence(qtbot, make_view):
    view = make_view(experiment(epochs=4))
    view.set_pace(None)
    assert view.train_for_epochs(4)
    run = view.run
    broken = {name: np.full_like(value, np.nan) for name, value in run.weights.items()}
    run.snapshots.add(5, run.steps + 1, broken)     # as if the run had diverged there
    view.refresh(force=True)
    view.timeline.go_live()
    assert view.timeline.branch_moment().epoch == 5
    click(qtbot, view.timeline.branch_button)
    assert view.run is run and view.run_list.runs == [run]     # no run was started
    assert any(f"The weights of run #{run.number} at epoch 5 are not finite (0.weight): "
               "the run diverged there. Branch from an earlier moment." in alert.message
               for alert in view.health.alerts.values())


def test_a_scrubbed_moment_thinned_out_gives_way_to_the_nearest_kept(qtbot, make_view,
                                                                      monkeypatch):
    import functools

    import workbench.dashboard.run_record as run_record
    monkeypatch.setattr(run_record, "WeightSnapshots",
                        functools.partial(run_record.WeightSnapshots, max_moments=6))
    view = make_view(experiment(epochs=40))
    view.set_pace(None)
    seen = record_epochs(view)
    assert view.train_for_epochs(5)
    scrub_to_epoch(view, 3)
    assert view.train_for_epochs(25)
    timeline = view.timeline
    kept = [m.epoch for m in timeline.moments()]
    assert len(kept) == 6 and kept[0] == 0 and kept[-1] == 30
    shown = timeline.moment
    # epoch 3 went (log spacing keeps 0, 1, 3 … or 0, 2, 4 …): the nearest kept stands in
    assert shown is not None and shown.epoch in kept[:-1]
    assert abs(shown.epoch - 3) == min(abs(e - 3) for e in kept)
    assert timeline.slider.value() == kept.index(shown.epoch)
    if shown.epoch:
        assert_shows_epoch(view, seen[shown.epoch])


def test_runs_no_longer_shown_keep_fewer_snapshots_but_a_branch_parent_keeps_all(
        qtbot, make_view, monkeypatch):
    import workbench.dashboard.session_controller as session_controller
    view = make_view(experiment(epochs=6))
    view.set_pace(None)
    assert view.train_for_epochs(6)
    first = view.run
    one = first.snapshots.nbytes // len(first.snapshots) + 1
    monkeypatch.setattr(session_controller, "OLDER_RUN_SNAPSHOT_BYTES", 3 * one)
    scrub_to_epoch(view, 2)
    click(qtbot, view.timeline.branch_button)
    qtbot.waitUntil(lambda: view.run is not first and view.run.info is not None,
                    timeout=30_000)
    assert len(first.snapshots) == 7                    # the parent of the current run
    branch = view.run
    click(qtbot, view.reset_button)                     # a third run: the first two shrink
    qtbot.waitUntil(lambda: view.run is not branch, timeout=30_000)
    assert [m.epoch for m in first.snapshots.moments()][0] == 0
    assert len(first.snapshots) == 3 and first.snapshots.nbytes <= 3 * one
    assert len(branch.snapshots) <= 3
