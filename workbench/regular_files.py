"""Refusing anything but a regular file before opening it.

Opening a named pipe (FIFO) blocks until another program writes to it, and a device can
be read forever: chosen by mistake as an experiment, a data file or a model, either would
freeze the window. :func:`regular_file_problem` looks at the path with ``stat`` (which
never blocks) so the caller can say what is wrong in one sentence instead.
"""

from __future__ import annotations

import stat
from pathlib import Path


def regular_file_problem(path, expected: str = "a regular file") -> str | None:
    """Why ``path`` must not be opened, or None when it is a regular file (or missing).

    Parameters
    ----------
    path : str or Path
    expected : str
        What the caller wanted, for the sentence ("an experiment file (JSON)").

    Returns
    -------
    str or None
        E.g. ``"/tmp/pipe: is a named pipe (FIFO), not a file; expected an experiment
        file (JSON)"``. A path that does not exist gives None: the reader says so itself.
    """
    try:
        mode = Path(path).stat().st_mode
    except (OSError, ValueError):
        return None
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        kind = "a folder"
    elif stat.S_ISFIFO(mode):
        kind = "a named pipe (FIFO)"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = "a device"
    elif stat.S_ISSOCK(mode):
        kind = "a socket"
    else:
        kind = "a special file"
    return f"{path}: is {kind}, not a file; expected {expected}"
