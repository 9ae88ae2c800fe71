"""Pausing the cyclic garbage collector while one document is processed.

The model holds no reference cycles, so reference counting frees it; the
collector's full passes over a large live heap made the time per line grow
with the size of a document (9 → 13 ms per copy of a seed at 64 copies).
"""

from __future__ import annotations

import atexit
import gc
from contextlib import contextmanager


@contextmanager
def gc_paused(promote: bool = False):
    """Pause the cyclic collector for the block (re-enabled after, if it was on).

    With ``promote``, what the block allocated is long-lived (a parsed
    document): when the block ends normally, it moves to the oldest generation
    (see :func:`_to_oldest_generation`)."""
    enabled = gc.isenabled()
    promote = promote and enabled and not gc.get_freeze_count()
    gc.disable()
    try:
        yield
        if promote:
            _to_oldest_generation()
    finally:
        if enabled:
            gc.enable()


_MOVES = [0]  # blocks promoted by _to_oldest_generation (a racy count is harmless)
_FULL_PASS_EVERY = 64


def _to_oldest_generation() -> None:
    """Move what a paused block allocated to the oldest generation.

    Otherwise the young-generation pass that the first allocation after the
    pause triggers walks all of it (a tenth of a parse).  The move is
    ``freeze`` then ``unfreeze`` (O(1)), done only when nothing else is frozen
    (``unfreeze`` would release it too).  Reference counting frees a document
    (a parse leaves no cycles); a full pass every 64 blocks collects any cycle
    of the caller's that moved along, so memory stays bounded."""
    _MOVES[0] += 1
    if _MOVES[0] % _FULL_PASS_EVERY == 0:
        gc.collect()  # survivors end in the oldest generation too
        return
    gc.freeze()
    gc.unfreeze()


_FREEZE_AT_EXIT: list[bool] = []


@contextmanager
def command_collector():
    """The collector for one command-line command.

    Paused for the command: start-up builds ~30,000 objects that live until
    exit, and ~50 young-generation passes walked them while the modules and the
    checks loaded (~12 ms of a 0.2 s one-file check).  A run over many files
    still gets its periodic passes from :class:`BatchCollector`.  And frozen at
    interpreter exit (once registered, for the process): the final collection
    of a process that is ending then walks nothing (~10 ms)."""
    if not _FREEZE_AT_EXIT:
        atexit.register(gc.freeze)
        _FREEZE_AT_EXIT.append(True)
    with gc_paused():
        yield


class BatchCollector:
    """The cyclic collector for a run over many files: off while files are
    linted, one explicit pass every ``every`` files.

    Between two paused documents the collector would otherwise wake up and
    walk every finding kept so far: about a tenth of a whole run's CPU time.
    Reference counting frees each document; the periodic pass catches the rare
    cycle (a plugin's, an exception's traceback), and ``gc.freeze`` moves what
    survives it out of later passes, so each pass only sees the latest files.
    What exists when the run starts (modules, classes, the checks: ~40,000
    objects) is frozen at once, so no pass walks it (the first pass took 40 ms).
    """

    def __init__(self, every: int = 64):
        self.every = every
        self.count = 0
        self.enabled = gc.isenabled()
        gc.disable()
        gc.freeze()

    def tick(self) -> None:
        self.count += 1
        if self.count % self.every == 0:
            gc.collect()
            gc.freeze()

    def close(self) -> None:
        # Freezing first moves the files since the last pass to the oldest
        # generation along with the rest: the collector, once back on, would
        # otherwise walk them at its first young-generation pass (~15 ms).
        gc.freeze()
        gc.unfreeze()
        if self.enabled:
            gc.enable()
