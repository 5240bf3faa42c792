"""Loading the experiment's data off the GUI thread, with progress and Cancel.

The Data panel asks a :class:`DataLoader` for the data of a spec; the loader runs
:func:`load_data` in one :class:`_LoadWorker` moved to one ``QThread`` (every signal
connected before ``start()``), and answers with :attr:`DataLoader.loaded`,
:attr:`DataLoader.failed` or :attr:`DataLoader.cancelled`, all on the GUI thread.
Progress comes from :mod:`core.progress`: the worker installs a callback with
:func:`core.progress.reporting`; the callback forwards the reports (at most every
:data:`PROGRESS_INTERVAL_S`) and raises :class:`core.progress.Cancelled` once the person
pressed Cancel, which abandons the load wherever the reader reports next.

A new request supersedes the running one (it is cancelled and its answer ignored). Every
thread is kept alive by the module until it has finished, so no ``QThread`` is ever
destroyed while it runs; :meth:`DataLoader.shutdown` (closing the window) cancels and
waits.

What a load produces, :class:`LoadedData`, holds the :class:`core.data.spec.PreparedData` the
trainer needs (split and standardized: the one copy of the big arrays, which the Train
tab reuses) and a small preview in the data's own units for the panel's plots.
"""

from __future__ import annotations

import atexit
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from core.data.dataset import Dataset
from core.data.spec import prepare, resolve_path
from core.errors import DataError, WorkbenchError
from core.progress import Cancelled, reporting

#: Rows of the preview (a random sample of the data, in its own units).
MAX_PREVIEW_ROWS = 5000
#: Rows of each class always in the preview (the image grid shows three per class).
ROWS_PER_CLASS = 3
#: What a data file is, for messages.
DATA_FILE = "a data file (CSV or .npz)"
#: Shortest time between two progress signals.
PROGRESS_INTERVAL_S = 0.05


# ================================================================ what a load produces

@dataclass(frozen=True, eq=False)
class LoadedData:
    """The data of one spec, ready to preview and to train on (host values only).

    Attributes
    ----------
    key : str
        Identifies the spec and the folder it was loaded from.
    prepared : PreparedData
        Training and validation parts, standardizer, normalized spec and summary; what
        the trainer takes (never modified after the load).
    preview : Dataset
        At most :data:`MAX_PREVIEW_ROWS` rows (plus a few of every class), in the data's
        own units (standardization undone).
    """

    key: str
    prepared: object
    preview: Dataset

    @property
    def summary(self) -> dict:
        return self.prepared.summary

    @property
    def spec(self) -> dict:
        return self.prepared.spec

    @property
    def task(self) -> str:
        return self.preview.task

    @property
    def n_features(self) -> int:
        return self.preview.n_features

    @property
    def n_outputs(self) -> int:
        return self.preview.n_outputs

    @property
    def feature_names(self) -> list[str]:
        return self.preview.feature_names

    @property
    def class_names(self) -> list[str] | None:
        return self.preview.class_names

    @property
    def nbytes(self) -> int:
        """Bytes held by the arrays (training, validation and preview)."""
        parts = (self.prepared.train, self.prepared.val, self.preview)
        return int(sum(p.X.nbytes + p.y.nbytes for p in parts))


def preview_of(prepared, limit: int = MAX_PREVIEW_ROWS) -> Dataset:
    """A small sample of ``prepared``'s rows (training and validation) in raw units."""
    train, val = prepared.train, prepared.val
    n_train, n = len(train), len(train) + len(val)
    rng = np.random.default_rng(0)
    picks = rng.choice(n, size=limit, replace=False) if n > limit else np.arange(n)
    if train.task == "classification" and n > limit:
        y_all = np.concatenate([train.y, val.y])
        extra = [np.flatnonzero(y_all == c)[:ROWS_PER_CLASS] for c in range(train.n_classes)]
        picks = np.union1d(picks, np.concatenate(extra).astype(np.int64))
    picks = np.sort(picks)
    in_train, in_val = picks[picks < n_train], picks[picks >= n_train] - n_train
    X = np.concatenate([train.X[in_train], val.X[in_val]]) if len(val) else train.X[in_train]
    y = np.concatenate([train.y[in_train], val.y[in_val]]) if len(val) else train.y[in_train]
    standardizer = prepared.standardizer
    if standardizer is not None and len(X):
        X = X * standardizer.std + standardizer.mean
    return Dataset(np.asarray(X, dtype=np.float64), y, train.task, list(train.feature_names),
                   list(train.class_names) if train.class_names is not None else None,
                   train.name, train.image_shape)


def load_data(spec: dict, base_dir: Path | None, key: str = "") -> LoadedData:
    """Load, split and standardize the data of ``spec``; what the panel shows and trains on.

    Reports progress through :func:`core.progress.report` (the readers do), so it may
    raise :class:`core.progress.Cancelled`.

    Raises
    ------
    WorkbenchError
        The spec is invalid, the file is not a regular file or cannot be read.
    """
    path = spec.get("path")
    if isinstance(path, str) and path.strip():
        try:
            resolve_path(path, base_dir)
        except (RuntimeError, ValueError) as exc:  # "~nosuchuser/x.csv", a NUL byte
            raise DataError(f"data.path: {path!r} cannot be used ({exc})") from None
    prepared = prepare(spec, base_dir)  # the readers refuse a FIFO or a device unopened
    return LoadedData(key, prepared, preview_of(prepared))


def readable_load_error(exc: BaseException, spec: dict) -> str:
    """One sentence for an exception the readers did not turn into a WorkbenchError."""
    where = spec.get("path") or spec.get("source", "the data")
    if isinstance(exc, MemoryError):
        return (f"{where}: the data is too large to load into memory; use a smaller file or "
                "fewer samples")
    if isinstance(exc, OSError):
        return f"{where}: cannot be read ({exc.strerror or exc})"
    text = str(exc).strip().rstrip(".") or type(exc).__name__
    return f"{where}: cannot be read ({text})"


# ================================================================ the thread

@dataclass(frozen=True)
class LoadRequest:
    """What to load: a normalized data spec and the folder relative paths start from."""

    key: str
    spec: dict
    base_dir: Path | None
    purpose: object = None  # the caller's note (e.g. the edit to make once loaded)


@dataclass(frozen=True)
class LoadProgress:
    """How far a load is: fraction in [0, 1] (NaN when unknown) and a short text."""

    fraction: float
    text: str


class _LoadWorker(QObject):
    """Runs one :func:`load_data` in its thread; answers with exactly one of three signals."""

    progressed = Signal(object)  # LoadProgress
    finished = Signal(object)    # LoadedData
    errored = Signal(str)
    cancelled = Signal()

    def __init__(self, request: LoadRequest):
        super().__init__()
        self.request = request
        self._stop = threading.Event()
        self._last_report = 0.0

    def request_stop(self) -> None:
        """Cancel (thread-safe): the next progress report raises Cancelled."""
        self._stop.set()

    @Slot()
    def run(self) -> None:
        request = self.request
        try:
            with reporting(self._report):
                self._check()
                result = load_data(request.spec, request.base_dir, request.key)
            self._check()
        except Cancelled:
            self.cancelled.emit()
        except WorkbenchError as exc:
            self.errored.emit(str(exc))
        except Exception as exc:  # a reader's bug or an odd file: one sentence, never silent
            self.errored.emit(readable_load_error(exc, request.spec))
        else:
            self.finished.emit(result)
        finally:
            QThread.currentThread().quit()

    def _check(self) -> None:
        if self._stop.is_set():
            raise Cancelled("Loading was cancelled.")

    def _report(self, fraction: float, text: str) -> None:
        self._check()
        now = time.monotonic()
        if now - self._last_report >= PROGRESS_INTERVAL_S:
            self._last_report = now
            self.progressed.emit(LoadProgress(float(fraction), str(text)))


class _Reaper(QObject):
    """Keeps every load thread and its worker alive until the thread has finished.

    Nothing else owns them, so none is destroyed while it runs, whatever happens to the
    panel that asked; the one deletion path is :meth:`_release`, on the GUI thread.
    """

    _instance: "_Reaper | None" = None

    def __init__(self):
        super().__init__()
        self.live: dict[int, tuple[QThread, _LoadWorker]] = {}

    @classmethod
    def instance(cls) -> "_Reaper":
        if cls._instance is None:
            cls._instance = cls()
            app = QCoreApplication.instance()
            if app is not None:
                app.aboutToQuit.connect(lambda: wait_for_all())
            atexit.register(wait_for_all)  # a script that never ran the event loop
        return cls._instance

    def adopt(self, thread: QThread, worker: _LoadWorker) -> None:
        self.live[id(thread)] = (thread, worker)
        thread.finished.connect(self._release)

    @Slot()
    def _release(self) -> None:
        for key, (thread, worker) in list(self.live.items()):
            if thread.isFinished():
                thread.wait()  # returns at once: run() has returned
                del self.live[key]
                worker.deleteLater()
                thread.deleteLater()


def live_threads() -> int:
    """Load threads that have not finished yet (tests check that closing ends them)."""
    return sum(1 for thread, _w in _Reaper.instance().live.values() if not thread.isFinished())


def wait_for_all(timeout_s: float = 60.0) -> bool:
    """Cancel every load and wait for its thread; True when all have ended."""
    live = _Reaper.instance().live
    deadline = time.monotonic() + timeout_s
    for _thread, worker in list(live.values()):
        worker.request_stop()
    ended = True
    for thread, _worker in list(live.values()):
        left_ms = max(0, int((deadline - time.monotonic()) * 1000))
        ended = thread.wait(left_ms) and ended
    if not ended:
        print("nn-workbench: a data file is still being read; waiting for it to end",
              file=sys.stderr)
    return ended


class DataLoader(QObject):
    """Loads data specs one at a time in a background thread.

    Signals
    -------
    progressed(LoadRequest, LoadProgress)
    loaded(LoadRequest, LoadedData)
    failed(LoadRequest, str)
        One sentence saying what is wrong with the data.
    cancelled(LoadRequest)
        The person cancelled (or a newer request replaced this one: then nothing is sent).
    """

    progressed = Signal(object, object)
    loaded = Signal(object, object)
    failed = Signal(object, str)
    cancelled = Signal(object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._current: tuple[LoadRequest, _LoadWorker] | None = None

    @property
    def request(self) -> LoadRequest | None:
        """The request being loaded now, or None."""
        return self._current[0] if self._current is not None else None

    @property
    def busy(self) -> bool:
        return self._current is not None

    def start(self, request: LoadRequest) -> None:
        """Load ``request`` (cancelling any load still running)."""
        self.abandon()
        worker = _LoadWorker(request)
        thread = QThread()
        thread.setObjectName("data loading")
        worker.moveToThread(thread)
        # every connection before start(); the answers arrive queued on this (GUI) thread
        worker.progressed.connect(self._on_progress)
        worker.finished.connect(self._on_finished)
        worker.errored.connect(self._on_errored)
        worker.cancelled.connect(self._on_cancelled)
        thread.started.connect(worker.run)
        _Reaper.instance().adopt(thread, worker)
        self._current = (request, worker)
        thread.start()

    def cancel(self) -> None:
        """Ask the running load to stop; :attr:`cancelled` follows when it has."""
        if self._current is not None:
            self._current[1].request_stop()

    def shutdown(self, timeout_s: float = 60.0) -> bool:
        """Cancel and wait for every load thread (closing the window); True when all ended."""
        self.abandon()
        return wait_for_all(timeout_s)

    # ---------------------------------------------------------------- answers
    def abandon(self) -> None:
        """Forget the running load: it is cancelled and its answer, when it comes, ignored."""
        if self._current is not None:
            self._current[1].request_stop()
            self._current = None

    def _take(self, worker) -> LoadRequest | None:
        if self._current is None or self._current[1] is not worker:
            return None
        request = self._current[0]
        self._current = None
        return request

    @Slot(object)
    def _on_progress(self, progress: LoadProgress) -> None:
        if self._current is not None and self._current[1] is self.sender():
            self.progressed.emit(self._current[0], progress)

    @Slot(object)
    def _on_finished(self, data: LoadedData) -> None:
        request = self._take(self.sender())
        if request is not None:
            self.loaded.emit(request, data)

    @Slot(str)
    def _on_errored(self, message: str) -> None:
        request = self._take(self.sender())
        if request is not None:
            self.failed.emit(request, message)

    @Slot()
    def _on_cancelled(self) -> None:
        request = self._take(self.sender())
        if request is not None:
            self.cancelled.emit(request)

