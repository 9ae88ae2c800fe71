"""I608 qualitative-ratio: a ratio indicator with only a qualitative target.

A rate, share or growth (…率, …比例, …增长, …满意度) is measurable by
definition; a target such as ``提高``, ``持续增长`` or ``不低于上年`` cannot be
scored against the actual value.  Informational: some relative targets are
deliberate.  Names that are goal sentences rather than measures
(``促进经济增长``, ``…，提升办事效率``), comparisons (``与上年度相比``) and
efficiencies (``工作效率``) are not reported.
"""

import re

from budgetlint.checklib import INDICATOR_KINDS
from budgetlint.checkutil_icf import bare_name
from budgetlint.engine import Check

_GOAL_VERBS = ("促进", "推动", "推进", "助力", "提升", "提高", "加快", "保障", "确保", "实现", "增强", "加强", "带动")
_NOT_RATIO = ("相比", "对比", "效率")
_CLAUSE_MARK = re.compile(r"[，,；;。]")  # a sentence, not a name
_DIGIT = re.compile(r"\d")


class QualitativeRatio(Check):
    code = "I608"
    name = "qualitative-ratio"
    severity = "info"
    kinds = INDICATOR_KINDS
    summary = "比率类指标只有定性目标"
    message_zh = "比率类指标“{name}”只有定性目标“{value}”，无法按数值考核"
    message_en = "ratio indicator “{name}” has only a qualitative target “{value}”, which cannot be scored"
    what = (
        "Reports an indicator whose name makes it a ratio (ending in 率, 比例, 占比, 满意度, "
        "增长, 增幅 …) but whose target is only words (`提高`, `持续增长`, `不低于上年`), with "
        "no number. Goal sentences, comparisons (…相比) and efficiencies (…效率) are skipped."
    )
    why = (
        "A ratio can be measured, so its target should say how much; a qualitative target on "
        "a ratio cannot be scored at evaluation time and usually means the baseline was not "
        "worked out. Reported as information, since a relative target can be deliberate."
    )
    example_fail = (
        "部门整体支出绩效目标表\n\n（2023年度）\n\n"
        "一级指标\t二级指标\t三级指标\t指标值\n"
        "产出指标\t数量指标\t手工救助信息公开率\t不低于上年\n"
    )
    example_pass = (
        "部门整体支出绩效目标表\n\n（2023年度）\n\n"
        "一级指标\t二级指标\t三级指标\t指标值\n"
        "产出指标\t数量指标\t手工救助信息公开率\t≥95%\n"
        "效益指标\t经济效益指标\t促进经济增长\t增长\n"
    )
    references = ("财预〔2021〕101号 绩效指标（定量指标优先）", "DOMAIN.md §4 indicators")

    def check_table(self, table, ctx):
        for ind in table.indicators:
            v = ind.value
            if v is None or v.kind != "qualitative" or ind.name_kind != "ratio":
                continue
            name = bare_name(ind.name)
            if _CLAUSE_MARK.search(name) or name.startswith(_GOAL_VERBS) or name.endswith(_NOT_RATIO):
                continue
            if _DIGIT.search(v.raw or ""):
                continue  # a number is there, in a shape the value grammar does not read
            ctx.report(ind.value_cell or ind, name=ind.name, value=(v.raw or "").strip())
