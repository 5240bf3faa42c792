"""The layer interface: what every layer of a sequential network is and does.

Every layer is a small class whose ``forward(x, training)`` and ``backward(grad_out)``
stand side by side. Parameters live in ``self.params`` and their gradients in
``self.grads`` under matching local names (``weight``, ``bias``); the model prefixes them
with the layer index, as PyTorch's ``nn.Sequential`` does (``"0.weight"``).
Arrays are ``(batch, features)``. Backward may overwrite ``grad_out`` in place.

Speed: when the model's ``reuse_buffers`` is on (the trainer turns it on), training
passes write their outputs into buffers the layer keeps per batch shape instead of
allocating new arrays each iteration; such an output stays valid until the layer's next
training pass. No layer writes into its input, so an input another layer cached for its
backward pass is never overwritten.
"""

from __future__ import annotations

import numpy as np

from core.backend.gpu_kernels import elementwise, is_cupy


class Layer:
    """Base class. Subclasses set ``params``/``grads`` in :meth:`build`."""

    type_name = "layer"
    #: True for layers whose parameters are trained (dense, prelu, batch_norm).
    trainable = False
    #: Write training-pass outputs into per-batch-shape buffers (set by the model).
    reuse = False
    #: Fused CuPy kernels of this layer type, by name (used only when ``xp`` is cupy).
    gpu_kernels: dict = {}

    def __init__(self, **spec):
        self.spec = spec
        self.params: dict = {}
        self.grads: dict = {}
        self.buffers: dict = {}  # non-trained state saved with the model (running stats)
        self.xp = np
        self.gpu = False
        self.in_width = 0
        self.out_width = 0
        self._scratch: dict = {}

    def build(self, in_width: int, backend, rng: np.random.Generator) -> int:
        """Create parameters for inputs of width ``in_width``; return the output width."""
        self.xp = backend.xp
        self.gpu = is_cupy(backend.xp)
        self.dtype = backend.dtype
        self.in_width = self.out_width = in_width
        return in_width

    def scratch(self, key: str, shape: tuple):
        """A buffer of ``shape`` kept for reuse (one per key and shape); contents undefined."""
        buf = self._scratch.get((key, shape))
        if buf is None:
            if len(self._scratch) > 16:  # many batch shapes (e.g. a varying last batch)
                self._scratch.clear()
            buf = self._scratch[(key, shape)] = self.xp.empty(shape, dtype=self.dtype)
        return buf

    def kernel(self, name: str):
        """The fused CuPy kernel ``gpu_kernels[name]`` of this layer type."""
        return elementwise(self.gpu_kernels[name], self.xp)

    def forward(self, x, training: bool = False):
        raise NotImplementedError

    def backward(self, grad_out):
        raise NotImplementedError

    def n_params(self) -> int:
        return sum(int(p.size) for p in self.params.values())

    def describe(self) -> str:
        """Key settings in a few words, for cards and summaries."""
        return ""
