"""The flat-parameter mode of the optimizers: one update for all parameters at once.

When the parameters are consecutive views of one flat array and the gradients are
consecutive views of another (as :class:`core.nn.model.Model` lays them out), an
optimizer's ``step`` updates all of them at once through the flat arrays, and the
per-parameter state arrays are views of flat state arrays: a network with six parameter
arrays then needs ~10 array calls per step instead of ~60, with bit-identical results
(every update is element-wise and every scalar depends only on the step number, which all
parameters share). Large flat updates on the CPU are split across the engine's threads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from core.backend.threads import engine_threads

#: In the flat mode on the CPU, updates of at least this many numbers are split across
#: :func:`core.backend.threads.engine_threads` threads (measured on 2 cores: Adam over 1.9 M
#: float32 numbers 3.1 → 1.6 ms, over 235 k 243 → 159 µs; below ~10⁵ the hand-off costs
#: more than it saves).
PARALLEL_MIN_SIZE = 1 << 17


@dataclass
class FlatSlice:
    """One thread's share of a flat update: slices of the parameters, the gradients and
    every state array (the step count ``t`` shared)."""

    params: Any
    grads: Any
    state: dict


@dataclass
class FlatParameters:
    """Parameters and gradients that each tile one flat array, with flat optimizer state.

    Attributes
    ----------
    params, grads : array
        The 1-D arrays the parameter and gradient views tile, in order.
    state : dict
        Flat state arrays by key (``"m"``, ``"v"`` ...) and the step count ``"t"``.
    grad_views, param_views : list of array
        The arrays the optimizer was handed, in order (checked by :meth:`matches`).
    names : list of str
        Their parameter names.
    """

    params: Any
    grads: Any
    state: dict
    grad_views: list
    param_views: list
    names: list
    _slices: list | None = field(default=None, repr=False)

    @classmethod
    def tile(cls, names: list, params: list, grads: list, state: dict | None, xp):
        """The flat layout of ``params`` and ``grads``, or None when either does not tile
        one array. ``state`` is the flat state to use (None: to be built by the caller)."""
        flat_p, flat_g = flat_base(params, xp), flat_base(grads, xp)
        if flat_p is None or flat_g is None or flat_p.shape != flat_g.shape:
            return None
        return cls(flat_p, flat_g, state, list(grads), list(params), list(names))

    def matches(self, params: list, grads: list) -> bool:
        """Whether these are still the very arrays the layout was made of."""
        return len(params) == len(self.param_views) \
            and all(a is b for a, b in zip(grads, self.grad_views)) \
            and all(a is b for a, b in zip(params, self.param_views))

    def split_state(self, state_by_name: dict) -> None:
        """Give each parameter state arrays that are views of the flat state arrays."""
        offset = 0
        for name, p in zip(self.names, self.param_views):
            own = state_by_name.setdefault(name, {"t": self.state["t"]})
            for key, a in self.state.items():
                if key != "t":
                    own[key] = a[offset:offset + p.size].reshape(p.shape)
            offset += int(p.size)

    @staticmethod
    def merge_state(state_by_name: dict, names: list, xp) -> dict | None:
        """Flat state holding a copy of existing per-parameter state, or None if uneven."""
        states = [state_by_name.get(n) for n in names]
        if any(s is None for s in states) or len({s["t"] for s in states}) != 1 or \
                len({frozenset(s) for s in states}) != 1:
            return None
        st = {"t": states[0]["t"]}
        for key in states[0]:
            if key != "t":
                st[key] = xp.concatenate([s[key].ravel() for s in states])
        return st

    def threads(self, gpu: bool) -> int:
        """Threads for this step's update: several only for a large update on the CPU,
        after the first step (which creates state lazily)."""
        if gpu or self.state["t"] == 1 or self.params.size < PARALLEL_MIN_SIZE:
            return 1
        return engine_threads()

    def slices(self, k: int) -> list[FlatSlice]:
        """``k`` slices of the flat arrays, 64-byte aligned, cached while ``k`` and the
        state keys stay the same.

        State created lazily exists after the first step, which never runs in slices.
        """
        st, cached = self.state, self._slices
        if cached is None or len(cached) != k or len(cached[0].state) != len(st):
            size = self.params.size
            bounds = [size * i // k // 16 * 16 for i in range(k)] + [size]  # 64-byte aligned
            cached = self._slices = [
                FlatSlice(self.params[a:b], self.grads[a:b],
                          {key: (v[a:b] if key != "t" else v) for key, v in st.items()})
                for a, b in zip(bounds, bounds[1:])]
        for part in cached:
            part.state["t"] = st["t"]
        return cached


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


def flat_base(arrays: list, xp):
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
