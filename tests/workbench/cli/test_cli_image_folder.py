"""The command line on a folder of images: train on PNG digits written here with Pillow,
and ``predict`` on a folder (class sub-folders, or images straight in it)."""

import json

import numpy as np
from PIL import Image

from tests.workbench.cli.test_cli import EXAMPLES, cli, summary


def write_digit_folder(root, per_class=40):
    """The first ``per_class`` bundled digits of each class as 8×8 PNGs (pixels ×15)."""
    from core.data.bundled import load_bundled
    digits = load_bundled("digits")
    kept = []
    for d in range(10):
        (root / str(d)).mkdir(parents=True)
        for i, row in enumerate(np.flatnonzero(digits.y == d)[:per_class]):
            pixels = (digits.X[row].reshape(8, 8) * 15).astype(np.uint8)
            Image.fromarray(pixels, "L").save(root / str(d) / f"{i:03d}.png")
            kept.append(pixels)
    return np.array(kept)


def test_train_on_an_image_folder_then_predict_on_folders(tmp_path):
    pixels = write_digit_folder(tmp_path / "digits")
    experiment = json.loads((EXAMPLES / "digits_cnn.json").read_text())
    experiment["data"] = {"source": "image_folder", "path": "digits", "size": [8, 8]}
    experiment["training"]["epochs"] = 12
    (tmp_path / "cnn.json").write_text(json.dumps(experiment))
    done = cli("train", tmp_path / "cnn.json", "--out", tmp_path / "run", "--quiet")
    assert done.returncode == 0, done.stderr
    assert summary(done)["val_accuracy"] >= 0.9
    with np.load(tmp_path / "run" / "model.npz", allow_pickle=False) as model:
        assert model["preprocess.input_shape"].tolist() == [1, 8, 8]
        mean = model["preprocess.mean"]
    # one channel: one mean, that of the training images' pixels (between those of all)
    assert np.all(mean == mean[0]) and abs(mean[0] - pixels.mean()) < 0.05 * pixels.mean()

    done = cli("predict", tmp_path / "run" / "model.npz", tmp_path / "digits")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == ",".join(f"p_{d}" for d in range(10)) + ",predicted"
    predicted = np.array([int(line.split(",")[-1]) for line in lines[1:]])
    assert len(predicted) == 400 and (predicted == np.repeat(np.arange(10), 40)).mean() >= 0.9

    done = cli("predict", tmp_path / "run" / "model.npz", tmp_path / "digits" / "7")
    assert done.returncode == 0, done.stderr
    predicted = np.array([int(line.split(",")[-1]) for line in done.stdout.splitlines()[1:]])
    assert len(predicted) == 40 and (predicted == 7).mean() >= 0.9

    (tmp_path / "digits" / "7" / "broken.png").write_bytes(b"\x89PNG not really")
    done = cli("predict", tmp_path / "run" / "model.npz", tmp_path / "digits" / "7")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "broken.png: Pillow cannot decode this file as an image" in done.stderr
