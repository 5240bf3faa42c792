"""Fixtures for the Runs and Sweep tabs: a runs folder of the test's own, a main window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from workbench.training.thread_reaper import live_threads


@pytest.fixture
def runs_folder(tmp_path, monkeypatch):
    folder = tmp_path / "runs"
    monkeypatch.setenv("NN_WORKBENCH_RUNS", str(folder))
    return folder


@pytest.fixture
def window(qtbot, tmp_path, runs_folder):
    from workbench.main_window import MainWindow
    from workbench.settings import WorkbenchSettings
    settings_folder = tmp_path / "qsettings"
    settings_folder.mkdir()
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(settings_folder))
    win = MainWindow(None, WorkbenchSettings.at(tmp_path / "settings.ini"), restore_layout=False)
    win.errors = []
    win._show_error = lambda title, message: win.errors.append(message)
    win._ask_save_changes = lambda: QMessageBox.StandardButton.Discard   # never a real dialog
    win.training_view.ask_unexported_run = lambda run: QMessageBox.StandardButton.Discard
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    yield win
    win._discarding = True
    win.close()
    qtbot.waitUntil(lambda: live_threads() == 0, timeout=10_000)
