"""Training history in bounded memory: per-iteration series, per-epoch records, CSV export.

A run of millions of iterations cannot keep every batch loss for the plots, and does
not need to: a plot 1000 pixels wide shows at most 1000 columns. :class:`DecimatedSeries`
keeps

* the last ``tail`` raw points exactly (the recent past, at full resolution), and
* all points in at most ``capacity`` buckets of ``span`` consecutive points each, with
  count, sum (hence the mean), min and max. When the buckets fill up, neighbours merge
  pairwise and ``span`` doubles, so memory stays ``O(capacity + tail)`` whatever the
  number of points, the mean of every bucket is the exact mean of the points it covers
  and ``[min, max]`` is their exact envelope.

:class:`RunHistory` holds one training run: its iteration series (loss, learning rate),
its epoch records (bounded the same way, :mod:`core.training.epoch_table`), the places where
the user changed the learning rate or the schedule, and how the run finished. The
dashboards draw from it; the user exports it as CSV (:meth:`RunHistory.snapshot` copies
the table so that formatting and writing can happen off the GUI thread).
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.errors import WorkbenchError
from core.files.atomic_write import write_text_atomic
from core.training.epoch_table import EpochRows, EpochTable


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


@dataclass(frozen=True)
class Marker:
    """A user action drawn as a vertical line on the plots (lr or schedule change)."""

    step: int
    label: str


EPOCH_COLUMNS = ("epoch", "steps", "train_loss", "val_loss", "lr", "seconds",
                 "samples_per_second")


class RunHistory:
    """Everything one training run produced that the dashboards plot, in bounded memory.

    Parameters
    ----------
    name : str
        Shown in the run list.
    capacity, tail : int
        Bounds of the per-iteration series (see :class:`DecimatedSeries`).
    epoch_capacity, epoch_tail : int
        Bounds of the per-epoch table (see :class:`core.training.epoch_table.EpochTable`):
        a run of fewer than ``epoch_capacity`` epochs is kept exactly.

    Attributes
    ----------
    loss, lr : DecimatedSeries
        Per-iteration batch loss and learning rate against the global step.
    table : EpochTable
        The per-epoch records by column: :data:`EPOCH_COLUMNS`, ``train_<metric>``,
        ``val_<metric>``, and per parameter ``grad_norm[0.weight]``, ``weight_norm[...]``,
        ``update_ratio[...]``, ``dead_fraction[...]`` (NaN where an epoch has no value).
    markers : list of Marker
    finish : FinishedEvent or None
    metric_names : list of str
        ``["accuracy"]`` or ``["rmse", "r2"]``, as the epochs report them.
    """

    def __init__(self, name: str = "run", capacity: int = 4096, tail: int = 2048,
                 epoch_capacity: int = 2048, epoch_tail: int = 512):
        self.name = name
        self.loss = DecimatedSeries(capacity, tail)
        self.lr = DecimatedSeries(capacity, tail)
        self.table = EpochTable(epoch_capacity, epoch_tail)
        self.markers: list[Marker] = []
        self.finish = None
        self.metric_names: list[str] = []
        self._rows: tuple[int, EpochRows] | None = None
        self._display: dict[int, tuple[int, EpochRows]] = {}

    @property
    def steps(self) -> int:
        """Iterations recorded."""
        return self.loss.count

    @property
    def n_epochs(self) -> int:
        """Epochs recorded (all of them, however many rows hold them)."""
        return self.table.count

    def stored_epoch_rows(self) -> int:
        """Rows the epoch table holds now (the bound benchmarks and tests watch)."""
        return self.table.stored_rows

    def add_iterations(self, events) -> None:
        """Record a batch of :class:`core.training.events.IterationEvent`."""
        if not events:
            return
        n = len(events)
        steps = np.fromiter((e.step for e in events), dtype=np.float64, count=n)
        self.loss.extend(steps, np.fromiter((e.loss for e in events), dtype=np.float64, count=n))
        self.lr.extend(steps, np.fromiter((e.lr for e in events), dtype=np.float64, count=n))

    def add_epoch(self, event) -> None:
        """Record one :class:`core.training.events.EpochEvent`."""
        record = {"epoch": event.epoch, "steps": event.steps, "train_loss": event.train_loss,
                  "val_loss": event.val_loss, "lr": event.lr, "seconds": event.seconds,
                  "samples_per_second": event.samples_per_second}
        for key in list(event.train_metrics) + list(event.val_metrics):
            if key not in self.metric_names:
                self.metric_names.append(key)
        for key in self.metric_names:
            record[f"train_{key}"] = event.train_metrics.get(key)
            record[f"val_{key}"] = event.val_metrics.get(key)
        for s in event.layer_stats:
            record[f"grad_norm[{s.name}]"] = s.grad_norm
            record[f"weight_norm[{s.name}]"] = s.weight_norm
            record[f"update_ratio[{s.name}]"] = s.update_ratio
            if s.dead_fraction is not None:
                record[f"dead_fraction[{s.name}]"] = s.dead_fraction
        self.table.add(record)

    def add_marker(self, step: int, label: str) -> None:
        self.markers.append(Marker(int(step), label))

    def columns(self) -> list[str]:
        """Names of the epoch columns recorded so far."""
        return list(self.table.columns)

    def epoch_rows(self, max_rows: int | None = None) -> EpochRows:
        """The epoch table's rows (cached until the next epoch), merged to ``max_rows``."""
        count = self.table.count
        if self._rows is None or self._rows[0] != count:
            self._rows = (count, self.table.rows())
            self._display.clear()
        rows = self._rows[1]
        if max_rows is None or len(rows) <= max_rows:
            return rows
        cached = self._display.get(max_rows)
        if cached is None:
            cached = self._display[max_rows] = (count, rows.merged(max_rows))
        return cached[1]

    def epoch_column(self, key: str, max_points: int | None = None) -> np.ndarray:
        """One epoch column as a float array, row by row (NaN where missing).

        One value per epoch while the run is shorter than the table's capacity; beyond,
        older rows are means over several epochs. With ``max_points``, at most that many
        rows (neighbours merged), for drawing. Every column has the same rows.
        """
        return self.epoch_rows(max_points).column(key)

    @property
    def epochs(self) -> list[dict]:
        """The epoch rows as dicts (for tests; None where missing)."""
        rows = self.epoch_rows()
        out = []
        for i in range(len(rows)):
            record = {}
            for j, k in enumerate(rows.columns):
                v = float(rows.last[i, j] if k in ("epoch", "steps") else rows.mean[i, j])
                record[k] = None if math.isnan(v) else v
            for k in ("epoch", "steps"):
                if record.get(k) is not None:
                    record[k] = int(record[k])
            out.append(record)
        return out

    # ------------------------------------------------------------ CSV
    def snapshot(self, kind: str = "epochs") -> CsvSnapshot:
        """Copies of what :meth:`export_csv` writes, to format in another thread."""
        if kind == "epochs":
            rows = self.epoch_rows()
            columns = [c for c in EPOCH_COLUMNS if c in rows.columns] + \
                [c for c in rows.columns if c not in EPOCH_COLUMNS]
            order = [rows.columns.index(c) for c in columns]
            values = rows.mean[:, order].copy()
            for c in ("epoch", "steps"):                # a merged row names its last epoch
                if c in columns:
                    values[:, columns.index(c)] = rows.last[:, rows.columns.index(c)]
            counts = rows.epochs.copy()
            if len(counts) and counts.max() > 1:
                columns.append("epochs_in_row")
                values = np.column_stack([values, counts])
            integer = {i for i, c in enumerate(columns)
                       if c in ("epoch", "steps", "epochs_in_row")}
            return CsvSnapshot(tuple(columns), values, frozenset(integer))
        view, counts = self.loss.rows()
        lr, _ = self.lr.rows()
        lr_mean = np.full(len(view), np.nan)
        lr_mean[:min(len(lr), len(view))] = lr.mean[:len(view)]
        values = np.column_stack([view.x, counts, view.mean, view.low, view.high, lr_mean]) \
            if len(view) else np.zeros((0, 6))
        return CsvSnapshot(("step", "iterations", "loss_mean", "loss_min", "loss_max",
                            "lr_mean"), values, frozenset({1}))

    def epochs_csv(self) -> str:
        """The epoch rows as CSV text, a header row first.

        One row per epoch while the run is shorter than the table's capacity. Longer runs
        keep their recent epochs exactly and older ones as rows averaging several epochs:
        ``epoch`` and ``steps`` are then the row's last, the other columns its means, and
        an ``epochs_in_row`` column (only then) says how many epochs it averages.
        """
        return self.snapshot("epochs").to_csv()

    def iterations_csv(self) -> str:
        """The iteration series as CSV: exact rows for the raw tail, buckets before it.

        Columns: ``step`` (the row's mean step), ``iterations`` (iterations in the row),
        ``loss_mean``, ``loss_min``, ``loss_max``, ``lr_mean``.
        """
        return self.snapshot("iterations").to_csv()

    def export_csv(self, path, kind: str = "epochs") -> None:
        """Write :meth:`epochs_csv` (``kind="epochs"``) or :meth:`iterations_csv` atomically.

        Raises
        ------
        WorkbenchError
            The file cannot be written (the message names it).
        """
        self.snapshot(kind).write(path)


@dataclass(frozen=True)
class CsvSnapshot:
    """A table copied out of a history: formatting and writing it is safe in any thread.

    Attributes
    ----------
    columns : tuple of str
    values : ndarray, shape (rows, columns)
        NaN where a cell is empty.
    integer : frozenset of int
        Column indices written as integers.
    """

    columns: tuple
    values: np.ndarray
    integer: frozenset

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.columns)
        integer = self.integer
        for row in self.values.tolist():
            writer.writerow(["" if v != v else (str(int(v)) if i in integer and
                                               math.isfinite(v) else repr(v))
                             for i, v in enumerate(row)])
        return out.getvalue()

    def write(self, path) -> None:
        """Format and write atomically; WorkbenchError naming the file if it fails."""
        write_text(path, self.to_csv())


def write_text(path, text: str) -> None:
    """Write ``text`` to ``path`` atomically; WorkbenchError naming the file if it fails."""
    try:
        write_text_atomic(Path(path), text)
    except OSError as exc:
        raise WorkbenchError(f"{path}: cannot write the file ({exc.strerror or exc}).") from None


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
