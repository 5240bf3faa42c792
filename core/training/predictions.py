"""A trained network's outputs as a person reads them: class probabilities or values.

Shared by the command line's ``predict`` and the GUI's Predict dialog. A network
trained with cross-entropy (or binary cross-entropy) but no final softmax (sigmoid)
outputs logits; they are turned into probabilities here.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.data.csvfile import numeric_columns, read_table
from core.errors import DataError
from core.io.model_file import ModelFile
from core.nn.output_head import OutputHead


@dataclass
class Predictions:
    """The network's outputs for some rows, as the table and the CSV show them.

    Attributes
    ----------
    titles : list of str
        Column titles for the table: ``"P(arm 1)"`` ... or ``"output 1"`` ...
    names : list of str
        CSV header: ``"p_arm 1"`` ... ``"predicted"`` (the command line's ``predict``
        names) or ``"output_0"`` ...
    values : ndarray, float64, shape (N, k)
        Class probabilities (rows sum to 1) or output values.
    labels : list of str or None
        Predicted class of each row (classification only).
    """

    titles: list
    names: list
    values: np.ndarray
    labels: list | None = None

    @property
    def probabilities(self) -> bool:
        return self.labels is not None

    def __len__(self) -> int:
        return len(self.values)

    def to_csv(self) -> str:
        """The predictions as CSV text: a header, then one line per row."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(self.names)
        for i, row in enumerate(self.values):
            cells = [f"{float(v):.8g}" for v in row]
            if self.labels is not None:
                cells.append(self.labels[i])
            writer.writerow(cells)
        return buffer.getvalue()


def predictions_of(model_file: ModelFile, outputs: np.ndarray) -> Predictions:
    """Interpret the network's outputs (N, k): class probabilities or plain values.

    With class names: one probability per class, read by the network's
    :class:`~core.nn.output_head.OutputHead` (a softmax output as it is, cross-entropy's
    raw outputs through softmax); one output for two classes gives ``P(second)`` and
    ``P(first) = 1 − P(second)``. The predicted class is the most probable one.
    """
    outputs = np.asarray(outputs, dtype=np.float64)
    exp = model_file.experiment or {}
    head = OutputHead.of(exp.get("model", {}).get("layers") or [], exp.get("loss"))
    classes = model_file.class_names
    k = outputs.shape[1]
    if classes and ((len(classes) == k and k >= 2) or (len(classes) == 2 and k == 1)):
        probs = head.probabilities(outputs)
        labels = [classes[int(j)] for j in np.argmax(probs, axis=1)]
        return Predictions([f"P({c})" for c in classes], [f"p_{c}" for c in classes]
                           + ["predicted"], probs, labels)
    return Predictions([f"output {j + 1}" for j in range(k)], [f"output_{j}" for j in range(k)],
                       outputs)


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
