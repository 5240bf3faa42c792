"""Reading a user's CSV file into a :class:`~core.data.dataset.Dataset`.

One row per sample, one column per feature, plus one target column (the last unless
named). The header row is optional and detected: the first row is a header when it has
a text cell in a column whose later cells are numbers. Cells are separated by commas,
semicolons or tabs (whichever the first row uses most); ``.gz`` files are read
compressed. Every problem is a :class:`~core.errors.DataError` naming the file and the
row (as a spreadsheet numbers it: the file's line number) and column.

Speed: a purely numeric file goes through :func:`core.data.numtext.parse_decimal_text`
(a 60,000 × 785 file in about 2 s); anything else goes through ``np.loadtxt`` in blocks
of rows, and a block that fails is scanned cell by cell to name the bad cell.
"""

from __future__ import annotations

import csv
import gzip
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.data.dataset import Dataset, encode_target
from core.data.numtext import parse_decimal_text
from core.errors import DataError
from core.progress import report

_DELIMITERS = (",", ";", "\t")
_SLOW_BLOCK = 2000  # rows per np.loadtxt call on the slow path


@dataclass
class CsvTable:
    """The cells of a CSV file, not yet converted: what every reader starts from.

    ``lines`` are the data rows (header and blank lines removed); ``line_numbers[i]``
    is the file line of ``lines[i]``; ``names`` is the header (None without one).
    """

    path: Path
    lines: list[str]
    line_numbers: list[int]
    names: list[str] | None
    delimiter: str
    quoted: bool
    ncols: int
    body: tuple | None = None  # (file bytes, start, stop) of the data rows, when plain

    def split(self, line: str) -> list[str]:
        if self.quoted:
            return next(csv.reader([line], delimiter=self.delimiter))
        return line.split(self.delimiter)

    def column(self, j: int) -> str:
        """How messages name column ``j``: by its header name, or by number from 1."""
        return f"column '{self.names[j]}'" if self.names else f"column {j + 1}"

    def row(self, i: int) -> str:
        return f"row {self.line_numbers[i]}"


def read_table(path: Path, header: bool | None = None) -> CsvTable:
    """Read a CSV file's rows and header, checking that every row has the same width.

    Parameters
    ----------
    path : Path
        A ``.csv`` (or ``.csv.gz``) file.
    header : bool or None
        True/False to say whether the first row is a header; None to detect it.

    Raises
    ------
    DataError
        File missing or unreadable, not UTF-8, empty, header only, or rows of
        different widths.
    """
    path = Path(path)
    report(0.0, f"Reading {path.name}")
    data = _read_bytes(path)
    report(0.3, f"Splitting {path.name} into rows")
    text = _decode(path, data)
    crlf = "\r" in text
    if crlf:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    raw = text.split("\n")
    numbers = [i + 1 for i, line in enumerate(raw) if line.strip()]
    if not numbers:
        raise DataError(f"{path}: the file is empty; expected rows of comma-separated values")
    lines = [raw[n - 1] for n in numbers] if len(numbers) != len(raw) else raw
    plain = not crlf and numbers[-1] == len(numbers)  # no blank lines between rows
    del raw, text
    first = lines[0]
    delimiter = max(_DELIMITERS, key=first.count) if any(d in first for d in _DELIMITERS) else ","
    quoted = any('"' in line for line in lines)
    table = CsvTable(path, lines, numbers, None, delimiter, quoted, 0)
    first_cells = table.split(first)
    table.ncols = len(first_cells)
    _check_widths(table)
    if header is None:
        header = _looks_like_header(first_cells, [table.split(x) for x in lines[1:6]])
    if header:
        table.names = [c.strip() or f"column {j + 1}" for j, c in enumerate(first_cells)]
        table.lines, table.line_numbers = lines[1:], numbers[1:]
        if not table.lines:
            raise DataError(f"{path}: has a header row but no data rows")
    if plain and not quoted:  # the fast path can read the rows straight from the file's bytes
        start = data.index(b"\n") + 1 if header else (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        stop = len(data)
        while stop > start and data[stop - 1] in b" \t\n":
            stop -= 1
        table.body = ((data, start, stop + 1) if data[stop:stop + 1] == b"\n"
                      else (data[start:stop] + b"\n", 0, None))
    return table


def numeric_columns(table: CsvTable, columns: list[int], fast_only: bool = False):
    """The given columns as a float64 array of shape (N, len(columns)).

    Raises :class:`DataError` naming the first cell that is not a finite number; with
    ``fast_only``, answers None instead when the fast path cannot read the file.
    """
    values = None
    if not table.quoted and list(columns) == list(range(table.ncols)):
        body = table.body
        if body is None:
            try:
                body = (("\n".join(table.lines) + "\n").encode("ascii"), 0, None)
            except UnicodeEncodeError:
                body = None
        count = len(table.lines) * table.ncols
        flat = None if body is None else parse_decimal_text(body[0], table.delimiter, count,
                                                            body[1], body[2])
        if flat is not None:
            values = flat.reshape(len(table.lines), table.ncols)
    if values is None:
        if fast_only:
            return None
        values = _numeric_slow(table, columns)
    bad = ~np.isfinite(values)
    if bad.any():
        i, j = (int(v) for v in np.argwhere(bad)[0])
        what = "NaN (a missing value)" if np.isnan(values[i, j]) else "infinite"
        raise DataError(f"{table.path}: {table.row(i)}, {table.column(columns[j])} is {what}; "
                        "expected a finite number (fill in or remove such rows)")
    return values


def text_column(table: CsvTable, j: int) -> list[str]:
    """The cells of column ``j``, stripped of surrounding spaces."""
    d, lines = table.delimiter, table.lines
    if table.quoted:
        cells = [table.split(line)[j] for line in lines]
    elif j == table.ncols - 1:
        cells = [line.rsplit(d, 1)[-1] for line in lines]
    elif j == 0:
        cells = [line.split(d, 1)[0] for line in lines]
    else:
        cells = [line.split(d)[j] for line in lines]
    return [c.strip() for c in cells]


def load_csv(path, target=None, task=None, header=None) -> Dataset:
    """Load a CSV file of samples: feature columns and one target column.

    Parameters
    ----------
    path : str or Path
    target : str, int or None
        The target column: a header name, or an index (0-based; negative counts from
        the end, -1 is the last). None: the last column. A text that is a whole number
        and not a column name is taken as an index.
    task : {"classification", "regression", "auto", None}
        None/"auto" infers it: text targets, and whole numbers with few distinct
        values, are classes; other numbers are regression targets.
    header : bool or None
        Whether the first row holds column names; None detects it.

    Returns
    -------
    Dataset
        ``X`` float64 (N, D); ``y`` int64 class indices (text labels numbered in sorted
        order, kept as ``class_names``) or float64 regression targets.
    """
    if task not in (None, "auto", "classification", "regression"):
        raise ValueError(f"task must be 'classification', 'regression' or 'auto', got {task!r}")
    table = read_table(Path(path), header)
    t = _target_index(table, target)
    features = [j for j in range(table.ncols) if j != t]
    if not features:
        raise DataError(f"{table.path}: has a single column; expected feature columns and a "
                        "target column")
    everything = numeric_columns(table, list(range(table.ncols)), fast_only=True)
    if everything is not None:
        # a view when the target is the first or last column: split() copies rows anyway
        X = (everything[:, 1:] if t == 0 else everything[:, :-1] if t == table.ncols - 1
             else np.delete(everything, t, axis=1))
        raw_target = everything[:, t].copy()
    else:
        X = numeric_columns(table, features)
        raw_target = _target_cells(table, t)
    where = f"{table.path}: target {table.column(t)}"
    y, task, class_names = encode_target(raw_target, task, where, row_name=table.row)
    names = ([table.names[j] for j in features] if table.names
             else [f"x{i + 1}" for i in range(len(features))])
    return Dataset(X, y, task, names, class_names, table.path.name)


def read_features_csv(path, n_features: int, feature_names=None) -> np.ndarray:
    """Read a CSV of network inputs (for ``predict``): one row per sample.

    The file has ``n_features`` columns, or one more when its header names a column
    that is not one of ``feature_names`` (the target, which is dropped). With a header
    that names exactly the features, columns are put into the network's order.

    Returns
    -------
    ndarray, float64, shape (N, n_features)
    """
    table = read_table(Path(path))
    names = list(feature_names) if feature_names is not None else None
    columns = list(range(table.ncols))
    if table.names and names:
        extra = [j for j, n in enumerate(table.names) if n not in names]
        if table.ncols == n_features + 1 and len(extra) == 1:
            columns.remove(extra[0])
        if sorted(table.names[j] for j in columns) == sorted(names):
            columns = [table.names.index(n) for n in names]
    if len(columns) != n_features:
        hint = ("" if table.names or table.ncols != n_features + 1
                else "; add a header row naming the columns so the target can be dropped")
        raise DataError(f"{table.path}: has {table.ncols} columns, expected {n_features} "
                        f"(one per network input){hint}")
    return numeric_columns(table, columns)


# ------------------------------------------------------------------------- internals
def _read_bytes(path: Path) -> bytes:
    try:
        if path.name.endswith(".gz"):
            with gzip.open(path, "rb") as fh:
                data = fh.read()
        else:
            data = path.read_bytes()
    except FileNotFoundError:
        raise DataError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise DataError(f"{path}: is a folder, expected a CSV file") from None
    except PermissionError:
        raise DataError(f"{path}: cannot be read (permission denied)") from None
    except (OSError, EOFError) as exc:
        raise DataError(f"{path}: cannot be read ({exc})") from None
    return data


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(f"{path}: is not UTF-8 text (byte {exc.start}); save it as a UTF-8 "
                        "CSV file") from None


def _check_widths(table: CsvTable) -> None:
    lines, n = table.lines, table.ncols
    if table.quoted:
        widths = [len(table.split(line)) for line in lines]
    else:
        d = table.delimiter
        widths = [line.count(d) + 1 for line in lines]
    if widths.count(n) != len(widths):
        i = next(i for i, w in enumerate(widths) if w != n)
        raise DataError(f"{table.path}: row {table.line_numbers[i]} has {widths[i]} cells, "
                        f"expected {n} as in row {table.line_numbers[0]}")


def _looks_like_header(first: list[str], later: list[list[str]]) -> bool:
    later = [r for r in later if len(r) == len(first)]
    if not later:
        return not all(_is_number(c) for c in first)
    return any(not _is_number(c) and all(_is_number(r[j]) for r in later)
               for j, c in enumerate(first))


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _target_index(table: CsvTable, target) -> int:
    n = table.ncols
    if target is None:
        return n - 1
    if isinstance(target, str):
        if table.names and target in table.names:
            return table.names.index(target)
        if re.fullmatch(r"\s*-?\d+\s*", target):
            target = int(target)
        elif table.names:
            shown = ", ".join(f"'{c}'" for c in table.names[:12])
            more = f" … ({n} in all)" if n > 12 else ""
            raise DataError(f"{table.path}: no column named '{target}'; the columns are "
                            f"{shown}{more}")
        else:
            raise DataError(f"{table.path}: has no header row, so the target column is given "
                            f"by index (0..{n - 1}, or -1 for the last), not by the name "
                            f"'{target}'")
    if isinstance(target, bool) or not isinstance(target, (int, np.integer)):
        raise DataError(f"{table.path}: the target column must be a column name or index, "
                        f"got {target!r}")
    if not -n <= target < n:
        raise DataError(f"{table.path}: target column index {target} is out of range for {n} "
                        f"columns (use 0..{n - 1}, or -1 for the last)")
    return int(target) % n


def _target_cells(table: CsvTable, t: int) -> np.ndarray:
    """The target column as numbers when all of it is numeric, else as text."""
    cells = text_column(table, t)
    try:
        values = np.array(cells, dtype=np.float64)
    except ValueError:
        empty = next((i for i, c in enumerate(cells) if not c), None)
        if empty is not None:
            raise DataError(f"{table.path}: {table.row(empty)}, target {table.column(t)} is "
                            "empty; every row needs a target") from None
        return np.array(cells, dtype=str)
    bad = np.flatnonzero(~np.isfinite(values))
    if bad.size:
        raise DataError(f"{table.path}: {table.row(int(bad[0]))}, target {table.column(t)} is "
                        f"'{cells[bad[0]]}'; expected a finite number or a class label")
    return values


def _numeric_slow(table: CsvTable, columns: list[int]) -> np.ndarray:
    lines = table.lines
    out = np.empty((len(lines), len(columns)))
    for start in range(0, len(lines), _SLOW_BLOCK):
        block = lines[start:start + _SLOW_BLOCK]
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                values = np.loadtxt(block, delimiter=table.delimiter, usecols=columns,
                                    dtype=np.float64, comments=None, ndmin=2,
                                    quotechar='"' if table.quoted else None)
        except ValueError:
            _raise_bad_cell(table, start, block, columns)
        out[start:start + len(block)] = values
    return out


def _raise_bad_cell(table: CsvTable, start: int, block: list[str], columns: list[int]):
    for i, line in enumerate(block, start):
        cells = table.split(line)
        for j in columns:
            cell = cells[j].strip()
            if not cell:
                raise DataError(f"{table.path}: {table.row(i)}, {table.column(j)} is empty; "
                                "expected a number (fill in or remove missing values)")
            if not _is_number(cell):
                raise DataError(f"{table.path}: {table.row(i)}, {table.column(j)} holds "
                                f"'{cell}', which is not a number (text is allowed only in "
                                "the target column)")
    raise DataError(f"{table.path}: rows {table.line_numbers[start]} to "
                    f"{table.line_numbers[start + len(block) - 1]} hold a cell that is not a "
                    "plain number")
