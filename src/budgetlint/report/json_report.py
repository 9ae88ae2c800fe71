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

#: ``Finding.to_json()`` as text: the fields a run repeats (code, name and
#: severity; path; table) come in pre-encoded, see :func:`_finding_writer`.
_FINDING = '%s, "path": %s, "line": %d, "column": %d, "end_line": %d, "end_column": %d, %s, "fingerprint": %s, "evidence": %s}'
_HEAD = '{"code": %s, "name": %s, "severity": %s, "message": '
_TABLE = '"table_kind": %s, "table_title": %s'
_KEYS = ("code", "name", "severity", "message", "path", "line", "column", "end_line", "end_column", "table_kind",
         "table_title", "fingerprint", "evidence")


def _evidence_text(evidence) -> str:
    """``_dump(evidence)`` for the usual evidence, a dict of str keys to str
    or int values, without an encoder call (a third of the time of writing a
    finding): each key and value encoded as the encoder does, joined with its
    separators.  Other values (lists, floats, booleans) go to ``_dump``; a
    key that is not a str sends the whole dict there."""
    if type(evidence) is not dict:
        return _dump(evidence)
    parts = []
    for key, value in evidence.items():
        if type(key) is not str:
            return _dump(evidence)
        kind = type(value)
        if kind is str:
            parts.append(encode_basestring(key) + ": " + encode_basestring(value))
        elif kind is int:
            parts.append(encode_basestring(key) + ": " + int.__repr__(value))
        else:
            parts.append(encode_basestring(key) + ": " + _dump(value))
    return "{" + ", ".join(parts) + "}"


def _finding_writer(sample):
    """A function writing a finding exactly as ``_dump(f.to_json())`` does,
    twice as fast: what a run repeats thousands of times (code, name and
    severity; the path; the table) is encoded once per report, and no dict is
    built.  The memos need hashable values, which the engine's findings (and
    the cache's) have: strings, or None for the table.  If ``to_json`` no
    longer matches this layout (checked on ``sample``), the plain
    ``_dump(f.to_json())``."""

    def plain(f) -> str:
        return _dump(f.to_json())

    heads: dict[tuple, str] = {}
    paths: dict[str, str] = {}
    tables: dict[tuple, str] = {}

    def fast(f) -> str:
        key = (f.code, f.name, f.severity)
        head = heads.get(key)
        if head is None:
            head = heads[key] = _HEAD % (_dump(f.code), _dump(f.name), _dump(f.severity))
        path = paths.get(f.path)
        if path is None:
            path = paths[f.path] = _dump(f.path)
        key = (f.table_kind, f.table_title)
        table = tables.get(key)
        if table is None:
            table = tables[key] = _TABLE % (_dump(f.table_kind), _dump(f.table_title))
        line, column, end_line, end_column = f.line, f.column, f.end_line, f.end_column
        message, fingerprint = f.message, f.fingerprint
        if not (type(line) is type(column) is type(end_line) is type(end_column) is int
                and type(message) is type(fingerprint) is str):
            return plain(f)  # "%d" would write a bool or a float as an integer
        return _FINDING % (
            head + encode_basestring(message), path, line, column, end_line, end_column, table,
            encode_basestring(fingerprint), _evidence_text(f.evidence),
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
