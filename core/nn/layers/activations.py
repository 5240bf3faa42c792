"""Activation layers: element-wise (or row-wise) functions between the dense layers.

Activations cache what their derivative needs only while training. On CuPy the common
activations and their derivatives run as one fused kernel each (:data:`GPU_KERNELS`),
where NumPy needs two or three calls.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import ClassVar

import numpy as np

from core import registry
from core.backend.devices import get_backend
from core.backend.gpu_kernels import ElementwiseSpec
from core.nn.layers.base import Layer, layer_class, register_layer
from core.nn.layers.erf import erf
from core.nn.layers.glyph import Glyph
from core.registry import Param

SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)

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


def activation(name, *, title, help, formula, advice="", params=(), aliases=()):
    """:func:`register_layer` for an activation, with its advice on where to use it."""
    return register_layer(name, title=title, help=help, formula=formula, params=params,
                          aliases=aliases, advice=advice)


@activation("identity", title="Identity", aliases=("linear_activation",),
            help="Passes its input through unchanged (a linear output for regression).",
            formula="f(x) = x")
class Identity(Activation):
    is_nonlinear = False

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
    def f(self, x):
        return self.xp.tanh(x)

    def derivative(self, x, y):
        return 1.0 - y * y

    def backward(self, grad_out):
        if self.gpu:
            return self.kernel("tanh_backward")(self._y, grad_out)
        return super().backward(grad_out)


@activation("relu", title="ReLU",
            help="Rectified linear unit: passes positive inputs, zeroes negative ones. The "
                 "first choice for hidden layers: cheap and free of vanishing gradients for x > 0.",
            formula="f(x) = max(0, x),   f'(x) = 1 if x > 0 else 0",
            advice="ReLU is the first choice for hidden layers. Watch for the dead-ReLU "
                   "problem: a neuron whose input stays negative outputs 0 forever and stops "
                   "learning, usually after too large a learning rate or a poor initialization.")
class ReLU(Activation):
    can_die = True

    def f(self, x):
        return self.xp.maximum(x, 0)

    def forward(self, x, training=False):
        if not training:
            return self.xp.maximum(x, 0)
        # Only the output is needed for the derivative (y > 0 exactly where x > 0).
        self._y = self.xp.maximum(x, 0, out=self.scratch("y", x.shape) if self.reuse else None)
        return self._y

    def backward(self, grad_out):
        if self.gpu:
            return self.kernel("relu_backward")(self._y, grad_out)
        grad_out *= self._y > 0
        return grad_out


@activation("leaky_relu", title="Leaky ReLU",
            help="ReLU with a small slope α for negative inputs, so neurons cannot die.",
            formula="f(x) = x if x > 0 else αx",
            advice="Try it when ReLU neurons die: negative inputs still pass a small gradient.",
            params=(Param("alpha", "float", 0.01, "slope for negative inputs", min=0, max=1),))
class LeakyReLU(Activation):
    def __init__(self, alpha=0.01, **spec):
        super().__init__(alpha=alpha, **spec)
        self.alpha = alpha

    def f(self, x):
        if self.gpu:
            return self.kernel("leaky_relu_forward")(x, self.alpha)
        return self.xp.where(x > 0, x, x * self.alpha)

    def derivative(self, x, y):
        return self.xp.where(x > 0, 1.0, self.alpha).astype(self.dtype, copy=False)

    def backward(self, grad_out):
        if self.gpu:
            return self.kernel("leaky_relu_backward")(self._x, self.alpha, grad_out)
        return super().backward(grad_out)


@activation("prelu", title="PReLU",
            help="Parametric ReLU: like Leaky ReLU, but the negative slope a is learned by "
                 "back propagation (one slope for the layer, starting at 0.25).",
            formula="f(x) = x if x > 0 else a·x   (a learned)",
            advice="A Leaky ReLU whose slope the network learns.",
            params=(Param("init", "float", 0.25, "initial slope a", min=0, max=1),))
class PReLU(Activation):
    trainable = True

    @classmethod
    def parameter_shapes(cls, spec, in_width):
        return {"weight": (1,)}

    def __init__(self, init=0.25, **spec):
        super().__init__(init=init, **spec)
        self.init = init

    def build(self, in_width, backend, rng):
        super().build(in_width, backend, rng)
        self.params["weight"] = backend.xp.full((1,), self.init, dtype=backend.dtype)
        self.grads["weight"] = backend.xp.zeros((1,), dtype=backend.dtype)
        return in_width

    def f(self, x):
        return self.xp.where(x > 0, x, x * self.params["weight"])

    def backward(self, grad_out):
        xp, x = self.xp, self._x
        negative = x <= 0
        self.grads["weight"][...] = (grad_out * x * negative).sum()
        grad_out *= xp.where(negative, self.params["weight"], 1.0).astype(self.dtype, copy=False)
        return grad_out

    def describe(self):
        return f"a₀ = {self.init:g}"


@activation("elu", title="ELU",
            help="Exponential linear unit: identity for x > 0, a smooth exponential curve "
                 "towards −α for negative inputs.",
            formula="f(x) = x if x > 0 else α(eˣ − 1)",
            advice="Smooth and with negative outputs, so mean activations stay near 0.",
            params=(Param("alpha", "float", 1.0, "saturation value for negative inputs",
                          min=0, max=10),))
class ELU(Activation):
    def __init__(self, alpha=1.0, **spec):
        super().__init__(alpha=alpha, **spec)
        self.alpha = alpha

    def f(self, x):
        xp = self.xp
        return xp.where(x > 0, x, self.alpha * xp.expm1(xp.minimum(x, 0)))

    def derivative(self, x, y):
        return self.xp.where(x > 0, 1.0, y + self.alpha).astype(self.dtype, copy=False)


@activation("gelu", title="GELU",
            help="Gaussian error linear unit: x weighted by the probability that a standard "
                 "normal variable is below x; the activation of Transformers.",
            formula="f(x) = x·Φ(x) = ½x(1 + erf(x/√2));   tanh form: "
                    "½x(1 + tanh(√(2/π)(x + 0.044715x³)))",
            advice="A smooth ReLU; the tanh form is PyTorch's approximate='tanh'.",
            params=(Param("approximate", "choice", "none", "exact (erf) or tanh approximation",
                          choices=("none", "tanh")),))
class GELU(Activation):
    def __init__(self, approximate="none", **spec):
        super().__init__(approximate=approximate, **spec)
        self.approximate = approximate

    def f(self, x):
        xp = self.xp
        if self.approximate == "tanh":
            inner = SQRT_2_OVER_PI * (x + 0.044715 * x * x * x)
            return 0.5 * x * (1.0 + xp.tanh(inner))
        return 0.5 * x * (1.0 + erf(x * (1.0 / math.sqrt(2.0)), xp))

    def derivative(self, x, y):
        xp = self.xp
        if self.approximate == "tanh":
            t = xp.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x))
            return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * SQRT_2_OVER_PI * (
                1.0 + 3 * 0.044715 * x * x)
        cdf = 0.5 * (1.0 + erf(x * (1.0 / math.sqrt(2.0)), xp))
        return cdf + x * INV_SQRT_2PI * xp.exp(-0.5 * x * x)

    def describe(self):
        return "tanh form" if self.approximate == "tanh" else ""


@activation("silu", title="SiLU / Swish", aliases=("swish",),
            help="Sigmoid-weighted linear unit (Swish): x times sigmoid(x); smooth and "
                 "non-monotonic.",
            formula="f(x) = x·σ(x),   f'(x) = σ(x)(1 + x(1 − σ(x)))",
            advice="A smooth alternative to ReLU for hidden layers.")
class SiLU(Activation):
    def f(self, x):
        s = self.xp.tanh(x * 0.5)
        s += 1.0
        s *= 0.5
        self._s = s
        return x * s

    def forward(self, x, training=False):
        y = self.f(x)
        if training:
            self._x, self._y, self._sig = x, y, self._s
        return y

    def derivative(self, x, y):
        s = self._sig
        return s * (1.0 + x * (1.0 - s))


@activation("softplus", title="Softplus",
            help="A smooth version of ReLU: log(1 + eˣ); its derivative is the sigmoid.",
            formula="f(x) = (1/β)·log(1 + e^(βx)),  linear where βx > threshold",
            advice="Smooth everywhere, always positive.",
            params=(Param("beta", "float", 1.0, "sharpness β", min=0, min_exclusive=True,
                          max=100),
                    Param("threshold", "float", 20.0, "above βx > threshold the output is x",
                          min=0, min_exclusive=True, max=100)))
class Softplus(Activation):
    def __init__(self, beta=1.0, threshold=20.0, **spec):
        super().__init__(beta=beta, threshold=threshold, **spec)
        self.beta, self.threshold = beta, threshold

    def f(self, x):
        xp = self.xp
        bx = x * self.beta
        return xp.where(bx > self.threshold, x, xp.logaddexp(0, bx) / self.beta)

    def derivative(self, x, y):
        xp = self.xp
        bx = x * self.beta
        s = 0.5 * (1.0 + xp.tanh(0.5 * bx))
        return xp.where(bx > self.threshold, 1.0, s).astype(self.dtype, copy=False)


@activation("mish", title="Mish",
            help="Self-regularized smooth activation: x·tanh(softplus(x)).",
            formula="f(x) = x·tanh(log(1 + eˣ))",
            advice="Smooth and non-monotonic, similar to Swish.")
class Mish(Activation):
    def f(self, x):
        xp = self.xp
        return x * xp.tanh(xp.logaddexp(0, x))

    def derivative(self, x, y):
        xp = self.xp
        t = xp.tanh(xp.logaddexp(0, x))
        s = 0.5 * (1.0 + xp.tanh(0.5 * x))
        return t + x * (1.0 - t * t) * s


@activation("softmax", title="Softmax",
            help="Turns a vector of scores into probabilities that are positive and sum to 1; "
                 "the output layer for multi-class classification, with cross-entropy loss.",
            formula="softmax(z)ᵢ = e^(zᵢ) / Σⱼ e^(zⱼ)   (computed through the row maximum)",
            advice="Use softmax in the output layer for multi-class classification, together "
                   "with cross-entropy loss (the engine then fuses them for stability). With "
                   "2 classes it reduces to the sigmoid.")
class Softmax(Activation):
    must_be_last = True
    output_meaning = "class_distribution"
    curve_width = 2
    preview_note = ("Softmax acts on a whole vector: shown is the first output of the 2-class "
                    "softmax of (x, 0), which equals sigmoid(x).")

    def f(self, x):
        xp = self.xp
        e = x - x.max(axis=1, keepdims=True)
        xp.exp(e, out=e)
        e /= e.sum(axis=1, keepdims=True)
        return e

    def backward(self, grad_out):
        y = self._y
        dot = (grad_out * y).sum(axis=1, keepdims=True)
        grad_out -= dot
        grad_out *= y
        return grad_out

