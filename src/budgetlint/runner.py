"""A whole run: configuration + flags → selected checks → files linted (in
parallel if asked) → per-file ignores, suppressions and the baseline applied.

Parallel runs use worker processes that lint whole files; results come back in
input order, so ``-j N`` prints exactly what ``-j 1`` prints.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from .baseline import relative_path
from .config import Config, Suppression
from .engine import REGISTRY, Check, Finding, Settings, matches
from .gcpause import BatchCollector
from .lint import FileResult, collect, lint_file


@dataclass(slots=True)
class RunResult:
    results: list[FileResult]
    checks: list[type[Check]]
    unused_suppressions: list[Suppression] = field(default_factory=list)
    stale_baseline: list[dict] = field(default_factory=list)
    baselined: int = 0


def select_checks(cfg: Config, select: list[str] | None, ignore: list[str], extend_select: list[str]) -> list[type[Check]]:
    extra = REGISTRY.load_plugins(cfg.plugins) if cfg.plugins else []
    chosen = select if select else cfg.select
    more = list(cfg.extend_select) + list(extend_select)
    if chosen is not None and more:
        chosen = list(chosen) + more
    elif chosen is None and more:
        # extend-select on top of the default (all) changes nothing but validates.
        REGISTRY.select(more, extra=extra)
    return REGISTRY.select(chosen, list(cfg.ignore) + list(ignore), extra=extra)


def settings_for(cfg: Config, lang: str | None, profile: str | None, verbose: bool) -> Settings:
    return Settings(
        lang=lang or cfg.lang,
        profile=profile or cfg.profile,
        tolerance=cfg.tolerance,
        check_options=cfg.options,
        severity=cfg.severity,
        verbose=verbose,
    )


# --- worker processes -------------------------------------------------------

_WORKER: dict = {}


def _init_worker(
    codes: list[str], settings: Settings, plugins: list[str], aliases: list[tuple[str, str]], cache_spec
) -> None:
    available = {c.code: c for c in REGISTRY.all()}
    if plugins:
        available.update({c.code: c for c in REGISTRY.load_plugins([Path(p) for p in plugins])})
    _WORKER["checks"] = [available[c] for c in codes]
    _WORKER["settings"] = settings
    _WORKER["aliases"] = tuple(aliases)
    if cache_spec:
        from .cache import ResultCache

        _WORKER["cache"] = ResultCache(Path(cache_spec[0]), cache_spec[1])
    else:
        _WORKER["cache"] = None
    _WORKER["collector"] = BatchCollector()  # for the worker's life


def _lint_in_worker(path: str) -> FileResult:
    result = lint_file(path, _WORKER["checks"], _WORKER["settings"], _WORKER["aliases"], _WORKER["cache"])
    _WORKER["collector"].tick()
    return result


def lint_all(
    files: list[str], checks, settings: Settings, cfg: Config, jobs: int = 1, progress=None, cache=None
) -> list[FileResult]:
    aliases = tuple(cfg.table_aliases)
    if jobs <= 1 or len(files) < 2 or "-" in files:
        out = []
        collector = BatchCollector()
        try:
            for p in files:
                out.append(lint_file(p, checks, settings, aliases, cache))
                collector.tick()
                if progress:
                    progress()
        finally:
            collector.close()
        return out
    import multiprocessing as mp

    ctx = mp.get_context("spawn" if os.name == "nt" else "fork")
    out = []
    # Before the pool: its gc.freeze() before fork() keeps the workers' own
    # collections off the objects (and memory pages) they share with this process.
    collector = BatchCollector()  # then for the results arriving from the workers
    try:
        with ctx.Pool(
            processes=jobs,
            initializer=_init_worker,
            initargs=(
                [c.code for c in checks],
                settings,
                [str(p) for p in cfg.plugins],
                list(aliases),
                (str(cache.directory), cache.salt) if cache is not None else None,
            ),
        ) as pool:
            # Chunks of at most 16 files: smaller chunks let the workers finish closer
            # together, but on the bench corpus chunks of 4 cost 0.5 s more wall time
            # (and more CPU) with -j 2 than chunks of 16; 8 and 32 were slower too.
            for result in pool.imap(_lint_in_worker, files, chunksize=max(1, min(16, len(files) // (jobs * 8)))):
                out.append(result)
                collector.tick()
                if progress:
                    progress()
    finally:
        collector.close()
    return out


# --- filters ------------------------------------------------------------------


def _glob_match(path: str, pattern: str) -> bool:
    return fnmatch.fnmatch(path, pattern) or fnmatch.fnmatch(os.path.basename(path), pattern)


def apply_per_file_ignores(results: list[FileResult], cfg: Config, checks: list[type[Check]]) -> None:
    if not cfg.per_file_ignores:
        return
    by_code = {c.code: c for c in checks}  # plugin checks included
    for r in results:
        rel = relative_path(r.path, cfg.root)
        selectors = [s for pat, sels in cfg.per_file_ignores.items() if _glob_match(rel, pat) for s in sels]
        if selectors:
            r.findings = [f for f in r.findings if not any(_matches(f, by_code, s) for s in selectors)]


def _matches(f: Finding, by_code: dict[str, type[Check]], selector: str) -> bool:
    cls = by_code.get(f.code) or REGISTRY.get(f.code)  # P999 comes from the engine
    return cls is not None and matches(cls, selector)


def apply_suppressions(results: list[FileResult], cfg: Config) -> list[Suppression]:
    for s in cfg.suppress:
        s.used = 0
    if not cfg.suppress:
        return []
    for r in results:
        rel = relative_path(r.path, cfg.root)
        kept = []
        for f in r.findings:
            hit = next((s for s in cfg.suppress if _suppresses(s, f, rel)), None)
            if hit is None:
                kept.append(f)
            else:
                hit.used += 1
        r.findings = kept
    return [s for s in cfg.suppress if s.used == 0]


def _suppresses(s: Suppression, f: Finding, rel: str) -> bool:
    if not (f.code == s.code or (len(s.code) < 4 and f.code.startswith(s.code))):
        return False
    if not _glob_match(rel, s.path):
        return False
    if s.table and s.table not in (f.table_title or ""):
        return False
    if s.line is not None and s.line != f.line:
        return False
    if s.row:
        row_text = " ".join(str(v) for v in f.evidence.values()) + " " + f.message
        if s.row not in row_text:
            return False
    return True


def apply_baseline(results: list[FileResult], entries: list[dict], root: Path) -> tuple[int, list[dict]]:
    """Drop findings recorded in the baseline; return how many and the stale entries."""
    from .baseline import key_of

    remaining: dict[tuple, list[dict]] = {}
    for e in entries:
        remaining.setdefault((e["path"], e["code"], e["fingerprint"]), []).append(e)
    dropped = 0
    for r in results:
        kept = []
        for f in r.findings:
            key = key_of(f, root)
            bucket = remaining.get(key)
            if bucket:
                bucket.pop()
                dropped += 1
            else:
                kept.append(f)
        r.findings = kept
    stale = [e for bucket in remaining.values() for e in bucket]
    return dropped, stale


def run(
    paths: list[str],
    cfg: Config,
    *,
    select: list[str] | None = None,
    ignore: list[str] = (),
    extend_select: list[str] = (),
    lang: str | None = None,
    profile: str | None = None,
    verbose: bool = False,
    jobs: int = 1,
    baseline: list[dict] | None = None,
    progress_factory=None,
    stdin_name: str | None = None,
    cache_dir: Path | None = None,
) -> RunResult:
    checks = select_checks(cfg, select, list(ignore), list(extend_select))
    files = collect(paths, cfg.exclude)
    settings = settings_for(cfg, lang, profile, verbose)
    progress = progress_factory(len(files)) if progress_factory else None
    cache = None
    if cache_dir is not None:
        from .cache import ResultCache, salt

        cache = ResultCache(cache_dir, salt([c.code for c in checks], settings, cfg.table_aliases, cfg.plugins))
    try:
        results = lint_all(files, checks, settings, cfg, jobs, progress.advance if progress else None, cache)
    finally:
        if progress:
            progress.close()
    if stdin_name:
        for r in results:
            if r.path == "<stdin>":
                r.path = stdin_name
                r.findings = [replace(f, path=stdin_name) for f in r.findings]
    apply_per_file_ignores(results, cfg, checks)
    unused = apply_suppressions(results, cfg)
    dropped, stale = (0, [])
    if baseline is not None:
        dropped, stale = apply_baseline(results, baseline, Path.cwd())
    return RunResult(results, checks, unused, stale, dropped)
