"""The one place worker threads end: kept alive until finished, then released.

Qt aborts the process when a running :class:`QThread` is destroyed. So the session never
deletes its thread: :class:`ThreadReaper` (one, in the GUI thread) holds every thread with
its worker until the thread has finished, then drops the last references and PySide
deletes both. At interpreter exit it stops every worker and waits for each thread to end,
without a time limit (a thread still busy with one long iteration is waited for).
"""

from __future__ import annotations

import atexit
import logging
from dataclasses import dataclass

from PySide6.QtCore import QObject, QThread, Slot

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LiveThread:
    """A worker thread not yet finished, and the worker that lives in it."""

    thread: QThread
    worker: QObject


class ThreadReaper(QObject):
    """Keeps every worker thread (and its worker) alive until the thread has finished."""

    _instance = None

    def __init__(self):
        super().__init__()
        self._live: dict[int, LiveThread] = {}

    @classmethod
    def instance(cls) -> ThreadReaper:
        if cls._instance is None:
            cls._instance = cls()
            atexit.register(cls._instance.stop_all)
        return cls._instance

    def adopt(self, thread: QThread, worker: QObject) -> None:
        """Hold ``thread`` and ``worker`` until ``thread.finished``."""
        self._live[id(thread)] = LiveThread(thread, worker)
        thread.finished.connect(self._release)

    @Slot()
    def _release(self) -> None:
        thread = self.sender()
        for key, live in list(self._live.items()):
            if live.thread is thread or (thread is None and live.thread.isFinished()):
                live.thread.wait()  # returns at once: run() has returned or is returning
                del self._live[key]

    def live_threads(self) -> int:
        """Number of worker threads not yet finished and released."""
        return len(self._live)

    def stop_all(self, report_every_s: float = 5.0) -> None:
        """At interpreter exit: stop every worker and wait for each thread to end.

        There is no time limit: Qt aborts the process when a running QThread is
        destroyed, so a thread still busy (one long iteration, a loader between two
        progress reports) is waited for, with a line in the log every ``report_every_s``.
        """
        for live in list(self._live.values()):
            try:
                live.worker.request_stop()
                live.thread.quit()
            except RuntimeError:  # already deleted by Qt
                pass
        for live in list(self._live.values()):
            try:
                while not live.thread.wait(int(report_every_s * 1000)):
                    log.warning("waiting for the training thread to end before exiting")
            except RuntimeError:  # already deleted by Qt
                pass
        self._live.clear()


def live_threads() -> int:
    """Worker threads still alive (tests check that every session cleaned up)."""
    return ThreadReaper.instance().live_threads()
