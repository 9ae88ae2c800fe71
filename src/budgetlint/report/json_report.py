"""The JSON report: the stable machine interface of ``budgetlint check``.

``chunks`` yields the document piece by piece (a batch of findings at a time)
so that a sweep over thousands of files does not hold the whole report in
memory; ``render`` joins it for callers that want a string.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring

from . import summary_counts

#: One encoder for the whole report, as ``json.dumps(value, ensure_ascii=False)``
#: writes it.  ``json.dumps`` builds a new encoder per call, and its circular
#: reference check keeps a table of every container; the report's values are
#: fresh trees built by ``to_json`` (no cycles), so both are pure cost.
_dump = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode

#: Findings per chunk: few enough that memory stays flat, many enough that
#: the per-chunk cost (a generator step, one write) does not count.
BATCH = 512

#: ``Finding.to_json()`` as text, field by field (see :func:`_finding_writer`).
_FINDING = (
    '{"code": %s, "name": %s, "severity": %s, "message": %s, "path": %s, "line": %s, "column": %s, '
    '"end_line": %s, "end_column": %s, "table_kind": %s, "table_title": %s, "fingerprint": %s, "evidence": %s}'
)
_KEYS = ("code", "name", "severity", "message", "path", "line", "column", "end_line", "end_column", "table_kind",
         "table_title", "fingerprint", "evidence")


def _finding_writer(sample):
    """A function writing a finding exactly as ``_dump(f.to_json())`` does, a
    quarter faster: the strings a run repeats thousands of times (path, code,
    name, severity, table) are encoded once per report, and no dict is built.
    If ``to_json`` no longer matches this layout (checked on ``sample``), the
    plain ``_dump(f.to_json())``."""

    def plain(f) -> str:
        return _dump(f.to_json())

    memo: dict[str, str] = {}

    def text(value) -> str:
        if type(value) is str:
            encoded = memo.get(value)
            if encoded is None:
                encoded = memo[value] = encode_basestring(value)
            return encoded
        return "null" if value is None else _dump(value)

    def number(value) -> str:
        return int.__repr__(value) if type(value) is int else _dump(value)

    def fast(f) -> str:
        return _FINDING % (
            text(f.code), text(f.name), text(f.severity), _dump(f.message), text(f.path), number(f.line),
            number(f.column), number(f.end_line), number(f.end_column), text(f.table_kind), text(f.table_title),
            _dump(f.fingerprint), _dump(f.evidence),
        )

    if sample is None or tuple(sample.to_json()) != _KEYS:
        return plain
    try:
        same = fast(sample) == plain(sample)
    except (AttributeError, TypeError):
        same = False
    return fast if same else plain


def chunks(results, ctx):
    yield '{\n  "version": ' + _dump(ctx.version) + ',\n  "files": [\n'
    if results:
        yield "    " + ",\n    ".join(_dump(r.to_json()) for r in results)
    yield '\n  ],\n  "findings": [\n'
    write = _finding_writer(next((f for r in results for f in r.findings), None))
    batch: list[str] = []
    first = True
    for r in results:
        for f in r.findings:
            batch.append(write(f))
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
