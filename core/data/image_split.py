"""Image rows into training and validation parts with at most one float copy in memory.

An image source (IDX, an image folder) hands over its pixels in their stored type — uint8
for MNIST, a quarter of float32's size. Instead of converting the whole set, then copying
each part out of it, then standardizing into further copies (seven float32 copies of the
set at the peak, measured by ``benchmarks/image_memory.py``), the rows are split *by
index* first (:func:`core.data.dataset.split_rows`), converted block by block straight
into one float array in their final order — training rows, then validation rows — and
standardized there in place; the two parts are views of it. The peak is that one array
plus the stored pixels.

A streamed set (:mod:`core.data.streamed_images`) is split the same way, by index, and
its parts read and standardize their rows as they are asked for.

Pixels convert to float32 when that type holds them exactly (uint8, int8, int16 and
float32 files); wider types (int32, float64, e.g. the digits) stay float64.
"""

from __future__ import annotations

import numpy as np

from core.data.dataset import Dataset, Standardizer, split_rows
from core.progress import report

#: Rows converted per block (bounds the temporary of the gather).
BLOCK_ROWS = 4096


def float_type(pixels: np.dtype) -> np.dtype:
    """The floating-point type image rows of type ``pixels`` are prepared in."""
    pixels = np.dtype(pixels)
    exact32 = (pixels.kind in "iu" and pixels.itemsize <= 2) or pixels == np.float32
    return np.dtype(np.float32 if exact32 else np.float64)


def gather_rows(source, rows: np.ndarray, out: np.ndarray, what: str = "") -> np.ndarray:
    """``out[i] = source[rows[i]]`` converted to ``out``'s type, :data:`BLOCK_ROWS` at a
    time (reporting progress with ``what``); ``source`` may be a memory map."""
    for a in range(0, len(rows), BLOCK_ROWS):
        b = min(a + BLOCK_ROWS, len(rows))
        out[a:b] = source[rows[a:b]]
        if what:
            report(b / len(rows), what)
    return out


def split_images(ds: Dataset, test_fraction: float, seed: int,
                 standardize: bool) -> tuple[Dataset, Dataset, Standardizer | None]:
    """The training and validation parts of the image set ``ds`` and their standardizer.

    Parameters
    ----------
    ds : Dataset
        Rows ``X`` (N, C·H·W) in any numeric type, ``input_shape`` set.
    test_fraction, seed : float, int
        As for :func:`core.data.dataset.split` (the same rows in the same order).
    standardize : bool
        Fit one mean and standard deviation per channel on the training rows
        (:meth:`Standardizer.fit_channels`) and apply them to both parts, in place.

    Returns
    -------
    train, val : Dataset
        Views of one float array (see :func:`float_type`).
    standardizer : Standardizer or None
    """
    train_rows, val_rows = split_rows(ds, test_fraction, seed, stratify=True)
    if getattr(ds.X, "streamed", False):  # read from the file batch by batch
        train_x, val_x = ds.X.subset(train_rows), ds.X.subset(val_rows)
        standardizer = None
        if standardize:
            report(1.0, "Standardizing")
            standardizer = Standardizer.fit_channels(train_x, ds.input_shape,
                                                     ds.feature_names, ds.name)
            train_x, val_x = train_x.standardized(standardizer), val_x.standardized(standardizer)
        return _part(ds, train_rows, train_x), _part(ds, val_rows, val_x), standardizer
    n_train = len(train_rows)
    X = np.empty(ds.X.shape, dtype=float_type(ds.X.dtype))
    gather_rows(ds.X, np.concatenate([train_rows, val_rows]), X,
                f"Converting the images of {ds.name}")
    standardizer = None
    if standardize:
        report(1.0, "Standardizing")
        standardizer = Standardizer.fit_channels(X[:n_train], ds.input_shape,
                                                 ds.feature_names, ds.name)
        for a in range(0, len(X), BLOCK_ROWS):
            standardizer.transform_in_place(X[a:a + BLOCK_ROWS])

    return _part(ds, train_rows, X[:n_train]), _part(ds, val_rows, X[n_train:]), standardizer


def _part(ds: Dataset, rows: np.ndarray, inputs: np.ndarray) -> Dataset:
    return Dataset(inputs, ds.y[rows], ds.task, list(ds.feature_names),
                   None if ds.class_names is None else list(ds.class_names), ds.name,
                   ds.image_shape, input_shape=ds.input_shape)
