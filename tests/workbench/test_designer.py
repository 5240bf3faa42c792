"""The network designer as a person uses it: drag, drop, keys, forms and fix buttons."""

from __future__ import annotations

import copy

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from core import registry
from tests.workbench.conftest import deliver_drop, drag_event
from workbench.designer.analysis_panel import FindingRow
from workbench.designer.layer_palette import LAYER_MIME
from workbench.designer.network_editor import CONNECTOR, LAYER_INDEX_MIME

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def types(designer):
    return [spec["type"] for spec in designer.document.experiment["model"]["layers"]]


def start_with(designer, layers):
    experiment = copy.deepcopy(designer.document.experiment)
    experiment["model"]["layers"] = layers
    designer.document.replace(experiment)


def gap_point(editor, gap: int) -> QPoint:
    """A viewport point a person would drop on to insert at ``gap`` (0..n)."""
    if gap < editor.layer_count():
        rect = editor.visualItemRect(editor.layer_item(gap))
        return QPoint(rect.center().x(), rect.top() + CONNECTOR + 4)  # top edge of the card
    rect = editor.visualItemRect(editor.item(editor.count() - 1))  # the output card
    return QPoint(rect.center().x(), rect.center().y())


def drag_from_palette(designer, layer_type: str, gap: int):
    palette, editor = designer.palette, designer.editor
    item = palette.item_for(layer_type)
    mime = palette.mimeData([item])  # what Qt's drag of that item carries
    assert mime.hasFormat(LAYER_MIME)
    return deliver_drop(editor.viewport(), mime, gap_point(editor, gap))


def drag_card(designer, index: int, gap: int):
    editor = designer.editor
    mime = editor.mimeData([editor.layer_item(index)])
    assert mime.hasFormat(LAYER_INDEX_MIME)
    return deliver_drop(editor.viewport(), mime, gap_point(editor, gap))


def click_card(qtbot, designer, index: int):
    editor = designer.editor
    rect = editor.visualItemRect(editor.layer_item(index))
    qtbot.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(rect.center().x(), rect.center().y() + CONNECTOR // 2))
    assert editor.selected_index() == index


def finding_rows(designer):
    return [r for r in designer.analysis_panel.rows if isinstance(r, FindingRow)]


# ------------------------------------------------------------------ palette

def test_palette_lists_every_registry_layer_by_group(designer):
    palette = designer.palette
    shown = palette.groups()
    for entry in registry.entries("layer"):
        item = palette.item_for(entry.name)
        assert item is not None, entry.name
        assert item.text(0) == entry.title
        assert item.toolTip(0) == entry.tooltip()
        assert not item.icon(0).isNull()
    listed = [palette.type_of(i) for i in palette.layer_items()]
    assert sorted(listed) == sorted(registry.names("layer"))
    assert listed == [name for names in shown.values() for name in names]
    assert shown["LAYERS"] == [e.name for e in registry.entries("layer", "layers")]
    assert shown["ACTIVATIONS"] == [e.name for e in registry.entries("layer", "activations")]
    assert shown["REGULARIZATION"] == [e.name for e in registry.entries("layer",
                                                                        "regularization")]


def test_double_click_appends_with_default_settings(qtbot, designer):
    palette = designer.palette
    n = len(types(designer))
    item = palette.item_for("dense")
    rect = palette.visualItemRect(item)
    # a real double-click: press and release, then the double-click event
    qtbot.mouseClick(palette.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(palette.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    layers = designer.document.experiment["model"]["layers"]
    assert len(layers) == n + 1
    assert layers[-1] == {"type": "dense", "units": 16, "bias": True, "init": "torch_default"}
    assert designer.editor.selected_index() == n  # the new card is selected


def test_double_click_inserts_after_the_selected_card_and_shows_it(qtbot, designer):
    stack = [{"type": "dense", "units": 8}, {"type": "relu"}] * 6 + [{"type": "dense",
                                                                        "units": 3}]
    start_with(designer, stack)
    designer.resize(1280, 420)  # short: the stack scrolls
    editor, palette = designer.editor, designer.palette
    editor.scrollToItem(editor.layer_item(9))  # the person scrolls down to a card …
    click_card(qtbot, designer, 9)
    assert editor.selected_index() == 9
    editor.scrollToTop()  # … and back up, then double-clicks in the palette
    palette.scrollToItem(palette.item_for("dropout"))
    rect = palette.visualItemRect(palette.item_for("dropout"))
    qtbot.mouseClick(palette.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(palette.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert types(designer)[10] == "dropout"  # right after the selected card, not at the end
    assert types(designer)[-1] == "dense" and len(types(designer)) == 14
    assert editor.selected_index() == 10
    card = editor.visualItemRect(editor.layer_item(10))
    assert editor.viewport().rect().intersects(card)  # scrolled into view


def test_palette_search_filters_and_enter_adds_the_first_match(qtbot, designer):
    search, palette = designer.palette_search, designer.palette
    click_card(qtbot, designer, 0)
    qtbot.mouseClick(search, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(search, "lu")
    shown = palette.shown_types()
    assert shown == [e.name for e in registry.entries("layer")
                     if "lu" in e.title.lower() or "lu" in e.name]
    assert "relu" in shown and "dense" not in shown and "sigmoid" not in shown
    assert palette.item_for("dense").isHidden()
    qtbot.keyClick(search, Qt.Key.Key_Return)  # adds the first match after the selection
    assert types(designer)[1] == shown[0]
    qtbot.keyClick(search, Qt.Key.Key_Escape)  # clears the filter
    assert search.text() == "" and palette.shown_types() == [
        palette.type_of(i) for i in palette.layer_items()]
    qtbot.keyClicks(search, "regular")  # a group name shows the whole group
    assert palette.shown_types() == [e.name for e in registry.entries("layer",
                                                                        "regularization")]
    qtbot.keyClicks(search, "zzz")
    assert palette.shown_types() == []
    count = len(types(designer))
    qtbot.keyClick(search, Qt.Key.Key_Return)  # nothing matches: nothing added
    assert len(types(designer)) == count


def test_the_check_panel_never_takes_half_the_column(qtbot, designer):
    stack = [{"type": "softmax"}, {"type": "dense", "units": 8}, {"type": "softmax"},
             {"type": "sigmoid"}, {"type": "dropout", "p": 0.5}, {"type": "softmax"},
             {"type": "dense", "units": 5}, {"type": "sigmoid"}]
    start_with(designer, stack)
    QApplication.processEvents()
    assert len(finding_rows(designer)) >= 4
    network, check = designer.middle_splitter.sizes()
    assert check <= 0.31 * (network + check), (network, check)
    assert check >= 60  # still shows the headline and the first finding


def test_a_one_unit_layer_says_one_unit(designer):
    start_with(designer, [{"type": "dense", "units": 4}, {"type": "dense", "units": 1},
                          {"type": "sigmoid"}])
    assert designer.editor.card(1).summary == "4 units"
    assert designer.editor.card(2).summary == "1 unit"


# ------------------------------------------------------------------ building by drag and drop

def test_build_network_by_dropping_palette_items(qtbot, designer):
    start_with(designer, [{"type": "dense", "units": 3}])
    assert drag_from_palette(designer, "dense", 0).isAccepted()        # above the only card
    assert types(designer) == ["dense", "dense"]
    drag_from_palette(designer, "relu", 1)                             # between the two
    drag_from_palette(designer, "softmax", 3)                          # at the end
    assert types(designer) == ["dense", "relu", "dense", "softmax"]
    layers = designer.document.experiment["model"]["layers"]
    assert layers[0]["units"] == 16 and layers[2]["units"] == 3
    assert designer.analysis.ok
    # each drop was one undo step
    assert designer.document.undo_stack.count() == 3
    assert designer.editor.layer_count() == 4
    assert designer.editor.drop_gap is None  # indicator gone after the drop


def test_drop_indicator_follows_the_pointer(qtbot, designer):
    from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDragMoveEvent
    editor = designer.editor
    mime = designer.palette.mimeData([designer.palette.item_for("tanh")])
    actions = Qt.DropAction.CopyAction
    QApplication.sendEvent(editor.viewport(),
                           drag_event(QDragEnterEvent, gap_point(editor, 2), actions, mime))
    assert editor.drop_gap == 2
    QApplication.sendEvent(editor.viewport(),
                           drag_event(QDragMoveEvent, gap_point(editor, 4), actions, mime))
    assert editor.drop_gap == 4
    editor.viewport().grab()  # paints the indicator without error
    QApplication.sendEvent(editor.viewport(), QDragLeaveEvent())
    assert editor.drop_gap is None
    assert "tanh" not in types(designer)


def test_foreign_drops_are_refused(qtbot, designer):
    from PySide6.QtCore import QMimeData
    from PySide6.QtGui import QDragEnterEvent
    mime = QMimeData()
    mime.setText("dense")
    event = drag_event(QDragEnterEvent, gap_point(designer.editor, 0), Qt.DropAction.CopyAction,
                       mime)
    QApplication.sendEvent(designer.editor.viewport(), event)
    assert not event.isAccepted()


def test_reorder_by_dragging_a_card(qtbot, designer):
    before = types(designer)  # dense relu dense relu dense softmax
    drag_card(designer, 1, 0)  # first relu above the first dense
    assert types(designer) == ["relu", "dense"] + before[2:]
    assert designer.editor.selected_index() == 0
    drag_card(designer, 0, 6)  # and to the very end
    assert types(designer) == before[:1] + before[2:] + ["relu"]
    drag_card(designer, 2, 2)  # onto its own place: nothing happens
    assert designer.document.undo_stack.count() == 2


# ------------------------------------------------------------------ keys

def test_delete_duplicate_undo_redo_with_keys(qtbot, designer):
    editor = designer.editor
    original = types(designer)
    click_card(qtbot, designer, 1)
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    assert types(designer) == original[:1] + original[2:]
    assert editor.selected_index() == 1

    click_card(qtbot, designer, 0)
    qtbot.keyClick(editor, Qt.Key.Key_D, CTRL)
    assert types(designer) == ["dense"] + original[:1] + original[2:]
    assert designer.document.experiment["model"]["layers"][1] == \
        designer.document.experiment["model"]["layers"][0]

    qtbot.keyClick(editor, Qt.Key.Key_Z, CTRL)   # undo the duplicate
    assert types(designer) == original[:1] + original[2:]
    qtbot.keyClick(editor, Qt.Key.Key_Z, CTRL)   # undo the delete
    assert types(designer) == original
    qtbot.keyClick(editor, Qt.Key.Key_Z, CTRL | SHIFT)  # redo the delete
    assert types(designer) == original[:1] + original[2:]
    qtbot.keyClick(editor, Qt.Key.Key_Y, CTRL)   # redo the duplicate (Ctrl+Y)
    assert len(types(designer)) == len(original)
    assert designer.undo_action.isEnabled() and not designer.redo_action.isEnabled()


def test_undo_keys_inside_a_window_with_its_own_undo_action(qtbot, document):
    """A main window's Edit › Undo (Ctrl+Z) and the designer never make the key ambiguous."""
    from PySide6.QtGui import QKeySequence
    from PySide6.QtWidgets import QMainWindow

    from workbench.designer.designer import NetworkDesigner
    window = QMainWindow()
    qtbot.addWidget(window)
    designer = NetworkDesigner(document)
    window.setCentralWidget(designer)
    undo = document.undo_stack.createUndoAction(window, "&Undo")
    undo.setShortcut(QKeySequence.StandardKey.Undo)
    redo = document.undo_stack.createRedoAction(window, "&Redo")
    redo.setShortcut(QKeySequence("Ctrl+Shift+Z"))
    window.menuBar().addMenu("&Edit").addActions([undo, redo])
    window.resize(1280, 800)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    original = types(designer)
    click_card(qtbot, designer, 0)
    designer.editor.setFocus()
    qtbot.keyClick(designer.editor, Qt.Key.Key_Delete)
    qtbot.keyClick(designer.editor, Qt.Key.Key_Delete)
    assert len(types(designer)) == len(original) - 2
    qtbot.keyClick(designer.editor, Qt.Key.Key_Z, CTRL)  # exactly one step back
    assert len(types(designer)) == len(original) - 1
    qtbot.keyClick(designer.editor, Qt.Key.Key_Z, CTRL | SHIFT)
    assert len(types(designer)) == len(original) - 2


def test_deleting_the_last_layer_is_refused_with_a_message(qtbot, designer):
    start_with(designer, [{"type": "dense", "units": 3}])
    click_card(qtbot, designer, 0)
    qtbot.keyClick(designer.editor, Qt.Key.Key_Delete)
    assert types(designer) == ["dense"]
    assert designer.status.isVisible()
    assert "at least one layer" in designer.status.text()
    drag_from_palette(designer, "softmax", 1)  # the next good edit clears the message
    assert not designer.status.isVisible()


# ------------------------------------------------------------------ properties

def test_typing_units_into_the_form_edits_the_model(qtbot, designer):
    click_card(qtbot, designer, 2)
    form = designer.properties.form
    spin = form.widget("units")
    assert spin.value() == 32 and spin.minimum() == 1
    spin.setFocus()
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin, "48")
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    layers = designer.document.experiment["model"]["layers"]
    assert layers[2]["units"] == 48
    assert designer.document.undo_stack.count() == 1  # one step, not one per keystroke
    card = designer.editor.card(3)
    assert card.shape == "→ (batch, 48)"
    assert card.params == f"{48 * 32 + 48:,} params"
    assert designer.properties.form is form  # the form survived its own edit
    designer.document.undo_stack.undo()
    assert designer.document.experiment["model"]["layers"][2]["units"] == 32
    assert spin.value() == 32  # the form follows undo


def test_properties_reject_invalid_value_and_keep_document(qtbot, designer):
    click_card(qtbot, designer, 0)
    before = copy.deepcopy(designer.document.experiment)
    designer.properties.form.edited.emit("units", 0)  # what no spin box lets a person type
    assert designer.document.experiment == before
    assert designer.properties.message.isVisible()
    assert "units" in designer.properties.message.text()
    assert designer.properties.form.values()["units"] == 32


def test_choice_and_type_switch_from_the_properties(qtbot, designer):
    click_card(qtbot, designer, 1)  # relu
    combo = designer.properties.type_combo
    combo.setCurrentIndex(combo.findData("leaky_relu"))
    combo.activated.emit(combo.currentIndex())
    assert types(designer)[1] == "leaky_relu"
    spin = designer.properties.form.widget("alpha")
    spin.setValue(0.2)
    assert designer.document.experiment["model"]["layers"][1]["alpha"] == pytest.approx(0.2)
    assert designer.preview.spec["alpha"] == pytest.approx(0.2)


# ------------------------------------------------------------------ analysis

def test_impossible_stack_shows_errors_and_fix_buttons_work(qtbot, designer):
    seen = []
    designer.analysis_changed.connect(seen.append)
    start_with(designer, [{"type": "dense", "units": 8}, {"type": "softmax"},
                          {"type": "dense", "units": 5}, {"type": "softmax"}])
    analysis = designer.analysis
    assert seen and seen[-1] is analysis and not analysis.ok
    rows = finding_rows(designer)
    errors = [r for r in rows if r.finding.severity == "error"]
    assert any("not the last layer" in r.message.text() for r in errors)
    assert any("outputs 5 values" in r.message.text() for r in errors)
    assert "error" in designer.analysis_panel.headline.text()
    assert designer.editor.card(2).errors  # the middle softmax card carries a badge
    assert designer.editor.card(3).errors  # the 5-unit dense card too

    units_fix = next(r for r in errors if "outputs 5" in r.message.text()).fix_button
    qtbot.mouseClick(units_fix, Qt.MouseButton.LeftButton)
    assert designer.document.experiment["model"]["layers"][2]["units"] == 3
    softmax_fix = next(r for r in finding_rows(designer) if "not the last" in r.message.text())
    qtbot.mouseClick(softmax_fix.fix_button, Qt.MouseButton.LeftButton)
    assert types(designer) == ["dense", "dense", "softmax"]
    assert not designer.analysis.errors
    assert seen[-1].ok
    assert "Ready to train" in designer.analysis_panel.headline.text()
    click_card(qtbot, designer, 0)  # back to the network, then undo: a fix is one step
    qtbot.keyClick(designer.editor, Qt.Key.Key_Z, CTRL)
    assert types(designer) == ["dense", "softmax", "dense", "softmax"]


def test_set_loss_fix_changes_the_experiment_loss(qtbot, designer):
    designer.document.set_section("loss", {"type": "mse"}, "use MSE")
    row = next(r for r in finding_rows(designer)
               if r.finding.fix and r.finding.fix["action"] == "set_loss")
    qtbot.mouseClick(row.fix_button, Qt.MouseButton.LeftButton)
    assert designer.document.experiment["loss"]["type"] == "cross_entropy"


def test_context_sets_input_card_and_output_check(qtbot, designer):
    designer.set_context(4, 5, "classification")
    editor = designer.editor
    assert editor.card(0).summary == "4 features"
    assert editor.card(0).shape == "→ (batch, 4)"
    assert editor.card(editor.count() - 1).status == "error"
    assert not designer.analysis.ok
    assert designer.editor.card(1).params == f"{4 * 32 + 32:,} params"
    designer.set_context(2, 3, "classification")
    assert editor.card(editor.count() - 1).status == "ok"


# ------------------------------------------------------------------ activation preview

def test_activation_preview_plots_engine_curves(qtbot, designer):
    click_card(qtbot, designer, 1)  # relu
    preview = designer.preview
    x, y = preview.f_curve.getData()
    _, dy = preview.df_curve.getData()
    assert x[0] == -5 and x[-1] == 5
    np.testing.assert_allclose(y, np.maximum(x, 0))
    np.testing.assert_array_equal(dy[x < -0.01], 0)
    np.testing.assert_array_equal(dy[x > 0.01], 1)
    assert "dead" in preview.advice.text().lower()

    click_card(qtbot, designer, 5)  # softmax: 2-class softmax of (x, 0) = sigmoid(x)
    x, y = preview.f_curve.getData()
    _, dy = preview.df_curve.getData()
    sig = 1 / (1 + np.exp(-x))
    np.testing.assert_allclose(y, sig, atol=1e-12)
    np.testing.assert_allclose(dy, sig * (1 - sig), atol=1e-12)
    assert "2-class softmax" in preview.note.text()

    click_card(qtbot, designer, 0)  # a dense layer: no curve
    assert preview.spec is None and not preview.plot.isVisible()


def test_hovering_a_palette_activation_previews_it(qtbot, designer):
    palette = designer.palette
    palette.setCurrentItem(palette.item_for("sigmoid"))
    assert designer.preview.spec["type"] == "sigmoid"
    assert "binary" in designer.preview.advice.text()


def test_screenshot_renders(qtbot, designer, tmp_path):
    click_card(qtbot, designer, 1)
    path = tmp_path / "designer.png"
    assert designer.grab().save(str(path))
    assert path.stat().st_size > 10_000


# ------------------------------------------------------------------ ParamForm (workbench.forms)

def test_param_forms_show_every_registry_default(qtbot):
    from workbench.forms import ParamForm
    for category in ("layer", "loss", "initializer", "optimizer", "schedule"):
        for entry in registry.entries(category):
            form = ParamForm(entry.params, {})
            qtbot.addWidget(form)
            assert form.values() == entry.defaults(), (category, entry.name)
            for p in entry.params:
                assert p.help in form.widget(p.name).toolTip()


def test_param_form_controls_follow_param_kinds(qtbot):
    from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QLineEdit, QSpinBox

    from workbench.forms import ParamForm
    dense = ParamForm(registry.get("layer", "dense").params, {"units": 8})
    qtbot.addWidget(dense)
    dense.show()
    units = dense.widget("units")
    assert isinstance(units, QSpinBox) and (units.minimum(), units.maximum()) == (1, 100_000)
    assert isinstance(dense.widget("bias"), QCheckBox)
    assert isinstance(dense.widget("init"), QComboBox)
    edits = []
    dense.edited.connect(lambda n, v: edits.append((n, v)))
    dense.set_values({"units": 12, "bias": False})  # programmatic: no signal
    assert edits == [] and dense.values()["units"] == 12
    box = dense.widget("bias")
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert edits == [("bias", True)]
    dropout = ParamForm(registry.get("layer", "dropout").params, {})
    qtbot.addWidget(dropout)
    p = dropout.widget("p")
    assert isinstance(p, QDoubleSpinBox) and p.maximum() == pytest.approx(0.95)
    adam = ParamForm(registry.get("optimizer", "adam").params, {})
    qtbot.addWidget(adam)
    assert isinstance(adam.widget("lr"), QLineEdit)  # unbounded: typed, 1e-4 allowed
    assert len(adam.values()["betas"]) == 2


def test_scientific_entry_accepts_exponents_and_refuses_bad_values(qtbot):
    from workbench.forms import ParamForm
    form = ParamForm(registry.get("optimizer", "adam").params, {"lr": 0.01})
    qtbot.addWidget(form)
    form.show()
    edits = []
    form.edited.connect(lambda n, v: edits.append((n, v)))
    lr = form.widget("lr")
    lr.setFocus()
    lr.selectAll()
    qtbot.keyClicks(lr, "3e-4")
    qtbot.keyClick(lr, Qt.Key.Key_Return)
    assert edits == [("lr", pytest.approx(3e-4))]
    assert form.values()["lr"] == pytest.approx(3e-4)
    lr.selectAll()
    qtbot.keyClicks(lr, "0")
    qtbot.keyClick(lr, Qt.Key.Key_Return)
    assert len(edits) == 1  # zero is not a learning rate: nothing emitted
    assert "expected a positive number" in lr.toolTip()
    assert form.values()["lr"] == pytest.approx(3e-4)


def test_nullable_param_has_an_off_switch(qtbot):
    from workbench.forms import ParamForm
    entry = registry.get("schedule", "cosine")
    form = ParamForm(entry.params, {})
    qtbot.addWidget(form)
    form.show()
    assert form.values()["T_max"] is None
    edits = []
    form.edited.connect(lambda n, v: edits.append((n, v)))
    from PySide6.QtWidgets import QCheckBox
    switch = form.widget("T_max").findChild(QCheckBox)
    qtbot.mouseClick(switch, Qt.MouseButton.LeftButton)
    assert edits and edits[-1][0] == "T_max" and edits[-1][1] >= 1
    form.set_values({"T_max": None})
    assert form.values()["T_max"] is None
