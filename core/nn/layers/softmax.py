"""Softmax: scores to class probabilities, the output layer of multi-class classification.

It has a plain-NumPy twin below for the exported script (see
:mod:`core.nn.layers.activations`).
"""

from __future__ import annotations

import numpy as np

from core.nn.layers.activations import Activation, activation, call_statement


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

    @classmethod
    def onnx_nodes(cls, graph, index, spec, state, x):
        return graph.node("Softmax", [x], f"{index}.{cls.type_name}", axis=-1)

    @classmethod
    def numpy_statement(cls, index, spec):
        return call_statement(index, softmax)

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


# ---------------------------------------------------------------- plain NumPy, for the script

def softmax(x):
    """Row-wise e^(z_i)/Σ_j e^(z_j), through the row maximum."""
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)
