"""U503 money-unit: a money indicator (…成本, …费用, …经费, …资金) with a non-money unit.

The kind comes from the name's ending (indicators.name_kind, whose money group
also lists 租金, 工资, 支出, 预算 …), the unit from the value cell.  A bare number is
not reported: the table's 金额单位 supplies the unit.  A unit taken from the
度量单位 column is U504's finding.
"""

from budgetlint.checkutil_eu import is_quantity, own_value, value_text
from budgetlint.engine import Check


class MoneyUnit(Check):
    code = "U503"
    name = "money-unit"
    severity = "error"
    kinds = ()
    summary = "金额指标使用非金额单位"
    message_zh = "{name} 是金额指标，目标值 {value} 却使用了非金额单位 {unit}"
    message_en = "{name} is an amount of money, but its target {value} uses the non-money unit {unit}"
    what = (
        "Reports an indicator whose name says it is an amount of money (ending in 成本, 费用, "
        "经费, 资金, 金额, 租金, 补助标准 …) while its target carries a unit that is not money: "
        "a count, a percentage, an area, a duration."
    )
    why = (
        "A cost or a rent measured in square metres or in items cannot be compared with the "
        "funds of the project, so the cost indicators no longer control spending; usually "
        "the wrong indicator name was copied or the amount was left out."
    )
    example_fail = (
        "2019 示例项目支出绩效自评表\n\n"
        "绩效指标\t一级指标\t二级指标\t三级指标\t指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n"
        "\t产出指标\t数量指标\t服务超市租金\t660 平米\t660 平米\t20\t20\t\n"
    )
    example_pass = (
        "2019 示例项目支出绩效自评表\n\n"
        "绩效指标\t一级指标\t二级指标\t三级指标\t指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n"
        "\t产出指标\t成本指标\t服务超市租金\t108 万\t108 万\t20\t20\t\n"
    )
    references = ("财预〔2021〕101号 中央部门项目支出核心绩效目标和指标设置及取值指引", "DOMAIN.md §4 Performance indicators")
    options = {}

    def check_table(self, table, ctx):
        for ind in table.indicators:
            if ind.name_kind != "money":
                continue
            value = own_value(ind)
            if not is_quantity(value) or value.unit_kind in ("money", "none"):
                continue
            ctx.report(
                ind.value_cell or ind,
                name=ind.name,
                value=value_text(value, ind.value_cell),
                unit=value.unit,
                unit_kind=value.unit_kind,
                name_kind=ind.name_kind,
            )
