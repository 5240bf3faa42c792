"""Per-layer statistics at each epoch end, for the dashboards: norms, update ratios and
dead units.

Squared norms are dot products of each (contiguous) array with itself, moved to the
host together: one transfer per epoch on the GPU. The update ratio ‖ΔW‖/‖W‖ compares the
weights before and after the epoch's last update.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

from core.nn.layers.base import Layer
from core.training.events import LayerStats


class ParameterNorms(NamedTuple):
    """The norms of one parameter at an epoch end: ‖W‖, ‖g‖ and ‖ΔW‖ of the last update."""

    weight: float
    gradient: float
    update: float


def dying_layer_after(classes: Sequence[type[Layer]], index: int) -> int | None:
    """The layer whose dead units are reported with layer ``index``'s weight, or None.

    It is the first layer after ``index`` whose units can die
    (:attr:`~core.nn.layers.base.Layer.can_die`), provided no layer that makes new
    features (:attr:`~core.nn.layers.base.Layer.mixes_features`) comes first. The
    trainer reports dead units by this rule, and a dashboard that shows them should ask
    it too.

    Parameters
    ----------
    classes : sequence of Layer classes
        The network's layer classes, in order.
    index : int
    """
    for j in range(index + 1, len(classes)):
        if classes[j].mixes_features:
            return None
        if classes[j].can_die:
            return j
    return None


class LayerStatistics:
    """The statistics of one model's parameters, epoch after epoch.

    Parameters
    ----------
    model : Model
        The model trained (its parameters are read, never written).
    backend : Backend
    """

    def __init__(self, model, backend):
        self.model, self.backend, self.xp = model, backend, backend.xp
        self.params, self.grads = model.parameters(), model.gradients()
        self._before = None  # weights before the last update of an epoch

    def remember_weights(self) -> None:
        """Copy the weights before the epoch's last update (for the update ratios)."""
        xp, flat = self.xp, self.model.flat_parameters
        if flat is not None:
            if self._before is None:
                self._before = xp.empty_like(flat)
            xp.copyto(self._before, flat)
        else:
            self._before = {n: p.copy() for n, p in self.params.items()}

    def parameter_norms(self) -> list[ParameterNorms]:
        """Norms of every parameter, in :meth:`Model.parameters` order, after the update
        whose weights :meth:`remember_weights` copied."""
        xp, params, grads = self.xp, self.params, self.grads
        flat, flat_g, before = self.model.flat_parameters, self.model.flat_gradients, \
            self._before
        if isinstance(before, dict) or flat_g is None:
            delta = {n: p - before[n] for n, p in params.items()}
            vectors = [(p.ravel(), grads[n].ravel(), delta[n].ravel()) for n, p in params.items()]
        else:
            xp.subtract(flat, before, out=before)  # ΔW of the last update, in place
            vectors, offset = [], 0
            for p in params.values():  # 1-D segments of the flat arrays, in memory order
                end = offset + int(p.size)
                vectors.append((flat[offset:end], flat_g[offset:end], before[offset:end]))
                offset = end
        squares = []
        for w, g, d in vectors:
            squares += [xp.vdot(w, w), xp.vdot(g, g), xp.vdot(d, d)]
        if self.backend.name == "gpu":
            squares = self.backend.to_host(xp.stack(squares)).tolist()
        norms = [math.sqrt(max(float(v), 0.0)) for v in squares]
        return [ParameterNorms(*norms[k:k + 3]) for k in range(0, len(norms), 3)]

    def stats(self, dead: dict) -> tuple[LayerStats, ...]:
        """Per parameter: ‖g‖, ‖W‖, ‖ΔW‖/‖W‖, and for a weight the dead share of the first
        layer after it whose units can die, when no layer mixing features comes between.

        ``dead`` maps layer indices to their dead-unit share (:meth:`dead_units`).
        """
        classes = [type(layer) for layer in self.model.layers]
        stats = []
        for name, norms in zip(self.params, self.parameter_norms()):
            index = int(name.split(".")[0])
            ratio = norms.update / norms.weight if norms.weight > 0 else 0.0
            dead_fraction = None
            if name.endswith(".weight"):
                dead_fraction = dead.get(dying_layer_after(classes, index))
            stats.append(LayerStats(index, name, norms.gradient, norms.weight, ratio,
                                    dead_fraction))
        return tuple(stats)

    def dead_fraction(self, h) -> float:
        """Share of the columns of ``h`` (the output of a layer whose units can die) that
        are 0 for every row."""
        alive = self.xp.count_nonzero((h > 0).any(axis=0))
        return 1.0 - float(alive) / h.shape[1] if h.shape[1] else 0.0

    def dead_units(self, x, stop: int) -> dict:
        """Dead-unit share after each layer whose units can die, from an evaluation pass of
        layers ``[0, stop)`` over ``x``."""
        dead, h = {}, x
        for i, layer in enumerate(self.model.layers[:stop]):
            h = layer.forward(h, training=False)
            if type(layer).can_die:
                dead[i] = self.dead_fraction(h)
        return dead
