"""The registry's field checks: every bad value is one sentence naming the field."""

import ast
import json
from pathlib import Path

import pytest

from core import experiment as exp
from core import registry, wording
from core.errors import SpecError

ROOT = Path(__file__).resolve().parents[2]


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
    shown = wording.show_value("y" * 1000)
    assert len(shown) <= wording.SHOW_LIMIT + 3 and shown.startswith('"yyyy') and " … " in shown
    assert wording.show_value(10**40) == str(10**40)


#: Every registered entry, in registration (palette) order, with its group, its aliases and
#: the class or function that builds it: written before the restructure of issue 12 moved
#: the registrants, so that the move cannot reorder, lose or rename one.
SNAPSHOT = {
    "layer": [
        ("dense", "layers", ("linear", "fully_connected"), "Dense"),
        ("conv2d", "layers", (), "Conv2d"),
        ("max_pool2d", "layers", ("maxpool2d", "max_pool"), "MaxPool2d"),
        ("avg_pool2d", "layers", ("avgpool2d", "average_pool2d"), "AvgPool2d"),
        ("global_avg_pool2d", "layers", ("global_average_pool2d", "gap"), "GlobalAvgPool2d"),
        ("flatten", "layers", (), "Flatten"),
        ("dropout", "regularization", (), "Dropout"),
        ("batch_norm", "regularization", ("batchnorm",), "BatchNorm"),
        ("identity", "activations", ("linear_activation",), "Identity"),
        ("sigmoid", "activations", (), "Sigmoid"),
        ("tanh", "activations", (), "Tanh"),
        ("relu", "activations", (), "ReLU"),
        ("leaky_relu", "activations", (), "LeakyReLU"),
        ("prelu", "activations", (), "PReLU"),
        ("elu", "activations", (), "ELU"),
        ("gelu", "activations", (), "GELU"),
        ("silu", "activations", ("swish",), "SiLU"),
        ("softplus", "activations", (), "Softplus"),
        ("mish", "activations", (), "Mish"),
        ("softmax", "activations", (), "Softmax"),
    ],
    "loss": [
        ("mse", "", ("mean_squared_error",), "MSE"),
        ("mae", "", ("l1",), "MAE"),
        ("huber", "", (), "Huber"),
        ("binary_cross_entropy", "", ("bce",), "BinaryCrossEntropy"),
        ("cross_entropy", "", ("categorical_cross_entropy", "ce"), "CrossEntropy"),
    ],
    "initializer": [
        (name, "", (), name) for name in ("torch_default", "zeros", "normal", "uniform",
                                          "glorot_uniform", "glorot_normal", "he_uniform",
                                          "he_normal")
    ],
    "optimizer": [
        ("sgd", "gradient descent", (), "SGD"),
        ("rmsprop", "adaptive", (), "RMSprop"),
        ("adam", "adaptive", (), "Adam"),
        ("adamw", "adaptive", (), "AdamW"),
        ("adagrad", "adaptive", (), "Adagrad"),
    ],
    "schedule": [
        ("constant", "", (), "Constant"),
        ("step", "", ("step_lr",), "StepDecay"),
        ("exponential", "", ("exponential_lr",), "ExponentialDecay"),
        ("cosine", "", ("cosine_annealing",), "CosineAnnealing"),
        ("reduce_on_plateau", "", ("plateau",), "ReduceOnPlateau"),
    ],
    "dataset": [
        ("circle", "synthetic"), ("xor", "synthetic"), ("gauss", "synthetic"),
        ("spiral", "synthetic"), ("moons", "synthetic"), ("plane", "synthetic"),
        ("sine", "synthetic"), ("iris", "bundled"), ("wine", "bundled"),
        ("breast_cancer", "bundled"), ("digits", "bundled"), ("diabetes", "bundled"),
        ("csv", "file"), ("npz", "file"), ("idx", "images"), ("image_folder", "images"),
    ],
}


@pytest.mark.parametrize("category", registry.CATEGORIES)
def test_every_entry_is_registered_in_palette_order(category):
    entries = registry.entries(category)
    if category == "dataset":  # data sources register loader functions of several names
        assert [(e.name, e.group) for e in entries] == SNAPSHOT[category]
    else:
        assert [(e.name, e.group, e.aliases, e.factory.__name__) for e in entries] == \
            SNAPSHOT[category]


def test_registry_imports_no_registrant():
    """The registry imports only the error classes and the wording rules; core.catalog
    imports the registrants (before: registry._load imported six of them back)."""
    tree = ast.parse((ROOT / "core" / "registry.py").read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {a.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                 for a in node.names}
    assert {m for m in imported if m.split(".")[0] == "core"} == {"core.errors", "core.wording"}


def test_a_registered_class_validates_through_its_own_entry():
    dense = registry.get("layer", "linear")
    assert dense.factory.entry is dense
    assert dense.normalize({"units": 4}, "model.layers[0]") == \
        {"type": "dense", "units": 4, "bias": True, "init": "torch_default"}
    with pytest.raises(SpecError) as info:
        registry.get("optimizer", "adam").factory({}, betas=[0.9])
    assert str(info.value) == ("optimizer.betas: expected a list of 2 numbers between 0 and 1, "
                               "got [0.9]")


def test_unregister_removes_the_entry_and_its_aliases():
    @registry.register("loss", "test_only_loss", help="a loss of this test", aliases=("tol",))
    class TestOnlyLoss:
        pass

    assert registry.get("loss", "tol").factory is TestOnlyLoss
    registry.unregister("loss", "test_only_loss")
    assert "test_only_loss" not in registry.names("loss")
    with pytest.raises(SpecError):
        registry.get("loss", "tol")
