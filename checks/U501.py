"""U501 count-with-ratio: a count indicator (…数量, …次数, …家数) given as a percentage.

The indicator's kind is read from the ending of its name (indicators.name_kind);
the unit is the one printed in the value cell.  A % taken from a separate
度量单位 column is U504's finding, so one error is not reported twice.  A zero
target (0 in any unit is 0) is not reported.
"""

from budgetlint.checkutil_eu import column_unit, is_quantity, is_zero, own_value, value_text
from budgetlint.engine import Check


class CountWithRatio(Check):
    code = "U501"
    name = "count-with-ratio"
    severity = "error"
    kinds = ()
    summary = "数量指标以百分比表示"
    message_zh = "{name} 是数量指标，目标值 {value} 却以百分比（{unit}）表示"
    message_en = "{name} counts things, but its target {value} is a percentage ({unit})"
    what = (
        "Reports an indicator whose name says it counts things (ending in 数量, 次数, 人数, "
        "家数, 企业数 …) while its target value is printed as a percentage (`≥5%`, `=100%`)."
    )
    why = (
        "A number of enterprises cannot be 5%: either the unit is wrong (5家 was meant) or the "
        "indicator is really a rate and its name is wrong. Either way the target cannot be "
        "evaluated, and the same indicator often appears elsewhere with a count unit."
    )
    example_fail = (
        "项目支出绩效目标表\n\n"
        "一级指标\t二级指标\t三级指标\t目标值\n"
        "效益指标\t社会效益指标\t承接服务外包业务企业数量\t$\\geq 5\\%$\n"
    )
    example_pass = (
        "项目支出绩效目标表\n\n"
        "一级指标\t二级指标\t三级指标\t目标值\n"
        "效益指标\t社会效益指标\t承接服务外包业务企业数量\t≥5家\n"
    )
    references = ("财预〔2021〕101号 中央部门项目支出核心绩效目标和指标设置及取值指引", "DOMAIN.md §4 Performance indicators")
    options = {}

    def check_table(self, table, ctx):
        for ind in table.indicators:
            if ind.name_kind != "count":
                continue
            value = own_value(ind)
            if not is_quantity(value) or value.unit_kind != "ratio" or is_zero(value):
                continue
            ctx.report(
                ind.value_cell or ind,
                name=ind.name,
                value=value_text(value, ind.value_cell),
                unit=value.unit,
                unit_kind=value.unit_kind,
                name_kind=ind.name_kind,
                unit_column=column_unit(ind) or "",
            )
