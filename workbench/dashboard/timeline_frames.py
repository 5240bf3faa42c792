"""A run as it was at one of its kept moments, for the dashboards (time travel).

:class:`RunAtMoment` stands in for a :class:`~workbench.dashboard.run_record.RunRecord`
when the timeline is scrubbed back: it answers like the run, except that its weights,
gradients, epoch and latest epoch event are those of the moment. The panels that show
the network's state (decision boundary, neuron maps, network diagram, weight matrix,
gradient histogram) therefore draw the moment without knowing about time travel; the
history plots draw the whole history and mark the moment (:attr:`RunAtMoment.moment`,
:class:`~workbench.dashboard.timeline_bar.MomentLine`).

The decision boundary and the neuron maps of a moment are not kept with its snapshot:
:class:`MomentFrames` computes them when the moment is first shown, with the same
:class:`~core.training.decision_grid.DecisionGrid` pass the trainer makes at an epoch
end, on a NumPy copy of the network (built once per run, then only loaded with each
snapshot's weights), and keeps the last few, only when a page reads them (the Overview).
For the default spiral (60 × 60 grid, 2-32-32-3) that takes 1–2 ms on the GUI thread, so
it runs there; a wide 2-256-256-3 network takes ~40 ms per new moment on this 2-core
machine (``benchmarks/time_travel.py``). The grid only exists for networks with two
inputs (or the (x1, x2) plane behind crossed features), which are small.
"""

from __future__ import annotations

import dataclasses
import functools
from collections import OrderedDict

import numpy as np

from core.backend.devices import get_backend
from core.nn.layers.base import layer_class
from core.nn.model import Model
from core.training.decision_grid import DecisionGrid, column_ends
from core.training.weight_snapshots import Moment

#: Moments whose grid and maps are kept (per view).
CACHED_FRAMES = 16


class RunAtMoment:
    """``run`` seen at ``moment``: a read-only stand-in for the run's record.

    Attributes
    ----------
    moment : Moment
        The kept moment shown.
    weights, gradients : dict
        The snapshot's host arrays (gradients: {} when none were kept, e.g. at epoch 0).
    latest : EpochEvent
        The run's latest epoch event with the moment's epoch, steps, learning rate,
        weights, gradients, grid, neuron maps and confusion matrix (None at epoch 0).
    """

    def __init__(self, run, moment: Moment, make_latest):
        self._run = run
        self.moment = moment
        self.weights = run.snapshots.weights_at(moment.index)
        self.gradients = run.snapshots.gradients_at(moment.index)
        self._make_latest = make_latest

    @functools.cached_property
    def latest(self):
        """Built when first read (only the Overview's panels read it: the grid and the
        maps are computed only when a page shows them)."""
        return self._make_latest()

    @property
    def epoch(self) -> int:
        return self.moment.epoch

    @property
    def record(self):
        """The run's own record."""
        return self._run

    def __getattr__(self, name):
        return getattr(self._run, name)


def moment_of(run) -> Moment | None:
    """The moment a (possibly stood-in) run is shown at; None when it is live."""
    return getattr(run, "moment", None)


class MomentFrames:
    """Builds :class:`RunAtMoment` records, computing and caching each moment's grid.

    Parameters
    ----------
    grid : int
        The decision-boundary grid's points per side (the view's, as the trainer uses).
    """

    def __init__(self, grid: int):
        self.grid_size = grid
        self._frames: OrderedDict = OrderedDict()   # (run number, index) -> (grid, maps)
        self._network = None   # (run number, Model, DecisionGrid or None, ends)

    def run_at(self, run, moment: Moment) -> RunAtMoment:
        """``run`` at its kept ``moment`` (KeyError when the moment is no longer kept)."""
        weights = run.snapshots.weights_at(moment.index)

        def latest():
            live = run.latest
            if live is None:
                return None
            grid, maps, units = self.grid_and_maps(run, moment.index, weights)
            return dataclasses.replace(
                live, epoch=moment.epoch, steps=moment.step,
                lr=moment.lr if moment.lr is not None else live.lr, weights=weights,
                gradients=run.snapshots.gradients_at(moment.index), grid=grid,
                neuron_maps=maps, neuron_units=units, plane=None, val_predicted=None,
                confusion=getattr(run, "moment_confusions", {}).get(moment.index))

        return RunAtMoment(run, moment, latest)

    def grid_and_maps(self, run, index: int, weights: dict) -> tuple:
        """The network's outputs on the grid, its neuron maps and which units they show,
        with ``weights`` (``(None, (), ())`` for data without a two-input grid: a plane
        through more than two inputs is the decision boundary panel's, which draws the
        moment's weights over it itself)."""
        key = (run.number, index)
        if key in self._frames:
            self._frames.move_to_end(key)
            return self._frames[key]
        info = run.info
        plane = getattr(info.prepared, "plane", None) if info is not None else None
        if info is None or info.grid is None or (
                plane is None and np.asarray(info.train_x).shape[1:] != (2,)):
            frame = (None, (), ())
        else:
            model, grid, ends = self._network_of(run)
            model.load_state_dict(weights, "the snapshot")
            frame = grid.outputs_maps_units(model, ends)
        self._frames[key] = frame
        while len(self._frames) > CACHED_FRAMES:
            self._frames.popitem(last=False)
        return frame

    def _network_of(self, run):
        """The run's network on NumPy and its grid, built once per run."""
        if self._network is not None and self._network[0] == run.number:
            return self._network[1:]
        info = run.info
        dtype = info.experiment.get("training", {}).get("dtype", "float32")
        backend = get_backend("cpu", dtype)
        prepared = info.prepared
        shape = prepared.train.sample_shape if prepared is not None else info.train_x.shape[1]
        model = Model(list(info.layer_specs), shape, backend,
                      seed=info.experiment.get("training", {}).get("seed", 0))
        plane = getattr(prepared, "plane", None)
        if plane is not None:
            grid = DecisionGrid(plane.train, self.grid_size, backend, plane.model_inputs)
        else:
            grid = DecisionGrid(info.train_x, self.grid_size, backend)
        ends = column_ends([layer_class(spec["type"]) for spec in info.layer_specs])
        self._network = (run.number, model, grid, ends)
        return model, grid, ends
