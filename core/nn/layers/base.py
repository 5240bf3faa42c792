"""The layer interface: everything a layer type is and does, on its class.

A layer type is one class. Its **class facts** answer, from a normalized spec and
without building anything, what the rest of the engine and the front ends ask about a
layer: its output width, its parameters and buffers, its matrix-product work, which
weights L1/L2 apply to, what its output means, what the analysis of a stack should know
about it, and its icon. Registered with :func:`register_layer`, it is then offered in the
palette, validated, built, trained, checked and drawn with no other file changed.

Its **exports** say what the layer becomes in an ONNX graph (:meth:`Layer.onnx_nodes`) and
in the stand-alone NumPy script (:meth:`Layer.numpy_statement`), so the exporters in
:mod:`core.io` know no layer type either.

Its **built behaviour** is the classic pair ``forward(x, training)`` and
``backward(grad_out)``, written side by side. Parameters live in ``self.params`` and their
gradients in ``self.grads`` under matching local names (``weight``, ``bias``); the model
prefixes them with the layer index, as PyTorch's ``nn.Sequential`` does (``"0.weight"``).
Arrays are ``(batch, features)``. Backward may overwrite ``grad_out`` in place.

Speed: when the model's ``reuse_buffers`` is on (the trainer turns it on), training
passes write their outputs into buffers the layer keeps per batch shape instead of
allocating new arrays each iteration; such an output stays valid until the layer's next
training pass. No layer writes into its input, so an input another layer cached for its
backward pass is never overwritten.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Literal

import numpy as np

from core import registry
from core.backend.gpu_kernels import elementwise, is_cupy
from core.errors import WeightsError
from core.nn.layers.glyph import Glyph
from core.registry import register

if TYPE_CHECKING:  # the exporter hands its graph in; the network never imports core.io
    from core.io.onnx_export import OnnxGraph

#: The palette group of a layer type (its registry group).
LayerKind = Literal["layers", "activations", "regularization"]
#: What a network's output means when this layer type is the last one.
OutputMeaning = Literal["class_distribution", "probability"]


@dataclass(frozen=True)
class NumpyStatement:
    """A layer's line in the stand-alone NumPy script (:mod:`core.io.numpy_script`).

    Attributes
    ----------
    code : str
        One statement (or a comment) that turns ``x`` into the layer's output, reading
        weights as ``w["<index>.<name>"]``: ``'x = x @ w["0.weight"].T  # 0: dense, 3 units'``.
    helpers : tuple of callables
        Plain-NumPy functions the statement calls, written with ``np`` and :mod:`math`
        only; the script embeds their source (:func:`inspect.getsource`), so they must not
        use anything else.
    """

    code: str
    helpers: tuple[Callable, ...] = ()


class Layer:
    """Base class of every layer type. Subclasses set ``params``/``grads`` in :meth:`build`.

    Class facts take a *normalized* spec (:func:`core.registry.normalize`), so every field
    is present.
    """

    #: Registry name, set by :func:`register_layer`.
    type_name: ClassVar[str] = "layer"
    #: Palette group, and the registry group :func:`register_layer` files the type under.
    kind: ClassVar[LayerKind] = "layers"
    #: The registry entry, set by :func:`register_layer`.
    entry: ClassVar[registry.Entry]

    #: Its parameters are trained (dense, prelu, batch_norm).
    trainable: ClassVar[bool] = False
    #: An activation function (the palette's activations group).
    is_activation: ClassVar[bool] = False
    #: Bends its input: a dense layer after it is not just another linear map.
    is_nonlinear: ClassVar[bool] = False
    #: Makes new features from all of its inputs (a new column of neurons): dense.
    mixes_features: ClassVar[bool] = False
    #: Its units can die, giving exactly 0 for every sample (ReLU): dead-unit statistics.
    can_die: ClassVar[bool] = False
    #: A rectifier like ReLU (relu, leaky_relu, elu, gelu, silu, softplus): a network whose
    #: hidden activations are all such is not advised to switch to ReLU against vanishing
    #: gradients (core.training.health_alerts).
    relu_like: ClassVar[bool] = False
    #: Belongs in the output layer only (softmax).
    must_be_last: ClassVar[bool] = False
    #: Why this type should not end a network, with ``{index}`` for its place; or None.
    last_layer_warning: ClassVar[str | None] = None
    #: What the network's output means when this type is last: "class_distribution" (rows
    #: of class probabilities, softmax), "probability" (of class 1, sigmoid), or None.
    output_meaning: ClassVar[OutputMeaning | None] = None
    #: Normalizes over the batch, so a batch needs at least 2 rows (batch_norm).
    needs_batch_statistics: ClassVar[bool] = False
    #: Its weights tell the width of its input (dense, batch_norm): read model files by it.
    fixes_input_width: ClassVar[bool] = False
    #: The (weight, bias) a network diagram draws as the connections into its column.
    diagram_weights: ClassVar[tuple[str, str] | None] = None
    #: Fused CuPy kernels of this layer type, by name (used only when ``xp`` is cupy).
    gpu_kernels: ClassVar[dict] = {}

    #: Whether backward must return the gradient for the input (the model turns it off
    #: for the first layer: nobody needs d loss / d data).
    needs_input_grad: bool = True
    #: Write training-pass outputs into per-batch-shape buffers (set by the model).
    reuse = False

    # ---------------------------------------------------------------- class facts
    @classmethod
    def output_width(cls, spec: Mapping, in_width: int) -> int:
        """Width of the output for inputs of width ``in_width``."""
        return in_width

    @classmethod
    def parameter_shapes(cls, spec: Mapping, in_width: int) -> dict[str, tuple[int, ...]]:
        """Shapes of the trained parameters by local name, in the order :meth:`build` makes
        them."""
        return {}

    @classmethod
    def buffer_shapes(cls, spec: Mapping, in_width: int) -> dict[str, tuple[int, ...]]:
        """Shapes of the untrained state saved with the model (running statistics)."""
        return {}

    @classmethod
    def parameter_count(cls, spec: Mapping, in_width: int) -> int:
        """Numbers in the trained parameters."""
        return sum(math.prod(s) for s in cls.parameter_shapes(spec, in_width).values())

    @classmethod
    def stored_count(cls, spec: Mapping, in_width: int) -> int:
        """Numbers held in memory and saved: parameters and buffers."""
        return cls.parameter_count(spec, in_width) + \
            sum(math.prod(s) for s in cls.buffer_shapes(spec, in_width).values())

    @classmethod
    def matmul_flops(cls, spec: Mapping, in_width: int, batch: int) -> float:
        """Floating-point operations of the forward pass's matrix products on ``batch``
        rows (element-wise work is cheap beside them and not counted)."""
        return 0.0

    @classmethod
    def penalized_parameters(cls, spec: Mapping) -> tuple[str, ...]:
        """Local names of the parameters the L1/L2 penalties apply to."""
        return ()

    @classmethod
    def input_width_from_state(cls, spec: Mapping, state: Mapping) -> int | None:
        """The input width this layer's saved arrays (local names) imply, or None."""
        return None

    @classmethod
    def output_width_from_state(cls, spec: Mapping, state: Mapping) -> int | None:
        """The output width this layer's saved arrays (local names) imply, or None."""
        return None

    @classmethod
    def size_text(cls, spec: Mapping) -> str:
        """The size a label shows after the title ("32" in "Dense 32"); "" for none."""
        return ""

    @classmethod
    def summary(cls, spec: Mapping) -> str:
        """A layer card's text: the fields that differ from their defaults."""
        return ", ".join(changed_fields(cls.entry, spec))

    @classmethod
    def glyph(cls, spec: Mapping | None = None) -> Glyph:
        """The palette's picture of this type: its title's first letters by default."""
        return Glyph(text=cls.entry.title[:2])

    # ---------------------------------------------------------------- exports
    @classmethod
    def onnx_nodes(cls, graph: OnnxGraph, index: int, spec: Mapping, state: Mapping,
                   x: str) -> str:
        """Append the ONNX operators of layer ``index`` (evaluation mode) to ``graph``.

        Parameters
        ----------
        graph : core.io.onnx_export.OnnxGraph
            ``graph.constant(name, array)`` adds a float32 initializer,
            ``graph.node(op, inputs, output, **attributes)`` an operator; both return the
            name of the tensor they made.
        index : int
            The layer's place: its arrays are ``state[f"{index}.weight"]`` ...
        spec : Mapping
            Its normalized spec.
        state : Mapping
            The whole network's state_dict (host arrays).
        x : str
            The name of the input tensor.

        Returns
        -------
        str
            The name of the layer's output tensor (``x`` itself for a layer that does
            nothing when evaluating).

        Raises
        ------
        WeightsError
            This layer type has no ONNX translation (the default).
        """
        raise WeightsError(f"layer {index} ({cls.type_name}) has no ONNX translation")

    @classmethod
    def numpy_statement(cls, index: int, spec: Mapping) -> NumpyStatement:
        """This layer's line in the NumPy script (evaluation mode): see :class:`NumpyStatement`.

        Raises
        ------
        WeightsError
            This layer type has no NumPy translation (the default).
        """
        raise WeightsError(f"layer {index} ({cls.type_name}) has no NumPy translation")

    # ---------------------------------------------------------------- built behaviour
    def __init__(self, **spec):
        self.spec = spec
        self.params: dict = {}
        self.grads: dict = {}
        self.buffers: dict = {}  # non-trained state saved with the model (running stats)
        self.xp = np
        self.gpu = False
        self.in_width = 0
        self.out_width = 0
        self._scratch: dict = {}

    def build(self, in_width: int, backend, rng: np.random.Generator) -> int:
        """Create parameters for inputs of width ``in_width``; return the output width."""
        self.xp = backend.xp
        self.gpu = is_cupy(backend.xp)
        self.dtype = backend.dtype
        self.in_width = self.out_width = in_width
        return in_width

    def scratch(self, key: str, shape: tuple):
        """A buffer of ``shape`` kept for reuse (one per key and shape); contents undefined."""
        buf = self._scratch.get((key, shape))
        if buf is None:
            if len(self._scratch) > 16:  # many batch shapes (e.g. a varying last batch)
                self._scratch.clear()
            buf = self._scratch[(key, shape)] = self.xp.empty(shape, dtype=self.dtype)
        return buf

    def kernel(self, name: str):
        """The fused CuPy kernel ``gpu_kernels[name]`` of this layer type."""
        return elementwise(self.gpu_kernels[name], self.xp)

    def forward(self, x, training: bool = False):
        raise NotImplementedError

    def backward(self, grad_out):
        raise NotImplementedError

    def freeze_randomness(self, frozen: bool) -> None:
        """Reuse the last random draws (a dropout mask) while ``frozen``: gradient checks
        compare passes that must see the same randomness. Nothing to do by default."""

    def n_params(self) -> int:
        return sum(int(p.size) for p in self.params.values())

    def describe(self) -> str:
        """Key settings in a few words, for cards and summaries."""
        return ""


def changed_fields(entry: registry.Entry, spec: Mapping, skip: tuple[str, ...] = ()) -> list[str]:
    """``["p=0.3"]``: the fields of ``spec`` that differ from the entry's defaults."""
    return [f"{p.name}={spec[p.name]}" for p in entry.params
            if p.name not in skip and spec.get(p.name) != p.default]


def layer_class(type_name: str, path: str = "type") -> type[Layer]:
    """The class of the layer type called ``type_name`` (or an alias of it).

    Raises
    ------
    SpecError
        Unknown type.
    """
    return registry.get("layer", type_name, path).factory


def register_layer(name: str, *, title: str, help: str, formula: str = "", params=(),
                   aliases=(), **extra):
    """Class decorator: register a :class:`Layer` subclass as layer type ``name``.

    The palette group is the class's :attr:`Layer.kind`; the class gets its
    :attr:`Layer.type_name` and :attr:`Layer.entry`. ``extra`` fields (an activation's
    ``advice``) go to the entry.
    """
    def decorate(cls):
        cls.type_name = name
        return register("layer", name, title=title, help=help, formula=formula,
                        params=params, group=cls.kind, aliases=aliases, **extra)(cls)
    return decorate
