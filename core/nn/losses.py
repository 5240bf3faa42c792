"""Loss functions: how big a mistake the network made.

Each loss returns its value (mean over the batch, as PyTorch's ``reduction='mean'``) and
its gradient with respect to the network output in one call. The classification losses
take logits: when the network ends in softmax (cross-entropy) or sigmoid (binary
cross-entropy) the model hands them the input of that last layer instead — the fused,
numerically stable path, so huge logits never give NaN.
"""

from __future__ import annotations

from typing import ClassVar

from core import registry
from core.backend.devices import array_module
from core.errors import SpecError
from core.registry import Param, register


class Loss:
    """Base class: ``value, grad = loss(output, target)``."""

    type_name = "loss"
    task = "regression"
    #: The final activation this loss reads its input through, and fuses with that layer
    #: when the network ends in it (the model then hands over the logits); None for none.
    fused_activation: ClassVar[str | None] = None
    #: Return the gradient in a buffer kept per shape, valid until the next call (set by
    #: :class:`core.nn.model.Objective` when the model reuses its buffers).
    reuse = False

    def __init__(self, **spec):
        self.spec = spec
        self._scratch: dict = {}

    def scratch(self, xp, key: str, like):
        """A buffer shaped and typed like ``like``, or None when buffers are not reused."""
        if not self.reuse:
            return None
        buf = self._scratch.get((key, like.shape))
        if buf is None or buf.dtype != like.dtype or type(buf) is not type(like):
            if len(self._scratch) > 16:
                self._scratch.clear()
            buf = self._scratch[(key, like.shape)] = xp.empty_like(like)
        return buf

    def __call__(self, pred, target):
        """Return ``(value, grad)``: a 0-d array and d value / d pred, shaped like ``pred``."""
        raise NotImplementedError

    def prepare_target(self, y, n_outputs: int, xp, dtype):
        """Dataset targets as arrays this loss compares with outputs of width ``n_outputs``.

        Class indices ``(N,)`` become one-hot rows for the regression losses when the
        output has one unit per class, and a ``(N, 1)`` column when it has one unit.
        """
        y = xp.asarray(y)
        if y.ndim == 1:
            if y.dtype.kind in "iu" and n_outputs > 1:
                return xp.eye(n_outputs, dtype=dtype)[y]
            return y.astype(dtype).reshape(-1, 1)
        return y.astype(dtype)


def _regression_loss(name, title, help, formula, params=(), aliases=(), short=None):
    return register("loss", name, title=title, help=help, formula=formula, params=params,
                    aliases=aliases, task="regression", short=short or title)


@_regression_loss("mse", "Mean squared error",
                  "The average of the squared differences between prediction and target; "
                  "the usual loss for regression.",
                  "L = mean((ŷ − y)²)", aliases=("mean_squared_error",), short="MSE")
class MSE(Loss):
    type_name = "mse"

    def __call__(self, pred, target):
        diff = pred - target
        value = (diff * diff).mean()
        diff *= 2.0 / diff.size
        return value, diff


@_regression_loss("mae", "Mean absolute error",
                  "The average absolute difference between prediction and target; less "
                  "sensitive to outliers than MSE.",
                  "L = mean(|ŷ − y|)", aliases=("l1",), short="MAE")
class MAE(Loss):
    type_name = "mae"

    def __call__(self, pred, target):
        diff = pred - target
        value = abs(diff).mean()
        grad = array_module(pred).sign(diff)
        grad *= 1.0 / diff.size
        return value, grad


@_regression_loss("huber", "Huber",
                  "Squared error for small differences and absolute error for large ones "
                  "(beyond δ): robust to outliers yet smooth near 0.",
                  "L = mean(½d² if |d| < δ else δ(|d| − ½δ)),  d = ŷ − y",
                  params=(Param("delta", "float", 1.0, "where the loss turns from squared "
                                "to absolute", min=0, min_exclusive=True, max=1e6),))
class Huber(Loss):
    type_name = "huber"

    def __init__(self, delta=1.0, **spec):
        super().__init__(delta=delta, **spec)
        self.delta = delta

    def __call__(self, pred, target):
        d = pred - target
        a = abs(d)
        quad = a < self.delta
        value = (quad * (0.5 * d * d) + (~quad) * (self.delta * (a - 0.5 * self.delta))).mean()
        grad = d.clip(-self.delta, self.delta)
        grad *= 1.0 / d.size
        return value, grad


@register("loss", "binary_cross_entropy", title="Binary cross-entropy", task="classification",
          short="binary cross-entropy",
          help="Cross-entropy for two classes (or independent yes/no outputs): the output is "
               "the probability of class 1. Fused with a final sigmoid for stability.",
          formula="L = mean(max(x,0) − x·z + log(1 + e^(−|x|))),  x = logit, z ∈ {0, 1}",
          aliases=("bce",))
class BinaryCrossEntropy(Loss):
    type_name = "binary_cross_entropy"
    task = "classification"
    fused_activation = "sigmoid"

    def __call__(self, logits, target):
        xp = array_module(logits)
        value = (xp.maximum(logits, 0) - logits * target
                 + xp.log1p(xp.exp(-abs(logits)))).mean()
        grad = xp.tanh(logits * 0.5)
        grad += 1.0
        grad *= 0.5
        grad -= target
        grad *= 1.0 / logits.size
        return value, grad

    def prepare_target(self, y, n_outputs, xp, dtype):
        y = xp.asarray(y)
        if y.ndim == 1:
            _check_class_labels(self.type_name, y)
        return y.astype(dtype).reshape(-1, 1) if y.ndim == 1 else y.astype(dtype)


@register("loss", "cross_entropy", title="Cross-entropy", task="classification",
          short="cross-entropy",
          help="Measures the difference between the predicted probability distribution q and "
               "the true one p; the usual loss for multi-class classification, used with a "
               "softmax output (fused for stability).",
          formula="H(p, q) = −Σ p(x)·log q(x)   (q = softmax of the logits)",
          aliases=("categorical_cross_entropy", "ce"),
          params=(Param("label_smoothing", "float", 0.0, "mix the one-hot target with the "
                        "uniform distribution by this fraction", min=0, max=0.99),))
class CrossEntropy(Loss):
    type_name = "cross_entropy"
    task = "classification"
    fused_activation = "softmax"

    def __init__(self, label_smoothing=0.0, **spec):
        super().__init__(label_smoothing=label_smoothing, **spec)
        self.label_smoothing = label_smoothing

    def __call__(self, logits, target):
        """Softmax cross-entropy on logits ``(N, C)``; ``target`` is ``(N, C)`` probabilities.

        Computed through the row max: ``log p = z − max − log Σ e^(z − max)``; the gradient
        w.r.t. the logits is ``(p − t)/N``. ``L = −Σ t·log p / N`` is one dot product
        of two contiguous arrays; 10 array calls in all.
        """
        xp = array_module(logits)
        n = logits.shape[0]
        shifted = xp.subtract(logits, logits.max(axis=1, keepdims=True),
                              out=self.scratch(xp, "shifted", logits))
        e = xp.exp(shifted, out=self.scratch(xp, "e", logits))
        total = e @ self._ones(xp, e)  # row sums, (N, 1): one BLAS call, faster than sum()
        shifted -= xp.log(total)  # log p
        value = xp.vdot(target, shifted) * (-1.0 / n)
        e /= total
        e -= target
        e *= 1.0 / n
        return value, e

    def _ones(self, xp, like):
        """A (C, 1) column of ones, kept per width, dtype and array module."""
        key = ("ones", like.shape[1], like.dtype, type(like))
        ones = self._scratch.get(key)
        if ones is None:
            ones = self._scratch[key] = xp.ones((like.shape[1], 1), dtype=like.dtype)
        return ones

    def prepare_target(self, y, n_outputs, xp, dtype):
        y = xp.asarray(y)
        if y.ndim == 1:
            _check_class_labels(self.type_name, y)
        t = xp.eye(n_outputs, dtype=dtype)[y] if y.ndim == 1 else y.astype(dtype)
        if self.label_smoothing:
            t = t * (1.0 - self.label_smoothing) + self.label_smoothing / n_outputs
        return t


def target_mismatch(loss, task: str | None, n_outputs: int | None,
                    data_name: str = "the data") -> str | None:
    """Why ``loss`` cannot be trained on the targets of a task, or None when it can.

    Cross-entropy and binary cross-entropy compare the network's class probabilities
    with class labels: real-valued (regression) targets give an index error or negative
    losses, and binary cross-entropy on more than two classes reads labels 2, 3, … as
    probabilities above 1. The regression losses work on classes too (against one-hot
    rows), so they are advice for :func:`core.nn.analysis.report.analyze`, not a mismatch here.

    Parameters
    ----------
    loss : str or dict
        The loss name or spec (normalized or not).
    task : {"classification", "regression"} or None
        None (unknown) never mismatches.
    n_outputs : int or None
        Classes (classification) or target columns (regression).
    data_name : str
        How the sentence names the data set, e.g. ``"sine"``.

    Returns
    -------
    str or None
        One sentence (no leading field path) naming the loss, the targets and the fix.
    """
    name = loss.get("type") if isinstance(loss, dict) else loss
    try:
        name = registry.get("loss", name).name
    except Exception:  # an unknown loss is reported by its own validation
        return None
    if task == "regression" and name == "cross_entropy":
        return (f"cross-entropy compares class probabilities with class labels, but the "
                f"targets of {data_name} are real numbers (a regression task); use a regression "
                "loss such as MSE, with no softmax or sigmoid on the output")
    if task == "regression" and name == "binary_cross_entropy":
        return (f"binary cross-entropy needs class labels 0 and 1, but the targets of "
                f"{data_name} are real numbers (a regression task); use a regression loss such "
                "as MSE, with no softmax or sigmoid on the output")
    if task == "classification" and name == "binary_cross_entropy" and n_outputs \
            and n_outputs > 2:
        return (f"binary cross-entropy is for two classes, but {data_name} has {n_outputs} "
                f"classes; use cross-entropy with a softmax output of {n_outputs} units")
    return None


def _check_class_labels(loss_name: str, y) -> None:
    """:class:`SpecError` when a classification loss is handed real-valued targets."""
    if y.dtype.kind not in "iub":
        raise SpecError("loss: " + target_mismatch(loss_name, "regression", None, "the data set"))


def make_loss(spec, path: str = "loss") -> Loss:
    """Build the loss described by ``spec`` (validated through the registry)."""
    spec = registry.normalize("loss", spec, path)
    entry = registry.get("loss", spec["type"])
    return entry.factory(**{k: v for k, v in spec.items() if k != "type"})
