"""The network inputs of a prediction, read from a CSV file the person gives.

Shared by the command line's ``predict`` and the GUI's Predict dialog: the file has one
column per network input, or one more holding the target, which is dropped. A model
trained on a table with text categories or gaps (a model file with a table encoding)
takes raw rows of that table instead: :func:`read_table_inputs`. An IDX file
(MNIST's format, gzip optional) of images, or a folder of images, is read as one input row
per image.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from core.data.csv_mixed import read_mixed
from core.data.csvchunks import numeric_columns
from core.data.csvfile import read_table
from core.data.idx import is_idx, read_idx_inputs
from core.data.image_folder import read_folder_inputs
from core.errors import DataError


def read_inputs(path, n_features: int, feature_names=None, target=None,
                encoding=None, input_shape=None) -> tuple[np.ndarray, str]:
    """Network inputs from a CSV, and a sentence saying which columns were used.

    For a network on images (``input_shape`` (C, H, W)), ``path`` may also be a folder of
    images (:func:`core.data.image_folder.read_folder_inputs`), or an IDX file (either
    way, images are one row each).

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
    if encoding is not None:
        return read_table_inputs(path, encoding)
    if Path(path).is_dir():
        if input_shape is None:
            raise DataError(f"{path}: is a folder; this network takes rows of numbers, "
                            "expected a CSV file")
        X, names = read_folder_inputs(path, input_shape)
        return X, f"{len(X)} images of the folder {Path(path).name}."
    if is_idx(path):
        X = read_idx_inputs(path, n_features)
        return X, f"{len(X)} images of {Path(path).name} (IDX)."
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
