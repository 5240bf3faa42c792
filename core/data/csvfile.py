"""Reading a user's CSV file into a :class:`~core.data.dataset.Dataset`.

One row per sample, one column per feature, plus one target column (the last unless
named). The header row is optional and detected: the first row is a header when it has
a text cell in a column whose later cells are mostly numbers (missing cells allowed), or
when it holds no number while later rows do. Cells are separated by commas, semicolons
or tabs (whichever the first row uses most); ``.gz`` files are read compressed. Every
problem is a :class:`~core.errors.DataError` naming the file and the row (as a
spreadsheet numbers it: the file's line number) and column.

The file is read in chunks, never whole, with progress reports and Cancel
(:mod:`core.data.csvchunks`: memory about the size of the result).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from core.data.column_profile import MAX_PROFILED, class_counts, histogram
from core.data.column_roles import (
    DEFAULT_MISSING,
    column_key,
    marker_set,
    normalize_columns,
    normalize_missing,
)
from core.data.csv_labels import CellNotNumber, Labels
from core.data.csv_mixed import read_mixed
from core.data.csv_stream import decode, open_csv, read_head
from core.data.csvchunks import CsvTable, read_columns
from core.data.dataset import Dataset, encode_target
from core.data.mixed_table import check_column_names, mixed_dataset, numeric_info
from core.data.numtext import is_number
from core.errors import DataError
from core.progress import report

_DELIMITERS = (",", ";", "\t")
_HEAD_ROWS = 20  # later rows looked at to decide whether the first is a header


def read_table(path, header: bool | None = None) -> CsvTable:
    """Read a CSV file's head: delimiter, header row, number of columns.

    Parameters
    ----------
    path : str or Path
        A ``.csv`` (or ``.csv.gz``) file.
    header : bool or None
        True/False to say whether the first row is a header; None to detect it.

    Raises
    ------
    DataError
        File missing, not a regular file, unreadable, not UTF-8, or empty.
    """
    path = Path(path)
    report(0.0, f"Reading {path.name}")
    with open_csv(path) as fh:
        head = read_head(fh, path)
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    newline = b"\r" if b"\n" not in head and b"\r" in head else b"\n"
    text = decode(path, head.replace(b"\r\n", b"\n").replace(b"\r", b"\n"), 1)
    numbered = [(i + 1, line) for i, line in enumerate(text.split("\n")) if line.strip()]
    if not numbered:
        raise DataError(f"{path}: the file is empty; expected rows of comma-separated values")
    first_line, first = numbered[0]
    delimiter = max(_DELIMITERS, key=first.count) if any(d in first for d in _DELIMITERS) \
        else ","
    table = CsvTable(path, None, delimiter, 0, first_line, newline)
    first_cells = table.split(first)
    table.ncols = len(first_cells)
    if header is None:
        header = _looks_like_header(first_cells,
                                    [table.split(x) for _, x in numbered[1:1 + _HEAD_ROWS]])
    if header:
        table.names = [c.strip() or f"column {j + 1}" for j, c in enumerate(first_cells)]
    return table


def load_csv(path, target=None, task=None, header=None, columns=None, missing_values=None,
             impute: str = "median") -> Dataset:
    """Load a CSV file of samples: feature columns and one target column.

    A table of numbers only is read by the fast numeric reader
    (:mod:`core.data.csvchunks`), every column an input. A table with text or missing cells
    (or with roles chosen in ``columns``) is read again as mixed columns
    (:mod:`core.data.csv_mixed`): each column gets a role (:mod:`core.data.column_roles`),
    rows without a target are left out, and the data set comes back as a raw table
    (``Dataset.table``) that :func:`core.data.spec.prepare` encodes after the split.

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
    columns : dict, optional
        ``{column name: "numeric" | "categorical" | "ignore"}`` overriding the detected
        roles (a column without a header is named ``"column k"``, from 1).
    missing_values : list of str, optional
        Cells that mean "missing" (default :data:`~core.data.column_roles.DEFAULT_MISSING`).
    impute : {"median", "mean", "drop"}
        What a missing number becomes (learned on the training rows), or drop its rows.

    Returns
    -------
    Dataset
        ``X`` float64 (N, D); ``y`` int64 class indices (text labels numbered in sorted
        order, kept as ``class_names``) or float64 regression targets. For a mixed table,
        ``X`` holds numbers (NaN where missing) and category codes, described by
        ``Dataset.table``; ``Dataset.columns`` lists every column for the Data panel.
    """
    if task not in (None, "auto", "classification", "regression"):
        raise ValueError(f"task must be 'classification', 'regression' or 'auto', got {task!r}")
    table = read_table(Path(path), header)
    t = _target_index(table, target)
    features = [j for j in range(table.ncols) if j != t]
    if not features:
        raise DataError(f"{table.path}: has a single column; expected feature columns and a "
                        "target column")
    columns = normalize_columns(columns)
    missing_values = normalize_missing(missing_values)
    check_column_names(table, columns)
    if not columns:
        try:
            X, raw_target = read_columns(table, features, t)
        except CellNotNumber:
            X = raw_target = None
        markers = marker_set(missing_values) | {"nan"}
        if isinstance(raw_target, Labels) and any(name.lower() in markers
                                                  for name in raw_target.names):
            X = raw_target = None  # a target cell such as "NA": the row has no target
        if X is not None:
            return _numeric_dataset(table, X, raw_target, features, t, task)
    raws = read_mixed(table, features + [t], missing_values)
    return mixed_dataset(table, raws, t, task, columns, missing_values, impute)


def _numeric_dataset(table: CsvTable, X, raw_target, features: list[int], t: int,
                     task) -> Dataset:
    where = f"{table.path}: target {table.column(t)}"
    if isinstance(raw_target, Labels):
        y, task, class_names = raw_target.encode(task, where)
    else:
        y, task, class_names = encode_target(raw_target, task, where, row_name=table.row)
    names = ([table.names[j] for j in features] if table.names
             else [f"x{i + 1}" for i in range(len(features))])
    keys = [column_key(table.names, j) for j in features]
    info = numeric_info(keys, features, X, t, column_key(table.names, t))
    if t < MAX_PROFILED:
        info[t]["profile"] = (class_counts(y, class_names) if task == "classification"
                              else histogram(y))
    return Dataset(X, y, task, names, class_names, table.path.name, columns=info)


def header_names(path, header: str = "auto") -> list[str] | None:
    """The column names of a CSV file as :func:`load_csv` reads them, from its first rows.

    Parameters
    ----------
    path : str or Path
    header : {"auto", "yes", "no"}
        The data spec's ``header`` field: detect the header row, take the first row as
        one, or there is none.

    Returns
    -------
    list of str or None
        The header's cells (a blank one named ``"column k"``), or None without a header.

    Raises
    ------
    DataError
        The file is missing, not a regular file, unreadable, not UTF-8, or empty.
    """
    if header == "no":
        return None
    return read_table(Path(path), True if header == "yes" else None).names


def _looks_like_header(first: list[str], later: list[list[str]]) -> bool:
    """A header has a text cell over a column of (mostly) numbers, missing cells allowed,
    or holds no number at all while the rows below do."""
    later = [r for r in later if len(r) == len(first)]
    if not later:
        return not all(is_number(c) for c in first)
    markers = marker_set(DEFAULT_MISSING)
    for j, c in enumerate(first):
        if is_number(c) or c.strip().lower() in markers:  # a gap is not a column name
            continue
        cells = [r[j].strip() for r in later if r[j].strip()]
        numbers = sum(is_number(x) for x in cells)
        if numbers and 2 * numbers >= len(cells):
            return True
    return not any(is_number(c) for c in first) and \
        any(is_number(x) for r in later for x in r)


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
