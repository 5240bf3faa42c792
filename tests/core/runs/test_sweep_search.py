"""Which trials a sweep runs: grid order, random and TPE sampling, repeats, pruning,
resuming."""

import optuna

from core.runs.sweep import spec as sweep_spec
from core.runs.sweep.search import Search
from tests.core.runs.test_sweep_spec import sweep


def all_plans(search, value=lambda plan: 0.5):
    plans = []
    while (plan := search.next()) is not None:
        plans.append(plan)
        search.finish(plan, "complete", value(plan))
    return plans


def test_grid_in_file_order_with_repeats():
    spec = sweep_spec.normalize(sweep(repeats=2))
    plans = all_plans(Search(spec, []))
    assert [p.number for p in plans] == list(range(36))
    assert [(p.point, p.repeat) for p in plans[:4]] == [(0, 0), (0, 1), (1, 0), (1, 1)]
    assert plans[0].params == {"optimizer.lr": 0.001, "model.layers[0].units": 8,
                               "optimizer.type": "sgd"}
    assert plans[3].params == {"optimizer.lr": 0.001, "model.layers[0].units": 8,
                               "optimizer.type": "adam"}
    assert plans[-1].params == {"optimizer.lr": 0.1, "model.layers[0].units": 32,
                                "optimizer.type": "adam"}
    assert len({tuple(p.params.values()) for p in plans}) == 18


def test_grid_budget_takes_the_first_combinations():
    spec = sweep_spec.normalize(sweep(repeats=1, trials=4))
    assert [p.params["optimizer.type"] for p in all_plans(Search(spec, []))] == \
        ["sgd", "adam", "sgd", "adam"]


def test_random_search_in_ranges_with_repeats_sharing_values():
    doc = sweep(method="random", trials=6, repeats=2, seed=3, parameters={
        "optimizer.lr": {"min": 0.0001, "max": 0.1, "log": True},
        "model.layers[0].units": {"min": 4, "max": 64},
        "optimizer.type": {"values": ["sgd", "adam"]}})
    plans = all_plans(Search(sweep_spec.normalize(doc), []))
    assert len(plans) == 12
    for first, second in zip(plans[::2], plans[1::2]):
        assert first.params == second.params and (first.repeat, second.repeat) == (0, 1)
    for plan in plans:
        assert 0.0001 <= plan.params["optimizer.lr"] <= 0.1
        assert isinstance(plan.params["model.layers[0].units"], int)
        assert 4 <= plan.params["model.layers[0].units"] <= 64
    assert len({p.params["optimizer.lr"] for p in plans}) == 6
    again = all_plans(Search(sweep_spec.normalize(doc), []))
    assert [p.params for p in again] == [p.params for p in plans]   # seeded


def test_bayes_uses_tpe_and_learns_from_results():
    doc = sweep(method="bayes", trials=30, repeats=1, seed=0, parameters={
        "optimizer.lr": {"min": 0.001, "max": 1.0}})
    search = Search(sweep_spec.normalize(doc), [])
    assert isinstance(search.study.sampler, optuna.samplers.TPESampler)
    # maximize -(lr - 0.3)^2: after the random start-up, TPE samples near 0.3
    plans = all_plans(search, lambda plan: -(plan.params["optimizer.lr"] - 0.3) ** 2)
    late = [abs(p.params["optimizer.lr"] - 0.3) for p in plans[20:]]
    early = [abs(p.params["optimizer.lr"] - 0.3) for p in plans[:10]]
    assert sum(late) / len(late) < sum(early) / len(early)


def test_median_pruner_stops_a_run_below_the_median():
    doc = sweep(repeats=1, early_termination={"type": "median", "startup_trials": 2,
                                              "min_epochs": 2},
                parameters={"optimizer.lr": {"values": [0.1, 0.2, 0.3]}})
    search = Search(sweep_spec.normalize(doc), [])
    for value in (0.8, 0.9):
        plan = search.next()
        for epoch in range(1, 6):
            assert search.report(plan, epoch, value) is False
        search.finish(plan, "complete", value)
    plan = search.next()
    assert search.report(plan, 1, 0.3) is False      # every run trains min_epochs
    assert search.report(plan, 2, 0.3) is True       # below the median of 0.8 and 0.9


def test_hyperband_pruner_is_built_from_the_base_epochs():
    doc = sweep(early_termination={"type": "hyperband", "min_epochs": 2,
                                   "reduction_factor": 2})
    pruner = Search(sweep_spec.normalize(doc), []).study.pruner
    assert isinstance(pruner, optuna.pruners.HyperbandPruner)
    assert (pruner._min_resource, pruner._max_resource, pruner._reduction_factor) == (2, 5, 2)


def test_resume_skips_what_is_done_and_gives_it_to_optuna():
    spec = sweep_spec.normalize(sweep(repeats=2))
    first = Search(spec, [])
    done = []
    for _ in range(5):
        plan = first.next()
        done.append({"number": plan.number, "point": plan.point, "repeat": plan.repeat,
                     "params": plan.params, "state": "complete", "value": 0.5,
                     "intermediate": {"1": 0.4, "2": 0.5}})
    done[3]["state"] = "failed"
    resumed = Search(spec, done)
    assert len(resumed.study.trials) == 5
    assert [t.state for t in resumed.study.trials].count(optuna.trial.TrialState.FAIL) == 1
    assert resumed.study.trials[0].intermediate_values == {1: 0.4, 2: 0.5}
    rest = all_plans(resumed)
    assert [p.number for p in rest] == list(range(5, 36))


def test_random_resume_finishes_cut_short_repeats_first():
    doc = sweep(method="random", trials=3, repeats=2, parameters={
        "optimizer.lr": {"min": 0.0001, "max": 0.1}})
    spec = sweep_spec.normalize(doc)
    plan = Search(spec, []).next()
    done = [{"number": 0, "point": 0, "repeat": 0, "params": plan.params,
             "state": "complete", "value": 0.5}]
    rest = all_plans(Search(spec, done))
    assert [(p.number, p.point, p.repeat) for p in rest] == \
        [(1, 0, 1), (2, 1, 0), (3, 1, 1), (4, 2, 0), (5, 2, 1)]
    assert rest[0].params == plan.params
