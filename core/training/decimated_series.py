"""A series of points in bounded memory, exact where it matters for a plot.

A run of millions of iterations cannot keep every batch loss for the plots, and does
not need to: a plot 1000 pixels wide shows at most 1000 columns. :class:`DecimatedSeries`
keeps

* the last ``tail`` raw points exactly (the recent past, at full resolution), and
* all points in at most ``capacity`` buckets of ``span`` consecutive points each, with
  count, sum (hence the mean), min and max. When the buckets fill up, neighbours merge
  pairwise and ``span`` doubles, so memory stays ``O(capacity + tail)`` whatever the
  number of points, the mean of every bucket is the exact mean of the points it covers
  and ``[min, max]`` is their exact envelope.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class SeriesView:
    """Points ready to draw: bucket centres with the mean and the min/max envelope.

    All arrays have the same length; where a point is raw, ``low == mean == high``.
    """

    x: np.ndarray
    mean: np.ndarray
    low: np.ndarray
    high: np.ndarray

    def __len__(self) -> int:
        return len(self.x)


class DecimatedSeries:
    """A series of ``(x, value)`` points in bounded memory (see the module docstring).

    Parameters
    ----------
    capacity : int
        Maximum number of buckets (even, >= 4). Memory: 5 floats per bucket.
    tail : int
        Number of most recent raw points kept exactly.
    """

    def __init__(self, capacity: int = 4096, tail: int = 2048):
        if capacity < 4 or capacity % 2:
            raise ValueError("capacity: expected an even number >= 4")
        self.capacity, self.tail = int(capacity), int(tail)
        self.span = 1              # raw points per full bucket
        self.count = 0             # points appended so far
        self._n = 0                # full buckets stored
        self._bx = np.zeros(capacity)      # sum of x in the bucket
        self._bn = np.zeros(capacity)      # points in the bucket
        self._bs = np.zeros(capacity)      # sum of values
        self._blo = np.zeros(capacity)
        self._bhi = np.zeros(capacity)
        self._open = [0.0, 0, 0.0, math.inf, -math.inf]  # the bucket being filled
        self._tx = np.zeros(max(tail, 1))  # ring buffer of raw points
        self._tv = np.zeros(max(tail, 1))

    # ------------------------------------------------------------ appending
    def append(self, x: float, value: float) -> None:
        """Add one point."""
        x, value = float(x), float(value)
        if self.tail > 0:
            slot = self.count % self.tail
            self._tx[slot] = x
            self._tv[slot] = value
        self.count += 1
        o = self._open
        o[0] += x
        o[1] += 1
        o[2] += value
        if value < o[3]:
            o[3] = value
        if value > o[4]:
            o[4] = value
        if o[1] >= self.span:
            self._close_open()

    def extend(self, xs, values) -> None:
        """Add many points at once (vectorized; the worker delivers them in batches).

        Parameters
        ----------
        xs, values : array_like, shape (n,)
        """
        xs = np.asarray(xs, dtype=np.float64).ravel()
        values = np.asarray(values, dtype=np.float64).ravel()
        if xs.shape != values.shape:
            raise ValueError("xs and values: expected the same length")
        if not len(xs):
            return
        self._extend_tail(xs, values)
        self.count += len(xs)
        pos = 0
        while pos < len(xs):
            o = self._open
            if o[1] == 0:
                whole = (len(xs) - pos) // self.span
                if whole:  # whole buckets straight from the input, vectorized
                    k = min(whole, self.capacity - self._n)
                    seg_x = xs[pos:pos + k * self.span].reshape(k, self.span)
                    seg_v = values[pos:pos + k * self.span].reshape(k, self.span)
                    sl = slice(self._n, self._n + k)
                    self._bx[sl] = seg_x.sum(axis=1)
                    self._bn[sl] = self.span
                    self._bs[sl] = seg_v.sum(axis=1)
                    self._blo[sl] = seg_v.min(axis=1)
                    self._bhi[sl] = seg_v.max(axis=1)
                    self._n += k
                    pos += k * self.span
                    if self._n == self.capacity:
                        self._halve()
                    continue
            take = min(self.span - o[1], len(xs) - pos)
            seg_x, seg_v = xs[pos:pos + take], values[pos:pos + take]
            o[0] += float(seg_x.sum())
            o[1] += take
            o[2] += float(seg_v.sum())
            o[3] = min(o[3], float(seg_v.min()))
            o[4] = max(o[4], float(seg_v.max()))
            pos += take
            if o[1] >= self.span:
                self._close_open()

    def _close_open(self) -> None:
        o = self._open
        i = self._n
        self._bx[i], self._bn[i], self._bs[i], self._blo[i], self._bhi[i] = o
        self._n += 1
        self._open = [0.0, 0, 0.0, math.inf, -math.inf]
        if self._n == self.capacity:
            self._halve()

    def _halve(self) -> None:
        """Merge neighbouring buckets pairwise: half the buckets, twice the span."""
        n = self._n
        half = n // 2
        for arr, op in ((self._bx, np.add), (self._bn, np.add), (self._bs, np.add),
                        (self._blo, np.minimum), (self._bhi, np.maximum)):
            merged = op(arr[0:2 * half:2], arr[1:2 * half:2])
            arr[:half] = merged
            if n % 2:
                arr[half] = arr[n - 1]
        self._n = half + n % 2
        self.span *= 2
        # an open bucket that now falls short of the new span simply keeps filling

    def _extend_tail(self, xs, values) -> None:
        """Store the raw points in the ring buffer: global point g sits in slot g % tail."""
        t = self.tail
        if t <= 0:
            return
        m = min(len(xs), t)
        idx = (self.count + len(xs) - m + np.arange(m)) % t
        self._tx[idx] = xs[-m:]
        self._tv[idx] = values[-m:]

    # ------------------------------------------------------------ reading
    @property
    def stored(self) -> int:
        """Number of stored numbers' rows (buckets + raw tail): the memory bound."""
        return self._n + 1 + min(self.count, self.tail)

    def raw_tail(self) -> tuple[np.ndarray, np.ndarray]:
        """The most recent raw points ``(x, value)``, oldest first."""
        n = min(self.count, self.tail)
        if n == 0:
            return np.zeros(0), np.zeros(0)
        end = self.count % self.tail
        idx = (end - n + np.arange(n)) % self.tail
        return self._tx[idx].copy(), self._tv[idx].copy()

    def buckets(self) -> SeriesView:
        """Every point so far as buckets (the open one included), oldest first."""
        n = self._n
        bn = self._bn[:n]
        xs, means = self._bx[:n] / np.maximum(bn, 1), self._bs[:n] / np.maximum(bn, 1)
        lo, hi = self._blo[:n].copy(), self._bhi[:n].copy()
        o = self._open
        if o[1]:
            xs = np.append(xs, o[0] / o[1])
            means = np.append(means, o[2] / o[1])
            lo = np.append(lo, o[3])
            hi = np.append(hi, o[4])
        return SeriesView(xs, means, lo, hi)

    def bucket_counts(self) -> np.ndarray:
        """Points per bucket (same order as :meth:`buckets`)."""
        counts = self._bn[:self._n].copy()
        return np.append(counts, self._open[1]) if self._open[1] else counts

    def view(self, max_points: int = 2000) -> SeriesView:
        """At most ``max_points`` points covering the whole series for a plot.

        Old points come from the buckets, recent ones from the raw tail; when that is
        still too many, neighbours are merged again (mean weighted by count, min of mins,
        max of maxes), so the envelope stays exact.
        """
        if self.count == 0:
            e = np.zeros(0)
            return SeriesView(e, e, e, e)
        x, mean, lo, hi, w = self._rows()
        if len(x) <= max_points:
            return SeriesView(x, mean, lo, hi)
        group = math.ceil(len(x) / max_points)
        pad = (-len(x)) % group
        if pad:
            x = np.concatenate([x, np.repeat(x[-1], pad)])
            mean = np.concatenate([mean, np.repeat(mean[-1], pad)])
            lo = np.concatenate([lo, np.repeat(lo[-1], pad)])
            hi = np.concatenate([hi, np.repeat(hi[-1], pad)])
            w = np.concatenate([w, np.zeros(pad)])
        w2 = w.reshape(-1, group)
        total = np.maximum(w2.sum(axis=1), 1e-300)
        return SeriesView((x * w).reshape(-1, group).sum(axis=1) / total,
                          (mean * w).reshape(-1, group).sum(axis=1) / total,
                          lo.reshape(-1, group).min(axis=1), hi.reshape(-1, group).max(axis=1))

    def _rows(self):
        """Buckets up to the raw tail, then the raw points after them: every point once."""
        b = self.buckets()
        counts = self.bucket_counts()
        tx, tv = self.raw_tail()
        tail_start = self.count - len(tx)
        ends = np.cumsum(counts)
        k = int(np.count_nonzero(ends - counts < tail_start))  # buckets starting before the tail
        covered = int(ends[k - 1]) if k else 0
        skip = covered - tail_start
        tx, tv = tx[skip:], tv[skip:]
        return (np.concatenate([b.x[:k], tx]), np.concatenate([b.mean[:k], tv]),
                np.concatenate([b.low[:k], tv]), np.concatenate([b.high[:k], tv]),
                np.concatenate([counts[:k], np.ones(len(tx))]))

    def rows(self) -> tuple[SeriesView, np.ndarray]:
        """Every point exactly once at the best resolution kept, and the count per row."""
        x, mean, lo, hi, w = self._rows()
        return SeriesView(x, mean, lo, hi), w

    def last(self) -> float | None:
        """The most recent value, or None when empty."""
        if self.count == 0 or self.tail <= 0:
            return None
        return float(self._tv[(self.count - 1) % self.tail])
