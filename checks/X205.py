"""X205 cost-over-funds: a project's cost indicators add up to more than its funds.

The 成本指标 of a project (wherever the profile puts them: 一级 成本指标 or the
legacy 产出指标/成本指标) state what parts of the project may cost; together
they cannot exceed the project's funds (年度资金总额, 申请金额, 全年预算, a
unit's 资金总额 in a 部门整体 table).  Only amounts count: ratios (成本控制率),
per-unit standards (…补助标准, 元/人, 生均) and floors (≥) are not totals.  A
project whose only cost indicator is its total cost (投入成本) is X204's concern.
Indicators from rows printed after a markdown rule with no header (page
fragments of uncertain project) are left out.
"""

from budgetlint import arithmetic
from budgetlint.checkutil_cross import fmt, in_wan, is_total_cost, projects_of
from budgetlint.checklib import INDICATOR_KINDS
from budgetlint.engine import Check


class CostOverFunds(Check):
    code = "X205"
    name = "cost-over-funds"
    severity = "warning"
    scope = "document"
    summary = "成本指标合计超过项目资金"
    message_zh = "{project}：成本指标合计 {total} 万元（{count} 项）超过资金 {funds} 万元，超出 {difference} 万元"
    message_en = "{project}: cost indicators total {total} (10k yuan, {count} items), above the funds {funds}, by {difference}"
    what = (
        "Adds up the money targets of a project's cost indicators (in 万元, leaving out ratios, "
        "per-unit standards and ≥ floors) and reports when the sum exceeds the project's funds "
        "(年度资金总额, 申请金额, 全年预算, or a unit's 资金总额 in a 部门整体 table)."
    )
    why = (
        "Cost targets are ceilings on the parts of the project: if they add up to more than the "
        "money the project has, the targets cannot all be met and were not set against the budget."
    )
    example_fail = (
        "专项资金绩效目标表\n\n"
        "项目名称\t培训专项\t\t\n"
        "项目资金 (万元)\t年度资金总额\t10\t\n"
        "一级指标\t二级指标\t三级指标\t指标值\n"
        "成本指标\t经济成本指标\t培训费用\t≤6万元\n"
        "\t\t宣传费用\t≤6万元\n"
        "产出指标\t数量指标\t培训场次\t≥4场\n"
    )
    example_pass = (
        "专项资金绩效目标表\n\n"
        "项目名称\t培训专项\t\t\n"
        "项目资金 (万元)\t年度资金总额\t10\t\n"
        "一级指标\t二级指标\t三级指标\t指标值\n"
        "成本指标\t经济成本指标\t培训费用\t≤6万元\n"
        "\t\t宣传费用\t≤4万元\n"
        "\t\t生均培训补助标准\t≤500元/人\n"
        "产出指标\t数量指标\t培训场次\t≥4场\n"
    )
    references = ("财预〔2021〕101号 (成本指标)", "DOMAIN.md §4 (cost indicators within the project's funds)")

    def check_document(self, doc, ctx):
        for table in doc.tables:
            if table.kind not in INDICATOR_KINDS:
                continue
            for project in projects_of(doc, table):
                if project.funds is None or project.funds_cell is None:
                    continue
                parts = [c for c in project.costs if not is_total_cost(c.indicator, table)]
                if not parts:
                    continue
                funds = in_wan(project.funds, "元" if table.unit == "元" else "万元")
                result = arithmetic.compare_sum(funds, [c.amount for c in parts])
                if result.status != arithmetic.MISMATCH or result.expected <= funds.value:
                    continue
                ctx.report(
                    project.funds_cell,
                    table=table,
                    project=project.name,
                    total=fmt(result.expected),
                    count=len(parts),
                    funds=project.funds.raw,
                    difference=fmt(result.expected - funds.value),
                    costs=[{"indicator": c.indicator.name, "value": fmt(c.amount.value), "line": c.cell.line}
                           for c in parts],
                )
