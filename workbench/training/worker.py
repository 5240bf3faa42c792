"""The QObject that lives in the training thread: builds the trainer, then runs it in bursts.

:class:`TrainingWorker` is created by :class:`~workbench.training.session.TrainingSession`
in the GUI thread, moved to its QThread, and reports everything through one signal,
:attr:`TrainingWorker.emitted`, carrying frozen records
(:mod:`workbench.training.run_records` and the engine's epoch and finish events). What to
run and when to report is decided by its :class:`~workbench.training.run_control.RunControl`;
the worker adds the Qt parts: the burst timer, the slots the session's requests are queued
to, and the run's state.

Preparing a run (reading a large data file, building the model) happens inside
:func:`core.progress.reporting`: the loaders' progress is reported as
:class:`~workbench.training.run_records.Preparation` records (throttled), and once a stop
is requested the next report raises :class:`core.progress.Cancelled`, so Stop, Reset or
closing the window abandons the preparation within one report (the run then ends in the
state ``cancelled``).
"""

from __future__ import annotations

import copy
import logging
import math
import time
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal, Slot

from core.errors import WorkbenchError
from core.nn.output_head import OutputHead
from core.progress import Cancelled, reporting
from workbench.training.run_control import PaintGate, RunControl, RunGoal
from workbench.training.run_records import (
    CANCELLED,
    FAILED,
    FINISHED,
    PAUSED,
    PREPARING,
    READY,
    RUNNING,
    ExplainedStep,
    LrChange,
    ModelEdit,
    Preparation,
    ReportBatch,
    RunInfo,
    StateChange,
    WorkerError,
    readable_error,
)
from workbench.training.thread_policy import ThreadPolicy

log = logging.getLogger(__name__)

#: seconds between two preparation-progress reports (the first and the last always go)
PROGRESS_INTERVAL_S = 0.05
#: Neuron maps at most this often while training: the diagram redraws them at most every
#: 0.5 s (``MAP_REFRESH_S``); the epochs between carry the decision boundary only, and a
#: paused run's maps are drawn from its weights (the boundary panel's ``plane_maps``).
MAPS_INTERVAL_S = 0.25


class TrainingWorker(QObject):
    """Owns one :class:`core.training.trainer.Trainer` and advances it in its QThread.

    Construct it in the GUI thread, move it to its thread, connect :attr:`emitted`, then
    start the thread with ``thread.started`` connected to :meth:`setup` (which builds
    the trainer in the worker thread). :class:`TrainingSession` does all that.

    Parameters
    ----------
    experiment : dict
        A normalized experiment (deep-copied; the trainer may change its schedule).
    base_dir : Path, optional
        Folder relative data paths resolve against.
    prepared : PreparedData, optional
        Data already loaded for the same data spec.
    grid : int
        Decision-boundary grid size (0: none).
    neuron_maps : bool
        Neuron maps from the grid's forward pass (``benchmarks/gui_latency.py`` turns them
        off to measure their cost).
    plane : PlaneChoice or None
        The plane to draw data of more than two inputs over (:meth:`request_plane`).
    snapshots : bool
        Ask the trainer for host copies of weights and gradients at every epoch end.
    burst_s : float
        Longest stretch of iterations before the worker returns to its event loop.
    emit_interval_s : float
        Iteration events are batched and reported at most this often.
    yield_s : float or None
        Sleep after each burst: releases the GIL, so a GUI thread waiting for it runs
        now. ``0.0`` (the default) releases it without a fixed pause (a 0.5 ms pause cost
        ~5-10 % of a small network's rate, measured with ``benchmarks/gui_latency.py``);
        None: no release between bursts.
    gate : PaintGate, optional
        Closed by the GUI thread while it redraws the plots; the worker waits (without
        the GIL, at most ``gate_timeout_s``) before its next iteration until it opens.
    gate_timeout_s : float
        Longest wait for the GUI (a stuck GUI never stalls training for long).
    blas_threads : int, "auto" or None
        BLAS threads while this worker trains (:class:`ThreadPolicy`); None leaves BLAS
        alone.
    switch_interval_s : float or None
        ``sys.setswitchinterval`` while training (1 ms; CPython's default is 5 ms): how
        long the GUI thread may wait for the GIL. None leaves it alone.
    init_state : dict, optional
        Weights to start from (an opened model file, a snapshot to branch from).
    init_source : str, optional
        What ``init_state`` is, for the message when it does not fit the network.
    start_at : tuple of int, optional
        ``(epoch, step)`` a branch from a weight snapshot counts on from (the trainer's).
    pace : float or None
        Most steps per second while running toward the end of the run (Train/Resume);
        None: as fast as possible. Changed live with :meth:`set_pace`.

    Signals
    -------
    emitted(object)
        Every report, in order: :class:`Preparation` (while the trainer is built, at most
        one every :data:`PROGRESS_INTERVAL_S`), :class:`RunInfo` (the run is prepared),
        :class:`IterationBatch`, :class:`~core.training.events.EpochEvent`,
        :class:`~core.training.events.FinishedEvent`, :class:`WorkerError`,
        :class:`StateChange`, :class:`LrChange`, :class:`ModelEdit`; the reports of one burst travel
        together in a :class:`ReportBatch`.
    """

    emitted = Signal(object)

    def __init__(self, experiment: dict, base_dir: Path | None = None, prepared=None,
                 grid: int = 60, snapshots: bool = True, burst_s: float = 0.010,
                 emit_interval_s: float = 0.033, yield_s: float | None = 0.0,
                 gate: PaintGate | None = None, gate_timeout_s: float = 0.1,
                 blas_threads="auto", switch_interval_s: float | None = 0.001,
                 init_state: dict | None = None, pace: float | None = None,
                 init_source: str | None = None, start_at: tuple | None = None,
                 neuron_maps: bool = True, plane=None):
        super().__init__()
        self._init_state, self._init_source = init_state, init_source
        self._start_at = start_at
        self._blas_threads = blas_threads
        self._switch_interval_s = switch_interval_s
        self._policy_held = False
        self._experiment = copy.deepcopy(experiment)
        self._base_dir = base_dir
        self._prepared = prepared
        self._grid = grid
        self._neuron_maps = neuron_maps
        self._plane = plane
        self._snapshots = snapshots
        self.yield_s = yield_s
        self.control = RunControl(burst_s=burst_s, emit_interval_s=emit_interval_s, gate=gate,
                                  gate_timeout_s=gate_timeout_s, pace=pace)
        self.trainer = None
        self.state = PREPARING
        self._last_progress = -1.0
        # a child of the worker: moves to the worker thread with it
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._burst)

    # ---------------------------------------------------------------- any thread
    def request_stop(self) -> None:
        """Ask the run to stop before its next iteration (safe from any thread)."""
        self.control.request_stop()
        trainer = self.trainer
        if trainer is not None:
            trainer.request_stop()

    def request_plane(self, choice) -> None:
        """Draw the grid over the plane ``choice`` from the next epoch end on (safe from any
        thread, as :meth:`Trainer.request_plane`)."""
        self._plane = choice
        trainer = self.trainer
        if trainer is not None:
            trainer.request_plane(choice)

    # ---------------------------------------------------------------- worker thread
    @Slot()
    def setup(self) -> None:
        """Build the trainer (runs in the worker thread when the thread starts)."""
        self._set_state(PREPARING)
        self._policy_held = ThreadPolicy.acquire(self._blas_threads, self._switch_interval_s)
        try:
            with reporting(self._report_preparation):
                self._report_preparation(0.0, "Preparing the data and the network")
                from core.training.trainer import Trainer  # here: a broken engine is a message too
                trainer = Trainer(self._experiment, self._base_dir, prepared=self._prepared,
                                  init_state=self._init_state,
                                  init_source=self._init_source, layer_stats=True,
                                  snapshots=self._snapshots, grid=self._grid,
                                  start_at=self._start_at,
                                  neuron_maps=self._neuron_maps,
                                  maps_interval_s=MAPS_INTERVAL_S)
                if self._plane is not None:
                    trainer.request_plane(self._plane)
                self._report_preparation(1.0, "Drawing the first decision boundary")
                info = run_info(trainer, ThreadPolicy.threads() if self._policy_held
                                else None)
        except Cancelled:
            self.control.clear_goal()
            self._set_state(CANCELLED)
            return
        except Exception as exc:  # every failure becomes a message, never a traceback
            if not isinstance(exc, WorkbenchError):
                log.exception("building the trainer failed")
            self._fail(exc)
            return
        self.trainer = trainer
        if self._plane is not None:   # chosen while the run was prepared
            trainer.request_plane(self._plane)
        if self.control.stop_requested:
            trainer.request_stop()
        self.emitted.emit(info)
        self._set_state(READY)
        if self.control.stop_requested:
            self._finish_now()

    def _report_preparation(self, fraction: float, text: str) -> None:
        """The progress callback while the trainer is built (worker thread)."""
        if self.control.stop_requested:
            raise Cancelled("Preparing the run was cancelled.")
        now = time.perf_counter()
        if fraction >= 1.0 or now - self._last_progress >= PROGRESS_INTERVAL_S:
            self._last_progress = now
            self.emitted.emit(Preparation(float(fraction), str(text)))

    @Slot()
    def cleanup(self) -> None:
        """Stop the burst timer and give BLAS its threads back (on ``thread.finished``)."""
        self._timer.stop()
        if self._policy_held:
            self._policy_held = False
            ThreadPolicy.release()

    @Slot()
    def resume(self) -> None:
        """Train until the end (or a pause/stop)."""
        self._set_goal(RunGoal("run"))

    @Slot()
    def pause(self) -> None:
        """Pause after the current iteration."""
        if self.control.goal is not None:
            self.control.clear_goal()
            self._timer.stop()
            self.control.flush(self.emitted.emit)
            self._set_state(PAUSED)

    @Slot()
    def step_iteration(self) -> None:
        """Run exactly one iteration, then pause."""
        if self.trainer is not None:
            self._set_goal(RunGoal("steps", self.trainer.step_count + 1))

    @Slot()
    def step_epoch(self) -> None:
        """Run to the end of the current epoch, then pause."""
        if self.trainer is not None:
            self._set_goal(RunGoal("epochs", self.trainer.epoch + 1))

    @Slot(int)
    def run_epochs(self, n: int) -> None:
        """Run ``n`` more epochs, then pause."""
        if self.trainer is not None:
            self._set_goal(RunGoal("epochs", self.trainer.epoch + max(int(n), 1)))

    @Slot()
    def stop(self) -> None:
        """Stop now: the trainer finishes with reason ``interrupted``."""
        self.request_stop()
        if self.trainer is not None and self.control.goal is None:
            self._finish_now()

    @Slot(object)
    def set_pace(self, steps_per_s) -> None:
        """Run at most ``steps_per_s`` iterations per second from now on (None: no limit)."""
        self.control.set_pace(steps_per_s)
        if self.control.goal is not None:
            self._schedule(0)

    @Slot(float)
    def set_lr(self, lr: float) -> None:
        """Change the learning rate from the next iteration on."""
        if self.trainer is None or self.trainer.finished:
            return
        try:
            self.trainer.set_lr(lr)
        except Exception as exc:
            self.emitted.emit(WorkerError(readable_error(exc)))
            return
        self.control.flush(self.emitted.emit)
        self.emitted.emit(LrChange(self.trainer.step_count, float(lr), f"lr → {lr:g}"))

    @Slot(object)
    def set_schedule(self, spec: dict) -> None:
        """Replace the learning-rate schedule from the next iteration on."""
        if self.trainer is None or self.trainer.finished:
            return
        try:
            self.trainer.set_schedule(copy.deepcopy(spec))
        except Exception as exc:
            self.emitted.emit(WorkerError(readable_error(exc)))
            return
        config = self.trainer.schedule.config()
        self.control.flush(self.emitted.emit)
        self.emitted.emit(LrChange(self.trainer.step_count, float(self.trainer.lr),
                                   f"schedule → {config.get('type', '?')}", config))

    @Slot(object)
    def explain_step(self, rows) -> None:
        """Explain the next iteration (or one on the training ``rows``) on copies of the
        model and optimizer; the trainer does not change. Answers with an ExplainedStep."""
        if self.trainer is None:
            self.emitted.emit(ExplainedStep(None, "The run is not prepared yet."))
            return
        try:
            from core.training.step_explanation import explain_trainer_step
            with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
                explanation = explain_trainer_step(self.trainer, rows)
        except Exception as exc:  # a message in the explainer, never a traceback
            if not isinstance(exc, WorkbenchError):
                log.exception("explaining a step failed")
            self.emitted.emit(ExplainedStep(None, readable_error(exc)))
            return
        self.emitted.emit(ExplainedStep(explanation))
    @Slot(str, object, float)
    def set_weight(self, name: str, index, value: float) -> None:
        """Set one weight or bias by hand (``name`` ``"0.weight"``, ``index`` a tuple)
        from the next iteration on; paused or running."""
        trainer = self.trainer
        if trainer is None or trainer.finished:
            return
        try:
            stored = trainer.set_weight(name, tuple(index), value)
        except Exception as exc:
            self.emitted.emit(WorkerError(readable_error(exc)))
            return
        where = ",".join(str(int(i)) for i in index)
        self._edited(f"{name}[{where}] → {stored:g}")

    @Slot(int, bool)
    def set_frozen(self, layer: int, frozen: bool) -> None:
        """Freeze (no updates) or unfreeze layer ``layer`` from the next iteration on."""
        trainer = self.trainer
        if trainer is None or trainer.finished:
            return
        try:
            trainer.set_frozen(int(layer), bool(frozen))
        except Exception as exc:
            self.emitted.emit(WorkerError(readable_error(exc)))
            return
        self._edited((self.tr("freeze layer {}") if frozen
                      else self.tr("unfreeze layer {}")).format(layer))

    @Slot()
    def report_weights(self) -> None:
        """Send the weights as they are now (a paused run's diagram shows them)."""
        if self.trainer is not None and self.control.goal is None:
            self._edited("")

    def _edited(self, label: str) -> None:
        trainer = self.trainer
        frozen = tuple(i for i, spec in enumerate(trainer.model.specs) if spec.get("frozen"))
        self.control.flush(self.emitted.emit)
        self.emitted.emit(ModelEdit(trainer.step_count, label, trainer.model.state_dict(),
                                    frozen))

    # ---------------------------------------------------------------- internals
    def _set_goal(self, goal: RunGoal) -> None:
        trainer = self.trainer
        if trainer is None or trainer.finished or self.state == FAILED:
            return
        self.control.set_goal(goal)
        self._set_state(RUNNING)
        self._schedule(0)

    def _schedule(self, ms: int) -> None:
        """The next burst in ``ms`` milliseconds."""
        self._timer.start(max(int(ms), 0))

    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self.emitted.emit(StateChange(state))

    def _fail(self, exc: BaseException) -> None:
        self.control.clear_goal()
        self.control.flush(self.emitted.emit)
        self.emitted.emit(WorkerError(readable_error(exc)))
        self._set_state(FAILED)

    def _finish_now(self) -> None:
        """Let the trainer produce its (interrupted) finish event while idle."""
        self._after(self.control.finish_now(self.trainer, self.emitted.emit))

    @Slot()
    def _burst(self) -> None:
        reports: list = []
        outcome = self.control.burst(self.trainer, reports.append)
        self._send(reports)
        self._after(outcome)

    def _send(self, reports: list) -> None:
        """Emit a burst's reports: one signal for all of them (a :class:`ReportBatch`)."""
        if len(reports) == 1:
            self.emitted.emit(reports[0])
        elif reports:
            self.emitted.emit(ReportBatch(tuple(reports)))

    def _after(self, outcome) -> None:
        """Act on how a burst (or a last step) ended: a new state, or the next burst."""
        if outcome.kind == "finished":
            self._set_state(FINISHED)
        elif outcome.kind == "paused":
            self._set_state(PAUSED)
        elif outcome.kind == "failed":
            log.error("training step failed", exc_info=outcome.error)
            self.emitted.emit(WorkerError(readable_error(outcome.error)))
            self._set_state(FAILED)
        elif outcome.kind == "continue" and self.control.goal is not None:
            if outcome.wait_s > 0:
                self._schedule(math.ceil(outcome.wait_s * 1000))
                return
            if self.yield_s is not None:
                time.sleep(self.yield_s)  # hand the GIL to the GUI thread
            self._schedule(0)


def run_info(trainer, blas_threads=None) -> RunInfo:
    """What the dashboards need to know about the run ``trainer`` has just prepared."""
    train, val = trainer.prepared.train, trainer.prepared.val
    grid, maps, units = trainer.grid_pictures()
    extent = trainer.grid_extent
    return RunInfo(
        experiment=copy.deepcopy(trainer.experiment), backend=trainer.backend.describe(),
        epochs=trainer.epochs, iterations_per_epoch=trainer.iterations_per_epoch,
        batch_size=trainer.batch_size, n_train=trainer.n_train, task=trainer.task,
        class_names=tuple(train.class_names or ()),
        feature_names=tuple(train.feature_names or ()),
        n_outputs=train.n_outputs, layer_specs=tuple(trainer.model.specs),
        # a streamed set (core.data.streamed_images) stays on disk: rows are read on demand
        train_x=train.X if getattr(train.X, "streamed", False) else np.asarray(train.X),
        train_y=np.asarray(train.y),
        val_x=val.X if getattr(val.X, "streamed", False) else np.asarray(val.X),
        val_y=np.asarray(val.y),
        weights=trainer.model.state_dict(),
        output_head=OutputHead.of(list(trainer.model.specs), trainer.experiment["loss"]),
        grid=grid, neuron_maps=maps,
        grid_extent=tuple(float(v) for v in extent) if extent is not None else None,
        prepared=trainer.prepared,
        blas_threads=blas_threads if trainer.backend.name == "cpu" else None,
        neuron_units=units, plane=trainer.plane_choice)
