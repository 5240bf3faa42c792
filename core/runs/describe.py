"""A run's data and network in a few words, for the runs table.

``describe_data({"source": "spiral", "samples": 600, ...})`` → ``"spiral (600 samples)"``;
``describe_network(layers, 2)`` → ``"2-32-32-3 relu, softmax"``: the widths of the layers
that have one, then the other layer types in order of first appearance.
"""

from __future__ import annotations

from pathlib import PurePath

from core.nn.layers.base import layer_class
from core.nn.model import normalize_layers


def describe_data(spec: dict) -> str:
    """The data section in a few words: the source, or the file name for files."""
    source = str(spec.get("source", "?"))
    if "path" in spec:
        return f"{PurePath(str(spec['path'])).name} ({source})"
    if "samples" in spec:
        return f"{source} ({spec['samples']} samples)"
    return source


def describe_network(layers: list, n_inputs: int | None = None) -> str:
    """The layer stack in a few words: ``"2-32-32-3 relu, softmax"``."""
    widths = [] if n_inputs is None else [str(n_inputs)]
    others: list[str] = []
    for spec in normalize_layers(layers):
        size = layer_class(spec["type"]).size_text(spec)
        if size:
            widths.append(size)
        elif spec["type"] not in others:
            others.append(spec["type"])
    return " ".join(part for part in ("-".join(widths), ", ".join(others)) if part)
