"""Array backends: NumPy on the CPU, CuPy on an NVIDIA GPU.

Engine code calls ``backend.xp`` (numpy or cupy) and never imports numpy for array
work on hot paths. Values leave the engine through :meth:`Backend.to_host`, once, at
the edge (events for the GUI, files).

Choosing the device
-------------------
``auto`` takes the GPU only when one answers *and* the network is big enough to gain
from it: a CuPy kernel launch costs ~10–20 µs whatever its size, while one NumPy call
on a small array costs 1–3 µs, so a small network runs faster on the CPU. The trainer
passes its estimate of the floating-point work of one iteration,
``flops = 2·batch·Σ(in·out)·3`` (the forward product and the two backward products of
every dense layer); below :data:`GPU_MIN_FLOPS_PER_STEP` ``auto`` stays on the CPU and
:attr:`Backend.reason` says why, for the status bar.

How many threads the CPU uses is :mod:`core.backend.threads`; the fused GPU kernels are
described in :mod:`core.backend.gpu_kernels`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from core.errors import BackendError

BACKEND_NAMES = ("auto", "cpu", "gpu")
DTYPES = ("float32", "float64")

#: ``auto`` takes the GPU for networks whose iteration needs at least this many
#: floating-point operations (``2·batch·Σ in·out·3``). Reasoning (CPU side measured with
#: ``benchmarks/mlp.py`` on a 2-core EPYC, GPU side still to be measured with
#: ``benchmarks/gpu.sh``): a GPU iteration costs ~30 kernel launches of ~10 µs however
#: small the network, ~0.3 ms; the CPU engine needs 0.17 ms for 64-128-64-10 at batch 64
#: (6.5 MFLOP) and 1.4–2.1 ms for 784-256-128-10 at batch 128 (180 MFLOP), so the CPU wins
#: below a few tens of MFLOP on 2 cores and below a few hundred on a 16-core desktop.
GPU_MIN_FLOPS_PER_STEP = 1e8


class GpuStatus(NamedTuple):
    """Whether a GPU can be used: the CuPy module, or None and why not."""

    module: Any
    reason: str


class BackendChoice(NamedTuple):
    """Where to train (``"cpu"`` or ``"gpu"``) and one sentence why (empty when asked)."""

    name: str
    reason: str


@dataclass(frozen=True)
class Backend:
    """An array module and a floating-point type.

    Attributes
    ----------
    name : str
        ``"cpu"`` or ``"gpu"``.
    xp : module
        ``numpy`` or ``cupy``.
    dtype : numpy.dtype
        float32 (default) or float64.
    reason : str
        Why ``auto`` chose this backend (empty when chosen explicitly).
    """

    name: str
    xp: Any
    dtype: Any
    reason: str = ""

    def asarray(self, a) -> Any:
        """``a`` as an array of this backend and dtype (copies only when needed)."""
        return self.xp.asarray(a, dtype=self.dtype)

    def to_host(self, a) -> np.ndarray:
        """``a`` as a host NumPy array (no copy on the CPU backend)."""
        if self.name == "gpu" and not isinstance(a, np.ndarray):
            return self.xp.asnumpy(a)
        return np.asarray(a)

    def describe(self) -> str:
        """One line for the status bar, e.g. ``CPU · NumPy 2.4 · OpenBLAS · 2 threads``."""
        if self.name == "gpu":
            return describe_gpu(self.xp)
        return describe_cpu()


def array_module(a):
    """numpy or cupy, whichever the array ``a`` belongs to (CuPy is imported only for its
    own arrays)."""
    if type(a).__module__.startswith("cupy"):
        import cupy  # noqa: PLC0415  (optional dependency)
        return cupy
    return np


def describe_cpu() -> str:
    blas, threads = _blas_info()
    version = ".".join(np.__version__.split(".")[:2])
    parts = ["CPU", f"NumPy {version}"]
    if blas:
        parts.append(blas)
    parts.append(f"{threads} thread{'s' if threads != 1 else ''}")
    return " · ".join(parts)


def _blas_info() -> tuple[str, int]:
    try:
        from threadpoolctl import threadpool_info  # noqa: PLC0415  (optional dependency)
        pools = [p for p in threadpool_info() if p.get("user_api") == "blas"]
        pools.sort(key=lambda p: "numpy" not in str(p.get("filepath", "")))  # NumPy's first
        for pool in pools:
            api = pool.get("internal_api", "")
            name = {"openblas": "OpenBLAS", "mkl": "MKL", "blis": "BLIS"}.get(api, api)
            return name, int(pool.get("num_threads", 1))
    except Exception:  # threadpoolctl missing or unable to inspect: fall back below
        pass
    return "", os.cpu_count() or 1


def describe_gpu(cp) -> str:
    dev = cp.cuda.Device()
    props = cp.cuda.runtime.getDeviceProperties(dev.id)
    name = props["name"].decode() if isinstance(props["name"], bytes) else str(props["name"])
    memory_gb = props["totalGlobalMem"] / 1e9
    version = ".".join(cp.__version__.split(".")[:2])
    return f"GPU · CuPy {version} · {name} · {memory_gb:.0f} GB"


def gpu_status() -> GpuStatus:
    """``GpuStatus(cupy_module, "")`` when a CUDA device answers, else
    ``GpuStatus(None, reason)``.

    The reason names which of the three things is missing: CuPy is not installed,
    no CUDA device is visible, or the driver/runtime failed.
    """
    if os.environ.get("NNWB_DISABLE_GPU"):
        return GpuStatus(None, "the GPU is disabled by the NNWB_DISABLE_GPU environment "
                               "variable")
    try:
        import cupy as cp  # noqa: PLC0415  (optional dependency)
    except ImportError:
        return GpuStatus(None, "CuPy is not installed (install the GPU extra: "
                               "pip install 'nn-workbench[gpu]')")
    except Exception as exc:  # a broken CuPy install raises other errors on import
        return GpuStatus(None, f"CuPy failed to load: {exc}")
    try:
        count = cp.cuda.runtime.getDeviceCount()
    except Exception as exc:  # CUDARuntimeError, driver too old, no libcuda
        return GpuStatus(None, "the CUDA driver failed: "
                               f"{str(exc).strip() or type(exc).__name__}")
    if count < 1:
        return GpuStatus(None, "CuPy is installed but no CUDA device was found")
    try:
        cp.zeros(1).sum()  # the device actually runs a kernel
    except Exception as exc:
        return GpuStatus(None, "the CUDA device did not answer: "
                               f"{str(exc).strip() or type(exc).__name__}")
    return GpuStatus(cp, "")


def choose_backend(requested: str, flops_per_step: float | None = None) -> BackendChoice:
    """Decide where to train: ``"cpu"`` or ``"gpu"``, and why.

    Parameters
    ----------
    requested : {"auto", "cpu", "gpu"}
        ``cpu`` and ``gpu`` are obeyed (``gpu`` raises if there is none); ``auto`` takes
        the GPU when one answers and ``flops_per_step`` is unknown or at least
        :data:`GPU_MIN_FLOPS_PER_STEP`.
    flops_per_step : float, optional
        The work of one iteration (:func:`core.nn.analysis.counting.flops_per_step`).

    Returns
    -------
    BackendChoice
        ``name`` and ``reason``, one sentence for the status bar (empty when chosen
        explicitly).

    Raises
    ------
    BackendError
        ``gpu`` asked for where there is none (the message says what is missing), or an
        unknown name.
    """
    if requested not in BACKEND_NAMES:
        raise BackendError(f"backend: expected one of auto, cpu, gpu, got {requested!r}")
    if requested == "cpu":
        return BackendChoice("cpu", "")
    status = gpu_status()
    if status.module is None:
        if requested == "gpu":
            raise BackendError(f"The GPU backend is not available: {status.reason}.")
        return BackendChoice("cpu", f"CPU chosen because {status.reason}")
    if requested == "gpu":
        return BackendChoice("gpu", "")
    if flops_per_step is not None and flops_per_step < GPU_MIN_FLOPS_PER_STEP:
        return BackendChoice("cpu", f"CPU chosen: the network is too small to gain from the "
                                    f"GPU ({flops_per_step / 1e6:.3g} MFLOP per iteration, "
                                    f"below {GPU_MIN_FLOPS_PER_STEP / 1e6:.0f})")
    if flops_per_step is None:
        return BackendChoice("gpu", "GPU chosen: a CUDA device is available")
    return BackendChoice("gpu", f"GPU chosen: {flops_per_step / 1e6:.3g} MFLOP per iteration "
                                "is enough work for the GPU")


def get_backend(name: str = "auto", dtype: str = "float32",
                flops_per_step: float | None = None) -> Backend:
    """Return the backend called ``name`` with floating-point type ``dtype``.

    Parameters
    ----------
    name : {"auto", "cpu", "gpu"}
        ``auto`` takes the GPU when CuPy imports, a CUDA device answers and the network
        is big enough (see :func:`choose_backend`), else the CPU.
    dtype : {"float32", "float64"}
    flops_per_step : float, optional
        Work of one iteration, for ``auto`` (:func:`core.nn.analysis.counting.flops_per_step`).

    Raises
    ------
    BackendError
        ``gpu`` asked for where there is none (the message says what is missing), or an
        unknown name or dtype.
    """
    if name not in BACKEND_NAMES:
        raise BackendError(f"backend: expected one of auto, cpu, gpu, got {name!r}")
    if dtype not in DTYPES:
        raise BackendError(f"dtype: expected float32 or float64, got {dtype!r}")
    choice = choose_backend(name, flops_per_step)
    if choice.name == "cpu":
        return Backend("cpu", np, np.dtype(dtype), reason=choice.reason)
    cp = gpu_status().module
    return Backend("gpu", cp, cp.dtype(dtype), reason=choice.reason)
