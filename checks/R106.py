"""R106 column-total: a 合计/总计 row = the sum of the rows it totals, per amount column.

What a total row adds up depends on the table: with classification codes it is
the top-level code rows (the 类 rows, or whatever level is the highest printed:
seed 002's detail tables list only 项 rows; seed 003's basic-expense table has
its 301/302/303 rows on continuation pages); without codes it is the detail
rows, but only where those are known to be flat (三公 table, 专项资金预算汇总表,
or every row carrying a unit code): rows named 一般公共服务支出 / 事业运行
without codes may nest, and summing them would double count.  Unit rows
(``048`` / ``048001``) are subtotals of a unit and are left out; of rows with
unit codes only the innermost are detail rows (``048`` totals ``048001``).
Two-sided summary tables (收支总表, 财政拨款收支总表) are R103's business.
"""

from budgetlint.arithmetic import MISMATCH, compare_sum
from budgetlint.checkutil_recon import (
    adds_up, amount_columns, cell_at, check_parts, column_cells, column_name, money,
)
from budgetlint.engine import Check, table_precision
from budgetlint.tables import normalize_label

_SKIP_KINDS = {
    "income_expense_summary", "fiscal_appropriation_summary", "toc", "unknown",
    "project_performance_targets", "department_performance_targets",
    "project_self_evaluation", "department_self_evaluation",
}


#: Tables whose uncoded body rows are flat (units, projects), never nested.
_FLAT_KINDS = {"sangong", "special_fund_summary"}


def _unit_code(row) -> str | None:
    for key in ("unit_code", "code", "economic_code"):
        cell = row.fields.get(key)
        if cell is not None and cell.text.replace("\\_", "").strip("_").isdigit():
            return cell.text.replace("\\_", "").strip("_")
    return None


def _detail_rows(table, total_row):
    rows = [r for r in table.rows if r.section == "data" and r is not total_row and r.header_index == total_row.header_index]
    coded = [r for r in rows if r.code_kind in {"function", "economic"} and r.code]
    if coded:
        kind = "function" if any(r.code_kind == "function" for r in coded) else "economic"
        coded = [r for r in coded if r.code_kind == kind]
        codes = {r.code for r in coded}
        top = [r for r in coded if not any(r.code[:n] in codes for n in range(3, len(r.code), 2))]
        return top, "code"
    detail = [r for r in rows if r.code_kind != "total" and any(money(c) is not None for c in r.cells)]
    units = {u for u in (_unit_code(r) for r in detail) if u}
    if table.kind not in _FLAT_KINDS and (not detail or len(units) == 0 or any(not _unit_code(r) for r in detail)):
        return [], "rows"  # named rows without codes may nest (类/款/项 by name only): not summed
    leaves = []
    for r in detail:
        u = _unit_code(r)
        if u and any(o != u and o.startswith(u) for o in units):
            continue  # a unit subtotal (048 over 048001)
        leaves.append(r)
    return leaves, "rows"


class ColumnTotal(Check):
    code = "R106"
    name = "column-total"
    severity = "error"
    summary = "合计/总计行 = 所合计各行之和"
    message_zh = "{label}{actual} ≠ {rows} 之和 {expected}（{equation}），差 {difference}"
    message_en = "{label}{actual} ≠ the sum of {rows} {expected} ({equation}), difference {difference}"
    what = (
        "Checks that a 合计/总计 row equals, in every amount column, the sum of the rows it "
        "totals: the top-level classification rows (类 rows, or the highest level printed) "
        "wherever they are in the table, including continuation pages, or the detail rows of "
        "a table without codes; unit subtotal rows (048, 048001) are left out."
    )
    why = (
        "The total row is the figure every other table and the narrative repeat. If it is not "
        "the sum of the rows above it, a row was dropped or added on some page, or the total "
        "was typed by hand, and the published breakdown does not explain the published total."
    )
    example_fail = (
        "一般公共预算基本支出表\n\n单位：万元\n\n"
        "科目代码\t科目名称\t合计\t人员经费\t公用经费\n"
        "301\t工资福利支出\t156.08\t156.08\t\n"
        "302\t商品和服务支出\t19.03\t\t19.03\n"
        "合计\t\t185.11\t156.08\t29.03\n"
    )
    example_pass = (
        "一般公共预算基本支出表\n\n单位：万元\n\n"
        "科目代码\t科目名称\t合计\t人员经费\t公用经费\n"
        "301\t工资福利支出\t156.08\t156.08\t\n"
        "302\t商品和服务支出\t19.03\t\t19.03\n"
        "合计\t\t175.11\t156.08\t19.03\n"
    )
    references = ("财预〔2016〕143号 地方预决算公开操作规程", "DOMAIN.md §3 identities (合计 = Σ 类)")

    def check_table(self, table, ctx):
        if table.kind in _SKIP_KINDS:
            return
        totals = [
            r for r in table.rows
            if r.section == "data" and r.code_kind == "total" and not r.shifted
            and any(normalize_label(c.text) in {"合计", "总计"} for c in r.cells[:5])
        ]
        for total_row in totals:
            rows, how = _detail_rows(table, total_row)
            if how == "rows" and len(rows) > 1:
                # A unit row without a code may precede its projects: try without
                # the rows that merely repeat the total.
                alt = [r for r in rows if not _repeats(total_row, r, table)]
                if alt and alt != rows and self._reconciles(table, total_row, alt) and not self._reconciles(table, total_row, rows):
                    rows = alt
            if not rows or any(r.shifted for r in rows):
                continue
            names = "、".join(r.code or r.label for r in rows)
            if len(names) > 60:
                names = names[:57] + "…"
            for col in amount_columns(table, total_row):
                total = cell_at(total_row, col.index)
                cells = column_cells(rows, col.index)
                if adds_up(total, cells, blank_as_zero=(how == "code")):
                    continue
                addends = [(r.code or r.label, cell) for r, cell in zip(rows, cells)]
                check_parts(
                    ctx, total, addends, blank_as_zero=(how == "code"),
                    label=f"合计［{column_name(col)}］", rows=names, column=column_name(col),
                )

    @staticmethod
    def _reconciles(table, total_row, rows) -> bool:
        precision = table_precision(table)
        for col in amount_columns(table, total_row):
            total = money(cell_at(total_row, col.index))
            parts = [money(c) for c in column_cells(rows, col.index)]
            parts = [a for a in parts if a is not None]
            if total is None or not parts:
                continue
            if compare_sum(total, parts, precision).status == MISMATCH:
                return False
        return True


def _repeats(total_row, row, table) -> bool:
    """The row shows the same amount as the total row in every column."""
    same = False
    for col in amount_columns(table, total_row):
        t, r = money(cell_at(total_row, col.index)), money(cell_at(row, col.index))
        if (t is None) != (r is None) or (t is not None and t.value != r.value):
            return False
        same = same or t is not None
    return same
