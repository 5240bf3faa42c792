"""Python's cyclic garbage collector, run only on the GUI thread.

CPython's cyclic collector runs in whichever thread happens to allocate past its
threshold. When that is the training thread and a reference cycle holds a Qt object made
on the GUI thread (a menu, an action, a lambda's closure over a widget), the object is
destroyed on the training thread: its destructor takes a Qt mutex while the GUI thread,
deleting something else, holds that mutex and waits for the GIL — a deadlock (seen here:
``~QMenu`` on the GUI thread against ``gc`` inside ``Trainer.__init__`` on the worker).

The cure used by pyqtgraph (``pyqtgraph.util.garbage_collector.GarbageCollector``),
napari (issue 1029) and calibre: switch automatic collection off for the whole process and
collect from a timer on the GUI thread, generation by generation, with CPython's own
thresholds. :func:`install` does that once per process; the application and the test suite
both call it.
"""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QObject, QTimer

#: How often the GUI thread looks at the collector's counters (milliseconds).
INTERVAL_MS = 500


class MainThreadCollector(QObject):
    """Runs :func:`gc.collect` on the thread that owns it, when CPython would have.

    Parameters
    ----------
    interval_ms : int
        Period of the check; each check collects generation 0 when its count passed the
        threshold, and the older generations when theirs did too (as CPython does).
    parent : QObject, optional
        The QApplication, so the timer lives exactly as long as the event loop.
    """

    def __init__(self, interval_ms: int = INTERVAL_MS, parent: QObject | None = None):
        super().__init__(parent)
        self.thread_ident = threading.get_ident()
        self.thresholds = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(int(interval_ms))
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self) -> int:
        """Collect the generations whose counters passed CPython's thresholds.

        Returns the number of unreachable objects found (0 when nothing was due).
        """
        counts = gc.get_count()
        found = 0
        if counts[0] > self.thresholds[0]:
            generation = 0
            if counts[1] > self.thresholds[1]:
                generation = 2 if counts[2] > self.thresholds[2] else 1
            found = gc.collect(generation)
        return found


_collector: MainThreadCollector | None = None
_lock = threading.Lock()


def install(app) -> MainThreadCollector:
    """Disable automatic collection and collect on ``app``'s thread from now on.

    Call it on the GUI thread once the QApplication exists; later calls return the same
    collector (and switch automatic collection off again if something switched it on).
    """
    global _collector
    with _lock:
        if _collector is None:
            _collector = MainThreadCollector(parent=app)
        gc.disable()
        return _collector


def freeze_startup() -> int:
    """Move every object alive now (modules, the window's widgets and their wrappers) to
    the collector's permanent generation: later collections skip them. Call once the main
    window is built; a full collection over the startup objects cost 120–345 ms on the GUI
    thread while training (benchmarks/README.md, issue 19). Returns how many are frozen.
    """
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


def installed() -> MainThreadCollector | None:
    """The collector :func:`install` made, or None."""
    return _collector
