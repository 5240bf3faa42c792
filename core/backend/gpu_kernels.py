"""Fused element-wise CUDA kernels, written once as text and compiled by CuPy when first used.

Layers and optimizers declare their kernels as :class:`ElementwiseSpec` records; nothing
here imports CuPy, so the bodies can also be run on NumPy arrays by the tests.
"""

from __future__ import annotations

import types
from dataclasses import dataclass


@dataclass(frozen=True)
class ElementwiseSpec:
    """An element-wise CUDA kernel, written once, compiled by CuPy when first used.

    ``in_params``/``out_params`` and ``body`` follow ``cupy.ElementwiseKernel``: ``T`` is
    the floating-point type of the arrays, output arrays passed in are updated in place,
    and the body may read them. Bodies use only assignments, ``+ - * /``, comparisons,
    ``(T)`` casts and ``sqrt``/``exp``/``tanh``/``max``, so that the tests can run the same
    text on NumPy arrays (``tests/core/backend/test_backend_parity.py``) on a machine
    without a GPU.
    """

    name: str
    in_params: str
    out_params: str
    body: str


_COMPILED: dict = {}


def elementwise(spec: ElementwiseSpec, cp):
    """``cupy.ElementwiseKernel`` for ``spec`` (one per process; CuPy caches the binary)."""
    kernel = _COMPILED.get(spec.name)
    if kernel is None:
        kernel = _COMPILED[spec.name] = cp.ElementwiseKernel(spec.in_params, spec.out_params,
                                                            spec.body, spec.name)
    return kernel


def is_cupy(xp) -> bool:
    """True when ``xp`` is the CuPy module (fused kernels apply), False for NumPy."""
    return isinstance(xp, types.ModuleType) and xp.__name__ == "cupy"
