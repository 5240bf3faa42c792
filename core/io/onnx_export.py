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
the class names and the preprocessing are stored in ``metadata_props``.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from core.errors import WeightsError
from core.files import strict_json
from core.files.atomic_write import write_bytes_atomic

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
        import onnx
        from onnx import TensorProto, helper, numpy_helper
    except ImportError:
        raise WeightsError("exporting to ONNX needs the onnx package, which installing "
                           "the workbench brings (python3 -m pip install onnx)") from None
    model, model_file = _resolve(source)
    graph = _GraphBuilder(helper, numpy_helper)
    x = "input"
    if model_file.preprocess is not None:
        mean = graph.constant("preprocess.mean", model_file.preprocess["mean"])
        std = graph.constant("preprocess.std", model_file.preprocess["std"])
        x = graph.node("Sub", [x, mean], "preprocess.centered")
        x = graph.node("Div", [x, std], "preprocess.standardized")
    state = model.state_dict()
    for i, spec in enumerate(model.specs):
        x = _layer(graph, i, spec, state, x)
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
    from core.io import model_file as weights_io

    if isinstance(source, (str, Path)):
        source = weights_io.load_model_file(source)
    if isinstance(source, weights_io.ModelFile):
        return weights_io.build_model(source, "cpu"), source
    if isinstance(source, tuple) and len(source) in (3, 4):
        model, experiment, standardizer = source[:3]
        names = source[3] if len(source) == 4 else None
        mf = weights_io.ModelFile.from_model(model, experiment, standardizer, names)
        return model, mf
    raise TypeError("export_onnx: expected a ModelFile, a path, or (model, experiment, "
                    f"standardizer), got {type(source).__name__}")


class _GraphBuilder:
    """Collects nodes and float32 initializers, naming intermediate tensors uniquely."""

    def __init__(self, helper, numpy_helper):
        self.helper, self.numpy_helper = helper, numpy_helper
        self.nodes, self.initializers, self._names = [], [], set()

    def constant(self, name: str, value) -> str:
        arr = np.asarray(value, dtype=np.float32)
        self.initializers.append(self.numpy_helper.from_array(arr, name))
        self._names.add(name)
        return name

    def scalar(self, name: str, value: float) -> str:
        return self.constant(name, np.array(value, dtype=np.float32))

    def node(self, op: str, inputs: list, output: str, **attrs) -> str:
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


def _layer(g: _GraphBuilder, i: int, spec: dict, state: dict, x: str) -> str:
    """Append the operators of layer ``i``; return the name of its output tensor."""
    t = spec["type"]
    base = f"{i}.{t}"
    if t == "dense":
        inputs = [x, g.constant(f"{i}.weight", state[f"{i}.weight"])]
        if f"{i}.bias" in state:
            inputs.append(g.constant(f"{i}.bias", state[f"{i}.bias"]))
        return g.node("Gemm", inputs, base, transB=1)
    if t == "dropout":
        return x
    if t == "batch_norm":
        names = [g.constant(f"{i}.{n}", state[f"{i}.{n}"])
                 for n in ("weight", "bias", "running_mean", "running_var")]
        return g.node("BatchNormalization", [x, *names], base, epsilon=float(spec["eps"]))
    simple = {"identity": "Identity", "sigmoid": "Sigmoid", "tanh": "Tanh", "relu": "Relu",
              "softmax": "Softmax"}
    if t in simple:
        attrs = {"axis": -1} if t == "softmax" else {}
        return g.node(simple[t], [x], base, **attrs)
    if t == "leaky_relu":
        return g.node("LeakyRelu", [x], base, alpha=float(spec["alpha"]))
    if t == "elu":
        return g.node("Elu", [x], base, alpha=float(spec["alpha"]))
    if t == "prelu":
        return g.node("PRelu", [x, g.constant(f"{i}.weight", state[f"{i}.weight"])], base)
    if t == "silu":
        s = g.node("Sigmoid", [x], f"{base}.sigmoid")
        return g.node("Mul", [x, s], base)
    if t == "mish":
        sp = g.node("Softplus", [x], f"{base}.softplus")
        th = g.node("Tanh", [sp], f"{base}.tanh")
        return g.node("Mul", [x, th], base)
    if t == "gelu":
        half = g.scalar(f"{base}.half", 0.5)
        one = g.scalar(f"{base}.one", 1.0)
        if spec["approximate"] == "tanh":
            cube = g.node("Mul", [x, g.node("Mul", [x, x], f"{base}.x2")], f"{base}.x3")
            c = g.scalar(f"{base}.c", 0.044715)
            inner = g.node("Add", [x, g.node("Mul", [cube, c], f"{base}.cx3")], f"{base}.inner")
            k = g.scalar(f"{base}.sqrt_2_over_pi", math.sqrt(2.0 / math.pi))
            u = g.node("Tanh", [g.node("Mul", [inner, k], f"{base}.scaled")], f"{base}.tanh")
        else:
            k = g.scalar(f"{base}.inv_sqrt2", 1.0 / math.sqrt(2.0))
            u = g.node("Erf", [g.node("Mul", [x, k], f"{base}.scaled")], f"{base}.erf")
        gate = g.node("Mul", [g.node("Add", [u, one], f"{base}.1pu"), half], f"{base}.gate")
        return g.node("Mul", [x, gate], base)
    if t == "softplus":
        beta, threshold = float(spec["beta"]), float(spec["threshold"])
        bx = x if beta == 1.0 else g.node("Mul", [x, g.scalar(f"{base}.beta", beta)],
                                           f"{base}.bx")
        sp = g.node("Softplus", [bx], f"{base}.softplus")
        if beta != 1.0:
            sp = g.node("Div", [sp, g.scalar(f"{base}.beta_", beta)], f"{base}.scaled")
        linear = g.node("Greater", [bx, g.scalar(f"{base}.threshold", threshold)],
                        f"{base}.linear")
        return g.node("Where", [linear, x, sp], base)
    raise WeightsError(f"layer {i} ({t}) has no ONNX translation")


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
        from importlib.metadata import version
        return version("nn-workbench")
    except Exception:  # not installed (running from a checkout)
        return "0"
