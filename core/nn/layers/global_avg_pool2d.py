"""Global average pooling: the mean of each channel over the whole image, as
``torch.nn.AdaptiveAvgPool2d(1)`` (output ``(batch, channels, 1, 1)``)."""

from __future__ import annotations

from core.nn.layers.base import Layer, NumpyStatement, register_layer
from core.nn.layers.conv2d import image_input
from core.nn.layers.glyph import Glyph
from core.nn.ops.pooling import (
    global_avg_pool2d_backward,
    global_avg_pool2d_forward,
    global_avg_pool2d_output_shape,
)

#: The glyph: a grid of cells drawn into one.
_LINES = tuple((x, y, 0.5, 0.5) for x in (0.2, 0.5, 0.8) for y in (0.2, 0.8))


@register_layer(
    "global_avg_pool2d", title="Global avg pool", aliases=("global_average_pool2d", "gap"),
    help="Replaces each channel by the mean of all its pixels: one number per filter, "
         "whatever the image size. Follow it with flatten and a dense output layer. "
         "No weights.",
    formula="y[c] = mean over all pixels of x[c]   (output channels × 1 × 1)")
class GlobalAvgPool2d(Layer):
    needs_images = True

    @classmethod
    def output_shape(cls, spec, in_shape):
        return global_avg_pool2d_output_shape(image_input(cls, in_shape), cls.type_name)

    @classmethod
    def output_width(cls, spec, in_width):
        return image_input(cls, in_width)  # a width is flat: always refused

    @classmethod
    def glyph(cls, spec=None):
        return Glyph(lines=_LINES, dots=((0.5, 0.5, True),), inset=(3, 3, 3, 3))

    @classmethod
    def onnx_nodes(cls, graph, index, spec, state, x):
        return graph.node("GlobalAveragePool", [x], f"{index}.{cls.type_name}")

    @classmethod
    def numpy_statement(cls, index, spec):
        return NumpyStatement(f"x = x.mean(axis=(2, 3), keepdims=True)  # {index}: global "
                              "average pool")

    def __init__(self, **spec):
        super().__init__(**spec)
        self._workspace: dict = {}
        self._x_shape = None

    def forward(self, x, training=False):
        if training:
            self._x_shape = tuple(x.shape)
        return global_avg_pool2d_forward(self.xp, x,
                                         self._workspace if training and self.reuse else None)

    def backward(self, grad_out):
        return global_avg_pool2d_backward(self.xp, grad_out, self._x_shape,
                                          self._workspace if self.reuse else None)
