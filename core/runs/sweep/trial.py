"""One trial of a sweep, as a worker process (or a Ray task) runs it.

:func:`run_trial` trains the trial's experiment and returns a :class:`TrialOutcome`
with the run's files as bytes; the coordinator records them in the run store, so a run
is recorded once, by one process, whether it ran here or on another machine. This module
imports neither Optuna nor Ray.
"""

from __future__ import annotations

import math
import os
import socket
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from core.data import spec
from core.errors import WorkbenchError
from core.files import strict_json
from core.runs.history import HistoryRecorder
from core.runs.run_files import RunFiles, run_files, saved_epoch_row
from core.training.events import EpochEvent
from core.training.trainer import Trainer


@dataclass(frozen=True)
class TrialTask:
    """What a worker needs to run one trial (plain values only)."""

    number: int
    point: int
    repeat: int
    params: dict
    experiment: dict            # normalized
    base_dir: str | None        # where relative data paths start
    metric: str
    report_epochs: bool         # send the metric after every epoch (early termination)
    sweep: dict = field(default_factory=dict)   # goes into the run's summary


@dataclass(frozen=True)
class TrialOutcome:
    """How a trial ended: ``state`` is ``complete``, ``pruned`` or ``failed``."""

    number: int
    state: str
    value: float | None = None       # the metric at the epoch whose weights are kept
    best: float | None = None        # the metric's best over the epochs
    metrics: dict = field(default_factory=dict)
    epochs: int = 0
    seconds: float = 0.0             # wall time in the worker, preparing included
    where: str = ""                  # host name (and process id)
    reason: str = ""                 # why it failed or was stopped
    intermediate: dict = field(default_factory=dict)   # epoch -> metric
    files: RunFiles | None = None


def where_here() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def data_key(task: TrialTask) -> str:
    """Trials with equal keys share their prepared data."""
    return strict_json.dumps([task.experiment["data"], task.base_dir], sort_keys=True)


def prepare_data(task: TrialTask, cache: dict | None = None):
    """The trial's prepared data, from ``cache`` when a previous trial had the same."""
    key = data_key(task)
    if cache is not None and key in cache:
        return cache[key]
    prepared = spec.prepare(task.experiment["data"],
                                   Path(task.base_dir) if task.base_dir else None)
    if cache is not None:
        cache.clear()   # one data set at a time: sweeps rarely vary the data
        cache[key] = prepared
    return prepared


def run_trial(task: TrialTask, report=None, cache: dict | None = None,
              prepared=None) -> TrialOutcome:
    """Train one trial; never raises for a problem of the trial itself.

    Parameters
    ----------
    task : TrialTask
    report : callable, optional
        ``report(number, epoch, value) -> bool`` after every epoch when
        ``task.report_epochs``; True stops the run (pruned).
    cache : dict, optional
        Prepared data kept between the trials of one worker.
    prepared : PreparedData, optional
        The data, already prepared (Ray ships it through the object store).
    """
    started, clock = time.time(), time.perf_counter()
    where = where_here()
    try:
        if prepared is None:
            prepared = prepare_data(task, cache)
        trainer = Trainer(task.experiment, base_dir=Path(task.base_dir) if task.base_dir
                          else None, prepared=prepared, layer_stats=False)
    except WorkbenchError as exc:
        return TrialOutcome(task.number, "failed", reason=str(exc), where=where,
                            seconds=time.perf_counter() - clock)
    except Exception as exc:  # a bug: keep the sweep going, say what happened
        return TrialOutcome(task.number, "failed", where=where,
                            reason=f"{type(exc).__name__}: {exc} "
                                   f"({_last_frame(exc)})",
                            seconds=time.perf_counter() - clock)
    history = HistoryRecorder()
    intermediate: dict = {}
    pruned: list = []

    def on_event(event) -> None:
        history(event)
        if isinstance(event, EpochEvent):
            value = _metric(history.rows[-1], task.metric)
            if value is not None:
                intermediate[event.epoch] = value
            if task.report_epochs and report is not None and not pruned \
                    and report(task.number, event.epoch, value):
                pruned.append(event.epoch)
                trainer.request_stop()

    try:
        finished = trainer.run(on_event)
    except Exception as exc:
        return TrialOutcome(task.number, "failed", where=where,
                            reason=f"{type(exc).__name__}: {exc} ({_last_frame(exc)})",
                            seconds=time.perf_counter() - clock, intermediate=intermediate)
    rows = history.rows
    saved = saved_epoch_row(rows, finished, task.experiment["training"]["restore_best"])
    value = _metric(saved, task.metric)
    values = [v for v in (_metric(r, task.metric) for r in rows) if v is not None]
    best = (max if task.metric.endswith(("accuracy", "r2")) else min)(values) \
        if values else None
    extra = {"sweep": dict(task.sweep, trial=task.number, point=task.point,
                           repeat=task.repeat, params=task.params)}
    if pruned:
        state, reason = "pruned", (f"stopped early by the sweep's pruner after epoch "
                                   f"{pruned[0]} ({task.metric} {_show(value)})")
        extra.update(stopped="pruned", message=reason[0].upper() + reason[1:] + ".")
    elif finished.reason == "diverged":
        state, reason = "failed", finished.message
    elif value is None:
        state, reason = "failed", (f"the run reported no {task.metric} (a val_ metric needs "
                                   "a validation set, accuracy a classification task)")
    else:
        state, reason = "complete", ""
    files = run_files(trainer, history, finished, started=started, source="sweep",
                      extra=extra, base_dir=task.base_dir)
    return TrialOutcome(task.number, state, value, best, dict(files.summary["metrics"]),
                        trainer.epoch, time.perf_counter() - clock, where, reason,
                        intermediate, files)


def _metric(row: dict, name: str) -> float | None:
    value = row.get(name)
    return float(value) if isinstance(value, (int, float)) and math.isfinite(value) else None


def _show(value) -> str:
    return "n/a" if value is None else f"{value:.4g}"


def _last_frame(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return "no traceback"
    frame = frames[-1]
    return f"{Path(frame.filename).name}:{frame.lineno}"
