"""The sample disclosures in samples/ against samples/expected.toml.

Each ``*_faulty.txt`` must be reported with every {line, code} its ``expected``
list names (samples/README.md describes the deliberate errors behind them), and
each ``*_clean.txt`` must have no error-level finding except the ``accepted``
ones.  The linter is run the way a user runs it: ``budgetlint check --isolated``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
import tomllib
from functools import lru_cache

import pytest
from click.testing import CliRunner

from budgetlint.cli import main
from conftest import SAMPLES

EXPECTED_FILE = SAMPLES / "expected.toml"
FAULTY = sorted(p.name for p in SAMPLES.glob("*_faulty.txt"))
CLEAN = sorted(p.name for p in SAMPLES.glob("*_clean.txt"))


@lru_cache(maxsize=1)
def expected() -> dict:
    with EXPECTED_FILE.open("rb") as fh:
        return tomllib.load(fh)["files"]


@lru_cache(maxsize=1)
def findings() -> dict[str, list[dict]]:
    """All samples linted in one CLI run: file name → its findings (JSON objects)."""
    paths = [str(SAMPLES / name) for name in FAULTY + CLEAN]
    before = {p: hashlib.sha256(Path(p).read_bytes()).hexdigest() for p in paths}
    result = CliRunner().invoke(
        main,
        ["check", "--isolated", "--no-cache", "--no-progress", "--format", "json", *paths],
        catch_exceptions=False,
    )
    assert {p: hashlib.sha256(Path(p).read_bytes()).hexdigest() for p in paths} == before, "a sample was modified"
    assert result.exit_code in (0, 1), result.output
    report = json.loads(result.output)
    errors = {f["path"]: f["error"] for f in report["files"] if f["error"]}
    assert not errors, errors
    out: dict[str, list[dict]] = {name: [] for name in FAULTY + CLEAN}
    for f in report["findings"]:
        out[f["path"].replace("\\", "/").rsplit("/", 1)[-1]].append(f)
    return out


def _show(items: list[dict]) -> str:
    return "\n".join(f"  {f['line']}: {f['code']} [{f['severity']}] {f['message']}" for f in items) or "  (none)"


def test_expected_toml_names_existing_samples():
    names = set(expected())
    assert names <= set(FAULTY) | set(CLEAN), f"expected.toml names missing files: {sorted(names - set(FAULTY) - set(CLEAN))}"
    for name in FAULTY:
        assert name in names, f"{name} has no entry in samples/expected.toml"
        assert expected()[name].get("expected"), f"{name}: its `expected` list is empty"
    for name, entry in expected().items():
        key = "expected" if name.endswith("_faulty.txt") else "accepted"
        assert set(entry) <= {"expected", "accepted", "gaps"}, f"{name}: unknown keys {sorted(set(entry))}"
        for item in entry.get(key, []):
            assert isinstance(item.get("line"), int) and isinstance(item.get("code"), str), f"{name}: bad entry {item}"
            if key == "accepted":
                assert item.get("reason"), f"{name}: accepted {item['code']} on line {item['line']} needs a reason"


def test_every_faulty_sample_has_a_clean_twin():
    for name in FAULTY:
        assert name.replace("_faulty.txt", "_clean.txt") in CLEAN, f"{name} has no clean counterpart"


@pytest.mark.parametrize("name", FAULTY)
def test_faulty_sample_reports_its_errors(name):
    entry = expected().get(name)
    assert entry is not None, f"{name} has no entry in samples/expected.toml"
    reported = findings()[name]
    at = {(f["line"], f["code"]) for f in reported}
    missing = []
    for item in entry["expected"]:
        lines = [item["line"], *item.get("alt_lines", [])]
        if not any((line, item["code"]) in at for line in lines):
            missing.append(f"{item.get('id', '?')}: {item['code']} on line {'/'.join(map(str, lines))}")
    assert not missing, f"{name}: not reported:\n  " + "\n  ".join(missing) + f"\nreported:\n{_show(reported)}"


@pytest.mark.parametrize("name", CLEAN)
def test_clean_sample_has_no_errors(name):
    accepted = {(a["line"], a["code"]) for a in expected().get(name, {}).get("accepted", [])}
    errors = [
        f for f in findings()[name]
        if f["severity"] == "error" and (f["line"], f["code"]) not in accepted
    ]
    assert not errors, f"{name}: error-level findings in a clean sample:\n{_show(errors)}"
