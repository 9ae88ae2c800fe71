"""U502 ratio-with-count: a ratio indicator (…率, …满意度, …占比) given in a count
or money unit, or as a bare number.

The kind comes from the name's ending (indicators.name_kind), the unit from the
value cell.  A bare number counts only when no 度量单位 column supplies a unit
(a unit taken from that column, or one that contradicts it, is U504's finding);
a unit column holding debris (a digit, prose) leaves the value undecided.  A
zero target is not reported (0 is 0 in any unit), nor a name ending in a bare
增长/增加 with a count or money unit: ``企业数量增长 ≥5家`` is an absolute increase.
"""

from budgetlint.checkutil_eu import column_is_blank, is_quantity, is_zero, own_value, value_text
from budgetlint.checkutil_icf import bare_name
from budgetlint.engine import Check

_ABSOLUTE = ("增长", "增加")
_PROBLEM = {
    "count": ("使用了数量单位 {unit}", "uses the count unit {unit}"),
    "money": ("使用了金额单位 {unit}", "uses the money unit {unit}"),
    "none": ("没有单位（应为 %）", "has no unit (a % is expected)"),
}


class RatioWithCount(Check):
    code = "U502"
    name = "ratio-with-count"
    severity = "error"
    kinds = ()
    summary = "比率指标使用数量或金额单位，或缺少 %"
    message_zh = "{name} 是比率指标，目标值 {value} {problem_zh}"
    message_en = "{name} is a ratio, but its target {value} {problem_en}"
    what = (
        "Reports an indicator whose name says it is a ratio (ending in 率, 满意度, 比例, 占比, "
        "比重, 增长率 …) while its target is printed with a count unit (`≥10次`), a money unit, "
        "or as a bare number with no % and no 度量单位 column to supply one (`≤100`)."
    )
    why = (
        "A pass rate of 10 times cannot be measured against a result in percent: the target "
        "is either mistyped or belongs to another indicator. A bare number leaves the reader "
        "to guess whether 100 means 100% or 100 of something."
    )
    example_fail = (
        "部门整体支出绩效目标表\n\n"
        "一级指标\t二级指标\t三级指标\t目标值\n"
        "产出指标\t质量指标\t培训合格率\t≥10次\n"
    )
    example_pass = (
        "部门整体支出绩效目标表\n\n"
        "一级指标\t二级指标\t三级指标\t目标值\n"
        "产出指标\t质量指标\t培训合格率\t≥95%\n"
    )
    references = ("财预〔2021〕101号 中央部门项目支出核心绩效目标和指标设置及取值指引", "DOMAIN.md §4 Performance indicators")
    options = {"report_bare_numbers": True}

    def check_table(self, table, ctx):
        for ind in table.indicators:
            if ind.name_kind != "ratio":
                continue
            value = own_value(ind)
            if not is_quantity(value) or is_zero(value):
                continue
            kind = value.unit_kind
            if kind == "none":
                if not ctx.option("report_bare_numbers") or not column_is_blank(ind) or value.unit:
                    continue
            elif kind not in ("count", "money") or bare_name(ind.name).endswith(_ABSOLUTE):
                continue
            zh, en = _PROBLEM[kind]
            ctx.report(
                ind.value_cell or ind,
                name=ind.name,
                value=value_text(value, ind.value_cell),
                unit=value.unit or "",
                unit_kind=kind,
                name_kind=ind.name_kind,
                problem_zh=zh.format(unit=value.unit),
                problem_en=en.format(unit=value.unit),
            )
