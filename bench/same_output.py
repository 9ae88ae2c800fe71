#!/usr/bin/env python3
"""Check that a change to budgetlint leaves its output unchanged on the bench corpus.

An optimisation must not change a single finding, message, position or piece of
evidence, nor the parsed model.  Record the output before the change, then
compare after it:

    .venv/bin/python bench/same_output.py record bench/out/before.json
    ... change the code ...
    .venv/bin/python bench/same_output.py compare bench/out/before.json

It lints the whole corpus (``bench/out/corpus``, built by ``bench/run.py``) with
``check --format json --isolated --no-cache -j 2`` and parses every 11th file
with ``budgetlint parse``.  The record holds every finding, so ``compare`` can
show the first ones that differ.  Exit status: 0 same, 1 different, 2 error.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "bench" / "out" / "corpus"
_CLI = [sys.executable, "-c", "import sys; from budgetlint.cli import main; sys.exit(main())"]


def findings(corpus: Path) -> list[str]:
    """Every finding of the corpus as one canonical JSON line, sorted."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        cmd = _CLI + ["check", str(corpus), "--format", "json", "-o", str(out), "--isolated", "--no-cache", "-j", "2"]
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode not in (0, 1) or not out.exists():
            raise SystemExit(f"budgetlint check failed (exit {done.returncode}): {done.stderr[-500:]}")
        report = json.loads(out.read_text(encoding="utf-8"))
    return sorted(json.dumps(f, sort_keys=True, ensure_ascii=False) for f in report["findings"])


def parse_digest(corpus: Path) -> str:
    """SHA-256 over ``budgetlint parse`` of every 11th corpus file."""
    h = hashlib.sha256()
    for path in sorted(corpus.rglob("*.txt"))[10::11]:
        done = subprocess.run(_CLI + ["parse", str(path)], capture_output=True)
        h.update(str(path.relative_to(corpus)).encode() + b"\0" + done.stdout + done.stderr)
    return h.hexdigest()


def snapshot(corpus: Path) -> dict:
    lines = findings(corpus)
    return {"corpus": str(corpus), "count": len(lines), "parse_sha256": parse_digest(corpus), "findings": lines}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("action", choices=["record", "compare"])
    ap.add_argument("file", type=Path, help="the record (JSON) to write or to compare with")
    ap.add_argument("--corpus", type=Path, default=CORPUS, help="default: bench/out/corpus")
    args = ap.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}: run bench/run.py first (or pass --corpus)", file=sys.stderr)
        return 2
    now = snapshot(args.corpus)
    if args.action == "record":
        args.file.parent.mkdir(parents=True, exist_ok=True)
        args.file.write_text(json.dumps(now, ensure_ascii=False), encoding="utf-8")
        print(f"recorded {now['count']} findings and the parse digest in {args.file}")
        return 0
    try:
        before = json.loads(args.file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(f"cannot read {args.file}: {exc}", file=sys.stderr)
        return 2
    same = True
    if before["findings"] == now["findings"]:
        print(f"findings: same ({now['count']})")
    else:
        same = False
        old, new = set(before["findings"]), set(now["findings"])
        print(f"findings: DIFFERENT ({before['count']} before, {now['count']} now)")
        for line in sorted(old - new)[:5]:
            print("  - " + line[:300])
        for line in sorted(new - old)[:5]:
            print("  + " + line[:300])
    if before["parse_sha256"] == now["parse_sha256"]:
        print("parse: same")
    else:
        same = False
        print("parse: DIFFERENT (run `budgetlint parse` on every 11th corpus file before and after to see where)")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
