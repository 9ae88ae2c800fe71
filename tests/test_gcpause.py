"""The collector policy of a run over many files (budgetlint.gcpause)."""

import gc
import weakref

from budgetlint.gcpause import BatchCollector, gc_paused


class _Node:
    pass


def _cycle() -> weakref.ref:
    a, b = _Node(), _Node()
    a.other, b.other = b, a
    return weakref.ref(a)


def test_batch_collector_restores_the_collector_state():
    assert gc.isenabled()
    collector = BatchCollector(every=2)
    assert not gc.isenabled()
    collector.close()
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_batch_collector_frees_cycles_every_n_files():
    collector = BatchCollector(every=3)
    try:
        ref = _cycle()
        collector.tick()
        collector.tick()
        assert ref() is not None  # no pass yet: the collector is off
        collector.tick()
        assert ref() is None  # the third file triggers the pass
    finally:
        collector.close()


def test_gc_paused_keeps_a_disabled_collector_disabled():
    gc.disable()
    try:
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
