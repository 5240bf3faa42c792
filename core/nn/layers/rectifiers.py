"""Rectifiers: ReLU and its variants with a slope or a curve for negative inputs (Leaky
ReLU, PReLU, ELU).

Each class has a plain-NumPy twin below for the exported script (see
:mod:`core.nn.layers.activations`).
"""

from __future__ import annotations

import numpy as np

from core.nn.layers.activations import Activation, activation, call_statement
from core.registry import Param


@activation("relu", title="ReLU",
            help="Rectified linear unit: passes positive inputs, zeroes negative ones. The "
                 "first choice for hidden layers: cheap and free of vanishing gradients for x > 0.",
            formula="f(x) = max(0, x),   f'(x) = 1 if x > 0 else 0",
            advice="ReLU is the first choice for hidden layers. Watch for the dead-ReLU "
                   "problem: a neuron whose input stays negative outputs 0 forever and stops "
                   "learning, usually after too large a learning rate or a poor initialization.")
class ReLU(Activation):
    can_die = True
    relu_like = True
    onnx_operator = "Relu"

    @classmethod
    def numpy_statement(cls, index, spec):
        return call_statement(index, relu)

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
    relu_like = True

    @classmethod
    def onnx_nodes(cls, graph, index, spec, state, x):
        return graph.node("LeakyRelu", [x], f"{index}.{cls.type_name}",
                          alpha=float(spec["alpha"]))

    @classmethod
    def numpy_statement(cls, index, spec):
        return call_statement(index, leaky_relu, repr(spec["alpha"]))

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

    @classmethod
    def onnx_nodes(cls, graph, index, spec, state, x):
        slope = graph.constant(f"{index}.weight", state[f"{index}.weight"])  # (1,): broadcasts
        return graph.node("PRelu", [x, slope], f"{index}.{cls.type_name}")

    @classmethod
    def numpy_statement(cls, index, spec):
        return call_statement(index, prelu, f'w["{index}.weight"]')

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
    relu_like = True

    @classmethod
    def onnx_nodes(cls, graph, index, spec, state, x):
        return graph.node("Elu", [x], f"{index}.{cls.type_name}", alpha=float(spec["alpha"]))

    @classmethod
    def numpy_statement(cls, index, spec):
        return call_statement(index, elu, repr(spec["alpha"]))

    def __init__(self, alpha=1.0, **spec):
        super().__init__(alpha=alpha, **spec)
        self.alpha = alpha

    def f(self, x):
        xp = self.xp
        return xp.where(x > 0, x, self.alpha * xp.expm1(xp.minimum(x, 0)))

    def derivative(self, x, y):
        return self.xp.where(x > 0, 1.0, y + self.alpha).astype(self.dtype, copy=False)


# ---------------------------------------------------------------- plain NumPy, for the script

def relu(x):
    return np.maximum(x, 0)


def leaky_relu(x, alpha):
    return np.where(x > 0, x, x * alpha)


def prelu(x, a):
    """a: the learned slope, shape (1,)."""
    return np.where(x > 0, x, x * a)


def elu(x, alpha):
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0)))
