"""U504 unit-column: the 度量单位/计量单位 column contradicts the value or the
indicator's kind.

Tables that split a target into 指标值 + 度量单位 let the two drift apart: a value
printed with its own unit (49.05万) beside a column that says %, or a bare
number whose column unit does not fit the indicator (宣传报道数量 10 百分比,
完成各项任务及时率 12 月).  Only a column cell that holds a recognisable unit is
judged: prose or digits shifted into the column by the converter are left alone,
and so are qualitative values and zero targets.
"""

from budgetlint.checkutil_eu import column_unit, is_quantity, is_zero, money_scale, own_value, same_unit, value_text
from budgetlint.engine import Check
from budgetlint.values import unit_kind

_KIND_ZH = {"count": "数量", "ratio": "比率", "money": "金额"}
_JUDGED = ("count", "ratio", "money", "duration", "area", "date")


class UnitColumn(Check):
    code = "U504"
    name = "unit-column"
    severity = "error"
    kinds = ()
    summary = "度量单位列与指标值或指标类型矛盾"
    message_zh = "{name}：度量单位 {unit_column} {problem_zh}"
    message_en = "{name}: the unit column says {unit_column}, which {problem_en}"
    what = (
        "In indicator tables with a separate 度量单位 / 计量单位 column, reports a column unit "
        "that contradicts the unit printed in the value cell itself (`49.05万` beside `%`), "
        "or, for a bare number, contradicts the indicator's kind read from its name (a "
        "count with 百分比, a rate with 月 or 万元)."
    )
    why = (
        "The unit column is what turns a bare 10 into 10次 or 10%; when it does not fit the "
        "value or the indicator, the target has no reliable meaning and cannot be scored "
        "against the result."
    )
    example_fail = (
        "项目支出绩效目标表\n\n单位：万元\n\n"
        "一级指标\t二级指标\t三级指标\t指标值\t指标值内容\t度量单位\t指标值类型\n"
        "产出指标\t数量指标\t宣传报道数量\t10\t相关报道次数\t百分比\t≥\n"
    )
    example_pass = (
        "项目支出绩效目标表\n\n单位：万元\n\n"
        "一级指标\t二级指标\t三级指标\t指标值\t指标值内容\t度量单位\t指标值类型\n"
        "产出指标\t数量指标\t宣传报道数量\t10\t相关报道次数\t次\t≥\n"
    )
    references = ("财预〔2021〕101号 中央部门项目支出核心绩效目标和指标设置及取值指引", "DOMAIN.md §4 Performance indicators")
    options = {}

    def check_table(self, table, ctx):
        for ind in table.indicators:
            if not ind.unit_text:
                continue  # no 度量单位 cell: column_unit would be None
            col = column_unit(ind)
            if col is None:
                continue
            value = own_value(ind)  # only now: it may parse the value cell again
            if not is_quantity(value):
                continue
            col_kind = unit_kind(col)
            shown = value_text(value, ind.value_cell)
            if value.unit:
                if same_unit(value.unit, col) or (unit_kind(value.unit) == col_kind and money_scale(col) is None):
                    continue
                problem = "value"
                zh = f"与目标值 {shown} 自带的单位 {value.unit} 矛盾"
                en = f"contradicts the unit {value.unit} printed in the value {shown}"
            else:
                if ind.name_kind not in _KIND_ZH or col_kind not in _JUDGED or col_kind == ind.name_kind or is_zero(value):
                    continue
                problem = "kind"
                zh = f"与指标类型不符（{ind.name} 是{_KIND_ZH[ind.name_kind]}指标，目标值 {shown}）"
                en = f"does not fit the indicator, a {ind.name_kind} (target {shown})"
            ctx.report(
                ind.unit_cell or ind,
                name=ind.name,
                unit_column=col,
                unit_column_kind=col_kind,
                value=shown,
                value_unit=value.unit or "",
                name_kind=ind.name_kind,
                conflict=problem,
                problem_zh=zh,
                problem_en=en,
            )
