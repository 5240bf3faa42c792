"""``nn-workbench predict MODEL DATA``: a trained model's outputs for the rows of a CSV (or
the images of an IDX file or of a folder, for a network on images).

Writes one CSV row per input row (class probabilities and the predicted class, or the
output values) to ``-o FILE`` (atomically) or stdout. Never imports Qt.
"""

from __future__ import annotations

import sys
from pathlib import Path


def predict_command(args) -> int:
    """Carry out ``predict``; 0 on success (bad input raises, :mod:`workbench.cli.main`
    reports it)."""
    from core.data.prediction_inputs import read_inputs
    from core.files.atomic_write import write_text_atomic
    from core.io.model_file import build_model
    from core.io.onnx_import import open_model_file
    from core.training.predictions import predictions_of

    model_file = open_model_file(args.model)  # .npz, .safetensors or .onnx
    model = build_model(model_file)
    target = (model_file.experiment or {}).get("data", {}).get("target")
    x, note = read_inputs(args.data, model.input_width, feature_names(model_file.experiment),
                          target, model_file.encoding, model_file.input_shape)
    if model_file.encoding is not None and "not seen in training" in note:
        print(f"warning: {note.split('. ', 1)[1]}", file=sys.stderr)
    text = predictions_of(model_file, model.predict(model_file.prepare_inputs(x))).to_csv()
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
