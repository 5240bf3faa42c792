"""The last-resort handler: an exception nobody caught becomes a message box, never silence."""

from __future__ import annotations

import sys
import threading

import pytest
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from core.errors import DataError
from workbench.error_reporting import ErrorReporter, sentence_for


@pytest.fixture
def reporter(qtbot, capsys):
    """A reporter installed for the test (pytest-qt's own hook comes back afterwards)."""
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    rep = ErrorReporter(parent).install()
    yield rep
    rep.uninstall()
    if rep.box is not None:
        rep.box.close()


def boom():
    return 1 / 0


def test_an_exception_in_a_slot_opens_a_box_with_the_sentence_and_details(qtbot, reporter,
                                                                          capsys):
    QTimer.singleShot(0, boom)  # as any slot or event handler would raise
    qtbot.waitUntil(lambda: reporter.box is not None and reporter.box.isVisible(),
                    timeout=5000)
    box = reporter.box
    assert box.windowTitle() == "Unexpected error"
    assert box.text() == ("Something went wrong inside the workbench (ZeroDivisionError: "
                          "division by zero). It keeps running; if anything looks wrong, "
                          "save your work and restart it.")
    assert "Traceback" in box.detailedText() and "in boom" in box.detailedText()
    assert "ZeroDivisionError" in capsys.readouterr().err  # still on stderr as well
    assert box.icon() == QMessageBox.Icon.Critical


def test_an_exception_in_a_thread_is_shown_on_the_gui_thread(qtbot, reporter):
    def work():
        raise DataError("/tmp/x.csv: row 3 has 2 cells; expected 3")
    thread = threading.Thread(target=work, name="reader")
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: reporter.box is not None, timeout=5000)
    assert reporter.shown[-1].thread == "reader"
    assert reporter.box.text() == "/tmp/x.csv: row 3 has 2 cells; expected 3"
    assert reporter.box.thread() is QApplication.instance().thread()


def test_a_repeating_error_opens_one_box_and_counts_the_rest(qtbot, reporter):
    for _ in range(3):
        QTimer.singleShot(0, boom)
    qtbot.waitUntil(lambda: len(reporter.shown) == 3, timeout=5000)
    boxes = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, QMessageBox) and w.isVisible()]
    assert boxes == [reporter.box]
    assert reporter.box.informativeText().startswith("2 more unexpected errors")


def test_ctrl_c_is_left_to_python(reporter, monkeypatch):
    seen = []
    monkeypatch.setattr(reporter, "_previous_hooks",
                        (lambda *a: seen.append(a[0]), threading.excepthook))
    reporter.excepthook(KeyboardInterrupt, KeyboardInterrupt(), None)
    assert seen == [KeyboardInterrupt] and reporter.shown == []


def test_memory_errors_get_a_plain_sentence():
    assert "ran out of memory" in sentence_for(MemoryError())


def test_the_application_installs_it(qtbot, monkeypatch):
    from workbench import app as app_module
    from workbench import error_reporting

    class Window:
        def show(self):
            pass

    class FakeApp(QObject):  # the event loop returns at once
        def exec(self):
            return 0

    fake_app = FakeApp()
    monkeypatch.setattr("workbench.main_window.MainWindow", Window)
    monkeypatch.setattr(app_module, "ensure_application", lambda: fake_app)
    before = sys.excepthook, threading.excepthook

    monkeypatch.setattr(error_reporting, "_reporter", None)
    try:
        assert app_module.run_gui() == 0
        assert sys.excepthook == error_reporting._reporter.excepthook
        assert threading.excepthook == error_reporting._reporter.thread_excepthook
    finally:
        if error_reporting._reporter is not None:
            error_reporting._reporter.uninstall()
    assert (sys.excepthook, threading.excepthook) == before
