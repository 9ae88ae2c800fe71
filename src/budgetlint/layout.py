"""Lines to blocks: classify each line, group the lines into runs, and parse
the runs with the layout grammar.

The classifier is plain Python string work (one pass, no backtracking regex)
that also groups consecutive lines of one block rule into a run; the LALR
grammar in ``grammar/layout.lark`` takes one token per run.  Cells are split
from row lines only afterwards, which measured 4–5× faster than a grammar that
tokenises every cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from typing import NamedTuple

from lark import Lark, Token
from lark.lexer import Lexer

from .model import Cell
from .values import cached_lark

META_KEYS = (
    "金额单位",
    "单位名称",
    "单位编码",
    "单位代码",
    "部门名称",
    "部门（单位）名称",
    "部门(单位)名称",
    "填报单位",
    "编制单位",
    "预算单位",
    "填报日期",
    "单位",
)
_YEAR_LINE = re.compile(r"^[（(]\s*\d{4}\s*年\s*度?\s*[)）]$")
_TITLE_END = re.compile(r"表(?:[-—–]{1,2}[^。；;，,()（）]{0,40})?(?:[（(][^（）()]{0,40}[)）]){0,3}$")
_ITEM = re.compile(r"^(?:[-*+]\s+|\d{1,3}[、.．]\s*|[（(][一二三四五六七八九十\d]{1,3}[)）])")
_PART_HEADING = re.compile(r"^第[一二三四五六七八九十\d]+部分")
_MAX_TITLE = 80


class Line(NamedTuple):
    """A classified source line (1-based number).  A NamedTuple: a document
    has tens of thousands of lines and tuples are the cheapest to build."""

    type: str
    number: int
    text: str


_TAG = re.compile(r"</?[a-zA-Z][^<>]{0,200}>")


@lru_cache(maxsize=4096)
def strip_markup(text: str) -> str:
    """Text of a heading or title without markdown markers and HTML tags.

    Each step runs only when its marker is in the text: most lines have none,
    and skipping a step that would change nothing gives the same text.
    Memoised: it is asked of titles, unit lines, notes and headings, which
    repeat under every table and across disclosures."""
    t = text.strip()
    if t.startswith("#"):
        t = t.lstrip("#").strip()
    if "**" in t:
        t = t.replace("**", "")
    if "__" in t:
        t = t.replace("__", "")
    if "<" in t:
        t = _TAG.sub("", t)
    return t.strip()


def compact(text: str) -> str:
    """Text with all whitespace removed (titles are often letter-spaced)."""
    return "".join(text.split())


def classify(line: str) -> str | None:
    """The terminal type of one line, or None for a blank line."""
    stripped = line.strip()
    if not stripped:
        return None
    if "\t" in line:
        if _is_separator(stripped):
            return "SEP_ROW"
        return "ROW"
    return _classify_text(stripped)


#: A META line: one of META_KEYS, then a colon.
_META = re.compile("(?:%s)[：:]" % "|".join(map(re.escape, META_KEYS)))


@lru_cache(maxsize=4096)
def _classify_text(stripped: str) -> str:
    """The type of a non-blank line without TABs (``stripped`` is the line
    without surrounding whitespace).

    Memoised: the type depends on the text alone, and the lines that are not
    table rows repeat (a unit line, year line and note under every table,
    the same table titles in every disclosure of a kind), while a call costs
    a dozen string and regex tests.

    Every regex and every prefix test has a cheap ``in`` test in front for a
    character the match needs (a year line holds 年, a title 表, a note 注), so
    most lines skip most of the tests; the order of the tests is unchanged."""
    if "|" in stripped and stripped.startswith("|") and stripped.count("|") >= 2:
        return "SEP_ROW" if _is_separator(stripped) else "PIPE_ROW"
    if "-" in stripped and len(stripped) >= 3 and _is_separator(stripped):
        return "SEP_ROW"
    flat = compact(strip_markup(stripped))
    if not flat:
        return "HEADING" if stripped.startswith("#") else "PROSE"
    if "注" in flat and flat.startswith(("注：", "注:")):
        return "NOTE"
    if "年" in flat and _YEAR_LINE.match(flat):
        return "YEAR"
    if len(flat) <= 20 and flat.endswith("目录"):
        return "TOC"
    if len(flat) <= 120 and _META.match(flat):
        return "META"
    if _ITEM.match(stripped) and not stripped.startswith("#"):
        return "ITEM"
    if len(flat) <= _MAX_TITLE and "表" in flat and _TITLE_END.search(flat) and not _PART_HEADING.match(flat):
        return "TITLE"
    if stripped.startswith(("#", "**")) or stripped.endswith("**"):
        return "HEADING"
    return "PROSE"


def _is_separator(text: str) -> bool:
    """A markdown table rule: only dashes, pipes, colons, TABs and spaces,
    with at least one dash."""
    return "-" in text and not text.strip("-|:\t ")


#: The block rule of each line type whose lines group into runs: consecutive
#: lines of one rule are one block (a run of ROW and SEP_ROW lines is one
#: ``rows`` block).  Any other line is a block of its own.
_RUN_RULES = {
    "ROW": "rows", "PIPE_ROW": "rows", "SEP_ROW": "rows",
    "PROSE": "prose", "ITEM": "prose",
    "META": "metas",
    "NOTE": "notes",
}
#: The parser's terminal for a run of each rule, and back.
_RUN_TERMINALS = {rule: rule.upper() for rule in _RUN_RULES.values()}
_BLOCK_TYPES = {terminal: rule for rule, terminal in _RUN_TERMINALS.items()}


class _LineLexer(Lexer):
    """Feeds the runs of lines from ``_runs`` to the LALR parser as tokens."""

    def __init__(self, lexer_conf):  # noqa: D401 - Lark's interface
        pass

    def lex(self, data):  # type: ignore[override]
        return map(_token, data)


def _token(run: list[Line]) -> Token:
    """The token of a run of lines: typed as its rule's terminal (``ROWS`` for a
    ``rows`` run), or as its line for a line that is a block of its own."""
    # An empty token value, then the lines attached: building the token from
    # the list would format it as a string.  The arguments are positional
    # (type, value, start_pos, line, column): keywords cost a third more.
    first = run[0]
    rule = _RUN_RULES.get(first.type)
    token = Token(_RUN_TERMINALS[rule] if rule else first.type, "", None, first.number, 1)
    token.value = run
    return token


@lru_cache(maxsize=1)
def _parser() -> Lark:
    return cached_lark("layout.lark", lexer=_LineLexer)


@dataclass(slots=True)
class Block:
    """A run of lines of one kind (``rows``, ``prose``, ``metas``, ``notes``) or a
    single ``HEADING``/``TITLE``/``YEAR``/``TOC`` line."""

    type: str
    lines: list[Line]

    @property
    def line(self) -> int:
        return self.lines[0].number


def classify_lines(lines: list[str]) -> list[Line]:
    """The non-blank lines, classified."""
    return list(chain.from_iterable(_runs(lines)))


def _runs(lines: list[str]) -> list[list[Line]]:
    """Classify the non-blank lines and group them into runs, in one pass: a
    run is the lines of one block (consecutive lines of one ``_RUN_RULES``
    rule, or a single line of any other type).

    Classifying and grouping in one loop saves a second pass over every line
    (in the lexer), and a TAB line, nearly always a ROW that continues the
    open ``rows`` run, takes the shortest path through it."""
    runs: list[list[Line]] = []
    run: list[Line] = []
    rule = None  # the open run's rule; None after a line of its own
    new = tuple.__new__  # Line(...) goes through a Python-level __new__; this does not
    for number, text in enumerate(lines, 1):
        if "\t" in text:  # most lines are TAB rows: classify()'s first test, inlined
            if "-" in text:  # a possible separator (_is_separator, inlined)
                kind = "SEP_ROW" if not text.strip().strip("-|:\t ") else "ROW"
            elif text.isspace():
                continue
            else:
                kind = "ROW"
            line = new(Line, (kind, number, text))
            if rule == "rows":
                run.append(line)
                continue
            kind_rule = "rows"
        elif not text or text.isspace():  # blank lines, a fifth of all
            continue
        else:
            kind = _classify_text(text.strip())
            line = new(Line, (kind, number, text))
            kind_rule = _RUN_RULES.get(kind)
            if kind_rule is not None and kind_rule == rule:
                run.append(line)
                continue
        run = [line]
        runs.append(run)
        rule = kind_rule
    return runs


def blocks(lines: list[str]) -> list[Block]:
    """Group the document's lines into blocks with the layout grammar."""
    runs = _runs(lines)
    if not runs:
        return []
    tree = _parser().parse(runs)
    block_type = _BLOCK_TYPES.get
    return [Block(block_type(token.type, token.type), token.value) for token in tree.children]


_ESCAPES = re.compile(r"\\([_*#\[\]()`~|\\-])")


def clean_cell(text: str) -> str:
    """A cell's text without surrounding space, markdown emphasis or escapes."""
    t = text.strip()
    if "**" in t:
        t = t.replace("**", "").strip() or ("**" if text.strip() else "")
    if "\\" in t:
        t = _ESCAPES.sub(r"\1", t)
    return t


def split_cells(line: Line) -> list[Cell]:
    """Split a row line into cells, keeping each cell's exact columns.

    One function for TAB and pipe rows (a helper per separator cost a second
    Python call for each of the corpus's ~150k rows)."""
    text, number = line.text, line.number
    pipe = line.type == "PIPE_ROW"
    parts = text.split("|" if pipe else "\t")
    cells: list[Cell] = []
    append = cells.append
    new = tuple.__new__  # Cell(...) goes through a Python-level __new__; this does not
    marked = "*" in text or "\\" in text
    start = 1  # 1-based column of the current part
    for index, part in enumerate(parts):
        if not part:  # nearly half of all cells: nothing to measure or strip
            append(new(Cell, (part, number, start, start, index)))
            start += 1
            continue
        end = start + len(part)
        body = part.strip()
        # Nothing to strip or clean: most cells.  On a line with markers only
        # the parts that hold one need cleaning (a ``**`` row label leaves
        # the row's amounts as they are).
        if body is part and not (marked and ("*" in part or "\\" in part)):
            append(new(Cell, (part, number, start, end, index)))
        else:
            append(_odd_cell(part, body, number, start, index))
        start = end + 1
    if pipe:  # the outer pipes leave an empty cell at either end
        if cells and not cells[0].text:
            cells = cells[1:]
        if cells and not cells[-1].text:
            cells = cells[:-1]
        cells = [Cell(c.text, c.line, c.column, c.end_column, i) for i, c in enumerate(cells)]
    return cells


def _odd_cell(part: str, body: str, number: int, start: int, index: int) -> Cell:
    """The cell of a part with surrounding space, emphasis or escapes: it spans
    the stripped text (``start`` is the part's 1-based column)."""
    if body:
        start += len(part) - len(part.lstrip())
    text = clean_cell(part) if "*" in body or "\\" in body else body
    return Cell(text, number, start, start + len(body), index)
