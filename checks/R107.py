"""R107 rounding-only: a sum that misses only within rounding."""

from budgetlint.engine import Check


class RoundingOnly(Check):
    code = "R107"
    name = "rounding-only"
    severity = "info"
    scope = "document"
    summary = "仅因四舍五入产生的尾差"
    message_zh = "{label}{actual} 与 {expected} 相差 {difference}，在四舍五入允许范围 ±{allowance} 内（{rule}）"
    message_en = "{label}{actual} differs from {expected} by {difference}, within the rounding allowance ±{allowance} ({rule})"
    what = (
        "Reports a sum checked by another rule (R101–R106, S301, S302 …) that is not exact "
        "but misses only within rounding: each printed amount stands for ± half a unit of "
        "its last decimal, and the intervals of the total and of the sum still meet."
    )
    why = (
        "Printed figures are rounded, so a sum of n printed values may miss the printed "
        "total by up to n half-units. Such a miss is not an error (XBRL Calculations 1.1), "
        "but an auditor may want to see it; it never fails CI."
    )
    example_fail = (
        "支出总表\n\n金额单位：万元\n\n"
        "科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
        "210\t卫生健康支出\t15.76\t6.45\t9.32\n"
    )
    example_pass = (
        "支出总表\n\n金额单位：万元\n\n"
        "科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
        "210\t卫生健康支出\t15.77\t6.45\t9.32\n"
    )
    references = ("XBRL Calculations 1.1 (interval arithmetic)", "DOMAIN.md §3 Rounding")

    def check_document(self, doc, ctx):
        # Findings of this code are produced by the arithmetic of other checks
        # (Context.check_sum); selecting or ignoring R107 shows or hides them.
        return None
