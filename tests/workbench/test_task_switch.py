"""Switching the data's task, as a new user did (issue 11, item 1): default spiral →
"Sine curve (regression)" → the Check panel's one Fix → a regression network that
trains; and a loss that does not fit the targets refused in one sentence, in the GUI
and at the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox

from core import experiment as experiments
from workbench.training.run_records import FINISHED
from workbench.training.thread_reaper import live_threads

ROOT = Path(__file__).resolve().parents[2]
CE_ON_SINE = ("loss: cross-entropy compares class probabilities with class labels, but the "
              "targets of sine are real numbers (a regression task); use a regression loss "
              "such as MSE, with no softmax or sigmoid on the output")


@pytest.fixture(autouse=True)
def private_settings(tmp_path):
    folder = tmp_path / "qsettings"
    folder.mkdir()
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))


@pytest.fixture
def window(qtbot, tmp_path):
    from workbench.main_window import MainWindow
    from workbench.settings import WorkbenchSettings
    win = MainWindow(settings=WorkbenchSettings.at(tmp_path / "settings.ini"),
                     restore_layout=False)
    win.errors = []
    win._show_error = lambda title, message: win.errors.append(message)
    win._ask_save_changes = lambda: QMessageBox.StandardButton.Discard
    win.dataset_panel._show_error_box = lambda message: win.errors.append(message)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    with qtbot.waitActive(win):
        win.show()
        win.activateWindow()
    yield win
    view = win.training_view
    if view is not None and getattr(view, "session", None) is not None:
        view.shutdown()
    win._discarding = True
    qtbot.waitUntil(lambda: live_threads() == 0, timeout=10_000)


def choose(combo, data):
    """Pick the combo item whose data is ``data`` as a person does: select, 'activated'."""
    index = next(i for i in range(combo.count())
                 if combo.itemData(i, Qt.ItemDataRole.UserRole) == data)
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def type_into(qtbot, widget, text: str) -> None:
    widget.setFocus()
    line = widget.lineEdit() if hasattr(widget, "lineEdit") else widget
    line.selectAll()
    qtbot.keyClicks(line, text)
    qtbot.keyClick(line, Qt.Key.Key_Return)


def the_issues_stack() -> dict:
    """What the old one-click fix left: sine data, Dense(1) → softmax, cross-entropy."""
    doc = experiments.default_experiment()
    doc["data"] = {"source": "sine", "samples": 100}
    doc["model"]["layers"][4]["units"] = 1
    return experiments.normalize(doc)


def finding_rows(window):
    return [r for r in window.designer.analysis_panel.rows if hasattr(r, "finding")]


def test_sine_after_spiral_one_fix_makes_a_regression_network_that_trains(qtbot, window):
    assert window.document.experiment["data"]["source"] == "spiral" and window.train_enabled
    choose(window.dataset_panel.source_combo, "sine")
    qtbot.waitUntil(lambda: window.designer.context == (1, 1, "regression"), timeout=10_000)

    # One finding, an error, with one fix for the whole output and the loss.
    rows = finding_rows(window)
    assert [r.finding.severity for r in rows] == ["error"]
    assert rows[0].finding.message.startswith(
        "The network outputs 3 values through a softmax with the cross-entropy loss, a "
        "classification setup, but the data are a regression task with 1 real-valued target")
    assert not window.train_enabled
    assert window.train_disabled_reason == rows[0].finding.message
    assert rows[0].fix_button.text() == "Fix: regression: 1 output, no softmax, MSE loss"
    qtbot.mouseClick(rows[0].fix_button, Qt.MouseButton.LeftButton)

    experiment = window.document.experiment
    layers = experiment["model"]["layers"]
    assert [s["type"] for s in layers] == ["dense", "relu", "dense", "relu", "dense"]
    assert layers[-1]["units"] == 1 and layers[0]["units"] == 32
    assert experiment["loss"] == {"type": "mse"}
    assert finding_rows(window) == []
    assert "Ready to train" in window.designer.analysis_panel.headline.text()
    assert window.train_enabled
    assert window.document.undo_stack.undoText() == \
        "regression: 1 output, no softmax, MSE loss"  # one undo step for layers and loss

    type_into(qtbot, window.training_panel.training_form.widget("epochs"), "30")
    assert window.document.experiment["training"]["epochs"] == 30
    window.show_train_tab()
    view = window.training_view
    qtbot.mouseClick(view.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.session is not None and view.session.state == FINISHED,
                    timeout=60_000)
    run = view.run
    assert run.error is None and run.finish.reason == "completed" and run.epoch == 30
    loss = run.history.epoch_column("train_loss")
    assert len(loss) == 30 and loss[-1] < 0.5 * loss[0]
    assert window.errors == []

    # Undo (the epochs, then the fix) brings the classification stack back in one step.
    bar = window.tabs.tabBar()                  # back to the Design tab, as a person would
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(0).center())
    assert window.tabs.currentIndex() == 0
    window.undo_action.trigger()
    assert window.document.experiment["training"]["epochs"] == 200
    window.undo_action.trigger()
    assert window.document.experiment["loss"]["type"] == "cross_entropy"
    assert window.document.experiment["model"]["layers"][-1] == {"type": "softmax"}


def test_back_to_classes_one_fix_restores_softmax_and_cross_entropy(qtbot, window):
    choose(window.dataset_panel.source_combo, "sine")
    qtbot.waitUntil(lambda: window.designer.context == (1, 1, "regression"), timeout=10_000)
    qtbot.mouseClick(finding_rows(window)[0].fix_button, Qt.MouseButton.LeftButton)
    choose(window.dataset_panel.source_combo, "spiral")  # a fresh spiral has 2 classes
    qtbot.waitUntil(lambda: window.designer.context == (2, 2, "classification"),
                    timeout=10_000)
    (row,) = finding_rows(window)
    assert row.finding.severity == "error"
    assert row.fix_button.text() == "Fix: classification: 2 outputs, softmax, cross-entropy"
    qtbot.mouseClick(row.fix_button, Qt.MouseButton.LeftButton)
    expected = experiments.default_experiment()["model"]["layers"]
    expected[4]["units"] = 2
    assert window.document.experiment["model"]["layers"] == expected
    assert window.document.experiment["loss"]["type"] == "cross_entropy"
    assert finding_rows(window) == [] and window.train_enabled


def test_the_training_view_shows_the_engines_refusal(qtbot):
    """Past the analysis (an experiment opened and trained at once) the trainer refuses."""
    from workbench.dashboard.training_view import TrainingView
    from workbench.document import ExperimentDocument
    doc = the_issues_stack()
    view = TrainingView(ExperimentDocument(doc))
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    qtbot.waitExposed(view)
    try:
        qtbot.mouseClick(view.train_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: view.run is not None and view.run.error is not None,
                        timeout=20_000)
        assert view.run.error == CE_ON_SINE
        assert CE_ON_SINE in view.banner.text()
    finally:
        view.shutdown()
        qtbot.waitUntil(lambda: live_threads() == 0, timeout=10_000)


def test_command_line_refuses_a_loss_that_does_not_fit_with_exit_2(tmp_path):
    doc = the_issues_stack()  # before: IndexError, "internal error", exit 1
    path = tmp_path / "sine_ce.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "workbench.cli", "train", str(path), "--out",
                           str(tmp_path / "run")], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2
    assert done.stderr == f"nn-workbench: error: {CE_ON_SINE}\n"
    assert done.stdout == "" and not (tmp_path / "run" / "model.npz").exists()
