"""Max pooling: the largest value of each window, as ``torch.nn.MaxPool2d``."""

from __future__ import annotations

import numpy as np

from core.nn.layers.base import NumpyStatement
from core.nn.layers.glyph import Glyph
from core.nn.layers.pool2d import Pool2d, register_pool
from core.nn.ops.pooling import max_pool2d_backward, max_pool2d_forward

#: The glyph: four cells, the largest (filled) kept.
_CELLS = ((0.3, 0.7, False), (0.7, 0.7, True), (0.3, 0.3, False), (0.7, 0.3, False))


def max_pool2d(x, k, s):
    """Max pooling of ``x`` (N, C, H, W) with a k×k window and stride s."""
    n, c, h, w = x.shape
    ho, wo = (h - k) // s + 1, (w - k) // s + 1
    st = x.strides
    windows = np.lib.stride_tricks.as_strided(
        x, (n, c, ho, wo, k, k), (st[0], st[1], st[2] * s, st[3] * s, st[2], st[3]))
    return windows.max(axis=(4, 5))


@register_pool(
    "max_pool2d", title="Max pool 2D", aliases=("maxpool2d", "max_pool"),
    help="Keeps the largest value of each pool_size × pool_size window of each channel: "
         "halves the image (pool size 2), keeps the strongest response of each filter, and "
         "makes the network less sensitive to small shifts. No weights.",
    formula="y[c, i, j] = max over the window at (i·s, j·s) of x[c]")
class MaxPool2d(Pool2d):

    @classmethod
    def glyph(cls, spec=None):
        return Glyph(dots=_CELLS, inset=(3, 3, 3, 3))

    @classmethod
    def onnx_nodes(cls, graph, index, spec, state, x):
        k, s = cls.window(spec)
        return graph.node("MaxPool", [x], f"{index}.{cls.type_name}", kernel_shape=[k, k],
                          strides=[s, s])

    @classmethod
    def numpy_statement(cls, index, spec):
        k, s = cls.window(spec)
        return NumpyStatement(f"x = max_pool2d(x, {k}, {s})  # {index}: max pool", (max_pool2d,))

    def forward(self, x, training=False):
        y, cache = max_pool2d_forward(self.xp, x, self.pool_size, self.stride, 0,
                                      self.workspace(training))
        if training:
            self._cache = cache
        return y

    def backward(self, grad_out):
        return max_pool2d_backward(self.xp, grad_out, self._cache,
                                   self._workspace if self.reuse else None)
