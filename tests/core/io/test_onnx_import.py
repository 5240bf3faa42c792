"""Opening ONNX models: PyTorch's export predicts as torch did, the workbench's own export
comes back as it left, and anything else is refused in one sentence."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from onnx import TensorProto, helper, numpy_helper

from core.errors import WeightsError
from core.io import onnx_import
from core.io.model_file import ModelFile, build_model, predict
from core.io.onnx_export import build_onnx, export_onnx
from core.io.onnx_import import load_onnx, open_model_file, read_initial_state
from tests.core.io.test_model_file import CLASSES, PRE, experiment
from tests.core.io.test_onnx_export import every_layer_stack, lively_model

GOLDEN = Path(__file__).resolve().parents[2] / "golden"
TORCH_LAYERS = ["dense", "relu", "batch_norm", "identity", "dense", "leaky_relu", "dense", "elu",
                "prelu", "tanh", "dense", "softmax"]


@pytest.fixture(scope="module")
def torch_golden():
    with np.load(GOLDEN / "torch_mlp_outputs.npz", allow_pickle=False) as archive:
        return {k: archive[k] for k in archive.files}


def test_a_pytorch_sequential_exported_by_torch_onnx_predicts_as_torch_does(torch_golden):
    mf = load_onnx(GOLDEN / "torch_mlp.onnx")
    layers = mf.experiment["model"]["layers"]
    assert [s["type"] for s in layers] == TORCH_LAYERS
    # the Dropout (index 3) left no trace in the graph: an identity layer keeps the indices
    assert layers[5]["alpha"] == 0.1 and layers[7]["alpha"] == 0.7
    assert layers[2]["momentum"] == 0.1 and layers[2]["eps"] == 1e-5
    torch_state = {k[len("state."):]: v for k, v in torch_golden.items() if k.startswith("state.")}
    assert sorted(mf.state) == sorted(torch_state)  # nn.Sequential's state_dict names
    for name, value in torch_state.items():
        np.testing.assert_array_equal(mf.state[name], value, err_msg=name)
    out = predict(mf, torch_golden["x"])
    np.testing.assert_allclose(out, torch_golden["y"], rtol=0, atol=2e-6)
    assert mf.preprocess is None and mf.class_names is None
    assert mf.experiment["loss"]["type"] == "cross_entropy"  # a softmax output
    # 4 inputs, 3 classes: the built-in iris data fits, so it can train further at once
    assert mf.experiment["data"]["source"] == "iris"
    assert open_model_file(GOLDEN / "torch_mlp.onnx").state.keys() == mf.state.keys()


ROUND_TRIP = [{"type": "dense", "units": 9}, {"type": "batch_norm", "momentum": 0.2},
              {"type": "dropout", "p": 0.25}, {"type": "leaky_relu", "alpha": 0.05},
              {"type": "dense", "units": 8, "bias": False}, {"type": "prelu", "init": 0.2},
              {"type": "dense", "units": 7}, {"type": "elu", "alpha": 0.7},
              {"type": "dense", "units": 7}, {"type": "silu"}, {"type": "identity"},
              {"type": "dense", "units": 6}, {"type": "tanh"}, {"type": "dense", "units": 3},
              {"type": "softmax"}]


def test_round_trip_workbench_onnx_workbench_gives_the_same_predictions(tmp_path):
    model = lively_model(ROUND_TRIP, width=4)
    exp = experiment(ROUND_TRIP)
    original = ModelFile.from_model(model, exp, PRE, CLASSES, source="run")
    export_onnx(original, tmp_path / "net.onnx")
    back = load_onnx(tmp_path / "net.onnx")
    assert back.experiment == original.experiment  # dropout and identity included
    assert back.class_names == CLASSES
    np.testing.assert_array_equal(back.preprocess["mean"], PRE["mean"])
    assert sorted(back.state) == sorted(k for k in original.state
                                        if not k.endswith("num_batches_tracked"))
    x = np.random.default_rng(2).normal(size=(40, 4)) * 3
    np.testing.assert_array_equal(predict(back, x), predict(original, x))


@pytest.mark.parametrize("head", ["softmax", "sigmoid", None])
def test_every_layer_type_the_exporter_writes_comes_back_from_an_unchanged_export(tmp_path,
                                                                                 head):
    layers = every_layer_stack(head)  # GELU, Mish, Softplus(β, threshold) as formulas ...
    model = lively_model(layers, width=5)
    original = ModelFile.from_model(model, experiment(layers), None, None, source="run")
    export_onnx(original, tmp_path / "all.onnx")
    back = load_onnx(tmp_path / "all.onnx")
    assert back.experiment == original.experiment
    x = np.random.default_rng(5).normal(size=(30, 5)) * 2
    np.testing.assert_array_equal(predict(back, x), predict(original, x))


def test_an_export_changed_after_the_fact_is_read_operator_by_operator(tmp_path):
    layers = [{"type": "dense", "units": 4}, {"type": "gelu"}, {"type": "dense", "units": 2}]
    original = ModelFile.from_model(lively_model(layers, width=3), experiment(layers), None,
                                    None, source="run")
    proto = build_onnx(original)
    proto.graph.name = "renamed"  # no longer exactly what the workbench exported
    (tmp_path / "edited.onnx").write_bytes(proto.SerializeToString())
    with pytest.raises(WeightsError, match=r"edited\.onnx: node '1\.gelu\.scaled' \(Mul\) is "
                                           r"not in the subset the workbench opens"):
        load_onnx(tmp_path / "edited.onnx")


def test_without_the_workbenchs_metadata_the_graph_alone_gives_the_network(tmp_path):
    model = lively_model(ROUND_TRIP, width=4)
    original = ModelFile.from_model(model, experiment(ROUND_TRIP), PRE, CLASSES, source="run")
    proto = build_onnx(original)
    del proto.metadata_props[:]
    (tmp_path / "bare.onnx").write_bytes(proto.SerializeToString())
    back = load_onnx(tmp_path / "bare.onnx")
    types = [s["type"] for s in back.experiment["model"]["layers"]]
    # the exporter names initializers "k.weight": layers with weights keep their places;
    # the dropout (2) and identity (10) the graph does not show come back as identity
    # layers, just before the next layer with weights
    assert types == ["dense", "batch_norm", "leaky_relu", "identity", "dense", "prelu",
                     "dense", "elu", "dense", "silu", "identity", "dense", "tanh", "dense",
                     "softmax"]
    assert back.class_names is None and back.experiment["name"] == "bare"  # the file's
    x = np.random.default_rng(3).normal(size=(40, 4)) * 3
    np.testing.assert_allclose(predict(back, x), predict(original, x), rtol=0, atol=1e-12)


def _model(nodes, initializers, width=3, outputs=2, opset=17, name="g"):
    graph = helper.make_graph(
        nodes, name, [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["n", width])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["n", outputs])],
        [numpy_helper.from_array(np.asarray(v, dtype=np.float32), k)
         for k, v in initializers.items()])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])


def _save(tmp_path, proto, name="m.onnx") -> Path:
    path = tmp_path / name
    path.write_bytes(proto.SerializeToString())
    return path


def test_matmul_add_gemm_options_dropout_flatten_and_constants(tmp_path):
    rng = np.random.default_rng(4)
    w1, b1 = rng.normal(size=(3, 5)), rng.normal(size=5)    # MatMul weight: (in, out)
    w2, b2 = rng.normal(size=(5, 2)), rng.normal(size=2)    # Gemm with transB=0, alpha 0.5
    ratio = helper.make_node("Constant", [], ["ratio"], value=numpy_helper.from_array(
        np.array(0.4, dtype=np.float32)))
    nodes = [helper.make_node("Flatten", ["x"], ["f"], axis=1),
             helper.make_node("MatMul", ["f", "w1"], ["m"]),
             helper.make_node("Add", ["m", "b1"], ["h"]), ratio,
             helper.make_node("Dropout", ["h", "ratio"], ["d"]),
             helper.make_node("Relu", ["d"], ["r"]),
             helper.make_node("Identity", ["w2"], ["w2_alias"]),
             helper.make_node("Gemm", ["r", "w2_alias", "b2"], ["g"], alpha=0.5, beta=2.0),
             helper.make_node("Sigmoid", ["g"], ["y"])]
    path = _save(tmp_path, _model(nodes, {"w1": w1, "b1": b1, "w2": w2, "b2": b2}))
    mf = load_onnx(path)
    layers = mf.experiment["model"]["layers"]
    assert [(s["type"], s.get("units"), s.get("p")) for s in layers] == [
        ("dense", 5, None), ("dropout", None, 0.4), ("relu", None, None), ("dense", 2, None),
        ("sigmoid", None, None)]
    assert mf.experiment["loss"]["type"] == "binary_cross_entropy"
    assert mf.experiment["description"].endswith("No built-in data set fits its inputs: choose "
                                                 "your data (CSV or .npz) on the Data tab "
                                                 "before training it further.")
    x = rng.normal(size=(6, 3)).astype(np.float32).astype(np.float64)
    f32 = np.float32
    expected = np.maximum(x @ w1.astype(f32) + b1.astype(f32), 0) @ (0.5 * w2.astype(f32)) \
        + 2 * b2.astype(f32)
    np.testing.assert_allclose(predict(mf, x), 1 / (1 + np.exp(-expected)), atol=1e-5)


def test_anything_outside_the_subset_is_one_sentence_naming_the_node(tmp_path):
    w = np.ones((2, 3))
    conv = [helper.make_node("Gemm", ["x", "w"], ["h"], transB=1, name="fc"),
            helper.make_node("Cos", ["h"], ["y"], name="wave")]
    path = _save(tmp_path, _model(conv, {"w": w}, outputs=2))
    with pytest.raises(WeightsError, match=r"m\.onnx: node 'wave' \(Cos\) is not in the subset "
                                           r"the workbench opens \(Gemm, MatMul"):
        load_onnx(path)
    branch = [helper.make_node("Gemm", ["x", "w"], ["h"], transB=1, name="fc"),
              helper.make_node("Relu", ["h"], ["r"], name="act"),
              helper.make_node("Add", ["r", "h"], ["y"], name="skip")]
    with pytest.raises(WeightsError, match=r"node 'skip' \(Add\) is not the next step of one "
                                           r"chain from the input to the output"):
        load_onnx(_save(tmp_path, _model(branch, {"w": w})))
    prelu = [helper.make_node("PRelu", ["x", "slope"], ["y"], name="p")]
    with pytest.raises(WeightsError, match=r"node 'p' \(PRelu\) is a PRelu with 3 slopes"):
        load_onnx(_save(tmp_path, _model(prelu, {"slope": [0.1, 0.2, 0.3]}, outputs=3)))
    leaky = [helper.make_node("LeakyRelu", ["x"], ["y"], alpha=5.0, name="steep")]
    with pytest.raises(WeightsError, match=r"node 'steep' \(LeakyRelu\) is not representable: "
                                           r"layer\.alpha"):
        load_onnx(_save(tmp_path, _model(leaky, {}, outputs=3)))


def test_hostile_files_are_refused_before_anything_large_is_made(tmp_path, monkeypatch):
    (tmp_path / "junk.onnx").write_bytes(b"\xff\xfe not protobuf at all \x00" * 10)
    with pytest.raises(WeightsError, match=r"junk\.onnx: is not an ONNX model"):
        load_onnx(tmp_path / "junk.onnx")
    # a tensor that claims a billion values but holds three
    big = TensorProto(name="w", data_type=TensorProto.FLOAT, dims=[1000, 1000000],
                      float_data=[1.0, 2.0, 3.0])
    graph = helper.make_graph([helper.make_node("Gemm", ["x", "w"], ["y"], transB=1)], "g",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["n", 3])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["n", 2])],
                              [big])
    path = _save(tmp_path, helper.make_model(graph))
    with pytest.raises(WeightsError, match=r"tensor 'w' declares 1,000,000,000 values but "
                                           r"holds 3"):
        load_onnx(path)
    # weights kept in another file are never read
    ext = helper.make_tensor("w", TensorProto.FLOAT, [2, 3], [0.0] * 6)
    ext.data_location = TensorProto.EXTERNAL
    del ext.float_data[:]
    entry = ext.external_data.add()
    entry.key, entry.value = "location", "/etc/passwd"
    graph.initializer[0].CopyFrom(ext)
    with pytest.raises(WeightsError, match="stored in an external file, which the workbench "
                                           "does not read"):
        load_onnx(_save(tmp_path, helper.make_model(graph), "ext.onnx"))
    # non-finite weights
    nan = [helper.make_node("Gemm", ["x", "w"], ["y"], transB=1)]
    with pytest.raises(WeightsError, match=r"tensor 'w' holds non-finite values"):
        load_onnx(_save(tmp_path, _model(nan, {"w": [[np.nan] * 3] * 2}), "nan.onnx"))
    # larger than the budget: refused unread
    monkeypatch.setattr(onnx_import, "MAX_ONNX_BYTES", 100)
    with pytest.raises(WeightsError, match=r"more than the 100 bytes the workbench reads for an "
                                           r"ONNX model"):
        load_onnx(GOLDEN / "torch_mlp.onnx")


def test_train_init_reads_an_onnx_models_weights(tmp_path):
    model = lively_model(ROUND_TRIP, width=4)
    original = ModelFile.from_model(model, experiment(ROUND_TRIP), PRE, CLASSES, source="run")
    export_onnx(original, tmp_path / "net.onnx")
    state = read_initial_state(tmp_path / "net.onnx")
    again = build_model(ModelFile(state, original.experiment, PRE, CLASSES, "again"))
    for name, value in model.state_dict().items():
        if not name.endswith("num_batches_tracked"):
            np.testing.assert_array_equal(again.state_dict()[name], value, err_msg=name)
    assert json.loads(json.dumps(sorted(state)))  # plain names, nothing else
