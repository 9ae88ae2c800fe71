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


def _linted_files():
    from conftest import SAMPLES, SEEDS

    files = sorted(SAMPLES.glob("*.txt"))
    if SEEDS.is_dir():
        files += sorted(SEEDS.glob("*.txt"))
    return files


def test_linting_leaves_no_reference_cycles():
    """A linted document, its memos and findings are freed by reference
    counting alone.  The run pauses the cyclic collector (see BatchCollector);
    a cycle anywhere in the model would keep every document until a full
    pass, which on the bench corpus took 1.6 s and doubled peak memory."""
    from budgetlint.engine import REGISTRY, Settings
    from budgetlint.lint import lint_file

    checks, settings = REGISTRY.select(None), Settings()
    files = _linted_files()
    for path in files:  # first use: compiled patterns and parsers are kept
        lint_file(str(path), checks, settings)
    gc.collect()
    gc.disable()
    try:
        for path in files:
            result = lint_file(str(path), checks, settings)
            assert result.findings is not None
            del result
            assert gc.collect() == 0, f"{path.name} left reference cycles"
    finally:
        gc.enable()
