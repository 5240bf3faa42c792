"""How much memory a network needs, checked before anything is allocated.

Two dense layers of 40,000 units hold 1.6 billion weights: 6.4 GB in float32 before
their gradients and the optimizer's state. Building such a network used to end in a
``MemoryError`` (or the operating system killing the process); instead the model and the
trainer estimate the bytes they are about to allocate and refuse, in one sentence, a
network that does not fit:

- :class:`core.nn.model.Model`: weights, gradients and one copy of the weights while they
  are packed into one flat array, ``3 · P · itemsize``;
- :class:`core.training.trainer.Trainer`: weights, gradients, the optimizer's state (Adam keeps
  two more arrays the size of the weights) and one batch of activations.

The limit is half of the computer's physical memory on the CPU (the rest is left to
the operating system, the GUI and the data), and 80 % of the GPU's memory on the GPU.
"""

from __future__ import annotations

import os
from typing import NamedTuple

from core.errors import SpecError

#: Share of the physical memory a network may take on the CPU.
CPU_SHARE = 0.5
#: Share of the device memory a network may take on the GPU.
GPU_SHARE = 0.8


def physical_memory() -> int | None:
    """Bytes of physical memory of this computer, or None when the system does not say."""
    try:
        return int(os.sysconf("SC_PHYS_PAGES")) * int(os.sysconf("SC_PAGE_SIZE"))
    except (AttributeError, ValueError, OSError):
        return None


def gpu_memory() -> int | None:
    """Bytes of memory of the current CUDA device, or None without CuPy or a device."""
    try:
        import cupy  # noqa: PLC0415  (optional dependency)
        return int(cupy.cuda.runtime.memGetInfo()[1])
    except Exception:  # no CuPy, no driver, no device: no GPU limit to state
        return None


class MemoryLimit(NamedTuple):
    """The bytes a network may take on a device, and how a message names that limit."""

    bytes: int
    described: str


def memory_limit(device: str = "cpu") -> MemoryLimit | None:
    """The limit for ``device`` ("cpu" or "gpu"), or None when the system does not say."""
    if device == "gpu":
        total = gpu_memory()
        if total:
            return MemoryLimit(int(total * GPU_SHARE), f"80 % of the GPU's {format_bytes(total)}")
    total = physical_memory()
    if not total:
        return None
    return MemoryLimit(int(total * CPU_SHARE),
                       f"half of this computer's {format_bytes(total)} of memory")


def format_bytes(n: float) -> str:
    """``6.4 GB``, ``512 MB``, ``3 kB``: decimal units, three significant digits."""
    for unit, size in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= size:
            return f"{n / size:.3g} {unit}"
    return f"{int(n)} bytes"


def check_model_size(n_params: int, itemsize: int, dtype_name: str, device: str = "cpu",
                     extra_bytes: int = 0, copies: int = 3,
                     what: str = "with their gradients") -> None:
    """Refuse a network whose arrays would not fit in memory, before allocating them.

    Parameters
    ----------
    n_params : int
        Trainable parameters and buffers of the network.
    itemsize : int
        Bytes per number (4 for float32, 8 for float64).
    dtype_name : str
        How the message names the number type ("float32").
    device : {"cpu", "gpu"}
        Where the arrays would live.
    extra_bytes : int
        Further bytes needed (activations of one batch).
    copies : int
        How many arrays the size of the weights are allocated (weights, gradients, ...).
    what : str
        What the copies beyond the weights are, for the message.

    Raises
    ------
    SpecError
        ``model: the network would have 1,600,160,003 parameters (6.4 GB of float32
        weights; 19.2 GB with their gradients), more than the 11.7 GB limit (half of
        this computer's 23.4 GB of memory); use fewer or narrower layers.``
    """
    limit = memory_limit(device)
    if limit is None:
        return
    weights = n_params * itemsize
    need = copies * weights + extra_bytes
    if need <= limit.bytes:
        return
    raise SpecError(f"model: the network would have {n_params:,} parameters "
                    f"({format_bytes(weights)} of {dtype_name} weights; {format_bytes(need)} "
                    f"{what}), more than the {format_bytes(limit.bytes)} limit "
                    f"({limit.described}); use fewer or narrower layers")
