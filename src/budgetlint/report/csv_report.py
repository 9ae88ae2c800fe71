"""Findings as CSV (spreadsheets): one row per finding, evidence as JSON."""

from __future__ import annotations

import csv
import io
import json

COLUMNS = ("path", "line", "column", "code", "name", "severity", "table_kind", "table_title", "message", "fingerprint", "evidence")


def _cell(value) -> str:
    text = "" if value is None else str(value)
    # Spreadsheet formula injection: a cell starting with = + - @ is not a formula.
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        text = "'" + text
    return text


def render(results, ctx) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in results:
        for f in r.findings:
            data = f.to_json()
            data["evidence"] = json.dumps(f.evidence, ensure_ascii=False)
            writer.writerow([_cell(data[c]) for c in COLUMNS])
    return buffer.getvalue()
