"""The command line: ``budgetlint check | parse | rules | rule``.

Heavy modules (lark, rich, the checks) are imported inside the commands so that
``budgetlint --version`` starts fast.  The exit code is decided in one place,
:func:`exit_code`: 0 clean, 1 findings at or above the fail level, 2 usage,
configuration, input or internal error.
"""

from __future__ import annotations

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
def main() -> None:
    """budgetlint — consistency-audit linter for Chinese government budget disclosures."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["rich", "concise", "json"]), default=None,
              help="Report format (default: rich on a terminal, concise otherwise).")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report to FILE.")
@click.option("--select", multiple=True, help="Checks to run: codes, prefixes, families or names (repeatable, comma-separated).")
@click.option("--ignore", multiple=True, help="Checks to skip (same forms as --select).")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="Message language.")
@click.option("--profile", default=None, help="Profile (default: chosen by the document's year).")
@click.option("--fail-on", type=click.Choice(FAIL_LEVELS), default="error", show_default=True,
              help="Lowest severity that makes the exit code 1.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings are reported (errors still exit 2).")
@click.option("--verbose", "-v", is_flag=True, help="Show tracebacks of failing checks.")
def check(paths, fmt, output, select, ignore, lang, profile, fail_on, exit_zero, verbose):
    """Lint disclosure files or directories (``-`` reads standard input)."""
    from .engine import REGISTRY, CheckError, Settings
    from .lint import InputError, collect, lint_file
    from .report import ReportContext, render

    started = time.perf_counter()
    try:
        files = collect(list(paths))
        checks = REGISTRY.select(_split(select) or None, _split(ignore))
    except (InputError, CheckError) as exc:
        _fail(str(exc))
    if profile is not None:
        from . import profiles

        if profile not in profiles.names():
            _fail(f"unknown profile {profile!r}; known: {', '.join(profiles.names())}")
    if not files:
        _fail("no lintable files (*.txt, *.md, *.tsv) in " + ", ".join(paths))
    settings = Settings(lang=lang, profile=profile, verbose=verbose)
    results = [lint_file(p, checks, settings) for p in files]
    for r in results:
        if r.error:
            click.echo(f"budgetlint: {r.error}", err=True)
    if fmt is None:
        fmt = "rich" if (output is None and sys.stdout.isatty()) else "concise"
    ctx = ReportContext(
        version=__version__,
        lang=lang,
        elapsed=time.perf_counter() - started,
        color=output is None and sys.stdout.isatty(),
        rule_names={c.code: c.name for c in REGISTRY.all()},
    )
    if fmt == "rich":
        from .report.rich_report import render as render_rich

        sources = _sources(results)
        text = render_rich(results, ctx, sources)
    else:
        text = render(fmt, results, ctx)
    _write(text, output)
    code = exit_code(results, fail_on)
    if exit_zero and code == EXIT_FAIL:
        code = EXIT_SUCCESS
    sys.exit(code)


def _sources(results) -> dict[str, list[str]]:
    from .lint import parse_bytes, read_bytes  # noqa: F401 - re-read only files with findings
    from .source import decode

    out = {}
    for r in results:
        if r.findings and r.path != "<stdin>":
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


def _write(text: str, output: str | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    import os
    import tempfile

    directory = os.path.dirname(os.path.abspath(output))
    try:
        fd, tmp = tempfile.mkstemp(prefix=".budgetlint-", dir=directory)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, output)
    except OSError as exc:
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
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def rules(fmt):
    """List every check with its code, name, severity and summary."""
    from .engine import REGISTRY

    checks = REGISTRY.all()
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
