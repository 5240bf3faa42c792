"""What max and average pooling share: a ``pool_size × pool_size`` window moved by
``stride`` (default: the pool size) over each channel of an image batch.

The two layer types are :mod:`core.nn.layers.max_pool2d` and
:mod:`core.nn.layers.avg_pool2d`; the arithmetic is :mod:`core.nn.ops.pooling`.
"""

from __future__ import annotations

from core.nn.layers.base import Layer, register_layer
from core.nn.layers.conv2d import image_input
from core.nn.ops.pooling import pool2d_output_shape
from core.registry import Param

POOL_PARAMS = (
    Param("pool_size", "int", 2, "height and width of the window", min=0, min_exclusive=True,
          max=64),
    Param("stride", "int", None, "step between windows; empty means the pool size (windows "
          "side by side)", min=0, min_exclusive=True, max=64, nullable=True),
)


class Pool2d(Layer):
    """A pooling window over images, no parameters."""

    kind = "layers"
    needs_images = True

    @classmethod
    def output_shape(cls, spec, in_shape):
        return pool2d_output_shape(image_input(cls, in_shape), spec["pool_size"],
                                   spec["stride"], 0, cls.type_name)

    @classmethod
    def output_width(cls, spec, in_width):
        return image_input(cls, in_width)  # a width is flat: always refused

    @classmethod
    def size_text(cls, spec):
        return f"{spec['pool_size']}×{spec['pool_size']}"

    @classmethod
    def summary(cls, spec):
        k, s = spec["pool_size"], spec["stride"]
        return f"{k}×{k}" + (f", stride {s}" if s is not None and s != k else "")

    @classmethod
    def window(cls, spec) -> tuple[int, int]:
        """``(pool_size, stride)`` with the default stride filled in."""
        k = spec["pool_size"]
        return k, (k if spec["stride"] is None else spec["stride"])

    def __init__(self, pool_size=2, stride=None, **spec):
        super().__init__(pool_size=pool_size, stride=stride, **spec)
        self.pool_size, self.stride = pool_size, stride
        self._cache = None
        self._workspace: dict = {}

    def workspace(self, training: bool):
        return self._workspace if training and self.reuse else None

    def describe(self):
        return self.summary(self.spec)


def register_pool(name: str, **kwargs):
    """:func:`register_layer` with the pooling fields."""
    return register_layer(name, params=POOL_PARAMS, **kwargs)
