"""Opening a CSV file for reading in chunks: plain or gzip, regular files only, its head.

The readers refuse a FIFO or a device before opening it
(:func:`core.files.read_limits.open_regular`) and turn every read error into one
:class:`~core.errors.DataError` naming the file.
"""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

from core.errors import DataError
from core.files.read_limits import MAX_CSV_ROW_BYTES, open_regular, size_text

HEAD_BYTES = 64 * 2**10  # read to detect the delimiter, the header and the width


class GzipReader:
    """A ``.gz`` file read through a regular-file handle, with readable errors."""

    def __init__(self, raw, path: Path):
        self.raw, self.path = raw, path
        self.gz = gzip.GzipFile(fileobj=raw, mode="rb")

    def read(self, n: int) -> bytes:
        try:
            return self.gz.read(n)
        except (OSError, EOFError, zlib.error) as exc:
            raise DataError(f"{self.path}: is not a readable .gz file ({exc})") from None

    def position(self) -> int:
        return self.raw.tell()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.gz.close()
        self.raw.close()


class PlainReader:
    """A plain file read through a regular-file handle, with readable errors."""

    def __init__(self, raw, path: Path):
        self.raw, self.path = raw, path

    def read(self, n: int) -> bytes:
        try:
            return self.raw.read(n)
        except OSError as exc:
            raise DataError(f"{self.path}: cannot be read ({exc.strerror or exc})") from None

    def position(self) -> int:
        return self.raw.tell()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.raw.close()


def open_csv(path: Path) -> GzipReader | PlainReader:
    """The file at ``path`` opened for reading in chunks (``.gz`` decompressed), refused
    unopened when it is not a regular file."""
    raw = open_regular(path, "a CSV file", DataError)
    return (GzipReader if path.name.endswith(".gz") else PlainReader)(raw, path)


def read_head(fh, path: Path) -> bytes:
    """The first whole lines of ``fh`` (about :data:`HEAD_BYTES`; at least the first row)."""
    head = fh.read(HEAD_BYTES)
    while head and b"\n" not in head and b"\r" not in head[:-1]:
        more = fh.read(HEAD_BYTES)
        if not more:
            break
        head += more
        if len(head) > MAX_CSV_ROW_BYTES:
            raise DataError(f"{path}: row 1 is longer than {size_text(MAX_CSV_ROW_BYTES)}; "
                            "expected rows of comma-separated values")
    first_end = min((i for i in (head.find(b"\n"), head.find(b"\r")) if i >= 0),
                    default=len(head))
    if first_end > MAX_CSV_ROW_BYTES:
        raise DataError(f"{path}: row 1 is longer than {size_text(MAX_CSV_ROW_BYTES)}; "
                        "expected rows of comma-separated values")
    if len(head) >= HEAD_BYTES:  # keep whole lines only
        cut = max(head.rfind(b"\n"), head.rfind(b"\r"))
        head = head[:cut + 1] if cut > 0 else head
    return head


def decode(path: Path, data: bytes, line: int) -> str:
    """``data`` as UTF-8 text; a DataError names the row (``line`` is its first line)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        at = line + data.count(b"\n", 0, exc.start)
        raise DataError(f"{path}: row {at} is not UTF-8 text (byte {exc.start}); save the file "
                        "as a UTF-8 CSV file") from None


def file_size(path: Path) -> int:
    """The size of the file on disk, at least 1 (for progress fractions)."""
    try:
        return max(path.stat().st_size, 1)
    except OSError:
        return 1
