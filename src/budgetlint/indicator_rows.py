"""Indicator rows: fill-down, re-alignment of shifted cells, typed indicators.

PDF conversion merges and shifts cells, so an indicator row cannot be read by
column position alone.  A row is read positionally when its cells sit where the
header says; otherwise it is re-aligned by content: category words (一级/二级
指标) are recognised by name, the first other text is the indicator's name,
and the remaining cells are mapped by the offset between where the name was
found and where the header puts it.  Re-aligned rows are marked ``shifted``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter

from .indicators import name_kind
from .model import Cell, Indicator, Project, Row
from .values import parse_value

LEVEL1 = {
    "产出指标": "产出指标",
    "产出": "产出指标",
    "效益指标": "效益指标",
    "效益": "效益指标",
    "效果指标": "效益指标",
    "满意度指标": "满意度指标",
    "满意度": "满意度指标",
    "成本指标": "成本指标",
    "成本": "成本指标",
}
LEVEL2 = {
    "数量指标", "质量指标", "时效指标", "成本指标", "经济成本指标", "社会成本指标",
    "生态环境成本指标", "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标",
    "服务对象满意度指标", "社会公众或服务对象满意度指标", "满意度指标", "项目成本",
    "数量", "质量", "时效", "经济效益", "社会效益", "生态效益", "可持续影响",
    "服务对象满意度", "社会公众或服务对象满意度", "社会公众满意度指标",
}
# The 一级指标 a 二级指标 belongs to, used when a shifted row lost its 一级 cell.
IMPLIED_LEVEL1 = {
    "数量指标": "产出指标", "质量指标": "产出指标", "时效指标": "产出指标",
    "数量": "产出指标", "质量": "产出指标", "时效": "产出指标",
    "经济效益指标": "效益指标", "社会效益指标": "效益指标", "生态效益指标": "效益指标",
    "可持续影响指标": "效益指标", "经济成本指标": "成本指标", "社会成本指标": "成本指标",
    "生态环境成本指标": "成本指标", "服务对象满意度指标": "满意度指标",
}
STRUCTURAL = {"年度绩效指标", "绩效指标", "本年度绩效指标", "项目绩效指标", "绩效目标"}
COMPARATOR_ONLY = {"≥", "≤", "=", ">", "<", "＞", "＜", "≧", "≦", "＝", "定性", "定量", ">=", "<="}
PLACEHOLDER = {"/", "-", "—", "--", "／", "无"}
_VALUE_LIKE = re.compile(r"^[≥≤=<>＞＜≧≦]?\s*[-+]?\d[\d.,]*\s*(?:%|％|[\u4e00-\u9fff]{0,2})$")
_DATE_LIKE = re.compile(r"^\d{4}\s*(?:年\s*(?:\d{1,2}\s*月[^，,。]{0,16}|度|底前?|内|全年)?|[.\-/]\d{1,2}[^，,。]{0,20}|全年)$")
_TRAILING_NUMBER = re.compile(r"^(.*?[^\d\s.])\s+(\d+(?:\.\d+)?)$")
_TRAILING_COMPARATOR = re.compile(r"^(.*?)\s*([≥≤=<>＞＜])$")
_COMPARATOR_CHARS = tuple("≥≤=<>＞＜")  # what _TRAILING_COMPARATOR's last character can be
_PLAIN_NUMBER = re.compile(r"[-+]?\d[\d.,]*")
_TEXT = attrgetter("text")



@lru_cache(maxsize=16384)
def flat(text: str) -> str:
    """``text`` without whitespace; memoised, as a row's cells go through
    several of the tests below."""
    return "".join(text.split())


@lru_cache(maxsize=4096)
def level1_of(text: str) -> str | None:
    return LEVEL1.get(flat(text))


@lru_cache(maxsize=4096)
def level2_of(text: str) -> str | None:
    t = flat(text)
    if t in LEVEL2:
        return t
    return None


@lru_cache(maxsize=8192)
def is_category(text: str) -> bool:
    return level1_of(text) is not None or level2_of(text) is not None


@lru_cache(maxsize=8192)
def is_value_like(text: str) -> bool:
    t = text.strip()
    return t in COMPARATOR_ONLY or bool(_VALUE_LIKE.match(t)) or bool(_DATE_LIKE.match(t))


@lru_cache(maxsize=8192)
def _reads_as_value(text: str) -> bool:
    value = parse_value(text)
    return value.kind in {"quantitative", "range", "date", "period"} and value.number is not None or value.kind == "range"


@lru_cache(maxsize=8192)
def is_blank(text: str) -> bool:
    return not text or flat(text) in PLACEHOLDER


@dataclass(slots=True)
class IndicatorLayout:
    """Where the header puts each indicator field, and the project columns.

    ``start`` (the first category/name column), the category and name
    columns and ``columns`` (each field's column, and whether an empty cell
    there is still assigned) are derived from ``positions`` once per header,
    not per row."""

    positions: dict[str, int]
    project_name: int | None = None
    project_funds: int | None = None
    project_code: int | None = None
    legacy: bool = False
    start: int = field(init=False)
    level1: int | None = field(init=False)
    level2: int | None = field(init=False)
    level3: int | None = field(init=False)
    after_name: list[str] = field(init=False)
    columns: tuple[tuple[str, int, bool], ...] = field(init=False)

    def __post_init__(self) -> None:
        pos = self.positions
        self.level1, self.level2, self.level3 = pos.get("level1"), pos.get("level2"), pos.get("level3")
        cols = [pos[f] for f in ("level1", "level2", "level3") if f in pos]
        self.start = min(cols) if cols else 0
        self.after_name = _fields_after_name(pos)
        # A row is assigned the name and value cells even when they are empty,
        # the other cells only with text; in header order, as in row.fields.
        self.columns = tuple((f, i, f in ("value", "level3")) for f, i in pos.items())


@dataclass(slots=True)
class IndicatorState:
    """What fills down from row to row: the current categories and project."""

    level1: str | None = None
    level2: str | None = None
    level1_cell: Cell | None = None
    level2_cell: Cell | None = None
    project: Project | None = None
    projects: list[Project] = field(default_factory=list)


def _project_from_prefix(row: Row, layout: IndicatorLayout, state: IndicatorState, upto: int) -> bool:
    cells = row.cells
    name_cell = funds_cell = None
    if layout.project_name is not None and layout.project_name < len(cells):
        candidate = cells[layout.project_name]
        if candidate.text and not candidate.amount and not is_category(candidate.text):
            name_cell = candidate
            # Read only beside a name: most rows continue a project and have neither.
            if layout.project_funds is not None and layout.project_funds < len(cells):
                if cells[layout.project_funds].amount is not None:
                    funds_cell = cells[layout.project_funds]
    if name_cell is None:
        # A shifted project row: a text followed by an amount before the categories.
        prefix = list(filter(_TEXT, cells[:upto]))
        for i, c in enumerate(prefix[:-1]):
            if not c.amount and prefix[i + 1].amount is not None and not is_category(c.text):
                name_cell, funds_cell = c, prefix[i + 1]
                row.shifted = True
                break
    if name_cell is None:
        return False
    if state.project is None or state.project.name != name_cell.text:
        code = None
        if layout.project_code is not None and layout.project_code < len(cells):
            code = cells[layout.project_code].text or None
        project = Project(name_cell.text, row.line, funds_cell.amount if funds_cell else None, funds_cell, code)
        state.project = project
        state.projects.append(project)
        state.level1 = state.level2 = None
        state.level1_cell = state.level2_cell = None
    return True


def _first_category(cells: list[Cell]) -> int | None:
    """The index of the first 一级/二级 category cell, or None."""
    for i, c in enumerate(cells):  # a loop: no generator per row
        text = c.text  # read once: a NamedTuple field costs more than a local
        if text and is_category(text):
            return i
    return None


def read_indicator_row(row: Row, layout: IndicatorLayout, state: IndicatorState) -> Indicator | None:
    """Read one row of an indicator section; update fill-down state."""
    cells = row.cells
    start = layout.start
    if layout.project_name is not None:
        first_category = _first_category(cells)
        upto = first_category if first_category is not None and first_category > start else start
        _project_from_prefix(row, layout, state, upto)
        region_start = start
        if first_category is not None and first_category > start:
            region_start = first_category
        elif first_category is not None and first_category < start:
            region_start = first_category
            row.shifted = True
    else:
        region_start = 0
    assigned = _positional(cells, layout, region_start)
    if assigned is None:
        assigned = _realign(cells, layout, region_start)
        if assigned is not None:
            row.shifted = True
    if assigned is None:
        return None
    l1 = assigned.get("level1")
    l2 = assigned.get("level2")
    implied = assigned.pop("level1_implied", None)
    if implied is not None and l1 is None:
        state.level1 = IMPLIED_LEVEL1[flat(implied.text)]
        state.level1_cell = implied
    if l1 is not None:
        text = l1.text
        state.level1 = level1_of(text) or flat(text)
        state.level1_cell = l1
        state.level2 = None
        state.level2_cell = None
    if l2 is not None:
        text = l2.text
        state.level2 = level2_of(text) or flat(text)
        state.level2_cell = l2
    if row.fields:
        row.fields.update(assigned)
    else:
        row.fields = assigned  # a new dict of this row's: no copy needed
    name_cell = assigned.get("level3")
    if name_cell is None:
        return None
    name = name_cell.text
    if is_blank(name):
        return None
    name = name.strip()
    value_cell = assigned.get("value")
    value_text = value_cell.text if value_cell is not None else ""
    m = _TRAILING_COMPARATOR.match(name) if name.endswith(_COMPARATOR_CHARS) else None
    if m and m.group(1):
        name, value_text = m.group(1), m.group(2) + value_text
    if not value_text:
        m = _TRAILING_NUMBER.match(name)
        if m:
            name, value_text = m.group(1).strip(), m.group(2)
            value_cell = name_cell
            row.shifted = True
    # Each cell's text read once: a NamedTuple field costs more than a local.
    unit_cell = assigned.get("unit")
    unit = unit_cell.text if unit_cell is not None else None
    type_cell = assigned.get("value_type")
    value_type = type_cell.text if type_cell is not None else None
    content_cell = assigned.get("value_content")
    actual_cell = assigned.get("actual")
    actual_text = actual_cell.text if actual_cell is not None else ""
    reason_cell = assigned.get("reason")
    value = _target_value(value_text, unit, value_type)
    actual = parse_value(actual_text) if actual_text else None
    # Positional arguments, in field order: keyword arguments made this call
    # four times slower (3.5 µs, with 24 of them), once per indicator.
    return Indicator(
        row.line,
        state.level1,
        state.level2,
        name,
        name_kind(name),
        value,
        row,
        name_cell,
        value_cell,
        unit or None,  # unit_text
        unit_cell,
        value_type or None,
        type_cell,
        (content_cell.text or None) if content_cell is not None else None,  # value_content
        content_cell,
        actual,
        actual_cell,
        assigned.get("weight"),  # weight_cell
        assigned.get("score"),  # score_cell
        (reason_cell.text or None) if reason_cell is not None else None,  # reason
        state.project.name if state.project else None,  # project
        state.level1_cell,
        state.level2_cell,
    )


_UNIT_WORDS = {"百分比": "%", "%": "%", "％": "%"}


@lru_cache(maxsize=16384)
def _target_value(value: str, unit: str | None, value_type: str | None):
    """The target value read from its split columns; memoised, as the same
    (value, unit, type) texts recur row after row (composing them took
    longer than reading the composed text, itself memoised)."""
    composed = compose_value(value, unit, value_type)
    return parse_value(composed) if composed.strip() else parse_value("")


def compose_value(value: str, unit: str | None, value_type: str | None) -> str:
    """Join split value columns (指标值 + 度量单位 + 指标值类型) into one value text."""
    text = value.strip()
    if not text:
        return ""
    if unit:
        u = unit.strip()
        u = _UNIT_WORDS.get(u, u)
        if u and u not in PLACEHOLDER and u not in {"是", "否"} and not any(ch.isdigit() for ch in u) and _PLAIN_NUMBER.fullmatch(text):
            text = text + u
    if value_type:
        t = value_type.strip()
        if t in COMPARATOR_ONLY and t not in {"定性", "定量"} and not any(ch in text for ch in "≥≤=<>＞＜≧≦"):
            text = t + text
    return text


def _cell_at(cells: list[Cell], index: int | None) -> Cell | None:
    if index is None or index < 0 or index >= len(cells):
        return None
    return cells[index]


def _positional(cells: list[Cell], layout: IndicatorLayout, region_start: int) -> dict[str, Cell] | None:
    """Assign by header position if the row fits the header; else None."""
    n = len(cells)
    i1, i2, i3 = layout.level1, layout.level2, layout.level3
    l1 = cells[i1] if i1 is not None and i1 < n else None
    l2 = cells[i2] if i2 is not None and i2 < n else None
    name = cells[i3] if i3 is not None and i3 < n else None
    # Each text read once: a NamedTuple field costs more than a local.
    t1 = l1.text if l1 is not None else ""
    t2 = l2.text if l2 is not None else ""
    tn = name.text if name is not None else ""
    if region_start != layout.start or not (t1 or t2 or tn):
        # Skipped when the region starts at the header's first category/name
        # column and one of those cells has text: the region's first text is
        # then at or after that column, which is all this tests.
        first = _first_text(cells, region_start)
        if first is None:
            return {}
        if first < layout.start:
            return None
    if t1 and _not_level1(t1):
        return None
    if t2 and _not_level2(t2):
        return None
    if not tn:
        # Only categories on this row (a placeholder row), or the name is missing.
        for c in cells[((i3 or 0) + 1) :]:  # any text right of the name column (a loop, stopping at the first)
            if c.text and not is_blank(c.text):
                return None
        out = {}
        if t1:
            out["level1"] = l1
        if t2:
            out["level2"] = l2
        return out
    if _not_a_name(tn):
        return None
    if t2 and _uncategorised(t2) and _reads_as_value(tn):
        # The 二级 cell holds the indicator's name and the name cell its value:
        # the row lost its 二级 cell.
        return None
    out: dict[str, Cell] = {}
    for f, i, keep_empty in layout.columns:
        if i < n:
            c = cells[i]
            if c.text or keep_empty:
                out[f] = c
    return out


def _first_text(cells: list[Cell], begin: int) -> int | None:
    """The index of the first cell from ``begin`` on that has text, or None."""
    for i in range(begin, len(cells)):  # a loop: no generator per row
        if cells[i].text:
            return i
    return None


# The tests _positional makes on a cell's text, one memoised call each (the
# same category and name texts recur on every row of a table).


@lru_cache(maxsize=8192)
def _not_level1(text: str) -> bool:
    """Text in the 一级 column that is no 一级 category (nor an unknown …指标)."""
    return level1_of(text) is None and (not flat(text).endswith("指标") or level2_of(text) is not None)


@lru_cache(maxsize=8192)
def _not_level2(text: str) -> bool:
    """Text in the 二级 column that is a value or only a 一级 category."""
    return bool(is_value_like(text) or (level1_of(text) and level2_of(text) is None))


@lru_cache(maxsize=8192)
def _not_a_name(text: str) -> bool:
    """Text in the name column that is a category, a value or a structural heading."""
    return is_category(text) or is_value_like(text) or flat(text) in STRUCTURAL


@lru_cache(maxsize=8192)
def _uncategorised(text: str) -> bool:
    """Text that is no 二级 category and does not end like one (…指标)."""
    return level2_of(text) is None and not flat(text).endswith("指标")


def _ambiguous_is_level2(cells: list[Cell], index: int, pos: dict[str, int], legacy: bool) -> bool:
    """成本指标 is a 一级 since 财预〔2021〕101号 and a 二级 under 产出指标 before:
    the column decides where it is clear, the framework of the year otherwise."""
    if pos.get("level2") == index:
        return True
    if flat(cells[index].text) != "成本指标":
        return False
    if _left_shifted(cells, index, pos):
        return True
    if pos.get("level1") == index:
        return False
    return legacy


def _realign(cells: list[Cell], layout: IndicatorLayout, region_start: int) -> dict[str, Cell] | None:
    """Assign by content (see the module docstring)."""
    pos, legacy = layout.positions, layout.legacy
    out: dict[str, Cell] = {}
    name_index = None
    seen_l2_text = None
    for i in range(region_start, len(cells)):
        c = cells[i]
        if not c.text or is_blank(c.text):
            continue
        t = flat(c.text)
        if t in STRUCTURAL:
            continue
        if "level1" not in out and "level2" not in out and level1_of(t) and (
            _next_is_level2(cells, i) or not (level2_of(t) and _ambiguous_is_level2(cells, i, pos, legacy))
        ):
            out["level1"] = c
            continue
        if "level2" not in out and level2_of(t):
            out["level2"] = c
            seen_l2_text = t
            if "level1" not in out and i <= pos.get("level1", -1) and IMPLIED_LEVEL1.get(t):
                out["level1_implied"] = c
            continue
        if seen_l2_text is not None and t == seen_l2_text:
            continue
        if is_value_like(c.text) and "level3" in pos:
            # No name on this row: anchor the rest on the header by this cell.
            break
        out["level3"] = c
        name_index = i
        break
    if name_index is None:
        if not out:
            # A row without a name: map by header positions from the first value.
            return _nameless(cells, pos, region_start)
        return out
    shift = name_index - pos.get("level3", name_index)
    n = len(cells)
    for f in layout.after_name:  # the fields right of the name, in column order
        j = pos[f] + shift
        if 0 <= j < n:
            c = cells[j]
            if c.text:
                out[f] = c
    vt = out.get("value_type")
    if vt is not None and vt.text.strip() not in COMPARATOR_ONLY and is_value_like(vt.text) and (
        "value" not in out or not is_value_like(out["value"].text)
    ):
        out["value"] = out.pop("value_type")
    if "value" in pos and "value" not in out:
        for f in ("unit", "value_content", "explanation"):
            c = out.get(f)
            if c is not None and c.text.strip() not in COMPARATOR_ONLY and is_value_like(c.text):
                out["value"] = out.pop(f)
                break
    if "value" in pos and "value" not in out:
        taken = {id(c) for c in out.values()}
        rest = [
            c
            for c in cells[name_index + 1 :]
            if c.text and not is_blank(c.text) and id(c) not in taken and c.text.strip() not in COMPARATOR_ONLY
        ]
        between = any(f in pos and pos[f] < pos["value"] for f in ("explanation", "value_content"))
        if rest:
            out["value"] = rest[1] if between and len(rest) >= 2 else rest[0]
        else:
            last = next((c for c in reversed(cells[name_index + 1 :]) if c.text and not is_blank(c.text)), None)
            if last is not None and last.text.strip() not in COMPARATOR_ONLY:
                for f in [k for k, v in out.items() if v is last]:
                    out.pop(f)
                out["value"] = last
    return out


def _fields_after_name(pos: dict[str, int]) -> list[str]:
    """The fields right of the name column, in column order."""
    return [f for f, p in sorted(pos.items(), key=lambda kv: kv[1]) if p > pos.get("level3", -1)]


def _next_is_level2(cells: list[Cell], index: int) -> bool:
    nxt = next((c for c in cells[index + 1 :] if c.text), None)
    return nxt is not None and level2_of(nxt.text) is not None and level1_of(nxt.text) is None


def _left_shifted(cells: list[Cell], index: int, pos: dict[str, int]) -> bool:
    """A 成本指标 at the 一级 column on a row whose name sits one column left of
    where the header puts it is a shifted 二级 (legacy placement), not a 一级."""
    if pos.get("level1") != index:
        return False
    nxt = next((j for j in range(index + 1, len(cells)) if cells[j].text), None)
    return nxt is not None and "level3" in pos and nxt == pos["level3"] - 1 and not is_category(cells[nxt].text)


def _nameless(cells: list[Cell], pos: dict[str, int], region_start: int) -> dict[str, Cell] | None:
    first = next((i for i in range(region_start, len(cells)) if cells[i].text and not is_blank(cells[i].text)), None)
    if first is None:
        return {}
    out: dict[str, Cell] = {}
    for f, p in pos.items():
        c = _cell_at(cells, p)
        if c is not None and c.text and p >= first:
            out[f] = c
    out.pop("level3", None)
    return out
