"""What the workbench agrees to read: regular files only, and within stated budgets.

A small file must never take the machine down, and a special file must never hang the
program. Every reader of a user's file (experiment, data, model, prediction inputs)
opens it with :func:`open_regular`, which refuses folders, FIFOs, devices and sockets
*before* opening them (a FIFO opened for reading the ordinary way waits forever for a
writer; opening a device can have effects of its own), and checks sizes against the
budgets below *before* allocating anything: from the file's size, a zip archive's
directory, a ``.npy`` header, or a ``.safetensors`` header.

Budgets (bytes unless said otherwise):

==============================  ============  =====================================
constant                        value         what it bounds
==============================  ============  =====================================
:data:`MAX_EXPERIMENT_BYTES`    16 MiB        an experiment JSON file
:data:`MAX_MODEL_BYTES`         4 GiB         the tensors of a model file (about one
                                              billion float32 parameters)
:data:`MAX_DATA_BYTES`          8 GiB         a data set's inputs as float64 in memory
                                              (rows × columns × 8: one billion values)
:data:`MAX_EXPANSION`           20            how many times larger than its compressed
                                              size a zip member may unpack ...
:data:`EXPANSION_ALLOWANCE`     64 MiB        ... beyond this much, which any archive
                                              may unpack to
:data:`MAX_IMAGE_FILES`         1,000,000     images an image folder may hold (count)
:data:`MAX_IMAGE_PIXELS`        40,000,000    pixels one image may declare (count): more
                                              is a decompression bomb, refused unread
:data:`MAX_TEXT_CHARS`          1000          a class label, a feature name, a text cell
:data:`MAX_CSV_ROW_BYTES`       16 MiB        one row (line) of a CSV file
==============================  ============  =====================================

Real arrays compress at most a few times (trained weights hardly at all); a member that
claims to unpack to more than :data:`MAX_EXPANSION` times its stored size plus
:data:`EXPANSION_ALLOWANCE` is a zip bomb and is refused unread.
"""

from __future__ import annotations

import os
import stat

from core.errors import WorkbenchError

MAX_EXPERIMENT_BYTES = 16 * 2**20
MAX_MODEL_BYTES = 4 * 2**30
MAX_DATA_BYTES = 8 * 2**30
MAX_EXPANSION = 20
EXPANSION_ALLOWANCE = 64 * 2**20
MAX_IMAGE_FILES = 1_000_000
MAX_IMAGE_PIXELS = 40_000_000
MAX_TEXT_CHARS = 1000
MAX_CSV_ROW_BYTES = 16 * 2**20

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"))


def size_text(n: int) -> str:
    """``3758096384`` → ``"3.5 GiB"``: sizes as messages show them."""
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n >= scale:
            value = n / scale
            return f"{value:.1f} {unit}" if value < 100 else f"{value:,.0f} {unit}"
    return f"{n} bytes"


def open_regular(path, what: str = "file", error: type[Exception] = WorkbenchError):
    """Open ``path`` for reading in binary mode, refusing anything but a regular file.

    Parameters
    ----------
    path : str or Path
    what : str
        What the file should be, for messages: ``"an experiment (JSON) file"``.
    error : type
        The exception class raised (a :class:`~core.errors.WorkbenchError`).

    Returns
    -------
    file object
        Opened ``"rb"``; the caller closes it.

    Raises
    ------
    error
        One sentence naming the file: no such file, a NUL byte in the name, permission
        denied, a folder, a FIFO, a device or a socket.
    """
    shown = str(path)
    try:
        # first look without opening: a device or a FIFO is never opened at all
        _refuse_special(os.stat(path).st_mode, shown, what, error)
        # O_NONBLOCK: should a FIFO be swapped in meanwhile, opening must not wait for a writer
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
                     | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise error(f"{shown}: no such file") from None
    except IsADirectoryError:
        raise error(f"{shown}: is a folder, expected {what}") from None
    except PermissionError:
        raise error(f"{shown}: cannot be read (permission denied)") from None
    except ValueError:  # "embedded null byte"
        raise error(f"{_printable(shown)}: the file name holds a NUL byte (\\0), which no file "
                    "name can contain") from None
    except OSError as exc:
        raise error(f"{shown}: cannot be read ({exc.strerror or exc})") from None
    try:
        _refuse_special(os.fstat(fd).st_mode, shown, what, error)  # what was really opened
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _refuse_special(mode: int, shown: str, what: str, error) -> None:
    for test, kind in _KINDS:
        if test(mode):
            raise error(f"{shown}: is {kind}, not a regular file; expected {what}")


def read_regular_bytes(path, limit: int, what: str = "file",
                       error: type[Exception] = WorkbenchError) -> bytes:
    """The bytes of the regular file ``path``, refused unread when larger than ``limit``."""
    with open_regular(path, what, error) as fh:
        size = os.fstat(fh.fileno()).st_size
        if size > limit:
            raise error(f"{path}: is {size_text(size)}, more than the {size_text(limit)} the "
                        f"workbench reads for {what}")
        try:
            data = fh.read(limit + 1)
        except OSError as exc:
            raise error(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if len(data) > limit:  # the file grew while we read it
        raise error(f"{path}: is more than the {size_text(limit)} the workbench reads for "
                    f"{what}")
    return data


def _printable(text: str) -> str:
    return text.replace("\0", "\\0")
