"""The five real disclosures parse into the model an auditor sees in them.

Every expectation here was read off the source text by hand (line numbers
refer to the seed files); none was copied from the parser's output.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlint.document import parse_path
from conftest import seed_path


def _doc(prefix):
    return parse_path(str(seed_path(prefix)))


def _ind(table, line):
    matches = [i for i in table.indicators if i.line == line]
    assert matches, f"no indicator at line {line}"
    return matches[0]


def test_seed_000_targets_collection():
    doc = _doc("000")
    assert doc.year == 2023
    assert doc.document_type == "绩效目标"
    kinds = [t.kind for t in doc.tables]
    assert kinds == ["department_performance_targets"] * 5 + ["project_performance_targets"] * 5
    first = doc.tables[0]
    kv = {k.label: k.amount for k in first.key_values}
    assert kv["收入预算合计"].value == Decimal("422.51")
    assert kv["其中:财政拨款"].value == Decimal("381.51")
    assert kv["其他经费"].value == Decimal("41") and kv["其他经费"].decimals == 0
    assert kv["其中:基本支出"].value == Decimal("373.58")
    assert kv["项目支出"].value == Decimal("48.93")
    assert first.find_kv("基本支出").cell.line == 12
    # fill-down of 一级/二级 and the page break at line 28
    ind = _ind(first, 30)
    assert (ind.level1, ind.level2, ind.name) == ("效益指标", "经济效益指标", "十五个营商环境专项指标")
    assert _ind(first, 26).level2 == "时效指标"
    # a shifted row: name in the 一级 column, value two cells right
    shifted = _ind(first, 27)
    assert shifted.name == "评估评审项目按时完成率" and shifted.value.raw == "100%" and shifted.row.shifted
    assert (shifted.level1, shifted.level2) == ("产出指标", "时效指标")
    # thousands separators keep their decimals
    kv2 = {k.label: k.amount for k in doc.tables[1].key_values}
    assert kv2["收入预算合计"].value == Decimal("41720.241") and kv2["收入预算合计"].decimals == 3
    # the indicator whose value the converter lost (line 192) has no value
    lost = _ind(doc.tables[3], 192)
    assert lost.name == "对协议医药机构稽核检查率" and lost.value.kind == "empty"
    # LaTeX residue still reads as a value
    latex = _ind(doc.tables[7], 351)
    assert latex.name == "承接服务外包业务企业数量"
    assert latex.value.comparator == "≥" and latex.value.number == Decimal("5") and latex.value.unit_kind == "ratio"
    assert latex.name_kind == "count"


def test_seed_001_legacy_cost_placement():
    doc = _doc("001")
    assert doc.year == 2024
    (table,) = doc.tables
    assert table.kind == "project_performance_targets"
    ind = _ind(table, 57)
    assert (ind.level1, ind.level2) == ("产出指标", "成本指标")
    assert ind.value.comparator == "≤" and ind.value.number == Decimal("101") and ind.value.unit == "万元"
    tail = _ind(table, 67)
    assert tail.name == "中小企业用工专场招聘活动成本" and tail.value.raw == "≤25万元"
    assert _ind(table, 71).level1 == "满意度指标"
    assert len(table.indicators) == 52
    assert doc.organization == "南昌市中小企业服务局"
    assert doc.document_type == "绩效目标"
    # the repeated header rows (lines 26 and 51) start no new table and are not indicators
    assert {26, 51}.isdisjoint({i.line for i in table.indicators})
    first = _ind(table, 16)
    assert (first.level1, first.level2, first.name) == ("产出指标", "数量指标", "通过报刊、电视等开展宣传")
    assert first.value.comparator == "≥" and first.value.number == Decimal("25") and first.value.unit == "次"
    assert _ind(table, 22).value.number == Decimal("334") and _ind(table, 22).name_kind == "count"
    rate = _ind(table, 37)
    assert rate.name_kind == "ratio" and rate.value.unit_kind == "ratio" and rate.level2 == "质量指标"
    deadline = _ind(table, 49)
    assert deadline.value.kind == "date" and deadline.value.year == 2024 and deadline.level2 == "时效指标"
    kv = {k.label: k.amount.value for k in table.key_values}
    assert kv["申请金额(万元)"] == Decimal("2500")


def test_seed_002_budget_tables():
    doc = _doc("002")
    assert doc.organization == "株洲市荷塘区产业服务中心"
    assert doc.document_type == "部门预算"
    assert len(doc.toc) == 23 and doc.toc[1].title == "收入总表" and doc.toc[1].line == 13
    kinds = [t.kind for t in doc.tables]
    assert "income_summary" not in kinds
    assert kinds[:5] == [
        "income_expense_summary", "expense_summary", "fiscal_appropriation_summary",
        "general_budget_expense", "general_budget_basic_expense",
    ]
    assert kinds.count("basic_expense_detail") == 6
    expense = doc.tables[1]
    assert expense.unit == "万元"
    rows = {r.code: r for r in expense.rows if r.code}
    assert rows["2010350"].amount("total").value == Decimal("302.23")
    assert rows["20805"].amount("basic").value == Decimal("22.03")
    assert "048" not in rows and "048001" not in rows  # unit codes are not function codes
    general = doc.tables[3]
    paths = [c.path for c in general.columns]
    assert paths[6:10] == [
        "基本支出/小计", "基本支出/人员经费/工资福利支出", "基本支出/人员经费/对个人和家庭的补助", "基本支出/公用经费",
    ]
    basic = doc.tables[4]
    assert basic.columns[0].path == "部门预算支出经济分类科目/科目代码"
    econ = {r.code: r for r in basic.rows if r.code_kind == "economic"}
    assert econ["30217"].amount("total").value == Decimal("0.15")
    sangong = next(t for t in doc.tables if t.kind == "sangong")
    assert {c.field for c in sangong.columns} >= {"total", "abroad", "vehicle", "vehicle_purchase", "vehicle_operation", "reception"}
    targets = doc.tables[-2]
    assert targets.kind == "project_performance_targets"
    ind = _ind(targets, 428)
    assert ind.value.comparator == "≥" and ind.value.number == Decimal("150") and ind.value_content == "走访企业数量150余家"
    dept = doc.tables[-1]
    assert dept.kind == "department_performance_targets"
    cost = _ind(dept, 467)
    assert (cost.level1, cost.level2, cost.name) == ("产出指标", "成本指标", "运行经费")
    assert cost.value.comparator == "≥" and cost.value.unit == "万元"
    assert _ind(dept, 470).level1 == "效益指标"  # the 满意度 row sits under 效益指标


def test_seed_003_ten_tables_match_toc():
    doc = _doc("003")
    assert doc.year == 2023 and doc.organization == "长沙市工业和信息化局"
    assert len(doc.tables) == 10 and len(doc.toc) == 10
    assert [t.kind for t in doc.tables] == [e.kind for e in doc.toc]
    summary = doc.tables[0]
    assert summary.pages == [171]  # continuation page merged
    assert summary.find_kv("收入总计").amount.value == Decimal("9266.22")
    basic = doc.tables[5]
    assert basic.pages == [314, 339]
    codes = {r.code for r in basic.rows if r.code}
    assert {"301", "302", "303", "30217", "30231", "30399"} <= codes
    income = doc.tables[1]
    sub = next(r for r in income.rows if r.line == 195)
    assert sub.code == "21505"  # 类 filled down into the 款 row
    gov_fund = doc.tables[7]
    assert gov_fund.kind == "government_fund_expense" and gov_fund.is_empty and gov_fund.notes
    projects = doc.tables[8]
    assert len(projects.pages) == 15
    names = [p.name for p in projects.projects]
    assert "派驻纪检监察组办公经费" in names and "离退休人员工作经费" in names
    funds = {p.name: p.funds.value for p in projects.projects if p.funds}
    assert funds["工业和信息化工作经费"] == Decimal("151.95")
    merged = _ind(projects, 396)
    assert merged.name == "评审工作会议次数" and merged.value.number == Decimal("4")
    assert _ind(projects, 449).project == "派驻纪检监察组办公经费"
    assert len(doc.paragraphs) > 30 and any("7095.92" in p.text for p in doc.paragraphs)


def test_seed_004_self_evaluation():
    doc = _doc("004")
    assert doc.year == 2019 and doc.document_type == "绩效自评"
    assert doc.organization == "江夏区科技和经济信息化局"
    untitled = doc.tables[:3]
    assert [t.title for t in untitled] == ["年度目标 1", "年度目标 2", "年度目标 3"]
    assert all(t.kind == "department_performance_targets" for t in untitled)
    evals = [t for t in doc.tables if t.kind == "project_self_evaluation"]
    assert len(evals) == 21
    two_line = next(t for t in evals if t.line == 280)
    assert two_line.title == "2019 江夏区工业企业首次进规奖励专项补助资金 项目资金支出绩效自评表"
    first = evals[0]
    funds = next(r for r in first.rows if r.line == 241)
    assert funds.section == "funds"
    assert funds.amount("budget").value == Decimal("450")
    assert funds.amount("executed").value == Decimal("160.45")
    assert funds.fields["execution_rate"].text == "36%"
    total = next(r for r in first.rows if r.section == "total")
    assert (total.amount("weight").value, total.amount("score").value) == (Decimal("100"), Decimal("89"))
    ind = _ind(first, 249)
    assert ind.actual.number == Decimal("65") and ind.score.value == Decimal("8") and ind.reason
    sat = _ind(first, 254)
    assert sat.level1 == "满意度指标" and sat.value.number == Decimal("95") and sat.value.comparator == "≥"
    shifted = next(t for t in evals if t.line == 598)
    row = next(r for r in shifted.rows if r.line == 605)
    assert row.shifted and row.amount("executed").value == Decimal("611.71")
    cost = _ind(next(t for t in evals if t.line == 501), 519)
    assert (cost.level1, cost.level2) == ("效益指标", "成本指标")


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_positions_lie_inside_the_file(prefix):
    doc = _doc(prefix)
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                line = doc.lines[cell.line - 1]
                assert line[cell.column - 1 : cell.end_column - 1].strip() in (cell.text, cell.text.replace("_", "\\_"), "**" + cell.text + "**") or not cell.text or "\\" in line or "**" in line
