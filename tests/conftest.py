"""Test configuration: Qt renders offscreen, and no test can hang the suite.

Two guards against hangs. ``--timeout`` (pytest-timeout, in README's test command) fails
a test that runs too long and goes on with the next. It needs the main thread to run
Python code; a deadlock in C++ (Qt waiting on a mutex while holding the GIL) never does,
so a second guard, :func:`faulthandler.dump_traceback_later`, which runs on a C thread of
its own, writes every thread's stack to the real stderr and ends the process
``HARD_EXIT_GRACE_S`` after the first guard would have fired (after ``DEFAULT_LIMIT_S``
plus the grace when pytest runs without ``--timeout``).
"""

import atexit
import faulthandler
import os
import shutil
import tempfile

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
#: Every run a test trains is recorded in a throwaway runs folder, never the user's (the
#: variable reaches subprocesses too); tests that look at the runs pass their own folder.
_TEST_RUNS = tempfile.mkdtemp(prefix="nnwb-test-runs-")
os.environ["NN_WORKBENCH_RUNS"] = _TEST_RUNS
atexit.register(shutil.rmtree, _TEST_RUNS, True)

#: Seconds after pytest-timeout's limit at which the process is ended regardless.
HARD_EXIT_GRACE_S = 60
#: The limit the last guard assumes when pytest runs without ``--timeout``.
DEFAULT_LIMIT_S = 300

_real_stderr_fd: int | None = None


def pytest_configure(config):
    """Keep a descriptor of the terminal's stderr (pytest captures fd 2 during tests)."""
    global _real_stderr_fd
    capture = config.pluginmanager.getplugin("capturemanager")
    if capture is not None:
        with capture.global_and_fixture_disabled():
            _real_stderr_fd = os.dup(2)
    else:
        _real_stderr_fd = os.dup(2)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    limit = getattr(item.config.option, "timeout", None) or DEFAULT_LIMIT_S
    marker = item.get_closest_marker("timeout")
    if marker is not None and marker.args:
        limit = marker.args[0] or DEFAULT_LIMIT_S
    faulthandler.dump_traceback_later(float(limit) + HARD_EXIT_GRACE_S, exit=True,
                                      file=_real_stderr_fd)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()
