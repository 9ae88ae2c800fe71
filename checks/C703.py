"""C703 table-unit: a money table without a declared unit.

Amounts are in 万元 by custom, but not always (some tables are in 元, some
regions print 千元); a money table must say which (``金额单位：万元``).  A unit
written into the title, the header or the first cells (``预算数（万元）``) is a
declaration too.  Only money tables are judged; an empty table is judged as
well, since its unit still tells readers how to read zero.
"""

from budgetlint.checklib import MONEY_KINDS
from budgetlint.checkutil_cross import lazy_pattern
from budgetlint.engine import Check

_UNIT_NOTE = lazy_pattern(r"[（(\[【]\s*(?:单位\s*[:：])?\s*(?:万元|元|千元|亿元)\s*[)）\]】]|单位\s*[:：]\s*(?:万元|元|千元|亿元)")


class TableUnit(Check):
    code = "C703"
    name = "table-unit"
    severity = "warning"
    kinds = MONEY_KINDS + ("special_account_expense", "state_capital_expense")
    summary = "金额表没有注明金额单位"
    message_zh = "金额表“{title}”没有注明金额单位（如“金额单位：万元”）"
    message_en = "money table “{title}” does not declare its unit (e.g. 金额单位：万元)"
    what = (
        "Reports a money table (收支总表, 支出总表, 一般公共预算支出表, 三公 …) that declares "
        "no unit: no `金额单位：万元` / `单位：万元` line, and no `（万元）` in its title, "
        "header or first rows."
    )
    why = (
        "Without a unit the same figure can be read as 元 or 万元, a factor of ten thousand; "
        "readers and the cross-table and unit checks (S304, U505) need the unit to compare "
        "amounts."
    )
    example_fail = (
        "支出总表\n\n"
        "科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
        "201\t一般公共服务支出\t422.78\t373.85\t48.93\n"
    )
    example_pass = (
        "支出总表\n\n金额单位：万元\n\n"
        "科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
        "201\t一般公共服务支出\t422.78\t373.85\t48.93\n"
    )
    references = ("财预〔2016〕143号 地方预决算公开操作规程（公开表格式）", "DOMAIN.md §1 amounts in 万元")

    def check_table(self, table, ctx):
        if table.unit:
            return
        texts = [table.title] + [c.path for header in table.headers for c in header]
        texts += list(table.meta.values()) + [n.text for n in table.notes]
        for row in table.rows[:3]:
            texts += [c.text for c in row.cells]
        for n in table.header_lines:
            texts.append(ctx.doc.line_text(n))
        if any(_UNIT_NOTE().search(t or "") for t in texts):
            return
        ctx.report(table.title_line or table.line, row_key=table.title, title=table.title)
