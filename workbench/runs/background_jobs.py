"""Run-store work off the GUI thread: record a run, list the runs, read histories.

The runs folder is files and an SQLite index on disk: writing a run (with ``fsync``) or
listing thousands of rows must not freeze the window. :class:`BackgroundJobs` runs each
job, one after another, in one plain background thread that touches no Qt object (each
job opens its own :class:`~core.runs.store.RunStore`: SQLite connections stay in the
thread that made them); a timer in the GUI thread hands each result, or the one-sentence
error, to the job's callback.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from PySide6.QtCore import QObject, QTimer

from core.errors import WorkbenchError

log = logging.getLogger(__name__)
POLL_MS = 40


def _sentence(exc: BaseException) -> str:
    if isinstance(exc, WorkbenchError):
        return str(exc)
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        return f"{where}{exc.strerror or exc}"
    return f"{type(exc).__name__}: {exc}"


class BackgroundJobs(QObject):
    """Jobs in one background thread, their outcomes delivered in the GUI thread."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="runs")
        self._pending: list[tuple[Future, Callable, Callable | None]] = []
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)

    def submit(self, job: Callable, done: Callable, failed: Callable | None = None) -> None:
        """Run ``job()`` in the background; then ``done(result)`` or ``failed(sentence)``
        in the GUI thread. ``job`` must not touch Qt objects."""
        self._pending.append((self._pool.submit(job), done, failed))
        self._timer.start()

    def pending(self) -> int:
        return len(self._pending)

    def wait(self, timeout_s: float | None = None) -> None:
        """Block until every job has ended, then deliver the outcomes (closing, tests)."""
        for future, _done, _failed in list(self._pending):
            with contextlib.suppress(TimeoutError):
                future.exception(timeout_s)
        self._poll()

    def shutdown(self, timeout_s: float = 10.0) -> None:
        """Let the jobs already submitted finish (a run being recorded is kept), at most
        ``timeout_s``; deliver nothing more."""
        self.wait(timeout_s)
        self._timer.stop()
        self._pending.clear()
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _poll(self) -> None:
        finished = [entry for entry in self._pending if entry[0].done()]
        self._pending = [entry for entry in self._pending if not entry[0].done()]
        for future, done, failed in finished:
            exc = future.exception()
            if exc is None:
                done(future.result())
            elif failed is not None:
                if not isinstance(exc, (WorkbenchError, OSError)):
                    log.error("a runs-folder job failed", exc_info=exc)
                failed(_sentence(exc))
        if not self._pending:
            self._timer.stop()
