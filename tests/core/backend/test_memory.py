"""The memory limit a network must fit in (core.backend.memory)."""

import pytest

from core.backend import memory
from core.errors import SpecError


def test_the_cpu_limit_is_half_the_physical_memory(monkeypatch):
    monkeypatch.setattr(memory, "physical_memory", lambda: 16 * 10**9)
    limit = memory.memory_limit("cpu")
    assert limit == memory.MemoryLimit(8 * 10**9, "half of this computer's 16 GB of memory")
    assert (limit.bytes, limit.described) == tuple(limit)


def test_the_gpu_limit_falls_back_to_the_cpu_without_a_device(monkeypatch):
    monkeypatch.setattr(memory, "gpu_memory", lambda: None)
    monkeypatch.setattr(memory, "physical_memory", lambda: 4 * 10**9)
    assert memory.memory_limit("gpu").described == "half of this computer's 4 GB of memory"
    monkeypatch.setattr(memory, "gpu_memory", lambda: 10 * 10**9)
    assert memory.memory_limit("gpu") == memory.MemoryLimit(8 * 10**9, "80 % of the GPU's 10 GB")


def test_a_network_beyond_the_limit_is_one_sentence(monkeypatch):
    monkeypatch.setattr(memory, "physical_memory", lambda: 2 * 10**9)
    memory.check_model_size(8 * 10**7, 4, "float32")  # 960 MB with gradients: fits in 1 GB
    with pytest.raises(SpecError) as info:
        memory.check_model_size(10**8, 4, "float32")
    assert str(info.value) == (
        "model: the network would have 100,000,000 parameters (400 MB of float32 weights; "
        "1.2 GB with their gradients), more than the 1 GB limit (half of this computer's "
        "2 GB of memory); use fewer or narrower layers")
