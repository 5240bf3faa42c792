"""Training in a background thread: one worker object, one QThread, one way to end.

The GUI never runs the trainer itself. :class:`TrainingSession` (an object of the GUI
thread) creates one :class:`QThread` and one
:class:`~workbench.training.worker.TrainingWorker`, moves the worker to the thread,
connects every signal, and only then starts the thread. The worker builds the
:class:`core.training.trainer.Trainer` *in the worker thread* (loading a large data file or
building the model never freezes the window) and then advances it in short bursts
(:mod:`workbench.training.run_control`). It reports through one signal carrying records;
the session delivers each record, in the GUI thread, as the public signal of its kind
(:data:`DELIVERY`), and nothing after :meth:`TrainingSession.shutdown`.

The GIL: a training loop of small NumPy calls holds the GIL nearly all the time, and
pyqtgraph paints through many short Python calls, each of which must win the GIL back
(up to the 5 ms switch interval each) — so a redraw that takes 7 ms alone took 50–150 ms
while training. The GUI therefore redraws inside :meth:`TrainingSession.painting`, a
gate the worker checks before every iteration: while it is closed the worker sleeps
(without the GIL) and the redraw runs at full speed. The redraws are short (the view
draws a few panels per timer tick) and the gate has a timeout, so training never waits
long. While a worker trains, the GIL switch interval is 1 ms and BLAS leaves a core to
the GUI (:mod:`workbench.training.thread_policy`).

Controls are queued slot invocations (the session's private request signals are
connected to the worker's slots), except stopping, which also sets a flag the trainer
checks before every iteration, so a stop never waits for a long queue.

Pace: with ``pace`` (steps per second) a run started with Train advances at most that
fast, so a person can watch a small problem learn (TensorFlow Playground's pace); None
runs as fast as possible. Steps, Step epoch and ``run_epochs`` always run at full speed.
The command line never paces (it does not use the worker).

Ending: :meth:`TrainingSession.shutdown` asks the trainer to stop, quits the thread's
event loop and waits (bounded) for the thread. The worker and the thread are deleted in
one place only, :class:`~workbench.training.thread_reaper.ThreadReaper`, in the GUI
thread, after the thread has finished.
"""

from __future__ import annotations

import copy
import logging
import time
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot

from core.training.events import EpochEvent, FinishedEvent
from workbench.training.run_control import PaintGate
from workbench.training.run_records import (
    ENDED,
    PREPARING,
    ExplainedStep,
    IterationBatch,
    LrChange,
    ModelEdit,
    Preparation,
    ReportBatch,
    RunInfo,
    StateChange,
    WorkerError,
)
from workbench.training.thread_reaper import ThreadReaper
from workbench.training.worker import TrainingWorker

log = logging.getLogger(__name__)

#: How each record the worker sends reaches the GUI: the session's signal that carries it,
#: and the record's field that signal carries (None: the record itself).
DELIVERY: dict[type, tuple[str, str | None]] = {
    Preparation: ("preparation_progressed", None),
    RunInfo: ("prepared", None),
    IterationBatch: ("iterations_done", "events"),
    EpochEvent: ("epoch_finished", None),
    FinishedEvent: ("finished", None),
    WorkerError: ("errored", "message"),
    StateChange: ("state_changed", "state"),
    LrChange: ("lr_changed", None),
    ExplainedStep: ("step_explained", None),
    ModelEdit: ("model_edited", None),
}


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

    Signals
    -------
    Delivered in the GUI thread, declared once here (the worker has one signal of records,
    :data:`DELIVERY` maps them); nothing is delivered after :meth:`shutdown`.

    preparation_progressed(Preparation)
        While the trainer is built: how far loading the data has come (throttled).
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
    step_explained(ExplainedStep)
        The answer to :meth:`explain_step`.
    model_edited(ModelEdit)
        A ``set_weight``/``set_frozen`` took effect, or the weights asked for by
        ``request_weights`` (empty label).
    """

    preparation_progressed = Signal(object)
    prepared = Signal(object)
    iterations_done = Signal(object)
    epoch_finished = Signal(object)
    finished = Signal(object)
    errored = Signal(str)
    state_changed = Signal(str)
    lr_changed = Signal(object)
    step_explained = Signal(object)
    model_edited = Signal(object)

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
    _explain_requested = Signal(object)
    _weight_requested = Signal(str, object, float)
    _frozen_requested = Signal(int, bool)
    _weights_requested = Signal()

    def __init__(self, experiment: dict, base_dir: Path | None = None, prepared=None,
                 parent: QObject | None = None, **options):
        super().__init__(parent)
        self.state = PREPARING
        self.info: RunInfo | None = None
        self.finish: FinishedEvent | None = None
        self.error: str | None = None
        self._closed = False
        self._stopping = False
        self._gate = PaintGate()
        thread = QThread()
        thread.setObjectName("training")
        worker = TrainingWorker(experiment, base_dir, prepared, gate=self._gate, **options)
        worker.moveToThread(thread)
        # every connection is made before the thread starts
        worker.emitted.connect(self._deliver)
        self._resume_requested.connect(worker.resume)
        self._pause_requested.connect(worker.pause)
        self._step_requested.connect(worker.step_iteration)
        self._step_epoch_requested.connect(worker.step_epoch)
        self._run_epochs_requested.connect(worker.run_epochs)
        self._stop_requested.connect(worker.stop)
        self._lr_requested.connect(worker.set_lr)
        self._schedule_requested.connect(worker.set_schedule)
        self._pace_requested.connect(worker.set_pace)
        self._explain_requested.connect(worker.explain_step)
        self._weight_requested.connect(worker.set_weight)
        self._frozen_requested.connect(worker.set_frozen)
        self._weights_requested.connect(worker.report_weights)
        thread.started.connect(worker.setup)
        thread.finished.connect(worker.cleanup)
        ThreadReaper.instance().adopt(thread, worker)
        gate = self._gate

        def abandoned(*_args):  # the session was deleted without shutdown(): end the run
            gate.open()
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

    def explain_step(self, rows=None) -> None:
        """Ask the worker to explain the next iteration (or one on the training ``rows``);
        the answer arrives as :attr:`step_explained` (an ExplainedStep)."""
        if self.active:
            self._explain_requested.emit(None if rows is None else tuple(int(r) for r in rows))

    def set_weight(self, name: str, index: tuple, value: float) -> None:
        """Set one number of parameter ``name`` at ``index`` before the next iteration."""
        if self.active:
            self._weight_requested.emit(str(name), tuple(int(i) for i in index), float(value))

    def set_frozen(self, layer: int, frozen: bool) -> None:
        """Freeze or unfreeze layer ``layer`` (its index in the layer stack)."""
        if self.active:
            self._frozen_requested.emit(int(layer), bool(frozen))

    def request_weights(self) -> None:
        """Ask an idle (paused) run for its weights as they are now (``model_edited``
        with an empty label)."""
        if self.active:
            self._weights_requested.emit()

    def request_plane(self, choice) -> None:
        """Draw the decision boundary and neuron maps over the plane ``choice`` from the
        run's next epoch end on (the trainer rebuilds its grid in its thread)."""
        if not self._closed:
            self._worker.request_plane(choice)

    @contextmanager
    def painting(self):
        """While inside, the worker holds back between iterations (GUI redraws get the GIL)."""
        with self._gate.painting():
            yield

    def shutdown(self, timeout_s: float = 5.0) -> bool:
        """Stop the worker, end its thread and wait for it (at most ``timeout_s``).

        Returns True when the thread has ended. When one long iteration outlasts the
        wait, the thread is left to finish on its own (it is deleted when it does);
        either way no signal of this session reaches the GUI any more.
        """
        if self._closed:
            return self._thread is None or self._thread_done()
        self._closed = True
        self._gate.open()
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

    # ---------------------------------------------------------------- delivery
    @Slot(object)
    def _deliver(self, record) -> None:
        """A record from the worker, in the GUI thread: remembered, then emitted as its
        public signal (dropped after :meth:`shutdown`); a :class:`ReportBatch` record by
        record, in order."""
        if isinstance(record, ReportBatch):
            for each in record.records:
                self._deliver(each)
            return
        if self._closed:
            return
        if isinstance(record, RunInfo):
            self.info = record
        elif isinstance(record, FinishedEvent):
            self.finish = record
        elif isinstance(record, WorkerError):
            self.error = record.message
        elif isinstance(record, StateChange):
            self.state = record.state
        name, field = DELIVERY[type(record)]
        getattr(self, name).emit(record if field is None else getattr(record, field))
