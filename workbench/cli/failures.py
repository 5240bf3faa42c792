"""How the command line fails: one line on stderr and an exit status, never a traceback.

Every subcommand reports a bad file, field or value through :func:`fail` (exit status
:data:`EXIT_BAD_INPUT`); a bad command-line value is a :class:`UsageError`; a stop signal
that arrives before training starts is :class:`Interrupted`. Nothing here imports Qt.
"""

from __future__ import annotations

import contextlib
import sys

#: Exit status for any bad input (a file, a field, a command-line value).
EXIT_BAD_INPUT = 2


class UsageError(ValueError):
    """A bad command-line value (reported like a bad file: one line, exit 2)."""


class Interrupted(BaseException):
    """A stop signal (Ctrl+C, SIGTERM, SIGHUP) arrived before training started."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def fail(message: str, status: int = EXIT_BAD_INPUT) -> int:
    """Say ``message`` as one line on stderr (its line breaks become spaces); return
    ``status``."""
    say(f"nn-workbench: error: {' '.join(message.split())}")
    return status


def say(line: str) -> None:
    """One line on stderr, whatever state stderr is in (closed pipe, no terminal)."""
    with contextlib.suppress(OSError, ValueError):
        print(line, file=sys.stderr, flush=True)


def os_message(exc: OSError) -> str:
    """``"FILE: reason"`` for an OSError (the reason alone when no file is named)."""
    where = f"{exc.filename}: " if exc.filename else ""
    return f"{where}{exc.strerror or exc}"
