"""Counting a layer stack without building it: widths, parameters, stored numbers, work.

Every figure comes from the layer classes' facts (:mod:`core.nn.layers.base`), so a new
layer type is counted without a change here.
"""

from __future__ import annotations

from typing import NamedTuple

from core import registry
from core.nn.layers.base import layer_class


class LayerShape(NamedTuple):
    """A layer's output width and trained parameter count, for given inputs."""

    out_width: int
    n_params: int


def layer_shape(spec: dict, in_width: int) -> LayerShape:
    """Output width and parameter count of a normalized layer spec."""
    cls = layer_class(spec["type"])
    return LayerShape(cls.output_width(spec, in_width), cls.parameter_count(spec, in_width))


def count_parameters(specs: list[dict], input_width: int) -> int:
    """Parameters and buffers of normalized layer specs: every number the network stores."""
    width, total = input_width, 0
    for spec in specs:
        cls = layer_class(spec["type"])
        total += cls.stored_count(spec, width)
        width = cls.output_width(spec, width)
    return total


def flops_per_step(layers, input_width: int, batch_size: int) -> float:
    """Floating-point operations of one training iteration's matrix products.

    ``3·Σ matmul_flops``: per layer the forward products and the two backward products
    (``gᵀ·x`` for the weights, ``g·W`` for the input) cost the same, ``2·batch·in·out``
    for a dense layer; element-wise layers are cheap beside them and count 0. ``layers``
    are layer specs (normalized here).
    """
    width, total = int(input_width), 0.0
    for i, spec in enumerate(layers):
        spec = registry.normalize("layer", spec, f"model.layers[{i}]")
        cls = layer_class(spec["type"])
        total += cls.matmul_flops(spec, width, batch_size)
        width = cls.output_width(spec, width)
    return 3.0 * total
