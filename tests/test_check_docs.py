"""Every check documents itself, and its documented examples behave as documented:
the failing example is reported, the passing example is not."""

from __future__ import annotations

import pytest

from budgetlint.engine import REGISTRY
from conftest import lint_text

CHECKS = REGISTRY.all()
ENGINE_ONLY = {"P999"}  # produced by the engine, not by document text


@pytest.mark.parametrize("cls", CHECKS, ids=lambda c: c.code)
def test_documentation_complete(cls):
    assert cls.summary, "summary"
    assert len(cls.what) > 40, "what it checks"
    assert len(cls.why) > 40, "why it matters"
    assert cls.example_pass.strip(), "passing example"
    assert cls.references, "references"
    if cls.code not in ENGINE_ONLY:
        assert cls.example_fail.strip(), "failing example"


@pytest.mark.parametrize("cls", [c for c in CHECKS if c.code not in ENGINE_ONLY], ids=lambda c: c.code)
def test_failing_example_is_reported(cls):
    _, findings = lint_text(cls.example_fail)
    assert any(f.code == cls.code for f in findings), [(f.code, f.line, f.message) for f in findings]


@pytest.mark.parametrize("cls", CHECKS, ids=lambda c: c.code)
def test_passing_example_is_clean(cls):
    _, findings = lint_text(cls.example_pass)
    assert not any(f.code == cls.code for f in findings), [(f.code, f.line, f.message) for f in findings]


def test_catalogue_is_complete():
    """Every code of the catalogue (shared/spec/CHECKS.md) is implemented."""
    import re
    from pathlib import Path

    spec = Path(__file__).resolve().parents[2] / "shared" / "spec" / "CHECKS.md"
    if not spec.exists():
        pytest.skip("shared/spec/CHECKS.md not available")
    codes = set(re.findall(r"^\| ([A-Z]\d{3}) \|", spec.read_text(encoding="utf-8"), re.M))
    names = dict(re.findall(r"^\| ([A-Z]\d{3}) \| ([a-z0-9-]+) \|", spec.read_text(encoding="utf-8"), re.M))
    registered = {c.code: c.name for c in CHECKS}
    assert codes - set(registered) == set(), sorted(codes - set(registered))
    for code, name in names.items():
        assert registered[code] == name, (code, registered[code], name)


def test_generated_catalogue_is_up_to_date():
    """docs/checks.md is generated from the registry (`budgetlint rules --format markdown`)."""
    from pathlib import Path

    from budgetlint.docs import catalogue_markdown

    path = Path(__file__).resolve().parents[1] / "docs" / "checks.md"
    assert path.exists(), "run: python scripts/update_docs.py"
    assert path.read_text(encoding="utf-8") == catalogue_markdown(CHECKS), (
        "docs/checks.md is stale; run: python scripts/update_docs.py"
    )


def test_readme_lists_every_check():
    """The README's list of checks is generated from the registry (scripts/update_docs.py)."""
    from pathlib import Path

    from budgetlint.docs import with_readme_table

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert readme == with_readme_table(readme, CHECKS), "README check list is stale; run scripts/update_docs.py"
