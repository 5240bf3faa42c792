"""Experiment files: validation with JSON paths, defaults, exact round trips, examples."""

import json
from pathlib import Path

import pytest

from core import experiment as exp
from core.errors import SpecError

EXAMPLES = sorted((Path(__file__).parents[2] / "resources" / "examples").glob("*.json"))

ISSUE_EXAMPLE = {
    "format": 1,
    "data": {"source": "spiral", "classes": 3, "samples": 600, "noise": 0.1,
             "test_fraction": 0.2, "standardize": True, "seed": 0},
    "model": {"layers": [{"type": "dense", "units": 16, "init": "he_uniform"}, {"type": "relu"},
                         {"type": "dense", "units": 3}, {"type": "softmax"}]},
    "loss": {"type": "cross_entropy"},
    "optimizer": {"type": "adam", "lr": 0.01},
    "schedule": {"type": "exponential", "gamma": 0.99},
    "training": {"epochs": 100, "batch_size": 32, "seed": 0, "dtype": "float32",
                 "backend": "auto", "l1": 0, "l2": 0},
}


def test_the_documented_shape_is_accepted_and_defaults_filled():
    doc = exp.normalize(ISSUE_EXAMPLE)
    assert doc["optimizer"]["betas"] == [0.9, 0.999] and doc["optimizer"]["lr"] == 0.01
    assert doc["model"]["layers"][2] == {"type": "dense", "units": 3, "bias": True,
                                         "init": "torch_default"}
    assert doc["training"]["batch_size"] == 32 and doc["training"]["early_stopping"] == 0


def test_round_trip_is_exact(tmp_path):
    doc = exp.normalize(ISSUE_EXAMPLE)
    path = tmp_path / "e.json"
    exp.save(doc, path)
    text = path.read_text()
    again = exp.load(path)
    assert again == doc
    exp.save(again, path)
    assert path.read_text() == text
    assert exp.normalize(json.loads(text)) == doc


@pytest.mark.parametrize("mutate, message", [
    (lambda d: d["model"]["layers"][3].update(units="ten"), None),
    (lambda d: d["model"]["layers"][0].update(units="ten"),
     'model.layers[0].units: expected a positive integer up to 100000, got "ten"'),
    (lambda d: d["training"].update(batch_size=0),
     'training.batch_size: expected "full" or a positive integer, got 0'),
    (lambda d: d["training"].update(batch_size="all"),
     'training.batch_size: expected "full" or a positive integer, got "all"'),
    (lambda d: d["optimizer"].update(lr=-1), "optimizer.lr: expected a positive number"),
    (lambda d: d.update(loss={"type": "hinge"}), 'loss.type: expected one of'),
    (lambda d: d["training"].update(epochs=2.5), "training.epochs: expected a positive integer"),
    (lambda d: d["training"].update(dtype="float16"), 'training.dtype: expected one of "float32", "float64"'),
    (lambda d: d.pop("model"), "model: missing"),
    (lambda d: d.update(format=7), "format: expected 1, got 7"),
    (lambda d: d.update(extras={}), "extras: unknown section"),
])
def test_wrong_input_names_the_json_path(mutate, message):
    doc = json.loads(json.dumps(ISSUE_EXAMPLE))
    mutate(doc)
    if message is None:  # units of a softmax layer: not a field of softmax
        message = "model.layers[3].units: unknown field for softmax"
    with pytest.raises(SpecError) as info:
        exp.normalize(doc)
    assert str(info.value).startswith(message), str(info.value)


def test_broken_json_names_the_file_and_position(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"data": {"source": "spiral"},\n "model": [}')
    with pytest.raises(SpecError, match=r"broken\.json: not valid JSON .*line 2"):
        exp.load(path)
    with pytest.raises(SpecError, match="no such file"):
        exp.load(tmp_path / "missing.json")
    png = tmp_path / "picture.json"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff\xfe")
    with pytest.raises(SpecError, match="picture.json"):
        exp.load(png)


def test_save_is_atomic_when_the_write_fails(tmp_path, monkeypatch):
    path = tmp_path / "e.json"
    exp.save(ISSUE_EXAMPLE, path)
    before = path.read_bytes()
    import core.files

    def broken_fsync(fd):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(core.files.os, "fsync", broken_fsync)
    doc = exp.normalize(ISSUE_EXAMPLE)
    doc["training"]["epochs"] = 5
    with pytest.raises(OSError):
        exp.save(doc, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["e.json"]  # no temporary left behind


def test_default_experiment_is_a_spiral_ready_to_train():
    doc = exp.default_experiment()
    assert doc["data"]["source"] == "spiral" and doc["model"]["layers"][-1]["type"] == "softmax"
    assert exp.normalize(doc) == doc


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_bundled_example_is_valid(path):
    doc = exp.load(path)
    assert doc["name"] and doc["description"]


def test_the_required_examples_exist():
    names = {p.stem for p in EXAMPLES}
    assert {"spiral", "xor", "circle", "digits", "iris", "diabetes", "sine"} <= names
