"""The trainer: one experiment, advanced one iteration at a time.

Vocabulary (from the primer): an *iteration* is one forward pass, one backward pass and
one parameter update on one batch; an *epoch* is one pass over the whole training set.
The batch size chooses the gradient-descent mode: ``"full"`` is batch gradient descent
(the whole training set per iteration), ``1`` stochastic gradient descent (one sample),
``N`` mini-batch gradient descent.

Both front ends drive this one class: the command line calls :meth:`Trainer.run`, the
GUI's worker calls :meth:`Trainer.step` between checks of its pause/stop flags.

Speed
-----
A tiny network's iteration is a few dozen array calls of 1–3 µs each, so the step path
counts them: the training set is gathered into shuffled order once per epoch (one
``take`` per array; every batch is then a view), the model reuses per-batch-shape
buffers, the optimizer updates every parameter through one flat array, the training
accuracy is counted once per epoch from predictions stored per batch, and the epoch-end
statistics for the dashboards take a few calls per parameter. The only device-to-host
transfer per iteration is the batch loss, which every :class:`IterationEvent` carries
(and the divergence check needs).
"""

from __future__ import annotations

import copy
import math
import time
from pathlib import Path

import numpy as np

from core import data as data_module
from core import registry
from core.backend.devices import Backend, get_backend
from core.backend.memory import check_model_size
from core.backend.threads import engine_threads, run_parallel
from core.errors import DataError, SpecError
from core.nn.analysis.counting import count_parameters, flops_per_step
from core.nn.analysis.report import analyze
from core.nn.layers.base import layer_class
from core.nn.losses import target_mismatch
from core.nn.model import Model, Objective, normalize_layers
from core.optim.base import make_optimizer
from core.optim.penalties import penalty_gradients, penalty_value
from core.optim.schedules import make_schedule
from core.training.events import EpochEvent, FinishedEvent, IterationEvent, LayerStats
from core.wording import plural

#: Training sets up to this size are copied into shuffled order once per epoch (batches
#: are then views); larger ones are gathered batch by batch into a reused buffer.
EPOCH_GATHER_MAX_BYTES = 256 * 2**20
#: ... and from this size on gathered on the engine's threads (see core.backend.devices).
PARALLEL_GATHER_MIN_BYTES = 4 * 2**20


class Trainer:
    """Train the network an experiment describes.

    Parameters
    ----------
    experiment : dict
        A normalized experiment (:func:`core.experiment.normalize`).
    base_dir : Path, optional
        Folder that relative data paths resolve against.
    backend : Backend or str, optional
        Overrides ``training.backend``.
    prepared : PreparedData, optional
        Already loaded data (the GUI keeps it between runs).
    init_state : dict, optional
        Parameters to start from (``"0.weight"`` ...), e.g. from a model file.
    layer_stats : bool
        Compute per-layer gradient norms, weight norms, update ratios and dead units at
        each epoch end (the dashboards use them).
    snapshots : bool
        Put host copies of weights and gradients into every :class:`EpochEvent`.
    grid : int
        For 2-D inputs, evaluate the model on a ``grid × grid`` mesh at each epoch end
        (decision boundary); 0 for none.
    """

    def __init__(self, experiment: dict, base_dir: Path | None = None, backend=None,
                 prepared=None, init_state: dict | None = None, init_source: str | None = None,
                 layer_stats: bool = True,
                 snapshots: bool = False, grid: int = 0):
        self.experiment = copy.deepcopy(experiment)  # set_schedule edits our own copy
        t = experiment["training"]
        self.epochs = t["epochs"]
        self.seed = t["seed"]
        self.prepared = prepared or data_module.prepare(experiment["data"], base_dir)
        train, val = self.prepared.train, self.prepared.val
        n_train, bs = len(train), t["batch_size"]
        batch = n_train if bs == "full" else min(int(bs), n_train)
        #: Floating-point work of one iteration's matrix products (``auto`` uses it).
        self.flops_per_step = flops_per_step(experiment["model"]["layers"], train.n_features,
                                             batch)
        if isinstance(backend, Backend):
            self.backend = backend
        else:
            self.backend = get_backend(backend or t["backend"], t["dtype"],
                                       flops_per_step=self.flops_per_step)
        self.task = train.task
        mismatch = target_mismatch(experiment["loss"], train.task, train.n_outputs, train.name)
        if mismatch:
            raise SpecError(f"loss: {mismatch}")
        analysis = analyze(experiment["model"]["layers"], train.n_features, train.n_outputs,
                           train.task, experiment["loss"], batch_size=bs, train_rows=n_train)
        if analysis.errors:
            raise SpecError(f"model: {analysis.errors[0].message}")
        self._check_memory(experiment, train, batch)
        self.model = Model(experiment["model"]["layers"], train.n_features, self.backend,
                           seed=self.seed)
        if init_state is not None:
            self.model.load_state_dict(init_state, str(init_source or "the initial weights"))
        self.model.reuse_buffers = True
        self.objective = Objective(self.model, experiment["loss"])
        xp = self.xp = self.backend.xp
        self.optimizer = make_optimizer(experiment["optimizer"], self.model.parameters(), xp=xp)
        self.schedule = make_schedule(experiment["schedule"], self.optimizer.lr,
                                      epochs=self.epochs)
        self.l1, self.l2 = t["l1"], t["l2"]
        self._params, self._grads = self.model.parameters(), self.model.gradients()
        self._penalty_scratch: dict = {}
        self.penalized = [f"{i}.{name}" for i, (layer, spec) in
                          enumerate(zip(self.model.layers, self.model.specs))
                          for name in type(layer).penalized_parameters(spec)]
        self.layer_stats, self.snapshots, self.grid_size = layer_stats, snapshots, grid
        self.patience, self.restore_best = t["early_stopping"], t["restore_best"]
        self.shuffle = t["shuffle"]

        # Data lives on the device for the whole run.
        _check_representable(train, val, np.dtype(self.backend.dtype))
        self.x_train = self.backend.asarray(train.X)
        self.t_train = self.objective.prepare_target(train.y)
        self.y_train = xp.asarray(train.y)
        self.x_val = self.backend.asarray(val.X) if len(val) else None
        self.t_val = self.objective.prepare_target(val.y) if len(val) else None
        self.n_train = n_train
        self.batch_size = batch
        #: Rows trained on per epoch: batch normalization cannot normalize a last batch of
        #: 1 row (no variance), so that row sits the epoch out (PyTorch's ``drop_last``).
        batch_norm = any(type(layer).needs_batch_statistics for layer in self.model.layers)
        self.n_epoch = n_train - (1 if batch_norm and n_train > batch and n_train % batch == 1
                                  else 0)
        self.iterations_per_epoch = math.ceil(self.n_epoch / self.batch_size)
        self._shuffle_rng = np.random.default_rng([self.seed, 1])
        self._gather_epoch = self.x_train.nbytes + self.t_train.nbytes <= EPOCH_GATHER_MAX_BYTES
        self._x_epoch, self._t_epoch, self._y_epoch = self.x_train, self.t_train, self.y_train
        self._x_buf = self._t_buf = self._y_buf = None
        binary = self.task == "classification" and self.model.output_width == 1
        self._threshold = self.objective.head.threshold
        self._pred_epoch = xp.empty(self.n_train, dtype=bool if binary else self.y_train.dtype) \
            if self.task == "classification" else None
        self._before = None  # weights before the last update of an epoch (layer_stats)
        self._grid_points = self._make_grid() if grid and train.n_features == 2 else None

        self.epoch = 0            # completed epochs
        self.step_count = 0       # completed iterations
        self._iter_in_epoch = 0
        self._order = None
        self._epoch_loss = 0.0
        self._epoch_correct = None
        self._epoch_sse = None
        self._epoch_seconds = 0.0
        self._best = (math.inf, 0, None)  # (val loss, epoch, state)
        self._since_best = 0
        self._finite_state = self.model.state_dict()
        self.finished: FinishedEvent | None = None
        self._stop_requested = False

    def _check_memory(self, experiment: dict, train, batch: int) -> None:
        """Refuse, before allocating, a network whose training would not fit in memory:
        weights, gradients, the optimizer's state, the training data and one batch of
        activations (see :mod:`core.backend.memory`)."""
        specs = normalize_layers(experiment["model"]["layers"])
        dtype = np.dtype(self.backend.dtype)
        widths, width = [], train.n_features
        for spec in specs:
            width = layer_class(spec["type"]).output_width(spec, width)
            widths.append(width)
        activations = 3 * batch * sum(widths) * dtype.itemsize
        data = len(train) * (train.n_features + max(train.n_outputs, 1)) * dtype.itemsize
        optimizer = experiment["optimizer"]
        optimizer_class = registry.get("optimizer", optimizer["type"]).factory
        check_model_size(count_parameters(specs, train.n_features), dtype.itemsize, dtype.name,
                         self.backend.name, extra_bytes=activations + data,
                         copies=2 + optimizer_class.state_slots(optimizer),
                         what=f"to train with {optimizer['type']}: weights, gradients, optimizer "
                              "state, data and one batch of activations")

    # ---------------------------------------------------------------- control
    @property
    def lr(self) -> float:
        return self.optimizer.lr

    def set_lr(self, lr: float) -> None:
        """Change the learning rate by hand while training; the schedule continues from it."""
        if not (isinstance(lr, (int, float)) and math.isfinite(lr) and lr > 0):
            raise SpecError(f"optimizer.lr: expected a positive number, got {lr!r}")
        self.optimizer.lr = float(lr)
        self.schedule.set_lr(float(lr))
        self.experiment["optimizer"]["lr"] = float(lr)  # the saved experiment tells the truth

    def set_schedule(self, spec: dict) -> None:
        """Replace the learning-rate schedule while training, starting from the current lr."""
        self.schedule = make_schedule(spec, self.optimizer.lr, epochs=self.epochs)
        self.experiment["schedule"] = self.schedule.config()

    def request_stop(self) -> None:
        """Stop after the current iteration (cooperative; safe from another thread)."""
        self._stop_requested = True

    # ---------------------------------------------------------------- stepping
    def step(self) -> list:
        """Advance one iteration; return the events it produced (iteration, epoch, finish).

        Overflow on the way to a divergence is expected and reported as a ``diverged``
        finish, so NumPy's floating-point warnings are silenced here.
        """
        with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
            return self._step()

    def _step(self) -> list:
        if self.finished:
            return [self.finished]
        if self._stop_requested:
            if not self._weights_finite():
                return [self._diverged(self.step_count, self.epoch + 1, "weights")]
            return [self._finish("interrupted", "Stopped by the user after "
                                 f"{plural(self.step_count, 'iteration')}.")]
        xp = self.xp
        t0 = time.perf_counter()
        if self._iter_in_epoch == 0:
            self._start_epoch()
        start = self._iter_in_epoch * self.batch_size
        stop = min(start + self.batch_size, self.n_epoch)
        xb, tb = self._batch(start, stop)
        last_of_epoch = self._iter_in_epoch == self.iterations_per_epoch - 1
        value, out = self.objective.loss_and_grad(xb, tb)
        loss = float(value)
        if self.l1 or self.l2:
            params, grads = self._params, self._grads
            loss += penalty_value(params, self.penalized, self.l1, self.l2, xp)
            penalty_gradients(params, grads, self.penalized, self.l1, self.l2, xp,
                              self._penalty_scratch)
        if not math.isfinite(loss):
            return [self._diverged(self.step_count + 1, self.epoch + 1, "loss")]
        if last_of_epoch and self.layer_stats:
            self._remember_weights()
        lr = self.optimizer.lr
        self.optimizer.step(self._grads)
        self._accumulate(out, tb, start, stop, loss)
        self.step_count += 1
        self._iter_in_epoch += 1
        self._epoch_seconds += time.perf_counter() - t0
        events = [IterationEvent(self.epoch + 1, self._iter_in_epoch, self.step_count, loss, lr,
                                 stop - start)]
        if last_of_epoch:
            events += self._end_epoch()
        return events

    def run(self, on_event=None, should_stop=None) -> FinishedEvent:
        """Train to the end; call ``on_event(event)`` for each event. Returns the finish."""
        while not self.finished:
            if should_stop is not None and should_stop():
                self.request_stop()
            for event in self.step():
                if on_event is not None:
                    on_event(event)
        return self.finished

    def _start_epoch(self):
        xp = self.xp
        if self.shuffle and self.batch_size < self.n_train:
            # The permutation is drawn on the host (same order on every backend) and
            # moved to the device once; the gathers run on the device.
            self._order = xp.asarray(self._shuffle_rng.permutation(self.n_train))
            if self._y_buf is None:
                self._y_buf = xp.empty_like(self.y_train)
                if self._gather_epoch:
                    self._x_buf = xp.empty_like(self.x_train)
                    self._t_buf = xp.empty_like(self.t_train)
            if self._pred_epoch is not None:  # labels, for the epoch's training accuracy
                self._y_epoch = xp.take(self.y_train, self._order, axis=0, out=self._y_buf)
            if self._gather_epoch:
                self._x_epoch, self._t_epoch = self._x_buf, self._t_buf
                self._gather_rows(self._order)
        else:
            self._order = None
            self._x_epoch, self._t_epoch, self._y_epoch = self.x_train, self.t_train, self.y_train
        self._epoch_loss = 0.0
        self._epoch_correct = 0
        self._epoch_sse = 0
        self._epoch_seconds = 0.0

    def _gather_rows(self, order) -> None:
        """``x_train[order]`` and ``t_train[order]`` into the epoch buffers.

        Large sets are split into row blocks gathered on the engine's threads (NumPy
        releases the GIL while it copies).
        """
        xp, n = self.xp, self.n_train
        k = engine_threads() if self.backend.name == "cpu" and \
            self.x_train.nbytes >= PARALLEL_GATHER_MIN_BYTES else 1
        bounds = [n * i // k for i in range(k + 1)]

        def gather(a, b):
            xp.take(self.x_train, order[a:b], axis=0, out=self._x_buf[a:b])
            xp.take(self.t_train, order[a:b], axis=0, out=self._t_buf[a:b])
        run_parallel([lambda a=a, b=b: gather(a, b) for a, b in zip(bounds, bounds[1:])])

    def _batch(self, start: int, stop: int):
        """Inputs and targets of rows ``start:stop`` of this epoch's order."""
        if self._order is None or self._gather_epoch:
            return self._x_epoch[start:stop], self._t_epoch[start:stop]
        xp, rows = self.xp, self._order[start:stop]
        n = stop - start
        if self._x_buf is None or self._x_buf.shape[0] != n:
            self._x_buf = xp.empty((n,) + self.x_train.shape[1:], dtype=self.x_train.dtype)
            self._t_buf = xp.empty((n,) + self.t_train.shape[1:], dtype=self.t_train.dtype)
        return (xp.take(self.x_train, rows, axis=0, out=self._x_buf),
                xp.take(self.t_train, rows, axis=0, out=self._t_buf))

    def _accumulate(self, out, tb, start, stop, loss):
        self._epoch_loss += loss * (stop - start)
        if self.task == "classification":
            # Store this batch's predictions; they are compared with the labels once per
            # epoch (one call per iteration instead of three).
            if out.shape[1] == 1:
                self.xp.greater(out[:, 0], self._threshold, out=self._pred_epoch[start:stop])
            else:
                out.argmax(axis=1, out=self._pred_epoch[start:stop])
        else:
            diff = out - tb
            self._epoch_sse = self._epoch_sse + self.xp.vdot(diff, diff)

    def _epoch_accuracy(self) -> float:
        """Share of this epoch's training rows whose stored prediction was right."""
        xp, y = self.xp, self._y_epoch
        n = self.n_epoch
        truth = (y[:n] == 1) if self._pred_epoch.dtype == bool else y[:n]
        return float(xp.count_nonzero(self._pred_epoch[:n] == truth)) / n

    def _correct(self, out, y):
        """Number of rows whose predicted class equals ``y`` (on the device)."""
        if out.shape[1] == 1:
            return ((out[:, 0] > self._threshold) == (y == 1)).sum()
        return (out.argmax(axis=1) == y).sum()

    # ---------------------------------------------------------------- epoch end
    def _end_epoch(self) -> list:
        self.epoch += 1
        self._iter_in_epoch = 0
        n = self.n_epoch
        train_loss = self._epoch_loss / n
        if self.task == "classification":
            train_metrics = {"accuracy": self._epoch_accuracy()}
        else:
            train_metrics = self._regression_metrics(float(self._epoch_sse), self.t_train, n)
        val_loss, val_metrics, confusion, dead = None, {}, None, {}
        if self.x_val is not None:
            val_loss, val_metrics, confusion, dead = self._evaluate(self.x_val, self.t_val,
                                                                    self.prepared.val.y)
        elif self.layer_stats:
            dead = self._dead_units(self.x_train[:1024])
        monitored = val_loss if val_loss is not None else train_loss
        lr = self.schedule.step(monitored)
        self.optimizer.lr = lr
        stats = self._stats(dead) if self.layer_stats else ()
        snap_w = {n: a.copy() for n, a in self.model.state_dict().items()} if self.snapshots \
            else {}
        snap_g = {n: self.backend.to_host(g).copy() for n, g in self.model.gradients().items()} \
            if self.snapshots else {}
        grid = self._grid_outputs() if self._grid_points is not None else None
        seconds = self._epoch_seconds
        event = EpochEvent(self.epoch, self.step_count, train_loss, val_loss, train_metrics,
                           val_metrics, lr, seconds, n / seconds if seconds > 0 else 0.0,
                           stats, snap_w, snap_g, confusion, grid)
        events = [event]
        if not math.isfinite(train_loss) or (val_loss is not None and not math.isfinite(val_loss)):
            events.append(self._diverged(self.step_count, self.epoch, "loss"))
            return events
        state = self.model.state_dict()
        if not all(np.isfinite(a).all() for a in state.values()):
            # The loss of the epoch's last batch was computed before its update: weights
            # that overflowed in that update show only here.
            events.append(self._diverged(self.step_count, self.epoch, "weights"))
            return events
        self._finite_state = state
        if monitored < self._best[0]:
            self._best = (monitored, self.epoch,
                          self._finite_state if self.restore_best and self.patience else None)
            self._since_best = 0
        else:
            self._since_best += 1
        if self.patience and self._since_best >= self.patience:
            best_loss, best_epoch, state = self._best
            if state is not None:
                self.model.load_state_dict(state)
            restored = f"; restored the weights of epoch {best_epoch}" if state is not None else ""
            watched = "validation" if self.x_val is not None else "training"
            patience = plural(self.patience, "epoch")
            events.append(self._finish("early_stopping", f"Early stopping after epoch "
                                       f"{self.epoch}: the {watched} loss has not improved for "
                                       f"{patience} (best {best_loss:.4g} at epoch "
                                       f"{best_epoch}){restored}."))
        elif self.epoch >= self.epochs:
            events.append(self._finish("completed", f"Completed {plural(self.epoch, 'epoch')}."))
        return events

    def _regression_metrics(self, sse: float, target, rows: int | None = None) -> dict:
        """RMSE and R² from the sum of squared errors over ``rows`` rows of ``target``."""
        count = target.size if rows is None else rows * int(target.shape[1])
        rmse = math.sqrt(sse / count)
        sst = float(((target - target.mean(axis=0)) ** 2).sum())
        return {"rmse": rmse, "r2": 1.0 - sse / sst if sst > 0 else 0.0}

    def _evaluate(self, x, target, y_host):
        """Loss, metrics, confusion matrix and dead ReLU units on a held-out set."""
        xp = self.xp
        dead = {}
        h = x
        stop = self.objective.stop if self.objective.stop is not None else len(self.model.layers)
        for i, layer in enumerate(self.model.layers[:stop]):
            h = layer.forward(h, training=False)
            if self.layer_stats and type(layer).can_die:
                dead[i] = self._dead_fraction(h)
        loss = float(self.objective.loss(h, target)[0])
        confusion = None
        if self.task == "classification":
            y = xp.asarray(y_host)
            correct = float(self._correct(h, y))
            metrics = {"accuracy": correct / len(y_host)}
            k = max(self.prepared.train.n_classes, 2)
            if h.shape[1] == 1:
                pred = self.backend.to_host(h[:, 0] > self._threshold).astype(np.int64)
            else:
                pred = self.backend.to_host(h.argmax(axis=1))
            cell = np.asarray(y_host, dtype=np.int64) * k + pred.astype(np.int64, copy=False)
            confusion = np.bincount(cell, minlength=k * k).reshape(k, k)
        else:
            out = h if self.objective.stop is None else self.model.layers[-1].forward(h)
            diff = out - target
            metrics = self._regression_metrics(float((diff * diff).sum()), target)
        return loss, metrics, confusion, dead

    def _dead_fraction(self, h) -> float:
        """Share of the columns of ``h`` (a ReLU output) that are 0 for every row."""
        alive = self.xp.count_nonzero((h > 0).any(axis=0))
        return 1.0 - float(alive) / h.shape[1] if h.shape[1] else 0.0

    def _dead_units(self, x) -> dict:
        """Dead-unit fraction after each ReLU, from an evaluation pass over ``x``."""
        dead, h = {}, x
        stop = self.objective.stop if self.objective.stop is not None else len(self.model.layers)
        for i, layer in enumerate(self.model.layers[:stop]):
            h = layer.forward(h, training=False)
            if type(layer).can_die:
                dead[i] = self._dead_fraction(h)
        return dead

    def _remember_weights(self) -> None:
        """Copy the weights before the epoch's last update (for the update ratios)."""
        xp, flat = self.xp, self.model.flat_parameters
        if flat is not None:
            if self._before is None:
                self._before = xp.empty_like(flat)
            xp.copyto(self._before, flat)
        else:
            self._before = {n: p.copy() for n, p in self._params.items()}

    def _stats(self, dead) -> tuple:
        """Per parameter: ‖g‖, ‖W‖, ‖ΔW‖/‖W‖ and the dead share of the following ReLU.

        Squared norms are dot products of each (contiguous) array with itself, moved to
        the host together: one transfer per epoch on the GPU.
        """
        xp, params, grads = self.xp, self._params, self._grads
        flat, flat_g, before = self.model.flat_parameters, self.model.flat_gradients, self._before
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
        stats = []
        for k, name in enumerate(params):
            index = int(name.split(".")[0])
            w_norm, g_norm, d_norm = norms[3 * k], norms[3 * k + 1], norms[3 * k + 2]
            ratio = d_norm / w_norm if w_norm > 0 else 0.0
            dead_fraction = None
            if name.endswith(".weight"):
                following = [d for d in dead if d > index]
                if following and not any(type(self.model.layers[j]).mixes_features
                                         for j in range(index + 1, following[0])):
                    dead_fraction = dead[following[0]]
            stats.append(LayerStats(index, name, g_norm, w_norm, ratio, dead_fraction))
        return tuple(stats)

    def _make_grid(self, n: int | None = None):
        n = n or self.grid_size
        x = self.prepared.train.X
        lo, hi = x.min(axis=0), x.max(axis=0)
        pad = (hi - lo) * 0.1 + 1e-9
        gx = np.linspace(lo[0] - pad[0], hi[0] + pad[0], n)
        gy = np.linspace(lo[1] - pad[1], hi[1] + pad[1], n)
        mx, my = np.meshgrid(gx, gy)
        self.grid_extent = (gx[0], gx[-1], gy[0], gy[-1])
        return self.backend.asarray(np.column_stack([mx.ravel(), my.ravel()]))

    def _grid_outputs(self) -> np.ndarray:
        out = self.backend.to_host(self.model.forward(self._grid_points, training=False))
        return out.reshape(self.grid_size, self.grid_size, -1).astype(np.float64)

    # ---------------------------------------------------------------- finishing
    def _weights_finite(self) -> bool:
        flat = self.model.flat_parameters
        if flat is not None:
            return bool(self.xp.isfinite(flat).all())
        return all(bool(self.xp.isfinite(p).all()) for p in self._params.values())

    def _diverged(self, iteration: int, epoch: int, what: str) -> FinishedEvent:
        """Finish as diverged, going back to the last finite weights if these are not.

        ``what`` is ``"loss"`` (the loss became NaN or infinite) or ``"weights"`` (an
        update made a weight NaN or infinite while the loss still looked finite).
        """
        current = self.model.state_dict()
        if not all(np.isfinite(a).all() for a in current.values()):
            self.model.load_state_dict(self._finite_state)
        cause = "the loss became NaN or infinite" if what == "loss" else \
            "the weights became NaN or infinite (the loss was still finite)"
        return self._finish("diverged", f"Training diverged at iteration {iteration} "
                            f"(epoch {epoch}): {cause}. The last finite weights are kept; try a "
                            "lower learning rate.")

    def _finish(self, reason: str, message: str) -> FinishedEvent:
        self.finished = FinishedEvent(reason, message, self.epoch, self.step_count,
                                      self._best[1] or None)
        return self.finished


def _check_representable(train, val, dtype: np.dtype) -> None:
    """:class:`DataError` naming the column and value when the data hold a number beyond
    the engine's floating-point type (e.g. 1e300 in float32 without standardization).

    Two reductions per array (no temporary copies); the offending cell is looked for
    only when there is one.
    """
    limit = float(np.finfo(dtype).max)

    def beyond(a) -> bool:
        return a.size > 0 and not (-limit <= float(a.min()) and float(a.max()) <= limit)

    for part in (train, val):
        if beyond(part.X):
            with np.errstate(invalid="ignore"):
                row, col = (int(v[0]) for v in np.nonzero(~(np.abs(part.X) <= limit)))
            raise DataError(f"{part.name}: column '{part.feature_names[col]}' holds the value "
                            f"{part.X[row, col]:g}, beyond the largest {dtype.name} number "
                            f"({limit:.4g}); rescale the column or standardize the inputs")
        if part.task == "regression" and beyond(part.y):
            with np.errstate(invalid="ignore"):
                value = part.y[~(np.abs(part.y) <= limit)][0]
            raise DataError(f"{part.name}: the target holds the value {value:g}, beyond the "
                            f"largest {dtype.name} number ({limit:.4g}); rescale the target")
