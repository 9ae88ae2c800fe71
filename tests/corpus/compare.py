"""Compare budgetlint's findings on the real seeds with the reviewed expectations.

    python tests/corpus/compare.py REPORT.json            # exit 1 on any difference
    python tests/corpus/compare.py REPORT.json --update   # rewrite the expectation files

The expectations (``tests/corpus/expected/<seed>.txt``, one ``LINE CODE`` per
finding) are reviewed like code: a change in findings shows up as a diff in a
commit, never silently.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

EXPECTED = Path(__file__).parent / "expected"


def findings_by_file(report: dict) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {Path(f["path"]).name: [] for f in report["files"]}
    for f in report["findings"]:
        out.setdefault(Path(f["path"]).name, []).append(f"{f['line']} {f['code']}")
    return {name: sorted(v, key=lambda s: (int(s.split()[0]), s.split()[1])) for name, v in out.items()}


def expectation_path(name: str) -> Path:
    return EXPECTED / (Path(name).stem + ".txt")


def compare(report: dict) -> list[str]:
    problems = []
    for name, got in findings_by_file(report).items():
        path = expectation_path(name)
        if not path.exists():
            problems.append(f"{name}: no reviewed expectation file {path}")
            continue
        want = [l for l in path.read_text(encoding="utf-8").splitlines() if l and not l.startswith("#")]
        missing = sorted(set(want) - set(got), key=lambda s: int(s.split()[0]))
        extra = sorted(set(got) - set(want), key=lambda s: int(s.split()[0]))
        problems += [f"{name}: expected but not reported: {m}" for m in missing]
        problems += [f"{name}: reported but not expected: {e}" for e in extra]
    return problems


def update(report: dict) -> None:
    EXPECTED.mkdir(exist_ok=True)
    for name, got in findings_by_file(report).items():
        header = f"# reviewed findings of budgetlint on {name}: LINE CODE\n"
        expectation_path(name).write_text(header + "".join(g + "\n" for g in got), encoding="utf-8")


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    report = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    if "--update" in argv:
        update(report)
        return 0
    problems = compare(report)
    for p in problems:
        print(p)
    total = len(report["findings"])
    print(f"real corpus: {len(report['files'])} files, {total} findings, {len(problems)} differences from the reviewed expectations")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
