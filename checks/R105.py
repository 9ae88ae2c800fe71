"""R105 row-parts: a row's 合计/小计/总计 column = the sum of its component columns.

The identities come from the header tree, not from a list of column names: a
column whose last header part is 小计/合计/总计 totals the other columns under
the same parent (``基本支出/小计`` = 工资福利支出 + 对个人和家庭的补助 + 公用经费),
and a top-level 合计/总计 column totals the top-level groups, each group
counted once (by its own 小计 when it has one, never together with its parts;
``其中`` columns are never added).  Ambiguous headers (duplicate paths, a group
with ``其中`` columns but no 小计, two partitions side by side) are skipped.
合计 = 基本支出 + 项目支出 is R101's identity and is not reported again here;
the 三公 table's identities are S301/S302's.
"""

from operator import attrgetter

from budgetlint.checkutil_recon import (
    adds_up, check_parts, column_name, header_tree, money, node_value, parts_of,
)
from budgetlint.engine import Check, table_precision
from budgetlint.model import Amount
from budgetlint.arithmetic import MISMATCH, compare_sum

_R101_KINDS = {
    "expense_summary", "general_budget_expense", "government_fund_expense", "state_capital_expense",
    "special_account_expense", "income_summary", "department_performance_targets", "project_performance_targets",
}
_R101_FIELDS = {"basic", "project", "operating", "remit", "subsidiary"}
_SKIP_KINDS = {
    "sangong", "income_expense_summary", "toc", "unknown",
    "project_performance_targets", "department_performance_targets",
    "project_self_evaluation", "department_self_evaluation",
}
_TOTAL_NAMES = {"小计", "合计", "总计"}
_SECTION = attrgetter("section")


def _identities(table, columns):
    """(total column, [part columns]) for every 小计/合计/总计 column of a header."""
    tree = header_tree(columns)
    if tree is None:
        return []
    out = []
    stack = [tree]
    while stack:
        node = stack.pop()
        stack.extend(c for c in node.children if c.children)
        agg = node.aggregate
        if agg is None or agg.name not in _TOTAL_NAMES:
            continue
        parts, fields = [], set()
        for child in node.parts():
            value = node_value(child)
            if value is None:
                parts = None
                break
            parts.extend(value)
            fields.add(value[0].field if len(value) == 1 else None)
        if not parts:
            continue
        if table.kind in _R101_KINDS and fields <= _R101_FIELDS and fields & {"basic", "project"}:
            continue  # 合计 = 基本支出 + 项目支出 (+ …) is R101
        out.append((agg.column, parts))
    return out


def _two_partitions(total, parts, precision) -> bool:
    """The parts add up to twice the total: two breakdowns side by side."""
    t = money(total)
    amounts = [money(c) for c in parts if money(c) is not None]
    if t is None or not amounts or t.value == 0:
        return False
    doubled = Amount(t.value * 2, t.decimals, t.raw, t.unit)
    return compare_sum(doubled, amounts, precision).status != MISMATCH


def _part_name(col) -> str:
    """A part's name: the group it totals when it is a group's 小计/合计 column."""
    parts = parts_of(col.path)
    if len(parts) > 1 and parts[-1] in _TOTAL_NAMES | {"金额"}:
        return parts[-2]
    return parts[-1] if parts else str(col.index)


class RowParts(Check):
    code = "R105"
    name = "row-parts"
    severity = "error"
    summary = "行内 合计/小计/总计 = 各组成列之和"
    message_zh = "{label}{actual} ≠ {parts} 之和 {expected}（{equation}），差 {difference}"
    message_en = "{label}{actual} ≠ the sum of {parts} {expected} ({equation}), difference {difference}"
    what = (
        "Checks, in every row, that a 小计/合计/总计 column equals the sum of the columns it "
        "heads according to the table's header tree: a 小计 under 基本支出 equals the 人员经费 "
        "and 公用经费 columns beside it, and a top-level 合计/总计 equals the top-level column "
        "groups, each group counted once by its own 小计 when it has one."
    )
    why = (
        "Wide budget tables break each row down across columns; the subtotal columns are what "
        "other tables and the narrative quote. A subtotal that is not the sum of its columns "
        "means a cell was mistyped or a column shifted, and the breakdown cannot be trusted."
    )
    example_fail = (
        "一般公共预算基本支出情况表\n\n单位：万元\n\n"
        "经济科目编码\t经济科目名称\t总计\t人员类\t公用经费\n"
        "301\t工资福利支出\t4,921.85\t4,821.85\t\n"
    )
    example_pass = (
        "一般公共预算基本支出情况表\n\n单位：万元\n\n"
        "经济科目编码\t经济科目名称\t总计\t人员类\t公用经费\n"
        "301\t工资福利支出\t4,821.85\t4,821.85\t\n"
    )
    references = (
        "财预〔2016〕143号 地方预决算公开操作规程（一般公共预算支出表、基本支出表）",
        "DOMAIN.md §3 identities (基本支出 = 人员经费 + 公用经费)",
    )

    def check_table(self, table, ctx):
        if table.kind in _SKIP_KINDS or "data" not in map(_SECTION, table.rows):
            return  # only data rows have component columns (indicator tables have none)
        for index, columns in enumerate(table.headers):
            identities = _identities(table, columns)
            if not identities:
                continue
            # Column indices read once per header, not once per row.
            indexed = [(t.index, [c.index for c in parts], t, parts) for t, parts in identities]
            for row in table.rows:
                if row.header_index != index or row.section != "data" or row.shifted:
                    continue
                row_cells = row.cells
                width = len(row_cells)
                for total_index, part_indices, total_col, part_cols in indexed:
                    total = row_cells[total_index] if 0 <= total_index < width else None
                    cells = [row_cells[i] if 0 <= i < width else None for i in part_indices]
                    if adds_up(total, cells):
                        continue  # the common case (and a total that is no amount): nothing to report
                    label = row.code or row.label or ""
                    parts = [(_part_name(c), cell) for c, cell in zip(part_cols, cells)]
                    if _two_partitions(total, [c for _, c in parts if c is not None], table_precision(table)):
                        continue
                    check_parts(
                        ctx, total, parts,
                        label=f"{label}［{column_name(total_col)}］",
                        parts=" + ".join(name for name, _ in parts), column=column_name(total_col),
                    )
