"""P901 unknown-table: a table whose kind is not recognised.

Table kinds come from title keywords (``data/table_kinds.toml`` plus the
``table-aliases`` of the configuration).  A table none of them matches is still
parsed — its rows, codes and totals are read generically — but the checks that
apply to a kind skip it.  Reported as information so that users can add an
alias for a regional title (``政府采购预算表``) instead of losing its checks
silently.
"""

from budgetlint.engine import Check


class UnknownTable(Check):
    code = "P901"
    name = "unknown-table"
    severity = "info"
    kinds = ("unknown",)
    summary = "无法识别表的种类"
    message_zh = "无法识别表“{title}”的种类：按通用表格解析，按表种类的检查不适用（可在配置 table-aliases 中添加别名）"
    message_en = "table “{title}” is of no known kind: parsed generically, kind-specific checks skip it (add a table-aliases entry)"
    what = (
        "Reports each table whose title matches no known table kind (收支总表, 支出总表, "
        "三公, 绩效目标表 …) nor a configured alias. The table is parsed generically; the "
        "checks that apply to specific kinds do not run on it."
    )
    why = (
        "Regional titles vary; a table the linter cannot classify escapes every kind-specific "
        "check, and an auditor should know which parts of the document were not checked, or "
        "add an alias so that they are."
    )
    example_fail = (
        "政府采购预算表\n\n金额单位：万元\n\n"
        "项目\t采购品目\t金额\n办公设备\t台式计算机\t12.00\n"
    )
    example_pass = (
        "一般公共预算支出表\n\n金额单位：万元\n\n"
        "科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
        "201\t一般公共服务支出\t12.00\t12.00\t\n"
    )
    references = ("data/table_kinds.toml (table kinds and aliases)", "DOMAIN.md §2 (titles vary)")

    def check_table(self, table, ctx):
        ctx.report(table.title_line or table.line, row_key=table.title or "", title=table.title or "（无标题）",
                   rows=len(table.rows))
