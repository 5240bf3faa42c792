"""The experiment of an ONNX model opened by :mod:`core.io.onnx_import`.

Its layers are the graph's, placed at the indices their PyTorch names give (``k.weight``
at k; identity layers where the export left a layer out), or the experiment the
workbench stored in ``metadata_props`` when its layers are the graph's. Its loss follows
the output (cross-entropy after a softmax, binary cross-entropy after a sigmoid, MSE
otherwise), and its data is a built-in data set with as many features and classes as the
network has inputs and outputs, when there is one.
"""

from __future__ import annotations

from pathlib import Path

from core import experiment as experiment_schema
from core import registry
from core.errors import WeightsError, WorkbenchError
from core.files import strict_json
from core.io.model_file import normalized_experiment

#: Layer types an ONNX graph does not show (the exporters leave them out).
INVISIBLE = ("dropout", "identity")


def graph_experiment(walk, meta: dict, name: str, source: str) -> dict:
    """The experiment: the workbench's own (from the metadata) when its layers are those of
    the graph; else the built-in one with the graph's layers, placed by PyTorch names."""
    stored = None
    if "experiment" in meta:
        try:
            stored = normalized_experiment(strict_json.loads(meta["experiment"], source,
                                                             WeightsError), source)
        except WorkbenchError:
            stored = None
    if stored is not None:
        layers = stored["model"]["layers"]
        visible = [i for i, s in enumerate(layers) if s["type"] not in INVISIBLE]
        graph = [i for i, s in enumerate(walk.layers) if s["type"] not in INVISIBLE]
        if [layers[i]["type"] for i in visible] == [walk.layers[i]["type"] for i in graph] and \
                len(graph) == len(walk.layers):
            walk.places = visible
            return stored
    layers = _placed(walk)
    doc = experiment_schema.default_experiment()
    doc["name"] = name if stored is None else stored.get("name", name)
    doc["description"] = f"Opened from the ONNX model {Path(source).name}."
    doc["model"]["layers"] = layers
    last = layers[-1]["type"]
    doc["loss"] = {"type": {"softmax": "cross_entropy", "sigmoid": "binary_cross_entropy"}
                   .get(last, "mse")}
    data = _data_that_fits(walk, doc["data"], classification=last in ("softmax", "sigmoid"))
    if data is doc["data"]:
        doc["description"] += (" No built-in data set fits its inputs: choose your data (CSV or "
                               ".npz) on the Data tab before training it further.")
    doc["data"] = data
    return experiment_schema.normalize(doc)


def _data_that_fits(walk, default: dict, classification: bool) -> dict:
    """A built-in data set with as many features as the network has inputs (and classes as
    outputs), so that the designer shows the network's true input; else ``default``."""
    width = walk.input_width
    first = walk.weights[0].get("weight") if walk.weights else None
    if first is not None and first.ndim == 2:
        width = int(first.shape[1])
    outputs = next((int(w["weight"].shape[0]) for w in reversed(walk.weights)
                    if "weight" in w and w["weight"].ndim == 2), None)
    task = "classification" if classification else "regression"
    images = getattr(walk, "input_shape", None) is not None
    for name in registry.names("dataset"):
        entry = registry.get("dataset", name)
        extra = entry.extra
        if extra.get("dims") != width or extra.get("task") != task or not outputs:
            continue
        if images and (walk.input_shape[0] != 1 or
                       not any(p.name == "as_images" for p in entry.params)):
            continue  # an image network needs a data set of one-channel images
        found = _fitting(entry, name, task, outputs)
        if found is not None:
            return {**found, "as_images": True} if images else found
    return default


def _fitting(entry, name: str, task: str, outputs: int) -> dict | None:
    """The data spec of the built-in data set ``name`` when it has ``outputs`` targets."""
    extra = entry.extra
    if task == "regression":
        return {"source": name} if outputs == 1 else None
    if extra.get("classes") is not None:
        if extra["classes"] == outputs or (extra["classes"] == 2 and outputs == 1):
            return {"source": name}
    elif any(p.name == "classes" for p in entry.params):
        if 2 <= outputs <= 10:
            return {"source": name, "classes": outputs}
    elif outputs in (1, 2):
        return {"source": name}
    return None


def _placed(walk) -> list[dict]:
    """The graph's layers at the indices their PyTorch names give, identity layers in the
    gaps (a layer the export left out); in order when the names say nothing."""
    named = [(i, k) for i, k in enumerate(walk.names) if k is not None]
    places, position = [], 0
    ok = bool(named)
    for i in range(len(walk.layers)):
        k = walk.names[i]
        if k is not None:
            if k < position:
                ok = False
                break
            position = k
        places.append(position)
        position += 1
    if not ok or len(set(places)) != len(places):
        walk.places = list(range(len(walk.layers)))
        return walk.layers
    walk.places = places
    layers = [{"type": "identity"} for _ in range(places[-1] + 1)]
    for i, spec in enumerate(walk.layers):
        layers[places[i]] = spec
    return [registry.normalize("layer", s, "layer") for s in layers]


def stored_classes(meta: dict, source: str) -> list | None:
    if "classes" not in meta:
        return None
    try:
        classes = strict_json.loads(meta["classes"], source, WeightsError)
    except WorkbenchError:
        return None
    if isinstance(classes, list) and all(isinstance(c, str) for c in classes):
        return classes
    return None
