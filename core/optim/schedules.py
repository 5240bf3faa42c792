"""Learning-rate schedules: learning-rate decay, reducing the lr as training proceeds.

The primer suggests trial and error for the learning rate, and *learning-rate decay*:
start with a larger step to move fast, then smaller steps to settle into the minimum.
Each schedule here follows ``torch.optim.lr_scheduler`` (torch 2.13) stepped once per
epoch: ``constant``, ``step`` (StepLR), ``exponential`` (ExponentialLR), ``cosine``
(CosineAnnealingLR) and ``reduce_on_plateau`` (ReduceLROnPlateau).

How the trainer uses a schedule::

    schedule = make_schedule(spec, base_lr=optimizer.lr)
    for epoch in ...:
        ...train one epoch with optimizer.lr...
        optimizer.lr = schedule.step(val_loss)   # metric only read by reduce_on_plateau
    # the user types a new lr while training:
    optimizer.lr = new_lr; schedule.set_lr(new_lr)

Like torch's own (chainable) schedulers, every schedule computes the next lr from the
*current* one, so a learning rate set by hand is where the schedule continues from:

* ``constant``: the new lr is kept.
* ``step``: the new lr is multiplied by ``gamma`` at the next multiples of
  ``step_size`` (the epoch count is not reset).
* ``exponential``: the new lr is multiplied by ``gamma`` every following epoch.
* ``cosine``: the remaining part of the cosine curve is rescaled to run from the new lr
  to ``eta_min`` at epoch ``T_max`` (torch's recursive form); after ``T_max`` the curve
  rises again from ``eta_min`` towards the *initial* lr, as in torch.
* ``reduce_on_plateau``: the new lr is used; the best metric, the count of bad epochs
  and the cooldown are kept.
"""

from __future__ import annotations

import math

from core import registry
from core.errors import SpecError
from core.registry import Param, register

__all__ = ["Schedule", "Constant", "StepDecay", "ExponentialDecay", "CosineAnnealing",
           "ReduceOnPlateau", "make_schedule", "PLATEAU_EPS"]

#: ReduceLROnPlateau ignores reductions smaller than this (torch's ``eps`` default).
PLATEAU_EPS = 1e-8

_GAMMA_HELP = "multiplicative factor of the decay"


class Schedule:
    """Base class: the current learning rate and one :meth:`step` per epoch.

    Parameters
    ----------
    base_lr : float
        The learning rate of the first epoch (the optimizer's lr).
    path : str
        JSON path for error messages (``"schedule"``).
    epochs : int, optional
        Planned number of epochs; ``cosine`` takes it as ``T_max`` when ``T_max`` is null.
    **params
        The parameters of the registry entry; missing ones take their defaults.

    Attributes
    ----------
    lr : float
        The learning rate for the coming epoch.
    epoch : int
        Number of :meth:`step` calls so far (torch's ``last_epoch``).
    base_lr : float
        The initial learning rate.
    """

    name = ""
    #: Whether :meth:`step` needs the epoch's metric (e.g. the validation loss).
    needs_metric = False

    def __init__(self, base_lr: float, *, path: str = "schedule", epochs: int | None = None,
                 **params):
        spec = type(self).entry.normalize(params, path)
        self.params = {k: v for k, v in spec.items() if k != "type"}
        self.path = path
        self.base_lr = _positive(base_lr, f"{path}: the base learning rate")
        self.lr = self.base_lr
        self.epoch = 0
        self._setup(epochs)

    def step(self, metric: float | None = None) -> float:
        """Advance one epoch (call at each epoch end) and return the new learning rate."""
        self.epoch += 1
        self.lr = float(self._next(metric))
        return self.lr

    def set_lr(self, lr: float) -> None:
        """The user changed the lr by hand: the schedule continues from ``lr``."""
        self.lr = _positive(lr, f"{self.path}: the learning rate")

    def config(self) -> dict:
        """``{"type": name, **params}``, JSON-ready; :func:`make_schedule` inverts it."""
        return {"type": self.name, **self.params}

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        return f"{type(self).__name__}({fields}, lr={self.lr!r}, epoch={self.epoch})"

    def _setup(self, epochs: int | None) -> None:
        """Read the parameters into attributes (called once)."""

    def _next(self, metric: float | None) -> float:
        raise NotImplementedError


def _positive(value, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) \
            or not math.isfinite(value) or value <= 0:
        raise SpecError(f"{what}: expected a positive number, got {value!r}")
    return float(value)


@register("schedule", "constant", title="Constant",
          help="Keep the learning rate fixed for the whole run.",
          formula="lr_e = lr_0")
class Constant(Schedule):
    """The learning rate never changes (unless set by hand)."""

    name = "constant"

    def _next(self, metric):
        return self.lr


@register("schedule", "step", title="Step decay", aliases=("step_lr",),
          help="Learning-rate decay: multiply the lr by gamma every step_size epochs.",
          formula="lr_e = lr_0 · gamma^⌊e / step_size⌋",
          params=(Param("step_size", "int", 10, "epochs between two decays", min=0,
                        min_exclusive=True),
                  Param("gamma", "float", 0.1, _GAMMA_HELP, min=0, max=1,
                        min_exclusive=True)))
class StepDecay(Schedule):
    """``torch.optim.lr_scheduler.StepLR``: ``lr ← gamma·lr`` when ``epoch % step_size == 0``."""

    name = "step"

    def _next(self, metric):
        p = self.params
        return self.lr * p["gamma"] if self.epoch % p["step_size"] == 0 else self.lr


@register("schedule", "exponential", title="Exponential decay", aliases=("exponential_lr",),
          help="Learning-rate decay: multiply the lr by gamma after every epoch.",
          formula="lr_e = lr_0 · gamma^e",
          params=(Param("gamma", "float", 0.95, _GAMMA_HELP, min=0, max=1,
                        min_exclusive=True),))
class ExponentialDecay(Schedule):
    """``torch.optim.lr_scheduler.ExponentialLR``: ``lr ← gamma·lr`` every epoch."""

    name = "exponential"

    def _next(self, metric):
        return self.lr * self.params["gamma"]


@register("schedule", "cosine", title="Cosine annealing", aliases=("cosine_annealing",),
          help="Learning-rate decay along half a cosine wave, from the initial lr down to "
               "eta_min at epoch T_max.",
          formula="lr_e = eta_min + (lr_0 − eta_min)·(1 + cos(π·e/T_max))/2",
          params=(Param("T_max", "int", None, "epochs of the half cosine wave; null: the "
                        "number of epochs of the run", min=0, min_exclusive=True,
                        nullable=True),
                  Param("eta_min", "float", 0.0, "smallest learning rate", min=0)))
class CosineAnnealing(Schedule):
    """``torch.optim.lr_scheduler.CosineAnnealingLR`` in torch's recursive form.

    ``lr_e = eta_min + (lr_{e−1} − eta_min)·(1 + cos(π·e/T))/(1 + cos(π·(e−1)/T))``, and
    ``lr_e = lr_{e−1} + (lr_0 − eta_min)·(1 − cos(π/T))/2`` when ``(e − 1 − T) % 2T == 0``.
    Without manual changes this is the closed form
    ``eta_min + (lr_0 − eta_min)·(1 + cos(π·e/T))/2`` (periodic after ``T``).
    """

    name = "cosine"

    def _setup(self, epochs):
        t_max = self.params["T_max"]
        if t_max is None:
            if epochs is None:
                raise SpecError(f"{self.path}.T_max: expected a positive integer (null means "
                                f"the number of epochs, which is not known here), got null")
            t_max = self.entry.param("T_max").coerce(
                epochs, f"{self.path}.T_max (the number of epochs)")
        self.t_max = t_max

    def _next(self, metric):
        e, t, eta_min = self.epoch, self.t_max, self.params["eta_min"]
        if (e - 1 - t) % (2 * t) == 0:
            return self.lr + (self.base_lr - eta_min) * (1 - math.cos(math.pi / t)) / 2
        return ((1 + math.cos(math.pi * e / t)) / (1 + math.cos(math.pi * (e - 1) / t))
                * (self.lr - eta_min) + eta_min)


@register("schedule", "reduce_on_plateau", title="Reduce on plateau", aliases=("plateau",),
          help="Learning-rate decay when learning stalls: multiply the lr by factor once "
               "the monitored loss has not improved for patience epochs.",
          formula="if no improvement for more than patience epochs: "
                  "lr ← max(factor·lr, min_lr), then wait cooldown epochs",
          params=(Param("factor", "float", 0.1, "factor the lr is multiplied by, in (0, 1)",
                        min=0, max=1, min_exclusive=True),
                  Param("patience", "int", 10, "epochs without improvement tolerated "
                        "before the lr is reduced", min=0),
                  Param("threshold", "float", 1e-4, "smallest change that counts as an "
                        "improvement", min=0),
                  Param("threshold_mode", "choice", "rel", "rel: relative to the best "
                        "value, abs: absolute", choices=("rel", "abs")),
                  Param("cooldown", "int", 0, "epochs to wait after a reduction before "
                        "counting bad epochs again", min=0),
                  Param("min_lr", "float", 0.0, "lower bound of the learning rate", min=0),
                  Param("mode", "choice", "min", "min: the metric should fall (a loss), "
                        "max: it should rise (an accuracy)", choices=("min", "max"))))
class ReduceOnPlateau(Schedule):
    """``torch.optim.lr_scheduler.ReduceLROnPlateau`` (``eps`` fixed at 1e-8).

    A metric is better when ``metric < best·(1 − threshold)`` (min, rel),
    ``metric < best − threshold`` (min, abs), ``metric > best·(1 + threshold)`` (max, rel) or
    ``metric > best + threshold`` (max, abs). After more than ``patience`` bad epochs,
    ``lr ← max(factor·lr, min_lr)`` (skipped if it changes by 1e-8 or less), and the next
    ``cooldown`` epochs count as neither good nor bad. NaN is never better.
    """

    name = "reduce_on_plateau"
    needs_metric = True

    def _setup(self, epochs):
        if self.params["factor"] >= 1.0:
            raise SpecError(f"{self.path}.factor: expected a positive number below 1, "
                            f"got {self.params['factor']}")
        self.best = math.inf if self.params["mode"] == "min" else -math.inf
        self.num_bad_epochs = 0
        self.cooldown_counter = 0

    def _is_better(self, a: float) -> bool:
        p, best = self.params, self.best
        if p["mode"] == "min":
            return a < (best * (1.0 - p["threshold"]) if p["threshold_mode"] == "rel"
                        else best - p["threshold"])
        return a > (best * (1.0 + p["threshold"]) if p["threshold_mode"] == "rel"
                    else best + p["threshold"])

    def _next(self, metric):
        if metric is None:
            raise ValueError("reduce_on_plateau needs the epoch's metric (e.g. the loss)")
        current, p = float(metric), self.params
        if self._is_better(current):
            self.best = current
            self.num_bad_epochs = 0
        else:
            self.num_bad_epochs += 1
        if self.cooldown_counter > 0:
            self.cooldown_counter -= 1
            self.num_bad_epochs = 0
        lr = self.lr
        if self.num_bad_epochs > p["patience"]:
            new_lr = max(lr * p["factor"], p["min_lr"])
            if lr - new_lr > PLATEAU_EPS:
                lr = new_lr
            self.cooldown_counter = p["cooldown"]
            self.num_bad_epochs = 0
        return lr


def make_schedule(spec: dict, base_lr: float, path: str = "schedule",
                  epochs: int | None = None) -> Schedule:
    """Build the schedule described by ``spec``, starting at ``base_lr``.

    Parameters
    ----------
    spec : dict or str
        ``{"type": "step", "step_size": 10, "gamma": 0.5}``; missing fields take defaults.
        ``Schedule.config()`` gives such a dict back.
    base_lr : float
        The optimizer's learning rate at the start.
    path : str
        JSON path of the spec for error messages.
    epochs : int, optional
        Planned number of epochs (``cosine`` uses it when ``T_max`` is null).

    Raises
    ------
    SpecError
        Unknown type or field, or a value of the wrong type or out of range.
    """
    spec = registry.normalize("schedule", spec, path)
    cls = registry.get("schedule", spec["type"]).factory
    return cls(base_lr, path=path, epochs=epochs,
               **{k: v for k, v in spec.items() if k != "type"})
