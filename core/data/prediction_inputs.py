"""The network inputs of a prediction, read from a CSV file the person gives.

Shared by the command line's ``predict`` and the GUI's Predict dialog: the file has one
column per network input, or one more holding the target, which is dropped. A model
trained on a table with text categories or gaps (a model file with a table encoding)
takes raw rows of that table instead: :func:`read_table_inputs`. An IDX file
(MNIST's format, gzip optional) of images, a folder of images or a single image file is
read as one input row per image; :func:`read_prediction_inputs` also says which file each
row is and, where the inputs say it (class sub-folders, an IDX labels file), its true class.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.data.csv_mixed import read_mixed
from core.data.csvchunks import numeric_columns
from core.data.csvfile import read_table
from core.data.idx import is_idx, read_idx, read_idx_inputs
from core.data.image_folder import looks_like_an_image, read_folder_inputs, read_image_input
from core.errors import DataError


@dataclass(frozen=True)
class PredictionInputs:
    """The network inputs of a prediction, and what is known of each row.

    Attributes
    ----------
    X : ndarray, float64, shape (N, n_features)
    note : str
        A sentence saying what was read (and what was skipped).
    files : list of str or None
        Each row's image file, relative to the folder given (``cat/01.png``); None for a
        CSV or an IDX file.
    true_classes : list of str or None
        Each row's true class: its class folder's name, or the number an IDX labels file
        gives (as the class names of a model trained on IDX files are); None when unknown.
    skipped : str
        ``"skipped 1 file that is not an image (notes.txt)"``, or ``""``.
    """

    X: np.ndarray
    note: str
    files: list | None = None
    true_classes: list | None = None
    skipped: str = ""


def read_inputs(path, n_features: int, feature_names=None, target=None,
                encoding=None, input_shape=None) -> tuple[np.ndarray, str]:
    """Network inputs from a CSV, and a sentence saying which columns were used.

    For a network on images (``input_shape`` (C, H, W)), ``path`` may also be a folder of
    images (:func:`core.data.image_folder.read_folder_inputs`), an image file, or an IDX
    file (images are one row each). :func:`read_prediction_inputs` says more of each row.

    The file has ``n_features`` columns, or one more: then the target column is dropped —
    the header column that is not a feature name, else the column ``target`` names (the
    experiment's ``data.target``), else the last column (the data loader's default
    target). With a header naming exactly the features, they are put in network order.

    Returns
    -------
    X : ndarray, float64, shape (N, n_features)
    note : str

    Raises
    ------
    DataError
        Unreadable file, wrong number of columns, a cell that is not a finite number.
    """
    inputs = read_prediction_inputs(path, n_features, feature_names, target, encoding,
                                    input_shape)
    return inputs.X, inputs.note


def read_prediction_inputs(path, n_features: int, feature_names=None, target=None,
                           encoding=None, input_shape=None,
                           labels=None) -> PredictionInputs:
    """As :func:`read_inputs`, with each image's file and true class where known.

    Parameters
    ----------
    labels : str or Path, optional
        An IDX labels file (one class number per image) for an IDX images file ``path``.

    Raises
    ------
    DataError
        As :func:`read_inputs`; also labels given for inputs that are not an IDX file, or
        a labels file that is not one class number per image.
    """
    path = Path(path)
    if labels is not None and (path.is_dir() or not is_idx(path)):
        raise DataError(f"{labels}: a labels file goes with an IDX images file, and {path} "
                        "is not one; the images of a folder take their class from their "
                        "sub-folder")
    if encoding is not None:
        return PredictionInputs(*read_table_inputs(path, encoding))
    if path.is_dir() or looks_like_an_image(path):
        if input_shape is None:
            what = "a folder" if path.is_dir() else "an image"
            raise DataError(f"{path}: is {what}; this network takes rows of numbers, "
                            "expected a CSV file")
        if not path.is_dir():
            return PredictionInputs(read_image_input(path, input_shape),
                                    f"1 image, {path.name}.", [path.name])
        X, found = read_folder_inputs(path, input_shape)
        note = f"{len(X)} images of the folder {path.name}."
        if found.skipped:
            sentence = found.skipped_sentence()
            note += f" {sentence[0].upper()}{sentence[1:]}."
        truth = [found.class_names[k] for k in found.labels] if found.labels else None
        return PredictionInputs(X, note, list(found.names), truth, found.skipped_sentence())
    if is_idx(path):
        X = read_idx_inputs(path, n_features)
        truth = None if labels is None else idx_true_classes(labels, len(X))
        return PredictionInputs(X, f"{len(X)} images of {path.name} (IDX).", None, truth)
    return PredictionInputs(*read_csv_inputs(path, n_features, feature_names, target))


def idx_true_classes(labels, count: int) -> list[str]:
    """The class numbers of an IDX labels file as text, one per image of ``count``.

    Raises
    ------
    DataError
        Not an IDX file of integers, one per image.
    """
    values = read_idx(labels, "an IDX labels file (one class number per image)")
    if values.ndim != 1 or values.dtype.kind not in "iu":
        raise DataError(f"{labels}: holds {values.dtype} values of shape {values.shape}; "
                        "expected one integer class number per image, as in MNIST's "
                        "t10k-labels-idx1-ubyte")
    if len(values) != count:
        raise DataError(f"{labels}: holds {len(values):,} labels for {count:,} images; "
                        "expected one label per image")
    return [str(int(v)) for v in values]


def read_csv_inputs(path, n_features: int, feature_names=None,
                    target=None) -> tuple[np.ndarray, str]:
    """Network inputs from a CSV file's numeric columns, and a note (see
    :func:`read_inputs`)."""
    table = read_table(Path(path))
    names = table.names
    features = list(feature_names) if feature_names else None
    columns = list(range(table.ncols))
    dropped = None
    if table.ncols == n_features + 1:
        extra = [j for j, n in enumerate(names) if n not in features] if names and features \
            else []
        if len(extra) == 1:
            dropped = extra[0]
        elif isinstance(target, str) and names and target in names:
            dropped = names.index(target)
        elif isinstance(target, int) and not isinstance(target, bool) \
                and -table.ncols <= target < table.ncols:
            dropped = target % table.ncols
        else:
            dropped = table.ncols - 1
        columns.remove(dropped)
    if names and features and sorted(names[j] for j in columns) == sorted(features):
        columns = [names.index(n) for n in features]
    if len(columns) != n_features:
        raise DataError(f"{table.path}: has {table.ncols} columns, expected {n_features} (one "
                        "per network input), or one more holding the target")
    X = numeric_columns(table, columns)
    if names:
        used = ", ".join(names[j] for j in columns)
    elif features and len(features) == len(columns):
        used = f"{len(columns)} columns, taken as {', '.join(features)} (no header row)"
    else:
        used = f"{len(columns)} columns (no header row)"
    note = f"{len(X)} rows of {Path(path).name}; inputs: {used}"
    if dropped is not None:
        note += f"; {table.column(dropped)} ignored (the target)"
    return X, note + "."


def read_table_inputs(path, encoding) -> tuple[np.ndarray, str]:
    """Network inputs (before standardization) from raw rows of a table, and a note.

    The columns the model uses are found by header name, else by position as in the
    training file (which may have had one more column, the target). Missing cells are
    filled and unseen categories become all zeros as :class:`TableEncoding` says; the note
    counts them.

    Parameters
    ----------
    path : str or Path
    encoding : TableEncoding

    Returns
    -------
    X : ndarray, float64, shape (N, encoding.width)
    note : str

    Raises
    ------
    DataError
        Unreadable file, a needed column missing, a ragged row, text in a numeric column.
    """
    table = read_table(Path(path))
    wanted = [c["name"] for c in encoding.columns]
    names = table.names
    if names and all(w in names for w in wanted):
        indices = [names.index(w) for w in wanted]
    elif table.ncols == encoding.file_columns:
        indices = [c["file_index"] for c in encoding.columns]
    elif encoding.target_index is not None and table.ncols == encoding.file_columns - 1:
        t = encoding.target_index
        indices = [c["file_index"] - (c["file_index"] > t) for c in encoding.columns]
    else:
        lacking = [w for w in wanted if not names or w not in names]
        shown = ", ".join(f"'{w}'" for w in lacking[:8]) + (" …" if len(lacking) > 8 else "")
        raise DataError(f"{table.path}: has no column {shown}, which the model takes; expected "
                        f"a header naming the columns {', '.join(wanted[:12])}"
                        f"{' …' if len(wanted) > 12 else ''} (or the {encoding.file_columns} "
                        "columns of the training file, in its order)")
    raws = read_mixed(table, indices, encoding.missing_values)
    parts = []
    for c, raw in zip(encoding.columns, raws):
        if c["role"] == "numeric":
            if raw.first_text is not None:
                i, cell = raw.first_text
                shown = cell if len(cell) <= 40 else cell[:30] + "…"
                raise DataError(f"{table.path}: {table.row(i)}, {table.column(raw.index)} holds "
                                f"'{shown}', which is neither a number nor a missing marker; "
                                "the model takes numbers there")
            parts.append((raw.numbers, None))
        else:
            codes, keys = raw.categories()
            parts.append((np.where(np.isnan(codes), -1, codes).astype(np.int64), keys))
    X, counts = encoding.encode(parts)
    used = ", ".join(wanted[:12]) + (" …" if len(wanted) > 12 else "")
    note = f"{len(X)} rows of {Path(path).name}; columns used: {used}."
    if counts.sentence():
        note += " " + counts.sentence()
    return X, note
