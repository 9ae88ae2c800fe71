"""R104 code-subtotal: a 类/款 row = the sum of its child code rows, per amount column.

Classification codes nest by prefix: a function 类 (``201``) is the sum of its
款 rows (``20103``), a 款 the sum of its 项 rows (``2010350``); an economic 类
(``301``) the sum of its 款 rows (``30101`` …).  Children are found by code, not
by position, so they may come in any order and on continuation pages.  A run
of code rows is cut at a unit row (``048001``) so that the same code under two
units is never mixed; a code printed twice in one run is ambiguous and skipped.
The 合计 row against the 类 rows is R106's business.
"""

from operator import attrgetter

from budgetlint.checkutil_recon import (
    adds_up, amount_columns, cell_at, check_parts, column_cells, column_name, is_unit_row,
)
from budgetlint.engine import Check
from budgetlint.model import Row


_CODE = attrgetter("code")


def _runs(table) -> list[list[Row]]:
    runs: list[list[Row]] = [[]]
    for row in table.rows:
        if row.section != "data":
            continue
        if row.code_kind in {"function", "economic"} and row.code:
            runs[-1].append(row)
        elif runs[-1] and is_unit_row(row):
            runs.append([])
    return [r for r in runs if r]


class CodeSubtotal(Check):
    code = "R104"
    name = "code-subtotal"
    severity = "error"
    summary = "类/款科目 = 下级科目之和"
    message_zh = "{label}{actual} ≠ 下级科目 {children} 之和 {expected}（{equation}），差 {difference}"
    message_en = "{label}{actual} ≠ the sum of its sub-codes {children} {expected} ({equation}), difference {difference}"
    what = (
        "Checks that each 类 or 款 row of a table with classification codes equals the sum of "
        "its child rows in every amount column: function codes 3 → 5 → 7 digits (201 = Σ 201xx, "
        "20103 = Σ 20103xx) and economic codes 3 → 5 digits (301 = Σ 301xx). Children are the "
        "rows whose code extends the parent's by two digits, wherever they are in the table."
    )
    why = (
        "A 类 or 款 row is by definition the subtotal of the rows beneath it. When it differs, "
        "either a child row is missing or mistyped or the subtotal is wrong, and the function "
        "or economic breakdown no longer explains the budget it claims to break down."
    )
    example_fail = (
        "一般公共预算支出表\n\n金额单位：万元\n\n"
        "科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
        "208\t社会保障和就业支出\t22.92\t22.92\t\n"
        "20805\t行政事业单位养老支出\t22.03\t22.03\t\n"
        "20899\t其他社会保障和就业支出\t0.79\t0.79\t\n"
    )
    example_pass = (
        "一般公共预算支出表\n\n金额单位：万元\n\n"
        "科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
        "208\t社会保障和就业支出\t22.92\t22.92\t\n"
        "20805\t行政事业单位养老支出\t22.03\t22.03\t\n"
        "20899\t其他社会保障和就业支出\t0.89\t0.89\t\n"
    )
    references = (
        "《政府收支分类科目》支出功能分类（类、款、项）",
        "部门预算支出经济分类科目（类、款）",
        "DOMAIN.md §3 identities (function and economic classification)",
    )

    def check_table(self, table, ctx):
        if not any(map(_CODE, table.rows)):
            return  # no classification codes, no subtotals to check
        for run in _runs(table):
            count: dict[str, int] = {}
            for row in run:
                count[row.code] = count.get(row.code, 0) + 1
            children_of: dict[str, list[Row]] = {}
            for row in run:
                if len(row.code) in (5, 7):
                    children_of.setdefault(row.code[:-2], []).append(row)
            for parent in run:
                if len(parent.code) not in (3, 5) or count[parent.code] > 1 or parent.shifted:
                    continue
                children = [r for r in children_of.get(parent.code, []) if r.code_kind == parent.code_kind]
                if not children or any(r.shifted or count[r.code] > 1 for r in children):
                    continue
                self._compare(table, ctx, parent, children)

    def _compare(self, table, ctx, parent, children):
        level = "类" if len(parent.code) == 3 else "款"
        for col in amount_columns(table, parent):
            total = cell_at(parent, col.index)
            cells = column_cells(children, col.index)
            if adds_up(total, cells, blank_as_zero=True):
                continue
            addends = [(r.code, cell) for r, cell in zip(children, cells)]
            check_parts(
                ctx, total, addends, blank_as_zero=True,
                label=f"{level} {parent.code} {parent.label}［{column_name(col)}］",
                children="、".join(r.code for r in children), subject_code=parent.code, column=column_name(col),
            )
