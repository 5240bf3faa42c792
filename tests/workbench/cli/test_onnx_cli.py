"""ONNX models at the command line: ``predict MODEL.onnx`` and ``train --init MODEL.onnx``."""

import csv

import numpy as np

from tests.workbench.cli.test_cli import EXAMPLES, ROOT, cli

GOLDEN = ROOT / "tests" / "golden"


def test_predict_runs_a_pytorch_export_as_torch_does(tmp_path):
    golden = np.load(GOLDEN / "torch_mlp_outputs.npz", allow_pickle=False)
    np.savetxt(tmp_path / "x.csv", golden["x"].astype(np.float64), delimiter=",", fmt="%.9g")
    done = cli("predict", GOLDEN / "torch_mlp.onnx", tmp_path / "x.csv", "-o", tmp_path / "y.csv")
    assert done.returncode == 0, done.stderr
    with open(tmp_path / "y.csv", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["output_0", "output_1", "output_2"]
    np.testing.assert_allclose(np.array(rows[1:], dtype=np.float64), golden["y"], atol=2e-6)


def test_train_continues_from_an_onnx_model_as_from_its_model_file(tmp_path):
    first = cli("train", EXAMPLES / "xor.json", "--epochs", "2", "--out", tmp_path / "a",
                "--quiet")
    assert first.returncode == 0, first.stderr
    exported = cli("export", tmp_path / "a" / "model.npz", "-o", tmp_path / "a.onnx")
    assert exported.returncode == 0, exported.stderr
    for name, init in (("b", tmp_path / "a.onnx"), ("c", tmp_path / "a" / "model.npz")):
        done = cli("train", EXAMPLES / "xor.json", "--epochs", "1", "--init", init, "--out",
                   tmp_path / name, "--quiet")
        assert done.returncode == 0, done.stderr
    with np.load(tmp_path / "b" / "model.npz") as b, np.load(tmp_path / "c" / "model.npz") as c:
        assert sorted(b.files) == sorted(c.files)
        for key in b.files:
            if b[key].dtype.kind == "f":  # ONNX keeps float32: the xor example trains in it
                np.testing.assert_array_equal(b[key], c[key], err_msg=key)


def test_an_unsupported_operator_is_one_line_and_exit_2(tmp_path):
    from onnx import TensorProto, helper, numpy_helper
    graph = helper.make_graph(
        [helper.make_node("Gemm", ["x", "w"], ["h"], transB=1, name="fc"),
         helper.make_node("Cos", ["h"], ["y"], name="wave")], "g",  # Conv is opened now
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["n", 2])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["n", 2])],
        [numpy_helper.from_array(np.ones((2, 2), dtype=np.float32), "w")])
    (tmp_path / "cnn.onnx").write_bytes(helper.make_model(graph).SerializeToString())
    (tmp_path / "x.csv").write_text("1,2\n", encoding="utf-8")
    done = cli("predict", tmp_path / "cnn.onnx", tmp_path / "x.csv")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "cnn.onnx: node 'wave' (Cos) is not in the subset the workbench opens" \
        in done.stderr
