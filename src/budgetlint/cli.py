"""The command line: ``budgetlint check | parse | rules | rule``.

Heavy modules (lark, rich, the checks) are imported inside the commands so that
``budgetlint --version`` starts fast.  The exit code is decided in one place,
:func:`exit_code`: 0 clean, 1 findings at or above the fail level, 2 usage,
configuration, input or internal error.
"""

from __future__ import annotations

import os
import sys
import time

import click

from . import __version__

EXIT_SUCCESS = 0
EXIT_FAIL = 1
EXIT_ERROR = 2
FAIL_LEVELS = ("error", "warning", "info", "never")


def _fail(message: str) -> None:
    click.echo(f"budgetlint: {message}", err=True)
    sys.exit(EXIT_ERROR)


def exit_code(results, fail_on: str = "error") -> int:
    """0, 1 or 2 for a finished run (see the module docstring)."""
    from .engine import SEVERITY_RANK

    if any(r.error for r in results) or any(f.code == "P999" for r in results for f in r.findings):
        return EXIT_ERROR
    if fail_on == "never":
        return EXIT_SUCCESS
    threshold = SEVERITY_RANK[fail_on]
    if any(SEVERITY_RANK[f.severity] >= threshold for r in results for f in r.findings):
        return EXIT_FAIL
    return EXIT_SUCCESS


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="budgetlint")
@click.pass_context
def main(ctx: click.Context) -> None:
    """budgetlint — consistency-audit linter for Chinese government budget disclosures."""
    from .gcpause import command_collector

    ctx.with_resource(command_collector())


def _common_options(f):
    """Options shared by ``check`` and ``baseline`` (as sqlfluff shares them)."""
    options = [
        click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Use this configuration file."),
        click.option("--isolated", is_flag=True, help="Ignore all configuration files (and their plugins)."),
        click.option("--select", multiple=True, help="Checks to run: codes, prefixes, families or names (repeatable, comma-separated)."),
        click.option("--extend-select", multiple=True, help="Checks to add to the selection."),
        click.option("--ignore", multiple=True, help="Checks to skip (same forms as --select)."),
        click.option("--lang", type=click.Choice(["zh", "en"]), default=None, help="Message language (default zh)."),
        click.option("--profile", default=None, help="Profile (default: chosen by the document's year)."),
        click.option("-j", "--jobs", type=click.IntRange(1, 256), default=1, show_default=True, help="Lint files in N processes."),
        click.option("--stdin-filename", default=None, help="Name to report for input read from '-'."),
        click.option("--verbose", "-v", is_flag=True, help="Show tracebacks of failing checks."),
        click.option("--no-progress", is_flag=True, help="Never show a progress bar."),
        click.option("--no-cache", is_flag=True, help="Do not read or write the result cache."),
        click.option("--cache-dir", type=click.Path(file_okay=False), envvar="BUDGETLINT_CACHE_DIR",
                     help="Cache directory (default .budgetlint_cache beside the configuration, or in the working directory)."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def _prepare(paths, config_path, isolated, profile):
    from . import profiles
    from .config import ConfigError, resolve

    try:
        cfg = resolve(list(paths), config_path, isolated)
    except ConfigError as exc:
        _fail(str(exc))
    if profile is not None and profile not in profiles.names():
        _fail(f"unknown profile {profile!r}; known: {', '.join(profiles.names())}")
    return cfg


def _progress_factory(no_progress: bool):
    if no_progress or not sys.stderr.isatty():
        return None

    def factory(total: int):
        if total < 20:
            return None
        from .progress import Progress

        return Progress(total)

    return factory


def _execute(paths, cfg, select, extend_select, ignore, lang, profile, verbose, jobs, baseline, no_progress, stdin_filename,
             no_cache=True, cache_dir=None):
    from .engine import CheckError
    from .lint import InputError
    from .runner import run

    try:
        return run(
            list(paths),
            cfg,
            select=_split(select) or None,
            ignore=_split(ignore),
            extend_select=_split(extend_select),
            lang=lang,
            profile=profile,
            verbose=verbose,
            jobs=jobs,
            baseline=baseline,
            progress_factory=_progress_factory(no_progress),
            stdin_name=stdin_filename,
            cache_dir=None if no_cache else _cache_dir(cfg, cache_dir),
        )
    except (InputError, CheckError) as exc:
        _fail(str(exc))


def _cache_dir(cfg, explicit):
    from pathlib import Path

    from .cache import DEFAULT_DIR

    if explicit:
        return Path(explicit)
    return (cfg.path.parent if cfg.path else Path.cwd()) / DEFAULT_DIR


@main.command()
@click.argument("paths", nargs=-1, required=True)
@_common_options
@click.option("--format", "fmt", type=click.Choice(["rich", "concise", "json", "jsonl", "sarif", "junit", "github", "gitlab", "html", "csv"]),
              default=None, help="Report format (default: rich on a terminal, concise otherwise).")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report to FILE (atomically).")
@click.option("--fail-on", type=click.Choice(FAIL_LEVELS), default=None, help="Lowest severity that makes the exit code 1 (default error).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings are reported (errors still exit 2).")
@click.option("--statistics", is_flag=True, help="Print counts per check instead of the findings.")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False), help="Report only findings not recorded in this baseline.")
def check(paths, config_path, isolated, select, extend_select, ignore, lang, profile, jobs, stdin_filename, verbose,
          no_progress, no_cache, cache_dir, fmt, output, fail_on, exit_zero, statistics, baseline_path):
    """Lint disclosure files or directories (``-`` reads standard input)."""
    from .engine import REGISTRY
    from .report import WITH_SOURCES, ReportContext, stream

    started = time.perf_counter()
    cfg = _prepare(paths, config_path, isolated, profile)
    baseline = None
    if baseline_path:
        from .baseline import BaselineError, load

        try:
            baseline = load(baseline_path)
        except BaselineError as exc:
            _fail(str(exc))
    outcome = _execute(paths, cfg, select, extend_select, ignore, lang, profile, verbose, jobs, baseline,
                       no_progress, stdin_filename, no_cache, cache_dir)
    results = outcome.results
    if not results:
        _fail("no lintable files (*.txt, *.md, *.tsv) in " + ", ".join(paths))
    for r in results:
        if r.error:
            click.echo(f"budgetlint: {r.error}", err=True)
    for s in outcome.unused_suppressions:
        click.echo(f"budgetlint: unused suppression: {s.code} {s.path} ({s.reason})", err=True)
    if baseline is not None and outcome.baselined:
        click.echo(f"budgetlint: {outcome.baselined} findings recorded in the baseline are not shown", err=True)
    if outcome.stale_baseline:
        click.echo(f"budgetlint: {len(outcome.stale_baseline)} baseline entries no longer occur:", err=True)
        for e in outcome.stale_baseline[:50]:
            click.echo(f"  {e['path']} {e['code']} {e.get('message', '')}", err=True)
    lang = lang or cfg.lang
    if fmt is None:
        fmt = "rich" if (output is None and sys.stdout.isatty()) else "concise"
    ctx = ReportContext(
        version=__version__,
        lang=lang,
        elapsed=time.perf_counter() - started,
        color=output is None and fmt == "rich" and sys.stdout.isatty() and not os.environ.get("NO_COLOR"),
        rule_names={c.code: c.name for c in [*REGISTRY.all(), *outcome.checks]},  # plugins too
    )
    if statistics:
        text = _statistics(results, ctx)
    else:
        sources = _sources(results) if fmt in WITH_SOURCES else None
        text = stream(fmt, results, ctx, sources)
    _write(text, output)
    code = exit_code(results, fail_on or cfg.fail_on)
    if exit_zero and code == EXIT_FAIL:
        code = EXIT_SUCCESS
    sys.exit(code)


def _statistics(results, ctx) -> str:
    from collections import Counter

    counts = Counter((f.code, f.severity) for r in results for f in r.findings)
    lines = [f"{n:6d}  {code}  {ctx.rule_names.get(code, '')}  [{sev}]" for (code, sev), n in sorted(counts.items())]
    total = sum(counts.values())
    lines.append(f"{total:6d}  total in {len(results)} files")
    return "\n".join(lines) + "\n"


@main.command()
@click.argument("paths", nargs=-1, required=True)
@_common_options
@click.option("--output", "-o", type=click.Path(dir_okay=False), required=True, help="Baseline file to write.")
def baseline(paths, config_path, isolated, select, extend_select, ignore, lang, profile, jobs, stdin_filename, verbose,
             no_progress, no_cache, cache_dir, output):
    """Record the current findings so that ``check --baseline`` reports only new ones."""
    import json
    from pathlib import Path

    from .baseline import build

    cfg = _prepare(paths, config_path, isolated, profile)
    outcome = _execute(paths, cfg, select, extend_select, ignore, lang, profile, verbose, jobs, None, no_progress,
                       stdin_filename, no_cache, cache_dir)
    if any(r.error for r in outcome.results):
        for r in outcome.results:
            if r.error:
                click.echo(f"budgetlint: {r.error}", err=True)
        sys.exit(EXIT_ERROR)
    data = build(outcome.results, Path.cwd())
    _write(json.dumps(data, ensure_ascii=False, indent=2) + "\n", output)
    click.echo(f"budgetlint: baseline of {len(data['findings'])} findings written to {output}", err=True)


def _sources(results) -> dict[str, list[str]]:
    from .lint import read_bytes
    from .source import decode

    out = {}
    for r in results:
        if r.lines is not None:
            out[r.path] = r.lines
        elif r.findings and r.path != "<stdin>":
            try:
                out[r.path] = decode(read_bytes(r.path), r.path).lines
            except Exception:  # the report is still useful without source lines
                continue
    return out


def _split(values) -> list[str]:
    out: list[str] = []
    for v in values:
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return out


def _write(text, output: str | None) -> None:
    """Write the report (a string, or an iterable of string chunks).

    A regular file is written to a temporary file beside it and renamed, so an
    interrupted run leaves the previous report intact; a device or pipe
    (``/dev/null``, ``/dev/stdout``) is written directly, never replaced."""
    import os
    import stat
    import tempfile

    chunks = [text] if isinstance(text, str) else text
    if output is None:
        for chunk in chunks:
            sys.stdout.write(chunk)
        return
    try:
        mode = os.stat(output).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        _fail(f"cannot write {output}: {exc.strerror or exc}")
    if mode is not None and not stat.S_ISREG(mode):
        try:
            with open(output, "w", encoding="utf-8") as fh:
                for chunk in chunks:
                    fh.write(chunk)
        except OSError as exc:
            _fail(f"cannot write {output}: {exc.strerror or exc}")
        return
    directory = os.path.dirname(os.path.abspath(output))
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".budgetlint-", dir=directory)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            for chunk in chunks:
                fh.write(chunk)
        os.replace(tmp, output)
    except OSError as exc:
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)
        _fail(f"cannot write {output}: {exc.strerror or exc}")


@main.command()
@click.argument("path")
@click.option("--format", "fmt", type=click.Choice(["json", "tree"]), default="json", show_default=True)
def parse(path, fmt):
    """Parse one disclosure and print its typed model."""
    import json

    from .lint import InputError, parse_bytes, read_bytes
    from .serialize import document_json

    try:
        doc = parse_bytes(read_bytes(path), path)
    except InputError as exc:
        _fail(str(exc))
    if fmt == "json":
        sys.stdout.write(json.dumps(document_json(doc), ensure_ascii=False, indent=2) + "\n")
        return
    _print_tree(doc)


def _print_tree(doc) -> None:
    from rich.console import Console
    from rich.text import Text
    from rich.tree import Tree

    from .report.safe_text import inert

    root = Tree(Text(inert(f"{doc.path}  [{doc.encoding}] {doc.year or '?'} {doc.organization or '?'} {doc.document_type or '?'}")))
    for t in doc.tables:
        node = root.add(Text(inert(f"L{t.line}-{t.end_line} {t.kind}: {t.title or '(untitled)'}  unit={t.unit or '-'}")))
        for cols in t.headers[:1]:
            node.add(Text(inert("columns: " + " | ".join(c.path + (f"→{c.field}" if c.field else "") for c in cols))))
        node.add(Text(f"rows: {len(t.rows)}  indicators: {len(t.indicators)}  pages: {1 + len(t.pages)}"))
        for ind in t.indicators[:200]:
            v = ind.value.raw if ind.value else ""
            node.add(Text(inert(f"L{ind.line} {ind.level1 or '-'} / {ind.level2 or '-'} / {ind.name} = {v} [{ind.name_kind}]")))
    Console(markup=False, highlight=False).print(root)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json", "markdown"]), default="table", show_default=True)
def rules(fmt):
    """List every check with its code, name, severity and summary."""
    from .engine import REGISTRY

    checks = REGISTRY.all()
    if fmt == "markdown":
        from .docs import catalogue_markdown

        sys.stdout.write(catalogue_markdown(checks))
        return
    if fmt == "json":
        import json

        data = [{"code": c.code, "name": c.name, "severity": c.severity, "summary": c.summary, "kinds": list(c.kinds)} for c in checks]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(show_edge=False, box=None)
    for col in ("code", "name", "severity", "summary"):
        table.add_column(col)
    for c in checks:
        table.add_row(c.code, c.name, c.severity, c.summary)
    Console(markup=False, highlight=False).print(table)


@main.command()
@click.argument("code")
def rule(code):
    """Show one check's documentation with its examples."""
    from .docs import rule_text
    from .engine import REGISTRY

    cls = REGISTRY.get(code.upper()) or REGISTRY.get(code)
    if cls is None:
        _fail(f"unknown check {code!r} (see 'budgetlint rules')")
    sys.stdout.write(rule_text(cls))


if __name__ == "__main__":  # pragma: no cover
    main()
