"""I603 missing-category: an indicator table without a required 一级指标.

产出指标, 效益指标 and 满意度指标 must each hold at least one indicator, and under
the 2021 framework 成本指标 too (the profile's ``required_level1``).  A table
that lists several projects (seed 003's 项目支出绩效目标表) is judged per
project, since each project carries its own target set.  A category counts
when an indicator shows it as its 一级 or writes it in the 二级 column (a merged
一级 cell, or 成本指标 in the legacy placement that I602 already reports).
Category rows with no indicator (``社会成本指标`` and nothing else) do not
count.  A project whose rows include a page fragment cut loose by the
converter may have lost rows, so it is not judged.
"""

from budgetlint.checklib import INDICATOR_KINDS
from budgetlint.checkutil_icf import effective_level1, indicator_groups, orphan_lines
from budgetlint.engine import Check


class MissingCategory(Check):
    code = "I603"
    name = "missing-category"
    severity = "warning"
    kinds = INDICATOR_KINDS
    summary = "绩效指标缺少必备的一级指标"
    message_zh = "{subject}在一级指标 {missing} 下没有任何绩效指标（{profile} 框架要求 {required}）"
    message_en = "{subject_en} has no indicator under: {missing} ({profile} framework requires {required})"
    what = (
        "Reports an indicator table, or a project inside a table that lists several, with "
        "no indicator under one of the 一级指标 the active profile requires: 产出指标, "
        "效益指标 and 满意度指标, plus 成本指标 under the 2021 framework (财预〔2021〕101号). "
        "Empty category rows do not count as indicators."
    )
    why = (
        "A target set without outputs, benefits or satisfaction cannot show what the money "
        "achieves or for whom; the framework makes each 一级 mandatory so that every "
        "project is evaluated on the same dimensions."
    )
    example_fail = (
        "部门整体支出绩效目标表\n\n（2024年度）\n\n"
        "一级指标\t二级指标\t三级指标\t指标值\n"
        "产出指标\t数量指标\t走访企业次数\t≥1000次\n"
        "成本指标\t经济成本指标\t运行经费\t≤353.11万元\n"
        "效益指标\t社会效益指标\t惠企政策知晓率\t≥90%\n"
    )
    example_pass = (
        "部门整体支出绩效目标表\n\n（2024年度）\n\n"
        "一级指标\t二级指标\t三级指标\t指标值\n"
        "产出指标\t数量指标\t走访企业次数\t≥1000次\n"
        "成本指标\t经济成本指标\t运行经费\t≤353.11万元\n"
        "效益指标\t社会效益指标\t惠企政策知晓率\t≥90%\n"
        "满意度指标\t服务对象满意度指标\t企业满意度\t≥88%\n"
    )
    references = ("财预〔2021〕101号 绩效指标体系", "DOMAIN.md §4 indicators")

    def check_table(self, table, ctx):
        required = ctx.profile.required_level1
        groups = indicator_groups(table)
        several = len(groups) > 1
        for project, inds, start, end in groups:
            present: set[str] = set()
            # The 一级 an indicator shows depends on its (一级, 二级) only: one per pair.
            for ind in {(ind.level1, ind.level2): ind for ind in inds}.values():
                present |= effective_level1(ind, ctx.profile)
            missing = [c for c in required if c not in present]
            if not missing:
                continue
            # Asked only now: most groups miss nothing, and the orphan rows need a look at every row.
            if any(start <= n <= end for n in orphan_lines(ctx.doc, table)):
                continue  # a page fragment inside: rows may be lost
            if several and project:
                at = start
                subject, subject_en = f"项目“{project}”", f"project “{project}”"
            else:
                at = table.title_line or table.line
                subject, subject_en = f"“{table.title}”", f"“{table.title}”"
            ctx.report(
                at,
                row_key=f"{project or ''}",
                subject=subject,
                subject_en=subject_en,
                project=project or "",
                missing="、".join(missing),
                present="、".join(c for c in required if c in present),
                profile=ctx.profile.name,
                required="、".join(required),
            )
