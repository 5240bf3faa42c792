"""Sweep files: JSON paths, validation before anything runs, each trial's experiment."""

import json

import pytest

from core.errors import SpecError
from core.runs.sweep import json_path
from core.runs.sweep import spec as sweep_spec

SPIRAL = {"format": 1, "data": {"source": "spiral", "classes": 3, "samples": 200},
          "model": {"layers": [{"type": "dense", "units": 8}, {"type": "relu"},
                               {"type": "dense", "units": 3}, {"type": "softmax"}]},
          "optimizer": {"type": "adam", "lr": 0.01}, "training": {"epochs": 5}}


def sweep(**changes) -> dict:
    doc = {"format": 1, "base": SPIRAL, "method": "grid",
           "parameters": {"optimizer.lr": {"values": [0.001, 0.01, 0.1]},
                          "model.layers[0].units": {"values": [8, 16, 32]},
                          "optimizer.type": {"values": ["sgd", "adam"]}},
           "repeats": 3, "metric": {"name": "val_accuracy", "goal": "maximize"}}
    doc.update(changes)
    return doc


def refused(doc) -> str:
    with pytest.raises(SpecError) as caught:
        sweep_spec.normalize(doc)
    return str(caught.value)


def test_json_paths():
    assert json_path.parse("model.layers[0].units") == ("model", "layers", 0, "units")
    assert json_path.show(("model", "layers", 0, "units")) == "model.layers[0].units"
    doc = {"model": {"layers": [{"units": 8}]}}
    assert json_path.get(doc, "model.layers[0].units") == 8
    json_path.put(doc, "model.layers[0].units", 16)
    json_path.put(doc, "training.seed", 3)
    assert doc == {"model": {"layers": [{"units": 16}]}, "training": {"seed": 3}}
    with pytest.raises(SpecError, match=r"^model.layers\[2\]: the base experiment has no "
                                        r"such field \(model.layers has 1 items\)$"):
        json_path.get(doc, "model.layers[2].units")
    for bad in ("", "a..b", "a[x]", "1a", "a.b]"):
        with pytest.raises(SpecError, match="JSON path"):
            json_path.parse(bad)


def test_the_issue_example_is_accepted(tmp_path):
    base = tmp_path / "spiral.json"
    base.write_text(json.dumps(SPIRAL))
    path = tmp_path / "sweep.json"
    path.write_text(json.dumps(sweep(base="spiral.json")))
    spec = sweep_spec.load(path)
    assert (spec.method, spec.combinations, spec.repeats, spec.total_runs) == \
        ("grid", 18, 3, 54)
    assert [p.path for p in spec.parameters] == ["optimizer.lr", "model.layers[0].units",
                                                 "optimizer.type"]
    assert spec.base_dir == str(tmp_path) and spec.goal == "maximize"


def test_a_path_missing_from_the_base_is_refused():
    doc = sweep(parameters={"model.layers[9].units": {"values": [1]}})
    assert refused(doc) == ('parameters["model.layers[9].units"]: model.layers[9]: the base '
                            "experiment has no such field (model.layers has 4 items)")
    doc = sweep(parameters={"optimizer.momentum": {"values": [0.9]}})
    assert refused(doc) == ('parameters["optimizer.momentum"]: optimizer.momentum: the base '
                            "experiment has no such field")
    # a default the normalized base fills in counts as existing
    doc = sweep(parameters={"training.l2": {"values": [0.0, 0.001]}})
    assert sweep_spec.normalize(doc).combinations == 2


def test_a_value_the_experiment_refuses_is_named():
    doc = sweep(parameters={"optimizer.lr": {"values": [0.1, 0.01, -1]}})
    message = refused(doc)
    assert message.startswith('parameters["optimizer.lr"].values[2]: optimizer.lr:')
    assert "-1" in message
    doc = sweep(parameters={"model.layers[0].units": {"values": [8, "ten"]}})
    assert refused(doc).startswith('parameters["model.layers[0].units"].values[1]: '
                                   "model.layers[0].units:")
    doc = sweep(method="random", trials=4,
                parameters={"optimizer.lr": {"min": -1.0, "max": 0.1}})
    assert refused(doc).startswith('parameters["optimizer.lr"].min: optimizer.lr:')


def test_other_mistakes_are_one_sentence():
    assert refused(sweep(method="grid", parameters={"optimizer.lr": {"min": 0.1, "max": 1}})) \
        == ('parameters["optimizer.lr"]: a grid needs "values"; a range (min, max) needs '
            '"method": "random" or "bayes"')
    assert refused(sweep(method="bayes")) == ("trials: missing; a bayes search needs a trial "
                                              "budget (the number of parameter combinations "
                                              "to try)")
    assert refused(sweep(metric={"name": "f1"})).startswith("metric.name: expected one of")
    assert refused(sweep(repeats=0)) == "repeats: expected an integer from 1 to 100, got 0"
    assert refused(sweep(method="random", trials=3, parameters={
        "optimizer.lr": {"min": 0, "max": 1, "log": True}})) == \
        'parameters["optimizer.lr"]: a log range needs min > 0, got 0'
    assert refused(sweep(early_termination={"type": "asha"})).startswith(
        "early_termination: expected")
    assert refused(sweep(colour=1)).startswith("colour: unknown field; allowed:")
    assert refused(sweep(base="missing.json")).startswith("base:")
    assert refused(sweep(parameters={"optimizer.lr": {"values": [0.1, 0.1]}})) == \
        'parameters["optimizer.lr"].values: a value appears twice'


def test_ranges_are_integer_when_the_field_is():
    spec = sweep_spec.normalize(sweep(method="random", trials=5, parameters={
        "model.layers[0].units": {"min": 4, "max": 64, "log": True},
        "optimizer.lr": {"min": 0.0001, "max": 0.1, "log": True}}))
    units, lr = spec.parameters
    assert units.integer and units.log and not lr.integer


def test_each_trial_gets_its_experiment():
    spec = sweep_spec.normalize(sweep())
    doc = sweep_spec.experiment_for(spec, {"optimizer.type": "sgd", "optimizer.lr": 0.1,
                                           "model.layers[0].units": 32}, repeat=2)
    assert doc["optimizer"] == {"type": "sgd", "lr": 0.1, "momentum": 0.0, "dampening": 0.0,
                                "nesterov": False, "weight_decay": 0.0}
    assert doc["model"]["layers"][0]["units"] == 32
    assert doc["training"]["seed"] == 2
    assert spec.base["optimizer"] == {"type": "adam", "lr": 0.01}  # the base is untouched
    assert spec.digest() == sweep_spec.normalize(sweep()).digest() != \
        sweep_spec.normalize(sweep(repeats=2)).digest()


def test_a_field_the_base_file_leaves_to_its_default_can_be_varied():
    base = {"data": {"source": "spiral", "classes": 3, "samples": 200},
            "model": {"layers": [{"type": "dense", "units": 3}, {"type": "softmax"}]}}
    spec = sweep_spec.normalize(sweep(base=base, repeats=1, parameters={
        "optimizer.lr": {"values": [0.1]}, "schedule.type": {"values": ["constant"]}}))
    doc = sweep_spec.experiment_for(spec, {"optimizer.lr": 0.1, "schedule.type": "constant"})
    assert doc["optimizer"]["type"] == "adam" and doc["optimizer"]["lr"] == 0.1
    assert spec.base == base   # the raw base is untouched
