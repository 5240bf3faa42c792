"""RMSprop: each step divided by a running root-mean-square of recent gradients."""

from __future__ import annotations

import math

from core.errors import SpecError
from core.optim.base import EPS_HELP, Optimizer, lr_param, weight_decay_param
from core.registry import Param, register


@register("optimizer", "rmsprop", title="RMSprop", group="adaptive",
          help="RMSProp: divides each step by a running root-mean-square of recent "
               "gradients, so every weight gets its own step size.",
          formula="g ← ∇J(θ) + wd·θ;  v ← α·v + (1−α)·g²;  "
                  "a ← √v + eps  (centered: m ← α·m + (1−α)·g, a ← √(v − m²) + eps);  "
                  "θ ← θ − lr·g/a  (momentum: b ← μ·b + g/a, θ ← θ − lr·b)",
          params=(lr_param(1e-2),
                  Param("alpha", "float", 0.99, "smoothing constant α of the running "
                        "average of g², in [0, 1)", min=0, max=1),
                  Param("eps", "float", 1e-8, EPS_HELP, min=0, min_exclusive=True),
                  weight_decay_param(),
                  Param("momentum", "float", 0.0, "momentum μ applied to the scaled step",
                        min=0, max=1),
                  Param("centered", "bool", False, "divide by the estimated variance "
                        "(subtract the squared running mean of g)")))
class RMSprop(Optimizer):
    """RMSprop as ``torch.optim.RMSprop``.

    ``v ← α·v + (1−α)·g²``; ``a ← √v + eps`` (centered: ``m ← α·m + (1−α)·g``,
    ``a ← √(v − m²) + eps``); ``θ ← θ − lr·g/a``, or with momentum ``b ← μ·b + g/a``,
    ``θ ← θ − lr·b``.

    Stored unscaled: ``v' = v/(1−α)``, ``m' = m/(1−α)``, ``b' = √(1−α)·b``. In centered
    mode ``v − m²`` is clipped at 0 before the square root, where torch would give NaN
    after rounding (long runs of a constant gradient in float32).
    """

    name = "rmsprop"
    _decaying = ("v", "ga", "buf")
    cpu_kernel = "rmsprop"

    @classmethod
    def check_spec(cls, spec, path):
        if spec["alpha"] >= 1.0:
            raise SpecError(f"{path}.alpha: expected a non-negative number below 1, "
                            f"got {spec['alpha']}")

    @classmethod
    def state_slots(cls, spec):
        # v, the running mean (centered), the momentum buffer, scratch
        return 1 + bool(spec.get("centered")) + bool(spec.get("momentum")) + 1

    def _setup(self):
        h = self.hyper
        self._alpha, self._wd = h["alpha"], h["weight_decay"]
        self._mu, self._centered = h["momentum"], h["centered"]
        self._r = math.sqrt(1.0 - self._alpha)  # √v = r·√v'
        self._eps_r = h["eps"] / self._r

    def _new_state(self, p):
        xp = self.xp
        st = {"v": xp.zeros_like(p)}
        if self._centered:
            st["ga"] = xp.zeros_like(p)
        if self._mu > 0:
            st["buf"] = xp.zeros_like(p)
        return st

    def _update(self, p, g, st):
        xp, alpha, s, v = self.xp, self._alpha, st["s"], st["v"]
        if self.gpu and not self._centered:
            nlr = -self._lr / self._r
            if self._mu > 0:
                self.kernel("rmsprop_momentum")(g, self._wd, alpha, self._eps_r, self._mu, nlr,
                                                p, v, st["buf"])
            else:
                self.kernel("rmsprop")(g, self._wd, alpha, self._eps_r, nlr, p, v)
            return
        if self.compiled is not None and self.compiled.usable(p, g, v, *self._extra(st, p)):
            return self._update_compiled(p, g, st)
        g = self._decayed_grad(p, g, st, self._wd)
        xp.square(g, out=s)
        xp.multiply(v, alpha, out=v)
        xp.add(v, s, out=v)
        if self._centered:
            ga = st["ga"]
            xp.multiply(ga, alpha, out=ga)
            xp.add(ga, g, out=ga)
            xp.square(ga, out=s)
            xp.multiply(s, 1.0 - alpha, out=s)
            xp.subtract(v, s, out=s)
            xp.maximum(s, 0.0, out=s)
            xp.sqrt(s, out=s)
        else:
            xp.sqrt(v, out=s)
        xp.add(s, self._eps_r, out=s)  # a = r·s
        xp.divide(g, s, out=s)          # g/a = s/r
        if self._mu > 0:
            buf = st["buf"]
            xp.multiply(buf, self._mu, out=buf)
            xp.add(buf, s, out=buf)
            s = buf
        xp.multiply(s, -self._lr / self._r, out=st["s"])
        xp.add(p, st["s"], out=p)

    def _extra(self, st, p):
        """The running mean and the momentum buffer, or ``p`` where an option is off."""
        return (st["ga"] if self._centered else p), (st["buf"] if self._mu > 0 else p)

    def _update_compiled(self, p, g, st):
        """One pass of :func:`core.optim.cpu_kernels.rmsprop`, bit-identical to the calls
        above."""
        alpha = float(self._alpha)
        ga, buf = self._extra(st, p)
        self.compiled.rmsprop(p.reshape(-1), g.reshape(-1), st["v"].reshape(-1),
                              ga.reshape(-1), buf.reshape(-1), float(self._wd), alpha,
                              1.0 - alpha, float(self._eps_r), float(self._mu),
                              -self._lr / self._r, bool(self._centered), self._mu > 0)
