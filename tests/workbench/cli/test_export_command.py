"""``nn-workbench export`` end to end: every format, and bad input as one line + exit 2."""

import argparse
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from core.io.model_file import predict
from core.io.model_file_reading import load_model_file
from core.io.model_file_writing import save_model_npz
from workbench.cli import export_command

ROOT = Path(__file__).resolve().parents[3]
LAYERS = [{"type": "dense", "units": 8}, {"type": "batch_norm"}, {"type": "gelu"},
          {"type": "dropout", "p": 0.1}, {"type": "dense", "units": 3}, {"type": "softmax"}]
STATS = {"mean": np.array([0.5, -1.0]), "std": np.array([2.0, 0.25])}


@pytest.fixture
def model_path(tmp_path):
    from core.experiment import default_experiment
    from core.nn.model import Model
    doc = default_experiment()
    doc["model"]["layers"] = LAYERS
    path = tmp_path / "model.npz"
    save_model_npz(path, Model(LAYERS, 2, seed=4), doc, STATS, ["x", "y", "z"])
    return path


def export(*argv):
    parser = argparse.ArgumentParser(prog="nn-workbench")
    sub = parser.add_subparsers(dest="command")
    export_command.add_parser(sub)
    args = parser.parse_args(["export", *map(str, argv)])
    assert args.command == "export"
    return export_command.run(args)


def inputs(n=20):
    return np.random.default_rng(1).normal(size=(n, 2)) * 3


@pytest.mark.parametrize("suffix", [".npz", ".safetensors"])
def test_export_weight_formats_round_trip(tmp_path, model_path, suffix, capsys):
    out = tmp_path / f"copy{suffix}"
    assert export(model_path, "-o", out) == 0
    assert f"wrote {out}" in capsys.readouterr().out
    a, b = load_model_file(model_path), load_model_file(out)
    assert b.class_names == ["x", "y", "z"] and b.experiment == a.experiment
    np.testing.assert_array_equal(predict(a, inputs()), predict(b, inputs()))


def test_export_onnx_runs_in_onnxruntime(tmp_path, model_path):
    ort = pytest.importorskip("onnxruntime")
    out = tmp_path / "net.onnx"
    assert export(model_path, "-o", out) == 0
    session = ort.InferenceSession(str(out), providers=["CPUExecutionProvider"])
    X = inputs()
    got = session.run(None, {"input": X.astype(np.float32)})[0]
    diff = np.abs(got - predict(load_model_file(model_path), X)).max()
    print(f"export → onnxruntime: max difference {diff:.3g}")
    assert diff < 1e-5


def test_export_numpy_script_runs(tmp_path, model_path):
    out = tmp_path / "predict.py"
    assert export(model_path, "--format", "py", "-o", out) == 0
    X = inputs(6)
    (tmp_path / "in.csv").write_text("\n".join(",".join(map(repr, r)) for r in X.tolist()))
    done = subprocess.run([sys.executable, str(out), str(tmp_path / "in.csv")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    rows = [list(map(float, line.split(","))) for line in done.stdout.splitlines()[1:]]
    assert np.abs(np.array(rows) - predict(load_model_file(model_path), X)).max() < 1e-6


def test_format_option_overrides_an_unknown_suffix(tmp_path, model_path):
    out = tmp_path / "weights.bin"
    assert export(model_path, "--format", "safetensors", "-o", out) == 0
    assert out.read_bytes()[8:9] == b"{"  # a safetensors header


@pytest.mark.parametrize("argv, expected", [
    (["-o", "{tmp}/x.weird"], "cannot tell the format from the suffix '.weird'"),
    (["--format", "onnx", "-o", "{tmp}/x.npz"], "the suffix .npz says npz but --format says onnx"),
    (["-o", "{tmp}/no/such/folder/x.onnx"], "cannot be written"),
    (["-o", "{tmp}"], "is a folder"),
])
def test_bad_options_are_one_line_and_exit_2(tmp_path, model_path, capsys, argv, expected):
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    assert export(model_path, *argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and expected in err and err.startswith("nn-workbench: error:")
    assert sorted(os.listdir(tmp_path)) == ["model.npz"]


@pytest.mark.parametrize("content, expected", [
    (b"this is not a zip file", "not a valid .npz file"),
    (None, "holds Python objects (pickle)"),
])
def test_bad_model_file_leaves_an_existing_output_untouched(tmp_path, capsys, content, expected):
    bad = tmp_path / "bad.npz"
    if content is None:
        from tests.core.io.test_model_file import evil_object_npz
        evil_object_npz(bad, tmp_path / "pwned")
    else:
        bad.write_bytes(content)
    out = tmp_path / "out.onnx"
    out.write_bytes(b"previous export")
    assert export(bad, "-o", out) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and expected in err and "Traceback" not in err
    assert out.read_bytes() == b"previous export"
    assert not (tmp_path / "pwned").exists()


def test_command_line_in_a_fresh_interpreter_without_qt(tmp_path, model_path):
    bad = tmp_path / "truncated.safetensors"
    bad.write_bytes(b"\xff" * 8 + b"{}")
    code = ("import sys; from workbench.cli.main import main; "
            "rc = main(sys.argv[1:]); "
            "qt = [m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph'))]; "
            "sys.exit(rc if not qt else 3)")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    good = subprocess.run([sys.executable, "-c", code, "export", str(model_path), "-o",
                           str(tmp_path / "m.onnx")], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env=env)
    assert good.returncode == 0, good.stderr
    assert (tmp_path / "m.onnx").exists()
    done = subprocess.run([sys.executable, "-m", "workbench.cli", "export", str(bad),
                           "-o", str(tmp_path / "x.npz")], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env=env)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "header claims" in lines[0] and str(bad) in lines[0]
    assert not (tmp_path / "x.npz").exists()


def test_the_main_command_line_dispatches_export(tmp_path, model_path):
    from workbench.cli.main import main
    assert main(["export", str(model_path), "-o", str(tmp_path / "m.safetensors")]) == 0
    assert load_model_file(tmp_path / "m.safetensors").class_names == ["x", "y", "z"]


@pytest.mark.parametrize("suffix", [".npz", ".safetensors", ".onnx", ".py"])
def test_a_name_with_a_lone_surrogate_exports_to_every_format(tmp_path, suffix, capsys):
    from core.experiment import default_experiment
    from core.nn.model import Model
    doc = default_experiment()
    doc["name"] = "run \ud800 one"  # valid JSON ("\ud800"), not encodable as UTF-8 as is
    doc["model"]["layers"] = LAYERS
    path = tmp_path / "model.npz"
    save_model_npz(path, Model(LAYERS, 2, seed=4), doc, STATS, ["x", "y", "z"])
    out = tmp_path / f"out{suffix}"
    assert export(path, "-o", out) == 0, capsys.readouterr().err
    if suffix in (".npz", ".safetensors"):
        assert load_model_file(out).experiment["name"] == "run \ud800 one"
    elif suffix == ".py":
        assert "run \\ud800 one" in out.read_text(encoding="utf-8")
    else:
        onnx = pytest.importorskip("onnx")
        meta = {p.key: p.value for p in onnx.load(str(out)).metadata_props}
        assert '"name": "run \\ud800 one"' in meta["experiment"]


def test_export_to_a_fifo_without_a_reader_is_one_line(tmp_path, model_path, capsys):
    fifo = tmp_path / "out.npz"
    os.mkfifo(fifo)
    assert export(model_path, "-o", fifo) == 2
    err = capsys.readouterr().err
    assert err == f"nn-workbench: error: {fifo}: cannot be written (is a named pipe (FIFO) " \
                  "that no program is reading from)\n"
    import stat
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
