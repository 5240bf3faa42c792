"""The network inputs of a prediction, read from a CSV file the person gives.

Shared by the command line's ``predict`` and the GUI's Predict dialog: the file has one
column per network input, or one more holding the target, which is dropped.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from core.data.csvchunks import numeric_columns
from core.data.csvfile import read_table
from core.errors import DataError


def read_inputs(path, n_features: int, feature_names=None, target=None) -> tuple[np.ndarray, str]:
    """Network inputs from a CSV, and a sentence saying which columns were used.

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
