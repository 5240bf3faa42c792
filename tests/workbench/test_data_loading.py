"""The Data panel reads data in the background: progress, Cancel, closing, special files."""

from __future__ import annotations

import gc
import os
import threading
import time
import weakref

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox

from core import experiment as experiments
from core.data.spec import prepare as real_prepare
from core.io import experiment_file
from core.progress import Cancelled, report
from tests.workbench.waiting import wait_for_data
from workbench.panels import data_loader


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
    panel = win.dataset_panel
    panel.errors = []
    panel._show_error_box = lambda message: panel.errors.append(message)
    qtbot.addWidget(win)
    win.show()
    wait_for_data(win)
    yield win
    win._discarding = True
    win.close()


class GatedPrepare:
    """Stands in for :func:`core.data.spec.prepare`: reports progress until the gate opens
    (a file that takes as long as the test wants), then prepares the real data."""

    def __init__(self):
        self.gate = threading.Event()
        self.started = threading.Event()
        self.cancelled = threading.Event()
        self.threads: list[threading.Thread] = []

    def __call__(self, spec, base_dir=None, path="data"):
        self.threads.append(threading.current_thread())
        self.started.set()
        step = 0
        try:
            while not self.gate.is_set():
                report(min(0.9, step / 50), "Parsing numbers")
                step += 1
                time.sleep(0.005)
        except Cancelled:
            self.cancelled.set()
            raise
        return real_prepare(spec, base_dir, path)


@pytest.fixture
def gated(monkeypatch):
    fake = GatedPrepare()
    monkeypatch.setattr(data_loader, "prepare", fake)
    yield fake
    fake.gate.set()


def write_points_csv(path, rows: int = 300, features: int = 3) -> None:
    lines = [",".join(f"f{j}" for j in range(features)) + ",label"]
    for i in range(rows):
        lines.append(",".join(str((i * (j + 3)) % 17) for j in range(features)) + f",{i % 2}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_choosing_a_slow_file_shows_progress_and_cancel_keeps_the_previous_data(
        window, qtbot, gated, tmp_path):
    panel = window.dataset_panel
    big = tmp_path / "customers.csv"
    write_points_csv(big)
    before = window.document.experiment
    summary_before = panel.summary_label.text()
    panel.set_file_dialog(lambda: str(big))
    csv_row = panel.source_combo.findData("csv", Qt.ItemDataRole.UserRole)
    panel.source_combo.setCurrentIndex(csv_row)  # Source › CSV file asks for the file
    panel.source_combo.activated.emit(csv_row)
    assert gated.started.wait(10)
    qtbot.waitUntil(lambda: panel.progress_box.isVisible(), timeout=5000)
    assert panel.loading
    assert "customers.csv" in panel.progress_label.toolTip()
    qtbot.waitUntil(lambda: panel.progress_bar.value() > 0, timeout=5000)
    # the reading happens on another thread: the window keeps answering clicks meanwhile
    assert gated.threads and gated.threads[0] is not threading.main_thread()
    qtbot.mouseClick(window.settings_tabs.tabBar(), Qt.MouseButton.LeftButton,
                     pos=window.settings_tabs.tabBar().tabRect(1).center())
    assert window.settings_tabs.currentIndex() == 1
    window.settings_tabs.setCurrentIndex(0)
    assert window.train_enabled  # the spiral is still the experiment's data
    # nothing changed yet: the edit happens only once the data has loaded
    assert window.document.experiment is before

    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.loading, timeout=5000)
    assert gated.cancelled.is_set()
    assert window.document.experiment is before
    assert window.document.undo_stack.count() == 0
    assert panel.summary_label.text() == summary_before  # the spiral is still shown
    assert panel.preview_stack.currentWidget() is panel.scatter
    assert panel.errors == []
    assert "cancelled" in panel.progress_label.text().lower()
    assert window.train_enabled, window.train_disabled_reason


def test_a_csv_loads_in_the_background_and_training_reuses_its_arrays(window, qtbot, tmp_path):
    panel = window.dataset_panel
    path = tmp_path / "points.csv"
    write_points_csv(path, rows=400, features=3)
    panel.set_file_dialog(lambda: str(path))
    assert panel.choose_file()
    wait_for_data(window)
    assert window.document.experiment["data"]["path"] == str(path.resolve())
    assert "400 samples (320 training, 80 validation)" in panel.summary_label.text()
    loaded = window.dataset
    assert loaded.n_features == 3 and loaded.feature_names == ["f0", "f1", "f2"]
    # the Train tab starts from the arrays the panel read: no second copy
    window.designer.apply_fix({"action": "set_field", "layer": 4, "field": "units",
                               "value": 2, "label": "set output units to 2"})
    assert window.train_enabled, window.train_disabled_reason
    window.training_panel.training_form.widget("epochs").setValue(1)
    view = window.training_view
    assert view.train_for_epochs(1, timeout_s=60)
    assert view.run.info.prepared is loaded.prepared


def test_replacing_a_file_releases_the_old_arrays(window, qtbot, tmp_path, monkeypatch):
    from workbench.panels import dataset_panel
    monkeypatch.setattr(dataset_panel, "_CACHE_BYTES", 0)  # as for files beyond the budget
    panel = window.dataset_panel
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    write_points_csv(first, rows=200)
    write_points_csv(second, rows=250)
    panel.set_file_dialog(lambda: str(first))
    panel.choose_file()
    wait_for_data(window)
    old = weakref.ref(window.dataset.prepared)
    panel.set_file_dialog(lambda: str(second))
    panel.choose_file()
    wait_for_data(window)
    assert window.dataset.summary["rows"] == 250
    gc.collect()
    assert old() is None, "the first file's arrays are still held somewhere"


def test_closing_the_window_during_a_load_ends_the_thread(window, qtbot, gated, tmp_path):
    panel = window.dataset_panel
    path = tmp_path / "slow.csv"
    write_points_csv(path)
    panel.set_file_dialog(lambda: str(path))
    panel.choose_file()
    assert gated.started.wait(10)
    assert data_loader.live_threads() == 1
    window._discarding = True
    window.close()  # cancels and waits: no "QThread: Destroyed while thread is still running"
    assert gated.cancelled.is_set()
    assert data_loader.live_threads() == 0


def test_opening_an_experiment_whose_data_is_slow_can_be_cancelled_and_loaded_again(
        window, qtbot, gated, tmp_path):
    panel = window.dataset_panel
    data = tmp_path / "slow.csv"
    write_points_csv(data)
    exp = experiments.default_experiment()
    exp["data"] = {"source": "csv", "path": "slow.csv"}
    exp["model"]["layers"][4]["units"] = 2
    experiment_file.save(exp, tmp_path / "slow.json")
    assert window.open_file(tmp_path / "slow.json")
    assert gated.started.wait(10)
    assert not window.train_enabled
    assert window.train_disabled_reason == "The data is still loading."
    qtbot.waitUntil(lambda: panel.cancel_button.isVisible(), timeout=5000)
    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.loading, timeout=5000)
    assert "cancelled" in window.train_disabled_reason
    assert panel.retry_button.isVisible()
    gated.gate.set()
    qtbot.mouseClick(panel.retry_button, Qt.MouseButton.LeftButton)
    wait_for_data(window)
    assert window.train_enabled, window.train_disabled_reason
    assert not panel.retry_button.isVisible()
    assert "300 samples" in panel.summary_label.text()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
def test_a_named_pipe_is_refused_as_data_experiment_and_model(window, qtbot, tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    panel = window.dataset_panel
    panel.set_file_dialog(lambda: str(fifo))
    assert not panel.choose_file()
    assert not panel.loading
    assert len(panel.errors) == 1 and "named pipe" in panel.errors[0]
    assert window.document.experiment["data"]["source"] == "spiral"

    assert not window.open_file(fifo)
    assert "named pipe" in window.errors[-1] and "experiment" in window.errors[-1]
    model_fifo = tmp_path / "pipe.npz"     # a model file's suffix: only the pipe is wrong
    os.mkfifo(model_fifo)
    assert not window.model_actions.open_model(model_fifo)
    assert "named pipe" in window.errors[-1]

    # an experiment naming the pipe as its data: refused by the loading thread, no hang
    exp = experiments.default_experiment()
    exp["data"] = {"source": "csv", "path": str(fifo)}
    experiment_file.save(exp, tmp_path / "pipe.json")
    assert window.open_file(tmp_path / "pipe.json")
    wait_for_data(window)
    assert "named pipe" in window.train_disabled_reason
    assert panel.error_label.isVisibleTo(panel)
    assert data_loader.live_threads() == 0


def encrypted_npz(path) -> None:
    """A .npz whose members claim to be encrypted (zip flag bit 0), as a locked archive."""
    import numpy as np
    np.savez(path, X=np.arange(40.0).reshape(20, 2), y=np.arange(20) % 2)
    data = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        while at >= 0:
            data[at + offset] |= 1
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))


def oversized_cell_csv(path) -> None:
    path.write_text('a,b,label\n"x' + "1" * 300_000 + '",2,0\n3,4,1\n5,6,0\n7,8,1\n',
                    encoding="utf-8")


@pytest.mark.parametrize("make, name", [(encrypted_npz, "locked.npz"),
                                        (oversized_cell_csv, "huge_cell.csv")],
                         ids=["encrypted-npz", "oversized-cell-csv"])
def test_an_unreadable_file_is_one_sentence(window, tmp_path, make, name):
    path = tmp_path / name
    make(path)
    panel = window.dataset_panel
    panel.set_file_dialog(lambda: str(path))
    panel.choose_file()
    wait_for_data(window)
    assert len(panel.errors) == 1
    message = panel.errors[0]
    assert name in message and "\n" not in message and "Traceback" not in message
    assert window.document.experiment["data"]["source"] == "spiral"  # nothing changed
