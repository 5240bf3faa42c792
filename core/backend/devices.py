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

BLAS threads
------------
NumPy's matrix products run on the BLAS library's thread pool (OpenBLAS: one thread
per core). :func:`set_blas_threads` and the :func:`blas_threads` context manager size
that pool through threadpoolctl; :func:`recommended_blas_threads` is the measured policy
(see ``benchmarks/README.md``): one thread for small networks, all cores (all but one
beside a GUI on 4+ cores) for large ones. The GUI worker calls
``set_blas_threads(recommended_blas_threads(trainer.flops_per_step))`` before training.
"""

from __future__ import annotations

import contextlib
import os
import types
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

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

#: :func:`recommended_blas_threads` gives BLAS more than one thread only from this much
#: work per iteration on (784-1024-1024-10 at batch 256 is 2.9·10⁹: 1.7× faster with 2
#: threads; 784-256-128-10 at batch 128, 1.8·10⁸, ran from 0.87× to 1.4× as fast with 2
#: threads depending on what else ran on the machine, and steadily with 1).
BLAS_MULTITHREAD_MIN_FLOPS = 1e9


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


def gpu_status() -> tuple[Any, str]:
    """``(cupy_module, "")`` when a CUDA device answers, else ``(None, reason)``.

    The reason names which of the three things is missing: CuPy is not installed,
    no CUDA device is visible, or the driver/runtime failed.
    """
    if os.environ.get("NNWB_DISABLE_GPU"):
        return None, "the GPU is disabled by the NNWB_DISABLE_GPU environment variable"
    try:
        import cupy as cp  # noqa: PLC0415  (optional dependency)
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


def dense_flops_per_step(layers, input_width: int, batch_size: int) -> float:
    """Floating-point operations of one training iteration's matrix products.

    ``2·batch·Σ(in·out)·3``: per dense layer the forward product ``x·Wᵀ`` and the two
    backward products (``gᵀ·x`` for the weights, ``g·W`` for the input), each
    ``2·batch·in·out`` operations. ``layers`` are normalized layer specs; only dense
    layers count (element-wise layers are cheap beside them).
    """
    width, total = int(input_width), 0
    for spec in layers:
        if spec.get("type") == "dense":
            total += width * int(spec["units"])
            width = int(spec["units"])
    return 2.0 * batch_size * total * 3


def choose_backend(requested: str, flops_per_step: float | None = None) -> tuple[str, str]:
    """Decide where to train: ``(name, reason)`` with name ``"cpu"`` or ``"gpu"``.

    Parameters
    ----------
    requested : {"auto", "cpu", "gpu"}
        ``cpu`` and ``gpu`` are obeyed (``gpu`` raises if there is none); ``auto`` takes
        the GPU when one answers and ``flops_per_step`` is unknown or at least
        :data:`GPU_MIN_FLOPS_PER_STEP`.
    flops_per_step : float, optional
        The work of one iteration (:func:`dense_flops_per_step`).

    Returns
    -------
    name, reason : str
        ``reason`` is one sentence for the status bar; empty when chosen explicitly.

    Raises
    ------
    BackendError
        ``gpu`` asked for where there is none (the message says what is missing), or an
        unknown name.
    """
    if requested not in BACKEND_NAMES:
        raise BackendError(f"backend: expected one of auto, cpu, gpu, got {requested!r}")
    if requested == "cpu":
        return "cpu", ""
    cp, why = gpu_status()
    if cp is None:
        if requested == "gpu":
            raise BackendError(f"The GPU backend is not available: {why}.")
        return "cpu", f"CPU chosen because {why}"
    if requested == "gpu":
        return "gpu", ""
    if flops_per_step is not None and flops_per_step < GPU_MIN_FLOPS_PER_STEP:
        return "cpu", (f"CPU chosen: the network is too small to gain from the GPU "
                       f"({flops_per_step / 1e6:.3g} MFLOP per iteration, below "
                       f"{GPU_MIN_FLOPS_PER_STEP / 1e6:.0f})")
    if flops_per_step is None:
        return "gpu", "GPU chosen: a CUDA device is available"
    return "gpu", (f"GPU chosen: {flops_per_step / 1e6:.3g} MFLOP per iteration is enough "
                   f"work for the GPU")


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
        Work of one iteration, for ``auto`` (:func:`dense_flops_per_step`).

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
    chosen, reason = choose_backend(name, flops_per_step)
    if chosen == "cpu":
        return Backend("cpu", np, np.dtype(dtype), reason=reason)
    cp = gpu_status()[0]
    return Backend("gpu", cp, cp.dtype(dtype), reason=reason)


# ---------------------------------------------------------------- fused GPU kernels

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


# ---------------------------------------------------------------- BLAS threads

#: Threads the engine itself uses for large element-wise updates (the optimizer step);
#: set together with the BLAS pool by :func:`set_blas_threads` / :func:`blas_threads`.
_engine_threads = 1
_pool = None


def engine_threads() -> int:
    """Threads for the engine's own large element-wise work (1 unless set)."""
    return _engine_threads


def run_parallel(tasks: list) -> None:
    """Run the callables in ``tasks`` at once: the first here, the rest on worker threads.

    NumPy releases the GIL inside its element-wise loops, so tasks working on separate
    slices of large arrays run in parallel. Exceptions are re-raised here.
    """
    global _pool
    if len(tasks) == 1:
        tasks[0]()
        return
    if _pool is None or _pool._max_workers < len(tasks) - 1:
        _pool = ThreadPoolExecutor(max_workers=len(tasks) - 1, thread_name_prefix="nnwb")
    futures = [_pool.submit(task) for task in tasks[1:]]
    tasks[0]()
    for future in futures:
        future.result()


def set_blas_threads(n: int | None) -> int | None:
    """Use ``n`` threads for matrix products (BLAS) and the engine's large element-wise
    updates, for the rest of the process; return the previous BLAS pool size.

    ``None`` leaves both alone. Returns ``None`` when threadpoolctl is missing or no BLAS
    library is loaded (the engine's own thread count is still set).
    """
    global _engine_threads
    if n is not None:
        _engine_threads = max(1, int(n))
    try:
        from threadpoolctl import (  # noqa: PLC0415  (optional dependency)
            threadpool_info,
            threadpool_limits,
        )
    except ImportError:
        return None
    previous = [p.get("num_threads") for p in threadpool_info() if p.get("user_api") == "blas"]
    if n is not None and previous:
        threadpool_limits(limits=max(1, int(n)), user_api="blas")
    return previous[0] if previous else None


@contextlib.contextmanager
def blas_threads(n: int | None, user_api: str | None = "blas"):
    """Run the ``with`` block with at most ``n`` BLAS threads and ``n`` engine threads
    (``None``: unchanged). ``user_api=None`` also limits OpenMP pools (as threadpoolctl does).
    """
    global _engine_threads
    if n is None:
        yield
        return
    saved, _engine_threads = _engine_threads, max(1, int(n))
    try:
        try:
            from threadpoolctl import threadpool_limits  # noqa: PLC0415  (optional dependency)
        except ImportError:
            yield
            return
        with threadpool_limits(limits=max(1, int(n)), user_api=user_api):
            yield
    finally:
        _engine_threads = saved


def recommended_blas_threads(flops_per_step: float | None = None, gui: bool = True,
                             cores: int | None = None) -> int:
    """BLAS threads for a training run, as measured in ``benchmarks/README.md``.

    Small networks (``flops_per_step`` below :data:`BLAS_MULTITHREAD_MIN_FLOPS`, or
    unknown) get 1 thread: their matrix products do not gain from a second thread, and
    a multithreaded OpenBLAS product slows down 10–100× whenever another program (or the
    GUI thread) holds one of the cores. Large networks get every core, except one kept
    for the GUI on machines with 4 or more cores (with 2–3 cores the GUI thread's frames
    stayed on time beside 2 BLAS threads, and training ran 1.7× faster).

    Parameters
    ----------
    flops_per_step : float, optional
        ``Trainer.flops_per_step`` (``2·batch·Σ in·out·3``).
    gui : bool
        A GUI shares the machine (the workbench window); False for the command line.
    cores : int, optional
        Defaults to ``os.cpu_count()``.
    """
    cores = cores or os.cpu_count() or 1
    if flops_per_step is None or flops_per_step < BLAS_MULTITHREAD_MIN_FLOPS or cores == 1:
        return 1
    return cores - 1 if gui and cores >= 4 else cores
