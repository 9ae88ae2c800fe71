"""GitLab Code Quality report (a JSON array of issues)."""

from __future__ import annotations

import hashlib
import json

SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


def render(results, ctx) -> str:
    issues = []
    for r in results:
        for f in r.findings:
            issues.append(
                {
                    "description": f"{f.code} {f.message}",
                    "check_name": f"{f.code} {f.name}",
                    "fingerprint": hashlib.sha1(f"{f.path}\x1f{f.code}\x1f{f.fingerprint}".encode()).hexdigest(),
                    "severity": SEVERITY[f.severity],
                    "location": {"path": f.path, "lines": {"begin": f.line, "end": f.end_line}},
                }
            )
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
