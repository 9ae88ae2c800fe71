"""Helpers shared by the built-in checks (table groups, label lookup, rows).

Checks live in ``checks/`` as one small module each; what several of them need
is here so that it is written once.
"""

from __future__ import annotations

import functools
import operator

from .layout import compact
from .model import Cell, Row
from .tables import _LABEL_PAREN

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
    """Compute ``fn(table)`` or ``fn(doc, table)`` once per table, since several
    checks ask for the same derived rows of one table.

    ``fn(table)`` keeps its value on the table; its value must not refer to
    the table.  ``fn(doc, table)`` keeps it in ``doc.memo`` keyed by the
    table's identity (stable while the document lives), so a value that names
    its table (a project, a figure) makes no reference cycle: the model has
    none, and reference counting frees a linted document at once, where a
    cycle would leave it to the cyclic collector (1.6 s of a corpus run)."""
    key = f"_memo:{fn.__module__}.{fn.__qualname__}"
    # One wrapper per arity, chosen once here: the wrappers run 100,000 times a
    # corpus, and a test of the argument count in each call is measurable.
    if fn.__code__.co_argcount == 1:

        @functools.wraps(fn)
        def cached(table):
            memo = table.__dict__
            try:
                return memo[key]
            except KeyError:
                value = memo[key] = fn(table)
                return value

        return cached

    @functools.wraps(fn)
    def cached_for_doc(doc, table):
        memo = doc.memo.get(key)
        if memo is None:
            memo = doc.memo[key] = {}
        slot = id(table)
        try:
            return memo[slot]
        except KeyError:
            value = memo[slot] = fn(doc, table)
            return value

    return cached_for_doc


def header_at(table, index: int) -> list:
    """The table's header number ``index`` (a row's ``header_index``), or no
    columns when there is none (a row above every header has index -1)."""
    headers = table.headers
    return headers[index] if 0 <= index < len(headers) else []


def per_header(fn):
    """Compute ``fn(table, header_index)`` once per header of a table: checks
    ask row after row what the columns of the row's header hold.  Kept on the
    table, so the value must not refer back to it."""
    key = f"_memo:{fn.__module__}.{fn.__qualname__}"

    @functools.wraps(fn)
    def cached(table, header_index):
        memo = table.__dict__.get(key)
        if memo is None:
            memo = table.__dict__[key] = {}
        try:
            return memo[header_index]
        except KeyError:
            value = memo[header_index] = fn(table, header_index)
            return value

    return cached


_TEXT = operator.attrgetter("text")


@per_table
def row_texts(table) -> list[str]:
    """Each row's cell texts joined by TABs, built once per table: a check
    looking for a word anywhere in a row tests one string, not every cell."""
    return ["\t".join(map(_TEXT, r.cells)) for r in table.rows]


@per_table
def label_text(table) -> str:
    """The table's cell texts as a key–value label can read: whitespace
    removed, unit brackets (``（万元）``) and ASCII brackets dropped, cells
    separated by NUL.

    ``normalize_label`` only removes whitespace, a leading enumeration,
    ``：`` at the ends and unit brackets, and the lookups also drop ASCII
    brackets; so a label that normalises to a word without colons or
    brackets is a substring of this text.  ``"收入预算合计" not in
    label_text(table)`` proves that the table has no such key–value pair,
    and lets a check skip ``Table.key_values`` (the costliest part of many
    checks: every cell's amount is parsed to pair labels with figures)."""
    # NUL, which is not whitespace, between cells: no word spans two cells.
    # (str.replace, not str.translate, which is slow on non-ASCII text.)
    text = compact("\0".join(row_texts(table)).replace("\t", "\0"))
    if "元)" in text or "元）" in text:  # a unit bracket (rare): the regex scan is slow
        text = _LABEL_PAREN.sub("", text)
    return text.replace("(", "").replace(")", "")


def may_have_label(table, labels) -> bool:
    """Whether any of ``labels`` (normalised, without colons or brackets) can
    be the label of one of the table's key–value pairs (see :func:`label_text`)."""
    text = label_text(table)
    for label in labels:  # a loop, not any(): no generator per call (asked several times a table)
        if label in text:
            return True
    return False


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
