"""Reading model files: ``.npz`` or ``.safetensors``, checked completely before use.

See :mod:`core.io.model_file` for what a model file holds and the guarantees; this module
reads one (:func:`load_model_file`, or only its weights, :func:`read_state`).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from core.errors import WeightsError
from core.files import strict_json
from core.files.npz_archive import read_npz
from core.files.read_limits import (
    MAX_EXPERIMENT_BYTES,
    MAX_MODEL_BYTES,
    MAX_TEXT_CHARS,
    read_regular_bytes,
    size_text,
)
from core.files.safetensors_format import MAX_HEADER_BYTES, parse_safetensors
from core.io.model_file import (
    PREPROCESS_NAMES,
    RESERVED_NAMES,
    STATE_NAME,
    ModelFile,
    check_fits_dtype,
    check_preprocess,
    check_tensor,
    model_format,
    normalized_experiment,
    output_width,
)


def load_model_file(path) -> ModelFile:
    """Read and check a ``.npz`` or ``.safetensors`` model file.

    Returns
    -------
    ModelFile
        Weights, the (normalized) experiment, standardization statistics and class names.

    Raises
    ------
    WeightsError
        One sentence naming the file: missing or not a regular file, unsupported suffix,
        pickled objects, damaged or truncated, a zip bomb or a lying header (see
        :mod:`core.files.read_limits` for the budgets), non-finite weights, an invalid
        experiment, class names that do not match the network's outputs.
    """
    path = Path(path)
    arrays, experiment_text, classes = _read(path)
    source = str(path)
    state, preprocess = _split_state(arrays, source)
    experiment = None
    if experiment_text is not None:
        doc = strict_json.loads(experiment_text, f"{source}: the stored experiment",
                                WeightsError)
        experiment = normalized_experiment(doc, source)
    model_file = ModelFile(state, experiment, preprocess, classes, source)
    _check_classes_fit(model_file)
    return model_file


def read_state(path, dtype: str | None = None) -> dict:
    """The parameters and buffers of any ``.npz``/``.safetensors`` file, by state_dict name.

    For starting a training run from saved weights (``train --init``): the names and shapes
    are checked later by :meth:`core.nn.model.Model.load_state_dict`. Standardization
    statistics, the experiment and class names are left out.

    Parameters
    ----------
    path : str or Path
    dtype : {"float32", "float64"}, optional
        The precision the weights will be trained in: a value that does not fit it (a
        float64 weight beyond float32's range) is refused, naming the tensor.
    """
    path = Path(path)
    arrays, _, _ = _read(path)
    state = _split_state(arrays, str(path))[0]
    if dtype is not None:
        check_fits_dtype(state, dtype, str(path))
    return state


def _read(path: Path) -> tuple[dict, str | None, list | None]:
    """(arrays, experiment JSON text or None, class names or None) of a model file."""
    fmt = model_format(path)
    source = str(path)
    if fmt == "npz":
        arrays = read_npz(path, source, WeightsError, budget=MAX_MODEL_BYTES,
                          check_name=_name_refusal, check_array=_array_refusal, kinds="fiuU",
                          what="a model file (.npz)")
        experiment_text = classes = None
        if "experiment" in arrays:
            exp = arrays.pop("experiment")
            if exp.dtype.kind != "U" or exp.size != 1:
                raise WeightsError(f"{source}: \"experiment\" must be a 1-element text array "
                                   "holding the experiment JSON")
            experiment_text = str(exp.reshape(-1)[0])
        if "classes" in arrays:
            cls = arrays.pop("classes")
            if cls.dtype.kind != "U" or cls.ndim != 1:
                raise WeightsError(f"{source}: \"classes\" must be a 1-D array of text strings")
            classes = [str(c) for c in cls]
    else:
        data = read_regular_bytes(path, MAX_MODEL_BYTES + MAX_HEADER_BYTES + 8,
                                  "a model file (.safetensors)", WeightsError)
        arrays, meta = parse_safetensors(data, source, check_name=_name_refusal)
        experiment_text, classes = meta.get("experiment"), None
        if "classes" in meta:
            classes = strict_json.loads(meta["classes"], f"{source}: metadata \"classes\"",
                                        WeightsError)
            if not isinstance(classes, list) or not all(isinstance(c, str) for c in classes):
                raise WeightsError(f"{source}: metadata \"classes\" must be a JSON list of "
                                   "strings")
            if any(len(c) > MAX_TEXT_CHARS for c in classes):
                raise WeightsError(f"{source}: a class name is longer than {MAX_TEXT_CHARS} "
                                   "characters")
        if experiment_text is not None and len(experiment_text) > MAX_EXPERIMENT_BYTES:
            raise WeightsError(f"{source}: the stored experiment is longer than "
                               f"{size_text(MAX_EXPERIMENT_BYTES)}")
    for name, arr in arrays.items():
        check_tensor(name, arr, source)
    return arrays, experiment_text, classes


def _name_refusal(name: str) -> str | None:
    """Why a member or tensor name cannot be in a model file (None when it can)."""
    if name in RESERVED_NAMES or name.startswith("preprocess.") or STATE_NAME.fullmatch(name):
        return None
    shown = repr(name) if len(name) <= 40 else repr(name[:30]) + "…"
    return (f"holds {strict_json.escape_surrogates(shown)}, which is not a parameter name "
            "(expected names such as \"0.weight\" or \"1.running_mean\"); refusing to read it")


def _array_refusal(name: str, shape: tuple, dtype: np.dtype) -> str | None:
    """Why an ``.npy`` header cannot be part of a model file, before its data is read."""
    if dtype.kind != "U":
        return None
    chars = dtype.itemsize // 4
    if name == "experiment":
        if chars > MAX_EXPERIMENT_BYTES:
            return (f"the stored experiment is longer than {size_text(MAX_EXPERIMENT_BYTES)}")
        return None
    if name == "classes":
        if chars > MAX_TEXT_CHARS:
            return (f"a class name is {chars:,} characters long; class names are at most "
                    f"{MAX_TEXT_CHARS}")
        return None
    return f"tensor {name!r} holds text, expected numbers"


def _check_classes_fit(mf: ModelFile) -> None:
    """Class names must match the network's outputs: one per output (or two for one
    sigmoid output), distinct."""
    classes = mf.class_names
    if classes is None:
        return
    if len(set(classes)) != len(classes):
        twice = next(c for c in classes if classes.count(c) > 1)
        raise WeightsError(f"{mf.source}: the class name {twice!r} appears twice; class names "
                           "must be distinct")
    if mf.experiment is None:
        return
    outputs = output_width(mf.experiment["model"]["layers"], mf.state)
    if outputs is None:
        return
    if len(classes) != outputs and not (len(classes) == 2 and outputs == 1):
        raise WeightsError(f"{mf.source}: names {len(classes)} classes but the network has "
                           f"{outputs} output{'s' if outputs != 1 else ''}; expected one class "
                           "name per output (or two for a single sigmoid output)")


def _split_state(arrays: dict, source: str) -> tuple[dict, dict | None]:
    present = [n for n in PREPROCESS_NAMES if n in arrays]
    unknown = [n for n in arrays if n.startswith("preprocess.") and n not in PREPROCESS_NAMES]
    if unknown:
        raise WeightsError(f"{source}: unknown preprocessing entry {unknown[0]!r}; expected "
                           "preprocess.mean and preprocess.std")
    preprocess = None
    if len(present) == 1:
        raise WeightsError(f"{source}: holds {present[0]} without its partner; expected both "
                           "preprocess.mean and preprocess.std")
    if present:
        preprocess = check_preprocess(arrays["preprocess.mean"], arrays["preprocess.std"],
                                       source)
    state = {k: v for k, v in arrays.items() if not k.startswith("preprocess.")}
    return state, preprocess
