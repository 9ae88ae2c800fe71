"""The check engine: registry validation, plugins from entry points, selection,
rounding-aware arithmetic and fingerprints."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlint import arithmetic
from budgetlint.engine import REGISTRY, Check, CheckError, Registry, matches, validate
from budgetlint.values import parse_amount
from conftest import lint_text


def _check(code="Z101", name="zed-check", **extra):
    attrs = dict(code=code, name=name, severity="warning", scope="document", message_zh="中", message_en="en")
    attrs.update(extra)
    return type("Zed", (Check,), attrs)


@pytest.mark.parametrize("code", ["R1", "R1010", "r101", "ABCD101", "", "1R01"])
def test_invalid_codes_rejected(code):
    with pytest.raises(CheckError):
        validate(_check(code=code))


def test_invalid_name_severity_messages_rejected():
    for bad in (dict(name="Not Kebab"), dict(severity="fatal"), dict(message_en=""), dict(scope="row")):
        with pytest.raises(CheckError):
            validate(_check(**bad))


def test_duplicate_codes_rejected():
    reg = Registry()
    reg._loaded = True
    reg.register(_check())
    with pytest.raises(CheckError):
        reg.register(_check(name="other-name"))


def test_entry_point_plugins(monkeypatch):
    plugin = _check(code="ZZ101", name="from-entry-point")

    class FakeEP:
        name = "demo"
        value = "demo:Plugin"

        def load(self):
            return plugin

    import importlib.metadata

    monkeypatch.setattr(importlib.metadata, "entry_points", lambda group: [FakeEP()] if group == "budgetlint.checks" else [])
    reg = Registry()
    reg.load()
    assert reg.get("ZZ101") is plugin
    assert reg.get("from-entry-point") is plugin
    assert reg.get("R101") is not None  # built-ins still loaded


def test_broken_entry_point_is_a_clear_error(monkeypatch):
    class Broken:
        name = "broken"
        value = "nowhere:Thing"

        def load(self):
            raise ImportError("no module named nowhere")

    import importlib.metadata

    monkeypatch.setattr(importlib.metadata, "entry_points", lambda group: [Broken()])
    with pytest.raises(CheckError, match="cannot load plugin 'broken'"):
        Registry().load()


@pytest.mark.parametrize(
    "selector,expected",
    [("R101", True), ("R1", True), ("R", True), ("reconciliation", True), ("total-basic-project", True),
     ("ALL", True), ("R102", False), ("X", False), ("units", False)],
)
def test_selection(selector, expected):
    assert matches(REGISTRY.get("R101"), selector) is expected


def test_unknown_selector_is_an_error():
    with pytest.raises(CheckError, match="unknown check selector"):
        REGISTRY.select(["Q999"])


def _a(text):
    return parse_amount(text)


def test_rounding_interval_arithmetic():
    # 6.45 + 9.32 = 15.77 vs 15.76: within 3 half-cents → rounding only.
    r = arithmetic.compare_sum(_a("15.76"), [_a("6.45"), _a("9.32")])
    assert r.status == arithmetic.ROUNDING and r.difference == Decimal("-0.01")
    # 373.85 + 48.93 = 422.78 vs 422.51: a real miss.
    r = arithmetic.compare_sum(_a("422.51"), [_a("373.85"), _a("48.93")])
    assert r.status == arithmetic.MISMATCH and r.expected == Decimal("422.78")
    # `41` in a column of cents is read at the column's precision: 381.51 + 41 = 422.51 exactly.
    r = arithmetic.compare_sum(_a("422.51"), [_a("381.51"), _a("41")], precision=2)
    assert r.status == arithmetic.EXACT
    # Without the column's precision, 41 would stand for 40.5..41.5 and hide a 0.4 miss.
    assert arithmetic.compare_sum(_a("422.91"), [_a("381.51"), _a("41")], precision=2).status == arithmetic.MISMATCH
    # Tolerance widens the allowance.
    assert arithmetic.compare_sum(_a("1.10"), [_a("1.00")], tolerance=Decimal("0.2")).status == arithmetic.ROUNDING


def test_exact_sum_fast_path_agrees_with_compare_sum():
    """``adds_up`` (the fast path of check_parts) answers True for a sum only
    when compare_sum finds it exact."""
    from budgetlint.checkutil_recon import adds_up
    from budgetlint.model import Cell

    def cells(*texts):
        return [Cell(t, 7, 1, 1 + len(t), i) for i, t in enumerate(texts)]

    # Seed 000's 收入预算合计 block: 381.51 + 41 = 422.51 exactly, at any precision.
    parts = [_a("381.51"), _a("41")]
    assert adds_up(*cells("422.51"), cells("381.51", "41"))
    assert arithmetic.compare_sum(_a("422.51"), parts).status == arithmetic.EXACT
    # A rounding-only miss is not exact: it goes on to the interval comparison (R107).
    assert not adds_up(*cells("15.76"), cells("6.45", "9.32"))
    # Figures too long for the default decimal context are left to compare_sum.
    long = "1" + "0" * 25
    assert not adds_up(*cells(long), cells(long)) and not adds_up(*cells("1"), cells("1", long, "-" + long))
    assert arithmetic.compare_sum(_a(long), [_a(long)]).status == arithmetic.EXACT
    # The exact result keeps the printed precision of its figures.
    r = arithmetic.compare_sum(_a("422.51"), parts, precision=2)
    assert (str(r.expected), str(r.difference), str(r.allowance)) == ("422.51", "0.00", "0.015")


def test_adds_up_only_when_check_parts_cannot_report():
    from budgetlint.checkutil_recon import adds_up
    from budgetlint.model import Cell

    def cells(*texts):
        return [Cell(t, 7, 1, 1 + len(t), i) for i, t in enumerate(texts)]

    # R104's example: 208 = 20805 + 20899 (22.03 + 0.89); blank cells are nothing.
    total, *parts = cells("22.92", "22.03", "0.89", "")
    assert adds_up(total, parts)
    assert not adds_up(cells("22.92")[0], cells("22.03", "0.79"))  # a miss goes on to check_parts
    # Text on either side: check_parts skips the comparison.
    assert adds_up(cells("-")[0], parts) and adds_up(total, cells("22.03", "合计"))
    # A blank total is compared (as 0) only with blank_as_zero.
    blank = cells("")[0]
    assert adds_up(blank, cells("1.00")) and not adds_up(blank, cells("1.00"), blank_as_zero=True)
    assert adds_up(blank, cells("", "0.00"), blank_as_zero=True)


def test_ratio_rounding():
    assert arithmetic.compare_ratio(_a("36"), _a("160.45"), _a("450")).status == arithmetic.EXACT
    assert arithmetic.compare_ratio(_a("80"), _a("60"), _a("100")).status == arithmetic.MISMATCH
    assert arithmetic.compare_ratio(_a("29.24"), _a("1250.33"), _a("4275.45")).status == arithmetic.EXACT


def test_fingerprint_stable_when_lines_shift():
    doc = "支出总表\n\n金额单位：万元\n\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n201\t一般公共服务支出\t422.51\t373.85\t48.93\n"
    _, first = lint_text(doc, select=["R101"])
    _, shifted = lint_text("说明。\n\n" + doc, select=["R101"])
    assert first[0].line + 2 == shifted[0].line
    assert first[0].fingerprint == shifted[0].fingerprint
    _, changed = lint_text(doc.replace("201\t一般公共服务支出", "208\t社会保障和就业支出"), select=["R101"])
    assert changed[0].fingerprint != first[0].fingerprint


def test_finding_has_evidence_and_exact_cell():
    doc = "支出总表\n\n金额单位：万元\n\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n201\t一般公共服务支出\t422.51\t373.85\t48.93\n"
    _, findings = lint_text(doc, select=["R101"])
    (f,) = findings
    line = doc.split("\n")[f.line - 1]
    assert line[f.column - 1 : f.end_column - 1] == "422.51"
    assert f.evidence["expected"] == "422.78" and f.evidence["actual"] == "422.51" and f.evidence["difference"] == "-0.27"
    assert [a["value"] for a in f.evidence["addends"]] == ["373.85", "48.93"]
    assert f.table_kind == "expense_summary" and f.table_title == "支出总表"


def test_per_table_memo_computes_once_per_table():
    """Derived rows shared by several checks are computed once per table, and
    each table keeps its own value (``fn(table)`` and ``fn(doc, table)``)."""
    from pathlib import Path

    from budgetlint.checklib import per_table
    from budgetlint.document import parse_path

    doc = parse_path(str(Path(__file__).parent.parent / "samples" / "budget_clean.txt"))
    assert len(doc.tables) >= 2
    calls = []

    @per_table
    def row_count(doc, table):
        calls.append(table.title)
        return len(table.rows)

    first, second = doc.tables[:2]
    assert row_count(doc, first) == len(first.rows)
    assert row_count(doc, first) == len(first.rows)
    assert row_count(doc, second) == len(second.rows)
    assert calls == [first.title, second.title]


def test_per_header_memo_computes_once_per_header_and_guards_the_index():
    """A value derived from one header is computed once per (table, header),
    and a header index outside the table (-1: rows above every header) reads
    as a header with no columns."""
    from pathlib import Path

    from budgetlint.checklib import header_at, per_header
    from budgetlint.document import parse_path

    doc = parse_path(str(Path(__file__).parent.parent / "samples" / "budget_clean.txt"))
    table = next(t for t in doc.tables if t.headers)
    calls = []

    @per_header
    def width(table, header_index):
        calls.append(header_index)
        return len(header_at(table, header_index))

    assert width(table, 0) == len(table.headers[0]) > 0
    assert width(table, 0) == len(table.headers[0])
    assert width(table, -1) == 0 and width(table, len(table.headers)) == 0
    assert calls == [0, -1, len(table.headers)]


def test_new_finding_builds_what_the_dataclass_builds():
    """``new_finding`` (the engine's cheaper constructor) gives a Finding
    equal to ``Finding(...)``, still frozen."""
    import dataclasses

    import pytest

    from budgetlint.engine import Finding, new_finding

    values = ("R101", "sum", "error", "消息", "a.txt", 3, 2, 3, 9, "k", "表", "0123456789abcdef", {"a": 1})
    made = new_finding(*values)
    assert type(made) is Finding and made == Finding(*values) and hash(made.sort_key()) == hash(Finding(*values).sort_key())
    assert dataclasses.astuple(made) == dataclasses.astuple(Finding(*values))
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.code = "R102"
