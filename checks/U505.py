"""U505 amount-unit: an amount's unit contradicts the table's declared unit.

A money table declares its unit once (金额单位：万元, 项目资金 (万元)); an amount
cell that carries its own unit must agree with it.  ``49.05万`` in a 万元 table
is consistent (万 = 万元); ``3000元`` is not: either the figure is 10 000 times
too large for the table or the unit is wrong.  Indicator target values are not
amounts of the table (a 补助标准 of 110元/人 is legitimately in 元) and are left
to U503/U504; narrative figures belong to X202/S304.
"""

from budgetlint.checklib import label_text, row_texts
from budgetlint.checkutil_eu import amount_unit, declared_unit, money_scale
from budgetlint.engine import Check

_SKIP_SECTIONS = ("indicators", "total")


def _may_hold_unit(row_text: str) -> bool:
    """Every money unit (元 万元 万 千元 亿元 亿) has one of 元 万 亿: a row
    without them (most rows: plain numbers) has no amount with its own unit."""
    return "元" in row_text or "万" in row_text or "亿" in row_text


class AmountUnit(Check):
    code = "U505"
    name = "amount-unit"
    severity = "error"
    kinds = ()
    summary = "金额单位与表格声明的单位不符"
    message_zh = "{value} 的单位 {unit} 与表格声明的金额单位 {table_unit} 不符（折合 {converted}{table_unit}）"
    message_en = "{value} is in {unit}, but the table declares its amounts in {table_unit} (that is {converted} {table_unit})"
    what = (
        "In a table that declares its money unit (金额单位：万元, a header such as 项目资金 "
        "(万元)), reports an amount cell that carries its own money unit at another scale: "
        "`3000元` or `1.29元` in a 万元 table, `49.05万` in a 元 table."
    )
    why = (
        "Every amount of a table is read in the declared unit. A cell in 元 inside a 万元 "
        "table is ten thousand times off when summed or compared with other tables, so the "
        "totals and the cross-table checks built on it go wrong."
    )
    example_fail = (
        "支出总表\n\n金额单位：万元\n\n"
        "科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
        "201\t一般公共服务支出\t3000元\t3000元\t\n"
    )
    example_pass = (
        "支出总表\n\n金额单位：万元\n\n"
        "科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
        "201\t一般公共服务支出\t49.05万\t49.05\t\n"
    )
    references = ("财预〔2016〕143号 地方预决算公开操作规程（公开表格式）", "DOMAIN.md §1 The documents")
    options = {}

    def check_table(self, table, ctx):
        declared = declared_unit(table)
        if declared is None:
            return
        scale = money_scale(declared)
        # One test of the whole table first (label_text keeps every 元 万 亿 of an
        # amount): nearly half the money tables have no unit in any row.
        rows = zip(table.rows, row_texts(table)) if _may_hold_unit(label_text(table)) else ()
        cells = [c for r, text in rows if r.section not in _SKIP_SECTIONS and _may_hold_unit(text) for c in r.cells]
        cells += [p.funds_cell for p in table.projects if p.funds_cell is not None]
        seen = set()  # a project's funds cell may also be a cell of its row: report once
        for cell in cells:
            found = amount_unit(cell.text)
            if found is None or (cell.line, cell.column) in seen:
                continue
            seen.add((cell.line, cell.column))
            amount, unit = found
            own = money_scale(unit)
            if own == scale:
                continue
            converted = amount.value * own / scale
            ctx.report(
                cell,
                value=cell.text,
                unit=unit,
                table_unit=declared,
                converted=format(converted.normalize(), "f"),
                ratio=format((own / scale).normalize(), "f"),
            )
