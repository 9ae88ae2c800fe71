"""The JSON report: the stable machine interface of ``budgetlint check``.

``chunks`` yields the document piece by piece (one finding at a time) so that
a sweep over thousands of files does not hold the whole report in memory;
``render`` joins it for callers that want a string.
"""

from __future__ import annotations

import json

from . import summary_counts


def _dump(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def chunks(results, ctx):
    yield '{\n  "version": ' + _dump(ctx.version) + ',\n  "files": [\n'
    for i, r in enumerate(results):
        yield ("    " if i == 0 else ",\n    ") + _dump(r.to_json())
    yield '\n  ],\n  "findings": [\n'
    first = True
    for r in results:
        for f in r.findings:
            yield ("    " if first else ",\n    ") + _dump(f.to_json())
            first = False
    summary = {**summary_counts(results), "files": len(results)}
    yield '\n  ],\n  "summary": ' + _dump(summary) + "\n}\n"


def render(results, ctx) -> str:
    return "".join(chunks(results, ctx))
