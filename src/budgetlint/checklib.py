"""Helpers shared by the built-in checks (table groups, label lookup, rows).

Checks live in ``checks/`` as one small module each; what several of them need
is here so that it is written once.
"""

from __future__ import annotations

import functools
import operator

from .model import Cell, Row

#: Money tables whose rows carry 合计 / 基本支出 / 项目支出 columns.
EXPENSE_KINDS = (
    "expense_summary",
    "general_budget_expense",
    "government_fund_expense",
    "state_capital_expense",
    "special_account_expense",
    "income_summary",
)
MONEY_KINDS = EXPENSE_KINDS + (
    "income_expense_summary",
    "fiscal_appropriation_summary",
    "general_budget_basic_expense",
    "basic_expense_detail",
    "sangong",
    "special_fund_summary",
)
INDICATOR_KINDS = (
    "project_performance_targets",
    "department_performance_targets",
    "project_self_evaluation",
    "department_self_evaluation",
)


def field_cell(row: Row, name: str) -> Cell | None:
    """The row's cell for a semantic field, or None when absent or empty."""
    cell = row.fields.get(name)
    return cell if cell is not None and cell.text else None


def per_document(fn):
    """Compute ``fn(doc)`` once per document: several checks need the same
    derived facts, which are kept in ``doc.memo`` under the function's name."""
    key = f"{fn.__module__}.{fn.__qualname__}"

    @functools.wraps(fn)
    def cached(doc):
        try:
            return doc.memo[key]
        except KeyError:
            value = doc.memo[key] = fn(doc)
            return value

    return cached


def per_table(fn):
    """Compute ``fn(table)`` or ``fn(doc, table)`` once per table: the table is
    the last argument, and the value is kept on it under the function's name,
    since several checks ask for the same derived rows of one table."""
    key = f"_memo:{fn.__module__}.{fn.__qualname__}"

    @functools.wraps(fn)
    def cached(*args):
        memo = args[-1].__dict__
        try:
            return memo[key]
        except KeyError:
            value = memo[key] = fn(*args)
            return value

    return cached


_TEXT = operator.attrgetter("text")


@per_table
def row_texts(table) -> list[str]:
    """Each row's cell texts joined by TABs, built once per table: a check
    looking for a word anywhere in a row tests one string, not every cell."""
    return ["\t".join(map(_TEXT, r.cells)) for r in table.rows]


@per_document
def table_line_mask(doc) -> bytearray:
    """``mask[n]`` is 1 when line ``n`` lies inside a table (linear time:
    tables are spans, and a document has many)."""
    mask = bytearray(len(doc.lines) + 2)
    for t in doc.tables:
        lo, hi = max(t.line, 0), min(t.end_line, len(doc.lines) + 1)
        if hi >= lo:
            mask[lo : hi + 1] = b"\x01" * (hi - lo + 1)
    return mask
