"""Learning-rate schedules against torch.optim.lr_scheduler golden sequences."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from core import registry
from core.errors import SpecError
from core.optim import schedules
from tests.core import golden
from tests.core.golden import golden_cases

CASES = golden_cases("make_golden_optim")
GOLDEN = golden.load("optim_schedules.npz")
METRIC = GOLDEN["sched.metric"]


def _run(name, spec):
    sched = schedules.make_schedule(spec, CASES.BASE_LR)
    lrs = [sched.lr]
    for epoch in range(1, CASES.EPOCHS + 1):
        lr = sched.step(float(METRIC[epoch - 1]))
        assert lr == sched.lr and sched.epoch == epoch
        if name.endswith("_set_lr") and epoch == CASES.SET_LR_EPOCH:
            sched.set_lr(CASES.SET_LR_VALUE)
        lrs.append(sched.lr)
    return np.array(lrs)


@pytest.mark.parametrize("name", sorted(CASES.SCHEDULE_CASES))
def test_matches_torch_lr_sequence(name):
    np.testing.assert_allclose(_run(name, CASES.SCHEDULE_CASES[name]),
                               GOLDEN[f"sched.{name}.lr"], rtol=1e-12, atol=1e-15)


def test_golden_sequences_actually_change():
    """The cases exercise decay, reductions and the manual change (not flat lines)."""
    for name in ("step", "exponential", "cosine", "plateau", "plateau_defaults",
                 "step_set_lr", "cosine_set_lr", "plateau_set_lr"):
        assert len(np.unique(GOLDEN[f"sched.{name}.lr"])) > 1, name
    manual = GOLDEN["sched.step_set_lr.lr"]
    assert manual[CASES.SET_LR_EPOCH] == CASES.SET_LR_VALUE
    assert manual[CASES.SET_LR_EPOCH + 2] == CASES.SET_LR_VALUE * 0.5  # decays from it


def test_cosine_closed_form_without_manual_changes():
    sched = schedules.make_schedule({"type": "cosine", "T_max": 8, "eta_min": 0.01}, 0.5)
    for e in range(1, 17):
        expected = 0.01 + (0.5 - 0.01) * (1 + math.cos(math.pi * e / 8)) / 2
        assert sched.step() == pytest.approx(expected, rel=1e-12)


def test_cosine_t_max_null_takes_the_number_of_epochs():
    sched = schedules.make_schedule({"type": "cosine"}, 0.1, epochs=5)
    assert [round(sched.step(), 12) for _ in range(5)][-1] == 0.0
    assert sched.config() == {"type": "cosine", "T_max": None, "eta_min": 0.0}
    with pytest.raises(SpecError, match=r"^schedule\.T_max: expected a positive integer"):
        schedules.make_schedule({"type": "cosine"}, 0.1)


def test_constant_and_exponential_without_metric():
    assert schedules.make_schedule("constant", 0.3).step() == 0.3
    assert schedules.make_schedule({"type": "exponential"}, 1.0).step() == pytest.approx(0.95)


def test_plateau_needs_a_metric_and_treats_nan_as_no_improvement():
    sched = schedules.make_schedule({"type": "reduce_on_plateau", "patience": 0}, 0.1)
    assert sched.needs_metric and not schedules.make_schedule("step", 0.1).needs_metric
    with pytest.raises(ValueError, match="metric"):
        sched.step()
    assert sched.step(1.0) == 0.1
    assert sched.step(math.nan) == pytest.approx(0.01)


def test_plateau_respects_min_lr():
    sched = schedules.make_schedule({"type": "reduce_on_plateau", "patience": 0,
                                     "factor": 0.5, "min_lr": 0.03}, 0.1)
    lrs = [sched.step(1.0) for _ in range(6)]
    assert lrs == [0.1, 0.05, 0.03, 0.03, 0.03, 0.03]


@pytest.mark.parametrize("name", sorted(CASES.SCHEDULE_CASES))
def test_config_round_trip(name):
    spec = CASES.SCHEDULE_CASES[name]
    sched = schedules.make_schedule(spec, 0.1)
    config = json.loads(json.dumps(sched.config()))
    for key, value in spec.items():
        assert config[key] == value
    twin = schedules.make_schedule(config, 0.1)
    assert twin.config() == config
    for epoch in range(CASES.EPOCHS):
        assert sched.step(float(METRIC[epoch])) == twin.step(float(METRIC[epoch]))


def test_defaults_and_aliases():
    assert schedules.make_schedule("step", 0.1).config() == {
        "type": "step", "step_size": 10, "gamma": 0.1}
    assert schedules.make_schedule("reduce_on_plateau", 0.1).config() == {
        "type": "reduce_on_plateau", "factor": 0.1, "patience": 10, "threshold": 1e-4,
        "threshold_mode": "rel", "cooldown": 0, "min_lr": 0.0, "mode": "min"}
    assert schedules.make_schedule("plateau", 0.1).name == "reduce_on_plateau"
    assert schedules.make_schedule("cosine_annealing", 0.1, epochs=3).name == "cosine"


def test_registry_entries():
    names = registry.names("schedule")
    assert {"constant", "step", "exponential", "cosine", "reduce_on_plateau"} <= set(names)
    for name in ("constant", "step", "exponential", "cosine", "reduce_on_plateau"):
        entry = registry.get("schedule", name)
        assert entry.help and entry.formula and entry.factory.name == name
    assert "decay" in registry.get("schedule", "step").help.lower()


@pytest.mark.parametrize("spec,message", [
    ({"type": "step", "step_size": 0}, "schedule.step_size: expected a positive integer"),
    ({"type": "step", "step_size": 2.5}, "schedule.step_size: expected a positive integer"),
    ({"type": "step", "gamma": 0}, "schedule.gamma: expected a positive number"),
    ({"type": "exponential", "gamma": 1.5}, "schedule.gamma: expected a positive number"),
    ({"type": "cosine", "T_max": -3}, "schedule.T_max: expected a positive integer"),
    ({"type": "cosine", "T_max": 5, "eta_min": -1}, "schedule.eta_min: expected a non-negative"),
    ({"type": "reduce_on_plateau", "factor": 1.0},
     "schedule.factor: expected a positive number below 1, got 1.0"),
    ({"type": "reduce_on_plateau", "patience": -1}, "schedule.patience: expected a non-negative"),
    ({"type": "reduce_on_plateau", "mode": "up"}, 'schedule.mode: expected one of "min", "max"'),
    ({"type": "reduce_on_plateau", "epsilon": 1}, "schedule.epsilon: unknown field"),
    ({"type": "warmup"}, "schedule.type: expected one of"),
])
def test_bad_specs_name_the_field(spec, message):
    with pytest.raises(SpecError) as info:
        schedules.make_schedule(spec, 0.1, epochs=10)
    assert str(info.value).startswith(message), str(info.value)


@pytest.mark.parametrize("value", [0, -0.1, math.inf, "0.1"])
def test_bad_learning_rates_are_refused(value):
    with pytest.raises(SpecError, match=r"^schedule: the base learning rate: expected a positive"):
        schedules.make_schedule("constant", value)
    sched = schedules.make_schedule("constant", 0.1)
    with pytest.raises(SpecError, match=r"^schedule: the learning rate: expected a positive"):
        sched.set_lr(value)
    assert sched.lr == 0.1
