"""Per-epoch records in bounded memory: a multi-resolution table, one column per figure.

A run of a 10-sample problem can last a million epochs, and every epoch reports some
thirty figures (losses, metrics, per-layer gradient and weight norms ...). Keeping them
all costs ~1 KB per epoch and makes every redraw slower; a plot a thousand pixels wide
does not need them. :class:`EpochTable` keeps, for every column at once (rows stay
aligned, so any column can be drawn against any other):

* the last ``tail`` epochs exactly (the recent past), and
* every epoch in at most ``capacity`` buckets of ``span`` consecutive epochs, with per
  column the sum of the finite values, their count and the last finite value. When the
  buckets fill up, neighbours merge pairwise and ``span`` doubles.

So memory is bounded by ``capacity`` buckets and ``tail`` rows whatever the number of
epochs, a bucket's mean is the exact mean of the epochs it covers, and a run shorter than
``capacity`` epochs is kept exactly (one row per epoch).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class EpochRows:
    """Every recorded epoch exactly once, at the best resolution kept.

    Attributes
    ----------
    columns : tuple of str
    mean : ndarray, shape (rows, columns)
        Mean of the finite values of the epochs in the row (NaN: none finite).
    weight : ndarray, shape (rows, columns)
        How many finite values each mean averages.
    last : ndarray, shape (rows, columns)
        The last finite value in the row (NaN: none).
    epochs : ndarray, shape (rows,)
        Epochs in the row (1 for an exact row).
    """

    columns: tuple
    mean: np.ndarray
    weight: np.ndarray
    last: np.ndarray
    epochs: np.ndarray

    def __len__(self) -> int:
        return len(self.epochs)

    def column(self, key: str) -> np.ndarray:
        """One column's means (all NaN when the column is unknown)."""
        if key not in self.columns:
            return np.full(len(self), np.nan)
        return self.mean[:, self.columns.index(key)]

    def merged(self, max_rows: int) -> EpochRows:
        """At most ``max_rows`` rows: neighbours merged in equal groups, means weighted."""
        n = len(self)
        if n <= max_rows or max_rows < 1:
            return self
        group = math.ceil(n / max_rows)
        pad = (-n) % group
        w = np.concatenate([self.weight, np.zeros((pad, self.weight.shape[1]))])
        m = np.concatenate([np.nan_to_num(self.mean, nan=0.0, posinf=0.0, neginf=0.0),
                            np.zeros((pad, self.mean.shape[1]))])
        last = np.concatenate([self.last, np.full((pad, self.last.shape[1]), np.nan)])
        epochs = np.concatenate([self.epochs, np.zeros(pad)])
        k = (n + pad) // group
        shape = (k, group, self.mean.shape[1])
        total = w.reshape(shape).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.where(total > 0, (m * w).reshape(shape).sum(axis=1) / total, np.nan)
        # infinite values stay visible in the merge they fall into
        inf = ~np.isfinite(self.mean) & ~np.isnan(self.mean)
        if inf.any():
            sign = np.concatenate([np.where(inf, np.sign(self.mean), 0.0),
                                   np.zeros((pad, self.mean.shape[1]))]).reshape(shape)
            hit = (sign != 0).any(axis=1)
            mean = np.where(hit, np.inf * np.where(sign.sum(axis=1) < 0, -1.0, 1.0), mean)
        last_rows = last.reshape(shape)
        has = ~np.isnan(last_rows)
        pick = group - 1 - np.argmax(has[:, ::-1, :], axis=1)   # last finite in the group
        new_last = np.take_along_axis(last_rows, pick[:, None, :], axis=1)[:, 0, :]
        new_last = np.where(has.any(axis=1), new_last, np.nan)
        return EpochRows(self.columns, mean, total, new_last,
                         epochs.reshape(k, group).sum(axis=1))


class EpochTable:
    """Per-epoch records by column in bounded memory (see the module docstring).

    Parameters
    ----------
    capacity : int
        Maximum number of buckets (even, >= 4): runs shorter than this are kept exactly.
    tail : int
        Number of most recent epochs kept exactly (>= 1).

    Memory: at most ``3 × capacity + tail`` floats per column, plus ``capacity`` counts.
    """

    def __init__(self, capacity: int = 2048, tail: int = 512):
        if capacity < 4 or capacity % 2:
            raise ValueError("capacity: expected an even number >= 4")
        if tail < 1:
            raise ValueError("tail: expected at least 1")
        self.capacity, self.tail = int(capacity), int(tail)
        self.columns: list[str] = []
        self._index: dict[str, int] = {}
        self.span = 1            # epochs per full bucket
        self.count = 0           # epochs added
        self._n = 0              # full buckets
        rows = min(self.capacity, 64)   # grown by doubling up to capacity
        self._bsum = np.zeros((rows, 0))
        self._bcnt = np.zeros((rows, 0))
        self._blast = np.zeros((rows, 0))
        self._bn = np.zeros(rows)
        self._osum = np.zeros(0)
        self._ocnt = np.zeros(0)
        self._olast = np.zeros(0)
        self._on = 0
        self._tail = np.zeros((min(self.tail, 64), 0))

    # ------------------------------------------------------------ adding
    def add(self, record: dict) -> None:
        """Add one epoch: ``{column: value}`` (None or NaN where there is no value)."""
        for key in record:
            if key not in self._index:
                self._add_column(key)
        row = np.full(len(self.columns), np.nan)
        for key, value in record.items():
            if value is not None:
                row[self._index[key]] = float(value)
        finite = np.isfinite(row)
        self._tail_row(self.count)[...] = row
        self.count += 1
        known = ~np.isnan(row)                      # ±inf counts: a diverging loss shows
        np.add(self._osum, np.where(finite, row, 0.0), out=self._osum)
        self._osum[known & ~finite] = row[known & ~finite]
        self._ocnt += known
        self._olast = np.where(known, row, self._olast)
        self._on += 1
        if self._on >= self.span:
            self._close_open()

    def _tail_row(self, index: int) -> np.ndarray:
        slot = index % self.tail
        if slot >= len(self._tail):
            grown = np.full((min(len(self._tail) * 2, self.tail), self._tail.shape[1]), np.nan)
            grown[:len(self._tail)] = self._tail
            self._tail = grown
        return self._tail[slot]

    def _add_column(self, key: str) -> None:
        self._index[key] = len(self.columns)
        self.columns.append(key)

        def widen(a, fill):
            return np.concatenate([a, np.full(a.shape[:-1] + (1,), fill)], axis=-1)
        self._bsum, self._bcnt = widen(self._bsum, 0.0), widen(self._bcnt, 0.0)
        self._blast = widen(self._blast, np.nan)
        self._osum, self._ocnt = widen(self._osum, 0.0), widen(self._ocnt, 0.0)
        self._olast = widen(self._olast, np.nan)
        self._tail = widen(self._tail, np.nan)

    def _close_open(self) -> None:
        i = self._n
        if i >= len(self._bn):
            self._grow()
        self._bsum[i], self._bcnt[i], self._blast[i], self._bn[i] = \
            self._osum, self._ocnt, self._olast, self._on
        self._n += 1
        self._osum = np.zeros(len(self.columns))
        self._ocnt = np.zeros(len(self.columns))
        self._olast = np.full(len(self.columns), np.nan)
        self._on = 0
        if self._n == self.capacity:
            self._halve()

    def _grow(self) -> None:
        rows = min(len(self._bn) * 2, self.capacity)

        def grown(a, fill):
            out = np.full((rows,) + a.shape[1:], fill)
            out[:len(a)] = a
            return out
        self._bsum, self._bcnt = grown(self._bsum, 0.0), grown(self._bcnt, 0.0)
        self._blast, self._bn = grown(self._blast, np.nan), grown(self._bn, 0.0)

    def _halve(self) -> None:
        """Merge neighbouring buckets pairwise: half the buckets, twice the span."""
        n, half = self._n, self._n // 2
        a, b = slice(0, 2 * half, 2), slice(1, 2 * half, 2)
        with np.errstate(invalid="ignore"):
            bsum = self._bsum[a] + self._bsum[b]
        self._blast[:half] = np.where(self._bcnt[b] > 0, self._blast[b], self._blast[a])
        self._bsum[:half] = bsum
        self._bcnt[:half] = self._bcnt[a] + self._bcnt[b]
        self._bn[:half] = self._bn[a] + self._bn[b]
        if n % 2:
            for arr in (self._bsum, self._bcnt, self._blast, self._bn):
                arr[half] = arr[n - 1]
        self._n = half + n % 2
        self.span *= 2

    # ------------------------------------------------------------ reading
    @property
    def stored_rows(self) -> int:
        """Rows held (full buckets, the open one, the raw tail): the memory bound."""
        return self._n + 1 + min(self.count, self.tail)

    @property
    def nbytes(self) -> int:
        """Bytes held by the table's arrays."""
        return sum(a.nbytes for a in (self._bsum, self._bcnt, self._blast, self._bn,
                                      self._osum, self._ocnt, self._olast, self._tail))

    def rows(self) -> EpochRows:
        """Every epoch exactly once: buckets up to the raw tail, then the raw epochs."""
        ncols = len(self.columns)
        n = self._n
        bsum, bcnt, blast, bn = self._bsum[:n], self._bcnt[:n], self._blast[:n], self._bn[:n]
        if self._on:
            bsum = np.vstack([bsum, self._osum])
            bcnt = np.vstack([bcnt, self._ocnt])
            blast = np.vstack([blast, self._olast])
            bn = np.append(bn, self._on)
        kept = min(self.count, self.tail)
        tail_start = self.count - kept
        ends = np.cumsum(bn)
        k = int(np.count_nonzero(ends - bn < tail_start))   # buckets starting before the tail
        covered = int(ends[k - 1]) if k else 0
        idx = np.arange(covered, self.count) % self.tail
        raw = self._tail[idx] if len(idx) else np.zeros((0, ncols))
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.where(bcnt[:k] > 0, bsum[:k] / np.maximum(bcnt[:k], 1), np.nan)
        return EpochRows(tuple(self.columns), np.vstack([mean, raw]),
                         np.vstack([bcnt[:k], (~np.isnan(raw)).astype(np.float64)]),
                         np.vstack([blast[:k], raw]),
                         np.concatenate([bn[:k], np.ones(len(raw))]))
