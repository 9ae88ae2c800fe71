"""The report an auditor reads: findings grouped by file and table, each with
its source line, the offending cell highlighted, and the arithmetic.

Document text is always added as ``Text`` (never parsed as markup) after
:func:`inert` has neutralised control characters, so a cell reading
``[bold red]x[/]`` or holding an ANSI escape prints as what it is.  Findings are
rendered into one ``Text`` (a rich ``Table`` per finding costs ~0.6 ms); tables
are used only for the summary.
"""

from __future__ import annotations

import io
from collections import Counter

from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from . import summary_counts
from .safe_text import inert

STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
LABEL = {
    "zh": {"error": "错误", "warning": "警告", "info": "提示", "files": "文件", "tables": "表格",
           "indicators": "指标", "findings": "问题", "time": "用时", "code": "代码", "name": "名称",
           "count": "数量", "none": "未发现问题", "table": "表", "document": "文档"},
    "en": {"error": "error", "warning": "warning", "info": "info", "files": "files", "tables": "tables",
           "indicators": "indicators", "findings": "findings", "time": "time", "code": "code", "name": "name",
           "count": "count", "none": "no findings", "table": "table", "document": "document"},
}


def _source_line(lines: list[str] | None, f) -> Text | None:
    if not lines or not (1 <= f.line <= len(lines)):
        return None
    original = lines[f.line - 1]
    # Map the finding's columns (in the original line) to the display line.
    start = f.column - 1
    end = max(f.end_column - 1, start)
    before = inert(original[:start].replace("\t", " ⇥ "))
    hit = inert(original[start:end].replace("\t", " ⇥ "))
    after = inert(original[end:].replace("\t", " ⇥ "))
    text = Text("    │ ", style="dim")
    # A window around the offending cell: Chinese text is two cells wide, so
    # 24 characters each side keep the line on one row of a normal terminal.
    keep = 24
    if len(before) > keep:
        before = "…" + before[-keep:]
    if len(after) > keep:
        after = after[:keep] + "…"
    if len(hit) > 3 * keep:
        hit = hit[: 3 * keep] + "…"
    text.append(before)
    text.append(hit or " ", style="bold reverse")
    text.append(after)
    return text


def render_findings(results, ctx, sources: dict[str, list[str]] | None = None) -> Text:
    labels = LABEL.get(ctx.lang, LABEL["zh"])
    out = Text()
    for r in results:
        if r.error:
            out.append(inert(r.path), style="bold")
            out.append("\n  ")
            out.append(labels["error"], style=STYLE["error"])
            out.append(" " + inert(r.error) + "\n\n")
            continue
        if not r.findings:
            continue
        out.append(inert(r.path), style="bold underline")
        out.append("\n")
        current = object()
        for f in r.findings:
            table = (f.table_kind, f.table_title)
            if table != current:
                current = table
                title = f.table_title or labels["document"]
                out.append("  ▍ ", style="dim")
                out.append(inert(title), style="bold")
                if f.table_kind:
                    out.append(f"  [{f.table_kind}]", style="dim")
                out.append("\n")
            out.append("  ")
            out.append(f"{labels[f.severity]:<4}", style=STYLE[f.severity])
            out.append(f" {f.code} ", style="bold")
            out.append(inert(f.message))
            out.append(f"  {inert(f.path)}:{f.line}:{f.column}", style="dim")
            out.append("\n")
            equation = f.evidence.get("equation") if isinstance(f.evidence, dict) else None
            if equation and f.evidence.get("difference") is not None and equation not in f.message:
                sep = "，差 " if ctx.lang != "en" else ", difference "
                out.append("    = ", style="dim")
                out.append(inert(f"{equation}{sep}{f.evidence['difference']}"), style="magenta")
                out.append("\n")
            line = _source_line((sources or {}).get(f.path), f)
            if line is not None:
                out.append_text(line)
                out.append("\n")
        out.append("\n")
    return out


def summary_table(results, ctx) -> RichTable:
    labels = LABEL.get(ctx.lang, LABEL["zh"])
    counts = Counter((f.code, f.severity) for r in results for f in r.findings)
    table = RichTable(title=None, show_edge=False, pad_edge=False, box=None)
    table.add_column(labels["code"], style="bold")
    table.add_column(labels["name"])
    table.add_column(labels["count"], justify="right")
    for (code, severity), n in sorted(counts.items()):
        table.add_row(Text(code, style=STYLE[severity]), Text(ctx.rule_names.get(code, "")), str(n))
    return table


def render(results, ctx, sources: dict[str, list[str]] | None = None) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=ctx.width or 120,
        color_system="standard" if ctx.color else None,
        force_terminal=ctx.color,
        highlight=False,
        markup=False,
        emoji=False,
    )
    labels = LABEL.get(ctx.lang, LABEL["zh"])
    console.print(render_findings(results, ctx, sources), end="")
    counts = summary_counts(results)
    n_tables = sum(len(r.tables) for r in results)
    n_ind = sum(r.indicators for r in results)
    total = counts["error"] + counts["warning"] + counts["info"]
    if total:
        console.print(summary_table(results, ctx))
    head = Text()
    head.append(f"{labels['files']} {len(results)} · {labels['tables']} {n_tables} · {labels['indicators']} {n_ind} · ")
    if total:
        head.append(f"{labels['error']} {counts['error']}", style=STYLE["error"])
        head.append(" · ")
        head.append(f"{labels['warning']} {counts['warning']}", style=STYLE["warning"])
        head.append(" · ")
        head.append(f"{labels['info']} {counts['info']}", style=STYLE["info"])
    else:
        head.append(labels["none"], style="green")
    head.append(f" · {labels['time']} {ctx.elapsed:.2f}s", style="dim")
    console.print(head)
    return buffer.getvalue()
