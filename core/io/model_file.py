"""Model files: trained weights with the experiment that made them, in .npz or .safetensors.

A model file holds every parameter and buffer under the name PyTorch's ``nn.Sequential``
would give it (``"0.weight"`` shaped ``(out, in)``, ``"0.bias"``, a batch norm's
``"k.running_mean"`` ...), so ``torch.nn.Sequential(...).load_state_dict`` reads it as it
is. Next to the weights:

=====================  =====================================  ==============================
what                   .npz                                   .safetensors
=====================  =====================================  ==============================
standardization        arrays ``preprocess.mean``/``.std``    same tensors; metadata
                       (absent when the inputs are not        ``preprocess`` = ``standardize``
                       standardized)                          or ``none``
experiment (JSON)      ``experiment``: 1-element str array    metadata ``experiment``
class names            ``classes``: str array (optional)      metadata ``classes`` (JSON list)
=====================  =====================================  ==============================

Reading is safe by construction: only regular files are opened, nothing is unpickled (an
``.npz`` member holding Python objects is refused before it is read), member names and
declared sizes are checked from the zip directory and the ``.npy`` headers before
anything is unpacked (:mod:`core.files.npz_archive`; budgets in
:mod:`core.files.read_limits`), a ``.safetensors`` header is checked
(:mod:`core.files.safetensors_format`: sizes, offsets, overlaps, dtype × shape = byte
length) before any tensor is built, damaged or truncated files give one sentence naming
the file, every tensor must be finite, and class names must match the network's outputs.
A file is read completely and checked before anything is handed to a model, so nothing is
ever loaded half-way (:mod:`core.io.model_file_reading`). Every write goes through a
temporary file and ``os.replace``: a failure mid-write leaves the previous file intact
(:mod:`core.io.model_file_writing`).

This module holds what both sides share: :class:`ModelFile` and its checks, and rebuilding
the network a file describes (:func:`build_model`, :func:`predict`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core import experiment as experiment_schema  # "experiment" names documents here
from core.backend.devices import get_backend
from core.errors import WeightsError, WorkbenchError
from core.files.read_limits import MAX_MODEL_BYTES
from core.nn.layers.base import layer_class
from core.nn.model import Model, normalize_layers

SUFFIXES = (".npz", ".safetensors")
PREPROCESS_NAMES = ("preprocess.mean", "preprocess.std")
#: Names in a file that are not parameters of the network.
RESERVED_NAMES = ("experiment", "classes") + PREPROCESS_NAMES
FORMAT_TAG = "nn-workbench-model"
#: Refuse files that claim more than this many bytes of tensors (see core.files.read_limits).
MAX_TOTAL_BYTES = MAX_MODEL_BYTES
#: The names a parameter or buffer can have: ``"3.weight"``, ``"0.running_mean"``.
STATE_NAME = re.compile(r"[0-9]+\.[A-Za-z_][A-Za-z0-9_]*")
PICKLE_SUFFIXES = (".pt", ".pth", ".ckpt", ".pkl", ".pickle", ".joblib")


@dataclass
class ModelFile:
    """The contents of a model file, checked.

    Attributes
    ----------
    state : dict of str to numpy.ndarray
        Parameters and buffers by state_dict name (``"0.weight"`` ...), host arrays.
    experiment : dict or None
        The normalized experiment that describes the network (``None`` in a weights-only
        file, e.g. one written by PyTorch).
    preprocess : dict or None
        ``{"mean": (F,), "std": (F,)}`` float64: inputs are standardized as
        ``(x − mean) / std`` before the first layer. ``None`` when they are not.
    class_names : list of str or None
        Names of the output classes, in output order.
    source : str
        Where it was read from (used in messages).
    """

    state: dict
    experiment: dict | None = None
    preprocess: dict | None = None
    class_names: list | None = None
    source: str = "model"

    @classmethod
    def from_model(cls, model_or_state, experiment: dict | None, standardizer=None,
                   class_names=None, source: str = "model") -> ModelFile:
        """Gather a live model (or a state dict) and its companions, checked as a save would."""
        state = _state_of(model_or_state, source)
        preprocess = _preprocess_of(standardizer, source, getattr(model_or_state, "input_width",
                                                                   None))
        exp = _storable_experiment(experiment, source) if experiment is not None else None
        return cls(state, exp, preprocess, _class_names_of(class_names, source), source)

    def prepare_inputs(self, X) -> np.ndarray:
        """Inputs ``X`` (N, F) as the network expects them: standardized when the file says so.

        Returns float64 ``(X − mean) / std`` (or ``X`` unchanged, as float64).
        """
        X = np.asarray(X, dtype=np.float64)
        if self.preprocess is None:
            return X
        return (X - self.preprocess["mean"]) / self.preprocess["std"]


# ---------------------------------------------------------------- checks

def _state_of(model_or_state, source: str) -> dict:
    state = model_or_state.state_dict() if hasattr(model_or_state, "state_dict") \
        else model_or_state
    if not isinstance(state, dict):
        raise WeightsError(f"{source}: expected a model or a dict of arrays, got "
                           f"{type(state).__name__}")
    out = {}
    for name, value in state.items():
        if not isinstance(name, str) or not name or name in RESERVED_NAMES \
                or name.startswith("preprocess.") or name == "__metadata__":
            raise WeightsError(f"{source}: {name!r} cannot name a parameter (reserved or empty)")
        arr = np.asarray(value)
        check_tensor(name, arr, source)
        out[name] = arr
    return out


def _preprocess_of(standardizer, source: str, width: int | None) -> dict | None:
    if standardizer is None:
        return None
    arrays = standardizer.to_arrays() if hasattr(standardizer, "to_arrays") else standardizer
    if not isinstance(arrays, dict) or "mean" not in arrays or "std" not in arrays:
        raise WeightsError(f"{source}: the standardization must give arrays \"mean\" and \"std\"")
    return check_preprocess(arrays["mean"], arrays["std"], source, width)


def check_preprocess(mean, std, source: str, width: int | None = None) -> dict:
    """The standardization statistics as float64 vectors, checked (WeightsError if not)."""
    try:
        mean = np.asarray(mean, dtype=np.float64)
        std = np.asarray(std, dtype=np.float64)
    except (TypeError, ValueError):
        raise WeightsError(f"{source}: preprocess.mean and preprocess.std must be numbers") \
            from None
    if mean.ndim != 1 or std.shape != mean.shape:
        raise WeightsError(f"{source}: preprocess.mean and preprocess.std must be two vectors of "
                           f"the same length, got shapes {mean.shape} and {std.shape}")
    if not (np.isfinite(mean).all() and np.isfinite(std).all()) or (std <= 0).any():
        raise WeightsError(f"{source}: preprocess.std must be positive and finite and "
                           "preprocess.mean finite")
    if width is not None and len(mean) != width:
        raise WeightsError(f"{source}: the standardization covers {len(mean)} features but the "
                           f"network takes {width} inputs")
    return {"mean": mean, "std": std}


def _class_names_of(class_names, source: str) -> list | None:
    if class_names is None:
        return None
    names = list(class_names)
    if not all(isinstance(n, str) for n in names):
        raise WeightsError(f"{source}: class names must be text strings")
    return names


def _storable_experiment(experiment, source: str) -> dict:
    """The experiment as it will be stored: JSON, normalized (every default filled in, so
    readers outside the workbench find every field).

    A model is never lost at the end of training because a section the network does not
    need (say, a data file that moved) no longer validates: see :func:`normalized_experiment`.
    """
    if not isinstance(experiment, dict):
        raise WeightsError(f"{source}: the experiment must be a JSON object, got "
                           f"{type(experiment).__name__}")
    try:
        doc = json.loads(json.dumps(experiment, ensure_ascii=False, allow_nan=False))
    except (TypeError, ValueError, RecursionError) as exc:
        raise WeightsError(f"{source}: the experiment cannot be stored as JSON ({exc})") \
            from None
    return normalized_experiment(doc, source)


def normalized_experiment(doc, source: str) -> dict:
    """``doc`` normalized; if only sections the network does not need (e.g. the data source)
    fail to validate, the stored document is kept with its model and training normalized."""
    try:
        return experiment_schema.normalize(doc)
    except WorkbenchError as exc:
        first_error = exc
    if isinstance(doc, dict) and isinstance(doc.get("model"), dict):
        try:
            kept = dict(doc)
            kept["model"] = {"layers": normalize_layers(doc["model"].get("layers"),
                                                        "model.layers")}
            kept["training"] = experiment_schema.normalize_training(doc.get("training", {}))
            return kept
        except WorkbenchError as exc:
            first_error = exc
    raise WeightsError(f"{source}: the experiment is not valid: {first_error}") from None


def check_tensor(name: str, arr: np.ndarray, source: str) -> None:
    """A tensor a model file may hold: numbers (floats at most 64 bits), all finite."""
    if arr.dtype.kind not in "fiu" or (arr.dtype.kind == "f" and arr.dtype.itemsize > 8):
        raise WeightsError(f"{source}: tensor {name!r} has data type {arr.dtype}, expected "
                           "floating-point or integer numbers")
    if arr.dtype.kind == "f" and not np.isfinite(arr).all():
        raise WeightsError(f"{source}: tensor {name!r} holds non-finite values (NaN or "
                           "infinity); the training probably diverged")


def check_fits_dtype(state: dict, dtype: str, source: str) -> None:
    """Refuse weights that would become infinite in ``dtype`` (e.g. 1e300 in float32)."""
    limit = float(np.finfo(np.dtype(dtype)).max)
    for name, value in state.items():
        if value.dtype.kind == "f" and value.size and value.dtype.itemsize > \
                np.dtype(dtype).itemsize:
            largest = float(np.max(np.abs(value)))
            if largest > limit:
                raise WeightsError(f"{source}: tensor {name!r} holds {largest:.3g}, beyond the "
                                   f"largest {dtype} number ({limit:.3g}); it would become "
                                   f"infinite (train in float64 to start from these weights)")


# ---------------------------------------------------------------- the network of a file

def build_model(model_file: ModelFile, backend=None):
    """The network a model file describes, with its weights loaded.

    The input width is what the first layer whose weights fix it says (a dense layer's
    ``in_features``, ``weight.shape[1]``, or a leading batch norm's width: see
    :func:`input_width`); failing that, the length of the standardization statistics. They
    must agree.

    Parameters
    ----------
    model_file : ModelFile
    backend : Backend or str, optional
        Default: the CPU with the experiment's ``training.dtype``.

    Raises
    ------
    WeightsError
        The file holds no experiment, or the weights do not fit it (the mismatched names
        and shapes listed, the first 20 of them and how many in all).
    """
    source = model_file.source
    exp = model_file.experiment
    if exp is None:
        raise WeightsError(f"{source}: holds weights only, without the experiment that "
                           "describes the layers, so the network cannot be rebuilt from it")
    layers = exp["model"]["layers"]
    width = input_width(layers, model_file.state, model_file.preprocess, source)
    dtype = exp["training"]["dtype"]
    check_fits_dtype(model_file.state, dtype, source)
    if backend is None or isinstance(backend, str):
        backend = get_backend(backend or "cpu", dtype)
    model = Model(layers, width or 1, backend, seed=exp["training"]["seed"])
    model.load_state_dict(model_file.state, source=source)
    return model


def predict(model_file: ModelFile, X, backend=None) -> np.ndarray:
    """Outputs (N, outputs) float64 of the saved network for raw inputs ``X`` (N, F)."""
    X = np.asarray(X, dtype=np.float64)
    model = build_model(model_file, backend)
    if X.ndim != 2 or X.shape[1] != model.input_width:
        raise WeightsError(f"{model_file.source}: the network takes {model.input_width} input "
                           f"columns, got data of shape {X.shape}")
    return model.predict(model_file.prepare_inputs(X))


def input_width(layers: list, state: dict, preprocess: dict | None, source: str) -> int | None:
    """Number of network inputs implied by the weights, checked against the statistics.

    The first layer whose class :attr:`~core.nn.layers.base.Layer.fixes_input_width` (a
    dense layer, a batch norm) answers from its arrays; ``None`` when nothing tells (no such
    layer, its weights missing or misshapen, no statistics).
    """
    width = None
    for i, spec in enumerate(layers):
        cls = layer_class(spec["type"])
        if cls.fixes_input_width:
            width = cls.input_width_from_state(spec, local_state(state, i))
            break
    if preprocess is not None:
        n = len(preprocess["mean"])
        if width is not None and n != width:
            raise WeightsError(f"{source}: the standardization covers {n} features but the "
                               f"first layer's weights take {width} inputs")
        width = n
    return width


def output_width(layers: list, state: dict) -> int | None:
    """Number of network outputs implied by the weights, or ``None`` when they do not tell.

    Walking back from the last layer: the first that answers
    :meth:`~core.nn.layers.base.Layer.output_width_from_state` gives it; a layer that makes
    new features (:attr:`~core.nn.layers.base.Layer.mixes_features`) and cannot answer ends
    the search.
    """
    for i in range(len(layers) - 1, -1, -1):
        cls = layer_class(layers[i]["type"])
        width = cls.output_width_from_state(layers[i], local_state(state, i))
        if width is not None:
            return width
        if cls.mixes_features:
            return None
    return None


def local_state(state: dict, index: int) -> dict:
    """Layer ``index``'s arrays by local name: ``{"weight": state["3.weight"], …}``."""
    prefix = f"{index}."
    return {name[len(prefix):]: value for name, value in state.items()
            if name.startswith(prefix)}


def model_format(path: Path) -> str:
    """``"npz"`` or ``"safetensors"`` from the suffix of ``path``; a pickle is refused."""
    suffix = path.suffix.lower()
    if suffix in SUFFIXES:
        return suffix[1:]
    if suffix in PICKLE_SUFFIXES:
        raise WeightsError(f"{path}: {suffix} files are Python pickles, which the workbench "
                           "refuses to load (unpickling can run arbitrary code); save the "
                           "state_dict with safetensors instead")
    shown = repr(suffix) if suffix else "(no suffix)"
    raise WeightsError(f"{path}: unknown weight file type {shown}; expected a .npz or "
                       ".safetensors file")
