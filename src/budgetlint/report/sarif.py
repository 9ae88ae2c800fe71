"""SARIF 2.1.0 for code scanning: rules, results, locations, partialFingerprints."""

from __future__ import annotations

import json
from pathlib import Path

LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _uri(path: str) -> str:
    p = Path(path)
    if p.is_absolute():
        return p.as_uri()
    return p.as_posix()


def render(results, ctx) -> str:
    from ..engine import REGISTRY

    used = sorted({f.code for r in results for f in r.findings})
    rules = []
    index = {}
    for code in used:
        cls = REGISTRY.get(code)
        index[code] = len(rules)
        rule = {"id": code, "name": cls.name if cls else code}
        if cls is not None:
            rule["shortDescription"] = {"text": cls.summary or cls.name}
            rule["fullDescription"] = {"text": cls.what}
            rule["help"] = {"text": f"{cls.what}\n\n{cls.why}"}
            rule["defaultConfiguration"] = {"level": LEVEL[cls.severity]}
        rules.append(rule)
    sarif_results = []
    for r in results:
        for f in r.findings:
            sarif_results.append(
                {
                    "ruleId": f.code,
                    "ruleIndex": index[f.code],
                    "level": LEVEL[f.severity],
                    "message": {"text": f.message},
                    "locations": [
                        {
                            "physicalLocation": {
                                "artifactLocation": {"uri": _uri(f.path)},
                                "region": {
                                    "startLine": f.line,
                                    "startColumn": f.column,
                                    "endLine": f.end_line,
                                    "endColumn": max(f.end_column, f.column),
                                },
                            }
                        }
                    ],
                    "partialFingerprints": {"budgetlintFingerprint/v1": f.fingerprint},
                    "properties": {"evidence": f.evidence, "tableKind": f.table_kind, "tableTitle": f.table_title},
                }
            )
    invocation = {"executionSuccessful": not any(r.error for r in results)}
    notifications = [{"level": "error", "message": {"text": r.error}} for r in results if r.error]
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "budgetlint",
                        "version": ctx.version,
                        "informationUri": "https://pypi.org/project/budgetlint/",
                        "rules": rules,
                    }
                },
                "invocations": [invocation],
                "results": sarif_results,
                "columnKind": "unicodeCodePoints",
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
