"""X201 cross-table-total: one department figure printed differently in two tables.

The 支出合计, 基本支出, 项目支出 and 收入合计 of a 部门预算 are printed in the
收支总表, the 支出总表, the 收入总表, the 财政拨款收支总表, the 一般公共预算支出表,
the 一般公共预算基本支出表 (its 合计 is the 基本支出) and the 预算情况 block of the
部门整体支出绩效目标表.  They are one figure each; when tables disagree, the
value most tables print is taken as the reference and every other is reported.

General-budget figures are compared with the overall ones only when all of the
department's money is general-budget money (the 收支总表 shows no other income
and the 政府性基金/国有资本/财政专户 tables are empty); otherwise only with each
other.  A file holding several departments' tables (seed 000) is compared
department by department; a 部门整体 table laid out per unit is left out.
"""

from budgetlint.checkutil_cross import MEASURE_ZH, clusters, difference, group_figures
from budgetlint.engine import Check

#: Measures that several tables print for the whole department.
MEASURES = ("total", "income", "basic", "project", "general", "general_income",
            "general_basic", "general_project", "fiscal_total")


class CrossTableTotal(Check):
    code = "X201"
    name = "cross-table-total"
    severity = "error"
    scope = "document"
    summary = "同一数字在不同表中不一致"
    message_zh = "{measure} {value}（{table_title} 第{line}行）与{ref_table}第{ref_line}行的 {ref_value} 不一致，差 {difference}"
    message_en = "{measure} {value} ({table_title}, line {line}) differs from {ref_value} in {ref_table}, line {ref_line}: difference {difference}"
    what = (
        "Compares the department-level figures that several tables of one disclosure print: 支出合计 "
        "(收支总表 本年支出合计, 支出总表 合计, 财政拨款收支总表 本年支出, 一般公共预算支出表 合计, the "
        "资金总额/支出预算合计 of the 部门整体支出绩效目标表), 收入合计, 基本支出 (including the "
        "一般公共预算基本支出表 合计) and 项目支出. The value most tables print is the reference; "
        "every table printing another value is reported at its cell."
    )
    why = (
        "The tables of a 部门预算 are views of one budget: a total that differs between them means a "
        "figure was mistyped or a table was not updated, and readers cannot tell which figure is right."
    )
    example_fail = (
        "收支总表\n\n金额单位：万元\n\n"
        "收入\t\t支出\t\n"
        "项目\t预算数\t项目\t预算数\n"
        "一般公共预算拨款收入\t353.11\t一、基本支出\t175.11\n"
        "\t\t二、项目支出\t178.00\n"
        "本年收入合计\t353.11\t本年支出合计\t353.11\n\n"
        "支出总表\n\n金额单位：万元\n\n"
        "科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
        "\t合计\t335.11\t175.11\t160.00\n"
    )
    example_pass = (
        "收支总表\n\n金额单位：万元\n\n"
        "收入\t\t支出\t\n"
        "项目\t预算数\t项目\t预算数\n"
        "一般公共预算拨款收入\t353.11\t一、基本支出\t175.11\n"
        "\t\t二、项目支出\t178.00\n"
        "本年收入合计\t353.11\t本年支出合计\t353.11\n\n"
        "支出总表\n\n金额单位：万元\n\n"
        "科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
        "\t合计\t353.11\t175.11\t178.00\n"
    )
    references = ("财预〔2016〕143号 地方预决算公开操作规程", "DOMAIN.md §3 identities (the same figure across tables)")

    def check_document(self, doc, ctx):
        for group in group_figures(doc):
            for measure in MEASURES:
                firsts = {}
                for f in group.figures:
                    if f.measure == measure and id(f.table) not in firsts:
                        firsts[id(f.table)] = f
                figures = list(firsts.values())
                if len(figures) < 2:
                    continue
                found = clusters(figures)
                ref = min(found[0], key=figures.index)
                for other in found[1:]:
                    for f in other:
                        ctx.report(
                            f.cell,
                            table=f.table,
                            measure=MEASURE_ZH[measure],
                            value=f.amount.raw,
                            table_title=f.table.title,
                            line=f.cell.line,
                            ref_value=ref.amount.raw,
                            ref_table=ref.table.title,
                            ref_line=ref.cell.line,
                            difference=difference(f.amount, ref.amount),
                            agreeing_tables=len(found[0]),
                        )
