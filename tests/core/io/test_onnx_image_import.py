"""Opening ONNX image networks: the workbench's own CNN export comes back whole (with or
without its stored experiment), PyTorch's export of a CNN predicts as torch does, a
hand-made graph of every image operator predicts as onnxruntime does, and attributes the
workbench's layers lack are refused naming the node."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from onnx import TensorProto, helper, numpy_helper

from core import experiment as experiment_schema
from core.backend.devices import get_backend
from core.data.spec import prepare
from core.errors import WeightsError
from core.io.model_file import ModelFile, predict
from core.io.onnx_export import build_onnx, export_onnx
from core.io.onnx_import import load_onnx
from core.nn.model import Model

ort = pytest.importorskip("onnxruntime")

EXAMPLE = Path(__file__).resolve().parents[3] / "resources" / "examples" / "digits_cnn.json"
GOLDEN = Path(__file__).resolve().parents[2] / "golden"


@pytest.fixture(scope="module")
def digits_cnn():
    """The digits CNN example (float32), untrained, its standardization and raw rows."""
    doc = experiment_schema.normalize(json.loads(EXAMPLE.read_text(encoding="utf-8")))
    doc["training"]["dtype"] = "float32"
    prepared = prepare(doc["data"])
    model = Model(doc["model"]["layers"], (1, 8, 8), get_backend("cpu", "float32"), seed=4)
    original = ModelFile.from_model(model, doc, prepared.standardizer, None, source="run")
    raw = prepare({**doc["data"], "standardize": False}).val.X
    return original, raw


def test_the_digits_cnn_comes_back_from_its_onnx_export_with_the_same_predictions(tmp_path,
                                                                                   digits_cnn):
    original, raw = digits_cnn
    export_onnx(original, tmp_path / "cnn.onnx")
    back = load_onnx(tmp_path / "cnn.onnx")
    assert back.experiment == original.experiment
    assert back.input_shape == (1, 8, 8)
    ref = predict(original, raw)
    assert ref.std(axis=0).min() > 1e-3, "outputs barely vary: the test would prove little"
    assert sorted(back.state) == sorted(original.state)
    for name, value in original.state.items():  # float32 weights travel exactly
        np.testing.assert_array_equal(back.state[name], value, err_msg=name)
    # the standardization's float64 statistics are float32 in ONNX: 1e-7 apart at most
    np.testing.assert_allclose(predict(back, raw), ref, rtol=0, atol=1e-6)


def test_without_its_metadata_the_cnn_graph_alone_gives_the_same_layers(tmp_path, digits_cnn):
    original, raw = digits_cnn
    proto = build_onnx(original)
    del proto.metadata_props[:]
    (tmp_path / "bare.onnx").write_bytes(proto.SerializeToString())
    back = load_onnx(tmp_path / "bare.onnx")
    expected = []
    for spec in original.experiment["model"]["layers"]:
        spec = dict(spec)
        if spec["type"] == "dropout":  # evaluation mode: the graph does not show it
            spec = {"type": "identity"}
        if "init" in spec:  # how the weights started is not in the graph
            spec["init"] = "torch_default"
        expected.append(spec)
    assert back.experiment["model"]["layers"] == expected  # padding "same", pool, flatten ...
    assert back.experiment["data"]["source"] == "digits"  # 64 inputs as 1×8×8, 10 classes
    assert back.experiment["data"]["as_images"] is True
    assert back.input_shape == (1, 8, 8)
    np.testing.assert_allclose(predict(back, raw), predict(original, raw), rtol=0, atol=1e-6)


def test_a_pytorch_cnn_exported_by_torch_onnx_predicts_as_torch_does():
    with np.load(GOLDEN / "torch_cnn_outputs.npz", allow_pickle=False) as archive:
        golden = {k: archive[k] for k in archive.files}
    mf = load_onnx(GOLDEN / "torch_cnn.onnx")
    layers = mf.experiment["model"]["layers"]
    # nn.Sequential's indices: the Dropout (4) left no trace, an identity keeps its place;
    # Conv2d(padding=1) with a 3×3 kernel is the workbench's "same"
    assert [s["type"] for s in layers] == [
        "conv2d", "relu", "batch_norm", "max_pool2d", "identity", "conv2d", "avg_pool2d",
        "global_avg_pool2d", "flatten", "dense", "softmax"]
    assert (layers[0]["padding"], layers[5]["stride"], layers[5]["padding"],
            layers[5]["bias"], layers[6]["stride"]) == ("same", 2, 1, False, 1)
    torch_state = {k[len("state."):]: v for k, v in golden.items() if k.startswith("state.")}
    assert sorted(mf.state) == sorted(torch_state)
    for name, value in torch_state.items():
        np.testing.assert_array_equal(mf.state[name], value, err_msg=name)
    assert mf.input_shape == (1, 8, 8)
    assert mf.experiment["data"]["source"] == "digits" and mf.experiment["data"]["as_images"]
    x = golden["x"]
    np.testing.assert_allclose(predict(mf, x.reshape(len(x), -1)), golden["y"], rtol=0,
                               atol=2e-6)


def _graph(nodes, initializers, shape, outputs):
    graph = helper.make_graph(
        nodes, "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["n", *shape])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["n", outputs])],
        [numpy_helper.from_array(np.asarray(v, dtype=np.float32), k)
         for k, v in initializers.items()])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


def every_image_operator():
    """A graph on [n, 2, 7, 7] images with every image operator and attribute form read."""
    rng = np.random.default_rng(6)
    init = {"0.weight": rng.normal(size=(4, 2, 3, 3)),            # stride 2, pads 1, no bias
            "1.weight": rng.uniform(0.5, 2, 4), "1.bias": rng.normal(size=4),
            "1.running_mean": rng.normal(size=4), "1.running_var": rng.uniform(0.5, 2, 4),
            "4.weight": rng.normal(size=(5, 4, 2, 2)), "4.bias": rng.normal(size=5),
            "8.weight": rng.normal(size=(3, 5)), "8.bias": rng.normal(size=3)}
    nodes = [helper.make_node("Conv", ["x", "0.weight"], ["c0"], name="c0", kernel_shape=[3, 3],
                              strides=[2, 2], pads=[1, 1, 1, 1]),
             helper.make_node("BatchNormalization", ["c0", "1.weight", "1.bias",
                                                     "1.running_mean", "1.running_var"], ["b1"],
                              epsilon=1e-5),
             helper.make_node("Relu", ["b1"], ["r2"]),
             helper.make_node("AveragePool", ["r2"], ["a3"], kernel_shape=[2, 2]),  # stride 1
             # an even kernel with PyTorch's "same" padding (the extra row at the end)
             helper.make_node("Conv", ["a3", "4.weight", "4.bias"], ["c4"], pads=[0, 0, 1, 1]),
             helper.make_node("MaxPool", ["c4"], ["m5"], kernel_shape=[2, 2], strides=[2, 2]),
             helper.make_node("GlobalAveragePool", ["m5"], ["g6"]),
             helper.make_node("Flatten", ["g6"], ["f7"], axis=1),
             helper.make_node("Gemm", ["f7", "8.weight", "8.bias"], ["h8"], transB=1),
             helper.make_node("Softmax", ["h8"], ["y"], axis=-1)]
    return _graph(nodes, init, (2, 7, 7), 3)


def test_a_graph_of_every_image_operator_predicts_as_onnxruntime(tmp_path):
    path = tmp_path / "images.onnx"
    path.write_bytes(every_image_operator().SerializeToString())
    mf = load_onnx(path)
    layers = mf.experiment["model"]["layers"]
    assert [(s["type"], s.get("kernel_size", s.get("pool_size")), s.get("stride"),
             s.get("padding")) for s in layers] == [
        ("conv2d", 3, 2, 1, ), ("batch_norm", None, None, None), ("relu", None, None, None),
        ("avg_pool2d", 2, 1, None), ("conv2d", 2, 1, "same"), ("max_pool2d", 2, None, None),
        ("global_avg_pool2d", None, None, None), ("flatten", None, None, None),
        ("dense", None, None, None), ("softmax", None, None, None)]
    assert layers[0]["bias"] is False and mf.input_shape == (2, 7, 7)
    x = np.random.default_rng(1).normal(size=(25, 2, 7, 7)).astype(np.float32)
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    expected = session.run(["y"], {"x": x})[0]
    assert expected.std(axis=0).min() > 1e-3
    np.testing.assert_allclose(predict(mf, x.reshape(25, -1)), expected, rtol=0, atol=2e-6)


def _conv(name, weight_shape=(4, 2, 3, 3), **attrs):
    w = np.ones(weight_shape)
    return _graph([helper.make_node("Conv", ["x", "w"], ["c"], name=name, **attrs),
                   helper.make_node("Flatten", ["c"], ["y"])], {"w": w}, (2, 7, 7), 100)


def _pool(name, **attrs):
    return _graph([helper.make_node("MaxPool", ["x"], ["p"], name=name, **attrs),
                   helper.make_node("Flatten", ["p"], ["y"])], {}, (2, 8, 8), 32)


@pytest.mark.parametrize(("proto", "message"), [
    (_conv("dilated", dilations=[2, 2]),
     r"node 'dilated' \(Conv\) is a Conv with dilations=\[2, 2\]; expected dilations 1"),
    (_conv("grouped", (4, 1, 3, 3), group=2),
     r"node 'grouped' \(Conv\) is a Conv with group=2; expected group 1"),
    (_conv("lopsided", pads=[1, 1, 0, 0]),
     r"node 'lopsided' \(Conv\) is a Conv with pads \[1, 1, 0, 0\]; the workbench pads all "
     r"sides equally"),
    (_conv("tall", (4, 2, 3, 1)),
     r"node 'tall' \(Conv\) is a 2-D operator with kernel_shape \[3, 1\]; the workbench's are "
     r"square"),
    (_conv("upper", auto_pad="SAME_UPPER"),
     r"node 'upper' \(Conv\) is a Conv with auto_pad=SAME_UPPER; expected explicit pads"),
    (_pool("ceiling", kernel_shape=[2, 2], strides=[2, 2], ceil_mode=1),
     r"node 'ceiling' \(MaxPool\) is a MaxPool with ceil_mode=1; expected ceil_mode 0"),
    (_pool("padded", kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1]),
     r"node 'padded' \(MaxPool\) is a MaxPool with pads \[1, 1, 1, 1\]; the workbench's "
     r"pooling has no padding"),
])
def test_attributes_the_image_layers_lack_are_refused_naming_the_node(tmp_path, proto,
                                                                     message):
    path = tmp_path / "m.onnx"
    path.write_bytes(proto.SerializeToString())
    with pytest.raises(WeightsError, match=r"m\.onnx: " + message):
        load_onnx(path)


def test_a_convolution_on_flat_rows_is_refused(tmp_path):
    proto = _graph([helper.make_node("Conv", ["x", "w"], ["y"], name="flat")],
                   {"w": np.ones((2, 1, 3, 3))}, (64,), 2)
    path = tmp_path / "m.onnx"
    path.write_bytes(proto.SerializeToString())
    with pytest.raises(WeightsError, match=r"node 'flat' \(Conv\) is applied to flat rows; "
                                           r"expected images"):
        load_onnx(path)


def test_a_reshape_that_does_not_fit_the_inputs_is_refused(tmp_path):
    shape = helper.make_node("Constant", [], ["s"], value=numpy_helper.from_array(
        np.array([-1, 1, 8, 9], dtype=np.int64)))
    proto = _graph([shape, helper.make_node("Reshape", ["x", "s"], ["r"], name="images"),
                    helper.make_node("GlobalAveragePool", ["r"], ["g"]),
                    helper.make_node("Flatten", ["g"], ["y"])], {}, (64,), 1)
    path = tmp_path / "m.onnx"
    path.write_bytes(proto.SerializeToString())
    with pytest.raises(WeightsError, match=r"node 'images' \(Reshape\) is a Reshape of 64 "
                                           r"inputs to images of 1×8×9"):
        load_onnx(path)
