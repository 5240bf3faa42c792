"""Array backends: NumPy on the CPU, CuPy on an NVIDIA GPU.

Engine code calls ``backend.xp`` (numpy or cupy) and never imports numpy for array
work on hot paths. Values leave the engine through :meth:`Backend.to_host`, once, at
the edge (events for the GUI, files).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import numpy as np

from core.errors import BackendError

BACKEND_NAMES = ("auto", "cpu", "gpu")
DTYPES = ("float32", "float64")


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

    def scalar(self, a) -> float:
        """A 0-d array (or Python number) as a Python float."""
        return float(a)

    def describe(self) -> str:
        """One line for the status bar, e.g. ``CPU · NumPy 2.4 · OpenBLAS · 2 threads``."""
        if self.name == "gpu":
            return describe_gpu(self.xp)
        return describe_cpu()


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
        from threadpoolctl import threadpool_info
        for pool in threadpool_info():
            if pool.get("user_api") == "blas":
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


def gpu_status() -> tuple[Any, str]:
    """``(cupy_module, "")`` when a CUDA device answers, else ``(None, reason)``.

    The reason names which of the three things is missing: CuPy is not installed,
    no CUDA device is visible, or the driver/runtime failed.
    """
    if os.environ.get("NNWB_DISABLE_GPU"):
        return None, "the GPU is disabled by the NNWB_DISABLE_GPU environment variable"
    try:
        import cupy as cp
    except ImportError:
        return None, ("CuPy is not installed (install the GPU extra: "
                      "pip install 'nn-workbench[gpu]')")
    except Exception as exc:  # a broken CuPy install raises other errors on import
        return None, f"CuPy failed to load: {exc}"
    try:
        count = cp.cuda.runtime.getDeviceCount()
    except Exception as exc:  # CUDARuntimeError, driver too old, no libcuda
        return None, f"the CUDA driver failed: {str(exc).strip() or type(exc).__name__}"
    if count < 1:
        return None, "CuPy is installed but no CUDA device was found"
    try:
        cp.zeros(1).sum()  # the device actually runs a kernel
    except Exception as exc:
        return None, f"the CUDA device did not answer: {str(exc).strip() or type(exc).__name__}"
    return cp, ""


def get_backend(name: str = "auto", dtype: str = "float32") -> Backend:
    """Return the backend called ``name`` with floating-point type ``dtype``.

    Parameters
    ----------
    name : {"auto", "cpu", "gpu"}
        ``auto`` takes the GPU when CuPy imports and a CUDA device answers, else the CPU.
    dtype : {"float32", "float64"}

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
    if name == "cpu":
        return Backend("cpu", np, np.dtype(dtype))
    cp, why = gpu_status()
    if cp is None:
        if name == "gpu":
            raise BackendError(f"The GPU backend is not available: {why}.")
        return Backend("cpu", np, np.dtype(dtype), reason=f"CPU chosen because {why}")
    return Backend("gpu", cp, cp.dtype(dtype), reason="a CUDA device is available")
