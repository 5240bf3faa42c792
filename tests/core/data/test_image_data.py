"""Image data: the digits as 1×8×8 images with channel-wise standardization, and IDX files
(MNIST's format, gzip optional) written here by the tests, with their hostile variants."""

from __future__ import annotations

import gzip
import struct

import numpy as np
import pytest

from core.data.bundled import load_bundled
from core.data.idx import load_idx, read_idx, write_idx
from core.data.spec import normalize_spec, prepare
from core.errors import DataError, SpecError


def test_digits_as_images_have_the_shape_1x8x8_and_flat_digits_stay_flat():
    images = prepare({"source": "digits", "as_images": True})
    flat = prepare({"source": "digits"})
    assert images.train.sample_shape == images.val.sample_shape == (1, 8, 8)
    assert flat.train.sample_shape == (64,) and flat.train.input_shape is None
    assert images.summary["input_shape"] == (1, 8, 8)
    raw = load_bundled("digits")
    # the same rows in the same split: only the standardization differs
    assert len(images.train) == len(flat.train) and np.array_equal(images.val.y, flat.val.y)
    assert raw.input_shape is None and load_bundled("digits", True).input_shape == (1, 8, 8)


def test_images_are_standardized_per_channel_from_the_training_rows():
    prepared = prepare({"source": "digits", "as_images": True})
    stats = prepared.standardizer
    assert stats.mean.shape == stats.std.shape == (64,)
    assert np.all(stats.mean == stats.mean[0]) and np.all(stats.std == stats.std[0])
    # the training rows' pixels, all of them: mean 0 and standard deviation 1 overall
    assert abs(prepared.train.X.mean()) < 1e-12
    assert prepared.train.X.std() == pytest.approx(1.0, rel=1e-12)
    # fitted on the training rows only: the validation rows are not exactly centred
    assert abs(prepared.val.X.mean()) > 1e-6
    flat = prepare({"source": "digits"}).standardizer
    assert not np.all(flat.mean == flat.mean[0])  # per feature, as before


def test_as_images_is_a_field_of_the_digits_only():
    assert normalize_spec({"source": "digits", "as_images": True})["as_images"] is True
    with pytest.raises(SpecError, match=r"data\.as_images: unknown field for iris"):
        normalize_spec({"source": "iris", "as_images": True})


def mnist_like(tmp_path, n=12, h=5, w=4, compress=False, labels=None):
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (n, h, w)).astype(np.uint8)
    labels = np.arange(n, dtype=np.uint8) % 3 if labels is None else labels
    suffix = ".gz" if compress else ""
    write_idx(tmp_path / f"images-idx3-ubyte{suffix}", images, compress)
    write_idx(tmp_path / f"labels-idx1-ubyte{suffix}", labels, compress)
    return images, labels, tmp_path / f"images-idx3-ubyte{suffix}", \
        tmp_path / f"labels-idx1-ubyte{suffix}"


@pytest.mark.parametrize("compress", [False, True], ids=["plain", "gzip"])
def test_an_idx_pair_loads_as_one_channel_images(tmp_path, compress):
    images, labels, ipath, lpath = mnist_like(tmp_path, compress=compress)
    ds = load_idx(ipath, lpath)
    assert ds.input_shape == (1, 5, 4) and ds.image_shape == (5, 4)
    assert np.array_equal(ds.X, images.reshape(12, 20).astype(np.float64))
    assert ds.class_names == ["0", "1", "2"] and np.array_equal(ds.y, labels)
    assert ds.feature_names[:2] == ["pixel_0_0", "pixel_0_1"] and ds.task == "classification"


def test_the_bytes_are_the_idx_format(tmp_path):
    write_idx(tmp_path / "a", np.array([[1, 2, 3], [4, 5, 6]], dtype=np.uint8))
    assert (tmp_path / "a").read_bytes() == bytes([0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3,
                                                   1, 2, 3, 4, 5, 6])
    write_idx(tmp_path / "b", np.array([1.5, -2.0], dtype=np.float32))
    assert read_idx(tmp_path / "b", "x").tolist() == [1.5, -2.0]
    assert (tmp_path / "b").read_bytes()[:8] == bytes([0, 0, 0x0D, 1, 0, 0, 0, 2])


def test_the_idx_source_resolves_paths_against_the_experiment_folder(tmp_path):
    mnist_like(tmp_path, n=30, compress=True)
    prepared = prepare({"source": "idx", "images": "images-idx3-ubyte.gz",
                        "labels": "labels-idx1-ubyte.gz"}, base_dir=tmp_path)
    assert prepared.train.sample_shape == (1, 5, 4)
    assert len(prepared.train) + len(prepared.val) == 30
    assert prepared.summary["path"] == str(tmp_path / "images-idx3-ubyte.gz")
    with pytest.raises(SpecError, match=r"data\.labels: missing; expected the path"):
        normalize_spec({"source": "idx", "images": "a"})


def header(code, *shape):
    return bytes([0, 0, code, len(shape)]) + struct.pack(f">{len(shape)}I", *shape)


@pytest.mark.parametrize("content, message", [
    (b"PK\x03\x04junk", r"is not an IDX file \(its first bytes are 50 4b 03 04\)"),
    (bytes([0, 0, 0x07, 1, 0, 0, 0, 1, 0]), r"is not an IDX file"),
    (bytes([0, 0, 8]), r"ends inside its 4-byte header"),
    (bytes([0, 0, 8, 2, 0, 0, 0]), r"ends inside its dimension sizes"),
    (header(8, 3, 2, 2) + bytes(5), r"ends after 5 of the 12 bytes of values its header "
                                    r"declares; the file is truncated"),
    (header(8, 1, 2, 2) + bytes(5), r"holds more bytes than its header declares"),
    (header(8, 60000, 60000, 60000), r"declares 60000 × 60000 × 60000 values, .* more than "
                                     r"the 8\.0 GiB the workbench loads"),
    (gzip.compress(header(8, 2, 2, 2) + bytes(8))[:-9], r"cannot be read as an IDX images "
                                                        r"file"),
], ids=["zip", "type", "short-magic", "short-dims", "truncated", "trailing", "budget",
        "broken-gzip"])
def test_damaged_idx_files_are_refused_with_one_sentence(tmp_path, content, message):
    (tmp_path / "images").write_bytes(content)
    write_idx(tmp_path / "labels", np.zeros(2, dtype=np.uint8))
    with pytest.raises(DataError, match=message) as info:
        load_idx(tmp_path / "images", tmp_path / "labels")
    assert str(info.value).startswith(str(tmp_path / "images") + ": ")
    assert "\n" not in str(info.value)


def test_a_gzip_bomb_stops_after_the_declared_size(tmp_path):
    """A small header followed by megabytes of zeros: reading stops one byte past it."""
    (tmp_path / "images.gz").write_bytes(gzip.compress(header(8, 1, 2, 2) + bytes(50 << 20)))
    with pytest.raises(DataError, match=r"holds more bytes than its header declares"):
        read_idx(tmp_path / "images.gz", "an IDX images file")


def test_mismatched_or_malformed_pairs_are_refused(tmp_path):
    _, _, ipath, lpath = mnist_like(tmp_path, labels=np.zeros(11, dtype=np.uint8))
    with pytest.raises(DataError, match=r"holds 11 labels but .* holds 12 images; expected "
                                        r"one label per image"):
        load_idx(ipath, lpath)
    write_idx(tmp_path / "flat", np.zeros((4, 9), dtype=np.uint8))
    with pytest.raises(DataError, match=r"holds an array of shape \(4, 9\); expected images × "
                                        r"rows × columns"):
        load_idx(tmp_path / "flat", lpath)
    write_idx(tmp_path / "float-labels", np.zeros(12, dtype=np.float32))
    with pytest.raises(DataError, match=r"expected one integer class number per image"):
        load_idx(ipath, tmp_path / "float-labels")
    with pytest.raises(DataError, match=r"is a folder, not a regular file"):
        load_idx(tmp_path, lpath)
