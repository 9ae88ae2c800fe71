"""Source to Document: the whole parsing pipeline and the document's facts.

Facts a check needs beyond the tables are read here once: the budget year,
the organisation, the document type, the 目录 entries and the narrative
paragraphs with their line numbers.
"""

from __future__ import annotations

import re
from collections import Counter

from .gcpause import gc_paused
from .layout import Block, blocks, compact, split_cells, strip_markup
from .model import Document, Paragraph, Problem, TocEntry
from .source import Source, read
from .tables import assemble, kind_of

_YEAR = re.compile(r"(20\d{2})\s*年")
_ORG_SUFFIX = re.compile(r"(局|委员会|委|中心|办公室|院|所|站|厅|部|会|馆|队|处|校|学)$")
_ORG_KEYS = ("部门名称", "单位名称", "部门（单位）名称", "部门(单位)名称", "填报单位", "编制单位", "预算单位")
_TOC_NUMBER = re.compile(r"^[-*+]?\s*(\d{1,3})\s*[、.．]?\s*(.*)$")
_BUDGET_KINDS = {
    "income_expense_summary", "income_summary", "expense_summary", "fiscal_appropriation_summary",
    "general_budget_expense", "general_budget_basic_expense", "sangong", "government_fund_expense",
}


def parse_source(source: Source, aliases: tuple[tuple[str, str], ...] = ()) -> Document:
    with gc_paused(promote=True):  # the document outlives the parse
        doc = _parse_source(source, aliases)
    return doc


def _parse_source(source: Source, aliases: tuple[tuple[str, str], ...]) -> Document:
    doc = Document(path=source.path, encoding=source.encoding, lines=source.lines)
    doc.problems.extend(source.problems)
    all_blocks = blocks(source.lines)
    body, toc = _split_toc(all_blocks)
    doc.toc = toc
    doc.year = _year(all_blocks)
    tables, rest = assemble(body, aliases, doc.year)
    doc.tables = tables
    metas: dict[str, str] = {}
    for block in rest:
        if block.type == "prose":
            doc.paragraphs.extend(Paragraph(strip_markup(l.text), l.number) for l in block.lines)
        elif block.type == "HEADING":
            text = strip_markup(block.lines[0].text)
            if len(compact(text)) > 20:
                doc.paragraphs.append(Paragraph(text, block.line))
        elif block.type == "metas":
            for line in block.lines:
                key, _, value = compact(strip_markup(line.text)).replace(":", "：").partition("：")
                metas.setdefault(key, value)
        elif block.type == "notes":
            from .model import Note

            doc.notes.extend(Note(strip_markup(l.text), l.number) for l in block.lines)
    doc.organization = _organization(metas, tables, all_blocks)
    doc.document_type = _document_type(all_blocks, tables)
    for table in tables:
        for row in table.rows:
            if row.shifted:
                first = next((c for c in row.cells if c.text), None)
                doc.problems.append(
                    Problem(
                        "P902",
                        "row re-aligned to the header",
                        row.line,
                        first.column if first else 1,
                        first.end_column if first else None,
                        {"table": table.title},
                    )
                )
    return doc


def parse_path(path: str, aliases: tuple[tuple[str, str], ...] = ()) -> Document:
    return parse_source(read(path), aliases)


def _split_toc(all_blocks: list[Block]) -> tuple[list[Block], list[TocEntry]]:
    """Take the 目录 and its entries out of the block stream.

    The 目录 runs from its heading over short entry lines (numbered table
    titles, section names, 第…部分 headings); the first line that is running
    prose (a sentence, a long line) ends it, and the rest is the document."""
    body: list[Block] = []
    entries: list[TocEntry] = []
    in_toc = False
    for block in all_blocks:
        if block.type == "TOC":
            in_toc = True
            continue
        if in_toc and block.type in {"rows", "prose"}:
            for i, line in enumerate(block.lines):
                entry = _toc_entry(line)
                if entry is not None:
                    entries.append(entry)
                elif not _toc_like(line):
                    in_toc = False
                    body.append(Block(block.type, block.lines[i:]))
                    break
            continue
        in_toc = False
        body.append(block)
    return body, entries


def _toc_like(line) -> bool:
    """A line that can stand in a 目录: short, no sentence punctuation."""
    text = compact(strip_markup(line.text)).replace("\t", "")
    return len(text) <= 30 and not any(p in text for p in "。；;，,：:")


def _toc_entry(line) -> TocEntry | None:
    if line.type in {"ROW", "PIPE_ROW"}:
        texts = [c.text for c in split_cells(line) if c.text]
    else:
        texts = [strip_markup(line.text)]
    if not texts:
        return None
    number = None
    if len(texts) >= 2 and texts[0].isdigit():
        number, title = texts[0], texts[1]
    else:
        m = _TOC_NUMBER.match(texts[0])
        if m and m.group(2):
            number, title = m.group(1), m.group(2)
        else:
            title = texts[0]
    title = title.strip()
    if number is None or not compact(title).endswith(("表", "表）", "表)")) and "表" not in title:
        return None
    return TocEntry(number, title, line.number, kind_of(title))


def _year(all_blocks: list[Block]) -> int | None:
    votes: Counter[int] = Counter()
    for block in all_blocks:
        if block.type in {"TITLE", "YEAR", "HEADING"}:
            for m in _YEAR.finditer(block.lines[0].text):
                votes[int(m.group(1))] += 2 if block.type != "HEADING" else 1
    if votes:
        return votes.most_common(1)[0][0]
    for block in all_blocks[:40]:
        for line in block.lines:
            m = _YEAR.search(line.text)
            if m:
                return int(m.group(1))
    return None


def _organization(metas: dict[str, str], tables, all_blocks: list[Block]) -> str | None:
    for key in _ORG_KEYS:
        if metas.get(key):
            return metas[key]
    for table in tables:
        for key in _ORG_KEYS:
            if table.meta.get(key):
                return table.meta[key]
        for key in ("单位", ):
            value = table.meta.get(key, "")
            if "_" in value:
                return value.split("_", 1)[1]
    for table in tables[:3]:
        for kv_row in table.rows[:4]:
            cells = [c.text for c in kv_row.cells if c.text]
            if len(cells) >= 2 and compact(cells[0]) in ("部门名称", "单位名称", "主管部门", "项目主管部门"):
                return cells[1]
            if len(cells) >= 4 and compact(cells[2]) in ("项目主管部门", "主管部门"):
                return cells[3]
    for block in all_blocks[:6]:
        if block.type in {"HEADING", "PROSE", "prose"}:
            text = strip_markup(block.lines[0].text)
            if _ORG_SUFFIX.search(compact(text)) and len(compact(text)) <= 30:
                return compact(text)
    return None


def _document_type(all_blocks: list[Block], tables) -> str | None:
    heads = " ".join(
        block.lines[0].text for block in all_blocks[:60] if block.type in {"HEADING", "TITLE", "TOC"}
    ) + " ".join(t.title for t in tables)
    kinds = {t.kind for t in tables}
    if "决算" in heads:
        return "部门决算"
    if "自评" in heads:
        return "绩效自评"
    if kinds & _BUDGET_KINDS or "预算公开" in heads:
        return "部门预算"
    if kinds & {"project_performance_targets", "department_performance_targets"}:
        return "绩效目标"
    return None
