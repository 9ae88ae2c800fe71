"""The layout stage: every line type is classified, and blocks group as designed."""

from __future__ import annotations

import re

import pytest

from budgetlint.layout import blocks, classify, clean_cell, split_cells, Line


@pytest.mark.parametrize(
    "line,expected",
    [
        ("收入预算合计\t422.51\t\t", "ROW"),
        ("一、部门预算报表\t", "ROW"),
        ("| 项目 | 预算数 |", "PIPE_ROW"),
        ("|--|--|", "SEP_ROW"),
        ("--\t--\t------\t---", "SEP_ROW"),
        ("## 整体支出绩效自评报告", "HEADING"),
        ("**长沙市工业和信息化局", "HEADING"),
        ("注：如本表格为空，则表示本年度未安排此项目。", "NOTE"),
        ("注: 空表表示本部门无相关收支情况", "NOTE"),
        ("单位：万元", "META"),
        ("金额单位：万元", "META"),
        ("部门名称：长沙市工业和信息化局", "META"),
        ("单位编码：048001", "META"),
        ("部门（单位）名称：江夏区科技和经济信息化局", "META"),
        ("收支总表", "TITLE"),
        ("2023年部门收支总体情况表", "TITLE"),
        ("## 2019 江夏区“青桐”计划项目资金支出绩效自评表", "TITLE"),
        ("### 项目资金支出绩效自评表", "TITLE"),
        ("一般公共预算基本支出表--人员经费(工资福利支出)(按政府预算经济分类)", "TITLE"),
        ("(2023年度)", "YEAR"),
        ("（ 2019 年度）", "YEAR"),
        ("目 录", "TOC"),
        ("# 部门预算公开表目录", "TOC"),
        ("- 1、部门收支总表", "ITEM"),
        ("2023年本部门收入预算9266.22万元，其中，一般公共预算拨款9266.22万元。", "PROSE"),
        ("第二部分 2023 年部门预算表", "PROSE"),
        ("", None),
        ("   ", None),
    ],
)
def test_classify(line, expected):
    assert classify(line) == expected


def test_rows_separated_by_blank_lines_form_one_block():
    lines = ["收支总表", "", "项目\t预算数", "", "收入总计\t1.00", "", "说明文字。", "项目\t预算数"]
    kinds = [(b.type, b.line, len(b.lines)) for b in blocks(lines)]
    assert kinds == [("TITLE", 1, 1), ("rows", 3, 2), ("prose", 7, 1), ("rows", 8, 1)]


def test_cells_keep_original_columns():
    line = Line("ROW", 7, "其中:财政拨款\t381.51\t其他经费\t 41 ")
    cells = split_cells(line)
    assert [c.text for c in cells] == ["其中:财政拨款", "381.51", "其他经费", "41"]
    assert [(c.column, c.end_column) for c in cells] == [(1, 8), (9, 15), (16, 20), (22, 24)]
    assert line.text[cells[3].column - 1 : cells[3].end_column - 1] == "41"


def test_markdown_escapes_and_bold_are_cleaned():
    cells = split_cells(Line("ROW", 1, "048001\\_株洲\t**合计**\t**"))
    assert [c.text for c in cells] == ["048001_株洲", "合计", "**"]


def test_pipe_rows_split_on_pipes():
    cells = split_cells(Line("PIPE_ROW", 3, "| 项目 | 预算数 |"))
    assert [c.text for c in cells] == ["项目", "预算数"]
    assert cells[0].column == 3


def _reference_classify_text(stripped: str) -> str:
    """classify() of a line without TABs as written before its prefilters:
    every test in order, none skipped."""
    from budgetlint.layout import _ITEM, _MAX_TITLE, _PART_HEADING, _TITLE_END, _YEAR_LINE, META_KEYS, compact

    def strip_markup(text: str) -> str:
        t = text.strip().lstrip("#").strip().replace("**", "").replace("__", "")
        if "<" in t:
            t = re.sub(r"</?[a-zA-Z][^<>]{0,200}>", "", t)
        return t.strip()

    def separator(text: str) -> bool:
        return "-" in text and not text.strip("-|:\t ")

    if stripped.startswith("|") and stripped.count("|") >= 2:
        return "SEP_ROW" if separator(stripped) else "PIPE_ROW"
    if separator(stripped) and len(stripped) >= 3:
        return "SEP_ROW"
    flat = compact(strip_markup(stripped))
    if not flat:
        return "HEADING" if stripped.startswith("#") else "PROSE"
    if flat.startswith(("注：", "注:")):
        return "NOTE"
    if _YEAR_LINE.match(flat):
        return "YEAR"
    if flat.endswith("目录") and len(flat) <= 20:
        return "TOC"
    for key in META_KEYS:
        if flat.startswith(key) and len(flat) > len(key) and flat[len(key)] in "：:" and len(flat) <= 120:
            return "META"
    if _ITEM.match(stripped) and not stripped.startswith("#"):
        return "ITEM"
    is_heading = stripped.startswith("#") or stripped.startswith("**") or stripped.endswith("**")
    if len(flat) <= _MAX_TITLE and _TITLE_END.search(flat) and not _PART_HEADING.match(flat):
        return "TITLE"
    return "HEADING" if is_heading else "PROSE"


_ODD_LINES = [
    "# <b>2023</b>年部门收支总表", "__单位__：万元", "单位 ：万元", "单位名称", "单位:", "预算单位:x" + "y" * 130,
    "**注**：说明", "###", "**", "- 1、部门收支总表", "#1、标题", "-- | --", "|a|", "| a | b |", "第一部分 收支总表",
    "部门(单位)名称：某局", "部门（单位）名称:某局", "目 录", "（2023 年）", "<i>收支总表</i>", "说明**",
]


def test_classify_matches_reference_on_seeds_and_samples():
    """The prefilters in front of classify()'s tests only skip tests that
    cannot succeed: every line must get the reference's type."""
    from conftest import SAMPLES, SEEDS

    from budgetlint.source import read

    paths = sorted(SEEDS.glob("*.txt")) + sorted(SAMPLES.glob("*.txt"))
    lines = [line for path in paths for line in read(str(path)).lines] + _ODD_LINES
    for line in lines:
        stripped = line.strip()
        if stripped and "\t" not in line:
            assert classify(line) == _reference_classify_text(stripped), line


def test_strip_markup_skips_only_absent_markers():
    from budgetlint.layout import strip_markup

    for text in _ODD_LINES + ["  ## **合计**  ", "_**_x", "# __a__ <br/>b", "<<x>>"]:
        t = text.strip().lstrip("#").strip().replace("**", "").replace("__", "")
        expected = re.sub(r"</?[a-zA-Z][^<>]{0,200}>", "", t).strip()
        assert strip_markup(text) == expected, text


def test_marked_row_cleans_only_the_marked_parts():
    """On a row with ** or \\ the parts without a marker keep the fast path;
    every cell must be what cleaning each part would give."""
    line = Line("ROW", 4, "**合计**\t 12.5\t\t7\tx\\_y\t**\t3 ")
    cells = split_cells(line)
    assert [c.text for c in cells] == ["合计", "12.5", "", "7", "x_y", "**", "3"]
    assert [(c.column, c.end_column) for c in cells] == [(1, 7), (9, 13), (14, 14), (15, 16), (17, 21), (22, 24), (25, 26)]
    for cell in cells:
        part = line.text.split("\t")[cell.index]
        assert cell.text == clean_cell(part)
