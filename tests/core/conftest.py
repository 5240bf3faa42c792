"""The ``backend`` fixture: every array backend this machine has.

Tests that take ``backend`` run once per backend name: ``"cpu"`` always, ``"gpu"`` only
where :func:`core.backend.devices.gpu_status` finds a CUDA device (no skipped GPU cases appear on
a machine without one). Build arrays with ``get_backend(backend, dtype)`` and compare
on the host through ``Backend.to_host``.
"""

import pytest

from core.backend.devices import gpu_status

AVAILABLE_BACKENDS = ["cpu"] + (["gpu"] if gpu_status()[0] is not None else [])


@pytest.fixture(params=AVAILABLE_BACKENDS)
def backend(request) -> str:
    """``"cpu"``, and ``"gpu"`` when a CUDA device answers."""
    return request.param
