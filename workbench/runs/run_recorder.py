"""Every run trained in the Train tab, recorded in the runs folder.

:class:`RunRecorder` listens to the Train tab's ``state_changed`` signal (emitted in the
GUI thread by the session controller). When a run has finished, failed, or been set
aside (a new run, a changed experiment, the window closing) after at least one epoch, it
copies what the run is on the GUI thread — the experiment, a snapshot of the epoch
table, the latest weights (host arrays the worker never touches again) — and hands
formatting and writing the run's folder to :class:`~workbench.runs.background_jobs.
BackgroundJobs`. A run that trains on after being recorded (more epochs) is recorded
again under the same id, keeping the tags and note the person gave it meanwhile.
"""

from __future__ import annotations

import copy
import math
import time
import weakref
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from core.data.spec import rebase_data_path
from core.errors import WorkbenchError
from core.io.model_file import ModelFile
from core.runs.history import read_history_csv
from core.runs.run_files import assemble_run_files
from core.runs.store import RunNotFound, RunStore, new_run_id
from core.training.events import FinishedEvent
from workbench.runs.background_jobs import BackgroundJobs

#: Train-tab states after which the current run is recorded ("idle": set aside).
RECORD_STATES = ("finished", "failed", "idle")


@dataclass(frozen=True)
class RunCopy:
    """What the GUI thread copies of a run for the background job (host values only)."""

    run_id: str
    folder: Path
    experiment: dict
    model: ModelFile | None
    epochs_table: object          # core.training.run_history.CsvSnapshot
    finished: FinishedEvent
    task: str
    n_features: int
    epochs_planned: int
    steps: int
    backend: str
    started: float


def record_copy(copied: RunCopy) -> str:
    """Write ``copied`` into its runs folder (in the background thread); return its id."""
    rows = read_history_csv(copied.epochs_table.to_csv())
    files = assemble_run_files(
        copied.experiment, copied.model, rows, copied.finished, task=copied.task,
        n_features=copied.n_features, epochs_planned=copied.epochs_planned,
        steps=copied.steps, backend=copied.backend, started=copied.started, source="gui")
    with RunStore(copied.folder) as store:
        try:
            old = store.get(copied.run_id)
            tags, note = old.tags, old.note
        except RunNotFound:
            tags, note = (), ""
        return store.record(files, run_id=copied.run_id, tags=tags, note=note)


class RunRecorder(QObject):
    """Records the Train tab's runs in the runs folder ``folder``.

    Signals
    -------
    recorded(str)
        A run was written (its id).
    failed(str)
        One sentence: the run could not be recorded, and why.
    """

    recorded = Signal(str)
    failed = Signal(str)

    def __init__(self, view, folder: Path, jobs: BackgroundJobs, parent: QObject | None = None):
        super().__init__(parent)
        self.view, self.folder, self.jobs = view, Path(folder), jobs
        # RunRecord -> (run id, started, (epoch, steps) recorded last)
        self._recorded: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        view.state_changed.connect(self._state_changed)

    def run_id(self, run) -> str | None:
        """The id ``run`` is (or is being) recorded under, or None."""
        entry = self._recorded.get(run)
        return entry[0] if entry else None

    def _state_changed(self, state: str) -> None:
        if state in RECORD_STATES:
            self.record(self.view.run)

    def record(self, run) -> bool:
        """Record ``run`` (a :class:`~workbench.dashboard.run_record.RunRecord`) unless it
        has no finished epoch or is recorded as it is already; True when a job started."""
        if run is None or run.info is None or run.latest is None or not run.history.n_epochs:
            return False
        entry = self._recorded.get(run)
        if entry is not None and entry[2] == (run.epoch, run.steps):
            return False
        run_id, started = entry[:2] if entry else (None, time.time() - run.running_seconds)
        run_id = run_id or new_run_id(started)
        self._recorded[run] = (run_id, started, (run.epoch, run.steps))
        copied = self._copy(run, run_id, started)
        self.jobs.submit(lambda: record_copy(copied), self.recorded.emit, self._failed)
        return True

    def _copy(self, run, run_id: str, started: float) -> RunCopy:
        info = run.info
        base_dir = self.view.document.base_dir
        experiment = copy.deepcopy(run.experiment)
        if base_dir is not None:
            experiment["data"] = rebase_data_path(experiment["data"], base_dir)
        finished = run.finish or FinishedEvent(
            "failed" if run.state == "failed" else "interrupted",
            run.error or f"Stopped after {run.steps} iterations.", run.epoch, run.steps)
        standardizer = info.prepared.standardizer if info.prepared is not None else None
        classes = list(info.class_names) if info.task == "classification" and \
            info.class_names else None
        try:
            model = ModelFile.from_model(dict(run.weights), experiment, standardizer, classes,
                                         source="model.npz") if run.weights else None
        except WorkbenchError:   # NaN weights after divergence: the history is still kept
            model = None
        return RunCopy(run_id, self.folder, experiment, model, run.history.snapshot("epochs"),
                       finished, info.task, _n_features(info), int(info.epochs),
                       int(run.steps), info.backend.split(" ")[0].lower(), started)

    def _failed(self, message: str) -> None:
        self.failed.emit(f"The run could not be recorded in the runs folder: {message}")


def _n_features(info) -> int:
    """The width of the network's input (the first number of the network in a few words)."""
    if info.feature_names:
        return len(info.feature_names)
    shape = getattr(info.train_x, "shape", (0, 0))
    return int(math.prod(shape[1:])) if len(shape) > 1 else 1
