"""The JSON report: the stable machine interface of ``budgetlint check``.

``chunks`` yields the document piece by piece (a batch of findings at a time)
so that a sweep over thousands of files does not hold the whole report in
memory; ``render`` joins it for callers that want a string.
"""

from __future__ import annotations

import json

from . import summary_counts

#: One encoder for the whole report, as ``json.dumps(value, ensure_ascii=False)``
#: writes it.  ``json.dumps`` builds a new encoder per call, and its circular
#: reference check keeps a table of every container; the report's values are
#: fresh trees built by ``to_json`` (no cycles), so both are pure cost.
_dump = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode

#: Findings per chunk: few enough that memory stays flat, many enough that
#: the per-chunk cost (a generator step, one write) does not count.
BATCH = 512


def chunks(results, ctx):
    yield '{\n  "version": ' + _dump(ctx.version) + ',\n  "files": [\n'
    if results:
        yield "    " + ",\n    ".join(_dump(r.to_json()) for r in results)
    yield '\n  ],\n  "findings": [\n'
    batch: list[str] = []
    first = True
    for r in results:
        for f in r.findings:
            batch.append(_dump(f.to_json()))
            if len(batch) == BATCH:
                yield ("    " if first else ",\n    ") + ",\n    ".join(batch)
                batch.clear()
                first = False
    if batch:
        yield ("    " if first else ",\n    ") + ",\n    ".join(batch)
    summary = {**summary_counts(results), "files": len(results)}
    yield '\n  ],\n  "summary": ' + _dump(summary) + "\n}\n"


def render(results, ctx) -> str:
    return "".join(chunks(results, ctx))
