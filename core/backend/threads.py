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
import statistics
import time
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
                             cores: int | None = None, measure: bool = True) -> int:
    """BLAS threads for a training run, as measured in ``benchmarks/README.md``.

    Small networks (``flops_per_step`` below :data:`BLAS_MULTITHREAD_MIN_FLOPS`, or
    unknown) get 1 thread: their matrix products do not gain from a second thread, and
    a multithreaded OpenBLAS product slows down 10–100× whenever another program (or the
    GUI thread) holds one of the cores. Large networks get every core, except one kept
    for the GUI on machines with 4 or more cores (with 2–3 cores the GUI thread's frames
    stayed on time beside 2 BLAS threads, and training ran 1.7× faster) — and, for this
    machine (``cores`` not given, ``measure`` true), no more than the cores other
    programs leave free *now* (:func:`cores_busy_elsewhere`, ~0.2 s; where that cannot be
    read, :func:`blas_speedup` must show the threads paying off). OpenBLAS splits every
    product evenly between its threads, so one thread waiting for a core that another
    program holds stalls the whole product: beside a busy loop on one of two cores,
    784-1024-1024-10 trained at 0.3–0.8× its single-thread rate on 2 threads
    (``benchmarks/mlp.py --contention``), and at its full single-thread rate on 1.

    Parameters
    ----------
    flops_per_step : float, optional
        ``Trainer.flops_per_step`` (``2·batch·Σ in·out·3``).
    gui : bool
        A GUI shares the machine (the workbench window); False for the command line.
    cores : int, optional
        Defaults to ``os.cpu_count()``; given, nothing is measured (the static rule).
    measure : bool
        Check what other programs leave free before giving several threads.
    """
    given = cores is not None
    cores = cores or os.cpu_count() or 1
    if flops_per_step is None or flops_per_step < BLAS_MULTITHREAD_MIN_FLOPS or cores == 1:
        return 1
    n = cores - 1 if gui and cores >= 4 else cores
    if not measure or given:
        return n
    busy = cores_busy_elsewhere()
    if busy is None:
        return n if blas_speedup(n) >= MIN_SPEEDUP else 1
    return max(1, min(n, int(cores - busy + FREE_CORE_SLACK)))


#: A core counts as free for :func:`recommended_blas_threads` while other programs use
#: less than this fraction of it (an idle desktop: 0.02–0.1 of a core).
FREE_CORE_SLACK = 0.3

#: Where the load of other programs cannot be read, :func:`recommended_blas_threads`
#: gives a large network several threads only when they make :func:`blas_speedup`'s
#: product at least this much faster (2 threads on an idle 2-core machine: 1.7–1.9×).
MIN_SPEEDUP = 1.2

#: The probe of :func:`blas_speedup`: a float32 product (m×k)·(k×n), 0.54 GFLOP, the
#: size of 784-1024-1024-10's middle layer at batch 256 (~6 ms on one Zen 4 core).
PROBE_SHAPE = (256, 1024, 1024)

_PROC_STAT = "/proc/stat"


def _cpu_seconds_busy() -> float | None:
    """CPU seconds all cores spent busy since boot (user, nice, system, irq, softirq and
    steal: a hypervisor's other guests count as other programs), or None off Linux."""
    try:
        with open(_PROC_STAT, encoding="ascii") as stat:
            fields = stat.readline().split()
        ticks = os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, AttributeError):
        return None
    if not fields or fields[0] != "cpu" or len(fields) < 9:
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, fields[1:9])
    return (user + nice + system + irq + softirq + steal) / ticks


def cores_busy_elsewhere(seconds: float = 0.2) -> float | None:
    """How many cores' worth of CPU other programs used during the next ``seconds``
    (this process's own threads excluded), from ``/proc/stat``; None where it cannot be
    read (not Linux). Sleeps meanwhile."""
    before, own_before, t0 = _cpu_seconds_busy(), os.times(), time.perf_counter()
    if before is None:
        return None
    time.sleep(seconds)
    after, own_after, t1 = _cpu_seconds_busy(), os.times(), time.perf_counter()
    if after is None:
        return None
    own = (own_after.user + own_after.system) - (own_before.user + own_before.system)
    return max(0.0, (after - before - own) / (t1 - t0))


def blas_speedup(n: int, repeat: int = 5) -> float:
    """How many times faster :data:`PROBE_SHAPE`'s product runs on ``n`` BLAS threads than
    on 1, measured now (``repeat`` interleaved pairs, medians); 1.0 without threadpoolctl.
    """
    try:
        from threadpoolctl import threadpool_limits  # noqa: PLC0415  (optional dependency)
    except ImportError:
        return 1.0
    import numpy as np  # noqa: PLC0415  (only the probe needs it here)
    m, k, cols = PROBE_SHAPE
    a, b = np.full((m, k), 0.5, np.float32), np.full((k, cols), 0.25, np.float32)
    out = np.empty((m, cols), np.float32)
    times: dict = {n: [], 1: []}
    for _ in range(repeat):
        for threads in (n, 1):
            with threadpool_limits(limits=threads, user_api="blas"):
                t0 = time.perf_counter()
                np.matmul(a, b, out=out)
                times[threads].append(time.perf_counter() - t0)
    return statistics.median(times[1]) / statistics.median(times[n])
