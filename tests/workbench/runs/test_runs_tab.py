"""The Runs tab as a person uses it: runs trained in the Train tab are recorded; the table
sorts, filters, compares curves, keeps tags and notes, deletes, and opens a run."""

from __future__ import annotations

import copy

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from core.io.model_file_reading import load_model_file
from core.runs.history import history_csv
from core.runs.run_files import RunFiles
from core.runs.store import RunStore
from tests.core.runs.conftest import fake_run, spiral, trained_run
from workbench.runs.runs_table_model import BEST, DATE, NAME
from workbench.training.run_records import FINISHED

T0 = 1_700_000_000.0


def small_experiment(window, epochs: int, **optimizer) -> None:
    exp = copy.deepcopy(window.document.experiment)
    exp["data"]["samples"] = 150
    exp["training"]["epochs"] = epochs
    exp["optimizer"].update(optimizer)
    window.document.edit("smaller", exp)
    assert window.wait_for_data()       # a person waits while the Data panel reloads


def click(qtbot, button):
    assert button.isEnabled(), f"{button.text()} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def click_row(qtbot, browser, row: int, modifier=Qt.KeyboardModifier.NoModifier):
    table = browser.table
    rect = table.visualRect(browser.proxy.index(row, NAME))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def click_header(qtbot, browser, column: int):
    header = browser.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))


def ids_in_table(browser) -> list[str]:
    from workbench.runs.runs_table_model import ID_ROLE
    return [browser.proxy.index(r, 0).data(ID_ROLE) for r in range(browser.proxy.rowCount())]


# ---------------------------------------------------------------- recording
def test_a_run_trained_in_the_train_tab_is_recorded_and_listed(window, qtbot, runs_folder):
    view, browser = window.training_view, window.runs_tab.browser
    small_experiment(window, epochs=3)
    view.set_pace(None)
    click(qtbot, view.train_button)
    qtbot.waitUntil(lambda: view.session.state == FINISHED, timeout=60_000)
    qtbot.waitUntil(lambda: browser.model.rowCount() == 1, timeout=10_000)
    (row,) = browser.model.rows
    run = view.run
    assert (row.source, row.epochs, row.stopped, row.optimizer, row.lr, row.data,
            row.network, row.metric) == ("gui", 3, "completed", "adam", 0.01,
                                         "spiral (150 samples)", "2-32-32-3 relu, softmax",
                                         "val_accuracy")
    with RunStore(runs_folder) as store:
        details = store.show(row.id)
        model = load_model_file(store.model_path(row.id))
        assert store.experiment(row.id) == run.experiment
    assert details.files == ("experiment.json", "history.csv", "model.npz", "summary.json")
    assert [r["epoch"] for r in details.history] == [1, 2, 3]
    assert [r["val_loss"] for r in details.history] == \
        pytest.approx([r["val_loss"] for r in run.history.epochs], rel=1e-12)
    assert row.best == max(r["val_accuracy"] for r in details.history)
    assert model.state.keys() == run.weights.keys()
    for name, array in run.weights.items():
        np.testing.assert_array_equal(model.state[name], array)

    # a second run with another learning rate is a second row; the first stays as it was
    small_experiment(window, epochs=2, lr=0.05)
    click(qtbot, view.train_button)
    qtbot.waitUntil(lambda: browser.model.rowCount() == 2, timeout=60_000)
    assert sorted((r.lr, r.epochs) for r in browser.model.rows) == [(0.01, 3), (0.05, 2)]


def test_a_run_stopped_or_cut_short_by_closing_is_never_lost(window, qtbot, runs_folder):
    view = window.training_view
    small_experiment(window, epochs=100_000)
    view.set_pace(None)
    click(qtbot, view.train_button)
    qtbot.waitUntil(lambda: view.run is not None and view.run.epoch >= 2, timeout=60_000)
    window._discarding = True
    window.close()                       # while it trains: no wait, no prompt
    with RunStore(runs_folder) as store:
        (row,) = store.list()
    assert row.stopped == "interrupted" and row.epochs >= 2 and row.source == "gui"


# ---------------------------------------------------------------- the browser
def run_with_history(name, val_loss, **summary) -> RunFiles:
    base = fake_run(name=name, **summary)
    rows = [{"epoch": i + 1, "val_loss": v, "train_loss": v + 0.1}
            for i, v in enumerate(val_loss)]
    return RunFiles({"history.csv": history_csv(rows).encode()}, base.summary)


@pytest.fixture
def browser(qtbot, tmp_path):
    from workbench.runs.runs_browser import RunsBrowser
    folder = tmp_path / "browsed"
    with RunStore(folder) as store:
        store.record(run_with_history("spiral-a", [1.0, 0.5, 0.25], best=0.9, started=T0),
                     run_id="a-run")
        store.record(run_with_history("spiral-b", [0.9, 0.8, 0.7], best=0.95, lr=0.1,
                                      started=T0 + 60), run_id="b-run")
        store.record(run_with_history("moons", [2.0, 1.0], best=0.7, data="moons (400)",
                                      started=T0 + 120), run_id="c-run", tags=["keep"])
    widget = RunsBrowser(folder)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    qtbot.waitUntil(lambda: widget.model.rowCount() == 3, timeout=10_000)
    widget.ask_delete = lambda n: True
    return widget


def test_the_table_sorts_by_a_clicked_header_and_filters_as_you_type(browser, qtbot):
    assert ids_in_table(browser) == ["c-run", "b-run", "a-run"]     # newest first
    click_header(qtbot, browser, BEST)                 # best 0.7 (c), 0.9 (a), 0.95 (b)
    first = ids_in_table(browser)
    click_header(qtbot, browser, BEST)                 # the other way round
    assert {tuple(first), tuple(ids_in_table(browser))} == \
        {("c-run", "a-run", "b-run"), ("b-run", "a-run", "c-run")}
    click_header(qtbot, browser, DATE)
    qtbot.keyClicks(browser.filter, "SPIRAL")
    assert sorted(ids_in_table(browser)) == ["a-run", "b-run"]
    assert browser.count.text() == "2 of 3 runs"
    browser.filter.clear()
    qtbot.keyClicks(browser.filter, "keep")          # tags are searched too
    assert ids_in_table(browser) == ["c-run"]


def test_selecting_two_runs_draws_both_curves_in_one_plot(browser, qtbot):
    browser.filter.clear()
    order = ids_in_table(browser)
    with qtbot.waitSignal(browser.curves_shown, timeout=10_000):
        click_row(qtbot, browser, order.index("a-run"))
    assert list(browser.curves.items) == ["a-run"]
    with qtbot.waitSignal(browser.curves_shown, timeout=10_000):
        click_row(qtbot, browser, order.index("b-run"), Qt.KeyboardModifier.ControlModifier)
    assert sorted(browser.curves.items) == ["a-run", "b-run"]
    x, y = browser.curves.items["b-run"].getData()
    assert (list(x), list(y)) == ([1.0, 2.0, 3.0], [0.9, 0.8, 0.7])   # validation loss
    browser.curves.choose("train_loss")
    x, y = browser.curves.items["a-run"].getData()
    assert list(y) == pytest.approx([1.1, 0.6, 0.35])
    assert browser.details.text() == "2 runs selected: their curves are in the plot."
    assert not browser.tags.isEnabled() and browser.delete_button.isEnabled()


def test_tags_and_note_are_saved_and_delete_asks_first(browser, qtbot):
    order = ids_in_table(browser)
    click_row(qtbot, browser, order.index("b-run"))
    browser.tags.clear()
    qtbot.keyClicks(browser.tags, "best lr, baseline,, best lr")
    qtbot.keyClicks(browser.note, "lr 0.1 wins")
    with qtbot.waitSignal(browser.loaded, timeout=10_000):
        click(qtbot, browser.save_button)
    with RunStore(browser.folder) as store:
        row = store.get("b-run")
    assert (row.tags, row.note) == (("best lr", "baseline"), "lr 0.1 wins")
    assert browser.selected_ids() == ["b-run"]          # still selected after the reload

    asked = []
    browser.ask_delete = lambda n: asked.append(n) or False
    click(qtbot, browser.delete_button)
    assert asked == [1] and browser.model.rowCount() == 3   # "No": nothing happens
    browser.ask_delete = lambda n: asked.append(n) or True
    click_row(qtbot, browser, ids_in_table(browser).index("c-run"),
              Qt.KeyboardModifier.ControlModifier)
    with qtbot.waitSignal(browser.loaded, timeout=10_000):
        click(qtbot, browser.delete_button)
    assert asked == [1, 2] and ids_in_table(browser) == ["a-run"]
    assert sorted(p.name for p in browser.folder.iterdir() if p.is_dir()) == ["a-run"]


def test_open_in_designer_puts_the_runs_experiment_and_weights_there(qtbot, tmp_path,
                                                                     runs_folder, window):
    trainer, _history, _finished, files = trained_run(spiral(epochs=2))
    with RunStore(runs_folder) as store:
        run_id = store.record(files)
    browser = window.runs_tab.browser
    window.tabs.setCurrentWidget(browser)
    click(qtbot, browser.refresh_button)
    qtbot.waitUntil(lambda: run_id in ids_in_table(browser), timeout=10_000)
    click_row(qtbot, browser, ids_in_table(browser).index(run_id))
    click(qtbot, browser.open_button)
    assert window.tabs.currentIndex() == 0 and window.errors == []
    assert window.document.experiment == trainer.experiment
    for name, array in trainer.model.state_dict().items():
        np.testing.assert_array_equal(window.document.init_state[name], array)


def test_the_runs_folder_can_be_changed_and_is_remembered(window, qtbot, tmp_path):
    other = tmp_path / "other-runs"
    with RunStore(other) as store:
        store.record(fake_run(name="elsewhere"), run_id="x-run")
    window.runs_tab.ask_folder = lambda: str(other)
    browser = window.runs_tab.browser
    with qtbot.waitSignal(browser.loaded, timeout=10_000):
        click(qtbot, window.runs_tab.folder_button)
    assert ids_in_table(browser) == ["x-run"]
    assert window.runs_tab.recorder.folder == other
    assert window.settings.qsettings.value("runs/folder") == str(other)
