"""Writing model files: ``.npz`` or ``.safetensors``, atomically.

See :mod:`core.io.model_file` for what a model file holds. Everything is checked as
:meth:`ModelFile.from_model <core.io.model_file.ModelFile.from_model>` gathers it; the bytes
go through a temporary file and ``os.replace`` (:mod:`core.files.atomic_write`), so a
failure mid-write leaves the previous file intact.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np

from core.errors import WeightsError
from core.files import strict_json
from core.files.atomic_write import write_bytes_atomic
from core.io.model_file import FORMAT_TAG, ModelFile, model_format


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
    fmt = fmt or model_format(path)
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
        from safetensors.numpy import save  # noqa: PLC0415  (optional dependency)
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
