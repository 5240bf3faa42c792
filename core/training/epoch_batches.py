"""The training set in each epoch's order, batch by batch, with as few array calls as can be.

Training sets up to :data:`EPOCH_GATHER_MAX_BYTES` are gathered into shuffled order once
per epoch (one ``take`` per array; every batch is then a view), large ones from
:data:`PARALLEL_GATHER_MIN_BYTES` on the engine's threads (NumPy releases the GIL while it
copies). Larger sets are gathered batch by batch into a reused buffer, and a streamed set
(:mod:`core.data.streamed_images`) is read from its file batch by batch. The permutation is
drawn on the host, so every backend sees the same order.
"""

from __future__ import annotations

import numpy as np

from core.backend.threads import engine_threads, run_parallel

#: Training sets up to this size are copied into shuffled order once per epoch (batches
#: are then views); larger ones are gathered batch by batch into a reused buffer.
EPOCH_GATHER_MAX_BYTES = 256 * 2**20
#: ... and from this size on gathered on the engine's threads (see core.backend.threads).
PARALLEL_GATHER_MIN_BYTES = 4 * 2**20


class EpochBatches:
    """The inputs, targets and (for classification) labels of an epoch, in its order.

    Parameters
    ----------
    x, target, labels : array
        The whole training set on the device: inputs ``(N, F)``, the loss's targets and
        the class labels ``(N,)`` (or the targets of a regression, unused).
    batch_size : int
    shuffle : bool
        Draw a new order every epoch (not when one batch holds the whole set).
    rng : numpy.random.Generator
        Draws the orders.
    xp : module
        ``numpy`` or ``cupy``.
    on_cpu : bool
        Large gathers may use the engine's threads.
    keep_labels : bool
        Put the labels in the epoch's order too (for the training accuracy).
    """

    def __init__(self, x, target, labels, batch_size: int, shuffle: bool,
                 rng: np.random.Generator, xp, on_cpu: bool, keep_labels: bool):
        self.x, self.target, self.labels = x, target, labels
        self.n = len(x)
        self.batch_size, self.shuffle, self.rng, self.xp = batch_size, shuffle, rng, xp
        self.on_cpu, self.keep_labels = on_cpu, keep_labels
        #: Inputs read from a file batch by batch (core.data.streamed_images).
        self.streamed = getattr(x, "streamed", False)
        self.gather_epoch = not self.streamed and \
            x.nbytes + target.nbytes <= EPOCH_GATHER_MAX_BYTES
        self.order = self._order_host = None
        self.x_epoch, self.target_epoch, self.labels_epoch = x, target, labels
        self._x_buf = self._t_buf = self._y_buf = None
        #: NumPy's ``take(..., out=)`` first copies into a temporary of the output's size
        #: unless told not to check the indices (ours are a permutation: always valid).
        self._unchecked = {"mode": "clip"} if xp is np else {}

    def start(self) -> None:
        """Draw this epoch's order and, when the set is small enough, gather it."""
        xp = self.xp
        if self.shuffle and self.batch_size < self.n:
            # The permutation is drawn on the host (same order on every backend) and
            # moved to the device once; the gathers run on the device.
            self._order_host = self.rng.permutation(self.n)
            self.order = xp.asarray(self._order_host)
            if self._y_buf is None:
                self._y_buf = xp.empty_like(self.labels)
                if self.gather_epoch:
                    self._x_buf = xp.empty_like(self.x)
                    self._t_buf = xp.empty_like(self.target)
            if self.keep_labels:  # labels, for the epoch's training accuracy
                self.labels_epoch = xp.take(self.labels, self.order, axis=0, out=self._y_buf,
                                            **self._unchecked)
            if self.gather_epoch:
                self.x_epoch, self.target_epoch = self._x_buf, self._t_buf
                self._gather_rows(self.order)
        else:
            self.order = None
            self.x_epoch, self.target_epoch, self.labels_epoch = self.x, self.target, self.labels

    def _gather_rows(self, order) -> None:
        """``x[order]`` and ``target[order]`` into the epoch buffers.

        Large sets are split into row blocks gathered on the engine's threads (NumPy
        releases the GIL while it copies).
        """
        xp, n = self.xp, self.n
        k = engine_threads() if self.on_cpu and self.x.nbytes >= PARALLEL_GATHER_MIN_BYTES \
            else 1
        bounds = [n * i // k for i in range(k + 1)]

        def gather(a, b):
            xp.take(self.x, order[a:b], axis=0, out=self._x_buf[a:b], **self._unchecked)
            xp.take(self.target, order[a:b], axis=0, out=self._t_buf[a:b],
                    **self._unchecked)
        run_parallel([lambda a=a, b=b: gather(a, b) for a, b in zip(bounds, bounds[1:])])

    def batch(self, start: int, stop: int):
        """Inputs and targets of rows ``start:stop`` of this epoch's order."""
        if self.streamed:  # read (and standardized) from the file now
            rows = slice(start, stop) if self.order is None else self._order_host[start:stop]
            target = self.target[start:stop] if self.order is None else \
                self.xp.take(self.target, self.order[start:stop], axis=0)
            return self.xp.asarray(self.x[rows]), target
        if self.order is None or self.gather_epoch:
            return self.x_epoch[start:stop], self.target_epoch[start:stop]
        xp, rows = self.xp, self.order[start:stop]
        n = stop - start
        if self._x_buf is None or self._x_buf.shape[0] != n:
            self._x_buf = xp.empty((n,) + self.x.shape[1:], dtype=self.x.dtype)
            self._t_buf = xp.empty((n,) + self.target.shape[1:], dtype=self.target.dtype)
        return (xp.take(self.x, rows, axis=0, out=self._x_buf, **self._unchecked),
                xp.take(self.target, rows, axis=0, out=self._t_buf, **self._unchecked))
