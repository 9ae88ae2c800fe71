"""The parser's fast paths agree with the general code on real text."""

from __future__ import annotations

import pytest

from budgetlint import layout
from budgetlint.layout import Line, blocks, classify, classify_lines, split_cells
from budgetlint.source import read

from conftest import SAMPLES, SEEDS

FILES = sorted(SEEDS.glob("*.txt")) + sorted(SAMPLES.glob("*.txt"))
pytestmark = pytest.mark.skipif(not FILES, reason="no seed or sample files")


def _lines() -> list[str]:
    return [line for path in FILES for line in read(str(path)).lines]


def test_split_fast_path_matches_cell_by_cell_split() -> None:
    """Rows with no cell to strip take the C-level path; its columns must be
    exactly those of the cell-by-cell split."""
    rows = [l for l in classify_lines(_lines()) if l.type == "ROW"]
    fast = 0
    for line in rows:
        parts = line.text.split("\t")
        expected = layout._split_slow(parts, [p.strip() for p in parts], line.number)
        assert split_cells(line) == expected, line
        fast += [p.strip() for p in parts] == parts and "*" not in line.text and "\\" not in line.text
    assert fast > len(rows) // 2  # the seeds do exercise the fast path


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
