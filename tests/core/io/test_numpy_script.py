"""The generated NumPy script runs on its own and reproduces Model.predict."""

import ast
import inspect
import math
import shutil
import subprocess
import sys

import numpy as np
import pytest

from core import registry
from core.errors import WeightsError
from core.io.model_file_writing import save_model_npz, save_model_safetensors
from core.io.numpy_script import generate_numpy_script
from core.nn.layers.base import layer_class
from tests.core.io.test_model_file import evil_object_npz, experiment
from tests.core.io.test_onnx_export import (
    STATS,
    every_layer_stack,
    lively_model,
    raw_inputs,
    reference,
)

CLASSES = ["a", "b", "c", "d"]


def write_model(folder, dtype="float32", layers=None, classes=CLASSES):
    layers = layers or every_layer_stack()
    model = lively_model(layers, dtype=dtype)
    path = folder / "model.npz"
    save_model_npz(path, model, experiment(layers, dtype), STATS, classes)
    return model, path


def run_script(script, *args, cwd=None):
    return subprocess.run([sys.executable, str(script), *map(str, args)], capture_output=True,
                          text=True, timeout=60, cwd=cwd)


def write_csv(path, X, header=True):
    lines = [",".join(f"x{k}" for k in range(X.shape[1]))] if header else []
    lines += [",".join(repr(float(v)) for v in row) for row in X]
    path.write_text("\n".join(lines) + "\n")


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_script_reproduces_model_predict(tmp_path, dtype):
    model, path = write_model(tmp_path, dtype)
    script = tmp_path / "predict.py"
    script.write_text(generate_numpy_script(path))
    X = raw_inputs(64)
    write_csv(tmp_path / "in.csv", X)
    done = run_script(script, tmp_path / "in.csv", "-o", tmp_path / "out.csv")
    assert done.returncode == 0, done.stderr
    lines = (tmp_path / "out.csv").read_text().splitlines()
    assert lines[0] == "p_a,p_b,p_c,p_d"
    got = np.array([[float(v) for v in line.split(",")] for line in lines[1:]])
    ref = reference(model, X)
    diff = np.abs(got - ref).max()
    print(f"{dtype}: max |script − Model.predict| = {diff:.3g}")
    assert got.shape == ref.shape and diff < 1e-6
    # printed to stdout without -o, same numbers
    done = run_script(script, tmp_path / "in.csv")
    assert done.stdout.splitlines() == lines


def test_script_imports_only_numpy_and_the_standard_library(tmp_path):
    _, path = write_model(tmp_path)
    tree = ast.parse(generate_numpy_script(path))
    modules = {alias.name.split(".")[0] for node in ast.walk(tree)
               if isinstance(node, ast.Import) for alias in node.names}
    modules |= {node.module.split(".")[0] for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom)}
    assert modules == {"argparse", "math", "sys", "pathlib", "numpy"}


def test_script_can_be_imported_and_finds_weights_beside_it(tmp_path):
    model, path = write_model(tmp_path)
    text = generate_numpy_script(path)
    elsewhere = tmp_path / "shipped"
    elsewhere.mkdir()
    (elsewhere / "predict.py").write_text(text)
    shutil.move(path, elsewhere / "model.npz")  # the exported-from path is gone now
    X = raw_inputs(5)
    code = ("import sys, numpy as np; sys.path.insert(0, '.'); import predict; "
            f"X = np.array({X.tolist()!r}); print(repr(predict.predict(X).tolist()))")
    done = subprocess.run([sys.executable, "-c", code], cwd=elsewhere, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    got = np.array(ast.literal_eval(done.stdout.strip()))
    assert np.abs(got - reference(model, X)).max() < 1e-6


def test_script_refuses_weights_of_another_network(tmp_path):
    _, path = write_model(tmp_path)
    script = tmp_path / "predict.py"
    script.write_text(generate_numpy_script(path))
    other = tmp_path / "other"
    other.mkdir()
    layers = [{"type": "dense", "units": 7}, {"type": "relu"}, {"type": "dense", "units": 4}]
    _, other_path = write_model(other, layers=layers)
    write_csv(tmp_path / "in.csv", raw_inputs(3))
    done = run_script(script, tmp_path / "in.csv", "--weights", other_path)
    assert done.returncode != 0
    assert "does not fit this network" in done.stderr and "0.weight has shape (7, 5)" in \
        done.stderr and "1.running_mean is missing" in done.stderr
    assert "Traceback" not in done.stderr


def test_script_refuses_pickled_weights(tmp_path):
    _, path = write_model(tmp_path)
    script = tmp_path / "predict.py"
    script.write_text(generate_numpy_script(path))
    marker = tmp_path / "pwned"
    evil_object_npz(tmp_path / "evil.npz", marker)
    write_csv(tmp_path / "in.csv", raw_inputs(3))
    done = run_script(script, tmp_path / "in.csv", "--weights", tmp_path / "evil.npz")
    assert done.returncode != 0 and "cannot read the weights" in done.stderr
    assert not marker.exists() and "Traceback" not in done.stderr


def test_script_reports_a_bad_csv_row(tmp_path):
    _, path = write_model(tmp_path)
    script = tmp_path / "predict.py"
    script.write_text(generate_numpy_script(path))
    (tmp_path / "bad.csv").write_text("a,b,c,d,e\n1,2,3,4,5\n1,2,x,4,5\n")
    done = run_script(script, tmp_path / "bad.csv")
    assert done.returncode != 0 and "line 3: expected numbers" in done.stderr
    (tmp_path / "narrow.csv").write_text("1,2,3\n")
    done = run_script(script, tmp_path / "narrow.csv")
    assert "line 1: expected 5 columns, got 3" in done.stderr


def test_output_columns_without_class_names(tmp_path):
    layers = [{"type": "dense", "units": 2}, {"type": "identity"}]
    model, path = write_model(tmp_path, layers=layers, classes=None)
    script = tmp_path / "predict.py"
    script.write_text(generate_numpy_script(path))
    X = raw_inputs(4)
    write_csv(tmp_path / "in.csv", X, header=False)
    done = run_script(script, tmp_path / "in.csv")
    lines = done.stdout.splitlines()
    assert lines[0] == "output_0,output_1"
    got = np.array([[float(v) for v in line.split(",")] for line in lines[1:]])
    assert np.abs(got - reference(model, X)).max() < 1e-6


def test_only_npz_model_files(tmp_path):
    layers = [{"type": "dense", "units": 2}]
    save_model_safetensors(tmp_path / "m.safetensors", lively_model(layers),
                           experiment(layers), STATS)
    with pytest.raises(WeightsError, match="reads .npz model files; export this model to .npz"):
        generate_numpy_script(tmp_path / "m.safetensors")


def test_any_experiment_name_gives_a_valid_script(tmp_path):
    layers = [{"type": "dense", "units": 2}]
    doc = experiment(layers)
    doc["name"] = 'Quotes """ and \\N{bad escape} \\'
    save_model_npz(tmp_path / "m.npz", lively_model(layers), doc, STATS)
    tree = ast.parse(generate_numpy_script(tmp_path / "m.npz"))
    assert "Quotes" in ast.get_docstring(tree)


#: A spec per layer type, with its fields away from their defaults where that changes the line.
LINE_SPECS = {name: name for name in registry.names("layer")}
LINE_SPECS.update({"dense": {"type": "dense", "units": 3, "bias": False},
                   "leaky_relu": {"type": "leaky_relu", "alpha": 0.2},
                   "elu": {"type": "elu", "alpha": 0.7},
                   "gelu_tanh": {"type": "gelu", "approximate": "tanh"},
                   "softplus": {"type": "softplus", "beta": 2.0, "threshold": 1.5},
                   "batch_norm": {"type": "batch_norm", "eps": 0.01}})


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("key", sorted(LINE_SPECS))
def test_each_layer_line_computes_exactly_what_the_layer_computes(key, dtype):
    """A layer class's line and helper functions, run on their own as the script runs them,
    give its evaluation pass bit for bit: the same operations in the same order."""
    spec = registry.normalize("layer", LINE_SPECS[key], "layer")
    model = lively_model([spec], dtype=dtype)
    rng = np.random.default_rng(3)
    x = (rng.normal(size=(9, 5)) * 3).astype(dtype)
    x[0, :3] = [0.0, 30.0, -30.0]
    expected = model.layers[0].forward(x.copy(), training=False)
    statement = layer_class(spec["type"]).numpy_statement(0, spec)
    scope = {"np": np, "math": math}
    for helper in statement.helpers:
        exec(inspect.getsource(helper), scope)
    scope.update(w=model.state_dict(), x=x.copy())
    exec(statement.code, scope)
    assert scope["x"].dtype == expected.dtype
    np.testing.assert_array_equal(scope["x"], expected)
