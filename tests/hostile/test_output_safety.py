"""Document text never becomes markup or control sequences in any report."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from budgetlint.cli import main

HOSTILE_NAMES = [
    "[bold red]x[/]",
    "\x1b[31mred\x1b[0m\x1b]8;;http://evil.example\x07link\x1b]8;;\x07",
    "over\rwrite",
    "bidi\u202eevil\u202c\u2066x\u2069",
    "<script>alert(1)</script>",
    "nul\x00char",
    "& \" ' <b>",
]


def _doc(name: str) -> bytes:
    title = name.replace("\r", "") + "支出总表"
    return (
        f"{title}\n\n金额单位：万元\n\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
        f"201\t{name}\t422.51\t373.85\t48.93\n"
    ).encode("utf-8")


def _run(fmt: str, name: str):
    result = CliRunner().invoke(main, ["check", "--isolated", "-", "--format", fmt], input=_doc(name))
    assert result.exit_code == 1, result.output
    return result.stdout


@pytest.mark.parametrize("name", HOSTILE_NAMES)
@pytest.mark.parametrize("fmt", ["rich", "concise", "github"])
def test_terminal_formats_are_inert(fmt, name):
    out = _run(fmt, name)
    assert "\x1b" not in out and "\r" not in out and "\x00" not in out and "\x07" not in out
    for ch in "\u202e\u202c\u2066\u2069":
        assert ch not in out
    if fmt == "rich" and name.startswith("[bold"):
        assert "[bold red]x[/]" in out  # printed as text, not interpreted
    if fmt == "rich" and name.startswith("\x1b[31m"):
        assert "\\x1b[31m" in out  # the escape is shown, visibly


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_structured_formats_stay_well_formed(name):
    assert json.loads(_run("json", name))["findings"]
    assert json.loads(_run("sarif", name))["runs"][0]["results"]
    ET.fromstring(_run("junit", name))
    for line in _run("jsonl", name).splitlines():
        json.loads(line)
    json.loads(_run("gitlab", name))


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_html_escapes_everything(name):
    out = _run("html", name)
    assert "<script>alert" not in out and "<b>" not in out
    assert out.count("<script") == 1
    assert "default-src 'none'" in out


def test_rich_report_with_source_line_is_inert(tmp_path):
    p = tmp_path / "h.txt"
    p.write_bytes(_doc("\x1b[2J[red]clear[/red]\u202e"))
    result = CliRunner().invoke(main, ["check", "--isolated", str(p), "--format", "rich"])
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    assert "[red]clear[/red]" in result.stdout
