"""Early stopping: the best epoch so far, and whether patience has run out."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class BestEpoch:
    """The lowest monitored loss so far, its epoch, and its weights when they are kept."""

    loss: float
    epoch: int
    state: dict | None


class EarlyStopping:
    """Watch the monitored loss (validation, else training) epoch by epoch.

    Parameters
    ----------
    patience : int
        Stop after this many epochs without a new best; 0 never stops (the best epoch is
        still recorded).
    restore_best : bool
        Keep the weights of the best epoch, to go back to them when stopping.
    """

    def __init__(self, patience: int, restore_best: bool):
        self.patience, self.restore_best = patience, restore_best
        self.best = BestEpoch(math.inf, 0, None)
        self.since_best = 0

    def update(self, monitored: float, epoch: int, state: dict) -> bool:
        """Record an epoch's loss and (host) weights; True when training should stop."""
        if monitored < self.best.loss:
            self.best = BestEpoch(monitored, epoch,
                                  state if self.restore_best and self.patience else None)
            self.since_best = 0
        else:
            self.since_best += 1
        return bool(self.patience) and self.since_best >= self.patience
