"""Layers of a sequential network: dense, regularization and activations.

Every layer is a small class whose ``forward(x, training)`` and ``backward(grad_out)``
stand side by side. Parameters live in ``self.params`` and their gradients in
``self.grads`` under matching local names (``weight``, ``bias``); the model prefixes them
with the layer index, as PyTorch's ``nn.Sequential`` does (``"0.weight"``).
Arrays are ``(batch, features)``. Backward may overwrite ``grad_out`` in place.
Activations cache what their derivative needs only while training.

Speed: when the model's ``reuse_buffers`` is on (the trainer turns it on), training
passes write their outputs into buffers the layer keeps per batch shape instead of
allocating new arrays each iteration; such an output stays valid until the layer's next
training pass. No layer writes into its input, so an input another layer cached for its
backward pass is never overwritten. On CuPy the common activations and their
derivatives run as one fused kernel each (:data:`GPU_KERNELS`), where NumPy needs two
or three calls.
"""

from __future__ import annotations

import math

import numpy as np

from core.backend.devices import ElementwiseSpec, elementwise, is_cupy
from core.nn import initializers
from core.registry import Param, register

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


class Layer:
    """Base class. Subclasses set ``params``/``grads`` in :meth:`build`."""

    type_name = "layer"
    #: True for layers whose parameters are trained (dense, prelu, batch_norm).
    trainable = False
    #: Write training-pass outputs into per-batch-shape buffers (set by the model).
    reuse = False

    def __init__(self, **spec):
        self.spec = spec
        self.params: dict = {}
        self.grads: dict = {}
        self.buffers: dict = {}  # non-trained state saved with the model (running stats)
        self.xp = np
        self.gpu = False
        self.in_width = 0
        self.out_width = 0
        self._scratch: dict = {}

    def build(self, in_width: int, backend, rng: np.random.Generator) -> int:
        """Create parameters for inputs of width ``in_width``; return the output width."""
        self.xp = backend.xp
        self.gpu = is_cupy(backend.xp)
        self.dtype = backend.dtype
        self.in_width = self.out_width = in_width
        return in_width

    def scratch(self, key: str, shape: tuple):
        """A buffer of ``shape`` kept for reuse (one per key and shape); contents undefined."""
        buf = self._scratch.get((key, shape))
        if buf is None:
            if len(self._scratch) > 16:  # many batch shapes (e.g. a varying last batch)
                self._scratch.clear()
            buf = self._scratch[(key, shape)] = self.xp.empty(shape, dtype=self.dtype)
        return buf

    def kernel(self, name: str):
        """The fused CuPy kernel ``GPU_KERNELS[name]``."""
        return elementwise(GPU_KERNELS[name], self.xp)

    def forward(self, x, training: bool = False):
        raise NotImplementedError

    def backward(self, grad_out):
        raise NotImplementedError

    def n_params(self) -> int:
        return sum(int(p.size) for p in self.params.values())

    def describe(self) -> str:
        """Key settings in a few words, for cards and summaries."""
        return ""


# ---------------------------------------------------------------- dense

@register("layer", "dense", group="layers", title="Dense",
          help="Fully connected layer: every neuron is connected to every input of the previous "
               "layer, each connection has a weight w and each neuron a bias b.",
          formula="y = x·Wᵀ + b   (W: units × inputs)",
          aliases=("linear", "fully_connected"),
          params=(Param("units", "int", 16, "number of neurons in this layer", min=0,
                        min_exclusive=True, max=100_000),
                  Param("bias", "bool", True, "add a learnable bias b to each neuron"),
                  Param("init", "choice", "torch_default", "how the weights start",
                        choices=tuple(initializers.INITIALIZER_NAMES))))
class Dense(Layer):
    type_name = "dense"
    trainable = True

    def __init__(self, units=16, bias=True, init="torch_default", **spec):
        super().__init__(units=units, bias=bias, init=init, **spec)
        self.units, self.use_bias, self.init = units, bias, init
        self.needs_input_grad = True
        self._x = None

    def build(self, in_width, backend, rng):
        super().build(in_width, backend, rng)
        weight, bias = initializers.initialize(self.init, rng, self.units, in_width)
        self.params["weight"] = backend.asarray(weight)
        self.grads["weight"] = backend.xp.zeros_like(self.params["weight"])
        if self.use_bias:
            self.params["bias"] = backend.asarray(bias)
            self.grads["bias"] = backend.xp.zeros_like(self.params["bias"])
        self.out_width = self.units
        return self.units

    def forward(self, x, training=False):
        w = self.params["weight"]
        if training:
            self._x = x
            if self.reuse:
                y = self.xp.matmul(x, w.T, out=self.scratch("y", (x.shape[0], self.units)))
            else:
                y = x @ w.T
        else:
            y = x @ w.T
        if self.use_bias:
            y += self.params["bias"]
        return y

    def backward(self, grad_out):
        xp = self.xp
        xp.matmul(grad_out.T, self._x, out=self.grads["weight"])
        if self.use_bias:
            # Column sums as a product with a ones vector: one BLAS call, ~2× faster
            # than grad_out.sum(axis=0) for wide layers.
            xp.matmul(self._ones(grad_out.shape[0]), grad_out, out=self.grads["bias"])
        if not self.needs_input_grad:
            return None
        if self.reuse:
            return xp.matmul(grad_out, self.params["weight"],
                             out=self.scratch("grad_in", (grad_out.shape[0], self.in_width)))
        return grad_out @ self.params["weight"]

    def _ones(self, n: int):
        ones = self._scratch.get(("ones", n))
        if ones is None:
            ones = self._scratch[("ones", n)] = self.xp.ones(n, dtype=self.dtype)
        return ones

    def describe(self):
        return f"{self.units} unit{'' if self.units == 1 else 's'}" + \
            ("" if self.use_bias else ", no bias")


# ---------------------------------------------------------------- regularization

@register("layer", "dropout", group="regularization", title="Dropout",
          help="During training, zero each input with probability p and scale the rest by "
               "1/(1−p) (inverted dropout); does nothing when evaluating. Reduces overfitting.",
          formula="y = x·m/(1−p),  m ~ Bernoulli(1−p)  (training);  y = x  (evaluation)",
          params=(Param("p", "float", 0.5, "probability of dropping an input", min=0, max=0.95),))
class Dropout(Layer):
    type_name = "dropout"

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


@register("layer", "batch_norm", group="regularization", title="Batch norm",
          help="Normalize each feature over the batch to zero mean and unit variance, then "
               "scale by γ and shift by β (learned). Keeps running statistics for evaluation.",
          formula="y = γ·(x − μ_B)/√(σ²_B + ε) + β",
          aliases=("batchnorm",),
          params=(Param("momentum", "float", 0.1, "weight of the newest batch in the running "
                        "statistics", min=0, max=1),
                  Param("eps", "float", 1e-5, "added to the variance for stability", min=0,
                        min_exclusive=True, max=1)))
class BatchNorm(Layer):
    type_name = "batch_norm"
    trainable = True

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


# ---------------------------------------------------------------- activations

class Activation(Layer):
    """An element-wise (or row-wise) function with no parameters, unless it says so."""

    advice = ""

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


def activation(name, *, title, help, formula, advice="", params=(), aliases=()):
    """Register an activation layer (palette group "activations")."""
    return register("layer", name, group="activations", title=title, help=help,
                    formula=formula, params=params, aliases=aliases, advice=advice)


@activation("identity", title="Identity", aliases=("linear_activation",),
            help="Passes its input through unchanged (a linear output for regression).",
            formula="f(x) = x")
class Identity(Activation):
    type_name = "identity"

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
    type_name = "sigmoid"

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
    type_name = "tanh"

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
    type_name = "relu"

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
    type_name = "leaky_relu"

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
    type_name = "prelu"
    trainable = True

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
    type_name = "elu"

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
    type_name = "gelu"

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
    type_name = "silu"

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
    type_name = "softplus"

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
    type_name = "mish"

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
    type_name = "softmax"

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


ACTIVATION_TYPES = ("identity", "sigmoid", "tanh", "relu", "leaky_relu", "prelu", "elu", "gelu",
                    "silu", "softplus", "mish", "softmax")
#: Activations whose units can "die" (output exactly 0 for every sample).
RELU_FAMILY = ("relu",)


# ---------------------------------------------------------------- erf

def erf(x, xp=np):
    """The error function, element-wise, accurate to ~1e-14 in float64.

    NumPy has no ``erf``; CuPy's ``cupyx.scipy.special.erf`` is used on the GPU. On the
    CPU: a Taylor series for |x| < 2.5 and a continued fraction for erfc beyond.
    """
    if xp is not np:
        from cupyx.scipy.special import erf as cupy_erf  # noqa: PLC0415  (optional dependency)
        return cupy_erf(x)
    x = np.asarray(x)
    a = np.abs(x).astype(np.float64)
    out = np.empty_like(a)
    small = a < 2.5
    s = a[small]
    z = -s * s
    term, acc = s.copy(), s.copy()
    for n in range(1, 36):
        term *= z
        term /= n
        acc += term / (2 * n + 1)
    out[small] = acc * (2.0 / math.sqrt(math.pi))
    b = a[~small]
    frac = b.copy()
    for k in range(40, 0, -1):
        frac = b + (k / 2.0) / frac
    out[~small] = 1.0 - np.exp(-b * b) / (math.sqrt(math.pi) * frac)
    return (np.sign(x) * out).astype(x.dtype, copy=False)
