"""I601 missing-value: an indicator with no target value.

An indicator without a target cannot be evaluated: it is the one thing a
绩效目标表 exists to state.  Converter debris is kept out: a row whose name
cell holds the value (shifted left) or whose value sits in another cell of a
re-aligned row is the parser's problem (P902), not a missing value.  When the
parser picked an explanation cell as the value of a re-aligned row while the
指标值 column itself holds ``/``, the ``/`` is the value, and it is missing.
"""

import re
from budgetlint.checklib import INDICATOR_KINDS
from budgetlint.checkutil_icf import (
    header_field,
    is_placeholder,
    looks_like_value,
    other_value_cell,
    value_column_cells,
)
from budgetlint.engine import Check


_PLACEHOLDER_NUMBER = re.compile(r"[XxＸｘ×]{2,}")


class MissingValue(Check):
    code = "I601"
    name = "missing-value"
    severity = "error"
    kinds = INDICATOR_KINDS
    summary = "绩效指标缺少指标值"
    message_zh = "绩效指标“{name}”没有指标值（{shown_zh}）"
    message_en = "indicator “{name}” has no target value ({shown_en})"
    what = (
        "Reports a performance indicator (三级指标) whose target value (指标值/目标值) is "
        "empty or a placeholder such as `/`, `-`, `—`, `无` or `XX`, or only a comparator "
        "(`≥`) with no number."
    )
    why = (
        "A performance target without a value cannot be monitored or evaluated; the "
        "rules on 绩效目标 (财预〔2021〕101号) require every indicator to state a measurable "
        "or at least a qualitative target."
    )
    example_fail = (
        "项目支出绩效目标表\n\n"
        "一级指标\t二级指标\t三级指标\t指标值\n"
        "产出指标\t数量指标\t培训次数\t/\n"
        "\t质量指标\t培训合格率\t≥95%\n"
    )
    example_pass = (
        "项目支出绩效目标表\n\n"
        "一级指标\t二级指标\t三级指标\t指标值\n"
        "产出指标\t数量指标\t培训次数\t≥4次\n"
        "\t质量指标\t培训合格率\t≥95%\n"
    )
    references = ("财预〔2021〕101号 项目支出绩效评价管理办法 附件 绩效指标体系", "DOMAIN.md §4 indicators")

    def check_table(self, table, ctx):
        for ind in table.indicators:
            value = ind.value
            # ``≥XX公里``: a comparator and a unit around a template placeholder is no value either.
            missing = value is None or value.kind == "empty" or _PLACEHOLDER_NUMBER.search(value.raw or "") is not None
            if not missing and not (ind.row.shifted and ind.value_cell is not None and value.kind == "qualitative"):
                continue  # the common case, decided before the (pure) name tests below
            name = (ind.name or "").strip()
            if not name or is_placeholder(name) or looks_like_value(name):
                continue
            if missing:
                if ind.row.shifted and other_value_cell(ind) is not None:
                    continue  # the value is in the row, in the wrong column (P902)
                raw = (value.raw if value is not None else "").strip()
                ctx.report(ind, name=name, value=raw, shown_zh=raw or "空", shown_en=raw or "empty",
                           level1=ind.level1 or "", level2=ind.level2 or "")
                continue
            # A re-aligned row whose 指标值 column holds a placeholder while the
            # parser took an explanation cell (指标解释/指标值内容) as the value.
            if ind.row.shifted and ind.value_cell is not None and value.kind == "qualitative":
                if header_field(table, ind.row, ind.value_cell.index) in (None, "value"):
                    continue
                holder = next((c for c in value_column_cells(table, ind.row) if is_placeholder(c.text)), None)
                if holder is not None:
                    ctx.report(holder, name=name, value=holder.text, shown_zh=holder.text, shown_en=holder.text,
                               level1=ind.level1 or "", level2=ind.level2 or "")
