"""Table assembly's memoised and fast paths agree with the general code."""

from __future__ import annotations

import pytest

from budgetlint import tables
from budgetlint.document import parse_path

from conftest import SAMPLES, SEEDS

FILES = sorted(SEEDS.glob("*.txt")) + sorted(SAMPLES.glob("*.txt"))
pytestmark = pytest.mark.skipif(not FILES, reason="no seed or sample files")


def test_shared_indicator_layouts_stay_unchanged(monkeypatch: pytest.MonkeyPatch) -> None:
    """One IndicatorLayout serves every table under the same header: reading
    rows must never change it."""
    seen = []

    def recording(rows, legacy):
        layout = cached(rows, legacy)
        seen.append((layout, repr(layout)))
        return layout

    cached = tables._layout
    monkeypatch.setattr(tables, "_layout", recording)
    for path in FILES:
        parse_path(str(path))
    assert seen
    for layout, before in seen:
        assert repr(layout) == before
