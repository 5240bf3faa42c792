"""Image rows read from an uncompressed IDX file batch by batch, never whole in memory.

For a set larger than memory (issue 13: the primer's 100,000 images and beyond), the IDX
images file is memory-mapped (``np.memmap`` of its pixels, in the file's type) and a
:class:`StreamedImages` stands where a data set's ``X`` array would be: ``X[a:b]``,
``X[rows]`` and ``X[i]`` read those rows from the file and convert them to float32 — and,
once the channel statistics are fitted, standardize them — exactly as the in-memory
preparation (:mod:`core.data.image_split`) converts the whole set, so both give the same
bits. The trainer gathers each batch this way (:mod:`core.training.epoch_batches`) and
evaluates the validation part in blocks.

Streaming is chosen with ``"stream": true`` in the IDX data spec, or by ``"auto"`` (the
default) when the set would take more than :data:`STREAM_ABOVE_BYTES` as float32. Only an
uncompressed file with integer pixels streams: a gzip file cannot be read at random places
(decompress it first, e.g. ``gunzip -k``), and float pixels would go unchecked for NaN.
"""

from __future__ import annotations

import numpy as np

#: With ``"stream": "auto"``, sets larger than this as float32 are streamed (1 GiB:
#: about 340,000 images of 28 × 28).
STREAM_ABOVE_BYTES = 2**30


class StreamedImages:
    """Rows ``rows`` of the memory-mapped pixels ``pixels`` (N, D), as float32 on access.

    Parameters
    ----------
    pixels : numpy.memmap, shape (N, D)
        The file's pixels in its own (integer) type.
    rows : ndarray of int, optional
        Which file rows, in which order, this set is (default: all, in file order).
    standardizer : Standardizer, optional
        Applied to every block read (:meth:`Standardizer.transform_in_place`).
    """

    #: Marks a streamed ``X`` for the trainer and the preparation.
    streamed = True
    ndim = 2
    dtype = np.dtype(np.float32)

    def __init__(self, pixels: np.ndarray, rows: np.ndarray | None = None, standardizer=None):
        self.pixels = pixels
        self.rows = np.arange(len(pixels)) if rows is None else np.asarray(rows, np.int64)
        self.standardizer = standardizer
        self.shape = (len(self.rows), int(pixels.shape[1]))

    def __len__(self) -> int:
        return self.shape[0]

    @property
    def nbytes(self) -> int:
        """Bytes held in memory (the row index; the pixels stay in the file)."""
        return int(self.rows.nbytes)

    def subset(self, rows: np.ndarray) -> StreamedImages:
        """The rows ``rows`` (indices into this set) as a streamed set of their own."""
        return StreamedImages(self.pixels, self.rows[rows], self.standardizer)

    def standardized(self, standardizer) -> StreamedImages:
        """The same rows, standardized by ``standardizer`` when read."""
        return StreamedImages(self.pixels, self.rows, standardizer)

    def __getitem__(self, key) -> np.ndarray:
        """Rows read from the file as float32: ``X[a:b]`` (N, D), ``X[rows]``, ``X[i]`` (D,)."""
        if isinstance(key, tuple):
            return self[key[0]][(slice(None),) + key[1:]]
        if isinstance(key, (int, np.integer)):
            return self[np.array([key])][0]
        out = self.pixels[self.rows[key]].astype(np.float32)
        if self.standardizer is not None:
            self.standardizer.transform_in_place(out)
        return out

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        """The whole set in memory (for a caller that needs an array; avoid on large sets)."""
        out = self[:]
        return out if dtype is None else out.astype(dtype)

    def __repr__(self) -> str:
        return f"StreamedImages({self.shape[0]} rows of {self.shape[1]} pixels)"
