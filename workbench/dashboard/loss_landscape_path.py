"""The weights a run passed through, kept for the loss landscape's optimizer path.

The Train tab receives a host copy of the weights with every epoch end
(:attr:`core.training.events.EpochEvent.weights`, when snapshots are on, as they are in
the window). :class:`WeightPath` keeps them, with the initial weights as epoch 0, in a
bounded amount of memory: past :data:`MAX_POINTS` snapshots or :data:`MAX_BYTES` bytes it
drops every second one (the first and the latest always stay), so a long run keeps an
evenly thinned path. What the landscape takes is a plain list of state dicts
(:meth:`WeightPath.up_to`), so another source of snapshots can replace this one.
"""

from __future__ import annotations

import numpy as np

#: Snapshots kept at most, and their bytes at most (then every second one is dropped).
MAX_POINTS = 256
MAX_BYTES = 32 * 2 ** 20   # per run: the Compare runs list may hold many


def _nbytes(weights: dict) -> int:
    return int(sum(np.asarray(a).nbytes for a in weights.values()))


class WeightPath:
    """``(epoch, state dict)`` pairs along one run, thinned evenly when they grow large."""

    def __init__(self, max_points: int = MAX_POINTS, max_bytes: int = MAX_BYTES):
        self.max_points, self.max_bytes = max(int(max_points), 2), int(max_bytes)
        self._points: list[tuple[int, dict]] = []
        self._bytes = 0

    def __len__(self) -> int:
        return len(self._points)

    @property
    def epochs(self) -> list[int]:
        return [epoch for epoch, _w in self._points]

    def add(self, epoch: int, weights: dict) -> None:
        """Remember the (host, never modified) ``weights`` after ``epoch`` (0: initial)."""
        if not weights:
            return
        if self._points and self._points[-1][0] >= epoch:   # a new run of the same record
            self._points = [p for p in self._points if p[0] < epoch]
        self._points.append((int(epoch), weights))
        self._bytes = sum(_nbytes(w) for _e, w in self._points)
        while len(self._points) > 2 and (len(self._points) > self.max_points
                                         or self._bytes > self.max_bytes):
            last = self._points[-1]
            self._points = self._points[:-1:2] + [last]
            self._bytes = sum(_nbytes(w) for _e, w in self._points)

    def up_to(self, epoch: int) -> list[dict]:
        """The state dicts of epochs ``<= epoch``, oldest first."""
        return [w for e, w in self._points if e <= epoch]
