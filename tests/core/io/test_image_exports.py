"""Exports of image networks: ONNX (Conv, MaxPool, AveragePool, GlobalAveragePool, Flatten,
BatchNormalization) run by onnxruntime, and the NumPy-only script, against the workbench's
own predictions; each image layer's script line against the layer itself."""

from __future__ import annotations

import importlib.util
import inspect
import math
import subprocess
import sys

import numpy as np
import pytest

from core import registry
from core.backend.devices import get_backend
from core.data.spec import prepare
from core.io.model_file_writing import save_model_npz
from core.io.numpy_script import generate_numpy_script
from core.nn.layers.base import layer_class
from core.nn.model import Model
from tests.core.io.test_model_file import experiment

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

from core.io.onnx_export import build_onnx, export_onnx  # noqa: E402

#: Every image layer and batch norm on channels, with stride, padding and no-bias variants.
CNN = [{"type": "conv2d", "filters": 6, "kernel_size": 3, "padding": "same"},
       {"type": "batch_norm"}, {"type": "relu"}, {"type": "max_pool2d"},
       {"type": "conv2d", "filters": 8, "kernel_size": 2, "stride": 2, "padding": 1,
        "bias": False},
       {"type": "elu"}, {"type": "avg_pool2d", "pool_size": 2, "stride": 1},
       {"type": "dropout", "p": 0.3},
       {"type": "conv2d", "filters": 10, "kernel_size": 1, "padding": "valid"},
       {"type": "global_avg_pool2d"}, {"type": "flatten"}, {"type": "softmax"}]
TOLERANCE = 1e-5


def lively_cnn(dtype="float32", layers=CNN):
    """The CNN on the digits' image shape with batch-norm statistics away from (0, 1)."""
    model = Model(layers, (1, 8, 8), get_backend("cpu", dtype), seed=2)
    rng = np.random.default_rng(0)
    state = model.state_dict()
    for i, spec in enumerate(model.specs):
        if spec["type"] == "batch_norm":
            n = state[f"{i}.weight"].shape[0]
            state[f"{i}.running_mean"] = rng.normal(0, 0.3, n)
            state[f"{i}.running_var"] = rng.uniform(0.5, 2.0, n)
            state[f"{i}.weight"] = rng.uniform(0.5, 2.0, n)
            state[f"{i}.bias"] = rng.normal(0, 0.3, n)
    model.load_state_dict(state)
    return model


def saved(tmp_path, dtype="float32"):
    prepared = prepare({"source": "digits", "as_images": True})
    model = lively_cnn(dtype)
    doc = experiment(CNN, dtype)
    doc["data"] = {"source": "digits", "as_images": True}
    path = tmp_path / "cnn.npz"
    save_model_npz(path, model, doc, prepared.standardizer, [str(d) for d in range(10)])
    raw = prepare({"source": "digits", "as_images": True, "standardize": False}).val.X
    return model, path, raw, model.predict(prepared.standardizer.transform(raw))


def test_onnxruntime_reproduces_an_image_network(tmp_path):
    model, path, raw, ref = saved(tmp_path)
    export_onnx(path, tmp_path / "cnn.onnx")
    ops = [node.op_type for node in onnx.load(str(tmp_path / "cnn.onnx")).graph.node]
    assert ops == ["Sub", "Div", "Reshape", "Conv", "BatchNormalization", "Relu", "MaxPool",
                   "Conv", "Elu", "AveragePool", "Conv", "GlobalAveragePool", "Flatten",
                   "Softmax"]
    assert ref.std(axis=0).min() > 1e-3, "outputs barely vary: the test would prove little"
    session = ort.InferenceSession(str(tmp_path / "cnn.onnx"),
                                   providers=["CPUExecutionProvider"])
    out = session.run(["output"], {"input": raw.astype(np.float32)})[0]
    diff = float(np.abs(out - ref).max())
    print(f"CNN: max |onnxruntime − workbench| = {diff:.3g}")
    assert out.shape == ref.shape == (len(raw), 10) and diff < TOLERANCE


def test_the_onnx_input_stays_rows_of_pixels(tmp_path):
    _, path, _, _ = saved(tmp_path)
    graph = build_onnx(path).graph
    dims = [d.dim_param or d.dim_value for d in graph.input[0].type.tensor_type.shape.dim]
    assert dims == ["batch", 64]
    shape = next(i for i in graph.initializer if i.name == "preprocess.input_shape")
    assert list(onnx.numpy_helper.to_array(shape)) == [-1, 1, 8, 8]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_the_numpy_script_reproduces_an_image_network(tmp_path, dtype):
    _, path, raw, ref = saved(tmp_path, dtype)
    script = tmp_path / "predict.py"
    script.write_text(generate_numpy_script(path))
    spec = importlib.util.spec_from_file_location("cnn_script", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    got = module.forward(raw, module.load_weights(path))
    diff = float(np.abs(got - ref).max())
    print(f"{dtype}: max |script − workbench| = {diff:.3g}")
    assert got.shape == ref.shape and diff < (1e-6 if dtype == "float32" else 1e-12)
    np.savetxt(tmp_path / "in.csv", raw[:5], delimiter=",")
    done = subprocess.run([sys.executable, str(script), str(tmp_path / "in.csv")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].startswith("p_0,p_1")


IMAGE_LINE_SPECS = [
    {"type": "conv2d", "filters": 3, "kernel_size": 3, "stride": 2, "padding": 1},
    {"type": "conv2d", "filters": 2, "kernel_size": 2, "padding": "same", "bias": False},
    {"type": "conv2d", "filters": 2, "kernel_size": 3, "padding": "valid"},
    {"type": "max_pool2d", "pool_size": 2}, {"type": "max_pool2d", "pool_size": 3, "stride": 1},
    {"type": "avg_pool2d", "pool_size": 2}, {"type": "avg_pool2d", "pool_size": 2, "stride": 1},
    {"type": "global_avg_pool2d"}, {"type": "flatten"}, {"type": "batch_norm", "eps": 0.01},
]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("spec", IMAGE_LINE_SPECS,
                         ids=lambda s: "-".join(map(str, s.values())))
def test_each_image_layer_line_computes_what_the_layer_computes(spec, dtype):
    spec = registry.normalize("layer", spec, "layer")
    model = Model([spec], (3, 7, 6), get_backend("cpu", dtype), seed=1)
    x = np.random.default_rng(3).normal(size=(4, 3, 7, 6)).astype(dtype) * 2
    expected = model.layers[0].forward(x.copy(), training=False)
    statement = layer_class(spec["type"]).numpy_statement(0, spec)
    scope = {"np": np, "math": math}
    for helper in statement.helpers:
        exec(inspect.getsource(helper), scope)
    scope.update(w=model.state_dict(), x=x.copy())
    exec(statement.code, scope)
    assert scope["x"].dtype == expected.dtype and scope["x"].shape == expected.shape
    np.testing.assert_allclose(scope["x"], expected, rtol=1e-5 if dtype == "float32" else 1e-13,
                               atol=1e-6 if dtype == "float32" else 1e-14)


def test_every_image_layer_type_has_its_exports():
    image_types = {n for n in registry.names("layer") if layer_class(n).needs_images}
    assert image_types | {"flatten"} <= {s["type"] for s in CNN}
    assert image_types | {"flatten"} <= {s["type"] for s in IMAGE_LINE_SPECS}
