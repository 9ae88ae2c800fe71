"""Baselines: accept today's findings, report only new ones.

A baseline records each finding by path, code and content fingerprint (code +
table title + row label + column label), never by line, so inserting lines
above a finding does not make it "new".  Entries that no longer occur are
listed so the baseline can be pruned.
"""

from __future__ import annotations

from pathlib import Path

from .engine import Finding

FORMAT_VERSION = 1


class BaselineError(Exception):
    pass


def relative_path(path: str, root: Path) -> str:
    """``path`` relative to ``root`` in POSIX form (as given when outside it)."""
    try:
        return Path(path).resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError):
        return Path(path).as_posix()


def key_of(f: Finding, root: Path) -> tuple[str, str, str]:
    return (relative_path(f.path, root), f.code, f.fingerprint)


def build(results, root: Path) -> dict:
    entries = []
    for r in results:
        for f in r.findings:
            path, code, fp = key_of(f, root)
            entries.append({"path": path, "code": code, "fingerprint": fp, "line": f.line, "message": f.message})
    return {"version": FORMAT_VERSION, "tool": "budgetlint", "findings": entries}


def load(path: str) -> list[dict]:
    import json  # only ``--baseline`` runs read one; the runner imports this module for relative_path

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read baseline: {exc.strerror or exc}") from exc
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{path}: not a budgetlint baseline (invalid JSON: {exc.msg})") from exc
    if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{path}: not a budgetlint baseline (version {FORMAT_VERSION} expected)")
    for e in data["findings"]:
        if not isinstance(e, dict) or not all(isinstance(e.get(k), str) for k in ("path", "code", "fingerprint")):
            raise BaselineError(f"{path}: malformed baseline entry {e!r}")
    return data["findings"]
