"""Reading a user's NumPy ``.npz`` archive into a :class:`~core.data.dataset.Dataset`.

The archive holds an array ``X`` (N rows of inputs; (N, H, W) images are flattened and
keep their shape) and an array ``y`` (N class labels — integers or text — or N
regression targets, or an (N, k) target matrix; one-hot rows count as classes).
Optional string arrays ``feature_names`` and ``class_names`` name the columns and
classes; other arrays are skipped unread. Arrays of Python objects are refused: reading
them would unpickle, which can run arbitrary code. Sizes are checked from the zip
directory and the ``.npy`` headers before anything is unpacked (:mod:`core.files.npz_archive`):
``X`` may hold at most :data:`~core.files.read_limits.MAX_DATA_BYTES` as float64.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from core.data.dataset import Dataset, encode_target, first_non_finite
from core.errors import DataError
from core.files.npz_archive import read_npz
from core.files.read_limits import MAX_DATA_BYTES, MAX_TEXT_CHARS, open_regular, size_text

#: The members read; any other array in the archive is skipped unread.
WANTED = ("X", "y", "feature_names", "class_names")


def load_npz(path, task=None) -> Dataset:
    """Load ``X`` and ``y`` from an ``.npz`` archive (``np.savez``).

    Parameters
    ----------
    path : str or Path
    task : {"classification", "regression", "auto", None}
        None/"auto" infers it as for CSV files (text or few whole numbers: classes).

    Returns
    -------
    Dataset
        ``X`` float64 (N, D) with D = product of the per-row shape; ``y`` as in
        :func:`~core.data.dataset.encode_target`.

    Raises
    ------
    DataError
        File missing or not an ``.npz``, ``X``/``y`` missing, object arrays, wrong
        shapes, non-numeric inputs, NaN or infinite values.
    """
    if task not in (None, "auto", "classification", "regression"):
        raise ValueError(f"task must be 'classification', 'regression' or 'auto', got {task!r}")
    path = Path(path)
    arrays = _read_arrays(path)
    X, y = arrays["X"], arrays["y"]
    if X.ndim < 2 or X.shape[0] == 0:
        raise DataError(f"{path}: X has shape {X.shape}; expected one row per sample, "
                        "shape (N, features) with N ≥ 1")
    if X.dtype.kind not in "biuf":
        raise DataError(f"{path}: X has dtype {X.dtype}; expected numbers")
    if y.ndim not in (1, 2) or y.shape[0] != X.shape[0]:
        raise DataError(f"{path}: y has shape {y.shape}; expected ({X.shape[0]},) or "
                        f"({X.shape[0]}, k), one target per row of X")
    if y.dtype.kind not in "biufUS":
        raise DataError(f"{path}: y has dtype {y.dtype}; expected numbers or text labels")
    image_shape = tuple(int(s) for s in X.shape[1:]) if X.ndim == 3 else None
    X = np.asarray(X.reshape(X.shape[0], -1), dtype=np.float64)  # no copy when float64
    _check_finite(path, "X", X)
    if y.dtype.kind in "US":
        y = y.astype(str)
    else:
        if task in (None, "auto") and y.ndim == 1 and y.dtype.kind in "biu":
            task = "classification"  # an integer array holds labels
        y = y.astype(np.float64)
        _check_finite(path, "y", y.reshape(len(y), -1))
    feature_names = _names(path, arrays, "feature_names", X.shape[1])
    class_names = _names(path, arrays, "class_names", None)
    y, task, class_names = encode_target(y, task, f"{path}: y", class_names)
    names = feature_names or [f"x{i + 1}" for i in range(X.shape[1])]
    return Dataset(X, y, task, names, class_names, path.name, image_shape)


def _read_arrays(path: Path) -> dict:
    """``X``, ``y`` and the optional name arrays, every size checked before unpacking.

    Other members are skipped unread. See :mod:`core.files.npz_archive` for the checks and
    :mod:`core.files.read_limits` for the budgets.
    """
    with open_regular(path, "an .npz file", DataError) as fh:
        magic = fh.read(6)
        if not magic.startswith(b"PK"):
            if magic.startswith(b"\x93NUMPY"):
                raise DataError(f"{path}: is a single .npy array; expected an .npz archive with "
                                "arrays 'X' and 'y' (np.savez)")
            raise DataError(f"{path}: is not an .npz archive (np.savez writes a zip file); "
                            "expected arrays 'X' and 'y'")
        fh.seek(0)
        members: list[str] = []

        def wanted(name: str) -> bool:
            members.append(name)
            return name in WANTED
        arrays = read_npz(fh, str(path), DataError, budget=MAX_DATA_BYTES, wanted=wanted,
                          check_array=_array_refusal)
    for key in ("X", "y"):
        if key not in arrays:
            present = ", ".join(f"'{k}'" for k in members[:12]) or "none"
            more = f" … ({len(members)} in all)" if len(members) > 12 else ""
            raise DataError(f"{path}: has no array '{key}'; expected arrays 'X' (inputs) and "
                            f"'y' (targets), found {present}{more}")
    return arrays


def _array_refusal(name: str, shape: tuple, dtype: np.dtype) -> str | None:
    """Why an array's ``.npy`` header is refused before its data is read (None: fine)."""
    if dtype.kind in "US":
        chars = dtype.itemsize // (4 if dtype.kind == "U" else 1)
        if chars > MAX_TEXT_CHARS:
            return (f"'{name}' holds text of up to {chars:,} characters per entry; labels and "
                    f"names are at most {MAX_TEXT_CHARS}")
    if name == "X":
        values = math.prod(shape)
        if values * 8 > MAX_DATA_BYTES:
            return (f"X has shape {shape}: {values:,} values, {size_text(values * 8)} as "
                    f"float64, over the workbench's limit of {size_text(MAX_DATA_BYTES)}")
    return None


def _check_finite(path: Path, key: str, a: np.ndarray) -> None:
    bad = first_non_finite(a)
    if bad is not None:
        i, j, nan = bad
        what = "NaN" if nan else "an infinite value"
        raise DataError(f"{path}: {key} holds {what} at row {i}, column {j}; expected finite "
                        "numbers")


def _names(path: Path, arrays: dict, key: str, length: int | None) -> list[str] | None:
    if key not in arrays:
        return None
    a = arrays[key]
    if a.ndim != 1 or a.dtype.kind not in "US" or (length is not None and a.size != length):
        want = f"{length} " if length is not None else ""
        raise DataError(f"{path}: '{key}' must be a 1-D array of {want}strings, got "
                        f"shape {a.shape} dtype {a.dtype}")
    return [str(s) for s in a]
