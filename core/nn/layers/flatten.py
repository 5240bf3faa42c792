"""Flatten: an image batch ``(batch, C, H, W)`` becomes rows of ``C·H·W`` features, in
PyTorch's order (channel, then row, then column), so dense layers can follow."""

from __future__ import annotations

import math

from core.nn.layers.base import Layer, NumpyStatement, as_shape, register_layer
from core.nn.layers.glyph import Glyph

#: The glyph: a 2×2 block of cells laid out as one column.
_DOTS = tuple((x, y, True) for x in (0.2, 0.4) for y in (0.4, 0.6)) + \
    tuple((0.8, y, True) for y in (0.2, 0.4, 0.6, 0.8))


@register_layer(
    "flatten", title="Flatten",
    help="Lays the pixels of every channel out in one long row of features (channel by "
         "channel, row by row), so that dense layers can follow convolutions. No weights.",
    formula="(C, H, W) → C·H·W features")
class Flatten(Layer):

    @classmethod
    def output_shape(cls, spec, in_shape):
        return (math.prod(as_shape(in_shape)),)

    @classmethod
    def glyph(cls, spec=None):
        return Glyph(dots=_DOTS, lines=((0.5, 0.5, 0.7, 0.5),), inset=(3, 3, 3, 3))

    @classmethod
    def onnx_nodes(cls, graph, index, spec, state, x):
        return graph.node("Flatten", [x], f"{index}.{cls.type_name}", axis=1)

    @classmethod
    def numpy_statement(cls, index, spec):
        return NumpyStatement(f"x = x.reshape(len(x), -1)  # {index}: flatten")

    def forward(self, x, training=False):
        if x.ndim == 2:
            return x
        n = x.shape[0]
        if training and self.reuse:
            out = self.scratch("y", (n, self.out_width))
            self.xp.copyto(out.reshape(x.shape), x)  # C order: channel, row, column
            return out
        return x.reshape(n, -1)

    def backward(self, grad_out):
        return grad_out.reshape((grad_out.shape[0], *self.in_shape))
