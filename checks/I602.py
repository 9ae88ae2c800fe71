"""I602 taxonomy: a 二级指标 not allowed under its 一级指标 for the active profile.

The allowed 二级 per 一级 is a profile (2021 framework: 成本指标 is a 一级;
legacy: 成本指标 under 产出指标).  The legacy placement under the 2021 profile
is accepted with a warning.  One finding per 二级 cell: a 二级 cell filled down
over sixteen rows is one mistake, reported once at the cell, with the count.

Converter debris is not reported: a 二级 equal to its 一级 or a 一级 name in the
二级 column under a filled-down 一级 (a 一级 cell merged across both columns),
rows whose name cell holds a value, fill-down from a page fragment cut loose
between markdown separators, and re-aligned rows whose 二级 is no known
category name.
"""


from budgetlint.checklib import INDICATOR_KINDS
from budgetlint.checkutil_icf import (
    LEVEL1,
    level1_filled_down,
    level_names,
    looks_like_value,
    orphan_lines,
)
from budgetlint import profiles
from budgetlint.engine import Check


class Taxonomy(Check):
    code = "I602"
    name = "taxonomy"
    severity = "error"
    kinds = INDICATOR_KINDS
    summary = "二级指标不属于其一级指标"
    message_zh = "二级指标“{level2}”不属于一级指标“{level1}”（{profile} 框架允许：{allowed}）{note}"
    message_en = "二级指标 “{level2}” is not allowed under 一级指标 “{level1}” ({profile} framework allows: {allowed}){note}"
    what = (
        "Checks each 二级指标 against the 二级 allowed under its 一级指标 by the active "
        "profile: 产出指标 → 数量/质量/时效指标, 成本指标 → 经济/社会/生态环境成本指标, "
        "效益指标 → 经济/社会/生态效益指标 and 可持续影响指标, 满意度指标 → 服务对象满意度指标. "
        "成本指标 as a 二级 under 产出指标 (the pre-2021 placement) is reported as a warning "
        "with evidence placement=legacy; anything else is an error. Reported once per 二级 cell."
    )
    why = (
        "The indicator framework decides how targets are scored and aggregated; an "
        "indicator filed under the wrong 一级 (a satisfaction indicator under 效益指标, a "
        "cost under 效益指标) is evaluated against the wrong weight and hides that a whole "
        "category is missing."
    )
    example_fail = (
        "项目支出绩效目标表\n\n（2023年度）\n\n"
        "一级指标\t二级指标\t三级指标\t指标值\n"
        "产出指标\t数量指标\t培训次数\t≥4次\n"
        "效益指标\t经济双百目标\t网络零售额增长率\t≥5%\n"
        "满意度指标\t服务对象满意度指标\t企业满意度\t≥90%\n"
    )
    example_pass = (
        "项目支出绩效目标表\n\n（2023年度）\n\n"
        "一级指标\t二级指标\t三级指标\t指标值\n"
        "产出指标\t数量指标\t培训次数\t≥4次\n"
        "效益指标\t经济效益指标\t网络零售额增长率\t≥5%\n"
        "满意度指标\t服务对象满意度指标\t企业满意度\t≥90%\n"
    )
    references = (
        "财预〔2021〕101号 绩效指标体系（成本指标为一级指标）",
        "财预〔2015〕88号 中央部门预算绩效目标管理办法",
        "DOMAIN.md §4 indicators",
    )

    def check_table(self, table, ctx):
        profile = ctx.profile
        lookups = None  # built at the first misplaced indicator; most tables have none
        groups: dict[tuple, list] = {}
        judged: dict[tuple, tuple | None] = {}  # (一级, 二级) as printed → canonical pair, None when fine
        for ind in table.indicators:
            pair = (ind.level1, ind.level2)
            names = judged.get(pair, False)  # False: not judged yet (a verdict is a pair or None)
            if names is False:
                names = judged[pair] = _misplaced(level_names(ind, profile), profile)
            if names is None or looks_like_value(ind.name):
                continue
            l1, l2 = names
            if lookups is None:
                lookups = _lookups(ctx.doc, table)
            known2, orphans, rows = lookups
            l2_row = rows.get(ind.level2_cell.line) if ind.level2_cell is not None else ind.row
            l2_row_shifted = bool(l2_row is not None and l2_row.shifted)
            if level1_filled_down(ind) and (
                ind.line in orphans or (ind.level1_cell is not None and ind.level1_cell.line in orphans)
            ):
                continue  # filled down into or out of a page fragment: the context is lost
            legacy = l2 in profile.legacy_placements.get(l1, ())
            if l2 in LEVEL1:
                if l2_row_shifted:
                    continue  # a 一级 cell moved by the converter
                if not legacy and level1_filled_down(ind):
                    continue  # a 一级 cell merged across the 一级 and 二级 columns
            elif l2 not in known2 and l2_row_shifted:
                continue  # not a category name: a re-aligned row
            key = (ind.project, l1, ind.level2_cell.line if ind.level2_cell else ind.line, l2)
            groups.setdefault(key, []).append((ind, legacy))
        for (_, l1, _, l2), members in groups.items():
            first, legacy = members[0]
            at = first.level2_cell or first
            allowed = "、".join(_allowed(profile, l1))
            evidence = dict(
                level1=l1,
                level2="".join((first.level2 or l2).split()),
                canonical=l2,
                name=first.name,
                count=len(members),
                lines=[m.line for m, _ in members],
                profile=profile.name,
                allowed=allowed,
            )
            if legacy:
                evidence.update(placement="legacy", note="；旧框架下的位置，按警告处理")
                if ctx.lang == "en":
                    evidence["note"] = "; the pre-2021 placement, reported as a warning"
            else:
                evidence["note"] = ""
            # The legacy placement is a warning (CHECKS.md "E/W"), the rest errors.
            ctx.report(
                at,
                row_key=f"{first.project}/{l1}/{l2}/{first.name}",
                severity="warning" if legacy else None,
                **evidence,
            )


def _lookups(doc, table):
    """Every 二级 any profile knows, the table's orphan lines, its rows by line."""
    known2 = {x for name in profiles.names() for xs in profiles.get(name).taxonomy.values() for x in xs}
    return known2, orphan_lines(doc, table), {r.line: r for r in table.rows}


def _misplaced(names, profile):
    """The canonical (一级, 二级) when the 二级 is not one the profile allows
    under the 一级, else None (also for a missing or unknown 一级: an unknown
    一级 is converter debris more often than a category)."""
    l1, l2 = names
    if not l1 or not l2 or l1 == l2 or l2 in _allowed(profile, l1) or l1 not in LEVEL1:
        return None
    return names


def _allowed(profile, level1):
    """The 二级 allowed under ``level1``; a 一级 the profile does not list (成本指标
    in a pre-2021 document that already uses the 2021 framework) takes the
    二级 any profile allows under it."""
    if level1 in profile.taxonomy:
        return profile.taxonomy[level1]
    out = []
    for name in profiles.names():
        for x in profiles.get(name).taxonomy.get(level1, ()):
            if x not in out:
                out.append(x)
    return tuple(out)
