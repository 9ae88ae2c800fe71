"""E401 execution-over-100: 执行率 above 100%, or 全年执行数 above 全年预算.

Spending beyond the budget is possible (a supplementary allocation, funds from
another line) but it must be explained; a self-evaluation that prints 325%
without comment is what an auditor asks about first.
"""

from budgetlint.checkutil_eu import DENOMINATOR_LABEL, HUNDRED, amount_of, denominator, fmt, funds_rows, rate_percent
from budgetlint.engine import Check


class ExecutionOver100(Check):
    code = "E401"
    name = "execution-over-100"
    severity = "warning"
    kinds = ()
    summary = "执行率超过 100%（执行数大于预算数）"
    message_zh = "{label}执行率 {rate} 超过 100%（全年执行数 {executed} / {denominator_zh} {budget}），超预算执行需要说明"
    message_en = "{label}execution rate {rate} is above 100% (executed {executed} / {denominator_en} {budget}); spending beyond the budget needs explaining"
    what = (
        "In the funds block of a self-evaluation table (年度资金总额 / 全年预算 / 全年执行数 / "
        "执行率), reports a printed 执行率 above 100%, or a 全年执行数 larger than the budget "
        "it is measured against (全年预算 by default; the profile may name 年初预算数)."
    )
    why = (
        "An execution rate above 100% means money was spent beyond the approved budget. "
        "That can be legitimate (supplementary funds, a second batch from a higher level) "
        "but must be explained, and it often reveals a mistyped figure."
    )
    example_fail = (
        "2019 示例项目支出绩效自评表\n\n"
        "项目资金 (万元)\t\t年初预算数\t全年预算\t全年执行数\t分值\t执行率\t得分\n"
        "\t年度资金总额\t2000\t2000\t6506\t10\t325%\t10\n"
    )
    example_pass = (
        "2019 示例项目支出绩效自评表\n\n"
        "项目资金 (万元)\t\t年初预算数\t全年预算\t全年执行数\t分值\t执行率\t得分\n"
        "\t年度资金总额\t2000\t2000\t2000\t10\t100%\t10\n"
    )
    references = ("财预〔2020〕10号 项目支出绩效评价管理办法（自评表）", "DOMAIN.md §5 Self-evaluation")
    options = {}

    def check_table(self, table, ctx):
        wanted = getattr(ctx.profile, "execution_denominator", "budget") or "budget"
        for row in funds_rows(table):
            field, budget = denominator(row, wanted)
            executed = amount_of(row, "executed")
            rate = amount_of(row, "execution_rate")
            over_rate = rate is not None and rate_percent(rate).value > HUNDRED
            over_amount = executed is not None and budget is not None and executed.value > budget.value
            if not (over_rate or over_amount):
                continue
            if rate is not None:
                shown = rate.raw
            elif budget is not None and budget.value:
                shown = f"{fmt(executed.value / budget.value * HUNDRED)}%"
            else:
                shown = "-"
            at = row.fields.get("execution_rate") if rate is not None else row.fields.get("executed")
            ctx.report(
                at,
                label=f"{row.label.strip()} " if row.label else "",
                rate=shown,
                executed=executed.value if executed else "-",
                budget=budget.value if budget else "-",
                denominator=field,
                denominator_zh=DENOMINATOR_LABEL.get(field, (field, field))[0],
                denominator_en=DENOMINATOR_LABEL.get(field, (field, field))[1],
                excess=(executed.value - budget.value) if executed and budget else "-",
            )
