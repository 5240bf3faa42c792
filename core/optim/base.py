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

On the CPU, when Numba is installed, each update is instead one compiled pass over the
parameters (:mod:`core.optim.cpu_kernels`): the same operations in the same order and
precision, so the results are bit-identical to the NumPy calls, 3–4× faster on large
networks (Adam over 1.86 M float32 numbers: ~3 ms → ~0.8 ms on one core). The kernel is
compiled (or loaded from Numba's on-disk cache) when the optimizer is built, never during
a step. Without Numba the NumPy path runs.

Parameters laid out in one flat array (as :class:`core.nn.model.Model` lays them out) are
updated all at once (:mod:`core.optim.flat_parameters`); a step that leaves out some
parameter ends this shared mode for good. On CuPy each update is one fused kernel
(:mod:`core.optim.kernels`) instead of a chain of ~10 launches.

Each algorithm is a subclass in its own module (:mod:`core.optim.sgd`, ``rmsprop``,
``adam``, ``adagrad``) that says which state it keeps (:meth:`Optimizer.state_slots`) and
which combinations of fields it refuses (:meth:`Optimizer.check_spec`).

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
from core.backend.gpu_kernels import elementwise, is_cupy
from core.backend.threads import run_parallel
from core.errors import SpecError
from core.optim.flat_parameters import FlatParameters
from core.optim.kernels import GPU_KERNELS
from core.registry import Param

#: Decaying state arrays are flushed of near-denormal values every this many steps.
FLUSH_EVERY = 64

#: Help texts and fields the optimizers share.
LR_HELP = ("learning rate α: the step size of each iteration (too large oscillates around "
           "the minimum or diverges, too small converges slowly)")
WD_HELP = "weight decay (L2 penalty) added to the gradient: g ← g + wd·θ"
EPS_HELP = "small constant added to the denominator for numerical stability"


def lr_param(default: float) -> Param:
    return Param("lr", "float", default, LR_HELP, min=0, min_exclusive=True)


def weight_decay_param(default: float = 0.0, help: str = WD_HELP) -> Param:
    return Param("weight_decay", "float", default, help, min=0)


def betas_param() -> Param:
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
    compiled : bool, optional
        Update through the fused CPU kernel of :mod:`core.optim.cpu_kernels` (one pass,
        results bit-identical to the NumPy path): None (default) when Numba is installed,
        False never, True always (ValueError without Numba). Ignored on the GPU.
    **hyper
        The hyperparameters of the registry entry; missing ones take torch's defaults.

    Attributes
    ----------
    step_count : int
        Number of :meth:`step` calls so far.
    state : dict[str, dict[str, array]]
        Per-parameter state, filled on the first step.
    compiled : module or None
        :mod:`core.optim.cpu_kernels` when steps use the fused CPU kernel, else None.
    """

    #: Registry name, set by each subclass.
    name = ""
    #: State arrays that decay geometrically when the gradient vanishes (flushed).
    _decaying: tuple[str, ...] = ()
    #: Name of its fused kernel in :mod:`core.optim.cpu_kernels`.
    cpu_kernel = ""

    def __init__(self, params: dict, xp=None, *, path: str = "optimizer",
                 compiled: bool | None = None, **hyper):
        spec = type(self).entry.normalize(hyper, path)
        type(self).check_spec(spec, path)
        self.params = params
        self.xp = np if xp is None else xp
        self.path = path
        self.hyper = {k: v for k, v in spec.items() if k != "type"}
        self._lr = float(self.hyper["lr"])
        self.state: dict[str, dict] = {}
        self.step_count = 0
        self.gpu = is_cupy(self.xp)
        self._flat: FlatParameters | None = None
        self._shared_ok = True  # False once a step left a parameter out
        #: Names of parameters that :meth:`step` leaves exactly as they are (frozen layers).
        self.frozen: frozenset = frozenset()
        self._setup()
        self.compiled = self._load_kernels(compiled)

    def _load_kernels(self, compiled: bool | None):
        """The module of compiled CPU kernels (:mod:`core.optim.cpu_kernels`) when this
        optimizer will use them, else None; their machine code is made ready now."""
        if compiled is False or self.gpu or self.xp is not np:
            return None
        # Loaded here, not at import: Numba costs ~0.2 s to import, which only training pays.
        from core.optim import cpu_kernels  # noqa: PLC0415  (optional dependency)
        if not cpu_kernels.AVAILABLE:
            if compiled:
                raise ValueError("compiled optimizer kernels need Numba, which is not "
                                 "installed (python3 -m pip install numba)")
            return None
        dtypes = {getattr(p, "dtype", None) for p in self.params.values()}
        for dtype in dtypes - {None}:
            cpu_kernels.warm_up(self.cpu_kernel, dtype)
        return cpu_kernels

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

        Parameters named in :attr:`frozen` keep their values and their state bit for bit
        (momentum, Adam's moments and weight decay move nothing): the update runs over the
        flat arrays as usual, then their slices are put back (see :meth:`freeze`).
        """
        if not self.frozen:
            self._step_all(grads)
            return
        held = self._hold(self.frozen)
        self._step_all(grads)
        self._put_back(held)

    def freeze(self, names) -> None:
        """Leave the parameters ``names`` (``"0.weight"`` …) untouched by every later step.

        The update of a step is still computed over all parameters (one pass over the flat
        arrays is cheaper than splitting it); the frozen ones and their state are copied
        before it and restored after it, so they stay bit-identical. State a frozen
        parameter never had is left at zero, as if fresh. ``freeze(())`` unfreezes all:
        their updates resume from the state they were frozen with (the shared step count
        ``t`` of Adam's bias correction has moved on meanwhile).
        """
        self.frozen = frozenset(n for n in names if n in self.params)

    def _hold(self, names) -> list:
        """Copies of the frozen parameters and of their state arrays."""
        held = []
        for name in names:
            st = self.state.get(name)
            saved = None if st is None else {k: a.copy() for k, a in st.items() if k != "t"}
            held.append((name, self.params[name].copy(), saved))
        return held

    def _put_back(self, held: list) -> None:
        for name, value, saved in held:
            self.params[name][...] = value
            st = self.state.get(name)
            if st is None:
                continue
            for key, a in st.items():
                if key == "t":
                    continue
                if saved is not None and key in saved:
                    a[...] = saved[key]
                else:  # created by this step: as if never made
                    a[...] = 0

    def _step_all(self, grads: dict) -> None:
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
        if flat is None or not flat.matches(list(params.values()), glist):
            flat = self._share(glist)
            if flat is None:
                return False
        st = flat.state
        st["t"] += 1
        for name in flat.names:
            self.state[name]["t"] += 1
        keys = len(st)
        threads = flat.threads(self.gpu)
        if threads > 1:  # element-wise: each thread updates its own slice of everything
            run_parallel([lambda c=c: self._update(c.params, c.grads, c.state)
                          for c in flat.slices(threads)])
        else:
            self._update(flat.params, flat.grads, st)
        if len(st) != keys:  # the update created state lazily (SGD's momentum buffer)
            flat.split_state(self.state)
        if flush:
            self._flush(st)
        return True

    def _share(self, glist: list) -> FlatParameters | None:
        """Enter shared mode if parameters and gradients each tile one flat array."""
        if any(g is None for g in glist):
            self._shared_ok = False  # per-parameter steps from now on
            return None
        names, plist = list(self.params), list(self.params.values())
        flat = FlatParameters.tile(names, plist, glist, None, self.xp)
        if flat is None:
            return None
        for name, p, g in zip(names, plist, glist):
            if tuple(g.shape) != tuple(p.shape):
                raise ValueError(f"gradient of {name!r} has shape {tuple(g.shape)}, "
                                 f"expected {tuple(p.shape)} like the parameter")
        if self.state:
            flat.state = FlatParameters.merge_state(self.state, names, self.xp)
            if flat.state is None:
                self._shared_ok = False
                return None
        else:
            flat.state = self._build("*", flat.params, flat.grads)
        self._flat = flat
        flat.split_state(self.state)
        return flat

    def reset(self) -> None:
        """Forget all state (as if no step had been taken); the hyperparameters stay."""
        self.state.clear()
        self.step_count = 0
        self._flat = None
        self._shared_ok = True

    def kernel(self, name: str):
        """The fused CuPy kernel ``GPU_KERNELS[name]`` (:mod:`core.optim.kernels`)."""
        return elementwise(GPU_KERNELS[name], self.xp)

    def config(self) -> dict:
        """``{"type": name, **hyperparameters}``, JSON-ready; :func:`make_optimizer` inverts it."""
        return {"type": self.name, **{k: list(v) if isinstance(v, list) else v
                                      for k, v in self.hyper.items()}}

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v!r}" for k, v in self.hyper.items())
        return f"{type(self).__name__}({fields})"

    # -- for subclasses ------------------------------------------------------------
    @classmethod
    def check_spec(cls, spec: dict, path: str) -> None:
        """Refuse combinations of fields the registry's :class:`~core.registry.Param`
        cannot express (a rule between two fields, an open upper bound); none by default.

        Raises
        ------
        SpecError
            Naming the field and what was expected.
        """

    @classmethod
    def state_slots(cls, spec: dict) -> int:
        """Arrays the size of the weights this optimizer keeps for a normalized ``spec``
        (momentum, Adam's m and v …), plus one scratch array for its update."""
        return 2 + 1

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


def make_optimizer(spec: dict, params: dict, xp=None, path: str = "optimizer",
                   compiled: bool | None = None) -> Optimizer:
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
    compiled : bool, optional
        Use the fused CPU kernels (:mod:`core.optim.cpu_kernels`): None (default) when
        Numba is installed, False never (the NumPy path), True always (an error without
        Numba).

    Raises
    ------
    SpecError
        Unknown type or field, a value of the wrong type or out of range
        (``optimizer.lr: expected a positive number, got -1``), or Nesterov without
        momentum.
    """
    spec = registry.normalize("optimizer", spec, path)
    cls = registry.get("optimizer", spec["type"]).factory
    return cls(params, xp, path=path, compiled=compiled,
               **{k: v for k, v in spec.items() if k != "type"})
