"""Exporting a trained network: the formats offered, and the one writer for all of them.

The command line's ``nn-workbench export`` and the window's *Export Weights…* offer the
same formats and write them the same way:

==============  ==========================================================================
``npz``         the weights under PyTorch ``nn.Sequential`` names, with the experiment,
``safetensors`` the standardization and the class names (:mod:`core.io.model_file`)
``onnx``        standard operators, opset 17 (:mod:`core.io.onnx_export`)
``py``          a NumPy-only script (:mod:`core.io.numpy_script`) and the ``.npz`` it reads
==============  ==========================================================================

Every file is written through a temporary file, so a failed export never leaves a
half-written file nor spoils a previous one.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from core.errors import WeightsError
from core.files.atomic_write import write_text_atomic
from core.io.model_file import ModelFile, build_model
from core.io.model_file_writing import write_model_file
from core.io.numpy_script import generate_numpy_script
from core.io.onnx_export import export_onnx


class ExportFormat(NamedTuple):
    """One export format: its name, the save dialog's file type, and its file suffix."""

    name: str
    file_filter: str
    suffix: str


#: In the order the save dialog offers them (the first is the default).
EXPORT_FORMATS = (
    ExportFormat("npz", "NumPy model (*.npz)", ".npz"),
    ExportFormat("safetensors", "safetensors (*.safetensors)", ".safetensors"),
    ExportFormat("onnx", "ONNX (*.onnx)", ".onnx"),
    ExportFormat("py", "NumPy inference script (*.py)", ".py"),
)
#: The save dialog's list of file types.
EXPORT_FILTER = ";;".join(f.file_filter for f in EXPORT_FORMATS)
FORMAT_NAMES = tuple(f.name for f in EXPORT_FORMATS)


def format_of_suffix(path) -> str | None:
    """The format a file name's suffix names (any case), or None."""
    name = Path(path).name.lower()
    return next((f.name for f in EXPORT_FORMATS if name.endswith(f.suffix)), None)


def export_target(path, selected_filter: str | None = None) -> tuple[Path, str]:
    """``(file, format)`` for a name from the save dialog.

    A known suffix decides the format; otherwise the chosen file type does and its suffix
    is appended (``"net"`` with "ONNX (*.onnx)" → ``net.onnx``); default ``npz``.
    """
    path = Path(path)
    fmt = format_of_suffix(path)
    if fmt is not None:
        return path, fmt
    chosen = next((f for f in EXPORT_FORMATS if f.file_filter == selected_filter),
                  EXPORT_FORMATS[0])
    return path.with_name(path.name + chosen.suffix), chosen.name


def write_export(model_file: ModelFile, path, fmt: str,
                 script_weights: Path | None = None) -> list[Path]:
    """Write ``model_file`` to ``path`` as ``fmt``; return the files written.

    Parameters
    ----------
    model_file : ModelFile
        Checked weights and companions (a live run's, or a file's).
    path : str or Path
        The file to write.
    fmt : {"npz", "safetensors", "onnx", "py"}
        ``npz``/``safetensors``: the weights with the experiment, standardization and
        class names; when the experiment is there, every weight must fit the network it
        describes. ``onnx``: standard operators (opset 17). ``py``: a NumPy-only script.
    script_weights : Path, optional
        For ``py``: an ``.npz`` model file already on disk for the script to read. Without
        it, the weights are written next to the script as ``<name>_weights.npz``.

    Raises
    ------
    WeightsError
        A folder in place of the file, an unknown format, weights that do not fit the
        network, a package missing, a file that cannot be written (each naming the file).
    """
    path = Path(path)
    if path.is_dir():
        raise WeightsError(f"{path}: is a folder; choose a file name")
    if fmt in ("npz", "safetensors"):
        if model_file.experiment is not None:
            build_model(model_file, "cpu")  # every name and shape must fit the network
        write_model_file(path, model_file, fmt)
        return [path]
    if fmt == "onnx":
        export_onnx(model_file, path)
        return [path]
    if fmt == "py":
        written = [path]
        if script_weights is None:
            script_weights = path.with_name(f"{path.stem}_weights.npz")
            build_model(model_file, "cpu")
            write_model_file(script_weights, model_file, "npz")
            written.append(script_weights)
        text = generate_numpy_script(script_weights)
        try:
            write_text_atomic(path, text)
        except OSError as exc:
            raise WeightsError(f"{path}: cannot be written ({exc.strerror or exc})") from None
        return written
    raise WeightsError(f"{path}: unknown export format {fmt!r}; expected one of "
                       f"{', '.join(FORMAT_NAMES)}")
