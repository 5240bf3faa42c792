"""Open an ONNX model: a sequential network of supported operators becomes an experiment
with its weights (a :class:`~core.io.model_file.ModelFile`), ready to inspect, predict
and train further.

==========================================  ============================================
ONNX (any opset the ``onnx`` package reads)  workbench layer
==========================================  ============================================
``Gemm(x, W, b)`` (``transB`` 0 or 1,         dense (``alpha``/``beta`` folded into the
``transA`` 0)                                 weights)
``MatMul(x, W)``, then ``Add(·, b)``          dense (without the Add: no bias)
``Relu``, ``Sigmoid``, ``Tanh``, ``LeakyRelu``,  relu, sigmoid, tanh, leaky_relu, elu, prelu
``Elu``, ``PRelu`` (one slope)                (the slope is its weight)
``Softplus``, ``Gelu``, ``Mish``              softplus, gelu, mish
``Sigmoid(x)`` then ``Mul(x, ·)``             silu
``Softmax`` (on the features)                 softmax
``Dropout``                                   dropout (its ratio)
``BatchNormalization``                        batch_norm (``momentum`` is ONNX's 1 − ours)
``Flatten(axis=1)``, ``Identity``              nothing on flat rows; flatten on images
``Sub(x, mean)``, ``Div(·, std)`` at the start  the standardization of the inputs
``Reshape(x, [-1, C, H, W])`` at the start,    image input (C, H, W) (the rows stay flat
or a graph input ``[batch, C, H, W]``          C·H·W values, as the workbench's images)
``Conv`` (square kernel and stride, group 1,   conv2d (``pads`` equal on all sides, or
dilations 1)                                   PyTorch's "same" split of an even kernel)
``MaxPool``, ``AveragePool`` (square, no       max_pool2d, avg_pool2d
pads, ceil_mode 0, dilations 1)
``GlobalAveragePool``                          global_avg_pool2d
==========================================  ============================================

The graph must be one chain from its one input to its one output; constants come from
initializers, ``Constant`` nodes or an ``Identity`` of either (PyTorch's exporter shares
equal initializers that way). Anything else is refused with one sentence naming the node
and its operator. Nothing is executed: the file is parsed as protobuf (no external data
files are read) within :data:`~core.files.read_limits.MAX_MODEL_BYTES`, every declared
tensor size is checked against its data before it becomes an array, and every weight
must be finite.

Parameter names follow PyTorch: when the initializers are called ``k.weight`` as
``torch.onnx.export`` of an ``nn.Sequential`` (or the workbench's own export) names them,
layer k keeps index k, and a layer the export dropped (PyTorch's dropout in evaluation
mode) comes back as an identity layer, so the weights load into the PyTorch model again.
A model the workbench exported, unchanged, comes back whole: its experiment is in
``metadata_props`` and its weights in the initializers, and when exporting them again
gives exactly its graph, every layer type the exporter knows (GELU, Mish, Softplus written
as their formulas, dropout) is restored as it was. Otherwise the graph is read operator by
operator as above: with the stored experiment when its layers are the graph's, else with
the built-in experiment and the graph's layers.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from core import registry
from core.errors import SpecError, WeightsError, WorkbenchError
from core.files import strict_json
from core.files.read_limits import MAX_MODEL_BYTES, read_regular_bytes
from core.io.model_file import (
    INPUT_SHAPE_NAME,
    ModelFile,
    build_model,
    check_input_shape,
    check_preprocess,
    check_tensor,
    normalized_experiment,
)
from core.io.model_file_reading import load_model_file, read_state
from core.io.onnx_experiment import graph_experiment, stored_classes
from core.io.onnx_export import build_onnx
from core.io.onnx_image_nodes import IMAGE_OPS, ImageNodes, image_shape

#: protobuf cannot hold more than 2 GiB.
MAX_ONNX_BYTES = min(MAX_MODEL_BYTES, 2**31 - 1)
SUPPORTED = ("Gemm, MatMul (+ Add), Relu, Sigmoid, Tanh, LeakyRelu, Elu, PRelu, Softplus, Gelu, "
             "Mish, SiLU (Sigmoid + Mul), Softmax, Dropout, BatchNormalization, Flatten, "
             "Identity, Reshape (to images, at the start), Conv, MaxPool, AveragePool, "
             "GlobalAveragePool")
_SIMPLE = {"Relu": "relu", "Sigmoid": "sigmoid", "Tanh": "tanh", "Softplus": "softplus",
           "Mish": "mish"}
_STATE_NAME = re.compile(r"[0-9]+\.[A-Za-z_][A-Za-z0-9_]*")
_TORCH_NAME = re.compile(r"([0-9]+)\.(weight|bias|running_mean|running_var)")
_DTYPES = {1: np.float32, 10: np.float16, 11: np.float64}  # TensorProto FLOAT, FLOAT16, DOUBLE


def open_model_file(path) -> ModelFile:
    """A model file of any kind the workbench opens: ``.onnx`` (:func:`load_onnx`), else
    ``.npz``/``.safetensors`` (:func:`core.io.model_file_reading.load_model_file`)."""
    if Path(path).suffix.lower() == ".onnx":
        return load_onnx(path)
    return load_model_file(path)


def read_initial_state(path, dtype: str | None = None) -> dict:
    """The weights of ``path`` for ``train --init``: an ONNX model's, or a model file's."""
    if Path(path).suffix.lower() == ".onnx":
        return load_onnx(path).state
    return read_state(path, dtype)


def load_onnx(path) -> ModelFile:
    """Read an ONNX model as an experiment and its weights, checked.

    Raises
    ------
    WeightsError
        Not a readable ONNX model, an operator outside the supported subset or a graph
        that is not one chain (naming the node and its operator), weights that are not
        finite or do not fit, the ``onnx`` package missing (each in one sentence naming
        the file).
    """
    try:
        import onnx  # noqa: PLC0415  (a dependency, imported when a model is opened)
    except ImportError:
        raise WeightsError("opening ONNX models needs the onnx package, which installing the "
                           "workbench brings (python3 -m pip install onnx)") from None
    source = str(path)
    data = read_regular_bytes(path, MAX_ONNX_BYTES, "an ONNX model", WeightsError)
    proto = onnx.ModelProto()
    try:
        proto.ParseFromString(data)
    except Exception:  # protobuf's DecodeError, or a recursion limit
        raise WeightsError(f"{source}: is not an ONNX model (it cannot be parsed as one)") \
            from None
    graph = proto.graph
    if not graph.node:
        raise WeightsError(f"{source}: holds no ONNX graph (no nodes)")
    constants = _Constants(graph, source)
    meta = {p.key: p.value for p in proto.metadata_props}
    mf = _own_export(proto, constants, meta, source)
    if mf is None:
        walk = _Walk(graph, constants, source)
        experiment = graph_experiment(walk, meta, Path(source).stem, source)
        mf = ModelFile(walk.state(), experiment, walk.preprocess, stored_classes(meta, source),
                       source, walk.input_shape)
    classes = mf.class_names
    model = build_model(mf, "cpu")  # every name and shape must fit the network
    if classes is not None and len(classes) != model.output_width and \
            not (len(classes) == 2 and model.output_width == 1):
        mf.class_names = None  # names that do not fit the outputs are dropped, not trusted
    return mf


def _own_export(proto, constants: _Constants, meta: dict, source: str) -> ModelFile | None:
    """The model file of an ONNX model the workbench exported, unchanged; else None.

    Its metadata holds the experiment and its initializers the weights: when exporting
    them again gives exactly this graph, every layer the exporter knows (GELU, Mish,
    Softplus as their formulas) comes back as it was, without reading the operators.
    """
    if "experiment" not in meta:
        return None
    try:
        experiment = normalized_experiment(strict_json.loads(meta["experiment"], source,
                                                             WeightsError), source)
        names = [t.name for t in proto.graph.initializer]
        state = {n: constants.get(n) for n in names if _STATE_NAME.fullmatch(n)}
        preprocess = None
        if "preprocess.mean" in names and "preprocess.std" in names:
            preprocess = check_preprocess(constants.get("preprocess.mean"),
                                          constants.get("preprocess.std"), source)
        shape = check_input_shape(constants.get(INPUT_SHAPE_NAME), source) \
            if INPUT_SHAPE_NAME in names else None
        mf = ModelFile(state, experiment, preprocess, stored_classes(meta, source), source,
                       shape)
        again = build_onnx(mf)  # builds the network: every name and shape must fit
    except WorkbenchError:
        return None
    if again.graph.SerializeToString() != proto.graph.SerializeToString():
        return None
    return mf


class _Constants:
    """The graph's constant tensors by name: initializers, Constant nodes, and Identity
    nodes of either; each checked (size against data, finite) before it is used."""

    def __init__(self, graph, source: str):
        from onnx import numpy_helper  # noqa: PLC0415  (onnx is imported when opening)
        self.numpy_helper, self.source = numpy_helper, source
        self.protos = {t.name: t for t in graph.initializer}
        self.arrays: dict[str, np.ndarray] = {}
        for node in graph.node:
            if node.op_type == "Constant" and len(node.output) == 1:
                value = next((a.t for a in node.attribute if a.name == "value"), None)
                if value is None:
                    raise _refusal(source, node, "a Constant without a tensor value")
                self.protos[node.output[0]] = value
            elif node.op_type == "Identity" and len(node.input) == 1 \
                    and node.input[0] in self.protos:
                self.protos[node.output[0]] = self.protos[node.input[0]]

    def __contains__(self, name: str) -> bool:
        return name in self.protos

    def get(self, name: str) -> np.ndarray:
        """The constant ``name`` as a float64 (or int64) array."""
        if name not in self.arrays:
            self.arrays[name] = self._array(self.protos[name], name)
        return self.arrays[name]

    def _array(self, tensor, name: str) -> np.ndarray:
        source = self.source
        if tensor.data_location == 1 or tensor.external_data:
            raise WeightsError(f"{source}: tensor {name!r} is stored in an external file, "
                               "which the workbench does not read; save the model with its "
                               "weights inside")
        if any(d < 0 for d in tensor.dims):
            raise WeightsError(f"{source}: tensor {name!r} has a negative dimension")
        count = int(np.prod([int(d) for d in tensor.dims], dtype=np.float64))
        dtype = _DTYPES.get(tensor.data_type, np.int64 if tensor.data_type == 7 else None)
        if dtype is None:
            raise WeightsError(f"{source}: tensor {name!r} has ONNX data type "
                               f"{tensor.data_type}; expected float32, float16, float64 or int64")
        stored = len(tensor.raw_data) // np.dtype(dtype).itemsize if tensor.raw_data else \
            len(tensor.float_data) + len(tensor.double_data) + len(tensor.int64_data) + \
            len(tensor.int32_data)
        if stored != count:
            raise WeightsError(f"{source}: tensor {name!r} declares {count:,} values but holds "
                               f"{stored:,}")
        try:
            array = np.array(self.numpy_helper.to_array(tensor), copy=True)
        except Exception as exc:  # a malformed tensor the checks above did not catch
            raise WeightsError(f"{source}: tensor {name!r} cannot be read ({exc})") from None
        array = array.astype(np.int64 if dtype is np.int64 else np.float64)
        check_tensor(name, array, source)
        return array


def _refusal(source: str, node, what: str) -> WeightsError:
    label = node.name or node.output[0] if node.output else node.name
    return WeightsError(f"{source}: node {label!r} ({node.op_type}) is {what}")


class _Walk(ImageNodes):
    """Follow the chain of nodes from the graph's input to its output, making layers."""

    def __init__(self, graph, constants: _Constants, source: str):
        self.source, self.c = source, constants
        inputs = [i for i in graph.input if i.name not in constants]
        if len(inputs) != 1 or len(graph.output) != 1:
            raise WeightsError(f"{source}: has {len(inputs)} inputs and {len(graph.output)} "
                               "outputs; the workbench opens networks with one input and one "
                               "output")
        self.layers: list[dict] = []
        self.weights: list[dict] = []   # local arrays of each layer
        self.names: list[int | None] = []  # the k of a PyTorch name "k.weight", per layer
        self.preprocess = None
        #: Where each graph layer sits in the experiment's layers (set by
        #: :func:`core.io.onnx_experiment.graph_experiment`).
        self.places: list[int] = []
        self.input_width = _static_width(inputs[0], source)
        #: ``(C, H, W)`` when the network takes images (a 4-D input or a leading Reshape).
        self.input_shape = image_shape(inputs[0])
        self.images = self.input_shape is not None  # the current tensor is an image batch
        nodes = [n for n in graph.node if not (n.output and n.output[0] in constants)]
        x, k = inputs[0].name, 0
        while k < len(nodes):
            node = nodes[k]
            data = [i for i in node.input if i and i not in constants]
            if data != [x]:
                raise _refusal(source, node, "not the next step of one chain from the input "
                                             "to the output; the workbench opens sequential "
                                             "networks")
            k = self._node(nodes, k, x)
            x = nodes[k - 1].output[0]
        if x != graph.output[0].name:
            raise WeightsError(f"{source}: the chain of nodes ends at {x!r}, not at the "
                               f"graph's output {graph.output[0].name!r}")
        if not self.layers:
            raise WeightsError(f"{source}: holds no layers the workbench can show")

    def _attr(self, node, name: str, default):
        from onnx import helper  # noqa: PLC0415
        for a in node.attribute:
            if a.name == name:
                return helper.get_attribute_value(a)
        return default

    def refusal(self, node, what: str) -> WeightsError:
        """The error for ``node``: one sentence naming it and its operator."""
        return _refusal(self.source, node, what)

    def _const(self, node, index: int) -> np.ndarray:
        if index >= len(node.input) or node.input[index] not in self.c:
            raise _refusal(self.source, node, f"missing its constant input {index}")
        return self.c.get(node.input[index])

    def _add(self, spec: dict, node, weights=None, name_of=None) -> None:
        try:
            spec = registry.normalize("layer", spec, "layer")
        except SpecError as exc:
            raise _refusal(self.source, node, f"not representable: {exc}") from None
        self.layers.append(spec)
        self.weights.append(weights or {})
        match = _TORCH_NAME.fullmatch(name_of or "")
        self.names.append(int(match.group(1)) if match else None)

    def _node(self, nodes: list, k: int, x: str) -> int:
        """Turn ``nodes[k]`` (and the nodes it pairs with) into a layer; the next index."""
        node, op, source = nodes[k], nodes[k].op_type, self.source
        nxt = nodes[k + 1] if k + 1 < len(nodes) else None
        if op == "Sub" and not self.layers and self.preprocess is None and nxt is not None \
                and nxt.op_type == "Div" and nxt.input[0] == node.output[0]:
            mean, std = self._const(node, 1), self._const(nxt, 1)
            self.preprocess = check_preprocess(mean, std, source, self.input_width)
            return k + 2
        if op == "Reshape" and not self.layers and not self.images:
            return self._reshape(node, k + 1)
        if op in IMAGE_OPS and not self.images:
            raise _refusal(source, node, "applied to flat rows; expected images (a 4-D input or "
                                         "a Reshape to [-1, C, H, W] first)")
        if op == "Conv":
            return self._conv(node, k + 1)
        if op in ("MaxPool", "AveragePool"):
            return self._pool(node, k + 1)
        if op == "GlobalAveragePool":
            self._add({"type": "global_avg_pool2d"}, node)
            return k + 1
        if op == "Flatten" and self.images and self._attr(node, "axis", 1) == 1:
            self.images = False
            self._add({"type": "flatten"}, node)
            return k + 1
        if op == "Gemm":
            if self._attr(node, "transA", 0):
                raise _refusal(source, node, "a Gemm with transA=1; expected transA=0")
            w = self._const(node, 1) * self._attr(node, "alpha", 1.0)
            w = w if self._attr(node, "transB", 0) else w.T
            bias = self._const(node, 2) * self._attr(node, "beta", 1.0) \
                if len(node.input) > 2 and node.input[2] else None
            return self._dense(node, w, bias, node.input[1], k + 1)
        if op == "MatMul":
            w = self._const(node, 1)
            if w.ndim != 2:
                raise _refusal(source, node, "a MatMul with a weight of shape "
                                             f"{w.shape}; expected a matrix")
            if nxt is not None and nxt.op_type == "Add" and node.output[0] in nxt.input:
                other = [i for i in nxt.input if i != node.output[0]]
                if len(other) == 1 and other[0] in self.c:
                    return self._dense(node, w.T, self.c.get(other[0]), node.input[1], k + 2)
            return self._dense(node, w.T, None, node.input[1], k + 1)
        if op == "Sigmoid" and nxt is not None and nxt.op_type == "Mul" and \
                set(nxt.input) == {x, node.output[0]}:
            self._add({"type": "silu"}, node)
            return k + 2
        if op in _SIMPLE:
            self._add({"type": _SIMPLE[op]}, node)
        elif op == "LeakyRelu":
            self._add({"type": "leaky_relu", "alpha": _f(self._attr(node, "alpha", 0.01))}, node)
        elif op == "Elu":
            self._add({"type": "elu", "alpha": _f(self._attr(node, "alpha", 1.0))}, node)
        elif op == "Gelu":
            approximate = self._attr(node, "approximate", b"none")
            if isinstance(approximate, bytes):
                approximate = approximate.decode("utf-8", "replace")
            self._add({"type": "gelu", "approximate": approximate}, node)
        elif op == "PRelu":
            slope = self._const(node, 1)
            if slope.size != 1:
                raise _refusal(source, node, f"a PRelu with {slope.size} slopes; the "
                                             "workbench's PReLU has one slope per layer")
            self._add({"type": "prelu"}, node, {"weight": slope.reshape(1)}, node.input[1])
        elif op == "Softmax":
            if self._attr(node, "axis", -1) not in (-1, 1):
                raise _refusal(source, node, "a Softmax across the batch; expected axis 1")
            self._add({"type": "softmax"}, node)
        elif op == "Dropout":
            ratio = self._attr(node, "ratio", 0.5)
            if len(node.input) > 1 and node.input[1]:
                ratio = float(self._const(node, 1).reshape(-1)[0])
            self._add({"type": "dropout", "p": _f(ratio)}, node)
        elif op == "BatchNormalization":
            names = ("weight", "bias", "running_mean", "running_var")
            arrays = {n: self._const(node, i + 1) for i, n in enumerate(names)}
            momentum = 1.0 - _f(self._attr(node, "momentum", 0.9))  # ONNX's is 1 − ours
            self._add({"type": "batch_norm", "eps": _f(self._attr(node, "epsilon", 1e-5)),
                       "momentum": float(f"{momentum:.7g}")}, node, arrays, node.input[1])
        elif op == "Flatten" and self._attr(node, "axis", 1) == 1 or op == "Identity":
            pass  # the workbench's rows are flat already
        else:
            raise _refusal(source, node, f"not in the subset the workbench opens ({SUPPORTED})")
        return k + 1

    def _dense(self, node, weight: np.ndarray, bias, weight_name: str, after: int) -> int:
        if bias is not None:
            bias = bias.reshape(-1)
            if bias.shape != (weight.shape[0],):
                raise _refusal(self.source, node, f"adding a bias of {bias.size} values to "
                                                  f"{weight.shape[0]} outputs")
        arrays = {"weight": weight} if bias is None else {"weight": weight, "bias": bias}
        self._add({"type": "dense", "units": int(weight.shape[0]), "bias": bias is not None},
                  node, arrays, weight_name)
        return after

    def state(self) -> dict:
        """The weights under the names of the experiment's layers."""
        return {f"{self.places[i]}.{n}": a for i, arrays in enumerate(self.weights)
                for n, a in arrays.items()}


def _f(value) -> float:
    """A float32 attribute as the short decimal it was written as (0.05, not 0.0500000007)."""
    return float(str(np.float32(value)))


def _static_width(value_info, source: str) -> int | None:
    dims = value_info.type.tensor_type.shape.dim
    if len(dims) < 2:
        return None
    values = [d.dim_value for d in dims[1:]]
    return int(np.prod(values)) if all(v > 0 for v in values) else None
