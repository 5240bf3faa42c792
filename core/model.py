"""The sequential network, its loss objective, and the analysis of a layer stack.

Parameters and gradients are addressed by the names an equivalent PyTorch
``nn.Sequential`` would use: ``"0.weight"`` shaped ``(out, in)``, ``"0.bias"``; a prelu
at index k has ``"k.weight"``; batch_norm adds ``running_mean``, ``running_var`` and
``num_batches_tracked`` buffers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from core import registry
from core.backend import Backend, get_backend
from core.errors import SpecError, WeightsError
from core.layers import ACTIVATION_TYPES
from core.losses import FUSED_ACTIVATION, Loss, make_loss


def normalize_layers(layers, path: str = "model.layers") -> list[dict]:
    """Validate a list of layer specs; return them with canonical names and defaults."""
    if not isinstance(layers, list):
        raise SpecError(f"{path}: expected a list of layers, got {type(layers).__name__}")
    if not layers:
        raise SpecError(f"{path}: expected at least one layer, got an empty list")
    return [registry.normalize("layer", spec, f"{path}[{i}]") for i, spec in enumerate(layers)]


class Model:
    """A stack of layers applied one after the other.

    Parameters
    ----------
    layers : list of dict
        Layer specs, e.g. ``[{"type": "dense", "units": 16}, {"type": "relu"}, ...]``.
    input_width : int
        Number of input features.
    backend : Backend, optional
        Array backend and dtype (default: CPU, float32).
    seed : int
        Seeds the one generator every initializer and dropout mask is drawn from.
    """

    def __init__(self, layers, input_width: int, backend: Backend | None = None, seed: int = 0,
                 path: str = "model.layers"):
        self.specs = normalize_layers(layers, path)
        self.backend = backend or get_backend("cpu")
        self.input_width = int(input_width)
        self.seed = seed
        rng = np.random.default_rng(seed)
        self.layers = []
        width = self.input_width
        for spec in self.specs:
            entry = registry.get("layer", spec["type"])
            layer = entry.factory(**{k: v for k, v in spec.items() if k != "type"})
            width = layer.build(width, self.backend, rng)
            self.layers.append(layer)
        self.output_width = width
        first = self.layers[0]
        if hasattr(first, "needs_input_grad"):
            first.needs_input_grad = False  # nobody needs d loss / d data
        self.flat_parameters = self._pack("params")
        self.flat_gradients = self._pack("grads")
        self._reuse_buffers = False

    def _pack(self, store: str):
        """Move every layer's ``params`` (or ``grads``) into one contiguous 1-D array.

        Each named array becomes a view into the flat array, in :meth:`parameters`
        order, so code that addresses them by name is unchanged, while the optimizer can
        update all of them with one call per operation instead of one per array (a tiny
        network's step is dominated by the number of calls). Returns the flat array, or
        None when there is nothing to pack.
        """
        arrays = [(layer, n, a) for layer in self.layers for n, a in getattr(layer, store).items()]
        if not arrays or len({a.dtype for _, _, a in arrays}) != 1:
            return None
        flat = self.backend.xp.empty(sum(int(a.size) for _, _, a in arrays), dtype=arrays[0][2].dtype)
        offset = 0
        for layer, n, a in arrays:
            view = flat[offset:offset + a.size].reshape(a.shape)
            view[...] = a
            getattr(layer, store)[n] = view
            offset += int(a.size)
        return flat

    @property
    def reuse_buffers(self) -> bool:
        """Whether training-mode passes write into per-batch-shape buffers owned by the layers.

        On (the trainer turns it on), the arrays that :meth:`forward` with
        ``training=True`` and :meth:`backward` return stay valid only until the next
        training pass; evaluation (``training=False``) always returns fresh arrays.
        """
        return self._reuse_buffers

    @reuse_buffers.setter
    def reuse_buffers(self, on: bool) -> None:
        self._reuse_buffers = bool(on)
        for layer in self.layers:
            layer.reuse = self._reuse_buffers

    # ---------------------------------------------------------- parameters
    def parameters(self) -> dict:
        """``{"0.weight": array, ...}``: the live parameter arrays (updated in place)."""
        return {f"{i}.{n}": p for i, layer in enumerate(self.layers) for n, p in layer.params.items()}

    def gradients(self) -> dict:
        """Gradients under the same names as :meth:`parameters`."""
        return {f"{i}.{n}": g for i, layer in enumerate(self.layers) for n, g in layer.grads.items()}

    def buffers(self) -> dict:
        return {f"{i}.{n}": b for i, layer in enumerate(self.layers) for n, b in layer.buffers.items()}

    def n_params(self) -> int:
        return sum(layer.n_params() for layer in self.layers)

    def state_dict(self) -> dict[str, np.ndarray]:
        """Host NumPy copies of every parameter and buffer, by PyTorch state_dict name."""
        out = {}
        for i, layer in enumerate(self.layers):
            for n, a in {**layer.params, **layer.buffers}.items():
                out[f"{i}.{n}"] = np.array(self.backend.to_host(a), copy=True, order="C")
        return out

    def load_state_dict(self, state: dict, source: str = "weights") -> None:
        """Copy ``state`` into the model; every name and shape is checked before any copy.

        Raises
        ------
        WeightsError
            Listing every missing, unexpected or mis-shaped name at once.
        """
        expected = {f"{i}.{n}": a for i, layer in enumerate(self.layers)
                    for n, a in {**layer.params, **layer.buffers}.items()}
        problems = []
        for name, target in expected.items():
            if name not in state:
                if not name.endswith("num_batches_tracked"):
                    problems.append(f"{name} is missing (expected shape {tuple(target.shape)})")
            elif tuple(np.shape(state[name])) != tuple(target.shape):
                problems.append(f"{name} has shape {tuple(np.shape(state[name]))}, "
                                f"expected {tuple(target.shape)}")
        extra = [n for n in state if n not in expected and not n.startswith("preprocess.")
                 and n != "experiment"]
        problems += [f"{n} is not a parameter of this network" for n in sorted(extra)]
        if problems:
            raise WeightsError(f"{source} does not fit the network: " + "; ".join(problems) + ".")
        for i, layer in enumerate(self.layers):
            for store in (layer.params, layer.buffers):
                for n in store:
                    name = f"{i}.{n}"
                    if name not in state:
                        continue
                    if isinstance(store[n], np.ndarray) and store[n].dtype == np.int64:
                        store[n] = np.array(state[name], dtype=np.int64)
                    else:
                        store[n][...] = self.backend.asarray(state[name])

    # ---------------------------------------------------------- passes
    def forward(self, x, training: bool = False, stop: int | None = None):
        """Run layers ``[0, stop)`` on ``x`` (batch, input_width); return the output."""
        for layer in self.layers[:stop]:
            x = layer.forward(x, training)
        return x

    def backward(self, grad, stop: int | None = None):
        """Back-propagate ``grad`` (d loss / d output of layer ``stop - 1``) to every parameter."""
        for layer in reversed(self.layers[:stop]):
            grad = layer.backward(grad)
            if grad is None:
                break
        return grad

    def predict(self, x, batch_size: int = 4096) -> np.ndarray:
        """The network's outputs for host inputs ``x`` (N, input_width), as host float64."""
        x = np.asarray(x)
        outs = []
        for start in range(0, max(len(x), 1), batch_size):
            xb = self.backend.asarray(x[start:start + batch_size])
            outs.append(self.backend.to_host(self.forward(xb, training=False)))
        return np.concatenate(outs).astype(np.float64) if outs else np.zeros((0, self.output_width))


class Objective:
    """A model and a loss, with the last activation fused into the loss where it can be.

    When the network ends in softmax and the loss is cross-entropy (or sigmoid and binary
    cross-entropy) the loss receives the logits, the input of that last layer, and back
    propagation starts below it: ``d loss / d logits = (p − t)/N`` never overflows.
    Otherwise the network's output is taken as logits by the classification losses.
    """

    def __init__(self, model: Model, loss: Loss | dict | str):
        self.model = model
        self.loss = make_loss(loss) if not isinstance(loss, Loss) else loss
        last = model.specs[-1]["type"]
        self.fused = FUSED_ACTIVATION.get(self.loss.type_name) == last
        self.stop = len(model.layers) - 1 if self.fused else None

    def prepare_target(self, y):
        be = self.model.backend
        return self.loss.prepare_target(y, self.model.output_width, be.xp, be.dtype)

    def loss_and_grad(self, x, target):
        """Forward in training mode, loss, and backward.

        Returns ``(loss, out)``: the loss as a 0-d array and the output the loss saw
        (the logits when fused).
        """
        model = self.model
        self.loss.reuse = model.reuse_buffers
        out = model.forward(x, training=True, stop=self.stop)
        value, grad = self.loss(out, target)
        model.backward(grad, stop=self.stop)
        return value, out

    def loss_value(self, x, target, training: bool = False):
        """The loss without back propagation."""
        out = self.model.forward(x, training=training, stop=self.stop)
        return self.loss(out, target)[0]


# ---------------------------------------------------------------- analysis

@dataclass(frozen=True)
class LayerInfo:
    index: int
    type: str
    title: str
    out_width: int
    n_params: int
    summary: str


@dataclass(frozen=True)
class Finding:
    """One problem or piece of advice about a layer stack.

    ``fix`` is ``None`` or a dict understood by :func:`apply_fix`, with a ``label``.
    """

    severity: str  # "error" | "warning"
    message: str
    layer: int | None = None
    fix: dict | None = None


@dataclass(frozen=True)
class Analysis:
    layers: list[LayerInfo] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    total_params: int = 0

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors


def _layer_params(spec: dict, in_width: int) -> tuple[int, int]:
    """(output width, parameter count) of a normalized layer spec."""
    t = spec["type"]
    if t == "dense":
        return spec["units"], spec["units"] * in_width + (spec["units"] if spec["bias"] else 0)
    if t == "batch_norm":
        return in_width, 2 * in_width
    if t == "prelu":
        return in_width, 1
    return in_width, 0


def _summary(spec: dict) -> str:
    entry = registry.get("layer", spec["type"])
    parts = []
    for p in entry.params:
        if spec.get(p.name) != p.default or p.name == "units":
            parts.append(f"{p.name}={spec[p.name]}" if p.name != "units" else
                         f"{spec[p.name]} unit{'' if spec[p.name] == 1 else 's'}")
    return ", ".join(parts)


def analyze(layers, input_width: int, n_outputs: int | None = None, task: str | None = None,
            loss: str | dict | None = None) -> Analysis:
    """Check a layer stack before training, the way a careful colleague would.

    Parameters
    ----------
    layers : list of dict
        Layer specs (not necessarily valid: invalid ones become error findings).
    input_width : int
        Number of input features.
    n_outputs : int, optional
        Classes (classification) or target columns (regression) the output must match.
    task : {"classification", "regression"}, optional
    loss : str or dict, optional
        The loss spec or name.

    Returns
    -------
    Analysis
        Per layer: output width and parameter count; findings with severity ``error``
        (training impossible) or ``warning`` (advice), with one-click fixes where obvious.
    """
    findings: list[Finding] = []
    infos: list[LayerInfo] = []
    loss_name = None
    if loss is not None:
        try:
            loss_name = registry.normalize("loss", loss, "loss")["type"]
        except SpecError as exc:
            findings.append(Finding("error", str(exc)))
    if not isinstance(layers, list) or not layers:
        findings.append(Finding("error", "The network has no layers: add at least one dense "
                                "layer.", fix={"action": "append", "label": "add a dense layer",
                                               "spec": {"type": "dense",
                                                        "units": n_outputs or 1}}))
        return Analysis([], findings, 0)
    width, total = input_width, 0
    specs: list[dict | None] = []
    for i, raw in enumerate(layers):
        try:
            spec = registry.normalize("layer", raw, f"model.layers[{i}]")
        except SpecError as exc:
            findings.append(Finding("error", str(exc), i))
            specs.append(None)
            continue
        specs.append(spec)
        width, count = _layer_params(spec, width)
        total += count
        infos.append(LayerInfo(i, spec["type"], registry.get("layer", spec["type"]).title,
                               width, count, _summary(spec)))
    valid = [(i, s) for i, s in enumerate(specs) if s is not None]
    types = [s["type"] for _, s in valid]
    last_index, last_type = valid[-1] if valid else (None, None)
    last_type = last_type["type"] if last_type else None

    for pos, (i, s) in enumerate(valid):
        if s["type"] == "softmax" and pos != len(valid) - 1:
            findings.append(Finding("error", f"Layer {i} (softmax) is not the last layer: softmax "
                                    "belongs in the output layer only.", i,
                                    {"action": "remove", "label": "remove this softmax",
                                     "layer": i}))
    dense_positions = [pos for pos, (_, s) in enumerate(valid) if s["type"] == "dense"]
    for a, b in zip(dense_positions, dense_positions[1:]):
        between = [valid[p][1]["type"] for p in range(a + 1, b)]
        if not any(t in ACTIVATION_TYPES and t != "identity" for t in between):
            i = valid[b][0]
            findings.append(Finding(
                "warning", f"No activation between dense layers {valid[a][0]} and {i}: together "
                "they are one linear map, so the extra layer adds nothing.", i,
                {"action": "insert", "label": "insert ReLU", "index": i,
                 "spec": {"type": "relu"}}))
    for (i, s), (j, t) in zip(valid, valid[1:]):
        if s["type"] in ACTIVATION_TYPES and t["type"] in ACTIVATION_TYPES \
                and "identity" not in (s["type"], t["type"]):
            findings.append(Finding("warning", f"Two activations in a row (layers {i} and {j}: "
                                    f"{s['type']}, {t['type']}); usually one is enough.", j,
                                    {"action": "remove", "label": f"remove layer {j}",
                                     "layer": j}))
    if last_type == "dropout":
        findings.append(Finding("warning", f"Dropout is the last layer ({last_index}): it would "
                                "randomly zero the network's outputs while training.", last_index,
                                {"action": "remove", "label": "remove the final dropout",
                                 "layer": last_index}))
    if not dense_positions and valid:
        findings.append(Finding("warning", "The network has no dense layer, so it has nothing "
                                "to learn.", None))

    classification = task == "classification"
    if loss_name == "cross_entropy" and last_type == "sigmoid" and (n_outputs or width) > 1:
        findings.append(Finding("warning", "Sigmoid output with multi-class cross-entropy: "
                                "use softmax so the class probabilities sum to 1.", last_index,
                                {"action": "replace", "label": "use softmax", "layer": last_index,
                                 "spec": {"type": "softmax"}}))
    elif loss_name == "cross_entropy" and last_type != "softmax":
        findings.append(Finding("warning", "Cross-entropy expects a softmax output layer; "
                                "without it the outputs are read as raw scores (logits).", None,
                                {"action": "append", "label": "add softmax for cross-entropy",
                                 "spec": {"type": "softmax"}}))
    if loss_name in ("mse", "mae", "huber") and last_type == "softmax":
        findings.append(Finding("warning", f"{loss_name.upper()} on a softmax output learns "
                                "slowly; cross-entropy is the loss for class probabilities.",
                                last_index, {"action": "set_loss", "label": "use cross-entropy",
                                             "loss": {"type": "cross_entropy"}}))
    if loss_name == "binary_cross_entropy" and last_type == "softmax":
        findings.append(Finding("warning", "Binary cross-entropy on a softmax output: use a "
                                "single sigmoid unit, or cross-entropy.", last_index))
    if classification and loss_name in registry.names("loss") and \
            registry.get("loss", loss_name).extra.get("task") == "regression":
        findings.append(Finding("warning", f"{loss_name.upper()} is a regression loss on a "
                                "classification task; cross-entropy usually trains better.", None,
                                {"action": "set_loss", "label": "use cross-entropy",
                                 "loss": {"type": "cross_entropy"}}))

    if n_outputs and valid and all(s is not None for s in specs):
        expected = n_outputs
        if classification and loss_name == "binary_cross_entropy" and n_outputs == 2:
            expected = 1
        if width != expected and not (classification and n_outputs == 2 and width == 1
                                      and loss_name == "binary_cross_entropy"):
            what = f"{expected} class{'es' if expected != 1 else ''}" if classification and \
                expected > 1 else f"{expected} output{'s' if expected != 1 else ''}"
            if classification and expected == 1:
                what = "1 output (the probability of class 1)"
            msg = f"The network outputs {width} value{'s' if width != 1 else ''} but the task " \
                  f"needs {what}."
            fix, k = None, None
            if dense_positions:
                k = valid[dense_positions[-1]][0]
                fix = {"action": "set_field", "layer": k, "field": "units", "value": expected,
                       "label": f"set output units to {expected}"
                                + (f" for {expected} classes" if classification and expected > 1
                                   else "")}
            findings.append(Finding("error", msg, k, fix))
    return Analysis(infos, findings, total)


def apply_fix(layers: list[dict], fix: dict) -> list[dict]:
    """Return a new layer list with ``fix`` (from a :class:`Finding`) applied.

    ``set_loss`` fixes change the loss, not the layers; the caller handles them.
    """
    out = [dict(s) if isinstance(s, dict) else s for s in layers]
    action = fix["action"]
    if action == "set_field":
        out[fix["layer"]][fix["field"]] = fix["value"]
    elif action == "append":
        out.append(dict(fix["spec"]))
    elif action == "insert":
        out.insert(fix["index"], dict(fix["spec"]))
    elif action == "remove":
        del out[fix["layer"]]
    elif action == "replace":
        out[fix["layer"]] = dict(fix["spec"])
    else:
        raise ValueError(f"fix action {action!r} does not change layers")
    return out
