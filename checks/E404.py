"""E404 score-total: 总分 ≠ the sum of the 得分 shown; 分值 not summing to the total.

Whether the execution-rate score (funds block) is part of 总分 varies: some
tables give the indicators 100 points and keep 执行率 apart, others give the
indicators 90 and add the 10 of 执行率.  The 总分 row's own 分值 says which;
when it cannot (no 分值 printed) either reading is accepted.  Indicator rows
that share one merged 分值 cell have empty cells, which add nothing.
"""

from decimal import Decimal

from budgetlint.checkutil_eu import amount_of, funds_rows, total_row, weight_scores
from budgetlint.engine import Check


class ScoreTotal(Check):
    code = "E404"
    name = "score-total"
    severity = "error"
    kinds = ()
    summary = "总分与各项得分（分值）之和不符"
    message_zh = "总分行{column_zh} {actual} ≠ 各项{column_zh}之和 {expected}（{equation}）"
    message_en = "the 总分 row's {column} {actual} ≠ the sum of the {column}s shown {expected} ({equation})"
    what = (
        "In a self-evaluation table, checks that the 总分 row's 得分 equals the sum of the "
        "indicator 得分 (plus the execution-rate 得分 when the 总分 counts it), and that its "
        "分值 equals the sum of the indicator 分值 (likewise)."
    )
    why = (
        "The total score decides the grade (优 良 中 差) of the evaluation. A total that is "
        "not the sum of the scores shown means a score was changed without updating the "
        "total, or an indicator was dropped; weights that do not add up to the stated total "
        "make every score in the table incomparable."
    )
    example_fail = (
        "2019 示例项目支出绩效自评表\n\n"
        "绩效指标\t一级指标\t二级指标\t三级指标\t指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n"
        "\t产出指标\t数量指标\t申报企业数\t40 家\t47 家\t60\t60\t\n"
        "\t满意度指标\t满意度指标\t受惠企业满意度\t95%\t96%\t40\t36\t\n"
        "总分\t\t\t\t\t\t100\t98\t\n"
    )
    example_pass = (
        "2019 示例项目支出绩效自评表\n\n"
        "绩效指标\t一级指标\t二级指标\t三级指标\t指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n"
        "\t产出指标\t数量指标\t申报企业数\t40 家\t47 家\t60\t60\t\n"
        "\t满意度指标\t满意度指标\t受惠企业满意度\t95%\t96%\t40\t38\t\n"
        "总分\t\t\t\t\t\t100\t98\t\n"
    )
    references = ("财预〔2020〕10号 项目支出绩效评价管理办法（评分规则）", "DOMAIN.md §5 Self-evaluation")
    options = {}

    def check_table(self, table, ctx):
        total = total_row(table)
        if total is None or not table.indicators:
            return
        weights, scores = [], []
        for ind, w, s in weight_scores(table):
            if w.amount is not None:
                weights.append(w.amount)
            if s.amount is not None:
                scores.append(s.amount)
        if not scores and not weights:
            return
        exec_w = exec_s = None
        for row in funds_rows(table):
            exec_w, exec_s = amount_of(row, "weight"), amount_of(row, "score")
            if exec_w is not None or exec_s is not None:
                break
        total_w, total_s = amount_of(total, "weight"), amount_of(total, "score")
        sum_w = sum((a.value for a in weights), Decimal(0))
        with_exec = None  # does 总分 count the execution score? None = undecided
        if total_w is None and weights and len(weights) == len(table.indicators):
            # No 分值 printed on the 总分 row: the profile's total decides
            # (all of it for the indicators, or all but the execution rate's 分值).
            full = Decimal(ctx.profile.score_total)
            allowed = {full} | ({full - exec_w.value} if exec_w is not None else set())
            if sum_w not in allowed:
                shown = [a.raw for a in weights]
                ctx.report(
                    total.fields.get("score") or total,
                    column="weight", column_zh="分值", actual=full, expected=sum_w,
                    difference=full - sum_w, equation=f"{' + '.join(shown)} = {sum_w}",
                    basis=f"profile {ctx.profile.name}: 分值 total {full}",
                )
        if total_w is not None and weights:
            if exec_w is not None and total_w.value == sum_w + exec_w.value != sum_w:
                with_exec = True
            elif total_w.value == sum_w:
                with_exec = False
            else:
                extra = [exec_w] if exec_w is not None else []
                self._report(ctx, total, "weight", total_w, weights, extra)
        if total_s is not None and scores:
            sum_s = sum((a.value for a in scores), Decimal(0))
            options = []
            if with_exec is not True:
                options.append([])
            if with_exec is not False and exec_s is not None:
                options.append([exec_s])
            if not any(total_s.value == sum_s + sum((a.value for a in extra), Decimal(0)) for extra in options):
                self._report(ctx, total, "score", total_s, scores, options[-1] if options else [])

    @staticmethod
    def _report(ctx, total, column, printed, parts, extra):
        expected = sum((a.value for a in parts + extra), Decimal(0))
        shown = [a.raw for a in parts] + [f"{a.raw}（执行率）" for a in extra]
        ctx.report(
            total.fields[column],
            column=column,
            column_zh="分值" if column == "weight" else "得分",
            actual=printed.value,
            expected=expected,
            difference=printed.value - expected,
            equation=" + ".join(shown) + f" = {expected}",
            execution_included=bool(extra),
        )
