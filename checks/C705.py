"""C705 level-of-detail: a table not broken down to the level the rules require.

一般公共预算支出表 must show function codes down to 项 (7 digits): a 类 or 款 row
with no 项 rows under it stops too early.  一般公共预算基本支出表 must show the
economic classification down to 款 (5 digits): a ``301`` row with no ``301xx``
rows under it stops too early.  Each such leaf row is reported.  Tables with no
coded rows at all (empty tables, tables the parser could not code) are not
judged.
"""

from budgetlint.engine import Check

_RULES = {
    "general_budget_expense": ("function", 7, "项（7 位功能科目编码）", "项 (7-digit function code)"),
    "general_budget_basic_expense": ("economic", 5, "款（5 位经济科目编码）", "款 (5-digit economic code)"),
}


class LevelOfDetail(Check):
    code = "C705"
    name = "level-of-detail"
    severity = "warning"
    kinds = tuple(_RULES)
    summary = "支出表未细化到规定的科目级次"
    message_zh = "“{row_code} {label}”没有细化到{level}"
    message_en = "“{row_code} {label}” is not broken down to {level_en}"
    what = (
        "In 一般公共预算支出表, reports a function-classification row (类 3 digits or 款 5 "
        "digits) that has no 7-digit 项 rows under it; in 一般公共预算基本支出表, reports an "
        "economic-classification row of 3 digits (301, 302 …) with no 5-digit 款 rows under it."
    )
    why = (
        "The public operating rules require 一般公共预算支出 by function down to 项 and basic "
        "expenditure by economic classification down to 款; a table that stops at 类 hides "
        "what the money is spent on and cannot be reconciled with the detail tables."
    )
    example_fail = (
        "一般公共预算支出表\n\n金额单位：万元\n\n"
        "科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
        "\t合计\t22.92\t22.92\t\n"
        "208\t社会保障和就业支出\t22.92\t22.92\t\n"
        "20805\t行政事业单位养老支出\t22.92\t22.92\t\n"
    )
    example_pass = (
        "一般公共预算支出表\n\n金额单位：万元\n\n"
        "科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
        "\t合计\t22.92\t22.92\t\n"
        "208\t社会保障和就业支出\t22.92\t22.92\t\n"
        "20805\t行政事业单位养老支出\t22.92\t22.92\t\n"
        "2080505\t机关事业单位基本养老保险缴费支出\t22.92\t22.92\t\n"
    )
    references = ("财预〔2016〕143号 地方预决算公开操作规程（功能分类到项、经济分类到款）", "DOMAIN.md §2 tables")

    def check_table(self, table, ctx):
        code_kind, depth, level, level_en = _RULES[table.kind]
        rows = [r for r in table.rows if r.code and r.code_kind == code_kind and r.code.isdigit()]
        codes = [r.code for r in rows]
        if not rows:
            return
        for row in rows:
            if len(row.code) >= depth:
                continue
            if any(c != row.code and c.startswith(row.code) for c in codes):
                continue  # it has children; the children are judged themselves
            at = row.get("code") or row
            ctx.report(at, row_code=row.code, label=row.label or "", level=level, level_en=level_en, depth=depth)
