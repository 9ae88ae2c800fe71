"""One JSON object per finding per line (streams, ``jq``, log shippers)."""

from __future__ import annotations

import json


def render(results, ctx) -> str:
    lines = [json.dumps(f.to_json(), ensure_ascii=False) for r in results for f in r.findings]
    return "\n".join(lines) + ("\n" if lines else "")
