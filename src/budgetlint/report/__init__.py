"""Reporters: findings in, text out.  A reporter sees findings and nothing else.

Each format is a function ``render(results, ctx) -> str`` in its own module,
looked up by name so that only the chosen one is imported.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

FORMATS = {
    "rich": "budgetlint.report.rich_report",
    "concise": "budgetlint.report.concise",
    "json": "budgetlint.report.json_report",
    "jsonl": "budgetlint.report.jsonl",
    "sarif": "budgetlint.report.sarif",
    "junit": "budgetlint.report.junit",
    "github": "budgetlint.report.github",
    "gitlab": "budgetlint.report.gitlab",
    "html": "budgetlint.report.html_report",
    "csv": "budgetlint.report.csv_report",
}
#: Formats that show source lines (the file is re-read only for these).
WITH_SOURCES = {"rich", "html"}


@dataclass(slots=True)
class ReportContext:
    version: str
    lang: str = "zh"
    elapsed: float = 0.0
    width: int | None = None
    color: bool = False
    rule_names: dict[str, str] = field(default_factory=dict)


def render(fmt: str, results, ctx: ReportContext, sources=None) -> str:
    module = importlib.import_module(FORMATS[fmt])
    if fmt in WITH_SOURCES:
        return module.render(results, ctx, sources)
    return module.render(results, ctx)


def summary_counts(results) -> dict[str, int]:
    counts = {"error": 0, "warning": 0, "info": 0}
    for r in results:
        for f in r.findings:
            counts[f.severity] = counts.get(f.severity, 0) + 1
    return counts


def stream(fmt: str, results, ctx: ReportContext, sources=None):
    """The report as an iterable of chunks when the format can stream (JSON and
    JSONL: memory stays flat however many findings), else one string."""
    module = importlib.import_module(FORMATS[fmt])
    if hasattr(module, "chunks"):
        return module.chunks(results, ctx)
    return render(fmt, results, ctx, sources)
