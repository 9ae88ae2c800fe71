"""The kind of an indicator, read from the ending of its name.

Chinese indicator names are head-final (``…企业数量`` counts, ``…成本控制率``
is a rate), so the longest known suffix decides; the lexicon lives in
``data/indicator_kinds.toml`` where it is easy to extend.  Unit checks compare
this kind with the unit of the target value (``培训合格率 ≥10次`` is wrong).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import cache, lru_cache

from .resources import data_file
from .values import unit_kind

#: Kinds a name can have; ``unknown`` when no suffix matches.
KINDS = ("count", "ratio", "money", "date", "duration", "unknown")

_CLOSED_NOTE = re.compile(r"\s*[(\[【][^()\[\]【】]*[)\]】]\s*$")
_OPEN_NOTE = re.compile(r"[(\[【][^()\[\]【】]*$")
_TRAILING_JUNK = re.compile(r"[\s\d.,:;、%]+$")
_UNIT_NOTE = re.compile(r"[(\[【]\s*(?:单位\s*:?\s*)?([^()\[\]【】]{1,6}?)\s*[)\]】]\s*$")

#: Kinds of a unit (values.unit_kind) that name a kind of indicator.
_UNIT_TO_NAME_KIND = {"count": "count", "ratio": "ratio", "money": "money",
                      "duration": "duration", "date": "date"}


@cache
def lexicon() -> dict[str, str]:
    """Suffix → kind, loaded once from ``indicator_kinds.toml``.

    Raises ``ValueError`` if a suffix is listed in two groups or a group is
    not a known kind: an ambiguous lexicon would make results order-dependent.
    """
    with open(data_file("indicator_kinds.toml"), "rb") as fh:
        data = tomllib.load(fh)
    table: dict[str, str] = {}
    for kind, group in data.items():
        if kind not in KINDS:
            raise ValueError(f"indicator_kinds.toml: unknown kind [{kind}]")
        for suffix in group.get("suffixes", []):
            if table.get(suffix, kind) != kind:
                raise ValueError(f"indicator_kinds.toml: {suffix!r} is in [{table[suffix]}] and [{kind}]")
            table[suffix] = kind
    return table


@cache
def _longest() -> int:
    return max(map(len, lexicon()), default=0)


def strip_notes(name: str) -> tuple[str, str | None]:
    """``name`` without trailing parenthetical notes and numbers, plus the
    last note removed if it looked like a unit (``（万元）``)."""
    s = unicodedata.normalize("NFKC", name or "").strip()
    unit = None
    for _ in range(8):  # a name has at most a few trailing notes
        before = s
        m = _UNIT_NOTE.search(s)
        if m and unit is None:
            unit = m.group(1)
        s = _CLOSED_NOTE.sub("", s)
        s = _TRAILING_JUNK.sub("", s)
        if s == before:
            break
    cut = _OPEN_NOTE.sub("", s).rstrip()  # an unclosed note: 增幅(2022年7月
    return (cut or s), unit


@lru_cache(maxsize=16384)
def name_kind(name: str) -> str:
    """``count``, ``ratio``, ``money``, ``date``, ``duration`` or ``unknown``.

    The longest lexicon suffix ending the name (after :func:`strip_notes`)
    wins.  With no matching suffix, a unit note in the name decides
    (``培训（人次）`` → count); otherwise ``unknown``.
    """
    if not isinstance(name, str):
        return "unknown"
    stem, unit = strip_notes(name)
    table = lexicon()
    for n in range(min(_longest(), len(stem)), 0, -1):
        kind = table.get(stem[-n:])
        if kind is not None:
            return kind
    if unit:
        return _UNIT_TO_NAME_KIND.get(unit_kind(unit), "unknown")
    return "unknown"
