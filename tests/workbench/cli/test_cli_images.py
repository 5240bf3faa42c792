"""The command line on image networks: the CNN example trains to its accuracy, its model
file describes the images, and ``predict`` reads IDX files."""

import json

import numpy as np

from tests.workbench.cli.test_cli import EXAMPLES, cli, summary


def test_the_digits_cnn_example_reaches_98_percent(tmp_path):
    done = cli("train", EXAMPLES / "digits_cnn.json", "--out", tmp_path, "--quiet")
    assert done.returncode == 0, done.stderr
    result = summary(done)
    print(result)
    assert result["stopped"] == "completed" and result["val_accuracy"] >= 0.98
    with np.load(tmp_path / "model.npz", allow_pickle=False) as model:
        assert model["0.weight"].shape == (16, 1, 3, 3)
        assert model["preprocess.input_shape"].tolist() == [1, 8, 8]
        mean = model["preprocess.mean"]
        assert mean.shape == (64,) and np.all(mean == mean[0])  # one channel, one mean
        doc = json.loads(str(model["experiment"][0]))
    assert doc["data"]["as_images"] is True


def test_predict_reads_an_idx_file_of_images(tmp_path):
    from core.data.bundled import load_bundled
    from core.data.idx import write_idx
    done = cli("train", EXAMPLES / "digits_cnn.json", "--out", tmp_path, "--epochs", "3",
               "--quiet")
    assert done.returncode == 0, done.stderr
    digits = load_bundled("digits")
    write_idx(tmp_path / "images-idx3-ubyte.gz",
              digits.X[:40].reshape(40, 8, 8).astype(np.uint8), compress=True)
    done = cli("predict", tmp_path / "model.npz", tmp_path / "images-idx3-ubyte.gz")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == ",".join(f"p_{d}" for d in range(10)) + ",predicted"
    predicted = np.array([int(line.split(",")[-1]) for line in lines[1:]])
    assert len(predicted) == 40 and (predicted == digits.y[:40]).mean() >= 0.9
    write_idx(tmp_path / "small-idx3-ubyte", np.zeros((3, 5, 5), dtype=np.uint8))
    done = cli("predict", tmp_path / "model.npz", tmp_path / "small-idx3-ubyte")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "holds an array of shape (3, 5, 5); expected images of 64 pixels each" in \
        done.stderr


def test_gradcheck_checks_a_cnn_on_its_images():
    done = cli("gradcheck", EXAMPLES / "digits_cnn.json")
    assert done.returncode == 0, done.stderr
    assert "0.weight" in done.stdout and "gradient check passed" in done.stdout
