"""Preparing an IDX set holds at most two float32 copies of it at the peak (issue 13: 60,000
28×28 images must train without more than two copies; benchmarks/image_memory.py measures
the full-size case), and gives the same rows as splitting the converted set would."""

from __future__ import annotations

import tracemalloc

import numpy as np

from core.data.dataset import Standardizer, split
from core.data.idx import load_idx, write_idx
from core.data.spec import prepare


def write_pair(tmp_path, n, compress=False):
    rng = np.random.default_rng(1)
    suffix = ".gz" if compress else ""
    write_idx(tmp_path / f"img{suffix}", rng.integers(0, 256, (n, 28, 28), dtype=np.uint8),
              compress)
    write_idx(tmp_path / f"lab{suffix}", rng.integers(0, 10, n).astype(np.uint8), compress)
    return {"source": "idx", "images": str(tmp_path / f"img{suffix}"),
            "labels": str(tmp_path / f"lab{suffix}")}


def test_preparing_6000_images_peaks_below_two_float32_copies(tmp_path):
    spec = write_pair(tmp_path, 6000, compress=True)
    one_copy = 6000 * 784 * 4
    tracemalloc.start()
    try:
        prepared = prepare(spec)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert prepared.train.X.dtype == np.float32
    # the two parts are views of one array: the training rows, then the validation rows
    assert prepared.train.X.base is prepared.val.X.base is not None
    assert peak <= 2 * one_copy, f"peak {peak / one_copy:.2f} copies"  # was 7.2 before


def test_the_rows_and_statistics_are_those_of_the_plain_split(tmp_path):
    spec = write_pair(tmp_path, 500)
    prepared = prepare({**spec, "seed": 3})
    raw = load_idx(spec["images"], spec["labels"])
    wide = raw.with_inputs(raw.X.astype(np.float64))
    train, val = split(wide, 0.2, 3, stratify=True)
    assert np.array_equal(prepared.train.y, train.y) and np.array_equal(prepared.val.y, val.y)
    plain = Standardizer.fit_channels(train.X, (1, 28, 28))
    assert np.allclose(prepared.standardizer.mean, plain.mean, rtol=1e-13)
    assert np.allclose(prepared.standardizer.std, plain.std, rtol=1e-13)
    expected = ((train.X - plain.mean) / plain.std).astype(np.float32)
    assert np.allclose(prepared.train.X, expected, rtol=0, atol=2e-6)
