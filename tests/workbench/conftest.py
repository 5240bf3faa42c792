"""Fixtures for GUI tests: private settings, a main window, a Train tab, a document, a
designer, and drag-and-drop delivery; the few steps a person takes in many tests
(:func:`experiment`, :func:`click`, :func:`state`)."""

from __future__ import annotations

import copy

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QSettings, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from core.experiment import default_experiment, normalize
from tests.workbench.waiting import wait_for_data
from workbench.designer.layer_cards import CONNECTOR
from workbench.training.thread_reaper import live_threads


@pytest.fixture(autouse=True)
def private_settings(tmp_path_factory):
    """Point every QSettings at a temporary folder, so no test touches the user's settings
    (a folder of its own: a test's ``tmp_path`` holds only what the test wrote)."""
    folder = tmp_path_factory.mktemp("qsettings")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))
    return folder


@pytest.fixture
def settings(tmp_path):
    """The window's own settings, in an INI file of the test's temporary folder."""
    from workbench.settings import WorkbenchSettings
    return WorkbenchSettings.at(tmp_path / "settings.ini")


@pytest.fixture
def window(qtbot, settings):
    """A shown, active main window on the default experiment, its data loaded.

    Its message boxes are recorded instead of shown: ``window.errors`` (the window's) and
    ``window.dataset_panel.errors`` (the Data panel's); "save changes?" answers Discard.
    Teardown stops any training and waits until no training thread is left.
    """
    from workbench.main_window import MainWindow
    win = MainWindow(settings=settings, restore_layout=False)
    win.errors = []
    win._show_error = lambda title, message: win.errors.append(message)
    win._ask_save_changes = lambda: QMessageBox.StandardButton.Discard
    panel = win.dataset_panel
    panel.errors = []
    panel._show_error_box = lambda message: panel.errors.append(message)
    qtbot.addWidget(win)
    with qtbot.waitActive(win):
        win.show()
        win.activateWindow()
    wait_for_data(win)
    yield win
    if win.training_view.session is not None:
        win.training_view.shutdown()
    win._discarding = True
    win.close()
    qtbot.waitUntil(lambda: live_threads() == 0, timeout=10_000)


def choose(combo, data, role=Qt.ItemDataRole.UserRole):
    """Pick the item whose data is ``data`` as a person does: select it, then 'activated';
    then wait for the data, which loads in the background."""
    index = next(i for i in range(combo.count()) if combo.itemData(i, role) == data)
    combo.setCurrentIndex(index)
    combo.activated.emit(index)
    wait_for_data(combo)  # the data loads in the background


def type_into(qtbot, widget, text: str) -> None:
    """Replace a spin box's or line edit's text and press Enter (then wait for the data
    when the widget is in a main window)."""
    widget.setFocus()
    line = widget.lineEdit() if hasattr(widget, "lineEdit") else widget
    line.selectAll()
    qtbot.keyClicks(line, text)
    qtbot.keyClick(line, Qt.Key.Key_Return)
    if hasattr(widget.window(), "dataset_panel"):
        wait_for_data(widget)


def experiment(epochs=8, samples=300, **sections) -> dict:
    """The default experiment (3-class spiral, Adam), smaller; ``sections`` replace sections."""
    exp = copy.deepcopy(default_experiment())
    exp["data"]["samples"] = samples
    exp["training"]["epochs"] = epochs
    exp.update(sections)
    return normalize(exp)


@pytest.fixture
def make_view(qtbot):
    """``make_view(exp=None, size=(1280, 800))``: a shown Train tab on its own document
    (default: :func:`experiment`); teardown stops its training and waits for the threads."""
    from workbench.dashboard.training_view import TrainingView
    from workbench.document import ExperimentDocument
    views = []

    def make(exp=None, size=(1280, 800)):
        view = TrainingView(ExperimentDocument(exp or experiment()))
        qtbot.addWidget(view)
        view.resize(*size)
        view.show()
        qtbot.waitExposed(view)
        views.append(view)
        return view

    yield make
    for view in views:
        view.shutdown()
    qtbot.waitUntil(lambda: live_threads() == 0, timeout=10_000)


def click(qtbot, button):
    """Click ``button`` with the mouse; it must be enabled, as a person needs it to be."""
    assert button.isEnabled(), f"{button.text()} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def state(view):
    """The state of a Train tab's current session (None before the first run)."""
    return view.session.state if view.session is not None else None


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


def gap_point(editor, gap: int) -> QPoint:
    """A viewport point a person would drop on to insert at ``gap`` (0..n)."""
    if gap < editor.layer_count():
        rect = editor.visualItemRect(editor.layer_item(gap))
        return QPoint(rect.center().x(), rect.top() + CONNECTOR + 4)  # top edge of the card
    rect = editor.visualItemRect(editor.item(editor.count() - 1))  # the output card
    return QPoint(rect.center().x(), rect.center().y())



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
    collector = policy.install(qapp)
    import workbench.main_window  # noqa: F401  (its modules: frozen with the rest below)
    policy.freeze_startup()       # as the application does once its window is built
    return collector


@pytest.fixture(autouse=True)
def collect_after_test(main_thread_gc):
    """After each test, on the main thread and while no training thread runs: delete the
    widgets pytest-qt closed (``deleteLater``) and collect what they leave.

    Left to themselves, they are deleted and collected in the *next* test's event loop,
    while its training thread runs; under load that crashed the process in the collector
    (``Garbage-collecting`` in :meth:`MainThreadCollector.check`, 3 times in a few dozen
    runs of the Train-tab tests this session). The full collection is cheap: the session's
    startup objects are frozen, as the application freezes its own.
    """
    yield
    import gc
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


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
