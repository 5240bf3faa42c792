"""Stochastic gradient descent, with optional (Nesterov) momentum."""

from __future__ import annotations

from core.errors import SpecError
from core.optim.base import Optimizer, lr_param, weight_decay_param
from core.registry import Param, register


@register("optimizer", "sgd", title="SGD", group="gradient descent",
          help="Gradient descent: step against the gradient, θ_new = θ_old − α·∇J(θ); "
               "momentum accelerates convergence and reduces oscillation.",
          formula="g ← ∇J(θ) + wd·θ;  b ← g (first step), b ← μ·b + (1−dampening)·g;  "
                  "d ← g + μ·b (Nesterov) or b (μ > 0) or g;  θ ← θ − α·d",
          params=(lr_param(1e-3),
                  Param("momentum", "float", 0.0, "momentum μ: fraction of the previous "
                        "step kept, accelerating convergence and damping oscillation",
                        min=0, max=1),
                  Param("dampening", "float", 0.0, "dampening of the gradient added to "
                        "the momentum buffer", min=0, max=1),
                  Param("nesterov", "bool", False, "Nesterov momentum: look ahead along "
                        "the momentum (needs momentum > 0 and dampening 0)"),
                  weight_decay_param()))
class SGD(Optimizer):
    """Stochastic gradient descent with optional (Nesterov) momentum, as ``torch.optim.SGD``.

    ``g ← ∇J + wd·θ``; first step ``b ← g``, then ``b ← μ·b + (1−dampening)·g``;
    ``d ← g + μ·b`` (Nesterov) or ``d ← b``; ``θ ← θ − lr·d``. θ, g, b all shaped like θ.
    """

    name = "sgd"
    _decaying = ("buf",)
    cpu_kernel = "sgd"

    @classmethod
    def check_spec(cls, spec, path):
        if spec["nesterov"] and (spec["momentum"] <= 0 or spec["dampening"] != 0):
            raise SpecError(f"{path}.nesterov: Nesterov momentum needs momentum > 0 and "
                            f"dampening 0, got momentum {spec['momentum']} and dampening "
                            f"{spec['dampening']}")

    @classmethod
    def state_slots(cls, spec):
        return (1 if spec.get("momentum") else 0) + 1  # momentum buffer, scratch

    def _setup(self):
        h = self.hyper
        self._mu, self._damp = h["momentum"], h["dampening"]
        self._nesterov, self._wd = h["nesterov"], h["weight_decay"]

    def _update(self, p, g, st):
        xp, lr, mu, s = self.xp, self._lr, self._mu, st["s"]
        if self.gpu:
            return self._update_gpu(p, g, st)
        if self.compiled is not None and self.compiled.usable(p, g, st.get("buf", p)):
            return self._update_compiled(p, g, st)
        d = self._decayed_grad(p, g, st, self._wd)
        if not mu:
            xp.multiply(d, -lr, out=s)
            xp.add(p, s, out=p)
            return
        buf = st.get("buf")
        if buf is None:
            buf = st["buf"] = xp.empty_like(p)
            buf[...] = d
        else:
            xp.multiply(buf, mu, out=buf)
            if self._damp:  # d is not needed after this (Nesterov forbids dampening)
                xp.multiply(d, 1.0 - self._damp, out=s)
                xp.add(buf, s, out=buf)
            else:
                xp.add(buf, d, out=buf)
        if self._nesterov:  # θ −= lr·(d + μ·b)
            xp.multiply(d, -lr, out=s)
            xp.add(p, s, out=p)
            xp.multiply(buf, -lr * mu, out=s)
        else:
            xp.multiply(buf, -lr, out=s)
        xp.add(p, s, out=p)

    def _update_gpu(self, p, g, st):
        lr, mu = self._lr, self._mu
        if not mu:
            self.kernel("sgd")(g, self._wd, -lr, p)
            return
        buf = st.get("buf")
        first = buf is None
        if first:
            buf = st["buf"] = self.xp.zeros_like(p)
        damp = 1.0 if first else 1.0 - self._damp
        nd, nb = (-lr, -lr * mu) if self._nesterov else (0.0, -lr)
        self.kernel("sgd_momentum")(g, self._wd, 0.0 if first else mu, damp, nd, nb, p, buf)

    def _update_compiled(self, p, g, st):
        """One pass of :func:`core.optim.cpu_kernels.sgd`, bit-identical to the calls above."""
        lr, mu = self._lr, float(self._mu)
        buf = st.get("buf")
        first = bool(mu) and buf is None
        if first:
            buf = st["buf"] = self.xp.empty_like(p)
        flat = p.reshape(-1)
        self.compiled.sgd(flat, g.reshape(-1), flat if buf is None else buf.reshape(-1),
                          float(self._wd), mu, 1.0 - self._damp, -lr, -lr * mu, bool(mu),
                          bool(self._nesterov), first)
