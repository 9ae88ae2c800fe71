"""The typed model of a parsed disclosure.

Everything a check sees is defined here, so that checks depend on one small
vocabulary and never on the text, the grammar or the parser's internals.
Positions are 1-based lines and columns of the *original* source (columns count
characters, not bytes), so a finding can always point at the exact cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any, NamedTuple


@dataclass(frozen=True, slots=True)
class Amount:
    """A printed number: its exact value and the precision it was printed with.

    ``decimals`` is the number of printed decimal places; rounding-aware
    comparison treats the amount as the interval ``value ± 0.5·10^-decimals``.
    ``unit`` is a unit printed next to the number (``万``, ``元``, ``%``) if any.
    """

    value: Decimal
    decimals: int
    raw: str
    unit: str | None = None

    def half_unit(self, decimals: int | None = None) -> Decimal:
        d = self.decimals if decimals is None else decimals
        return Decimal(5).scaleb(-(d + 1))

    def to_json(self) -> str:
        return str(self.value)


@dataclass(frozen=True, slots=True)
class IndicatorValue:
    """An indicator's target (or actual) value as read by the value grammar.

    ``kind`` is one of ``quantitative``, ``range``, ``qualitative``, ``date``,
    ``period`` or ``empty``.  ``unit_kind`` is one of ``ratio``, ``count``,
    ``money``, ``duration``, ``date``, ``area``, ``other`` or ``none``.
    """

    raw: str
    kind: str
    comparator: str | None = None
    number: Decimal | None = None
    decimals: int | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    unit: str | None = None
    unit_kind: str = "none"
    text: str | None = None
    year: int | None = None
    latex: bool = False

    def to_json(self) -> dict[str, Any]:
        def num(x: Decimal | None) -> str | None:
            return None if x is None else str(x)

        return {
            "raw": self.raw,
            "kind": self.kind,
            "comparator": self.comparator,
            "number": num(self.number),
            "low": num(self.low),
            "high": num(self.high),
            "unit": self.unit,
            "unit_kind": self.unit_kind,
            "text": self.text,
        }


class Cell(NamedTuple):
    """One TAB-separated cell: cleaned text plus its exact source span.

    A NamedTuple rather than a dataclass: documents have millions of cells and
    tuple construction is several times cheaper.
    """

    text: str
    line: int
    column: int
    end_column: int
    index: int

    @property
    def empty(self) -> bool:
        return not self.text

    @property
    def amount(self) -> Amount | None:
        return _parse_amount(self.text) if self.text else None


def _parse_amount(text: str) -> Amount | None:
    """values.parse_amount, imported on first use (values imports this
    module), which then takes this function's place: later calls go straight
    to the memoised parser (``Cell.amount`` is read a million times a run)."""
    global _parse_amount
    from .values import parse_amount

    _parse_amount = parse_amount
    return parse_amount(text)


@dataclass(frozen=True, slots=True)
class Column:
    """A table column: its flattened header path and the semantic field it maps to."""

    index: int
    path: str
    field: str | None


@dataclass(slots=True)
class Row:
    """A body row of a table.

    ``fields`` maps semantic field names (``total``, ``basic``, ``level1`` …) to
    cells.  ``section`` says which part of a composite table the row belongs to
    (``data``, ``kv``, ``funds``, ``indicators``, ``project``).  ``shifted`` is
    set when cells did not fit the header and were re-aligned.
    """

    line: int
    cells: list[Cell]
    fields: dict[str, Cell] = field(default_factory=dict)
    section: str = "data"
    shifted: bool = False
    label: str = ""
    code: str | None = None
    code_kind: str | None = None
    header_index: int = 0

    def get(self, name: str) -> Cell | None:
        return self.fields.get(name)

    def amount(self, name: str) -> Amount | None:
        cell = self.fields.get(name)
        return None if cell is None else cell.amount

    @property
    def text(self) -> str:
        return "\t".join(c.text for c in self.cells)


@dataclass(frozen=True, slots=True)
class KeyValue:
    """A label followed by an amount inside a row (``收入预算合计  422.51``)."""

    label: str
    amount: Amount
    label_cell: Cell
    cell: Cell


@dataclass(slots=True)
class Project:
    """A project inside a table that lists several (seed 003's 项目支出绩效目标表)."""

    name: str
    line: int
    funds: Amount | None = None
    funds_cell: Cell | None = None
    code: str | None = None


@dataclass(slots=True)
class Indicator:
    """One performance indicator (三级指标) with its filled-down parents."""

    line: int
    level1: str | None
    level2: str | None
    name: str
    name_kind: str
    value: IndicatorValue | None
    row: Row
    name_cell: Cell | None = None
    value_cell: Cell | None = None
    unit_text: str | None = None
    unit_cell: Cell | None = None
    value_type: str | None = None
    value_type_cell: Cell | None = None
    value_content: str | None = None
    value_content_cell: Cell | None = None
    actual: IndicatorValue | None = None
    actual_cell: Cell | None = None
    weight_cell: Cell | None = None
    score_cell: Cell | None = None
    reason: str | None = None
    project: str | None = None
    level1_cell: Cell | None = None
    level2_cell: Cell | None = None

    @property
    def weight(self) -> Amount | None:
        return None if self.weight_cell is None else self.weight_cell.amount

    @property
    def score(self) -> Amount | None:
        return None if self.score_cell is None else self.score_cell.amount

    def to_json(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "project": self.project,
            "level1": self.level1,
            "level2": self.level2,
            "name": self.name,
            "name_kind": self.name_kind,
            "value": None if self.value is None else self.value.to_json(),
            "unit_column": self.unit_text,
            "value_type": self.value_type,
            "value_content": self.value_content,
            "actual": None if self.actual is None else self.actual.to_json(),
            "weight": None if self.weight is None else self.weight.to_json(),
            "score": None if self.score is None else self.score.to_json(),
            "shifted": self.row.shifted,
        }


@dataclass(slots=True)
class Note:
    """A note line (``注：…``) under a table or in the document."""

    text: str
    line: int


@dataclass
class Table:
    """A table, with continuation pages merged into one."""

    kind: str
    title: str
    line: int
    end_line: int
    title_line: int | None = None
    unit: str | None = None
    unit_line: int | None = None
    meta: dict[str, str] = field(default_factory=dict)
    headers: list[list[Column]] = field(default_factory=list)
    header_lines: list[int] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)

    @property
    def columns(self) -> list[Column]:
        return self.headers[0] if self.headers else []

    @cached_property
    def key_values(self) -> list[KeyValue]:
        from .tables import key_values_of

        return key_values_of(self)

    def find_kv(self, *labels: str) -> KeyValue | None:
        """First key–value pair whose normalised label is one of ``labels``."""
        from .tables import normalize_label

        wanted = {normalize_label(x) for x in labels}
        for kv in self.key_values:
            if normalize_label(kv.label) in wanted:
                return kv
        return None


    @property
    def is_empty(self) -> bool:
        """True when no body cell holds a non-zero number or an indicator."""
        if self.indicators:
            return False
        for row in self.rows:
            for cell in row.cells[1:]:
                amt = cell.amount
                if amt is not None and amt.value != 0:
                    return False
        return True


@dataclass(slots=True)
class TocEntry:
    """An entry of the 目录: its number, title, line and the table kind it names."""

    number: str | None
    title: str
    line: int
    kind: str


@dataclass(slots=True)
class Paragraph:
    """A narrative paragraph (prose line or long heading) with its position."""

    text: str
    line: int
    column: int = 1


@dataclass(slots=True)
class Problem:
    """A problem found while reading or parsing (becomes a P9xx finding)."""

    code: str
    message: str
    line: int
    column: int = 1
    end_column: int | None = None
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Document:
    """A parsed disclosure: its lines, tables and the facts read from it.

    (Every dataclass here has a docstring: without one, ``dataclass`` builds
    it from ``inspect.signature``, a measurable part of importing.)"""

    path: str
    encoding: str
    lines: list[str]
    year: int | None = None
    organization: str | None = None
    document_type: str | None = None
    tables: list[Table] = field(default_factory=list)
    toc: list[TocEntry] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: Values derived from the document that several checks need, computed once
    #: (checks share them through ``memo``; the model itself never reads it).
    memo: dict[str, Any] = field(default_factory=dict)

    def tables_of(self, *kinds: str) -> list[Table]:
        return [t for t in self.tables if t.kind in kinds]

    def line_text(self, line: int) -> str:
        if 1 <= line <= len(self.lines):
            return self.lines[line - 1]
        return ""
