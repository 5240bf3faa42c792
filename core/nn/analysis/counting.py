"""Counting a layer stack without building it: widths, parameters, stored numbers, work.

Every figure comes from the layer classes' facts (:mod:`core.nn.layers.base`), so a new
layer type is counted without a change here.
"""

from __future__ import annotations

from typing import NamedTuple

from core import registry
from core.nn.layers.base import Shape, as_shape, flat_width, layer_class


class LayerShape(NamedTuple):
    """A layer's output width and trained parameter count, for given inputs."""

    out_width: int
    n_params: int


def layer_shape(spec: dict, in_width) -> LayerShape:
    """Output width and parameter count of a normalized layer spec for inputs of width
    ``in_width`` (an int, or a per-sample shape: then ``out_width`` is the output shape).

    Raises :class:`~core.errors.SpecError` when the input does not fit the layer.
    """
    cls = layer_class(spec["type"])
    out = cls.output_shape(spec, in_width)
    return LayerShape(out if not isinstance(in_width, int) else flat_width(out),
                      cls.parameter_count(spec, in_width))


def output_shapes(specs: list[dict], input_shape) -> list[Shape]:
    """The per-sample output shape of each normalized layer spec, in order."""
    shape, shapes = as_shape(input_shape), []
    for spec in specs:
        shape = as_shape(layer_class(spec["type"]).output_shape(spec, shape))
        shapes.append(shape)
    return shapes


def count_parameters(specs: list[dict], input_width) -> int:
    """Parameters and buffers of normalized layer specs: every number the network stores
    (``input_width``: an int, or the per-sample input shape)."""
    shape, total = as_shape(input_width), 0
    for spec in specs:
        cls = layer_class(spec["type"])
        total += cls.stored_count(spec, shape)
        shape = as_shape(cls.output_shape(spec, shape))
    return total


def flops_per_step(layers, input_width, batch_size: int) -> float:
    """Floating-point operations of one training iteration's matrix products.

    ``3·Σ matmul_flops``: per layer the forward products and the two backward products
    (``gᵀ·x`` for the weights, ``g·W`` for the input) cost the same, ``2·batch·in·out``
    for a dense layer; element-wise layers are cheap beside them and count 0. ``layers``
    are layer specs (normalized here).
    """
    shape, total = as_shape(input_width), 0.0
    for i, spec in enumerate(layers):
        spec = registry.normalize("layer", spec, f"model.layers[{i}]")
        cls = layer_class(spec["type"])
        total += cls.matmul_flops(spec, shape, batch_size)
        shape = as_shape(cls.output_shape(spec, shape))
    return 3.0 * total
