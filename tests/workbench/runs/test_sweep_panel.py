"""The Sweep tab as a person uses it: type fields and values, Start, watch the results
table fill, find the runs in the Runs tab; bad fields are one sentence; Stop stops."""

from __future__ import annotations

import copy

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from core.runs.store import RunStore
from core.runs.sweep.state import read_results_csv
from workbench.runs.sweep_panel import parse_values
from workbench.training.thread_reaper import live_threads


def small(window, epochs: int) -> None:
    exp = copy.deepcopy(window.document.experiment)
    exp["data"]["samples"] = 150
    exp["training"]["epochs"] = epochs
    window.document.edit("smaller", exp)
    assert window.wait_for_data()


def click(qtbot, button):
    assert button.isEnabled(), f"{button.text()} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_cell(qtbot, table, row: int, column: int, text: str) -> None:
    """Click a cell, press F2 to edit it, select what is there, type ``text``, Enter."""
    rect = table.visualRect(table.model().index(row, column))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.keyClick(table, Qt.Key.Key_F2)
    assert table.state() == table.State.EditingState, "F2 did not start editing the cell"
    (editor,) = [e for e in table.viewport().findChildren(QLineEdit) if e.isVisible()]
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)       # the view commits it queued
    qtbot.waitUntil(lambda: table.item(row, column).text() == text, timeout=5_000)


def open_sweep_tab(qtbot, window):
    """Click the Sweep tab; return its panel."""
    panel = window.runs_tab.sweep
    bar = window.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton,
                     pos=bar.tabRect(window.tabs.indexOf(panel)).center())
    assert window.tabs.currentWidget() is panel
    return panel


def cells(table) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def test_values_are_json_where_they_can_be():
    assert parse_values("0.01, 0.1,, 8") == [0.01, 0.1, 8]
    assert parse_values("sgd, adam, true") == ["sgd", "adam", True]


def test_a_sweep_started_in_the_tab_fills_the_table_and_the_runs(window, qtbot, runs_folder):
    small(window, epochs=3)
    panel = open_sweep_tab(qtbot, window)
    type_cell(qtbot, panel.fields, 0, 1, "0.01, 0.1")
    click(qtbot, panel.add_button)
    type_cell(qtbot, panel.fields, 1, 0, "optimizer.type")
    type_cell(qtbot, panel.fields, 1, 1, "sgd, adam")
    panel.workers.setValue(2)
    with qtbot.waitSignal(panel.sweep_ended, timeout=120_000) as ended:
        click(qtbot, panel.start_button)
        assert panel.running, panel.status.text()
    result = ended.args[0]
    assert (result.error, result.runs_done, result.total, result.interrupted) == \
        ("", 4, 4, False)
    rows = sorted(cells(panel.results), key=lambda r: int(r[0]))
    assert [r[:5] for r in rows] == [["0", "0.01", "sgd", "0", "complete"],
                                     ["1", "0.01", "adam", "0", "complete"],
                                     ["2", "0.1", "sgd", "0", "complete"],
                                     ["3", "0.1", "adam", "0", "complete"]]
    csv_rows = read_results_csv(result.out + "/results.csv")
    assert [float(r[5]) for r in rows] == \
        [float(r["val_accuracy"]) for r in csv_rows]     # the table shows what was recorded
    with RunStore(runs_folder) as store:
        recorded = store.list()
    assert sorted(r.id for r in recorded) == sorted(r["run_id"] for r in csv_rows)
    assert all(r.source == "sweep" for r in recorded)
    browser = window.runs_tab.browser
    qtbot.waitUntil(lambda: browser.model.rowCount() == 4, timeout=10_000)
    assert panel.status.text().startswith("Done: 4 of 4 runs; best: run ")


def test_a_field_the_experiment_does_not_have_is_one_sentence(window, qtbot):
    panel = open_sweep_tab(qtbot, window)
    type_cell(qtbot, panel.fields, 0, 0, "optimizer.lrr")
    click(qtbot, panel.start_button)
    assert panel.status.text() == ('parameters["optimizer.lrr"]: optimizer.lrr: the base '
                                   'experiment has no such field')
    assert not panel.running and panel.start_button.isEnabled()


def test_stop_ends_the_sweep_and_keeps_what_finished(window, qtbot, runs_folder):
    small(window, epochs=2000)
    panel = open_sweep_tab(qtbot, window)
    panel.workers.setValue(1)
    type_cell(qtbot, panel.fields, 0, 1, "0.01, 0.02, 0.03")
    click(qtbot, panel.start_button)
    assert panel.running and not panel.start_button.isEnabled()
    with qtbot.waitSignal(panel.sweep_ended, timeout=60_000) as ended:
        click(qtbot, panel.stop_button)
    assert ended.args[0].interrupted and ended.args[0].runs_done < 3
    assert panel.status.text().startswith("Stopped: ")
    qtbot.waitUntil(lambda: live_threads() == 0, timeout=10_000)
