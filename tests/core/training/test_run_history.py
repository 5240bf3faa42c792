"""Bounded training history: decimation bounds, faithfulness, epoch records, CSV."""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest

from core.errors import WorkbenchError
from core.training.decimated_series import DecimatedSeries
from core.training.events import EpochEvent, IterationEvent, LayerStats
from core.training.run_history import RunHistory
from core.training.sample_history import SampleHistory


def test_two_million_points_stay_within_the_bound():
    series = DecimatedSeries(capacity=1024, tail=512)
    rng = np.random.default_rng(0)
    total, chunk = 2_000_000, 997  # odd chunks: buckets fill across calls
    running_sum, lo, hi = 0.0, np.inf, -np.inf
    bound = series.capacity + series.tail + 1
    for start in range(0, total, chunk):
        n = min(chunk, total - start)
        values = rng.standard_normal(n) * 0.1 + np.linspace(2, 1, n)
        series.extend(np.arange(start + 1, start + n + 1), values)
        running_sum += values.sum()
        lo, hi = min(lo, values.min()), max(hi, values.max())
        assert series.stored <= bound
    assert series.count == total
    rows, counts = series.rows()
    assert len(rows) <= bound
    assert counts.sum() == total                         # every point counted exactly once
    assert np.sum(rows.mean * counts) / total == pytest.approx(running_sum / total, rel=1e-9)
    assert rows.low.min() == lo and rows.high.max() == hi  # the envelope is exact
    view = series.view(max_points=1500)
    assert len(view) <= 1500
    assert view.low.min() == lo and view.high.max() == hi
    assert np.all(np.diff(view.x) > 0)


def test_buckets_hold_exact_mean_min_max_of_their_points():
    series = DecimatedSeries(capacity=8, tail=4)
    values = np.random.default_rng(1).standard_normal(1000)
    for i, v in enumerate(values):
        series.append(i, v)
    rows, counts = series.rows()
    start = 0
    for mean, low, high, n in zip(rows.mean, rows.low, rows.high, counts.astype(int)):
        chunk = values[start:start + n]
        assert mean == pytest.approx(chunk.mean(), abs=1e-12)
        assert low == chunk.min() and high == chunk.max()
        start += n
    assert start == len(values)
    # the most recent points are raw
    tx, tv = series.raw_tail()
    assert np.array_equal(tv, values[-4:]) and np.array_equal(tx, np.arange(996, 1000))
    assert series.last() == values[-1]


def test_append_and_extend_agree():
    values = np.random.default_rng(2).standard_normal(5001)
    a, b = DecimatedSeries(16, 8), DecimatedSeries(16, 8)
    for i, v in enumerate(values):
        a.append(i, v)
    for part in np.array_split(np.arange(len(values)), 37):
        b.extend(part, values[part])
    ra, ca = a.rows()
    rb, cb = b.rows()
    assert np.array_equal(ca, cb)
    assert np.allclose(ra.mean, rb.mean) and np.array_equal(ra.low, rb.low)


def test_empty_series_views_are_empty():
    series = DecimatedSeries()
    assert len(series.view()) == 0 and series.last() is None
    with pytest.raises(ValueError):
        DecimatedSeries(capacity=5)


def _epoch(epoch, steps, loss, acc, val_acc=None):
    stats = (LayerStats(0, "0.weight", 0.5, 2.0, 1e-3, 0.25), LayerStats(0, "0.bias", 0.1, 0.3,
                                                                        1e-3, None))
    return EpochEvent(epoch, steps, loss, loss * 1.1, {"accuracy": acc},
                      {"accuracy": val_acc} if val_acc is not None else {}, 0.01, 0.2, 1000.0,
                      stats)


def test_run_history_epochs_columns_and_csv(tmp_path):
    h = RunHistory("adam lr=0.01 #1")
    h.add_iterations([IterationEvent(1, i + 1, i + 1, 1.0 / (i + 1), 0.01, 32)
                      for i in range(30)])
    h.add_epoch(_epoch(1, 15, 0.9, 0.5))
    h.add_epoch(_epoch(2, 30, 0.7, 0.6, 0.55))
    assert h.steps == 30 and h.n_epochs == 2
    assert np.array_equal(h.epoch_column("steps"), [15, 30])
    assert np.isnan(h.epoch_column("val_accuracy")[0]) and h.epoch_column("val_accuracy")[1] == 0.55
    assert np.all(np.isnan(h.epoch_column("no such column")))
    assert h.epochs[1]["grad_norm[0.weight]"] == 0.5 and h.epochs[0]["val_accuracy"] is None
    rows = list(csv.DictReader(io.StringIO(h.epochs_csv())))
    assert [r["epoch"] for r in rows] == ["1", "2"]
    assert float(rows[1]["train_loss"]) == 0.7 and rows[0]["val_accuracy"] == ""
    assert "dead_fraction[0.weight]" in rows[0]
    path = tmp_path / "iterations.csv"
    h.export_csv(path, "iterations")
    rows = list(csv.DictReader(path.open()))
    assert sum(int(r["iterations"]) for r in rows) == 30
    assert float(rows[0]["loss_mean"]) == 1.0 and float(rows[-1]["lr_mean"]) == 0.01


def test_csv_to_an_unwritable_place_names_the_file(tmp_path):
    h = RunHistory()
    target = tmp_path / "missing" / "history.csv"
    with pytest.raises(WorkbenchError, match="history.csv"):
        h.export_csv(target)


def test_sample_history_is_bounded_and_evenly_spaced():
    h = SampleHistory(capacity=16, sample=64)
    rng = np.random.default_rng(3)
    for epoch in range(1000):
        h.add(epoch, rng.standard_normal(500) * (1 + epoch / 100))
        assert len(h) < 16
    epochs = h.epochs()
    assert len(set(np.diff(epochs))) == 1 and epochs[0] == 0
    _, edges, density = h.density(bins=20)
    assert density.shape == (len(epochs), 20) and np.allclose(density.sum(axis=1), 1.0)
    assert edges[0] < -3 and edges[-1] > 3


# ---------------------------------------------------------------- per-epoch records, bounded

def _record(epoch, rng):
    """A record like an epoch's: 31 columns, validation values on even epochs only."""
    record = {"epoch": epoch, "steps": epoch * 3, "train_loss": 1.0 / epoch + rng.random(),
              "val_loss": (2.0 / epoch) if epoch % 2 == 0 else None}
    for i in range(27):
        record[f"grad_norm[{i}.weight]"] = rng.random() * (i + 1)
    return record


def test_the_epoch_table_stays_within_its_bound_and_keeps_exact_means():
    from core.training.epoch_table import EpochTable
    capacity, tail, epochs, columns = 256, 64, 100_000, 31
    table = EpochTable(capacity, tail)
    rng = np.random.default_rng(4)
    total_loss, val = 0.0, []
    bound_bytes = 8 * columns * (3 * capacity + 3 + tail) + 8 * capacity
    for epoch in range(1, epochs + 1):
        record = _record(epoch, rng)
        total_loss += record["train_loss"]
        if record["val_loss"] is not None:
            val.append(record["val_loss"])
        table.add(record)
        if epoch % 997 == 0:
            assert table.stored_rows <= capacity + 1 + tail
            assert table.nbytes <= bound_bytes
    assert table.count == epochs and len(table.columns) == columns
    assert table.stored_rows <= capacity + 1 + tail and table.nbytes <= bound_bytes
    rows = table.rows()
    assert len(rows) <= capacity + tail and rows.epochs.sum() == epochs  # every epoch once
    loss = rows.columns.index("train_loss")
    assert np.sum(rows.mean[:, loss] * rows.weight[:, loss]) == pytest.approx(total_loss,
                                                                             rel=1e-12)
    v = rows.columns.index("val_loss")
    assert rows.weight[:, v].sum() == len(val)                  # missing values not counted
    assert np.nansum(rows.mean[:, v] * rows.weight[:, v]) == pytest.approx(sum(val), rel=1e-12)
    assert rows.last[-1, rows.columns.index("epoch")] == epochs
    shown = rows.merged(500)
    assert len(shown) <= 500 and shown.epochs.sum() == epochs
    assert np.all(np.diff(shown.column("epoch")) > 0)


def test_a_short_run_is_kept_exactly():
    from core.training.epoch_table import EpochTable
    table = EpochTable(capacity=64, tail=16)
    rng = np.random.default_rng(5)
    records = [_record(e, rng) for e in range(1, 64)]   # one fewer than the capacity
    for r in records:
        table.add(r)
    rows = table.rows()
    assert len(rows) == 63 and np.all(rows.epochs == 1)
    assert np.array_equal(rows.column("epoch"), np.arange(1, 64))
    assert np.array_equal(rows.column("train_loss"), [r["train_loss"] for r in records])
    assert np.isnan(rows.column("val_loss")[0]) and rows.column("val_loss")[1] == 1.0


def test_run_history_epochs_are_bounded_and_export_says_how_rows_merge(tmp_path):
    h = RunHistory("long", epoch_capacity=128, epoch_tail=32)
    for epoch in range(1, 20_001):
        h.add_epoch(_epoch(epoch, epoch * 15, 1.0 / epoch, 0.5, 0.4))
    assert h.n_epochs == 20_000 and h.stored_epoch_rows() <= 128 + 1 + 32
    assert len(h.epoch_column("train_loss")) <= 128 + 32
    assert len(h.epoch_column("train_loss", max_points=50)) <= 50
    path = tmp_path / "epochs.csv"
    h.export_csv(path, "epochs")
    rows = list(csv.DictReader(path.open()))
    assert len(rows) <= 128 + 32
    assert sum(int(r["epochs_in_row"]) for r in rows) == 20_000
    assert rows[-1]["epoch"] == "20000" and rows[-1]["steps"] == "300000"
    assert rows[-1]["epochs_in_row"] == "1"                       # the recent past is exact
    first = rows[0]
    n = int(first["epochs_in_row"])
    assert first["epoch"] == str(n)                               # a merged row: its last epoch
    assert float(first["train_loss"]) == pytest.approx(np.mean(1.0 / np.arange(1, n + 1)))


def test_snapshots_are_copies_that_format_later(tmp_path):
    h = RunHistory()
    h.add_epoch(_epoch(1, 15, 0.9, 0.5))
    snap = h.snapshot("epochs")
    h.add_epoch(_epoch(2, 30, 0.7, 0.6))                        # after the copy: not in it
    text = snap.to_csv().splitlines()
    assert len(text) == 2 and text[1].startswith("1,15,0.9,")
    assert "epochs_in_row" not in text[0]
