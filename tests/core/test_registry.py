"""The registry's field checks: every bad value is one sentence naming the field."""

import json

import pytest

from core import experiment as exp
from core import registry
from core.errors import SpecError


def refusal(section, field, value) -> str:
    doc = json.loads(json.dumps(exp.default_experiment()))
    doc[section][field] = value
    with pytest.raises(SpecError) as info:
        exp.normalize(doc)
    return str(info.value)


CASES = [
    ("training", "l1", 10**400, "training.l1: expected a number between 0 and 10, got an "
                                "integer of about 401 digits"),
    ("training", "l2", -10**400, "training.l2: expected a number between 0 and 10, got a "
                                 "negative integer of about 401 digits"),
    ("optimizer", "lr", 10**5000, "optimizer.lr: expected a positive number, got an integer of "
                                  "about 5001 digits"),
    ("training", "epochs", 10**300, "training.epochs: expected a positive integer up to 1000000, "
                                    "got an integer of about 301 digits"),
    ("data", "samples", 10**400, "data.samples: expected an integer between 10 and 1000000, got "
                                 "an integer of about 401 digits"),
    ("data", "noise", 10**400, "data.noise: expected a number between 0 and 1, got an integer "
                               "of about 401 digits"),
    ("training", "dtype", ["float32"], 'training.dtype: expected one of "float32", "float64", '
                                       'got ["float32"]'),
]


@pytest.mark.parametrize("case", range(len(CASES)), ids=[f"{c[0]}.{c[1]}" for c in CASES])
def test_numbers_with_hundreds_of_digits_and_odd_types_are_one_sentence(case):
    """Before: OverflowError ("internal error" at the command line) for the float fields."""
    section, field, value, expected = CASES[case]
    assert refusal(section, field, value) == expected


def test_a_layer_field_with_hundreds_of_digits_is_one_sentence():
    with pytest.raises(SpecError) as info:
        registry.normalize("layer", {"type": "dropout", "p": 10**400}, "model.layers[1]")
    assert str(info.value) == ("model.layers[1].p: expected a number between 0 and 0.95, got an "
                               "integer of about 401 digits")


def test_long_values_are_cut_in_messages():
    with pytest.raises(SpecError) as info:
        registry.normalize("loss", {"type": "mse", "x" * 10: 1}, "loss")
    assert "xxxxxxxxxx: unknown field" in str(info.value)
    shown = registry.show_value("y" * 1000)
    assert len(shown) <= registry.SHOW_LIMIT + 3 and shown.startswith('"yyyy') and " … " in shown
    assert registry.show_value(10**40) == str(10**40)
