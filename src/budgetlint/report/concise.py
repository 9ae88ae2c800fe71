"""One line per finding: ``path:line:col: CODE message`` (editors and grep)."""

from __future__ import annotations

from .safe_text import inert


def render(results, ctx) -> str:
    lines = []
    for r in results:
        if r.error:
            lines.append(f"{inert(r.path)}:1:1: E000 {inert(r.error)}")
        for f in r.findings:
            lines.append(f"{inert(f.path)}:{f.line}:{f.column}: {f.code} {inert(f.message)}")
    return "\n".join(lines) + ("\n" if lines else "")
