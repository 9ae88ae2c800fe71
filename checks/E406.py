"""E406 score-vs-result: a target not met but scored in full, or met but not in
full without a 偏差原因.

Only results that can be compared without judgement are judged: a quantitative
target and a measured actual in the same unit (100人 → 65人), or identical
qualitative words.  ``增长明显`` → ``增长较明显`` is the evaluator's judgement and
is left alone, as is an "actual" that merely restates a bound (满意度 95% 以上):
it says the target was met but not by how much.  Direction: ≥/> are floors,
≤/< ceilings; a money target without a comparator (投入成本 450万) is the
planned amount, met only when spent as planned; other bare targets are floors.
"""

from budgetlint.checkutil_eu import is_quantity, same_unit, value_text, weight_scores
from budgetlint.engine import Check
from budgetlint.checkutil_icf import normalized

_PROBLEM = {
    "not-met-full": ("未达到目标却得满分", "the target was not met yet it scored full marks"),
    "met-not-full": ("已达到目标却被扣分且未说明偏差原因", "the target was met yet points were deducted with no reason given"),
}


class ScoreVsResult(Check):
    code = "E406"
    name = "score-vs-result"
    severity = "warning"
    kinds = ()
    summary = "得分与目标完成情况不符"
    message_zh = "{name}：目标 {target}，实际 {actual}，{problem_zh}（得分 {score}/{weight}）"
    message_en = "{name}: target {target}, actual {actual}; {problem_en} (score {score}/{weight})"
    what = (
        "On indicator rows of a self-evaluation table, compares the 实际完成值 with the 指标值 "
        "where that needs no judgement (two quantities in the same unit, or identical "
        "words) and reports a target not met that still scored its full 分值, or a target "
        "met that lost points while the 偏差原因 column is empty."
    )
    why = (
        "Scores must follow results: full marks for a missed target overstate performance, "
        "and a deduction for a met target without a stated reason cannot be audited. Both "
        "undermine the self-evaluation that budget allocation relies on."
    )
    example_fail = (
        "2019 示例项目支出绩效自评表\n\n"
        "绩效指标\t一级指标\t二级指标\t三级指标\t指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n"
        "\t产出指标\t数量指标\t符合补贴条件的大学生人数\t100 人\t65 人\t10\t10\t\n"
    )
    example_pass = (
        "2019 示例项目支出绩效自评表\n\n"
        "绩效指标\t一级指标\t二级指标\t三级指标\t指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n"
        "\t产出指标\t数量指标\t符合补贴条件的大学生人数\t100 人\t65 人\t10\t8\t有些大学生放弃了申报\n"
    )
    references = ("财预〔2020〕10号 项目支出绩效评价管理办法（偏差原因分析）", "DOMAIN.md §5 Self-evaluation")
    options = {"bound_actual_is_result": False}

    def check_table(self, table, ctx):
        for ind, w, s in weight_scores(table):
            if ind.value is None or ind.actual is None:
                continue
            weight, score = w.amount, s.amount
            met = self._met(ind, ctx.option("bound_actual_is_result"))
            if met is None:
                continue
            full = score.value >= weight.value
            if not met and full:
                situation = "not-met-full"
            elif met and not full and not (ind.reason or "").strip():
                situation = "met-not-full"
            else:
                continue
            ctx.report(
                s,
                name=ind.name,
                target=value_text(ind.value, ind.value_cell),
                actual=value_text(ind.actual, ind.actual_cell),
                score=score.value,
                weight=weight.value,
                situation=situation,
                problem_zh=_PROBLEM[situation][0],
                problem_en=_PROBLEM[situation][1],
                name_kind=ind.name_kind,
            )

    @staticmethod
    def _met(ind, bound_ok):
        t, a = ind.value, ind.actual
        if t.kind == "qualitative" and a.kind == "qualitative":
            same = normalized(t.raw).replace(" ", "") == normalized(a.raw).replace(" ", "")
            return True if same else None
        if not is_quantity(t) or a.kind != "quantitative" or a.number is None:
            return None
        if a.comparator not in (None, "=") and not bound_ok:
            return None
        if not same_unit(t.unit, a.unit):
            return None
        x = a.number
        if t.kind == "range":
            return t.low is not None and t.high is not None and t.low <= x <= t.high
        goal = t.number
        if goal is None:
            return None
        money = ind.name_kind == "money" or t.unit_kind == "money" or "成本" in (ind.level2 or "")
        cmp = t.comparator
        if cmp in ("≥", None, "=") and not (money and cmp in (None, "=")):
            return x >= goal
        if cmp == ">":
            return x > goal
        if cmp == "≤":
            return x <= goal
        if cmp == "<":
            return x < goal
        return x == goal  # a planned amount: 投入成本 450万
