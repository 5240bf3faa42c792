"""A sweep started from the GUI, run by one worker object in one QThread.

:class:`SweepWorker` calls :func:`core.runs.sweep.runner.run_sweep` in its thread; the
trials themselves run in worker processes, so the window stays responsive. It reports
every run started and finished (:class:`core.runs.sweep.runner.SweepProgress`, a frozen
record of plain values) and, at the end, a :class:`SweepEnded`. Stopping is a flag the
runner polls (runs in progress are abandoned; the sweep's folder resumes them later).
The thread and the worker are released by :class:`~workbench.training.thread_reaper.
ThreadReaper`, the one place worker threads end.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot

from core.errors import WorkbenchError
from workbench.training.thread_reaper import ThreadReaper

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SweepEnded:
    """How a sweep ended: ``error`` (one sentence) or its finished runs and the best."""

    out: str
    runs_done: int = 0
    total: int = 0
    interrupted: bool = False
    best_number: int | None = None
    best_value: float | None = None
    best_run_id: str | None = None
    sweep_id: str = ""
    error: str = ""


class SweepWorker(QObject):
    """Runs one sweep (:meth:`run`, in its thread).

    Signals
    -------
    progressed(SweepProgress)
        A run started or finished.
    ended(SweepEnded)
        The sweep is over (done, stopped or failed).
    """

    progressed = Signal(object)
    ended = Signal(object)

    def __init__(self, spec, out: Path, workers: int, runs: Path):
        super().__init__()
        self.spec, self.out, self.workers, self.runs = spec, Path(out), workers, Path(runs)
        self._stop = threading.Event()

    def request_stop(self) -> None:
        """Ask the sweep to stop (any thread)."""
        self._stop.set()

    @Slot()
    def run(self) -> None:
        from core.runs.sweep.runner import run_sweep
        total = self.spec.total_runs
        try:
            result = run_sweep(self.spec, self.out, workers=self.workers, runs=self.runs,
                               on_progress=self.progressed.emit, should_stop=self._stop.is_set)
        except WorkbenchError as exc:
            self.ended.emit(SweepEnded(str(self.out), total=total, error=str(exc)))
            return
        except Exception as exc:   # a bug: still one sentence, details in the log
            log.exception("the sweep failed")
            self.ended.emit(SweepEnded(str(self.out), total=total,
                                       error=f"The sweep failed: {type(exc).__name__}: {exc}"))
            return
        best = result.best or {}
        self.ended.emit(SweepEnded(str(self.out), len(result.records), total,
                                   result.interrupted, best.get("number"), best.get("value"),
                                   best.get("run_id"), result.sweep_id))


def start_sweep(worker: SweepWorker, on_progress, on_ended) -> QThread:
    """Move ``worker`` to a new thread, connect everything, then start the thread."""
    thread = QThread()
    thread.setObjectName("sweep")
    worker.moveToThread(thread)
    worker.progressed.connect(on_progress)
    worker.ended.connect(on_ended)
    worker.ended.connect(thread.quit)
    thread.started.connect(worker.run)
    ThreadReaper.instance().adopt(thread, worker)
    thread.start()
    return thread
