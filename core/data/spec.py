"""The experiment's ``data`` section: validate it, load the data, split and standardize.

A data spec names a registered source and its fields, plus three fields every source
shares::

    {"source": "spiral", "classes": 3, "samples": 600, "noise": 0.1,
     "test_fraction": 0.2, "standardize": true, "seed": 0}
    {"source": "csv", "path": "data.csv", "target": "label", "task": "auto"}
    {"source": "csv", "path": "penguins.csv", "target": "species",
     "columns": {"island": "categorical", "year": "ignore"},
     "missing_values": ["", "NA"], "impute": "median"}
    {"source": "iris"}

A CSV source's ``columns`` sets the role of a column by name (``"numeric"``,
``"categorical"`` or ``"ignore"``; the others are detected: :mod:`core.data.column_roles`);
``missing_values`` lists the cells that mean "missing"; ``impute`` says what a missing
number becomes (``"median"``, ``"mean"`` of the training rows, or ``"drop"`` the row).
The encoding is learned on the training rows only (:mod:`core.data.table_encoding`).

Relative file paths resolve against the experiment file's folder (``base_dir``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core import registry, wording
from core.data.column_roles import normalize_columns, normalize_missing
from core.data.csvfile import load_csv
from core.data.dataset import Dataset, Standardizer, check_inputs, split, summarize
from core.data.feature_crosses import DEFAULT_FEATURES, PlaneInputs, cross, normalize_features
from core.data.idx import load_idx
from core.data.image_folder import load_image_folder
from core.data.image_split import split_images
from core.data.npzfile import load_npz
from core.data.table_encoding import IMPUTE, TableEncoding
from core.errors import SpecError
from core.progress import report
from core.registry import Param, register

COMMON_PARAMS = (
    Param("test_fraction", "float", 0.2, "Share of the rows held out for validation, never "
          "trained on, to measure how well the network generalizes (0 ≤ f < 1).", min=0, max=1),
    Param("standardize", "bool", True, "Rescale each input feature to mean 0 and standard "
          "deviation 1, using training rows only."),
    Param("seed", "int", 0, "Random seed for generating and splitting the data: the same "
          "seed gives the same rows.", min=0),
)
#: Fields of file sources checked here rather than by the registry (a name, a dict, a list).
_SPECIAL = ("target", "columns", "missing_values")
TASK = Param("task", "choice", "auto", "Classification (predict a class) or regression "
             "(predict a number); auto guesses from the target column.",
             choices=("auto", "classification", "regression"))


@dataclass(eq=False)
class PreparedData:
    """Everything the trainer needs from the data section.

    Attributes
    ----------
    train, val : Dataset
        The training and validation parts (standardized if asked); ``val`` may be empty.
    standardizer : Standardizer or None
        Fitted on ``train`` before standardizing; None when ``standardize`` is false. With
        a table ``encoding``, it carries it (``standardizer.encoding``; mean 0 and std 1
        when ``standardize`` is false), so that a model file saved with it records both.
    plane : PlaneInputs or None
        For a 2-D set with crossed features (``features`` other than x1, x2): the points
        in the (x1, x2) plane and the way from a point to the network's inputs.
    spec : dict
        The normalized data spec.
    summary : dict
        :func:`summarize` of the whole data set plus ``source``, ``train_rows``,
        ``val_rows`` (and ``path`` for files; ``columns`` for tables, and with a table
        encoding ``dropped_rows`` and ``unknown_in_validation``).
    encoding : TableEncoding or None
        How a table's columns became inputs (learned on ``train``), or None.
    """

    train: Dataset
    val: Dataset
    standardizer: Standardizer | None
    spec: dict
    summary: dict
    plane: PlaneInputs | None = None
    encoding: TableEncoding | None = None


def normalize_spec(spec: dict, path: str = "data") -> dict:
    """Validate a data spec and fill in every default.

    Returns
    -------
    dict
        ``{"source": name, <source fields>, "test_fraction", "standardize", "seed"}``.

    Raises
    ------
    SpecError
        E.g. ``data.noise: expected a number between 0 and 1, got 2``.
    """
    if not isinstance(spec, dict):
        raise SpecError(f"{path}: expected an object with a \"source\" field, got "
                        f"{_show(spec)}")
    if "source" not in spec:
        raise SpecError(f"{path}.source: missing; expected one of "
                        + ", ".join(json.dumps(n) for n in registry.names("dataset")))
    entry = registry.get("dataset", spec["source"], f"{path}.source")
    own = {p.name for p in entry.params}
    allowed = own | {p.name for p in COMMON_PARAMS} | (
        {"features"} if takes_crosses(entry.name) else set())
    for key in spec:
        if key != "source" and key not in allowed:
            raise SpecError(f"{path}.{key}: unknown field for {entry.name}; allowed: "
                            + ", ".join(json.dumps(k) for k in sorted(allowed)))
    fields = {k: v for k, v in spec.items() if k in own and k not in _SPECIAL}
    out = {"source": entry.name}
    out.update({k: v for k, v in registry.normalize(
        "dataset", {"type": entry.name, **fields}, path).items() if k != "type"})
    if "target" in own:
        target = spec.get("target")
        if target is not None and (isinstance(target, bool) or not isinstance(target, (str, int))):
            raise SpecError(f"{path}.target: expected a column name or a column index, got "
                            f"{_show(target)}")
        out["target"] = target
    if takes_crosses(entry.name):
        out["features"] = normalize_features(spec["features"], f"{path}.features") \
            if "features" in spec else list(DEFAULT_FEATURES)
    if "columns" in own:
        out["columns"] = normalize_columns(spec.get("columns"), f"{path}.columns")
        out["missing_values"] = normalize_missing(spec.get("missing_values"),
                                                  f"{path}.missing_values")
    for field in ("path", "images", "labels"):
        if field in own and not out[field].strip():
            what = "folder" if entry.name == "image_folder" else "data file"
            raise SpecError(f"{path}.{field}: missing; expected the path of the {what}")
    if "size" in out:
        if not all(float(v).is_integer() for v in out["size"]):
            raise SpecError(f"{path}.size: expected two whole numbers of pixels [height, "
                            f"width], got {_show(spec['size'])}")
        out["size"] = [int(v) for v in out["size"]]
    for p in COMMON_PARAMS:
        out[p.name] = p.coerce(spec[p.name], f"{path}.{p.name}") if p.name in spec else p.default
    if out["test_fraction"] >= 1:
        raise SpecError(f"{path}.test_fraction: expected a number ≥ 0 and below 1, got "
                        f"{_show(spec['test_fraction'])}")
    return out


def takes_crosses(source: str) -> bool:
    """Whether the data source ``source`` is a 2-D toy set that offers feature crosses."""
    entry = registry.get("dataset", source)
    return entry.group == "synthetic" and entry.extra.get("dims") == 2


def load_dataset(spec: dict, base_dir: Path | None = None, path: str = "data") -> Dataset:
    """Validate ``spec`` and load (or generate) the whole data set it describes."""
    norm = normalize_spec(spec, path)
    ds = registry.get("dataset", norm["source"]).factory(norm, base_dir)
    check_inputs(ds)
    return ds


def prepare(spec: dict, base_dir: Path | None = None, path: str = "data") -> PreparedData:
    """Validate, load, split (stratified for classes) and standardize (reporting progress
    through :func:`core.progress.report`, which may raise :class:`core.progress.Cancelled`).

    The standardizer is fitted on the training rows only and applied to both parts:
    ``x' = (x − mean_train) / std_train``.

    Raises
    ------
    SpecError
        The spec is invalid.
    DataError
        The data cannot be loaded or split (e.g. a class with a single row).
    """
    norm = normalize_spec(spec, path)
    ds = registry.get("dataset", norm["source"]).factory(norm, base_dir)
    check_inputs(ds)
    features = tuple(norm.get("features", DEFAULT_FEATURES))
    crossed = features != DEFAULT_FEATURES
    whole = _crossed(ds, features) if crossed else ds
    if norm["standardize"] and ds.table is None and isinstance(ds.X, np.ndarray) \
            and ds.X.dtype.kind == "f":  # every row, the validation part's too
        Standardizer.check_range(whole.X, whole.feature_names, ds.name)
    report(1.0, "Splitting and standardizing")
    summary = summarize(whole)
    if ds.input_shape is not None and ds.table is None and not crossed:
        train, val, standardizer = split_images(ds, norm["test_fraction"], norm["seed"],
                                                norm["standardize"])
        return _prepared(train, val, standardizer, norm, summary, ds, base_dir)
    train, val = split(ds, norm["test_fraction"], norm["seed"], stratify=True)
    plane_train, plane_val = train.X, val.X
    if crossed:
        train, val = _crossed(train, features), _crossed(val, features)
    encoding = None
    if ds.table is not None:  # learned on the training rows only
        raw = ds.table
        encoding = TableEncoding.fit(raw, train.X)
        names = encoding.feature_names
        train = train.with_inputs(encoding.transform(raw, train.X)[0], names)
        encoded_val, counts = encoding.transform(raw, val.X)
        val = val.with_inputs(encoded_val, names)
        summary.update(features=len(names), feature_names=names,
                       dropped_rows=raw.dropped_rows, unknown_in_validation=counts.unknown)
        if norm["standardize"]:
            Standardizer.check_range(np.concatenate([train.X, val.X]), names, ds.name)
    standardizer = None
    if norm["standardize"]:
        standardizer = Standardizer.fit(train.X, train.feature_names, ds.name)
    if standardizer is not None:
        train = train.with_inputs(standardizer.transform(train.X))
        val = val.with_inputs(standardizer.transform(val.X))
    elif encoding is not None:
        width = train.n_features
        standardizer = Standardizer(np.zeros(width), np.ones(width))
    if encoding is not None:
        standardizer.encoding = encoding
    plane = PlaneInputs(features, plane_train, plane_val, standardizer) if crossed else None
    return _prepared(train, val, standardizer, norm, summary, ds, base_dir, plane, encoding)


def _prepared(train, val, standardizer, norm, summary, ds, base_dir, plane=None,
              encoding=None) -> PreparedData:
    if ds.columns is not None:
        summary["columns"] = ds.columns
    summary.update(source=norm["source"], train_rows=len(train), val_rows=len(val))
    if "path" in norm:
        summary["path"] = str(resolve_path(norm["path"], base_dir))
    elif "images" in norm:
        summary["path"] = str(resolve_path(norm["images"], base_dir))
    return PreparedData(train, val, standardizer, norm, summary, plane=plane,
                        encoding=encoding)


def _crossed(ds: Dataset, features) -> Dataset:
    """``ds`` (points of the plane) with the crossed features as its inputs."""
    return Dataset(cross(ds.X, features), ds.y, ds.task, list(features),
                   None if ds.class_names is None else list(ds.class_names), ds.name)


def resolve_path(path: str, base_dir: Path | None) -> Path:
    """``path`` with ``~`` expanded; relative paths are taken from ``base_dir``."""
    try:
        p = Path(path).expanduser()
    except RuntimeError:  # "~nosuchuser/x.csv": Python cannot find that home folder
        raise SpecError(f"data.path: {path!r} starts with {path.split('/')[0]!r}, but this "
                        "computer has no such user's home folder") from None
    return p if p.is_absolute() or base_dir is None else Path(base_dir) / p


def rebase_data_path(data: dict, base_dir, must_exist: bool = False) -> dict:
    """A data section whose relative file path no longer depends on ``base_dir``.

    A relative ``path`` is resolved from the folder it was relative to, ``base_dir``, and
    made absolute: the experiment can then be saved in another folder (or kept with a
    model file, which has no folder of its own to resolve it from) and still find its
    data. The section is returned unchanged (the same object) when it names no file,
    the path is absolute already, or with ``must_exist`` the file is not there.

    Parameters
    ----------
    data : dict
        An experiment's ``data`` section (a file source has a ``path`` field).
    base_dir : str or Path
        The folder the relative path was written against.
    must_exist : bool
        Rebase only when the file is found there.

    Returns
    -------
    dict
        A new section with an absolute ``path``, or ``data`` itself.
    """
    rel = data.get("path")
    if not isinstance(rel, str) or not rel or Path(rel).is_absolute():
        return data
    candidate = Path(base_dir) / rel
    if must_exist and not candidate.exists():
        return data
    return {**data, "path": str(candidate.resolve())}


_show = wording.show_value


# ------------------------------------------------------------- file sources
_PATH_HELP = "The file to read; a relative path starts from the experiment file's folder."
_HEADER = {"auto": None, "yes": True, "no": False}

register("dataset", "csv", title="CSV file", group="file", task=None, dims=None,
         params=(Param("path", "str", "", _PATH_HELP),
                 Param("target", "str", None, "The column to predict: its header name, or its "
                       "index (0 is the first, -1 the last); empty means the last column.",
                       nullable=True),
                 TASK,
                 Param("header", "choice", "auto", "Whether the first row names the columns; "
                       "auto detects it.", choices=("auto", "yes", "no")),
                 Param("columns", "str", None, "The role of a column by name: numeric, "
                       "categorical (one-hot encoded) or ignore; others are detected.",
                       nullable=True),
                 Param("missing_values", "str", None, "The cells that mean 'missing' (default: "
                       "empty, NA, N/A, NaN, null, ?).", nullable=True),
                 Param("impute", "choice", "median", "What a missing number becomes: the "
                       "median or mean of the training rows, or drop such rows.",
                       choices=IMPUTE)),
         help="Your own table: one row per sample, one column per feature and one target "
              "column (a class label or a number).")(
    lambda spec, base_dir=None: load_csv(resolve_path(spec["path"], base_dir), spec["target"],
                                         spec["task"], _HEADER[spec["header"]],
                                         spec.get("columns"), spec.get("missing_values"),
                                         spec.get("impute", "median")))

register("dataset", "npz", title="NumPy .npz file", group="file", task=None, dims=None,
         params=(Param("path", "str", "", _PATH_HELP), TASK),
         help="Arrays saved with numpy.savez: X (one row per sample) and y (labels or "
              "targets); images of shape (N, H, W) are flattened.")(
    lambda spec, base_dir=None: load_npz(resolve_path(spec["path"], base_dir), spec["task"]))


register("dataset", "idx", title="IDX images (MNIST format)", group="images",
         task="classification", dims=None,
         params=(Param("images", "str", "", "The IDX images file (images × rows × columns, "
                       "e.g. train-images-idx3-ubyte.gz; gzip optional); a relative path "
                       "starts from the experiment file's folder."),
                 Param("labels", "str", "", "The IDX labels file, one class number per "
                       "image (e.g. train-labels-idx1-ubyte.gz)."),
                 Param("stream", "choice", "auto", "Read the images from the file batch by "
                       "batch instead of holding them in memory (an uncompressed file); auto "
                       "streams sets larger than 1 GiB as float32.",
                       choices=("auto", True, False))),
         help="Images and labels in the IDX format in which MNIST, Fashion-MNIST and KMNIST "
              "are distributed: 1-channel images for convolutional networks.")(
    lambda spec, base_dir=None: load_idx(resolve_path(spec["images"], base_dir),
                                         resolve_path(spec["labels"], base_dir),
                                         spec.get("stream", "auto")))


register("dataset", "image_folder", title="Folder of images", group="images",
         task="classification", dims=None,
         params=(Param("path", "str", "", "The folder: one sub-folder of images per class, "
                       "named after the class (cat/, dog/ …); a relative path starts from the "
                       "experiment file's folder."),
                 Param("size", "floats", [28, 28], "Every image is resized to this height "
                       "and width in pixels.", min=1, max=4096, length=2),
                 Param("grayscale", "bool", True, "Read the images as one gray channel; "
                       "otherwise as three channels (red, green, blue).")),
         help="Your own pictures, decoded with Pillow: one sub-folder per class, the class "
              "names are the sub-folder names.")(
    lambda spec, base_dir=None: load_image_folder(resolve_path(spec["path"], base_dir),
                                                  spec["size"], spec["grayscale"]))
