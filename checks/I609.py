"""I609 range-target: a range (``3-10``) where a single target is expected.

A target is one number with a comparator; a range leaves open which end the
project commits to, and at evaluation any result inside it scores the same.
Periods (``2019.1.1-2019.12.31``, ``2023年1月-12月``) are time spans, not ranges,
and are not reported; ranges in an indicator's name are not values.
"""

from budgetlint.checklib import INDICATOR_KINDS
from budgetlint.engine import Check


class RangeTarget(Check):
    code = "I609"
    name = "range-target"
    severity = "warning"
    kinds = INDICATOR_KINDS
    summary = "指标值为区间而非单一目标"
    message_zh = "指标“{name}”的指标值是区间 {value}，应给出带 ≥、≤ 或 = 的单一目标值"
    message_en = "indicator “{name}” has a range {value} as target; give one target with ≥, ≤ or ="
    what = (
        "Reports an indicator whose target value is a numeric range such as `3-10`, `5-10次` "
        "or `4-6`, instead of one number with a comparator. Date periods are not ranges."
    )
    why = (
        "With a range the commitment is unclear (three or ten?), and any result inside it "
        "scores the same; the target-setting rules ask for a single value with ≥, ≤ or = so "
        "that completion can be measured."
    )
    example_fail = (
        "项目支出绩效目标表\n\n（2023年度）\n\n"
        "一级指标\t二级指标\t三级指标\t指标值\n"
        "产出指标\t数量指标\t中小企业专场公益服务\t3-10\n"
    )
    example_pass = (
        "项目支出绩效目标表\n\n（2023年度）\n\n"
        "一级指标\t二级指标\t三级指标\t指标值\n"
        "产出指标\t数量指标\t中小企业专场公益服务\t≥3项\n"
        "\t时效指标\t资金到位时效\t2023.1.1-2023.12.31\n"
    )
    references = ("财预〔2021〕101号 绩效目标表填报说明（指标值）", "DOMAIN.md §4 indicators")

    def check_table(self, table, ctx):
        for ind in table.indicators:
            v = ind.value
            if v is None or v.kind != "range":
                continue
            low = format(v.low, "f") if v.low is not None else ""
            ctx.report(ind.value_cell or ind, name=ind.name, value=v.raw.strip(), low=low,
                       high=format(v.high, "f") if v.high is not None else "")
