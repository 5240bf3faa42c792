"""Adagrad: each weight's step scaled by the sum of all its past squared gradients."""

from __future__ import annotations

from core.optim.base import EPS_HELP, Optimizer, lr_param, weight_decay_param
from core.registry import Param, register


@register("optimizer", "adagrad", title="Adagrad", group="adaptive",
          help="Adagrad: scales each weight's step by the sum of all its past squared "
               "gradients, so rarely updated weights take larger steps.",
          formula="g ← ∇J(θ) + wd·θ;  S ← S + g²;  "
                  "θ ← θ − lr/(1 + (t−1)·lr_decay) · g / (√S + eps)",
          params=(lr_param(1e-2),
                  Param("lr_decay", "float", 0.0, "learning-rate decay per step: "
                        "lr_t = lr / (1 + (t−1)·lr_decay)", min=0),
                  weight_decay_param(),
                  Param("initial_accumulator_value", "float", 0.0, "starting value of "
                        "the sum of squared gradients", min=0),
                  Param("eps", "float", 1e-10, EPS_HELP, min=0, min_exclusive=True)))
class Adagrad(Optimizer):
    """Adagrad as ``torch.optim.Adagrad`` (dense gradients).

    ``S ← S + g²``; ``θ ← θ − lr/(1 + (t−1)·lr_decay) · g / (√S + eps)``, ``S`` starting at
    ``initial_accumulator_value``. ``S`` only grows, so it needs no denormal flushing.
    """

    name = "adagrad"
    cpu_kernel = "adagrad"

    @classmethod
    def state_slots(cls, spec):
        return 1 + 1  # the sum of squared gradients, scratch

    def _new_state(self, p):
        return {"sum": self.xp.full_like(p, self.hyper["initial_accumulator_value"])}

    def _update(self, p, g, st):
        xp, h, s, acc = self.xp, self.hyper, st["s"], st["sum"]
        clr = self._lr / (1.0 + (st["t"] - 1) * h["lr_decay"])
        if self.gpu:
            self.kernel("adagrad")(g, h["weight_decay"], h["eps"], -clr, p, acc)
            return
        if self.compiled is not None and self.compiled.usable(p, g, acc):
            self.compiled.adagrad(p.reshape(-1), g.reshape(-1), acc.reshape(-1),
                                  float(h["weight_decay"]), float(h["eps"]), -float(clr))
            return
        g = self._decayed_grad(p, g, st, h["weight_decay"])
        xp.square(g, out=s)
        xp.add(acc, s, out=acc)
        xp.sqrt(acc, out=s)
        xp.add(s, h["eps"], out=s)
        xp.divide(g, s, out=s)
        xp.multiply(s, -clr, out=s)
        xp.add(p, s, out=p)
