"""The JSON report: the stable machine interface of ``budgetlint check``."""

from __future__ import annotations

import json

from . import summary_counts


def document(results, ctx) -> dict:
    findings = [f.to_json() for r in results for f in r.findings]
    return {
        "version": ctx.version,
        "files": [r.to_json() for r in results],
        "findings": findings,
        "summary": {**summary_counts(results), "files": len(results)},
    }


def render(results, ctx) -> str:
    return json.dumps(document(results, ctx), ensure_ascii=False, indent=2) + "\n"
