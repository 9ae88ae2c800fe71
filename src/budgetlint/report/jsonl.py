"""One JSON object per finding per line (streams, ``jq``, log shippers)."""

from __future__ import annotations

import json


def chunks(results, ctx):
    for r in results:
        for f in r.findings:
            yield json.dumps(f.to_json(), ensure_ascii=False) + "\n"


def render(results, ctx) -> str:
    return "".join(chunks(results, ctx))
