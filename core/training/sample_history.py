"""The distribution of one parameter over the epochs, in bounded memory (for histograms)."""

from __future__ import annotations

import numpy as np


class SampleHistory:
    """The distribution of one parameter over the epochs, in bounded memory.

    Each recorded epoch keeps ``sample`` evenly spaced order statistics of the values
    (the exact values when there are fewer), which is enough to draw a histogram.
    At most ``capacity`` epochs are kept: when full, every other one is dropped and only
    every ``stride``-th epoch is recorded from then on (``stride`` doubles), so the
    columns stay evenly spaced.

    Parameters
    ----------
    capacity : int
        Maximum number of recorded epochs (even).
    sample : int
        Order statistics kept per epoch.
    """

    def __init__(self, capacity: int = 128, sample: int = 256):
        self.capacity, self.sample = int(capacity), int(sample)
        self.stride = 1
        self._epochs: list[int] = []
        self._values: list[np.ndarray] = []

    def __len__(self) -> int:
        return len(self._epochs)

    def add(self, epoch: int, values) -> None:
        """Record the values of the parameter after ``epoch`` (0 = initial values)."""
        if epoch % self.stride:
            return
        flat = np.sort(np.asarray(values, dtype=np.float32).ravel())
        if flat.size > self.sample:
            flat = flat[np.linspace(0, flat.size - 1, self.sample).round().astype(np.int64)]
        if self._epochs and self._epochs[-1] == epoch:
            self._values[-1] = flat
            return
        self._epochs.append(int(epoch))
        self._values.append(flat)
        if len(self._epochs) >= self.capacity:
            keep = [i for i, e in enumerate(self._epochs) if e % (2 * self.stride) == 0]
            self._epochs = [self._epochs[i] for i in keep]
            self._values = [self._values[i] for i in keep]
            self.stride *= 2

    def epochs(self) -> np.ndarray:
        return np.array(self._epochs, dtype=np.float64)

    def value_range(self) -> tuple[float, float]:
        """Smallest and largest recorded value (finite ones)."""
        lo = min((float(v[np.isfinite(v)].min()) for v in self._values
                  if np.isfinite(v).any()), default=0.0)
        hi = max((float(v[np.isfinite(v)].max()) for v in self._values
                  if np.isfinite(v).any()), default=1.0)
        return (lo, hi) if hi > lo else (lo - 0.5, hi + 0.5)

    def percentiles(self, qs=(16, 50, 84)) -> np.ndarray:
        """Percentiles of each recorded epoch, shape ``(len(epochs), len(qs))``."""
        if not self._values:
            return np.zeros((0, len(qs)))
        return np.array([np.percentile(v[np.isfinite(v)], qs) if np.isfinite(v).any()
                         else np.full(len(qs), np.nan) for v in self._values])

    def density(self, bins: int = 48, value_range: tuple | None = None,
                smooth: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(epochs, edges, density)``: the distribution of each recorded epoch on common bins.

        Parameters
        ----------
        bins : int
        value_range : (lo, hi), optional
            Default: :meth:`value_range`.
        smooth : bool
            A Gaussian kernel density estimate (0.6 × Silverman's bandwidth, at least one
            bin wide) instead of a histogram, so a small layer does not look like noise.

        Returns
        -------
        density : ndarray, shape (len(epochs), bins)
            Each row sums to 1 (the share of the values per bin).
        """
        lo, hi = value_range or self.value_range()
        edges = np.linspace(lo, hi, bins + 1)
        rows = np.zeros((len(self._values), bins))
        centres = (edges[:-1] + edges[1:]) / 2
        width = edges[1] - edges[0]
        for i, v in enumerate(self._values):
            v = v[np.isfinite(v)].astype(np.float64)
            if not v.size:
                continue
            if smooth:
                h = 0.6 * 1.06 * float(v.std()) * v.size ** -0.2  # a sharper Silverman
                h = max(h, width)
                z = (centres[:, None] - v[None, :]) / h
                row = np.exp(-0.5 * z * z).sum(axis=1)
            else:
                row, _ = np.histogram(v, edges)
                row = row.astype(np.float64)
            total = row.sum()
            rows[i] = row / total if total > 0 else row
        return self.epochs(), edges, rows
