"""A check's documentation page, as shown by ``budgetlint rule CODE`` and the README.

Every page has the same headings (as ruff's do): what it checks, why it
matters, a failing example and a passing example, options, references.
"""

from __future__ import annotations


def _block(text: str) -> str:
    lines = text.rstrip("\n").split("\n")
    return "\n".join("    " + line.replace("\t", " ⇥ ") for line in lines)


def rule_text(cls) -> str:
    parts = [
        f"{cls.code} {cls.name} ({cls.severity})",
        "",
        cls.summary,
        "",
        "## What it checks",
        cls.what.strip(),
        "",
        "## Why it matters",
        cls.why.strip(),
        "",
        "## Example (fails)",
        _block(cls.example_fail) if cls.example_fail else "    (produced by the engine, not by document text)",
        "",
        "## Use instead (passes)",
        _block(cls.example_pass),
        "",
        "## Message",
        f"    zh: {cls.message_zh}",
        f"    en: {cls.message_en}",
    ]
    if cls.kinds:
        parts += ["", "## Table kinds", "    " + ", ".join(cls.kinds)]
    if cls.options:
        parts += ["", "## Options"] + [f"    {k} = {v!r}" for k, v in cls.options.items()]
    if cls.references:
        parts += ["", "## References"] + [f"    - {r}" for r in cls.references]
    return "\n".join(parts) + "\n"
