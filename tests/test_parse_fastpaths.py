"""The parser's fast paths agree with the general code on real text."""

from __future__ import annotations

import pytest

from budgetlint.layout import Line, blocks, classify, classify_lines, clean_cell, split_cells
from budgetlint.model import Cell
from budgetlint.source import read

from conftest import SAMPLES, SEEDS

FILES = sorted(SEEDS.glob("*.txt")) + sorted(SAMPLES.glob("*.txt"))
pytestmark = pytest.mark.skipif(not FILES, reason="no seed or sample files")


def _lines() -> list[str]:
    return [line for path in FILES for line in read(str(path)).lines]


def _reference_split(line: Line) -> list[Cell]:
    """Cells as the cell-by-cell split computed them before the fast path."""
    cells, offset = [], 0
    for index, part in enumerate(line.text.split("\t")):
        body = part.strip()
        start = offset if body is part or not body else offset + len(part) - len(part.lstrip())
        text = clean_cell(part) if "*" in body or "\\" in body else body
        cells.append(Cell(text, line.number, start + 1, start + len(body) + 1, index))
        offset += len(part) + 1
    return cells


def test_split_matches_reference_split() -> None:
    """Cells that need no stripping are built straight from the parts; every
    cell must still be the reference's, columns included."""
    rows = [l for l in classify_lines(_lines()) if l.type == "ROW"]
    rows += [Line("ROW", 1, t) for t in ("a\t b \t\t \t**合计**\tx\\_y", "\t\t", " \u3000 \t1")]
    for line in rows:
        assert split_cells(line) == _reference_split(line), line


def test_classify_lines_matches_classify() -> None:
    lines = _lines() + ["\t \t", "|--|--|", "--\t--", "a\tb"]
    expected = [(classify(t), n, t) for n, t in enumerate(lines, 1) if classify(t) is not None]
    assert [tuple(l) for l in classify_lines(lines)] == expected


def _one_token_per_line(classified: list[Line]) -> list[tuple[str, list[int]]]:
    """The grouping layout.lark describes, written out: runs of row lines,
    of prose/item lines, of metas, of notes; every other line alone."""
    groups = {"ROW": "rows", "PIPE_ROW": "rows", "SEP_ROW": "rows", "PROSE": "prose", "ITEM": "prose",
              "META": "metas", "NOTE": "notes"}
    out: list[tuple[str, list[int]]] = []
    for line in classified:
        group = groups.get(line.type)
        if group is not None and out and out[-1][0] == group:
            out[-1][1].append(line.number)
        else:
            out.append((group or line.type, [line.number]))
    return out


def test_runs_of_lines_group_as_single_lines_would() -> None:
    """The lexer hands the grammar runs of same-type lines; blocks must be
    those of the grammar's rules over single lines."""
    lines = _lines() + ["注：一", "注：二", "单位：万元", "- 1、项目", "说明。", "a\tb", "|--|--|", "| a | b |"]
    got = [(b.type, [l.number for l in b.lines]) for b in blocks(lines)]
    assert got == _one_token_per_line(classify_lines(lines))


def test_section_markers_hold_a_marker_char() -> None:
    """Table assembly asks section_of only of lines with 指/预/执 that
    may_hold_marker matches: every marker, and every alternative of the
    regex, must hold one of those characters, and section_of must be None
    on every other line."""
    from budgetlint.headers import _ANY_MARKER, MARKER_CHARS, SECTION_MARKERS, may_hold_marker, section_of

    for markers in SECTION_MARKERS.values():
        for marker in markers:
            assert any(ch in marker for ch in MARKER_CHARS), marker
    for alternative in _ANY_MARKER.pattern.split("|"):
        assert any(ch in alternative for ch in MARKER_CHARS), alternative
    for text in _lines():
        if "\t" in text and not (any(ch in text for ch in MARKER_CHARS) and may_hold_marker(text)):
            assert section_of(split_cells(Line("ROW", 1, text))) is None, text


def test_parse_leaves_the_collector_as_it_was() -> None:
    """parse_source moves the document to the oldest generation by freeze +
    unfreeze: the collector stays on, nothing stays frozen, and what a caller
    froze stays frozen."""
    import gc

    from budgetlint.document import parse_path

    assert gc.isenabled()
    doc = parse_path(str(FILES[0]))
    assert gc.isenabled() and gc.get_freeze_count() == 0 and gc.is_tracked(doc)
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        parse_path(str(FILES[0]))
        assert gc.get_freeze_count() >= frozen
    finally:
        gc.unfreeze()
