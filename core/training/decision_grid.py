"""The decision boundary: a network's outputs on a grid over the data's plane.

Two inputs: the grid covers them. More: the grid covers the data projected onto a plane
(:class:`core.training.input_plane.InputPlane`: two features with the others at their
mean, or the first two principal components) and ``inputs_of`` turns its points into
input rows."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from core.nn.model import Model

#: Neurons per layer whose maps travel with each epoch (the network diagram draws 16).
MAP_NEURONS = 16
#: Every this many mesh points per side make a neuron's map (60 → 30 × 30).
MAP_STRIDE = 2


def column_ends(classes) -> tuple[int, ...]:
    """Indices of the layers whose outputs are the network diagram's neurons: for every
    layer with diagram weights (a dense layer), the last of the layers that follow it
    before the next one (its activation, dropout, …), so a map shows the activation."""
    ends, open_column = [], False
    for i, cls in enumerate(classes):
        if cls.diagram_weights is not None:
            if open_column:
                ends.append(i - 1)
            open_column = True
    if open_column:
        ends.append(len(classes) - 1)
    return tuple(ends)


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
        The training inputs (host); the mesh covers their range plus 10 % on each side
        (± 1 around a constant column).
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
        span = hi - lo   # a constant feature (a blank pixel) gets ±1 around its value
        pad = np.where(span > 0, span * 0.1, 1.0) + 1e-9
        gx = np.linspace(lo[0] - pad[0], hi[0] + pad[0], n)
        gy = np.linspace(lo[1] - pad[1], hi[1] + pad[1], n)
        mx, my = np.meshgrid(gx, gy)
        self.n, self.backend = n, backend
        self.extent = GridExtent(gx[0], gx[-1], gy[0], gy[-1])
        points = np.column_stack([mx.ravel(), my.ravel()])
        self.points = backend.asarray(inputs_of(points) if inputs_of is not None else points)

    @classmethod
    def over_plane(cls, plane, x_train: np.ndarray, n: int, backend) -> DecisionGrid:
        """The mesh over ``plane`` (an :class:`~core.training.input_plane.InputPlane`):
        it covers the training rows ``x_train`` projected onto the plane, and its points
        are the input rows of the plane's points; the extent is in plane coordinates."""
        return cls(plane.project(x_train), n, backend, plane.inputs)

    def outputs_and_maps(self, model, ends, per_column: int = MAP_NEURONS,
                         stride: int = MAP_STRIDE) -> tuple[np.ndarray, tuple]:
        """:meth:`outputs_maps_units` without the units (which neurons the maps are)."""
        outputs, maps, _units = self.outputs_maps_units(model, ends, per_column, stride)
        return outputs, maps

    def outputs_maps_units(self, model, ends, per_column: int = MAP_NEURONS,
                           stride: int = MAP_STRIDE) -> tuple[np.ndarray, tuple, tuple]:
        """The outputs on the mesh (as :meth:`outputs`) and, from the same forward pass,
        neuron maps: the outputs of the layers ``ends`` (the last layer of each diagram
        column, i.e. after its activation) on every ``stride``-th mesh point.

        A layer of more than ``per_column`` neurons keeps the ``per_column`` most active
        ones: the largest mean ``|output|`` over the map's points (every ``stride``-th
        mesh point), ``mean_i |h_ij|`` for neuron ``j`` (the ones that respond most on
        this plane), in unit order.

        Returns
        -------
        outputs : ndarray, float64, shape (n, n, k)
        maps : tuple of ndarray, float32, shape (m, m, min(units, per_column))
            One per index in ``ends``; ``m = ceil(n / stride)``; row = input 2, as
            ``outputs``.
        units : tuple of ndarray, int64, shape (min(units, per_column),)
            Which neurons of each layer the maps show, ascending.
        """
        ends = set(ends)
        h, maps, units = model.as_input(self.points), [], []
        for i, layer in enumerate(model.layers):
            h = layer.forward(h, False)
            if i in ends:
                width = h.size // h.shape[0]
                # the map's points only (a strided view), then on the host: few, small calls
                coarse = self.backend.to_host(
                    h.reshape(self.n, self.n, width)[::stride, ::stride])
                if width > per_column:
                    activity = np.abs(coarse).mean(axis=(0, 1))
                    chosen = np.sort(np.argpartition(-activity, per_column - 1)[:per_column])
                    coarse = coarse[..., chosen]
                else:
                    chosen = np.arange(width)
                maps.append(np.ascontiguousarray(coarse, dtype=np.float32))
                units.append(chosen.astype(np.int64))
        out = self.backend.to_host(h).reshape(self.n, self.n, -1).astype(np.float64)
        return out, tuple(maps), tuple(units)

    def outputs(self, model) -> np.ndarray:
        """The model's outputs on the mesh, ``(n, n, k)`` host float64 (row = input 2)."""
        out = self.backend.to_host(model.forward(self.points, training=False))
        return out.reshape(self.n, self.n, -1).astype(np.float64)


def maps_from_weights(specs, sample_shape, state: dict, grid: DecisionGrid,
                      per_column: int = MAP_NEURONS) -> tuple[np.ndarray, tuple, tuple]:
    """:meth:`DecisionGrid.outputs_maps_units` of the network ``specs`` with the weights
    ``state`` (host arrays by parameter name), rebuilt on ``grid``'s backend: the pictures of
    a network the trainer no longer holds (a finished run seen over another plane)."""
    model = Model(list(specs), sample_shape, grid.backend)
    model.load_state_dict(state)
    ends = column_ends([type(layer) for layer in model.layers])
    return grid.outputs_maps_units(model, ends, per_column)
