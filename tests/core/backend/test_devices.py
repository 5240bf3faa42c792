"""Array backends: auto picks the CPU here, gpu raises a clear error, float32 by default."""

import sys

import numpy as np
import pytest

from core.backend import devices as backend
from core.backend.devices import get_backend
from core.errors import BackendError


def test_cpu_backend_float32_default_and_float64_on_request():
    be = get_backend("cpu")
    assert be.xp is np and be.dtype == np.float32
    assert get_backend("cpu", "float64").dtype == np.float64
    a = be.asarray([1, 2, 3])
    assert a.dtype == np.float32
    assert isinstance(be.to_host(a), np.ndarray)


def test_describe_cpu_names_numpy_and_threads():
    text = get_backend("cpu").describe()
    assert text.startswith("CPU · NumPy ")
    assert "thread" in text


def test_auto_picks_cpu_without_a_gpu_and_says_why(monkeypatch):
    monkeypatch.setattr(backend, "gpu_status",
                        lambda: backend.GpuStatus(None, "CuPy is not installed"))
    be = get_backend("auto")
    assert be.name == "cpu"
    assert "CuPy is not installed" in be.reason


def test_auto_picks_cpu_on_this_machine():
    be = get_backend("auto")
    cupy, why = backend.gpu_status()
    if cupy is None:
        assert be.name == "cpu" and why
    else:  # a machine with a GPU
        assert be.name == "gpu"


def test_gpu_without_cupy_names_what_is_missing(monkeypatch):
    monkeypatch.setitem(sys.modules, "cupy", None)  # import cupy -> ImportError
    monkeypatch.delenv("NNWB_DISABLE_GPU", raising=False)
    with pytest.raises(BackendError, match="CuPy is not installed"):
        get_backend("gpu")


class FakeRuntime:
    def __init__(self, count=0, error=None):
        self.count, self.error = count, error

    def getDeviceCount(self):
        if self.error:
            raise self.error
        return self.count


class FakeCupy:
    def __init__(self, runtime):
        self.cuda = type("cuda", (), {"runtime": runtime})


def test_gpu_with_no_device_says_so(monkeypatch):
    monkeypatch.setitem(sys.modules, "cupy", FakeCupy(FakeRuntime(count=0)))
    with pytest.raises(BackendError, match="no CUDA device was found"):
        get_backend("gpu")


def test_gpu_with_driver_error_says_so(monkeypatch):
    monkeypatch.setitem(sys.modules, "cupy",
                        FakeCupy(FakeRuntime(error=RuntimeError("cudaErrorInsufficientDriver"))))
    with pytest.raises(BackendError, match="CUDA driver failed: cudaErrorInsufficientDriver"):
        get_backend("gpu")


def test_unknown_backend_and_dtype_are_clear_errors():
    with pytest.raises(BackendError, match="backend: expected one of auto, cpu, gpu"):
        get_backend("tpu")
    with pytest.raises(BackendError, match="dtype: expected float32 or float64"):
        get_backend("cpu", "float16")
