"""Reading a CSV table whose columns mix numbers, text categories and missing cells.

:func:`read_mixed` streams the file in the chunks of :mod:`core.data.csvchunks` (same
progress, Cancel, row budget and per-row messages) and keeps, per column asked for, a
float64 array of its numbers (NaN where a cell is missing or text) and, once the column
has shown a text cell, an int32 array of text codes (``-1``: not text). Distinct texts
are remembered up to :data:`~core.data.column_roles.MAX_TEXTS_READ` per column (more make
it free text). A chunk's column is converted with one ``astype(float64)`` when every cell
is a number; only a column holding text or missing markers is looked at cell by cell.
Peak memory: 8 bytes per cell, plus 4 per cell of a text column.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from core.data.column_roles import MAX_TEXTS_READ, ColumnFacts, marker_set, number_key
from core.data.csv_stream import decode
from core.data.csvchunks import CsvTable, blocks, count_rows, raise_width
from core.data.numtext import is_number
from core.errors import DataError
from core.files.read_limits import MAX_TEXT_CHARS


@dataclass(eq=False)
class RawColumn:
    """One column as read: numbers, text codes, and the first text cell (for messages)."""

    index: int
    numbers: np.ndarray
    codes: np.ndarray | None = None
    texts: dict = field(default_factory=dict)
    first_text: tuple | None = None  # (row index, cell)

    @property
    def is_text(self) -> np.ndarray:
        """Which rows hold text (a bool array)."""
        if self.codes is None:
            return np.zeros(len(self.numbers), bool)
        return self.codes != -1

    @property
    def is_missing(self) -> np.ndarray:
        return np.isnan(self.numbers) & ~self.is_text

    def take(self, rows) -> RawColumn:
        codes = None if self.codes is None else self.codes[rows]
        return RawColumn(self.index, self.numbers[rows], codes, self.texts, self.first_text)

    def facts(self, name: str) -> ColumnFacts:
        """What a role is detected from (:func:`core.data.column_roles.detect_role`)."""
        text = self.is_text
        present = ~np.isnan(self.numbers)
        numbers = np.unique(self.numbers[present])
        rows, texts = len(self.numbers), int(np.count_nonzero(text))
        missing = rows - int(np.count_nonzero(present)) - texts
        whole = bool(np.all(numbers == np.round(numbers)))
        low = float(numbers[0]) if numbers.size else float("nan")
        high = float(numbers[-1]) if numbers.size else float("nan")
        n_texts = len(set(self.codes[text].tolist())) if texts else 0
        distinct = numbers.size + n_texts
        consecutive = (not texts and whole and numbers.size == rows - missing and numbers.size > 1
                       and high - low == numbers.size - 1)
        return ColumnFacts(name, rows, missing, min(distinct, MAX_TEXTS_READ), texts, whole, low,
                           high, consecutive)

    def categories(self) -> tuple[np.ndarray, list[str]]:
        """``(codes, keys)``: each row's category as an index into ``keys`` (float64, NaN
        where missing); numbers keyed by value (sorted), then texts (sorted)."""
        numbers = self.numbers
        text = self.is_text
        present = ~np.isnan(numbers)
        values, inverse = np.unique(numbers[present], return_inverse=True)
        keys = [number_key(v) for v in values]
        codes = np.full(len(numbers), np.nan)
        codes[present] = inverse
        if text.any():
            by_code = {code: name for name, code in self.texts.items()}
            used = sorted(set(self.codes[text].tolist()))
            names = sorted(by_code.get(c, "(other text)") for c in used)
            position = {name: len(keys) + i for i, name in enumerate(names)}
            lookup = np.array([position[by_code.get(c, "(other text)")] for c in used], float)
            codes[text] = lookup[np.searchsorted(used, self.codes[text])]
            keys += names
        return codes, keys


def read_mixed(table: CsvTable, columns: list[int], missing_markers) -> list[RawColumn]:
    """The given columns of the whole file, each as a :class:`RawColumn`.

    Parameters
    ----------
    table : CsvTable
        From :func:`core.data.csvfile.read_table`.
    columns : list of int
        File columns to read.
    missing_markers : sequence of str
        Cells that mean "missing" (compared stripped, without case); NaN always is.

    Raises
    ------
    DataError
        A row of the wrong width, an infinite number, a text over
        :data:`~core.files.read_limits.MAX_TEXT_CHARS` characters, the data budget, a file
        that is not UTF-8 (each naming the row, and the column where there is one).
    core.progress.Cancelled
        When the progress listener cancels.
    """
    upper = count_rows(table, len(columns))
    markers = marker_set(missing_markers) | {"nan"}
    out = [RawColumn(j, np.empty(upper)) for j in columns]
    table._rows.clear()
    table._lines.clear()
    n = 0
    for block, line in blocks(table):
        text = decode(table.path, block, line)
        numbered = [(line + i, s) for i, s in enumerate(text.split("\n")[:-1]) if s.strip()]
        if not numbered:
            continue
        columns_of = _cells_by_column(table, numbered)
        for i, (number, _) in enumerate(numbered):
            table._mark(n + i, number)
        for column in out:
            _add(table, column, columns_of(column.index), n, markers)
        n += len(numbered)
    if n == 0:
        raise DataError(f"{table.path}: has a header row but no data rows" if table.names
                        else f"{table.path}: the file is empty; expected rows of "
                             "comma-separated values")
    for column in out:
        column.numbers = column.numbers[:n].copy() if upper > n else column.numbers
        if column.codes is not None:
            column.codes = column.codes[:n].copy()
    return out


def _cells_by_column(table: CsvTable, numbered: list):
    """A function giving column ``j``'s cells of the lines ``numbered`` (every line's width
    checked). Without quotes the block is split once and a column is a slice of it."""
    d, width = table.delimiter, table.ncols
    lines = [s for _, s in numbered]
    if not any('"' in s for s in lines):
        flat = d.join(lines).split(d)
        if len(flat) == len(lines) * width and all(s.count(d) == width - 1 for s in lines):
            return lambda j: flat[j::width]
    rows = [table.split(s) for s in lines]
    for (number, _), cells in zip(numbered, rows):
        if len(cells) != width:
            raise_width(table, number, len(cells))
    return lambda j: [r[j] for r in rows]


def _add(table: CsvTable, column: RawColumn, cells: list[str], n: int, markers) -> None:
    """Put a chunk's cells of one column into ``column`` (rows ``n`` on), vectorized: a
    column of numbers in one ``astype``; otherwise each distinct cell is looked at once."""
    k = len(cells)
    arr = np.array(cells)
    try:
        numbers = arr.astype(np.float64)  # numbers only ("nan" too: a missing cell)
        chunk_codes = None
    except ValueError:
        arr = np.char.strip(arr)
        numbers, chunk_codes = _mixed_cells(table, column, arr, n, markers)
    bad = np.flatnonzero(np.isinf(numbers))
    if bad.size:
        i = int(bad[0])
        raise DataError(f"{table.path}: {table.row(n + i)}, {table.column(column.index)} "
                        f"holds '{str(arr[i]).strip()}'; expected a finite number or a missing "
                        "marker")
    column.numbers[n:n + k] = numbers
    if chunk_codes is not None and column.codes is None:
        first = int(np.flatnonzero(chunk_codes != -1)[0])
        column.codes = np.full(len(column.numbers), -1, np.int32)
        column.first_text = (n + first, str(arr[first]))
    if column.codes is not None:
        column.codes[n:n + k] = -1 if chunk_codes is None else chunk_codes


def _mixed_cells(table: CsvTable, column: RawColumn, arr: np.ndarray, n: int, markers):
    """``(numbers, codes)`` of a chunk that is not all numbers: NaN where missing or text;
    text codes (-1 elsewhere), or None when the chunk holds numbers and gaps only. Each
    distinct cell is classified once (missing marker, number or text)."""
    distinct, inverse = np.unique(arr, return_inverse=True)
    values = np.full(len(distinct), np.nan)
    codes_of = np.full(len(distinct), -1, np.int32)
    texts = column.texts
    for d, cell in enumerate(distinct.tolist()):
        if cell.lower() in markers:
            continue
        if is_number(cell):
            values[d] = float(cell)
            continue
        if len(cell) > MAX_TEXT_CHARS:
            row = int(np.flatnonzero(inverse == d)[0])
            raise DataError(f"{table.path}: {table.row(n + row)}, "
                            f"{table.column(column.index)} holds a text of {len(cell):,} "
                            f"characters; a category is at most {MAX_TEXT_CHARS}")
        code = texts.get(cell)
        if code is None:
            code = len(texts) if len(texts) < MAX_TEXTS_READ else MAX_TEXTS_READ
            if code < MAX_TEXTS_READ:
                texts[cell] = code
        codes_of[d] = code
    numbers = values[inverse]
    if not (codes_of != -1).any():
        return numbers, None
    return numbers, codes_of[inverse]
