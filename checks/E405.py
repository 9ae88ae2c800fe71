"""E405 execution-score: the execution score ≠ min(执行率, 100%) × 分值.

The usual scoring rule gives the execution-rate item its 分值 times the rate,
capped at 100%.  The printed rate (or, when none is printed, 执行数 / 预算) is
read as the interval its rounding allows, and the score may be rounded or
truncated at its own printed precision: 92% × 10 = 9.2 printed as 9 is fine,
36% × 10 printed as 10 is not.
"""

from decimal import Decimal

from budgetlint.checkutil_eu import HUNDRED, amount_of, denominator, fmt, funds_rows, rate_percent
from budgetlint.engine import Check


class ExecutionScore(Check):
    code = "E405"
    name = "execution-score"
    severity = "warning"
    kinds = ()
    summary = "执行率得分不等于 min(执行率, 100%) × 分值"
    message_zh = "{label}执行率得分 {actual} ≠ min({rate}, 100%) × 分值 {weight} = {expected}"
    message_en = "{label}execution score {actual} ≠ min({rate}, 100%) × weight {weight} = {expected}"
    what = (
        "In the funds block of a self-evaluation table, checks that the 得分 of the execution "
        "rate equals min(执行率, 100%) × 分值, allowing for the rounding of the printed rate "
        "and for the score being rounded or truncated to its printed precision."
    )
    why = (
        "Budget execution is scored mechanically: a project that spent 36% of its budget "
        "earns 3.6 of 10 points. A full score for a low rate, or a cut for a rate above "
        "100% that the rule caps at full marks, misstates the evaluation result."
    )
    example_fail = (
        "2019 示例项目支出绩效自评表\n\n"
        "项目资金 (万元)\t\t年初预算数\t全年预算\t全年执行数\t分值\t执行率\t得分\n"
        "\t年度资金总额\t450\t450\t160.45\t10\t36%\t10\n"
    )
    example_pass = (
        "2019 示例项目支出绩效自评表\n\n"
        "项目资金 (万元)\t\t年初预算数\t全年预算\t全年执行数\t分值\t执行率\t得分\n"
        "\t年度资金总额\t450\t450\t160.45\t10\t36%\t3.6\n"
    )
    references = ("财预〔2020〕10号 项目支出绩效评价管理办法（预算执行率评分）", "DOMAIN.md §5 Self-evaluation")
    options = {}

    def check_table(self, table, ctx):
        wanted = getattr(ctx.profile, "execution_denominator", "budget") or "budget"
        for row in funds_rows(table):
            weight, score = amount_of(row, "weight"), amount_of(row, "score")
            if weight is None or score is None or weight.unit not in (None, "分") or score.unit not in (None, "分"):
                continue
            printed = amount_of(row, "execution_rate")
            _, budget = denominator(row, wanted)
            executed = amount_of(row, "executed")
            if printed is not None:
                rate = rate_percent(printed)
                half = rate.half_unit()
                lo, hi, shown = rate.value - half, rate.value + half, printed.raw
            else:
                if budget is None or executed is None or budget.value <= 0:
                    continue
                exact = executed.value / budget.value * HUNDRED
                lo = hi = exact
                shown = f"{fmt(exact)}%"
            cap = lambda r: min(max(r, Decimal(0)), HUNDRED) / HUNDRED * weight.value  # noqa: E731
            e_lo, e_hi = cap(lo), cap(hi)
            # rounded: x in [s - h, s + h); truncated: x in [s, s + 1 unit)
            h = score.half_unit()
            if e_hi >= score.value - h and e_lo < score.value + 2 * h:
                continue
            mid = cap(rate.value) if printed is not None else e_lo
            ctx.report(
                row.fields["score"],
                label=f"{row.label.strip()} " if row.label else "",
                actual=score.value,
                expected=fmt(mid),
                rate=shown,
                weight=weight.value,
                difference=fmt(score.value - mid),
                executed=executed.value if executed else "-",
                budget=budget.value if budget else "-",
            )
