"""A real table in the Data panel: its columns and roles, one click to change a role, the
plot of any two inputs, and the Predict dialog on raw rows."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from core.data import spec as data_spec
from core.io.model_file import predict
from core.io.model_file_reading import load_model_file
from tests.core.data.table_files import penguin_rows, write_table
from tests.core.data.test_table_encoding import NEW_ROWS, saved_model
from tests.workbench.waiting import wait_for_data
from workbench.designer.designer import DataContext


def open_table(window, path):
    panel = window.dataset_panel
    panel.set_file_dialog(lambda: str(path))
    row = panel.source_combo.findData("csv", Qt.ItemDataRole.UserRole)
    panel.source_combo.setCurrentIndex(row)
    panel.source_combo.activated.emit(row)
    wait_for_data(window)
    return panel


def click_item(qtbot, combo, data) -> None:
    """Open the combo box with a click and click the item whose data is ``data``."""
    combo.window().activateWindow()
    qtbot.mouseClick(combo, Qt.MouseButton.LeftButton)
    view = combo.view()
    qtbot.waitUntil(view.isVisible, timeout=2000)
    qtbot.wait(QApplication.doubleClickInterval() + 50)  # a popup ignores a release at once
    index = view.model().index(combo.findData(data), 0)
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.visualRect(index).center())
    wait_for_data(combo)


def cells(table) -> dict:
    out = {}
    for row in range(table.rowCount()):
        combo = table.cellWidget(row, 1)
        role = combo.currentData() if combo is not None else table.item(row, 1).text()
        out[table.item(row, 0).text()] = (role, table.item(row, 2).text(),
                                          table.item(row, 3).text())
    return out


def test_the_columns_of_a_table_and_a_role_changed_in_one_click(window, qtbot, tmp_path):
    panel = open_table(window, write_table(tmp_path / "penguins.csv", penguin_rows()))
    assert window.errors == [] and panel.error is None
    assert panel.columns_box.isVisible()
    assert cells(panel.column_table) == {
        "id": ("ignore", "—", "1 … 150"), "island": ("categorical", "—", "3 values"),
        "sex": ("categorical", "9.3 %", "2 values"), "bill": ("numeric", "8.0 %", "36.3 … 52"),
        "mass": ("numeric", "6.0 %", "3275 … 4512"),
        "year": ("categorical", "—", "3 values"), "colony": ("ignore", "—", "1 value"),
        "note": ("ignore", "—", "150 values"), "species": ("target", "—", "3 values")}
    assert window.designer.context == DataContext(11, 3, "classification")  # one-hot inputs
    assert "11 features" in panel.summary_label.text()
    combo = panel.column_table.role_combo("year")
    assert "detected: categorical (whole numbers, 3 values)" in combo.toolTip()

    click_item(qtbot, combo, "ignore")
    assert window.document.experiment["data"]["columns"] == {"year": "ignore"}
    assert window.designer.context == DataContext(8, 3, "classification")
    assert panel.column_table.role_combo("year").currentData() == "ignore"
    assert "chosen by you" in panel.column_table.role_combo("year").toolTip()
    click_item(qtbot, panel.column_table.role_combo("id"), "numeric")
    assert window.document.experiment["data"]["columns"] == {"year": "ignore", "id": "numeric"}
    assert window.designer.context == DataContext(9, 3, "classification")

    window.undo_action.trigger()
    wait_for_data(window)
    assert window.document.experiment["data"]["columns"] == {"year": "ignore"}
    assert panel.column_table.role_combo("id").currentData() == "ignore"
    window.undo_action.trigger()
    wait_for_data(window)
    assert not window.document.experiment["data"].get("columns")
    assert window.designer.context == DataContext(11, 3, "classification")


def test_each_column_shows_a_sparkline_of_its_histogram_or_categories(window, tmp_path):
    from PySide6.QtCore import QRectF

    from workbench.panels.column_table import PROFILE_ROLE, bar_rects
    rows = [[str(s), c, "yes" if k % 3 else "no"] for k, (s, c) in enumerate(zip(
        [1, 2, 2, 3, 3, 3, 4, 4, 4, 4, 5, 13],
        ["red"] * 5 + ["blue"] * 4 + ["green", "NA", "pink"]))]
    panel = open_table(window, write_table(tmp_path / "t.csv", rows, ["size", "colour", "y"]))
    table = panel.column_table
    assert window.errors == []
    shown = {table.item(r, 0).text(): table.item(r, 3).data(PROFILE_ROLE)
             for r in range(table.rowCount())}
    assert shown["size"] == {"kind": "histogram", "counts": [1, 2, 3, 4, 1, 0, 0, 0, 0, 0, 0, 1],
                             "low": 1.0, "high": 13.0}
    assert shown["colour"] == {"kind": "categories", "counts": [5, 4, 1, 1],
                               "labels": ["red", "blue", "green", "pink"]}
    assert shown["y"] == {"kind": "categories", "counts": [8, 4], "labels": ["yes", "no"]}
    assert table.item(1, 3).toolTip() == "4 values\nred: 5\nblue: 4\ngreen: 1\npink: 1"
    assert table.item(0, 3).toolTip().startswith("1 … 13\n1 … 2: 1\n2 … 3: 2\n")
    assert table.itemDelegateForColumn(3) is table.sparkline_delegate
    # the bars in a 28 × 26 cell: 4 px wide, 20 px for the tallest, the others to scale
    bars = bar_rects(shown["colour"], QRectF(10, 100, 28, 26))
    assert [(b.left(), b.width(), b.height(), b.bottom()) for b in bars] == [
        (12, 5, 20, 123), (18, 5, 16, 123), (24, 5, 4, 123), (30, 5, 4, 123)]
    assert len(bar_rects(shown["size"], QRectF(0, 0, 76, 26))) == 6  # empty bins: no bar
    # drawn: the cell of the colour column differs from the same cell without its profile
    QApplication.processEvents()
    rect = table.visualRect(table.model().index(1, 3))
    with_bars = table.viewport().grab(rect).toImage()
    table.item(1, 3).setData(PROFILE_ROLE, None)
    QApplication.processEvents()
    assert table.viewport().grab(rect).toImage() != with_bars


def test_a_role_that_cannot_be_used_leaves_the_experiment_as_it_was(window, qtbot, tmp_path):
    panel = open_table(window, write_table(tmp_path / "penguins.csv", penguin_rows(60)))
    before = dict(window.document.experiment["data"])
    click_item(qtbot, panel.column_table.role_combo("island"), "numeric")
    assert len(panel.errors) == 1
    assert "column 'island' holds 'Dream', which is neither a number" in panel.errors[0]
    assert window.document.experiment["data"] == before
    assert panel.column_table.role_combo("island").currentData() == "categorical"


def test_any_two_inputs_are_plotted(window, qtbot, tmp_path):
    panel = open_table(window, write_table(tmp_path / "penguins.csv", penguin_rows()))
    assert panel.plot_row.isVisible()
    assert panel.preview_stack.currentWidget() is panel.table  # 11 inputs: the summary first
    assert not panel.plot_y.isEnabled()
    click_item(qtbot, panel.plot_x, panel.plot_x.itemData(panel.plot_x.findText("bill")))
    click_item(qtbot, panel.plot_y, panel.plot_y.itemData(panel.plot_y.findText("mass")))
    assert panel.preview_stack.currentWidget() is panel.scatter
    plot = panel.scatter.plot_widget.getPlotItem()
    assert plot.getAxis("bottom").labelText == "bill" and plot.getAxis("left").labelText == "mass"
    points = [item for item in plot.items if hasattr(item, "points")]
    xs = np.concatenate([item.data["x"] for item in points])
    ys = np.concatenate([item.data["y"] for item in points])
    ds = panel.dataset
    assert sorted(xs.tolist()) == sorted(ds.X[:, 6].tolist())   # bill, in its own units
    assert sorted(ys.tolist()) == sorted(ds.X[:, 7].tolist())
    assert xs.min() > 35 and xs.max() < 55


def test_the_predict_dialog_takes_raw_rows_of_the_table(qtbot, tmp_path):
    from workbench.prediction_dialog import PredictDialog
    table = write_table(tmp_path / "penguins.csv", penguin_rows())
    prepared = data_spec.prepare({"source": "csv", "path": str(table), "seed": 4})
    _, path = saved_model(tmp_path, prepared)
    mf = load_model_file(path)
    dialog = PredictDialog(mf, "a table model")
    dialog.errors = []
    dialog.show_error = lambda title, message: dialog.errors.append(message)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "It takes rows of the training table (columns island, sex, bill, mass, year" \
        in dialog.model_label.text()
    (tmp_path / "new.csv").write_text(NEW_ROWS)
    dialog.ask_csv_path = lambda: str(tmp_path / "new.csv")
    qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
    assert dialog.errors == []
    assert "2 cells held a category not seen in training (island 'Atlantis', year '2010')" \
        in dialog.info_label.text()
    model = dialog.table_model
    assert model.rowCount() == 3 and model.columnCount() == 11 + 3 + 1
    assert model.headerData(0, Qt.Orientation.Horizontal) == "island=Biscoe"
    from core.data.prediction_inputs import read_inputs
    X, _ = read_inputs(tmp_path / "new.csv", 11, encoding=mf.encoding)
    want = predict(mf, X)
    got = np.array([[float(model.data(model.index(r, 11 + k))) for k in range(3)]
                    for r in range(3)])
    np.testing.assert_allclose(got, want, atol=1e-4)
    dialog.grab().save(str(tmp_path / "predict_table.png"))
