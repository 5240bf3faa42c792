"""Worker processes on this machine, one trial at a time each.

Each worker is a process of the ``spawn`` start method (a fresh interpreter: no copy of
the coordinator's threads, locks or GUI) with one BLAS thread, connected to the
coordinator by its own pipe. A worker keeps its prepared data between trials. Why not
``ProcessPoolExecutor``: when one of its processes dies, it breaks the whole pool; here
a worker that dies (killed, out of memory) marks only its trial failed, with the reason,
and is replaced, and the sweep goes on. The pipe also carries per-epoch metrics to the
coordinator and "stop this trial" back, for early termination.

Messages: coordinator → worker: a :class:`TrialTask`, ``("decision", number, stop)``
(the answer to an epoch report), or None (exit). Worker → coordinator:
``("epoch", number, epoch, value)`` (only with early termination; the worker waits for
the decision, as Optuna's own report/should_prune loop does) or ``("done", outcome)``.
A worker whose coordinator went away (pipe closed) exits.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from dataclasses import dataclass
from multiprocessing.connection import wait

from core.backend.threads import set_blas_threads
from core.runs.sweep.trial import TrialOutcome, TrialTask, run_trial


@dataclass(frozen=True)
class EpochReport:
    number: int
    epoch: int
    value: float | None


@dataclass(frozen=True)
class TrialDone:
    outcome: TrialOutcome


@dataclass(frozen=True)
class WorkerDied:
    number: int
    reason: str


def worker_main(conn) -> None:
    """The loop of one worker process."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl+C is the coordinator's to handle
    set_blas_threads(1)
    cache: dict = {}

    def report(number, epoch, value) -> bool:
        conn.send(("epoch", number, epoch, value))
        while True:
            message = conn.recv()
            if isinstance(message, tuple) and message[0] == "decision" \
                    and message[1] == number:
                return bool(message[2])

    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        if isinstance(message, TrialTask):
            outcome = run_trial(message, report, cache)
            try:
                conn.send(("done", outcome))
            except (BrokenPipeError, OSError):
                return


class _Worker:
    def __init__(self, context):
        self.conn, child = context.Pipe(duplex=True)
        self.process = context.Process(target=worker_main, args=(child,), daemon=True,
                                       name="nn-workbench-sweep-worker")
        self.process.start()
        child.close()
        self.number: int | None = None      # the trial it runs


class LocalWorkers:
    """``n`` worker processes on this machine.

    The coordinator calls :meth:`submit` while :attr:`idle` is non-zero and :meth:`wait`
    for what happened; :meth:`close` ends the workers.
    """

    def __init__(self, n: int | None = None):
        self.n = max(1, int(n or os.cpu_count() or 1))
        self._context = multiprocessing.get_context("spawn")
        self._workers = [_Worker(self._context) for _ in range(self.n)]

    def where(self) -> str:
        return f"{self.n} local worker process{'es' if self.n != 1 else ''}"

    @property
    def idle(self) -> int:
        return sum(w.number is None for w in self._workers)

    def submit(self, task: TrialTask) -> None:
        worker = next(w for w in self._workers if w.number is None)
        if not worker.process.is_alive():   # died while idle
            self._replace(worker)
            worker = next(w for w in self._workers if w.number is None)
        worker.number = task.number
        worker.conn.send(task)

    def decide(self, number: int, stop: bool) -> None:
        """Answer trial ``number``'s epoch report: go on, or stop (pruned)."""
        for worker in self._workers:
            if worker.number == number:
                worker.conn.send(("decision", number, stop))

    def pids(self) -> dict:
        """Trial number → process id of the worker running it."""
        return {w.number: w.process.pid for w in self._workers if w.number is not None}

    def wait(self, timeout: float | None = None) -> list:
        """What happened within ``timeout`` seconds: :class:`EpochReport`,
        :class:`TrialDone` and :class:`WorkerDied` events."""
        busy = [w for w in self._workers if w.number is not None]
        if not busy:
            return []
        ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy],
                         timeout))
        events = []
        for worker in busy:
            ended = worker.process.sentinel in ready
            if worker.conn in ready or ended:
                try:
                    self._drain(worker, events)
                except (EOFError, OSError):
                    ended = True
            if ended:
                worker.process.join(5)
                if worker.number is not None:
                    events.append(WorkerDied(worker.number, _death(worker.process.exitcode)))
                self._replace(worker)
        return events

    @staticmethod
    def _drain(worker: _Worker, events: list) -> None:
        while worker.number is not None and worker.conn.poll():
            message = worker.conn.recv()
            if message[0] == "epoch":
                events.append(EpochReport(*message[1:]))
            elif message[0] == "done":
                events.append(TrialDone(message[1]))
                worker.number = None

    def _replace(self, worker: _Worker) -> None:
        worker.conn.close()
        self._workers[self._workers.index(worker)] = _Worker(self._context)

    def close(self, wait_s: float = 5.0) -> None:
        """End every worker: ask idle ones to exit, terminate busy ones."""
        for worker in self._workers:
            try:
                if worker.number is None:
                    worker.conn.send(None)
                else:
                    worker.process.terminate()
            except OSError:
                pass
        for worker in self._workers:
            worker.process.join(wait_s)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(wait_s)
            worker.conn.close()


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        return f"the worker process running it died ({name})"
    return f"the worker process running it exited unexpectedly (exit status {exitcode})"
