"""The network diagram's columns, without drawing them: which columns a layer stack makes
(:func:`layout_columns`), their captions in the interface's language, which neurons of a
column are drawn and where (:func:`shown_rows`, :func:`neuron_y`), which connections
(:func:`strongest_connections`), and which layers are frozen now. The diagram
(:mod:`workbench.dashboard.network_diagram_panel`), the Explain-step diagram and the
decision boundary's hover title share them.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication

from core.nn.layers.base import as_shape, flat_width, layer_class
from workbench.i18n import core_texts

#: Neurons drawn per column at most, and connections drawn per layer (the strongest).
MAX_NEURONS = 16
MAX_CONNECTIONS = 400


def layout_columns(specs, input_width) -> list[dict]:
    """Columns of the diagram: the input, then one per layer with diagram weights.

    Returns a list of ``{"title", "width", "weight", "bias", "notes"}``; ``weight`` and
    ``bias`` name the parameters that connect the previous column to this one and fill its
    neurons (None for the input); ``notes`` are the titles of the layers after it.
    ``input_width`` may be an image shape ``(C, H, W)``: a column then stands for the
    flattened values its noted layers (convolutions, poolings, flatten) end with.
    """
    shape = as_shape(input_width)
    width = flat_width(shape)
    columns = [{"title": "input", "width": width, "weight": None, "bias": None,
                "notes": []}]
    for i, spec in enumerate(specs):
        cls = layer_class(spec["type"])
        shape = as_shape(cls.output_shape(spec, shape))
        width = flat_width(shape)
        if cls.diagram_weights is None:
            columns[-1]["notes"].append(cls.entry.title)
            columns[-1]["width"] = width
            continue
        weight, bias = cls.diagram_weights
        size = cls.size_text(spec)
        columns.append({"title": f"{cls.entry.title} {size}" if size else cls.entry.title,
                        "width": width, "weight": f"{i}.{weight}", "bias": f"{i}.{bias}",
                        "notes": [], "frozen": bool(spec.get("frozen"))})
    if len(columns) > 1:
        columns[-1]["title"] = "output " + str(columns[-1]["width"])
    return columns


def _tr(text: str) -> str:
    return QCoreApplication.translate("NetworkPanel", text)


def column_caption(title: str) -> str:
    """A column's title as :func:`layout_columns` writes it ("input", "Dense 32",
    "output 3") in the interface's language."""
    if title == "input":
        return _tr("input")
    name, _space, size = title.rpartition(" ")
    if name == "output" and size.isdigit():
        return _tr("output {}").format(size)
    if size.isdigit():
        return f"{core_texts.translated(core_texts.REGISTRY, name)} {size}"
    return core_texts.translated(core_texts.REGISTRY, title)


def frozen_columns(run, columns) -> list[bool]:
    """Whether each column after the input belongs to a frozen layer now (a layer
    (un)frozen during a run is in the run's experiment, not in the layers it started with)."""
    layers = (getattr(run, "experiment", None) or {}).get("model", {}).get("layers", [])
    out = []
    for column in columns[1:]:
        i = int(column["weight"].split(".", 1)[0])
        out.append(i < len(layers) and bool(layers[i].get("frozen")))
    return out


def shown_rows(width: int) -> np.ndarray:
    """Which neurons of a column are drawn: all, or the first MAX_NEURONS."""
    return np.arange(min(width, MAX_NEURONS))


def neuron_y(count: int) -> np.ndarray:
    """Vertical positions of ``count`` neurons, centred on 0, spacing 1."""
    return np.arange(count, dtype=np.float64)[::-1] - (count - 1) / 2.0


def strongest_connections(weight: np.ndarray, rows: np.ndarray, cols: np.ndarray,
                          cap: int = MAX_CONNECTIONS):
    """``(out_index, in_index, value)`` of the at most ``cap`` largest |w| among shown neurons."""
    sub = np.asarray(weight)[np.ix_(rows, cols)]
    flat = sub.ravel()
    if flat.size > cap:
        keep = np.argpartition(np.abs(flat), flat.size - cap)[flat.size - cap:]
    else:
        keep = np.arange(flat.size)
    out_i, in_i = np.unravel_index(keep, sub.shape)
    return out_i, in_i, flat[keep]
