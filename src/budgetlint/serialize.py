"""The document model as JSON: the stable output of ``budgetlint parse``."""

from __future__ import annotations

from typing import Any

from .model import Cell, Document, Row, Table


def _cell_value(cell: Cell) -> Any:
    amount = cell.amount
    if amount is not None and amount.unit is None:
        return {"text": cell.text, "amount": str(amount.value), "decimals": amount.decimals}
    return cell.text


def row_json(row: Row) -> dict[str, Any]:
    out: dict[str, Any] = {
        "line": row.line,
        "section": row.section,
        "cells": [c.text for c in row.cells],
        "fields": {k: _cell_value(v) for k, v in row.fields.items()},
    }
    if row.label:
        out["label"] = row.label
    if row.code:
        out["code"] = row.code
        out["code_kind"] = row.code_kind
    elif row.code_kind:
        out["code_kind"] = row.code_kind
    if row.shifted:
        out["shifted"] = True
    return out


def table_json(table: Table) -> dict[str, Any]:
    out: dict[str, Any] = {
        "kind": table.kind,
        "title": table.title,
        "line": table.line,
        "end_line": table.end_line,
        "unit": table.unit,
        "pages": [table.line, *table.pages],
        "meta": table.meta,
        "columns": [[{"index": c.index, "path": c.path, "field": c.field} for c in cols] for cols in table.headers],
        "rows": [row_json(r) for r in table.rows],
        "key_values": [{"label": kv.label, "value": str(kv.amount.value), "line": kv.cell.line} for kv in table.key_values],
        "notes": [{"line": n.line, "text": n.text} for n in table.notes],
    }
    if table.projects:
        out["projects"] = [
            {"name": p.name, "line": p.line, "funds": None if p.funds is None else str(p.funds.value), "code": p.code}
            for p in table.projects
        ]
    if table.indicators:
        out["indicators"] = [i.to_json() for i in table.indicators]
    return out


def document_json(doc: Document) -> dict[str, Any]:
    return {
        "path": doc.path,
        "encoding": doc.encoding,
        "year": doc.year,
        "organization": doc.organization,
        "document_type": doc.document_type,
        "toc": [{"number": e.number, "title": e.title, "line": e.line, "kind": e.kind} for e in doc.toc],
        "paragraphs": len(doc.paragraphs),
        "tables": [table_json(t) for t in doc.tables],
        "problems": [{"code": p.code, "line": p.line, "message": p.message} for p in doc.problems],
    }
