"""A branch from a weight snapshot (time travel): the trainer starts from the snapshot's
weights and counts on from its epoch and step."""

import numpy as np

from core import experiment as exp
from core.training.events import EpochEvent, FinishedEvent, IterationEvent
from core.training.trainer import Trainer
from core.training.weight_snapshots import WeightSnapshots


def spiral(epochs=8, **optimizer):
    doc = exp.default_experiment()
    doc["data"].update(samples=150)
    doc["training"].update({"epochs": epochs, "backend": "cpu"})
    if optimizer:
        doc["optimizer"] = optimizer
    return exp.normalize(doc)


def test_a_branch_starts_from_the_snapshot_and_counts_on_from_its_moment():
    parent = Trainer(spiral(), snapshots=True)
    snaps = WeightSnapshots()
    snaps.add(0, 0, parent.model.state_dict())
    parent.run(lambda e: isinstance(e, EpochEvent) and snaps.add(e.epoch, e.steps, e.weights))
    moment = next(m for m in snaps.moments() if m.epoch == 3)
    weights = snaps.weights_at(moment.index)

    branch = Trainer(spiral(type="sgd", lr=0.1), init_state=weights,
                     start_at=(moment.epoch, moment.step))
    for name, value in branch.model.state_dict().items():
        np.testing.assert_array_equal(value, weights[name])
    events = []
    branch.run(events.append)
    steps = [e.step for e in events if isinstance(e, IterationEvent)]
    epochs = [e.epoch for e in events if isinstance(e, EpochEvent)]
    per_epoch = branch.iterations_per_epoch
    assert moment.step == 3 * per_epoch
    assert steps == list(range(moment.step + 1, 8 * per_epoch + 1))
    assert epochs == [4, 5, 6, 7, 8]
    finish = events[-1]
    assert isinstance(finish, FinishedEvent) and finish.reason == "completed"
    assert (finish.epochs, finish.steps) == (8, 8 * per_epoch)


def test_a_branch_past_the_planned_epochs_trains_that_many_more():
    trainer = Trainer(spiral(epochs=2), start_at=(5, 20))
    assert trainer.epochs == 7
    finish = trainer.run()
    assert (finish.epochs, finish.steps) == (7, 20 + 2 * trainer.iterations_per_epoch)
