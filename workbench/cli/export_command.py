"""``nn-workbench export``: convert a trained model for use outside the workbench.

::

    nn-workbench export MODEL.npz -o model.safetensors     # format from the suffix
    nn-workbench export MODEL.npz --format onnx -o net.onnx
    nn-workbench export MODEL.npz -o predict.py             # standalone NumPy script
    nn-workbench export EXPERIMENT.json --format pytorch -o train_torch.py
    nn-workbench export EXPERIMENT.json -o train.ipynb      # the same as a notebook

Formats: ``npz`` and ``safetensors`` (weights under PyTorch ``nn.Sequential`` names, with
the experiment and standardization), ``onnx`` (standard operators, opset 17) and ``py``
(a NumPy-only script that reads a CSV and prints the outputs); ``pytorch`` and
``notebook`` export the *training* of an experiment or a model file as a PyTorch script
or Jupyter notebook, with its initial weights and prepared data beside it
(:mod:`core.io.pytorch_script`). Any bad file or option
gives one line on stderr and exit status 2; the output is written atomically, so a failed
export never leaves a half-written file. This module never imports Qt.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from core.io.export_formats import FORMAT_NAMES as FORMATS
from core.io.export_formats import TRAINING_FORMATS, format_of_suffix
from workbench.cli.failures import fail, os_message


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register the ``export`` subcommand on an ``add_subparsers()`` object."""
    parser = subparsers.add_parser(
        "export", help="convert a trained model to .npz, .safetensors, .onnx or a NumPy script; "
                       "export a training as a PyTorch script or notebook",
        description="Convert a model file written by train (.npz or .safetensors) to another "
                    "format. The weights keep PyTorch nn.Sequential names. --format pytorch "
                    "or notebook writes the training of an experiment (or of a model file) as "
                    "a PyTorch script or Jupyter notebook, with its data and weights beside it.")
    parser.add_argument("model", help="model file written by train (.npz or .safetensors); "
                        "for pytorch and notebook also an experiment (.json)")
    parser.add_argument("--format", choices=FORMATS,
                        help="output format (default: from the suffix of -o)")
    parser.add_argument("-o", "--output", required=True, help="file to write")
    return parser


def run(args) -> int:
    """Carry out ``export``; 0 on success, 2 (one line on stderr) for any bad input."""
    from core.errors import WorkbenchError

    try:
        fmt = export(args.model, args.output, args.format)
    except WorkbenchError as exc:
        return fail(str(exc))
    except OSError as exc:
        return fail(os_message(exc))
    print(f"wrote {args.output} ({fmt})")
    return 0


def export(model_path, output, fmt: str | None = None) -> str:
    """Convert the model file ``model_path`` into ``output``; return the format written.

    Raises
    ------
    WorkbenchError
        Unknown format, unreadable or unsafe model file, output not writable.
    """
    from core.errors import WeightsError

    model_path, output = Path(model_path), Path(output)
    if output.is_dir():
        raise WeightsError(f"{output}: is a folder; -o needs a file name")
    suffix_format = format_of_suffix(output)
    if fmt is None:
        if suffix_format is None:
            suffix = repr(output.suffix) if output.suffix else "(none)"
            raise WeightsError(f"{output}: cannot tell the format from the suffix {suffix}; "
                               f"use --format with one of {', '.join(FORMATS)}")
        fmt = suffix_format
    elif fmt not in FORMATS:
        raise WeightsError(f"--format: expected one of {', '.join(FORMATS)}, got {fmt!r}")
    elif suffix_format is not None and suffix_format != fmt \
            and not (fmt == "pytorch" and suffix_format == "py"):
        raise WeightsError(f"{output}: the suffix {output.suffix} says {suffix_format} but "
                           f"--format says {fmt}")
    try:
        same = output.exists() and output.resolve() == model_path.resolve()
    except OSError:
        same = False
    if same and model_path.suffix.lower() != f".{fmt}":
        raise WeightsError(f"{output}: is the model file itself; choose another output name")

    if model_path.suffix.lower() == ".json" and fmt not in TRAINING_FORMATS:
        raise WeightsError(f"{model_path}: is an experiment, not a trained model; an "
                           "experiment exports as --format pytorch or notebook (train it "
                           "first for the other formats)")
    if fmt in TRAINING_FORMATS:
        from core.io.export_formats import write_training_export
        write_training_export(model_path, output, fmt)
        return fmt
    from core.io import model_file as weights_io
    from core.io import model_file_reading, model_file_writing

    if fmt == "py":
        from core.files.atomic_write import write_text_atomic
        from core.io.numpy_script import generate_numpy_script
        text = generate_numpy_script(model_path)
        try:
            write_text_atomic(output, text)
        except OSError as exc:
            raise WeightsError(f"{output}: cannot be written ({exc.strerror or exc})") from None
        return fmt
    model_file = model_file_reading.load_model_file(model_path)
    if fmt == "onnx":
        from core.io.onnx_export import export_onnx
        export_onnx(model_file, output)
    else:
        if model_file.experiment is not None:
            weights_io.build_model(model_file, "cpu")  # the weights must fit the experiment
        model_file_writing.write_model_file(output, model_file, fmt)
    return fmt
