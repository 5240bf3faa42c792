"""The 2-D convolution layer: ``filters`` learned ``kernel_size × kernel_size`` filters slid
over an image batch ``(batch, channels, height, width)``, as ``torch.nn.Conv2d``.

The arithmetic is :mod:`core.nn.ops.convolution` (im2col into one matrix product per pass);
this class adds the layer facts, the parameters under PyTorch's names (``"k.weight"``
``(filters, in_channels, kh, kw)``, ``"k.bias"`` ``(filters,)``) and the exports.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np

from core.errors import SpecError
from core.nn import initializers
from core.nn.layers.base import (
    Layer,
    NumpyStatement,
    as_shape,
    changed_fields,
    register_layer,
)
from core.nn.layers.glyph import Glyph
from core.nn.ops.convolution import (
    conv2d_backward,
    conv2d_forward,
    conv2d_output_shape,
    conv2d_padding,
)
from core.registry import Param
from core.wording import plural, show_value


@dataclass(frozen=True)
class PaddingParam(Param):
    """A convolution's padding: a non-negative integer, ``"same"`` or ``"valid"``.

    The property forms offer its :attr:`choices` (0–5 pixels, same, valid); an experiment
    file may give any integer up to 1000, and digits as text (``"2"``) become the integer.
    """

    def describe_expected(self) -> str:
        return 'a non-negative integer, "same" or "valid"'

    def coerce(self, value, path):
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if isinstance(value, str) and value.strip() in ("same", "valid"):
            return value.strip()
        if isinstance(value, numbers.Integral) and not isinstance(value, bool) and \
                0 <= value <= 1000:
            return int(value)
        raise SpecError(f"{path}: expected {self.describe_expected()}, got {show_value(value)}")


def image_input(cls, shape) -> tuple[int, int, int]:
    """``(C, H, W)`` of an image input; a :class:`SpecError` naming the cure for flat data."""
    shape = as_shape(shape)
    if len(shape) != 3:
        raise SpecError(f"The {cls.type_name} layer works on images (channels × height × width) "
                        f"but gets flat vectors of {plural(shape[0], 'feature')}; use image "
                        "data (e.g. \"as_images\": true for the digits) or put it before any "
                        "flatten or dense layer")
    return shape


#: The glyph: a 3×3 kernel (a small grid) over a larger image.
_GRID = tuple((x, 0.15, x, 0.85) for x in (0.15, 0.85)) + \
    tuple((0.15, y, 0.85, y) for y in (0.15, 0.85))
_KERNEL = tuple((x, 0.35, x, 0.8) for x in (0.35, 0.5, 0.65, 0.8)) + \
    tuple((0.35, y, 0.8, y) for y in (0.35, 0.5, 0.65, 0.8))


def conv2d(x, weight, bias, stride, pads):
    """2-D cross-correlation of ``x`` (N, C, H, W) with ``weight`` (F, C, kh, kw), as
    torch's Conv2d; ``pads`` is (top, bottom, left, right)."""
    top, bottom, left, right = pads
    x = np.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)))
    f, c, kh, kw = weight.shape
    n, _, h, w = x.shape
    ho, wo = (h - kh) // stride + 1, (w - kw) // stride + 1
    s = x.strides
    windows = np.lib.stride_tricks.as_strided(
        x, (n, ho, wo, c, kh, kw), (s[0], s[2] * stride, s[3] * stride, s[1], s[2], s[3]))
    y = windows.reshape(n * ho * wo, c * kh * kw) @ weight.reshape(f, -1).T
    if bias is not None:
        y = y + bias
    return y.reshape(n, ho, wo, f).transpose(0, 3, 1, 2)


@register_layer(
    "conv2d", title="Conv 2D",
    help="Convolution: each of its filters is a small grid of weights slid over the image; "
         "at each place it multiplies the pixels under it (all channels) by its weights and "
         "adds them up with a bias, giving one output image (feature map) per filter. The "
         "same weights are used everywhere, so a filter finds its pattern anywhere in the "
         "image. Convolutional networks are where ReLU is used most.",
    formula="y[f] = Σ_c x[c] ⋆ W[f, c] + b[f]   (W: filters × channels × k × k)",
    params=(Param("filters", "int", 8, "number of filters (output channels)", min=0,
                  min_exclusive=True, max=4096),
            Param("kernel_size", "int", 3, "height and width of each filter", min=0,
                  min_exclusive=True, max=64),
            Param("stride", "int", 1, "step between filter positions", min=0,
                  min_exclusive=True, max=64),
            PaddingParam("padding", "choice", 0, "zeros added around the image: a number of "
                         "pixels, \"same\" (keep the size, stride 1) or \"valid\" (none)",
                         choices=(0, 1, 2, 3, 4, 5, "same", "valid")),
            Param("bias", "bool", True, "add a learnable bias b to each filter"),
            Param("init", "choice", "torch_default", "how the weights start",
                  choices=tuple(initializers.INITIALIZER_NAMES))))
class Conv2d(Layer):
    trainable = True
    needs_images = True  # each output sees a small window only: not "mixes_features"
    fixes_input_width = False  # its weights give the channels, not the image size

    @classmethod
    def output_shape(cls, spec, in_shape):
        c, h, w = image_input(cls, in_shape)
        return conv2d_output_shape((c, h, w), spec["filters"], spec["kernel_size"],
                                   spec["stride"], spec["padding"], cls.type_name)

    @classmethod
    def output_width(cls, spec, in_width):
        return image_input(cls, in_width)  # a width is flat: always refused

    @classmethod
    def parameter_shapes(cls, spec, in_width):
        c = image_input(cls, in_width)[0]
        k = spec["kernel_size"]
        shapes = {"weight": (spec["filters"], c, k, k)}
        if spec["bias"]:
            shapes["bias"] = (spec["filters"],)
        return shapes

    @classmethod
    def matmul_flops(cls, spec, in_width, batch):
        shape = image_input(cls, in_width)
        k = spec["kernel_size"]
        f, ho, wo = conv2d_output_shape(shape, spec["filters"], k, spec["stride"],
                                        spec["padding"], cls.type_name)
        return 2.0 * batch * f * ho * wo * shape[0] * k * k  # W·cols

    @classmethod
    def penalized_parameters(cls, spec):
        return ("weight",)

    @classmethod
    def output_width_from_state(cls, spec, state):
        return None  # the output is an image: its size depends on the input's

    @classmethod
    def size_text(cls, spec):
        return f"{spec['filters']}@{spec['kernel_size']}×{spec['kernel_size']}"

    @classmethod
    def summary(cls, spec):
        k = spec["kernel_size"]
        return ", ".join([f"{spec['filters']} filters {k}×{k}"]
                         + changed_fields(cls.entry, spec, skip=("filters", "kernel_size")))

    @classmethod
    def glyph(cls, spec=None):
        return Glyph(lines=_GRID, curves=tuple(((a, b), (c, d)) for a, b, c, d in _KERNEL),
                     inset=(3, 3, 3, 3))

    @classmethod
    def onnx_nodes(cls, graph, index, spec, state, x):
        k, s = spec["kernel_size"], spec["stride"]
        top, bottom, left, right = conv2d_padding(spec["padding"], k, s)
        inputs = [x, graph.constant(f"{index}.weight", state[f"{index}.weight"])]
        if f"{index}.bias" in state:
            inputs.append(graph.constant(f"{index}.bias", state[f"{index}.bias"]))
        return graph.node("Conv", inputs, f"{index}.{cls.type_name}", kernel_shape=[k, k],
                          strides=[s, s], pads=[top, left, bottom, right])

    @classmethod
    def numpy_statement(cls, index, spec):
        pads = conv2d_padding(spec["padding"], spec["kernel_size"], spec["stride"])
        bias = f'w["{index}.bias"]' if spec["bias"] else "None"
        return NumpyStatement(f'x = conv2d(x, w["{index}.weight"], {bias}, {spec["stride"]}, '
                              f'{pads})  # {index}: conv2d, {spec["filters"]} filters',
                              (conv2d,))

    # ---------------------------------------------------------------- built behaviour
    def __init__(self, filters=8, kernel_size=3, stride=1, padding=0, bias=True,
                 init="torch_default", **spec):
        super().__init__(filters=filters, kernel_size=kernel_size, stride=stride,
                         padding=padding, bias=bias, init=init, **spec)
        self.filters, self.kernel_size, self.stride = filters, kernel_size, stride
        self.padding, self.use_bias, self.init = padding, bias, init
        self._cache = None
        self._workspace: dict = {}

    def build(self, in_width, backend, rng):
        super().build(in_width, backend, rng)
        c, k = self.in_shape[0], self.kernel_size
        fan_in = c * k * k
        weight, bias = initializers.initialize(self.init, rng, self.filters, fan_in)
        self.params["weight"] = backend.asarray(weight.reshape(self.filters, c, k, k))
        self.grads["weight"] = backend.xp.zeros_like(self.params["weight"])
        if self.use_bias:
            self.params["bias"] = backend.asarray(bias)
            self.grads["bias"] = backend.xp.zeros_like(self.params["bias"])
        return self.out_width

    def forward(self, x, training=False):
        y, cache = conv2d_forward(self.xp, x, self.params["weight"], self.params.get("bias"),
                                  self.stride, self.padding,
                                  self._workspace if training and self.reuse else None)
        if training:
            self._cache = cache
        return y

    def backward(self, grad_out):
        grad_x, _, _ = conv2d_backward(
            self.xp, grad_out, self._cache, self.params["weight"], self.grads["weight"],
            self.grads.get("bias"), self.needs_input_grad,
            self._workspace if self.reuse else None)
        return grad_x

    def describe(self):
        return f"{self.filters} filters {self.kernel_size}×{self.kernel_size}"

