"""Experiment files: validation with JSON paths, defaults, exact round trips, examples."""

import json
from pathlib import Path

import pytest

from core import experiment as exp
from core.errors import SpecError
from core.io import experiment_file

EXAMPLES = sorted((Path(__file__).parents[3] / "resources" / "examples").glob("*.json"))

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
    experiment_file.save(doc, path)
    text = path.read_text()
    again = experiment_file.load(path)
    assert again == doc
    experiment_file.save(again, path)
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
        experiment_file.load(path)
    with pytest.raises(SpecError, match="no such file"):
        experiment_file.load(tmp_path / "missing.json")
    png = tmp_path / "picture.json"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff\xfe")
    with pytest.raises(SpecError, match="picture.json"):
        experiment_file.load(png)


def test_save_is_atomic_when_the_write_fails(tmp_path, monkeypatch):
    path = tmp_path / "e.json"
    experiment_file.save(ISSUE_EXAMPLE, path)
    before = path.read_bytes()
    import core.files.atomic_write

    def broken_fsync(fd):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(core.files.atomic_write.os, "fsync", broken_fsync)
    doc = exp.normalize(ISSUE_EXAMPLE)
    doc["training"]["epochs"] = 5
    with pytest.raises(OSError):
        experiment_file.save(doc, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["e.json"]  # no temporary left behind


def test_default_experiment_is_a_spiral_ready_to_train():
    doc = exp.default_experiment()
    assert doc["data"]["source"] == "spiral" and doc["model"]["layers"][-1]["type"] == "softmax"
    assert exp.normalize(doc) == doc


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_bundled_example_is_valid(path):
    doc = experiment_file.load(path)
    assert doc["name"] and doc["description"]


def test_the_required_examples_exist():
    names = {p.stem for p in EXAMPLES}
    assert {"spiral", "xor", "circle", "digits", "iris", "diabetes", "sine"} <= names


# ---------------------------------------------------------------- hostile files (issue 10 §4)

def _text_with(field_json: str, where: str = '"epochs": 100') -> str:
    """ISSUE_EXAMPLE as JSON text with one value replaced verbatim."""
    text = json.dumps(ISSUE_EXAMPLE)
    assert where in text
    return text.replace(where, field_json, 1)


def _refusal(tmp_path, text, name="e.json") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SpecError) as info:
        experiment_file.load(path)
    message = str(info.value)
    assert message.startswith(str(path)) and "\n" not in message and len(message) < 300
    return message


@pytest.mark.parametrize("number, expected", [
    ("9" * 301, "training.epochs: the number 9999999999…999999 is an integer of 301 digits"),
    ("9" * 5000, "training.epochs: the number 9999999999…999999 is an integer of 5000 digits"),
    ("-" + "1" * 400, "training.epochs: the number -111111111…111111 is an integer of 400"),
    ("1e999", "training.epochs: the number 1e999 is too large for a floating-point number"),
], ids=["301-digits", "5000-digits", "negative-400-digits", "1e999"])
def test_numbers_with_hundreds_of_digits_are_one_sentence(tmp_path, number, expected):
    assert expected in _refusal(tmp_path, _text_with(f'"epochs": {number}'))


def test_a_huge_integer_in_a_float_field_names_the_field(tmp_path):
    text = _text_with('"lr": ' + "1" * 400, '"lr": 0.01')
    assert "optimizer.lr: the number" in _refusal(tmp_path, text)


def test_nan_and_infinity_are_not_json_numbers(tmp_path):
    message = _refusal(tmp_path, _text_with('"lr": NaN', '"lr": 0.01'))
    assert "NaN is not a number in JSON" in message


@pytest.mark.parametrize("depth", [100_000, 150])
def test_deeply_nested_json_is_one_sentence(tmp_path, depth):
    text = _text_with('"epochs": ' + "[" * depth + "]" * depth)
    assert "nested" in _refusal(tmp_path, text)


def test_a_deep_document_without_an_object_is_refused_too(tmp_path):
    assert "nested too deeply" in _refusal(tmp_path, "[" * 100_000 + "]" * 100_000)


def test_duplicate_keys_are_refused_not_last_wins(tmp_path):
    text = json.dumps(ISSUE_EXAMPLE)[:-1] + ', "format": 2}'
    assert 'the key "format" appears twice in one object' in _refusal(tmp_path, text)
    nested = _text_with('"epochs": 100, "epochs": 5')
    assert 'the key "epochs" appears twice' in _refusal(tmp_path, nested)


@pytest.mark.parametrize("value", ["true", '"1"'])
def test_format_must_be_the_number_1(tmp_path, value):
    text = _text_with(f'"format": {value}', '"format": 1')
    assert f"format: expected 1, got {value}" in _refusal(tmp_path, text)


def test_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.json"
    path.write_text(json.dumps(ISSUE_EXAMPLE), encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert experiment_file.load(path) == exp.normalize(ISSUE_EXAMPLE)


def test_a_name_with_a_lone_surrogate_loads_saves_and_reads_back(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps({**ISSUE_EXAMPLE, "name": "run \ud800 one"}), encoding="ascii")
    doc = experiment_file.load(path)
    assert doc["name"] == "run \ud800 one"
    again = tmp_path / "again.json"
    experiment_file.save(doc, again)  # escaped on write: no UnicodeEncodeError, nothing lost
    assert "\\ud800" in again.read_text(encoding="utf-8")
    assert experiment_file.load(again) == doc


@pytest.mark.timeout(30)
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    import os
    import threading
    fifo = tmp_path / "exp.json"
    os.mkfifo(fifo)
    outcome = []

    def load():
        try:
            experiment_file.load(fifo)
        except SpecError as exc:
            outcome.append(str(exc))
    thread = threading.Thread(target=load, daemon=True)
    thread.start()
    thread.join(10)
    assert outcome == [f"{fifo}: is a named pipe (FIFO), not a regular file; expected an "
                       "experiment (JSON) file"]


def test_a_folder_and_an_oversized_file_are_refused(tmp_path, monkeypatch):
    with pytest.raises(SpecError, match="is a folder"):
        experiment_file.load(tmp_path)
    path = tmp_path / "big.json"
    path.write_text(json.dumps(ISSUE_EXAMPLE) + " " * 2000)
    import core.io.experiment_file
    monkeypatch.setattr(core.io.experiment_file, "MAX_EXPERIMENT_BYTES", 1024)
    with pytest.raises(SpecError, match=r"big\.json: is 2\.\d KiB, more than the 1\.0 KiB"):
        experiment_file.load(path)


def test_a_nul_byte_in_the_file_name_is_one_sentence(tmp_path):
    with pytest.raises(SpecError, match=r"holds a NUL byte"):
        experiment_file.load(str(tmp_path / "a\0b.json"))
