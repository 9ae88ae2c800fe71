"""Profiles: the rules that vary by region and year.

The indicator taxonomy (the 2021 framework with 成本指标 as a 一级, or the
legacy framework with 成本 under 产出), the tables a document type must
contain, the denominator of 执行率 and the total of the 分值 are data in
``data/profiles.toml``.  The document's year picks a default profile;
configuration can name another.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache

from .resources import data_file


@dataclass(frozen=True, eq=False)
class Profile:
    """One profile; ``get`` builds each once, so identity is equality, and a
    profile can key the memoised per-indicator helpers."""

    name: str
    taxonomy: dict[str, tuple[str, ...]]
    legacy_placements: dict[str, tuple[str, ...]]
    required_level1: tuple[str, ...]
    required_tables: dict[str, tuple[str, ...]]
    execution_denominator: str = "budget"
    score_total: int = 100
    aliases: dict[str, str] = field(default_factory=dict)


@lru_cache(maxsize=1)
def _load() -> dict:
    with open(data_file("profiles.toml"), "rb") as fh:
        return tomllib.load(fh)


def names() -> list[str]:
    return sorted(_load()["profile"])


@lru_cache(maxsize=16)
def get(name: str) -> Profile:
    data = _load()
    raw = data["profile"].get(name)
    if raw is None:
        raise KeyError(name)
    return Profile(
        name=name,
        taxonomy={k: tuple(v) for k, v in raw["taxonomy"].items()},
        legacy_placements={k: tuple(v) for k, v in raw.get("legacy_placements", {}).items()},
        required_level1=tuple(raw["required_level1"]),
        required_tables={k: tuple(v) for k, v in raw["required_tables"].items()},
        execution_denominator=raw.get("execution_denominator", "budget"),
        score_total=int(raw.get("score_total", 100)),
        aliases=dict(data.get("aliases", {})),
    )


def for_year(year: int | None) -> Profile:
    """The default profile for a document's year."""
    data = _load()
    cutover = int(data.get("framework_2021_from", 2021))
    return get("2021" if year is None or year >= cutover else "legacy")


def canonical(name: str | None, profile: Profile) -> str | None:
    """A category name in its canonical spelling (``社会效益`` → ``社会效益指标``)."""
    if name is None:
        return None
    return _canonical(name, profile.name)


@lru_cache(maxsize=4096)
def _canonical(name: str, profile_name: str) -> str:
    flat = "".join(name.split())
    return get(profile_name).aliases.get(flat, flat)
