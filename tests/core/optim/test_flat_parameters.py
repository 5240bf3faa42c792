"""The flat-parameter layout the optimizers update in one go (core.optim.flat_parameters)."""

import numpy as np
import pytest

from core import registry
from core.backend.threads import blas_threads
from core.optim import flat_parameters
from core.optim.flat_parameters import FlatParameters, flat_base


def tiled(sizes=((3, 4), (4,), (2, 3))):
    """Views tiling one flat array, like Model lays out its parameters."""
    flat = np.arange(sum(int(np.prod(s)) for s in sizes), dtype=np.float32)
    views, offset = [], 0
    for shape in sizes:
        n = int(np.prod(shape))
        views.append(flat[offset:offset + n].reshape(shape))
        offset += n
    return flat, views


def test_views_that_tile_one_array_are_found_and_others_are_not():
    flat, views = tiled()
    assert flat_base(views, np) is flat
    assert flat_base(views[::-1], np) is None           # not in memory order
    assert flat_base(views[:2], np) is None             # not the whole array
    assert flat_base([v.copy() for v in views], np) is None
    _, grads = tiled()
    layout = FlatParameters.tile(["a", "b", "c"], views, grads, None, np)
    assert layout.params is flat and layout.names == ["a", "b", "c"]
    assert layout.matches(views, grads)
    assert not layout.matches(views, [grads[0], grads[1].copy(), grads[2]])
    assert not layout.matches(views[:2], grads[:2])


def test_state_is_split_into_views_and_merged_back():
    flat, views = tiled()
    layout = FlatParameters(flat, flat.copy(), {"t": 3, "m": np.zeros(flat.size, np.float32)},
                            list(views), list(views), ["a", "b", "c"])
    by_name = {}
    layout.split_state(by_name)
    assert [by_name[n]["m"].shape for n in "abc"] == [(3, 4), (4,), (2, 3)]
    layout.state["m"][12] = 7.0                          # first entry of "b"
    assert by_name["b"]["m"][0] == 7.0 and by_name["a"]["t"] == 3
    merged = FlatParameters.merge_state(by_name, ["a", "b", "c"], np)
    assert merged["t"] == 3 and np.array_equal(merged["m"], layout.state["m"])
    by_name["c"]["t"] = 4
    assert FlatParameters.merge_state(by_name, ["a", "b", "c"], np) is None


def test_slices_are_aligned_share_the_step_count_and_are_kept():
    flat = np.zeros(1230, np.float32)
    layout = FlatParameters(flat, flat.copy(), {"t": 5, "v": np.ones(1230, np.float32)},
                            [flat], [flat], ["w"])
    parts = layout.slices(3)
    assert [p.params.size for p in parts] == [400, 416, 414]
    assert all(p.state["t"] == 5 and p.state["v"].base is layout.state["v"] for p in parts)
    layout.state["t"] = 6
    assert layout.slices(3) is parts and all(p.state["t"] == 6 for p in parts)


def test_only_a_large_update_after_the_first_step_uses_several_threads(monkeypatch):
    flat = np.zeros(1000, np.float32)
    layout = FlatParameters(flat, flat, {"t": 2}, [flat], [flat], ["w"])
    with blas_threads(2):
        assert layout.threads(gpu=False) == 1            # 1000 < PARALLEL_MIN_SIZE
        monkeypatch.setattr(flat_parameters, "PARALLEL_MIN_SIZE", 1000)
        assert layout.threads(gpu=False) == 2
        assert layout.threads(gpu=True) == 1
        layout.state["t"] = 1
        assert layout.threads(gpu=False) == 1


@pytest.mark.parametrize(("spec", "slots"), [
    ({"type": "sgd"}, 1), ({"type": "sgd", "momentum": 0.9}, 2),
    ({"type": "rmsprop"}, 2), ({"type": "rmsprop", "momentum": 0.5, "centered": True}, 4),
    ({"type": "adam"}, 3), ({"type": "adamw", "amsgrad": True}, 4),
])
def test_each_optimizer_counts_the_arrays_it_keeps(spec, slots):
    spec = registry.normalize("optimizer", spec, "optimizer")
    assert registry.get("optimizer", spec["type"]).factory.state_slots(spec) == slots


@pytest.mark.parametrize("spec", [
    {"type": "sgd"}, {"type": "sgd", "momentum": 0.9}, {"type": "rmsprop"},
    {"type": "rmsprop", "momentum": 0.5, "centered": True}, {"type": "adam"},
    {"type": "adam", "amsgrad": True}, {"type": "adamw"}, {"type": "adagrad"},
], ids=lambda s: "-".join(str(v) for v in s.values()))
def test_the_memory_estimate_counts_the_arrays_an_optimizer_allocates(spec):
    """state_slots sizes the memory check before training; it must equal the weight-sized
    arrays the optimizer then keeps (its state and its scratch array)."""
    flat, views = tiled()
    _, grads = tiled()
    params = dict(zip("abc", views))
    optimizer = registry.get("optimizer", spec["type"]).factory(
        params, **{k: v for k, v in spec.items() if k != "type"})
    for _ in range(2):
        optimizer.step(dict(zip("abc", grads)))
    kept = [key for key, value in optimizer._flat.state.items() if key != "t"]
    assert all(optimizer._flat.state[key].size == flat.size for key in kept)
    normalized = registry.normalize("optimizer", spec, "optimizer")
    assert type(optimizer).state_slots(normalized) == len(kept)
