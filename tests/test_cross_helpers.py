"""Helpers of the cross-table and debris checks whose fast form must agree with
the plain one: line scans over the joined text, orphan rows, narrative labels."""

from __future__ import annotations

import re
import sys

import pytest

from budgetlint.checkutil_cross import (
    NARRATIVE_LABELS,
    NUMBER,
    _CONNECTOR,
    _labelled,
    _label_measure,
    cost_of,
    is_orphan,
    matching_lines,
    projects_of,
    raw_cells_found,
    segments,
    statements,
)
from budgetlint.checkutil_icf import raw_cell
from budgetlint.document import parse_path
from budgetlint.engine import REGISTRY
from budgetlint.lint import parse_bytes

from conftest import SAMPLES, seed_path


def _doc(text: str):
    return parse_bytes(text.encode("utf-8"), "case.txt")


def _real_docs():
    paths = sorted(SAMPLES.glob("*.txt")) + [seed_path(p) for p in ("000", "002", "003", "004")]
    return [parse_path(str(p)) for p in paths]


def _check_module(code: str):
    return sys.modules[REGISTRY.get(code).__module__]


def test_matching_lines_numbers_and_line_breaks():
    doc = _doc("第一行\n增加\n（减少）\n\n比上年增加（减少）XX万元\n原因")
    quick = _check_module("F805")._QUICK
    # ``增加\n（`` matches only across the break: line 2 is not reported
    assert list(matching_lines(doc, quick)) == [5, 6]


@pytest.mark.parametrize("code", ["F801", "F802", "F805"])
def test_matching_lines_equals_a_search_per_line(code):
    quick = _check_module(code)._QUICK
    quick = quick if isinstance(quick, tuple) else (quick,)
    for doc in _real_docs():
        expected = [n for n, text in enumerate(doc.lines, 1) if any(q.search(text) for q in quick)]
        assert list(matching_lines(doc, *quick)) == expected


_DEBRIS = (
    "项目\t 比上年增加（减少）XX万元 \t<br>说明\t&nbsp;\t$\\geq 95\\%$\n"
    "增加\t（减少）\t<p>\t原因\t\t \tXX\tX年<\t&amp;\\\n"
    "无\t$5$\tAXB\t增长 (下降)\n"
)


@pytest.mark.parametrize("code", ["F801", "F802", "F805"])
def test_raw_cells_found_are_the_cells_with_a_hit(code):
    """Every raw cell of a matching line that the cell pattern finds something
    in, built from a split of the whole line, is among the cells found."""
    module = _check_module(code)
    quick = module._QUICK if isinstance(module._QUICK, tuple) else (module._QUICK,)
    within = getattr(module, "_IN_CELL", quick[0])
    for doc in _real_docs() + [_doc(_DEBRIS)]:
        expected = []
        for n in matching_lines(doc, *quick):
            offset = 0
            for index, part in enumerate(doc.lines[n - 1].split("\t")):
                cell = raw_cell(part, n, offset, index)
                if cell.text and within.search(cell.text):
                    expected.append(cell)
                offset += len(part) + 1
        found = [c for c in raw_cells_found(doc, quick, within) if within.search(c.text)]
        assert found == expected
        if doc.lines[0].startswith("项目"):
            assert len(found) >= 3


def test_f805_quick_is_the_plain_alternation():
    plain = re.compile(r"[XxＸｘ×]{2}|[XＸ](?=年|月|日|万元|元|%|个|家|人|次)|原因|"
                       r"(?:增加|减少|上升|下降|增长|提高|降低)\s*[（(/／]")
    quick = _check_module("F805")._QUICK
    texts = ["比上年增加（减少）XX万元", "增长 (下降)", "主要原因是", "20X年", "Ｘ%", "xX", "×", "X 年",
             "提高/降低", "降低／", "上升", "AXB", "下降 ／"]
    texts += [line for doc in _real_docs() for line in doc.lines]
    for text in texts:
        assert [m.start() for m in quick.finditer(text)] == [m.start() for m in plain.finditer(text)], text


def _walk_back_orphan(doc, line):
    n = line - 1
    while n >= 1 and not doc.line_text(n).strip():
        n -= 1
    text = doc.line_text(n).strip()
    return bool(text) and set(text) <= set("-|:\t ") and "-" in text


def test_is_orphan_matches_a_walk_back():
    text = "项目\t金额\n--\t--\n\n甲\t1\n乙\t2\n| -- | :-: |\n丙\t3\n--\n\n"
    docs = [_doc(text)] + _real_docs()
    for doc in docs:
        for line in range(-1, len(doc.lines) + 4):
            assert is_orphan(doc, line) == _walk_back_orphan(doc, line), (doc.path, line)
    assert [n for n in range(1, 11) if is_orphan(docs[0], n)] == [3, 4, 7, 9, 10]


def _orphan_rows_by_walk(doc, table):
    """Rows whose nearest text line above is a separator row that does not sit
    right under one of the table's header lines."""
    from budgetlint.checkutil_icf import is_separator_line

    def above(n):
        n -= 1
        while n >= 1 and not doc.line_text(n).strip():
            n -= 1
        return n

    return {r.line for r in table.rows
            if above(r.line) and is_separator_line(doc.line_text(above(r.line)))
            and above(above(r.line)) not in table.header_lines}


def test_orphan_lines_match_a_walk_back():
    from budgetlint.checkutil_icf import orphan_lines

    text = ("项目支出绩效目标表\n\n一级指标\t二级指标\t三级指标\t指标值\n--\t--\t--\t--\n"
            "产出指标\t数量指标\t培训次数\t≥4次\n| -- | :-: |\n\n\t质量指标\t合格率\t100%\n"
            "--\t--\n效益指标\t社会效益指标\t知晓率\t≥90%\n")
    docs = [_doc(text)] + _real_docs()
    for doc in docs:
        for table in doc.tables:
            assert orphan_lines(doc, table) == _orphan_rows_by_walk(doc, table), (doc.path, table.title)
    assert orphan_lines(docs[0], docs[0].tables[0]) == {8, 10}


@pytest.mark.parametrize(
    "label,measure",
    [("基本支出", "basic"), ("“三公”经费", "sangong"), ("三公经费", "sangong"), ("一般公共预算拨款", "general_income"),
     ("一般公共预算拨款支出", "general"), ("商品和服务支", "goods"), ("公务用车运行维护费", "sangong_vehicle_operation")],
)
def test_label_measure(label, measure):
    assert _label_measure(label) == measure


def test_labelled_takes_the_first_label_that_leads_to_an_amount():
    seg_text = "2023年本部门基本支出预算数7095.92万元，“三公”经费预算为3.5万元，一般公共预算拨款100万元。"
    found = [(m.group("label"), m.group("num")) for m in _labelled().finditer(seg_text)]
    assert found == [("基本支出", "7095.92"), ("“三公”经费", "3.5"), ("一般公共预算拨款", "100")]
    # the measures of the table agree with searching the labels one by one
    for label, _ in found:
        first = next(m for p, m in NARRATIVE_LABELS if re.fullmatch(p, label))
        assert _label_measure(label) == first


def test_statements_agree_with_one_group_per_measure():
    """The flat label alternation finds what a regex with one named group per
    measure (and an optional quote before 三公) finds, with the same measures."""
    labels = [(r"[“\"‘']?三公[”\"’']?经费" if m == "sangong" else p, m) for p, m in NARRATIVE_LABELS]
    grouped = re.compile(
        "(?P<label>" + "|".join(f"(?P<m{i}>{p})" for i, (p, _) in enumerate(labels)) + ")"
        + _CONNECTOR + NUMBER + r"\s*(?P<unit>亿元|万元|千元|元)"
    )
    docs = [parse_path(str(seed_path("003"))), parse_path(str(seed_path("004"))), parse_path(str(SAMPLES / "budget_clean.txt"))]
    seen = 0
    for doc in docs:
        for seg in segments(doc):
            expected = [(m.start(), m.end(), labels[next(i for i in range(len(labels)) if m.group(f"m{i}"))][1])
                        for m in grouped.finditer(seg.text)]
            assert [(st.start, st.end, st.measure) for st in statements(doc, seg)] == expected
            seen += len(expected)
    assert seen >= 40


def test_project_costs_are_the_cost_indicators_in_order():
    for doc in _real_docs():
        for table in doc.tables:
            for project in projects_of(doc, table):
                assert project.costs == [c for c in map(cost_of, project.indicators) if c is not None]


def test_lazy_pattern_compiles_once():
    from budgetlint.checkutil_cross import lazy_pattern

    get = lazy_pattern(r"(?P<n>\d+)\s*万元", re.I)
    assert get() is get()
    assert get().search("支出 12 万元").group("n") == "12"


def test_sentence_bounds_match_a_scan_for_sentence_ends():
    from budgetlint.checkutil_cross import _SENTENCE_END, Segment

    def plain(text, at):
        lo = max((text.rfind(ch, 0, at) for ch in _SENTENCE_END), default=-1) + 1
        his = [h for h in (text.find(ch, at) for ch in _SENTENCE_END) if h >= 0]
        return lo, (min(his) + 1 if his else len(text))

    docs = [parse_path(str(seed_path("003"))), parse_path(str(SAMPLES / "budget_clean.txt"))]
    texts = [seg.text for doc in docs for seg in segments(doc)] + ["", "无句号", "一。二！三？四;五"]
    for text in texts:
        seg = Segment(text, [(0, 1, 0)])
        for at in range(0, len(text) + 2):
            assert seg.sentence_bounds(at) == plain(text, at), (text, at)


def test_rule_lines_are_the_lines_of_rule_characters_with_a_dash():
    from budgetlint.checkutil_cross import _rule_lines

    def plain(doc):
        return [n for n, text in enumerate(doc.lines, 1) if "-" in text and not text.strip().strip("-|:\t ")]

    text = ("| -- | :-: |\n\u3000---\u3000\n-\u3000-\n2020-01-01\n金额\t-\n\t-\t\n- x\n|:-:|\n"
            + "-" * 5000 + "a\n" + "- " * 2000 + "|\n--")
    docs = [_doc(text)] + _real_docs()
    for doc in docs:
        assert list(_rule_lines(doc)) == plain(doc), doc.path
    assert list(_rule_lines(docs[0])) == [1, 2, 6, 8, 10, 11]


def test_project_name_line_is_the_first_in_the_table():
    from budgetlint.checkutil_cross import project_name_line
    from budgetlint.layout import compact

    def plain(doc, table):
        for number in range(table.line, table.end_line + 1):
            cells = [c.strip() for c in doc.line_text(number).split("\t") if c.strip()]
            for i, c in enumerate(cells[:-1]):
                if compact(c) == "项目名称":
                    return cells[i + 1]
        return None

    seen = 0
    for doc in _real_docs():
        for table in doc.tables:
            assert project_name_line(doc, table) == plain(doc, table)
            seen += project_name_line(doc, table) is not None
    assert seen >= 5


def test_clause_start_matches_a_scan_for_clause_breaks():
    from budgetlint.checkutil_cross import _SENTENCE_END, Segment

    def plain(text, at):
        return max((text.rfind(ch, 0, at) for ch in _SENTENCE_END + "，,：:、（("), default=-1) + 1

    docs = [parse_path(str(seed_path("003"))), parse_path(str(SAMPLES / "budget_clean.txt"))]
    texts = [seg.text for doc in docs for seg in segments(doc)] + ["", "无标点", "一，二：三、四（五(六;七"]
    for text in texts:
        seg = Segment(text, [(0, 1, 0)])
        for at in range(len(text) + 1):
            assert seg.clause_start(at) == plain(text, at)
        seg.text = text + "，尾"  # a segment whose text grew (page-break joins) is re-scanned
        assert seg.clause_start(len(seg.text)) == plain(seg.text, len(seg.text))
