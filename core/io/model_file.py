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
anything is unpacked (:mod:`core.files.npz_archive`; budgets in :mod:`core.files.read_limits`), a
``.safetensors`` header is checked (:mod:`core.files.safetensors_format`: sizes, offsets,
overlaps, dtype × shape = byte length) before any tensor is built, damaged or truncated
files give one sentence naming the file, every tensor must be finite, and class names
must match the network's outputs. A file is read completely and checked before anything is handed to a model, so
nothing is ever loaded half-way. Every write goes through a temporary file and
``os.replace``: a failure mid-write leaves the previous file intact.
"""

from __future__ import annotations

import io
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.errors import WeightsError, WorkbenchError
from core.files import strict_json
from core.files.atomic_write import write_bytes_atomic
from core.files.npz_archive import read_npz
from core.files.read_limits import (
    MAX_EXPERIMENT_BYTES,
    MAX_MODEL_BYTES,
    MAX_TEXT_CHARS,
    read_regular_bytes,
    size_text,
)
from core.files.safetensors_format import MAX_HEADER_BYTES, parse_safetensors

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
                   class_names=None, source: str = "model") -> "ModelFile":
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


# ---------------------------------------------------------------- writing

def save_model_npz(path, model_or_state, experiment: dict | None, standardizer=None,
                   class_names=None) -> None:
    """Write a model file in NumPy ``.npz`` format, atomically.

    Parameters
    ----------
    path : str or Path
        Destination; the previous file there survives any failure.
    model_or_state : Model or dict
        A :class:`core.nn.model.Model` or its ``state_dict()``.
    experiment : dict or None
        The experiment describing the network, stored as JSON text under ``"experiment"``.
    standardizer : Standardizer or dict, optional
        Object with ``to_arrays()`` or a dict ``{"mean": (F,), "std": (F,)}``.
    class_names : list of str, optional

    Raises
    ------
    WeightsError
        A name is reserved, a weight is not finite, the statistics do not fit.
    """
    mf = ModelFile.from_model(model_or_state, experiment, standardizer, class_names, str(path))
    write_model_file(path, mf)


def save_model_safetensors(path, model_or_state, experiment: dict | None, standardizer=None,
                           class_names=None) -> None:
    """Write a model file in ``.safetensors`` format, atomically.

    Tensors keep their state_dict names (plus ``preprocess.mean``/``preprocess.std`` when
    standardized); the experiment JSON, the class names (JSON list) and the preprocess flag
    go into the string metadata. Parameters as :func:`save_model_npz`.
    """
    mf = ModelFile.from_model(model_or_state, experiment, standardizer, class_names, str(path))
    write_model_file(path, mf, fmt="safetensors")


def model_file_bytes(model_file: ModelFile, fmt: str = "npz", path=None) -> bytes:
    """The bytes of a model file in format ``fmt`` (``"npz"`` or ``"safetensors"``), for
    writers that place the file themselves (``train`` writes its outputs as one set)."""
    if fmt == "npz":
        return _npz_bytes(model_file)
    if fmt == "safetensors":
        return _safetensors_bytes(model_file, Path(path or model_file.source))
    raise WeightsError(f"{path or model_file.source}: cannot write model format {fmt!r}; "
                       "expected npz or safetensors")


def write_model_file(path, model_file: ModelFile, fmt: str | None = None) -> None:
    """Write an already checked :class:`ModelFile` as ``fmt`` (default: from the suffix)."""
    path = Path(path)
    fmt = fmt or _format_of(path)
    data = model_file_bytes(model_file, fmt, path)
    try:
        write_bytes_atomic(path, data)
    except OSError as exc:
        raise WeightsError(f"{path}: cannot be written ({exc.strerror or exc})") from None


def _npz_bytes(mf: ModelFile) -> bytes:
    arrays = dict(mf.state)
    if mf.preprocess is not None:
        arrays["preprocess.mean"] = mf.preprocess["mean"]
        arrays["preprocess.std"] = mf.preprocess["std"]
    if mf.experiment is not None:
        arrays["experiment"] = np.array([strict_json.dumps(mf.experiment)])
    if mf.class_names is not None:
        arrays["classes"] = np.array(mf.class_names, dtype=np.str_)
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()


def _safetensors_bytes(mf: ModelFile, path: Path) -> bytes:
    try:
        from safetensors.numpy import save
    except ImportError:
        raise WeightsError(f"{path}: writing .safetensors needs the safetensors package, "
                           "which installing the workbench brings (python3 -m pip install "
                           "safetensors)") from None
    tensors = {k: np.array(v, order="C", copy=True) for k, v in mf.state.items()}
    metadata = {"format": FORMAT_TAG,
                "preprocess": "standardize" if mf.preprocess is not None else "none"}
    if mf.preprocess is not None:
        tensors["preprocess.mean"] = np.array(mf.preprocess["mean"], order="C", copy=True)
        tensors["preprocess.std"] = np.array(mf.preprocess["std"], order="C", copy=True)
    if mf.experiment is not None:
        metadata["experiment"] = strict_json.dumps(mf.experiment)
    if mf.class_names is not None:
        metadata["classes"] = strict_json.dumps(mf.class_names)
    return save(tensors, metadata=metadata)


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
        _check_tensor(name, arr, source)
        out[name] = arr
    return out


def _preprocess_of(standardizer, source: str, width: int | None) -> dict | None:
    if standardizer is None:
        return None
    arrays = standardizer.to_arrays() if hasattr(standardizer, "to_arrays") else standardizer
    if not isinstance(arrays, dict) or "mean" not in arrays or "std" not in arrays:
        raise WeightsError(f"{source}: the standardization must give arrays \"mean\" and \"std\"")
    return _check_preprocess(arrays["mean"], arrays["std"], source, width)


def _check_preprocess(mean, std, source: str, width: int | None = None) -> dict:
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
    need (say, a data file that moved) no longer validates: see :func:`_normalized_experiment`.
    """
    if not isinstance(experiment, dict):
        raise WeightsError(f"{source}: the experiment must be a JSON object, got "
                           f"{type(experiment).__name__}")
    try:
        doc = json.loads(json.dumps(experiment, ensure_ascii=False, allow_nan=False))
    except (TypeError, ValueError, RecursionError) as exc:
        raise WeightsError(f"{source}: the experiment cannot be stored as JSON ({exc})") \
            from None
    return _normalized_experiment(doc, source)


def _normalized_experiment(doc, source: str) -> dict:
    """``doc`` normalized; if only sections the network does not need (e.g. the data source)
    fail to validate, the stored document is kept with its model and training normalized."""
    from core import experiment as experiment_module  # imports the registries
    try:
        return experiment_module.normalize(doc)
    except WorkbenchError as exc:
        first_error = exc
    if isinstance(doc, dict) and isinstance(doc.get("model"), dict):
        try:
            from core.nn.model import normalize_layers
            kept = dict(doc)
            kept["model"] = {"layers": normalize_layers(doc["model"].get("layers"),
                                                        "model.layers")}
            kept["training"] = experiment_module.normalize_training(doc.get("training", {}))
            return kept
        except WorkbenchError as exc:
            first_error = exc
    raise WeightsError(f"{source}: the experiment is not valid: {first_error}") from None


def _check_tensor(name: str, arr: np.ndarray, source: str) -> None:
    if arr.dtype.kind not in "fiu" or (arr.dtype.kind == "f" and arr.dtype.itemsize > 8):
        raise WeightsError(f"{source}: tensor {name!r} has data type {arr.dtype}, expected "
                           "floating-point or integer numbers")
    if arr.dtype.kind == "f" and not np.isfinite(arr).all():
        raise WeightsError(f"{source}: tensor {name!r} holds non-finite values (NaN or "
                           "infinity); the training probably diverged")


# ---------------------------------------------------------------- reading

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
        experiment = _normalized_experiment(doc, source)
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


def build_model(model_file: ModelFile, backend=None):
    """The network a model file describes, with its weights loaded.

    The input width is the first dense layer's ``in_features`` (``weight.shape[1]``) or a
    leading batch norm's width; failing those, the length of the standardization
    statistics. They must agree.

    Parameters
    ----------
    model_file : ModelFile
    backend : Backend or str, optional
        Default: the CPU with the experiment's ``training.dtype``.

    Raises
    ------
    WeightsError
        The file holds no experiment, or the weights do not fit it (every mismatched name
        and shape listed).
    """
    from core.backend.devices import get_backend
    from core.nn.model import Model

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

    ``None`` when nothing tells (no dense/batch-norm weights where expected, no statistics).
    """
    width = None
    for i, spec in enumerate(layers):
        weight = state.get(f"{i}.weight")
        if spec["type"] == "dense":
            if weight is not None and weight.ndim == 2:
                width = int(weight.shape[1])
            break
        if spec["type"] == "batch_norm":
            if weight is not None and weight.ndim == 1:
                width = int(weight.shape[0])
            break
    if preprocess is not None:
        n = len(preprocess["mean"])
        if width is not None and n != width:
            raise WeightsError(f"{source}: the standardization covers {n} features but the "
                               f"first layer's weights take {width} inputs")
        width = n
    return width


def _format_of(path: Path) -> str:
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


def _read(path: Path) -> tuple[dict, str | None, list | None]:
    """(arrays, experiment JSON text or None, class names or None) of a model file."""
    fmt = _format_of(path)
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
        _check_tensor(name, arr, source)
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
    layers = mf.experiment["model"]["layers"]
    dense = [i for i, spec in enumerate(layers) if spec.get("type") == "dense"]
    weight = mf.state.get(f"{dense[-1]}.weight") if dense else None
    if weight is None or weight.ndim != 2:
        return
    outputs = int(weight.shape[0])
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
        preprocess = _check_preprocess(arrays["preprocess.mean"], arrays["preprocess.std"],
                                       source)
    state = {k: v for k, v in arrays.items() if not k.startswith("preprocess.")}
    return state, preprocess


def parse_npz(data: bytes, source: str = "weights") -> dict:
    """The arrays of an ``.npz`` model archive held in memory (see :func:`load_model_file`)."""
    return read_npz(io.BytesIO(data), source, WeightsError, budget=MAX_MODEL_BYTES,
                    check_name=_name_refusal, check_array=_array_refusal, kinds="fiuU")
