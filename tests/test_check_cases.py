"""Data-driven check cases: every ``tests/cases/CODE.toml`` lists named pass and
fail cases (disclosure text); one generic test runs them all (as sqlfluff's
rule YAML fixtures do).  A registered check without both kinds fails the suite.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from conftest import lint_text

CASES = Path(__file__).parent / "cases"


def _load():
    out = []
    for path in sorted(CASES.glob("*.toml")):
        code = path.stem
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
        for case in data.get("case", []):
            out.append(pytest.param(code, case, id=f"{code}-{case['expect']}-{case['name']}"))
    return out


ALL_CASES = _load()


@pytest.mark.parametrize("code,case", ALL_CASES)
def test_case(code, case, tmp_path):
    if "plugin" in case:
        findings = _run_with_plugin(case, tmp_path)
    else:
        _, findings = lint_text(case["text"], select=case.get("select"), lang=case.get("lang", "zh"))
    hits = [f for f in findings if f.code == code]
    if case["expect"] == "pass":
        assert not hits, f"{code} reported on a passing case: {[(f.line, f.message) for f in hits]}"
        return
    assert hits, f"{code} not reported; findings were {[(f.code, f.line) for f in findings]}"
    if "lines" in case:
        assert sorted({f.line for f in hits}) == sorted(set(case["lines"])), [(f.line, f.message) for f in hits]
    for f in hits:
        assert f.message and "{" not in f.message, f.message
    for key, value in case.get("evidence", {}).items():
        assert any(str(f.evidence.get(key)) == str(value) for f in hits), [f.evidence for f in hits]


def _run_with_plugin(case, tmp_path):
    from budgetlint.engine import Registry, Settings, load_directory, run_checks
    from budgetlint.lint import parse_bytes
    from budgetlint.resources import resource_dir

    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "broken.py").write_text(case["plugin"], encoding="utf-8")
    registry = Registry()
    load_directory(registry, resource_dir("checks"), package="budgetlint_builtin_checks")
    load_directory(registry, plugins, package=f"budgetlint_case_{tmp_path.name}")
    doc = parse_bytes(case["text"].encode("utf-8"), "case.txt")
    findings = run_checks(doc, registry.all(), Settings(check_timeout=case.get("timeout", 2.0)))
    import json

    json.dumps([f.to_json() for f in findings])  # whatever a plugin reports stays serialisable
    return findings


def test_every_check_has_pass_and_fail_cases():
    from budgetlint.engine import REGISTRY

    kinds: dict[str, set[str]] = {}
    for param in ALL_CASES:
        code, case = param.values
        kinds.setdefault(code, set()).add(case["expect"])
    missing = [c.code for c in REGISTRY.all() if kinds.get(c.code, set()) != {"pass", "fail"}]
    assert not missing, f"checks without both a pass and a fail case: {missing}"
