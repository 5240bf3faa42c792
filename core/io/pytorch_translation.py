"""What each part of an experiment is in PyTorch, as source code.

The exported training script and notebook (:mod:`core.io.pytorch_script`) say, in plain
PyTorch, what the workbench computes; this module gives them the words:

=====================  ========================================================================
workbench              PyTorch
=====================  ========================================================================
dense                  ``nn.Linear(in, units, bias=...)``
batch_norm             ``nn.BatchNorm1d(width, eps=..., momentum=...)``; on images
                       ``nn.BatchNorm2d(channels, ...)``
conv2d                 ``nn.Conv2d(channels, filters, k, stride=..., padding=..., bias=...)``
max_pool2d, avg_pool2d ``nn.MaxPool2d(k, stride=...)``, ``nn.AvgPool2d(k, stride=...)``
global_avg_pool2d      ``nn.AdaptiveAvgPool2d(1)``
flatten                ``nn.Flatten()``
dropout                ``WorkbenchDropout(p, ...)``: inverted dropout with the workbench's
                       masks (drawn from NumPy), so that a run can be reproduced exactly
activations            ``nn.Identity``, ``nn.Sigmoid``, ``nn.Tanh``, ``nn.ReLU``, ``nn.LeakyReLU``,
                       ``nn.PReLU``, ``nn.ELU``, ``nn.GELU``, ``nn.SiLU``, ``nn.Softplus``,
                       ``nn.Mish``, ``nn.Softmax(dim=1)``
losses                 ``F.mse_loss``, ``F.l1_loss``, ``F.huber_loss``,
                       ``F.binary_cross_entropy_with_logits``, ``F.cross_entropy``
optimizers             ``torch.optim.SGD``, ``Adam``, ``AdamW``, ``RMSprop``, ``Adagrad``
schedules              ``StepLR``, ``ExponentialLR``, ``CosineAnnealingLR``,
                       ``ReduceLROnPlateau`` (``constant``: no scheduler)
=====================  ========================================================================

Each workbench update rule and schedule follows torch's documented one (see
:mod:`core.optim.base`), so these are the same computations, not approximations. A layer type
may say what it is in PyTorch itself with a class method ``torch_module(index, spec,
in_width) -> str``; the table here covers the built-in types. ``in_width`` is the number of
input features, or the ``(C, H, W)`` tuple of an image input.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from core.errors import WeightsError
from core.nn.layers.base import layer_class


def _linear(spec, width):
    return f"nn.Linear({width}, {spec['units']}{'' if spec['bias'] else ', bias=False'})"


def _batch_norm(spec, width):
    kind, size = ("BatchNorm2d", width[0]) if isinstance(width, tuple) else ("BatchNorm1d", width)
    return f"nn.{kind}({size}, eps={spec['eps']!r}, momentum={spec['momentum']!r})"


def _conv2d(spec, shape):
    padding = spec["padding"]
    padding = 0 if padding == "valid" else padding  # "same" is torch's "same" (stride 1)
    return (f"nn.Conv2d({shape[0]}, {spec['filters']}, {spec['kernel_size']}, "
            f"stride={spec['stride']}, padding={padding!r}"
            f"{'' if spec['bias'] else ', bias=False'})")


def _pool(kind):
    def make(spec, shape):
        k = spec["pool_size"]
        stride = k if spec["stride"] is None else spec["stride"]
        return f"nn.{kind}({k}, stride={stride})"
    return make


def _gelu(spec, width):
    return "nn.GELU(approximate='tanh')" if spec["approximate"] == "tanh" else "nn.GELU()"


#: Layer type → the ``torch.nn`` module it is, from its normalized spec and input width.
TORCH_MODULES: dict[str, Callable[[Mapping, int], str]] = {
    "dense": _linear,
    "batch_norm": _batch_norm,
    "conv2d": _conv2d,
    "max_pool2d": _pool("MaxPool2d"),
    "avg_pool2d": _pool("AvgPool2d"),
    "global_avg_pool2d": lambda s, w: "nn.AdaptiveAvgPool2d(1)",
    "flatten": lambda s, w: "nn.Flatten()",
    "identity": lambda s, w: "nn.Identity()",
    "sigmoid": lambda s, w: "nn.Sigmoid()",
    "tanh": lambda s, w: "nn.Tanh()",
    "relu": lambda s, w: "nn.ReLU()",
    "leaky_relu": lambda s, w: f"nn.LeakyReLU(negative_slope={s['alpha']!r})",
    "prelu": lambda s, w: f"nn.PReLU(num_parameters=1, init={s['init']!r})",
    "elu": lambda s, w: f"nn.ELU(alpha={s['alpha']!r})",
    "gelu": _gelu,
    "silu": lambda s, w: "nn.SiLU()",
    "softplus": lambda s, w: f"nn.Softplus(beta={s['beta']!r}, threshold={s['threshold']!r})",
    "mish": lambda s, w: "nn.Mish()",
    "softmax": lambda s, w: "nn.Softmax(dim=1)",
}


def torch_module(index: int, spec: Mapping, in_width) -> str:
    """The ``torch.nn`` module of layer ``index`` (normalized ``spec``) as source code;
    ``in_width`` is its input's feature count, or ``(C, H, W)`` for images.

    Dropout is ``WorkbenchDropout(p, DROPOUT_GENERATORS[index])``, defined in the script.

    Raises
    ------
    WeightsError
        The layer type has no PyTorch translation.
    """
    cls = layer_class(spec["type"])
    own = getattr(cls, "torch_module", None)
    if own is not None:
        return own(index, spec, in_width)
    if cls.type_name == "dropout":
        return f"WorkbenchDropout({spec['p']!r}, DROPOUT_GENERATORS[{index}])"
    make = TORCH_MODULES.get(cls.type_name)
    if make is None:
        raise WeightsError(f"layer {index} ({cls.type_name}) has no PyTorch translation")
    return make(spec, in_width)


def loss_code(spec: Mapping) -> str:
    """``F.…(out, target, …)``: the loss of a normalized loss spec, mean over the batch."""
    name = spec["type"]
    if name == "cross_entropy":
        smoothing = spec["label_smoothing"]
        extra = f", label_smoothing={smoothing!r}" if smoothing else ""
        return f"F.cross_entropy(out, target{extra})"
    if name == "binary_cross_entropy":
        return "F.binary_cross_entropy_with_logits(out, target)"
    if name == "huber":
        return f"F.huber_loss(out, target, delta={spec['delta']!r})"
    simple = {"mse": "F.mse_loss(out, target)", "mae": "F.l1_loss(out, target)"}
    if name not in simple:
        raise WeightsError(f"loss {name} has no PyTorch translation")
    return simple[name]


_OPTIMIZERS = {"sgd": "SGD", "adam": "Adam", "adamw": "AdamW", "rmsprop": "RMSprop",
               "adagrad": "Adagrad"}


def optimizer_code(spec: Mapping) -> str:
    """``torch.optim.Adam(model.parameters(), lr=…, …)`` for a normalized optimizer spec."""
    name = spec["type"]
    if name not in _OPTIMIZERS:
        raise WeightsError(f"optimizer {name} has no PyTorch translation")
    fields = [f"{k}={tuple(v) if isinstance(v, list) else v!r}"
              for k, v in spec.items() if k != "type"]
    return f"torch.optim.{_OPTIMIZERS[name]}(model.parameters(), {', '.join(fields)})"


def schedule_code(spec: Mapping) -> str | None:
    """``torch.optim.lr_scheduler.…(optimizer, …)`` for a normalized schedule spec; None for
    ``constant``. A cosine schedule whose ``T_max`` is null runs over ``epochs``."""
    name, p = spec["type"], spec
    lr_scheduler = "torch.optim.lr_scheduler"
    if name == "constant":
        return None
    if name == "step":
        return f"{lr_scheduler}.StepLR(optimizer, step_size={p['step_size']!r}, " \
               f"gamma={p['gamma']!r})"
    if name == "exponential":
        return f"{lr_scheduler}.ExponentialLR(optimizer, gamma={p['gamma']!r})"
    if name == "cosine":
        t_max = "epochs" if p["T_max"] is None else repr(p["T_max"])
        return f"{lr_scheduler}.CosineAnnealingLR(optimizer, T_max={t_max}, " \
               f"eta_min={p['eta_min']!r})"
    if name == "reduce_on_plateau":
        fields = ", ".join(f"{k}={p[k]!r}" for k in ("mode", "factor", "patience", "threshold",
                                                      "threshold_mode", "cooldown", "min_lr"))
        return f"{lr_scheduler}.ReduceLROnPlateau(optimizer, {fields}, eps=1e-08)"
    raise WeightsError(f"schedule {name} has no PyTorch translation")
