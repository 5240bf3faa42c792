"""Optimizers: how the weights move once back propagation has given their gradients.

Five algorithms with PyTorch's documented update rules and defaults (``torch.optim``,
single-tensor semantics, torch 2.13): SGD (momentum, dampening, Nesterov, weight decay),
RMSprop (momentum, centered), Adam (AMSGrad), AdamW and Adagrad. The primer's plain rule
is gradient descent, ``θ_new = θ_old − α·∇J(θ)``; the others change the step direction
(momentum) or give every weight its own step size (RMSprop, Adagrad, Adam).

An optimizer holds the parameter arrays (``name -> array``) and updates them **in place**;
its state (momentum buffers, moment estimates) is created lazily, per parameter, on the
first :meth:`Optimizer.step` (Keras ``build``, tinygrad). :meth:`Optimizer.config` returns a
JSON-ready dict that :func:`make_optimizer` turns back into an equal optimizer.

Speed
-----
``step`` runs once per iteration, so every update is a short chain of in-place ufuncs
(``out=``) on the injected array module ``xp`` (numpy or cupy) with one or two scratch
buffers preallocated per parameter: no temporaries, nothing but scalars computed in
Python. Two algebraic rewrites save array calls without changing the mathematics:

* exponential moving averages are kept *unscaled*: instead of ``m = β·m + (1−β)·g``
  (three calls) the optimizer keeps ``m' = m/(1−β)``, updated as ``m' = β·m' + g`` (two
  calls), and folds the constant ``(1−β)`` into the scalar step size. This is why
  ``betas`` and RMSprop's ``alpha`` must be below 1 (torch accepts 1, where the average
  never moves);
* the bias corrections and ``eps`` are folded into scalars, so Adam's
  ``p −= lr/(1−β1ᵗ) · m / (√v/√(1−β2ᵗ) + eps)`` costs one ``sqrt``, one add, one divide,
  one multiply and one add to ``p``.

Results equal torch's to rounding (float64 golden tests agree to 1e-10).

When the parameters are consecutive views of one flat array and the gradients are
consecutive views of another (as :class:`core.nn.model.Model` lays them out), ``step``
updates all of them at once through the flat arrays, and the per-parameter state arrays
are views of flat state arrays: a network with six parameter arrays then needs ~10 array
calls per step instead of ~60, with bit-identical results (every update is element-wise
and every scalar depends only on the step number, which all parameters share). A step
that leaves out some parameter ends this shared mode for good. On CuPy each update is one
fused kernel (:data:`GPU_KERNELS`) instead of a chain of ~10 launches.

Denormal numbers
----------------
State that decays towards zero (a momentum buffer or an Adam moment whose gradient has
become exactly 0, as for the weights into a dead ReLU unit) passes through the denormal
range (below 1.2e-38 in float32), where ``sqrt`` and division run 2–3× slower on this
machine's CPU (measured on AMD EPYC; Intel CPUs are often much slower still). Every
:data:`FLUSH_EVERY` steps the decaying state arrays are flushed: entries with magnitude
below ``finfo.tiny · 2**24`` (≈2e-31 in float32) are set to exactly 0. Between two flushes
a value above that bound falls by less than 2**24 for any decay factor ≥ 0.77, so it never
becomes denormal; faster-decaying values leave the denormal range by themselves within a
few dozen steps. The flushed values are ~10²³ times smaller than ``eps``, so no update
changes measurably. Measured on 200 000 float32 weights with denormal state: an Adam step
took 378 µs unflushed and 239 µs flushed (RMSprop 296 → 201 µs); with normal values the
flush costs a few percent of one pass over the state every 64 steps. Denormals made
afresh every step (``g²`` of a gradient below ~1e-19) are not prevented.
"""

from __future__ import annotations

import math

import numpy as np

from core import registry
from core.backend.devices import ElementwiseSpec, elementwise, engine_threads, is_cupy, run_parallel
from core.errors import SpecError
from core.registry import Param, register

__all__ = ["Optimizer", "SGD", "RMSprop", "Adam", "AdamW", "Adagrad", "make_optimizer",
           "penalty_gradients", "penalty_value", "FLUSH_EVERY"]

#: Decaying state arrays are flushed of near-denormal values every this many steps.
FLUSH_EVERY = 64

#: In the flat mode on the CPU, updates of at least this many numbers are split across
#: :func:`core.backend.devices.engine_threads` threads (measured on 2 cores: Adam over 1.9 M
#: float32 numbers 3.1 → 1.6 ms, over 235 k 243 → 159 µs; below ~10⁵ the hand-off costs
#: more than it saves).
PARALLEL_MIN_SIZE = 1 << 17

#: Fused CuPy kernels, used only when ``xp`` is cupy. The scalars are those the NumPy
#: path computes in Python (with the unscaled state of the module docstring), and each
#: body does, element by element, what the NumPy calls do.
GPU_KERNELS = {
    # θ ← θ + nlr·(g + wd·θ)
    "sgd": ElementwiseSpec("nnwb_sgd", "T g, T wd, T nlr", "T p",
                           "p = p + (g + wd * p) * nlr;"),
    # b ← μ·b + damp·d;  θ ← θ + nd·d + nb·b  (first step: μ = 0, damp = 1)
    "sgd_momentum": ElementwiseSpec(
        "nnwb_sgd_momentum", "T g, T wd, T mu, T damp, T nd, T nb", "T p, T buf",
        "T d = g + wd * p; buf = buf * mu + d * damp; p = p + d * nd + buf * nb;"),
    # v' ← α·v' + g²;  s ← g/(√v' + eps');  (b' ← μ·b' + s; s ← b');  θ ← θ + nlr·s
    "rmsprop": ElementwiseSpec(
        "nnwb_rmsprop", "T g, T wd, T alpha, T eps, T nlr", "T p, T v",
        "T d = g + wd * p; v = v * alpha + d * d; p = p + d / (sqrt(v) + eps) * nlr;"),
    "rmsprop_momentum": ElementwiseSpec(
        "nnwb_rmsprop_momentum", "T g, T wd, T alpha, T eps, T mu, T nlr", "T p, T v, T buf",
        "T d = g + wd * p; v = v * alpha + d * d; buf = buf * mu + d / (sqrt(v) + eps); "
        "p = p + buf * nlr;"),
    # m' ← β1·m' + d;  v' ← β2·v' + d²;  θ ← decay·θ + step·m'/(√v' + eps')
    "adam": ElementwiseSpec(
        "nnwb_adam", "T g, T wd, T decay, T b1, T b2, T eps, T step", "T p, T m, T v",
        "T d = g + wd * p; p = p * decay; m = m * b1 + d; v = v * b2 + d * d; "
        "p = p + m / (sqrt(v) + eps) * step;"),
    "adam_amsgrad": ElementwiseSpec(
        "nnwb_adam_amsgrad", "T g, T wd, T decay, T b1, T b2, T eps, T step",
        "T p, T m, T v, T vmax",
        "T d = g + wd * p; p = p * decay; m = m * b1 + d; v = v * b2 + d * d; "
        "vmax = max(vmax, v); p = p + m / (sqrt(vmax) + eps) * step;"),
    # S ← S + d²;  θ ← θ + nclr·d/(√S + eps)
    "adagrad": ElementwiseSpec(
        "nnwb_adagrad", "T g, T wd, T eps, T nclr", "T p, T acc",
        "T d = g + wd * p; acc = acc + d * d; p = p + d / (sqrt(acc) + eps) * nclr;"),
}

_LR_HELP = ("learning rate α: the step size of each iteration (too large oscillates around "
            "the minimum or diverges, too small converges slowly)")
_WD_HELP = "weight decay (L2 penalty) added to the gradient: g ← g + wd·θ"
_EPS_HELP = "small constant added to the denominator for numerical stability"


def _lr(default: float) -> Param:
    return Param("lr", "float", default, _LR_HELP, min=0, min_exclusive=True)


def _weight_decay(default: float = 0.0, help: str = _WD_HELP) -> Param:
    return Param("weight_decay", "float", default, help, min=0)


def _betas() -> Param:
    return Param("betas", "floats", [0.9, 0.999],
                 "decay rates (β1, β2) of the running averages of the gradient and of its "
                 "square; each in [0, 1)", min=0, max=1, length=2)


class Optimizer:
    """Base class: holds the parameters, the hyperparameters and the per-parameter state.

    Parameters
    ----------
    params : dict[str, array]
        Parameter arrays by name, updated in place by :meth:`step`. Their dtype (float32
        by default) is kept: state and scratch buffers are made with the same dtype.
    xp : module, optional
        ``numpy`` (default) or ``cupy``; the arrays must belong to it.
    path : str
        JSON path used in error messages (``"optimizer"``).
    **hyper
        The hyperparameters of the registry entry; missing ones take torch's defaults.

    Attributes
    ----------
    step_count : int
        Number of :meth:`step` calls so far.
    state : dict[str, dict[str, array]]
        Per-parameter state, filled on the first step.
    """

    #: Registry name, set by each subclass.
    name = ""
    #: State arrays that decay geometrically when the gradient vanishes (flushed).
    _decaying: tuple[str, ...] = ()

    def __init__(self, params: dict, xp=None, *, path: str = "optimizer", **hyper):
        spec = type(self).entry.normalize(hyper, path)
        _check_combinations(spec, path)
        self.params = params
        self.xp = np if xp is None else xp
        self.path = path
        self.hyper = {k: v for k, v in spec.items() if k != "type"}
        self._lr = self.hyper["lr"]
        self.state: dict[str, dict] = {}
        self.step_count = 0
        self.gpu = is_cupy(self.xp)
        self._flat = None       # (flat params, flat grads, flat state, grads, params, names)
        self._flat_slices = None
        self._shared_ok = True  # False once a step left a parameter out
        self._setup()

    # -- the learning rate ---------------------------------------------------------
    @property
    def lr(self) -> float:
        """Learning rate used by the next :meth:`step`; state survives changes."""
        return self._lr

    @lr.setter
    def lr(self, value: float) -> None:
        # A schedule may end at exactly 0 (cosine with eta_min 0), as in PyTorch; a user's
        # lr is checked to be positive where it is typed (registry, Trainer.set_lr).
        if isinstance(value, bool) or not isinstance(value, (int, float)) or \
                not math.isfinite(value) or value < 0:
            raise SpecError(f"{self.path}.lr: expected a non-negative number, got {value!r}")
        self._lr = float(value)
        self.hyper["lr"] = self._lr

    # -- stepping ------------------------------------------------------------------
    def step(self, grads: dict) -> None:
        """Update every parameter in place from its gradient.

        Parameters
        ----------
        grads : dict[str, array]
            Gradients by parameter name, each shaped like its parameter. They are read,
            never written. A parameter without an entry is skipped, and its state does not
            advance (torch skips parameters whose ``grad`` is None).
        """
        self.step_count += 1
        flush = self.step_count % FLUSH_EVERY == 0
        if self._shared_ok and self._step_shared(grads, flush):
            return
        self._flat = None  # state moves on per parameter; sharing must start afresh
        state = self.state
        for name, p in self.params.items():
            g = grads.get(name)
            if g is None:
                continue
            st = state.get(name)
            if st is None:
                st = state[name] = self._build(name, p, g)
            st["t"] += 1
            self._update(p, g, st)
            if flush:
                self._flush(st)

    def _step_shared(self, grads: dict, flush: bool) -> bool:
        """One update of every parameter through the flat arrays; False if impossible."""
        params = self.params
        glist = [grads.get(n) for n in params]
        flat = self._flat
        if flat is None or len(params) != len(flat[4]) \
                or any(a is not b for a, b in zip(glist, flat[3])) \
                or any(a is not b for a, b in zip(params.values(), flat[4])):
            flat = self._share(glist)
            if flat is None:
                return False
        flat_p, flat_g, st = flat[0], flat[1], flat[2]
        st["t"] += 1
        for name in flat[5]:
            self.state[name]["t"] += 1
        keys = len(st)
        threads = 1 if self.gpu or st["t"] == 1 or flat_p.size < PARALLEL_MIN_SIZE \
            else engine_threads()
        if threads > 1:  # element-wise: each thread updates its own slice of everything
            run_parallel([lambda c=c: self._update(*c) for c in self._slices(threads)])
        else:
            self._update(flat_p, flat_g, st)
        if len(st) != keys:  # the update created state lazily (SGD's momentum buffer)
            self._split_state(st)
        if flush:
            self._flush(st)
        return True

    def _slices(self, k: int) -> list:
        """``k`` (params, grads, state) triples of slices of the flat arrays.

        State created lazily exists after the first step, which never runs in slices.
        """
        flat_p, flat_g, st = self._flat[0], self._flat[1], self._flat[2]
        cached = self._flat_slices
        if cached is None or len(cached) != k or len(cached[0][2]) != len(st):
            size = flat_p.size
            bounds = [size * i // k // 16 * 16 for i in range(k)] + [size]  # 64-byte aligned
            cached = self._flat_slices = [
                (flat_p[a:b], flat_g[a:b],
                 {key: (v[a:b] if key != "t" else v) for key, v in st.items()})
                for a, b in zip(bounds, bounds[1:])]
        for _, _, part in cached:
            part["t"] = st["t"]
        return cached

    def _share(self, glist: list):
        """Enter shared mode if parameters and gradients each tile one flat array."""
        if any(g is None for g in glist):
            self._shared_ok = False  # per-parameter steps from now on
            return None
        names, plist = list(self.params), list(self.params.values())
        flat_p, flat_g = _flat_base(plist, self.xp), _flat_base(glist, self.xp)
        if flat_p is None or flat_g is None or flat_p.shape != flat_g.shape:
            return None
        for name, p, g in zip(names, plist, glist):
            if tuple(g.shape) != tuple(p.shape):
                raise ValueError(f"gradient of {name!r} has shape {tuple(g.shape)}, "
                                 f"expected {tuple(p.shape)} like the parameter")
        if self.state:
            st = self._merge_state(names)
            if st is None:
                self._shared_ok = False
                return None
        else:
            st = self._build("*", flat_p, flat_g)
        self._flat = (flat_p, flat_g, st, list(glist), plist, names)
        self._flat_slices = None
        self._split_state(st)
        return self._flat

    def _split_state(self, st: dict) -> None:
        """Per-parameter state dicts whose arrays are views of the flat state arrays."""
        offset = 0
        for name, p in zip(self._flat[5], self._flat[4]):
            own = self.state.setdefault(name, {"t": st["t"]})
            for key, a in st.items():
                if key != "t":
                    own[key] = a[offset:offset + p.size].reshape(p.shape)
            offset += int(p.size)

    def _merge_state(self, names: list):
        """Flat state holding a copy of existing per-parameter state, or None if uneven."""
        states = [self.state.get(n) for n in names]
        if any(s is None for s in states) or len({s["t"] for s in states}) != 1 or \
                len({frozenset(s) for s in states}) != 1:
            return None
        st = {"t": states[0]["t"]}
        for key in states[0]:
            if key != "t":
                st[key] = self.xp.concatenate([s[key].ravel() for s in states])
        return st

    def reset(self) -> None:
        """Forget all state (as if no step had been taken); the hyperparameters stay."""
        self.state.clear()
        self.step_count = 0
        self._flat = None
        self._shared_ok = True

    def kernel(self, name: str):
        """The fused CuPy kernel ``GPU_KERNELS[name]``."""
        return elementwise(GPU_KERNELS[name], self.xp)

    def config(self) -> dict:
        """``{"type": name, **hyperparameters}``, JSON-ready; :func:`make_optimizer` inverts it."""
        return {"type": self.name, **{k: list(v) if isinstance(v, list) else v
                                      for k, v in self.hyper.items()}}

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v!r}" for k, v in self.hyper.items())
        return f"{type(self).__name__}({fields})"

    # -- for subclasses ------------------------------------------------------------
    def _setup(self) -> None:
        """Read the hyperparameters into attributes (called once)."""

    def _build(self, name: str, p, g) -> dict:
        if tuple(g.shape) != tuple(p.shape):
            raise ValueError(f"gradient of {name!r} has shape {tuple(g.shape)}, "
                             f"expected {tuple(p.shape)} like the parameter")
        st = {"t": 0, "s": self.xp.empty_like(p)}
        st.update(self._new_state(p))
        return st

    def _new_state(self, p) -> dict:
        return {}

    def _update(self, p, g, st: dict) -> None:
        raise NotImplementedError

    def _flush(self, st: dict) -> None:
        xp = self.xp
        for key in self._decaying:
            a = st.get(key)
            if a is not None:
                tiny = float(np.finfo(a.dtype).tiny) * 2.0 ** 24
                xp.multiply(a, xp.abs(a) >= tiny, out=a)

    def _decayed_grad(self, p, g, st: dict, wd: float):
        """``g + wd·p`` in the scratch buffer ``st["gw"]`` (or ``g`` itself when wd is 0)."""
        if not wd:
            return g
        gw = st.get("gw")
        if gw is None:
            gw = st["gw"] = self.xp.empty_like(p)
        self.xp.multiply(p, wd, out=gw)
        self.xp.add(gw, g, out=gw)
        return gw


def _check_combinations(spec: dict, path: str) -> None:
    """Rules between fields, or bounds the registry's Param cannot say (an open upper end)."""
    kind = spec["type"]
    if kind == "sgd" and spec["nesterov"] and (spec["momentum"] <= 0 or spec["dampening"] != 0):
        raise SpecError(f"{path}.nesterov: Nesterov momentum needs momentum > 0 and "
                        f"dampening 0, got momentum {spec['momentum']} and dampening "
                        f"{spec['dampening']}")
    if kind in ("adam", "adamw"):
        for i, beta in enumerate(spec["betas"]):
            if beta >= 1.0:
                raise SpecError(f"{path}.betas[{i}]: expected a non-negative number below 1, "
                                f"got {beta}")
    if kind == "rmsprop" and spec["alpha"] >= 1.0:
        raise SpecError(f"{path}.alpha: expected a non-negative number below 1, "
                        f"got {spec['alpha']}")


@register("optimizer", "sgd", title="SGD", group="gradient descent",
          help="Gradient descent: step against the gradient, θ_new = θ_old − α·∇J(θ); "
               "momentum accelerates convergence and reduces oscillation.",
          formula="g ← ∇J(θ) + wd·θ;  b ← g (first step), b ← μ·b + (1−dampening)·g;  "
                  "d ← g + μ·b (Nesterov) or b (μ > 0) or g;  θ ← θ − α·d",
          params=(_lr(1e-3),
                  Param("momentum", "float", 0.0, "momentum μ: fraction of the previous "
                        "step kept, accelerating convergence and damping oscillation",
                        min=0, max=1),
                  Param("dampening", "float", 0.0, "dampening of the gradient added to "
                        "the momentum buffer", min=0, max=1),
                  Param("nesterov", "bool", False, "Nesterov momentum: look ahead along "
                        "the momentum (needs momentum > 0 and dampening 0)"),
                  _weight_decay()))
class SGD(Optimizer):
    """Stochastic gradient descent with optional (Nesterov) momentum, as ``torch.optim.SGD``.

    ``g ← ∇J + wd·θ``; first step ``b ← g``, then ``b ← μ·b + (1−dampening)·g``;
    ``d ← g + μ·b`` (Nesterov) or ``d ← b``; ``θ ← θ − lr·d``. θ, g, b all shaped like θ.
    """

    name = "sgd"
    _decaying = ("buf",)

    def _setup(self):
        h = self.hyper
        self._mu, self._damp = h["momentum"], h["dampening"]
        self._nesterov, self._wd = h["nesterov"], h["weight_decay"]

    def _update(self, p, g, st):
        xp, lr, mu, s = self.xp, self._lr, self._mu, st["s"]
        if self.gpu:
            return self._update_gpu(p, g, st)
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


@register("optimizer", "rmsprop", title="RMSprop", group="adaptive",
          help="RMSProp: divides each step by a running root-mean-square of recent "
               "gradients, so every weight gets its own step size.",
          formula="g ← ∇J(θ) + wd·θ;  v ← α·v + (1−α)·g²;  "
                  "a ← √v + eps  (centered: m ← α·m + (1−α)·g, a ← √(v − m²) + eps);  "
                  "θ ← θ − lr·g/a  (momentum: b ← μ·b + g/a, θ ← θ − lr·b)",
          params=(_lr(1e-2),
                  Param("alpha", "float", 0.99, "smoothing constant α of the running "
                        "average of g², in [0, 1)", min=0, max=1),
                  Param("eps", "float", 1e-8, _EPS_HELP, min=0, min_exclusive=True),
                  _weight_decay(),
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


@register("optimizer", "adam", title="Adam", group="adaptive",
          help="Adam: combines momentum and RMSProp; a widely used adaptive optimizer that "
               "converges fast and is less sensitive to the learning rate.",
          formula="g ← ∇J(θ) + wd·θ;  m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;  "
                  "(AMSGrad: v̂ ← max(v̂, v));  "
                  "θ ← θ − lr/(1−β1ᵗ) · m / (√v/√(1−β2ᵗ) + eps)",
          params=(_lr(1e-3), _betas(),
                  Param("eps", "float", 1e-8, _EPS_HELP, min=0, min_exclusive=True),
                  _weight_decay(),
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
    _decoupled = False

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
          params=(_lr(1e-3), _betas(),
                  Param("eps", "float", 1e-8, _EPS_HELP, min=0, min_exclusive=True),
                  _weight_decay(0.01, "decoupled weight decay: θ ← θ·(1 − lr·wd) each step"),
                  Param("amsgrad", "bool", False, "AMSGrad: divide by the largest v seen "
                        "so far, so the step size never grows")))
class AdamW(Adam):
    """AdamW as ``torch.optim.AdamW``: ``θ ← θ·(1 − lr·wd)``, then the Adam step."""

    name = "adamw"
    _decoupled = True


@register("optimizer", "adagrad", title="Adagrad", group="adaptive",
          help="Adagrad: scales each weight's step by the sum of all its past squared "
               "gradients, so rarely updated weights take larger steps.",
          formula="g ← ∇J(θ) + wd·θ;  S ← S + g²;  "
                  "θ ← θ − lr/(1 + (t−1)·lr_decay) · g / (√S + eps)",
          params=(_lr(1e-2),
                  Param("lr_decay", "float", 0.0, "learning-rate decay per step: "
                        "lr_t = lr / (1 + (t−1)·lr_decay)", min=0),
                  _weight_decay(),
                  Param("initial_accumulator_value", "float", 0.0, "starting value of "
                        "the sum of squared gradients", min=0),
                  Param("eps", "float", 1e-10, _EPS_HELP, min=0, min_exclusive=True)))
class Adagrad(Optimizer):
    """Adagrad as ``torch.optim.Adagrad`` (dense gradients).

    ``S ← S + g²``; ``θ ← θ − lr/(1 + (t−1)·lr_decay) · g / (√S + eps)``, ``S`` starting at
    ``initial_accumulator_value``. ``S`` only grows, so it needs no denormal flushing.
    """

    name = "adagrad"

    def _new_state(self, p):
        return {"sum": self.xp.full_like(p, self.hyper["initial_accumulator_value"])}

    def _update(self, p, g, st):
        xp, h, s, acc = self.xp, self.hyper, st["s"], st["sum"]
        clr = self._lr / (1.0 + (st["t"] - 1) * h["lr_decay"])
        if self.gpu:
            self.kernel("adagrad")(g, h["weight_decay"], h["eps"], -clr, p, acc)
            return
        g = self._decayed_grad(p, g, st, h["weight_decay"])
        xp.square(g, out=s)
        xp.add(acc, s, out=acc)
        xp.sqrt(acc, out=s)
        xp.add(s, h["eps"], out=s)
        xp.divide(g, s, out=s)
        xp.multiply(s, -clr, out=s)
        xp.add(p, s, out=p)


def _address(a) -> int:
    """Device or host address of the first element of ``a``."""
    data = getattr(a, "data", None)
    ptr = getattr(data, "ptr", None)  # cupy.cuda.MemoryPointer
    return int(ptr) if ptr is not None else int(a.__array_interface__["data"][0])


def _root(a):
    """The array that owns ``a``'s memory (NumPy links views to it directly, CuPy may chain)."""
    base = getattr(a, "base", None)
    while base is not None and getattr(base, "base", None) is not None:
        base = base.base
    return base


def _flat_base(arrays: list, xp):
    """The 1-D array that ``arrays`` tile in order, back to back, or None.

    Each array must be C-contiguous, of one dtype, and start where the previous one
    ends; the common ``base`` must be a contiguous 1-D array covering exactly them.
    """
    if not arrays:
        return None
    base = _root(arrays[0])
    if base is None or getattr(base, "ndim", 0) != 1 or not base.flags.c_contiguous:
        return None
    dtype, size = base.dtype, 0
    expected = _address(base)
    for a in arrays:
        if _root(a) is not base or a.dtype != dtype or _address(a) != expected or \
                not a.flags.c_contiguous:
            return None
        expected += a.nbytes
        size += a.size
    return base if size == base.size else None


def make_optimizer(spec: dict, params: dict, xp=None, path: str = "optimizer") -> Optimizer:
    """Build the optimizer described by ``spec`` over ``params``.

    Parameters
    ----------
    spec : dict or str
        ``{"type": "adam", "lr": 0.001, ...}``; missing fields take torch's defaults.
        ``Optimizer.config()`` gives such a dict back.
    params : dict[str, array]
        Parameter arrays by name, updated in place.
    xp : module, optional
        ``numpy`` (default) or ``cupy``.
    path : str
        JSON path of the spec for error messages.

    Raises
    ------
    SpecError
        Unknown type or field, a value of the wrong type or out of range
        (``optimizer.lr: expected a positive number, got -1``), or Nesterov without
        momentum.
    """
    spec = registry.normalize("optimizer", spec, path)
    cls = registry.get("optimizer", spec["type"]).factory
    return cls(params, xp, path=path, **{k: v for k, v in spec.items() if k != "type"})


def penalty_gradients(params: dict, grads: dict, names, l1: float, l2: float, xp,
                      scratch: dict | None = None) -> None:
    """Add the gradient of the L1/L2 penalty to ``grads`` in place.

    ``grads[n] += l1·sign(θ) + l2·θ`` for each ``n`` in ``names`` (the trainer passes the
    weight matrices, not the biases). ``sign(0) = 0``, the subgradient at the kink.

    Parameters
    ----------
    params, grads : dict[str, array]
        Parameters and their gradients (same shapes).
    names : iterable of str
        Which parameters are penalized.
    l1, l2 : float
        Penalty strengths; a zero strength costs nothing.
    xp : module
        ``numpy`` or ``cupy``.
    scratch : dict, optional
        Kept by the caller between calls; holds one buffer per name so no temporary is
        allocated after the first call.
    """
    if not l1 and not l2:
        return
    for n in names:
        p, g = params[n], grads[n]
        if scratch is None:
            s = xp.empty_like(p)
        else:
            s = scratch.get(n)
            if s is None or s.shape != p.shape or s.dtype != p.dtype:
                s = scratch[n] = xp.empty_like(p)
        if l1:
            xp.sign(p, out=s)
            xp.multiply(s, l1, out=s)
            xp.add(g, s, out=g)
        if l2:
            xp.multiply(p, l2, out=s)
            xp.add(g, s, out=g)


def penalty_value(params: dict, names, l1: float, l2: float, xp) -> float:
    """The L1/L2 penalty ``l1·Σ|w| + (l2/2)·Σw²`` over the parameters in ``names``.

    Its gradient is what :func:`penalty_gradients` adds. Returns a Python float.
    """
    total = 0.0
    for n in names:
        flat = params[n].ravel()
        if l1:
            total += l1 * float(xp.abs(flat).sum())
        if l2:
            total += 0.5 * l2 * float(xp.vdot(flat, flat))
    return total
