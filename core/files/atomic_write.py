"""Writing files: atomically for regular files, directly for devices and pipes.

Every file the workbench writes goes through :func:`write_bytes_atomic` (or
:func:`write_text_atomic`): the bytes go to a temporary file in the target's folder,
are flushed to disk, and replace the target with ``os.replace``, so a crash, a kill or a
full disk mid-write leaves the previous file intact. Around that:

- a symbolic link is followed: the file it points to is replaced, the link stays;
- a character device (``-o /dev/null``, ``/dev/stdout``) or a FIFO is written directly
  (replacing it would turn the device node into a regular file); a FIFO that no program
  reads from is refused rather than waited on forever;
- a folder, a block device or a socket is refused;
- an existing file keeps its permission bits; a new one gets ``0666`` less the umask;
- every error names the file the person asked for (never the temporary one).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path


def write_text_atomic(path, text: str) -> None:
    """Write ``text`` as UTF-8 to ``path`` (see :func:`write_bytes_atomic`)."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a failure never leaves a half-written file.

    Parameters
    ----------
    path : str or Path
        The file to write. A symbolic link is followed; a character device or FIFO is
        written directly.
    data : bytes

    Raises
    ------
    OSError
        With ``filename`` set to ``path`` and a ``strerror`` a person can read: the folder
        is missing or not writable, the disk is full, the target is a folder, a block
        device or a socket, or a FIFO nobody reads from.
    """
    shown = str(path)
    target = Path(os.path.realpath(path))  # follow symbolic links (also dangling ones)
    try:
        st = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, shown) from None
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder, not a file", shown)
        if stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode):
            _write_special(target, data, shown, fifo=stat.S_ISFIFO(st.st_mode))
            return
        if not stat.S_ISREG(st.st_mode):
            kind = "a block device" if stat.S_ISBLK(st.st_mode) else "a socket" \
                if stat.S_ISSOCK(st.st_mode) else "not a regular file"
            raise OSError(errno.EINVAL, f"is {kind}, not a file; refusing to write over it",
                          shown)
    mode = stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~current_umask()
    _replace_atomically(target, data, shown, mode)


def _replace_atomically(target: Path, data: bytes, shown: str, mode: int) -> None:
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                   dir=target.parent)
    except OSError as exc:  # name the user's file, not our temporary one
        raise OSError(exc.errno, exc.strerror, shown) from None
    try:
        os.fchmod(fd, mode)  # mkstemp makes 0600; give the usual permissions
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)  # noqa: TID251  (this is the atomic writer)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise OSError(exc.errno, exc.strerror or str(exc), shown) from None
        raise


def _write_special(target: Path, data: bytes, shown: str, fifo: bool) -> None:
    """Write to a character device or a FIFO as it is, never replacing the node."""
    try:
        # O_NONBLOCK: opening a FIFO without a reader fails (ENXIO) instead of hanging
        fd = os.open(target, os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        if fifo and exc.errno == errno.ENXIO:
            raise OSError(exc.errno, "is a named pipe (FIFO) that no program is reading from",
                          shown) from None
        raise OSError(exc.errno, exc.strerror, shown) from None
    try:
        os.set_blocking(fd, True)
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, shown) from None
    finally:
        os.close(fd)


def current_umask() -> int:
    """The process's umask, read without changing it where the system allows."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    umask = os.umask(0)  # elsewhere: set and restore (briefly process-wide)
    os.umask(umask)
    return umask


def write_error_message(exc: OSError, path=None) -> str:
    """One sentence for a failed write that always names the file.

    ``"runs/a/model.npz: cannot be written (No space left on device)"``; ``path`` is used
    when the error carries no file name.
    """
    where = exc.filename if exc.filename is not None else path
    reason = exc.strerror or str(exc) or type(exc).__name__
    return f"{where}: cannot be written ({reason})" if where is not None \
        else f"cannot write ({reason})"
