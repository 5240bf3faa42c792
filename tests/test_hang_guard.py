"""The suite's last guard: a test that deadlocks while holding the GIL ends the process
with every thread's stack on stderr (pytest-timeout alone cannot interrupt it)."""

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_a_deadlock_holding_the_gil_ends_the_run_with_a_stack_dump(tmp_path):
    (tmp_path / "conftest.py").write_text(textwrap.dedent("""
        import tests.conftest as guard
        guard.HARD_EXIT_GRACE_S = 1
        pytest_configure = guard.pytest_configure
        pytest_runtest_protocol = guard.pytest_runtest_protocol
    """))
    (tmp_path / "test_stuck.py").write_text(textwrap.dedent("""
        import ctypes

        def test_stuck_in_c():
            libc = ctypes.PyDLL(None)              # PyDLL keeps the GIL during the call
            mutex = ctypes.create_string_buffer(64)
            libc.pthread_mutex_lock(mutex)
            libc.pthread_mutex_lock(mutex)         # a default mutex locked twice: forever
    """))
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--timeout=1",
         str(tmp_path / "test_stuck.py")],
        cwd=tmp_path, capture_output=True, text=True, timeout=60,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert done.returncode != 0
    assert "Timeout (0:00:02)!" in done.stderr
    assert "test_stuck.py\", line 8 in test_stuck_in_c" in done.stderr
