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
