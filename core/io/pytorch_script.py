"""Export a workbench training run as a plain PyTorch script, with its data and weights.

``nn-workbench export EXPERIMENT_OR_MODEL --format pytorch -o train_torch.py`` writes three
files that need nothing from the workbench:

``train_torch.py``
    A readable script (torch and NumPy only): the network as ``nn.Sequential`` with the
    workbench's state_dict names, the loss, optimizer, learning-rate schedule, L1/L2
    penalties, batch size, early stopping and the same batch order, and a command line
    ``python train_torch.py [--epochs N] [--save PATH.npz]`` that prints one line per
    epoch like ``nn-workbench train`` and saves the final weights as ``.npz``.
``train_torch_init.safetensors``
    The weights it starts from: those the workbench would start from (an experiment), or
    the trained weights of a model file. A model file itself, so the workbench reads it
    back too (``nn-workbench train --init``).
``train_torch_data.npz``
    The prepared training and validation rows (split and standardized as the workbench
    does), the targets as the loss takes them, the labels, and the standardization.

The batch order is the workbench's (:mod:`core.training.epoch_batches`): one NumPy
``default_rng([seed, 1])`` draws one permutation of the training rows per epoch; dropout
masks come from the generators the workbench's dropout layers start with, so a run with
dropout is reproduced as well (on the CPU). In float64, the script's weights after any
number of epochs equal the workbench's to rounding (``tests/golden/make_golden_pytorch.py``).
The same sections make the notebook (:mod:`core.io.notebook`).
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from pathlib import Path
from string import Template

import numpy as np

from core.backend.devices import get_backend
from core.data import spec as data_spec
from core.errors import SpecError, WeightsError
from core.files.atomic_write import write_bytes_atomic, write_text_atomic
from core.io import experiment_file
from core.io.model_file import ModelFile, build_model, model_format
from core.io.model_file_reading import load_model_file
from core.io.model_file_writing import write_model_file
from core.io.pytorch_script_text import DROPOUT_CLASS, SCRIPT_HEADER, SCRIPT_MAIN, SECTIONS
from core.io.pytorch_translation import loss_code, optimizer_code, schedule_code, torch_module
from core.nn.analysis.report import analyze
from core.nn.layers.base import layer_class
from core.nn.losses import make_loss, target_mismatch
from core.nn.model import Model
from core.nn.output_head import OutputHead

#: How many rows an epoch trains on when batch normalization is in the network.
ROWS_DROPPING_A_SINGLE_LAST_ROW = (
    "# Batch normalization cannot normalize a last batch of one row: it sits the epoch out.\n"
    "    rows_per_epoch = n - 1 if n > batch and n % batch == 1 else n")


@dataclass(eq=False)
class TrainingExport:
    """Everything an exported training needs: the experiment, the weights it starts from,
    the prepared data and the dropout generators' starting states.

    Attributes
    ----------
    experiment : dict
        Normalized experiment.
    state : dict of str to ndarray
        Initial parameters and buffers by state_dict name.
    prepared : core.data.spec.PreparedData
        The split and standardized data.
    dropout_generators : dict of int to dict
        Layer index → the NumPy ``bit_generator.state`` its masks are drawn from.
    source : str
        The experiment or model file it came from.
    """

    experiment: dict
    state: dict
    prepared: data_spec.PreparedData
    dropout_generators: dict
    source: str


def training_export(path) -> TrainingExport:
    """Gather what the PyTorch export of an experiment file or a model file needs.

    An experiment (``.json``) starts from the weights the workbench would draw; a model
    file (``.npz``/``.safetensors``, or a loaded :class:`ModelFile`) from its own weights,
    with the experiment stored in it.

    Raises
    ------
    WorkbenchError
        Unreadable or invalid file, a model file without its experiment, data that cannot
        be loaded (each naming the file).
    """
    if isinstance(path, ModelFile):
        mf, path = path, Path(path.source)
    elif Path(path).suffix.lower() == ".json":
        mf, path = None, Path(path)
    else:
        model_format(Path(path))  # refuses pickles and unknown suffixes by name
        mf, path = load_model_file(path), Path(path)
    if mf is None:
        experiment, state = experiment_file.load(path), None
    else:
        build_model(mf, "cpu")  # the weights must fit the network it describes
        experiment, state = mf.experiment, mf.state
    prepared = data_spec.prepare(experiment["data"], path.parent)
    _check_trainable(experiment, prepared)
    t = experiment["training"]
    model = Model(experiment["model"]["layers"], prepared.train.sample_shape,
                  get_backend("cpu", t["dtype"]), seed=t["seed"])
    if state is not None:
        model.load_state_dict(state, str(path))
    generators = {i: layer._rng.bit_generator.state for i, layer in enumerate(model.layers)
                  if layer_class(model.specs[i]["type"]).type_name == "dropout"}
    return TrainingExport(experiment, model.state_dict(), prepared, generators, str(path))


def _check_trainable(experiment: dict, prepared) -> None:
    """Refuse what the workbench's trainer refuses: a loss that does not fit the targets,
    a layer stack that cannot be trained on this data."""
    train = prepared.train
    mismatch = target_mismatch(experiment["loss"], train.task, train.n_outputs, train.name)
    if mismatch:
        raise SpecError(f"loss: {mismatch}")
    analysis = analyze(experiment["model"]["layers"], train.sample_shape, train.n_outputs,
                       train.task, experiment["loss"],
                       batch_size=experiment["training"]["batch_size"], train_rows=len(train))
    if analysis.errors:
        raise SpecError(f"model: {analysis.errors[0].message}")


def data_arrays(export: TrainingExport) -> dict:
    """The arrays of ``<name>_data.npz``: inputs, targets as the loss takes them, labels."""
    prepared, exp = export.prepared, export.experiment
    train, val = prepared.train, prepared.val
    width = math.prod(_shapes(exp["model"]["layers"], train.sample_shape)[-1])
    loss = make_loss(exp["loss"])
    # images are written as images (N, C, H, W): the script's network takes them so
    arrays = {f"x_{part}": ds.X.astype(np.float64).reshape(len(ds.X), *train.sample_shape)
              for part, ds in (("train", train), ("val", val))}
    for part, ds in (("train", train), ("val", val)):
        if loss.type_name == "cross_entropy" and ds.y.ndim == 1:
            arrays[f"t_{part}"] = ds.y.astype(np.int64)  # class indices
        else:
            arrays[f"t_{part}"] = np.asarray(loss.prepare_target(ds.y, width, np, np.float64))
        if train.task == "classification":
            arrays[f"y_{part}"] = ds.y.astype(np.int64)
    if prepared.standardizer is not None:
        arrays["preprocess_mean"] = prepared.standardizer.mean
        arrays["preprocess_std"] = prepared.standardizer.std
    arrays["feature_names"] = np.array(train.feature_names, dtype=str)
    if train.class_names:
        arrays["class_names"] = np.array(train.class_names, dtype=str)
    return arrays


def _shapes(layers: list, sample_shape: tuple) -> list[tuple]:
    """Per-row input shape of every layer ((F,) or (C, H, W)), then the output's."""
    shapes = [tuple(sample_shape)]
    for spec in layers:
        shapes.append(tuple(layer_class(spec["type"]).output_shape(spec, shapes[-1])))
    return shapes


def _module_input(shape: tuple):
    """What :func:`torch_module` takes: a feature count, or the (C, H, W) of images."""
    return shape[0] if len(shape) == 1 else shape


def script_sections(export: TrainingExport, init_name: str, data_name: str,
                    notebook: bool = False) -> dict[str, str]:
    """The code of the export, section by section: ``setup`` (imports and settings),
    ``data``, ``model`` and ``training``. ``notebook``: files are found in the working
    folder instead of next to the script."""
    exp = export.experiment
    layers, t = exp["model"]["layers"], exp["training"]
    train = export.prepared.train
    shapes = _shapes(layers, train.sample_shape)
    head = OutputHead.of(layers, exp["loss"])
    batch_norm = any(layer_class(s["type"]).needs_batch_statistics for s in layers)
    modules = "\n".join(f"        {torch_module(i, s, _module_input(shapes[i]))},  "
                        f"# {i}: {_describe(s)}" for i, s in enumerate(layers))
    penalized = [f"{i}.{n}" for i, s in enumerate(layers)
                 for n in layer_class(s["type"]).penalized_parameters(s)]
    classification = train.task == "classification"
    schedule = schedule_code(exp["schedule"])
    values = {
        "HERE": "Path.cwd()  # the notebook's folder" if notebook
        else "Path(__file__).resolve().parent",
        "INIT": init_name, "DATA": data_name,
        "DTYPE": t["dtype"], "EPOCHS": t["epochs"], "BATCH": repr(t["batch_size"]),
        "SHUFFLE": t["shuffle"], "SEED": t["seed"], "L1": t["l1"], "L2": t["l2"],
        "PENALIZED": penalized, "PATIENCE": t["early_stopping"],
        "RESTORE_BEST": t["restore_best"],
        "ROWS_PER_EPOCH": ROWS_DROPPING_A_SINGLE_LAST_ROW if batch_norm
        else "rows_per_epoch = n",
        "MODULES": modules,
        "DROPOUT": _dropout_block(export.dropout_generators),
        "LOSS_INPUTS": "model[:-1](x)  # the logits: the loss applies the final "
                       f"{head.last_type} itself" if head.fused else "model(x)",
        "LOSS": loss_code(exp["loss"]),
        "ACCURACY": "True" if classification else "False",
        "THRESHOLD": repr(head.threshold),
        "OPTIMIZER": _wrapped(optimizer_code(exp["optimizer"]), 8),
        "SCHEDULER": "# the learning rate stays constant: no scheduler" if schedule is None
        else _wrapped(f"scheduler = {schedule}", 8),
        "SCHEDULER_STEP": _scheduler_step(exp["schedule"]["type"] if schedule else None),
    }
    return {name: Template(text).substitute(values).strip("\n") + "\n"
            for name, text in SECTIONS.items()}


def _dropout_block(generators: dict) -> str:
    if not generators:
        return ""
    lines = [DROPOUT_CLASS.strip("\n"), "", "",
             "#: The NumPy generator each dropout layer draws its masks from, as the workbench "
             "starts it\n#: (layer index -> numpy.random.PCG64 state).",
             "DROPOUT_GENERATORS = {"]
    for i, state in generators.items():
        inner = state["state"]
        lines.append(f'    {i}: {{"bit_generator": "{state["bit_generator"]}", '
                     f'"has_uint32": {state["has_uint32"]}, "uinteger": {state["uinteger"]},')
        lines.append(f'        "state": {{"state": {inner["state"]},')
        lines.append(f'                  "inc": {inner["inc"]}}}}},')
    lines.append("}")
    return "\n".join(lines) + "\n\n"


def _wrapped(call: str, indent: int, width: int = 92) -> str:
    """A long call broken after its commas, continuation lines indented ``indent``."""
    head, _, rest = call.partition("(")
    parts = rest.split(", ")
    lines, line = [], head + "("
    for k, part in enumerate(parts):
        piece = part + ("" if k == len(parts) - 1 else ",")
        if len(line) + len(piece) + 1 > width and line.strip():
            lines.append(line.rstrip())
            line = " " * indent + piece + " "
        else:
            line += piece + " "
    lines.append(line.rstrip())
    return "\n".join(lines)


def _scheduler_step(kind: str | None) -> str:
    if kind is None:
        return "# (a constant learning rate)"
    if kind == "reduce_on_plateau":
        return "scheduler.step(monitored)  # the validation loss (else the training loss)"
    return "scheduler.step()"


def _describe(spec: dict) -> str:
    return layer_class(spec["type"]).entry.title + (
        f" {layer_class(spec['type']).size_text(spec)}" if layer_class(spec["type"])
        .size_text(spec) else "")


def generate_pytorch_script(export: TrainingExport, script_name: str, init_name: str,
                            data_name: str) -> str:
    """Source of the stand-alone PyTorch training script (see the module docstring)."""
    sections = script_sections(export, init_name, data_name)
    exp = export.experiment
    header = Template(SCRIPT_HEADER).substitute(
        TITLE=_docstring_safe(exp.get("name") or Path(export.source).stem),
        SOURCE=_docstring_safe(Path(export.source).name), SCRIPT=_docstring_safe(script_name),
        INIT=_docstring_safe(init_name), DATA=_docstring_safe(data_name),
        LAYERS=_docstring_safe(network_text(exp)))
    return "\n\n\n".join([header.strip("\n"), *(s.strip("\n") for s in sections.values()),
                          SCRIPT_MAIN.strip("\n")]) + "\n"


def network_text(experiment: dict) -> str:
    """One line per layer: ``  0  Dense 8``."""
    return "\n".join(f"  {i:>3}  {_describe(s)}"
                     for i, s in enumerate(experiment["model"]["layers"]))


def _docstring_safe(text: str) -> str:
    return str(text).replace("\\", "/").replace('"', "'")


def companion_names(path: Path) -> tuple[Path, Path]:
    """``(<stem>_init.safetensors, <stem>_data.npz)`` next to ``path``."""
    return (path.with_name(f"{path.stem}_init.safetensors"),
            path.with_name(f"{path.stem}_data.npz"))


def write_companions(export: TrainingExport, path: Path) -> tuple[Path, Path]:
    """Write the initial weights and the prepared data next to ``path``; return them."""
    init_path, data_path = companion_names(path)
    prepared = export.prepared
    mf = ModelFile.from_model(export.state, export.experiment, prepared.standardizer,
                              prepared.train.class_names, source=str(init_path),
                              input_shape=prepared.train.input_shape)
    write_model_file(init_path, mf, "safetensors")
    buffer = io.BytesIO()
    np.savez(buffer, **data_arrays(export))
    try:
        write_bytes_atomic(data_path, buffer.getvalue())
    except OSError as exc:
        raise WeightsError(f"{data_path}: cannot be written ({exc.strerror or exc})") from None
    return init_path, data_path


def write_pytorch_export(source, path) -> list[Path]:
    """Write ``path`` (the script) and its two companions; return the files written.

    Parameters
    ----------
    source : str, Path or TrainingExport
        An experiment file, a model file, or what :func:`training_export` made of one.
    path : str or Path
        The script to write (``.py``).

    Raises
    ------
    WorkbenchError
        See :func:`training_export`; a layer, loss, optimizer or schedule without a
        PyTorch translation; a file that cannot be written.
    """
    path = Path(path)
    export = source if isinstance(source, TrainingExport) else training_export(source)
    init_path, data_path = companion_names(path)
    text = generate_pytorch_script(export, path.name, init_path.name, data_path.name)
    write_companions(export, path)
    try:
        write_text_atomic(path, text)
    except OSError as exc:
        raise WeightsError(f"{path}: cannot be written ({exc.strerror or exc})") from None
    return [path, init_path, data_path]
