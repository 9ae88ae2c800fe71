"""Start-up: what a one-file ``budgetlint check`` must not import, and the quick
look for plugin entry points that lets it skip ``importlib.metadata``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from importlib.machinery import PathFinder

import pytest

from budgetlint.engine import ENTRY_POINT_GROUP, may_declare_entry_points
from conftest import ROOT, SAMPLES


def _dist(root, name: str, entry_points: str | None) -> None:
    info = root / f"{name}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n", encoding="utf-8")
    if entry_points is not None:
        (info / "entry_points.txt").write_text(entry_points, encoding="utf-8")


@pytest.fixture
def bare_path(monkeypatch, tmp_path):
    """``sys.path`` = [tmp_path] only, the standard finder only, and
    ``importlib.metadata`` not yet imported: the state of a fresh CLI process."""
    monkeypatch.setattr(sys, "path", [str(tmp_path)])
    monkeypatch.setattr(sys, "meta_path", [PathFinder])
    monkeypatch.delitem(sys.modules, "importlib.metadata", raising=False)
    return tmp_path


def test_no_distribution_declares_the_group(bare_path):
    _dist(bare_path, "other", "[console_scripts]\nother = other:main\n")
    _dist(bare_path, "plain", None)
    assert may_declare_entry_points(ENTRY_POINT_GROUP) is False


def test_a_distribution_declaring_the_group_is_found(bare_path):
    _dist(bare_path, "other", "[console_scripts]\nother = other:main\n")
    _dist(bare_path, "budget_plugin", f"[{ENTRY_POINT_GROUP}]\nzed = budget_plugin:Zed\n")
    assert may_declare_entry_points(ENTRY_POINT_GROUP) is True


def test_what_the_quick_look_cannot_read_goes_to_importlib_metadata(bare_path, monkeypatch):
    archive = bare_path / "bundle.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("x-1.0.dist-info/entry_points.txt", f"[{ENTRY_POINT_GROUP}]\nz = x:Z\n")
    monkeypatch.setattr(sys, "path", [str(bare_path / "missing"), str(archive)])
    assert may_declare_entry_points(ENTRY_POINT_GROUP) is True

    class DistFinder:
        @staticmethod
        def find_distributions(context=None):
            return iter(())

    monkeypatch.setattr(sys, "path", [str(bare_path)])
    monkeypatch.setattr(sys, "meta_path", [DistFinder, PathFinder])
    assert may_declare_entry_points(ENTRY_POINT_GROUP) is True


def _run(code: str, env_path: str | None = None) -> str:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (env_path, str(ROOT / "src")) if p)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, check=True)
    return out.stdout


def test_one_file_check_skips_metadata_and_rich():
    """A concise one-file run needs neither (20–40 ms of start-up each)."""
    code = (
        "import sys\n"
        "from budgetlint.cli import main\n"
        f"sys.argv = ['budgetlint', 'check', {str(SAMPLES / 'budget_faulty.txt')!r}, '--isolated', '--no-cache']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write(' '.join(m for m in ('importlib.metadata', 'rich') if m in sys.modules))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT)
    assert out.stdout  # findings were printed
    assert out.stderr == ""


def test_plugin_from_an_installed_distribution_is_loaded(tmp_path):
    """The quick look finds a real entry point, and the plugin's check runs."""
    (tmp_path / "zed_plugin.py").write_text(
        "from budgetlint.engine import Check\n\n"
        "class Zed(Check):\n"
        "    code = 'Z901'\n    name = 'zed-plugin'\n    scope = 'document'\n"
        "    message_zh = '中'\n    message_en = 'en'\n",
        encoding="utf-8",
    )
    _dist(tmp_path, "zed_plugin", f"[{ENTRY_POINT_GROUP}]\nzed = zed_plugin:Zed\n")
    out = _run(
        "import sys\nfrom budgetlint.cli import main\n"
        "sys.argv = ['budgetlint', 'rules', '--format', 'json']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n",
        env_path=str(tmp_path),
    )
    assert "Z901" in {r["code"] for r in json.loads(out)}


def test_a_command_runs_with_the_collector_paused_and_restores_it(monkeypatch):
    import gc

    from click.testing import CliRunner

    from budgetlint import docs
    from budgetlint.cli import main

    seen = []
    real = docs.rule_text
    monkeypatch.setattr(docs, "rule_text", lambda cls: seen.append(gc.isenabled()) or real(cls))
    assert gc.isenabled()
    result = CliRunner().invoke(main, ["rule", "R101"])
    assert result.exit_code == 0 and "R101" in result.output
    assert seen == [False]
    assert gc.isenabled() and gc.get_freeze_count() == 0


def _json_report_lines(results):
    from budgetlint.report import ReportContext
    from budgetlint.report.json_report import render

    return render(results, ReportContext(version="0.1.0")).splitlines()


def test_json_report_writes_each_finding_as_json_dumps_would():
    """The field-by-field writer of the JSON report is byte-identical to
    ``json.dumps(f.to_json(), ensure_ascii=False)`` on real findings."""
    from budgetlint.engine import REGISTRY, Settings
    from budgetlint.lint import lint_file

    checks = REGISTRY.select(None)
    results = [lint_file(str(p), checks, Settings()) for p in sorted(SAMPLES.glob("*_faulty.txt"))]
    expected = [json.dumps(f.to_json(), ensure_ascii=False) for r in results for f in r.findings]
    assert len(expected) > 20
    lines = _json_report_lines(results)
    start = lines.index('  "findings": [') + 1
    assert [line.strip().rstrip(",") for line in lines[start:start + len(expected)]] == expected
    assert lines[start + len(expected)] == "  ],"


def test_json_report_writes_odd_findings_as_json_dumps_would():
    """Evidence beyond str and int values, a non-str key, a boolean line and
    a finding outside a table are written as ``json.dumps`` writes them."""
    from budgetlint.engine import Finding
    from budgetlint.lint import FileResult

    def finding(line=3, evidence=None, table=("t", "表")):
        return Finding("R101", "sum", "error", "消息 \"x\"\n", "a.txt", line, 2, line, 9, table[0], table[1],
                       "0123456789abcdef", {"a": "一", "n": 5} if evidence is None else evidence)

    findings = [
        finding(),
        finding(evidence={}),
        finding(evidence={"f": 1.5, "b": True, "z": None, "l": [{"label": "x", "value": "1"}], "e": "<\t>"}),
        finding(evidence={1: "int key", "s": "x"}),
        finding(line=True),
        finding(table=(None, None)),
    ]
    expected = [json.dumps(f.to_json(), ensure_ascii=False) for f in findings]
    lines = _json_report_lines([FileResult("a.txt", "utf-8", findings)])
    start = lines.index('  "findings": [') + 1
    assert [line.strip().rstrip(",") for line in lines[start:start + len(expected)]] == expected


def test_json_report_falls_back_when_to_json_changes():
    """A finding whose ``to_json`` no longer has the layout the writer knows
    is written the plain way, so the report follows ``to_json``."""
    from dataclasses import dataclass

    from budgetlint.lint import FileResult

    @dataclass
    class Other:
        code: str = "R101"
        severity: str = "error"

        def to_json(self):
            return {"code": self.code, "extra": ["x", 1]}

    lines = _json_report_lines([FileResult("a.txt", "utf-8", [Other(), Other("R102")])])
    assert '    {"code": "R101", "extra": ["x", 1]},' in lines
    assert '    {"code": "R102", "extra": ["x", 1]}' in lines


def test_a_file_result_survives_pickling_with_its_findings():
    """Worker processes send results pickled, findings as plain tuples."""
    import pickle

    from budgetlint.engine import REGISTRY, Settings
    from budgetlint.lint import lint_file

    result = lint_file(str(SAMPLES / "budget_faulty.txt"), REGISTRY.select(None), Settings())
    assert result.findings
    back = pickle.loads(pickle.dumps(result))
    assert back == result
    assert [f.to_json() for f in back.findings] == [f.to_json() for f in result.findings]
