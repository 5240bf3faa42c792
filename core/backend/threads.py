"""How many threads the engine uses: BLAS's pool for matrix products and its own pool for
large element-wise updates (the optimizer step, the epoch gather).

NumPy's matrix products run on the BLAS library's thread pool (OpenBLAS: one thread per
core). :func:`set_blas_threads` and the :func:`blas_threads` context manager size that
pool through threadpoolctl, and the engine's own thread count with it;
:func:`recommended_blas_threads` is the measured policy (see ``benchmarks/README.md``):
one thread for small networks, all cores (all but one beside a GUI on 4+ cores) for large
ones. The GUI worker calls ``set_blas_threads(recommended_blas_threads(trainer.flops_per_step))``
before training.
"""

from __future__ import annotations

import contextlib
import os
from concurrent.futures import ThreadPoolExecutor

#: :func:`recommended_blas_threads` gives BLAS more than one thread only from this much
#: work per iteration on (784-1024-1024-10 at batch 256 is 2.9·10⁹: 1.7× faster with 2
#: threads; 784-256-128-10 at batch 128, 1.8·10⁸, ran from 0.87× to 1.4× as fast with 2
#: threads depending on what else ran on the machine, and steadily with 1).
BLAS_MULTITHREAD_MIN_FLOPS = 1e9

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
