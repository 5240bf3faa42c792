"""Trials as tasks on a Ray cluster (the optional ``cluster`` extra).

``run_sweep(..., ray_address="auto" | "HOST:PORT" | "ray://HOST:PORT")`` connects to an
existing cluster (:func:`ray.init`) and submits each trial as a Ray task of one CPU
(``max_retries=0``: a task whose worker dies is reported failed, with the reason, and
the sweep goes on). The cluster's CPU count is how many trials run at once.

Data travels through Ray's object store: the coordinator prepares each distinct data
section once (reading the files it sees) and puts it in the store with :func:`ray.put`;
tasks get it from there. No node needs the data files, nor the same paths. The
workbench's ``core`` package is shipped as a ``py_modules`` runtime environment, so the
nodes run the coordinator's exact engine; they need Python, NumPy and Ray (same
versions as the coordinator, as Ray requires), not the workbench. Per-epoch metrics for
early termination go through a small actor (:class:`_Board`) that the tasks report to
and the coordinator reads; a task does not wait for the decision (a round trip through
the actor per epoch would idle the cluster), so a pruned task stops an epoch or so
after the pruner's decision. Runs are recorded by the coordinator only.
"""

from __future__ import annotations

import socket

import core
from core.backend.threads import set_blas_threads
from core.errors import WorkbenchError
from core.runs.sweep.local_workers import EpochReport, TrialDone, WorkerDied
from core.runs.sweep.trial import TrialOutcome, TrialTask, data_key, prepare_data, run_trial

try:
    import ray
except ImportError:   # the optional extra is not installed
    ray = None

MISSING = ("running a sweep on a Ray cluster needs the ray package; install it with "
           "python3 -m pip install 'nn-workbench[cluster]'")


class RayUnavailable(WorkbenchError):
    """Ray is not installed, or the cluster cannot be reached."""


class _Board:
    """The actor between running tasks and the coordinator: epoch reports in, prune
    decisions out."""

    def __init__(self):
        self.reports: list = []
        self.pruned: set = set()

    def report(self, number: int, epoch: int, value) -> bool:
        self.reports.append((number, epoch, value))
        return number in self.pruned

    def prune(self, number: int) -> None:
        self.pruned.add(number)

    def drain(self) -> list:
        reports, self.reports = self.reports, []
        return reports


def _ray_trial(task: TrialTask, prepared, board):
    """The body of one Ray task (runs on a cluster node)."""
    set_blas_threads(1)

    def report(number, epoch, value) -> bool:
        return ray.get(board.report.remote(number, epoch, value))

    return run_trial(task, report if task.report_epochs else None, prepared=prepared)


def _unreachable(address: str, timeout: float = 5.0) -> str | None:
    """Why ``HOST:PORT`` (or ``ray://HOST:PORT``) takes no connection, else None.

    Ray itself waits minutes for a head that is not there; a plain TCP connection
    tells at once. ``auto`` and other forms are left to Ray.
    """
    text = address[len("ray://"):] if address.startswith("ray://") else address
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit():
        return None
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=timeout):
            return None
    except OSError as exc:
        return exc.strerror or str(exc) or type(exc).__name__


class RayWorkers:
    """Trials on the Ray cluster at ``address``; the interface of
    :class:`~core.runs.sweep.local_workers.LocalWorkers`."""

    def __init__(self, address: str, spec=None):
        if ray is None:
            raise RayUnavailable(MISSING)
        problem = _unreachable(address)
        if problem:
            raise RayUnavailable(f"--ray {address}: cannot connect to the Ray cluster "
                                 f"({problem})")
        try:
            ray.init(address=address, runtime_env={"py_modules": [core]},
                     log_to_driver=False, logging_level="warning")
        except (ConnectionError, RuntimeError, ValueError) as exc:
            raise RayUnavailable(f"--ray {address}: cannot connect to the Ray cluster "
                                 f"({str(exc).splitlines()[0] if str(exc) else exc})") \
                from None
        self.address = address
        self.slots = max(1, int(ray.cluster_resources().get("CPU", 1)))
        self._board = ray.remote(num_cpus=0)(_Board).remote()
        self._task = ray.remote(num_cpus=1, max_retries=0)(_ray_trial)
        self._data: dict = {}
        self._running: dict = {}            # ObjectRef -> trial number
        self._refused: list = []            # trials whose data could not be prepared

    def where(self) -> str:
        return f"the Ray cluster at {self.address} ({self.slots} CPUs)"

    @property
    def idle(self) -> int:
        return max(0, self.slots - len(self._running) - len(self._refused))

    def submit(self, task: TrialTask) -> None:
        key = data_key(task)
        if key not in self._data:
            try:
                self._data[key] = ray.put(prepare_data(task))
            except WorkbenchError as exc:   # the data cannot be read: this trial fails
                self._refused.append(TrialDone(TrialOutcome(task.number, "failed",
                                                            reason=str(exc))))
                return
        ref = self._task.remote(task, self._data[key], self._board)
        self._running[ref] = task.number

    def decide(self, number: int, stop: bool) -> None:
        """Stop trial ``number`` (it learns so at its next epoch report: on Ray, the
        decision is not waited for)."""
        if stop:
            self._board.prune.remote(number)

    def wait(self, timeout: float | None = None) -> list:
        events, self._refused = self._refused, []
        if self._running:
            ready, rest = ray.wait(list(self._running), num_returns=1, timeout=timeout)
            if ready and rest:
                ready += ray.wait(rest, num_returns=len(rest), timeout=0)[0]
            events += [EpochReport(*r) for r in ray.get(self._board.drain.remote())]
            for ref in ready:
                number = self._running.pop(ref)
                try:
                    events.append(TrialDone(ray.get(ref)))
                except ray.exceptions.RayError as exc:
                    first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
                    events.append(WorkerDied(number, f"the Ray worker running it failed "
                                                     f"({type(exc).__name__}: {first})"))
        return events

    def close(self) -> None:
        for ref in self._running:
            ray.cancel(ref, force=True)
        self._running.clear()
        ray.shutdown()
