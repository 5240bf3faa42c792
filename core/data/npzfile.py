"""Reading a user's NumPy ``.npz`` archive into a :class:`~core.data.dataset.Dataset`.

The archive holds an array ``X`` (N rows of inputs; (N, H, W) images are flattened and
keep their shape) and an array ``y`` (N class labels — integers or text — or N
regression targets, or an (N, k) target matrix; one-hot rows count as classes).
Optional string arrays ``feature_names`` and ``class_names`` name the columns and
classes. Arrays of Python objects are refused: reading them would unpickle, which can
run arbitrary code.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np

from core.data.dataset import Dataset, encode_target
from core.errors import DataError


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
    for key in ("X", "y"):
        if key not in arrays:
            present = ", ".join(f"'{k}'" for k in arrays) or "none"
            raise DataError(f"{path}: has no array '{key}'; expected arrays 'X' (inputs) and "
                            f"'y' (targets), found {present}")
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
    X = X.reshape(X.shape[0], -1).astype(np.float64)
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
    try:
        with open(path, "rb") as fh:
            magic = fh.read(6)
    except (OSError, ValueError):
        magic = b"PK"  # let np.load report it
    if not magic.startswith(b"PK"):
        if magic.startswith(b"\x93NUMPY"):
            raise DataError(f"{path}: is a single .npy array; expected an .npz archive with "
                            "arrays 'X' and 'y' (np.savez)")
        raise DataError(f"{path}: is not an .npz archive (np.savez writes a zip file); "
                        "expected arrays 'X' and 'y'")
    try:
        archive = np.load(path, allow_pickle=False)
    except FileNotFoundError:
        raise DataError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise DataError(f"{path}: is a folder, expected an .npz file") from None
    except PermissionError:
        raise DataError(f"{path}: cannot be read (permission denied)") from None
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as exc:
        if "pickle" in str(exc):
            raise DataError(f"{path}: holds pickled Python objects, which are refused because "
                            "loading them could run code; expected an .npz archive") from None
        raise DataError(f"{path}: is not a readable .npz archive ({exc})") from None
    out = {}
    with archive:
        for key in archive.files:
            try:
                out[key] = archive[key]
            except ValueError as exc:
                if "pickle" in str(exc) or "Object arrays" in str(exc):
                    raise DataError(f"{path}: array '{key}' holds Python objects, which are "
                                    "refused because loading them could run code; save numeric "
                                    "or string arrays instead") from None
                raise DataError(f"{path}: array '{key}' cannot be read ({exc})") from None
            except (OSError, EOFError, zipfile.BadZipFile) as exc:
                raise DataError(f"{path}: array '{key}' cannot be read ({exc})") from None
    return out


def _check_finite(path: Path, key: str, a: np.ndarray) -> None:
    bad = ~np.isfinite(a)
    if bad.any():
        i, j = (int(v) for v in np.argwhere(bad)[0])
        what = "NaN" if np.isnan(a[i, j]) else "an infinite value"
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
