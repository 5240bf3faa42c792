"""One training iteration explained: every number of forward, loss, backward and update.

The primer's iteration (前向传播 → 损失函数 → 反向传播 → 优化器) is replayed on *copies* of the
model, the loss and the optimizer with the engine's own code (the layers' ``forward`` and
``backward``, the loss, the L1/L2 penalty and the optimizer's ``step``), so the numbers
are those the trainer computes, and the real network and optimizer do not change. For each
column of the network diagram (a dense layer and the layers after it, e.g. ReLU):

* forward: the weighted sums ``z = a_prev·Wᵀ + b`` and activations ``a``, per sample;
* loss: the network's output, the prediction, the target and each sample's loss;
* backward: ``δ = ∂L/∂z`` per neuron and ``∂L/∂W = δᵀ·a_prev`` (summed over the batch),
  ``∂L/∂b = Σ δ``;
* update: every parameter before and after the optimizer's step, ``Δθ`` and the
  optimizer's state before and after it (momentum buffer, Adam's ``m`` and ``v`` …), in
  the textbook scale (the optimizers store some of it unscaled: :mod:`core.optim.base`).

Everything returned is a frozen dataclass of host NumPy values in the engine's dtype.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

import numpy as np

from core.errors import SpecError
from core.nn.model import Model, Objective
from core.optim.base import Optimizer, make_optimizer
from core.optim.penalties import penalty_gradients, penalty_value
from core.training.decision_grid import column_ends

#: Most samples one explanation replays: it keeps every layer's output and gradient for
#: each of them (the diagram shows one at a time).
MAX_EXPLAINED_ROWS = 1024


@dataclass(frozen=True)
class ColumnStep:
    """One column of the diagram: a dense layer and the layers after it.

    Attributes
    ----------
    layer, end : int
        Index of the dense layer in the model, and of the column's last layer.
    weight_name, bias_name : str, str or None
        The parameters (``"0.weight"``, ``"0.bias"``).
    after : tuple of str
        Layer types between the dense layer and the column's end (``("relu",)``); the
        fused output activation (softmax) included.
    inputs : ndarray, shape (batch, in)
        ``a`` of the previous column: what the dense layer reads.
    z, a : ndarray, shape (batch, out)
        Weighted sums ``z = inputs·Wᵀ + b`` and the column's outputs (its activations).
    delta : ndarray, shape (batch, out)
        ``δ = ∂L/∂z`` per sample (the loss's mean is inside: ``1/N`` included).
    grad_a : ndarray or None, shape (batch, out)
        ``∂L/∂a``; None for the output column whose activation is fused into the loss.
    stages : tuple of LayerStage
        Each layer between the dense layer and ``a`` that the trainer's forward ran (batch
        norm, the activation, dropout …; not the fused output activation), in order: what
        turns ``z`` into ``a``.
    """

    layer: int
    end: int
    weight_name: str
    bias_name: str | None
    after: tuple[str, ...]
    inputs: np.ndarray
    z: np.ndarray
    a: np.ndarray
    delta: np.ndarray
    grad_a: np.ndarray | None
    stages: tuple = ()


@dataclass(frozen=True)
class LayerStage:
    """One layer between a column's weighted sum ``z`` and its activations ``a``.

    Attributes
    ----------
    type : str
        The layer's registry name (``"batch_norm"``, ``"relu"``, ``"dropout"`` …).
    inputs, output : ndarray, shape (batch, out)
        What the layer read and what it returned in the trainer's forward (training mode).
    grad_in, grad_out : ndarray, shape (batch, out)
        ``∂L/∂inputs`` and ``∂L/∂output`` from the engine's backward.
    values : dict
        Batch norm: the batch's ``"mean"`` μ_B and ``"var"`` σ²_B per feature, the layer's
        ``"gamma"`` γ and ``"beta"`` β (before the step) and ``"eps"``; dropout: ``"p"`` and
        the ``"mask"`` (batch, out) it multiplied by (0 or 1/(1−p)). Empty otherwise.
    """

    type: str
    inputs: np.ndarray
    output: np.ndarray
    grad_in: np.ndarray
    grad_out: np.ndarray
    values: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ParameterUpdate:
    """One parameter array through the optimizer's step.

    ``gradient`` is back propagation's ``∂L/∂θ``; ``penalty`` the L1/L2 gradient added to it
    (None without a penalty); the optimizer receives ``gradient + penalty``. ``state_before``
    and ``state_after`` hold the optimizer's state for this parameter in the textbook scale
    (``"momentum buffer"``, ``"m"``, ``"v"``, …); empty for plain SGD. ``frozen``: the
    parameter's layer is frozen, so the step leaves it (and its state) unchanged.
    """

    name: str
    before: np.ndarray
    gradient: np.ndarray
    penalty: np.ndarray | None
    after: np.ndarray
    state_before: dict = field(default_factory=dict)
    state_after: dict = field(default_factory=dict)
    frozen: bool = False

    @property
    def total_gradient(self) -> np.ndarray:
        """``g``: what the optimizer received."""
        return self.gradient if self.penalty is None else self.gradient + self.penalty

    @property
    def delta(self) -> np.ndarray:
        """``Δθ = θ_after − θ_before``, exactly as the step changed the array."""
        return self.after - self.before


@dataclass(frozen=True)
class StepExplanation:
    """One iteration on one batch, explained (see the module docstring).

    Attributes
    ----------
    rows : tuple of int or None
        Rows of the training set in the batch, when known.
    x : ndarray, shape (batch, features)
        The inputs.
    target : ndarray, shape (batch, outputs)
        What the loss compares with (one-hot rows for cross-entropy).
    labels : ndarray or None, shape (batch,)
        The class labels (classification), else None.
    output : ndarray, shape (batch, outputs)
        What the loss received: the logits when the last activation is fused into it.
    prediction : ndarray, shape (batch, outputs)
        The network's outputs (after the fused activation: class probabilities).
    loss_type : str
        The loss's registry name.
    fused_activation : str or None
        The output activation the loss applies itself (softmax, sigmoid), if fused.
    data_loss : float
        The loss of the batch (the mean of ``sample_losses`` up to rounding).
    penalty : float
        The L1/L2 penalty added to it (0 without).
    sample_losses : ndarray, shape (batch,)
        Each sample's loss, from the engine's loss on that row alone.
    columns : tuple of ColumnStep
    updates : tuple of ParameterUpdate
        Every parameter, in the model's order.
    optimizer : dict
        The optimizer's configuration (``{"type": "adam", "lr": …, …}``).
    lr : float
        The learning rate of this step.
    step_before : int
        Steps the optimizer had taken; this one is number ``step_before + 1`` (``t``).
    before : tuple of str
        Types of the layers before the first column's dense layer (convolutions, pooling,
        flatten …): the first column's ``inputs`` are their flattened output, not ``x``.
    """

    rows: tuple[int, ...] | None
    x: np.ndarray
    target: np.ndarray
    labels: np.ndarray | None
    output: np.ndarray
    prediction: np.ndarray
    loss_type: str
    fused_activation: str | None
    data_loss: float
    penalty: float
    sample_losses: np.ndarray
    columns: tuple[ColumnStep, ...]
    updates: tuple[ParameterUpdate, ...]
    optimizer: dict
    lr: float
    step_before: int
    before: tuple[str, ...] = ()

    @property
    def loss(self) -> float:
        """What the trainer reports for this iteration: data loss plus penalty."""
        return self.data_loss + self.penalty

    @property
    def batch_size(self) -> int:
        return int(self.x.shape[0])

    def update(self, name: str) -> ParameterUpdate:
        """The update of the parameter ``name`` (``"2.weight"``)."""
        for each in self.updates:
            if each.name == name:
                return each
        raise KeyError(name)


def state_scales(optimizer: Optimizer) -> dict[str, tuple[str, float]]:
    """How the optimizer's stored state reads in the textbook's terms.

    Returns ``{stored key: (name, factor)}``: the textbook value is ``factor · stored``
    (Adam keeps ``m' = m/(1−β1)``, RMSprop ``v' = v/(1−α)`` and ``b' = √(1−α)·b``; see
    :mod:`core.optim.base`). Scratch buffers are left out.
    """
    h, name = optimizer.hyper, optimizer.name
    if name in ("adam", "adamw"):
        b1, b2 = h["betas"]
        return {"m": ("m", 1.0 - b1), "v": ("v", 1.0 - b2), "vmax": ("v max", 1.0 - b2)}
    if name == "rmsprop":
        alpha = h["alpha"]
        return {"v": ("v", 1.0 - alpha), "ga": ("mean g", 1.0 - alpha),
                "buf": ("momentum buffer", 1.0 / float(np.sqrt(1.0 - alpha)))}
    if name == "sgd":
        return {"buf": ("momentum buffer", 1.0)}
    if name == "adagrad":
        return {"sum": ("sum of g²", 1.0)}
    return {}


def _host(backend, a) -> np.ndarray:
    return np.array(backend.to_host(a), copy=True)


def _twin_model(model: Model) -> Model:
    """A deep copy of ``model`` (dropout's generator included) with its own flat arrays."""
    be = model.backend
    twin = copy.deepcopy(model, {id(be): be, id(be.xp): be.xp, id(np): np})
    twin.flat_parameters = twin._pack("params")   # deepcopy separated the views: re-tile
    twin.flat_gradients = twin._pack("grads")
    return twin


def _twin_optimizer(optimizer: Optimizer, params: dict) -> Optimizer:
    """An optimizer over ``params`` with a copy of ``optimizer``'s state and step count."""
    twin = make_optimizer(optimizer.config(), params, xp=optimizer.xp, path=optimizer.path,
                          compiled=optimizer.compiled is not None)
    twin.step_count = optimizer.step_count
    twin._shared_ok = optimizer._shared_ok
    twin.freeze(optimizer.frozen)     # a frozen layer's update is zero, as the trainer's
    twin.state = {name: {k: (v if k == "t" else v.copy()) for k, v in st.items()}
                  for name, st in optimizer.state.items()}
    return twin


def _state(backend, optimizer: Optimizer, name: str, scales: dict) -> dict:
    st = optimizer.state.get(name) or {}
    return {label: _host(backend, st[key]) * np.asarray(factor, dtype=st[key].dtype)
            for key, (label, factor) in scales.items() if key in st}


def explain_step(model: Model, objective: Objective, optimizer: Optimizer, x, target,
                 labels=None, *, l1: float = 0.0, l2: float = 0.0, penalized=(),
                 rows=None) -> StepExplanation:
    """Replay one training iteration on copies and return every number of it.

    Parameters
    ----------
    model, objective, optimizer
        The trainer's; none of them changes (they are copied, state included).
    x : array, shape (batch, features)
        The batch's inputs on the model's backend (or host arrays).
    target : array
        The loss's targets for the batch (``objective.prepare_target(y)``).
    labels : ndarray, optional
        Class labels, kept for display.
    l1, l2, penalized
        The trainer's L1/L2 penalty and the parameters it applies to.
    rows : sequence of int, optional
        The batch's rows in the training set, kept for display.

    Returns
    -------
    StepExplanation
        The update it describes is, bit for bit, what ``Trainer.step`` applies on the same
        batch (tested).

    Raises
    ------
    SpecError
        An empty batch, or one of more than :data:`MAX_EXPLAINED_ROWS` samples.
    """
    be = model.backend
    xp = be.xp
    n = int(x.shape[0])
    if not 1 <= n <= MAX_EXPLAINED_ROWS:
        raise SpecError(f"explaining a step keeps every neuron's values for each sample of "
                        f"the batch, so it takes 1 to {MAX_EXPLAINED_ROWS:,} samples; this "
                        f"batch has {n:,}: choose one training sample instead")
    twin = _twin_model(model)
    loss = copy.deepcopy(objective.loss)
    loss.reuse = twin.reuse_buffers
    stop = objective.stop if objective.stop is not None else len(twin.layers)
    x = be.asarray(x)
    target = be.asarray(target)

    # forward (training mode, as the trainer's), each layer's output kept
    outs, kept = [], {}
    h = twin.as_input(x)
    for k, layer in enumerate(twin.layers[:stop]):
        stats = _batch_statistics(be, layer, h)
        h = layer.forward(h, True)
        outs.append(_host(be, h))
        if stats is not None:
            kept[k] = stats
        elif getattr(layer, "_mask", None) is not None and "p" in twin.specs[k]:
            kept[k] = {"p": float(twin.specs[k]["p"]), "mask": _host(be, layer._mask)}
    value, grad = loss(h, target)
    output = outs[-1]
    data_loss = float(value)

    # backward, each layer's output gradient kept
    grad_out: list = [None] * stop
    g = grad
    for k in range(stop - 1, -1, -1):
        grad_out[k] = _host(be, g)
        g = twin.layers[k].backward(g)
        if g is None:
            break

    params, grads = twin.parameters(), twin.gradients()
    raw = {name: _host(be, g) for name, g in grads.items()}
    penalty, added = 0.0, {}
    if l1 or l2:
        penalty = penalty_value(params, penalized, l1, l2, xp)
        added = {name: xp.zeros_like(params[name]) for name in penalized}
        penalty_gradients(params, added, penalized, l1, l2, xp)
        penalty_gradients(params, grads, penalized, l1, l2, xp, {})
    before = {name: _host(be, p) for name, p in params.items()}
    twin_opt = _twin_optimizer(optimizer, params)
    scales = state_scales(optimizer)
    state_before = {name: _state(be, twin_opt, name, scales) for name in params}
    step_before, lr = twin_opt.step_count, twin_opt.lr
    twin_opt.step(grads)
    updates = tuple(ParameterUpdate(
        name, before[name], raw[name],
        _host(be, added[name]) if name in added else None,
        _host(be, params[name]), state_before[name], _state(be, twin_opt, name, scales),
        name in twin_opt.frozen)
        for name in params)

    # the prediction through the fused activation, and each sample's loss
    prediction = output
    if stop < len(twin.layers):
        tail = be.asarray(output)
        for layer in twin.layers[stop:]:
            tail = layer.forward(tail, False)
        prediction = _host(be, tail)
    single = copy.deepcopy(objective.loss)
    single.reuse = False
    out_dev = be.asarray(output)
    sample_losses = np.array([float(single(out_dev[i:i + 1], target[i:i + 1])[0])
                              for i in range(n)])

    columns = _columns(twin, stop, _host(be, twin.as_input(x)), outs, grad_out, kept, before)
    first = columns[0].layer if columns else 0
    return StepExplanation(
        rows=None if rows is None else tuple(int(r) for r in rows), x=_host(be, x),
        target=_host(be, target), labels=None if labels is None else np.asarray(labels).copy(),
        output=output, prediction=prediction, loss_type=loss.type_name,
        fused_activation=objective.head.fused_activation if objective.fused else None,
        data_loss=data_loss, penalty=float(penalty), sample_losses=sample_losses,
        columns=columns, updates=updates, optimizer=optimizer.config(), lr=float(lr),
        step_before=int(step_before),
        before=tuple(twin.specs[k]["type"] for k in range(first)))


def _batch_statistics(be, layer, h):
    """A dense batch norm's batch mean and variance of its input ``h`` (the engine's own
    arithmetic), or None for any other layer."""
    if type(layer).__name__ != "BatchNorm" or getattr(layer, "_axes", None) != 0:
        return None
    mean = h.mean(axis=0)
    centered = h - mean
    var = (centered * centered).mean(axis=0)
    return {"mean": _host(be, mean), "var": _host(be, var), "eps": float(layer.eps)}


def _columns(model: Model, stop: int, x_in: np.ndarray, outs: list, grad_out: list,
             kept: dict, before: dict):
    """The diagram's columns from the kept outputs and output gradients of each layer."""
    classes = [type(layer) for layer in model.layers]
    columns = []
    starts = [i for i, cls in enumerate(classes) if cls.diagram_weights is not None]
    for i, end in zip(starts, column_ends(classes)):
        weight, bias = classes[i].diagram_weights
        layer = model.layers[i]
        inputs = x_in if i == 0 else outs[i - 1]
        last = min(end, stop - 1)
        columns.append(ColumnStep(
            layer=i, end=end, weight_name=f"{i}.{weight}",
            bias_name=f"{i}.{bias}" if bias in layer.params else None,
            after=tuple(model.specs[k]["type"] for k in range(i + 1, end + 1)),
            inputs=inputs.reshape(inputs.shape[0], -1), z=outs[i],
            a=outs[last] if end < stop else _tail(model, outs[stop - 1], stop, end),
            delta=grad_out[i], grad_a=grad_out[end] if end < stop else None,
            stages=tuple(_stage(model, k, outs, grad_out, kept, before)
                         for k in range(i + 1, last + 1))))
    return tuple(columns)


def _stage(model: Model, k: int, outs: list, grad_out: list, kept: dict,
           before: dict) -> LayerStage:
    values = dict(kept.get(k, {}))
    if "mean" in values:
        values["gamma"] = before[f"{k}.weight"]
        values["beta"] = before[f"{k}.bias"]
    return LayerStage(model.specs[k]["type"], outs[k - 1], outs[k], grad_out[k - 1],
                      grad_out[k], values)


def _tail(model: Model, h: np.ndarray, stop: int, end: int) -> np.ndarray:
    """Layers ``stop..end`` (the fused output activation) in evaluation mode, on the host."""
    be = model.backend
    out = be.asarray(h)
    for layer in model.layers[stop:end + 1]:
        out = layer.forward(out, False)
    return _host(be, out)


def next_batch_rows(trainer) -> np.ndarray:
    """Rows of the training set that ``trainer``'s next iteration trains on.

    At an epoch's start the order is drawn from a copy of the trainer's generator, as the
    trainer will draw it (:class:`core.training.epoch_batches.EpochBatches`).
    """
    batches = trainer.batches
    start = trainer._iter_in_epoch * trainer.batch_size
    stop = min(start + trainer.batch_size, trainer.n_epoch)
    if trainer._iter_in_epoch == 0:
        order = copy.deepcopy(batches.rng).permutation(batches.n) \
            if batches.shuffle and batches.batch_size < batches.n else None
    else:
        order = None if batches.order is None else trainer.backend.to_host(batches.order)
    if order is None:
        return np.arange(start, stop)
    return np.asarray(order[start:stop], dtype=np.int64)


def explain_trainer_step(trainer, rows=None) -> StepExplanation:
    """Explain one iteration of ``trainer`` on the training rows ``rows`` (default: the
    batch its next iteration trains on). The trainer does not change.

    Raises
    ------
    SpecError
        A row outside the training set, or too many rows.
    """
    if rows is None:
        rows = next_batch_rows(trainer)
    rows = np.asarray(rows, dtype=np.int64).reshape(-1)
    if rows.size and (rows.min() < 0 or rows.max() >= trainer.n_train):
        bad = int(rows.min() if rows.min() < 0 else rows.max())
        raise SpecError(f"sample: expected a row of the training set, 0 to "
                        f"{trainer.n_train - 1}, got {bad}")
    xp = trainer.xp
    index = xp.asarray(rows)
    labels = trainer.prepared.train.y[rows] if trainer.task == "classification" else None
    return explain_step(trainer.model, trainer.objective, trainer.optimizer,
                        xp.take(trainer.x_train, index, axis=0),
                        xp.take(trainer.t_train, index, axis=0), labels,
                        l1=trainer.l1, l2=trainer.l2, penalized=trainer.penalized, rows=rows)
