"""The real-corpus test: findings on the five seeds equal the reviewed
expectations in tests/corpus/expected (codes and lines)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from click.testing import CliRunner

from budgetlint.cli import main

sys.path.insert(0, str(Path(__file__).parent / "corpus"))
import compare  # noqa: E402


def test_seed_findings_match_reviewed_expectations(seeds_dir):
    import hashlib

    seeds = sorted(seeds_dir.glob("*.txt"))
    before = [hashlib.sha256(p.read_bytes()).hexdigest() for p in seeds]
    result = CliRunner().invoke(main, ["check", "--no-cache", str(seeds_dir), "--format", "json"])
    assert [hashlib.sha256(p.read_bytes()).hexdigest() for p in seeds] == before, "a seed was modified"
    assert result.exit_code in (0, 1), result.output
    report = json.loads(result.stdout)
    assert len(report["files"]) == 5
    problems = compare.compare(report)
    assert not problems, "\n".join(problems)
