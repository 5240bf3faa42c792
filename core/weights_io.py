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

Reading is safe by construction: nothing is unpickled (an ``.npz`` member holding Python
objects is refused before it is read), a ``.safetensors`` header is parsed and checked
here (sizes, offsets, overlaps, dtype × shape = byte length) before any tensor is built,
damaged or truncated files give one sentence naming the file, and every tensor must be
finite. A file is read completely and checked before anything is handed to a model, so
nothing is ever loaded half-way. Every write goes through a temporary file and
``os.replace``: a failure mid-write leaves the previous file intact.
"""

from __future__ import annotations

import io
import json
import math
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.errors import WeightsError, WorkbenchError
from core.files import write_bytes_atomic

SUFFIXES = (".npz", ".safetensors")
PREPROCESS_NAMES = ("preprocess.mean", "preprocess.std")
#: Names in a file that are not parameters of the network.
RESERVED_NAMES = ("experiment", "classes") + PREPROCESS_NAMES
FORMAT_TAG = "nn-workbench-model"
#: Refuse files that claim more than this many bytes of tensors (a zip bomb, a lying header).
MAX_TOTAL_BYTES = 4 * 2**30
MAX_HEADER_BYTES = 100_000_000  # the limit the safetensors library itself applies
PICKLE_SUFFIXES = (".pt", ".pth", ".ckpt", ".pkl", ".pickle", ".joblib")

# safetensors dtype code -> little-endian NumPy dtype (the types a fully connected net uses)
SAFETENSORS_DTYPES = {"F16": "<f2", "F32": "<f4", "F64": "<f8", "I8": "i1", "I16": "<i2",
                      "I32": "<i4", "I64": "<i8", "U8": "u1", "U16": "<u2", "U32": "<u4",
                      "U64": "<u8"}


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


def write_model_file(path, model_file: ModelFile, fmt: str | None = None) -> None:
    """Write an already checked :class:`ModelFile` as ``fmt`` (default: from the suffix)."""
    path = Path(path)
    fmt = fmt or _format_of(path)
    if fmt == "npz":
        data = _npz_bytes(model_file)
    elif fmt == "safetensors":
        data = _safetensors_bytes(model_file, path)
    else:
        raise WeightsError(f"{path}: cannot write model format {fmt!r}; expected npz or "
                           "safetensors")
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
        arrays["experiment"] = np.array([json.dumps(mf.experiment, ensure_ascii=False)])
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
        metadata["experiment"] = json.dumps(mf.experiment, ensure_ascii=False)
    if mf.class_names is not None:
        metadata["classes"] = json.dumps(mf.class_names, ensure_ascii=False)
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
    except (TypeError, ValueError) as exc:
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
        One sentence naming the file: missing, unsupported suffix, pickled objects, damaged
        or truncated, a lying safetensors header, non-finite weights, an invalid experiment.
    """
    path = Path(path)
    arrays, experiment_text, classes = _read(path)
    source = str(path)
    state, preprocess = _split_state(arrays, source)
    experiment = None
    if experiment_text is not None:
        try:
            doc = json.loads(experiment_text)
        except json.JSONDecodeError as exc:
            raise WeightsError(f"{source}: the stored experiment is not valid JSON ({exc.msg})") \
                from None
        experiment = _normalized_experiment(doc, source)
    return ModelFile(state, experiment, preprocess, classes, source)


def read_state(path) -> dict:
    """The parameters and buffers of any ``.npz``/``.safetensors`` file, by state_dict name.

    For starting a training run from saved weights (``train --init``): the names and shapes
    are checked later by :meth:`core.nn.model.Model.load_state_dict`. Standardization
    statistics, the experiment and class names are left out.
    """
    path = Path(path)
    arrays, _, _ = _read(path)
    return _split_state(arrays, str(path))[0]


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
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise WeightsError(f"{source}: no such file") from None
    except IsADirectoryError:
        raise WeightsError(f"{source}: is a folder, expected a weight file") from None
    except OSError as exc:
        raise WeightsError(f"{source}: cannot be read ({exc.strerror or exc})") from None
    if fmt == "npz":
        arrays = parse_npz(data, source)
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
        for name, arr in arrays.items():
            _check_tensor(name, arr, source)
        return arrays, experiment_text, classes
    arrays, meta = parse_safetensors(data, source)
    classes = None
    if "classes" in meta:
        try:
            classes = json.loads(meta["classes"])
        except json.JSONDecodeError:
            classes = None
        if not isinstance(classes, list) or not all(isinstance(c, str) for c in classes):
            raise WeightsError(f"{source}: metadata \"classes\" must be a JSON list of strings")
    return arrays, meta.get("experiment"), classes


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
    """The arrays of an ``.npz`` archive, refusing pickles and checking every size.

    Each member's ``.npy`` header is read first: an object dtype (which would need
    unpickling) is refused before its data is touched, and the declared shape × itemsize
    must equal the bytes the member holds.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise WeightsError(f"{source}: not a valid .npz file (not a zip archive, or truncated "
                           "or damaged)") from None
    arrays: dict = {}
    total = 0
    with archive:
        for info in archive.infolist():
            if not info.filename.endswith(".npy") or info.is_dir():
                raise WeightsError(f"{source}: member {info.filename!r} is not a NumPy array "
                                   "(.npy); not a NumPy .npz file")
            name = info.filename[:-4]
            if name in arrays:
                raise WeightsError(f"{source}: array {name!r} appears twice")
            total += info.file_size
            if total > MAX_TOTAL_BYTES:
                raise WeightsError(f"{source}: claims more than {MAX_TOTAL_BYTES >> 30} GiB of "
                                   "arrays; refusing to read it")
            try:
                with archive.open(info) as fh:
                    arrays[name] = _read_npy_member(fh, info, name, source)
            except WeightsError:
                raise
            except (zipfile.BadZipFile, EOFError, zlib.error, ValueError, OSError,
                    NotImplementedError, RuntimeError) as exc:
                raise WeightsError(f"{source}: array {name!r} is damaged or truncated "
                                   f"({str(exc).strip() or type(exc).__name__})") from None
    return arrays


def _read_npy_member(fh, info: zipfile.ZipInfo, name: str, source: str) -> np.ndarray:
    fmt = np.lib.format
    version = fmt.read_magic(fh)
    if version == (1, 0):
        shape, fortran, dtype = fmt.read_array_header_1_0(fh)
    elif version == (2, 0):
        shape, fortran, dtype = fmt.read_array_header_2_0(fh)
    else:
        raise WeightsError(f"{source}: array {name!r} uses .npy format version {version}, "
                           "expected 1.0 or 2.0")
    if dtype.hasobject:
        raise WeightsError(f"{source}: array {name!r} holds Python objects (pickle), which the "
                           "workbench refuses to load")
    if dtype.kind not in "fiuU" or dtype.fields is not None or dtype.subdtype is not None:
        raise WeightsError(f"{source}: array {name!r} has data type {dtype}, expected "
                           "floating-point or integer numbers")
    nbytes = math.prod(shape) * dtype.itemsize
    header_len = fh.tell()
    if info.file_size - header_len != nbytes:
        raise WeightsError(f"{source}: array {name!r} declares shape {tuple(shape)} of "
                           f"{dtype} ({nbytes} bytes) but holds {info.file_size - header_len} "
                           "bytes")
    raw = fh.read(nbytes)
    if len(raw) != nbytes:
        raise WeightsError(f"{source}: array {name!r} is truncated")
    arr = np.frombuffer(raw, dtype=dtype, count=math.prod(shape))
    arr = arr.reshape(shape, order="F" if fortran else "C")
    return np.array(arr, dtype=dtype.newbyteorder("="), order="C", copy=True)


def parse_safetensors(data: bytes, source: str = "weights") -> tuple[dict, dict]:
    """``(tensors, metadata)`` of a ``.safetensors`` file, the header checked first.

    Layout: an 8-byte little-endian header length ``n``, ``n`` bytes of JSON
    ``{"name": {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {...}}``,
    then the tensor bytes. Every entry must have a known dtype, a shape of non-negative
    integers, ``end − begin = prod(shape) × itemsize``, offsets within the data, and the
    tensors must tile the data exactly (no overlap, no gap, nothing left over).
    """
    size = len(data)
    if size < 8:
        raise WeightsError(f"{source}: too short to be a safetensors file ({size} bytes)")
    n = int.from_bytes(data[:8], "little")
    if n > size - 8:
        raise WeightsError(f"{source}: the safetensors header claims {n} bytes but the file has "
                           f"only {size - 8} after the length field (truncated, or not a "
                           "safetensors file)")
    if n > MAX_HEADER_BYTES or n < 2:
        raise WeightsError(f"{source}: the safetensors header length {n} is out of range")

    def no_duplicates(pairs):
        keys = [k for k, _ in pairs]
        if len(set(keys)) != len(keys):
            dup = next(k for k in keys if keys.count(k) > 1)
            raise WeightsError(f"{source}: the safetensors header names {dup!r} twice")
        return dict(pairs)

    try:
        header = json.loads(data[8:8 + n].decode("utf-8"), object_pairs_hook=no_duplicates)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise WeightsError(f"{source}: the safetensors header is not valid JSON (damaged, or "
                           "not a safetensors file)") from None
    if not isinstance(header, dict):
        raise WeightsError(f"{source}: the safetensors header must be a JSON object")
    meta = header.pop("__metadata__", None) or {}
    if not isinstance(meta, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                             for k, v in meta.items()):
        raise WeightsError(f"{source}: safetensors __metadata__ must map strings to strings")
    buffer = memoryview(data)[8 + n:]
    data_len = len(buffer)
    entries = []
    for name, entry in header.items():
        where = f"{source}: tensor {name!r}"
        if not isinstance(entry, dict) or set(entry) != {"dtype", "shape", "data_offsets"}:
            raise WeightsError(f"{where}: expected exactly \"dtype\", \"shape\" and "
                               "\"data_offsets\" in the header")
        code, shape, offsets = entry["dtype"], entry["shape"], entry["data_offsets"]
        if code not in SAFETENSORS_DTYPES:
            raise WeightsError(f"{where} has data type {code!r}, which the workbench does not "
                               "read (expected F16, F32, F64 or an integer type)")
        if not isinstance(shape, list) or not all(_is_count(d) for d in shape):
            raise WeightsError(f"{where}: shape must be a list of non-negative integers, got "
                               f"{shape!r}")
        if not isinstance(offsets, list) or len(offsets) != 2 or \
                not all(_is_count(o) for o in offsets):
            raise WeightsError(f"{where}: data_offsets must be two non-negative integers, got "
                               f"{offsets!r}")
        begin, end = offsets
        if not begin <= end <= data_len:
            raise WeightsError(f"{where}: data_offsets [{begin}, {end}] lie outside the "
                               f"{data_len} data bytes of the file")
        dtype = np.dtype(SAFETENSORS_DTYPES[code])
        nbytes = math.prod(shape) * dtype.itemsize
        if end - begin != nbytes:
            raise WeightsError(f"{where}: shape {tuple(shape)} of {code} needs {nbytes} bytes "
                               f"but data_offsets [{begin}, {end}] span {end - begin}")
        entries.append((begin, end, name, dtype, shape))
    order = {name: k for k, name in enumerate(_natural_order(header))}
    entries.sort(key=lambda e: (e[0], e[1]))
    reach = 0
    for begin, end, name, _, _ in entries:
        if begin < reach:
            raise WeightsError(f"{source}: tensor {name!r} overlaps another tensor's bytes "
                               f"(data_offsets start at {begin}, before {reach})")
        reach = max(reach, end)
    position = 0
    for begin, end, name, _, _ in entries:
        if begin > position:
            raise WeightsError(f"{source}: bytes {position}–{begin} of the data belong to no "
                               f"tensor (a gap before {name!r})")
        position = end
    if position != data_len:
        raise WeightsError(f"{source}: the tensors cover {position} of the {data_len} data "
                           "bytes; the rest belongs to no tensor")
    tensors = {}
    for begin, end, name, dtype, shape in sorted(entries, key=lambda e: order[e[2]]):
        arr = np.frombuffer(buffer[begin:end], dtype=dtype).reshape(shape)
        tensors[name] = np.array(arr, dtype=dtype.newbyteorder("="), copy=True)
        _check_tensor(name, tensors[name], source)
    return tensors, meta


def _is_count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _natural_order(names) -> list:
    """``"2.bias"`` after ``"1.weight"``, before ``"10.weight"``: layer order for state names."""
    within = ("weight", "bias", "running_mean", "running_var", "num_batches_tracked")

    def key(name):
        head, _, rest = name.partition(".")
        if not head.isdigit():
            return (1, 0, 0, name)
        return (0, int(head), within.index(rest) if rest in within else len(within), rest)
    return sorted(names, key=key)
