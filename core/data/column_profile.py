"""A column's shape in a few plain numbers: a histogram of its numbers, or its top categories.

The Data panel draws one small sparkline per column of a table
(:mod:`workbench.panels.column_table`); the numbers behind it are computed here, once, while
the table is read off the GUI thread, and travel in ``summary["columns"][k]["profile"]``:

- ``{"kind": "histogram", "counts": [12 ints], "low": float, "high": float}`` for numbers:
  :data:`HISTOGRAM_BINS` equal bins from the smallest to the largest finite value (the last
  bin holds the largest value);
- ``{"kind": "categories", "counts": [ints], "labels": [str]}`` for categories: the
  :data:`TOP_CATEGORIES` most frequent, most frequent first (ties in key order), then
  ``"other (k)"`` holding the ``k`` remaining categories when there are more.

Missing cells are counted in neither (the table shows their share beside it). Only the first
:data:`MAX_PROFILED` columns of a wide table are profiled (the panel lists no more).
"""

from __future__ import annotations

import numpy as np

#: Bars of a numeric column's histogram.
HISTOGRAM_BINS = 12
#: Categories drawn one bar each; the rest share one bar.
TOP_CATEGORIES = 5
#: Columns profiled at most (the panel shows this many rows).
MAX_PROFILED = 300


def histogram(values: np.ndarray, bins: int = HISTOGRAM_BINS) -> dict | None:
    """The histogram of a column's finite values (NaN, missing, and ±inf left out).

    Parameters
    ----------
    values : numpy.ndarray
        The column's numbers, NaN where a cell is missing or not a number.
    bins : int
        Equal-width bins between the smallest and the largest value.

    Returns
    -------
    dict or None
        ``{"kind": "histogram", "counts", "low", "high"}``; None when no value is finite.
        A constant column puts every value in the middle bin.
    """
    values = np.asarray(values, dtype=np.float64)
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return None
    low, high = float(finite.min()), float(finite.max())
    if low == high:
        counts = np.zeros(bins, np.int64)
        counts[bins // 2] = finite.size
    else:
        counts, _ = np.histogram(finite, bins=bins, range=(low, high))
    return {"kind": "histogram", "counts": [int(c) for c in counts], "low": low, "high": high}


def categories(codes: np.ndarray, keys: list[str], top: int = TOP_CATEGORIES) -> dict | None:
    """The most frequent categories of a column and how often each occurs.

    Parameters
    ----------
    codes : numpy.ndarray
        Each row's category as an index into ``keys`` (float, NaN where missing), as
        :meth:`core.data.csv_mixed.RawColumn.categories` gives them.
    keys : list of str
        The category names.
    top : int
        Categories shown one bar each; any others are summed into one last bar
        ``"other (k)"``.

    Returns
    -------
    dict or None
        ``{"kind": "categories", "counts", "labels"}``; None when every cell is missing.
    """
    codes = np.asarray(codes, dtype=np.float64)
    present = codes[~np.isnan(codes)].astype(np.int64)
    if present.size == 0 or not keys:
        return None
    counts = np.bincount(present, minlength=len(keys))
    order = sorted(range(len(keys)), key=lambda k: (-int(counts[k]), k))
    shown = order[:top]
    out_counts = [int(counts[k]) for k in shown]
    labels = [str(keys[k]) for k in shown]
    rest = order[top:]
    if rest:
        out_counts.append(int(sum(int(counts[k]) for k in rest)))
        labels.append(f"other ({len(rest)})")
    return {"kind": "categories", "counts": out_counts, "labels": labels}


def class_counts(y: np.ndarray, class_names: list[str]) -> dict | None:
    """:func:`categories` of a classification target (``y``: class indices)."""
    return categories(np.asarray(y, dtype=np.float64), list(class_names))
