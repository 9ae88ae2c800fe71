"""Helpers of the cross-table and narrative checks (X201–X206).

A disclosure repeats its key figures: the 支出合计, 基本支出 and 项目支出 of the
收支总表 come back in the 支出总表, the 一般公共预算支出表, the 部门整体支出绩效目标表
and the narrative 说明; a project's funds come back in the 专项资金预算汇总表, its
target table and its 投入成本 indicator.  What the X checks need to find those
figures is written once here:

* **figures**: each table's department-level figures, tagged with a *measure*
  (``total``, ``basic``, ``project``, ``general`` …), grouped by department
  (a file may hold several departments' tables);
* **narrative**: the prose as sentences with exact source positions, the
  labelled amounts stated in it (``基本支出预算数7095.92万元``) and the guards
  that tell a current, whole-department figure from a prior-year or sub-unit one;
* **projects**: each project's funds and its cost indicators;
* **organisations**: the unit named in each table header.

Money is :class:`~decimal.Decimal`; equality is rounding-aware: a figure printed
with fewer decimals equals another when that one rounds to it.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable, Iterator

from .checklib import may_have_label, per_document, per_table, table_line_mask
from .checkutil_icf import raw_cell
from .layout import compact, split_cells, classify, Line
from .model import Amount, Cell, Document, Indicator, Row, Table
from .tables import normalize_label
from .values import parse_amount


def lazy_pattern(pattern: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    """``re.compile(pattern, flags)`` on the first call, the same compiled
    pattern after.  Every check module is imported at start-up, but most
    patterns only ever see text that few files contain (amounts and
    percentages in prose, converter debris, empty tables): compiled lazily,
    they cost a one-file run nothing when it has none."""
    return functools.cache(lambda: re.compile(pattern, flags))


# ---------------------------------------------------------------------------
# Amounts

#: Factor that turns an amount in a unit into 万元.
WAN = {"元": Decimal("0.0001"), "千元": Decimal("0.1"), "万元": Decimal(1), "万": Decimal(1),
       "百万元": Decimal(100), "亿元": Decimal(10000), "亿": Decimal(10000)}


def half(decimals: int) -> Decimal:
    return Decimal(5).scaleb(-(decimals + 1))


def same_amount(a: Amount, b: Amount) -> bool:
    """Two printings of one figure agree: equal, or the one printed with fewer
    decimals is what the other rounds to (``9266.2`` and ``9266.22``)."""
    if a.value == b.value:
        return True
    if a.decimals == b.decimals:
        return False
    coarse = a if a.decimals < b.decimals else b
    return abs(a.value - b.value) <= half(coarse.decimals)


def difference(a: Amount, b: Amount) -> Decimal:
    """``a - b`` at the finer of the two printed precisions."""
    q = Decimal(1).scaleb(-max(a.decimals, b.decimals))
    return (a.value - b.value).quantize(q)


def in_wan(amount: Amount, unit: str | None) -> Amount:
    """``amount`` (printed in ``unit``) expressed in 万元, keeping its precision."""
    factor = WAN.get(unit or "万元", Decimal(1))
    if factor == 1:
        return amount
    shift = -factor.adjusted()  # 0.0001 → 4 more decimals, 10000 → 4 fewer
    return Amount(amount.value * factor, max(amount.decimals + shift, 0), amount.raw, "万元")


def fmt(value: Decimal) -> str:
    """A Decimal as plain text without exponent and trailing zeros."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def ratio_interval(f, amounts: list[Amount]) -> tuple[Decimal, Decimal, Decimal] | None:
    """``f`` at the printed values and its range over the rounding box of
    ``amounts`` (each ± half a unit of its last decimal).  ``f`` must be
    monotone in each argument, which every share and change formula is."""
    try:
        nominal = f(*[a.value for a in amounts])
    except (ZeroDivisionError, ArithmeticError):
        return None
    values = []
    for signs in itertools.product((-1, 1), repeat=len(amounts)):
        args = [a.value + s * half(a.decimals) for s, a in zip(signs, amounts)]
        try:
            values.append(f(*args))
        except (ZeroDivisionError, ArithmeticError):
            return None
    return nominal, min(values), max(values)


def percent_consistent(printed: Amount, f, amounts: list[Amount]) -> tuple[bool, Decimal] | None:
    """Whether the printed percentage is what ``f(amounts)`` gives for some
    true values inside the printed figures' rounding, and the recomputed value
    at the printed precision (None when it cannot be computed)."""
    got = ratio_interval(f, amounts)
    if got is None:
        return None
    nominal, lo, hi = got
    h = half(printed.decimals)
    ok = printed.value + h >= lo and printed.value - h <= hi
    return ok, nominal.quantize(Decimal(1).scaleb(-printed.decimals))


# ---------------------------------------------------------------------------
# Converter debris (F801, F802, F805): lines worth splitting into cells

@per_document
def _joined_text(doc: Document) -> str:
    return "\n".join(doc.lines)


def matching_lines(doc: Document, *quick: re.Pattern[str]) -> Iterator[int]:
    """The numbers of the lines one of the ``quick`` patterns finds something
    in, in order.

    One search over the whole text per hit instead of one search per line:
    the lines a check looks for are a few dozen among thousands.  A pattern
    that starts with a literal is searched fastest (``\\$`` and ``\\\\`` scan
    ten times faster than ``[$\\\\]``), hence several patterns.  They must not
    look outside their match (no anchors, no negative lookahead, no lookbehind
    before the match), so that whatever one finds in a line it also finds
    there in the joined text; a hit that only exists across a line break is
    re-checked on its line and dropped."""
    if len(quick) == 1:
        return _lines_matching(doc, quick[0])
    return iter(sorted(set().union(*(_lines_matching(doc, q) for q in quick))))


def _lines_matching(doc: Document, quick: re.Pattern[str]) -> Iterator[int]:
    text = _joined_text(doc)
    pos = line_start = 0
    number = 1
    while True:
        m = quick.search(text, pos)
        if m is None:
            return
        at = m.start()
        number += text.count("\n", line_start, at)
        line_start = text.rfind("\n", 0, at) + 1
        if quick.search(doc.lines[number - 1]):
            yield number
        pos = text.find("\n", at) + 1
        if pos == 0:
            return


def raw_cells_found(doc: Document, quick: tuple[re.Pattern[str], ...], cell: re.Pattern[str]) -> Iterator[Cell]:
    """The non-empty raw cells (:func:`~budgetlint.checkutil_icf.raw_cell`:
    HTML/LaTeX kept, exact columns) that ``cell`` finds something in (and perhaps
    a few more) on the lines a ``quick`` pattern finds something in (see
    :func:`matching_lines`): only those cells are built, not every cell of a
    matching line (a line has a dozen cells, a hit is in one or two).

    One search per hit, from the start of a cell: the leftmost match in the
    rest of the line starts at or before any match inside a later cell
    (``cell``, like the ``quick`` patterns, looks no further back than its
    match), so every cell with a match is yielded; a match that runs on into
    the next cell may yield a cell without one, and a cell's stripped text
    may have lost its match: the caller tests its own pattern on each cell."""
    lines = doc.lines
    for number in matching_lines(doc, *quick):
        text = lines[number - 1]
        pos = 0
        while (m := cell.search(text, pos)) is not None:
            at = m.start()
            start = text.rfind("\t", 0, at) + 1
            end = text.find("\t", at)
            if end < 0:
                end = len(text)
            found = raw_cell(text[start:end], number, start, text.count("\t", 0, start))
            if found.text:
                yield found
            pos = end + 1


# ---------------------------------------------------------------------------
# Organisation names

#: Meta keys and key–value labels that name the table's unit.
ORG_KEYS = ("部门名称", "单位名称", "部门（单位）名称", "部门(单位)名称", "填报单位", "编制单位", "预算单位")
_CODE_PREFIX = re.compile(r"^[\dA-Za-z]{2,12}\s*[_\-－—–:：]+\s*")
_UNIT_CODE = re.compile(r"^\s*[\dA-Za-z]{2,12}\s*(?:\\?_|-|－)")  # 单位：048001_…
_META_VALUE = re.compile(r"[:：]\s*(.+?)\s*$")
_ORG_NOISE = re.compile(r"[\s\"“”'‘’]|[（(]\s*(?:本级|汇总|部门汇总|单位)\s*[)）]$")


@functools.lru_cache(maxsize=1024)
def org_key(name: str) -> str:
    """A unit name without code prefix (``048001_``), spaces, quotes or an
    ``（本级）`` note, for comparison."""
    t = (name or "").replace("\\_", "_").strip()
    t = _CODE_PREFIX.sub("", t)
    t = _ORG_NOISE.sub("", t)
    return t


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def same_org(a: str, b: str) -> bool:
    """Whether two spellings name one unit: equal, one with and one without
    the region prefix (``长沙市工业和信息化局`` / ``工业和信息化局``), or a usual
    abbreviation that keeps the characters in order (``科技和经济信息化局`` for
    ``科学技术和经济信息化局``, ``东湖区发改委`` for ``东湖区发展和改革委员会``)."""
    x, y = org_key(a), org_key(b)
    if not x or not y:
        return True
    if x == y:
        return True
    short, long = (x, y) if len(x) <= len(y) else (y, x)
    if len(short) >= 4 and long.endswith(short):
        return True
    return len(short) >= 5 and short[:2] == long[:2] and 2 * len(short) >= len(long) and _subsequence(short, long)


@dataclass(slots=True)
class OrgMention:
    """A unit named in a header: the name and where its text is."""

    name: str
    cell: Cell
    table: Table | None
    how: str  # e.g. "部门名称：" (meta line) or "部门名称⇥" (key–value cell)


def _meta_line_cell(doc: Document, line_no: int, key: str) -> tuple[str, Cell] | None:
    text = doc.line_text(line_no)
    if key[0] not in text:  # cheap: most header lines are no meta line of this key
        return None
    flat = compact(text.replace("*", "").lstrip("#"))
    if not flat.startswith(key) or len(flat) <= len(key) or flat[len(key)] not in ":：":
        return None
    m = _META_VALUE.search(text)
    if not m:
        return None
    value = m.group(1).replace("**", "").strip()
    if not value:
        return None
    return value, Cell(value, line_no, m.start(1) + 1, m.start(1) + len(value) + 1, 0)


@per_table
def header_orgs(doc: Document, table: Table) -> list[OrgMention]:
    """Units named by the table's header: meta lines (``部门名称：…``,
    ``单位：048001_…``, ``填报单位：…``) and a leading ``部门名称⇥…`` key–value row
    (memoised per table: the list is shared, callers must not change it)."""
    out: list[OrgMention] = []
    meta = table.meta
    if meta:  # most tables have no meta line
        keys = [k for k in ORG_KEYS if meta.get(k)]
        if "单位" in meta and _UNIT_CODE.match(meta["单位"]):
            keys.append("单位")
        first_row = table.rows[0].line if table.rows else table.end_line
        header = doc.lines[max(table.line, 1) - 1:first_row]
        for key in keys:
            for line_no, text in enumerate(header, max(table.line, 1)):
                if key[0] not in text:  # cheap: most header lines are no meta line of this key
                    continue
                got = _meta_line_cell(doc, line_no, key)
                if got is not None:
                    out.append(OrgMention(got[0].replace("\\_", "_"), got[1], table, f"{key}："))
                    break
    for row in table.rows[:3]:
        if row.section not in {"kv", "data"}:
            continue
        filled = (c for c in row.cells if c.text)
        key, value = next(filled, None), None
        # Every key holds 称 or 位: most first cells are told from a key without compacting them.
        if key is not None and ("称" in key.text or "位" in key.text) and compact(key.text) in ORG_KEYS:
            value = next(filled, None)  # read only behind a key: most first cells are no key
        if value is not None and value.amount is None:
            out.append(OrgMention(value.text, value, table, f"{compact(key.text)}⇥"))
            break
    return out


@per_document
def document_orgs(doc: Document) -> list[OrgMention]:
    """Units named by document-level meta lines (outside every table), such as
    ``单位名称：株洲市荷塘区产业服务中心`` or ``部门（单位）名称：…`` on a cover page."""
    mask = table_line_mask(doc)
    out = []
    for number, text in enumerate(doc.lines, 1):
        if mask[number]:
            continue
        if "名称" not in text and "单位" not in text:
            continue
        if classify(text) != "META":
            continue
        for key in ORG_KEYS:
            got = _meta_line_cell(doc, number, key)
            if got is not None:
                out.append(OrgMention(got[0].replace("\\_", "_"), got[1], None, f"{key}："))
                break
    return out


# ---------------------------------------------------------------------------
# Labels of amounts in a grid

def _is_amount(cell: Cell) -> bool:
    return bool(cell.text) and cell.amount is not None


def column_label(doc: Document, table: Table, row: Row, index: int, depth: int = 4) -> str | None:
    """The label printed above column ``index`` of ``row``: the nearest text
    (not a number) in that column in the rows or header lines above it."""
    above: list[list[Cell]] = []
    for r in table.rows:
        if r.line >= row.line:
            break
        above.append(r.cells)
    for number in table.header_lines:
        if number < row.line and not any(r.line == number for r in table.rows):
            cells = split_cells(Line("ROW", number, doc.line_text(number)))
            above.append(cells)
    above.sort(key=lambda cells: cells[0].line if cells else 0)
    for cells in reversed(above[-depth:] if len(above) > depth else above):
        if index < len(cells):
            cell = cells[index]
            if cell.text and not _is_amount(cell) and cell.text not in {"**"}:
                return cell.text
    return None


# ---------------------------------------------------------------------------
# Department-level figures of the tables

#: What each measure is called in messages.
MEASURE_ZH = {
    "total": "支出合计",
    "income": "收入合计",
    "basic": "基本支出",
    "project": "项目支出",
    "general": "一般公共预算支出",
    "general_income": "一般公共预算拨款收入",
    "general_basic": "一般公共预算基本支出",
    "general_project": "一般公共预算项目支出",
    "fiscal_total": "财政拨款支出",
    "income_grand": "收入总计",
    "total_grand": "支出总计",
    "personnel": "人员经费",
    "public": "公用经费",
    "wages": "工资福利支出",
    "goods": "商品和服务支出",
    "family": "对个人和家庭的补助",
    "capital": "资本性支出",
    "sangong": "“三公”经费",
    "sangong_abroad": "因公出国（境）费",
    "sangong_vehicle": "公务用车购置及运行费",
    "sangong_vehicle_purchase": "公务用车购置费",
    "sangong_vehicle_operation": "公务用车运行费",
    "sangong_reception": "公务接待费",
}

#: Measures that equal their general-budget counterpart when all of the
#: department's money is general-budget money (see :func:`single_source`).
MERGE = {"general": "total", "general_basic": "basic", "general_project": "project",
         "fiscal_total": "total", "general_income": "income"}

_ECON = {"301": "wages", "302": "goods", "303": "family", "310": "capital"}
_SANGONG_FIELDS = {"total": "sangong", "abroad": "sangong_abroad", "vehicle": "sangong_vehicle",
                   "vehicle_purchase": "sangong_vehicle_purchase",
                   "vehicle_operation": "sangong_vehicle_operation", "reception": "sangong_reception"}
_MONEY_TABLE_UNITS = {None, "万元"}


@dataclass(slots=True)
class Figure:
    """A department-level figure printed in a table."""

    measure: str
    amount: Amount
    cell: Cell
    table: Table
    label: str

    @property
    def where(self) -> str:
        return f"{self.table.title}（第{self.cell.line}行）"


@functools.lru_cache(maxsize=4096)
def _label(text: str) -> str:
    """A label normalised for lookup (memoised: the same few dozen labels
    recur in every table of every document)."""
    return normalize_label(text).replace("(", "").replace(")", "")


def _total_row(table: Table) -> Row | None:
    for row in table.rows:
        if row.section in {"data", "kv", "total"} and row.code_kind == "total":
            labels = {_label(c.text) for c in row.cells[:5] if c.text}
            if labels & {"合计", "总计"} and any(_is_amount(c) for c in row.cells):
                return row
    return None


def _field_amount(row: Row, name: str) -> tuple[Amount, Cell] | None:
    cell = row.fields.get(name)
    if cell is None or not cell.text:
        return None
    amount = cell.amount
    if amount is None or amount.unit not in (None, "万元", "万"):
        return None
    return amount, cell


def _kv_figures(table: Table, wanted: dict[str, str], first_column_only: bool | None = None) -> list[Figure]:
    out: list[Figure] = []
    if not may_have_label(table, wanted):
        return out  # none of the labels in the text: no need to pair labels with figures
    seen: set[str] = set()
    for kv in table.key_values:
        label = _label(kv.label)
        measure = wanted.get(label)
        if measure is None or measure in seen:
            continue
        if first_column_only is not None and (kv.label_cell.index == 0) != first_column_only:
            continue
        seen.add(measure)
        out.append(Figure(measure, kv.amount, kv.cell, table, kv.label))
    return out


def grid_figures(doc: Document, table: Table, wanted: dict[str, str]) -> list[Figure]:
    """Figures of a block whose labels sit *above* the amounts (the 预算情况
    block of 002's 部门整体支出绩效目标表: a row of headings, then a row of amounts)."""
    out: list[Figure] = []
    for row in table.rows:
        if row.section not in {"kv", "data"}:
            continue
        cells = [c for c in row.cells if c.text]
        if not cells or not all(_is_amount(c) for c in cells):
            continue
        for cell in cells:
            label = column_label(doc, table, row, cell.index)
            if label is None:
                continue
            measure = wanted.get(_label(label))
            if measure and all(f.measure != measure for f in out):
                out.append(Figure(measure, cell.amount, cell, table, label))
    return out


_DEPT_KV = {
    "支出预算合计": "total", "支出合计": "total", "资金总额": "total", "年度资金总额": "total",
    "收入预算合计": "income", "收入合计": "income",
    "基本支出": "basic", "项目支出": "project", "一般公共预算": "general",
}


def is_per_unit(table: Table) -> bool:
    """A 部门整体 table laid out per unit (one row per unit code, seed 003):
    its figures are the units', not the department's."""
    return len(table.projects) >= 1 and any(p.code for p in table.projects)


@per_table
def table_figures(doc: Document, table: Table) -> list[Figure]:
    """The department-level figures a table prints, tagged with measures
    (memoised per table: group_figures and table_funds both read them;
    callers must not change them)."""
    if table.unit not in _MONEY_TABLE_UNITS:
        return []
    kind = table.kind
    out: list[Figure] = []
    if kind == "income_expense_summary":
        out += _kv_figures(table, {"本年支出合计": "total", "支出合计": "total",
                                   "本年收入合计": "income", "收入合计": "income",
                                   "基本支出": "basic", "项目支出": "project",
                                   "收入总计": "income_grand", "支出总计": "total_grand"})
    elif kind in {"expense_summary", "general_budget_expense", "income_summary"}:
        row = _total_row(table)
        if row is not None and kind == "income_summary" and _has_carry_over(table, row):
            row = None  # its 合计 includes 上年结转: the 收入总计, not the 本年收入合计
        if row is not None:
            names = {
                "expense_summary": {"total": "total", "basic": "basic", "project": "project"},
                "general_budget_expense": {"total": "general", "basic": "general_basic", "project": "general_project"},
                "income_summary": {"total": "income"},
            }[kind]
            for fname, measure in names.items():
                got = _field_amount(row, fname)
                if got is not None:
                    out.append(Figure(measure, got[0], got[1], table, row.label or "合计"))
    elif kind == "fiscal_appropriation_summary":
        out += _kv_figures(table, {"本年支出": "fiscal_total", "本年支出合计": "fiscal_total"})
        out += _kv_figures(table, {"一般公共预算拨款收入": "general_income", "一般公共预算拨款": "general_income"},
                           first_column_only=True)
    elif kind == "general_budget_basic_expense":
        row = _total_row(table)
        if row is not None:
            for fname, measure in (("total", "general_basic"), ("personnel", "personnel"), ("public", "public")):
                got = _field_amount(row, fname)
                if got is not None:
                    out.append(Figure(measure, got[0], got[1], table, row.label or "合计"))
        for row in table.rows:
            measure = _ECON.get(row.code or "")
            got = _field_amount(row, "total") if measure else None
            if got is not None and all(f.measure != measure for f in out):
                out.append(Figure(measure, got[0], got[1], table, row.label))
    elif kind == "sangong":
        out += sangong_figures(doc, table)
    elif kind == "department_performance_targets" and not is_per_unit(table):
        out += _kv_figures(table, _DEPT_KV)
        have = {f.measure for f in out}
        out += [f for f in grid_figures(doc, table, _DEPT_KV) if f.measure not in have]
    return out


def _has_carry_over(table: Table, row: Row) -> bool:
    columns = {c.index for c in table.columns if "结转" in c.path or "结余" in c.path}
    return any(i < len(row.cells) and _is_amount(row.cells[i]) and row.cells[i].amount.value != 0 for i in columns)


def sangong_figures(doc: Document, table: Table) -> list[Figure]:
    """The 三公 figures of the table's 合计 row (or its only body row)."""
    row = _total_row(table)
    if row is None:
        bodies = [r for r in table.rows if r.section == "data" and any(_is_amount(c) for c in r.cells)]
        row = bodies[0] if len(bodies) == 1 else None
    if row is None:
        return []
    out: list[Figure] = []
    for fname, measure in _SANGONG_FIELDS.items():
        got = _field_amount(row, fname)
        if got is not None:
            out.append(Figure(measure, got[0], got[1], table, MEASURE_ZH[measure]))
    if out:
        return out
    for cell in row.cells:
        if not _is_amount(cell):
            continue
        label = column_label(doc, table, row, cell.index)
        path = next((c.path for c in table.columns if c.index == cell.index), "")
        measure = _sangong_measure(label or "", path)
        if measure and all(f.measure != measure for f in out):
            out.append(Figure(measure, cell.amount, cell, table, label or path))
    return out


def _sangong_measure(label: str, path: str) -> str | None:
    t = _label(label).replace('"', "")
    if "因公出国" in t:
        return "sangong_abroad"
    if "公务用车购置及运行" in t:
        return "sangong_vehicle"
    if "公务用车购置" in t:
        return "sangong_vehicle_purchase"
    if "公务用车运行" in t:
        return "sangong_vehicle_operation"
    if "公务接待" in t:
        return "sangong_reception"
    if "三公" in t or (t in {"小计", "合计"} and "三公" in path):
        return "sangong"
    return None


@per_document
def department_groups(doc: Document) -> list[list[Table]]:
    """The tables of each department in the file.  A file is one department
    unless its tables' headers name different units (a collection such as
    seed 000); then tables are grouped by the unit they name, and a table that
    names none joins the group before it."""
    named: list[tuple[Table, str | None]] = []
    for table in doc.tables:
        orgs = header_orgs(doc, table)
        named.append((table, orgs[0].name if orgs else None))
    names = [n for _, n in named if n]
    distinct: list[str] = []
    for n in names:
        if not any(same_org(n, d) for d in distinct):
            distinct.append(n)
    if len(distinct) <= 1:
        return [list(doc.tables)] if doc.tables else []
    groups: list[list[Table]] = []
    keys: list[str] = []
    for table, name in named:
        if name is None:
            if groups:
                groups[-1].append(table)
            else:
                groups.append([table])
                keys.append("")
            continue
        for i, key in enumerate(keys):
            if key and same_org(key, name):
                groups[i].append(table)
                break
        else:
            groups.append([table])
            keys.append(name)
    return groups


_GENERAL_INCOME = re.compile(r"一般公共预算|财政拨款|经费拨款|非税收入")
_FUND_KINDS = ("government_fund_expense", "state_capital_expense", "special_account_expense")


def single_source(doc: Document, tables: list[Table]) -> bool:
    """Whether all the department's money is general-budget money this year:
    the 收支总表 shows income only under 一般公共预算/财政拨款, and the
    政府性基金/国有资本经营/财政专户 tables are empty or absent.  Then a
    general-budget figure and the corresponding overall figure are one figure."""
    if any(t.kind in _FUND_KINDS and not t.is_empty for t in tables):
        return False
    summaries = [t for t in tables if t.kind == "income_expense_summary"]
    if not summaries:
        return False
    for kv in summaries[0].key_values:
        if kv.label_cell.index != 0:
            continue
        label = _label(kv.label)
        if "合计" in label or "总计" in label or _GENERAL_INCOME.search(label):
            continue
        if kv.amount.value != 0:
            return False
    return True


@dataclass
class GroupFigures:
    """The figures of one department, measures merged where they coincide."""

    tables: list[Table]
    merged: bool
    figures: list[Figure] = field(default_factory=list)

    def measure(self, name: str) -> str:
        return MERGE.get(name, name) if self.merged else name

    def of(self, *measures: str) -> list[Figure]:
        wanted = {self.measure(m) for m in measures}
        return [f for f in self.figures if f.measure in wanted]


@per_document
def group_figures(doc: Document) -> list[GroupFigures]:
    out = []
    for tables in department_groups(doc):
        merged = single_source(doc, tables)
        g = GroupFigures(tables, merged)
        for table in tables:
            for f in table_figures(doc, table):  # shared: merged measures go to copies
                g.figures.append(Figure(g.measure(f.measure), f.amount, f.cell, f.table, f.label))
        out.append(g)
    return out


def main_group(doc: Document) -> GroupFigures | None:
    """The department the narrative speaks of: the only group, else the group
    whose tables name the document's organisation."""
    groups = group_figures(doc)
    if len(groups) == 1:
        return groups[0]
    if doc.organization:
        for g in groups:
            for t in g.tables:
                orgs = header_orgs(doc, t)
                if orgs and same_org(orgs[0].name, doc.organization):
                    return g
    return None


def clusters(figures: list[Figure]) -> list[list[Figure]]:
    """Figures split into groups of agreeing values, largest group first (ties:
    the group holding the earliest figure first)."""
    groups: list[list[Figure]] = []
    for f in figures:
        for g in groups:
            if same_amount(g[0].amount, f.amount):
                g.append(f)
                break
        else:
            groups.append([f])
    order = {id(f): i for i, f in enumerate(figures)}
    groups.sort(key=lambda g: (-len(g), min(order[id(f)] for f in g)))
    return groups


# ---------------------------------------------------------------------------
# Narrative

_SENTENCE_END = "。！？!?；;"
_SENTENCE_END_AT = lazy_pattern("[" + re.escape(_SENTENCE_END) + "]")
_CLAUSE_BREAK_AT = lazy_pattern("[" + re.escape(_SENTENCE_END + "，,：:、（(") + "]")
_OPEN_END = tuple(_SENTENCE_END + "：:")  # a paragraph ending otherwise continues on the next line


@dataclass
class Segment:
    """Narrative text (paragraphs a page break split are joined) with a map
    from offsets back to source lines and columns."""

    text: str
    spans: list[tuple[int, int, int]]  # (offset in text, line, 0-based column of that text in the line or -1)

    def position(self, start: int, end: int, doc: Document) -> Cell:
        """The source cell of ``text[start:end]``."""
        off, line, base = max((s for s in self.spans if s[0] <= start), key=lambda s: s[0])
        raw = self.text[start:end]
        if base >= 0 and doc.line_text(line)[base + start - off: base + end - off] == raw:
            col = base + start - off
        else:
            found = doc.line_text(line).find(raw)
            col = found if found >= 0 else 0
        return Cell(raw, line, col + 1, col + len(raw) + 1, 0)

    def sentence_bounds(self, at: int) -> tuple[int, int]:
        """The sentence around offset ``at``: from after the last sentence end
        before it through the first sentence end at or after it."""
        ends = self._offsets("_ends", _SENTENCE_END_AT)
        i = bisect.bisect_left(ends, at)
        return (ends[i - 1] + 1 if i else 0), (ends[i] + 1 if i < len(ends) else len(self.text))

    def clause_start(self, at: int) -> int:
        """Offset after the last clause break (a sentence end, comma, colon,
        、 or opening bracket) before ``at``, 0 when there is none: bisected in
        the breaks found once per text, not 15 reverse scans per question."""
        breaks = self._offsets("_breaks", _CLAUSE_BREAK_AT)
        i = bisect.bisect_left(breaks, at)
        return breaks[i - 1] + 1 if i else 0

    def _offsets(self, key: str, pattern: Callable[[], re.Pattern[str]]) -> list[int]:
        """Where ``pattern`` matches in the text, found once per text (the
        checks ask for the sentence and clause of every statement, share and
        change) and kept under ``key`` with the text it was found in: a
        segment's text grows while paragraphs are joined to it."""
        cached = self.__dict__.get(key)
        if cached is None or cached[0] is not self.text:
            cached = self.__dict__[key] = (self.text, [m.start() for m in pattern().finditer(self.text)])
        return cached[1]


_LINE = operator.attrgetter("line")


@per_document
def segments(doc: Document) -> list[Segment]:
    out: list[Segment] = []
    last_line = -10
    for p in sorted(doc.paragraphs, key=_LINE):
        text = p.text
        base = doc.line_text(p.line).find(text)
        joinable = (
            out
            and p.line - last_line <= 2
            and len(out[-1].text) >= 40
            and not out[-1].text.rstrip().endswith(_OPEN_END)
        )
        if joinable:
            seg = out[-1]
            seg.spans.append((len(seg.text), p.line, base))
            seg.text += text
        else:
            out.append(Segment(text, [(0, p.line, base)]))
        last_line = p.line
    return out


NUMBER = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_AMOUNT = lazy_pattern(NUMBER + r"\s*(?P<unit>亿元|万元|千元|元)")

#: ``“三公”经费`` with or without quotes, each spelling starting with a literal
#: character (see :func:`_labelled`).
_SANGONG_LABEL = "|".join(q + r"三公[”\"’']?经费" for q in ("“", '"', "‘", "'", ""))

#: Narrative labels → measures (longest spellings first: the regex takes the
#: first alternative that matches at the leftmost position).
NARRATIVE_LABELS: list[tuple[str, str]] = [
    (r"部门整体支出绩效目标的金额", "total"),
    (r"本年收入合计|收入预算总额|收入总预算|收入预算|收入合计|收入总计", "income"),
    (r"本年支出合计|支出预算总额|支出总预算|支出预算|支出合计|支出总计", "total"),
    (r"一般公共预算拨款支出|一般公共预算支出", "general"),
    (r"一般公共预算拨款收入|一般公共预算拨款|一般公共预算收入", "general_income"),
    (r"基本支出", "basic"),
    (r"项目支出", "project"),
    (r"人员经费", "personnel"),
    (r"公用经费", "public"),
    (r"工资福利支出", "wages"),
    (r"商品和服务支出?", "goods"),
    (r"对个人和家庭的?补助(?:支出)?", "family"),
    (r"资本性支出", "capital"),
    (_SANGONG_LABEL, "sangong"),
    (r"因公出国[（(]境[）)]费用?", "sangong_abroad"),
    (r"公务用车购置及运行(?:维护)?费", "sangong_vehicle"),
    (r"公务用车购置费", "sangong_vehicle_purchase"),
    (r"公务用车运行(?:维护)?费", "sangong_vehicle_operation"),
    (r"公务接待费", "sangong_reception"),
]
_CONNECTOR = (
    r"(?P<conn>(?:预算数|预算|决算数|决算|实际支付金额|实际支付|支付金额|实际完成|实际|执行数|"
    r"总额|合计|共计|总计|金额|安排|为|是|共|达|计|约|[:：]|\s)*)"
)
#: A labelled amount.  The labels form one flat alternation whose every
#: alternative starts with a literal character: the regex engine then skips
#: ahead to the labels' first characters instead of trying every alternative
#: at every position (14× faster).  The measure is found from the label
#: afterwards (:func:`_label_measure`).
_labelled = lazy_pattern(
    "(?P<label>" + "|".join(p for p, _ in NARRATIVE_LABELS) + ")"
    + _CONNECTOR + NUMBER + r"\s*(?P<unit>亿元|万元|千元|元)"
)
_ACTUAL = lazy_pattern(r"实际|执行|决算|支付")
_ACTUAL_BEFORE = lazy_pattern(r"(?:实际|执行|决算|完成)(?:的)?$")
_COMPARISON = lazy_pattern(r"较|比|同比|上年|去年|上一年|上年度|以前年度|增加|减少|增长|下降|节约")
_SUBUNIT = lazy_pattern(r"中心|站|研究所|管理所|事务所|服务所|队|院|学校|下属|二级单位|本级")
_WHOLE = lazy_pattern(r"本部门|部门整体|全部门|汇总|等\s*\d+\s*家|全局|全委")
_YEAR = lazy_pattern(r"(20\d{2})\s*年")


@dataclass(slots=True)
class Statement:
    """A labelled amount in the narrative (``基本支出预算数7095.92万元``)."""

    measure: str
    label: str
    amount: Amount
    unit: str
    segment: Segment
    start: int  # offset of the label
    num_start: int
    end: int  # offset after the unit
    actual: bool  # 实际/执行/决算 figure
    budget: bool  # 预算 figure

    def cell(self, doc: Document) -> Cell:
        return self.segment.position(self.num_start, self.end, doc)


def statements(doc: Document, seg: Segment) -> list[Statement]:
    """The labelled amounts of a narrative segment of ``doc``, found once per
    segment.  The memo is in ``doc.memo`` (keyed by the segment's identity,
    stable while the document lives), not on the segment: each statement
    names its segment, and that would be a reference cycle."""
    memo = doc.memo.get(_STATEMENTS)
    if memo is None:
        memo = doc.memo[_STATEMENTS] = {}
    found = memo.get(id(seg))
    if found is None:
        found = memo[id(seg)] = _statements(seg)
    return found


_STATEMENTS = f"{__name__}.statements"


def _statements(seg: Segment) -> list[Statement]:
    text = seg.text
    if "元" not in text:  # every statement ends in a 元 unit; most prose states none
        return []
    out = []
    for m in _labelled().finditer(text):
        amount = parse_amount(m.group("num"))
        if amount is None:
            continue
        label = m.group("label")
        # _ACTUAL_BEFORE is anchored at the label: four characters before it decide.
        actual = bool(_ACTUAL().search(m.group("conn")) or _ACTUAL_BEFORE().search(text, max(m.start() - 4, 0), m.start()))
        out.append(Statement(_label_measure(label), label, amount, m.group("unit"), seg,
                             m.start(), m.start("num"), m.end(), actual,
                             "预算" in label + m.group("conn")))
    return out


@functools.lru_cache(maxsize=256)
def _label_measure(label: str) -> str:
    """The measure of a label :func:`_labelled` matched: that of the first
    alternative matching the label whole, which is the one the regex took
    (it tries alternatives in order, and that one leads to the same match)."""
    return next(measure for pattern, measure in NARRATIVE_LABELS if re.fullmatch(pattern, label))


def is_current_whole(st: Statement, doc: Document) -> bool:
    """Whether a statement is about this year's figure of the whole department:
    not a prior-year or changed amount (``较上年…``), not a sub-unit's
    (``…中心…基本支出``), not another year's."""
    seg = st.segment
    s_lo, _ = seg.sentence_bounds(st.start)
    c_lo = seg.clause_start(st.start)
    clause = seg.text[c_lo:st.start]
    sentence = seg.text[s_lo:st.start]
    if _COMPARISON().search(clause):
        return False
    years = {int(y) for y in _YEAR().findall(sentence)}
    if years and doc.year is not None and doc.year not in years:
        return False
    if _SUBUNIT().search(clause) and not _WHOLE().search(clause):
        return False
    if _SUBUNIT().search(sentence) and not _WHOLE().search(sentence):
        return False
    return True


def amounts_in(seg: Segment) -> list[tuple[int, int, Amount, str]]:
    """Every ``<number> 万元`` (or 元/亿元) in the text: (start, end, amount, unit)."""
    if "元" not in seg.text:
        return []
    out = []
    for m in _AMOUNT().finditer(seg.text):
        amount = parse_amount(m.group("num"))
        if amount is not None:
            out.append((m.start("num"), m.end(), amount, m.group("unit")))
    return out


# ---------------------------------------------------------------------------
# Projects: funds and cost indicators

_FUNDS_LABELS = ("年度本级预算金额", "年度资金总额", "资金总额", "申请金额", "项目资金", "项目总金额",
                 "预算金额", "项目预算", "项目金额")
TOTAL_COST = re.compile(r"^(?:项目)?(?:总成本|投入成本|预算成本|成本总额|总投入|资金总额|总投资)$|^项目总成本|^项目支出$")
PER_UNIT = re.compile(r"标准|单价|均|每|单位成本|平均|/人|一次性")


@dataclass
class Project:
    """A project (or, in a 部门整体 table, the department or a unit) with its
    funds and its indicators."""

    name: str
    table: Table
    funds: Amount | None
    funds_cell: Cell | None
    indicators: list[Indicator]
    funds_label: str = "资金总额"

    @functools.cached_property
    def costs(self) -> list[Cost]:
        """The indicators that state a money cost (:func:`cost_of`), in order;
        computed once for X204 and X205.  Only an indicator filed under a
        成本 heading (one in seven) can be one: that test is inlined here, not
        a call per indicator."""
        under = [i for i in self.indicators if "成本" in (i.level1 or "") or "成本" in (i.level2 or "")]
        return [c for c in map(cost_of, under) if c is not None]


def is_orphan(doc: Document, line: int) -> bool:
    """A row printed right after a markdown table rule (``--⇥--``) with no
    header between: a fragment of a page whose project the parser can only
    guess (it fills the previous project down), so its figures are not
    attributed to a project here."""
    if line < 1:
        return False
    return min(line, len(doc.lines) + 1) in _lines_after_rule(doc)


@per_document
def _lines_after_rule(doc: Document) -> set[int]:
    """Lines (up to one past the end) whose nearest non-blank line above is a
    markdown table rule: found from the few rules, once per document, instead
    of a walk back per indicator."""
    lines = doc.lines
    out: set[int] = set()
    for n in _rule_lines(doc):
        n += 1
        out.add(n)
        while n <= len(lines) and not lines[n - 1].strip():
            n += 1
            out.add(n)
    return out


_RULE_CHARS = "-|:\t "
#: Where a rule line ends: its last dash, then nothing but ``|:`` and
#: whitespace up to the end of the line (lazily: it stops before the line
#: break).  No dash after the first: a start scans only up to the next dash, so
#: a long run of dashes is searched in linear time.
_RULE_END = lazy_pattern(r"-[|:\s]*?$", re.M)


def _rule_lines(doc: Document) -> Iterator[int]:
    """The numbers of the markdown rule lines: lines that hold a dash and
    nothing but ``-|:``, TABs and spaces between leading and trailing
    whitespace.  Every one ends as :data:`_RULE_END` matches, and a search for
    it over the document's text skips to the dashes at line ends (one line in
    forty) instead of testing every line (1.4× faster)."""
    text = _joined_text(doc)
    number, counted = 1, 0
    for m in _RULE_END().finditer(text):
        at = m.start()
        number += text.count("\n", counted, at)
        counted = at
        if not text[text.rfind("\n", 0, at) + 1:m.end()].strip().strip(_RULE_CHARS):
            yield number


def project_name_line(doc: Document, table: Table) -> str | None:
    """The name printed next to ``项目名称`` in a single-project table."""
    named = _project_name_lines(doc)
    for number in named[bisect.bisect_left(named, table.line):]:
        if number > table.end_line:
            break
        text = doc.lines[number - 1]
        cells = [c.strip() for c in text.split("\t") if c.strip()]
        for i, c in enumerate(cells[:-1]):
            if compact(c) == "项目名称":
                return cells[i + 1]
    return None


@per_document
def _project_name_lines(doc: Document) -> list[int]:
    """The lines holding ``项目名称`` and a TAB, in order: found by one search
    over the document's text, so that each table looks only at its few
    (instead of reading every line of every indicator table)."""
    text = _joined_text(doc)
    out: list[int] = []
    number, counted = 1, 0
    at = text.find("项目名称")
    while at >= 0:
        number += text.count("\n", counted, at)
        counted = at
        end = text.find("\n", at)
        if "\t" in doc.lines[number - 1]:
            out.append(number)
        if end < 0:
            break
        at = text.find("项目名称", end)
    return out


def table_funds(doc: Document, table: Table) -> tuple[Amount, Cell, str] | None:
    """The funds of a single-project or single-department table: 全年预算 of the
    funds block, a 年度资金总额 / 申请金额 / 年度本级预算金额 key–value pair,
    a 部门整体 table's 支出预算合计 / 资金总额; with the label it is printed under."""
    for row in table.rows:
        if row.section == "funds" and _label(row.label) == "年度资金总额":
            for fname, label in (("budget", "全年预算"), ("initial_budget", "年初预算数")):
                got = _field_amount(row, fname)
                if got is not None:
                    return got[0], got[1], f"年度资金总额·{label}"
    kv = table.find_kv(*_FUNDS_LABELS) if may_have_label(table, _FUNDS_LABELS) else None
    if kv is not None and kv.amount.unit in (None, "万元", "万"):
        return kv.amount, kv.cell, compact(kv.label)
    if table.kind == "department_performance_targets" and not is_per_unit(table):
        figures = {f.measure: f for f in table_figures(doc, table)}
        f = figures.get("total")
        if f is not None:
            return f.amount, f.cell, compact(f.label)
    return None


@per_table
def projects_of(doc: Document, table: Table) -> list[Project]:
    """The projects of an indicator table with their funds and indicators.
    Indicators from orphan rows (:func:`is_orphan`) are left out.  Memoised
    per table (X204 and X205 both read them): callers must not change them."""
    if not table.indicators:
        return []
    after_rule = _lines_after_rule(doc)
    if after_rule:  # is_orphan, inlined: a table has hundreds of indicators
        past_end = len(doc.lines) + 1
        kept = [i for i in table.indicators if not (i.line >= 1 and min(i.line, past_end) in after_rule)]
    else:  # no markdown rule in the document (the usual case): no orphan rows
        kept = list(table.indicators)
    if table.projects and any(i.project for i in table.indicators):
        out: list[Project] = []
        by_name: dict[str, Project] = {}
        for p in table.projects:
            if p.name not in by_name:
                by_name[p.name] = Project(p.name, table, p.funds, p.funds_cell, [])
                out.append(by_name[p.name])
        for ind in kept:
            if ind.project in by_name:
                by_name[ind.project].indicators.append(ind)
        return [p for p in out if p.indicators]
    got = table_funds(doc, table)
    orgs = header_orgs(doc, table) if table.kind == "department_performance_targets" else []
    name = project_name_line(doc, table) or (orgs[0].name if orgs else table.title)
    if got is None:
        return [Project(name, table, None, None, kept)]
    return [Project(name, table, got[0], got[1], kept, got[2])]


@dataclass(slots=True)
class Cost:
    indicator: Indicator
    amount: Amount  # in 万元
    cell: Cell


def cost_of(ind: Indicator) -> Cost | None:
    """An indicator's money target in 万元 when it is a cost indicator that
    states an amount (not a ratio, not a per-unit standard, not a floor)."""
    if not ("成本" in (ind.level1 or "") or "成本" in (ind.level2 or "")):
        return None
    v = ind.value
    if v is None or v.kind != "quantitative" or v.unit_kind != "money" or v.number is None:
        return None
    if v.comparator in ("≥", ">") or (v.unit and "/" in v.unit):
        return None
    if _per_unit_name(ind.name):
        return None
    amount = Amount(v.number, v.decimals or 0, fmt(v.number) + (v.unit or ""), v.unit)
    cell = ind.value_cell or ind.name_cell
    if cell is None:
        return None
    return Cost(ind, in_wan(amount, v.unit), cell)


@functools.lru_cache(maxsize=4096)
def _per_unit_name(name: str) -> bool:
    """Whether an indicator name states a per-unit standard (memoised: the
    same cost names recur in every project)."""
    return bool(PER_UNIT.search(compact(name)))


def is_total_cost(ind: Indicator, table: Table) -> bool:
    name, total = _total_cost_name(ind.name)
    if table.kind == "department_performance_targets" and name in {"项目支出", "基本支出"}:
        return False
    return total


@functools.lru_cache(maxsize=4096)
def _total_cost_name(name: str) -> tuple[str, bool]:
    """An indicator name compacted, and whether it names a total cost
    (memoised: X204 and X205 ask for every cost indicator)."""
    flat = compact(name)
    return flat, bool(TOTAL_COST.search(flat))


def special_fund_rows(table: Table) -> list[tuple[str, Amount, Cell, Row]]:
    """(name, amount, cell, row) of each body row of a 专项资金预算汇总表 with a total."""
    out = []
    for row in table.rows:
        if row.section not in {"data", "kv"} or row.code_kind == "total":
            continue
        got = _field_amount(row, "total")
        name = row.fields.get("name")
        if got is not None and name is not None and name.text:
            out.append((name.text, got[0], got[1], row))
    return out


def special_fund_total(table: Table) -> tuple[Amount, Cell] | None:
    row = _total_row(table)
    return None if row is None else _field_amount(row, "total")


_YEAR_PREFIX = re.compile(r"^20\d{2}年?度?")


@functools.lru_cache(maxsize=4096)
def name_key(name: str) -> str:
    """A project name for lookup: no spaces, quotes or leading year
    (memoised: X204 keys every project and every 专项资金 row by it)."""
    t = compact(name).replace("“", "").replace("”", "").replace('"', "")
    return _YEAR_PREFIX.sub("", t)
