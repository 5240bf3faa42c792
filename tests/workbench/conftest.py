"""Fixtures for GUI tests: a document, a designer, and drag-and-drop delivery."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication


@pytest.fixture
def document(qtbot):
    from workbench.document import ExperimentDocument
    return ExperimentDocument()


@pytest.fixture
def designer(qtbot, document):
    """A shown designer on the default experiment, for a 2-feature 3-class dataset."""
    from workbench.designer.designer import NetworkDesigner
    widget = NetworkDesigner(document)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.set_context(2, 3, "classification")
    with qtbot.waitActive(widget):  # shortcuts need an active window
        widget.show()
        widget.activateWindow()
    return widget


def drag_event(cls, pos, actions, mime):
    """A QDragEnterEvent/QDragMoveEvent at ``pos``: Qt >= 6.12 takes a QPointF (the QPoint
    form is deprecated there), older versions only a QPoint."""
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    try:
        return cls(QPointF(pos), actions, mime, buttons, mods)
    except TypeError:
        return cls(QPoint(int(pos.x()), int(pos.y())), actions, mime, buttons, mods)


def deliver_drop(target, mime, pos: QPoint, actions=None) -> QDropEvent:
    """Send what Qt sends on a real drag: enter, move, then drop, at ``pos`` of ``target``.

    ``target`` is the receiving widget (an item view's viewport); returns the drop event.
    """
    actions = actions or (Qt.DropAction.CopyAction | Qt.DropAction.MoveAction)
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = drag_event(QDragEnterEvent, pos, actions, mime)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted(), "the target refused the drag"
    move = drag_event(QDragMoveEvent, pos, actions, mime)
    QApplication.sendEvent(target, move)
    drop = QDropEvent(QPointF(pos), actions, mime, buttons, mods)
    QApplication.sendEvent(target, drop)
    return drop


@pytest.fixture(scope="session", autouse=True)
def main_thread_gc(qapp):
    """As in the application: the cyclic garbage collector runs only on the GUI thread.

    With automatic collection on, a worker thread that allocates past the threshold
    destroys Qt objects caught in reference cycles off the GUI thread, which deadlocks
    PySide (see :mod:`workbench.main_thread_gc`).
    """
    from workbench import main_thread_gc as policy
    return policy.install(qapp)


@pytest.fixture(autouse=True)
def collect_after_test(main_thread_gc):
    """Collect what is due after each test, on the main thread (tests that never wait
    for events never let the collector's timer run)."""
    yield
    main_thread_gc.check()


_MODAL_CALLS = {
    "QMessageBox": ("exec", "question", "warning", "information", "critical", "about"),
    "QDialog": ("exec",),
    "QFileDialog": ("getOpenFileName", "getSaveFileName", "getExistingDirectory",
                    "getOpenFileNames"),
    "QInputDialog": ("getText", "getInt", "getDouble", "getItem"),
}


@pytest.fixture(autouse=True)
def no_real_modal_dialogs(monkeypatch):
    """A real modal dialog waits for a person, so in a test it hangs the run (pytest-qt
    closes the test's windows before fixtures end: a close prompt would block there).
    Every way of opening one raises instead; tests replace the window's ``ask_*`` hooks."""
    from PySide6 import QtWidgets

    def refuse(cls_name, name):
        def modal(*args, **kwargs):
            raise AssertionError(f"a real modal dialog was opened ({cls_name}.{name}); "
                                 "replace the window's ask_* hook in the test")
        return modal

    for cls_name, names in _MODAL_CALLS.items():
        cls = getattr(QtWidgets, cls_name)
        for name in names:
            monkeypatch.setattr(cls, name, refuse(cls_name, name))


@pytest.fixture(autouse=True)
def discard_unexported_runs_on_close(monkeypatch):
    """Windows that trained are closed by pytest-qt before fixtures end; unless a test
    answers the "export the trained weights?" prompt itself (an instance hook, as in
    test_closing.py), the answer is Discard."""
    from PySide6.QtWidgets import QMessageBox

    from workbench.dashboard.training_view import TrainingView
    monkeypatch.setattr(TrainingView, "ask_unexported_run",
                        lambda self, run: QMessageBox.StandardButton.Discard)
