"""E403 score-over-max: a 得分 above its 分值.

A score can never exceed the points the item is worth.  Indicator rows, the
execution-rate row of the funds block and the 总分 row are all checked.  Rows
whose 分值/得分 the parser could only half read (a merged 二级指标 cell shifts
every cell left) are read from their last two adjacent numbers instead.
"""

from budgetlint.checkutil_eu import amount_of, funds_rows, total_row, weight_scores
from budgetlint.engine import Check


class ScoreOverMax(Check):
    code = "E403"
    name = "score-over-max"
    severity = "error"
    kinds = ()
    summary = "得分超过分值"
    message_zh = "{item}得分 {score} 超过分值 {weight}"
    message_en = "{item}score {score} is above its maximum {weight}"
    what = (
        "Reports a 得分 (score) larger than its 分值 (the points the item is worth) on an "
        "indicator row of a self-evaluation table, on the execution-rate row of its funds "
        "block, and on the 总分 row."
    )
    why = (
        "Scores are capped by construction: an indicator worth 10 points cannot score 12. "
        "A score above its maximum is a typing error or a shifted column, and it inflates "
        "the total and the grade the project receives."
    )
    example_fail = (
        "2019 示例项目支出绩效自评表\n\n"
        "绩效指标\t一级指标\t二级指标\t三级指标\t指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n"
        "\t产出指标\t数量指标\t申报企业数\t40 家\t47 家\t20\t22\t\n"
    )
    example_pass = (
        "2019 示例项目支出绩效自评表\n\n"
        "绩效指标\t一级指标\t二级指标\t三级指标\t指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n"
        "\t产出指标\t数量指标\t申报企业数\t40 家\t47 家\t20\t20\t\n"
    )
    references = ("财预〔2020〕10号 项目支出绩效评价管理办法（评分规则）", "DOMAIN.md §5 Self-evaluation")
    options = {}

    def check_table(self, table, ctx):
        for ind, w, s in weight_scores(table):
            self._compare(ctx, w.amount, s, f"{ind.name} ")
        for row in funds_rows(table):
            self._compare(ctx, amount_of(row, "weight"), row.fields.get("score"), "执行率")
        total = total_row(table)
        if total is not None:
            self._compare(ctx, amount_of(total, "weight"), total.fields.get("score"), "总分")

    @staticmethod
    def _compare(ctx, weight, score_cell, item):
        score = score_cell.amount if score_cell is not None and score_cell.text else None
        if weight is None or score is None or score.unit not in (None, "分") or weight.unit not in (None, "分"):
            return
        if score.value > weight.value:
            ctx.report(score_cell, item=item, score=score.value, weight=weight.value,
                       excess=score.value - weight.value)
