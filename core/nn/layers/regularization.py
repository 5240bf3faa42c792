"""Regularization layers: dropout and batch normalization."""

from __future__ import annotations

import numpy as np

from core.nn.layers.base import Layer, NumpyStatement, register_layer
from core.nn.layers.glyph import Glyph
from core.registry import Param

#: Dropout's glyph: two rows of four units, three of them dropped.
_DROPOUT_DOTS = tuple((x, y, k not in (1, 4, 7)) for k, (x, y) in enumerate(
    (x, y) for y in (0.68, 0.32) for x in (0.22, 0.41, 0.59, 0.78)))
#: Batch norm's glyph: the standard normal density on [-3, 3], peak at the top.
_BELL = tuple(((t + 3) / 6, float(np.exp(-t * t / 2))) for t in np.linspace(-3, 3, 41))


@register_layer(
    "dropout", title="Dropout",
    help="During training, zero each input with probability p and scale the rest by "
         "1/(1−p) (inverted dropout); does nothing when evaluating. Reduces overfitting.",
    formula="y = x·m/(1−p),  m ~ Bernoulli(1−p)  (training);  y = x  (evaluation)",
    params=(Param("p", "float", 0.5, "probability of dropping an input", min=0, max=0.95),))
class Dropout(Layer):
    kind = "regularization"
    last_layer_warning = ("Dropout is the last layer ({index}): it would randomly zero the "
                          "network's outputs while training.")

    @classmethod
    def glyph(cls, spec=None):
        return Glyph(dots=_DROPOUT_DOTS)

    @classmethod
    def onnx_nodes(cls, graph, index, spec, state, x):
        return x  # evaluation mode passes inputs through

    @classmethod
    def numpy_statement(cls, index, spec):
        return NumpyStatement(f"# {index}: dropout (evaluation mode: dropout passes inputs "
                              "through)")

    def __init__(self, p=0.5, **spec):
        super().__init__(p=p, **spec)
        self.p = p
        self.frozen = False  # reuse the last mask (for gradient checks)
        self._mask = None
        self._rng = None

    def build(self, in_width, backend, rng):
        super().build(in_width, backend, rng)
        seed = int(rng.integers(0, 2**31 - 1))
        self._rng = backend.xp.random.default_rng(seed)
        return in_width

    def freeze_randomness(self, frozen):
        self.frozen = frozen

    def forward(self, x, training=False):
        if not training or self.p == 0:
            self._mask = None
            return x
        if not (self.frozen and self._mask is not None and self._mask.shape == x.shape):
            keep = self._rng.random(x.shape, dtype=self.dtype) >= self.p
            self._mask = keep.astype(self.dtype) * (1.0 / (1.0 - self.p))
        return x * self._mask

    def backward(self, grad_out):
        if self._mask is None:
            return grad_out
        grad_out *= self._mask
        return grad_out

    def describe(self):
        return f"p = {self.p:g}"


@register_layer(
    "batch_norm", title="Batch norm",
    help="Normalize each feature over the batch to zero mean and unit variance, then "
         "scale by γ and shift by β (learned). Keeps running statistics for evaluation.",
    formula="y = γ·(x − μ_B)/√(σ²_B + ε) + β",
    aliases=("batchnorm",),
    params=(Param("momentum", "float", 0.1, "weight of the newest batch in the running "
                  "statistics", min=0, max=1),
            Param("eps", "float", 1e-5, "added to the variance for stability", min=0,
                  min_exclusive=True, max=1)))
class BatchNorm(Layer):
    kind = "regularization"
    trainable = True
    needs_batch_statistics = True
    fixes_input_width = True

    @classmethod
    def parameter_shapes(cls, spec, in_width):
        return {"weight": (in_width,), "bias": (in_width,)}

    @classmethod
    def buffer_shapes(cls, spec, in_width):
        return {"running_mean": (in_width,), "running_var": (in_width,),
                "num_batches_tracked": ()}

    @classmethod
    def input_width_from_state(cls, spec, state):
        weight = state.get("weight")
        return int(weight.shape[0]) if weight is not None and weight.ndim == 1 else None

    @classmethod
    def glyph(cls, spec=None):
        return Glyph(curves=(_BELL,), areas=(_BELL,), guides=((0.5, 1.0, 0.5, 0.0),),
                     inset=(3, 4, 3, 3))

    @classmethod
    def onnx_nodes(cls, graph, index, spec, state, x):
        names = [graph.constant(f"{index}.{n}", state[f"{index}.{n}"])
                 for n in ("weight", "bias", "running_mean", "running_var")]
        return graph.node("BatchNormalization", [x, *names], f"{index}.{cls.type_name}",
                          epsilon=float(spec["eps"]))

    @classmethod
    def numpy_statement(cls, index, spec):
        w = f'w["{index}.'
        return NumpyStatement(
            f'x = (x - {w}running_mean"]) * (1.0 / np.sqrt({w}running_var"] + {spec["eps"]!r})'
            f' * {w}weight"]) + {w}bias"]  # {index}: batch norm (evaluation)')

    def __init__(self, momentum=0.1, eps=1e-5, **spec):
        super().__init__(momentum=momentum, eps=eps, **spec)
        self.momentum, self.eps = momentum, eps

    def build(self, in_width, backend, rng):
        super().build(in_width, backend, rng)
        xp = backend.xp
        self.params["weight"] = xp.ones(in_width, dtype=backend.dtype)
        self.params["bias"] = xp.zeros(in_width, dtype=backend.dtype)
        self.grads["weight"] = xp.zeros(in_width, dtype=backend.dtype)
        self.grads["bias"] = xp.zeros(in_width, dtype=backend.dtype)
        self.buffers["running_mean"] = xp.zeros(in_width, dtype=backend.dtype)
        self.buffers["running_var"] = xp.ones(in_width, dtype=backend.dtype)
        self.buffers["num_batches_tracked"] = np.zeros((), dtype=np.int64)
        return in_width

    def forward(self, x, training=False):
        xp = self.xp
        if not training:
            inv_std = 1.0 / xp.sqrt(self.buffers["running_var"] + self.eps)
            return (x - self.buffers["running_mean"]) * (inv_std * self.params["weight"]) \
                + self.params["bias"]
        n = x.shape[0]
        mean = x.mean(axis=0)
        centered = x - mean
        var = (centered * centered).mean(axis=0)
        inv_std = 1.0 / xp.sqrt(var + self.eps)
        xhat = centered * inv_std
        if n > 1:  # one row has no variance: it would pull running_var towards 0
            m = self.momentum
            self.buffers["running_mean"] *= 1 - m
            self.buffers["running_mean"] += m * mean
            self.buffers["running_var"] *= 1 - m
            self.buffers["running_var"] += m * (var * (n / (n - 1)))
            self.buffers["num_batches_tracked"][...] += 1  # stays a 0-d array
        self._xhat, self._inv_std = xhat, inv_std
        return xhat * self.params["weight"] + self.params["bias"]

    def backward(self, grad_out):
        xhat, n = self._xhat, grad_out.shape[0]
        grad_out.sum(axis=0, out=self.grads["bias"])
        (grad_out * xhat).sum(axis=0, out=self.grads["weight"])
        dxhat = grad_out * self.params["weight"]
        return (self._inv_std / n) * (n * dxhat - dxhat.sum(axis=0)
                                      - xhat * (dxhat * xhat).sum(axis=0))
