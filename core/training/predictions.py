"""A trained network's outputs as a person reads them: class probabilities or values.

Shared by the command line's ``predict`` and the GUI's Predict dialog. A network
trained with cross-entropy (or binary cross-entropy) but no final softmax (sigmoid)
outputs logits; they are turned into probabilities here.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import numpy as np

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
