"""The cyclic garbage collector runs on the GUI thread only (the cure for a PySide deadlock)."""

from __future__ import annotations

import gc
import threading
import weakref

from tests.workbench.conftest import click, experiment
from workbench import main_thread_gc as gc_policy
from workbench.training.thread_reaper import live_threads


class _Node:
    def __init__(self):
        self.other = self


def test_automatic_collection_is_off_and_the_timer_collects_cycles(qtbot, main_thread_gc):
    assert not gc.isenabled()
    assert main_thread_gc.timer.isActive()
    assert main_thread_gc.thread_ident == threading.main_thread().ident
    gc.collect()
    node = _Node()
    alive = weakref.ref(node)
    del node
    # far past generation 0's threshold: objects other tests freed while the event loop
    # runs count against it (CPython counts allocations minus deallocations)
    garbage = [_Node() for _ in range(20 * main_thread_gc.thresholds[0])]
    del garbage
    assert alive() is not None                           # no automatic collection
    qtbot.waitUntil(lambda: alive() is None, timeout=10 * gc_policy.INTERVAL_MS)


def test_check_collects_only_when_a_threshold_was_passed(main_thread_gc):
    gc.collect()
    node = _Node()
    alive = weakref.ref(node)
    del node
    assert main_thread_gc.check() == 0 and alive() is not None   # below the threshold
    garbage = [_Node() for _ in range(2 * main_thread_gc.thresholds[0])]
    del garbage
    assert main_thread_gc.check() > 0 and alive() is None


def test_install_is_idempotent_and_switches_collection_off_again(qapp, main_thread_gc):
    gc.enable()
    try:
        assert gc_policy.install(qapp) is main_thread_gc
        assert not gc.isenabled()
    finally:
        gc.disable()


def test_training_never_collects_on_the_training_thread(qtbot):
    """Start, stop and restart runs while recording where every collection ran."""
    from workbench.dashboard.training_view import TrainingView
    from workbench.document import ExperimentDocument

    threads: list[str] = []

    def record(phase, info):
        if phase == "start":
            threads.append(threading.current_thread().name)

    gc.callbacks.append(record)
    try:
        view = TrainingView(ExperimentDocument(experiment(epochs=200)))
        qtbot.addWidget(view)
        view.show()
        for _ in range(5):
            click(qtbot, view.train_button)
            qtbot.waitUntil(lambda: view.run.steps > 20, timeout=10_000)
            click(qtbot, view.stop_button)
        # a collection happens in this window only through the main-thread timer
        qtbot.wait(2 * gc_policy.INTERVAL_MS)
        view.shutdown()
        qtbot.waitUntil(lambda: live_threads() == 0, timeout=10_000)
    finally:
        gc.callbacks.remove(record)
    assert threads, "the GUI thread's collector never ran"
    assert set(threads) == {threading.main_thread().name}, set(threads)


def test_freezing_the_startup_objects_keeps_them_out_of_later_collections():
    import gc

    from workbench import main_thread_gc
    probe = [object()]                       # alive before the freeze
    try:
        frozen = main_thread_gc.freeze_startup()
        assert frozen == gc.get_freeze_count() > 0
        assert not any(o is probe for o in gc.get_objects())   # frozen: not in any generation
        later = [object()]
        assert any(o is later for o in gc.get_objects())       # new objects are collected as before
    finally:
        gc.unfreeze()
    assert any(o is probe for o in gc.get_objects())
