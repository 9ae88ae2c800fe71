"""Make document text inert before it reaches a terminal.

Cells come from files budgetlint did not write: ANSI escape sequences, carriage
returns and bidi controls in them must print as visible text, never act.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _visible(m: re.Match[str]) -> str:
    ch = m.group(0)
    return f"\\u{ord(ch):04x}" if ord(ch) > 0xFF else f"\\x{ord(ch):02x}"


def inert(text: str) -> str:
    """``text`` with control and bidi characters replaced by visible escapes."""
    return _CONTROL.sub(_visible, text)
