"""ONNX export: onnxruntime reproduces the workbench's outputs for every layer type."""

import json
import os

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

from core.errors import WeightsError  # noqa: E402
from core.files import atomic_write  # noqa: E402
from core.io.model_file_reading import load_model_file  # noqa: E402
from core.io.model_file_writing import save_model_npz  # noqa: E402
from core.io.onnx_export import OPSET, build_onnx, export_onnx  # noqa: E402
from core.nn.model import Model  # noqa: E402
from tests.core.io.test_model_file import experiment  # noqa: E402

ACTIVATIONS = [{"type": "identity"}, {"type": "sigmoid"}, {"type": "tanh"}, {"type": "relu"},
               {"type": "leaky_relu", "alpha": 0.1}, {"type": "prelu", "init": 0.2},
               {"type": "elu", "alpha": 0.7}, {"type": "gelu"},
               {"type": "gelu", "approximate": "tanh"}, {"type": "silu"}, {"type": "softplus"},
               {"type": "softplus", "beta": 2.0, "threshold": 1.5}, {"type": "mish"}]
WIDTH = 5
TOLERANCE = 1e-5


def every_layer_stack(head="softmax"):
    """dense → batch_norm → dropout, then dense + each activation in turn (the first of these
    dense layers without bias), then the head."""
    layers = [{"type": "dense", "units": 10}, {"type": "batch_norm"},
              {"type": "dropout", "p": 0.3}]
    for k, act in enumerate(ACTIVATIONS):
        layers += [{"type": "dense", "units": 10, "bias": k > 0}, dict(act)]
    layers += [{"type": "dense", "units": 4}]
    if head:
        layers.append({"type": head})
    return layers


def lively_model(layers, width=WIDTH, seed=1, dtype="float32", gain=2.5):
    """Weights scaled up and batch-norm statistics set so every activation sees inputs on
    both sides of its bend (a deep stack of default-initialized layers goes flat)."""
    from core.backend.devices import get_backend
    model = Model(layers, width, get_backend("cpu", dtype), seed=seed)
    rng = np.random.default_rng(seed)
    state = model.state_dict()
    for i, spec in enumerate(model.specs):
        if spec["type"] == "dense":
            state[f"{i}.weight"] = state[f"{i}.weight"] * gain
            if spec["bias"]:
                state[f"{i}.bias"] = rng.normal(0, 0.5, state[f"{i}.bias"].shape)
        elif spec["type"] == "batch_norm":
            n = state[f"{i}.weight"].shape[0]
            state[f"{i}.running_mean"] = rng.normal(0, 0.5, n)
            state[f"{i}.running_var"] = rng.uniform(0.3, 3.0, n)
            state[f"{i}.weight"] = rng.uniform(0.5, 2.0, n)
            state[f"{i}.bias"] = rng.normal(0, 0.3, n)
        elif spec["type"] == "prelu":
            state[f"{i}.weight"] = np.array([0.3])
    model.load_state_dict(state)
    return model


STATS = {"mean": np.array([1.0, -2.0, 0.5, 3.0, 0.0]), "std": np.array([2.0, 0.5, 1.0, 4.0, 1.5])}


def raw_inputs(n=256, seed=0, scale=1.0):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(n, WIDTH)) * STATS["std"] * 1.5 + STATS["mean"]) * scale


def reference(model, X):
    return model.predict((X - STATS["mean"]) / STATS["std"])


def run_onnx(path, X):
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return session.run(["output"], {"input": X.astype(np.float32)})[0]


def save_and_export(tmp_path, layers, **kw):
    model = lively_model(layers, **kw)
    save_model_npz(tmp_path / "m.npz", model, experiment(layers, kw.get("dtype", "float32")),
                   STATS, None)
    export_onnx(tmp_path / "m.npz", tmp_path / "m.onnx")
    return model


@pytest.mark.parametrize("head", ["softmax", None])
def test_onnxruntime_reproduces_every_layer_type(tmp_path, head):
    layers = every_layer_stack(head)
    model = save_and_export(tmp_path, layers)
    X = raw_inputs()
    ref = reference(model, X)
    assert ref.std(axis=0).min() > 1e-3, "outputs barely vary: the test would prove little"
    out = run_onnx(tmp_path / "m.onnx", X)
    diff = np.abs(out - ref).max()
    print(f"every layer type, head={head}: max |onnxruntime − workbench| = {diff:.3g} "
          f"(outputs up to {np.abs(ref).max():.3g})")
    assert out.shape == ref.shape and out.dtype == np.float32
    assert diff < TOLERANCE


@pytest.mark.parametrize("act", ACTIVATIONS, ids=lambda a: "-".join(map(str, a.values())))
def test_each_activation_alone(tmp_path, act):
    layers = [{"type": "dense", "units": 16}, dict(act), {"type": "dense", "units": 3}]
    model = save_and_export(tmp_path, layers, gain=4.0)
    X = raw_inputs(seed=2)
    h = model.forward(((X - STATS["mean"]) / STATS["std"]).astype(np.float32), stop=1)
    assert (h > 0).any() and (h < 0).any()  # both sides of the bend are exercised
    if act["type"] == "softplus":  # and both sides of PyTorch's linear threshold
        beta = act.get("beta", 1.0)
        threshold = act.get("threshold", 20.0)
        assert (beta * h > threshold).any() == (threshold < 20)
    diff = np.abs(run_onnx(tmp_path / "m.onnx", X) - reference(model, X)).max()
    print(f"{act}: max difference {diff:.3g}")
    assert diff < TOLERANCE


def test_huge_inputs_stay_finite_and_agree(tmp_path):
    layers = [{"type": "dense", "units": 16}, {"type": "softplus", "beta": 0.5},
              {"type": "dense", "units": 16}, {"type": "mish"}, {"type": "dense", "units": 16},
              {"type": "gelu"}, {"type": "dense", "units": 3}, {"type": "softmax"}]
    model = save_and_export(tmp_path, layers)
    X = raw_inputs(scale=300.0)
    ref = reference(model, X)
    out = run_onnx(tmp_path / "m.onnx", X)
    assert np.isfinite(out).all() and np.isfinite(ref).all()
    assert np.abs(out - ref).max() < TOLERANCE


def test_graph_is_standard_and_self_describing(tmp_path):
    layers = every_layer_stack()
    save_and_export(tmp_path, layers)
    proto = onnx.load(str(tmp_path / "m.onnx"))
    onnx.checker.check_model(proto, full_check=True)
    assert [o.version for o in proto.opset_import if o.domain in ("", "ai.onnx")] == [OPSET]
    (inp,), (out,) = proto.graph.input, proto.graph.output
    assert inp.name == "input" and out.name == "output"
    in_dims = inp.type.tensor_type.shape.dim
    assert in_dims[0].dim_param == "batch" and in_dims[1].dim_value == WIDTH
    assert out.type.tensor_type.shape.dim[1].dim_value == 4
    assert inp.type.tensor_type.elem_type == onnx.TensorProto.FLOAT
    ops = [n.op_type for n in proto.graph.node]
    assert ops[:3] == ["Sub", "Div", "Gemm"] and ops[-1] == "Softmax"
    assert "Dropout" not in ops and ops.count("Gemm") == len(ACTIVATIONS) + 2
    for op in ("BatchNormalization", "PRelu", "LeakyRelu", "Elu", "Erf", "Softplus", "Where"):
        assert op in ops
    inits = {i.name for i in proto.graph.initializer}
    assert {"0.weight", "0.bias", "1.running_mean", "1.running_var", "preprocess.mean"} <= inits
    assert "3.weight" in inits and "3.bias" not in inits  # a dense layer without bias
    meta = {p.key: p.value for p in proto.metadata_props}
    assert json.loads(meta["experiment"])["model"]["layers"][0]["units"] == 10
    assert meta["preprocess"] == "standardize"


def test_batch_dimension_is_dynamic(tmp_path):
    model = save_and_export(tmp_path, [{"type": "dense", "units": 3}, {"type": "tanh"}])
    for n in (1, 7, 300):
        X = raw_inputs(n)
        assert np.abs(run_onnx(tmp_path / "m.onnx", X) - reference(model, X)).max() < TOLERANCE


def test_export_from_a_live_model_equals_export_from_its_file(tmp_path):
    layers = every_layer_stack()
    model = save_and_export(tmp_path, layers)
    from_file = build_onnx(load_model_file(tmp_path / "m.npz"))
    live = build_onnx((model, experiment(layers), STATS))
    a = {i.name: onnx.numpy_helper.to_array(i) for i in from_file.graph.initializer}
    b = {i.name: onnx.numpy_helper.to_array(i) for i in live.graph.initializer}
    assert a.keys() == b.keys()
    for name in a:
        np.testing.assert_array_equal(a[name], b[name])
    assert [n.op_type for n in from_file.graph.node] == [n.op_type for n in live.graph.node]


def test_network_of_only_dropout_still_has_an_output(tmp_path):
    layers = [{"type": "dense", "units": 2}, {"type": "dropout"}]
    model = save_and_export(tmp_path, layers)
    X = raw_inputs(10)
    assert np.abs(run_onnx(tmp_path / "m.onnx", X) - reference(model, X)).max() < TOLERANCE


def test_failed_export_leaves_the_previous_file(tmp_path, monkeypatch):
    save_and_export(tmp_path, [{"type": "dense", "units": 3}])
    before = (tmp_path / "m.onnx").read_bytes()

    def boom(*args):
        raise OSError(5, "Input/output error")
    monkeypatch.setattr(atomic_write.os, "replace", boom)
    with pytest.raises(WeightsError, match="cannot be written"):
        export_onnx(tmp_path / "m.npz", tmp_path / "m.onnx")
    monkeypatch.undo()
    assert (tmp_path / "m.onnx").read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["m.npz", "m.onnx"]


def test_weights_only_file_cannot_be_exported(tmp_path):
    model = lively_model([{"type": "dense", "units": 3}])
    np.savez(tmp_path / "w.npz", **model.state_dict())
    with pytest.raises(WeightsError, match="holds weights only"):
        export_onnx(tmp_path / "w.npz", tmp_path / "w.onnx")
    assert not (tmp_path / "w.onnx").exists()
