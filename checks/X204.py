"""X204 project-funds: a project's funds printed differently in two places.

A project's money appears several times: the 专项资金预算汇总表 (its total is the
department's 项目支出), the project's row in a 项目支出绩效目标表 (whose 合计 is
the 项目支出 too), the funds block of its target or self-evaluation table
(年度资金总额 / 全年预算 / 年度本级预算金额), and its own total-cost indicator
(投入成本, 项目总成本: a project-level cost equals the project's budget).
Each pair that names the same thing is compared, rounding-aware; a unit's row
of the 专项资金预算汇总表 (the unit's project total) is not a project.

Indicator rows printed after a markdown rule with no header between (page
fragments the parser attaches to the previous project) are not attributed to
any project.  Part-costs are X205's concern, not this check's.
"""

from budgetlint.checkutil_cross import (
    clusters,
    difference,
    group_figures,
    is_total_cost,
    name_key,
    projects_of,
    same_amount,
    same_org,
    special_fund_rows,
    special_fund_total,
)
from budgetlint.checklib import INDICATOR_KINDS, may_have_label
from budgetlint.engine import Check

_TOTALS = ("合计", "总计")


class ProjectFunds(Check):
    code = "X204"
    name = "project-funds"
    severity = "error"
    scope = "document"
    summary = "项目资金前后不一致"
    message_zh = "{project}：{what} {value} 与{source} {expected} 不一致，差 {difference}"
    message_en = "{project}: {what} {value} differs from {expected} in {source}, difference {difference}"
    what = (
        "Compares a project's funds wherever they are printed: the 专项资金预算汇总表 and a "
        "项目支出绩效目标表's 合计 against the department's 项目支出; a project's row of the "
        "专项资金预算汇总表 against its target table; and a project's total-cost indicator "
        "(投入成本, 项目总成本) against the project's budget (全年预算, 资金总额, 年度资金总额)."
    )
    why = (
        "A project's budget is one figure: a target table or a cost indicator that states another "
        "amount means the targets were set for a different budget than the one approved."
    )
    example_fail = (
        "2019 江夏区瞪羚计划项目资金支出绩效自评表\n\n"
        "项目名称\t\t2019 江夏区瞪羚计划项目\t\t\t\t\t\t\n"
        "项目资金 (万元)\t\t年初预算数\t全年预算\t全年执行数\t分值\t执行率\t得分\t\n"
        "\t年度资金总额\t480\t480\t480\t10\t100%\t10\t\n"
        "绩效指标\t一级指标\t二级指标\t三级指标\t指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n"
        "\t产出指标\t数量指标\t申报企业数\t40 家\t47 家\t20\t20\t\n"
        "\t\t成本指标\t投入成本\t500 万\t500 万\t20\t20\t\n"
    )
    example_pass = (
        "2019 江夏区瞪羚计划项目资金支出绩效自评表\n\n"
        "项目名称\t\t2019 江夏区瞪羚计划项目\t\t\t\t\t\t\n"
        "项目资金 (万元)\t\t年初预算数\t全年预算\t全年执行数\t分值\t执行率\t得分\t\n"
        "\t年度资金总额\t480\t480\t480\t10\t100%\t10\t\n"
        "绩效指标\t一级指标\t二级指标\t三级指标\t指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n"
        "\t产出指标\t数量指标\t申报企业数\t40 家\t47 家\t20\t20\t\n"
        "\t\t成本指标\t投入成本\t480 万\t480 万\t20\t20\t\n"
    )
    references = ("财预〔2021〕101号 项目支出绩效评价管理办法", "DOMAIN.md §3–§4 (project funds, 投入成本)")

    def check_document(self, doc, ctx):
        special: dict[str, tuple] = {}
        for group in group_figures(doc):
            projects = group.of("project", "general_project")
            for table in group.tables:
                if table.kind == "special_fund_summary":
                    total = special_fund_total(table)
                    for row in special_fund_rows(table):
                        if not (doc.organization and same_org(row[0], doc.organization)):  # a unit's row
                            special.setdefault(name_key(row[0]), (*row, table))
                elif table.kind == "project_performance_targets" and table.projects:
                    kv = table.find_kv(*_TOTALS) if may_have_label(table, _TOTALS) else None
                    total = None if kv is None else (kv.amount, kv.cell)
                else:
                    continue
                if total is None or not projects or any(same_amount(total[0], f.amount) for f in projects):
                    continue
                ref = clusters(projects)[0][0]
                ctx.report(total[1], table=table, project=table.title, what="合计", value=total[0].raw,
                           source=f"{ref.table.title}第{ref.cell.line}行的项目支出", expected=ref.amount.raw,
                           difference=difference(total[0], ref.amount))
        for table in doc.tables:
            if table.kind not in INDICATOR_KINDS:
                continue
            for project in projects_of(doc, table):
                self._project(doc, ctx, table, project, special)

    def _project(self, doc, ctx, table, project, special):
        funds, cell = project.funds, project.funds_cell
        if funds is None or cell is None:
            return
        row = special.get(name_key(project.name)) if table.kind != "department_performance_targets" else None
        if row is not None and not same_amount(funds, row[1]):
            ctx.report(cell, table=table, project=project.name, what="资金", value=funds.raw,
                       source=f"{row[4].title}第{row[2].line}行", expected=row[1].raw,
                       difference=difference(funds, row[1]))
        for cost in project.costs:
            ind = cost.indicator
            if not is_total_cost(ind, table) or same_amount(cost.amount, funds):
                continue
            ctx.report(cost.cell, table=table, project=project.name, what=f"成本指标“{ind.name}”",
                       value=ind.value_cell.text if ind.value_cell else cost.amount.raw,
                       source=f"{project.funds_label}（第{cell.line}行）", expected=funds.raw,
                       difference=difference(cost.amount, funds), indicator=ind.name)
