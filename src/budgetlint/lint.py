"""Linting files: collect inputs, parse, run the checks, keep per-file results.

The CLI, the benchmark and the tests all go through :func:`lint_file`, so a
file is read, parsed and checked the same way everywhere.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from operator import attrgetter
from pathlib import Path

from .document import parse_source
from .gcpause import gc_paused
from .engine import Check, Finding, Settings, new_finding, run_checks
from .model import Document
from .source import NotText, decode

LINTABLE_SUFFIXES = (".txt", ".md", ".tsv")
#: Files a directory walk skips: a repository's own documentation, not disclosures
#: (named explicitly on the command line, they are still linted).
DOC_STEMS = {"README", "CHANGELOG", "CHANGES", "LICENSE", "CONTRIBUTING", "SECURITY", "NOTICE", "AUTHORS"}


class InputError(Exception):
    """A path that cannot be linted (missing, unreadable, not text)."""


#: A finding's fields in constructor order (see ``FileResult.__reduce__``).
_finding_values = attrgetter(*(f.name for f in fields(Finding) if f.init))


def _file_result(path, encoding, findings, tables, indicators, error, lines) -> "FileResult":
    # new_finding: the frozen dataclass's __init__ at half the cost, for the
    # tens of thousands of findings a -j N run sends back to the main process.
    return FileResult(path, encoding, [new_finding(*values) for values in findings], tables, indicators, error, lines)


@dataclass(slots=True)
class FileResult:
    path: str
    encoding: str | None
    findings: list[Finding] = field(default_factory=list)
    tables: list[dict] = field(default_factory=list)
    indicators: int = 0
    error: str | None = None
    lines: list[str] | None = None  # kept for standard input, which cannot be re-read

    def to_json(self) -> dict:
        return {"path": self.path, "encoding": self.encoding, "tables": self.tables, "error": self.error}

    def __reduce__(self):
        """Pickled with each finding as the tuple of its fields, as the worker
        processes of a ``-j N`` run send results: a frozen slotted dataclass
        otherwise pickles through ``dataclasses.fields()`` per finding, which
        takes twice the time in the workers and in the main process."""
        findings = [_finding_values(f) for f in self.findings]
        return _file_result, (self.path, self.encoding, findings, self.tables, self.indicators, self.error, self.lines)


def collect(paths: list[str], exclude: list[str] | None = None) -> list[str]:
    """Expand directories into lintable files (sorted); keep explicit files as given."""
    import fnmatch

    exclude = exclude or []

    def excluded(p: str) -> bool:
        norm = p.replace(os.sep, "/")
        return any(fnmatch.fnmatch(norm, pat) or fnmatch.fnmatch(os.path.basename(norm), pat) or
                   fnmatch.fnmatch(norm, f"*/{pat}") or fnmatch.fnmatch(norm, f"*/{pat}/*") for pat in exclude)

    out: list[str] = []
    for raw in paths:
        if raw == "-":
            out.append(raw)
            continue
        p = Path(raw)
        if p.is_dir():
            found = sorted(
                str(f)
                for f in p.rglob("*")
                if f.is_file()
                and f.suffix.lower() in LINTABLE_SUFFIXES
                and f.stem.upper() not in DOC_STEMS
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
            out.extend(f for f in found if not excluded(f))
        elif p.exists():
            if not excluded(str(p)):
                out.append(str(p))
        else:
            raise InputError(f"{raw}: no such file or directory")
    return out


def read_bytes(path: str) -> bytes:
    if path == "-":
        import sys

        return sys.stdin.buffer.read()
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except IsADirectoryError as exc:
        raise InputError(f"{path}: is a directory") from exc
    except PermissionError as exc:
        raise InputError(f"{path}: permission denied") from exc
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from exc


def parse_bytes(data: bytes, path: str, aliases: tuple[tuple[str, str], ...] = ()) -> Document:
    try:
        source = decode(data, "<stdin>" if path == "-" else path)
    except NotText as exc:
        raise InputError(f"{path}: not a text disclosure (binary data)") from exc
    return parse_source(source, aliases)


def lint_document(doc: Document, checks: list[type[Check]], settings: Settings) -> FileResult:
    result = FileResult(doc.path, doc.encoding)
    result.tables = [{"kind": t.kind, "title": t.title, "line": t.line} for t in doc.tables]
    result.indicators = sum(len(t.indicators) for t in doc.tables)
    with gc_paused():
        result.findings = run_checks(doc, checks, settings)
    return result


def lint_file(
    path: str,
    checks: list[type[Check]],
    settings: Settings,
    aliases: tuple[tuple[str, str], ...] = (),
    cache=None,
) -> FileResult:
    """Lint one file; an unreadable or binary file gives a result with ``error``.
    With a ``cache`` (budgetlint.cache.ResultCache), unchanged content is not re-linted."""
    shown = path if path != "-" else "<stdin>"
    try:
        data = read_bytes(path)
        key = cache.key(data) if cache is not None and path != "-" else None
        if key is not None:
            hit = cache.get(key, shown)
            if hit is not None:
                return hit
        doc = parse_bytes(data, path, aliases)
    except InputError as exc:
        return FileResult(shown, None, error=str(exc))
    result = lint_document(doc, checks, settings)
    if key is not None:
        cache.put(key, result)
    if path == "-":
        result.lines = doc.lines
    return result
