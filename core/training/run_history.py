"""The history of one training run in bounded memory: what the plots draw and the CSV holds.

:class:`RunHistory` holds one training run: its iteration series (loss, learning rate;
:class:`~core.training.decimated_series.DecimatedSeries`), its epoch records (bounded the
same way, :mod:`core.training.epoch_table`), the places where the user changed the
learning rate or the schedule, and how the run finished. The Train tab draws from it and
exports it as CSV (:meth:`RunHistory.snapshot` copies the table so that formatting and
writing can happen off the GUI thread); ``nn-workbench train`` writes its
``history.csv`` from it too (:meth:`RunHistory.epochs_csv`), so both have the same
columns.
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
from core.training.decimated_series import DecimatedSeries
from core.training.epoch_table import EpochRows, EpochTable


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
        text = self.to_csv()
        try:
            write_text_atomic(Path(path), text)
        except OSError as exc:
            raise WorkbenchError(f"{path}: cannot write the file ({exc.strerror or exc}).") \
                from None
