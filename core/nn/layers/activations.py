"""Activation layers: the common base, and identity, sigmoid and tanh.

An activation is an element-wise (or row-wise) function between the dense layers. It
caches what its derivative needs only while training. On CuPy the common activations and
their derivatives run as one fused kernel each (:data:`GPU_KERNELS`), where NumPy needs
two or three calls.

The other activations are in :mod:`core.nn.layers.rectifiers` (ReLU, Leaky ReLU, PReLU,
ELU), :mod:`core.nn.layers.smooth_rectifiers` (GELU, SiLU, Softplus, Mish) and
:mod:`core.nn.layers.softmax`. Next to each class, a plain-NumPy function with the same
formula (``sigmoid`` for :class:`Sigmoid` …) is what the stand-alone NumPy script of an
export embeds: the same operations in the same order, so it gives the same float32
results as the engine on the CPU.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import ClassVar

import numpy as np

from core import registry
from core.backend.devices import get_backend
from core.backend.gpu_kernels import ElementwiseSpec
from core.nn.layers.base import Layer, NumpyStatement, layer_class, register_layer
from core.nn.layers.glyph import Glyph

#: Fused CuPy kernels (used only when ``xp`` is cupy); each computes exactly what the
#: NumPy calls beside it compute, in the same order.
GPU_KERNELS = {
    "relu_backward": ElementwiseSpec("nnwb_relu_backward", "T y", "T g",
                                     "g = g * (T)(y > (T)0);"),
    "leaky_relu_forward": ElementwiseSpec(
        "nnwb_leaky_relu_forward", "T x, T alpha", "T y",
        "y = x * ((T)(x > (T)0) + alpha * (T)(x <= (T)0));"),
    "leaky_relu_backward": ElementwiseSpec(
        "nnwb_leaky_relu_backward", "T x, T alpha", "T g",
        "g = g * ((T)(x > (T)0) + alpha * (T)(x <= (T)0));"),
    "sigmoid_forward": ElementwiseSpec("nnwb_sigmoid_forward", "T x", "T y",
                                       "y = (tanh(x * (T)0.5) + (T)1) * (T)0.5;"),
    "sigmoid_backward": ElementwiseSpec("nnwb_sigmoid_backward", "T y", "T g",
                                        "g = g * (y * ((T)1 - y));"),
    "tanh_backward": ElementwiseSpec("nnwb_tanh_backward", "T y", "T g",
                                     "g = g * ((T)1 - y * y);"),
}


class Activation(Layer):
    """An element-wise (or row-wise) function with no parameters, unless it says so."""

    kind = "activations"
    is_activation = True
    is_nonlinear = True
    advice = ""
    gpu_kernels = GPU_KERNELS
    #: Columns fed to the function when its curve is drawn: ``x`` alone, or ``(x, 0)`` for
    #: a function of a whole row (softmax).
    curve_width: ClassVar[int] = 1
    #: What a curve preview says in place of the formula, or None.
    preview_note: ClassVar[str | None] = None
    #: The ONNX operator that computes this function on its own, without attributes.
    onnx_operator: ClassVar[str | None] = None

    @classmethod
    def curve(cls, spec, x) -> tuple[np.ndarray, np.ndarray]:
        """f(x) and f′(x) at the points ``x`` (shape (n,)), computed in float64 by this very
        layer, forward and backward, so a plot shows what training computes (cached).

        ``spec`` is a normalized spec of this type. For a row function (:attr:`curve_width`
        2) the first output of ``f((x, 0))`` and its derivative with respect to ``x``.
        """
        items = tuple(sorted((k, tuple(v) if isinstance(v, list) else v)
                             for k, v in spec.items()))
        return _curve(cls, items, tuple(np.asarray(x, dtype=np.float64).tolist()))

    @classmethod
    def glyph(cls, spec=None):
        """The curve on [-4, 4] with its zero axes (its default settings unless ``spec``)."""
        x = np.linspace(-4.0, 4.0, 61)
        try:
            y, _ = cls.curve(spec or cls.entry.normalize({}, "layer"), x)
        except Exception:  # an activation that cannot run on its own: its initials
            return super().glyph(spec)
        lo, hi = min(float(y.min()), -0.2), max(float(y.max()), 1.0)
        points = tuple((float((xi + 4.0) / 8.0), float((yi - lo) / (hi - lo)))
                       for xi, yi in zip(x, y))
        return Glyph(curves=(points,), axes=(0.5, (0 - lo) / (hi - lo)), inset=(3, 3, 3, 3))

    @classmethod
    def onnx_nodes(cls, graph, index, spec, state, x):
        """One :attr:`onnx_operator` node (a subclass without one says how instead)."""
        if cls.onnx_operator is None:
            return super().onnx_nodes(graph, index, spec, state, x)
        return graph.node(cls.onnx_operator, [x], f"{index}.{cls.type_name}")

    def forward(self, x, training=False):
        y = self.f(x)
        if training:
            self._x, self._y = x, y
        return y

    def f(self, x):
        raise NotImplementedError

    def derivative(self, x, y):
        """dy/dx element-wise, given input ``x`` and output ``y``."""
        raise NotImplementedError

    def backward(self, grad_out):
        grad_out *= self.derivative(self._x, self._y)
        return grad_out


@lru_cache(maxsize=128)
def _curve(cls, items: tuple, xs: tuple) -> tuple[np.ndarray, np.ndarray]:
    spec = {k: (list(v) if isinstance(v, tuple) else v) for k, v in items}
    x = np.asarray(xs, dtype=np.float64)
    inputs = np.zeros((len(x), cls.curve_width))
    inputs[:, 0] = x
    layer = cls(**{k: v for k, v in spec.items() if k != "type"})
    layer.build(cls.curve_width, get_backend("cpu", "float64"), np.random.default_rng(0))
    y = np.array(layer.forward(inputs, training=True)[:, 0], dtype=np.float64, copy=True)
    grad = np.zeros_like(inputs)
    grad[:, 0] = 1.0
    dx = layer.backward(grad)
    dy = np.array(dx[:, 0], dtype=np.float64, copy=True)
    y.flags.writeable = False
    dy.flags.writeable = False
    return y, dy


def activation_curve(spec, x) -> tuple[np.ndarray, np.ndarray]:
    """f(x) and f′(x) of an activation layer, computed by the engine in float64.

    Parameters
    ----------
    spec : str or dict
        Layer type name or spec (``{"type": "leaky_relu", "alpha": 0.1}``).
    x : ndarray, shape (n,)
        Points to evaluate.

    Returns
    -------
    y, dy : ndarray, shape (n,)
        The activation and its derivative (back propagation of ones); read-only. For
        softmax, the first output of softmax([x, 0]) and its derivative with respect to x.
    """
    spec = registry.normalize("layer", spec, "layer")
    return layer_class(spec["type"]).curve(spec, x)


def call_statement(index: int, function: Callable, *args) -> NumpyStatement:
    """``x = function(x, *args)  # index``, with ``function`` embedded in the script."""
    extra = "".join(f", {a}" for a in args)
    return NumpyStatement(f"x = {function.__name__}(x{extra})  # {index}", (function,))


def activation(name, *, title, help, formula, advice="", params=(), aliases=()):
    """:func:`register_layer` for an activation, with its advice on where to use it."""
    return register_layer(name, title=title, help=help, formula=formula, params=params,
                          aliases=aliases, advice=advice)


@activation("identity", title="Identity", aliases=("linear_activation",),
            help="Passes its input through unchanged (a linear output for regression).",
            formula="f(x) = x")
class Identity(Activation):
    is_nonlinear = False
    onnx_operator = "Identity"

    @classmethod
    def numpy_statement(cls, index, spec):
        return NumpyStatement(f"# {index}: identity")

    def forward(self, x, training=False):
        return x

    def backward(self, grad_out):
        return grad_out


@activation("sigmoid", title="Sigmoid",
            help="S-shaped function squashing any input into (0, 1); used in the output layer "
                 "for binary classification, where the output reads as a probability.",
            formula="σ(x) = 1 / (1 + e^(−x)),   σ'(x) = σ(x)(1 − σ(x))",
            advice="Use sigmoid in the output layer for binary classification. In hidden "
                   "layers it saturates: for large |x| its gradient is nearly 0, so gradients "
                   "vanish in deep networks, and its output is not centred on 0.")
class Sigmoid(Activation):
    output_meaning = "probability"
    onnx_operator = "Sigmoid"

    @classmethod
    def numpy_statement(cls, index, spec):
        return call_statement(index, sigmoid)

    def f(self, x):
        # 0.5·(1 + tanh(x/2)) equals 1/(1 + e^(−x)) and never overflows.
        if self.gpu:
            return self.kernel("sigmoid_forward")(x)
        y = self.xp.tanh(x * 0.5)
        y += 1.0
        y *= 0.5
        return y

    def derivative(self, x, y):
        return y * (1.0 - y)

    def backward(self, grad_out):
        if self.gpu:
            return self.kernel("sigmoid_backward")(self._y, grad_out)
        return super().backward(grad_out)


@activation("tanh", title="Tanh",
            help="Hyperbolic tangent: squashes inputs into (−1, 1), centred on 0; saturates "
                 "like sigmoid for large |x|.",
            formula="tanh(x) = (eˣ − e^(−x)) / (eˣ + e^(−x)),   tanh'(x) = 1 − tanh²(x)",
            advice="Zero-centred, so hidden layers learn faster than with sigmoid, but the "
                   "gradient still vanishes where the curve flattens.")
class Tanh(Activation):
    onnx_operator = "Tanh"

    @classmethod
    def numpy_statement(cls, index, spec):
        return NumpyStatement(f"x = np.tanh(x)  # {index}")

    def f(self, x):
        return self.xp.tanh(x)

    def derivative(self, x, y):
        return 1.0 - y * y

    def backward(self, grad_out):
        if self.gpu:
            return self.kernel("tanh_backward")(self._y, grad_out)
        return super().backward(grad_out)


# ---------------------------------------------------------------- plain NumPy, for the script
# Embedded by source in the NumPy script (see the module docstring): np only.

def sigmoid(x):
    """1/(1 + e^(−x)), computed as 0.5·(1 + tanh(x/2)), which never overflows."""
    return (np.tanh(x * 0.5) + 1.0) * 0.5
