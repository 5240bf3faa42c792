"""Training in a background thread: one worker object, one QThread, one way to end.

The GUI never runs the trainer itself. :class:`TrainingSession` (an object of the GUI
thread) creates one :class:`QThread` and one :class:`TrainingWorker`, moves the worker to
the thread, connects every signal, and only then starts the thread. The worker builds the
:class:`core.training.trainer.Trainer` *in the worker thread* (loading a large data file or
building the model never freezes the window) and then advances it in short bursts:

* a burst runs iterations for at most ``burst_s`` (10 ms) and then returns to the
  worker thread's event loop, so queued control requests (pause, step, set_lr, ...) are
  handled between bursts, and the GIL is released (plus a tiny ``yield_s`` sleep) so the
  GUI thread is never starved;
* iteration events are collected and emitted in batches at most every ``emit_interval_s``
  (33 ms): :attr:`TrainingWorker.iterations_done` carries a list the worker never touches
  again;
* epoch ends, the finish and errors are emitted as they happen.

The GIL: a training loop of small NumPy calls holds the GIL nearly all the time, and
pyqtgraph paints through many short Python calls, each of which must win the GIL back
(up to the 5 ms switch interval each) — so a redraw that takes 7 ms alone took 50–150 ms
while training. The GUI therefore redraws inside :meth:`TrainingSession.painting`, a
gate the worker checks before every iteration: while it is closed the worker sleeps
(without the GIL) and the redraw runs at full speed. The redraws are short (the view
draws a few panels per timer tick) and the gate has a timeout, so training never waits
long. While a worker trains, the GIL switch interval is 1 ms instead of 5 ms
(``switch_interval_s``), and since idle OpenBLAS threads spin, BLAS gets
``cpu_count − 1`` threads, leaving a core to the GUI (``blas_threads``).

Controls are queued slot invocations (the session's private request signals are
connected to the worker's slots), except stopping, which also sets a flag the trainer
checks before every iteration, so a stop never waits for a long queue.

Preparing a run (reading a large data file, building the model) happens inside
:func:`core.progress.reporting`: the loaders' progress reaches the GUI as
:attr:`TrainingWorker.preparation_progressed` (throttled), and once a stop is requested
the next report raises :class:`core.progress.Cancelled`, so Stop, Reset or closing the
window abandons the preparation within one report instead of waiting for it to end
(the run then ends in the state ``cancelled``).

Pace: with ``pace`` (steps per second) a run started with Train advances at most that
fast, so a person can watch a small problem learn (TensorFlow Playground's pace); None
runs as fast as possible. Steps, Step epoch and ``run_epochs`` always run at full speed.
The command line never paces (it does not use the worker).

Ending: :meth:`TrainingSession.shutdown` asks the trainer to stop, quits the thread's
event loop and waits (bounded) for the thread. The worker and the thread are deleted in
one place only, :class:`_ThreadReaper`, in the GUI thread, after the thread has finished:
a thread that is still busy with one long iteration when the wait times out is kept
alive until it ends, so Qt never destroys a running thread. At interpreter exit the
reaper stops every worker and waits for each thread to end, without a time limit (a
thread destroyed while running aborts the process).
"""

from __future__ import annotations

import atexit
import copy
import logging
import math
import os
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from core.errors import WorkbenchError
from core.training.events import EpochEvent, FinishedEvent, IterationEvent
from core.progress import Cancelled, reporting

log = logging.getLogger(__name__)

# worker states (state_changed)
PREPARING, READY, RUNNING, PAUSED, FINISHED, FAILED, CANCELLED = (
    "preparing", "ready", "running", "paused", "finished", "failed", "cancelled")
#: states after which a run does nothing more
ENDED = (FINISHED, FAILED, CANCELLED)
#: seconds between two preparation-progress signals (the first and the last always go)
PROGRESS_INTERVAL_S = 0.05


@dataclass(frozen=True)
class Preparation:
    """How far preparing a run is: ``fraction`` in [0, 1] (NaN: unknown) and what it does."""

    fraction: float
    text: str


@dataclass(frozen=True)
class RunInfo:
    """What the dashboards need to know about a prepared run (host values only).

    Attributes
    ----------
    experiment : dict
        The worker's private copy of the experiment.
    backend : str
        ``Backend.describe()``, e.g. ``"CPU · NumPy 2.4 · OpenBLAS · 2 threads"``.
    epochs, iterations_per_epoch, batch_size, n_train : int
    task : str
        ``"classification"`` or ``"regression"``.
    class_names, feature_names : tuple of str
    n_outputs : int
    layer_specs : tuple of dict
        The normalized layer specs.
    train_x, train_y, val_x, val_y : numpy.ndarray
        The (standardized) data the model sees, for the decision-boundary scatter.
    weights : dict
        ``state_dict()`` right after initialization (or loading).
    grid : numpy.ndarray or None
        Model outputs on the grid before training, shape ``(n, n, outputs)``.
    grid_extent : tuple or None
        ``(x0, x1, y0, y1)`` of the grid's first and last sample points.
    prepared : PreparedData
        The loaded data, so the next run of the same data skips loading.
    blas_threads : tuple of int or None
        ``(used, available)`` BLAS threads while this run trains in the window (the worker
        leaves a core to the GUI thread), or None when the worker left BLAS alone.
    """

    experiment: dict
    backend: str
    epochs: int
    iterations_per_epoch: int
    batch_size: int
    n_train: int
    task: str
    class_names: tuple
    feature_names: tuple
    n_outputs: int
    layer_specs: tuple
    train_x: np.ndarray
    train_y: np.ndarray
    val_x: np.ndarray
    val_y: np.ndarray
    weights: dict
    grid: np.ndarray | None = None
    grid_extent: tuple | None = None
    prepared: object = None
    blas_threads: tuple | None = None


@dataclass(frozen=True)
class LrChange:
    """The user changed the learning rate or the schedule before iteration ``step + 1``."""

    step: int
    lr: float
    label: str
    schedule: dict = field(default_factory=dict)


def readable_error(exc: BaseException) -> str:
    """One sentence for the user: WorkbenchError messages as they are, others with their type."""
    if isinstance(exc, WorkbenchError):
        return str(exc)
    if isinstance(exc, MemoryError):
        return ("Training ran out of memory: try a smaller batch size, fewer units or a "
                "smaller data set.")
    text = str(exc).strip() or type(exc).__name__
    return f"Training failed: {type(exc).__name__}: {text}"


class TrainingWorker(QObject):
    """Owns one :class:`core.training.trainer.Trainer` and advances it in its QThread.

    Construct it in the GUI thread, move it to its thread, connect its signals, then
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
        Decision-boundary grid size for 2-D data (0: none).
    snapshots : bool
        Ask the trainer for host copies of weights and gradients at every epoch end.
    burst_s : float
        Longest stretch of iterations before the worker returns to its event loop.
    emit_interval_s : float
        Iteration events are batched and emitted at most this often.
    yield_s : float
        Sleep after each burst (releases the GIL so the GUI thread runs at once).
    gui_idle : threading.Event, optional
        Cleared by the GUI thread while it redraws the plots; the worker waits (without
        the GIL, at most ``gate_timeout_s``) before its next iteration until it is set
        again, so the redraw does not fight the training loop for the GIL.
    gate_timeout_s : float
        Longest wait for the GUI (a stuck GUI never stalls training for long).
    blas_threads : int, "auto" or None
        BLAS threads while this worker trains. ``"auto"`` leaves one core to the GUI
        thread (``cpu_count - 1``, at least 1): idle OpenBLAS threads spin, and on two
        cores a spinning BLAS thread starves the GUI. None leaves BLAS alone.
    switch_interval_s : float or None
        ``sys.setswitchinterval`` while training (1 ms; CPython's default is 5 ms): how
        long the GUI thread may wait for the GIL. None leaves it alone.
    pace : float or None
        Most steps per second while running toward the end of the run (Train/Resume);
        None: as fast as possible. Changed live with :meth:`set_pace`.

    Signals
    -------
    preparation_progressed(Preparation)
        While the trainer is built: how far loading the data has come (throttled to one
        every :data:`PROGRESS_INTERVAL_S`).
    prepared(RunInfo)
        The trainer is built; the run is ready to start.
    iterations_done(list[IterationEvent])
        At most every ``emit_interval_s``, and whenever the run pauses or ends.
    epoch_finished(EpochEvent)
        Every epoch; the iterations of that epoch may still be pending in the next
        ``iterations_done`` batch.
    finished(FinishedEvent)
    errored(str)
        A readable message. During setup or a step the run is over (state ``failed``);
        a rejected ``set_lr``/``set_schedule`` leaves the run as it was.
    state_changed(str)
        ``preparing``, ``ready``, ``running``, ``paused``, ``finished``, ``failed`` or
        ``cancelled`` (a stop arrived while the run was being prepared).
    lr_changed(LrChange)
        A ``set_lr``/``set_schedule`` took effect.
    """

    preparation_progressed = Signal(object)
    prepared = Signal(object)
    iterations_done = Signal(object)
    epoch_finished = Signal(object)
    finished = Signal(object)
    errored = Signal(str)
    state_changed = Signal(str)
    lr_changed = Signal(object)

    def __init__(self, experiment: dict, base_dir: Path | None = None, prepared=None,
                 grid: int = 60, snapshots: bool = True, burst_s: float = 0.010,
                 emit_interval_s: float = 0.033, yield_s: float = 0.0005,
                 gui_idle: threading.Event | None = None, gate_timeout_s: float = 0.1,
                 blas_threads="auto", switch_interval_s: float | None = 0.001,
                 init_state: dict | None = None, pace: float | None = None):
        super().__init__()
        self._init_state = init_state  # weights to start from (an opened model file)
        self._blas_threads = blas_threads
        self._switch_interval_s = switch_interval_s
        self._policy_held = False
        self._gui_idle = gui_idle
        self.gate_timeout_s = gate_timeout_s
        self._experiment = copy.deepcopy(experiment)
        self._base_dir = base_dir
        self._prepared = prepared
        self._grid = grid
        self._snapshots = snapshots
        self.burst_s, self.emit_interval_s, self.yield_s = burst_s, emit_interval_s, yield_s
        self.trainer = None
        self.state = PREPARING
        self._goal = None            # None | ("run",) | ("steps", n) | ("epochs", n)
        self._stop_flag = False      # set from any thread by request_stop()
        self._pending: list[IterationEvent] = []
        self._last_emit = 0.0
        self._last_progress = -1.0
        self._pace = _valid_pace(pace)
        self._pace_origin = None     # (time, step count) the pace counts from
        # a child of the worker: moves to the worker thread with it
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._burst)

    # ---------------------------------------------------------------- any thread
    def request_stop(self) -> None:
        """Ask the run to stop before its next iteration (safe from any thread)."""
        self._stop_flag = True
        trainer = self.trainer
        if trainer is not None:
            trainer.request_stop()

    # ---------------------------------------------------------------- worker thread
    @Slot()
    def setup(self) -> None:
        """Build the trainer (runs in the worker thread when the thread starts)."""
        self._set_state(PREPARING)
        self._policy_held = _ThreadPolicy.acquire(self._blas_threads, self._switch_interval_s)
        try:
            with reporting(self._report_preparation):
                self._report_preparation(0.0, "Preparing the data and the network")
                from core.training.trainer import Trainer  # here: a broken engine is a message too
                trainer = Trainer(self._experiment, self._base_dir, prepared=self._prepared,
                                  init_state=self._init_state, layer_stats=True,
                                  snapshots=self._snapshots, grid=self._grid)
                self._report_preparation(1.0, "Drawing the first decision boundary")
                info = self._info(trainer, _ThreadPolicy.threads() if self._policy_held
                                  else None)
        except Cancelled:
            self._goal = None
            self._set_state(CANCELLED)
            return
        except Exception as exc:  # every failure becomes a message, never a traceback
            if not isinstance(exc, WorkbenchError):
                log.exception("building the trainer failed")
            self._fail(exc)
            return
        self.trainer = trainer
        if self._stop_flag:
            trainer.request_stop()
        self.prepared.emit(info)
        self._set_state(READY)
        if self._stop_flag:
            self._finish_now()

    def _report_preparation(self, fraction: float, text: str) -> None:
        """The progress callback while the trainer is built (worker thread)."""
        if self._stop_flag:
            raise Cancelled("Preparing the run was cancelled.")
        now = time.perf_counter()
        if fraction >= 1.0 or now - self._last_progress >= PROGRESS_INTERVAL_S:
            self._last_progress = now
            self.preparation_progressed.emit(Preparation(float(fraction), str(text)))

    @Slot()
    def cleanup(self) -> None:
        """Stop the burst timer and give BLAS its threads back (on ``thread.finished``)."""
        self._timer.stop()
        if self._policy_held:
            self._policy_held = False
            _ThreadPolicy.release()

    @Slot()
    def resume(self) -> None:
        """Train until the end (or a pause/stop)."""
        self._set_goal(("run",))

    @Slot()
    def pause(self) -> None:
        """Pause after the current iteration."""
        if self._goal is not None:
            self._goal = None
            self._timer.stop()
            self._flush()
            self._set_state(PAUSED)

    @Slot()
    def step_iteration(self) -> None:
        """Run exactly one iteration, then pause."""
        if self.trainer is not None:
            self._set_goal(("steps", self.trainer.step_count + 1))

    @Slot()
    def step_epoch(self) -> None:
        """Run to the end of the current epoch, then pause."""
        if self.trainer is not None:
            self._set_goal(("epochs", self.trainer.epoch + 1))

    @Slot(int)
    def run_epochs(self, n: int) -> None:
        """Run ``n`` more epochs, then pause."""
        if self.trainer is not None:
            self._set_goal(("epochs", self.trainer.epoch + max(int(n), 1)))

    @Slot()
    def stop(self) -> None:
        """Stop now: the trainer finishes with reason ``interrupted``."""
        self.request_stop()
        if self.trainer is not None and self._goal is None:
            self._finish_now()

    @Slot(object)
    def set_pace(self, steps_per_s) -> None:
        """Run at most ``steps_per_s`` iterations per second from now on (None: no limit)."""
        self._pace = _valid_pace(steps_per_s)
        self._pace_origin = None
        if self._goal is not None:
            self._schedule(0)

    @Slot(float)
    def set_lr(self, lr: float) -> None:
        """Change the learning rate from the next iteration on."""
        if self.trainer is None or self.trainer.finished:
            return
        try:
            self.trainer.set_lr(lr)
        except Exception as exc:
            self.errored.emit(readable_error(exc))
            return
        self._flush()
        self.lr_changed.emit(LrChange(self.trainer.step_count, float(lr), f"lr → {lr:g}"))

    @Slot(object)
    def set_schedule(self, spec: dict) -> None:
        """Replace the learning-rate schedule from the next iteration on."""
        if self.trainer is None or self.trainer.finished:
            return
        try:
            self.trainer.set_schedule(copy.deepcopy(spec))
        except Exception as exc:
            self.errored.emit(readable_error(exc))
            return
        config = self.trainer.schedule.config()
        self._flush()
        self.lr_changed.emit(LrChange(self.trainer.step_count, float(self.trainer.lr),
                                      f"schedule → {config.get('type', '?')}", config))

    # ---------------------------------------------------------------- internals
    def _set_goal(self, goal) -> None:
        trainer = self.trainer
        if trainer is None or trainer.finished or self.state == FAILED:
            return
        self._goal = goal
        self._pace_origin = None
        self._set_state(RUNNING)
        self._schedule(0)

    def _schedule(self, ms: int) -> None:
        """The next burst in ``ms`` milliseconds."""
        self._timer.start(max(int(ms), 0))

    def _pace_wait(self) -> float:
        """Seconds until the next iteration is due under the pace (0: now)."""
        pace = self._pace
        if pace is None or self._goal is None or self._goal[0] != "run":
            return 0.0
        now = time.perf_counter()
        steps = self.trainer.step_count
        origin = self._pace_origin
        if origin is None:
            self._pace_origin = (now, steps)
            return 0.0
        due = origin[0] + (steps - origin[1]) / pace
        if now - due > 0.1:      # fell behind (a slow step, a busy GUI): no catching up
            self._pace_origin = (now, steps)
            return 0.0
        return max(due - now, 0.0)

    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self.state_changed.emit(state)

    def _fail(self, exc: BaseException) -> None:
        self._goal = None
        self._flush()
        self.errored.emit(readable_error(exc))
        self._set_state(FAILED)

    def _flush(self) -> None:
        if self._pending:
            batch, self._pending = self._pending, []
            self.iterations_done.emit(batch)
        self._last_emit = time.perf_counter()

    def _finish_now(self) -> None:
        """Let the trainer produce its (interrupted) finish event while idle."""
        try:
            events = self.trainer.step()
        except Exception as exc:
            self._fail(exc)
            return
        self._dispatch(events)

    def _dispatch(self, events) -> None:
        for event in events:
            if isinstance(event, IterationEvent):
                self._pending.append(event)
            elif isinstance(event, EpochEvent):
                # iterations stay batched across epoch ends (fast epochs would otherwise
                # double the signals): a batch may arrive after its epoch's event
                if time.perf_counter() - self._last_emit >= self.emit_interval_s:
                    self._flush()
                self.epoch_finished.emit(event)
            elif isinstance(event, FinishedEvent):
                self._goal = None
                self._flush()
                self.finished.emit(event)
                self._set_state(FINISHED)

    def _goal_reached(self) -> bool:
        goal, trainer = self._goal, self.trainer
        if goal[0] == "steps":
            return trainer.step_count >= goal[1]
        if goal[0] == "epochs":
            return trainer.epoch >= goal[1]
        return False

    @Slot()
    def _burst(self) -> None:
        trainer = self.trainer
        if trainer is None or self._goal is None:
            return
        deadline = time.perf_counter() + self.burst_s
        wait = 0.0
        try:
            while self._goal is not None:
                wait = self._pace_wait()
                if wait > 0:
                    break
                gate = self._gui_idle
                if gate is not None and not gate.is_set():
                    gate.wait(self.gate_timeout_s)   # the GUI is redrawing: let it have the GIL
                if self._stop_flag:
                    trainer.request_stop()
                self._dispatch(trainer.step())
                if self._goal is None:          # finished
                    break
                if self._goal_reached():
                    self._goal = None
                    self._flush()
                    self._set_state(PAUSED)
                    break
                if time.perf_counter() >= deadline:
                    break
        except Exception as exc:  # a bug or a device error: the run is over, the app lives
            log.exception("training step failed")
            self._fail(exc)
            return
        if self._pending and time.perf_counter() - self._last_emit >= self.emit_interval_s:
            self._flush()
        if self._goal is not None:
            if wait > 0:
                self._schedule(math.ceil(wait * 1000))
                return
            if self.yield_s > 0:
                time.sleep(self.yield_s)  # hand the GIL to the GUI thread
            self._schedule(0)

    @staticmethod
    def _info(trainer, blas_threads=None) -> RunInfo:
        train, val = trainer.prepared.train, trainer.prepared.val
        grid, extent = None, getattr(trainer, "grid_extent", None)
        if trainer.grid_size and extent is not None and train.n_features == 2:
            n = trainer.grid_size
            gx, gy = np.linspace(extent[0], extent[1], n), np.linspace(extent[2], extent[3], n)
            mx, my = np.meshgrid(gx, gy)
            out = trainer.model.predict(np.column_stack([mx.ravel(), my.ravel()]))
            grid = out.reshape(n, n, -1)
        return RunInfo(
            experiment=copy.deepcopy(trainer.experiment), backend=trainer.backend.describe(),
            epochs=trainer.epochs, iterations_per_epoch=trainer.iterations_per_epoch,
            batch_size=trainer.batch_size, n_train=trainer.n_train, task=trainer.task,
            class_names=tuple(train.class_names or ()),
            feature_names=tuple(getattr(train, "feature_names", None) or ()),
            n_outputs=train.n_outputs, layer_specs=tuple(trainer.model.specs),
            train_x=np.asarray(train.X), train_y=np.asarray(train.y),
            val_x=np.asarray(val.X), val_y=np.asarray(val.y),
            weights=trainer.model.state_dict(), grid=grid,
            grid_extent=tuple(float(v) for v in extent) if extent is not None else None,
            prepared=trainer.prepared,
            blas_threads=blas_threads if trainer.backend.name == "cpu" else None)


def _valid_pace(steps_per_s) -> float | None:
    """A positive finite pace, or None (as fast as possible)."""
    if steps_per_s is None:
        return None
    value = float(steps_per_s)
    return value if math.isfinite(value) and value > 0 else None


class _ThreadPolicy:
    """Process-wide settings for while any worker trains; the last one to end restores them.

    * BLAS threads: OpenBLAS's thread count is process-wide (see ``blas_threads``).
    * The GIL switch interval: a thread that wants the GIL waits up to this long before
      the holder must hand it over (CPython default 5 ms). The GUI thread wants it for
      every slot and every paint callback, so a shorter interval while training keeps it
      responsive (see ``switch_interval_s``).
    """

    _lock = threading.Lock()
    _users = 0
    _limiter = None
    _old_switch = None
    _threads = None          # (BLAS threads used, BLAS threads before the limit)

    @classmethod
    def threads(cls) -> tuple | None:
        """``(used, available)`` BLAS threads while workers train, None when not limited."""
        return cls._threads

    @classmethod
    def acquire(cls, threads, switch_interval_s) -> bool:
        if threads is None and switch_interval_s is None:
            return False
        if threads == "auto":
            threads = max((os.cpu_count() or 2) - 1, 1)
        with cls._lock:
            if cls._users == 0:
                if threads is not None:
                    try:
                        from threadpoolctl import threadpool_limits
                        cls._limiter = threadpool_limits(limits=int(threads), user_api="blas")
                        before = cls._limiter.get_original_num_threads().get("blas")
                        if before:
                            cls._threads = (min(int(threads), int(before)), int(before))
                    except Exception:  # threadpoolctl missing or BLAS not introspectable
                        cls._limiter = None
                if switch_interval_s is not None:
                    cls._old_switch = sys.getswitchinterval()
                    sys.setswitchinterval(float(switch_interval_s))
            cls._users += 1
        return True

    @classmethod
    def release(cls) -> None:
        with cls._lock:
            cls._users -= 1
            if cls._users > 0:
                return
            limiter, cls._limiter = cls._limiter, None
            old, cls._old_switch = cls._old_switch, None
            cls._threads = None
            if old is not None:
                sys.setswitchinterval(old)
            if limiter is not None:
                limiter.restore_original_limits()


class _ThreadReaper(QObject):
    """Keeps every worker thread (and its worker) alive until the thread has finished.

    The single deletion path: when a thread finishes, the reaper (in the GUI thread)
    drops the last references, and PySide deletes the worker and the thread.
    """

    _instance = None

    def __init__(self):
        super().__init__()
        self._live: dict[int, tuple] = {}

    @classmethod
    def instance(cls) -> "_ThreadReaper":
        if cls._instance is None:
            cls._instance = cls()
            atexit.register(cls._instance.stop_all)
        return cls._instance

    def adopt(self, thread: QThread, worker: TrainingWorker) -> None:
        self._live[id(thread)] = (thread, worker)
        thread.finished.connect(self._release)

    @Slot()
    def _release(self) -> None:
        thread = self.sender()
        for key, (t, _worker) in list(self._live.items()):
            if t is thread or (thread is None and t.isFinished()):
                t.wait()  # returns at once: run() has returned or is returning
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
        for thread, worker in list(self._live.values()):
            try:
                worker.request_stop()
                thread.quit()
            except RuntimeError:  # already deleted by Qt
                pass
        for thread, _worker in list(self._live.values()):
            try:
                while not thread.wait(int(report_every_s * 1000)):
                    log.warning("waiting for the training thread to end before exiting")
            except RuntimeError:  # already deleted by Qt
                pass
        self._live.clear()


def live_threads() -> int:
    """Worker threads still alive (tests check that every session cleaned up)."""
    return _ThreadReaper.instance().live_threads()


class TrainingSession(QObject):
    """One training run seen from the GUI thread: creates, controls and ends the worker.

    Parameters
    ----------
    experiment : dict
        A normalized experiment (copied).
    base_dir : Path, optional
    prepared : PreparedData, optional
        Reuse loaded data (see :attr:`RunInfo.prepared`).
    parent : QObject, optional
    **options
        Passed to :class:`TrainingWorker` (``grid``, ``snapshots``, ``burst_s``, ...).

    The signals repeat the worker's, delivered in the GUI thread; nothing is delivered
    after :meth:`shutdown`.
    """

    preparation_progressed = Signal(object)
    prepared = Signal(object)
    iterations_done = Signal(object)
    epoch_finished = Signal(object)
    finished = Signal(object)
    errored = Signal(str)
    state_changed = Signal(str)
    lr_changed = Signal(object)

    # requests, queued to the worker thread
    _resume_requested = Signal()
    _pause_requested = Signal()
    _step_requested = Signal()
    _step_epoch_requested = Signal()
    _run_epochs_requested = Signal(int)
    _stop_requested = Signal()
    _lr_requested = Signal(float)
    _schedule_requested = Signal(object)
    _pace_requested = Signal(object)

    def __init__(self, experiment: dict, base_dir: Path | None = None, prepared=None,
                 parent: QObject | None = None, **options):
        super().__init__(parent)
        self.state = PREPARING
        self.info: RunInfo | None = None
        self.finish: FinishedEvent | None = None
        self.error: str | None = None
        self._closed = False
        self._stopping = False
        self._gui_idle = threading.Event()
        self._gui_idle.set()
        thread = QThread()
        thread.setObjectName("training")
        worker = TrainingWorker(experiment, base_dir, prepared, gui_idle=self._gui_idle,
                                **options)
        worker.moveToThread(thread)
        # every connection is made before the thread starts
        worker.preparation_progressed.connect(self._on_preparation)
        worker.prepared.connect(self._on_prepared)
        worker.iterations_done.connect(self._on_iterations)
        worker.epoch_finished.connect(self._on_epoch)
        worker.finished.connect(self._on_finished)
        worker.errored.connect(self._on_errored)
        worker.state_changed.connect(self._on_state)
        worker.lr_changed.connect(self._on_lr_changed)
        self._resume_requested.connect(worker.resume)
        self._pause_requested.connect(worker.pause)
        self._step_requested.connect(worker.step_iteration)
        self._step_epoch_requested.connect(worker.step_epoch)
        self._run_epochs_requested.connect(worker.run_epochs)
        self._stop_requested.connect(worker.stop)
        self._lr_requested.connect(worker.set_lr)
        self._schedule_requested.connect(worker.set_schedule)
        self._pace_requested.connect(worker.set_pace)
        thread.started.connect(worker.setup)
        thread.finished.connect(worker.cleanup)
        _ThreadReaper.instance().adopt(thread, worker)
        gui_idle = self._gui_idle

        def abandoned(*_args):  # the session was deleted without shutdown(): end the run
            gui_idle.set()
            try:
                worker.request_stop()
                thread.quit()
            except RuntimeError:  # already finished and deleted by the reaper
                pass

        self.destroyed.connect(abandoned)
        self._thread, self._worker = thread, worker
        thread.start()

    # ---------------------------------------------------------------- controls
    @property
    def active(self) -> bool:
        """True until the run has finished, failed, been asked to stop or been shut down."""
        return not (self._closed or self._stopping) and self.state not in ENDED

    def start(self) -> None:
        """Train (or resume) until the end of the run."""
        if self.active:
            self._resume_requested.emit()

    def pause(self) -> None:
        if self.active:
            self._pause_requested.emit()

    def step(self) -> None:
        """One iteration, then pause."""
        if self.active:
            self._step_requested.emit()

    def step_epoch(self) -> None:
        """To the end of the current epoch, then pause."""
        if self.active:
            self._step_epoch_requested.emit()

    def run_epochs(self, n: int) -> None:
        """``n`` more epochs, then pause."""
        if self.active:
            self._run_epochs_requested.emit(int(n))

    def stop(self) -> None:
        """End the run (reason ``interrupted``); the thread stays until :meth:`shutdown`."""
        if self.active:
            self._stopping = True
            self._worker.request_stop()
            self._stop_requested.emit()

    def set_lr(self, lr: float) -> None:
        if self.active:
            self._lr_requested.emit(float(lr))

    def set_schedule(self, spec: dict) -> None:
        if self.active:
            self._schedule_requested.emit(copy.deepcopy(spec))

    def set_pace(self, steps_per_s: float | None) -> None:
        """At most ``steps_per_s`` iterations per second when training on (None: no limit)."""
        if self.active:
            self._pace_requested.emit(steps_per_s)

    @contextmanager
    def painting(self):
        """While inside, the worker holds back between iterations (GUI redraws get the GIL)."""
        self._gui_idle.clear()
        try:
            yield
        finally:
            self._gui_idle.set()

    def shutdown(self, timeout_s: float = 5.0) -> bool:
        """Stop the worker, end its thread and wait for it (at most ``timeout_s``).

        Returns True when the thread has ended. When one long iteration outlasts the
        wait, the thread is left to finish on its own (it is deleted when it does);
        either way no signal of this session reaches the GUI any more.
        """
        if self._closed:
            return self._thread is None or self._thread_done()
        self._closed = True
        self._gui_idle.set()
        worker, thread = self._worker, self._thread
        worker.request_stop()
        thread.quit()
        deadline = time.perf_counter() + max(timeout_s, 0.0)
        while not thread.wait(20):
            if time.perf_counter() >= deadline:
                log.warning("the training thread is still busy; it will end on its own")
                return False
        return True

    def _thread_done(self) -> bool:
        try:
            return self._thread.isFinished()
        except RuntimeError:  # deleted: it has finished
            return True

    # ---------------------------------------------------------------- forwarding
    @Slot(object)
    def _on_preparation(self, progress) -> None:
        if not self._closed:
            self.preparation_progressed.emit(progress)

    @Slot(object)
    def _on_prepared(self, info: RunInfo) -> None:
        if not self._closed:
            self.info = info
            self.prepared.emit(info)

    @Slot(object)
    def _on_iterations(self, events) -> None:
        if not self._closed:
            self.iterations_done.emit(events)

    @Slot(object)
    def _on_epoch(self, event) -> None:
        if not self._closed:
            self.epoch_finished.emit(event)

    @Slot(object)
    def _on_finished(self, event) -> None:
        if not self._closed:
            self.finish = event
            self.finished.emit(event)

    @Slot(str)
    def _on_errored(self, message: str) -> None:
        if not self._closed:
            self.error = message
            self.errored.emit(message)

    @Slot(str)
    def _on_state(self, state: str) -> None:
        if not self._closed:
            self.state = state
            self.state_changed.emit(state)

    @Slot(object)
    def _on_lr_changed(self, change) -> None:
        if not self._closed:
            self.lr_changed.emit(change)

