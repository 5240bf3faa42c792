"""Streaming an uncompressed IDX file batch by batch ("stream": true) gives the very batches,
statistics and losses of the in-memory set, without holding the set in memory."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

import core.data.idx as idx
from core.data.idx import write_idx
from core.data.spec import prepare
from core.data.streamed_images import StreamedImages
from core.errors import DataError
from core.experiment import normalize
from core.training.events import EpochEvent, IterationEvent
from core.training.trainer import Trainer


def write_pair(tmp_path, n=300, h=6, w=5, compress=False, dtype=np.uint8):
    rng = np.random.default_rng(4)
    suffix = ".gz" if compress else ""
    images = rng.integers(0, 256, (n, h, w)).astype(dtype)
    images[: n // 2, :2] //= 3  # the classes differ a little: something to learn
    write_idx(tmp_path / f"img{suffix}", images, compress)
    write_idx(tmp_path / f"lab{suffix}", (np.arange(n) < n // 2).astype(np.uint8), compress)
    return {"source": "idx", "images": str(tmp_path / f"img{suffix}"),
            "labels": str(tmp_path / f"lab{suffix}")}


def test_a_streamed_set_reads_the_same_rows_and_statistics_as_the_loaded_one(tmp_path):
    spec = write_pair(tmp_path)
    loaded = prepare({**spec, "stream": False})
    streamed = prepare({**spec, "stream": True})
    assert isinstance(streamed.train.X, StreamedImages) and isinstance(loaded.train.X, np.ndarray)
    assert np.array_equal(streamed.standardizer.mean, loaded.standardizer.mean)
    assert np.array_equal(streamed.standardizer.std, loaded.standardizer.std)
    for s, m in ((streamed.train, loaded.train), (streamed.val, loaded.val)):
        assert np.array_equal(s.y, m.y) and s.X.shape == m.X.shape
        assert np.array_equal(s.X[:], m.X)  # the same float32 bits
        assert np.array_equal(s.X[[5, 2, 9]], m.X[[5, 2, 9]])
        assert np.array_equal(s.X[7], m.X[7])
    assert streamed.summary["input_shape"] == (1, 6, 5)


def cnn(spec):
    return normalize({
        "data": spec,
        "model": {"layers": [{"type": "conv2d", "filters": 3, "kernel_size": 3},
                             {"type": "relu"}, {"type": "flatten"},
                             {"type": "dense", "units": 2}, {"type": "softmax"}]},
        "loss": {"type": "cross_entropy"}, "optimizer": {"type": "adam", "lr": 0.01},
        "training": {"epochs": 2, "batch_size": 32, "seed": 0, "backend": "cpu"}})


def test_training_on_the_streamed_set_gives_exactly_the_same_losses(tmp_path):
    spec = write_pair(tmp_path)
    runs = []
    for stream in (False, True):
        trainer = Trainer(cnn({**spec, "stream": stream}), layer_stats=True)
        events = []
        trainer.run(events.append)
        runs.append(events)
    losses = [[e.loss for e in run if isinstance(e, IterationEvent)] for run in runs]
    epochs = [[(e.train_loss, e.val_loss, e.val_metrics["accuracy"]) for e in run
               if isinstance(e, EpochEvent)] for run in runs]
    assert len(losses[0]) == 2 * 8 and losses[0] == losses[1]  # 240 rows: 8 batches
    assert len(epochs[0]) == 2 and epochs[0] == epochs[1]


def test_only_an_uncompressed_file_of_integer_pixels_streams(tmp_path):
    spec = write_pair(tmp_path, compress=True)
    with pytest.raises(DataError, match=r"img\.gz: is gzip-compressed, and streaming reads an "
                                        r"uncompressed IDX file at random places; decompress "
                                        r"it first \(gunzip -k\) or set data\.stream to false"):
        prepare({**spec, "stream": True})
    assert isinstance(prepare(spec).train.X, np.ndarray)  # auto: in memory
    (tmp_path / "f").mkdir()
    floats = write_pair(tmp_path / "f", dtype=np.float32)
    with pytest.raises(DataError, match=r"img: holds float32 pixels, and streaming reads "
                                        r"integer pixels"):
        prepare({**floats, "stream": True})


def test_auto_streams_a_set_beyond_the_threshold(tmp_path, monkeypatch):
    spec = write_pair(tmp_path)
    assert isinstance(prepare(spec).train.X, np.ndarray)
    monkeypatch.setattr(idx, "STREAM_ABOVE_BYTES", 300 * 30 * 4 - 1)
    assert isinstance(prepare(spec).train.X, StreamedImages)


def test_preparing_a_streamed_set_holds_a_fraction_of_one_copy(tmp_path):
    spec = write_pair(tmp_path, n=12000, h=28, w=28)
    one_copy = 12000 * 784 * 4
    tracemalloc.start()
    try:
        prepared = prepare({**spec, "stream": True})
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(prepared.train) == 9600
    # the blocks the channel statistics are summed in (~11 MB, whatever the set's size);
    # the in-memory preparation of the same file peaks at 1.3 copies
    assert peak < 0.35 * one_copy, f"peak {peak / one_copy:.2f} copies"


def test_a_damaged_file_is_refused_before_it_is_streamed(tmp_path):
    spec = write_pair(tmp_path)
    data = (tmp_path / "img").read_bytes()
    (tmp_path / "img").write_bytes(data[:-7])
    with pytest.raises(DataError, match=r"img: ends after 8,993 of the 9,000 bytes of values "
                                        r"its header declares; the file is truncated$"):
        prepare({**spec, "stream": True})
