"""The experiment: one versioned JSON document describes a whole training run.

::

    {"format": 1,
     "data": {"source": "spiral", "classes": 3, "samples": 600, "noise": 0.1,
              "test_fraction": 0.2, "standardize": true, "seed": 0},
     "model": {"layers": [{"type": "dense", "units": 16, "init": "he_uniform"},
                          {"type": "relu"}, {"type": "dense", "units": 3},
                          {"type": "softmax"}]},
     "loss": {"type": "cross_entropy"},
     "optimizer": {"type": "adam", "lr": 0.01},
     "schedule": {"type": "exponential", "gamma": 0.99},
     "training": {"epochs": 100, "batch_size": 32, "seed": 0, "dtype": "float32",
                  "backend": "auto", "l1": 0, "l2": 0}}

:func:`normalize` validates a document and fills every default, so a normalized
document saved and loaded again is identical. Errors name the JSON path:
``model.layers[3].units: expected a positive integer, got "ten"``. Reading and writing the
file is :mod:`core.io.experiment_file`.
"""

from __future__ import annotations

from core import registry
from core.data.spec import normalize_spec
from core.errors import SpecError
from core.files import strict_json
from core.nn.model import normalize_layers
from core.registry import Param

FORMAT = 1
SECTIONS = ("format", "name", "description", "data", "model", "loss", "optimizer", "schedule",
            "training")

TRAINING_PARAMS = (
    Param("epochs", "int", 100, "one epoch is one pass over the whole training set", min=0,
          min_exclusive=True, max=1_000_000),
    Param("seed", "int", 0, "seeds the initial weights, shuffling and dropout", min=0,
          max=2**31 - 1),
    Param("dtype", "choice", "float32", "floating-point precision of the engine",
          choices=("float32", "float64")),
    Param("backend", "choice", "auto", "where the engine runs: CPU (NumPy) or GPU (CuPy)",
          choices=("auto", "cpu", "gpu")),
    Param("l1", "float", 0.0, "L1 penalty λ₁·Σ|w| on the weights (drives weights to 0)", min=0,
          max=10),
    Param("l2", "float", 0.0, "L2 penalty (λ₂/2)·Σw² on the weights (keeps weights small)",
          min=0, max=10),
    Param("shuffle", "bool", True, "shuffle the training set at the start of every epoch"),
    Param("early_stopping", "int", 0, "stop when the validation loss has not improved for this "
          "many epochs (0: off)", min=0, max=100_000),
    Param("restore_best", "bool", True, "with early stopping, go back to the weights of the "
          "best epoch"),
)
BATCH_HELP = ("samples per iteration: \"full\" = batch gradient descent (the whole training set "
              "each iteration), 1 = stochastic gradient descent (one sample), N = mini-batch")


def default_experiment() -> dict:
    """The built-in experiment: 3-class spiral, a small ReLU network, Adam."""
    return normalize({
        "format": FORMAT,
        "name": "Spiral (3 classes)",
        "data": {"source": "spiral", "classes": 3, "samples": 600, "noise": 0.1,
                 "test_fraction": 0.2, "standardize": True, "seed": 0},
        "model": {"layers": [{"type": "dense", "units": 32, "init": "he_uniform"},
                             {"type": "relu"},
                             {"type": "dense", "units": 32, "init": "he_uniform"},
                             {"type": "relu"},
                             {"type": "dense", "units": 3}, {"type": "softmax"}]},
        "loss": {"type": "cross_entropy"},
        "optimizer": {"type": "adam", "lr": 0.01},
        "schedule": {"type": "constant"},
        "training": {"epochs": 200, "batch_size": 32, "seed": 0},
    })


def _show(value) -> str:
    """A value as JSON for a message, cut short when long."""
    text = strict_json.dumps(value)
    return text if len(text) <= 60 else text[:50] + " …"


def _batch_size(value, path: str):
    if value == "full":
        return "full"
    if isinstance(value, bool) or not isinstance(value, (int, float)) or \
            (isinstance(value, float) and not value.is_integer()) or value < 1:
        raise SpecError(f"{path}: expected \"full\" or a positive integer, got "
                        f"{_show(value)}")
    return int(value)


def normalize(doc) -> dict:
    """Validate an experiment document and return it with every default filled in."""
    if not isinstance(doc, dict):
        raise SpecError(f"the experiment must be a JSON object, got {type(doc).__name__}")
    unknown = [k for k in doc if k not in SECTIONS]
    if unknown:
        raise SpecError(f"{unknown[0]}: unknown section; allowed: {', '.join(SECTIONS)}")
    fmt = doc.get("format", FORMAT)
    if isinstance(fmt, bool) or fmt != FORMAT:  # true == 1 in Python, not in the format
        newer = isinstance(fmt, int) and not isinstance(fmt, bool) and fmt > FORMAT
        raise SpecError(f"format: expected {FORMAT}, got {_show(fmt)}"
                        + (" (a file from a newer version of the workbench?)" if newer else ""))
    for key in ("data", "model"):
        if key not in doc:
            raise SpecError(f"{key}: missing; an experiment needs \"data\" and \"model\"")
    out = {"format": FORMAT}
    for key in ("name", "description"):
        if key in doc:
            if not isinstance(doc[key], str):
                raise SpecError(f"{key}: expected a text string, got {_show(doc[key])}")
            out[key] = doc[key]
    out["data"] = normalize_spec(doc["data"], "data")
    model = doc["model"]
    if not isinstance(model, dict) or "layers" not in model:
        raise SpecError("model: expected an object with a \"layers\" list")
    extra = [k for k in model if k != "layers"]
    if extra:
        raise SpecError(f"model.{extra[0]}: unknown field; allowed: \"layers\"")
    out["model"] = {"layers": normalize_layers(model["layers"], "model.layers")}
    out["loss"] = registry.normalize("loss", doc.get("loss", "cross_entropy"), "loss")
    out["optimizer"] = registry.normalize("optimizer", doc.get("optimizer", "adam"), "optimizer")
    out["schedule"] = registry.normalize("schedule", doc.get("schedule", "constant"), "schedule")
    out["training"] = normalize_training(doc.get("training", {}))
    return out


def normalize_training(section, path: str = "training") -> dict:
    if not isinstance(section, dict):
        raise SpecError(f"{path}: expected an object, got {_show(section)}")
    known = {p.name for p in TRAINING_PARAMS} | {"batch_size"}
    for key in section:
        if key not in known:
            raise SpecError(f"{path}.{key}: unknown field; allowed: {', '.join(sorted(known))}")
    out = {}
    for p in TRAINING_PARAMS[:1]:
        out[p.name] = p.coerce(section[p.name], f"{path}.{p.name}") if p.name in section \
            else p.default
    out["batch_size"] = _batch_size(section.get("batch_size", 32), f"{path}.batch_size")
    for p in TRAINING_PARAMS[1:]:
        out[p.name] = p.coerce(section[p.name], f"{path}.{p.name}") if p.name in section \
            else p.default
    return out
