"""The last resort: no exception in the GUI goes unseen.

Every known problem is reported where it happens, in one sentence. Anything else that
escapes — from a slot, an event handler, a timer, or a background thread — reaches
``sys.excepthook`` (PySide prints slot exceptions through it) or ``threading.excepthook``.
:func:`install` replaces both: the traceback still goes to stderr, and a message box
shows one sentence with the traceback under "Show Details…". A report made on another
thread travels to the GUI thread through a queued signal. While a box is open, further
reports are counted in it instead of opening more boxes (an error in a paint event
repeats on every frame).
"""

from __future__ import annotations

import contextlib
import sys
import threading
import traceback
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox

from core.errors import WorkbenchError

TITLE = "Unexpected error"


@dataclass(frozen=True)
class ErrorReport:
    """What the box shows: one sentence, and the traceback as details."""

    sentence: str
    details: str
    thread: str


def sentence_for(exc: BaseException) -> str:
    """One sentence about an exception nobody handled."""
    if isinstance(exc, WorkbenchError):
        return str(exc)
    if isinstance(exc, MemoryError):
        return ("The computer ran out of memory for the last action; the workbench keeps "
                "running (try smaller data or a smaller network).")
    text = str(exc).strip().rstrip(".")
    what = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return (f"Something went wrong inside the workbench ({what}). It keeps running; if "
            "anything looks wrong, save your work and restart it.")


class ErrorReporter(QObject):
    """Receives unhandled exceptions from any thread and shows them on the GUI thread.

    Signals
    -------
    reported(ErrorReport)
        Emitted from the thread of the exception; delivered queued to the GUI thread.
    """

    reported = Signal(object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.box: QMessageBox | None = None
        self.shown: list[ErrorReport] = []
        self._extra = 0
        self._previous_hooks = None
        self.reported.connect(self._present, Qt.ConnectionType.QueuedConnection)

    # ---------------------------------------------------------------- hooks
    def install(self) -> ErrorReporter:
        """Replace ``sys.excepthook`` and ``threading.excepthook`` (see :meth:`uninstall`)."""
        if self._previous_hooks is None:
            self._previous_hooks = (sys.excepthook, threading.excepthook)
            sys.excepthook = self.excepthook
            threading.excepthook = self.thread_excepthook
        return self

    def uninstall(self) -> None:
        """Put the hooks back as they were before :meth:`install`."""
        if self._previous_hooks is not None:
            sys.excepthook, threading.excepthook = self._previous_hooks
            self._previous_hooks = None

    def excepthook(self, exc_type, exc, tb) -> None:
        """``sys.excepthook``: print as Python does, then report (Ctrl+C is left alone)."""
        previous = self._previous_hooks[0] if self._previous_hooks else sys.__excepthook__
        if issubclass(exc_type, (KeyboardInterrupt, SystemExit)):
            previous(exc_type, exc, tb)
            return
        traceback.print_exception(exc_type, exc, tb, file=sys.stderr)
        self.report(exc, tb)

    def thread_excepthook(self, args) -> None:
        """``threading.excepthook``: a thread's unhandled exception."""
        if args.exc_type is SystemExit or args.exc_value is None:
            return
        name = args.thread.name if args.thread is not None else "a thread"
        print(f"Exception in thread {name}:", file=sys.stderr)
        traceback.print_exception(args.exc_type, args.exc_value, args.exc_traceback,
                                  file=sys.stderr)
        self.report(args.exc_value, args.exc_traceback, name)

    def report(self, exc: BaseException, tb=None, thread: str | None = None) -> None:
        """Show ``exc`` (thread-safe: the box opens on the GUI thread)."""
        details = "".join(traceback.format_exception(type(exc), exc, tb))
        name = thread or threading.current_thread().name
        # RuntimeError: the reporter is gone (the application is closing)
        with contextlib.suppress(RuntimeError):
            self.reported.emit(ErrorReport(sentence_for(exc), details, name))

    # ---------------------------------------------------------------- the box
    @Slot(object)
    def _present(self, report: ErrorReport) -> None:
        self.shown.append(report)
        if self.box is not None and self.box.isVisible():
            self._extra += 1
            self.box.setInformativeText(f"{self._extra} more unexpected error"
                                        f"{'' if self._extra == 1 else 's'} since; the "
                                        "details show the first.")
            return
        self._extra = 0
        parent = QApplication.activeWindow()
        box = QMessageBox(QMessageBox.Icon.Critical, TITLE, report.sentence,
                          QMessageBox.StandardButton.Close, parent)
        box.setObjectName("unexpectedErrorBox")
        box.setDetailedText(report.details)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(self._box_closed)
        self.box = box
        box.open()  # window-modal, never a nested event loop

    def _box_closed(self, _result=None) -> None:
        self.box = None


_reporter: ErrorReporter | None = None


def install(app=None) -> ErrorReporter:
    """Install the application's last-resort handler once; return it."""
    global _reporter
    if _reporter is None:
        parent = app if isinstance(app, QObject) else QApplication.instance()
        _reporter = ErrorReporter(parent)
    return _reporter.install()
