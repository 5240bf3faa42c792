"""Closing the window: never an abort, never a lost trained network.

* Closing while a large data set is still being prepared cancels the preparation at the
  loader's next progress report, ends the training thread at once and leaves no Qt
  warning; the process exits cleanly (no "QThread: Destroyed while thread is still
  running", no SIGABRT), even when the loader is slow to notice.
* Closing with a trained run whose weights were never exported asks first, as unsaved
  edits do: Export Weights… / Discard / Cancel.
"""

from __future__ import annotations

import copy
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox

from core.io import model_file_reading
from workbench.training.thread_reaper import live_threads

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def private_settings(tmp_path):
    folder = tmp_path / "qsettings"
    folder.mkdir()
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))


class Prompts:
    """Stands in for the window's dialogs."""

    def __init__(self):
        self.unexported: list[str] = []
        self.answer = QMessageBox.StandardButton.Cancel
        self.export_path = None
        self.errors: list[str] = []


@pytest.fixture
def window(qtbot, tmp_path):
    from workbench.main_window import MainWindow
    from workbench.settings import WorkbenchSettings
    win = MainWindow(None, WorkbenchSettings.at(tmp_path / "settings.ini"), restore_layout=False)
    prompts = Prompts()
    win.prompts = prompts
    win._show_error = lambda title, message: prompts.errors.append(message)
    win._ask_save_changes = lambda: QMessageBox.StandardButton.Discard   # never a real dialog
    view = win.training_view
    view.show_error = lambda title, message: prompts.errors.append(message)

    def ask_unexported_run(run):
        prompts.unexported.append(run.name)
        return prompts.answer
    view.ask_unexported_run = ask_unexported_run
    win.model_actions.ask_export_path = lambda suggested: (prompts.export_path, "")
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win._discarding = True
    win.close()
    qtbot.waitUntil(lambda: live_threads() == 0, timeout=10_000)


def small(win, epochs=3, samples=150):
    """Make the experiment small, as a person would in the Training and Data forms."""
    exp = copy.deepcopy(win.document.experiment)
    exp["data"]["samples"] = samples
    exp["training"]["epochs"] = epochs
    win.document.edit("smaller", exp)
    win.document.undo_stack.setClean()     # no unsaved-changes prompt in these tests
    assert win.wait_for_data()             # the Data panel loads it in the background


# ---------------------------------------------------------------- closing while preparing

class SlowLoader:
    """``core.data.spec.prepare`` reading a huge file: progress every 10 ms for a minute."""

    def __init__(self):
        import core.data
        import core.data.spec
        self.real = core.data.spec.prepare
        self.reports, self.cancelled = 0, False

    def __call__(self, spec, base_dir=None, path="data"):
        import time

        from core.progress import Cancelled, report
        start = time.monotonic()
        try:
            while time.monotonic() - start < 60:
                report((time.monotonic() - start) / 60, "Reading big.csv")
                self.reports += 1
                time.sleep(0.01)
        except Cancelled:
            self.cancelled = True
            raise
        return self.real(spec, base_dir, path)


def test_closing_the_window_while_the_data_is_prepared(window, qtbot, monkeypatch, qtlog):
    import core.data
    import core.data.spec
    loader = SlowLoader()
    monkeypatch.setattr(core.data.spec, "prepare", loader)
    # the worker reads the data itself (the Data panel's copy does not fit this run)
    monkeypatch.setattr(window.training_view.controller, "_cached_prepared", lambda *args: None)
    window.show_train_tab()
    view = window.training_view
    qtbot.mouseClick(view.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.progress.bar.format().startswith("Preparing: Reading big.csv"),
                    timeout=10_000)
    assert view.stop_button.isEnabled() and live_threads() == 1
    window.close()                                   # the real close path
    assert not window.isVisible()
    assert loader.cancelled                          # the preparation was abandoned ...
    assert view.session is None
    qtbot.waitUntil(lambda: live_threads() == 0, timeout=2_000)   # ... and the thread ended
    assert not [r.message for r in qtlog.records
                if "QThread" in r.message or "Destroyed" in r.message]


def test_stop_cancels_the_preparation_and_says_so(window, qtbot, monkeypatch):
    import core.data
    import core.data.spec
    loader = SlowLoader()
    monkeypatch.setattr(core.data.spec, "prepare", loader)
    # the worker reads the data itself (the Data panel's copy does not fit this run)
    monkeypatch.setattr(window.training_view.controller, "_cached_prepared", lambda *args: None)
    window.show_train_tab()
    view = window.training_view
    qtbot.mouseClick(view.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.progress.bar.value() > 0, timeout=10_000)
    assert "%" in view.progress.bar.format() and "Stop cancels" in view.progress.bar.format()
    qtbot.mouseClick(view.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.session is None, timeout=5_000)
    assert loader.cancelled and view.status.text() == "Cancelled: the run was not prepared."
    qtbot.waitUntil(lambda: live_threads() == 0, timeout=2_000)
    assert view.run_list.runs == []
    assert view.train_button.isEnabled() and not view.stop_button.isEnabled()


EXIT_SCRIPT = textwrap.dedent('''
    import os, sys, time
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    sys.path.insert(0, {root!r})
    import core.data
    from core.progress import Cancelled, report
    real = core.data.spec.prepare
    DEAF_S = {deaf!r}

    def slow(spec, base_dir=None, path="data"):
        start = time.monotonic()
        try:
            while time.monotonic() - start < 120:
                report(0.5, "Reading big.csv")
                time.sleep(0.01)
        except Cancelled:
            time.sleep(DEAF_S)         # a loader that notices the cancel late
            raise
        return real(spec, base_dir, path)

    calls = []

    def slow_after_the_first(spec, base_dir=None, path="data"):
        calls.append(spec)                 # the Data panel's own load runs at full speed
        return real(spec, base_dir, path) if len(calls) == 1 else slow(spec, base_dir, path)

    core.data.spec.prepare = slow_after_the_first
    from workbench.app import ensure_application
    app = ensure_application()
    from workbench.training.session import TrainingSession
    from workbench.training.thread_reaper import live_threads
    if DEAF_S:
        shutdown = TrainingSession.shutdown
        TrainingSession.shutdown = lambda self, timeout_s=0.1: shutdown(self, 0.1)
    from workbench.main_window import MainWindow
    from workbench.settings import WorkbenchSettings
    window = MainWindow(None, WorkbenchSettings.at({settings!r}), restore_layout=False)
    window.show()
    if not window.wait_for_data():
        sys.exit(4)
    # the worker reads the data itself (the Data panel's copy does not fit this run)
    window.training_view.controller._cached_prepared = lambda *args: None
    window.show_train_tab()
    window.training_view.train()
    deadline = time.monotonic() + 20
    while not window.training_view.progress.bar.format().startswith("Preparing: Reading"):
        app.processEvents()
        if time.monotonic() > deadline:
            sys.exit(3)
    window.close()
    print("closed, threads alive:", live_threads(), flush=True)
    del window
''')


@pytest.mark.parametrize("deaf_s", [0.0, 1.5])
def test_the_process_exits_cleanly_after_closing_mid_preparation(tmp_path, deaf_s):
    """Exit with the window closed while a data set loads: no abort. With ``deaf_s`` the
    loader ignores the cancel for a while after the window's wait gave up, so the exit
    itself (the reaper's atexit path) must wait for the thread to end."""
    script = tmp_path / "close_while_loading.py"
    script.write_text(EXIT_SCRIPT.format(root=str(ROOT), deaf=deaf_s,
                                         settings=str(tmp_path / "s.ini")))
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=60, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Destroyed while thread" not in done.stderr
    assert "closed, threads alive:" in done.stdout


# ---------------------------------------------------------------- a trained run, never exported

def test_closing_after_training_asks_to_export_the_weights(window, qtbot):
    small(window)
    view = window.training_view
    assert view.train_for_epochs(2, timeout_s=60)
    run = view.run
    window.prompts.answer = QMessageBox.StandardButton.Cancel
    window.close()
    assert window.isVisible() and window.prompts.unexported == [run.name]
    assert view.session is not None                  # Cancel: nothing was stopped
    window.prompts.answer = QMessageBox.StandardButton.Discard
    window.close()
    assert not window.isVisible() and len(window.prompts.unexported) == 2


def test_export_weights_from_the_prompt_then_close(window, qtbot, tmp_path):
    small(window)
    view = window.training_view
    assert view.train_for_epochs(2, timeout_s=60)
    target = tmp_path / "trained.npz"
    window.prompts.export_path = str(target)
    window.prompts.answer = QMessageBox.StandardButton.Save      # "Export Weights…"
    window.close()
    assert not window.isVisible() and window.prompts.errors == []
    back = model_file_reading.load_model_file(target)
    assert set(back.state) == set(view.run.weights)
    assert all(np.array_equal(back.state[k], view.run.weights[k]) for k in back.state)


def test_an_export_cancelled_from_the_prompt_keeps_the_window(window, qtbot):
    small(window)
    assert window.training_view.train_for_epochs(1, timeout_s=60)
    window.prompts.export_path = None                # the person cancels the file dialog
    window.prompts.answer = QMessageBox.StandardButton.Save
    window.close()
    assert window.isVisible()


def test_exported_runs_close_without_asking_until_they_train_on(window, qtbot, tmp_path):
    small(window, epochs=5)
    view = window.training_view
    assert view.train_for_epochs(2, timeout_s=60)
    window.prompts.export_path = str(tmp_path / "a.npz")
    window.export_weights_action.trigger()           # File › Export Weights… (Ctrl+E)
    assert (tmp_path / "a.npz").is_file() and view.run.exported_epoch == 2
    assert view.unexported_run() is None
    assert view.train_for_epochs(1, timeout_s=60)    # newer weights: not exported yet
    assert view.unexported_run() is view.run
    window.prompts.export_path = str(tmp_path / "b.npz")
    window.training_view.export_weights_action.trigger()   # the Train tab's Export › Weights…
    assert (tmp_path / "b.npz").is_file() and view.run.exported_epoch == 3
    window.close()
    assert not window.isVisible() and window.prompts.unexported == []


def test_nothing_trained_closes_without_asking(window, qtbot):
    small(window)
    view = window.training_view
    view.reset()                                     # prepared, not trained
    qtbot.waitUntil(lambda: view.run.info is not None, timeout=10_000)
    window.close()
    assert not window.isVisible() and window.prompts.unexported == []
