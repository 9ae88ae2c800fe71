"""Helpers shared by the indicator (I6xx), completeness (C7xx), format (F8xx)
and parsing (P901) checks.

Three things recur in those checks and are written once here:

* **categories** — an indicator's 一级/二级 in their canonical spelling, and the
  一级 it *effectively* belongs to: a converter often writes a 一级 cell that
  spans the 一级 and 二级 columns (``满意度指标``) into the 二级 column and
  leaves the 一级 blank, so the fill-down gives the row the previous 一级;
* **converter debris** — a row whose name cell holds a value (shifted left),
  a markdown separator row, a page fragment cut loose between two separators:
  findings built on such rows are the parser's business (P902), not the
  document's;
* **raw cells** — the TAB-separated cells of a source line with their exact
  columns, for checks that look at text the cleaned cells no longer show
  (HTML, LaTeX).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from .checklib import header_at, per_header, per_table, table_line_mask
from . import profiles
from .layout import classify, compact
from .indicators import strip_notes
from .model import Cell, Document, Indicator, Row, Table
from .values import normalize, parse_value

#: The four 一级指标 of either framework.
LEVEL1 = ("产出指标", "成本指标", "效益指标", "满意度指标")

#: Chinese names of table kinds, for messages.
KIND_TITLES = {
    "income_expense_summary": "收支总表",
    "income_summary": "收入总表",
    "expense_summary": "支出总表",
    "fiscal_appropriation_summary": "财政拨款收支总表",
    "general_budget_expense": "一般公共预算支出表",
    "general_budget_basic_expense": "一般公共预算基本支出表",
    "basic_expense_detail": "基本支出明细表",
    "sangong": "一般公共预算“三公”经费支出表",
    "government_fund_expense": "政府性基金预算支出表",
    "state_capital_expense": "国有资本经营预算支出表",
    "special_account_expense": "财政专户管理资金预算支出表",
    "special_fund_summary": "专项资金预算汇总表",
    "project_performance_targets": "项目支出绩效目标表",
    "department_performance_targets": "部门整体支出绩效目标表",
    "project_self_evaluation": "项目支出绩效自评表",
    "department_self_evaluation": "部门整体支出绩效自评表",
}


def kind_title(kind: str) -> str:
    return KIND_TITLES.get(kind, kind)


# ---------------------------------------------------------------------------
# values and names


# The cell texts of indicator tables repeat (names, categories, placeholders),
# and a dozen checks ask the same questions of every indicator: the answers are
# memoised per distinct text.


@lru_cache(maxsize=65536)
def is_placeholder(text: str | None) -> bool:
    """A cell that stands for "no value": ``/``, ``-``, ``—``, ``XX``, ``无``."""
    if text is None:
        return False
    t = text.strip()
    if not t:
        return False
    v = parse_value(t)
    return v.kind == "empty" and v.comparator is None


@lru_cache(maxsize=65536)
def looks_like_value(text: str | None) -> bool:
    """True when a name cell holds a target value (``不低于上年``, ``满意度 95% 以上``):
    the row was shifted left by the converter."""
    if not text:
        return False
    v = parse_value(text)
    return v.kind in ("quantitative", "range", "date", "period") or v.comparator is not None


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    return compact(normalize(name or ""))


#: values.normalize, memoised: checks normalise the same cell texts over and over.
normalized = lru_cache(maxsize=65536)(normalize)


@lru_cache(maxsize=65536)
def bare_name(name: str | None) -> str:
    """An indicator name without its trailing notes (``strip_notes``), memoised
    per name: several checks test the ending of every name."""
    return strip_notes(name or "")[0]


# ---------------------------------------------------------------------------
# categories


def level_names(ind: Indicator, profile: profiles.Profile) -> tuple[str | None, str | None]:
    """The indicator's 一级 and 二级 in canonical spelling; a placeholder 二级 is None."""
    return _level_names(ind.level1, ind.level2, profile)


@lru_cache(maxsize=4096)
def _level_names(level1: str | None, level2: str | None, profile: profiles.Profile) -> tuple[str | None, str | None]:
    l1 = profiles.canonical(level1, profile) or None
    if level2 is not None and (not level2.strip() or is_placeholder(level2)):
        level2 = None
    return l1, profiles.canonical(level2, profile) or None


def level1_filled_down(ind: Indicator) -> bool:
    """The 一级 of this indicator was not printed on the row that prints its 二级."""
    if ind.level1_cell is None:
        return True
    anchor = ind.level2_cell.line if ind.level2_cell is not None else ind.line
    return ind.level1_cell.line != anchor


def effective_level1(ind: Indicator, profile: profiles.Profile) -> set[str]:
    """The 一级 categories an indicator shows: its 一级, and a 一级 name written
    in its 二级 column (a merged 一级 cell, or 成本指标 in the legacy placement)."""
    l1, l2 = level_names(ind, profile)
    out = {l1} if l1 else set()
    if l2 in LEVEL1:
        out.add(l2)
    return out


# ---------------------------------------------------------------------------
# converter debris


def is_separator_line(text: str) -> bool:
    """A markdown table rule (``--\t--`` or ``|--|--|``).  A rule holds only
    ``-|:``, TABs and spaces, so it starts with one of ``-|:``: that cheap test
    keeps the full line classifier off prose lines that merely hold a dash."""
    return "-" in text and text.lstrip()[:1] in _RULE_START and classify(text) == "SEP_ROW"


_RULE_START = ("-", "|", ":")


@per_table
def orphan_lines(doc: Document, table: Table) -> set[int]:
    """Rows of ``table`` that come right after a markdown separator row with no
    title or header in between: pieces of a page the converter cut loose, whose
    context (the project, the 一级 above) is lost.  Computed once per table,
    and only for the rows whose nearest text line above is a rule (the
    document's few rules are found once, see ``checkutil_cross.is_orphan``)."""
    from .checkutil_cross import _lines_after_rule  # (it imports this module)

    after_rule = _lines_after_rule(doc)
    if not after_rule:
        return set()  # no markdown rule in the document (the usual case)
    lines = doc.lines
    headers = set(table.header_lines)
    out: set[int] = set()
    for line in after_rule.intersection([r.line for r in table.rows]):
        n = _previous_text_line(lines, line)
        if n and is_separator_line(lines[n - 1]) and _previous_text_line(lines, n) not in headers:
            out.add(line)  # a rule under a header is the header's, not a page end
    return out


def _previous_text_line(lines: list[str], n: int) -> int:
    """The nearest line above line ``n`` that is not blank (0 when none)."""
    for k in range(min(n, len(lines) + 1) - 1, 0, -1):
        text = lines[k - 1]
        if text and not text.isspace():  # i.e. text.strip(), without the copy
            return k
    return 0


def other_value_cell(ind: Indicator) -> Cell | None:
    """In a shifted row, a cell other than the name/value that reads as a
    number: the value the parser did not pick up."""
    skip = {id(c) for c in (ind.name_cell, ind.value_cell) if c is not None}
    for cell in ind.row.cells:
        if id(cell) in skip or not cell.text:
            continue
        v = parse_value(cell.text)
        if v.kind in ("quantitative", "range") and (v.number is not None or v.low is not None):
            return cell
    return None


def header_field(table: Table, row: Row, index: int) -> str | None:
    """The field of the row's header column at ``index`` (the first such column)."""
    return header_fields(table, row.header_index).get(index)


@per_header
def header_fields(table: Table, header_index: int) -> dict[int, str | None]:
    """Column index → field of one header of the table (the first column at an
    index), built once per header: checks ask for every cell of every row."""
    fields: dict[int, str | None] = {}
    for c in header_at(table, header_index):
        fields.setdefault(c.index, c.field)
    return fields


def value_column_cells(table: Table, row: Row) -> list[Cell]:
    """The row's cells that sit in a column the header calls 指标值/目标值."""
    return [c for c in row.cells if header_field(table, row, c.index) == "value"]


# ---------------------------------------------------------------------------
# grouping indicators by project


def indicator_groups(table: Table) -> list[tuple[str | None, list[Indicator], int, int]]:
    """(project, indicators, first line, last line before the next project).

    A table that lists several projects is split per project; indicators the
    parser could not attribute to a project (page fragments) are left out, but
    they stay inside the line span of the project they follow.  A table with
    one project (or none) is one group spanning the whole table."""
    projects: list[str | None] = []
    for ind in table.indicators:
        if ind.project not in projects:
            projects.append(ind.project)
    named = [p for p in projects if p is not None]
    if len(named) <= 1:
        inds = list(table.indicators)
        return [(named[0] if named else None, inds, table.line, table.end_line)] if inds else []
    starts = []
    for name in named:
        inds = [i for i in table.indicators if i.project == name]
        proj = next((p for p in table.projects if p.name == name), None)
        starts.append((proj.line if proj is not None else inds[0].line, name, inds))
    starts.sort(key=lambda g: g[0])
    out = []
    for k, (start, name, inds) in enumerate(starts):
        end = starts[k + 1][0] - 1 if k + 1 < len(starts) else table.end_line
        out.append((name, inds, start, max(end, max(i.line for i in inds))))
    return out


# ---------------------------------------------------------------------------
# raw cells of a source line


def raw_cell(part: str, line: int, offset: int, index: int) -> Cell:
    """The raw cell (HTML/LaTeX kept) of the TAB-separated ``part`` number
    ``index`` of a source line, which starts at 0-based ``offset``: its text
    stripped, its 1-based columns exact."""
    lead = len(part) - len(part.lstrip())
    body = part.strip()
    start = offset + lead
    return Cell(body, line, start + 1, start + len(body) + 1, index)


def sub_cell(cell: Cell, start: int, end: int) -> Cell:
    """A span inside a cell (0-based offsets into ``cell.text``) as a Cell."""
    return Cell(cell.text[start:end], cell.line, cell.column + start, cell.column + end, cell.index)


# ---------------------------------------------------------------------------
# years


_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


def table_year(doc: Document, table: Table) -> int | None:
    """The budget year a table is about: a year in its title, else the document's."""
    m = _TITLE_YEAR.search(table.title or "")
    if m:
        return int(m.group(1))
    m = re.match(r"\s*((?:19|20)\d{2})\b", table.title or "")
    if m:
        return int(m.group(1))
    return doc.year


def lines_outside_tables(doc: Document) -> Iterable[int]:
    mask = table_line_mask(doc)
    return (n for n in range(1, len(doc.lines) + 1) if not mask[n])
