"""Optimizers against torch.optim golden values, config round trips, penalties, errors."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from core import registry
from core.backend.devices import get_backend
from core.errors import SpecError, WorkbenchError
from core.optim import adam, cpu_kernels, penalties, sgd
from core.optim import base as optim
from tests.core import golden
from tests.core.golden import golden_cases

CASES = golden_cases("make_golden_optim")
GOLDEN = golden.load("optim_schedules.npz")
#: The CPU update paths: NumPy calls, and the fused kernels where Numba is installed.
PATHS = ["numpy"] + (["compiled"] if cpu_kernels.AVAILABLE else [])


def _params(dtype=np.float64):
    return {"W": GOLDEN["optim.init.W"].astype(dtype), "b": GOLDEN["optim.init.b"].astype(dtype)}


def _grads(t, dtype=np.float64):
    return {"W": GOLDEN["optim.grads.W"][t - 1].astype(dtype),
            "b": GOLDEN["optim.grads.b"][t - 1].astype(dtype)}


def _assert_close(actual, expected, what):
    np.testing.assert_allclose(actual, expected, rtol=1e-10, atol=1e-12, err_msg=what)


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("case", sorted(CASES.OPTIMIZER_CASES))
def test_matches_torch_after_1_and_20_steps(case, backend, path):
    be = get_backend(backend, "float64")
    params = {k: be.asarray(v) for k, v in _params().items()}
    opt = optim.make_optimizer(CASES.OPTIMIZER_CASES[case], params, xp=be.xp,
                               compiled=path == "compiled")
    assert (opt.compiled is not None) == (path == "compiled" and backend == "cpu")
    for t in range(1, CASES.STEPS + 1):
        opt.step({k: be.asarray(v) for k, v in _grads(t).items()})
        if t in (1, CASES.STEPS):
            for name in ("W", "b"):
                _assert_close(be.to_host(params[name]), GOLDEN[f"optim.{case}.step{t}.{name}"],
                              f"{case} {name} after step {t}")
    assert opt.step_count == CASES.STEPS


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("case", sorted(CASES.LR_CHANGES))
def test_lr_change_mid_run_keeps_state(case, path):
    spec, new_lr = CASES.LR_CHANGES[case]
    params = _params()
    opt = optim.make_optimizer(spec, params, compiled=path == "compiled")
    for t in range(1, CASES.STEPS + 1):
        opt.step(_grads(t))
        if t in (1, CASES.LR_CHANGE_AFTER, CASES.STEPS):
            for name in ("W", "b"):
                _assert_close(params[name], GOLDEN[f"optim.{case}.step{t}.{name}"],
                              f"{case} {name} after step {t}")
        if t == CASES.LR_CHANGE_AFTER:
            opt.lr = new_lr
            assert opt.lr == new_lr and opt.config()["lr"] == new_lr


def test_a_restart_takes_a_fresh_first_step_unlike_a_continued_run():
    """Rebuilding the optimizer at the new lr loses its state: its next update is Adam's
    first step, −lr·g/(|g| + eps), and the run ends away from the continued run's values."""
    spec, new_lr = CASES.LR_CHANGES["adam_lr_change"]
    params = _params()
    opt = optim.make_optimizer(spec, params)
    for t in range(1, CASES.LR_CHANGE_AFTER + 1):
        opt.step(_grads(t))
    opt = optim.make_optimizer({**spec, "lr": new_lr}, params)
    first = CASES.LR_CHANGE_AFTER + 1
    before, g = params["W"].copy(), _grads(first)["W"]
    opt.step(_grads(first))
    np.testing.assert_allclose(params["W"] - before, -new_lr * g / (np.abs(g) + 1e-8),
                               rtol=1e-12, atol=1e-15)
    for t in range(first + 1, CASES.STEPS + 1):
        opt.step(_grads(t))
    assert np.isfinite(params["W"]).all()
    assert np.max(np.abs(params["W"] - GOLDEN["optim.adam_lr_change.step20.W"])) > 1e-3


@pytest.mark.parametrize("case", sorted(CASES.OPTIMIZER_CASES))
def test_config_round_trip(case):
    params = _params()
    opt = optim.make_optimizer(CASES.OPTIMIZER_CASES[case], params)
    config = json.loads(json.dumps(opt.config()))
    assert config["type"] == CASES.OPTIMIZER_CASES[case]["type"]
    for key, value in CASES.OPTIMIZER_CASES[case].items():
        assert config[key] == value
    twin_params = _params()
    twin = optim.make_optimizer(config, twin_params)
    assert twin.config() == config
    for t in range(1, 4):
        opt.step(_grads(t))
        twin.step(_grads(t))
    for name in ("W", "b"):
        np.testing.assert_array_equal(params[name], twin_params[name])


def test_config_holds_torch_defaults():
    p = _params()
    assert optim.make_optimizer("sgd", p).config() == {
        "type": "sgd", "lr": 1e-3, "momentum": 0.0, "dampening": 0.0, "nesterov": False,
        "weight_decay": 0.0}
    assert optim.make_optimizer("rmsprop", p).config() == {
        "type": "rmsprop", "lr": 1e-2, "alpha": 0.99, "eps": 1e-8, "weight_decay": 0.0,
        "momentum": 0.0, "centered": False}
    assert optim.make_optimizer("adam", p).config() == {
        "type": "adam", "lr": 1e-3, "betas": [0.9, 0.999], "eps": 1e-8, "weight_decay": 0.0,
        "amsgrad": False}
    assert optim.make_optimizer("adamw", p).config()["weight_decay"] == 0.01
    assert optim.make_optimizer("adagrad", p).config() == {
        "type": "adagrad", "lr": 1e-2, "lr_decay": 0.0, "weight_decay": 0.0,
        "initial_accumulator_value": 0.0, "eps": 1e-10}


def test_config_is_a_copy():
    opt = optim.make_optimizer({"type": "adam", "betas": [0.8, 0.9]}, _params())
    opt.config()["betas"][0] = 0.1
    assert opt.config()["betas"] == [0.8, 0.9]


def test_direct_construction_equals_make_optimizer():
    a, b = _params(), _params()
    direct = adam.Adam(a, lr=0.01, amsgrad=True)
    made = optim.make_optimizer({"type": "adam", "lr": 0.01, "amsgrad": True}, b)
    assert direct.config() == made.config()
    with pytest.raises(SpecError, match=r"^optimizer\.momentum: "):
        sgd.SGD(a, momentum=-0.5)


@pytest.mark.parametrize("spec", [{"type": "sgd", "momentum": 0.9},
                                  {"type": "rmsprop", "centered": True, "momentum": 0.5},
                                  {"type": "adam", "weight_decay": 0.1, "amsgrad": True},
                                  {"type": "adamw"},
                                  {"type": "adagrad", "weight_decay": 0.1}])
def test_float32_stays_float32_and_grads_untouched(spec):
    params = _params(np.float32)
    ids = {k: id(v) for k, v in params.items()}
    opt = optim.make_optimizer({**spec, "lr": 0.01}, params)
    for t in range(1, 6):
        grads = _grads(t, np.float32)
        before = {k: v.copy() for k, v in grads.items()}
        opt.step(grads)
        for k in grads:
            np.testing.assert_array_equal(grads[k], before[k])
    for name, p in params.items():
        assert p.dtype == np.float32 and id(p) == ids[name]
        for key, value in opt.state[name].items():
            if hasattr(value, "dtype"):
                assert value.dtype == np.float32, (name, key)
    # and float32 follows the float64 trajectory closely
    params64 = _params()
    opt64 = optim.make_optimizer({**spec, "lr": 0.01}, params64)
    for t in range(1, 6):
        opt64.step(_grads(t))
    np.testing.assert_allclose(params["W"], params64["W"], rtol=1e-4, atol=1e-5)


def test_state_is_lazy_and_reset_forgets_it():
    params = _params()
    opt = optim.make_optimizer({"type": "adam"}, params)
    assert opt.state == {} and opt.step_count == 0
    opt.step(_grads(1))
    assert set(opt.state) == {"W", "b"} and opt.state["W"]["m"].shape == (4, 3)
    opt.reset()
    assert opt.state == {} and opt.step_count == 0


def test_missing_gradient_skips_the_parameter():
    params = _params()
    b_before = params["b"].copy()
    opt = optim.make_optimizer({"type": "adam", "lr": 0.1}, params)
    opt.step({"W": _grads(1)["W"]})
    np.testing.assert_array_equal(params["b"], b_before)
    assert "b" not in opt.state and opt.state["W"]["t"] == 1


def test_gradient_of_wrong_shape_is_refused():
    opt = optim.make_optimizer("sgd", _params())
    with pytest.raises(ValueError, match="'b'.*shape"):
        opt.step({"W": _grads(1)["W"], "b": np.zeros((4, 3))})


def test_plain_sgd_is_the_primer_rule():
    """θ_new = θ_old − α·∇J(θ)."""
    params = _params()
    expected = params["W"] - 0.3 * _grads(1)["W"]
    optim.make_optimizer({"type": "sgd", "lr": 0.3}, params).step(_grads(1))
    np.testing.assert_allclose(params["W"], expected, rtol=1e-15)


def test_decaying_state_is_flushed_of_denormals():
    """Zero gradients after one step: the momentum decays 0.5 per step; after the flush
    nothing is left between 0 and the smallest normal float32."""
    params = {"w": np.ones(8, np.float32)}
    opt = optim.make_optimizer({"type": "sgd", "lr": 0.1, "momentum": 0.5}, params)
    opt.step({"w": np.full(8, 1e-25, np.float32)})
    zero = {"w": np.zeros(8, np.float32)}
    tiny = np.finfo(np.float32).tiny
    seen_denormal = False
    for _ in range(1, 4 * optim.FLUSH_EVERY):
        opt.step(zero)
        buf = opt.state["w"]["buf"]
        seen_denormal |= bool(np.any((buf != 0) & (np.abs(buf) < tiny)))
        if opt.step_count % optim.FLUSH_EVERY == 0:
            assert not np.any((buf != 0) & (np.abs(buf) < 2.0 ** 24 * tiny))
    assert np.all(opt.state["w"]["buf"] == 0)
    # Adam's second moment (β2 = 0.999) would stay denormal for ~10⁴ steps without flushing
    params = {"w": np.ones(4, np.float32)}
    opt = optim.make_optimizer({"type": "adam"}, params)
    opt.step({"w": np.full(4, 1e-16, np.float32)})
    for _ in range(optim.FLUSH_EVERY - 1):
        opt.step({"w": np.zeros(4, np.float32)})
    assert np.all(opt.state["w"]["v"] == 0) and np.all(np.isfinite(params["w"]))


def test_centered_rmsprop_never_takes_sqrt_of_negative():
    """A constant gradient makes v − m² cancel to rounding noise; it is clipped at 0."""
    params = {"w": np.zeros(64, np.float32)}
    opt = optim.make_optimizer({"type": "rmsprop", "centered": True, "lr": 1e-4}, params)
    g = {"w": np.linspace(0.1, 3.0, 64).astype(np.float32)}
    with np.errstate(all="raise"):
        for _ in range(3000):
            opt.step(g)
    assert np.all(np.isfinite(params["w"]))


class _CupyLikeXp:
    """numpy limited to functions CuPy also has (with ``out=``): the optimizers must not
    reach for anything NumPy-only, since on the GPU ``xp`` is cupy."""

    ALLOWED = ("add", "subtract", "multiply", "divide", "square", "sqrt", "maximum", "abs",
               "sign", "empty_like", "zeros_like", "full_like", "vdot")

    def __init__(self):
        self.used = set()

    def __getattr__(self, name):
        if name not in self.ALLOWED:
            raise AssertionError(f"xp.{name} is not in the CuPy-compatible list")
        self.used.add(name)
        return getattr(np, name)


@pytest.mark.parametrize("spec", [{"type": "sgd", "momentum": 0.9, "nesterov": True,
                                   "weight_decay": 0.1},
                                  {"type": "sgd", "momentum": 0.9, "dampening": 0.2},
                                  {"type": "rmsprop", "centered": True, "momentum": 0.5,
                                   "weight_decay": 0.1},
                                  {"type": "adam", "weight_decay": 0.1, "amsgrad": True},
                                  {"type": "adamw", "amsgrad": True},
                                  {"type": "adagrad", "weight_decay": 0.1}])
def test_only_cupy_compatible_functions_are_used(spec):
    xp = _CupyLikeXp()
    params, reference = _params(), _params()
    opt = optim.make_optimizer(spec, params, xp=xp)
    ref = optim.make_optimizer(spec, reference)
    for t in range(1, optim.FLUSH_EVERY + 2):  # includes one denormal flush
        grads = _grads(1 + t % CASES.STEPS)
        opt.step(grads)
        ref.step(grads)
    np.testing.assert_array_equal(params["W"], reference["W"])
    penalties.penalty_gradients(params, _grads(1), ["W"], 0.1, 0.1, xp)
    penalties.penalty_value(params, ["W"], 0.1, 0.1, xp)
    assert {"add", "multiply"} <= xp.used


# --- penalties -------------------------------------------------------------------------

def test_penalty_value_formula():
    params = {"W": np.array([[1.0, -2.0], [0.5, 0.0]]), "b": np.array([10.0])}
    assert penalties.penalty_value(params, ["W"], 0.1, 0.0, np) == pytest.approx(0.35)
    assert penalties.penalty_value(params, ["W"], 0.0, 0.2, np) == pytest.approx(0.1 * 5.25)
    assert penalties.penalty_value(params, ["W"], 0.0, 0.0, np) == 0.0


@pytest.mark.parametrize("l1,l2", [(0.03, 0.0), (0.0, 0.2), (0.05, 0.1)])
def test_penalty_gradients_equal_finite_differences(l1, l2):
    rng = np.random.default_rng(7)
    params = {"W": rng.uniform(-1, 1, (3, 4)), "b": rng.uniform(-1, 1, 4)}
    params["W"][np.abs(params["W"]) < 0.05] = 0.3  # keep away from the |w| kink
    grads = {"W": rng.standard_normal((3, 4)), "b": rng.standard_normal(4)}
    base = {k: v.copy() for k, v in grads.items()}
    penalties.penalty_gradients(params, grads, ["W"], l1, l2, np, scratch={})
    np.testing.assert_array_equal(grads["b"], base["b"])  # biases are not penalized
    eps = 1e-6
    numeric = np.zeros_like(params["W"])
    for idx in np.ndindex(params["W"].shape):
        old = params["W"][idx]
        params["W"][idx] = old + eps
        up = penalties.penalty_value(params, ["W"], l1, l2, np)
        params["W"][idx] = old - eps
        down = penalties.penalty_value(params, ["W"], l1, l2, np)
        params["W"][idx] = old
        numeric[idx] = (up - down) / (2 * eps)
    np.testing.assert_allclose(grads["W"] - base["W"], numeric, rtol=1e-6, atol=1e-9)


def test_penalty_gradients_reuse_scratch_and_keep_float32():
    params = {"W": np.ones((2, 2), np.float32)}
    grads = {"W": np.zeros((2, 2), np.float32)}
    scratch = {}
    penalties.penalty_gradients(params, grads, ["W"], 0.5, 0.25, np, scratch)
    buffer = scratch["W"]
    penalties.penalty_gradients(params, grads, ["W"], 0.5, 0.25, np, scratch)
    assert scratch["W"] is buffer and grads["W"].dtype == np.float32
    np.testing.assert_allclose(grads["W"], 1.5)


# --- registry and errors ---------------------------------------------------------------

def test_registry_entries():
    assert set(registry.names("optimizer")) >= {"sgd", "rmsprop", "adam", "adamw", "adagrad"}
    for name in ("sgd", "rmsprop", "adam", "adamw", "adagrad"):
        entry = registry.get("optimizer", name)
        assert entry.help and entry.formula and entry.factory.name == name
        lr = entry.param("lr")
        assert lr.min == 0 and lr.min_exclusive and lr.help
    assert "momentum" in registry.get("optimizer", "adam").help.lower()
    assert registry.get("optimizer", "adam").param("betas").length == 2


@pytest.mark.parametrize("spec,message", [
    ({"type": "sgd", "lr": -1}, "optimizer.lr: expected a positive number, got -1"),
    ({"type": "sgd", "lr": 0}, "optimizer.lr: expected a positive number, got 0"),
    ({"type": "adam", "lr": "fast"}, 'optimizer.lr: expected a positive number, got "fast"'),
    ({"type": "sgd", "momentum": 1.5}, "optimizer.momentum: expected "),
    ({"type": "sgd", "nesterov": "yes"}, "optimizer.nesterov: expected true or false"),
    ({"type": "sgd", "nesterov": True},
     "optimizer.nesterov: Nesterov momentum needs momentum"),
    ({"type": "sgd", "nesterov": True, "momentum": 0.9, "dampening": 0.1},
     "optimizer.nesterov: "),
    ({"type": "adam", "betas": [0.9]}, "optimizer.betas: expected a list of 2 numbers"),
    ({"type": "adam", "betas": [0.9, 1.0]},
     "optimizer.betas[1]: expected a non-negative number below 1, got 1.0"),
    ({"type": "adamw", "betas": [-0.1, 0.9]}, "optimizer.betas: expected a list of 2 numbers"),
    ({"type": "rmsprop", "alpha": 1.0},
     "optimizer.alpha: expected a non-negative number below 1, got 1.0"),
    ({"type": "rmsprop", "eps": 0}, "optimizer.eps: expected a positive number, got 0"),
    ({"type": "adagrad", "lr_decay": -0.1}, "optimizer.lr_decay: expected a non-negative"),
    ({"type": "adam", "weight_decay": -1}, "optimizer.weight_decay: expected a non-negative"),
    ({"type": "adam", "momentum": 0.9}, "optimizer.momentum: unknown field for adam"),
    ({"type": "lbfgs"}, "optimizer.type: expected one of"),
    ({"lr": 0.1}, "optimizer.type: missing"),
])
def test_bad_specs_name_the_field(spec, message):
    with pytest.raises(SpecError) as info:
        optim.make_optimizer(spec, _params())
    text = str(info.value)
    assert text.startswith(message), text
    assert "\n" not in text, text
    assert isinstance(info.value, WorkbenchError)


def test_bad_spec_uses_the_given_path():
    with pytest.raises(SpecError, match=r"^experiment\.optimizer\.lr: "):
        optim.make_optimizer({"type": "adam", "lr": -1}, _params(), path="experiment.optimizer")


@pytest.mark.parametrize("value", [-0.1, math.nan, "1e-3", None])
def test_setting_a_bad_lr_is_refused_and_keeps_the_old(value):
    opt = optim.make_optimizer({"type": "sgd", "lr": 0.1}, _params())
    with pytest.raises(SpecError, match=r"^optimizer\.lr: expected a non-negative number"):
        opt.lr = value
    assert opt.lr == 0.1


def test_a_schedule_may_take_the_lr_to_zero():
    """Cosine annealing with eta_min 0 ends at exactly 0, as in PyTorch."""
    opt = optim.make_optimizer({"type": "sgd", "lr": 0.1}, _params())
    opt.lr = 0
    assert opt.lr == 0.0
