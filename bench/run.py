#!/usr/bin/env python3
"""budgetlint throughput / startup / memory benchmark (run by hand, never in the test suite).

    /work/main/.venv/bin/python bench/run.py [--size-mb 20] [--runs 3]
        [--out bench/out/result.json] [--corpus-dir DIR] [--quick]

Builds a reproducible corpus from the real disclosures in ``../shared/seeds``
(relative to the repository root), then times, each as the median of
``--runs`` runs in a fresh process:

  baseline   read + decode + split lines + split cells on TAB (the floor)
  parse      budgetlint.document.parse_path on every file
  lint       budgetlint.lint.lint_file with every check (parse + checks)
  cli -j N   ``budgetlint check DIR --format json -o FILE -j N`` end to end
  startup    ``budgetlint --version`` and ``budgetlint check SMALL_FILE``

and prints one table plus the issue's targets, and writes every figure as
JSON (``--out``).  See bench/README.md.  Standard library + the package only.
Unix only (uses os.wait4 and the resource module).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
SEEDS_DIR = (REPO / ".." / "shared" / "seeds").resolve()
DEFAULT_OUT = BENCH_DIR / "out" / "result.json"
DEFAULT_CORPUS = BENCH_DIR / "out" / "corpus"

GENERATOR_VERSION = 1          # bump when the corpus recipe changes (old figures stop being comparable)
RANDOM_SEED = 20240517         # fixed: the corpus is byte-for-byte reproducible
MANIFEST = ".bench-manifest.json"  # dot-file: never linted (collect() skips dot paths; .json is not lintable)
LINTABLE = (".txt", ".md", ".tsv")
MB = 1_000_000                 # throughput unit: 10^6 bytes of input on disk
MIB = 1024 * 1024              # memory unit

TARGETS = {
    "e2e_mb_s_per_core": 4.0,
    "parse_mb_s_per_core": 5.0,
    "j2_speedup": 1.7,
    "startup_s": 0.25,
    "peak_mib": 300.0,
    "render_findings": 10_000,
    "render_s": 1.0,
}


class BenchError(Exception):
    pass


# =============================================================================
# Corpus
# =============================================================================

_AMOUNT = re.compile(r"^(-?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?$")
_TOTAL_WORDS = ("合计", "总计")
_GE_PERCENT = re.compile(r"≥\s*(\d+(?:\.\d+)?)%")


def _cells(line: str) -> list[str]:
    return line.split("\t")


def _is_row(line: str) -> bool:
    return "\t" in line


def _table_runs(lines: list[str], min_len: int = 2) -> list[tuple[int, int]]:
    """Runs [start, end) of consecutive TAB-separated lines."""
    runs, i = [], 0
    while i < len(lines):
        if _is_row(lines[i]):
            j = i
            while j < len(lines) and _is_row(lines[j]):
                j += 1
            if j - i >= min_len:
                runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


def _shift_amount(text: str, delta: int) -> str | None:
    """``text`` (an amount cell such as ``41,720.241``) moved by ``delta``
    units, keeping its format (thousands separators, decimals)."""
    m = _AMOUNT.match(text.strip())
    if not m:
        return None
    sign, whole, frac = m.group(1), m.group(2), m.group(3) or ""
    try:
        value = Decimal(sign + whole.replace(",", "") + frac) + delta
    except InvalidOperation:
        return None
    if value < 0:
        value = Decimal(sign + whole.replace(",", "") + frac) + abs(delta)
    places = len(frac) - 1 if frac else 0
    body = f"{abs(value):,.{places}f}" if "," in whole else f"{abs(value):.{places}f}"
    return ("-" if value < 0 else "") + body


def mut_total_amount(lines, rng):
    """Change an amount in a total row (合计/总计) by a few units."""
    candidates = []
    for i, line in enumerate(lines):
        if not _is_row(line):
            continue
        cells = _cells(line)
        if not any(w in c and len(c.strip()) <= 12 for c in cells for w in _TOTAL_WORDS):
            continue
        for k, c in enumerate(cells):
            if _AMOUNT.match(c.strip()) and Decimal(c.strip().replace(",", "") or "0") != 0:
                candidates.append((i, k))
    if not candidates:
        return None
    i, k = rng.choice(candidates)
    cells = _cells(lines[i])
    delta = rng.choice([-5, -4, -3, -2, -1, 1, 2, 3, 4, 5])
    new = _shift_amount(cells[k], delta)
    if new is None or new == cells[k].strip():
        return None
    cells[k] = new
    lines[i] = "\t".join(cells)
    return {"kind": "total_amount", "line": i + 1, "delta": delta}


def mut_drop_cell(lines, rng):
    """Drop one (non-first, non-empty) cell of a table row: the rest shift left."""
    candidates = [(i, k) for i, line in enumerate(lines) if _is_row(line)
                  for k, c in enumerate(_cells(line)) if k >= 1 and c.strip() and len(_cells(line)) >= 3]
    if not candidates:
        return None
    i, k = rng.choice(candidates)
    cells = _cells(lines[i])
    del cells[k]
    lines[i] = "\t".join(cells)
    return {"kind": "drop_cell", "line": i + 1, "cell": k + 1}


def mut_swap_lines(lines, rng):
    """Swap two adjacent rows of a table."""
    runs = _table_runs(lines, 3)
    if not runs:
        return None
    start, end = rng.choice(runs)
    i = rng.randrange(start + 1, end - 1)  # keep the first (header) row in place
    lines[i], lines[i + 1] = lines[i + 1], lines[i]
    return {"kind": "swap_lines", "line": i + 1}


def mut_duplicate_table(lines, rng):
    """Duplicate a whole table (its rows and the title line above it)."""
    runs = _table_runs(lines, 3)
    if not runs:
        return None
    start, end = rng.choice(runs)
    title, j = start, start - 1
    while j >= 0 and start - j <= 3 and not lines[j].strip():
        j -= 1
    if j >= 0 and lines[j].strip() and not _is_row(lines[j]) and len(lines[j]) <= 80:
        title = j
    block = lines[title:end]
    lines[end:end] = [""] + block
    return {"kind": "duplicate_table", "line": title + 1, "lines": len(block)}


def mut_random_tabs(lines, rng):
    """Insert stray TABs inside the text of a few lines."""
    candidates = [i for i, line in enumerate(lines) if len(line.strip()) >= 4]
    if not candidates:
        return None
    touched = sorted(rng.sample(candidates, min(len(candidates), rng.randint(1, 3))))
    for i in touched:
        line = lines[i]
        pos = rng.randrange(1, len(line))
        lines[i] = line[:pos] + "\t" * rng.randint(1, 2) + line[pos:]
    return {"kind": "random_tabs", "lines": [i + 1 for i in touched]}


def mut_percent_to_times(lines, rng):
    """``≥95%`` → ``≥95次`` (any ``≥NN%`` when the file has no ``≥95%``)."""
    hits = [(i, m) for i, line in enumerate(lines) for m in _GE_PERCENT.finditer(line)]
    if not hits:
        return None
    preferred = [h for h in hits if h[1].group(1) == "95"]
    i, m = rng.choice(preferred or hits)
    line = lines[i]
    lines[i] = line[: m.end() - 1] + "次" + line[m.end():]
    return {"kind": "percent_to_times", "line": i + 1, "was": m.group(0)}


MUTATIONS = [mut_total_amount, mut_drop_cell, mut_swap_lines, mut_duplicate_table, mut_random_tabs,
             mut_percent_to_times]


def _mutate(lines: list[str], rng: random.Random) -> list[dict]:
    applied: list[dict] = []
    wanted = rng.choice([1, 1, 2, 2, 3])
    order = MUTATIONS[:]
    rng.shuffle(order)
    # The two mutations that most directly make checks fire go first half the time.
    if rng.random() < 0.5:
        order.sort(key=lambda f: f not in (mut_total_amount, mut_percent_to_times))
    for fn in order:
        if len(applied) >= wanted:
            break
        done = fn(lines, rng)
        if done:
            applied.append(done)
    return applied


def _load_seeds(seeds_dir: Path) -> list[tuple[str, str, bytes]]:
    if not seeds_dir.is_dir():
        raise BenchError(
            f"seed disclosures not found: {seeds_dir} (expected ../shared/seeds/*.txt relative to the repo root {REPO})")
    paths = sorted(seeds_dir.glob("*.txt"))
    if not paths:
        raise BenchError(f"no *.txt seed disclosures in {seeds_dir}")
    seeds = []
    for p in paths:
        data = p.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("gb18030", errors="replace")
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        seeds.append((p.stem, text, data))
    return seeds


def _corpus_key(seeds, size_mb: float) -> dict:
    return {
        "generator_version": GENERATOR_VERSION,
        "random_seed": RANDOM_SEED,
        "size_mb": size_mb,
        "seeds": {name: hashlib.sha256(data).hexdigest() for name, _, data in seeds},
    }


def _digest_files(root: Path, rel_paths: list[str]) -> str:
    h = hashlib.sha256()
    for rel in rel_paths:
        h.update(rel.encode())
        h.update(b"\0")
        h.update((root / rel).read_bytes())
    return h.hexdigest()


def list_lintable(root: Path) -> list[str]:
    """The files ``budgetlint check ROOT`` lints (same rule as lint.collect): sorted,
    lintable suffix, no dot-named path part below ROOT."""
    out = []
    for f in root.rglob("*"):
        rel = f.relative_to(root)
        if f.is_file() and f.suffix.lower() in LINTABLE and not any(p.startswith(".") for p in rel.parts):
            out.append(str(f))
    return sorted(out)


def build_corpus(corpus_dir: Path, size_mb: float, explicit_dir: bool, log) -> dict:
    """Generate (or reuse, when identical) the corpus; return its description."""
    manifest_path = corpus_dir / MANIFEST
    existing = list_lintable(corpus_dir) if corpus_dir.is_dir() else []
    if explicit_dir and existing and not manifest_path.exists():
        log(f"corpus: {corpus_dir} holds {len(existing)} lintable files and no bench manifest: "
            "benchmarking them as they are (not generated)")
        total = sum(os.path.getsize(p) for p in existing)
        return {"dir": str(corpus_dir), "generated": False, "external": True, "files": len(existing),
                "bytes": total, "mb": total / MB, "paths": existing, "plain": [], "manifest": None}

    seeds = _load_seeds(SEEDS_DIR)
    key = _corpus_key(seeds, size_mb)
    if manifest_path.exists():
        try:
            old = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            old = None
        if old and old.get("key") == key:
            rels = [f["path"] for f in old["files"]]
            current = sorted(str(Path(p).relative_to(corpus_dir)) for p in existing)
            if current == sorted(rels) and _digest_files(corpus_dir, rels) == old["sha256"]:
                log(f"corpus: reusing {corpus_dir} ({len(rels)} files, sha256 {old['sha256'][:12]}…, identical)")
                return _describe(corpus_dir, old, generated=False)
        # Different recipe or tampered: remove what a previous run generated.
        if old:
            for f in old.get("files", []):
                try:
                    (corpus_dir / f["path"]).unlink()
                except OSError:
                    pass
        manifest_path.unlink(missing_ok=True)
        existing = list_lintable(corpus_dir) if corpus_dir.is_dir() else []
    if existing:
        if explicit_dir:
            raise BenchError(f"{corpus_dir} holds lintable files the benchmark did not generate; use an empty directory")
        shutil.rmtree(corpus_dir)  # the default corpus dir under bench/out is ours
    corpus_dir.mkdir(parents=True, exist_ok=True)

    log(f"corpus: generating ≥{size_mb:g} MB in {corpus_dir} from {len(seeds)} seeds (random seed {RANDOM_SEED}) …")
    target = int(size_mb * MB)
    files, total, index = [], 0, 0
    while total < target:
        rng = random.Random(f"{RANDOM_SEED}:{index}")  # per-file stream: file N never depends on the size asked for
        roll = rng.random()
        if roll < 0.35:
            variant, parts = "copy", [rng.randrange(len(seeds))]
        elif roll < 0.90:
            variant, parts = "mutated", [rng.randrange(len(seeds))]
        else:
            variant, parts = "bundle", [rng.randrange(len(seeds)) for _ in range(rng.randint(2, 4))]
        texts, mutations = [], []
        for n, s in enumerate(parts):
            lines = seeds[s][1].split("\n")
            if lines and lines[-1] == "":
                lines.pop()
            if variant == "mutated" or (variant == "bundle" and rng.random() < 0.6):
                offset = sum(len(t) + 1 for t in texts)  # +1: the blank line between parts
                for m in _mutate(lines, rng):
                    m["part"] = n
                    m["part_line_offset"] = offset
                    mutations.append(m)
            texts.append(lines)
        joined: list[str] = []
        for lines in texts:
            if joined:
                joined.append("")
            joined.extend(lines)
        text = "\n".join(joined) + "\n"
        enc_roll = rng.random()
        encoding = "gb18030" if enc_roll < 0.10 else "utf-8-sig" if enc_roll < 0.15 else "utf-8"
        newline = "\r\n" if rng.random() < 0.15 else "\n"
        if newline != "\n":
            text = text.replace("\n", newline)
        data = text.encode(encoding)
        seed_names = "+".join(seeds[s][0].split("_")[0] for s in parts)
        rel = f"d{index // 50:02d}/{index:05d}_{variant}_{seed_names}.txt"
        path = corpus_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        files.append({"path": rel, "bytes": len(data), "variant": variant, "seeds": [seeds[s][0] for s in parts],
                      "encoding": encoding, "newline": "CRLF" if newline == "\r\n" else "LF",
                      "mutations": mutations})
        total += len(data)
        index += 1
    rels = sorted(f["path"] for f in files)
    manifest = {"key": key, "sha256": _digest_files(corpus_dir, rels), "files": files,
                "created": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    log(f"corpus: {len(files)} files, {total / MB:.1f} MB, sha256 {manifest['sha256'][:12]}…")
    return _describe(corpus_dir, manifest, generated=True)


def _describe(corpus_dir: Path, manifest: dict, generated: bool) -> dict:
    files = manifest["files"]
    total = sum(f["bytes"] for f in files)
    sizes = sorted(f["bytes"] for f in files)
    kinds: dict[str, int] = {}
    for f in files:
        for m in f["mutations"]:
            kinds[m["kind"]] = kinds.get(m["kind"], 0) + 1
    count = lambda key, val: sum(1 for f in files if f[key] == val)  # noqa: E731
    return {
        "dir": str(corpus_dir),
        "generated": generated,
        "external": False,
        "files": len(files),
        "bytes": total,
        "mb": total / MB,
        "sha256": manifest["sha256"],
        "key": manifest["key"],
        "file_size_bytes": {"min": sizes[0], "median": statistics.median(sizes), "max": sizes[-1]},
        "variants": {v: count("variant", v) for v in ("copy", "mutated", "bundle")},
        "encodings": {e: count("encoding", e) for e in ("utf-8", "utf-8-sig", "gb18030")},
        "crlf_files": count("newline", "CRLF"),
        "mutations": kinds,
        "paths": sorted(str(corpus_dir / f["path"]) for f in files),
        "plain": sorted(str(corpus_dir / f["path"]) for f in files
                        if f["variant"] == "copy" and f["encoding"] == "utf-8" and f["newline"] == "LF"),
        "mutated_paths": {str(corpus_dir / f["path"]) for f in files if f["mutations"]},
    }


# =============================================================================
# Child processes: timing, per-process peak RSS (wait4), sampled tree RSS
# =============================================================================

def _maxrss_mib(ru) -> float:
    # Linux reports KiB, macOS bytes.
    return ru.ru_maxrss / (MIB if sys.platform == "darwin" else 1024)


def _vm_hwm_mib() -> float | None:
    """Peak RSS of this process's current address space (Linux): unlike
    ru_maxrss it never includes memory of the process that exec'd us."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _group_rss_mib(pgid: int, exclude: int | None = None) -> float | None:
    """Sum of the RSS of every process in process group ``pgid`` (Linux /proc)."""
    page = os.sysconf("SC_PAGE_SIZE")
    total = 0
    try:
        entries = os.listdir("/proc")
    except OSError:
        return None
    for name in entries:
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                stat = fh.read().decode("ascii", "replace")
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2:].split()
        # fields[0] is state (field 3); pgrp is field 5, rss (pages) field 24.
        if len(fields) > 21 and fields[2] == str(pgid) and name != str(exclude):
            total += int(fields[21]) * page
    return total / MIB


# Why a launcher: on Linux, exec() folds the high-water RSS of the address space
# it replaces into the new program's ru_maxrss.  A child spawned straight from
# this (growing) orchestrator would report the orchestrator's peak as its own.
# The launcher is a minimal `python -I -S` that fork()s (fresh rusage, small
# address space) and exec()s the command, then wait4()s it: the grandchild's
# ru_maxrss is its own peak (floor: the launcher's ~10 MiB, below any Python
# program's own footprint), and the wall time excludes the launcher's start-up.
_LAUNCHER = r"""
import os, sys, time
out, cmd = sys.argv[1], sys.argv[2:]
t = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(cmd[0], cmd)
    finally:
        os._exit(127)
_, status, ru = os.wait4(pid, 0)
elapsed = time.perf_counter() - t
with open(out, "w") as fh:
    fh.write("%r %d %d %r" % (elapsed, status, ru.ru_maxrss, ru.ru_utime + ru.ru_stime))
code = os.waitstatus_to_exitcode(status)
os._exit(code if code >= 0 else 128 - code)
"""


def child_env() -> dict:
    """The environment of every timed child: ours, minus ``PYTHONDONTWRITEBYTECODE``.

    An installed budgetlint runs from bytecode (pip compiles a wheel's modules
    at install time; a checkout writes ``__pycache__`` on its first run).  With
    that variable set (some sandboxes and containers set it), every run would
    compile all of budgetlint's source again, ~0.1 s that no user pays; the
    untimed warm-up run before each stage writes the bytecode instead."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_child(cmd: list[str], *, timeout: float, sample_tree: bool = False, cwd: str | None = None,
              env: dict | None = None) -> dict:
    """Run ``cmd`` (through the launcher); return its wall seconds, exit code,
    stdout, stderr, peak RSS (ru_maxrss from wait4: the largest single process
    among the command and the descendants it reaped) and, if asked, the
    sampled peak of the summed RSS of all its processes (Linux only)."""
    fd, ru_path = tempfile.mkstemp(suffix=".rusage", prefix="budgetlint-bench-")
    os.close(fd)
    try:
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            started = time.perf_counter()
            proc = subprocess.Popen([sys.executable, "-I", "-S", "-c", _LAUNCHER, ru_path, *cmd], stdout=out,
                                    stderr=err, stdin=subprocess.DEVNULL, cwd=cwd, env=env or child_env(),
                                    start_new_session=True)
            timed_out = threading.Event()

            def kill():
                timed_out.set()
                try:
                    os.killpg(proc.pid, signal.SIGKILL)  # the launcher's own process group
                except OSError:
                    pass

            timer = threading.Timer(timeout, kill)
            timer.daemon = True
            timer.start()
            tree_peak = [0.0]
            stop = threading.Event()
            sampler = None
            if sample_tree and sys.platform.startswith("linux"):
                def sample():
                    while not stop.is_set():
                        rss = _group_rss_mib(proc.pid, exclude=proc.pid)
                        if rss:
                            tree_peak[0] = max(tree_peak[0], rss)
                        stop.wait(0.1)
                sampler = threading.Thread(target=sample, daemon=True)
                sampler.start()
            proc.wait()
            outer = time.perf_counter() - started
            timer.cancel()
            stop.set()
            if sampler:
                sampler.join()
            if timed_out.is_set():  # pool workers left behind by the killed command
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except OSError:
                    pass
            out.seek(0)
            err.seek(0)
            stdout = out.read().decode("utf-8", "replace")
            stderr = err.read().decode("utf-8", "replace")
        try:
            elapsed_s, status_s, maxrss_s, cpu_s = Path(ru_path).read_text().split()
            elapsed, exit_code = float(elapsed_s), os.waitstatus_to_exitcode(int(status_s))
            peak, cpu = int(maxrss_s) / (MIB if sys.platform == "darwin" else 1024), float(cpu_s)
        except (OSError, ValueError):  # launcher killed (timeout) or exec failed
            elapsed, exit_code, peak, cpu = outer, proc.returncode, None, None
    finally:
        try:
            os.unlink(ru_path)
        except OSError:
            pass
    return {
        "seconds": elapsed,
        "outer_seconds": outer,
        "exit_code": exit_code,
        "timed_out": timed_out.is_set(),
        "stdout": stdout,
        "stderr": stderr,
        "peak_rss_mib": peak,
        "tree_rss_peak_mib": tree_peak[0] or None,
        "cpu_seconds": cpu,
    }


# =============================================================================
# In-process stages (each run executes in a fresh `run.py --_stage NAME` child)
# =============================================================================

def _render_main(paths: list[str], repetitions: int = 3) -> None:
    """Child entry point of the rich-report measurement: lint every file
    (untimed), then render the rich report of all their findings as the CLI
    does (source lines re-read, no colour), ``repetitions`` times; print one
    JSON line.  The render is a pure function of the results, so repeating it
    in one process measures the same work each time."""
    from budgetlint import __version__
    from budgetlint.cli import _sources
    from budgetlint.engine import REGISTRY, Settings
    from budgetlint.lint import lint_file
    from budgetlint.report import ReportContext, render

    checks = REGISTRY.select(None)
    settings = Settings()
    results = [lint_file(path, checks, settings) for path in paths]
    ctx = ReportContext(version=__version__, rule_names={c.code: c.name for c in checks})
    times = []
    for _ in range(repetitions):
        t = time.perf_counter()
        text = render("rich", results, ctx, _sources(results))
        times.append(time.perf_counter() - t)
    report = {"findings": sum(len(r.findings) for r in results), "seconds": statistics.median(times),
              "runs_seconds": times, "chars": len(text)}
    sys.stdout.write("\n" + json.dumps(report) + "\n")


def _stage_main(stage: str, filelist: str) -> None:
    """Child entry point: run one stage over the files, print one JSON line."""
    paths = Path(filelist).read_text(encoding="utf-8").splitlines()
    if stage == "render":
        _render_main(paths)
        return
    t0 = time.perf_counter()
    extra: dict = {}
    if stage == "baseline":
        def work(path):
            with open(path, "rb") as fh:
                data = fh.read()
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = data.decode("gb18030", errors="replace")
            return sum(len(line.split("\t")) for line in text.splitlines())
    elif stage == "parse":
        from budgetlint.document import parse_path

        def work(path):
            return parse_path(path)
    elif stage == "lint":
        from budgetlint.engine import REGISTRY, Settings
        from budgetlint.lint import lint_file

        checks = REGISTRY.select(None)
        settings = Settings()
        extra["checks"] = [c.code for c in checks]
        codes: dict[str, int] = {}
        p999: dict[str, int] = {}
        files_with_findings: list[str] = []
        input_errors: list[dict] = []

        def work(path):
            result = lint_file(path, checks, settings)
            if result.error:
                input_errors.append({"path": path, "error": result.error})
            if result.findings:
                files_with_findings.append(path)
            for f in result.findings:
                codes[f.code] = codes.get(f.code, 0) + 1
                if f.code == "P999":
                    failing = str(f.evidence.get("check", "?"))
                    p999[failing] = p999.get(failing, 0) + 1
            return result
    else:
        raise SystemExit(f"unknown stage {stage}")
    setup = time.perf_counter() - t0

    per_file: list[tuple[float, str]] = []
    failures: list[dict] = []
    t_loop = time.perf_counter()
    for path in paths:
        t = time.perf_counter()
        try:
            work(path)
        except Exception as exc:  # one broken file never stops the benchmark
            failures.append({"path": path, "error": f"{type(exc).__name__}: {exc}"[:500]})
        per_file.append((time.perf_counter() - t, path))
    loop = time.perf_counter() - t_loop

    import resource

    slowest = sorted(per_file, reverse=True)[:10]
    report = {
        "stage": stage,
        "seconds": loop,
        "setup_seconds": setup,
        "files": len(paths),
        "failures": failures,
        "self_peak_rss_mib": _maxrss_mib(resource.getrusage(resource.RUSAGE_SELF)),
        "self_vm_hwm_mib": _vm_hwm_mib(),
        "slowest": [{"path": p, "seconds": s, "bytes": os.path.getsize(p)} for s, p in slowest],
        "per_file_seconds_median": statistics.median(s for s, _ in per_file) if per_file else 0.0,
    }
    if stage == "lint":
        report.update(extra, findings_by_code=codes, check_crashes_by_check=p999, input_errors=input_errors,
                      files_with_findings=files_with_findings)
    sys.stdout.write("\n" + json.dumps(report, ensure_ascii=False) + "\n")


def _last_json(text: str) -> dict | None:
    for line in reversed(text.strip().splitlines()):
        if line.startswith("{"):
            try:
                return json.loads(line)
            except ValueError:
                return None
    return None


# =============================================================================
# Orchestration
# =============================================================================

def _budgetlint_cmd() -> list[str]:
    script = Path(sys.executable).parent / "budgetlint"
    if script.exists():
        return [str(script)]
    found = shutil.which("budgetlint")
    if found:
        return [found]
    return [sys.executable, "-c", "import sys; from budgetlint.cli import main; sys.exit(main())"]


def _max_or_none(values):
    values = [v for v in values if v is not None]
    return max(values) if values else None


def _median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def _machine() -> dict:
    info = {
        "python": sys.version.split()[0],
        "python_implementation": platform.python_implementation(),
        "executable": sys.executable,
        "platform": platform.platform(),
        "machine": platform.machine(),
        "processor": platform.processor() or None,
        "cpu_count": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "hostname": platform.node(),
    }
    try:
        info["cgroup_cpu_max"] = Path("/sys/fs/cgroup/cpu.max").read_text().strip()
    except OSError:
        pass
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu_model"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["mem_total_mib"] = int(line.split()[1]) // 1024
                break
    except OSError:
        pass
    return info


def _git() -> dict:
    def git(*args):
        try:
            return subprocess.run(["git", "--no-optional-locks", "-C", str(REPO), *args], capture_output=True,
                                  text=True, timeout=20).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""
    status = git("status", "--porcelain")
    return {"commit": git("rev-parse", "HEAD") or None, "dirty_paths": len(status.splitlines()) if status else 0}


def _source_fingerprint() -> str:
    """SHA-256 over the package's code, grammar and check files: if it changes
    while the benchmark runs, the figures mix two versions of budgetlint."""
    import budgetlint

    h = hashlib.sha256()
    roots = [Path(budgetlint.__file__).resolve().parent, REPO / "checks", REPO / "grammar"]
    for root in roots:
        if not root.is_dir():
            continue
        for f in sorted(root.rglob("*")):
            if f.is_file() and "__pycache__" not in f.parts and f.suffix != ".pyc":
                h.update(str(f.relative_to(root.parent)).encode())
                try:
                    h.update(f.read_bytes())
                except OSError:
                    pass
    return h.hexdigest()


def _fmt(value, spec, missing="—"):
    return missing if value is None else format(value, spec)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size-mb", type=float, default=None, help="corpus size in MB of 10^6 bytes (default 20; 2 with --quick)")
    parser.add_argument("--runs", type=int, default=None, help="runs per stage; the median is reported (default 3; 1 with --quick)")
    parser.add_argument("--out", type=Path, default=None, help=f"JSON result (default {DEFAULT_OUT.relative_to(REPO)}; "
                        "bench/out/result-quick.json with --quick)")
    parser.add_argument("--corpus-dir", type=Path, default=None,
                        help="where the corpus is generated (default bench/out/corpus, bench/out/corpus-quick with --quick); "
                             "a directory of lintable files without a bench manifest is benchmarked as it is")
    parser.add_argument("--quick", action="store_true", help="small corpus, one run: a smoke test of the benchmark, not figures")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds before one child run is killed (default 1800)")
    parser.add_argument("--_stage", help=argparse.SUPPRESS)
    parser.add_argument("--_filelist", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args._stage:
        _stage_main(args._stage, args._filelist)
        return 0

    size_mb = args.size_mb if args.size_mb is not None else (2.0 if args.quick else 20.0)
    runs = args.runs if args.runs is not None else (1 if args.quick else 3)
    startup_reps = 3 if args.quick else 5
    out_path = (args.out or (BENCH_DIR / "out" / ("result-quick.json" if args.quick else "result.json"))).resolve()
    corpus_dir = (args.corpus_dir or (BENCH_DIR / "out" / ("corpus-quick" if args.quick else "corpus"))).resolve()
    if runs < 1 or size_mb <= 0:
        parser.error("--runs and --size-mb must be positive")

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    try:
        import budgetlint
    except ImportError:
        raise BenchError(f"budgetlint is not importable from {sys.executable}; run with /work/main/.venv/bin/python")
    if os.name != "posix":
        raise BenchError("the benchmark needs a POSIX system (os.wait4, resource)")

    corpus = build_corpus(corpus_dir, size_mb, args.corpus_dir is not None, log)
    paths = corpus["paths"]
    if not paths:
        raise BenchError(f"no lintable files in {corpus_dir}")
    total_bytes = corpus["bytes"]
    work_dir = out_path.parent
    work_dir.mkdir(parents=True, exist_ok=True)
    filelist = work_dir / "files.txt"
    filelist.write_text("\n".join(paths) + "\n", encoding="utf-8")
    problems: list[str] = []

    source_before = _source_fingerprint()

    # ---- CLI capabilities ----------------------------------------------------
    bl = _budgetlint_cmd()
    help_run = run_child(bl + ["check", "--help"], timeout=120)
    help_text = help_run["stdout"] + help_run["stderr"]
    has_jobs = bool(re.search(r"(^|\s)(-j\b|--jobs\b)", help_text))
    # --isolated: the same checks and settings as the in-process stages, whatever
    # configuration file lies above the corpus.  --no-cache: every run does the work
    # (a results cache would turn runs 2…N, and -j 2 after -j 1, into cache hits).
    isolated = ["--isolated"] if "--isolated" in help_text else []
    has_no_cache = "--no-cache" in help_text
    has_cache_dir = "--cache-dir" in help_text
    cli_flags = isolated + (["--no-cache"] if has_no_cache else [])
    if "cache" in help_text and not has_no_cache:
        problems.append("the CLI mentions a cache but has no --no-cache: CLI figures may be cache hits")
    if help_run["exit_code"] != 0:
        problems.append(f"`budgetlint check --help` exited {help_run['exit_code']}: {help_run['stderr'][-300:]}")

    # ---- stages --------------------------------------------------------------
    stage_defs: list[dict] = [
        {"key": "baseline", "label": "baseline: read+decode+split", "kind": "inproc", "jobs": 1},
        {"key": "parse", "label": "parse (parse_path)", "kind": "inproc", "jobs": 1},
        {"key": "lint", "label": "parse + checks (lint_file)", "kind": "inproc", "jobs": 1},
    ]
    report_files = {}
    for jobs in (1, 2):
        key = f"cli_j{jobs}"
        report_files[key] = work_dir / f"cli-report-j{jobs}.json"
        # NOTE: the report goes to a real file, not `-o /dev/null`: the CLI writes
        # -o atomically (mkstemp in the target's directory + os.replace), which as
        # root would replace the /dev/null device node with a regular file.
        cmd = bl + ["check", str(corpus_dir), "--format", "json", "-o", str(report_files[key])] + cli_flags
        if has_jobs:
            stage_defs.append({"key": key, "label": f"CLI check -j {jobs}", "kind": "cli", "jobs": jobs,
                               "cmd": cmd + ["-j", str(jobs)]})
        elif jobs == 1:
            stage_defs.append({"key": key, "label": "CLI check (no -j flag)", "kind": "cli", "jobs": 1, "cmd": cmd})
        else:
            stage_defs.append({"key": key, "label": "CLI check -j 2", "kind": "na", "jobs": 2,
                               "note": "n/a (CLI has no -j yet)"})
    cache_dir = work_dir / "cli-cache"
    if has_no_cache and has_cache_dir:
        # Informative only (no target): a re-run over unchanged files, every result from the cache.
        report_files["cli_cached"] = work_dir / "cli-report-cached.json"
        stage_defs.append({"key": "cli_cached", "label": "CLI -j 1, warm result cache", "kind": "cli", "jobs": 1,
                           "cmd": bl + ["check", str(corpus_dir), "--format", "json", "-o",
                                        str(report_files["cli_cached"])] + isolated
                           + ["--cache-dir", str(cache_dir)] + (["-j", "1"] if has_jobs else [])})

    log(f"machine: Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {platform.platform()}")
    log(f"budgetlint {budgetlint.__version__}; CLI: {' '.join(bl)}; -j supported: {has_jobs}")
    log(f"corpus: {corpus['files']} files, {corpus['mb']:.2f} MB; {runs} run(s) per stage")

    raw: dict[str, list[dict]] = {s["key"]: [] for s in stage_defs}
    for s in stage_defs:
        if s["key"] == "cli_cached":
            shutil.rmtree(cache_dir, ignore_errors=True)
            prime = run_child(s["cmd"], timeout=args.timeout, cwd=str(work_dir))  # untimed: fills the cache
            if prime["exit_code"] not in (0, 1, 2):
                problems.append(f"priming the result cache failed (exit {prime['exit_code']}): {prime['stderr'][-300:]}")
    for r in range(runs):
        for s in stage_defs:  # interleaved, so slow drift of the machine hits every stage alike
            if s["kind"] == "na":
                continue
            if s["kind"] == "inproc":
                cmd = [sys.executable, str(Path(__file__).resolve()), "--_stage", s["key"], "--_filelist", str(filelist)]
                res = run_child(cmd, timeout=args.timeout)
                detail = _last_json(res["stdout"])
                entry = {"seconds": None, "wall_seconds": res["seconds"], "peak_rss_mib": res["peak_rss_mib"],
                         "exit_code": res["exit_code"], "cpu_seconds": res["cpu_seconds"]}
                if res["exit_code"] != 0 or detail is None:
                    entry["error"] = ("timed out" if res["timed_out"] else f"exit {res['exit_code']}") + ": " + res["stderr"][-1500:]
                    problems.append(f"{s['label']} run {r + 1} crashed: {entry['error'][:300]}")
                else:
                    entry["seconds"] = detail["seconds"]
                    entry["detail"] = detail
            else:
                res = run_child(s["cmd"], timeout=args.timeout, sample_tree=True, cwd=str(work_dir))
                entry = {"seconds": res["seconds"], "peak_rss_mib": res["peak_rss_mib"],
                         "tree_rss_peak_mib": res["tree_rss_peak_mib"], "exit_code": res["exit_code"],
                         "cpu_seconds": res["cpu_seconds"], "stderr_tail": res["stderr"][-2000:]}
                rf = report_files[s["key"]]
                report = None
                if res["exit_code"] in (0, 1, 2) and rf.exists():
                    try:
                        report = json.loads(rf.read_text(encoding="utf-8"))
                    except (OSError, ValueError):
                        report = None
                if res["timed_out"] or res["exit_code"] not in (0, 1, 2) or report is None:
                    entry["error"] = ("timed out" if res["timed_out"] else f"exit {res['exit_code']}, no JSON report") \
                        + ": " + res["stderr"][-1500:]
                    problems.append(f"{s['label']} run {r + 1} failed: {entry['error'][:300]}")
                else:
                    entry["report_findings"] = len(report.get("findings", []))
                    entry["report_files"] = len(report.get("files", []))
                    entry["report_file_errors"] = sum(1 for f in report.get("files", []) if f.get("error"))
                    entry["report_p999"] = sum(1 for f in report.get("findings", []) if f.get("code") == "P999")
                    entry["report_bytes"] = rf.stat().st_size
                try:
                    rf.unlink()
                except OSError:
                    pass
            raw[s["key"]].append(entry)
            log(f"  run {r + 1}/{runs} {s['label']:<30} {_fmt(entry.get('seconds'), '8.3f')} s  "
                f"peak {_fmt(entry['peak_rss_mib'], '6.1f')} MiB" + ("  ERROR" if entry.get("error") else ""))

    # ---- startup -------------------------------------------------------------
    small = min(corpus["plain"] or paths, key=os.path.getsize)
    startup_defs = {
        "version": bl + ["--version"],
        "check_one_file": bl + ["check", small] + cli_flags,
    }
    startup = {}
    for name, cmd in startup_defs.items():
        first = run_child(cmd, timeout=300, cwd=str(work_dir))  # untimed warm-up (page cache, lark grammar cache)
        times, peaks, codes = [], [], set()
        for _ in range(startup_reps):
            res = run_child(cmd, timeout=300, cwd=str(work_dir))
            times.append(res["seconds"])
            peaks.append(res["peak_rss_mib"])
            codes.add(res["exit_code"])
        startup[name] = {"cmd": cmd, "median_seconds": statistics.median(times), "runs_seconds": times,
                         "first_run_seconds": first["seconds"], "peak_rss_mib": _max_or_none(peaks),
                         "exit_codes": sorted(codes)}
        if codes - {0, 1}:
            problems.append(f"startup `{' '.join(cmd[-3:])}` exit codes {sorted(codes)}: {res['stderr'][-300:]}")
        log(f"  startup {name:<16} median {startup[name]['median_seconds']:.3f} s")
    startup["check_one_file"]["file"] = small
    startup["check_one_file"]["file_bytes"] = os.path.getsize(small)

    # ---- rich report ------------------------------------------------------------
    res = run_child([sys.executable, str(Path(__file__).resolve()), "--_stage", "render", "--_filelist", str(filelist)],
                    timeout=args.timeout)
    render_run = _last_json(res["stdout"])
    if res["exit_code"] != 0 or render_run is None:
        problems.append(f"rich report render failed (exit {res['exit_code']}): {res['stderr'][-300:]}")
        render_run = {}
    else:
        log(f"  rich report of {render_run['findings']} findings: median {render_run['seconds']:.3f} s")

    shutil.rmtree(cache_dir, ignore_errors=True)
    source_after = _source_fingerprint()
    if source_after != source_before:
        problems.append("budgetlint's source (src/budgetlint, checks/, grammar/) changed while the benchmark ran: "
                        "the figures mix versions; re-run on a quiet tree")

    # ---- summarise -----------------------------------------------------------
    summary: dict[str, dict] = {}
    for s in stage_defs:
        key = s["key"]
        if s["kind"] == "na":
            summary[key] = {"label": s["label"], "jobs": s["jobs"], "available": False, "note": s["note"]}
            continue
        entries = raw[key]
        secs = [e["seconds"] for e in entries if e.get("seconds") is not None]
        med = _median(secs)
        row = {
            "label": s["label"],
            "kind": s["kind"],
            "jobs": s["jobs"],
            "available": True,
            "median_seconds": med,
            "min_seconds": min(secs) if secs else None,
            "max_seconds": max(secs) if secs else None,
            "runs_seconds": [e.get("seconds") for e in entries],
            "mb_per_s": total_bytes / MB / med if med else None,
            "mb_per_s_per_core": total_bytes / MB / med / s["jobs"] if med else None,
            "files_per_s": len(paths) / med if med else None,
            "peak_rss_mib": _max_or_none(e["peak_rss_mib"] for e in entries),
            "failed_runs": sum(1 for e in entries if e.get("error")),
            "runs": entries,
        }
        if s["kind"] == "cli":
            row["cmd"] = s["cmd"]
            row["tree_rss_peak_mib"] = _median([e.get("tree_rss_peak_mib") for e in entries])
            row["exit_codes"] = sorted({e["exit_code"] for e in entries})
            ok = [e for e in entries if "report_files" in e]
            if ok:
                row["file_errors"] = ok[-1]["report_file_errors"]
                row["findings"] = ok[-1]["report_findings"]
                row["check_crashes_p999"] = ok[-1]["report_p999"]
                row["failures"] = ok[-1]["report_file_errors"]
                if ok[-1]["report_files"] != len(paths):
                    problems.append(f"{s['label']}: the report lists {ok[-1]['report_files']} files, the corpus has {len(paths)}")
        else:
            details = [e["detail"] for e in entries if "detail" in e]
            if details:
                d = details[-1]
                row["failures"] = len(d["failures"])
                row["failure_examples"] = d["failures"][:10]
                row["setup_seconds"] = _median([x["setup_seconds"] for x in details])
                row["slowest_files"] = d["slowest"]
                row["per_file_seconds_median"] = d["per_file_seconds_median"]
                row["self_vm_hwm_mib"] = _max_or_none(x.get("self_vm_hwm_mib") for x in details)
                if key == "lint":
                    row["checks"] = d["checks"]
                    row["findings_by_code"] = d["findings_by_code"]
                    row["findings"] = sum(d["findings_by_code"].values())
                    row["check_crashes_by_check"] = d["check_crashes_by_check"]
                    row["check_crashes_p999"] = sum(d["check_crashes_by_check"].values())
                    row["input_errors"] = len(d["input_errors"])
                    row["input_error_examples"] = d["input_errors"][:10]
                    row["failures"] += len(d["input_errors"])
                    with_f = set(d["files_with_findings"])
                    mutated = corpus.get("mutated_paths") or set()
                    if mutated:
                        row["mutated_files_with_findings"] = f"{len(with_f & mutated)}/{len(mutated)}"
                        unmut = [p for p in paths if p not in mutated]
                        row["unmutated_files_with_findings"] = f"{sum(1 for p in unmut if p in with_f)}/{len(unmut)}"
        summary[key] = row

    base = summary["baseline"].get("median_seconds")
    for row in summary.values():
        if row.get("available") and row.get("median_seconds") and base:
            row["ratio_to_baseline"] = row["median_seconds"] / base

    # problems: crashes, slow files, memory
    for key in ("parse", "lint"):
        row = summary[key]
        if row.get("failures"):
            ex = (row.get("failure_examples") or row.get("input_error_examples") or [{}])[0]
            problems.append(f"{row['label']}: {row['failures']} of {len(paths)} files failed, e.g. "
                            f"{ex.get('path', '?')}: {ex.get('error', '?')[:200]}")
        if row.get("check_crashes_p999"):
            problems.append(f"{row['label']}: checks raised (P999) {row['check_crashes_p999']} times: "
                            f"{row['check_crashes_by_check']}")
        med_file = row.get("per_file_seconds_median") or 0
        for f in row.get("slowest_files") or []:
            rate = f["bytes"] / MB / f["seconds"] if f["seconds"] else float("inf")
            if f["seconds"] > 1.0 or (row.get("mb_per_s") and rate < row["mb_per_s"] / 4 and f["seconds"] > 10 * med_file):
                problems.append(f"{row['label']}: slow file {Path(f['path']).name} ({f['bytes'] / 1000:.0f} kB) "
                                f"{f['seconds']:.3f} s = {rate:.2f} MB/s (stage average {row['mb_per_s']:.2f} MB/s)")
    cli_keys = [k for k in summary if k.startswith("cli_") and summary[k].get("available")]
    counts = {summary[k]["label"]: summary[k].get("findings") for k in cli_keys if summary[k].get("findings") is not None}
    if "findings" in summary["lint"]:
        counts[summary["lint"]["label"]] = summary["lint"]["findings"]
    if len(set(counts.values())) > 1:
        problems.append(f"finding counts differ between runs of the same corpus: {counts}")
    for key in cli_keys:
        row = summary[key]
        if row.get("available") and row.get("file_errors"):
            problems.append(f"{row['label']}: {row['file_errors']} files reported an error")
        if row.get("available") and row.get("check_crashes_p999"):
            problems.append(f"{row['label']}: {row['check_crashes_p999']} P999 (check crashed) findings")

    # ---- targets -------------------------------------------------------------
    def target(name, measured, goal, ok, unit, note=""):
        return {"target": name, "goal": goal, "measured": measured, "unit": unit,
                "met": None if measured is None else ok, "note": note}

    cpus = os.cpu_count() or 1
    j1, j2 = summary["cli_j1"], summary["cli_j2"]
    e2e = j1.get("mb_per_s_per_core")
    parse_rate = summary["parse"].get("mb_per_s_per_core")
    speedup = (j1["median_seconds"] / j2["median_seconds"]) if j2.get("available") and j1.get("median_seconds") \
        and j2.get("median_seconds") else None
    mem_candidates = [(summary[k].get("peak_rss_mib"), summary[k]["label"]) for k in ("parse", "lint", "cli_j1", "cli_j2")
                      if summary[k].get("available") and summary[k].get("peak_rss_mib") is not None]
    peak, peak_where = max(mem_candidates) if mem_candidates else (None, "")
    targets = [
        target("end-to-end check ≥ 4 MB/s per core", e2e, f"≥ {TARGETS['e2e_mb_s_per_core']} MB/s",
               e2e is not None and e2e >= TARGETS["e2e_mb_s_per_core"], "MB/s", f"from {j1['label']}"),
        target("parse ≥ 5 MB/s per core", parse_rate, f"≥ {TARGETS['parse_mb_s_per_core']} MB/s",
               parse_rate is not None and parse_rate >= TARGETS["parse_mb_s_per_core"], "MB/s", "parse_path, one process"),
        target("-j 2 ≥ 1.7× faster than -j 1", speedup, f"≥ {TARGETS['j2_speedup']}×",
               speedup is not None and speedup >= TARGETS["j2_speedup"], "×",
               "n/a (CLI has no -j yet)" if not has_jobs else
               (f"only {cpus} CPU: not measurable" if cpus < 2 else f"{cpus} CPUs")),
        target("--version < 0.25 s", startup["version"]["median_seconds"], f"< {TARGETS['startup_s']} s",
               startup["version"]["median_seconds"] < TARGETS["startup_s"], "s"),
        target("one-file check < 0.25 s", startup["check_one_file"]["median_seconds"], f"< {TARGETS['startup_s']} s",
               startup["check_one_file"]["median_seconds"] < TARGETS["startup_s"], "s",
               f"{Path(small).name}, {os.path.getsize(small) / 1000:.1f} kB"),
        target("peak memory < 300 MiB", peak, f"< {TARGETS['peak_mib']:g} MiB",
               peak is not None and peak < TARGETS["peak_mib"], "MiB", f"largest single process: {peak_where}"),
    ]
    rendered = render_run.get("findings") or 0
    targets.append(target(
        f"rich report of {TARGETS['render_findings']:,} findings < {TARGETS['render_s']:g} s", render_run.get("seconds"),
        f"< {TARGETS['render_s']:g} s", (render_run.get("seconds") or 0) < TARGETS["render_s"], "s",
        f"all {rendered:,} findings of the corpus" if rendered >= TARGETS["render_findings"]
        else f"n/a: the corpus gives only {rendered:,} findings"))
    if rendered < TARGETS["render_findings"]:
        targets[-1]["met"] = None
    if not has_jobs:
        targets[2]["met"] = None
    if has_jobs and cpus < 2:
        targets[2]["met"] = None

    # ---- print ----------------------------------------------------------------
    print()
    print(f"budgetlint {budgetlint.__version__} benchmark — {corpus['files']} files, {corpus['mb']:.2f} MB "
          f"(MB = 10^6 bytes), median of {runs} run(s); Python {sys.version.split()[0]}, {cpus} CPUs, {platform.platform()}")
    if corpus.get("sha256"):
        print(f"corpus {corpus['dir']} sha256 {corpus['sha256'][:16]}… "
              f"({corpus['variants']['copy']} copies, {corpus['variants']['mutated']} mutated, "
              f"{corpus['variants']['bundle']} bundles; {corpus['encodings']['gb18030']} GB18030, "
              f"{corpus['encodings']['utf-8-sig']} UTF-8-BOM, {corpus['crlf_files']} CRLF)")
    header = f"{'stage':<30} {'seconds':>8} {'(min–max)':>15} {'MB/s':>7} {'files/s':>8} {'peak MiB':>9} {'× base':>7} {'fail':>5}"
    print(header)
    print("-" * len(header))
    for s in stage_defs:
        row = summary[s["key"]]
        if not row.get("available"):
            print(f"{row['label']:<30} {row['note']}")
            continue
        spread = f"({_fmt(row['min_seconds'], '.2f')}–{_fmt(row['max_seconds'], '.2f')})"
        peak_txt = _fmt(row["peak_rss_mib"], ".0f")
        if row.get("tree_rss_peak_mib") and s["jobs"] > 1:
            peak_txt += f" (Σ{row['tree_rss_peak_mib']:.0f})"
        fails = row.get("failures")
        fails = "?" if fails is None and row.get("failed_runs") else (fails or 0)
        print(f"{row['label']:<30} {_fmt(row['median_seconds'], '8.3f'):>8} {spread:>15} {_fmt(row['mb_per_s'], '7.2f'):>7} "
              f"{_fmt(row['files_per_s'], '8.1f'):>8} {peak_txt:>9} {_fmt(row.get('ratio_to_baseline'), '6.1f') + '×':>7} "
              f"{fails!s:>5}" + (f"  ({row['failed_runs']} run(s) failed)" if row.get("failed_runs") else ""))
    for name, label in (("version", "startup: budgetlint --version"), ("check_one_file", "startup: check one small file")):
        st = startup[name]
        spread = f"({min(st['runs_seconds']):.2f}–{max(st['runs_seconds']):.2f})"
        print(f"{label:<30} {st['median_seconds']:8.3f} {spread:>15} {'':>7} {'':>8} {_fmt(st['peak_rss_mib'], '.0f'):>9} {'':>7} {'':>5}")
    print("peak MiB = ru_maxrss of the largest single process (via a fork+exec launcher); "
          "(Σ…) = sampled peak of the summed RSS of the CLI and its workers.")
    lint_row = summary["lint"]
    if lint_row.get("findings") is not None:
        print(f"checks run in-process: {', '.join(lint_row['checks'])}; findings {lint_row['findings']} "
              f"{lint_row['findings_by_code']}")
        if lint_row.get("mutated_files_with_findings"):
            print(f"files with ≥1 finding: mutated {lint_row['mutated_files_with_findings']}, "
                  f"unmutated {lint_row['unmutated_files_with_findings']} (the seeds themselves already have findings)")
    for key in ("parse", "lint"):
        slow = (summary[key].get("slowest_files") or [None])[0]
        if slow:
            print(f"slowest file in {summary[key]['label']}: {Path(slow['path']).name} ({slow['bytes'] / 1000:.0f} kB) "
                  f"{slow['seconds']:.3f} s = {slow['bytes'] / MB / max(slow['seconds'], 1e-9):.2f} MB/s")
    print()
    print("targets")
    for t in targets:
        status = "n/a " if t["met"] is None else ("MET " if t["met"] else "MISS")
        spec = {"MB/s": ".2f", "×": ".2f", "s": ".3f", "MiB": ".0f"}.get(t["unit"], ".3g")
        meas = "—" if t["measured"] is None else f"{t['measured']:{spec}} {t['unit']}"
        print(f"  [{status}] {t['target']:<38} measured {meas:<14} {t['note']}")
    if problems:
        print()
        print("problems")
        for p in problems:
            print("  - " + p)

    # ---- JSON ----------------------------------------------------------------
    corpus_json = {k: v for k, v in corpus.items() if k not in ("paths", "plain", "mutated_paths")}
    result = {
        "schema": 1,
        "timestamp": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "budgetlint_version": budgetlint.__version__,
        "git": _git(),
        "source_sha256": {"before": source_before, "after": source_after},
        "machine": _machine(),
        "settings": {"size_mb": size_mb, "runs": runs, "startup_repetitions": startup_reps, "quick": args.quick,
                     "mb": "10^6 bytes", "memory": "MiB", "cli": bl, "cli_has_jobs": has_jobs,
                     "cli_extra_flags": cli_flags, "cli_cwd": str(work_dir),
                     "children_write_bytecode": True,
                     "PYTHONDONTWRITEBYTECODE_in_caller": os.environ.get("PYTHONDONTWRITEBYTECODE")},
        "corpus": corpus_json,
        "stages": summary,
        "startup": startup,
        "rich_render": render_run,
        "targets": targets,
        "problems": problems,
    }
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(result, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
    print()
    print(f"result written to {out_path}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as exc:
        print(f"bench: error: {exc}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
