"""The files of one finished run, built from the trainer that ran it.

A run folder holds ``experiment.json`` (the experiment as it ran, with any learning
rate changed by hand), ``model.npz`` (the trained network, written by the model-file
writer; after early stopping with ``restore_best``, the best epoch's weights),
``history.csv`` (every epoch, :mod:`core.runs.history`), ``histograms.npz`` when the
trainer took weight snapshots, and ``summary.json``: what the runs table shows.

:func:`run_files` gathers them as bytes from a trainer (:func:`assemble_run_files` from
the parts the GUI has); :meth:`core.runs.store.RunStore.record` writes
them. Summary fields::

    {"format": 1, "name", "task", "data", "network", "optimizer", "lr", "batch_size",
     "epochs", "epochs_planned", "steps", "stopped", "message", "best_epoch",
     "metrics": {...at the saved epoch}, "best": {"metric", "value", "epoch", "goal"},
     "seconds", "wall_seconds", "started", "finished",
     "where": {"host", "backend", "platform", "python"},
     "source", "tags": [], "note": "", ["sweep": {...}]}
"""

from __future__ import annotations

import math
import platform
import socket
import time
from dataclasses import dataclass, field

from core.data.spec import rebase_data_path
from core.files import strict_json
from core.io import experiment_file as experiment_file_module

# core.runs reads and writes model files only through these names.
from core.io.model_file import ModelFile
from core.io.model_file_reading import load_model_file
from core.io.model_file_writing import model_file_bytes
from core.runs.describe import describe_data, describe_network
from core.runs.history import HistoryRecorder, history_csv
from core.training.events import FinishedEvent

__all__ = ["RunFiles", "run_files", "assemble_run_files", "best_metric", "where_it_ran",
           "load_model_file"]

SUMMARY_FORMAT = 1
#: The best-metric rule: (metric, goal) by task, validation first.
BEST_METRICS = {"classification": (("val_accuracy", "maximize"), ("train_accuracy", "maximize")),
                "regression": (("val_rmse", "minimize"), ("train_rmse", "minimize"))}


@dataclass(frozen=True)
class RunFiles:
    """A finished run, ready to be recorded: ``files`` by name, and the summary."""

    files: dict = field(default_factory=dict)
    summary: dict = field(default_factory=dict)


def where_it_ran(backend: str) -> dict:
    """The machine a run ran on, for the summary."""
    return {"host": socket.gethostname(), "backend": backend,
            "platform": f"{platform.system()} {platform.machine()}",
            "python": platform.python_version()}


def best_metric(rows: list[dict], task: str) -> dict:
    """The best value over the epochs of the first metric the run has, of
    :data:`BEST_METRICS` for its task: ``{"metric", "goal", "value", "epoch"}``
    (value and epoch None when no epoch reported one)."""
    choices = BEST_METRICS.get(task, BEST_METRICS["classification"])
    for name, goal in choices:
        values = [(row[name], row["epoch"]) for row in rows
                  if isinstance(row.get(name), float) and math.isfinite(row[name])]
        if values:
            value, epoch = (max if goal == "maximize" else min)(values, key=lambda v: v[0])
            return {"metric": name, "goal": goal, "value": value, "epoch": epoch}
    name, goal = choices[0]
    return {"metric": name, "goal": goal, "value": None, "epoch": None}


def saved_epoch_row(rows: list[dict], finished: FinishedEvent, restore_best: bool) -> dict:
    """The history row of the epoch whose weights the model file holds."""
    if not rows:
        return {}
    if finished.reason == "early_stopping" and restore_best and finished.best_epoch:
        for row in rows:
            if row["epoch"] == finished.best_epoch:
                return row
    return rows[-1]


def run_files(trainer, history: HistoryRecorder, finished: FinishedEvent, *,
              started: float | None = None, source: str = "cli", extra: dict | None = None,
              model_name: str = "model.npz", base_dir=None) -> RunFiles:
    """Gather the files of a run that ``trainer`` finished.

    Parameters
    ----------
    trainer : core.training.trainer.Trainer
        The trainer after :meth:`~core.training.trainer.Trainer.run` returned ``finished``.
    history : HistoryRecorder
        The recorder that was given every event of the run.
    finished : FinishedEvent
    started : float, optional
        ``time.time()`` when the run started (for the wall time); default: now.
    source : str
        What started the run: ``"cli"``, ``"gui"`` or ``"sweep"``.
    extra : dict, optional
        More summary fields (a sweep puts ``{"sweep": {...}}`` here).
    base_dir : str or Path, optional
        The folder a relative data path was written against: the stored experiment gets
        the absolute path (the run folder is elsewhere).
    """
    experiment = trainer.experiment
    if base_dir is not None:
        experiment = dict(experiment, data=rebase_data_path(experiment["data"], base_dir))
    train = trainer.prepared.train
    model = ModelFile.from_model(trainer.model, experiment, trainer.prepared.standardizer,
                                 train.class_names, source=model_name)
    return assemble_run_files(
        experiment, model, history.rows, finished, task=trainer.task,
        n_features=train.n_features, epochs_planned=trainer.epochs, steps=trainer.step_count,
        backend=trainer.backend.name, started=started, source=source, extra=extra,
        histograms=history.histograms_npz(), model_name=model_name)


def assemble_run_files(experiment: dict, model: ModelFile | None, rows: list[dict],
                       finished: FinishedEvent, *, task: str, n_features: int | None,
                       epochs_planned: int, steps: int, backend: str,
                       started: float | None = None, source: str = "gui",
                       extra: dict | None = None, histograms: bytes | None = None,
                       model_name: str = "model.npz", base_dir=None) -> RunFiles:
    """The files of a finished run from its parts (what the GUI has of a run it trained in
    another thread; :func:`run_files` for a trainer at hand).

    ``rows`` are history rows (:func:`core.runs.history.history_row` or read back from a
    history CSV); ``model`` is None when the weights cannot be stored (NaN after
    divergence): the run is then recorded without ``model.npz``; ``base_dir`` as in
    :func:`run_files`.
    """
    if base_dir is not None:
        experiment = dict(experiment, data=rebase_data_path(experiment["data"], base_dir))
    now = time.time()
    started = now if started is None else started
    saved = saved_epoch_row(rows, finished, experiment["training"]["restore_best"])
    metrics = {k: saved.get(k) for k in ("train_loss", "val_loss", "train_accuracy",
                                         "val_accuracy", "train_rmse", "val_rmse", "train_r2",
                                         "val_r2") if saved.get(k) is not None}
    summary = {
        "format": SUMMARY_FORMAT,
        "name": experiment.get("name", ""),
        "task": task,
        "data": describe_data(experiment["data"]),
        "network": describe_network(experiment["model"]["layers"], n_features),
        "optimizer": experiment["optimizer"]["type"],
        "lr": experiment["optimizer"].get("lr"),
        "batch_size": experiment["training"]["batch_size"],
        "epochs": rows[-1]["epoch"] if rows else finished.epochs,
        "epochs_planned": epochs_planned,
        "steps": steps,
        "stopped": finished.reason,
        "message": finished.message,
        "best_epoch": finished.best_epoch,
        "metrics": metrics,
        "best": best_metric(rows, task),
        "seconds": round(sum(row.get("seconds") or 0.0 for row in rows), 6),
        "wall_seconds": round(now - started, 6),
        "started": started,
        "finished": now,
        "where": where_it_ran(backend),
        "source": source,
        "tags": [],
        "note": "",
    }
    if extra:
        summary.update(extra)
    files = {"experiment.json": experiment_file_module.dumps(experiment).encode("utf-8"),
             "history.csv": history_csv(rows).encode("utf-8")}
    if model is not None:
        files[model_name] = model_file_bytes(model)
    if histograms is not None:
        files["histograms.npz"] = histograms
    return RunFiles(files, finite_json(summary))


def finite_json(value):
    """``value`` with non-finite floats replaced by None (JSON has no NaN)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: finite_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite_json(v) for v in value]
    return value


def summary_bytes(summary: dict) -> bytes:
    return (strict_json.dumps(finite_json(summary), indent=2) + "\n").encode("utf-8")
