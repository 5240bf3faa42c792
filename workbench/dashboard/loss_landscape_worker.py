"""Computing loss landscapes off the GUI thread, with progress, Cancel and a cache.

:class:`LandscapeJobs` runs :func:`core.training.loss_landscape.compute_landscape` for one
:class:`LandscapeRequest` at a time in one :class:`_LandscapeWorker` moved to one
``QThread`` (every signal connected before ``start()``; the thread is held by the
:class:`~workbench.training.thread_reaper.ThreadReaper` until it has finished). Progress
comes from :mod:`core.progress`: the worker's callback forwards it (at most every
:data:`PROGRESS_INTERVAL_S`) and raises :class:`core.progress.Cancelled` once Cancel was
pressed. The request holds host copies of the weights taken from epoch events, which the
trainer never touches again, so a landscape may be computed while the run trains.

Results are cached per (run, moment, resolution, range): asking again for a key already computed
answers at once, without a thread.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from PySide6.QtCore import QObject, QThread, Signal, Slot

from core.errors import WorkbenchError
from core.progress import Cancelled, reporting
from core.training.loss_landscape import compute_landscape
from workbench.training.thread_reaper import ThreadReaper

#: Shortest time between two progress signals.
PROGRESS_INTERVAL_S = 0.05
#: Landscapes kept in the cache (the oldest is dropped first).
CACHED = 16


@dataclass(frozen=True, eq=False)
class LandscapeRequest:
    """What to compute: ``key`` = (run number, epoch of the weights, resolution, range).

    ``weights`` and every state dict of ``path`` are host copies nobody modifies.
    """

    key: tuple
    experiment: dict
    weights: dict
    path: tuple
    x: object
    y: object
    input_shape: tuple | None
    resolution: int
    span: float
    seed: int


@dataclass(frozen=True)
class LandscapeProgress:
    fraction: float
    text: str


class _LandscapeWorker(QObject):
    """Computes one landscape in its thread; answers with exactly one of three signals."""

    progressed = Signal(object)   # LandscapeProgress
    finished = Signal(object)     # LossLandscape
    errored = Signal(str)
    cancelled = Signal()

    def __init__(self, request: LandscapeRequest):
        super().__init__()
        self.request = request
        self._stop = threading.Event()
        self._last_report = 0.0

    def request_stop(self) -> None:
        """Cancel (thread-safe): the next progress report raises Cancelled."""
        self._stop.set()

    @Slot()
    def run(self) -> None:
        r = self.request
        try:
            with reporting(self._report):
                result = compute_landscape(r.experiment, r.weights, r.x, r.y, path=r.path,
                                           resolution=r.resolution, span=r.span, seed=r.seed,
                                           input_shape=r.input_shape)
        except Cancelled:
            self.cancelled.emit()
        except WorkbenchError as exc:
            self.errored.emit(str(exc))
        except MemoryError:
            self.errored.emit("The loss landscape needs more memory than is free; choose a "
                              "lower resolution or a smaller network.")
        except Exception as exc:  # an engine bug: one sentence, never silent
            self.errored.emit(f"The loss landscape could not be computed ({type(exc).__name__}"
                              f": {exc}).")
        else:
            self.finished.emit(result)
        finally:
            QThread.currentThread().quit()

    def _report(self, fraction: float, text: str) -> None:
        if self._stop.is_set():
            raise Cancelled("The loss landscape was cancelled.")
        now = time.monotonic()
        if now - self._last_report >= PROGRESS_INTERVAL_S:
            self._last_report = now
            self.progressed.emit(LandscapeProgress(float(fraction), str(text)))


class LandscapeJobs(QObject):
    """One landscape at a time in a background thread, and the cache of finished ones.

    Signals
    -------
    progressed(LandscapeProgress)
    computed(tuple, LossLandscape)
        The key and the result (also when it came from the cache).
    failed(str)
        One sentence.
    cancelled()
    """

    progressed = Signal(object)
    computed = Signal(object, object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.cache: OrderedDict[tuple, object] = OrderedDict()
        self._current: tuple[LandscapeRequest, _LandscapeWorker, QThread] | None = None
        self.started_threads = 0   # threads started so far (tests: a cache hit starts none)

    @property
    def busy(self) -> bool:
        return self._current is not None

    @property
    def request(self) -> LandscapeRequest | None:
        return self._current[0] if self._current is not None else None

    def cached(self, key: tuple):
        """The landscape computed for ``key``, or None."""
        result = self.cache.get(key)
        if result is not None:
            self.cache.move_to_end(key)
        return result

    def start(self, request: LandscapeRequest) -> bool:
        """Compute ``request`` (abandoning a computation still running). Returns True when
        the answer was in the cache (then :attr:`computed` has already been emitted)."""
        result = self.cached(request.key)
        if result is not None:
            self.abandon()
            self.computed.emit(request.key, result)
            return True
        self.abandon()
        worker = _LandscapeWorker(request)
        thread = QThread()
        thread.setObjectName("loss landscape")
        worker.moveToThread(thread)
        # every connection before start(); the answers arrive queued on this (GUI) thread
        worker.progressed.connect(self._on_progress)
        worker.finished.connect(self._on_finished)
        worker.errored.connect(self._on_errored)
        worker.cancelled.connect(self._on_cancelled)
        thread.started.connect(worker.run)
        ThreadReaper.instance().adopt(thread, worker)
        self._current = (request, worker, thread)
        self.started_threads += 1
        thread.start()
        return False

    def cancel(self) -> None:
        """Ask the running computation to stop; :attr:`cancelled` follows when it has."""
        if self._current is not None:
            self._current[1].request_stop()

    def abandon(self) -> None:
        """Forget the running computation: it is cancelled and its answer ignored."""
        if self._current is not None:
            self._current[1].request_stop()
            self._current = None

    def shutdown(self, timeout_s: float = 10.0) -> bool:
        """Cancel and wait for the thread (closing the window); True when it has ended."""
        current = self._current
        self.abandon()
        if current is None:
            return True
        try:
            return current[2].wait(int(timeout_s * 1000))
        except RuntimeError:   # already finished and deleted
            return True

    # ---------------------------------------------------------------- answers
    def _take(self, worker) -> LandscapeRequest | None:
        if self._current is None or self._current[1] is not worker:
            return None
        request = self._current[0]
        self._current = None
        return request

    @Slot(object)
    def _on_progress(self, progress: LandscapeProgress) -> None:
        if self._current is not None and self._current[1] is self.sender():
            self.progressed.emit(progress)

    @Slot(object)
    def _on_finished(self, result) -> None:
        request = self._take(self.sender())
        if request is not None:
            self.cache[request.key] = result
            while len(self.cache) > CACHED:
                self.cache.popitem(last=False)
            self.computed.emit(request.key, result)

    @Slot(str)
    def _on_errored(self, message: str) -> None:
        if self._take(self.sender()) is not None:
            self.failed.emit(message)

    @Slot()
    def _on_cancelled(self) -> None:
        if self._take(self.sender()) is not None:
            self.cancelled.emit()
