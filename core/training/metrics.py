"""What an epoch measured: its loss, accuracy or RMSE and R², and the confusion matrix.

The training accuracy is counted once per epoch from predictions stored batch by batch
(one call per iteration instead of three); a regression's squared errors are summed on
the device.
"""

from __future__ import annotations

import math

import numpy as np


def regression_metrics(sse: float, target, rows: int | None = None) -> dict:
    """RMSE and R² from the sum of squared errors over ``rows`` rows of ``target``."""
    count = target.size if rows is None else rows * int(target.shape[1])
    rmse = math.sqrt(sse / count)
    sst = float(((target - target.mean(axis=0)) ** 2).sum())
    return {"rmse": rmse, "r2": 1.0 - sse / sst if sst > 0 else 0.0}


def confusion_matrix(labels, predicted, k: int) -> np.ndarray:
    """``(k, k)`` counts of true class (row) against predicted class (column), host ints."""
    cell = np.asarray(labels, dtype=np.int64) * k + np.asarray(predicted).astype(np.int64,
                                                                              copy=False)
    return np.bincount(cell, minlength=k * k).reshape(k, k)


class EpochMetrics:
    """The loss and the predictions (or squared errors) of one epoch's batches.

    Parameters
    ----------
    classification : bool
    n_rows : int
        Rows of the training set.
    binary : bool
        One output for two classes: predictions are ``output > threshold``.
    label_dtype : dtype
        Dtype of the class labels (argmax predictions are stored in it).
    threshold : float
        :attr:`core.nn.output_head.OutputHead.threshold`.
    xp : module
    """

    def __init__(self, classification: bool, n_rows: int, binary: bool, label_dtype,
                 threshold: float, xp):
        self.xp, self.threshold = xp, threshold
        self.predicted = xp.empty(n_rows, dtype=bool if binary else label_dtype) \
            if classification else None
        self.loss = 0.0
        self.sse = None

    def start(self) -> None:
        self.loss = 0.0
        self.sse = 0

    def add(self, out, target, start: int, stop: int, loss: float) -> None:
        """One batch: rows ``start:stop`` of the epoch, the output the loss saw, its loss."""
        self.loss += loss * (stop - start)
        if self.predicted is not None:
            # Store this batch's predictions; they are compared with the labels once per
            # epoch (one call per iteration instead of three).
            if out.shape[1] == 1:
                self.xp.greater(out[:, 0], self.threshold, out=self.predicted[start:stop])
            else:
                out.argmax(axis=1, out=self.predicted[start:stop])
        else:
            diff = out - target
            self.sse = self.sse + self.xp.vdot(diff, diff)

    def accuracy(self, labels, n: int) -> float:
        """Share of the epoch's first ``n`` rows whose stored prediction was right."""
        xp = self.xp
        truth = (labels[:n] == 1) if self.predicted.dtype == bool else labels[:n]
        return float(xp.count_nonzero(self.predicted[:n] == truth)) / n

    def correct(self, out, labels):
        """Number of rows of ``out`` whose predicted class equals ``labels`` (on the device)."""
        if out.shape[1] == 1:
            return ((out[:, 0] > self.threshold) == (labels == 1)).sum()
        return (out.argmax(axis=1) == labels).sum()
