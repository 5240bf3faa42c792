"""Frozen layers: the optimizer leaves their weights and state exactly as they were."""

import copy

import numpy as np
import pytest

from core import experiment as exp
from core import registry
from core.errors import SpecError
from core.training.trainer import Trainer

OPTIMIZERS = [
    ({"type": "sgd", "lr": 0.1, "momentum": 0.9}, 0.0),
    ({"type": "adam", "lr": 0.01}, 0.0),
    ({"type": "sgd", "lr": 0.1, "momentum": 0.9, "weight_decay": 0.01}, 0.01),  # + L2
    ({"type": "adam", "lr": 0.01, "weight_decay": 0.001}, 0.05),
]


def spiral(optimizer: dict, l2: float = 0.0, frozen_first: bool = False) -> dict:
    doc = exp.default_experiment()
    doc["data"].update(samples=150)
    doc["training"].update(epochs=50, batch_size=16, backend="cpu", l2=l2)
    doc["optimizer"] = dict(optimizer)
    if frozen_first:
        doc["model"]["layers"][0]["frozen"] = True
    return exp.normalize(doc)


def steps(trainer: Trainer, n: int) -> None:
    for _ in range(n):
        trainer.step()


@pytest.mark.parametrize("optimizer, l2", OPTIMIZERS)
def test_a_frozen_layer_is_bit_identical_after_steps_and_unfreezing_resumes(optimizer, l2):
    trainer = Trainer(spiral(optimizer, l2))
    dense = [i for i, s in enumerate(trainer.model.specs) if s["type"] == "dense"]
    first, second = dense[0], dense[1]
    steps(trainer, 3)  # momentum / moments exist before freezing
    trainer.set_frozen(first, True)
    before = {k: v.copy() for k, v in trainer.model.state_dict().items()}
    state = {k: a.copy() for k, a in trainer.optimizer.state[f"{first}.weight"].items()
             if k not in ("t", "s", "gw")}
    steps(trainer, 12)
    after = trainer.model.state_dict()
    for name in (f"{first}.weight", f"{first}.bias"):
        assert after[name].tobytes() == before[name].tobytes(), name
    for key, value in state.items():
        assert np.array_equal(trainer.optimizer.state[f"{first}.weight"][key], value), key
    assert not np.array_equal(after[f"{second}.weight"], before[f"{second}.weight"])
    assert trainer.experiment["model"]["layers"][first]["frozen"] is True

    trainer.set_frozen(first, False)
    steps(trainer, 2)
    assert not np.array_equal(trainer.model.state_dict()[f"{first}.weight"],
                              before[f"{first}.weight"])
    assert "frozen" not in trainer.experiment["model"]["layers"][first]


@pytest.mark.parametrize("optimizer, l2", OPTIMIZERS[:2])
def test_frozen_in_the_experiment_keeps_the_initial_weights(optimizer, l2):
    frozen = Trainer(spiral(optimizer, l2, frozen_first=True))
    initial = {k: v.copy() for k, v in frozen.model.state_dict().items()}
    steps(frozen, 10)
    assert frozen.model.state_dict()["0.weight"].tobytes() == initial["0.weight"].tobytes()
    assert frozen.model.state_dict()["0.bias"].tobytes() == initial["0.bias"].tobytes()
    # the other layers train exactly as they would if layer 0 were a constant: the same
    # run without freezing moves layer 0
    free = Trainer(spiral(optimizer, l2))
    steps(free, 10)
    assert not np.array_equal(free.model.state_dict()["0.weight"], initial["0.weight"])


def test_frozen_field_is_validated():
    assert registry.normalize("layer", {"type": "dense", "units": 3, "frozen": True},
                              "m[0]")["frozen"] is True
    assert "frozen" not in registry.normalize("layer", {"type": "dense", "frozen": False},
                                              "m[0]")
    with pytest.raises(SpecError, match=r"m\[1\]\.frozen: expected true or false, got"):
        registry.normalize("layer", {"type": "dense", "frozen": "yes"}, "m[1]")
    with pytest.raises(SpecError, match=r"relu layer has no trained weights to freeze"):
        registry.normalize("layer", {"type": "relu", "frozen": True}, "m[1]")
    doc = exp.default_experiment()
    doc["model"]["layers"][0]["frozen"] = True
    again = exp.normalize(copy.deepcopy(exp.normalize(doc)))
    assert again["model"]["layers"][0]["frozen"] is True


def test_set_weight_changes_one_number_and_refuses_bad_values():
    trainer = Trainer(spiral({"type": "adam", "lr": 0.01}))
    assert trainer.set_weight("0.weight", (2, 1), 0.5) == 0.5
    assert trainer.model.state_dict()["0.weight"][2, 1] == np.float32(0.5)
    for bad in (float("nan"), float("inf"), "x"):
        with pytest.raises(SpecError, match="expected a finite number"):
            trainer.set_weight("0.weight", (0, 0), bad)
    with pytest.raises(SpecError, match="expected an index inside its shape"):
        trainer.set_weight("0.weight", (99, 0), 1.0)
    with pytest.raises(SpecError, match="no such parameter"):
        trainer.set_weight("7.weight", (0, 0), 1.0)
