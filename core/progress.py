"""Progress of slow work (reading a data file, preparing a run), and cancelling it.

Whoever starts slow work (the GUI's loading thread, the training worker) installs a
callback with :func:`reporting`; the code doing the work calls :func:`report` now and
then, without knowing who listens. The callback may raise :class:`Cancelled` to abandon
the work: the exception travels out of the loader like any other error and leaves
nothing half-built behind. The callback lives in a :class:`contextvars.ContextVar`, so
each thread sees only its own (a GUI loading thread and a training thread never hear
each other).

Examples
--------
>>> seen = []
>>> with reporting(lambda fraction, text: seen.append((fraction, text))):
...     report(0.5, "Reading rows")
>>> seen
[(0.5, 'Reading rows')]
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from core.errors import WorkbenchError

#: ``callback(fraction, text)``: fraction in [0, 1] (or NaN when unknown), a short text.
ProgressCallback = Callable[[float, str], None]

_reporter: ContextVar[ProgressCallback | None] = ContextVar("progress_reporter", default=None)


class Cancelled(WorkbenchError):
    """The person cancelled the work (raised by a progress callback)."""

    def __init__(self, message: str = "Cancelled."):
        super().__init__(message)


@contextmanager
def reporting(callback: ProgressCallback | None) -> Iterator[None]:
    """Send :func:`report` calls made in this thread (inside the block) to ``callback``."""
    token = _reporter.set(callback)
    try:
        yield
    finally:
        _reporter.reset(token)


def report(fraction: float, text: str = "") -> None:
    """Tell the listener (if any) how far the work is; may raise :class:`Cancelled`."""
    callback = _reporter.get()
    if callback is not None:
        callback(float(fraction), text)
