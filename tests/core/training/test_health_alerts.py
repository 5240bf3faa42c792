"""The health monitor: what it says about a run's events, once per problem, without Qt."""

import pytest

from core import registry
from core.training.events import EpochEvent, FinishedEvent, IterationEvent, LayerStats
from core.training.health_alerts import (
    PRIORITY_ERROR,
    PRIORITY_INFO,
    PRIORITY_LR,
    PRIORITY_STOPPED,
    PRIORITY_WARNING,
    Alert,
    HealthMonitor,
)

#: The activations the monitor counted as ReLU-like when it named them (before the layer
#: classes said it themselves).
OLD_RELU_LIKE = ("relu", "leaky_relu", "elu", "gelu", "silu", "selu", "softplus")
HIDDEN = [name for name in registry.names("layer")
          if registry.get("layer", name).group == "activations"
          and name not in ("identity", "sigmoid", "softmax")]


def iteration(step, loss, lr=0.1):
    return IterationEvent(1, step, step, loss, lr, 32)


def epoch(n, loss=1.0, stats=(), lr=0.1):
    return EpochEvent(n, 10 * n, loss, None, {}, {}, lr, 0.5, 1000.0, tuple(stats))


def monitor(*hidden):
    layers = [{"type": "dense", "units": 4}]
    for name in hidden:
        layers += [{"type": name}, {"type": "dense", "units": 4}]
    m = HealthMonitor()
    m.reset([registry.normalize("layer", s, "layer") for s in layers + [{"type": "softmax"}]])
    return m


@pytest.mark.parametrize("name", HIDDEN)
def test_relu_like_hidden_layers_are_recognised_as_before(name):
    assert monitor(name).relu_only == (name in OLD_RELU_LIKE)
    assert monitor(name, "relu").relu_only == (name in OLD_RELU_LIKE)
    assert monitor().relu_only is False  # no hidden activation at all


def test_a_batch_loss_a_thousand_times_the_first_is_one_alert():
    m = monitor("relu")
    assert m.check_iterations([iteration(1, 2.0), iteration(2, 1999.0)]) == []
    alerts = m.check_iterations([iteration(3, 2001.0, lr=0.5)])
    assert alerts == [Alert("exploding_loss", "error",
                            "Learning rate too high: the loss rose from 2 at the start to 2e+03 "
                            "at iteration 3, so the steps overshoot instead of going downhill. "
                            "Try 0.05 (a tenth of 0.5).", PRIORITY_LR)]
    assert m.check_iterations([iteration(4, 1e9)]) == []  # reported once
    assert m.exploding


def test_layer_statistics_give_dead_vanishing_and_exploding_alerts():
    m = monitor("relu")
    stats = [LayerStats(0, "0.weight", 1e-9, 1.0, 0.0, dead_fraction=0.75),
             LayerStats(0, "0.bias", 1e-9, 1.0, 0.0),
             LayerStats(2, "2.weight", 5e3, 1.0, 0.1)]
    alerts = m.check_epoch(epoch(3, stats=stats))
    assert [(a.key, a.severity) for a in alerts] == [("dead:0.weight", "warning"),
                                                     ("vanishing:0.weight", "warning"),
                                                     ("exploding:2.weight", "warning")]
    assert alerts[0].message == (
        "Dead ReLUs: 75% of the ReLU units after layer 0 (0.weight) output 0 for every "
        "validation sample (epoch 3), so they no longer learn. Try a lower learning rate, He "
        "initialization or Leaky ReLU.")
    assert alerts[1].message == (
        "Vanishing gradient: ‖∂L/∂W‖ of 0.weight is 1.0e-09 (below 1e-07) at epoch 3; its "
        "weights barely change. Try a lower learning rate, He initialization or batch norm.")
    assert alerts[2].message == (
        "Exploding gradient: ‖∂L/∂W‖ of 2.weight is 5e+03 (above 1000) at epoch 3. Try a lower "
        "learning rate, standardized inputs or batch norm.")
    assert m.check_epoch(epoch(4, stats=stats)) == []  # each problem once


def test_the_advice_against_vanishing_gradients_depends_on_the_activations():
    stats = [LayerStats(0, "0.weight", 1e-9, 1.0, 0.0)]
    (alert,) = monitor("tanh").check_epoch(epoch(1, stats=stats))
    assert alert.message.endswith("Try ReLU instead of sigmoid/tanh, He or Glorot "
                                  "initialization, batch norm or fewer layers.")


def test_a_diverged_run_names_its_learning_rate():
    m = monitor("relu")
    finish = FinishedEvent("diverged", "The loss became NaN at iteration 7.", 1, 7)
    assert m.check_finish(finish, lr=0.3) == [Alert(
        "diverged", "error", "The loss became NaN at iteration 7. The learning rate was 0.3; "
        "try 0.03.", PRIORITY_LR)]
    assert m.check_finish(FinishedEvent("completed", "Done.", 5, 50)) == []


def test_alerts_rank_why_the_run_stopped_first_then_the_learning_rate():
    m = monitor("relu")
    ranks = [a.rank for a in m.stopped("Stopped: the network changed.") + m.note("n")
             + m.error("e") + [Alert("w", "warning", "w")]
             + m.check_iterations([iteration(1, 1.0), iteration(2, 1e4)])]
    assert ranks == [PRIORITY_STOPPED, PRIORITY_INFO, PRIORITY_ERROR, PRIORITY_WARNING,
                     PRIORITY_LR]
