"""Run a sweep: hand its trials to workers, record every run, resume where it stopped.

:func:`run_sweep` is what ``nn-workbench sweep SWEEP.json --out DIR [--workers N]
[--ray ADDRESS]`` and the GUI's Sweep tab call. The calling process coordinates: it asks
:class:`~core.runs.sweep.search.Search` for trials, gives them to worker processes
(:class:`~core.runs.sweep.local_workers.LocalWorkers`) or Ray tasks
(:class:`~core.runs.sweep.ray_workers.RayWorkers`), feeds per-epoch metrics to the pruner,
records each finished run in the run store (id ``<sweep id>-t<trial>``, tagged
``sweep``), and saves the output folder's state after each run. Running it again on the
same output folder resumes: finished runs are kept, the rest run.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from core.errors import WorkbenchError
from core.files.run_folder import RunFolder
from core.runs.store import RunStore
from core.runs.sweep import spec as sweep_spec
from core.runs.sweep.local_workers import EpochReport, LocalWorkers, TrialDone
from core.runs.sweep.search import Search, TrialPlan
from core.runs.sweep.state import SweepState
from core.runs.sweep.trial import TrialOutcome, TrialTask

#: How often (seconds) the coordinator looks at ``should_stop`` while trials run.
POLL_SECONDS = 0.2


@dataclass(frozen=True)
class SweepProgress:
    """A run started (``kind`` "started") or finished ("finished"); plain values."""

    kind: str
    number: int
    params: dict
    done: int                   # runs finished so far (resumed ones included)
    total: int
    state: str = ""             # complete, pruned, failed (finished only)
    value: float | None = None
    seconds: float = 0.0
    where: str = ""
    reason: str = ""
    best_number: int | None = None
    best_value: float | None = None


@dataclass(frozen=True)
class SweepResult:
    """What a sweep left: its records (one per finished run) and the best run."""

    out: Path
    sweep_id: str
    metric: str
    goal: str
    records: list = field(default_factory=list)
    best: dict | None = None
    interrupted: bool = False
    where: str = ""


def best_record(records: list, goal: str) -> dict | None:
    """The complete run with the best value (the first one on ties)."""
    complete = [r for r in records if r["state"] == "complete" and r.get("value") is not None]
    if not complete:
        return None
    sign = 1 if goal == "maximize" else -1
    return max(complete, key=lambda r: (sign * r["value"], -r["number"]))


def run_sweep(sweep, out, *, workers: int | None = None, ray_address: str | None = None,
              runs=None, on_progress=None, should_stop=None) -> SweepResult:
    """Run (or resume) the sweep ``sweep`` with its output in ``out``.

    Parameters
    ----------
    sweep : str, Path or SweepSpec
        The sweep file, or an already validated spec.
    out : str or Path
        Output folder: ``sweep-state.json`` and ``results.csv``. Held with a lock.
    workers : int, optional
        Local worker processes (default: one per core). Ignored with ``ray_address``.
    ray_address : str, optional
        Run the trials as tasks on this Ray cluster (``"auto"``, ``"HOST:PORT"``,
        ``"ray://HOST:PORT"``); needs the ``cluster`` extra.
    runs : RunStore, str or Path, optional
        Where runs are recorded (default: :func:`core.runs.location.runs_dir`).
    on_progress : callable, optional
        Called with a :class:`SweepProgress` as runs start and finish.
    should_stop : callable, optional
        Polled; True stops the sweep (runs in progress are abandoned and run again on
        resume).

    Raises
    ------
    WorkbenchError
        The sweep file is invalid (the message names the JSON path), the output folder
        is in use or holds another sweep, the runs folder cannot be used, Ray is missing.
    """
    spec = sweep if isinstance(sweep, sweep_spec.SweepSpec) else sweep_spec.load(sweep)
    out = Path(out)
    folder = RunFolder(out, "--out")
    folder.acquire()
    own_store = not isinstance(runs, RunStore)
    store = RunStore(runs) if own_store else runs
    executor = None
    try:
        state = SweepState.open(out, spec)
        state.save()
        search = Search(spec, state.records)
        remaining = spec.total_runs - len(search.done_numbers)
        if remaining > 0:
            executor = _executor(spec, workers, ray_address, remaining)
        interrupted = _loop(spec, state, search, executor, store, on_progress, should_stop) \
            if executor is not None else False
        where = executor.where() if executor is not None else ""
    finally:
        if executor is not None:
            executor.close()
        if own_store:
            store.close()
        folder.release()
    return SweepResult(out, state.id, spec.metric, spec.goal, list(state.records),
                       best_record(state.records, spec.goal), interrupted, where)


def _executor(spec, workers, ray_address, remaining):
    if ray_address:
        from core.runs.sweep.ray_workers import RayWorkers  # noqa: PLC0415  (optional extra)
        return RayWorkers(ray_address, spec)
    return LocalWorkers(min(workers or _cores(), remaining))


def _cores() -> int:
    return os.cpu_count() or 1


def _loop(spec, state, search, executor, store, on_progress, should_stop) -> bool:
    running: dict[int, tuple] = {}      # number -> (TrialPlan, TrialTask)
    notify = on_progress or (lambda progress: None)
    exhausted = [False]

    refused: list = []                   # (plan, task, outcome) that never reached a worker

    def fill() -> None:
        while not exhausted[0] and executor.idle:
            plan = search.next()
            if plan is None:
                exhausted[0] = True
                return
            try:
                task = _task(spec, state, plan)
            except WorkbenchError as exc:   # a sampled value the experiment refuses
                search.finish(plan, "failed", None)
                task = TrialTask(plan.number, plan.point, plan.repeat, plan.params,
                                 {"training": {"seed": None}}, spec.base_dir, spec.metric,
                                 False)
                refused.append((plan, task, TrialOutcome(plan.number, "failed",
                                                         reason=str(exc))))
                continue
            running[plan.number] = (plan, task)
            executor.submit(task)
            notify(SweepProgress("started", plan.number, plan.params, len(state.records),
                                 spec.total_runs))

    try:
        while True:
            if should_stop is not None and should_stop():
                return True
            fill()
            finished, refused[:] = list(refused), []
            if not running and not finished:
                return False
            for event in executor.wait(POLL_SECONDS) if running else ():
                if isinstance(event, EpochReport):
                    plan, _ = running.get(event.number, (None, None))
                    executor.decide(event.number, plan is not None and search.report(
                        plan, event.epoch, event.value))
                    continue
                outcome = event.outcome if isinstance(event, TrialDone) else \
                    TrialOutcome(event.number, "failed", reason=event.reason)
                if outcome.number in running:
                    plan, task = running.pop(outcome.number)
                    search.finish(plan, outcome.state, outcome.value)
                    finished.append((plan, task, outcome))
            fill()   # keep the workers busy while the finished runs are written
            for plan, task, outcome in finished:
                record = _record(spec, state, store, plan, task, outcome)
                best = best_record(state.records, spec.goal)
                notify(SweepProgress("finished", plan.number, plan.params, len(state.records),
                                     spec.total_runs, record["state"], record.get("value"),
                                     record.get("seconds") or 0.0, record.get("where", ""),
                                     record.get("reason", ""),
                                     best["number"] if best else None,
                                     best["value"] if best else None))
    except KeyboardInterrupt:
        return True


def _task(spec, state, plan: TrialPlan) -> TrialTask:
    experiment = sweep_spec.experiment_for(spec, plan.params, plan.repeat)
    return TrialTask(plan.number, plan.point, plan.repeat, plan.params, experiment,
                     spec.base_dir, spec.metric, spec.early_termination is not None,
                     {"id": state.id, "name": spec.name, "out": str(state.out)})


def _record(spec, state, store, plan: TrialPlan, task: TrialTask,
            outcome: TrialOutcome) -> dict:
    """Record a finished run in the store and the sweep's state; return its record."""
    reason, run_id = outcome.reason, None
    if outcome.files is not None:
        run_id = f"{state.id}-t{plan.number:04d}"
        try:
            store.record(outcome.files, run_id=run_id,
                         tags=["sweep"] + ([spec.name] if spec.name else []))
        except WorkbenchError as exc:
            run_id = None
            reason = "; ".join(r for r in (reason, f"not recorded: {exc}") if r)
    record = {"number": plan.number, "point": plan.point, "repeat": plan.repeat,
              "seed": task.experiment["training"]["seed"], "params": plan.params,
              "state": outcome.state,
              "value": outcome.value, "best": outcome.best, "metrics": outcome.metrics,
              "epochs": outcome.epochs, "seconds": outcome.seconds, "where": outcome.where,
              "run_id": run_id, "reason": reason}
    if spec.early_termination is not None:   # the pruner needs them again on resume
        record["intermediate"] = {str(k): v for k, v in outcome.intermediate.items()}
    state.add(record)
    return record

