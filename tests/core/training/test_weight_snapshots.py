"""Weight snapshots: bounded count, log spacing, memory budget, exact weights back."""

import math

import numpy as np
import pytest

from core.training.weight_snapshots import BUDGET_BYTES, MAX_MOMENTS, Moment, WeightSnapshots


def weights(value: float, rows: int = 8, dtype=np.float32) -> dict:
    return {"0.weight": np.full((rows, 2), value, dtype=dtype),
            "0.bias": np.full(rows, -value, dtype=dtype)}


def test_keeps_every_moment_while_few_and_returns_exact_weights():
    snaps = WeightSnapshots()
    rng = np.random.default_rng(0)
    given = {}
    for epoch in range(11):
        w = {"0.weight": rng.normal(size=(4, 2)), "0.bias": rng.normal(size=4).astype(np.float32)}
        moment = snaps.add(epoch, epoch * 10, w, lr=0.1 / (epoch + 1))
        given[moment.index] = w
    moments = snaps.moments()
    assert [m.epoch for m in moments] == list(range(11))
    assert [m.step for m in moments] == [10 * e for e in range(11)]
    assert moments[3] == Moment(3, 30, 3, 0.1 / 4)
    for m in moments:
        back = snaps.weights_at(m.index)
        assert back.keys() == given[m.index].keys()
        for name, array in back.items():
            assert array.dtype == given[m.index][name].dtype
            np.testing.assert_array_equal(array, given[m.index][name])


def test_count_is_bounded_and_first_and_last_stay():
    snaps = WeightSnapshots()
    for epoch in range(5001):
        snaps.add(epoch, epoch * 7, weights(epoch))
    moments = snaps.moments()
    assert len(moments) == MAX_MOMENTS == 200
    assert moments[0].step == 0 and moments[-1].step == 5000 * 7
    assert float(snaps.weights_at(moments[-1].index)["0.weight"][0, 0]) == 5000.0
    assert float(snaps.weights_at(moments[0].index)["0.weight"][0, 0]) == 0.0


def test_kept_moments_are_log_spaced_dense_early():
    snaps = WeightSnapshots(max_moments=100)
    for epoch in range(100_001):
        snaps.add(epoch, epoch, {"w": np.zeros(1, np.float32)})
    steps = np.array([m.step for m in snaps.moments()])
    # every one of the first epochs is kept …
    assert list(steps[:10]) == list(range(10))
    # … and later the gaps are even on a log axis (within a factor 2 of their median)
    gaps = np.diff(np.log1p(steps))
    late = gaps[steps[1:] > 200]
    assert late.max() < 2 * np.median(late) and late.min() > 0.5 * np.median(late)
    # the same count evenly spaced in linear steps would keep nothing below 1000
    assert (steps < 1000).sum() > 30


def test_memory_budget_keeps_fewer_moments_of_a_large_network():
    big = {"0.weight": np.zeros((256, 256), np.float64)}        # 512 KiB a snapshot
    snaps = WeightSnapshots(budget_bytes=4 * 2 ** 20)
    for epoch in range(100):
        snaps.add(epoch, epoch, big)
    assert snaps.nbytes <= 4 * 2 ** 20
    assert len(snaps) == 8
    assert snaps.nbytes == 8 * big["0.weight"].nbytes
    assert snaps.moments()[0].step == 0 and snaps.moments()[-1].step == 99


def test_gradients_count_toward_the_budget_and_come_back():
    snaps = WeightSnapshots(budget_bytes=10_000)
    g = {"0.weight": np.ones((10, 10), np.float64)}   # 800 bytes
    for epoch in range(50):
        snaps.add(epoch, epoch, {"0.weight": np.full((10, 10), epoch, np.float64)},
                  gradients=g)
    assert snaps.nbytes <= 10_000 and len(snaps) == 6
    last = snaps.moments()[-1]
    np.testing.assert_array_equal(snaps.gradients_at(last.index)["0.weight"], g["0.weight"])


def test_a_network_too_large_for_the_budget_keeps_none_and_says_why():
    snaps = WeightSnapshots(budget_bytes=1000)
    assert snaps.add(0, 0, {"w": np.zeros(200, np.float32)}) is None   # 800 bytes > 500
    assert len(snaps) == 0 and snaps.nbytes == 0
    assert "more than half of the" in snaps.refused
    assert not snaps.wants(1, 10)


def test_wants_only_later_steps_and_thinned_moments_are_gone():
    snaps = WeightSnapshots(max_moments=3)
    assert snaps.wants(0, 0)
    snaps.add(0, 0, weights(0))
    assert not snaps.wants(0, 0)
    snaps.add(1, 10, weights(1))
    snaps.add(2, 20, weights(2))
    snaps.add(3, 30, weights(3))
    assert not snaps.wants(3, 30) and snaps.wants(4, 31)
    assert snaps.add(2, 25, weights(9)) is None
    kept = [m.index for m in snaps.moments()]
    assert len(kept) == 3 and kept[0] == 0 and kept[-1] == 3
    gone = ({0, 1, 2, 3} - set(kept)).pop()
    with pytest.raises(KeyError):
        snaps.weights_at(gone)


def test_shrinking_thins_to_the_smaller_budget_or_lets_all_go():
    snaps = WeightSnapshots()
    for epoch in range(50):
        snaps.add(epoch, epoch, {"w": np.full(256, epoch, np.float32)})   # 1 KiB each
    snaps.shrink(10 * 1024)
    steps = [m.step for m in snaps.moments()]
    assert len(steps) == 10 and steps[0] == 0 and steps[-1] == 49 and snaps.nbytes == 10240
    assert steps[:3] == [0, 1, 2]                          # still dense early
    np.testing.assert_array_equal(snaps.weights_at(snaps.moments()[-1].index)["w"], 49)
    snaps.shrink(1024)
    assert len(snaps) == 0 and "let go" in snaps.refused and not snaps.wants(60, 60)


def test_nearest_and_defaults():
    assert BUDGET_BYTES == 64 * 2 ** 20
    snaps = WeightSnapshots()
    assert snaps.nearest(5) is None
    for epoch in range(6):
        snaps.add(epoch, epoch * 4, weights(epoch))
    assert snaps.nearest(9).step == 8
    assert snaps.nearest(1e9).epoch == 5
    assert snaps.moment(2).step == 8
    assert math.isclose(snaps.nbytes, 6 * (8 * 2 * 4 + 8 * 4))
