"""The history of one run: one row per epoch, as CSV, and optional weight histograms.

:class:`HistoryRecorder` is an ``on_event`` callback for :meth:`Trainer.run
<core.training.trainer.Trainer.run>` (or the GUI worker's event stream): it keeps every
epoch's losses, metrics, learning rate and time — the full history, never downsampled —
and, when the trainer puts weight and gradient snapshots into its epoch events
(``snapshots=True``), a histogram of each parameter and gradient per epoch, which the
TensorBoard export turns into histogram summaries.
"""

from __future__ import annotations

import csv
import io
import math

import numpy as np

from core.training.events import EpochEvent

#: The columns of ``history.csv`` (a metric the task does not have is left empty).
COLUMNS = ("epoch", "steps", "train_loss", "val_loss", "train_accuracy", "val_accuracy",
           "train_rmse", "val_rmse", "train_r2", "val_r2", "lr", "seconds",
           "samples_per_second")
#: Buckets of each stored histogram.
HISTOGRAM_BINS = 30


def history_row(event: EpochEvent) -> dict:
    """One epoch as a row of :data:`COLUMNS` (None where the task has no such metric)."""
    row = {"epoch": event.epoch, "steps": event.steps, "train_loss": event.train_loss,
           "val_loss": event.val_loss, "lr": event.lr, "seconds": event.seconds,
           "samples_per_second": event.samples_per_second}
    for prefix, metrics in (("train", event.train_metrics), ("val", event.val_metrics)):
        for key in ("accuracy", "rmse", "r2"):
            row[f"{prefix}_{key}"] = metrics.get(key)
    return row


class HistoryRecorder:
    """Collects a run's epochs from the trainer's events (call it with each event)."""

    def __init__(self):
        self.rows: list[dict] = []
        #: ``"weights/0.weight"`` -> list of (epoch, counts, edges, min, max, n, sum, sumsq)
        self.histograms: dict[str, list] = {}

    def __call__(self, event) -> None:
        if not isinstance(event, EpochEvent):
            return
        self.rows.append(history_row(event))
        for kind, arrays in (("weights", event.weights), ("gradients", event.gradients)):
            for name, array in arrays.items():
                self.histograms.setdefault(f"{kind}/{name}", []).append(
                    (event.epoch, *_histogram(np.asarray(array))))

    def csv_text(self) -> str:
        return history_csv(self.rows)

    def histograms_npz(self) -> bytes | None:
        """The histograms as ``.npz`` bytes (None when no epoch carried snapshots).

        Per tag ``T``: ``T|epochs`` (E,), ``T|counts`` (E, bins), ``T|edges`` (E, bins+1)
        and ``T|stats`` (E, 5): min, max, count, sum, sum of squares.
        """
        if not self.histograms:
            return None
        arrays = {}
        for tag, entries in self.histograms.items():
            arrays[f"{tag}|epochs"] = np.array([e[0] for e in entries], dtype=np.int64)
            arrays[f"{tag}|counts"] = np.stack([e[1] for e in entries])
            arrays[f"{tag}|edges"] = np.stack([e[2] for e in entries])
            arrays[f"{tag}|stats"] = np.array([e[3:] for e in entries], dtype=np.float64)
        buffer = io.BytesIO()
        np.savez(buffer, **arrays)
        return buffer.getvalue()


def _histogram(array: np.ndarray):
    values = array.astype(np.float64, copy=False).ravel()
    values = values[np.isfinite(values)]
    if values.size == 0:
        values = np.zeros(1)
    low, high = float(values.min()), float(values.max())
    if high <= low:
        high = low + 1e-12
    counts, edges = np.histogram(values, bins=HISTOGRAM_BINS, range=(low, high))
    return (counts.astype(np.float64), edges, low, high, float(values.size),
            float(values.sum()), float(np.dot(values, values)))


def history_csv(rows: list[dict]) -> str:
    """Rows of :data:`COLUMNS` as CSV text (None and non-finite numbers as empty cells)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n",
                            extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(row.get(k)) for k in COLUMNS})
    return buffer.getvalue()


def _cell(value):
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    return value


def read_history_csv(text: str) -> list[dict]:
    """The rows of a ``history.csv``: numbers as float (``epoch`` and ``steps`` as int),
    empty cells as None; unknown columns are kept as they are."""
    rows = []
    for raw in csv.DictReader(io.StringIO(text)):
        row = {}
        for key, cell in raw.items():
            if key is None:
                continue
            if cell in ("", None):
                row[key] = None
            elif key in ("epoch", "steps"):
                row[key] = int(float(cell))
            else:
                try:
                    row[key] = float(cell)
                except ValueError:
                    row[key] = cell
        rows.append(row)
    return rows
