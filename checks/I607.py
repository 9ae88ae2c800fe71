"""I607 value-vs-content: 指标值 disagrees with 指标值内容 or with 指标值类型.

Tables with 指标值 / 指标值内容 / 度量单位 / 指标值类型 columns state a target
twice, as a number with a comparator and as words; the two must agree.  Three
disagreements are reported: the comparator against the words (``=`` while the
text says ``150余家`` or ``90%以上``; ``≤`` with ``以上``; ``≥`` with ``以内``),
the number against the one number of the same kind the text states (``51个``
vs ``7 个节日``), and the value type against the value (``定量`` with a word
such as ``提高``, ``定性`` with a number).  Dates, years and list numbers in the
text are not compared; texts that state several numbers (a breakdown) are
not compared; re-aligned rows are left to P902.
"""

import re
from decimal import Decimal

from budgetlint.checklib import INDICATOR_KINDS
from budgetlint.engine import Check
from budgetlint.checkutil_icf import normalized
from budgetlint.values import unit_kind

_MORE = re.compile(r"\d\s*(?:%|[^\d\s，。；、,;]{0,3})?\s*(?:余|以上)|(?:不少于|不低于|至少|超过|多于|高于)\s*\d")
_LESS = re.compile(r"\d\s*(?:%|[^\d\s，。；、,;]{0,3})?\s*(?:以内|以下|之内|内)|(?:不超过|不高于|不多于|控制在|少于|低于)\s*\d")
_DATES = re.compile(
    r"(?:19|20)\d{2}\s*[年./-]\s*(?:\d{1,2}\s*[月./-]\s*(?:\d{1,2}\s*日?)?)?|\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?"
    r"|(?:^|(?<=[。；;，,\s]))\d{1,2}\s*[.、．]"
)
_NUMBER = re.compile(r"(\d+(?:\.\d+)?)\s*(%|百分比|万元|亿元|万|元|人次|[个家人次场件项条篇期名所台册批户张种辆])?")
_CMP_TYPES = {"≥", "≤", "=", ">", "<"}


class ValueVsContent(Check):
    code = "I607"
    name = "value-vs-content"
    severity = "warning"
    kinds = INDICATOR_KINDS
    summary = "指标值与指标值内容或指标值类型不一致"
    message_zh = "指标“{name}”的指标值 {value} 与{against}“{text}”不一致：{reason}"
    message_en = "indicator “{name}”: target {value} disagrees with {against_en} “{text}”: {reason_en}"
    what = (
        "In tables with 指标值内容 and 指标值类型 columns, reports a target whose comparator "
        "contradicts the words of 指标值内容 (`=` or `≤` where the text says 余/以上/不少于, "
        "`≥` where it says 以内/不超过), whose number differs from the single number of the "
        "same kind the text states, or whose 指标值类型 contradicts the value (定量 with a "
        "word, 定性 with a number)."
    )
    why = (
        "The 指标值 column is what the evaluation scores and the 指标值内容 what readers "
        "read; when they disagree one of them is wrong, and `=150` where the plan says "
        "`150余家` turns an easy floor into an exact target that is almost never met."
    )
    example_fail = (
        "专项资金支出方向绩效目标表\n\n"
        "一级指标\t二级指标\t三级指标\t指标值\t指标值内容\t度量单位\t指标值类型\n"
        "产出指标\t数量指标\t走访企业数量\t150\t走访企业数量150余家\t家\t=\n"
    )
    example_pass = (
        "专项资金支出方向绩效目标表\n\n"
        "一级指标\t二级指标\t三级指标\t指标值\t指标值内容\t度量单位\t指标值类型\n"
        "产出指标\t数量指标\t走访企业数量\t150\t走访企业数量150余家\t家\t≥\n"
    )
    references = ("财预〔2021〕101号 绩效目标表填报说明（指标值、指标值类型）", "DOMAIN.md §4 indicators")

    def check_table(self, table, ctx):
        for ind in table.indicators:
            v = ind.value
            if v is None or v.kind == "empty" or ind.row.shifted:
                continue
            at = ind.value_cell or ind
            vtype = normalized(ind.value_type) if ind.value_type else ""  # most tables have no 指标值类型
            if vtype == "定量" and v.kind == "qualitative" and not re.search(r"\d", v.raw):
                ctx.report(at, against="指标值类型", against_en="指标值类型", text=vtype,
                           reason="定量指标的指标值是文字", reason_en="a quantitative type with a word as value",
                           **_common(ind, vtype))
                continue
            if vtype == "定性" and v.kind == "quantitative" and v.unit:
                ctx.report(at, against="指标值类型", against_en="指标值类型", text=vtype,
                           reason="定性指标的指标值是数量", reason_en="a qualitative type with a quantity as value",
                           **_common(ind, vtype))
                continue
            if v.kind != "quantitative" or v.number is None or not ind.value_content:
                continue
            content = ind.value_content.strip()
            if not content:
                continue
            problem = _comparator_conflict(v.comparator, content) or _number_conflict(v, content)
            if problem:
                reason, reason_en = problem
                ctx.report(at, against="指标值内容", against_en="指标值内容", text=content,
                           reason=reason, reason_en=reason_en, **_common(ind, vtype))


def _common(ind, vtype) -> dict:
    """The evidence every finding of this check carries (built only to report)."""
    return dict(name=ind.name, value=ind.value.raw.strip(), value_type=vtype,
                content=(ind.value_content or "").strip())


def _comparator_conflict(cmp: str | None, text: str):
    t = normalized(text)
    more, less = _MORE.search(t), _LESS.search(t)
    if cmp in ("=", "≤", "<") and more and not less:
        return (f"指标值类型为“{cmp}”，内容却写明“{more.group(0)}”（下限）",
                f"comparator “{cmp}” but the text says “{more.group(0)}” (a floor)")
    if cmp in ("≥", ">") and less and not more:
        return (f"指标值类型为“{cmp}”，内容却写明“{less.group(0)}”（上限）",
                f"comparator “{cmp}” but the text says “{less.group(0)}” (a ceiling)")
    return None


def _number_conflict(v, text: str):
    t = _DATES.sub(" ", normalized(text))
    found = {}
    for m in _NUMBER.finditer(t):
        found.setdefault(Decimal(m.group(1)), m.group(2))
    if len(found) != 1:
        return None
    number, unit = next(iter(found.items()))
    if unit is None:
        return None
    same_kind = unit_kind("%" if unit == "百分比" else unit) == v.unit_kind or unit == (v.unit or "")
    if not same_kind or number == v.number:
        return None
    return (f"内容中的数值为 {number}{unit}", f"the text states {number}{unit}")
