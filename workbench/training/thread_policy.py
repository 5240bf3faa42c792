"""Process-wide settings while any worker trains in the window (no Qt).

* BLAS threads: OpenBLAS's thread count is process-wide, and idle OpenBLAS threads spin;
  on two cores a spinning BLAS thread starves the GUI thread, so a worker asks for
  ``cpu_count − 1`` threads (``"auto"``), leaving a core to the GUI.
* The GIL switch interval: a thread that wants the GIL waits up to this long before the
  holder must hand it over (CPython's default is 5 ms). The GUI thread wants it for every
  slot and every paint callback, so a shorter interval (1 ms) while training keeps it
  responsive.

The first worker to start sets both; the last one to end restores them.
"""

from __future__ import annotations

import os
import sys
import threading


class ThreadPolicy:
    """Counts the workers that train; holds the settings while the count is above zero."""

    _lock = threading.Lock()
    _users = 0
    _limiter = None
    _old_switch = None
    _threads = None          # (BLAS threads used, BLAS threads before the limit)

    @classmethod
    def threads(cls) -> tuple | None:
        """``(used, available)`` BLAS threads while workers train, None when not limited."""
        return cls._threads

    @classmethod
    def acquire(cls, threads, switch_interval_s) -> bool:
        """One more worker trains with at most ``threads`` BLAS threads (an int, ``"auto"``
        or None: unchanged) and the GIL switch interval ``switch_interval_s`` (None:
        unchanged). False (nothing held) when both are None; else call :meth:`release`
        once the worker ends."""
        if threads is None and switch_interval_s is None:
            return False
        if threads == "auto":
            threads = max((os.cpu_count() or 2) - 1, 1)
        with cls._lock:
            if cls._users == 0:
                if threads is not None:
                    try:
                        from threadpoolctl import threadpool_limits
                        cls._limiter = threadpool_limits(limits=int(threads), user_api="blas")
                        before = cls._limiter.get_original_num_threads().get("blas")
                        if before:
                            cls._threads = (min(int(threads), int(before)), int(before))
                    except Exception:  # threadpoolctl missing or BLAS not introspectable
                        cls._limiter = None
                if switch_interval_s is not None:
                    cls._old_switch = sys.getswitchinterval()
                    sys.setswitchinterval(float(switch_interval_s))
            cls._users += 1
        return True

    @classmethod
    def release(cls) -> None:
        """A worker that :meth:`acquire` held ended; the last one restores the settings."""
        with cls._lock:
            cls._users -= 1
            if cls._users > 0:
                return
            limiter, cls._limiter = cls._limiter, None
            old, cls._old_switch = cls._old_switch, None
            cls._threads = None
            if old is not None:
                sys.setswitchinterval(old)
            if limiter is not None:
                limiter.restore_original_limits()
