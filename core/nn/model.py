"""The sequential network and its loss objective (the analysis of a stack: core.nn.analysis).

Parameters and gradients are addressed by the names an equivalent PyTorch
``nn.Sequential`` would use: ``"0.weight"`` shaped ``(out, in)``, ``"0.bias"``; a prelu
at index k has ``"k.weight"``; batch_norm adds ``running_mean``, ``running_var`` and
``num_batches_tracked`` buffers.
"""

from __future__ import annotations

import numpy as np

from core import registry
from core.backend.devices import Backend, get_backend
from core.backend.memory import check_model_size
from core.errors import SpecError, WeightsError
from core.nn.analysis.counting import count_parameters
from core.nn.losses import Loss, make_loss
from core.nn.output_head import OutputHead

#: How many mismatched names a message lists (a hostile file may hold 300,000 of them).
MAX_LISTED = 20


def _shown(name) -> str:
    """A tensor name as a message shows it: cut short when long."""
    text = str(name)
    return text if len(text) <= 40 else text[:30] + "…"


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
        if self.input_width < 1:
            raise SpecError(f"model: the network needs at least one input feature, got "
                            f"{self.input_width}")
        dtype = np.dtype(self.backend.dtype)
        check_model_size(count_parameters(self.specs, self.input_width), dtype.itemsize,
                         dtype.name, self.backend.name)
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
        self.layers[0].needs_input_grad = False  # nobody needs d loss / d data
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
        size = sum(int(a.size) for _, _, a in arrays)
        flat = self.backend.xp.empty(size, dtype=arrays[0][2].dtype)
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
        return {f"{i}.{n}": p for i, layer in enumerate(self.layers)
                for n, p in layer.params.items()}

    def gradients(self) -> dict:
        """Gradients under the same names as :meth:`parameters`."""
        return {f"{i}.{n}": g for i, layer in enumerate(self.layers)
                for n, g in layer.grads.items()}

    def buffers(self) -> dict:
        return {f"{i}.{n}": b for i, layer in enumerate(self.layers)
                for n, b in layer.buffers.items()}

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
            Naming the missing, mis-shaped and unexpected names at once: the first
            :data:`MAX_LISTED` of them (network order, then the file's), and how many
            there are in all when there are more.
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
        extra = [n for n in state if n not in expected and n != "experiment"
                 and not (isinstance(n, str) and n.startswith("preprocess."))]
        total = len(problems) + len(extra)
        if total:
            listed = problems[:MAX_LISTED] + [f"{_shown(n)} is not a parameter of this network"
                                              for n in extra[:max(MAX_LISTED - len(problems), 0)]]
            if total > len(listed):
                listed.append(f"and {total - len(listed):,} more ({total:,} names in all)")
            raise WeightsError(f"{source} does not fit the network: " + "; ".join(listed) + ".")
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
        #: What the outputs mean, and whether the last layer is fused into the loss.
        self.head = OutputHead.of(model.specs, self.loss.type_name)
        self.fused = self.head.fused
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

