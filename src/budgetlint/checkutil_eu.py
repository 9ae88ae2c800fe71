"""Helpers shared by the execution (E4xx) and unit (U5xx) checks.

Self-evaluation tables (绩效自评表) carry a funds block (年初预算数 / 全年预算 /
全年执行数 / 分值 / 执行率 / 得分), indicator rows with 分值 / 得分, and a 总分 row.
Unit checks compare an indicator's kind (read from its name) with the unit of
its target, which may be printed in the value cell itself or in a separate
度量单位 column.  What several of these checks need is written once here.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from .checklib import per_table
from .model import Amount, Cell, Indicator, IndicatorValue, Row, Table
from .values import normalize, parse_amount, parse_value, unit_kind

HUNDRED = Decimal(100)

#: Field names of the funds block that hold numbers.
FUNDS_FIELDS = ("initial_budget", "budget", "executed", "weight", "execution_rate", "score")

#: Words a unit column holds when it holds no unit.
NO_UNIT = frozenset({"", "/", "-", "—", "--", "／", "无", "是", "否", "定性", "定量"})

_MONEY_SCALE = {"元": Decimal(1), "千元": Decimal(1000), "万": Decimal(10000), "万元": Decimal(10000),
                "亿": Decimal(10) ** 8, "亿元": Decimal(10) ** 8}
_HEADER_UNIT = re.compile(r"[(（]\s*(亿元|万元|千元|元)\s*[)）]")


# ---------------------------------------------------------------------------
# funds block


def amount_of(row: Row, name: str) -> Amount | None:
    cell = row.fields.get(name)
    return None if cell is None or not cell.text else cell.amount


@per_table
def funds_rows(table: Table) -> list[Row]:
    """Funds rows with a budget or execution figure, each distinct set of figures
    once: 其中：当年财政拨款 usually repeats 年度资金总额 and must not double a finding.
    Computed once per table (five execution checks ask)."""
    seen: set[tuple] = set()
    out = []
    for row in table.rows:
        if row.section != "funds":
            continue
        if amount_of(row, "executed") is None and amount_of(row, "execution_rate") is None:
            continue
        key = tuple((row.fields[f].text if f in row.fields else "") for f in FUNDS_FIELDS if f != "weight")
        if key in seen:
            continue
        seen.add(key)
        out.append(row)
    return out


def denominator(row: Row, field: str) -> tuple[str, Amount | None]:
    """The 执行率 denominator named by the profile (``budget`` = 全年预算, or
    ``initial_budget`` = 年初预算数); 全年预算 when the named column is absent."""
    amt = amount_of(row, field)
    if amt is None and field != "budget":
        field, amt = "budget", amount_of(row, "budget")
    return field, amt


DENOMINATOR_LABEL = {"budget": ("全年预算", "annual budget"), "initial_budget": ("年初预算数", "initial budget")}


def rate_percent(amount: Amount) -> Amount:
    """A printed rate in percent: ``36%`` → 36; a bare fraction ``0.36`` → 36."""
    if amount.unit == "%" or amount.value > 1 or amount.decimals < 2:
        return amount
    return Amount(amount.value * HUNDRED, max(amount.decimals - 2, 0), amount.raw, "%")


def fmt(value: Decimal, places: int = 2) -> Decimal:
    """``value`` rounded to ``places`` decimals, trailing zeros dropped (120, 35.66)."""
    q = value.quantize(Decimal(1).scaleb(-places))
    return q.quantize(Decimal(1)) if q == q.to_integral_value() else q.normalize()


# ---------------------------------------------------------------------------
# 分值 / 得分 of indicator rows


def _number(cell: Cell | None) -> Amount | None:
    if cell is None or not cell.text:
        return None
    a = cell.amount
    return a if a is not None and a.unit in (None, "分") else None


@per_table
def weight_scores(table: Table) -> list[tuple[Indicator, Cell, Cell]]:
    """(indicator, 分值 cell, 得分 cell) for each indicator of the table that
    has both, computed once per table (three execution checks ask).

    :func:`weight_score` finds both cells or neither, and neither when the
    parser found neither: an indicator with no 分值 and no 得分 cell (every
    indicator of a target table) is left out without the call."""
    out = []
    for ind in table.indicators:
        if ind.weight_cell is not None or ind.score_cell is not None:
            w, s = weight_score(ind)
            if w is not None:
                out.append((ind, w, s))
    return out


def weight_score(ind: Indicator) -> tuple[Cell, Cell] | tuple[None, None]:
    """The 分值 and 得分 cells of an indicator row, or neither.

    When the parser found only one of the two (a row whose 二级指标 cell was
    merged away, so every cell sits one column left), the last two adjacent
    plain numbers of the row are taken instead: they are 分值 and 得分 in that
    order in every self-evaluation layout.
    """
    w, s = ind.weight_cell, ind.score_cell
    wa, sa = _number(w), _number(s)
    if (wa is None) == (sa is None):
        return (w, s) if wa is not None else (None, None)
    numeric = [c for c in ind.row.cells if _number(c) is not None]
    if len(numeric) >= 2 and numeric[-1].index == numeric[-2].index + 1:
        return numeric[-2], numeric[-1]
    return None, None


def total_row(table: Table) -> Row | None:
    return next((r for r in table.rows if r.section == "total"), None)


# ---------------------------------------------------------------------------
# units of indicator values


def own_value(ind: Indicator) -> IndicatorValue | None:
    """The value as printed in its own cell, without a unit borrowed from the
    度量单位 column (the parser composes the two into ``ind.value``)."""
    if ind.value is None:
        return None
    if ind.value_cell is None or not ind.unit_text:
        return ind.value
    own = parse_value(ind.value_cell.text)
    return own if is_quantity(own) else ind.value


def column_unit(ind: Indicator) -> str | None:
    """The 度量单位 column's unit when it holds a recognisable unit, else None
    (placeholders, prose shifted into the column, digits)."""
    return _column_unit(ind.unit_text or "")


@lru_cache(maxsize=4096)
def _column_unit(unit_text: str) -> str | None:
    # Memoised per 度量单位 text: a table repeats a handful of units.
    text = normalize(unit_text)
    if text in NO_UNIT or any(ch.isdigit() for ch in text):
        return None
    return text if unit_kind(text) not in ("none", "other") else None


def column_is_blank(ind: Indicator) -> bool:
    return normalize(ind.unit_text or "") in NO_UNIT


def is_quantity(value: IndicatorValue | None) -> bool:
    return value is not None and value.kind in ("quantitative", "range")


def is_zero(value: IndicatorValue) -> bool:
    if value.kind == "range":
        return value.low == 0 and value.high == 0
    return value.number == 0


def money_scale(unit: str | None) -> Decimal | None:
    """元 per unit for a money unit (``万元/人`` → 10000), None otherwise."""
    if not unit:
        return None
    head = unit.split("/", 1)[0].strip()
    return _MONEY_SCALE.get(head)


def same_unit(a: str | None, b: str | None) -> bool:
    """Units that measure the same thing at the same scale (万 = 万元, % = 百分比)."""
    if (a or None) == (b or None):
        return True
    if a is None or b is None:
        return False
    sa, sb = money_scale(a), money_scale(b)
    if sa is not None or sb is not None:
        return sa == sb and a.partition("/")[2] == b.partition("/")[2]
    return unit_kind(a) == unit_kind(b) == "ratio"


def value_text(value: IndicatorValue | None, cell: Cell | None = None) -> str:
    if cell is not None and cell.text:
        return cell.text
    return value.raw if value is not None else ""


# ---------------------------------------------------------------------------
# declared money unit of a table


def declared_unit(table: Table) -> str | None:
    """The table's money unit: ``金额单位：万元`` or a header such as ``项目资金 (万元)``."""
    if table.unit and money_scale(table.unit.strip()) is not None:
        return table.unit.strip()
    for header in table.headers:
        for col in header:
            m = _HEADER_UNIT.search(col.path or "")
            if m:
                return m.group(1)
    for row in table.rows:  # 当年预算情况(万元) heading a key–value block
        if row.section == "kv" and row.cells:
            m = _HEADER_UNIT.search(row.cells[0].text)
            if m:
                return m.group(1)
    return None


@lru_cache(maxsize=65536)
def amount_unit(text: str) -> tuple[Amount, str] | None:
    """A money amount that carries its own money unit (``3000元``, ``49.05万``);
    memoised per text, since a money table's cells are mostly plain numbers
    that repeat."""
    amt = parse_amount(text) if text else None
    if amt is None or amt.unit is None or money_scale(amt.unit) is None:
        return None
    return amt, amt.unit
