"""Regenerate the documentation that comes from the check registry:
docs/checks.md and the list of checks in README.md.

    .venv/bin/python scripts/update_docs.py
"""

from __future__ import annotations

from pathlib import Path

from budgetlint.docs import catalogue_markdown, with_readme_table
from budgetlint.engine import REGISTRY

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    checks = REGISTRY.all()
    (ROOT / "docs" / "checks.md").write_text(catalogue_markdown(checks), encoding="utf-8")
    readme = ROOT / "README.md"
    readme.write_text(with_readme_table(readme.read_text(encoding="utf-8"), checks), encoding="utf-8")


if __name__ == "__main__":
    main()
