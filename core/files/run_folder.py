"""The output folder of a training run: held by one run at a time, written as one set.

``nn-workbench train --out runs/a`` writes ``model.npz``, ``history.csv`` and
``experiment.json``. They belong together, so:

- a run holds the folder with a lock file, :data:`LOCK_NAME`, that names its process
  (PID). A second run on the same folder is refused while the first is alive. Where the
  system has ``flock`` (Linux, macOS), the kernel releases the lock when its process
  ends however it ends, so a lock left by a killed run is taken over (and said so);
  elsewhere the PID is checked for life.
- :meth:`RunFolder.write_set` writes every file into a temporary folder inside the
  target first (same disk, so a full disk fails here, before anything is replaced), and
  only then moves them into place with ``os.replace``. A failure leaves the previous set
  untouched: never a new model beside an old history.
- every error names the file it was about.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import tempfile
from pathlib import Path

from core.errors import WorkbenchError
from core.files.atomic_write import current_umask, write_bytes_atomic

try:
    import fcntl
except ImportError:  # Windows: PID checks only
    fcntl = None

LOCK_NAME = ".nn-workbench.lock"
_PARTIAL_PREFIX = ".nn-workbench-partial-"


class RunFolderBusy(WorkbenchError):
    """Another live run holds the output folder."""


class RunFolder:
    """An output folder held by this process while a run writes into it.

    Parameters
    ----------
    path : str or Path
        The folder (created if missing).
    what : str
        How messages name it (``"--out"``).

    Examples
    --------
    >>> folder = RunFolder(tmp / "run")               # doctest: +SKIP
    >>> note = folder.acquire()                        # doctest: +SKIP
    >>> folder.write_set({"a.txt": b"1", "b.txt": b"2"})   # doctest: +SKIP
    >>> folder.release()                               # doctest: +SKIP
    """

    def __init__(self, path, what: str = "--out"):
        self.path, self.what = Path(path), what
        self._fd: int | None = None
        self._created = False

    @property
    def lock_path(self) -> Path:
        return self.path / LOCK_NAME

    def acquire(self) -> str | None:
        """Hold the folder; return a note when a stale lock was taken over, else None.

        Raises
        ------
        RunFolderBusy
            Another live run holds it (the message names its PID).
        OSError
            The folder cannot be created or written (``filename`` set).
        """
        if self.path.exists() and not self.path.is_dir():
            raise RunFolderBusy(f"{self.what}: {self.path} exists and is not a folder")
        self._created = not self.path.exists()
        self.path.mkdir(parents=True, exist_ok=True)
        for _ in range(10):  # a lock file unlinked under us by its releasing holder: retry
            try:
                fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT
                             | getattr(os, "O_CLOEXEC", 0), 0o666 & ~current_umask())
            except OSError as exc:
                raise OSError(exc.errno, exc.strerror, str(self.lock_path)) from None
            try:
                previous = self._hold(fd)
            except BaseException:
                os.close(fd)
                raise
            if previous is not _RETRY:
                self._fd = fd
                return previous
            os.close(fd)
        raise RunFolderBusy(f"{self.what}: cannot take the lock {self.lock_path}")

    def _hold(self, fd: int):
        """Lock ``fd``; return the note about a previous holder (or None), or _RETRY."""
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    raise
                raise self._busy(_read_pid(fd)) from None
            try:
                if os.fstat(fd).st_ino != os.stat(self.lock_path).st_ino:
                    return _RETRY
            except FileNotFoundError:
                return _RETRY
            previous = _read_pid(fd)
        else:
            previous = _read_pid(fd)
            if previous is not None and previous != os.getpid() and _alive(previous):
                raise self._busy(previous)
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, f"{os.getpid()}\n".encode())
        if previous is not None and previous != os.getpid():
            return (f"{self.what}: took over the lock that process {previous} left in "
                    f"{self.path} (that run is no longer running)")
        return None

    def _busy(self, pid) -> RunFolderBusy:
        who = f"process {pid}" if pid is not None else "another process"
        return RunFolderBusy(f"{self.what}: {self.path} is in use by another training run "
                             f"({who}); wait for it to finish or choose another folder")

    def release(self) -> None:
        """Let go of the folder: remove the lock file, and the folder itself when this run
        created it and wrote nothing into it (a run that failed before its end)."""
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            os.unlink(self.lock_path)
        os.close(self._fd)
        self._fd = None
        if self._created:
            with contextlib.suppress(OSError):
                self.path.rmdir()  # only if empty

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.release()

    def write_set(self, files: dict) -> None:
        """Write ``{name: bytes}`` into the folder as one set.

        All files are written and flushed into a temporary folder inside the target
        before any is moved into place, so a full disk or a write error leaves the
        previous set as it was. Symbolic links and special files among the targets are
        written through :func:`core.files.atomic_write.write_bytes_atomic` (links followed).

        Raises
        ------
        OSError
            ``filename`` is the target file the error was about.
        """
        try:
            tmp = Path(tempfile.mkdtemp(prefix=_PARTIAL_PREFIX, dir=self.path))
        except OSError as exc:
            raise OSError(exc.errno, exc.strerror, str(self.path)) from None
        try:
            mode = 0o666 & ~current_umask()
            for name, data in files.items():
                target = self.path / name
                try:
                    fd = os.open(tmp / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
                    with os.fdopen(fd, "wb") as fh:
                        fh.write(data)
                        fh.flush()
                        os.fsync(fh.fileno())
                except OSError as exc:
                    raise OSError(exc.errno, exc.strerror or str(exc), str(target)) from None
            for name, data in files.items():
                target = self.path / name
                if _plain_target(target):
                    try:
                        os.replace(tmp / name, target)  # noqa: TID251  (a set, written first)
                    except OSError as exc:
                        raise OSError(exc.errno, exc.strerror, str(target)) from None
                else:
                    write_bytes_atomic(target, data)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


class _Retry:
    pass


_RETRY = _Retry()


def _plain_target(target: Path) -> bool:
    """True when ``target`` is missing or a regular file (not a link, device or FIFO)."""
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        return True
    return stat.S_ISREG(st.st_mode)


def _read_pid(fd: int) -> int | None:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, 64).decode("ascii", "replace").strip()
        return int(text) if text.isdigit() else None
    except (OSError, ValueError):
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def rescue_folder() -> Path:
    """A new folder in the system's temporary folder, for a run that cannot be written
    where it was asked to be."""
    return Path(tempfile.mkdtemp(prefix="nn-workbench-rescue-"))
