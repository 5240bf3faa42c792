"""Writing files from the Train tab without blocking the window.

An export first copies what it needs on the GUI thread (a bounded table: milliseconds),
then formats and writes the file in a plain background thread, which touches no Qt
object; the GUI thread learns the outcome from a timer that polls the pending jobs. A
failure becomes one sentence naming the file, shown by the view.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from core.errors import WorkbenchError

log = logging.getLogger(__name__)
POLL_MS = 50


class _Job:
    def __init__(self, path: Path, write: Callable[[Path], None]):
        self.path = path
        self.error: str | None = None
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(write,),
                                       name=f"export {path.name}", daemon=False)

    def _run(self, write) -> None:
        try:
            write(self.path)
        except WorkbenchError as exc:
            self.error = str(exc)
        except OSError as exc:
            self.error = f"{self.path}: cannot write the file ({exc.strerror or exc})."
        except Exception as exc:  # a bug: still one sentence for the user, details in the log
            log.exception("writing %s failed", self.path)
            self.error = f"{self.path}: the file could not be written ({type(exc).__name__})."
        finally:
            self.done.set()


class BackgroundWrites(QObject):
    """Runs file writes in background threads and reports each outcome in the GUI thread.

    Signals
    -------
    written(Path)
        The file is complete.
    failed(str)
        One sentence naming the file and what went wrong.
    """

    written = Signal(object)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._jobs: list[_Job] = []
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)

    def start(self, path, write: Callable[[Path], None]) -> None:
        """Call ``write(path)`` in a background thread (it must not touch Qt objects)."""
        job = _Job(Path(path), write)
        self._jobs.append(job)
        job.thread.start()
        self._timer.start()

    def pending(self) -> int:
        """Writes not yet reported."""
        return len(self._jobs)

    def wait(self, timeout_s: float | None = None) -> None:
        """Block until every write has ended, then report them (closing, tests)."""
        for job in list(self._jobs):
            job.thread.join(timeout_s)
        self._poll()

    def _poll(self) -> None:
        for job in [j for j in self._jobs if j.done.is_set()]:
            self._jobs.remove(job)
            job.thread.join()
            if job.error is None:
                self.written.emit(job.path)
            else:
                self.failed.emit(job.error)
        if not self._jobs:
            self._timer.stop()
