"""The optimizers' fused CPU kernels: one pass over the flat parameters, compiled by Numba.

The NumPy path of an optimizer is a chain of ~10 in-place ufuncs (:mod:`core.optim.base`),
each one pass over every parameter: on 784-1024-1024-10 (1.86 M float32 numbers) Adam
takes ~3 ms that way, most of it memory traffic. Each kernel here does the same
arithmetic element by element in one pass (~0.8 ms), in the same order and in the
array's own precision, so its results are **bit-identical** to the NumPy calls (IEEE
``+ − × ÷ √`` are correctly rounded in both, Numba's ``fastmath`` is off so nothing is
contracted into an FMA or reordered, and every scalar is rounded to the array's dtype
first, as NumPy does with a Python float beside a float32 array).
``tests/core/optim/test_cpu_kernels.py`` checks that on every option combination.

Numba (``numba.njit``) compiles them to machine code with LLVM, no C compiler needed on
the user's machine; ``cache=True`` keeps the machine code in ``__pycache__`` (or Numba's
per-user cache when that is read-only) so only the very first run after an install
compiles. :func:`warm_up` compiles or loads the kernel an optimizer needs, on tiny arrays,
when the optimizer is built, so no training step waits on the compiler. Without Numba
(or with ``NUMBA_DISABLE_JIT`` set) :data:`AVAILABLE` is False and the optimizers use
their NumPy path.

Options, measured on 2 cores (``benchmarks/optimizer_step.py``): ``error_model="numpy"``
lets a division by zero give inf as NumPy does instead of raising, which is what lets
LLVM vectorize the loop (4.4 ms → 0.8 ms for Adam); ``nogil=True`` lets the engine's own
threads (:func:`core.backend.threads.run_parallel`) run the kernel on slices of the
flat arrays at once; ``parallel=False``: Numba's own thread pool would compete with those
threads and with BLAS's, and was no faster (see ``benchmarks/README.md``).

Every kernel takes 1-D C-contiguous arrays of one dtype (float32 or float64), updated in
place, then Python floats, rounded to the arrays' dtype inside (as NumPy rounds a Python
float beside a float32 array; ~1 µs less per call than passing ``numpy.float32``
scalars), then bools. Arrays an option does not use are passed as ``p`` and never
touched.
"""

from __future__ import annotations

import math

import numpy as np

try:
    import numba
except ImportError:  # optional: the NumPy path runs without it
    numba = None

#: True when Numba can compile the kernels (installed, and JIT not disabled).
AVAILABLE = numba is not None and not numba.config.DISABLE_JIT

#: The compile options of every kernel (see the module docstring).
OPTIONS = {"nogil": True, "fastmath": False, "cache": True, "error_model": "numpy",
           "parallel": False}


def _compiled(function):
    return numba.njit(**OPTIONS)(function) if AVAILABLE else None


def _sgd(p, g, buf, wd, mu, damp, nlr, nb, momentum, nesterov, first):
    """``d = g + wd·θ``; ``b = d`` (first) or ``μ·b + damp·d``; ``θ += nlr·d + nb·b``
    (Nesterov), ``θ += nlr·b`` (momentum) or ``θ += nlr·d``; ``damp = 1 − dampening``,
    ``nlr = −lr``, ``nb = −lr·μ``."""
    dt = p.dtype.type
    wd, mu, damp, nlr, nb = dt(wd), dt(mu), dt(damp), dt(nlr), dt(nb)
    for i in range(p.size):
        pi = p[i]
        d = g[i]
        if wd != 0:
            d = pi * wd + d
        if not momentum:
            p[i] = pi + d * nlr
            continue
        if first:
            b = d
        elif damp != 1:
            b = buf[i] * mu + d * damp
        else:
            b = buf[i] * mu + d
        buf[i] = b
        if nesterov:
            p[i] = (pi + d * nlr) + b * nb
        else:
            p[i] = pi + b * nlr


def _rmsprop(p, g, v, ga, buf, wd, alpha, one_minus_alpha, eps, mu, nlr, centered, momentum):
    """``d = g + wd·θ``; ``v' = α·v' + d²``; ``a = √v' + eps'`` (centered: ``ga' = α·ga' + d``,
    ``a = √max(v' − (1−α)·ga'², 0) + eps'``); ``s = d/a``; momentum ``b' = μ·b' + s``,
    ``s = b'``; ``θ += nlr·s`` (scaled state and scalars as in :mod:`core.optim.rmsprop`)."""
    dt = p.dtype.type
    wd, alpha, one_minus_alpha = dt(wd), dt(alpha), dt(one_minus_alpha)
    eps, mu, nlr = dt(eps), dt(mu), dt(nlr)
    for i in range(p.size):
        pi = p[i]
        d = g[i]
        if wd != 0:
            d = pi * wd + d
        vi = v[i] * alpha + d * d
        v[i] = vi
        if centered:
            gai = ga[i] * alpha + d
            ga[i] = gai
            s = vi - (gai * gai) * one_minus_alpha
            if s < 0:  # np.maximum(s, 0): +0.0 (x − x), and NaN stays NaN
                s = s - s
            a = math.sqrt(s)
        else:
            a = math.sqrt(vi)
        s = d / (a + eps)
        if momentum:
            s = buf[i] * mu + s
            buf[i] = s
        p[i] = pi + s * nlr


def _adam(p, g, m, v, vmax, wd, decay, b1, b2, eps, step, decoupled, amsgrad):
    """``d = g + wd·θ`` (Adam) or ``θ = decay·θ`` (AdamW); ``m' = β1·m' + d``;
    ``v' = β2·v' + d²`` (AMSGrad: ``v̂ = max(v̂, v')``); ``θ += step·m'/(√v' + eps')``
    (scaled state and scalars as in :mod:`core.optim.adam`)."""
    dt = p.dtype.type
    wd, decay, b1, b2, eps, step = dt(wd), dt(decay), dt(b1), dt(b2), dt(eps), dt(step)
    for i in range(p.size):
        pi = p[i]
        d = g[i]
        if decoupled:
            if decay != 1:
                pi = pi * decay
        elif wd != 0:
            d = pi * wd + d
        mi = m[i] * b1 + d
        m[i] = mi
        vi = v[i] * b2 + d * d
        v[i] = vi
        if amsgrad:
            top = vmax[i]
            if not (top >= vi or top != top):  # np.maximum: NaN wins
                top = vi
            vmax[i] = top
            vi = top
        p[i] = pi + mi / (math.sqrt(vi) + eps) * step


def _adagrad(p, g, acc, wd, eps, nclr):
    """``d = g + wd·θ``; ``S += d²``; ``θ += nclr·d/(√S + eps)``, ``nclr = −lr/(1+(t−1)·decay)``."""
    dt = p.dtype.type
    wd, eps, nclr = dt(wd), dt(eps), dt(nclr)
    for i in range(p.size):
        pi = p[i]
        d = g[i]
        if wd != 0:
            d = pi * wd + d
        a = acc[i] + d * d
        acc[i] = a
        p[i] = pi + d / (math.sqrt(a) + eps) * nclr


sgd = _compiled(_sgd)
rmsprop = _compiled(_rmsprop)
adam = _compiled(_adam)
adagrad = _compiled(_adagrad)
_KERNELS = {"sgd": sgd, "rmsprop": rmsprop, "adam": adam, "adagrad": adagrad}

#: Kernel name -> (arrays, scalars, flags) it takes, in that order: :func:`warm_up` calls
#: it with tiny arrays, Python floats and False flags of these counts.
_SIGNATURES = {"sgd": (3, 5, 3), "rmsprop": (5, 6, 2), "adam": (5, 6, 2), "adagrad": (3, 3, 0)}

_warm: set = set()


def kernel(name: str):
    """The compiled kernel ``name`` (``"sgd"``, ``"rmsprop"``, ``"adam"``, ``"adagrad"``)."""
    return _KERNELS[name]


def usable(*arrays) -> bool:
    """Whether the kernels can update these arrays in place: NumPy, float32 or float64,
    one dtype, C-contiguous (the reshape to 1-D is then a view)."""
    if not AVAILABLE:
        return False
    dtype = arrays[0].dtype
    return dtype in (np.float32, np.float64) and all(
        isinstance(a, np.ndarray) and a.dtype == dtype and a.flags.c_contiguous
        for a in arrays)


def warm_up(name: str, dtype) -> None:
    """Compile (or load from Numba's cache) kernel ``name`` for ``dtype`` now, on tiny
    arrays, so that the first training step does not wait for it. Once per process."""
    dtype = np.dtype(dtype)
    if not AVAILABLE or (name, dtype) in _warm or dtype not in (np.float32, np.float64):
        return
    arrays, scalars, flags = _SIGNATURES[name]
    tiny = [np.ones(2, dtype) for _ in range(arrays)]
    kernel(name)(*tiny, *[0.5] * scalars, *[False] * flags)
    _warm.add((name, dtype))
