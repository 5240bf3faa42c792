"""Adam and AdamW: momentum and RMSprop combined, with bias corrections."""

from __future__ import annotations

import math

from core.errors import SpecError
from core.optim.base import EPS_HELP, Optimizer, betas_param, lr_param, weight_decay_param
from core.registry import Param, register


@register("optimizer", "adam", title="Adam", group="adaptive",
          help="Adam: combines momentum and RMSProp; a widely used adaptive optimizer that "
               "converges fast and is less sensitive to the learning rate.",
          formula="g ← ∇J(θ) + wd·θ;  m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;  "
                  "(AMSGrad: v̂ ← max(v̂, v));  "
                  "θ ← θ − lr/(1−β1ᵗ) · m / (√v/√(1−β2ᵗ) + eps)",
          params=(lr_param(1e-3), betas_param(),
                  Param("eps", "float", 1e-8, EPS_HELP, min=0, min_exclusive=True),
                  weight_decay_param(),
                  Param("amsgrad", "bool", False, "AMSGrad: divide by the largest v seen "
                        "so far, so the step size never grows")))
class Adam(Optimizer):
    """Adam as ``torch.optim.Adam``; ``weight_decay`` adds ``wd·θ`` to the gradient.

    ``m ← β1·m + (1−β1)·g``; ``v ← β2·v + (1−β2)·g²`` (AMSGrad: ``v̂ ← max(v̂, v)``);
    ``θ ← θ − lr/(1−β1ᵗ) · m / (√v/√(1−β2ᵗ) + eps)`` with ``t`` the parameter's step.

    Stored unscaled, ``m' = m/(1−β1)`` and ``v' = v/(1−β2)``, so with
    ``c = √((1−β2)/(1−β2ᵗ))`` the update is
    ``θ ← θ − lr·(1−β1)/((1−β1ᵗ)·c) · m' / (√v' + eps/c)``.
    """

    name = "adam"
    _decaying = ("m", "v", "vmax")
    cpu_kernel = "adam"
    _decoupled = False

    @classmethod
    def check_spec(cls, spec, path):
        for i, beta in enumerate(spec["betas"]):
            if beta >= 1.0:
                raise SpecError(f"{path}.betas[{i}]: expected a non-negative number below 1, "
                                f"got {beta}")

    @classmethod
    def state_slots(cls, spec):
        return 2 + bool(spec.get("amsgrad")) + 1  # m, v, the largest v (AMSGrad), scratch

    def _setup(self):
        h = self.hyper
        self._b1, self._b2 = h["betas"]
        self._eps, self._wd, self._amsgrad = h["eps"], h["weight_decay"], h["amsgrad"]

    def _new_state(self, p):
        xp = self.xp
        st = {"m": xp.zeros_like(p), "v": xp.zeros_like(p)}
        if self._amsgrad:
            st["vmax"] = xp.zeros_like(p)
        return st

    def _update(self, p, g, st):
        xp, b1, b2, lr, s, m, v = self.xp, self._b1, self._b2, self._lr, st["s"], st["m"], st["v"]
        t = st["t"]
        if self.gpu:
            c = math.sqrt((1.0 - b2) / (1.0 - b2 ** t))
            step = -lr * (1.0 - b1) / ((1.0 - b1 ** t) * c)
            wd, decay = (0.0, 1.0 - lr * self._wd) if self._decoupled else (self._wd, 1.0)
            if self._amsgrad:
                self.kernel("adam_amsgrad")(g, wd, decay, b1, b2, self._eps / c, step,
                                            p, m, v, st["vmax"])
            else:
                self.kernel("adam")(g, wd, decay, b1, b2, self._eps / c, step, p, m, v)
            return
        vmax = st["vmax"] if self._amsgrad else p
        if self.compiled is not None and self.compiled.usable(p, g, m, v, vmax):
            c = math.sqrt((1.0 - b2) / (1.0 - b2 ** t))
            step = -lr * (1.0 - b1) / ((1.0 - b1 ** t) * c)
            wd = float(self._wd)
            self.compiled.adam(p.reshape(-1), g.reshape(-1), m.reshape(-1), v.reshape(-1),
                               vmax.reshape(-1), 0.0 if self._decoupled else wd,
                               1.0 - lr * wd if self._decoupled else 1.0, float(b1),
                               float(b2), self._eps / c, step, self._decoupled,
                               bool(self._amsgrad))
            return
        if self._decoupled:
            if self._wd:
                xp.multiply(p, 1.0 - lr * self._wd, out=p)
        else:
            g = self._decayed_grad(p, g, st, self._wd)
        xp.multiply(m, b1, out=m)
        xp.add(m, g, out=m)
        xp.square(g, out=s)
        xp.multiply(v, b2, out=v)
        xp.add(v, s, out=v)
        if self._amsgrad:
            vmax = st["vmax"]
            xp.maximum(vmax, v, out=vmax)
            v = vmax
        c = math.sqrt((1.0 - b2) / (1.0 - b2 ** t))
        xp.sqrt(v, out=s)
        xp.add(s, self._eps / c, out=s)
        xp.divide(m, s, out=s)
        xp.multiply(s, -lr * (1.0 - b1) / ((1.0 - b1 ** t) * c), out=s)
        xp.add(p, s, out=p)


@register("optimizer", "adamw", title="AdamW", group="adaptive",
          help="AdamW: Adam with decoupled weight decay, which shrinks the weights directly "
               "instead of adding a penalty to the gradient.",
          formula="θ ← θ·(1 − lr·wd);  then Adam without weight decay: "
                  "θ ← θ − lr/(1−β1ᵗ) · m / (√v/√(1−β2ᵗ) + eps)",
          params=(lr_param(1e-3), betas_param(),
                  Param("eps", "float", 1e-8, EPS_HELP, min=0, min_exclusive=True),
                  weight_decay_param(0.01, "decoupled weight decay: θ ← θ·(1 − lr·wd) each step"),
                  Param("amsgrad", "bool", False, "AMSGrad: divide by the largest v seen "
                        "so far, so the step size never grows")))
class AdamW(Adam):
    """AdamW as ``torch.optim.AdamW``: ``θ ← θ·(1 − lr·wd)``, then the Adam step."""

    name = "adamw"
    _decoupled = True
