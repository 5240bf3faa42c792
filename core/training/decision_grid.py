"""The decision boundary of a network with two inputs: its outputs on a grid over the data."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np


class GridExtent(NamedTuple):
    """The grid's range: inputs 1 and 2 from the data's range plus a 10 % margin."""

    x0: float
    x1: float
    y0: float
    y1: float


class DecisionGrid:
    """An ``n × n`` mesh over two input columns, kept on the device.

    Parameters
    ----------
    x : ndarray, shape (N, 2)
        The training inputs (host); the mesh covers their range plus 10 % on each side.
    n : int
        Points per side.
    backend : Backend
    inputs_of : callable or None
        Turns mesh points ``(n², 2)`` into the network's inputs, when ``x`` is not what
        the network reads (the (x1, x2) plane behind crossed features,
        :class:`core.data.feature_crosses.PlaneInputs`); the extent stays in ``x``'s units.
    """

    def __init__(self, x: np.ndarray, n: int, backend, inputs_of=None):
        lo, hi = x.min(axis=0), x.max(axis=0)
        pad = (hi - lo) * 0.1 + 1e-9
        gx = np.linspace(lo[0] - pad[0], hi[0] + pad[0], n)
        gy = np.linspace(lo[1] - pad[1], hi[1] + pad[1], n)
        mx, my = np.meshgrid(gx, gy)
        self.n, self.backend = n, backend
        self.extent = GridExtent(gx[0], gx[-1], gy[0], gy[-1])
        points = np.column_stack([mx.ravel(), my.ravel()])
        self.points = backend.asarray(inputs_of(points) if inputs_of is not None else points)

    def outputs(self, model) -> np.ndarray:
        """The model's outputs on the mesh, ``(n, n, k)`` host float64 (row = input 2)."""
        out = self.backend.to_host(model.forward(self.points, training=False))
        return out.reshape(self.n, self.n, -1).astype(np.float64)
