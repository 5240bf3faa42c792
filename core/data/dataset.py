"""The in-memory data set, its train/validation split, and input standardization.

A :class:`Dataset` is a plain pair of host NumPy arrays (inputs ``X``, targets ``y``)
with the names a user sees (feature names, class names). The training set teaches the
weights; the validation set, held out from training, shows how well the network
generalizes. Standardization, ``x' = (x - mean) / std`` per feature, is fitted on the
training part only, so that nothing about the validation rows leaks into training.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from core.data.numtext import is_number
from core.errors import DataError

TASKS = ("classification", "regression")
#: Values read per block when fitting a channel-wise standardization (4 MiB as float64).
FIT_BLOCK_VALUES = 1 << 19


@dataclass(eq=False)
class Dataset:
    """Inputs, targets and their names.

    Attributes
    ----------
    X : ndarray, float64, shape (N, D)
        One row per sample, one column per feature. Image sets: the stored pixels (e.g.
        uint8) as a source loads them, float32 once prepared (:mod:`core.data.image_split`),
        or a :class:`~core.data.streamed_images.StreamedImages` read from a file on demand.
    y : ndarray
        Classification: int64, shape (N,), class indices ``0 .. k-1``.
        Regression: float64, shape (N,) or (N, k).
    task : str
        ``"classification"`` or ``"regression"``.
    feature_names : list of str
        D names, one per column of ``X``.
    class_names : list of str or None
        k names, one per class (classification only).
    name : str
        What the user calls it: the source name or the file name.
    image_shape : tuple of int or None
        ``(height, width)`` when each row is a flattened image (e.g. digits, 8 × 8).
    table : RawTable or None
        Set while ``X`` holds a table's raw columns (numbers with NaN gaps, category codes)
        that :func:`core.data.spec.prepare` still has to encode
        (:mod:`core.data.table_encoding`); None once ``X`` is network inputs.
    columns : list of dict or None
        A file's columns as the Data panel lists them (name, role, missing share, range …).
    input_shape : tuple of int or None
        ``(channels, height, width)`` when the network is to see each row as an image
        (the rows are C-ordered flattened images); None for flat feature vectors.
    """

    X: np.ndarray
    y: np.ndarray
    task: str
    feature_names: list[str]
    class_names: list[str] | None
    name: str
    image_shape: tuple[int, int] | None = None
    table: object = None
    columns: list | None = None
    input_shape: tuple[int, int, int] | None = None

    def __post_init__(self):
        if self.task not in TASKS:
            raise ValueError(f"task must be one of {TASKS}, got {self.task!r}")
        if self.X.ndim != 2 or len(self.y) != len(self.X):
            raise ValueError(f"X must be (N, D) and y must have N rows; got X {self.X.shape}, "
                             f"y {self.y.shape}")
        if len(self.feature_names) != self.X.shape[1]:
            raise ValueError("one feature name per column of X is required")
        if self.task == "classification" and self.class_names is None:
            raise ValueError("a classification data set needs class names")
        if self.input_shape is not None and math.prod(self.input_shape) != self.X.shape[1]:
            raise ValueError(f"input_shape {self.input_shape} does not fit rows of "
                             f"{self.X.shape[1]} values")

    @property
    def sample_shape(self) -> tuple[int, ...]:
        """What the network sees per row: ``input_shape``, else ``(n_features,)``."""
        return tuple(self.input_shape) if self.input_shape is not None else (self.n_features,)

    @property
    def n_classes(self) -> int:
        """Number of classes k (0 for regression)."""
        return len(self.class_names) if self.task == "classification" else 0

    @property
    def n_features(self) -> int:
        return int(self.X.shape[1])

    @property
    def n_outputs(self) -> int:
        """Width of the network's output: k classes, or the number of regression targets."""
        if self.task == "classification":
            return self.n_classes
        return int(self.y.shape[1]) if self.y.ndim == 2 else 1

    def __len__(self) -> int:
        return int(self.X.shape[0])

    def __repr__(self) -> str:
        extra = f", classes={self.n_classes}" if self.task == "classification" else ""
        return (f"Dataset(name={self.name!r}, rows={len(self)}, features={self.n_features}, "
                f"task={self.task!r}{extra})")

    def take(self, rows: np.ndarray) -> Dataset:
        """A new data set made of the given rows (an index array), same names."""
        return Dataset(self.X[rows], self.y[rows], self.task, list(self.feature_names),
                       None if self.class_names is None else list(self.class_names),
                       self.name, self.image_shape, self.table, self.columns,
                       input_shape=self.input_shape)

    def with_inputs(self, X: np.ndarray, feature_names: list[str] | None = None) -> Dataset:
        """The same data set with the inputs replaced (e.g. standardized, or a raw table
        encoded: then with its ``feature_names``, and no longer a raw table)."""
        names = list(self.feature_names) if feature_names is None else list(feature_names)
        return Dataset(X, self.y, self.task, names,
                       None if self.class_names is None else list(self.class_names),
                       self.name, self.image_shape, None if feature_names else self.table,
                       self.columns, input_shape=self.input_shape)


@dataclass(eq=False)
class Standardizer:
    """Per-feature standardization ``x' = (x - mean) / std``, fitted on training rows.

    Attributes
    ----------
    mean, std : ndarray, float64, shape (D,)
        Training-set mean and (population) standard deviation of each feature; a
        constant feature gets std 1 so that it maps to 0 instead of dividing by zero.
    encoding : TableEncoding or None
        How a table's raw columns became these D features (applied before), if they did.
    """

    mean: np.ndarray
    std: np.ndarray
    encoding: object = None

    #: Largest magnitude a value may have to be standardized: the squared deviations of
    #: up to 10⁷ such values still sum to a finite float64.
    MAX_MAGNITUDE = 1e150

    @classmethod
    def fit(cls, X: np.ndarray, feature_names: list[str] | None = None,
            source: str = "data") -> Standardizer:
        """Fit on ``X`` of shape (N, D), N ≥ 1.

        Raises
        ------
        DataError
            A value is NaN or too large to standardize (see :meth:`check_range`).
        """
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or len(X) == 0:
            raise ValueError(f"Standardizer.fit needs a non-empty (N, D) array, got {X.shape}")
        cls.check_range(X, feature_names, source)
        with np.errstate(over="ignore", invalid="ignore"):
            mean = X.mean(axis=0)
            std = X.std(axis=0)
        bad = np.flatnonzero(~(np.isfinite(mean) & np.isfinite(std)))
        if bad.size:  # only with more than ~10⁷ rows of values near MAX_MAGNITUDE
            cls._refuse(X, int(bad[0]), feature_names, source)
        constant = (std == 0) | (std <= 1e-12 * np.abs(mean))  # rounding noise of a constant
        std[constant] = 1.0
        return cls(mean, std)

    @classmethod
    def check_range(cls, X: np.ndarray, feature_names: list[str] | None = None,
                    source: str = "data") -> None:
        """:class:`DataError` naming the first column (``feature_names[j]``, else ``#j``)
        that holds a NaN or a value beyond ±:attr:`MAX_MAGNITUDE`, and that value.

        Per-column ``min`` and ``max`` only: no temporary copy of ``X``.
        """
        if X.size == 0:
            return
        with np.errstate(invalid="ignore"):
            low = X.min(axis=0).astype(np.float64)  # float32 cannot hold 1e150
            high = X.max(axis=0).astype(np.float64)
            bad = np.flatnonzero(~((low >= -cls.MAX_MAGNITUDE) & (high <= cls.MAX_MAGNITUDE)))
        if bad.size:
            cls._refuse(X, int(bad[0]), feature_names, source)

    @staticmethod
    def _refuse(X: np.ndarray, j: int, feature_names, source: str):
        column = X[:, j]
        name = feature_names[j] if feature_names is not None else f"#{j}"
        if np.isnan(column).any():
            raise DataError(f"{source}: column '{name}' holds a missing value (NaN); expected "
                            "a number in every cell")
        value = column[np.argmax(np.abs(column))]
        raise DataError(f"{source}: column '{name}' holds the value {value:g}, which cannot be "
                        "standardized (its squared deviation overflows); expected finite values "
                        "up to 1e150 in magnitude: rescale the column or turn standardization "
                        "off")

    @classmethod
    def fit_channels(cls, X, input_shape: tuple, feature_names=None,
                     source: str = "data") -> Standardizer:
        """Channel-wise standardization of image rows ``X`` (N, C·H·W): one mean and one
        standard deviation per channel over every training image and pixel (as
        torchvision's ``Normalize`` uses them), repeated for each pixel of the channel so
        that :meth:`transform` and the saved ``preprocess.mean``/``.std`` keep one value
        per input column.

        ``X`` is read in blocks of :data:`FIT_BLOCK_VALUES` values, each summed in
        float64 (two passes: the mean, then the squared deviations from it), so that no
        float64 copy of a large float32 or uint8 set is made. ``X`` may be any object whose
        row slices ``X[a:b]`` are arrays (a streamed set, :mod:`core.data.streamed_images`).
        """
        if len(X.shape) != 2 or X.shape[0] == 0:
            raise ValueError(f"Standardizer.fit_channels needs a non-empty (N, D) array, "
                             f"got {X.shape}")
        if isinstance(X, np.ndarray) and X.dtype.kind == "f":
            cls.check_range(X, feature_names, source)
        n, d = X.shape
        c = int(input_shape[0])
        pixels = d // c
        block = max(1, FIT_BLOCK_VALUES // d)
        total = np.zeros(c)
        for a in range(0, n, block):
            total += np.asarray(X[a:a + block]).reshape(-1, c, pixels).sum(
                axis=(0, 2), dtype=np.float64)
        mean = total / (n * pixels)
        squares = np.zeros(c)
        for a in range(0, n, block):
            part = np.asarray(X[a:a + block]).reshape(-1, c, pixels).astype(np.float64)
            part -= mean[:, None]
            np.square(part, out=part)
            squares += part.sum(axis=(0, 2))
        std = np.sqrt(squares / (n * pixels))
        std[(std == 0) | (std <= 1e-12 * np.abs(mean))] = 1.0
        return cls(np.repeat(mean, pixels), np.repeat(std, pixels))

    def transform_in_place(self, X: np.ndarray) -> np.ndarray:
        """``X -= mean; X /= std`` in ``X``'s own floating-point type (no copy); returns X.

        The one way image rows are standardized, whether the whole set at once
        (:func:`core.data.spec.prepare`) or one streamed batch at a time, so that both
        give the same bits.
        """
        X -= self.mean.astype(X.dtype)
        X /= self.std.astype(X.dtype)
        return X

    def transform(self, X: np.ndarray) -> np.ndarray:
        """Return ``(X - mean) / std`` as a new float64 array of shape (N, D)."""
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[1] != self.mean.shape[0]:
            n = self.mean.shape[0]
            raise DataError(f"inputs: expected {n} feature{'s' if n != 1 else ''} per row to "
                            f"standardize, got an array of shape {X.shape}")
        return (X - self.mean) / self.std

    def to_arrays(self) -> dict:
        """``{"mean": (D,), "std": (D,)}`` for saving beside the weights."""
        return {"mean": self.mean.copy(), "std": self.std.copy()}

    @classmethod
    def from_arrays(cls, arrays: dict) -> Standardizer:
        """Rebuild from :meth:`to_arrays` output; :class:`DataError` if malformed."""
        try:
            mean = np.asarray(arrays["mean"], dtype=np.float64)
            std = np.asarray(arrays["std"], dtype=np.float64)
        except (KeyError, TypeError, ValueError):
            raise DataError("standardizer: expected numeric arrays \"mean\" and \"std\"") from None
        if (mean.ndim != 1 or mean.shape != std.shape or not np.all(np.isfinite(mean))
                or not np.all(np.isfinite(std)) or np.any(std <= 0)):
            raise DataError("standardizer: \"mean\" and \"std\" must be finite 1-D arrays of "
                            "the same length with std > 0")
        return cls(mean, std)


def split(ds: Dataset, test_fraction: float, seed: int,
          stratify: bool = True) -> tuple[Dataset, Dataset]:
    """Split off a validation part, at random and (for classes) stratified.

    Stratified: each class c with n_c rows gives ``round(test_fraction · n_c)`` rows to
    validation, at least 1 and at most n_c − 1, so both parts keep the class
    proportions. Both parts come back in shuffled order. The permutation is drawn from
    ``np.random.default_rng([seed, 2])``: the same seed gives the same split.

    Parameters
    ----------
    ds : Dataset
        N rows.
    test_fraction : float
        0 ≤ f < 1. With 0, validation is an empty data set of the same width.
    seed : int
        Non-negative.
    stratify : bool
        Ignored for regression.

    Returns
    -------
    train, val : Dataset

    Raises
    ------
    DataError
        A class has fewer than 2 rows, or there are too few rows to split.
    """
    train_rows, val_rows = split_rows(ds, test_fraction, seed, stratify)
    return ds.take(train_rows), ds.take(val_rows)


def split_rows(ds: Dataset, test_fraction: float, seed: int,
               stratify: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """The row indices of :func:`split`'s two parts, in their order: ``(train, val)``.

    Only ``ds.y`` is read, so that a large set can be split by index (its rows gathered
    once, straight into their place) instead of copied part by part.
    """
    if not 0 <= test_fraction < 1:
        raise ValueError(f"test_fraction must be in [0, 1), got {test_fraction}")
    rng = np.random.default_rng([int(seed), 2])
    n = len(ds)
    if ds.task == "classification":
        check_classes(ds)
    if test_fraction == 0:
        return rng.permutation(n), np.zeros(0, dtype=np.int64)
    if ds.task == "classification" and stratify:
        train_parts, val_parts = [], []
        counts = np.bincount(ds.y, minlength=ds.n_classes)
        for c, n_c in enumerate(counts):  # check_classes ensured n_c ≥ 1
            if n_c < 2:
                raise DataError(f"{ds.name}: class '{ds.class_names[c]}' has only 1 row; a "
                                "validation split needs at least 2 rows per class (or set "
                                "test_fraction to 0)")
            rows = rng.permutation(np.flatnonzero(ds.y == c))
            n_val = min(max(1, _round(test_fraction * n_c)), n_c - 1)
            val_parts.append(rows[:n_val])
            train_parts.append(rows[n_val:])
        return rng.permutation(np.concatenate(train_parts)), \
            rng.permutation(np.concatenate(val_parts))
    n_val = max(1, _round(test_fraction * n))
    if n - n_val < 1:
        count = f"{n} row{'s are' if n != 1 else ' is'}"
        raise DataError(f"{ds.name}: {count} too few to split off a validation part (set "
                        "test_fraction to 0 or add rows)")
    rows = rng.permutation(n)
    return rows[n_val:], rows[:n_val]


def first_non_finite(values: np.ndarray) -> tuple[int, int, bool] | None:
    """Where a 2-D array first holds NaN or ±infinity, row by row: ``(row, column, is_nan)``,
    or None when every value is finite. Readers name that cell in their message."""
    bad = ~np.isfinite(values)
    if not bad.any():
        return None
    i, j = (int(v) for v in np.argwhere(bad)[0])
    return i, j, bool(np.isnan(values[i, j]))


def check_inputs(ds: Dataset) -> None:
    """:class:`DataError` unless the data set has at least one row and one input feature."""
    if ds.n_features == 0:
        raise DataError(f"{ds.name}: the data have no input features (0 columns besides the "
                        "target); expected at least one feature column")
    if len(ds) == 0:
        raise DataError(f"{ds.name}: the data have no rows; expected at least one sample")


def check_classes(ds: Dataset) -> None:
    """:class:`DataError` unless a classification set has ≥ 2 classes and ≥ 1 row per class."""
    k = ds.n_classes
    if k < 2:
        raise DataError(f"{ds.name}: classification needs at least 2 classes, found {k}")
    if len(ds) < k:
        raise DataError(f"{ds.name}: {len(ds)} rows are fewer than the {k} classes; every "
                        "class needs rows to learn from")
    counts = np.bincount(ds.y, minlength=k)
    if np.any(counts == 0):
        empty = ds.class_names[int(np.flatnonzero(counts == 0)[0])]
        raise DataError(f"{ds.name}: class '{empty}' has no rows; every class needs rows "
                        "to learn from")


def summarize(ds: Dataset) -> dict:
    """Plain-value summary for the GUI and the command line.

    Returns
    -------
    dict
        ``name``, ``rows``, ``features``, ``task``, ``outputs``, ``feature_names``,
        ``classes`` (``{class name: row count}``, empty for regression),
        ``image_shape``, and for regression ``target`` (min, max, mean, std).
    """
    out = {"name": ds.name, "rows": len(ds), "features": ds.n_features, "task": ds.task,
           "outputs": ds.n_outputs, "feature_names": list(ds.feature_names), "classes": {},
           "image_shape": ds.image_shape, "input_shape": ds.input_shape}
    if ds.task == "classification":
        counts = np.bincount(ds.y, minlength=ds.n_classes) if len(ds) else np.zeros(ds.n_classes)
        out["classes"] = {name: int(c) for name, c in zip(ds.class_names, counts)}
    elif len(ds):
        y = ds.y
        out["target"] = {"min": float(y.min()), "max": float(y.max()),
                         "mean": float(y.mean()), "std": float(y.std())}
    return out


def encode_target(values, task: str | None, where: str, class_names: list[str] | None = None,
                  row_name=None) -> tuple[np.ndarray, str, list | None]:
    """Turn raw target values into ``(y, task, class_names)``.

    Text labels are classes, numbered in sorted order. Numbers are classes when they
    are whole numbers with few distinct values — at most min(100, max(10, N // 5)),
    and at most N // 2 (two rows per class on average) — otherwise regression
    targets. ``task`` overrides the guess.

    Parameters
    ----------
    values : ndarray
        Shape (N,) numbers or strings, or (N, k) numbers (regression, or one-hot classes).
    task : str or None
        ``"classification"``, ``"regression"``, or None/``"auto"`` to infer.
    where : str
        Start of error messages, e.g. ``"data.csv: target column 'label'"``.
    class_names : list of str, optional
        Known names for integer labels ``0 .. k-1`` (no renumbering then).
    row_name : callable, optional
        Row index → how messages name that row (default ``"row index i"``).
    """
    row_name = row_name or (lambda i: f"row index {i}")
    values = np.asarray(values)
    if values.dtype.kind in "USO":
        text = values.astype(str)
        numeric = [is_number(v) for v in text.reshape(-1)]
        if all(numeric):
            values = text.astype(np.float64)
        elif task == "regression":
            first = text.reshape(-1)[numeric.index(False)]
            raise DataError(f"{where} holds text such as '{first}'; regression needs numbers")
        else:
            labels, y = np.unique(text, return_inverse=True)
            return y.astype(np.int64).reshape(-1), "classification", [str(s) for s in labels]
    values = values.astype(np.float64)
    if task in (None, "auto"):
        task = _infer_task(values)
    if task == "regression":
        return values, task, None
    if values.ndim == 2:
        if not _is_one_hot(values):
            raise DataError(f"{where} has {values.shape[1]} columns that are not one-hot "
                            "rows; classification needs one class label per row")
        k = values.shape[1]
        names = list(class_names) if class_names is not None else [str(i) for i in range(k)]
        if len(names) != k:
            raise DataError(f"{where} has {k} one-hot columns but {len(names)} class names")
        return values.argmax(axis=1).astype(np.int64), task, names
    bad = np.flatnonzero(values != np.round(values))
    if bad.size:
        raise DataError(f"{where} has the non-whole value {values[bad[0]]:g} in "
                        f"{row_name(int(bad[0]))}; classification needs whole-number class "
                        "labels (or use task regression)")
    if class_names is not None:
        k = len(class_names)
        if values.size and (values.min() < 0 or values.max() >= k):
            raise DataError(f"{where} has labels outside 0..{k - 1} for the {k} class names")
        return values.astype(np.int64), task, list(class_names)
    labels, y = np.unique(values, return_inverse=True)
    return y.astype(np.int64).reshape(-1), task, [str(int(v)) for v in labels]


def _infer_task(values: np.ndarray) -> str:
    n = len(values)
    if values.ndim == 2:
        return "classification" if _is_one_hot(values) else "regression"
    if n == 0 or not np.all(values == np.round(values)):
        return "regression"
    distinct = np.unique(values).size
    few = distinct <= min(100, max(10, n // 5)) and distinct <= max(2, n // 2)
    return "classification" if few else "regression"


def _is_one_hot(values: np.ndarray) -> bool:
    return bool(values.shape[1] >= 2 and np.all((values == 0) | (values == 1))
                and np.all(values.sum(axis=1) == 1))


def _round(x: float) -> int:
    return int(math.floor(x + 0.5))
