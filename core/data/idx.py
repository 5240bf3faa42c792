"""IDX files, the format of MNIST, Fashion-MNIST and KMNIST, optionally gzip-compressed.

An IDX file is a 4-byte magic number — two zero bytes, a type code, the number of
dimensions — then one big-endian 32-bit size per dimension, then the values, big-endian,
in C order. Type codes: ``0x08`` unsigned byte, ``0x09`` signed byte, ``0x0B`` 16-bit,
``0x0C`` 32-bit integer, ``0x0D`` float32, ``0x0E`` float64. A file that starts with gzip's
magic bytes (``1f 8b``) is decompressed as it is read.

The data source ``{"source": "idx", "images": "train-images-idx3-ubyte.gz", "labels":
"train-labels-idx1-ubyte.gz"}`` pairs an images file ``(N, rows, columns)`` with a labels
file ``(N,)`` of class numbers, and gives 1 × rows × columns images (a data set whose rows
are the flattened images and whose ``input_shape`` says how to view them).

Safety: only regular files are opened; the header is checked first (magic, type, number of
dimensions, sizes) and the declared size against the memory budget
(:data:`core.files.read_limits.MAX_DATA_BYTES`, as float64) before anything is allocated;
a compressed file is decompressed in bounded chunks, never more than the header declared
plus one byte (a gzip bomb stops there); a truncated file or one with bytes beyond what its
header declares is refused. Every problem is one sentence naming the file.
"""

from __future__ import annotations

import gzip
import math
import struct
import zlib
from pathlib import Path

import numpy as np

from core.data.dataset import Dataset
from core.data.streamed_images import STREAM_ABOVE_BYTES, StreamedImages
from core.errors import DataError
from core.files.atomic_write import write_bytes_atomic
from core.files.read_limits import MAX_DATA_BYTES, open_regular, size_text
from core.progress import report

#: IDX type code -> big-endian NumPy dtype.
TYPES = {0x08: np.dtype("u1"), 0x09: np.dtype("i1"), 0x0B: np.dtype(">i2"),
         0x0C: np.dtype(">i4"), 0x0D: np.dtype(">f4"), 0x0E: np.dtype(">f8")}
GZIP_MAGIC = b"\x1f\x8b"
#: Bytes decompressed or read per call.
CHUNK = 1 << 22
#: Most classes an IDX labels file may name (labels are class numbers).
MAX_CLASSES = 1000


def read_idx(path, what: str, budget: int = MAX_DATA_BYTES) -> np.ndarray:
    """The array of the IDX file ``path`` (native byte order), checked.

    Parameters
    ----------
    path : str or Path
    what : str
        What the file should hold, for messages: ``"an IDX images file"``.
    budget : int
        Most bytes the values may take in memory as float64.

    Raises
    ------
    DataError
        Not a regular file, not IDX (bad magic, type or dimensions), larger than the
        budget, truncated, or longer than its header says.
    """
    path = Path(path)
    with open_regular(path, what, DataError) as raw:
        try:
            head = raw.read(2)
            raw.seek(0)
            stream = gzip.GzipFile(fileobj=raw) if head == GZIP_MAGIC else raw
            return _read_stream(stream, path, what, budget)
        except (OSError, EOFError, zlib.error) as exc:
            raise DataError(f"{path}: cannot be read as {what} ({exc}); the file is damaged "
                            "or not gzip-compressed IDX data") from None


def _read_header(stream, path: Path, what: str) -> tuple[tuple, np.dtype]:
    """The shape and value type an IDX header declares (the stream is left after it)."""
    magic = _exactly(stream, 4, path, "its 4-byte header")
    zero, code, ndim = magic[:2], magic[2], magic[3]
    if zero != b"\0\0" or code not in TYPES:
        raise DataError(f"{path}: is not an IDX file (its first bytes are {magic.hex(' ')}); "
                        f"expected {what}: 00 00, a type code (08 for bytes) and the number "
                        "of dimensions")
    if ndim < 1:
        raise DataError(f"{path}: the IDX header declares 0 dimensions; expected {what}")
    shape = struct.unpack(f">{ndim}I", _exactly(stream, 4 * ndim, path, "its dimension sizes"))
    return shape, TYPES[code]


def _read_stream(stream, path: Path, what: str, budget: int) -> np.ndarray:
    shape, dtype = _read_header(stream, path, what)
    count = math.prod(shape)
    if count * 8 > budget:
        raise DataError(f"{path}: declares {' × '.join(map(str, shape))} values, "
                        f"{size_text(count * 8)} as float64, more than the "
                        f"{size_text(budget)} the workbench loads")
    data = bytearray(count * dtype.itemsize)
    view, done = memoryview(data), 0
    while done < len(data):
        n = stream.readinto(view[done:done + CHUNK])
        if not n:
            raise DataError(f"{path}: ends after {done:,} of the {len(data):,} bytes of values "
                            "its header declares; the file is truncated")
        done += n
        report(done / len(data), f"Reading {path.name}")
    if stream.read(1):
        raise DataError(f"{path}: holds more bytes than its header declares "
                        f"({' × '.join(map(str, shape))} values); expected {what}")
    # bytes are read into place; only multi-byte types are swapped (a copy) to native order
    return np.frombuffer(data, dtype=dtype).reshape(shape).astype(dtype.newbyteorder("="),
                                                                  copy=False)


def is_idx(path) -> bool:
    """Whether ``path`` starts like an IDX file (after gzip decompression): two zero bytes
    and a known type code. A text file (CSV) never does. False for anything unreadable."""
    try:
        with open_regular(path, "a file", DataError) as raw:
            head = raw.read(2)
            raw.seek(0)
            stream = gzip.GzipFile(fileobj=raw) if head == GZIP_MAGIC else raw
            magic = stream.read(4)
    except (OSError, EOFError, zlib.error, DataError):
        return False
    return len(magic) == 4 and magic[:2] == b"\0\0" and magic[2] in TYPES and magic[3] >= 1


def read_idx_inputs(path, n_features: int) -> np.ndarray:
    """The images of an IDX file as network input rows ``(N, n_features)`` float64, for a
    prediction: ``(N, H, W)`` images with ``H·W == n_features`` (or rows already flat)."""
    images = read_idx(path, "an IDX images file (images × rows × columns)")
    if images.ndim < 2 or math.prod(images.shape[1:]) != n_features:
        raise DataError(f"{path}: holds an array of shape {images.shape}; expected images of "
                        f"{n_features} pixels each (the network's inputs)")
    X = images.reshape(len(images), n_features).astype(np.float64)
    if not np.isfinite(X).all():
        raise DataError(f"{path}: holds non-finite pixel values (NaN or infinity); expected "
                        "numbers")
    return X


def _exactly(stream, n: int, path: Path, part: str) -> bytes:
    data = stream.read(n)
    if len(data) != n:
        raise DataError(f"{path}: ends inside {part}; expected an IDX file")
    return data


def map_idx_images(path) -> tuple[np.ndarray, bool]:
    """The pixels of an uncompressed IDX images file as a read-only memory map
    ``(N, rows, columns)`` in the file's type, for streaming; and False instead of the map
    when the file is gzip-compressed (it cannot be read at random places).

    Raises
    ------
    DataError
        Not IDX images (see :func:`read_idx`), truncated or longer than declared.
    """
    path = Path(path)
    what = "an IDX images file (images × rows × columns)"
    with open_regular(path, what, DataError) as raw:
        if raw.read(2) == GZIP_MAGIC:
            return None, False
        raw.seek(0)
        shape, dtype = _read_header(raw, path, what)
        offset = raw.tell()
        size = raw.seek(0, 2)
    if len(shape) != 3 or 0 in shape:
        raise DataError(f"{path}: holds an array of shape {shape}; expected images × rows × "
                        "columns (3 dimensions, none empty), as in MNIST's "
                        "train-images-idx3-ubyte")
    declared, present = math.prod(shape) * dtype.itemsize, size - offset
    if present < declared:
        raise DataError(f"{path}: ends after {present:,} of the {declared:,} bytes of values its "
                        "header declares; the file is truncated")
    if present > declared:
        raise DataError(f"{path}: holds more bytes than its header declares "
                        f"({' × '.join(map(str, shape))} values); expected {what}")
    return np.memmap(path, dtype=dtype, mode="r", offset=offset, shape=shape), True


def load_idx(images_path, labels_path, stream="auto") -> Dataset:
    """The IDX image/label pair as a classification data set of 1 × H × W images, whose
    rows ``X`` keep the file's pixel type (uint8 for MNIST: see :mod:`core.data.image_split`),
    or, streamed (``stream`` True, or ``"auto"`` and a large set), are a
    :class:`~core.data.streamed_images.StreamedImages` over the memory-mapped file.

    Raises
    ------
    DataError
        Either file unreadable (see :func:`read_idx`), images not 3-D, labels not 1-D
        integers, counts that differ, or non-finite pixel values.
    """
    images = _images(images_path, stream)
    if images.ndim != 3 or 0 in images.shape:
        raise DataError(f"{images_path}: holds an array of shape {images.shape}; expected "
                        "images × rows × columns (3 dimensions, none empty), as in MNIST's "
                        "train-images-idx3-ubyte")
    labels = read_idx(labels_path, "an IDX labels file (one class number per image)")
    if labels.ndim != 1 or labels.dtype.kind not in "iu":
        raise DataError(f"{labels_path}: holds {labels.dtype} values of shape {labels.shape}; "
                        "expected one integer class number per image, as in MNIST's "
                        "train-labels-idx1-ubyte")
    if len(labels) != len(images):
        raise DataError(f"{labels_path}: holds {len(labels):,} labels but {images_path} holds "
                        f"{len(images):,} images; expected one label per image")
    values, y = np.unique(labels, return_inverse=True)
    if len(values) > MAX_CLASSES:
        raise DataError(f"{labels_path}: holds {len(values):,} different labels; expected "
                        f"class numbers of at most {MAX_CLASSES} classes")
    n, h, w = images.shape
    if images.dtype.kind == "f" and not np.isfinite(images).all():
        raise DataError(f"{images_path}: holds non-finite pixel values (NaN or infinity); "
                        "expected numbers")
    names = [f"pixel_{r}_{c}" for r in range(h) for c in range(w)]
    # the pixels stay in the file's type (uint8 for MNIST): core.data.spec.prepare converts
    # them once, straight into their place in the training or validation part
    rows = StreamedImages(images.reshape(n, h * w)) if isinstance(images, np.memmap) \
        else images.reshape(n, h * w)
    return Dataset(rows, y.astype(np.int64), "classification", names,
                   [str(int(v)) for v in values], Path(images_path).name, (h, w),
                   input_shape=(1, h, w))


def _images(path, stream) -> np.ndarray:
    """The images of ``path``: read into memory, or memory-mapped to stream them (``stream``
    True, or ``"auto"`` for a set beyond :data:`STREAM_ABOVE_BYTES` as float32)."""
    if stream is False:
        return read_idx(path, "an IDX images file (images × rows × columns)")
    try:
        mapped, can = map_idx_images(path)
    except DataError:
        if stream is True:
            raise
        mapped, can = None, False  # read_idx says what is wrong, in its own words
    if not can:
        if stream is True:
            raise DataError(f"{path}: is gzip-compressed, and streaming reads an uncompressed "
                            "IDX file at random places; decompress it first (gunzip -k) or set "
                            "data.stream to false")
        return read_idx(path, "an IDX images file (images × rows × columns)")
    if stream == "auto" and mapped.size * 4 <= STREAM_ABOVE_BYTES:
        del mapped
        return read_idx(path, "an IDX images file (images × rows × columns)")
    if mapped.dtype.kind == "f":
        raise DataError(f"{path}: holds {mapped.dtype.name} pixels, and streaming reads integer "
                        "pixels (as MNIST's bytes) only; set data.stream to false")
    return mapped


def write_idx(path, array: np.ndarray, compress: bool = False) -> None:
    """Write ``array`` as an IDX file (tests, and a user's own conversions)."""
    array = np.asarray(array)
    code = next((c for c, t in TYPES.items() if t.kind == array.dtype.kind
                 and t.itemsize == array.dtype.itemsize), None)
    if code is None:
        raise ValueError(f"IDX has no type for {array.dtype}")
    payload = bytes([0, 0, code, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape) + \
        np.ascontiguousarray(array, dtype=TYPES[code]).tobytes()
    if compress:
        payload = gzip.compress(payload, mtime=0)
    write_bytes_atomic(Path(path), payload)
