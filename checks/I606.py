"""I606 duplicate-indicator: the same indicator twice in one table with different values.

Within one table (and one project, when the table lists several) and one
一级指标, an indicator name should appear once; two rows with the same name and different targets
leave the reader to guess which target counts.  The same name with the same
target is a harmless repetition (a row repeated across a page break) and is
not reported.  Names are compared without spaces and full-width forms.
"""

from collections import Counter

from budgetlint.checklib import INDICATOR_KINDS
from budgetlint.checkutil_icf import LEVEL1, is_placeholder, level_names, looks_like_value, name_key, normalized
from budgetlint.engine import Check


class DuplicateIndicator(Check):
    code = "I606"
    name = "duplicate-indicator"
    severity = "warning"
    kinds = INDICATOR_KINDS
    summary = "同一指标在同一表中重复出现且指标值不同"
    message_zh = "指标“{name}”在本表{where}重复出现，指标值不同：{value} 与第 {first_line} 行的 {first_value}"
    message_en = "indicator “{name}” appears twice{where_en} with different targets: {value} and {first_value} on line {first_line}"
    what = (
        "Reports an indicator (三级指标) whose name appears a second time under the same "
        "一级指标 of the same table — in the same project when the table lists several — with "
        "a different target value. An output and the cost of the same activity (same name "
        "under 产出指标 and 成本指标) are two indicators and are not reported."
    )
    why = (
        "Two targets for one indicator make the target set ambiguous: the evaluation cannot "
        "tell which one the project committed to, and one of them is usually a copy-paste "
        "left over from another project or year."
    )
    example_fail = (
        "项目支出绩效目标表\n\n（2023年度）\n\n"
        "一级指标\t二级指标\t三级指标\t指标值\n"
        "产出指标\t数量指标\t医疗救助资金使用率\t≥85%\n"
        "\t\t医疗救助工作培训\t≥1次\n"
        "\t\t医疗救助资金使用率\t>90%\n"
    )
    example_pass = (
        "项目支出绩效目标表\n\n（2023年度）\n\n"
        "一级指标\t二级指标\t三级指标\t指标值\n"
        "产出指标\t数量指标\t医疗救助资金使用率\t≥85%\n"
        "\t\t医疗救助工作培训\t≥1次\n"
    )
    references = ("财预〔2021〕101号 绩效指标体系", "DOMAIN.md §4 indicators")

    def check_table(self, table, ctx):
        """Names printed once in their 一级 are set aside before the name tests
        (is_placeholder, looks_like_value): those parse the name with the value
        grammar, and a name with no second row to differ from cannot be
        reported, nor be the first row of another.  A table whose keys are
        all distinct (most) is done after the first pass."""
        categories: dict[tuple, str] = {}  # (一级, 二级) as printed → the category: once per pair
        several = None  # whether the table lists several projects: asked at a finding only
        keys: list[tuple | None] = []  # per indicator: its key, None when it is not compared
        for ind in table.indicators:
            name, value = ind.name, ind.value
            if value is None or value.kind == "empty" or not name or not name.strip():
                keys.append(None)
                continue  # an empty value is I601's business
            pair = (ind.level1, ind.level2)
            category = categories.get(pair)
            if category is None:
                category = categories[pair] = _category(ind, ctx.profile)
            keys.append((ind.project, category, name_key(name)))
        count = Counter(keys)
        if len(count) - (None in count) == len(keys) - count[None]:
            return  # no key twice
        seen: dict[tuple, object] = {}
        for key, ind in zip(keys, table.indicators):
            if key is None:
                continue
            name = ind.name
            if count[key] == 1 or is_placeholder(name) or looks_like_value(name):
                continue
            first = seen.get(key)
            if first is None:
                seen[key] = ind
                continue
            if _same(first.value, ind.value):
                continue
            if several is None:
                several = len({i.project for i in table.indicators}) > 1
            ctx.report(
                ind.value_cell or ind,
                name=name,
                value=ind.value.raw.strip(),
                first_value=first.value.raw.strip(),
                first_line=first.line,
                project=ind.project or "",
                where=f"（项目“{ind.project}”）" if several and ind.project else "",
                where_en=f" in project “{ind.project}”" if several and ind.project else "",
            )


def _category(ind, profile) -> str:
    """The 一级 the indicator effectively sits under: an output and the cost of the
    same activity (``政策宣讲 ≥4次`` / ``政策宣讲 53.5万元``) are two indicators."""
    l1, l2 = level_names(ind, profile)
    return l2 if l2 in LEVEL1 else (l1 or "")


def _same(a, b) -> bool:
    if a.kind in ("quantitative", "range") and a.kind == b.kind:
        return (a.comparator or "=") == (b.comparator or "=") and a.number == b.number and a.low == b.low \
            and a.high == b.high and (a.unit or "") == (b.unit or "")
    return "".join(normalized(a.raw).split()) == "".join(normalized(b.raw).split())
