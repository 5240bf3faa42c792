"""The headless command line, end to end, in a fresh interpreter as a user runs it."""

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "resources" / "examples"


def cli(*args, timeout=300):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "workbench.cli", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout, env=env)


def summary(done):
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("example, threshold", [("spiral", 0.95), ("xor", 0.95),
                                                ("digits", 0.97)])
def test_train_reaches_its_accuracy(tmp_path, example, threshold):
    done = cli("train", EXAMPLES / f"{example}.json", "--out", tmp_path, "--quiet")
    assert done.returncode == 0, done.stderr
    result = summary(done)
    print(example, result)
    assert result["stopped"] == "completed" and result["backend"] == "cpu"
    assert result["val_accuracy"] >= threshold
    assert set(result) >= {"epochs", "steps", "train_loss", "val_loss", "train_accuracy",
                           "val_accuracy", "seconds", "samples_per_second", "backend",
                           "stopped"}
    model = np.load(tmp_path / "model.npz", allow_pickle=False)
    assert model["0.weight"].shape[1] == (64 if example == "digits" else 2)
    assert "preprocess.mean" in model.files and "preprocess.std" in model.files
    doc = json.loads(str(model["experiment"][0]))
    assert doc["data"]["source"] == example
    with open(tmp_path / "history.csv") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == result["epochs"]
    assert {"epoch", "train_loss", "val_loss", "train_accuracy", "val_accuracy", "lr",
            "seconds"} <= set(rows[0])
    assert json.loads((tmp_path / "experiment.json").read_text()) == doc


def test_train_importing_no_qt(tmp_path):
    code = ("import sys; from workbench.cli.main import main; "
            f"rc = main(['train', r'{EXAMPLES / 'iris.json'}', '--out', r'{tmp_path}', "
            "'--epochs', '2', '--quiet']); "
            "qt = [m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph'))]; "
            "print(qt); sys.exit(rc or (3 if qt else 0))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def test_predict_uses_the_models_preprocessing(tmp_path):
    assert cli("train", EXAMPLES / "iris.json", "--out", tmp_path, "--quiet",
               "--epochs", "30").returncode == 0
    from core.data.spec import load_dataset
    iris = load_dataset({"source": "iris"})
    inputs = tmp_path / "inputs.csv"
    with open(inputs, "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(iris.feature_names)
        writer.writerows(iris.X[:20].tolist())
    out = tmp_path / "pred.csv"
    done = cli("predict", tmp_path / "model.npz", inputs, "-o", out)
    assert done.returncode == 0, done.stderr
    with open(out) as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 20
    probs = np.array([[float(r[k]) for k in r if k.startswith("p_")] for r in rows])
    np.testing.assert_allclose(probs.sum(axis=1), 1, rtol=1e-5)
    predicted = [r["predicted"] for r in rows]
    truth = [iris.class_names[i] for i in iris.y[:20]]
    assert np.mean([p == t for p, t in zip(predicted, truth)]) >= 0.9


def test_gradcheck_command(tmp_path):
    done = cli("gradcheck", EXAMPLES / "spiral.json")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "gradient check passed" in done.stdout and "0.weight" in done.stdout


@pytest.mark.parametrize("content, expected", [
    ('{"data": {"source": "spiral"}, "model": {"layers": [{"type": "dense", "units": "ten"}]}}',
     'model.layers[0].units: expected a positive integer up to 100000, got "ten"'),
    ("{not json", "not valid JSON"),
    ('{"data": {"source": "csv", "path": "missing.csv"}, "model": {"layers": '
     '[{"type": "dense", "units": 2}]}}', "missing.csv"),
])
def test_bad_input_is_one_line_on_stderr_and_exit_2(tmp_path, content, expected):
    path = tmp_path / "bad.json"
    path.write_text(content)
    out = tmp_path / "out"
    done = cli("train", path, "--out", out, "--quiet")
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists() or not any(out.iterdir())  # nothing half-written


def test_impossible_stack_is_refused_before_training(tmp_path):
    doc = json.loads((EXAMPLES / "spiral.json").read_text())
    doc["model"]["layers"][-2]["units"] = 2  # 3 classes
    path = tmp_path / "e.json"
    path.write_text(json.dumps(doc))
    done = cli("train", path, "--out", tmp_path / "out", "--quiet")
    assert done.returncode == 2
    assert "outputs 2 values but the task needs 3 classes" in done.stderr


def test_ctrl_c_stops_cleanly_and_still_writes_the_files(tmp_path):
    doc = json.loads((EXAMPLES / "digits.json").read_text())
    doc["training"]["epochs"] = 100000
    path = tmp_path / "long.json"
    path.write_text(json.dumps(doc))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "workbench.cli", "train", str(path), "--out",
                             str(tmp_path / "out")], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    deadline = time.time() + 60
    while time.time() < deadline and "epoch" not in (proc.stderr.readline() or ""):
        pass
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 0, stderr
    result = json.loads(stdout.strip().splitlines()[-1])
    assert result["stopped"] == "interrupted" and result["epochs"] >= 1
    assert "Traceback" not in stderr
    for name in ("model.npz", "history.csv", "experiment.json"):
        assert (tmp_path / "out" / name).exists()


def test_init_weights_must_fit(tmp_path):
    bad = tmp_path / "w.npz"
    np.savez(bad, **{"0.weight": np.zeros((5, 5))})
    done = cli("train", EXAMPLES / "spiral.json", "--out", tmp_path / "o", "--init", bad,
               "--quiet")
    assert done.returncode == 2
    assert "0.weight has shape (5, 5), expected (32, 2)" in done.stderr


def test_predict_drops_the_target_column_of_the_training_file(tmp_path):
    assert cli("train", EXAMPLES / "iris.json", "--out", tmp_path, "--quiet",
               "--epochs", "5").returncode == 0
    done = cli("predict", tmp_path / "model.npz", ROOT / "resources" / "datasets" / "iris.csv")
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.strip().splitlines()) == 151  # header + 150 rows


def test_predict_turns_bce_logits_into_probabilities(tmp_path):
    doc = json.loads((EXAMPLES / "xor.json").read_text())
    doc["model"]["layers"] = doc["model"]["layers"][:-1]  # no final sigmoid: logits
    path = tmp_path / "xor_logits.json"
    path.write_text(json.dumps(doc))
    assert cli("train", path, "--out", tmp_path, "--quiet").returncode == 0
    inputs = tmp_path / "in.csv"
    inputs.write_text("x1,x2\n3,3\n-3,3\n3,-3\n-3,-3\n")
    done = cli("predict", tmp_path / "model.npz", inputs)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(done.stdout.splitlines()))
    probs = [float(r[[k for k in r if k.startswith("p_")][-1]]) for r in rows]  # P(class 1)
    assert all(0 <= p <= 1 for p in probs)
    classes = [str(c) for c in np.load(tmp_path / "model.npz", allow_pickle=False)["classes"]]
    assert [r["predicted"] for r in rows] == [classes[int(p > 0.5)] for p in probs]
    assert len({r["predicted"] for r in rows}) == 2  # xor: both classes appear


def test_early_stopping_summary_describes_the_saved_model(tmp_path):
    doc = json.loads((EXAMPLES / "spiral.json").read_text())
    doc["data"].update(samples=60, noise=0.5, test_fraction=0.5)
    doc["training"].update(epochs=400, batch_size=8, early_stopping=4)
    path = tmp_path / "es.json"
    path.write_text(json.dumps(doc))
    done = cli("train", path, "--out", tmp_path / "o", "--quiet")
    assert done.returncode == 0, done.stderr
    result = summary(done)
    assert result["stopped"] == "early_stopping"
    with open(tmp_path / "o" / "history.csv") as fh:
        rows = {int(r["epoch"]): r for r in csv.DictReader(fh)}
    best = rows[result["best_epoch"]]
    assert result["val_loss"] == pytest.approx(float(best["val_loss"]))
    assert result["val_loss"] == pytest.approx(min(float(r["val_loss"]) for r in rows.values()))


def test_parse_size():
    from workbench.cli.failures import UsageError
    from workbench.cli.gui_commands import parse_size
    assert parse_size("1280x800") == (1280, 800)
    assert parse_size("640X480") == (640, 480)
    assert parse_size("1366×768") == (1366, 768)
    with pytest.raises(UsageError, match="expected WIDTHxHEIGHT such as 1280x800, got 'big'"):
        parse_size("big")
    with pytest.raises(UsageError, match="between 100 and 8000, got '99x800'"):
        parse_size("99x800")


def test_a_bad_size_is_one_line_and_exit_2(capsys):
    from workbench.cli.main import main
    assert main(["screenshot", "e.json", "-o", "x.png", "--size", "wide"]) == 2
    assert capsys.readouterr().err == ("nn-workbench: error: --size: expected WIDTHxHEIGHT "
                                       "such as 1280x800, got 'wide'\n")


def test_fail_says_a_message_of_several_lines_on_one(capsys):
    from workbench.cli.failures import EXIT_BAD_INPUT, fail
    assert fail("first line\n  second line") == EXIT_BAD_INPUT == 2
    assert capsys.readouterr().err == "nn-workbench: error: first line second line\n"


def test_format_clock():
    from workbench.cli.progress_bar import format_clock
    assert format_clock(3725.9) == "1:02:05"
    assert format_clock(59) == "0:00:59"
    assert format_clock(-3) == "0:00:00"


def test_no_command_module_imports_qt():
    modules = ["main", "failures", "progress_bar", "train_command", "predict_command",
               "gradient_check_command", "export_command", "gui_commands"]
    code = ("import importlib, sys; "
            f"[importlib.import_module('workbench.cli.' + m) for m in {modules!r}]; "
            "qt = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'pyqtgraph'))]; "
            "print(qt); sys.exit(3 if qt else 0)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr

