"""Helpers shared by the reconciliation and "三公" checks (R102–R106, S301–S304).

What is here is what several of those checks need: which columns of a row
hold money, the header as a tree (for 小计/合计 columns), a rounding-aware sum
that also sees a blank total or blank parts, an equality test, key–value
look-ups near a given line, the 三公 items of a table whichever way it is laid
out, and the 三公 amounts stated in the narrative.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from operator import attrgetter

from . import arithmetic
from .checklib import header_at, per_document, per_header, per_table
from .headers import field_of
from .model import Amount, Cell, Column, Document, KeyValue, Row, Table
from .tables import normalize_label
from .values import parse_amount


# ---------------------------------------------------------------------------
# Money cells and amount columns

#: Fields that name, code or describe a row: never summed.
LABEL_FIELDS = frozenset(
    {
        "class", "section", "item", "code", "economic_code", "unit_code", "name", "goal",
        "level1", "level2", "level3", "value", "value_content", "value_type", "unit",
        "explanation", "scoring", "reason", "execution_rate", "weight", "score",
    }
)
_LABEL_PART = re.compile(
    r"^(?:项目(?!支出)|类|款|项|科目|功能科目|经济科目|部门名称|单位名称|备注|说明|\*\*)$"
    r"|名称|编码|代码|^项目[（(]|备注|说明"
)
_AGGREGATE_PART = {"小计", "合计", "总计", "金额"}
UNIT_FACTORS = {"元": Decimal("0.0001"), "千元": Decimal("0.1"), "万元": Decimal(1), "万": Decimal(1),
                "百万元": Decimal(100), "亿元": Decimal(10000)}


def money(cell: Cell | None) -> Amount | None:
    """The amount of a cell that holds money (not a percentage), else None."""
    if cell is None or not cell.text:
        return None
    amount = parse_amount(cell.text)  # Cell.amount, without the property (asked for every cell)
    if amount is None or amount.unit == "%":
        return None
    return amount


def parts_of(path: str) -> list[str]:
    return list(_path_parts(path))


# Header paths repeat in every row and every check of a table: the three pure
# functions of a path below are memoised on the (short) path text.
@lru_cache(maxsize=4096)
def _path_parts(path: str) -> tuple[str, ...]:
    return tuple(p for p in path.split("/") if p and p != "**")


@lru_cache(maxsize=4096)
def _is_label_path(path: str) -> bool:
    parts = _path_parts(path)
    if not parts:
        return True
    return bool(_LABEL_PART.search(parts[-1])) or any(p in {"功能科目", "经济科目", "科目编码"} for p in parts[:-1])


@lru_cache(maxsize=4096)
def _path_name(path: str) -> str:
    return "/".join(_path_parts(path))


def is_label_column(col: Column) -> bool:
    return col.field in LABEL_FIELDS or _is_label_path(col.path)


def amount_columns(table: Table, row: Row) -> list[Column]:
    """Columns of the row's header that can hold money (not labels or codes)."""
    return _amount_columns(table, row.header_index)


@per_header
def _amount_columns(table: Table, header_index: int) -> list[Column]:
    # Worked out once per header of a table: asked for row after row.
    return [c for c in header_at(table, header_index) if not is_label_column(c)]


def cell_at(row: Row, index: int) -> Cell | None:
    return row.cells[index] if 0 <= index < len(row.cells) else None


_CELLS = attrgetter("cells")


def column_cells(rows: list[Row], index: int) -> list[Cell | None]:
    """``cell_at(row, index)`` for each row: a column of a run of rows at once."""
    if index < 0:
        return [None] * len(rows)
    return [cells[index] if index < len(cells) else None for cells in map(_CELLS, rows)]


def column_name(col: Column) -> str:
    return _path_name(col.path) or str(col.index)


def with_text(cell: Cell, text: str) -> Cell:
    """A copy of ``cell`` (same position) holding ``text``."""
    return Cell(text, cell.line, cell.column, cell.end_column, cell.index)


# ---------------------------------------------------------------------------
# Sums and equalities


def check_parts(
    ctx,
    total: Cell | None,
    addends: list[tuple[str, Cell | None]],
    *,
    label: str,
    blank_as_zero: bool = False,
    **extra,
):
    """``ctx.check_sum`` that skips text cells and, with ``blank_as_zero``, also
    compares a blank total with non-blank parts (or a non-zero total with all
    parts blank) by reading the blank side as 0.  Returns the comparison, or
    None when there is nothing to compare or the parts add up exactly."""
    if adds_up(total, [c for _, c in addends], blank_as_zero=blank_as_zero):
        return None  # the common case, without the rounding analysis
    present = [(lbl, c) for lbl, c in addends if c is not None and c.text]
    if not total.text:
        if not blank_as_zero or not present or all(money(c).value == 0 for _, c in present):
            return None
        total = with_text(total, "0")
    if not present:
        if not blank_as_zero or money(total).value == 0:
            return None
        first = next((c for _, c in addends if c is not None), None)
        if first is None:
            return None
        addends = [(addends[0][0], with_text(first, "0"))]
    return ctx.check_sum(total, addends, label=label, **extra)


_ZERO = Amount(Decimal(0), 0, "0")


def adds_up(total: Cell | None, parts: list[Cell | None], *, blank_as_zero: bool = False, read=money) -> bool:
    """True when ``check_parts(ctx, total, parts)`` cannot report anything: a
    text cell on either side, a blank total it would not compare, or parts
    that add up to the total exactly.  The common case, tested before a check
    builds the labels and evidence of a comparison it will not need.  With
    ``read=Cell.amount.fget`` it answers for ``ctx.check_sum``, which reads
    percentages too."""
    if total is None:
        return True
    if total.text:
        t = read(total)
        if t is None:
            return True
    elif not blank_as_zero:
        return True
    else:
        t = _ZERO  # a blank total is compared as 0 (see check_parts)
    # The exact sum, in the default decimal context: amounts of 20 characters
    # or more may not fit it and are left to the rounding analysis.
    exact = len(t.raw) < 20
    expected = _ZERO.value
    for cell in parts:
        if cell is None or not cell.text:
            continue
        a = read(cell)
        if a is None:
            return True
        if len(a.raw) >= 20:
            exact = False
        expected += a.value
    return exact and expected == t.value


def check_equal(ctx, at: Cell, actual: Amount, expected: Amount, *, label: str, rule: str | None = None, **extra):
    """Two printed figures that must be the same: report beyond the coarser
    printed precision under the check's code, within it as R107."""
    difference = actual.value - expected.value
    if difference == 0:
        return "exact"
    allowance = Decimal(0)
    if actual.decimals != expected.decimals:
        allowance = arithmetic.half_unit(min(actual.decimals, expected.decimals))
    evidence = dict(label=label, expected=expected.value, actual=actual.value, difference=difference, **extra)
    if abs(difference) <= allowance:
        ctx.report(at, code="R107", rule=rule or ctx.check.code, allowance=allowance,
                   equation=f"{actual.raw} ≈ {expected.raw}", **evidence)
        return "rounding"
    ctx.report(at, **evidence)
    return "mismatch"


# ---------------------------------------------------------------------------
# Key–value blocks


def kv_near(table: Table, labels: tuple[str, ...], after: int | None = None, within: int = 6) -> KeyValue | None:
    """First key–value pair with one of ``labels`` (normalised), at or after
    line ``after`` and at most ``within`` lines below it."""
    wanted = {normalize_label(x) for x in labels}
    for kv in table.key_values:
        if after is not None and not (after <= kv.cell.line <= after + within):
            continue
        if normalize_label(kv.label) in wanted:
            return kv
    return None


# ---------------------------------------------------------------------------
# The header as a tree


@dataclass
class HeaderNode:
    name: str
    path: str
    column: Column | None = None
    children: list["HeaderNode"] = field(default_factory=list)

    def child(self, name: str) -> "HeaderNode":
        for c in self.children:
            if c.name == name:
                return c
        node = HeaderNode(name, f"{self.path}/{name}" if self.path else name)
        self.children.append(node)
        return node

    @property
    def aggregate(self) -> "HeaderNode | None":
        """The child column that totals this group (小计/合计/总计/金额)."""
        found = [c for c in self.children if c.column is not None and not c.children and c.name in _AGGREGATE_PART]
        return found[0] if len(found) == 1 else None

    def parts(self) -> list["HeaderNode"]:
        """Children that add up to this group (not its aggregate, not 其中 columns)."""
        agg = self.aggregate
        return [c for c in self.children if c is not agg and not c.name.startswith("其中")]


def header_tree(columns: list[Column]) -> HeaderNode | None:
    """The amount columns as a tree; None when the header is ambiguous
    (duplicate paths, a column that is also a group)."""
    root = HeaderNode("", "")
    seen: set[str] = set()
    for col in columns:
        if is_label_column(col):
            continue
        parts = _path_parts(col.path)
        key = _path_name(col.path)
        if key in seen:
            return None
        seen.add(key)
        node = root
        for p in parts:
            if node.column is not None:
                return None
            node = node.child(p)
        if node.children:
            return None
        node.column = col
    return root


def node_value(node: HeaderNode) -> list[Column] | None:
    """The column that carries a group's value, as a one-element list; or, for
    a group without an aggregate column, the columns whose sum is its value.
    None when the group cannot be summed unambiguously."""
    if node.column is not None and not node.children:
        return [node.column]
    agg = node.aggregate
    if agg is not None:
        return [agg.column]
    if any(c.name.startswith("其中") for c in node.children):
        return None
    out: list[Column] = []
    for child in node.children:
        sub = node_value(child)
        if sub is None:
            return None
        out.extend(sub)
    return out


# ---------------------------------------------------------------------------
# Function and economic classification codes


_UNIT_CODE = re.compile(r"\d{3,9}")


def is_unit_row(row: Row) -> bool:
    """A row of a unit (``048``, ``048001``, ``501001``) rather than a code."""
    if row.code_kind in {"function", "economic"}:
        return False
    for key in ("unit_code", "code", "economic_code"):
        cell = row.fields.get(key)
        if cell is not None and _UNIT_CODE.fullmatch(cell.text.replace("\\_", "").strip("_")):
            return True
    return False


# ---------------------------------------------------------------------------
# 三公


SANGONG_FIELDS = ("total", "abroad", "vehicle", "vehicle_purchase", "vehicle_operation", "reception")
SANGONG_ITEMS = ("abroad", "vehicle", "vehicle_purchase", "vehicle_operation", "reception")
SANGONG_NAMES = {
    "total": "“三公”经费合计",
    "abroad": "因公出国（境）费",
    "vehicle": "公务用车购置及运行费",
    "vehicle_purchase": "公务用车购置费",
    "vehicle_operation": "公务用车运行费",
    "reception": "公务接待费",
}


@dataclass
class SangongRecord:
    """The 三公 figures of one row (or of a table laid out vertically)."""

    line: int
    label: str
    cells: dict[str, Cell]
    row: Row | None = None
    is_total: bool = False

    def get(self, key: str) -> Cell | None:
        return self.cells.get(key)


def sangong_item(label: str) -> str | None:
    t = normalize_label(label).replace('"', "").replace("“", "").replace("”", "")
    if "三公" in t:
        return "total"
    if "因公出国" in t:
        return "abroad"
    if "公务用车购置及运行" in t:
        return "vehicle"
    if "公务用车购置" in t:
        return "vehicle_purchase"
    if "公务用车运行" in t:
        return "vehicle_operation"
    if "公务接待" in t:
        return "reception"
    return None


def _column_fields(columns: list[Column], extra_rows: list[Row]) -> dict[int, str]:
    """Sangong field per column index; header rows the parser took for data
    rows (``其中：公务用车购置`` has no header word) are appended to the paths."""
    paths = {c.index: c.path for c in columns}
    for row in extra_rows:
        for cell in row.cells:
            if cell.text:
                base = paths.get(cell.index, "")
                paths[cell.index] = f"{base}/{cell.text}" if base else cell.text
    out: dict[int, str] = {}
    for index, path in paths.items():
        f = field_of(path) if path else None
        if f in SANGONG_FIELDS:
            out[index] = f
    return out


def _looks_like_header(row: Row) -> bool:
    texts = [c.text for c in row.cells if c.text]
    return bool(texts) and all(money(c) is None for c in row.cells if c.text) and sum(
        1 for t in texts if sangong_item(t) or normalize_label(t) in _AGGREGATE_PART
    ) >= 2


@per_table
def sangong_records(table: Table) -> list[SangongRecord]:
    """The 三公 figures of a table: one record per body row when the items are
    columns, else one record built from labelled rows (vertical layout).
    Built once per table (S301–S304 each ask, and only read them)."""
    records: list[SangongRecord] = []
    by_header: dict[int, list[Row]] = {}
    for row in table.rows:
        if row.section == "data":
            by_header.setdefault(row.header_index, []).append(row)
    for index, rows in by_header.items():
        columns = header_at(table, index)
        extra: list[Row] = []
        for row in rows:
            if _looks_like_header(row):
                extra.append(row)
            else:
                break
        fields = _column_fields(columns, extra)
        if len([f for f in fields.values() if f in SANGONG_ITEMS]) < 1:
            continue
        for row in rows[len(extra):]:
            if row.shifted:
                continue
            cells = {f: row.cells[i] for i, f in fields.items() if i < len(row.cells)}
            if not any(money(c) is not None for c in cells.values()):
                continue
            label = row.label or next((c.text for c in row.cells if c.text and money(c) is None), "")
            records.append(SangongRecord(row.line, label, cells, row, row.code_kind == "total"))
    if records:
        return records
    cells: dict[str, Cell] = {}
    first_line = 0
    for kv in table.key_values:
        item = sangong_item(kv.label)
        if item is not None and item not in cells and kv.amount.unit != "%":
            cells[item] = kv.cell
            first_line = first_line or kv.cell.line
    if len(cells) >= 2:
        return [SangongRecord(first_line, "", cells, None, True)]
    return []


def sangong_summary(table: Table) -> SangongRecord | None:
    """The record that stands for the whole table (its 合计 row, else the only row)."""
    records = sangong_records(table)
    totals = [r for r in records if r.is_total and normalize_label(r.label) in {"合计", "总计", ""}]
    if totals:
        return totals[0]
    return records[0] if len(records) == 1 else None


# ---------------------------------------------------------------------------
# 三公 amounts stated in the narrative

_MENTION = re.compile(
    r"(?P<item>[“\"‘']?三公[”\"’']?经费|因公出国[（(]境[）)]费用?|公务用车购置及运行(?:维护)?费|"
    r"公务用车购置费?|公务用车运行(?:维护)?费|公务用车(?:费用?)?|公务接待费用?)"
    r"(?P<filler>[^\d。；;，,、（()）：:“”\"]{0,14}?)"
    r"(?P<number>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>亿元|千元|万元|元)"
)
_SENTENCE_END = "。！？!?；;"
_SENTENCE_ENDS = tuple(_SENTENCE_END)
_LINE = attrgetter("line")
#: A filler with one of these words states a change (``较上年减少 1.50 万元``), not a level.
_CHANGE = re.compile(r"[较比增减降升]|节约|变动|差")


@dataclass
class Mention:
    item: str
    value: Decimal
    unit: str
    raw: str
    line: int
    column: int
    end_column: int

    @property
    def in_wan(self) -> Decimal:
        return self.value * UNIT_FACTORS[self.unit]

    def cell(self) -> Cell:
        return Cell(self.raw, self.line, self.column, self.end_column, 0)


def _mention_item(text: str) -> str:
    item = sangong_item(text)
    if item is None and "公务用车" in text:
        return "vehicle"
    return item or "vehicle"


@per_document
def sangong_statements(doc: Document) -> list[list[Mention]]:
    """Sentences of the narrative that state 三公 amounts, as their mentions
    (paragraphs a page break split in mid-sentence are joined); read once per
    document for S301, S302 and S304, which only read them."""
    statements: list[list[Mention]] = []
    groups: list[list[tuple[int, str]]] = []
    named: list[bool] = []  # per group: whether a paragraph of it names a 三公 item
    for p in sorted(doc.paragraphs, key=_LINE):
        text = p.text
        names = "三公" in text or "公务接待" in text or "公务用车" in text or "因公出国" in text
        last = groups[-1][-1] if groups else None
        if last is not None and last[0] >= p.line - 2 and not last[1].rstrip().endswith(_SENTENCE_ENDS):
            groups[-1].append((p.line, text))
            named[-1] = named[-1] or names
        else:
            groups.append([(p.line, text)])
            named.append(names)
    for group, names in zip(groups, named):
        if not names:
            continue
        joined = ""
        spans: list[tuple[int, int, int]] = []  # (offset in joined, line, column of the text in the line)
        for line, text in group:
            base = doc.line_text(line).find(text)
            spans.append((len(joined), line, base))
            joined += text
        offset = 0
        for sentence in re.split(f"(?<=[{_SENTENCE_END}])", joined):
            current: list[Mention] = []
            for m in _MENTION.finditer(sentence):
                if _CHANGE.search(m.group("filler")):
                    continue
                at = offset + m.start("number")
                start, line, base = max((s for s in spans if s[0] <= at), key=lambda s: s[0])
                raw = sentence[m.start("number"):m.end()]
                column = base + (at - start) + 1 if base >= 0 else max(doc.line_text(line).find(raw) + 1, 1)
                value = Decimal(m.group("number").replace(",", ""))
                current.append(Mention(_mention_item(m.group("item")), value, m.group("unit"), raw,
                                       line, column, column + len(raw)))
            if current:
                statements.append(current)
            offset += len(sentence)
    return statements
