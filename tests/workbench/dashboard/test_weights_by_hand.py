"""Weights by hand on the network diagram (issue 14, item 3), used as a person would:
hover a connection, click it, type a value; freeze a layer from its card and from the
diagram; +/− neurons and hidden layers above the diagram, with undo."""

from __future__ import annotations

import copy

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from core.training.events import IterationEvent
from core.training.trainer import Trainer
from tests.workbench.conftest import click, experiment, state
from workbench.dashboard.network_columns import neuron_y, shown_rows
from workbench.training.run_records import PAUSED, READY

LAYERS = [{"type": "dense", "units": 4}, {"type": "tanh"},
          {"type": "dense", "units": 3}, {"type": "softmax"}]


def small(epochs=50, layers=LAYERS) -> dict:
    """Full-batch, unshuffled: each step's loss is the loss of the whole training set, so
    the engine can compute it from given weights."""
    exp = experiment(epochs=epochs, samples=150)
    exp["model"] = {"layers": copy.deepcopy(layers)}
    exp["training"].update(batch_size="full", shuffle=False, backend="cpu")
    from core.experiment import normalize
    return normalize(exp)


def mouse(widget, kind, pos: QPoint, button=Qt.MouseButton.NoButton):
    """A mouse event as the window system delivers it to ``widget``."""
    buttons = button if kind == QEvent.Type.MouseButtonPress else Qt.MouseButton.NoButton
    event = QMouseEvent(kind, QPointF(pos), QPointF(widget.mapToGlobal(pos)), button,
                        buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)


def hover(qtbot, panel, x: float, y: float) -> QPoint:
    """Move the mouse over view point ``(x, y)`` of the diagram; returns the widget point."""
    pos = panel.plot_widget.mapFromScene(panel.plot.vb.mapViewToScene(pg.Point(x, y)))
    qtbot.wait(40)   # pyqtgraph's scene takes at most one mouse move per ~16 ms
    mouse(panel.plot_widget.viewport(), QEvent.Type.MouseMove, pos)
    return pos


def press(qtbot, panel, pos: QPoint, button=Qt.MouseButton.LeftButton) -> None:
    viewport = panel.plot_widget.viewport()
    mouse(viewport, QEvent.Type.MouseButtonPress, pos, button)
    mouse(viewport, QEvent.Type.MouseButtonRelease, pos, button)


def live_weights(view) -> dict:
    """The worker's model weights (read while the run is paused)."""
    return view.session._worker.trainer.model.state_dict()


def first_step_loss(exp: dict, weights: dict) -> float:
    """The loss of the next step from ``weights``, computed by the engine."""
    trainer = Trainer(exp, init_state=weights)
    return next(e.loss for e in trainer.step() if isinstance(e, IterationEvent))


def paused_after_one_step(qtbot, view):
    click(qtbot, view.reset_button)
    qtbot.waitUntil(lambda: state(view) == READY, timeout=10_000)
    click(qtbot, view.step_button)
    qtbot.waitUntil(lambda: state(view) == PAUSED and view.run.steps == 1, timeout=10_000)
    qtbot.waitUntil(lambda: view.run.edits >= 1, timeout=10_000)  # the paused weights
    view.refresh(force=True, all_pages=True)


def test_hover_shows_a_weight_and_a_typed_value_changes_the_next_loss(qtbot, make_view):
    exp = small()
    view = make_view(exp, size=(1366, 768))
    view.pages.setCurrentIndex(next(i for i, panels in enumerate(view.page_panels)
                                     if view.network_panel in panels))
    paused_after_one_step(qtbot, view)
    panel, editing = view.network_panel, view.diagram_editing
    assert set(panel.edges) == {1, 2}

    # hover the middle of the connection from input 1 to neuron 2 of the hidden layer
    out_rows, in_rows = panel.edges[1]
    k = next(i for i, (o, n) in enumerate(zip(out_rows, in_rows)) if (o, n) == (2, 1))
    y_out = neuron_y(len(shown_rows(4)))[2]
    y_in = neuron_y(len(shown_rows(2)))[1]
    assert k >= 0
    # a quarter of the way along: at the middle it crosses the connection from input 0
    # to neuron 3, and which one is nearer depends on the plot's pixel aspect
    on_edge = (0.25, 0.75 * y_in + 0.25 * y_out)
    pos = hover(qtbot, panel, *on_edge)
    model = live_weights(view)
    assert editing.hover_label.isVisible()
    assert editing.hover_text == f"0.weight[2,1] = {model['0.weight'][2, 1]:.4g}"
    hover(qtbot, panel, 0.5, (y_in + y_out) / 2 + 0.37)       # off every connection...
    hover(qtbot, panel, *on_edge)                             # ...and back

    # click it and type a new value
    before = {k: v.copy() for k, v in model.items()}
    press(qtbot, panel, pos)
    assert editing.editor.isVisible() and editing.editor.name == "0.weight"
    assert editing.editor.index == (2, 1)
    assert float(editing.editor.field.text()) == float(f"{model['0.weight'][2, 1]:.6g}")
    field = editing.editor.field
    for bad in ("abc", "nan", "inf"):
        field.selectAll()
        qtbot.keyClicks(field, bad)
        qtbot.keyClick(field, Qt.Key.Key_Return)
        assert editing.editor.message.isVisible()
        assert "Expected a finite number such as 0.5" in editing.editor.message.text()
    assert live_weights(view)["0.weight"][2, 1] == before["0.weight"][2, 1]
    field.selectAll()
    qtbot.keyClicks(field, "2.5")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert not editing.editor.isVisible()
    qtbot.waitUntil(lambda: len(view.run.history.markers) == 1, timeout=10_000)
    marker = view.run.history.markers[0]
    assert (marker.step, marker.label) == (1, "0.weight[2,1] → 2.5")
    edited = live_weights(view)
    assert edited["0.weight"][2, 1] == np.float32(2.5)
    assert view.run.weights["0.weight"][2, 1] == np.float32(2.5)   # the diagram shows it
    hover(qtbot, panel, 0.5, (y_in + y_out) / 2 + 0.37)
    hover(qtbot, panel, *on_edge)
    assert editing.hover_text == "0.weight[2,1] = 2.5"

    # the next step's loss is the engine's loss from the edited weights, not the old ones
    expected = first_step_loss(exp, edited)
    unedited = first_step_loss(exp, before)
    click(qtbot, view.step_button)
    qtbot.waitUntil(lambda: view.run.steps == 2 and state(view) == PAUSED, timeout=10_000)
    _steps, losses = view.run.history.loss.raw_tail()
    last = float(losses[-1])
    assert last == expected
    assert last != unedited

    # the loss plot draws the mark
    view.pages.setCurrentIndex(0)
    view.refresh(force=True)
    lines = view.loss_panel.markers
    assert lines.shown == 1
    assert lines.lines[0].value() == 1 and lines.lines[0].label.format == "0.weight[2,1] → 2.5"


def test_freeze_from_the_card_checkbox_and_from_the_diagram(qtbot, make_view):
    from workbench.designer.designer import NetworkDesigner
    exp = small()
    view = make_view(exp, size=(1366, 768))
    designer = NetworkDesigner(view.document)
    qtbot.addWidget(designer)
    designer.resize(1280, 800)
    designer.show()
    paused_after_one_step(qtbot, view)

    # the card: select layer 0, tick "Frozen"
    designer.editor.select_layer(0)
    check = designer.properties.frozen_check
    assert check.isVisible() and not check.isChecked()
    click(qtbot, check)
    assert view.document.layers[0]["frozen"] is True
    assert designer.editor.card(1).summary.startswith("frozen · ")
    qtbot.waitUntil(lambda: [m.label for m in view.run.history.markers] == ["freeze layer 0"],
                    timeout=10_000)
    assert view.session.active and view.run.steps == 1     # the run goes on
    frozen_before = live_weights(view)
    for n in (2, 3, 4):
        click(qtbot, view.step_button)
        qtbot.waitUntil(lambda n=n: view.run.steps == n and state(view) == PAUSED,
                        timeout=10_000)
    after = live_weights(view)
    assert after["0.weight"].tobytes() == frozen_before["0.weight"].tobytes()
    assert after["0.bias"].tobytes() == frozen_before["0.bias"].tobytes()
    assert not np.array_equal(after["2.weight"], frozen_before["2.weight"])

    # the diagram: right-click the output column → Unfreeze/Freeze its layer
    panel, editing = view.network_panel, view.diagram_editing
    pos = hover(qtbot, panel, 2.0, float(neuron_y(3)[0]) + 0.5)
    press(qtbot, panel, pos, Qt.MouseButton.RightButton)
    menu = editing.menu
    assert menu is not None and [a.text() for a in menu.actions()] == ["Freeze layer 2"]
    menu.actions()[0].trigger()
    menu.hide()
    assert view.document.layers[2]["frozen"] is True
    qtbot.waitUntil(lambda: len(view.run.history.markers) == 2, timeout=10_000)
    assert view.run.history.markers[1].label == "freeze layer 2"
    # the diagram's captions say which layers are frozen now
    view.refresh(force=True, all_pages=True)
    captions = {c: text for _label, c, kind, text in panel.captions if kind == "title"}
    assert captions[1].endswith("\nfrozen") and captions[2].endswith("\nfrozen")
    editing.freeze_menu(1).actions()[0].trigger()           # "Unfreeze layer 0"
    assert "frozen" not in view.document.layers[0]
    qtbot.waitUntil(lambda: len(view.run.history.markers) == 3, timeout=10_000)
    assert view.run.history.markers[2].label == "unfreeze layer 0"
    view.refresh(force=True, all_pages=True)
    captions = {c: text for _label, c, kind, text in panel.captions if kind == "title"}
    assert "frozen" not in captions[1] and captions[2].endswith("\nfrozen")
    designer.editor.select_layer(0)
    assert not check.isChecked()                               # the card follows
    held = live_weights(view)
    click(qtbot, view.step_button)
    qtbot.waitUntil(lambda: view.run.steps == 5 and state(view) == PAUSED, timeout=10_000)
    after = live_weights(view)
    assert after["2.weight"].tobytes() == held["2.weight"].tobytes()
    assert not np.array_equal(after["0.weight"], held["0.weight"])      # unfrozen: moves


def test_plus_minus_buttons_change_the_card_stack_and_undo_restores_it(qtbot, make_view):
    from workbench.designer.designer import NetworkDesigner
    view = make_view(small(), size=(1366, 768))
    designer = NetworkDesigner(view.document)
    qtbot.addWidget(designer)
    designer.show()
    buttons = view.diagram_editing.buttons
    original = copy.deepcopy(view.document.layers)
    click(qtbot, view.reset_button)
    qtbot.waitUntil(lambda: state(view) == READY, timeout=10_000)
    qtbot.waitUntil(lambda: len(buttons.unit_buttons) == 1, timeout=10_000)
    assert buttons.layers_label.text() == "1 hidden layer"

    column, layer, plus, minus = buttons.unit_buttons[0]
    assert (column, layer) == (1, 0)
    click(qtbot, plus)                                        # 4 → 5 neurons
    assert view.document.layers[0]["units"] == 5
    assert designer.editor.card(1).summary == "5 units"
    qtbot.waitUntil(lambda: state(view) == READY and view.network_panel.columns[1]["width"] == 5,
                    timeout=10_000)
    click(qtbot, buttons.add_layer)                           # a second hidden layer
    assert [s["type"] for s in view.document.layers] == \
        ["dense", "tanh", "dense", "tanh", "dense", "softmax"]
    assert view.document.layers[2]["units"] == 5
    assert designer.editor.layer_count() == 6
    qtbot.waitUntil(lambda: len(buttons.unit_buttons) == 2, timeout=10_000)
    assert buttons.layers_label.text() == "2 hidden layers"
    click(qtbot, buttons.unit_buttons[1][3])                  # layer 2: 5 → 4 neurons
    assert view.document.layers[2]["units"] == 4

    # no changes while a run has taken steps
    click(qtbot, view.step_button)
    qtbot.waitUntil(lambda: state(view) == PAUSED and view.run.steps == 1, timeout=10_000)
    assert not buttons.add_layer.isEnabled() and not buttons.unit_buttons[0][2].isEnabled()

    # undo, as in the designer: three times back to the original stack
    for _ in range(3):
        designer.undo_action.trigger()
    assert view.document.layers == original
    assert designer.editor.layer_count() == 4

    # (undoing a change of the network stops the run, as any change of it does)
    assert view.session is None or not view.session.active
    assert buttons.add_layer.isEnabled()
    click(qtbot, buttons.remove_layer)                        # back to no hidden layer
    assert [s["type"] for s in view.document.layers] == ["dense", "softmax"]
    assert buttons.layers_label.text() == "0 hidden layers"
    assert not buttons.remove_layer.isEnabled()


def type_value(qtbot, editing, text: str) -> None:
    field = editing.editor.field
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_edits_before_the_first_step_and_while_running(qtbot, make_view):
    from core.experiment import normalize
    exp = small(epochs=2000)
    exp["model"]["layers"][0]["frozen"] = True     # a frozen layer keeps what is typed
    exp = normalize(exp)
    view = make_view(exp)
    editing = view.diagram_editing
    click(qtbot, view.reset_button)
    qtbot.waitUntil(lambda: state(view) == READY, timeout=10_000)
    editing.edit("0.weight", (0, 0), "weight")          # what a click on that edge opens
    assert float(editing.editor.field.text()) == \
        float(f"{view.run.info.weights['0.weight'][0, 0]:.6g}")
    type_value(qtbot, editing, "1.25")
    qtbot.waitUntil(lambda: len(view.run.history.markers) == 1, timeout=10_000)
    assert view.run.history.markers[0].step == 0      # before the first step
    assert view.run.history.markers[0].label == "0.weight[0,0] → 1.25"

    click(qtbot, view.train_button)
    qtbot.waitUntil(lambda: view.run.steps > 3, timeout=10_000)
    assert state(view) == "running"
    editing.edit("0.bias", (1,), "bias")
    type_value(qtbot, editing, "-0.75")
    qtbot.waitUntil(lambda: len(view.run.history.markers) == 2, timeout=10_000)
    marker = view.run.history.markers[1]
    assert marker.label == "0.bias[1] → -0.75" and marker.step > 3
    click(qtbot, view.pause_button)
    qtbot.waitUntil(lambda: state(view) == PAUSED, timeout=10_000)
    weights = live_weights(view)
    assert weights["0.weight"][0, 0] == np.float32(1.25)
    assert weights["0.bias"][1] == np.float32(-0.75)
    assert view.run.steps > marker.step


def test_freezing_a_layer_keeps_the_weights_an_opened_model_starts_from(qtbot):
    from workbench.designer.properties import LayerProperties
    from workbench.document import ExperimentDocument
    document = ExperimentDocument(small())
    state_dict = {"0.weight": np.ones((4, 2), np.float32)}
    document.init_state = state_dict
    properties = LayerProperties(document)
    qtbot.addWidget(properties)
    properties.show()
    properties.show_layer(0)
    click(qtbot, properties.frozen_check)
    assert document.layers[0]["frozen"] is True
    assert document.init_state is not None and document.init_state["0.weight"][0, 0] == 1.0
    properties.show_layer(1)                                  # tanh: nothing to freeze
    assert not properties.frozen_check.isVisible()
    document.undo_stack.undo()
    assert "frozen" not in document.layers[0]
    properties.show_layer(0)
    assert not properties.frozen_check.isChecked()


def test_a_scrubbed_diagram_shows_the_moments_weight_and_refuses_an_edit(qtbot, make_view):
    from tests.workbench.dashboard.test_timeline import drag_slider_to
    from workbench.training.run_records import FINISHED

    exp = small(epochs=6)
    view = make_view(exp, size=(1366, 768))
    view.set_pace(None)
    view.pages.setCurrentIndex(next(i for i, panels in enumerate(view.page_panels)
                                     if view.network_panel in panels))
    click(qtbot, view.train_button)
    qtbot.waitUntil(lambda: state(view) == FINISHED, timeout=30_000)
    timeline, panel, editing = view.timeline, view.network_panel, view.diagram_editing
    drag_slider_to(qtbot, timeline.slider, [m.epoch for m in timeline.moments()].index(2))
    assert timeline.moment.epoch == 2
    view.refresh(force=True, all_pages=True)
    at_2 = view.run.snapshots.weights_at(timeline.moment.index)["0.weight"][2, 1]
    assert at_2 != view.run.weights["0.weight"][2, 1]     # the run moved on after epoch 2

    y_in, y_out = neuron_y(len(shown_rows(2)))[1], neuron_y(len(shown_rows(4)))[2]
    pos = hover(qtbot, panel, 0.25, 0.75 * y_in + 0.25 * y_out)
    assert editing.hover_text == f"0.weight[2,1] = {at_2:.4g}"
    press(qtbot, panel, pos)
    field = editing.editor.field
    field.selectAll()
    qtbot.keyClicks(field, "2.5")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert editing.editor.message.isVisible()
    assert editing.editor.message.text().startswith("The diagram shows a past moment")
    assert view.run.history.markers == []
    # back to live: the label showed the moment's value, so it goes
    assert editing.hover_label.isVisible()
    timeline.go_live()
    assert not editing.hover_label.isVisible() and editing.hover_text == ""


def test_a_value_beyond_float32_is_refused_and_a_long_entry_quoted_short(qtbot, make_view):
    exp = small()
    view = make_view(exp, size=(1366, 768))
    view.pages.setCurrentIndex(next(i for i, panels in enumerate(view.page_panels)
                                     if view.network_panel in panels))
    paused_after_one_step(qtbot, view)
    editing = view.diagram_editing
    before = live_weights(view)["0.weight"][2, 1]
    editing.edit("0.weight", (2, 1), "w")
    field = editing.editor.field
    for typed in ("1e39", "-1e308"):
        field.selectAll()
        qtbot.keyClicks(field, typed)
        qtbot.keyClick(field, Qt.Key.Key_Return)
        assert editing.editor.message.isVisible()
        assert editing.editor.message.text() == (
            f"{float(typed):g} does not fit the run's float32 weights: expected a number "
            "between -3.40282e+38 and 3.40282e+38; the weight keeps its value.")
    field.selectAll()
    qtbot.keyClicks(field, "9" * 5000 + "x")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert editing.editor.message.text() == ('Expected a finite number such as 0.5, got '
                                             '"999999999999…99999999999x"; the weight keeps '
                                             'its value.')
    assert view.run.history.markers == []
    assert live_weights(view)["0.weight"][2, 1] == before


def test_the_trainer_refuses_a_weight_its_dtype_cannot_hold():
    import pytest

    from core.errors import SpecError
    trainer = Trainer(small())
    with pytest.raises(SpecError, match=r"^0\.weight: 1e\+39 does not fit the run's float32 "
                                        r"weights; expected a number between"):
        trainer.set_weight("0.weight", (0, 0), 1e39)
