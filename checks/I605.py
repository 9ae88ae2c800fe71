"""I605 ratio-over-100: a rate of completion, coverage or satisfaction above 100%.

A completion, coverage, qualification or satisfaction rate cannot exceed 100%,
so ``及时率 ≥110%`` (or ``>100%``) is a typo or a misunderstood indicator.  Rates
of change are not capped (``增长率``, ``增速``, ``增幅``, ``数量增长 =100%``), nor
are returns and turnovers; ``≥100%`` and ``=100%`` are fine.
"""

from budgetlint.checklib import INDICATOR_KINDS
from budgetlint.checkutil_icf import bare_name
from budgetlint.engine import Check

#: Name endings of capped ratios: shares and rates of completion/coverage …
_CAPPED = ("率", "满意度", "占比", "比重", "比例")
#: Name endings of ratios that may exceed 100%.
_UNCAPPED = (
    "增长率", "增速", "增幅", "增长", "提升率", "提高率", "增加率", "回报率", "收益率", "利润率",
    "周转率", "带动率", "放大率", "倍增率", "杠杆率", "负债率", "产出率", "投入产出比",
)


class RatioOver100(Check):
    code = "I605"
    name = "ratio-over-100"
    severity = "error"
    kinds = INDICATOR_KINDS
    summary = "完成率、覆盖率、满意度等比率目标超过100%"
    message_zh = "比率指标“{name}”的指标值 {value} 超过100%，该比率不可能超过100%"
    message_en = "ratio indicator “{name}” has target {value}, above 100%, which this rate cannot exceed"
    what = (
        "Reports a rate of completion, coverage, qualification or satisfaction (a name ending "
        "in 率, 满意度, 占比, 比重 or 比例, but not a rate of change such as 增长率, 增速, 增幅) "
        "whose target is above 100%: a number above 100, or `>100%`."
    )
    why = (
        "Nothing can be more than completely done, covered or satisfied: a target above 100% "
        "is a typo or a misread indicator, and it can never be met, so the evaluation of "
        "the project is wrong from the start."
    )
    example_fail = (
        "项目支出绩效目标表\n\n（2023年度）\n\n"
        "一级指标\t二级指标\t三级指标\t指标值\n"
        "产出指标\t时效指标\t资金发放及时率\t≥110%\n"
    )
    example_pass = (
        "项目支出绩效目标表\n\n（2023年度）\n\n"
        "一级指标\t二级指标\t三级指标\t指标值\n"
        "产出指标\t时效指标\t资金发放及时率\t≥100%\n"
        "效益指标\t经济效益指标\t专精特新数量增长\t=100%\n"
    )
    references = ("DOMAIN.md §4 indicators (a ratio above 100% is impossible for a rate of completion)",)

    def check_table(self, table, ctx):
        for ind in table.indicators:
            v = ind.value
            if v is None or v.unit not in ("%", "百分比"):
                continue
            name = bare_name(ind.name)
            if not name.endswith(_CAPPED) or name.endswith(_UNCAPPED):
                continue
            top = v.number if v.kind == "quantitative" else v.high if v.kind == "range" else None
            if top is None:
                continue
            if top > 100 or (top == 100 and v.comparator == ">"):
                ctx.report(ind.value_cell or ind, name=ind.name, value=v.raw.strip(), number=top)
