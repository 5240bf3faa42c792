"""Export a trained network to ONNX, as standard operators any ONNX runtime can run.

The graph takes ``input`` float32 ``[batch, n_features]`` (the batch dimension is dynamic,
named ``batch``) and returns ``output`` float32 ``[batch, n_outputs]``: the final layer's
output, e.g. softmax probabilities, exactly what :meth:`core.nn.model.Model.predict` returns.
Opset 17 (onnxruntime ≥ 1.13, most converters); functions newer opsets have as single
operators are spelled out:

==========================  ==============================================================
workbench layer             ONNX operators
==========================  ==============================================================
standardization             ``Sub(input, preprocess.mean)`` → ``Div(·, preprocess.std)``
                            at the start of the graph (kept separate, not folded into the
                            first Gemm, so the statistics stay readable)
dense                       ``Gemm(x, k.weight, k.bias, transB=1)``: ``x·Wᵀ + b``
batch_norm (evaluation)     ``BatchNormalization`` with ``k.running_mean``/``k.running_var``
dropout                     nothing (evaluation mode passes inputs through)
identity                    ``Identity``
sigmoid, tanh, relu         ``Sigmoid``, ``Tanh``, ``Relu``
leaky_relu, elu             ``LeakyRelu(alpha)``, ``Elu(alpha)``
prelu                       ``PRelu(x, k.weight)`` (slope shaped (1,), broadcasts)
gelu                        ``0.5·x·(1 + Erf(x/√2))``; tanh form
                            ``0.5·x·(1 + Tanh(√(2/π)·(x + 0.044715·x³)))``
silu                        ``Mul(x, Sigmoid(x))``
softplus(β, threshold)      ``Where(β·x > threshold, x, Softplus(β·x)/β)`` (PyTorch's rule)
mish                        ``Mul(x, Tanh(Softplus(x)))``
softmax                     ``Softmax(axis=-1)``
==========================  ==============================================================

Initializers keep the PyTorch state_dict names (``0.weight`` ...). The experiment JSON,
the class names and the preprocessing are stored in ``metadata_props``. What each layer
becomes is said by its class (:meth:`core.nn.layers.base.Layer.onnx_nodes`); the table
above is what the built-in layers say.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np

from core.errors import WeightsError
from core.files import strict_json
from core.files.atomic_write import write_bytes_atomic
from core.io.model_file import ModelFile, build_model
from core.io.model_file_reading import load_model_file
from core.nn.layers.base import layer_class

OPSET = 17
IR_VERSION = 8  # the IR version that goes with opset 17; readable by older runtimes


def export_onnx(source, path, opset: int = OPSET) -> None:
    """Write the network of ``source`` as an ONNX model at ``path`` (atomically).

    Parameters
    ----------
    source : ModelFile, str, Path or tuple
        A loaded :class:`core.io.model_file.ModelFile`, the path of a model file, or
        ``(model, experiment, standardizer)`` / ``(model, experiment, standardizer,
        class_names)`` for a live :class:`core.nn.model.Model`.
    path : str or Path
        Destination ``.onnx`` file; the previous file survives any failure.
    opset : int
        ONNX default-domain opset (≥ 17).

    Raises
    ------
    WeightsError
        The ``onnx`` package is missing, or the model file is unusable.
    """
    proto = build_onnx(source, opset)
    try:
        write_bytes_atomic(Path(path), proto.SerializeToString())
    except OSError as exc:
        raise WeightsError(f"{path}: cannot be written ({exc.strerror or exc})") from None


def build_onnx(source, opset: int = OPSET):
    """The checked ``onnx.ModelProto`` for ``source`` (see :func:`export_onnx`)."""
    try:
        import onnx  # noqa: PLC0415  (optional dependency)
        from onnx import TensorProto, helper, numpy_helper  # noqa: PLC0415
    except ImportError:
        raise WeightsError("exporting to ONNX needs the onnx package, which installing "
                           "the workbench brings (python3 -m pip install onnx)") from None
    model, model_file = _resolve(source)
    graph = OnnxGraph(helper, numpy_helper)
    x = "input"
    if model_file.preprocess is not None:
        mean = graph.constant("preprocess.mean", model_file.preprocess["mean"])
        std = graph.constant("preprocess.std", model_file.preprocess["std"])
        x = graph.node("Sub", [x, mean], "preprocess.centered")
        x = graph.node("Div", [x, std], "preprocess.standardized")
    state = model.state_dict()
    for i, spec in enumerate(model.specs):
        x = layer_class(spec["type"]).onnx_nodes(graph, i, spec, state, x)
    graph.finish(x)

    inputs = [helper.make_tensor_value_info("input", TensorProto.FLOAT,
                                            ["batch", model.input_width])]
    outputs = [helper.make_tensor_value_info("output", TensorProto.FLOAT,
                                             ["batch", model.output_width])]
    name = (model_file.experiment or {}).get("name") or "nn-workbench model"
    proto = helper.make_model(
        helper.make_graph(graph.nodes, _graph_name(name), inputs, outputs, graph.initializers),
        opset_imports=[helper.make_opsetid("", opset)], producer_name="nn-workbench",
        producer_version=_version(), doc_string=_describe(model.specs))
    proto.ir_version = IR_VERSION
    meta = {"preprocess": "standardize" if model_file.preprocess is not None else "none",
            "state_dict_names": "initializers carry the PyTorch nn.Sequential state_dict names"}
    if model_file.experiment is not None:
        meta["experiment"] = strict_json.dumps(model_file.experiment)  # UTF-8 safe
    if model_file.class_names is not None:
        meta["classes"] = strict_json.dumps(model_file.class_names)
    helper.set_model_props(proto, meta)
    onnx.checker.check_model(proto, full_check=True)
    return proto


def _resolve(source):
    """``(model, model_file)`` for any accepted source."""
    if isinstance(source, (str, Path)):
        source = load_model_file(source)
    if isinstance(source, ModelFile):
        return build_model(source, "cpu"), source
    if isinstance(source, tuple) and len(source) in (3, 4):
        model, experiment, standardizer = source[:3]
        names = source[3] if len(source) == 4 else None
        mf = ModelFile.from_model(model, experiment, standardizer, names)
        return model, mf
    raise TypeError("export_onnx: expected a ModelFile, a path, or (model, experiment, "
                    f"standardizer), got {type(source).__name__}")


class OnnxGraph:
    """The graph being built: nodes and float32 initializers, intermediate tensors named
    uniquely. Layer classes add their operators to it (:meth:`Layer.onnx_nodes`).

    Parameters
    ----------
    helper, numpy_helper : module
        ``onnx.helper`` and ``onnx.numpy_helper`` (onnx is imported only when exporting).
    """

    def __init__(self, helper, numpy_helper):
        self.helper, self.numpy_helper = helper, numpy_helper
        self.nodes, self.initializers, self._names = [], [], set()

    def constant(self, name: str, value) -> str:
        """Add ``value`` as a float32 initializer called ``name``; return ``name``."""
        arr = np.asarray(value, dtype=np.float32)
        self.initializers.append(self.numpy_helper.from_array(arr, name))
        self._names.add(name)
        return name

    def scalar(self, name: str, value: float) -> str:
        """A float32 scalar initializer (a constant of a formula)."""
        return self.constant(name, np.array(value, dtype=np.float32))

    def node(self, op: str, inputs: list, output: str, **attrs) -> str:
        """Add operator ``op`` on the tensors ``inputs``; return the name of its output,
        ``output`` (made unique with trailing ``_`` when taken)."""
        while output in self._names:
            output += "_"
        self._names.add(output)
        self.nodes.append(self.helper.make_node(op, inputs, [output], name=output, **attrs))
        return output

    def finish(self, last: str) -> None:
        """Rename the last tensor to ``output`` (or pass ``input`` through)."""
        if last == "input" or not self.nodes or self.nodes[-1].output[0] != last:
            self.nodes.append(self.helper.make_node("Identity", [last], ["output"],
                                                    name="output"))
            return
        node = self.nodes[-1]
        node.output[0] = "output"


def _graph_name(name: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in name).strip("_") or "network"


def _describe(specs: list) -> str:
    parts = []
    for spec in specs:
        extra = ", ".join(f"{k}={v}" for k, v in spec.items() if k != "type")
        parts.append(f"{spec['type']}({extra})")
    return "nn-workbench network: " + " → ".join(parts)


def _version() -> str:
    try:
        return version("nn-workbench")
    except PackageNotFoundError:  # not installed (running from a checkout)
        return "0"
