"""Smooth rectifiers: activations shaped like ReLU but smooth everywhere (GELU, SiLU,
Softplus, Mish).

Each class has a plain-NumPy twin below for the exported script (see
:mod:`core.nn.layers.activations`).
"""

from __future__ import annotations

import math

import numpy as np

from core.nn.layers.activations import Activation, activation, call_statement
from core.nn.layers.base import NumpyStatement
from core.nn.layers.erf import erf, erf_numpy
from core.registry import Param

SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)


@activation("gelu", title="GELU",
            help="Gaussian error linear unit: x weighted by the probability that a standard "
                 "normal variable is below x; the activation of Transformers.",
            formula="f(x) = x·Φ(x) = ½x(1 + erf(x/√2));   tanh form: "
                    "½x(1 + tanh(√(2/π)(x + 0.044715x³)))",
            advice="A smooth ReLU; the tanh form is PyTorch's approximate='tanh'.",
            params=(Param("approximate", "choice", "none", "exact (erf) or tanh approximation",
                          choices=("none", "tanh")),))
class GELU(Activation):
    relu_like = True

    @classmethod
    def onnx_nodes(cls, graph, index, spec, state, x):
        """``0.5·x·(1 + Erf(x/√2))``, or the tanh form (opset 17 has no Gelu operator)."""
        g, base = graph, f"{index}.{cls.type_name}"
        half = g.scalar(f"{base}.half", 0.5)
        one = g.scalar(f"{base}.one", 1.0)
        if spec["approximate"] == "tanh":
            cube = g.node("Mul", [x, g.node("Mul", [x, x], f"{base}.x2")], f"{base}.x3")
            c = g.scalar(f"{base}.c", 0.044715)
            inner = g.node("Add", [x, g.node("Mul", [cube, c], f"{base}.cx3")], f"{base}.inner")
            k = g.scalar(f"{base}.sqrt_2_over_pi", SQRT_2_OVER_PI)
            u = g.node("Tanh", [g.node("Mul", [inner, k], f"{base}.scaled")], f"{base}.tanh")
        else:
            k = g.scalar(f"{base}.inv_sqrt2", 1.0 / math.sqrt(2.0))
            u = g.node("Erf", [g.node("Mul", [x, k], f"{base}.scaled")], f"{base}.erf")
        gate = g.node("Mul", [g.node("Add", [u, one], f"{base}.1pu"), half], f"{base}.gate")
        return g.node("Mul", [x, gate], base)

    @classmethod
    def numpy_statement(cls, index, spec):
        if spec["approximate"] == "tanh":
            return call_statement(index, gelu_tanh)
        statement = call_statement(index, gelu)
        return NumpyStatement(statement.code, (erf_numpy, gelu))

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
    relu_like = True

    @classmethod
    def onnx_nodes(cls, graph, index, spec, state, x):
        base = f"{index}.{cls.type_name}"
        return graph.node("Mul", [x, graph.node("Sigmoid", [x], f"{base}.sigmoid")], base)

    @classmethod
    def numpy_statement(cls, index, spec):
        return call_statement(index, silu)

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
    relu_like = True

    @classmethod
    def onnx_nodes(cls, graph, index, spec, state, x):
        """``Where(β·x > threshold, x, Softplus(β·x)/β)``: PyTorch's rule."""
        g, base = graph, f"{index}.{cls.type_name}"
        beta, threshold = float(spec["beta"]), float(spec["threshold"])
        bx = x if beta == 1.0 else g.node("Mul", [x, g.scalar(f"{base}.beta", beta)],
                                           f"{base}.bx")
        sp = g.node("Softplus", [bx], f"{base}.softplus")
        if beta != 1.0:
            sp = g.node("Div", [sp, g.scalar(f"{base}.beta_", beta)], f"{base}.scaled")
        linear = g.node("Greater", [bx, g.scalar(f"{base}.threshold", threshold)],
                        f"{base}.linear")
        return g.node("Where", [linear, x, sp], base)

    @classmethod
    def numpy_statement(cls, index, spec):
        return call_statement(index, softplus, repr(spec["beta"]), repr(spec["threshold"]))

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
    @classmethod
    def onnx_nodes(cls, graph, index, spec, state, x):
        base = f"{index}.{cls.type_name}"
        softplus_x = graph.node("Softplus", [x], f"{base}.softplus")
        return graph.node("Mul", [x, graph.node("Tanh", [softplus_x], f"{base}.tanh")], base)

    @classmethod
    def numpy_statement(cls, index, spec):
        return call_statement(index, mish)

    def f(self, x):
        xp = self.xp
        return x * xp.tanh(xp.logaddexp(0, x))

    def derivative(self, x, y):
        xp = self.xp
        t = xp.tanh(xp.logaddexp(0, x))
        s = 0.5 * (1.0 + xp.tanh(0.5 * x))
        return t + x * (1.0 - t * t) * s


# ---------------------------------------------------------------- plain NumPy, for the script

def gelu(x):
    """x·Φ(x) = ½x(1 + erf(x/√2))."""
    return 0.5 * x * (1.0 + erf_numpy(x * (1.0 / math.sqrt(2.0))))


def gelu_tanh(x):
    """½x(1 + tanh(√(2/π)(x + 0.044715x³)))."""
    inner = math.sqrt(2.0 / math.pi) * (x + 0.044715 * x * x * x)
    return 0.5 * x * (1.0 + np.tanh(inner))


def silu(x):
    """x·σ(x)."""
    return x * ((np.tanh(x * 0.5) + 1.0) * 0.5)


def softplus(x, beta, threshold):
    """log(1 + e^(βx))/β, and x itself where βx > threshold (PyTorch's rule)."""
    bx = x * beta
    return np.where(bx > threshold, x, np.logaddexp(0, bx) / beta)


def mish(x):
    """x·tanh(softplus(x))."""
    return x * np.tanh(np.logaddexp(0, x))
