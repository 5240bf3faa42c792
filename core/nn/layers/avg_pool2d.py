"""Average pooling: the mean of each window, as ``torch.nn.AvgPool2d``."""

from __future__ import annotations

import numpy as np

from core.nn.layers.base import NumpyStatement
from core.nn.layers.glyph import Glyph
from core.nn.layers.pool2d import Pool2d, register_pool
from core.nn.ops.pooling import avg_pool2d_backward, avg_pool2d_forward

#: The glyph: four cells merging into their mean.
_LINES = tuple((x, y, 0.5, 0.5) for x in (0.25, 0.75) for y in (0.25, 0.75))
_DOTS = tuple((x, y, False) for x in (0.25, 0.75) for y in (0.25, 0.75)) + ((0.5, 0.5, True),)


def avg_pool2d(x, k, s):
    """Average pooling of ``x`` (N, C, H, W) with a k×k window and stride s."""
    n, c, h, w = x.shape
    ho, wo = (h - k) // s + 1, (w - k) // s + 1
    st = x.strides
    windows = np.lib.stride_tricks.as_strided(
        x, (n, c, ho, wo, k, k), (st[0], st[1], st[2] * s, st[3] * s, st[2], st[3]))
    return windows.sum(axis=(4, 5)) * (1.0 / (k * k))


@register_pool(
    "avg_pool2d", title="Avg pool 2D", aliases=("avgpool2d", "average_pool2d"),
    help="Replaces each pool_size × pool_size window of each channel by its mean: shrinks "
         "the image smoothly. No weights.",
    formula="y[c, i, j] = mean over the window at (i·s, j·s) of x[c]")
class AvgPool2d(Pool2d):

    @classmethod
    def glyph(cls, spec=None):
        return Glyph(lines=_LINES, dots=_DOTS, inset=(3, 3, 3, 3))

    @classmethod
    def onnx_nodes(cls, graph, index, spec, state, x):
        k, s = cls.window(spec)
        return graph.node("AveragePool", [x], f"{index}.{cls.type_name}", kernel_shape=[k, k],
                          strides=[s, s], count_include_pad=1)

    @classmethod
    def numpy_statement(cls, index, spec):
        k, s = cls.window(spec)
        return NumpyStatement(f"x = avg_pool2d(x, {k}, {s})  # {index}: average pool",
                              (avg_pool2d,))

    def forward(self, x, training=False):
        y, cache = avg_pool2d_forward(self.xp, x, self.pool_size, self.stride, 0,
                                      self.workspace(training))
        if training:
            self._cache = cache
        return y

    def backward(self, grad_out):
        return avg_pool2d_backward(self.xp, grad_out, self._cache,
                                   self._workspace if self.reuse else None)
