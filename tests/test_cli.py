"""The command line: formats, exit codes, configuration, baselines, suppressions,
inputs.  Every test runs with an isolated working directory so that the
repository's own settings never leak in, and checks that inputs stay untouched.
"""

from __future__ import annotations

import csv
import sys
import hashlib
import io
import json
import os
import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from budgetlint.cli import main
from conftest import ROOT, SAMPLES

FAULTY = "科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
DOC = (
    "支出总表\n\n金额单位：万元\n\n"
    "科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
    "201\t一般公共服务支出\t422.51\t373.85\t48.93\n"
)
CLEAN = (
    "支出总表\n\n金额单位：万元\n\n"
    "科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
    "201\t一般公共服务支出\t422.78\t373.85\t48.93\n"
)


def _hash(paths):
    return {p: hashlib.sha256(Path(p).read_bytes()).hexdigest() for p in paths}


@pytest.fixture
def work(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "faulty.txt").write_text(DOC, encoding="utf-8")
    (tmp_path / "clean.txt").write_text(CLEAN, encoding="utf-8")
    return tmp_path


def _inputs(args):
    """The existing files an invocation reads (directories expanded)."""
    files = []
    for a in args:
        p = Path(a)
        if a.startswith("-") or not p.exists() or p.resolve() == Path(os.devnull).resolve():
            continue
        files.extend(f for f in (p.rglob("*") if p.is_dir() else [p]) if f.is_file() and ".budgetlint_cache" not in f.parts)
    return files


def invoke(args, input=None):
    """Run the CLI and check that it never modified a file it was given to read."""
    runner = CliRunner()
    outputs = {args[i + 1] for i, a in enumerate(args[:-1]) if a in ("-o", "--output")}
    inputs = [f for f in _inputs(args) if str(f) not in outputs and f.name not in outputs]
    before = _hash(inputs)
    result = runner.invoke(main, args, input=input, catch_exceptions=False)
    assert _hash(inputs) == before, "budgetlint modified a file it read"
    return result


@pytest.fixture
def faulty_sample(tmp_path):
    """A copy of samples/budget_faulty.txt (inputs are hashed before and after)."""
    src = SAMPLES / "budget_faulty.txt"
    dst = tmp_path / "budget_faulty.txt"
    shutil.copy(src, dst)
    before = _hash([dst])
    yield dst
    assert _hash([dst]) == before, "budgetlint modified its input"


# --- exit codes --------------------------------------------------------------


def test_exit_codes(work):
    # The toy documents hold one table of a 部门预算, so only R101 is selected
    # (C701 would rightly report the missing required tables).
    assert invoke(["check", "--isolated", "--select", "R101", "clean.txt"]).exit_code == 0
    assert invoke(["check", "--isolated", "--select", "R101", "faulty.txt"]).exit_code == 1
    assert invoke(["check", "--isolated", "faulty.txt", "--exit-zero"]).exit_code == 0
    assert invoke(["check", "--isolated", "faulty.txt", "--fail-on", "never"]).exit_code == 0
    missing = invoke(["check", "--isolated", "nope.txt"])
    assert missing.exit_code == 2 and "no such file" in missing.stderr
    assert invoke(["check", "--isolated", "faulty.txt", "--select", "NOPE1"]).exit_code == 2
    empty = work / "empty_dir"
    empty.mkdir()
    assert invoke(["check", "--isolated", str(empty)]).exit_code == 2


def test_binary_input_is_a_clear_error(work):
    (work / "x.txt").write_bytes(b"%PDF-1.7\n\x00\x01\x02binary")
    result = invoke(["check", "--isolated", "x.txt"])
    assert result.exit_code == 2
    assert "not a text disclosure" in result.stderr
    assert "Traceback" not in result.output


# --- formats -----------------------------------------------------------------


def _run_format(path, fmt, out):
    result = invoke(["check", "--isolated", str(path), "--format", fmt, "--output", str(out)])
    assert result.exit_code == 1, result.output
    return out.read_text(encoding="utf-8")


def test_json_format(faulty_sample, tmp_path):
    data = json.loads(_run_format(faulty_sample, "json", tmp_path / "r.json"))
    assert set(data) >= {"version", "files", "findings", "summary"}
    assert data["files"][0]["encoding"] == "utf-8" and data["files"][0]["tables"]
    r101 = [f for f in data["findings"] if f["code"] == "R101"]
    assert r101 and r101[0]["line"] == 182
    f = r101[0]
    assert set(f) >= {"code", "name", "severity", "message", "path", "line", "column", "end_line", "end_column",
                      "table_kind", "table_title", "fingerprint", "evidence"}
    assert f["evidence"]["expected"] and f["evidence"]["actual"] and f["evidence"]["difference"]
    assert data["summary"]["error"] >= 1


def test_sarif_format_validates_against_schema(faulty_sample, tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    schema_path = ROOT.parent / "shared" / "spec" / "sarif-schema-2.1.0.json"
    if not schema_path.exists():
        pytest.skip("shared/spec/sarif-schema-2.1.0.json not available")
    log = json.loads(_run_format(faulty_sample, "sarif", tmp_path / "r.sarif"))
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    jsonschema.validate(log, schema)
    run = log["runs"][0]
    assert run["tool"]["driver"]["rules"]
    result = next(r for r in run["results"] if r["ruleId"] == "R101")
    assert result["partialFingerprints"]["budgetlintFingerprint/v1"]
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 182


def test_junit_format_parses(faulty_sample, tmp_path):
    root = ET.fromstring(_run_format(faulty_sample, "junit", tmp_path / "r.xml"))
    assert root.tag == "testsuites"
    failures = root.findall(".//failure")
    assert any("R101" in (f.get("type") or "") for f in failures)


def test_github_and_concise_lines(faulty_sample, tmp_path):
    text = _run_format(faulty_sample, "github", tmp_path / "r.txt")
    pattern = re.compile(r"^::(error|warning|notice) file=[^,]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[^:]+::[A-Z]\d{3} .+$")
    lines = text.splitlines()
    assert lines and all(pattern.match(l) for l in lines), lines[:3]
    concise = _run_format(faulty_sample, "concise", tmp_path / "c.txt").splitlines()
    assert all(re.match(r"^.+:\d+:\d+: [A-Z]\d{3} .+$", l) for l in concise)
    assert any(":182:" in l and " R101 " in l for l in concise)


def test_gitlab_csv_jsonl(faulty_sample, tmp_path):
    issues = json.loads(_run_format(faulty_sample, "gitlab", tmp_path / "g.json"))
    assert all({"description", "check_name", "fingerprint", "severity", "location"} <= set(i) for i in issues)
    rows = list(csv.DictReader(io.StringIO(_run_format(faulty_sample, "csv", tmp_path / "r.csv"))))
    assert any(r["code"] == "R101" and r["line"] == "182" for r in rows)
    objs = [json.loads(l) for l in _run_format(faulty_sample, "jsonl", tmp_path / "r.jsonl").splitlines()]
    assert any(o["code"] == "R101" for o in objs)


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts = 0
        self.text = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts += 1
        for _, value in attrs:
            assert "http://" not in (value or "") and "https://" not in (value or "")

    def handle_data(self, data):
        self.text.append(data)


def test_html_is_self_contained_and_escaped(tmp_path):
    hostile = DOC.replace("一般公共服务支出", "<script>alert(1)</script>[bold red]x[/]")
    (tmp_path / "h.txt").write_text(hostile, encoding="utf-8")
    html = _run_format(tmp_path / "h.txt", "html", tmp_path / "r.html")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    parser = _Collector()
    parser.feed(html)
    assert parser.scripts == 1  # only the report's own filter script


def test_rich_report_shows_equation_and_cell(work):
    result = invoke(["check", "--isolated", "faulty.txt", "--format", "rich"])
    assert "R101" in result.output
    assert "373.85 + 48.93 = 422.78 ≠ 422.51" in result.output
    assert "faulty.txt:6:" in result.output


def test_english_messages(work):
    result = invoke(["check", "--isolated", "faulty.txt", "--format", "concise", "--lang", "en"])
    assert "total 422.51" in result.output and "difference" in result.output


def test_statistics(work):
    result = invoke(["check", "--isolated", "faulty.txt", "--statistics"])
    assert re.search(r"^\s+1\s+R101\s+total-basic-project", result.output, re.M)


# --- inputs --------------------------------------------------------------------


def test_stdin(work):
    result = invoke(["check", "--isolated", "--select", "R101", "-", "--format", "concise", "--stdin-filename", "budget.txt"], input=DOC)
    assert result.exit_code == 1
    assert result.output.startswith("budget.txt:6:")


def test_directory_recursion_and_exclude(work):
    sub = work / "docs" / "old"
    sub.mkdir(parents=True)
    shutil.copy(work / "faulty.txt", sub / "a.txt")
    shutil.copy(work / "faulty.txt", work / "docs" / "b.md")
    (work / "docs" / "c.pdf").write_bytes(b"%PDF")
    result = invoke(["check", "--isolated", "docs", "--format", "json"])
    paths = sorted(Path(f["path"]).name for f in json.loads(result.output)["files"])
    assert paths == ["a.txt", "b.md"]
    (work / "budgetlint.toml").write_text('exclude = ["old"]\n', encoding="utf-8")
    result = invoke(["check", "docs", "--format", "json"])
    assert [Path(f["path"]).name for f in json.loads(result.output)["files"]] == ["b.md"]


def test_parallel_output_identical(tmp_path):
    for i in range(6):
        shutil.copy(SAMPLES / sorted(p.name for p in SAMPLES.glob("*.txt"))[i % 4], tmp_path / f"f{i}.txt")
    one = invoke(["check", "--isolated", str(tmp_path), "--format", "json", "-j", "1"]).output
    two = invoke(["check", "--isolated", str(tmp_path), "--format", "json", "-j", "2"]).output
    assert json.loads(one)["findings"] == json.loads(two)["findings"]


# --- configuration -----------------------------------------------------------------


def test_config_discovery_and_precedence(work):
    (work / "pyproject.toml").write_text('[tool.budgetlint]\nselect = ["R1"]\nignore = ["R101"]\n', encoding="utf-8")
    sub = work / "sub"
    sub.mkdir()
    shutil.copy(work / "faulty.txt", sub / "faulty.txt")
    assert invoke(["check", "sub/faulty.txt"]).exit_code == 0  # found upward, R101 ignored
    assert invoke(["check", "--isolated", "--select", "R1", "sub/faulty.txt"]).exit_code == 1
    assert invoke(["check", "sub/faulty.txt", "--select", "R101"]).exit_code == 0  # file ignore still applies
    (sub / "budgetlint.toml").write_text('select = ["R101"]\nfail-on = "error"\n', encoding="utf-8")
    assert invoke(["check", "sub/faulty.txt"]).exit_code == 1  # nearest file wins
    other = work / "other.toml"
    other.write_text('select = ["R101"]\nseverity = { R101 = "warning" }\n', encoding="utf-8")
    result = invoke(["check", "--config", str(other), "sub/faulty.txt", "--format", "json"])
    assert result.exit_code == 0  # an error lowered to a warning no longer fails
    assert json.loads(result.output)["findings"][0]["severity"] == "warning"
    assert invoke(["check", "--config", str(other), "sub/faulty.txt", "--fail-on", "warning"]).exit_code == 1


def test_unknown_key_suggests(work):
    (work / "budgetlint.toml").write_text('selct = ["R101"]\n', encoding="utf-8")
    result = invoke(["check", "faulty.txt"])
    assert result.exit_code == 2
    assert "unknown key 'selct'" in result.stderr and "did you mean 'select'" in result.stderr


@pytest.mark.parametrize(
    "content,message",
    [
        ('fail-on = "sometimes"\n', "fail-on"),
        ('lang = "fr"\n', "lang"),
        ('tolerance = "abc"\n', "tolerance"),
        ('select = 3\n', "select"),
        ('severity = { R101 = "fatal" }\n', "severity"),
        ('plugins = ["missing_dir"]\n', "plugin directory not found"),
        ('[[suppress]]\ncode = "R101"\npath = "*.txt"\n', "reason"),
        ("this is not toml", "invalid TOML"),
    ],
)
def test_bad_values_are_clear_errors(work, content, message):
    (work / "budgetlint.toml").write_text(content, encoding="utf-8")
    result = invoke(["check", "faulty.txt"])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_per_file_ignores(work):
    (work / "budgetlint.toml").write_text('select = ["R1"]\n[per-file-ignores]\n"faulty*.txt" = ["R1"]\n', encoding="utf-8")
    assert invoke(["check", "faulty.txt"]).exit_code == 0
    shutil.copy(work / "faulty.txt", work / "other.txt")
    assert invoke(["check", "other.txt"]).exit_code == 1


def test_suppressions_need_reasons_and_unused_are_reported(work):
    (work / "budgetlint.toml").write_text(
        'select = ["R1", "S"]\n[[suppress]]\ncode = "R101"\npath = "faulty.txt"\ntable = "支出总表"\nreason = "confirmed with the bureau"\n'
        '[[suppress]]\ncode = "S301"\npath = "*.txt"\nreason = "not applicable"\n',
        encoding="utf-8",
    )
    result = invoke(["check", "faulty.txt"])
    assert result.exit_code == 0
    assert "unused suppression: S301" in result.stderr


def test_local_plugins_only_when_configured(work):
    plugins = work / "plugins"
    plugins.mkdir()
    (plugins / "local.py").write_text(
        "from budgetlint.engine import Check\n"
        "class Local(Check):\n"
        "    code = 'Z101'\n    name = 'local-check'\n    severity = 'warning'\n    scope = 'document'\n"
        "    message_zh = '本地'\n    message_en = 'local'\n"
        "    def check_document(self, doc, ctx):\n        ctx.report(1)\n",
        encoding="utf-8",
    )
    # Not named in configuration: not loaded, selecting it is an error.
    assert invoke(["check", "clean.txt", "--select", "Z101"]).exit_code == 2
    (work / "budgetlint.toml").write_text('plugins = ["plugins"]\nselect = ["Z101", "R101"]\n', encoding="utf-8")
    result = invoke(["check", "clean.txt", "--format", "concise"])
    assert "Z101" in result.output
    result = invoke(["check", "--isolated", "clean.txt", "--format", "concise"])
    assert "Z101" not in result.output


# --- baseline ----------------------------------------------------------------------


def test_baseline_round_trip_survives_inserted_lines(work):
    result = invoke(["baseline", "--isolated", "--select", "R101", "faulty.txt", "-o", "baseline.json"])
    assert result.exit_code == 0, result.output
    data = json.loads((work / "baseline.json").read_text(encoding="utf-8"))
    assert data["findings"] and data["findings"][0]["code"] == "R101"
    assert invoke(["check", "--isolated", "--select", "R101", "faulty.txt", "--baseline", "baseline.json"]).exit_code == 0
    # Lines inserted above the finding: still the same finding.
    (work / "faulty.txt").write_text("说明文字一。\n说明文字二。\n\n" + DOC, encoding="utf-8")
    assert invoke(["check", "--isolated", "--select", "R101", "faulty.txt", "--baseline", "baseline.json"]).exit_code == 0
    # A new error is reported; the fixed one is listed as stale.
    (work / "faulty.txt").write_text(CLEAN.replace("201\t", "201\t") + "208\t社会保障和就业支出\t10.00\t5.00\t4.00\n", encoding="utf-8")
    result = invoke(["check", "--isolated", "--select", "R101", "faulty.txt", "--baseline", "baseline.json", "--format", "concise"])
    assert result.exit_code == 1
    assert ":7:" in result.output and "R101" in result.output
    assert "baseline entries no longer occur" in result.stderr


def test_bad_baseline_file(work):
    (work / "baseline.json").write_text("{not json", encoding="utf-8")
    result = invoke(["check", "--isolated", "faulty.txt", "--baseline", "baseline.json"])
    assert result.exit_code == 2 and "not a budgetlint baseline" in result.stderr


# --- other commands ------------------------------------------------------------------


def test_rules_and_rule(work):
    result = invoke(["rules"])
    assert "R101" in result.output and "total-basic-project" in result.output
    page = invoke(["rule", "R101"])
    assert page.exit_code == 0
    for heading in ("## What it checks", "## Why it matters", "## Example (fails)", "## Use instead (passes)"):
        assert heading in page.output
    assert "reports:" in page.output and "6:" in page.output and "R101 201 合计 422.51" in page.output
    assert invoke(["rule", "X999"]).exit_code == 2


def test_parse_json_and_tree(work):
    result = invoke(["parse", "faulty.txt"])
    data = json.loads(result.output)
    assert data["tables"][0]["kind"] == "expense_summary"
    row = data["tables"][0]["rows"][0]
    assert row["fields"]["total"]["amount"] == "422.51"
    tree = invoke(["parse", "faulty.txt", "--format", "tree"])
    assert "expense_summary" in tree.output


def test_output_written_atomically_and_version(work):
    out = work / "report.json"
    out.write_text("previous", encoding="utf-8")
    invoke(["check", "--isolated", "faulty.txt", "--format", "json", "-o", str(out)])
    assert json.loads(out.read_text(encoding="utf-8"))["findings"]
    assert not list(work.glob(".budgetlint-*"))
    assert invoke(["--version"]).output.startswith("budgetlint, version")


def test_output_to_a_device_is_not_replaced(work):
    import os
    import stat

    result = invoke(["check", "--isolated", "faulty.txt", "--format", "json", "-o", os.devnull])
    assert result.exit_code == 1
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_interrupted_write_keeps_the_previous_report(work, monkeypatch):
    out = work / "report.json"
    out.write_text("previous report", encoding="utf-8")

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    result = invoke(["check", "--isolated", "faulty.txt", "--format", "json", "-o", str(out)])
    assert result.exit_code == 2 and "No space left on device" in result.stderr
    assert out.read_text(encoding="utf-8") == "previous report"
    assert not list(work.glob(".budgetlint-*"))


def test_progress_bar_only_on_a_terminal(monkeypatch):
    from budgetlint import cli

    class TTY(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert cli._progress_factory(False) is None  # not a terminal
    monkeypatch.setattr(sys, "stderr", TTY())
    assert cli._progress_factory(True) is None  # --no-progress
    factory = cli._progress_factory(False)
    assert factory is not None and factory(5) is None  # few files: no bar
    bar = factory(50)
    for _ in range(50):
        bar.advance()
    bar.close()
