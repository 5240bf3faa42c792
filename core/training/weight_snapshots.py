"""Weight snapshots of one run at a bounded, log-spaced set of moments (time travel).

A run keeps host copies of every parameter at some of its moments, so that the
dashboards can show the network as it was then and a new run can branch from there.
The trainer already hands the GUI a host copy of the weights (and the last gradients)
at every epoch end; :class:`WeightSnapshots` decides which of those to *keep* and lets
the others go, so keeping them costs no extra copy on the training thread.

The rule
--------
* A moment is an optimizer step count (``step``, 0 = the initial weights) with the
  epoch it ended (``epoch``) and the learning rate of the next update (``lr``).
  Moments only go forward: :meth:`WeightSnapshots.wants` refuses a step that is not
  later than the last kept one.
* At most ``max_moments`` (default :data:`MAX_MOMENTS`, 200) are kept, and their
  arrays together stay within ``budget_bytes`` (default :data:`BUDGET_BYTES`, 64 MiB
  per run). With a large network fewer moments fit: ``budget_bytes // bytes of one
  snapshot``. When one snapshot takes more than half the budget, the run keeps none
  (:attr:`WeightSnapshots.refused` says why): two moments are the least that make a
  timeline.
* When a new moment would break a bound, moments are thinned one at a time: the first
  (the initial weights) and the newest always stay; of the others, the one whose removal
  leaves the smallest gap in ``log(step + 1)`` between its neighbours goes. The kept
  steps therefore stay evenly spaced on a logarithmic axis: every early epoch while
  training is young, ever sparser later (200 moments over 10,000 epochs keep every
  one of the first ~20 epochs, then one every ~5 %).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: Most moments one run keeps.
MAX_MOMENTS = 200
#: Most bytes one run's kept snapshots take together (weights and gradients).
BUDGET_BYTES = 64 * 2 ** 20


@dataclass(frozen=True)
class Moment:
    """One kept moment of a run.

    Attributes
    ----------
    epoch : int
        Completed epochs at that moment (0: the initial weights).
    step : int
        Completed optimizer steps (iterations) at that moment.
    index : int
        The snapshot's serial number in its run: 0, 1, 2 … in the order they were
        added; it stays valid (for :meth:`WeightSnapshots.weights_at`) until the moment
        is thinned out.
    lr : float or None
        The learning rate of the next update (None when unknown).
    """

    epoch: int
    step: int
    index: int
    lr: float | None = None


class WeightSnapshots:
    """The kept weight snapshots of one run (see the module notes for the rule).

    Parameters
    ----------
    max_moments : int
        Most moments kept (at least 2).
    budget_bytes : int
        Most bytes the kept arrays take together.

    Notes
    -----
    The arrays handed to :meth:`add` are kept as they are, not copied: hand over host
    copies nobody writes to again (the trainer's epoch events are such copies).
    Not thread-safe: one thread (the GUI's) adds and reads.
    """

    def __init__(self, max_moments: int = MAX_MOMENTS, budget_bytes: int = BUDGET_BYTES):
        if max_moments < 2:
            raise ValueError(f"max_moments: expected at least 2, got {max_moments}")
        self.max_moments = int(max_moments)
        self.budget_bytes = int(budget_bytes)
        self._moments: list[Moment] = []
        self._weights: dict[int, dict[str, np.ndarray]] = {}
        self._gradients: dict[int, dict[str, np.ndarray]] = {}
        self._bytes: dict[int, int] = {}
        self._next_index = 0
        #: Why this run keeps no snapshots (one sentence), or None.
        self.refused: str | None = None

    # ---------------------------------------------------------------- reading
    def __len__(self) -> int:
        return len(self._moments)

    def moments(self) -> list[Moment]:
        """The kept moments, oldest first."""
        return list(self._moments)

    def weights_at(self, index: int) -> dict[str, np.ndarray]:
        """The parameters (``"0.weight"`` → host array) of the moment with ``index``.

        Raises
        ------
        KeyError
            When no kept moment has that index (it was thinned out, or never existed).
        """
        if index not in self._weights:
            raise KeyError(f"no weight snapshot {index} is kept (it was thinned out or never "
                           "taken)")
        return dict(self._weights[index])

    def gradients_at(self, index: int) -> dict[str, np.ndarray]:
        """The last gradients before the moment with ``index`` ({} when none were given)."""
        if index not in self._weights:
            raise KeyError(f"no weight snapshot {index} is kept")
        return dict(self._gradients.get(index, {}))

    def moment(self, index: int) -> Moment:
        """The kept moment with serial number ``index`` (KeyError when not kept)."""
        for m in self._moments:
            if m.index == index:
                return m
        raise KeyError(f"no weight snapshot {index} is kept")

    def nearest(self, step: float) -> Moment | None:
        """The kept moment closest to ``step`` (None when nothing is kept)."""
        if not self._moments:
            return None
        return min(self._moments, key=lambda m: (abs(m.step - step), -m.step))

    @property
    def nbytes(self) -> int:
        """Bytes the kept arrays take together."""
        return sum(self._bytes.values())

    # ---------------------------------------------------------------- adding
    def wants(self, epoch: int, step: int) -> bool:
        """Whether :meth:`add` would keep a snapshot taken at ``(epoch, step)``: this run
        keeps snapshots and ``step`` is later than the last kept moment."""
        if self.refused is not None or step < 0:
            return False
        return not self._moments or step > self._moments[-1].step

    def add(self, epoch: int, step: int, weights: dict, lr: float | None = None,
            gradients: dict | None = None) -> Moment | None:
        """Keep the snapshot ``weights`` (name → host array) taken after ``step`` steps.

        Parameters
        ----------
        epoch, step : int
            Where the run was (see :class:`Moment`).
        weights : dict
            Every parameter, ``name → ndarray`` (host float32 or float64), kept as given.
        lr : float, optional
            The learning rate of the next update.
        gradients : dict, optional
            The last gradients, kept alongside (they count toward the budget).

        Returns
        -------
        Moment or None
            The new moment, or None when it is not wanted (see :meth:`wants`) or this
            run keeps no snapshots (see :attr:`refused`).
        """
        if not self.wants(epoch, step):
            return None
        kept_w = {str(k): np.asarray(v) for k, v in weights.items()}
        kept_g = {str(k): np.asarray(v) for k, v in (gradients or {}).items()}
        size = sum(a.nbytes for a in kept_w.values()) + sum(a.nbytes for a in kept_g.values())
        if 2 * size > self.budget_bytes:
            mib = size / 2 ** 20
            self.refused = (f"One weight snapshot of this network takes {mib:.1f} MiB, more "
                            f"than half of the {self.budget_bytes / 2 ** 20:.0f} MiB a run "
                            "may keep, so this run keeps no snapshots.")
            self._clear()
            return None
        moment = Moment(int(epoch), int(step), self._next_index,
                        None if lr is None else float(lr))
        self._next_index += 1
        self._moments.append(moment)
        self._weights[moment.index] = kept_w
        if kept_g:
            self._gradients[moment.index] = kept_g
        self._bytes[moment.index] = size
        while len(self._moments) > 2 and (len(self._moments) > self.max_moments
                                          or self.nbytes > self.budget_bytes):
            self._thin_one()
        return moment

    def shrink(self, budget_bytes: int) -> None:
        """Lower the budget to ``budget_bytes`` and thin the kept moments to fit (the
        same rule as when adding); when even the first and the newest do not fit, keep
        none (:attr:`refused` says why). The workbench does this to runs that are no
        longer shown, so a session's runs together stay bounded."""
        self.budget_bytes = min(self.budget_bytes, int(budget_bytes))
        while len(self._moments) > 2 and self.nbytes > self.budget_bytes:
            self._thin_one()
        if self.nbytes > self.budget_bytes:
            self._clear()
            self.refused = (f"The weight snapshots of this run were let go to keep memory "
                            f"bounded ({self.budget_bytes / 2 ** 20:.0f} MiB for a run no "
                            "longer shown).")

    def _thin_one(self) -> None:
        """Drop the inner moment whose removal leaves the smallest log-step gap."""
        moments = self._moments
        if len(moments) <= 2:
            return
        logs = np.log1p(np.fromiter((m.step for m in moments), np.float64, len(moments)))
        best = 1 + int(np.argmin(logs[2:] - logs[:-2]))   # the first of equal gaps
        gone = moments.pop(best)
        self._weights.pop(gone.index, None)
        self._gradients.pop(gone.index, None)
        self._bytes.pop(gone.index, None)

    def _clear(self) -> None:
        self._moments.clear()
        self._weights.clear()
        self._gradients.clear()
        self._bytes.clear()
