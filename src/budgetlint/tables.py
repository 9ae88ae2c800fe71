"""Blocks to typed tables: kinds, headers, sections, codes, continuation pages.

A table is a title (possibly split over a heading and a title line), meta lines
(``单位：万元``), and row blocks.  A title that repeats the previous table's
title starts a continuation page: its repeated header rows are dropped and its
rows are appended, so checks see one table however many pages it spans.
Composite tables (a key–value block, then a funds block, then indicators) are
split into sections by the strong header rows that open each part.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from typing import NamedTuple

from . import headers as H
from .indicator_rows import IndicatorLayout, IndicatorState, read_indicator_row
from .layout import Block, compact, split_cells, strip_markup
from .model import Cell, Column, KeyValue, Note, Row, Table
from .resources import data_file
from .values import parse_amount

#: Years before the 2021 framework (财预〔2021〕101号) made 成本指标 a 一级指标.
LEGACY_BEFORE = 2021

MONEY_UNITS = {"万元", "元", "千元", "亿元", "百万元"}


@lru_cache(maxsize=1)
def _kind_rules() -> list[tuple[str, list[re.Pattern[str]]]]:
    with open(data_file("table_kinds.toml"), "rb") as fh:
        data = tomllib.load(fh)
    return [(k["id"], [re.compile(p) for p in k["patterns"]]) for k in data["kind"]]


@lru_cache(maxsize=4096)
def normalize_title(title: str) -> str:
    """A title without markup, spaces or full-width punctuation; memoised, as
    titles repeat on continuation pages and across disclosures."""
    t = compact(strip_markup(title))
    for a, b in (("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'"), ("—", "-"), ("（", "("), ("）", ")")):
        t = t.replace(a, b)
    return t


@lru_cache(maxsize=1024)
def kind_of(title: str, extra: tuple[tuple[str, str], ...] = ()) -> str:
    """The table kind of a title; ``extra`` holds configured (pattern, kind) aliases."""
    t = normalize_title(title)
    for pattern, kind in extra:
        if re.search(pattern, t):
            return kind
    for kind, patterns in _kind_rules():
        if any(p.search(t) for p in patterns):
            return kind
    return "unknown"


_LABEL_PREFIX = re.compile(r"^(?:其中[:：]?|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．])")
_LABEL_PAREN = re.compile(r"[（(](?:万元|元|千元|亿元)[)）]")


@lru_cache(maxsize=8192)
def normalize_label(label: str) -> str:
    """A row label without spaces, enumeration, ``其中：`` or a unit in brackets."""
    t = compact(label).replace("：", ":")
    for _ in range(2):
        t = _LABEL_PREFIX.sub("", t)
    t = _LABEL_PAREN.sub("", t)
    return t.strip(":")


#: Units a key–value amount may carry.
_KV_UNITS = frozenset({None, "万元", "元", "万"})
_TEXT = itemgetter(0)  # Cell.text: a Cell is a tuple


def key_values_of(table: Table) -> list[KeyValue]:
    """Every (label, amount) pair in the table's rows, left to right.

    An amount with no label to its left takes the nearest label above it in
    the same column (a block of headings over one row of figures).

    A row's amounts are read once, empty cells skipped (``Cell.amount``
    parses on every access; this pairing asked for each cell's amount two or
    three times), and a row without any amount pairs nothing."""
    out: list[KeyValue] = []
    previous: list[tuple[list[Cell], list]] = []  # the last two rows, with their amounts
    for row in table.rows:
        if row.section == "indicators":
            previous = []
            continue
        cells = row.cells
        # A C-level map (parse_amount("") is None): a list comprehension is a
        # function call per row on Python 3.11.
        amounts = list(map(parse_amount, map(_TEXT, cells)))
        if not any(amounts):  # no amount: nothing to pair (an Amount is always true)
            previous = [(cells, amounts), *previous[:1]]
            continue
        n = len(cells)
        paired: set[int] = set()
        for i, amount in enumerate(amounts):
            if amount is not None:
                continue
            cell = cells[i]
            if not cell.text or cell.text.isdigit():
                continue
            for j in range(i + 1, min(i + 4, n)):
                if not cells[j].text:
                    continue
                amount = amounts[j]
                if amount is not None and amount.unit in _KV_UNITS:
                    out.append(KeyValue(cell.text, amount, cell, cells[j]))
                    paired.add(j)
                break
        if previous:
            first = None
            for i, c in enumerate(cells):  # the first cell with text (a loop: no generator per row)
                if c.text:
                    first = i
                    break
            if first is not None and amounts[first] is not None:
                for i, amount in enumerate(amounts):
                    if amount is None or i in paired or amount.unit not in _KV_UNITS:
                        continue
                    for above, above_amounts in previous:
                        if i < len(above):
                            label = above[i]
                            if label.text and above_amounts[i] is None:
                                out.append(KeyValue(label.text, amount, label, cells[i]))
                                break
        previous = [(cells, amounts), *previous[:1]]
    return out


_CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
_TOTAL_LABELS = {"合计", "总计", "小计", "本年收入合计", "本年支出合计", "收入总计", "支出总计", "总分"}


@lru_cache(maxsize=8192)
def code_kind(code: str) -> str | None:
    if not _CODE.match(code):
        return None
    if code[0] == "2":
        return "function"
    if code[0] in "35":
        return "economic"
    return None


@dataclass(slots=True)
class _Draft:
    """A table being assembled from blocks, before its rows are read."""

    title: str
    title_line: int | None
    start: int
    metas: list[tuple[str, str, int]] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    row_lines: list = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    end: int = 0
    continues: "_Draft | None" = None
    meta_blocks: list = field(default_factory=list)


def assemble(
    blocks: list[Block], aliases: tuple[tuple[str, str], ...] = (), year: int | None = None
) -> tuple[list[Table], list[Block]]:
    """Build tables from blocks; return them and the blocks that are not tables."""
    drafts: list[_Draft] = []
    rest: list[Block] = []
    current: _Draft | None = None
    pending_heading: Block | None = None
    last_prose: Block | None = None
    fresh = False  # the current draft has had a title but no rows yet
    for block in blocks:
        kind = block.type
        if kind == "TITLE":
            title = strip_markup(block.lines[0].text)
            title_line = block.line
            if pending_heading is not None and not _has_subject(title):
                title = strip_markup(pending_heading.lines[0].text) + " " + title
                title_line = pending_heading.line
            pending_heading = None
            if current is not None and normalize_title(title) == normalize_title(current.title) and current.row_lines:
                # Same title again: a continuation page if its first row repeats
                # the table's first (header) row, else a new table of that title.
                continuing = _Draft(title, title_line, title_line, continues=current)
                current = continuing
                drafts.append(current)
                fresh = True
                continue
            current = _Draft(title, title_line, title_line)
            drafts.append(current)
            fresh = True
            continue
        if kind == "HEADING":
            pending_heading = block
            rest.append(block)
            if current is not None and current.row_lines:
                current = None
            continue
        pending_heading = None
        if kind == "metas":
            if current is not None and (fresh or not current.row_lines):
                for line in block.lines:
                    current.metas.append((*_meta(line.text), line.number))
                current.meta_blocks.append(block)
            else:
                rest.append(block)
            continue
        if kind == "notes":
            target = current
            if target is not None:
                target.notes.extend(Note(strip_markup(l.text), l.number) for l in block.lines)
                target.end = max(target.end, block.lines[-1].number)
            else:
                rest.append(block)
            continue
        if kind == "rows":
            if current is None or (not fresh and current.row_lines):
                label = _untitled_label(last_prose)
                current = _Draft(label, None, block.line)
                drafts.append(current)
            current.row_lines.extend(block.lines)
            current.end = block.lines[-1].number
            fresh = False
            continue
        if kind == "prose":
            last_prose = block
            if current is not None and current.row_lines:
                current = None
        elif kind in {"TOC", "YEAR"} and current is not None and current.row_lines and kind == "TOC":
            current = None
        rest.append(block)
    merged: list[_Draft] = []
    kept: set[int] = set()  # ids of merged drafts (identity, not dataclass equality)
    for draft in drafts:
        base = draft.continues
        if base is not None and draft.row_lines and base.row_lines and _same_row(draft.row_lines[0], base.row_lines[0]):
            while base.continues is not None and id(base) not in kept:
                base = base.continues
            base.pages.append(draft.start)
            base.row_lines.extend(draft.row_lines)
            base.notes.extend(draft.notes)
            base.end = max(base.end, draft.end)
            continue
        if draft.row_lines:
            merged.append(draft)
            kept.add(id(draft))
        else:
            # A title with no rows (a cover heading): its meta lines describe the document.
            rest.extend(draft.meta_blocks)
    return [_build(d, aliases, year) for d in merged], rest


def _same_row(a, b) -> bool:
    return compact(a.text) == compact(b.text)


def _has_subject(title: str) -> bool:
    """A title line that names its subject; ``### 项目资金支出绩效自评表`` alone does not."""
    t = normalize_title(title)
    return bool(re.search(r"\d{4}", t)) or len(t) > 14 or kind_of(t) in {"toc"}


def _untitled_label(prose: Block | None) -> str:
    if prose is None:
        return ""
    text = strip_markup(prose.lines[-1].text)
    head = re.split(r"[：:]", text, maxsplit=1)[0]
    return head[:40] if len(head) <= 40 else ""


@lru_cache(maxsize=4096)
def _meta(text: str) -> tuple[str, str]:
    """The key and value of a meta line; memoised, as the same unit and
    organisation lines head every table of a disclosure."""
    flat = compact(strip_markup(text))
    for colon in ("：", ":"):
        if colon in flat:
            key, value = flat.split(colon, 1)
            return key, value.replace("\\_", "_")
    return flat, ""


def _build(draft: _Draft, aliases: tuple[tuple[str, str], ...], year: int | None) -> Table:
    title = draft.title
    table = Table(
        kind=kind_of(title, aliases) if title else "unknown",
        title=title,
        line=draft.title_line or draft.start,
        end_line=max(draft.end, draft.start),
        title_line=draft.title_line,
        notes=draft.notes,
        pages=draft.pages,
    )
    for key, value, line in draft.metas:
        if key.endswith("单位") and value in MONEY_UNITS:
            if table.unit is None:
                table.unit, table.unit_line = value, line
        elif value:
            table.meta.setdefault(key, value)
    _fill_rows(table, draft.row_lines, legacy=year is not None and year < LEGACY_BEFORE)
    if table.kind == "unknown" and draft.title_line is None:
        table.kind = _kind_from_content(table)
    return table


def _kind_from_content(table: Table) -> str:
    if table.indicators:
        return "department_performance_targets"
    return "unknown"


class _Header(NamedTuple):
    """What the rows under a header need from it, derived once per distinct
    header (templates repeat across tables and documents)."""

    columns: tuple[Column, ...]
    mapped: tuple[tuple[int, str], ...]  # (index, field) of the columns that have a field
    class_column: bool  # a 类 column: 类/款 fill down
    section: str  # the section its columns imply
    first_amount_col: int | None  # of a funds header (see _realign_funds)


@lru_cache(maxsize=2048)
def _header(rows: tuple[tuple[str, ...], ...]) -> _Header:
    """The header of these rows' cell texts (one tuple per header row)."""
    columns = H.columns(rows)
    return _Header(
        columns,
        tuple((c.index, c.field) for c in columns if c.field),
        any(c.field == "class" for c in columns),
        _section_of_columns(columns),
        _first_amount_column(columns),
    )


@lru_cache(maxsize=1024)
def _layout(rows: tuple[tuple[str, ...], ...], legacy: bool) -> IndicatorLayout:
    """The indicator layout of a header (``legacy``: the document predates
    LEGACY_BEFORE); one object shared by every table under that header, as
    read_indicator_row only reads it (a test checks it stays unchanged)."""
    layout = _indicator_layout(_header(rows).columns)
    layout.legacy = legacy
    return layout


@lru_cache(maxsize=4096)
def _opens_header(row: tuple[str, ...]) -> bool:
    """A row (by its cell texts) that is a header row and no key–value row.

    Memoised: it is asked of every row until a table's first data row, and
    header rows repeat across tables and documents."""
    return H.is_header_row(row) and not _is_kv_row(row)


def _fill_rows(table: Table, lines: list, legacy: bool = False) -> None:
    known_headers: set[str] = set()
    header_rows: list[tuple[str, ...]] = []  # the current header's rows, as cell texts
    columns: list[Column] = []
    mapped: tuple[tuple[int, str], ...] = ()
    class_column = False
    section = "kv"
    started = False
    layout: IndicatorLayout | None = None
    state = IndicatorState()
    class_fill: str | None = None
    section_fill: str | None = None
    after_rule = False
    first_amount_col: int | None = None  # of a funds header
    header_index = -1  # of the current header in table.headers
    add_row = table.rows.append
    for line in lines:
        kind, number, text = line  # one unpacking: a Line's fields are descriptors
        if kind == "SEP_ROW":
            after_rule = True
            continue
        key = text.rstrip()
        if key in known_headers:
            continue  # a header repeated on a continuation page
        cells = split_cells(line)
        # Every section marker holds 指, 预 or 执 (H.MARKER_CHARS): lines with
        # none of them (most rows), or with no marker, skip the call, which
        # would return None.
        if ("指" in text or "预" in text or "执" in text) and H.may_hold_marker(text):
            strong = H.section_of(cells)
        else:
            strong = None
        if strong is not None or (not started and _opens_header(tuple(map(_TEXT, cells)))):
            known_headers.add(key)
            texts = tuple(map(_TEXT, cells))
            if H.is_filler_row(texts):
                continue
            if started or not header_rows:
                header_rows = [texts]
            else:
                header_rows.append(texts)
                del table.headers[-1]
            rows = tuple(header_rows)
            header = _header(rows)
            columns = list(header.columns)
            table.headers.append(columns)
            mapped, class_column = header.mapped, header.class_column
            header_index = len(table.headers) - 1
            table.header_lines.append(number)
            section = strong or header.section
            first_amount_col = header.first_amount_col if section == "funds" else None
            if section == "indicators":
                layout = _layout(rows, legacy)
                state = IndicatorState(projects=table.projects)
            started = False
            after_rule = False
            continue
        started = True
        # Every field positionally (keyword arguments cost twice as much, and
        # the default_factory call for ``fields`` more than a literal {}).
        row = Row(number, cells, {}, section, False, "", None, None, header_index)
        # Total labels hold 计 (合计, 总计 …) or 分 (总分): rows whose line has
        # neither skip the total tests (most rows).
        totals = "计" in text or "分" in text
        if section == "indicators":  # (a header of that section set the layout)
            if after_rule:
                # Rows printed after a table rule with no header before them are
                # fragments of another region of the page: no project, no fill-down.
                state.project = None
                state.level1 = state.level2 = None
                state.level1_cell = state.level2_cell = None
                after_rule = False
            if totals and _is_total_row(cells):
                row.section = "total"
                _total_fields(row)
            else:
                indicator = read_indicator_row(row, layout, state)
                if indicator is not None:
                    table.indicators.append(indicator)
                elif not any(map(_TEXT, cells[layout.start :])) and any(map(_TEXT, cells)):  # C-level: no generators
                    row.section = "project"
        else:
            _map_fields(row, mapped)
            if section == "funds":
                _realign_funds(row, columns, first_amount_col)
            class_fill, section_fill = _codes(row, class_column, class_fill, section_fill, totals)
        add_row(row)


_KV_LABELS = {"项目名称", "主管部门", "实施单位", "项目类别", "项目类型", "填报单位", "项目主管部门"}


def _is_kv_row(row: tuple[str, ...]) -> bool:
    """``项目名称  政府雇员经费``: a label and its value, not column headings."""
    texts = [t for t in row if t]
    return bool(texts) and compact(texts[0]) in _KV_LABELS and len(texts) <= 4


def _section_of_columns(columns: tuple[Column, ...]) -> str:
    fields = {c.field for c in columns}
    if {"level1", "level3"} & fields and ("level2" in fields or "value" in fields):
        return "indicators"
    if {"budget", "executed"} <= fields:
        return "funds"
    return "data"


def _indicator_layout(columns: tuple[Column, ...]) -> IndicatorLayout:
    positions: dict[str, int] = {}
    project_name = project_funds = project_code = None
    for col in columns:
        f = col.field
        if f is None:
            continue
        if f == "level3" or f in {"level1", "level2", "value", "value_content", "unit", "value_type", "explanation",
                                   "scoring", "actual", "weight", "score", "reason"}:
            positions.setdefault(f, col.index)
        elif f == "name":
            project_name = col.index if project_name is None else project_name
        elif f == "funds":
            project_funds = col.index if project_funds is None else project_funds
        elif f == "unit_code":
            project_code = col.index
    if "remark" not in positions:
        for col in columns:
            if col.path.endswith("备注"):
                positions["remark"] = col.index
                break
    if "level3" not in positions and "level2" in positions:
        positions["level3"] = positions["level2"] + 1
    if "level3" in positions and project_name is not None and project_name > positions["level3"]:
        project_name = None
    return IndicatorLayout(positions, project_name, project_funds, project_code)


def _is_total_row(cells: list[Cell]) -> bool:
    # A total cell holds 计 or 分: the test skips compacting every other cell.
    return any(compact(c.text) in {"总分", "合计", "总计"} for c in cells[:3] if "计" in c.text or "分" in c.text)


def _total_fields(row: Row) -> None:
    amounts = [c for c in row.cells if c.text and c.amount is not None]
    row.label = "总分"
    if len(amounts) >= 2:
        row.fields["weight"], row.fields["score"] = amounts[-2], amounts[-1]
    elif amounts:
        row.fields["score"] = amounts[-1]


def _map_fields(row: Row, mapped: tuple[tuple[int, str], ...]) -> None:
    """Each field to the row's cell in the first column of that field that has text."""
    cells = row.cells
    fields = row.fields
    n = len(cells)
    for index, name in mapped:
        if index < n:
            cell = cells[index]
            if cell.text and name not in fields:
                fields[name] = cell


def _first_amount_column(columns: tuple[Column, ...]) -> int | None:
    """The funds header's first amount column (computed once per header)."""
    return next((c.index for c in columns if c.field in {"initial_budget", "budget"}), None)


def _realign_funds(row: Row, columns: list[Column], first_amount_col: int | None) -> None:
    """Funds rows (年度资金总额 …) whose label sits off the header's label column;
    ``first_amount_col`` is :func:`_first_amount_column` of the header."""
    if first_amount_col is None:
        return
    # Any amount in the row, read by a C-level map (an Amount is always true),
    # else any of the words in a cell: in the cells' texts joined by TABs, as
    # no word holds a TAB (one join, not a generator step per cell and word).
    if not any(map(parse_amount, map(_TEXT, row.cells))):
        texts = "\t".join(map(_TEXT, row.cells))
        if not ("资金" in texts or "结转" in texts or "拨款" in texts):
            return
    label_index = None
    for i, c in enumerate(row.cells):  # the first text that is no amount (a loop: no generator per row)
        if c.text and c.amount is None and c.text != "-":
            label_index = i
            break
    if label_index is None:
        return
    shift = label_index - (first_amount_col - 1)
    row.label = row.cells[label_index].text
    if shift == 0:
        return
    row.shifted = True
    row.fields.clear()
    for col in columns:
        j = col.index + shift
        if col.field and 0 <= j < len(row.cells) and row.cells[j].text:
            row.fields[col.field] = row.cells[j]


def _codes(row: Row, class_column: bool, class_fill: str | None, section_fill: str | None, totals: bool = True):
    """Row label and classification code, with 类/款 filled down inside code columns
    (``class_column``: the header has a 类 column; ``totals``: the row's line
    holds 计 or 分, without which it cannot be a total row)."""
    f = row.fields
    name = f.get("name")
    if "class" in f or "section" in f or "item" in f or class_column:
        cls = f.get("class").text if "class" in f else ""
        sec = f.get("section").text if "section" in f else ""
        item = f.get("item").text if "item" in f else ""
        if cls:
            class_fill, section_fill = cls, sec or None
        elif sec and class_fill:
            cls = class_fill
        if sec:
            section_fill = sec
        elif item and section_fill:
            sec = section_fill
            cls = cls or class_fill or ""
        code = cls + sec + item if cls else ""
        if code and code_kind(code) == "function":
            row.code, row.code_kind = code, "function"
    if row.code is None:
        for key in ("economic_code", "code"):
            cell = f.get(key)
            if cell is not None and code_kind(cell.text):
                row.code, row.code_kind = cell.text, code_kind(cell.text)
                break
    label_cell = name
    if label_cell is None:  # the first text that is neither an amount nor a code (a loop: no generator per row)
        for c in row.cells:
            if c.text and parse_amount(c.text) is None and not _CODE.match(c.text):
                label_cell = c
                break
    label = row.label = label_cell.text if label_cell is not None else ""
    # Every total label holds 计 or 分: the tests skip compacting other texts.
    if totals and ("计" in label or "分" in label) and compact(label) in _TOTAL_LABELS or totals and any(
        compact(c.text) in {"合计", "总计"} for c in row.cells[:5] if "计" in c.text
    ):
        row.code_kind = "total"
    return class_fill, section_fill


__all__ = ["assemble", "kind_of", "normalize_label", "key_values_of"]
