"""F803 year-drift: a date or year outside the budget year where the budget year is meant.

Templates are copied from year to year, and the year is the part that gets
forgotten: a 2023 target table whose deadline reads ``2022年12月31日前``, or a
2023 budget whose 一般公共预算支出表 is titled ``2022年…``.  Only places where
the budget year is meant are read: deadlines and periods in 时效指标 targets
(and targets of date-like indicators), and the titles of budget tables.
Indicator *names* (``2022年网络零售额增长率`` names a base year), narrative prose
(actual completion reported in a later year) and actual values of
self-evaluations are not.
"""

import re

from budgetlint.checklib import INDICATOR_KINDS
from budgetlint.checkutil_icf import level_names, table_year
from budgetlint.engine import Check

_YEAR = re.compile(r"((?:19|20)\d{2})\s*(?:年|\.|-|/|全年)")
_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


class YearDrift(Check):
    code = "F803"
    name = "year-drift"
    severity = "warning"
    scope = "document"
    summary = "年份与预算年度不符"
    message_zh = "{where}中的年份 {year} 与预算年度 {budget_year} 不符：{text}"
    message_en = "year {year} in {where_en} differs from the budget year {budget_year}: {text}"
    what = (
        "Reports a deadline or period in a 时效指标 target (or the target of a date-like "
        "indicator such as …完成时间) whose year is not the table's budget year, and a budget "
        "table whose title names another year than the document. Indicator names, prose and "
        "actual values are not read."
    )
    why = (
        "A deadline outside the budget year cannot be the year's target: it is almost always "
        "a template copied from the previous year, and the evaluation will score the project "
        "against a date that has already passed."
    )
    example_fail = (
        "项目支出绩效目标表\n\n（2023年度）\n\n"
        "一级指标\t二级指标\t三级指标\t指标值\n"
        "产出指标\t时效指标\t项目完成时限\t2022年12月31日前\n"
    )
    example_pass = (
        "项目支出绩效目标表\n\n（2023年度）\n\n"
        "一级指标\t二级指标\t三级指标\t指标值\n"
        "产出指标\t时效指标\t项目完成时限\t2023年12月31日前\n"
        "效益指标\t经济效益指标\t2022年网络零售额增长率\t≥5%\n"
    )
    references = ("DOMAIN.md §4 (deadlines in 时效指标 fall within the budget year)",)

    def check_document(self, doc, ctx):
        for table in doc.tables:
            ctx.table = table
            if table.kind in INDICATOR_KINDS:
                self._targets(doc, table, ctx)
            elif doc.document_type in ("部门预算", "部门决算") and doc.year and table.kind != "unknown":
                m = _TITLE_YEAR.search(table.title or "")
                if m and int(m.group(1)) != doc.year:
                    ctx.report(table.title_line or table.line, row_key=table.title, year=int(m.group(1)),
                               budget_year=doc.year, text=table.title, where="表名", where_en="the table title")
        ctx.table = None

    def _targets(self, doc, table, ctx):
        budget_year = table_year(doc, table)
        if budget_year is None:
            return
        for ind in table.indicators:
            v = ind.value
            if v is None or v.kind == "empty":
                continue
            if v.year is None and "19" not in (v.raw or "") and "20" not in (v.raw or ""):
                continue  # no year to differ from the budget year (most targets): skip the level lookup
            if (ind.name_kind not in ("date", "duration") and v.kind not in ("date", "period")
                    and level_names(ind, ctx.profile)[1] != "时效指标"):
                continue
            years = {int(y) for y in _YEAR.findall(v.raw or "")}
            if v.year is not None:
                years.add(v.year)
            off = sorted(y for y in years if y != budget_year)
            if not off or (v.kind == "period" and budget_year in years):
                continue  # a period that spans the budget year (2022.7-2023.6) is fine
            ctx.report(ind.value_cell or ind, year=off[0], budget_year=budget_year, text=(v.raw or "").strip(),
                       name=ind.name, where=f"指标“{ind.name}”的指标值", where_en=f"the target of “{ind.name}”")
