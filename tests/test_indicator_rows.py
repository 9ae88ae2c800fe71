"""Reading indicator rows: the positional reading and its shortcuts."""

from __future__ import annotations

from decimal import Decimal

from budgetlint.indicator_rows import IndicatorLayout, IndicatorState, _positional, read_indicator_row
from budgetlint.model import Cell, Row

# A project table: 项目名称, 资金, then the indicator columns.
PROJECT = {"level1": 2, "level2": 3, "level3": 4, "value": 5, "unit": 6}


def _cells(*texts: str) -> list[Cell]:
    return [Cell(t, 1, i + 1, i + 1 + len(t), i) for i, t in enumerate(texts)]


def _layout(positions: dict[str, int], project: bool = False) -> IndicatorLayout:
    return IndicatorLayout(dict(positions), project_name=0 if project else None, project_funds=1 if project else None)


def test_positional_keeps_empty_name_and_value_cells_only() -> None:
    cells = _cells("", "", "", "", "培训人数", "", "")
    out = _positional(cells, _layout(PROJECT), 2)
    assert list(out) == ["level3", "value"]
    assert out["value"].text == ""


def test_text_left_of_the_categories_is_not_positional() -> None:
    """The first text of the region must be at or after the first category
    column, whether or not the category and name cells have text."""
    layout = _layout(PROJECT)
    assert _positional(_cells("", "x", "产出指标", "数量指标", "培训人数", "100", "人"), layout, 1) is None
    assert _positional(_cells("", "x", "", "", "", "100", "人"), layout, 1) is None
    assert _positional(_cells("", "", "", "", "", "", ""), layout, 0) == {}


def test_region_starting_at_the_categories_needs_no_scan() -> None:
    layout = _layout(PROJECT)
    out = _positional(_cells("x", "1.00", "产出指标", "数量指标", "培训人数", "100", "人"), layout, 2)
    assert [(f, c.text) for f, c in out.items()] == [
        ("level1", "产出指标"), ("level2", "数量指标"), ("level3", "培训人数"), ("value", "100"), ("unit", "人"),
    ]
    # Empty category and name cells: the region's first text decides.
    assert _positional(_cells("", "", "", "", "", "100", "人"), layout, 2) is None


def test_project_funds_are_read_with_the_project_name() -> None:
    layout = _layout(PROJECT, project=True)
    state = IndicatorState()
    first = Row(1, _cells("培训项目", "12.50", "产出指标", "数量指标", "培训人数", "100", "人"))
    later = Row(2, _cells("", "8.00", "", "", "培训场次", "4", "场"))
    assert read_indicator_row(first, layout, state).project == "培训项目"
    assert read_indicator_row(later, layout, state).project == "培训项目"
    assert [(p.name, p.funds.value if p.funds else None) for p in state.projects] == [("培训项目", Decimal("12.50"))]


def test_row_fields_are_the_assigned_cells() -> None:
    row = Row(1, _cells("产出指标", "数量指标", "培训人数", "≥100人"))
    indicator = read_indicator_row(row, _layout({"level1": 0, "level2": 1, "level3": 2, "value": 3}), IndicatorState())
    assert {f: c.text for f, c in row.fields.items()} == {
        "level1": "产出指标", "level2": "数量指标", "level3": "培训人数", "value": "≥100人",
    }
    assert (indicator.level1, indicator.level2, indicator.name, indicator.unit_text, indicator.reason) == (
        "产出指标", "数量指标", "培训人数", None, None,
    )
