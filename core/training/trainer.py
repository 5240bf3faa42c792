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
counts them: the training set is gathered into shuffled order once per epoch
(:mod:`core.training.epoch_batches`; every batch is then a view), the model reuses
per-batch-shape buffers, the optimizer updates every parameter through one flat array,
the training accuracy is counted once per epoch from predictions stored per batch
(:mod:`core.training.metrics`), and the epoch-end statistics for the dashboards take a
few calls per parameter (:mod:`core.training.layer_statistics`). The only device-to-host
transfer per iteration is the batch loss, which every :class:`IterationEvent` carries
(and the divergence check needs).
"""

from __future__ import annotations

import copy
import math
import time
from pathlib import Path

import numpy as np

from core import registry
from core.backend.devices import Backend, get_backend
from core.backend.memory import check_model_size
from core.data import spec as data_spec
from core.errors import SpecError
from core.nn.analysis.counting import count_parameters, flops_per_step, output_shapes
from core.nn.analysis.report import analyze
from core.nn.losses import target_mismatch
from core.nn.model import Model, Objective, normalize_layers
from core.optim.base import make_optimizer
from core.optim.penalties import penalty_gradients, penalty_value
from core.optim.schedules import make_schedule
from core.training.decision_grid import DecisionGrid, column_ends
from core.training.divergence import check_representable, state_finite, weights_finite
from core.training.early_stopping import EarlyStopping
from core.training.epoch_batches import EpochBatches
from core.training.events import EpochEvent, FinishedEvent, IterationEvent
from core.training.input_plane import InputPlane, default_choice
from core.training.layer_statistics import LayerStatistics
from core.training.metrics import EpochMetrics, confusion_matrix, regression_metrics
from core.wording import plural

#: Validation rows evaluated per forward pass (a convolution's activations for 512 images
#: of 28 × 28 take tens of MB, not the set's size).
EVAL_ROWS = 512


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
        Evaluate the model on a ``grid × grid`` mesh at each epoch end (decision boundary
        and neuron maps); 0 for none. With more than two inputs the mesh lies in a plane
        (:mod:`core.training.input_plane`; the first two principal components until
        :meth:`request_plane` picks another).
    start_at : tuple of int, optional
        ``(epoch, step)`` a branch from a weight snapshot continues from: the counts go on
        from there (its curves sit beside its parent's), and it ends at
        ``training.epochs``, or ``training.epochs`` later when the snapshot is already
        past that. The optimizer's state and the schedule start afresh.
    neuron_maps : bool
        Keep the neuron maps of the mesh's forward pass (off: the decision boundary only).
    maps_interval_s : float
        Neuron maps at most this often (seconds of wall time; always at the last epoch and
        after a new plane); the epochs between carry the decision boundary only. The GUI
        shows maps a few times a second, so it asks for fewer than one per epoch.
    """

    def __init__(self, experiment: dict, base_dir: Path | None = None, backend=None,
                 prepared=None, init_state: dict | None = None, init_source: str | None = None,
                 layer_stats: bool = True,
                 snapshots: bool = False, grid: int = 0, start_at: tuple | None = None,
                 neuron_maps: bool = True, maps_interval_s: float = 0.0):
        self.experiment = copy.deepcopy(experiment)  # set_schedule edits our own copy
        t = experiment["training"]
        self.epochs = t["epochs"]
        self.seed = t["seed"]
        self.prepared = prepared or data_spec.prepare(experiment["data"], base_dir)
        train, val = self.prepared.train, self.prepared.val
        n_train, bs = len(train), t["batch_size"]
        batch = n_train if bs == "full" else min(int(bs), n_train)
        #: Floating-point work of one iteration's matrix products (``auto`` uses it).
        self.flops_per_step = flops_per_step(experiment["model"]["layers"], train.sample_shape,
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
        analysis = analyze(experiment["model"]["layers"], train.sample_shape, train.n_outputs,
                           train.task, experiment["loss"], batch_size=bs, train_rows=n_train,
                           data_spec=experiment["data"])
        if analysis.errors:
            raise SpecError(f"model: {analysis.errors[0].message}")
        self._check_memory(experiment, train, batch)
        self.model = Model(experiment["model"]["layers"], train.sample_shape, self.backend,
                           seed=self.seed)
        if init_state is not None:
            self.model.load_state_dict(init_state, str(init_source or "the initial weights"))
        self.model.reuse_buffers = True
        self.objective = Objective(self.model, experiment["loss"])
        xp = self.xp = self.backend.xp
        self.optimizer = make_optimizer(experiment["optimizer"], self.model.parameters(), xp=xp)
        self.schedule = make_schedule(experiment["schedule"], self.optimizer.lr,
                                      epochs=self.epochs)
        self._apply_frozen()
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
        streamed = getattr(train.X, "streamed", False)  # read batch by batch from a file
        if not streamed:
            check_representable(train, val, np.dtype(self.backend.dtype))
        self.x_train = train.X if streamed else self.backend.asarray(train.X)
        self.t_train = self.objective.prepare_target(train.y)
        self.y_train = xp.asarray(train.y)
        self.x_val = (val.X if streamed else self.backend.asarray(val.X)) if len(val) else None
        self.t_val = self.objective.prepare_target(val.y) if len(val) else None
        self.n_train = n_train
        self.batch_size = batch
        #: Rows trained on per epoch: batch normalization cannot normalize a last batch of
        #: 1 row (no variance), so that row sits the epoch out (PyTorch's ``drop_last``).
        batch_norm = any(type(layer).needs_batch_statistics for layer in self.model.layers)
        self.n_epoch = n_train - (1 if batch_norm and n_train > batch and n_train % batch == 1
                                  else 0)
        self.iterations_per_epoch = math.ceil(self.n_epoch / self.batch_size)
        classification = self.task == "classification"
        self.batches = EpochBatches(self.x_train, self.t_train, self.y_train, batch,
                                    self.shuffle, np.random.default_rng([self.seed, 1]), xp,
                                    self.backend.name == "cpu", keep_labels=classification)
        self.metrics = EpochMetrics(classification, n_train,
                                    classification and self.model.output_width == 1,
                                    self.y_train.dtype, self.objective.head.threshold, xp)
        self.statistics = LayerStatistics(self.model, self.backend)
        self.early_stopping = EarlyStopping(self.patience, self.restore_best)
        #: The decision-boundary mesh (two inputs, the (x1, x2) plane behind crossed
        #: features, or :attr:`plane` for more inputs; ``grid`` > 0), else None.
        self.plane_choice = None if self.prepared.plane is not None \
            else default_choice(train.n_features)
        self._plane_request = None
        self.neuron_maps = neuron_maps
        self.maps_interval_s = maps_interval_s
        self._maps_at = -math.inf
        self._build_grid()
        #: Layers whose outputs are the diagram's neurons (their maps ride on the grid).
        self.map_ends = column_ends([type(layer) for layer in self.model.layers])

        self.epoch = 0            # completed epochs
        self.step_count = 0       # completed iterations
        if start_at is not None:  # a branch from a snapshot (time travel)
            self.epoch, self.step_count = int(start_at[0]), int(start_at[1])
            if self.epoch >= self.epochs:
                self.epochs += self.epoch
        self._iter_in_epoch = 0
        self._epoch_seconds = 0.0
        self._finite_state = self.model.state_dict()
        self.finished: FinishedEvent | None = None
        self._stop_requested = False

    def _build_grid(self) -> None:
        """(Re)build :attr:`grid` over the two inputs, the crossed plane or
        :attr:`plane_choice`."""
        train, n = self.prepared.train, self.grid_size
        plane = self.prepared.plane
        self.plane = None
        if not n:
            self.grid = None
        elif plane is not None:
            self.grid = DecisionGrid(plane.train, n, self.backend, plane.model_inputs)
        elif self.plane_choice is not None:
            self.plane = InputPlane(self.plane_choice, train.X)
            self.grid = DecisionGrid.over_plane(self.plane, train.X, n, self.backend)
        else:
            self.grid = DecisionGrid(train.X, n, self.backend) if train.n_features == 2 \
                else None
        self.grid_extent = self.grid.extent if self.grid is not None else None

    def request_plane(self, choice) -> None:
        """Draw the decision boundary and the neuron maps over the plane ``choice`` (a
        :class:`~core.training.input_plane.PlaneChoice`) from the next epoch end on. Safe
        from any thread: the mesh is rebuilt in the training thread, at that epoch end.
        Ignored for data of two inputs (or crossed ones), which have their plane, and for
        features this data does not have."""
        n = self.prepared.train.n_features
        if self.plane_choice is not None and choice is not None and (
                choice.kind == "pca" or (max(choice.a, choice.b) < n and choice.a != choice.b)):
            self._plane_request = choice

    def grid_pictures(self) -> tuple:
        """``(outputs, maps, units)`` of the model now on the mesh (a pending
        :meth:`request_plane` is applied first); ``(None, (), ())`` without a mesh."""
        request, self._plane_request = self._plane_request, None
        if request is not None and request != self.plane_choice:
            self.plane_choice = request
            self._build_grid()
            self._maps_at = -math.inf
        if self.grid is None:
            return None, (), ()
        now = time.perf_counter()
        if not self.neuron_maps or (now - self._maps_at < self.maps_interval_s
                                    and self.epoch < self.epochs):
            return self.grid.outputs(self.model), (), ()
        self._maps_at = now
        return self.grid.outputs_maps_units(self.model, self.map_ends)

    def _check_memory(self, experiment: dict, train, batch: int) -> None:
        """Refuse, before allocating, a network whose training would not fit in memory:
        weights, gradients, the optimizer's state, the training data and one batch of
        activations (see :mod:`core.backend.memory`)."""
        specs = normalize_layers(experiment["model"]["layers"])
        dtype = np.dtype(self.backend.dtype)
        widths = [math.prod(shape) for shape in output_shapes(specs, train.sample_shape)]
        activations = 3 * batch * sum(widths) * dtype.itemsize
        data = len(train) * (train.n_features + max(train.n_outputs, 1)) * dtype.itemsize
        optimizer = experiment["optimizer"]
        optimizer_class = registry.get("optimizer", optimizer["type"]).factory
        check_model_size(count_parameters(specs, train.sample_shape), dtype.itemsize, dtype.name,
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

    def set_frozen(self, index: int, frozen: bool) -> None:
        """Freeze (no updates) or unfreeze the parameters of layer ``index`` from the next
        iteration on; the experiment's layer spec records it (``"frozen": true``)."""
        layers = self.model.layers
        if not (isinstance(index, int) and 0 <= index < len(layers)) or not layers[index].params:
            raise SpecError(f"model.layers[{index}]: expected a layer with weights to "
                            "freeze, and there is none at that place")
        for spec in (self.model.specs[index], self.experiment["model"]["layers"][index]):
            if frozen:
                spec["frozen"] = True
            else:
                spec.pop("frozen", None)
        self._apply_frozen()

    def _apply_frozen(self) -> None:
        self.optimizer.freeze([f"{i}.{name}" for i, (layer, spec) in
                               enumerate(zip(self.model.layers, self.model.specs))
                               if spec.get("frozen") for name in layer.params])

    def set_weight(self, name: str, index, value: float) -> float:
        """Set one number of parameter ``name`` (``"0.weight"``) at ``index`` (a tuple of
        ints, e.g. ``(out, in)``) by hand; it counts from the next iteration on.

        Returns the value stored (rounded to the model's dtype).

        Raises
        ------
        SpecError
            Unknown parameter, an index outside it, or a value that is not a finite number.
        """
        params = self._params
        if name not in params:
            raise SpecError(f"{name}: no such parameter; expected one of "
                            + ", ".join(params))
        p = params[name]
        try:
            idx = tuple(int(i) for i in index)
        except (TypeError, ValueError):
            idx = ()
        if len(idx) != p.ndim or not all(0 <= i < n for i, n in zip(idx, p.shape)):
            raise SpecError(f"{name}{list(index) if isinstance(index, tuple) else index}: "
                            f"expected an index inside its shape {tuple(p.shape)}")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or \
                not math.isfinite(value):
            raise SpecError(f"{name}: expected a finite number, got {value!r}")
        limit = float(np.finfo(p.dtype).max)
        if abs(value) > limit:
            raise SpecError(f"{name}: {value:g} does not fit the run's {np.dtype(p.dtype).name} "
                            f"weights; expected a number between {-limit:g} and {limit:g}")
        p[idx] = value
        return float(p[idx])

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
            if not weights_finite(self.model, self.xp):
                return [self._diverged(self.step_count, self.epoch + 1, "weights")]
            return [self._finish("interrupted", "Stopped by the user after "
                                 f"{plural(self.step_count, 'iteration')}.")]
        xp = self.xp
        t0 = time.perf_counter()
        if self._iter_in_epoch == 0:
            self.batches.start()
            self.metrics.start()
            self._epoch_seconds = 0.0
        start = self._iter_in_epoch * self.batch_size
        stop = min(start + self.batch_size, self.n_epoch)
        xb, tb = self.batches.batch(start, stop)
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
            self.statistics.remember_weights()
        lr = self.optimizer.lr
        self.optimizer.step(self._grads)
        self.metrics.add(out, tb, start, stop, loss)
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

    # ---------------------------------------------------------------- epoch end
    def _end_epoch(self) -> list:
        self.epoch += 1
        self._iter_in_epoch = 0
        n = self.n_epoch
        train_loss = self.metrics.loss / n
        if self.task == "classification":
            train_metrics = {"accuracy": self.metrics.accuracy(self.batches.labels_epoch, n)}
        else:
            train_metrics = regression_metrics(float(self.metrics.sse), self.t_train, n)
        val_loss, val_metrics, confusion, dead, predicted = None, {}, None, {}, None
        if self.x_val is not None:
            val_loss, val_metrics, confusion, dead, predicted = self._evaluate(
                self.x_val, self.t_val, self.prepared.val.y)
        elif self.layer_stats:
            dead = self.statistics.dead_units(self.backend.asarray(self.x_train[:1024]),
                                                self._stop())
        monitored = val_loss if val_loss is not None else train_loss
        lr = self.schedule.step(monitored)
        self.optimizer.lr = lr
        stats = self.statistics.stats(dead) if self.layer_stats else ()
        snap_w = {n: a.copy() for n, a in self.model.state_dict().items()} if self.snapshots \
            else {}
        snap_g = {n: self.backend.to_host(g).copy() for n, g in self.model.gradients().items()} \
            if self.snapshots else {}
        grid, maps, units = self.grid_pictures()
        seconds = self._epoch_seconds
        event = EpochEvent(self.epoch, self.step_count, train_loss, val_loss, train_metrics,
                           val_metrics, lr, seconds, n / seconds if seconds > 0 else 0.0,
                           stats, snap_w, snap_g, confusion, grid, maps, predicted,
                           units, self.plane_choice)
        events = [event]
        if not math.isfinite(train_loss) or (val_loss is not None and not math.isfinite(val_loss)):
            events.append(self._diverged(self.step_count, self.epoch, "loss"))
            return events
        state = self.model.state_dict()
        if not state_finite(state):
            # The loss of the epoch's last batch was computed before its update: weights
            # that overflowed in that update show only here.
            events.append(self._diverged(self.step_count, self.epoch, "weights"))
            return events
        self._finite_state = state
        if self.early_stopping.update(monitored, self.epoch, state):
            best = self.early_stopping.best
            best_loss, best_epoch, state = best.loss, best.epoch, best.state
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

    def _evaluate(self, x, target, y_host):
        """Loss, metrics, confusion matrix, dead ReLU units and the predicted classes
        (None for regression) on a held-out set, :data:`EVAL_ROWS` rows at a time (a
        large set's activations, or a streamed set, never whole in memory)."""
        xp, n = self.xp, len(y_host)
        loss = sse = correct = 0.0
        alive, preds = {}, []
        for a in range(0, n, EVAL_ROWS):
            b = min(a + EVAL_ROWS, n)
            h = self.model.as_input(self.backend.asarray(x[a:b]))
            for i, layer in enumerate(self.model.layers[:self._stop()]):
                h = layer.forward(h, training=False)
                if self.layer_stats and type(layer).can_die:  # dead: 0 for every row
                    seen = (h > 0).any(axis=0 if h.ndim == 2 else (0, 2, 3))
                    alive[i] = seen if i not in alive else alive[i] | seen
            loss += float(self.objective.loss(h, target[a:b])[0]) * (b - a) / n
            if self.task == "classification":
                y = xp.asarray(y_host[a:b])
                correct += float(self.metrics.correct(h, y))
                if h.shape[1] == 1:
                    preds.append(self.backend.to_host(h[:, 0] > self.metrics.threshold))
                else:
                    preds.append(self.backend.to_host(h.argmax(axis=1)))
            else:
                out = h if self.objective.stop is None else self.model.layers[-1].forward(h)
                diff = out - target[a:b]
                sse += float((diff * diff).sum())
        dead = {i: 1.0 - float(xp.count_nonzero(m)) / m.shape[0] if m.shape[0] else 0.0
                for i, m in alive.items()}
        confusion = pred = None
        if self.task == "classification":
            metrics = {"accuracy": correct / n}
            pred = np.concatenate(preds).astype(np.int64)
            confusion = confusion_matrix(y_host, pred, max(self.prepared.train.n_classes, 2))
        else:
            metrics = regression_metrics(sse, target)
        return loss, metrics, confusion, dead, pred

    def _stop(self) -> int:
        """Layers the loss sees: all, or all but the one fused into the loss."""
        return self.objective.stop if self.objective.stop is not None else len(self.model.layers)

    # ---------------------------------------------------------------- finishing
    def _diverged(self, iteration: int, epoch: int, what: str) -> FinishedEvent:
        """Finish as diverged, going back to the last finite weights if these are not.

        ``what`` is ``"loss"`` (the loss became NaN or infinite) or ``"weights"`` (an
        update made a weight NaN or infinite while the loss still looked finite).
        """
        if not state_finite(self.model.state_dict()):
            self.model.load_state_dict(self._finite_state)
        cause = "the loss became NaN or infinite" if what == "loss" else \
            "the weights became NaN or infinite (the loss was still finite)"
        return self._finish("diverged", f"Training diverged at iteration {iteration} "
                            f"(epoch {epoch}): {cause}. The last finite weights are kept; try a "
                            "lower learning rate.")

    def _finish(self, reason: str, message: str) -> FinishedEvent:
        self.finished = FinishedEvent(reason, message, self.epoch, self.step_count,
                                      self.early_stopping.best.epoch or None)
        return self.finished

