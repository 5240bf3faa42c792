"""The cells of a CSV file, read in chunks: what :mod:`core.data.csvfile` is built on.

The file is never held whole. :func:`core.data.csv_stream.read_head` reads the first rows
(for the delimiter, the header and the width); :func:`read_columns` then streams the file
twice in chunks of :data:`CHUNK_BYTES`: once to count the rows, so that the float64 result
is allocated once at its final size (refused beforehand when it would exceed
:data:`~core.files.read_limits.MAX_DATA_BYTES`), once to parse each chunk straight into
it. Peak memory is the result (8 bytes per value read, about the file's size for numbers
written with 6 decimals) plus about 30 MB for the chunks and the parser's temporaries; a
text target adds 4 bytes per row while reading (labels are numbered as they come). A 55.8
MB numeric file peaks at +79 MB (1.45x its size; reading it whole took 4.1x). Progress
goes to :func:`core.progress.report` after each chunk, so a listener can show it and
cancel (:class:`core.progress.Cancelled` propagates out of every reader).

Speed: a chunk of plain decimal numbers goes through
:func:`core.data.numtext.parse_decimal_text` (a 60,000 × 785 file in about 2 s);
anything else (quotes, text, exponents, blank lines) through ``np.loadtxt``, and a chunk
that fails is scanned cell by cell to name the bad cell. Lines end in ``\\n``, ``\\r\\n``
or ``\\r``; a UTF-8 byte-order mark is skipped; ``.gz`` files are read compressed
(:mod:`core.data.csv_stream`). The target column is read by
:class:`core.data.csv_labels.TargetColumn`: numbers, else text labels.
"""

from __future__ import annotations

import bisect
import csv
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from core.data.csv_labels import TargetColumn, TextTarget
from core.data.csv_stream import decode, file_size, open_csv
from core.data.dataset import first_non_finite
from core.data.numtext import is_number, parse_decimal_text
from core.errors import DataError
from core.files.read_limits import MAX_CSV_ROW_BYTES, MAX_DATA_BYTES, size_text
from core.progress import report

#: Bytes read per chunk.
CHUNK_BYTES = 4 * 2**20


@dataclass
class CsvTable:
    """What :func:`read_table` learned from a CSV file's head: enough to read its columns.

    ``names`` is the header (None without one); ``first_line`` is the file line of the
    first non-blank row (the header, if any); ``newline`` is ``b"\\n"`` (also for CRLF)
    or ``b"\\r"`` (old Mac files).
    """

    path: Path
    names: list[str] | None
    delimiter: str
    ncols: int
    first_line: int
    newline: bytes = b"\n"
    # file line of data row i: lines[k] + (i - rows[k]) for the last rows[k] <= i
    _rows: list = field(default_factory=list)
    _lines: list = field(default_factory=list)

    def split(self, line: str) -> list[str]:
        if '"' in line:
            return next(csv.reader([line], delimiter=self.delimiter))
        return line.split(self.delimiter)

    def column(self, j: int) -> str:
        """How messages name column ``j``: by its header name, or by number from 1."""
        return f"column '{self.names[j]}'" if self.names else f"column {j + 1}"

    def row(self, i: int) -> str:
        """How messages name data row ``i`` (0-based): ``"row 17"``, its file line."""
        k = bisect.bisect_right(self._rows, i) - 1
        return f"row {self._lines[k] + i - self._rows[k]}" if k >= 0 else f"row index {i}"

    def _mark(self, row: int, line: int) -> None:
        if not self._rows or self._lines[-1] + row - self._rows[-1] != line:
            self._rows.append(row)
            self._lines.append(line)


def read_columns(table: CsvTable, columns: list[int], target: int | None = None):
    """Numeric columns (and optionally a target column) of the whole file, in chunks.

    Parameters
    ----------
    table : CsvTable
        From :func:`read_table`.
    columns : list of int
        Columns to read as numbers, in the order wanted.
    target : int, optional
        A column read as numbers when every cell is one, else as text labels.

    Returns
    -------
    values : ndarray, float64, shape (N, len(columns))
    target_values : ndarray, Labels or None
        float64 (N,) when every target cell is a number, else :class:`Labels`; None
        without ``target``.

    Raises
    ------
    DataError
        Naming the first bad cell (empty, text, NaN, infinite), a row of the wrong width,
        a row over :data:`~core.files.read_limits.MAX_CSV_ROW_BYTES`, a label over
        :data:`~core.files.read_limits.MAX_TEXT_CHARS` characters, or a result over
        :data:`~core.files.read_limits.MAX_DATA_BYTES`.
    core.progress.Cancelled
        When the progress listener cancels.
    """
    try:
        return _read_columns(table, list(columns), target, text_target=False)
    except TextTarget:
        pass  # outside the handler, so that the first attempt's arrays are freed first
    return _read_columns(table, list(columns), target, text_target=True)


def numeric_columns(table: CsvTable, columns: list[int]) -> np.ndarray:
    """The given columns as a float64 array of shape (N, len(columns))."""
    return read_columns(table, columns)[0]


def _count_rows(table: CsvTable, width: int) -> int:
    """An upper bound on the number of rows (newlines + 1), refusing a result over budget."""
    size, name = file_size(table.path), table.path.name
    rows = 1
    with open_csv(table.path) as fh:
        while chunk := fh.read(CHUNK_BYTES):
            rows += chunk.count(table.newline)
            if rows * max(width, 1) * 8 > MAX_DATA_BYTES:
                raise DataError(f"{table.path}: holds more than {rows - 1:,} rows of {width} "
                                f"numbers, over {size_text(MAX_DATA_BYTES)} as float64, the "
                                "workbench's limit for a data set")
            report(min(0.1 * fh.position() / size, 0.1), f"Counting the rows of {name}")
    return rows


def _blocks(table: CsvTable):
    """``(bytes, first line number)`` of whole data lines, chunk by chunk, ``\\n``-ended,
    without the byte-order mark and the header row."""
    nl, path = table.newline, table.path
    size, name = file_size(path), path.name
    skip_through = table.first_line if table.names else 0
    line = 1
    carry = b""
    with open_csv(path) as fh:
        first = True
        while True:
            chunk = fh.read(CHUNK_BYTES)
            data = carry + chunk if carry else chunk
            if first:
                first = False
                if data.startswith(b"\xef\xbb\xbf"):
                    data = data[3:]
            if not chunk:
                if not data:
                    return
                if len(data) - data.rfind(nl) - 1 > MAX_CSV_ROW_BYTES:
                    raise DataError(f"{path}: the last row is longer than "
                                    f"{size_text(MAX_CSV_ROW_BYTES)}; expected rows of "
                                    "comma-separated values")
                cut = len(data)
                if not data.endswith(nl):
                    data += nl
                    cut += 1
            else:
                cut = data.rfind(nl) + 1
                if cut == 0:
                    if len(data) > MAX_CSV_ROW_BYTES:
                        raise DataError(f"{path}: row {line} is longer than "
                                        f"{size_text(MAX_CSV_ROW_BYTES)}; expected rows of "
                                        "comma-separated values")
                    carry = data
                    continue
            block, carry = data[:cut], data[cut:]
            if len(carry) > MAX_CSV_ROW_BYTES:
                raise DataError(f"{path}: a row after row {line} is longer than "
                                f"{size_text(MAX_CSV_ROW_BYTES)}")
            if nl == b"\r":
                block = block.replace(b"\r", b"\n")
            elif b"\r" in block:
                block = block.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
            lines = block.count(b"\n")
            while skip_through >= line and block:  # the header row (and blank lines above)
                block = block[block.index(b"\n") + 1:]
                line += 1
                lines -= 1
            if block:
                yield block, line
            line += lines
            report(0.1 + 0.9 * min(fh.position() / size, 1.0), f"Parsing {name}")
            if not chunk:
                return


def _read_columns(table: CsvTable, columns: list[int], t: int | None, text_target: bool):
    upper = _count_rows(table, len(columns))
    out = np.empty((upper, len(columns)))
    target = TargetColumn(table, t, upper, text_target) if t is not None else None
    table._rows.clear()
    table._lines.clear()
    # consecutive columns (all but the target, usually) are one slice: no fancy-index copy
    picked = slice(columns[0], columns[-1] + 1) \
        if columns and columns == list(range(columns[0], columns[-1] + 1)) else columns
    n = 0
    for block, line in _blocks(table):
        values = None if text_target else _fast_block(table, block, line)
        if values is not None:
            k = len(values)
            out[n:n + k] = values[:, picked]
            if target is not None:
                target.add_numbers(values[:, t], n)
            table._mark(n, line)
        else:
            k = _slow_block(table, block, line, columns, t, out, n, target)
        n += k
    if n == 0:
        raise DataError(f"{table.path}: has a header row but no data rows" if table.names
                        else f"{table.path}: the file is empty; expected rows of "
                             "comma-separated values")
    # a view: the few rows counted but not used (header, blank lines) are not worth a copy
    values = out[:n] if upper - n <= max(1000, upper // 100) else out[:n].copy()
    return values, (target.finish(n) if target is not None else None)


def _fast_block(table: CsvTable, block: bytes, line: int) -> np.ndarray | None:
    """The block's cells as an (rows, ncols) array when all are plain decimals, else None.

    Rows of the wrong width are refused here already (a vectorized count per line)."""
    if b'"' in block or b"\n\n" in block or block.startswith(b"\n"):
        return None
    b = np.frombuffer(block, np.uint8)
    ends = np.flatnonzero(b == 10)
    delims = np.flatnonzero(b == ord(table.delimiter))
    per_line = np.diff(np.searchsorted(delims, ends), prepend=0)
    bad = np.flatnonzero(per_line != table.ncols - 1)
    if bad.size:
        i = int(bad[0])
        _raise_width(table, line + i, int(per_line[i]) + 1)
    flat = parse_decimal_text(block, table.delimiter, len(ends) * table.ncols)
    return None if flat is None else flat.reshape(len(ends), table.ncols)


def _slow_block(table, block, line, columns, t, out, n, target) -> int:
    """Parse a block that is not plain decimals; returns its number of data rows."""
    text = decode(table.path, block, line)
    numbered = [(line + i, s) for i, s in enumerate(text.split("\n")[:-1]) if s.strip()]
    if not numbered:
        return 0
    lines = [s for _, s in numbered]
    quoted = any('"' in s for s in lines)
    if quoted:
        widths = [len(table.split(s)) for s in lines]
    else:
        widths = [s.count(table.delimiter) + 1 for s in lines]
    for (number, _), width in zip(numbered, widths):
        if width != table.ncols:
            _raise_width(table, number, width)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            values = np.loadtxt(lines, delimiter=table.delimiter, usecols=columns,
                                dtype=np.float64, comments=None, ndmin=2,
                                quotechar='"' if quoted else None)
    except ValueError:
        _raise_bad_cell(table, numbered, columns)
    bad = first_non_finite(values)
    if bad is not None:
        i, j, nan = bad
        what = "NaN (a missing value)" if nan else "infinite"
        raise DataError(f"{table.path}: row {numbered[i][0]}, {table.column(columns[j])} is "
                        f"{what}; expected a finite number (fill in or remove such rows)")
    k = len(lines)
    out[n:n + k] = values
    for i, (number, _) in enumerate(numbered):
        table._mark(n + i, number)
    if target is not None:
        cells = [table.split(s)[t].strip() for s in lines] if quoted else \
            [_cell(s, table.delimiter, t, table.ncols).strip() for s in lines]
        target.add_cells(cells, [number for number, _ in numbered], n)
    return k


def _cell(line: str, d: str, j: int, ncols: int) -> str:
    if j == ncols - 1:
        return line.rsplit(d, 1)[-1]
    if j == 0:
        return line.split(d, 1)[0]
    return line.split(d)[j]


def _raise_width(table: CsvTable, line: int, width: int):
    raise DataError(f"{table.path}: row {line} has {width} cell{'s' if width != 1 else ''}, "
                    f"expected {table.ncols} as in row {table.first_line}")


def _raise_bad_cell(table: CsvTable, numbered: list, columns: list[int]):
    for number, line in numbered:
        cells = table.split(line)
        for j in columns:
            cell = cells[j].strip()
            if not cell:
                raise DataError(f"{table.path}: row {number}, {table.column(j)} is empty; "
                                "expected a number (fill in or remove missing values)")
            if not is_number(cell):
                shown = cell if len(cell) <= 40 else cell[:30] + "…"
                raise DataError(f"{table.path}: row {number}, {table.column(j)} holds "
                                f"'{shown}', which is not a number (text is allowed only in "
                                "the target column)")
    raise DataError(f"{table.path}: rows {numbered[0][0]} to {numbered[-1][0]} hold a cell "
                    "that is not a plain number")
