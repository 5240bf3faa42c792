"""Plain event records that the trainer yields.

They hold host values only (Python numbers, NumPy arrays the trainer will not touch
again), are frozen, and travel unchanged from the trainer to the command line's progress
bar or, as Qt signals, to the GUI's dashboards.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

STOP_REASONS = ("completed", "early_stopping", "diverged", "interrupted")


@dataclass(frozen=True)
class IterationEvent:
    """One iteration: a forward pass, a backward pass and an update on one batch."""

    epoch: int        # 1-based epoch this iteration belongs to
    iteration: int    # 1-based iteration within the epoch
    step: int         # 1-based iteration count since the start of training
    loss: float       # the batch loss (with the L1/L2 penalty, if any)
    lr: float         # the learning rate used for this update
    batch_size: int


@dataclass(frozen=True)
class LayerStats:
    """Health of one parameterized layer at the end of an epoch."""

    index: int                 # layer index in the network
    name: str                  # parameter name, e.g. "0.weight"
    grad_norm: float           # ‖∂L/∂W‖ of the epoch's last batch
    weight_norm: float         # ‖W‖
    update_ratio: float        # ‖ΔW‖ / ‖W‖ of the epoch's last update
    dead_fraction: float | None = None  # share of units of the following ReLU that never fire


@dataclass(frozen=True)
class EpochEvent:
    """End of one pass over the training set."""

    epoch: int
    steps: int
    train_loss: float               # mean batch loss over the epoch
    val_loss: float | None
    train_metrics: dict             # {"accuracy"} or {"rmse", "r2"}
    val_metrics: dict
    lr: float                       # the learning rate for the next epoch
    seconds: float                  # wall time of this epoch's iterations
    samples_per_second: float
    layer_stats: tuple = ()         # LayerStats per parameter
    weights: dict = field(default_factory=dict)    # name -> host copy (when snapshots are on)
    gradients: dict = field(default_factory=dict)  # name -> host copy of the last gradients
    confusion: np.ndarray | None = None   # (classes, classes) counts on the validation set
    grid: np.ndarray | None = None        # model outputs on the 2-D grid (when asked for)
    neuron_maps: tuple = ()               # per diagram column: (m, m, units ≤ 16) float32
    val_predicted: np.ndarray | None = None  # (n_val,) int64 predicted class per sample
    neuron_units: tuple = ()              # per diagram column: which units the maps show
    plane: object = None                  # the PlaneChoice of the grid (> 2 inputs), or None


@dataclass(frozen=True)
class FinishedEvent:
    """The run stopped: why, and where."""

    reason: str          # one of STOP_REASONS
    message: str         # one readable sentence
    epochs: int
    steps: int
    best_epoch: int | None = None
