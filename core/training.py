"""The trainer: one experiment, advanced one iteration at a time.

Vocabulary (from the primer): an *iteration* is one forward pass, one backward pass and
one parameter update on one batch; an *epoch* is one pass over the whole training set.
The batch size chooses the gradient-descent mode: ``"full"`` is batch gradient descent
(the whole training set per iteration), ``1`` stochastic gradient descent (one sample),
``N`` mini-batch gradient descent.

Both front ends drive this one class: the command line calls :meth:`Trainer.run`, the
GUI's worker calls :meth:`Trainer.step` between checks of its pause/stop flags.
"""

from __future__ import annotations

import math
import time
from pathlib import Path

import numpy as np

from core import data as data_module
from core.backend import Backend, get_backend
from core.events import EpochEvent, FinishedEvent, IterationEvent, LayerStats
from core.layers import RELU_FAMILY
from core.model import Model, Objective, analyze
from core.errors import SpecError
from core.optim import make_optimizer, penalty_gradients, penalty_value
from core.schedules import make_schedule


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
                 prepared=None, init_state: dict | None = None, layer_stats: bool = True,
                 snapshots: bool = False, grid: int = 0):
        self.experiment = experiment
        t = experiment["training"]
        self.epochs = t["epochs"]
        self.seed = t["seed"]
        self.prepared = prepared or data_module.prepare(experiment["data"], base_dir)
        train, val = self.prepared.train, self.prepared.val
        if isinstance(backend, Backend):
            self.backend = backend
        else:
            self.backend = get_backend(backend or t["backend"], t["dtype"])
        self.task = train.task
        analysis = analyze(experiment["model"]["layers"], train.n_features, train.n_outputs,
                           train.task, experiment["loss"])
        if analysis.errors:
            raise SpecError(f"model: {analysis.errors[0].message}")
        self.model = Model(experiment["model"]["layers"], train.n_features, self.backend,
                           seed=self.seed)
        if init_state is not None:
            self.model.load_state_dict(init_state)
        self.objective = Objective(self.model, experiment["loss"])
        xp = self.xp = self.backend.xp
        self.optimizer = make_optimizer(experiment["optimizer"], self.model.parameters(), xp=xp)
        self.schedule = make_schedule(experiment["schedule"], self.optimizer.lr,
                                      epochs=self.epochs)
        self.l1, self.l2 = t["l1"], t["l2"]
        self.penalized = [n for n in self.model.parameters()
                          if n.endswith(".weight") and self.model.specs[int(n.split(".")[0])][
                              "type"] == "dense"]
        self.layer_stats, self.snapshots, self.grid_size = layer_stats, snapshots, grid
        self.patience, self.restore_best = t["early_stopping"], t["restore_best"]
        self.shuffle = t["shuffle"]

        # Data lives on the device for the whole run.
        self.x_train = self.backend.asarray(train.X)
        self.t_train = self.objective.prepare_target(train.y)
        self.y_train = xp.asarray(train.y)
        self.x_val = self.backend.asarray(val.X) if len(val) else None
        self.t_val = self.objective.prepare_target(val.y) if len(val) else None
        self.n_train = len(train)
        bs = t["batch_size"]
        self.batch_size = self.n_train if bs == "full" else min(int(bs), self.n_train)
        self.iterations_per_epoch = math.ceil(self.n_train / self.batch_size)
        self._shuffle_rng = np.random.default_rng([self.seed, 1])
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
            return [self._finish("interrupted", f"Stopped by the user after {self.step_count} "
                                 "iterations.")]
        xp = self.xp
        t0 = time.perf_counter()
        if self._iter_in_epoch == 0:
            self._start_epoch()
        start = self._iter_in_epoch * self.batch_size
        rows = slice(start, start + self.batch_size) if self._order is None \
            else self._order[start:start + self.batch_size]
        xb, tb = self.x_train[rows], self.t_train[rows]
        yb = self.y_train[rows] if self.task == "classification" else None
        last_of_epoch = self._iter_in_epoch == self.iterations_per_epoch - 1
        value, out = self.objective.loss_and_grad(xb, tb)
        loss = float(value)
        if self.l1 or self.l2:
            params, grads = self.model.parameters(), self.model.gradients()
            loss += penalty_value(params, self.penalized, self.l1, self.l2, xp)
            penalty_gradients(params, grads, self.penalized, self.l1, self.l2, xp)
        if not math.isfinite(loss):
            return [self._diverged()]
        before = None
        if last_of_epoch and self.layer_stats:
            before = {n: p.copy() for n, p in self.model.parameters().items()}
        lr = self.optimizer.lr
        self.optimizer.step(self.model.gradients())
        self._accumulate(out, tb, yb, loss, len(xb))
        self.step_count += 1
        self._iter_in_epoch += 1
        self._epoch_seconds += time.perf_counter() - t0
        events = [IterationEvent(self.epoch + 1, self._iter_in_epoch, self.step_count, loss, lr,
                                 len(xb))]
        if last_of_epoch:
            events += self._end_epoch(before)
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
        if self.shuffle and self.batch_size < self.n_train:
            self._order = self.xp.asarray(self._shuffle_rng.permutation(self.n_train))
        else:
            self._order = None
        self._epoch_loss = 0.0
        self._epoch_correct = 0
        self._epoch_sse = 0
        self._epoch_seconds = 0.0

    def _accumulate(self, out, tb, yb, loss, n):
        self._epoch_loss += loss * n
        if self.task == "classification":
            self._epoch_correct = self._epoch_correct + self._correct(out, yb)
        else:
            diff = out - tb
            self._epoch_sse = self._epoch_sse + (diff * diff).sum()

    def _correct(self, out, y):
        """Number of rows whose predicted class equals ``y`` (on the device)."""
        if out.shape[1] == 1:
            threshold = 0.5 if (not self.objective.fused and
                                self.model.specs[-1]["type"] == "sigmoid") else 0.0
            return ((out[:, 0] > threshold) == (y == 1)).sum()
        return (out.argmax(axis=1) == y).sum()

    # ---------------------------------------------------------------- epoch end
    def _end_epoch(self, before) -> list:
        self.epoch += 1
        self._iter_in_epoch = 0
        n = self.n_train
        train_loss = self._epoch_loss / n
        if self.task == "classification":
            train_metrics = {"accuracy": float(self._epoch_correct) / n}
        else:
            train_metrics = self._regression_metrics(float(self._epoch_sse), self.t_train)
        val_loss, val_metrics, confusion, dead = None, {}, None, {}
        if self.x_val is not None:
            val_loss, val_metrics, confusion, dead = self._evaluate(self.x_val, self.t_val,
                                                                    self.prepared.val.y)
        elif self.layer_stats:
            dead = self._evaluate(self.x_train[:1024], self.t_train[:1024],
                                  self.prepared.train.y[:1024])[3]
        monitored = val_loss if val_loss is not None else train_loss
        lr = self.schedule.step(monitored)
        self.optimizer.lr = lr
        stats = self._stats(before, dead) if self.layer_stats else ()
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
        self._finite_state = self.model.state_dict()
        if not math.isfinite(train_loss) or (val_loss is not None and not math.isfinite(val_loss)):
            events.append(self._diverged())
            return events
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
            events.append(self._finish("early_stopping", f"Early stopping after epoch "
                                       f"{self.epoch}: the validation loss has not improved for "
                                       f"{self.patience} epochs (best {best_loss:.4g} at epoch "
                                       f"{best_epoch}){restored}."))
        elif self.epoch >= self.epochs:
            events.append(self._finish("completed", f"Completed {self.epoch} epochs."))
        return events

    def _regression_metrics(self, sse: float, target) -> dict:
        xp = self.xp
        count = target.size
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
            if self.layer_stats and self.model.specs[i]["type"] in RELU_FAMILY:
                dead[i] = float((~(h > 0).any(axis=0)).mean())
        loss = float(self.objective.loss(h, target)[0])
        confusion = None
        if self.task == "classification":
            y = xp.asarray(y_host)
            correct = float(self._correct(h, y))
            metrics = {"accuracy": correct / len(y_host)}
            k = max(self.prepared.train.n_classes, 2)
            if h.shape[1] == 1:
                pred = self.backend.to_host(h[:, 0] > (0.5 if not self.objective.fused and
                                                       self.model.specs[-1]["type"] ==
                                                       "sigmoid" else 0.0)).astype(np.int64)
            else:
                pred = self.backend.to_host(h.argmax(axis=1))
            confusion = np.zeros((k, k), dtype=np.int64)
            np.add.at(confusion, (np.asarray(y_host, dtype=np.int64), pred), 1)
        else:
            out = h if self.objective.stop is None else self.model.layers[-1].forward(h)
            diff = out - target
            metrics = self._regression_metrics(float((diff * diff).sum()), target)
        return loss, metrics, confusion, dead

    def _stats(self, before, dead) -> tuple:
        xp = self.xp
        params, grads = self.model.parameters(), self.model.gradients()
        stats = []
        for name, p in params.items():
            index = int(name.split(".")[0])
            w_norm = float(xp.linalg.norm(p))
            g_norm = float(xp.linalg.norm(grads[name]))
            ratio = float(xp.linalg.norm(p - before[name])) / w_norm if before and w_norm > 0 \
                else 0.0
            dead_fraction = None
            if name.endswith(".weight"):
                following = [k for k in dead if k > index]
                if following and all(self.model.specs[j]["type"] not in ("dense",)
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
    def _diverged(self) -> FinishedEvent:
        current = self.model.state_dict()
        if not all(np.isfinite(a).all() for a in current.values()):
            self.model.load_state_dict(self._finite_state)
        return self._finish("diverged", f"Training diverged at iteration {self.step_count + 1} "
                            f"(epoch {self.epoch + 1}): the loss became NaN or infinite. The "
                            "last finite weights are kept; try a lower learning rate.")

    def _finish(self, reason: str, message: str) -> FinishedEvent:
        self.finished = FinishedEvent(reason, message, self.epoch, self.step_count,
                                      self._best[1] or None)
        return self.finished
