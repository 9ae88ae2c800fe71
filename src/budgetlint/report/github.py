"""GitHub Actions workflow commands: ``::error file=…,line=…::message``."""

from __future__ import annotations

LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_prop(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(results, ctx) -> str:
    out = []
    for r in results:
        if r.error:
            out.append(f"::error file={_escape_prop(r.path)},title=budgetlint::{_escape_data(r.error)}")
        for f in r.findings:
            props = (
                f"file={_escape_prop(f.path)},line={f.line},col={f.column},"
                f"endLine={f.end_line},endColumn={f.end_column},title={_escape_prop(f.code + ' ' + f.name)}"
            )
            out.append(f"::{LEVEL[f.severity]} {props}::{_escape_data(f.code + ' ' + f.message)}")
    return "\n".join(out) + ("\n" if out else "")
