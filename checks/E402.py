"""E402 execution-rate: the printed 执行率 ≠ 全年执行数 / 全年预算.

The rate is recomputed from the two printed figures and compared at the rate's
own printed precision (36% stands for 35.5%–36.5%), with the rounding of the
figures themselves allowed for (compare_ratio), so only a rate no rounding can
explain is reported.  Truncation (91.8% printed as 91%) is accepted by default.
"""

from decimal import ROUND_FLOOR, Decimal

from budgetlint.arithmetic import MISMATCH, compare_ratio
from budgetlint.checkutil_eu import DENOMINATOR_LABEL, HUNDRED, amount_of, denominator, fmt, funds_rows, rate_percent
from budgetlint.engine import Check


class ExecutionRate(Check):
    code = "E402"
    name = "execution-rate"
    severity = "error"
    kinds = ()
    summary = "执行率与执行数/预算数不符"
    message_zh = "{label}执行率 {actual} ≠ 全年执行数 {executed} / {denominator_zh} {budget} = {expected}"
    message_en = "{label}execution rate {actual} ≠ executed {executed} / {denominator_en} {budget} = {expected}"
    what = (
        "Recomputes 执行率 = 全年执行数 / 全年预算 (or the denominator the profile names) in "
        "the funds block of a self-evaluation table and compares it with the printed rate "
        "at the rate's printed precision, allowing for the rounding of both figures."
    )
    why = (
        "The execution rate drives the execution score and is quoted in the narrative; a "
        "rate that does not follow from the printed figures means one of the three numbers "
        "is wrong, and the score computed from it is wrong too."
    )
    example_fail = (
        "2019 示例项目支出绩效自评表\n\n"
        "项目资金 (万元)\t\t年初预算数\t全年预算\t全年执行数\t分值\t执行率\t得分\n"
        "\t年度资金总额\t450\t450\t160.45\t10\t63%\t6.3\n"
    )
    example_pass = (
        "2019 示例项目支出绩效自评表\n\n"
        "项目资金 (万元)\t\t年初预算数\t全年预算\t全年执行数\t分值\t执行率\t得分\n"
        "\t年度资金总额\t450\t450\t160.45\t10\t36%\t3.6\n"
    )
    references = ("财预〔2020〕10号 项目支出绩效评价管理办法（自评表）", "DOMAIN.md §5 Self-evaluation",
                  "XBRL Calculations 1.1 (interval arithmetic)")
    options = {"truncation_ok": True}

    def check_table(self, table, ctx):
        wanted = getattr(ctx.profile, "execution_denominator", "budget") or "budget"
        for row in funds_rows(table):
            field, budget = denominator(row, wanted)
            executed = amount_of(row, "executed")
            printed = amount_of(row, "execution_rate")
            if printed is None or executed is None or budget is None or budget.value == 0:
                continue
            rate = rate_percent(printed)
            result = compare_ratio(rate, executed, budget, percent=True)
            if result.status != MISMATCH:
                continue
            exact = executed.value / budget.value * HUNDRED
            q = Decimal(1).scaleb(-rate.decimals)
            if ctx.option("truncation_ok") and exact.quantize(q, rounding=ROUND_FLOOR) == rate.value:
                continue
            ctx.report(
                row.fields["execution_rate"],
                label=f"{row.label.strip()} " if row.label else "",
                actual=printed.raw,
                expected=f"{format(result.expected, 'f')}%",
                exact=fmt(exact, rate.decimals + 2),
                difference=result.difference,
                executed=executed.value,
                budget=budget.value,
                denominator=field,
                denominator_zh=DENOMINATOR_LABEL.get(field, (field, field))[0],
                denominator_en=DENOMINATOR_LABEL.get(field, (field, field))[1],
            )
