"""Bounded training history: decimation bounds, faithfulness, epoch records, CSV."""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest

from core.errors import WorkbenchError
from core.training.events import EpochEvent, IterationEvent, LayerStats
from workbench.history import DecimatedSeries, RunHistory, SampleHistory


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
    for epoch in range(0, 1000):
        h.add(epoch, rng.standard_normal(500) * (1 + epoch / 100))
        assert len(h) < 16
    epochs = h.epochs()
    assert len(set(np.diff(epochs))) == 1 and epochs[0] == 0
    _, edges, density = h.density(bins=20)
    assert density.shape == (len(epochs), 20) and np.allclose(density.sum(axis=1), 1.0)
    assert edges[0] < -3 and edges[-1] > 3
