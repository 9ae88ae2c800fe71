"""The check API, the registry of checks, and running them with isolation.

A check is a small class with a code, a name, a severity, the table kinds it
applies to, message templates in Chinese and English, documentation with a
failing and a passing example, and options with defaults.  It reports through
one call, ``ctx.report(at, **evidence)``; the engine fills in the position, the
table, the fingerprint and the message.  A check that raises becomes a P999
finding and the other checks still run.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
import string
import sys
import traceback
from dataclasses import dataclass, field, fields
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar, Iterable

from . import arithmetic, profiles
from .checklib import header_at, per_table
from .model import Amount, Cell, Document, Indicator, Row, Table

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1}
CODE_PATTERN = re.compile(r"^[A-Z]{1,3}\d{3}$")
NAME_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ENTRY_POINT_GROUP = "budgetlint.checks"
FAMILIES = {
    "R": "reconciliation",
    "X": "cross-table",
    "S": "sangong",
    "E": "execution",
    "U": "units",
    "I": "indicators",
    "C": "completeness",
    "F": "format",
    "P": "parsing",
}


class CheckError(Exception):
    """A check or plugin is malformed (bad code, duplicate, missing docs)."""


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    name: str
    severity: str
    message: str
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    table_kind: str | None
    table_title: str | None
    fingerprint: str
    evidence: dict[str, Any] = field(default_factory=dict)

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.code, self.message)

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "message": self.message,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "table_kind": self.table_kind,
            "table_title": self.table_title,
            "fingerprint": self.fingerprint,
            "evidence": self.evidence,
        }


#: The slot setters of Finding's fields, in field order (see :func:`new_finding`).
(_SET_CODE, _SET_NAME, _SET_SEVERITY, _SET_MESSAGE, _SET_PATH, _SET_LINE, _SET_COLUMN, _SET_END_LINE,
 _SET_END_COLUMN, _SET_TABLE_KIND, _SET_TABLE_TITLE, _SET_FINGERPRINT, _SET_EVIDENCE) = (
    Finding.__dict__[f.name].__set__ for f in fields(Finding))


def new_finding(code, name, severity, message, path, line, column, end_line, end_column, table_kind, table_title,
                fingerprint, evidence) -> Finding:
    """``Finding(...)`` (every field given, in order) at half the cost.

    The frozen dataclass's ``__init__`` sets each field with
    ``object.__setattr__``, a generic attribute lookup per field (about 18,000
    instructions a finding); this calls each slot's own setter, the
    descriptor that ``object.__setattr__`` ends up in.  The result is the same
    object: Finding has no ``__post_init__`` and every field is given."""
    finding = object.__new__(Finding)
    _SET_CODE(finding, code)
    _SET_NAME(finding, name)
    _SET_SEVERITY(finding, severity)
    _SET_MESSAGE(finding, message)
    _SET_PATH(finding, path)
    _SET_LINE(finding, line)
    _SET_COLUMN(finding, column)
    _SET_END_LINE(finding, end_line)
    _SET_END_COLUMN(finding, end_column)
    _SET_TABLE_KIND(finding, table_kind)
    _SET_TABLE_TITLE(finding, table_title)
    _SET_FINGERPRINT(finding, fingerprint)
    _SET_EVIDENCE(finding, evidence)
    return finding


class Check:
    """Base class of every check.  Subclasses set the class attributes and
    override :meth:`check_table` (table checks) or :meth:`check_document`."""

    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    severity: ClassVar[str] = "error"
    kinds: ClassVar[tuple[str, ...]] = ()
    scope: ClassVar[str] = "table"  # "table" or "document"
    message_zh: ClassVar[str] = ""
    message_en: ClassVar[str] = ""
    summary: ClassVar[str] = ""
    what: ClassVar[str] = ""
    why: ClassVar[str] = ""
    example_fail: ClassVar[str] = ""
    example_pass: ClassVar[str] = ""
    references: ClassVar[tuple[str, ...]] = ()
    options: ClassVar[dict[str, Any]] = {}

    def check_table(self, table: Table, ctx: "Context") -> None:  # pragma: no cover - interface
        return None

    def check_document(self, doc: Document, ctx: "Context") -> None:  # pragma: no cover - interface
        return None

    @classmethod
    def family(cls) -> str:
        return cls.code.rstrip("0123456789")

    @classmethod
    def title(cls, lang: str = "zh") -> str:
        return cls.summary or cls.what.split("\n")[0]


_PLAIN_TYPES = frozenset({str, int, float, bool, type(None)})


def _json_value(value: Any) -> Any:
    kind = type(value)
    if kind in _PLAIN_TYPES:  # most evidence: labels, equations, codes
        return value
    if kind is dict:  # an addend {"label", "value"}
        return {str(k): _json_value(v) for k, v in value.items()}
    if kind is Decimal:
        return str(value)
    if kind is list:  # the addends
        return [_json_value(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Amount):
        return value.raw
    if isinstance(value, Cell):
        return value.text
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)  # a plugin's odd evidence must not break the JSON report


class _Safe(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@lru_cache(maxsize=1024)
def _template_fields(template: str) -> tuple[str, ...] | None:
    """The evidence keys a message template uses; None when the template is not
    a plain ``{key}`` template (formats the message the general way)."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:
        return None
    names = []
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            return None
        names.append(name)
    return tuple(names)


def format_message(template: str, evidence: dict[str, Any]) -> str:
    """The message: the template with the evidence shown (``{missing}`` stays
    as written).  Only the keys the template names are rendered."""
    names = _template_fields(template)
    if names == ():
        return template.replace("{{", "{").replace("}}", "}")
    if names is None:
        return template.format_map(_Safe({k: _display(v) for k, v in evidence.items()}))
    return template.format_map(_Safe({k: _display(evidence[k]) for k in names if k in evidence}))


def _display(value: Any) -> str:
    if type(value) is str:  # most evidence shown in messages
        return value
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, Amount):
        return value.raw
    if isinstance(value, Cell):
        return value.text
    if isinstance(value, (list, tuple)):
        return " + ".join(_display(v) for v in value)
    return str(value)


@dataclass(slots=True)
class Settings:
    """The settings a run needs (configuration files feed this)."""

    lang: str = "zh"
    profile: str | None = None
    tolerance: Decimal = Decimal(0)
    check_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    severity: dict[str, str] = field(default_factory=dict)
    verbose: bool = False
    check_timeout: float = 60.0


def _profile(settings: Settings, doc: Document) -> profiles.Profile:
    """The profile a run's settings name, else the default for the document's year."""
    return profiles.get(settings.profile) if settings.profile else profiles.for_year(doc.year)


class Context:
    """What a check sees besides the model: settings, profile, and ``report``."""

    def __init__(self, doc: Document, settings: Settings, check: Check, profile: profiles.Profile | None = None):
        """``profile``: the one ``settings`` and ``doc`` select, when the caller
        already has it (``run_checks`` looks it up once per document, not per check)."""
        self.doc = doc
        self.settings = settings
        self.check = check
        self.table: Table | None = None
        self.findings: list[Finding] = []
        self.lang = settings.lang
        self.profile = profile if profile is not None else _profile(settings, doc)
        self._seen: dict[str, int] = {}
        # report(): per reported code (None: this check's own) its code, name,
        # default severity and message template, looked up once
        self._meta: dict[str | None, tuple] = {}
        self._tolerance: Decimal | None = None

    def option(self, name: str) -> Any:
        opts = self.settings.check_options.get(self.check.code, {})
        if name in opts:
            return opts[name]
        if name == "tolerance" and name not in self.check.options:
            return self.settings.tolerance
        return self.check.options.get(name)

    @property
    def tolerance(self) -> Decimal:
        """The check's tolerance (read once per context: every sum needs it)."""
        value = self._tolerance
        if value is None:
            option = self.option("tolerance")
            value = self._tolerance = Decimal(str(option)) if option is not None else Decimal(0)
        return value

    def _code_meta(self, code: str | None) -> tuple:
        check = self.check
        use_code = code or check.code
        cls = REGISTRY.get(use_code) if code else type(check)
        src = cls if cls else check
        template = src.message_en if self.lang == "en" else src.message_zh
        return use_code, src.name, src.severity, template

    def report(
        self,
        at: Cell | Row | Indicator | int | None,
        *,
        code: str | None = None,
        table: Table | None = None,
        row_key: str | None = None,
        column_key: str | None = None,
        end: Cell | None = None,
        severity: str | None = None,
        **evidence: Any,
    ) -> Finding:
        """Report a finding at a cell, row, indicator or line, with its evidence.

        ``severity`` lowers or raises this one finding (a check whose catalogue
        entry says "E/W"); a severity configured by the user always wins.  The
        keyword names ``code``, ``table``, ``row_key``, ``column_key``, ``end``
        and ``severity`` are parameters, not evidence keys."""
        table = table if table is not None else self.table
        line, column, end_column, cell = _position(at, self.doc)
        if row_key is None:
            row_key = _row_key(at)
        if end is not None and end.line == line:
            end_column = max(end_column, end.end_column)
        if column_key is None and table is not None and cell is not None:
            column_key = _column_key(table, cell)
        meta = self._meta.get(code)
        if meta is None:
            meta = self._meta[code] = self._code_meta(code)
        use_code, name, default_severity, template = meta
        severity = self.settings.severity.get(use_code) or severity or default_severity
        message = format_message(template, evidence)
        if table is not None:
            title = table.title
            basis = f"{use_code}\x1f{title}\x1f{row_key or ''}\x1f{column_key or ''}"
        else:
            title = None
            basis = f"{use_code}\x1f\x1f{row_key or ''}\x1f{column_key or ''}"
        digest = hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]
        seen = self._seen
        count = seen.get(digest, 0)
        seen[digest] = count + 1
        plain = _PLAIN_TYPES
        finding = new_finding(
            use_code,
            name,
            severity,
            message,
            self.doc.path,
            line,
            column,
            line,
            end_column,
            table.kind if table is not None else None,
            title,
            digest if count == 0 else f"{digest}-{count + 1}",
            {k: v if type(v) in plain else _json_value(v) for k, v in evidence.items()},
        )
        self.findings.append(finding)
        return finding

    def check_sum(
        self,
        total: Cell,
        addends: list[tuple[str, Cell | None]],
        *,
        label: str = "",
        precision: int | None = None,
        signs: list[int] | None = None,
        **extra: Any,
    ) -> arithmetic.SumResult | None:
        """Compare a printed total with the sum of printed addends and report:
        under this check's code when the sum misses beyond rounding, as R107
        when it misses only within rounding.  Returns the comparison."""
        t = total.amount
        if t is None or not any(c is not None and c.text for _, c in addends):
            return None
        if precision is None and self.table is not None:
            precision = table_precision(self.table)
        # An empty addend cell is a printed nothing, i.e. zero; it stays in the
        # equation so the auditor sees every term (and ``signs`` stay aligned).
        zero = _zero(precision or 0)
        amounts: list[Amount] = []
        for _, c in addends:
            a = c.amount if c is not None and c.text else zero
            if a is None:
                return None
            amounts.append(a)
        result = arithmetic.compare_sum(t, amounts, precision, self.tolerance, signs)
        if result.ok:
            return result
        evidence = dict(
            label=label,
            expected=result.expected,
            actual=result.actual,
            difference=result.difference,
            addends=[{"label": lbl, "value": str(a.value)} for (lbl, _), a in zip(addends, amounts)],
            equation=equation(amounts, result, signs),
            **extra,
        )
        if result.status == arithmetic.MISMATCH:
            self.report(total, **evidence)
        else:
            self.report(total, code="R107", rule=self.check.code, allowance=result.allowance, **evidence)
        return result


@lru_cache(maxsize=16)
def _zero(precision: int) -> Amount:
    """A blank cell read as zero at the table's precision (``0.00``); amounts
    are immutable, so one per precision serves every sum."""
    return Amount(Decimal(0), precision, format(Decimal(0).scaleb(-precision), "f"))


def equation(amounts: list[Amount], result: arithmetic.SumResult, signs: list[int] | None = None) -> str:
    signs = signs or [1] * len(amounts)
    parts = []
    for i, (s, a) in enumerate(zip(signs, amounts)):
        if i == 0:
            parts.append(("-" if s < 0 else "") + a.raw)
        else:
            parts.append(("- " if s < 0 else "+ ") + a.raw)
    return f"{' '.join(parts)} = {format(result.expected, 'f')} ≠ {format(result.actual, 'f')}"


@per_table
def table_precision(table: Table) -> int:
    """The most decimals any amount in the table is printed with (capped at 4);
    computed once per table."""
    from .values import parse_amount  # what Cell.amount calls, without the property

    best = 0
    for row in table.rows:
        for cell in row.cells:
            text = cell.text
            if text and text[-1].isdigit():  # an amount with decimals ends in a digit
                a = parse_amount(text)
                if a is not None and a.decimals > best:
                    best = a.decimals
    return min(best, 4)


def _position(at: Any, doc: Document) -> tuple[int, int, int, Cell | None]:
    if type(at) is Cell:  # most findings point at a cell
        return at.line, at.column, max(at.end_column, at.column), at
    if isinstance(at, Indicator):
        cell = at.value_cell or at.name_cell
        if cell is not None:
            return cell.line, cell.column, max(cell.end_column, cell.column), cell
        return at.line, 1, 1, None
    if isinstance(at, Cell):
        return at.line, at.column, max(at.end_column, at.column), at
    if isinstance(at, Row):
        first = next((c for c in at.cells if c.text), None)
        if first is not None:
            return at.line, first.column, first.end_column, None
        return at.line, 1, 1, None
    if isinstance(at, int):
        text = doc.line_text(at)
        lead = len(text) - len(text.lstrip())
        return at, lead + 1, max(len(text.rstrip()) + 1, lead + 1), None
    return 1, 1, 1, None


def _row_key(at: Any) -> str:
    if type(at) is Cell:
        return at.text[:40]
    if isinstance(at, Indicator):
        return "/".join(x or "" for x in (at.project, at.level1, at.level2, at.name))
    if isinstance(at, Row):
        return at.code or at.label or at.text[:40]
    if isinstance(at, Cell):
        return at.text[:40]
    return ""


@per_table
def _rows_by_line(table: Table) -> dict[int, Row]:
    """The table's rows by line, built once per table: findings look their row
    up (reversed: the first row of a line wins)."""
    return {r.line: r for r in reversed(table.rows)}


def _column_key(table: Table, cell: Cell) -> str:
    row = _rows_by_line(table).get(cell.line)
    if row is None:
        return str(cell.index)
    header = header_at(table, row.header_index)
    label = row.code or row.label
    col = header[cell.index].path if cell.index < len(header) and header[cell.index].index == cell.index else str(cell.index)
    return f"{label}|{col}"


# ---------------------------------------------------------------------------
# Registry


class Registry:
    def __init__(self) -> None:
        self._checks: dict[str, type[Check]] = {}
        self._names: dict[str, str] = {}
        self._loaded = False
        self._plugins: dict[Path, list[type[Check]]] = {}

    def register(self, cls: type[Check], origin: str = "") -> None:
        validate(cls, origin)
        if cls.code in self._checks and self._checks[cls.code] is not cls:
            raise CheckError(f"duplicate check code {cls.code} ({origin})")
        if cls.name in self._names and self._names[cls.name] != cls.code:
            raise CheckError(f"duplicate check name {cls.name} ({origin})")
        self._checks[cls.code] = cls
        self._names[cls.name] = cls.code

    def load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        from .resources import resource_dir

        load_directory(self, resource_dir("checks"), package="budgetlint_builtin_checks")
        load_entry_points(self)

    def load_plugins(self, directories: Iterable[Path]) -> list[type[Check]]:
        """Checks defined in local plugin directories (loaded once per directory).

        They are returned, not added to the registry, so that a run only sees
        the plugins its own configuration names."""
        self.load()
        found: list[type[Check]] = []
        for directory in directories:
            directory = Path(directory).resolve()
            if directory not in self._plugins:
                scratch = Registry()
                scratch._loaded = True
                scratch._checks = dict(self._checks)
                scratch._names = dict(self._names)
                load_directory(scratch, directory, package=f"budgetlint_plugin_{len(self._plugins) + 1}")
                self._plugins[directory] = [c for code, c in scratch._checks.items() if code not in self._checks]
            found.extend(self._plugins[directory])
        return found

    def get(self, code: str) -> type[Check] | None:
        self.load()
        if code in self._checks:
            return self._checks[code]
        if code in self._names:
            return self._checks[self._names[code]]
        return None

    def all(self) -> list[type[Check]]:
        self.load()
        return [self._checks[c] for c in sorted(self._checks, key=_code_order)]

    def select(
        self, select: Iterable[str] | None = None, ignore: Iterable[str] = (), extra: Iterable[type[Check]] = ()
    ) -> list[type[Check]]:
        """Checks matching ``select`` (codes, prefixes, families, names; default
        all) and not ``ignore``; ``extra`` adds plugin checks for this run.
        Unknown selectors raise ``CheckError``."""
        checks = self.all() + [c for c in extra if c.code not in self._checks]
        chosen = [c for c in checks if select is None or any(matches(c, s) for s in select)]
        for selector in list(select or []) + list(ignore):
            if not any(matches(c, selector) for c in checks):
                raise CheckError(f"unknown check selector: {selector}")
        return [c for c in chosen if not any(matches(c, s) for s in ignore)]


def _code_order(code: str) -> tuple[int, str]:
    order = "RXSEUICFP"
    family = code.rstrip("0123456789")
    return (order.index(family) if family in order else len(order), code)


def matches(cls: type[Check], selector: str) -> bool:
    s = selector.strip()
    if not s:
        return False
    if s.upper() == "ALL":
        return True
    if s == cls.name:
        return True
    if s.lower() in FAMILIES.values() and FAMILIES.get(cls.family()) == s.lower():
        return True
    return cls.code.startswith(s.upper()) and s[:1].isalpha()


def validate(cls: type[Check], origin: str = "") -> None:
    where = f" in {origin}" if origin else ""
    if not CODE_PATTERN.match(cls.code or ""):
        raise CheckError(f"invalid check code {cls.code!r}{where}: one to three capital letters and three digits")
    if not NAME_PATTERN.match(cls.name or ""):
        raise CheckError(f"invalid check name {cls.name!r} for {cls.code}{where}: use kebab-case")
    if cls.severity not in SEVERITIES:
        raise CheckError(f"invalid severity {cls.severity!r} for {cls.code}{where}")
    if not cls.message_zh or not cls.message_en:
        raise CheckError(f"check {cls.code}{where} needs message_zh and message_en")
    if cls.scope not in {"table", "document"}:
        raise CheckError(f"invalid scope {cls.scope!r} for {cls.code}{where}")


def _classes_in(module: Any) -> list[type[Check]]:
    found = []
    for value in vars(module).values():
        if isinstance(value, type) and issubclass(value, Check) and value is not Check and value.code:
            if value.__module__ == module.__name__:
                found.append(value)
    return found


def load_directory(registry: Registry, directory: Path, package: str) -> None:
    """Import every ``*.py`` of ``directory`` and register the checks it defines."""
    if not directory.is_dir():
        raise CheckError(f"check directory not found: {directory}")
    for path in sorted(directory.glob("*.py")):
        if path.name.startswith("_"):
            continue
        name = f"{package}.{path.stem}"
        module = sys.modules.get(name)
        if module is None:
            spec = importlib.util.spec_from_file_location(name, path)
            if spec is None or spec.loader is None:
                raise CheckError(f"cannot load check module {path}")
            module = importlib.util.module_from_spec(spec)
            sys.modules[name] = module
            try:
                spec.loader.exec_module(module)
            except Exception as exc:  # a broken plugin file is a configuration error
                del sys.modules[name]
                raise CheckError(f"cannot load check module {path}: {exc}") from exc
        for cls in _classes_in(module):
            registry.register(cls, str(path))


def may_declare_entry_points(group: str) -> bool:
    """Whether an installed distribution may declare entry points in ``group``.

    Importing ``importlib.metadata`` and scanning every distribution costs
    15–20 ms of a 0.2 s one-file run, and in the usual install no plugin
    exists.  This looks for the group's name in the ``entry_points.txt`` of
    the ``*.dist-info``/``*.egg-info`` folders on ``sys.path`` (about 1 ms).
    It errs towards True: a zip on ``sys.path``, another distribution finder,
    or ``importlib.metadata`` already imported (then it is cheap, and it stays
    the one authority, e.g. when a test replaces ``entry_points``) all send
    the caller to the full lookup."""
    if "importlib.metadata" in sys.modules:
        return True
    import os
    from importlib.machinery import PathFinder

    if any(hasattr(f, "find_distributions") and f is not PathFinder for f in sys.meta_path):
        return True
    needle = group.encode()
    for entry in sys.path:
        root = entry or "."
        try:
            with os.scandir(root) as it:
                names = [d.name for d in it if d.name.lower().endswith((".dist-info", ".egg-info"))]
        except NotADirectoryError:
            return True  # a zip or egg file: only importlib.metadata can read it
        except OSError:
            continue  # a missing sys.path entry declares nothing
        for name in names:
            try:
                with open(os.path.join(root, name, "entry_points.txt"), "rb") as fh:
                    if needle in fh.read():
                        return True
            except OSError:
                continue
    return False


def load_entry_points(registry: Registry) -> None:
    if not may_declare_entry_points(ENTRY_POINT_GROUP):
        return
    from importlib.metadata import entry_points

    for ep in entry_points(group=ENTRY_POINT_GROUP):
        try:
            obj = ep.load()
        except Exception as exc:
            raise CheckError(f"cannot load plugin {ep.name!r} ({ep.value}): {exc}") from exc
        classes = [obj] if isinstance(obj, type) else _classes_in(obj) if hasattr(obj, "__dict__") else list(obj)
        for cls in classes:
            registry.register(cls, f"entry point {ep.name}")


REGISTRY = Registry()


# ---------------------------------------------------------------------------
# Running


class CheckTimeout(Exception):
    """A check ran longer than ``Settings.check_timeout`` seconds."""


_ALARM_READY: list[bool] = []


def _alarm(signum, frame):
    raise CheckTimeout("exceeded the time limit")


def _alarm_seconds(seconds: float) -> float:
    """The time limit to arm around each check: ``seconds``, or 0 where a
    check cannot be interrupted (no ``setitimer``, not the main thread).

    Called once per document: it installs the SIGALRM handler when another has
    taken its place (``signal.getsignal`` is slow, too slow to ask per check);
    each check then only arms and disarms the timer (two cheap system calls)."""
    import signal
    import threading

    if not seconds or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return 0
    if not _ALARM_READY or signal.getsignal(signal.SIGALRM) is not _alarm:
        signal.signal(signal.SIGALRM, _alarm)
        _ALARM_READY.append(True)
    return seconds


def _run_limited(check: Check, doc: Document, ctx: "Context", seconds: float) -> None:
    """``_run_one`` interrupted by ``CheckTimeout`` after ``seconds`` (0: no limit)."""
    if not seconds:
        _run_one(check, doc, ctx)
        return
    # ``import signal``, not ``from signal import …``: an import with names
    # asks the module for ``__path__`` (is it a package?), a failed attribute
    # lookup that formats an AttributeError: ~9,000 instructions per check.
    import signal

    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        _run_one(check, doc, ctx)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


#: A check's ``kinds`` tuple as a set: it is tested against every table of
#: every document.
_KIND_SETS: dict[tuple[str, ...], frozenset[str]] = {}


def _kind_set(kinds: Any) -> Any:
    """``kinds`` as a frozenset when it is a tuple (as checks declare it); any
    other container (a plugin's list) is used as it is."""
    if type(kinds) is not tuple:
        return kinds
    try:
        found = _KIND_SETS.get(kinds)
        if found is None:
            found = _KIND_SETS[kinds] = frozenset(kinds)
    except TypeError:  # unhashable members: keep the tuple's own test
        return kinds
    return found


def _run_one(check: Check, doc: Document, ctx: "Context") -> None:
    cls = type(check)
    if cls.scope == "document":
        check.check_document(doc, ctx)
        return
    kinds = _kind_set(cls.kinds)
    for table in doc.tables:
        if kinds and table.kind not in kinds:
            continue
        ctx.table = table
        check.check_table(table, ctx)
    ctx.table = None


def run_checks(doc: Document, checks: list[type[Check]], settings: Settings | None = None) -> list[Finding]:
    """Run ``checks`` on ``doc``; a check that raises, loops past the time
    limit or reports garbage becomes a P999 finding, and the others still run."""
    settings = settings or Settings()
    findings: list[Finding] = []
    selected = {c.code for c in checks}
    seconds = _alarm_seconds(settings.check_timeout)
    profile = _profile(settings, doc)
    for cls in checks:
        check = cls()
        ctx = Context(doc, settings, check, profile)
        try:
            _run_limited(check, doc, ctx, seconds)
        except Exception as exc:  # isolation: one broken check never stops the others
            detail = traceback.format_exc() if settings.verbose else f"{type(exc).__name__}: {exc}"
            p999 = REGISTRY.get("P999")
            internal = Context(doc, settings, p999() if p999 else check)
            internal.report(1, code="P999", check=cls.code, check_name=cls.name, error=detail, row_key=cls.code)
            findings.extend(internal.findings)
            continue  # a crashed check's partial findings are not trustworthy
        if ctx.findings:  # most checks find nothing in a document
            findings.extend(f for f in ctx.findings if f.code in selected)
    findings.sort(key=Finding.sort_key)
    return findings

