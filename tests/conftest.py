"""Shared test fixtures: where the seeds and samples are, and helpers to lint text."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
SAMPLES = ROOT / "samples"


def seed_path(prefix: str) -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not available")
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.skip(f"seed {prefix} not found")
    return matches[0]


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not available")
    return SEEDS


def lint_text(text: str, select=None, lang: str = "zh", name: str = "case.txt"):
    """Parse ``text`` and run the selected checks (all by default)."""
    from budgetlint.engine import REGISTRY, Settings, run_checks
    from budgetlint.lint import parse_bytes

    doc = parse_bytes(text.encode("utf-8"), name)
    checks = REGISTRY.select(select)
    return doc, run_checks(doc, checks, Settings(lang=lang))
