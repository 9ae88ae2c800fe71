"""Results cached by content and configuration, as ruff caches them.

A cached result is keyed by the SHA-256 of the file's bytes together with a
*salt* that covers everything else that can change a result: budgetlint's
version, the source of every grammar, data file and check module (built-in
and plugin), the selected checks and every setting.  A cache can therefore
never serve a result for different content or settings.  A corrupt or
unreadable cache entry is ignored and rewritten; a cache that cannot be
written is simply not used.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict
from pathlib import Path

from . import __version__
from .engine import Finding, Settings

CACHE_VERSION = 1
DEFAULT_DIR = ".budgetlint_cache"


def _hash_tree(h, directory: Path, pattern: str) -> None:
    if not directory.is_dir():
        return
    for path in sorted(directory.rglob(pattern)):
        if "__pycache__" in path.parts:
            continue
        h.update(path.name.encode())
        h.update(path.read_bytes())


def salt(codes: list[str], settings: Settings, aliases, plugins: list[Path]) -> str:
    from .resources import _PACKAGE_DIR, resource_dir

    h = hashlib.sha256()
    h.update(f"budgetlint {__version__} cache {CACHE_VERSION}".encode())
    for name in ("grammar", "checks"):
        _hash_tree(h, resource_dir(name), "*")
    _hash_tree(h, _PACKAGE_DIR, "*.py")
    _hash_tree(h, _PACKAGE_DIR / "data", "*")
    for p in plugins:
        _hash_tree(h, Path(p), "*.py")
    settings_data = asdict(settings)
    settings_data["tolerance"] = str(settings.tolerance)
    h.update(json.dumps({"codes": sorted(codes), "settings": settings_data, "aliases": list(aliases)},
                        sort_keys=True, default=str).encode())
    return h.hexdigest()


class ResultCache:
    def __init__(self, directory: Path, salt_value: str) -> None:
        self.directory = Path(directory)
        self.salt = salt_value
        self.hits = 0
        self.misses = 0
        self._writable = True

    def key(self, data: bytes) -> str:
        return hashlib.sha256(self.salt.encode() + b"\0" + data).hexdigest()

    def _path(self, key: str) -> Path:
        return self.directory / f"v{CACHE_VERSION}" / key[:2] / f"{key}.json"

    def get(self, key: str, path: str):
        from .lint import FileResult

        try:
            raw = json.loads(self._path(key).read_text(encoding="utf-8"))
            if raw.get("key") != key:
                raise ValueError("key mismatch")
            findings = [Finding(**{**f, "path": path}) for f in raw["findings"]]
            result = FileResult(path, raw["encoding"], findings, raw["tables"], raw["indicators"])
        except FileNotFoundError:
            self.misses += 1
            return None
        except (OSError, ValueError, KeyError, TypeError):
            self.misses += 1  # corrupt entry: ignore it, it will be rewritten
            return None
        self.hits += 1
        return result

    def put(self, key: str, result) -> None:
        if not self._writable or result.error:
            return
        target = self._path(key)
        data = {
            "key": key,
            "encoding": result.encoding,
            "tables": result.tables,
            "indicators": result.indicators,
            "findings": [f.to_json() for f in result.findings],
        }
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            ignore = self.directory / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# Automatically created by budgetlint.\n*\n", encoding="utf-8")
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, ensure_ascii=False)
            os.replace(tmp, target)
        except OSError:
            self._writable = False  # a read-only tree: lint without caching
