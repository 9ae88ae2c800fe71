"""The layout stage: every line type is classified, and blocks group as designed."""

from __future__ import annotations

import pytest

from budgetlint.layout import blocks, classify, split_cells, Line


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
