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

    (tmp_path / "digits" / "3" / "notes.txt").write_text("written by hand\n")
    (tmp_path / "digits" / "self").symlink_to("self")  # a link loop: skipped, as in training
    done = cli("predict", tmp_path / "run" / "model.npz", tmp_path / "digits")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "file," + ",".join(f"p_{d}" for d in range(10)) + ",predicted,true_class"
    rows = [line.split(",") for line in lines[1:]]
    assert [r[0] for r in rows] == [f"{d}/{i:03d}.png" for d in range(10) for i in range(40)]
    assert [r[-1] for r in rows] == [str(d) for d in range(10) for _ in range(40)]
    predicted = np.array([int(r[-2]) for r in rows])
    assert len(predicted) == 400 and (predicted == np.repeat(np.arange(10), 40)).mean() >= 0.9
    right = int((predicted == np.repeat(np.arange(10), 40)).sum())
    assert done.stderr.splitlines() == [
        "note: skipped 2 files that are not images (self, 3/notes.txt)",
        f"accuracy: {right / 400:.4g} ({right} of 400 images)"]
    done = cli("predict", tmp_path / "run" / "model.npz", tmp_path / "digits", "-o",
               tmp_path / "out.csv")
    assert done.returncode == 0 and done.stdout == ""
    assert (tmp_path / "out.csv").read_text().splitlines() == lines

    done = cli("predict", tmp_path / "run" / "model.npz", tmp_path / "digits" / "7")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "file," + ",".join(f"p_{d}" for d in range(10)) + ",predicted"
    assert [line.split(",")[0] for line in lines[1:]] == [f"{i:03d}.png" for i in range(40)]
    predicted = np.array([int(line.split(",")[-1]) for line in lines[1:]])
    assert len(predicted) == 40 and (predicted == 7).mean() >= 0.9
    assert done.stderr == ""

    # one image file: one row, as it is predicted within its folder
    done = cli("predict", tmp_path / "run" / "model.npz", tmp_path / "digits" / "7" / "005.png")
    assert done.returncode == 0, done.stderr
    one = done.stdout.splitlines()
    assert one[0] == lines[0] and len(one) == 2
    assert one[1].split(",")[0] == "005.png" and one[1].split(",")[-1] == lines[6].split(",")[-1]
    # the same probabilities (float32 arithmetic in a batch of one or of forty)
    assert np.allclose([float(v) for v in one[1].split(",")[1:-1]],
                       [float(v) for v in lines[6].split(",")[1:-1]], rtol=1e-4, atol=1e-7)

    (tmp_path / "digits" / "7" / "broken.png").write_bytes(b"\x89PNG not really")
    done = cli("predict", tmp_path / "run" / "model.npz", tmp_path / "digits" / "7")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip().endswith(
        "broken.png: Pillow cannot decode this file as an image (its bytes are in no image "
        "format Pillow reads); expected a PNG image, as its name says")
    assert len(done.stderr.strip().splitlines()) == 1


def test_predict_on_an_idx_file_with_its_labels_adds_the_true_class(tmp_path):
    from core.data.bundled import load_bundled
    from core.data.idx import write_idx
    digits = load_bundled("digits")
    write_idx(tmp_path / "images-idx3-ubyte", digits.X[:300].reshape(300, 8, 8).astype(np.uint8))
    write_idx(tmp_path / "labels-idx1-ubyte", digits.y[:300].astype(np.uint8))
    experiment = json.loads((EXAMPLES / "digits_cnn.json").read_text())
    experiment["data"] = {"source": "idx", "images": "images-idx3-ubyte",
                          "labels": "labels-idx1-ubyte"}
    experiment["training"]["epochs"] = 3
    (tmp_path / "cnn.json").write_text(json.dumps(experiment))
    done = cli("train", tmp_path / "cnn.json", "--out", tmp_path / "run", "--quiet")
    assert done.returncode == 0, done.stderr
    write_idx(tmp_path / "test-images", digits.X[300:340].reshape(40, 8, 8).astype(np.uint8))
    write_idx(tmp_path / "test-labels", digits.y[300:340].astype(np.uint8))
    done = cli("predict", tmp_path / "run" / "model.npz", tmp_path / "test-images", "--labels",
               tmp_path / "test-labels")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == ",".join(f"p_{d}" for d in range(10)) + ",predicted,true_class"
    rows = [line.split(",") for line in lines[1:]]
    assert [r[-1] for r in rows] == [str(int(v)) for v in digits.y[300:340]]
    right = sum(r[-2] == r[-1] for r in rows)
    assert done.stderr == f"accuracy: {right / 40:.4g} ({right} of 40 images)\n"
    write_idx(tmp_path / "short-labels", digits.y[300:330].astype(np.uint8))
    done = cli("predict", tmp_path / "run" / "model.npz", tmp_path / "test-images", "--labels",
               tmp_path / "short-labels")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "short-labels: holds 30 labels for 40 images; expected one label per image" in \
        done.stderr
