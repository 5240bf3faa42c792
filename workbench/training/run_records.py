"""What the training worker reports, as frozen records of host values (no Qt).

The worker sends every report as one record through one signal; the session turns each
kind of record into its own public signal (:data:`workbench.training.session.DELIVERY`).
The engine's own events (:class:`~core.training.events.EpochEvent`,
:class:`~core.training.events.FinishedEvent`) travel as they are; the records here are
those the worker adds: how far preparing is, what the prepared run is, a batch of
iterations, a learning-rate change, an error and a change of state.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from core.errors import WorkbenchError
from core.nn.output_head import OutputHead

# run states (TrainingSession.state_changed)
PREPARING, READY, RUNNING, PAUSED, FINISHED, FAILED, CANCELLED = (
    "preparing", "ready", "running", "paused", "finished", "failed", "cancelled")
#: states after which a run does nothing more
ENDED = (FINISHED, FAILED, CANCELLED)


@dataclass(frozen=True)
class Preparation:
    """How far preparing a run is: ``fraction`` in [0, 1] (NaN: unknown) and what it does."""

    fraction: float
    text: str


@dataclass(frozen=True)
class RunInfo:
    """What the dashboards need to know about a prepared run (host values only).

    Attributes
    ----------
    experiment : dict
        The worker's private copy of the experiment.
    backend : str
        ``Backend.describe()``, e.g. ``"CPU · NumPy 2.4 · OpenBLAS · 2 threads"``.
    epochs, iterations_per_epoch, batch_size, n_train : int
    task : str
        ``"classification"`` or ``"regression"``.
    class_names, feature_names : tuple of str
    n_outputs : int
    layer_specs : tuple of dict
        The normalized layer specs.
    train_x, train_y, val_x, val_y : numpy.ndarray
        The (standardized) data the model sees, for the decision-boundary scatter.
    weights : dict
        ``state_dict()`` right after initialization (or loading).
    output_head : OutputHead
        What the network's outputs mean (logits or probabilities), from its last layer and
        its loss.
    grid : numpy.ndarray or None
        Model outputs on the grid before training, shape ``(n, n, outputs)``.
    grid_extent : tuple or None
        ``(x0, x1, y0, y1)`` of the grid's first and last sample points.
    neuron_maps, neuron_units : tuple
        Before training: each diagram column's neuron maps on the grid and which units
        they show (:meth:`core.training.decision_grid.DecisionGrid.outputs_maps_units`).
    plane : PlaneChoice or None
        The plane of the grid for data of more than two inputs.
    prepared : PreparedData
        The loaded data, so the next run of the same data skips loading.
    blas_threads : tuple of int or None
        ``(used, available)`` BLAS threads while this run trains in the window (the worker
        leaves a core to the GUI thread), or None when the worker left BLAS alone.
    """

    experiment: dict
    backend: str
    epochs: int
    iterations_per_epoch: int
    batch_size: int
    n_train: int
    task: str
    class_names: tuple
    feature_names: tuple
    n_outputs: int
    layer_specs: tuple
    train_x: np.ndarray
    train_y: np.ndarray
    val_x: np.ndarray
    val_y: np.ndarray
    weights: dict
    output_head: OutputHead
    grid: np.ndarray | None = None
    grid_extent: tuple | None = None
    neuron_maps: tuple = ()
    prepared: object = None
    blas_threads: tuple | None = None
    neuron_units: tuple = ()
    plane: object = None


@dataclass(frozen=True)
class IterationBatch:
    """Iteration events the worker collected since its last batch (a list it never touches
    again), in step order."""

    events: list


@dataclass(frozen=True)
class ReportBatch:
    """Several reports of one burst, in order, sent through one signal: the GUI thread
    wakes (and takes the GIL from the training loop) once for all of them."""

    records: tuple


@dataclass(frozen=True)
class LrChange:
    """The user changed the learning rate or the schedule before iteration ``step + 1``."""

    step: int
    lr: float
    label: str
    schedule: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ModelEdit:
    """The user changed the network by hand before iteration ``step + 1``: a weight typed
    in, or a layer frozen or unfrozen. ``label`` marks it on the loss plot
    (``"0.weight[3,0] → 0.5"``); ``weights`` is ``state_dict()`` after the edit, and
    ``frozen`` the indices of the layers frozen now."""

    step: int
    label: str
    weights: dict
    frozen: tuple = ()


@dataclass(frozen=True)
class WorkerError:
    """A readable message. During setup or a step the run is over (a :class:`StateChange`
    to ``failed`` follows); a rejected learning rate or schedule leaves the run as it was."""

    message: str


@dataclass(frozen=True)
class ExplainedStep:
    """The answer to a request to explain the next iteration: a
    :class:`core.training.step_explanation.StepExplanation`, or one sentence saying why not."""

    explanation: object | None
    error: str = ""


@dataclass(frozen=True)
class StateChange:
    """The run is now in ``state`` (one of :data:`PREPARING` … :data:`CANCELLED`)."""

    state: str


def readable_error(exc: BaseException) -> str:
    """One sentence for the user: WorkbenchError messages as they are, others with their type."""
    if isinstance(exc, WorkbenchError):
        return str(exc)
    if isinstance(exc, MemoryError):
        return ("Training ran out of memory: try a smaller batch size, fewer units or a "
                "smaller data set.")
    text = str(exc).strip() or type(exc).__name__
    return f"Training failed: {type(exc).__name__}: {text}"
