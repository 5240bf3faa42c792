"""``nn-workbench predict MODEL DATA``: a trained model's outputs for the rows of a CSV (or,
for a network on images, the images of an IDX file, of a folder, or one image file).

Writes one CSV row per input row (class probabilities and the predicted class, or the
output values) to ``-o FILE`` (atomically) or stdout. For images read from files, a
``file`` column comes first (the path relative to the folder given); when the true class
is known (class sub-folders, or ``--labels`` with an IDX file) a ``true_class`` column
follows the predicted class, and the accuracy goes to stderr. Files skipped as not
images are named on stderr. Never imports Qt.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path


def predict_command(args) -> int:
    """Carry out ``predict``; 0 on success (bad input raises, :mod:`workbench.cli.main`
    reports it)."""
    from core.data.prediction_inputs import read_prediction_inputs
    from core.files.atomic_write import write_text_atomic
    from core.io.model_file import build_model
    from core.io.onnx_import import open_model_file
    from core.training.predictions import predictions_of

    model_file = open_model_file(args.model)  # .npz, .safetensors or .onnx
    model = build_model(model_file)
    target = (model_file.experiment or {}).get("data", {}).get("target")
    inputs = read_prediction_inputs(args.data, model.input_width,
                                    feature_names(model_file.experiment), target,
                                    model_file.encoding, model_file.input_shape,
                                    getattr(args, "labels", None))
    note = inputs.note
    if model_file.encoding is not None and "not seen in training" in note:
        print(f"warning: {note.split('. ', 1)[1]}", file=sys.stderr)
    if inputs.skipped:
        print(f"note: {inputs.skipped}", file=sys.stderr)
    predictions = predictions_of(model_file, model.predict(model_file.prepare_inputs(inputs.X)))
    text = predictions_csv(predictions, inputs.files, inputs.true_classes)
    if inputs.true_classes is not None and predictions.labels is not None:
        print(accuracy_line(predictions.labels, inputs.true_classes, model_file.class_names),
              file=sys.stderr)
    if args.output:
        write_text_atomic(Path(args.output), text)
    else:
        sys.stdout.write(text)
    return 0


def feature_names(experiment: dict | None) -> list[str] | None:
    """The network's input names for synthetic and bundled sources (their small datasets
    are rebuilt); a file source's target column is found by name instead."""
    from core.data.spec import load_dataset
    from core.errors import WorkbenchError
    if not experiment or experiment["data"]["source"] in ("csv", "npz", "idx", "image_folder"):
        return None
    try:
        return load_dataset(experiment["data"]).feature_names
    except WorkbenchError:
        return None


def predictions_csv(predictions, files=None, true_classes=None) -> str:
    """The predictions as CSV text, with a first ``file`` column (when ``files`` are known)
    and a last ``true_class`` column (when the true classes are)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow((["file"] if files is not None else []) + list(predictions.names)
                    + (["true_class"] if true_classes is not None else []))
    for i, row in enumerate(predictions.values):
        cells = [f"{float(v):.8g}" for v in row]
        if predictions.labels is not None:
            cells.append(predictions.labels[i])
        if files is not None:
            cells.insert(0, files[i])
        if true_classes is not None:
            cells.append(true_classes[i])
        writer.writerow(cells)
    return buffer.getvalue()


def accuracy_line(predicted: list, true_classes: list, class_names) -> str:
    """``"accuracy: 0.975 (39 of 40 images)"``, over the images whose true class is one
    of the model's classes (a class folder the model never saw cannot be right)."""
    known = set(class_names or ())
    pairs = [(p, t) for p, t in zip(predicted, true_classes) if t in known]
    unknown = len(true_classes) - len(pairs)
    if not pairs:
        return ("accuracy: not known (no true class is one of the model's classes: "
                f"{', '.join(sorted(known)[:10])})")
    right = sum(p == t for p, t in pairs)
    line = f"accuracy: {right / len(pairs):.4g} ({right} of {len(pairs)} images)"
    if unknown:
        line += (f"; {unknown} more image{'s' if unknown > 1 else ''} of classes the model "
                 "does not know left out")
    return line
