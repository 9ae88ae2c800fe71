"""Configuration: ``[tool.budgetlint]`` in pyproject.toml, or budgetlint.toml /
.budgetlint.toml, found upward from the linted path; flags override the file.

Configuration is data, never code: nothing in it is evaluated, and local plugin
directories load only when the file names them (``--isolated`` loads none).
An unknown key or a bad value is a clear error, with a suggestion for a
misspelt key.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

CONFIG_FILES = ("budgetlint.toml", ".budgetlint.toml", "pyproject.toml")
FAIL_LEVELS = ("error", "warning", "info", "never")
LANGS = ("zh", "en")


class ConfigError(Exception):
    """A configuration file that cannot be used (exit code 2)."""


@dataclass(slots=True)
class Suppression:
    code: str
    path: str
    reason: str
    table: str | None = None
    row: str | None = None
    line: int | None = None
    used: int = 0


@dataclass(slots=True)
class Config:
    path: Path | None = None
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    severity: dict[str, str] = field(default_factory=dict)
    fail_on: str = "error"
    lang: str = "zh"
    profile: str | None = None
    tolerance: Decimal = Decimal(0)
    exclude: list[str] = field(default_factory=list)
    plugins: list[Path] = field(default_factory=list)
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    table_aliases: list[tuple[str, str]] = field(default_factory=list)
    suppress: list[Suppression] = field(default_factory=list)

    @property
    def root(self) -> Path:
        return self.path.parent if self.path else Path.cwd()


KEYS = {
    "select", "ignore", "extend-select", "per-file-ignores", "severity", "fail-on", "lang", "profile",
    "tolerance", "exclude", "plugins", "options", "table-aliases", "suppress",
}


def find_config(start: Path) -> Path | None:
    """The nearest configuration file at or above ``start``."""
    start = start.resolve()
    directory = start if start.is_dir() else start.parent
    for d in (directory, *directory.parents):
        for name in CONFIG_FILES:
            candidate = d / name
            if candidate.is_file():
                if name == "pyproject.toml" and not _has_tool_section(candidate):
                    continue
                return candidate
    return None


def _has_tool_section(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return "budgetlint" in tomllib.load(fh).get("tool", {})
    except (OSError, tomllib.TOMLDecodeError):
        return False


def load(path: Path) -> Config:
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("budgetlint", {})
    return from_mapping(data, path)


def from_mapping(data: dict[str, Any], path: Path | None = None) -> Config:
    where = str(path) if path else "configuration"
    unknown = [k for k in data if k not in KEYS]
    if unknown:
        import difflib  # only for this error message; not loaded on every run

        key = unknown[0]
        hint = difflib.get_close_matches(key, sorted(KEYS), n=1)
        suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
        raise ConfigError(f"{where}: unknown key '{key}'{suggestion}")
    cfg = Config(path=path)
    base = path.parent if path else Path.cwd()
    if "select" in data:
        cfg.select = _str_list(data["select"], "select", where)
    cfg.ignore = _str_list(data.get("ignore", []), "ignore", where)
    cfg.extend_select = _str_list(data.get("extend-select", []), "extend-select", where)
    pfi = data.get("per-file-ignores", {})
    if not isinstance(pfi, dict):
        raise ConfigError(f"{where}: 'per-file-ignores' must be a table of glob = [codes]")
    cfg.per_file_ignores = {str(k): _str_list(v, f"per-file-ignores.{k}", where) for k, v in pfi.items()}
    sev = data.get("severity", {})
    if not isinstance(sev, dict):
        raise ConfigError(f"{where}: 'severity' must be a table of CODE = \"error|warning|info\"")
    for code, level in sev.items():
        if level not in ("error", "warning", "info"):
            raise ConfigError(f"{where}: severity.{code} must be error, warning or info, not {level!r}")
    cfg.severity = {str(k).upper(): v for k, v in sev.items()}
    cfg.fail_on = _choice(data.get("fail-on", "error"), FAIL_LEVELS, "fail-on", where)
    cfg.lang = _choice(data.get("lang", "zh"), LANGS, "lang", where)
    if "profile" in data:
        from . import profiles

        cfg.profile = _choice(data["profile"], tuple(profiles.names()), "profile", where)
    if "tolerance" in data:
        cfg.tolerance = _decimal(data["tolerance"], "tolerance", where)
    cfg.exclude = _str_list(data.get("exclude", []), "exclude", where)
    cfg.plugins = [(base / p).resolve() for p in _str_list(data.get("plugins", []), "plugins", where)]
    for p in cfg.plugins:
        if not p.is_dir():
            raise ConfigError(f"{where}: plugin directory not found: {p}")
    options = data.get("options", {})
    if not isinstance(options, dict) or not all(isinstance(v, dict) for v in options.values()):
        raise ConfigError(f"{where}: 'options' must be tables of per-check options ([options.R101])")
    cfg.options = {str(k).upper(): dict(v) for k, v in options.items()}
    aliases = data.get("table-aliases", {})
    if not isinstance(aliases, dict):
        raise ConfigError(f"{where}: 'table-aliases' must be a table of pattern = kind")
    cfg.table_aliases = [(str(k), str(v)) for k, v in aliases.items()]
    cfg.suppress = [_suppression(s, where) for s in data.get("suppress", [])]
    return cfg


def _suppression(raw: Any, where: str) -> Suppression:
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: each [[suppress]] entry must be a table")
    allowed = {"code", "path", "reason", "table", "row", "line"}
    extra = set(raw) - allowed
    if extra:
        raise ConfigError(f"{where}: unknown key '{sorted(extra)[0]}' in [[suppress]]")
    for key in ("code", "path", "reason"):
        if not isinstance(raw.get(key), str) or not raw.get(key).strip():
            raise ConfigError(f"{where}: a [[suppress]] entry needs a non-empty '{key}'")
    line = raw.get("line")
    if line is not None and not isinstance(line, int):
        raise ConfigError(f"{where}: [[suppress]] line must be an integer")
    return Suppression(raw["code"].upper(), raw["path"], raw["reason"], raw.get("table"), raw.get("row"), line)


def _str_list(value: Any, key: str, where: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: '{key}' must be a list of strings")
    return list(value)


def _choice(value: Any, choices: tuple[str, ...], key: str, where: str) -> str:
    if value not in choices:
        raise ConfigError(f"{where}: '{key}' must be one of {', '.join(choices)}, not {value!r}")
    return value


def _decimal(value: Any, key: str, where: str) -> Decimal:
    try:
        if isinstance(value, bool):
            raise InvalidOperation
        result = Decimal(str(value))
    except InvalidOperation as exc:
        raise ConfigError(f"{where}: '{key}' must be a number, not {value!r}") from exc
    if not result.is_finite() or result < 0:
        raise ConfigError(f"{where}: '{key}' must be a non-negative number")
    return result


def resolve(paths: list[str], explicit: str | None, isolated: bool) -> Config:
    """The configuration for a run: ``--isolated`` → defaults; ``--config`` →
    that file; else the nearest file above the first path (or the cwd)."""
    if isolated:
        return Config()
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"{explicit}: configuration file not found")
        return load(path)
    start = Path(paths[0]) if paths and paths[0] != "-" else Path.cwd()
    found = find_config(start if start.exists() else Path.cwd())
    return load(found) if found else Config()
