"""Reading printed numbers and indicator target values.

Two readers with different jobs:

* :func:`parse_amount` reads a money/number cell (``41,720.241``, ``49.05万``)
  with one anchored, linear regular expression: amounts are everywhere, so
  this must be cheap, and a cell is either a well-formed number or it is not.
* :func:`parse_value` reads an indicator's target value (``≥95%``,
  ``2023年12月31日前``, ``不低于上年``) with the Lark grammar
  ``grammar/value.lark``; these are free-form, and a grammar says precisely
  which shapes are understood.  Whatever the grammar cannot read becomes a
  qualitative value: a linter must never crash on a cell.

Both first :func:`normalize` the text (full-width forms, LaTeX residue left by
PDF converters, ``>=``), and both are memoised because the same few hundred
values repeat across every table of a disclosure.  Numbers are ``Decimal``,
never ``float``: disclosures are checked to the printed cent.
"""

from __future__ import annotations

import datetime
import os
import re
import threading
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from lark import Lark, Token, Transformer, v_args

from .model import Amount, IndicatorValue
from .resources import resource_dir

__all__ = [
    "normalize",
    "parse_amount",
    "is_malformed_number",
    "parse_value",
    "read_value",
    "unit_kind",
    "value_parser",
    "MAX_GRAMMAR_CHARS",
]

# --------------------------------------------------------------------------
# normalize

_TRANSLATE = {ord("０") + i: ord("0") + i for i in range(10)}
_TRANSLATE.update({ord("Ａ") + i: ord("A") + i for i in range(26)})
_TRANSLATE.update({ord("ａ") + i: ord("a") + i for i in range(26)})
_TRANSLATE.update(
    {
        ord(k): v
        for k, v in {
            "．": ".", "％": "%", "﹪": "%", "＞": ">", "＜": "<", "＝": "=",
            "－": "-", "−": "-", "–": "-", "＋": "+", "（": "(", "）": ")",
            "～": "~", "／": "/", "≧": "≥", "≦": "≤", "⩾": "≥", "⩽": "≤",
            "\u3000": " ", "\u00a0": " ",
        }.items()
    }
)
# Zero-width characters a converter leaves inside cells.
_TRANSLATE.update({c: None for c in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)})

_LATEX_SYMBOLS = {
    "geq": "≥", "ge": "≥", "geqslant": "≥", "leq": "≤", "le": "≤", "leqslant": "≤",
    "neq": "≠", "ne": "≠", "gt": ">", "lt": "<", "sim": "~", "times": "×",
}
_LATEX_CMD = re.compile(r"\\([A-Za-z]+)")
_LATEX_ESCAPE = re.compile(r"\\(.)", re.S)
_LATEX_HINT = re.compile(r"\$|\\[A-Za-z%_]")
_CN_COMMA_IN_NUMBER = re.compile(r"(?<=\d)，(?=\d)")
_SPACES = re.compile(r"\s+")
_SPACE_AROUND_CMP = re.compile(r" ?([≥≤=<>≠]) ?")


def _latex_command(m: re.Match[str]) -> str:
    # Known relations become symbols; \text, \mathrm, \left … just disappear
    # (their braces are dropped afterwards, keeping the content).
    return _LATEX_SYMBOLS.get(m.group(1), "")


def normalize(text: str) -> str:
    """Canonical form of a value cell, the input of both readers.

    Full-width digits, letters and signs become ASCII (``，`` only between
    digits, where it is a thousands separator); ``≧ ≦ >= <=`` become ``≥ ≤``;
    LaTeX residue (``$\\geq 5\\%$``) becomes plain text (``≥5%``); whitespace
    runs collapse to one space and spaces around comparators go.
    """
    if not text:
        return ""
    s = str(text)
    if "\\" in s or "$" in s:
        s = _LATEX_CMD.sub(_latex_command, s)
        s = _LATEX_ESCAPE.sub(r"\1", s)  # \% \_ \$ \{ …
        s = s.replace("$", "").replace("{", "").replace("}", "")
    s = s.translate(_TRANSLATE)
    if "，" in s:
        s = _CN_COMMA_IN_NUMBER.sub(",", s)
    s = s.replace(">=", "≥").replace("<=", "≤").replace("=>", "≥").replace("=<", "≤")
    s = _SPACES.sub(" ", s).strip()
    if " " in s:
        s = _SPACE_AROUND_CMP.sub(r"\1", s)
    return s


def _has_latex(raw: str) -> bool:
    return bool(_LATEX_HINT.search(raw))


# --------------------------------------------------------------------------
# units

_RATIO_UNITS = frozenset({"%", "‰", "百分比", "百分点", "个百分点"})
_COUNT_UNITS = frozenset(
    "个 家 人 次 场 件 项 册 台 所 名 批 条 篇 期 辆 张 种 起 套 户 份 部 本 处 座 支 "
    "类 间 位 组 门 节 轮 例 宗 笔 届 块 棵 株 头 只 "
    "人次 户次 家次 个次 项次 场次 批次 篇次 期次 课时 学时 万人 万户 万人次".split()
)
_MONEY_PREFIXES = ("亿元", "万元", "千元", "元", "万", "亿")
_DURATION_UNITS = frozenset("天 日 月 年 小时 分钟 工作日 个工作日 周 季度 个月 年度".split())
_AREA_UNITS = frozenset("平米 平方米 m² ㎡ m2 亩 公顷 平方公里 平方千米".split())
_DATE_UNITS = frozenset("年月日 年月 年-月-日 日期".split())


@lru_cache(maxsize=4096)
def unit_kind(unit: str | None) -> str:
    """What a unit measures: ``ratio``, ``count``, ``money``, ``duration``,
    ``area``, ``date``, ``other``; ``none`` when there is no unit.

    A compound unit is judged by its numerator (``元/人`` is money, ``次/年``
    a count); ``万``/``亿`` in front of a count unit scale the count (``万人``).
    """
    if unit is None:
        return "none"
    u = unit.strip()
    if not u:
        return "none"
    if u in _RATIO_UNITS:
        return "ratio"
    if u in _COUNT_UNITS:
        return "count"
    if u in _DURATION_UNITS:
        return "duration"
    if u in _AREA_UNITS:
        return "area"
    if u in _DATE_UNITS:
        return "date"
    if "/" in u:
        head = u.split("/", 1)[0]
        return unit_kind(head) if head else "other"
    if u[0] in "万亿" and len(u) > 1 and not u[1:].startswith("元"):
        rest = unit_kind(u[1:])
        return "money" if rest == "none" else rest
    if u.startswith(_MONEY_PREFIXES):
        return "money"
    return "other"


# --------------------------------------------------------------------------
# amounts

_AMOUNT_UNITS = "万元|亿元|千元|万|亿|元|%|‰|分"
# Linear: the integer part is either strict thousands groups or plain digits,
# the fraction and unit are optional and anchored; no nested quantifiers.
_AMOUNT = re.compile(
    r"([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))? ?(" + _AMOUNT_UNITS + r")?"
)
# One run of number characters, then optional exponent and unit characters;
# a single starred run keeps backtracking linear (the digit is checked apart).
_LOOKS_NUMERIC = re.compile(r"[+-]?[\d.,]+(?:[eE][+-]?\d+)? ?[万亿千元%‰分]*")


@lru_cache(maxsize=65536)
def parse_amount(text: str) -> Amount | None:
    """A money/number cell as an :class:`Amount`, or ``None``.

    Accepts an optional sign, thousands separators in strict groups of three,
    a decimal fraction and one trailing unit (``万 万元 亿元 元 % ‰ 分``).
    ``decimals`` is the number of printed decimal places.  ``None`` for empty
    cells, dashes, words, exponents (``1e308`` is not something a disclosure
    prints) and badly grouped numbers (``1,2.3``).
    """
    if not isinstance(text, str) or not text:
        return None
    s = normalize(text)
    m = _AMOUNT.fullmatch(s)
    if m is None:
        return None
    sign, whole, frac, unit = m.groups()
    digits = whole.replace(",", "") + ("." + frac if frac else "")
    try:
        value = Decimal(sign + digits)
    except InvalidOperation:  # pragma: no cover - the regex admits only digits
        return None
    return Amount(value=value, decimals=len(frac) if frac else 0, raw=text.strip(), unit=unit)


def is_malformed_number(text: str) -> bool:
    """True for a cell that looks like a number but is not a readable amount.

    ``1,2.3``, ``1,2,3``, ``12..5``, ``49.05万元元`` and ``1e308`` are malformed;
    words, dashes, dates such as ``2023年12月31日`` and readable amounts
    (including ``49.05万``: whether a unit belongs in the column is the
    caller's question) are not.  Used by check F804.
    """
    if not isinstance(text, str):
        return False
    s = normalize(text)
    if not s or parse_amount(s) is not None:
        return False
    return _LOOKS_NUMERIC.fullmatch(s) is not None and any(c.isdigit() for c in s)


# --------------------------------------------------------------------------
# the value grammar

#: Longer cells are prose (a goal pasted into the value column), not values;
#: they skip the grammar and become qualitative.  Keeps the worst case cheap.
MAX_GRAMMAR_CHARS = 200

_GRAMMAR_FILE = "value.lark"
_parser_lock = threading.Lock()
_parser: Lark | None = None


def _cache_path(name: str = _GRAMMAR_FILE + "-cache") -> str | None:
    """On-disk cache file ``name`` for a built parser under the user's cache
    dir, or ``None`` when that directory cannot be created (read-only home …).
    Never next to the installed package.  One fixed name per grammar: Lark
    stores a hash of grammar, options and its own version in the file and
    rebuilds (and rewrites) it when any of them changed, so stale caches do
    not pile up."""
    try:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        folder = Path(base) / "budgetlint"
        folder.mkdir(parents=True, exist_ok=True)
        if not os.access(folder, os.W_OK):
            return None
        return str(folder / name)
    except (OSError, RuntimeError):  # RuntimeError: expanduser without a home
        return None


def cached_lark(grammar_file: str, **options: Any) -> Lark:
    """The LALR parser of ``grammar/<grammar_file>``, loaded from its on-disk
    cache when there is one (building the tables costs more than a parse)."""
    grammar = (resource_dir("grammar") / grammar_file).read_text(encoding="utf-8")
    cache = _cache_path(grammar_file + "-cache")
    if cache is not None:
        try:
            return Lark(grammar, parser="lalr", cache=cache, **options)
        except OSError:
            pass
    return Lark(grammar, parser="lalr", **options)


def _build_parser() -> Lark:
    return cached_lark(_GRAMMAR_FILE)


def value_parser() -> Lark:
    """The value parser, built once per process (thread-safe)."""
    global _parser
    if _parser is None:
        with _parser_lock:
            if _parser is None:
                _parser = _build_parser()
    return _parser


_COMPARATOR_WORDS = {
    "≥": "≥", "≤": "≤", "=": "=", ">": ">", "<": "<", "≠": "≠",
    "不低于": "≥", "不少于": "≥", "达到": "≥", "达": "≥", "不小于": "≥", "至少": "≥",
    "最少": "≥", "大于等于": "≥", "大于或等于": "≥",
    "不高于": "≤", "不超过": "≤", "不大于": "≤", "不多于": "≤", "最多": "≤",
    "小于等于": "≤", "小于或等于": "≤", "控制在": "≤",
    "大于": ">", "高于": ">", "超过": ">", "多于": ">",
    "小于": "<", "低于": "<", "少于": "<", "不足": "<",
    "等于": "=",
}
_SUFFIX_COMPARATORS = {
    "以上": "≥", "及以上": "≥", "以下": "≤", "及以下": "≤",
    "以内": "≤", "之内": "≤", "内": "≤", "左右": None,
}
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_SCALES = {"十": 10, "百": 100, "千": 1000}
#: Words that name the whole budget year or a deadline within it.
_PERIOD_WORDS = frozenset({"全年", "当年", "当年度", "本年", "本年度", "年度内", "全年度", "年内", "当年内"})
_DEADLINE_WORDS = frozenset({"年底前", "年底", "年末", "年末前", "年底之前", "当年底前", "本年底前"})
_EMPTY_WORDS = frozenset({"无", "暂无", "空", "NA", "N/A", "n/a", "null", "None"})
_EMPTY_CHARS = frozenset("-—–―/\\_·.…~ ")
_PLACEHOLDER = re.compile(r"[Xx×*]+")
_YEARS = range(1900, 2101)


class _Num(NamedTuple):
    """A number read by the grammar, with its printed decimal places."""

    value: Decimal
    decimals: int


class _Opt(NamedTuple):
    """A labelled part of a value (``cmp``, ``unit``, ``suffix`` …)."""

    key: str
    value: Any


class _Unreadable(ValueError):
    """The grammar accepted the shape but the content is impossible (month 13)."""


def _cn_number(s: str) -> int:
    """Chinese numerals up to the thousands: 一 → 1, 十五 → 15, 二百零三 → 203.
    A digit right after a digit (一二) is not a number."""
    total, digit = 0, None
    for ch in s:
        if ch in "零〇":
            if digit is not None:
                raise _Unreadable(s)
        elif ch in _CN_DIGITS:
            if digit is not None:
                raise _Unreadable(s)
            digit = _CN_DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * _CN_SCALES[ch]
            digit = None
    return total + (digit or 0)


def _is_year(n: _Num) -> bool:
    return n.decimals == 0 and _YEARS.start <= n.value < _YEARS.stop


def _int_part(n: _Num) -> int:
    if n.decimals or n.value != n.value.to_integral_value():
        raise _Unreadable(n.value)
    return int(n.value)


def _ymd(year: int, month: int | None, day: int | None) -> None:
    if year not in _YEARS:
        raise _Unreadable(year)
    try:
        datetime.date(year, month or 1, day or 1)
    except ValueError as exc:
        raise _Unreadable(exc) from None


def _dotdate(token: str) -> dict[str, Any]:
    parts = [int(p) for p in re.split(r"[./-]", token.replace(" ", ""))]
    year, month, day = parts
    _ymd(year, month, day)
    return {"year": year, "month": month, "day": day}


@v_args(inline=True)
class _Build(Transformer):
    """Parse tree → keyword arguments of :class:`IndicatorValue`."""

    # -- pieces
    def number(self, tok: Token) -> _Num:
        s = str(tok)
        frac = s.split(".", 1)[1] if "." in s else ""
        return _Num(Decimal(s.replace(",", "")), len(frac))

    def negative(self, tok: Token) -> _Num:
        n = self.number(tok)
        return _Num(-n.value, n.decimals)

    def cn_number(self, tok: Token) -> _Num:
        return _Num(Decimal(_cn_number(str(tok))), 0)

    def subject(self, tok: Token) -> _Opt:
        return _Opt("subject", str(tok))

    def cmp(self, tok: Token) -> _Opt:
        return _Opt("cmp", _COMPARATOR_WORDS[str(tok)])

    def more(self, tok: Token) -> _Opt:
        return _Opt("more", ">")

    def suffix(self, tok: Token) -> _Opt:
        return _Opt("suffix", _SUFFIX_COMPARATORS[str(tok)])

    def note(self, tok: Token) -> _Opt:
        return _Opt("note", str(tok))

    def date_suffix(self, tok: Token) -> _Opt:
        return _Opt("before", "≤")

    def base_unit(self, tok: Token) -> str:
        return str(tok)

    def unit(self, *parts: str) -> _Opt:
        return _Opt("unit", "/".join(parts))

    def sep(self) -> _Opt:
        return _Opt("sep", None)

    def date(self, year: _Num, *rest: Token) -> dict[str, Any]:
        y = _int_part(year)
        nums = [int(t) for t in rest if t.type == "NUMBER"]
        month = nums[0] if nums else None
        day = nums[1] if len(nums) > 1 else None
        _ymd(y, month, day)
        return {"year": y, "month": month, "day": day}

    def period_start(self, d: Any) -> dict[str, Any]:
        return _dotdate(str(d)) if isinstance(d, Token) else d

    def end_date(self, d: dict[str, Any]) -> dict[str, Any]:
        return d

    def end_dotdate(self, tok: Token) -> dict[str, Any]:
        return _dotdate(str(tok))

    def end_month(self, *toks: Token) -> dict[str, Any]:
        nums = [int(t) for t in toks if t.type == "NUMBER"]
        return {"year": None, "month": nums[0], "day": nums[1] if len(nums) > 1 else None}

    def end_day(self, day: Token, _unit: Token) -> dict[str, Any]:
        return {"year": None, "month": None, "day": int(day)}

    # -- whole values; each returns IndicatorValue keyword arguments
    @staticmethod
    def _opts(items: tuple[Any, ...]) -> dict[str, Any]:
        return {i.key: i.value for i in items if isinstance(i, _Opt)}

    @staticmethod
    def _nums(items: tuple[Any, ...]) -> list[_Num]:
        return [i for i in items if isinstance(i, _Num)]

    @staticmethod
    def _comparator(opts: dict[str, Any]) -> str | None:
        return opts.get("cmp") or opts.get("suffix") or opts.get("before") or opts.get("more")

    def only_cmp(self, *items: Any) -> dict[str, Any]:
        # `≥` or `服务对象满意度≥`: a comparator whose value was never filled in.
        return {"kind": "empty", "comparator": self._opts(items)["cmp"]}

    def quantity(self, *items: Any) -> dict[str, Any]:
        opts = self._opts(items)
        (n,) = self._nums(items)
        unit = opts.get("unit")
        comparator = self._comparator(opts)
        if unit == "年" and _is_year(n) and "more" not in opts:  # 2023年, 2023年内
            return {"kind": "date", "comparator": comparator, "year": int(n.value), "unit_kind": "date"}
        return {
            "kind": "quantitative", "comparator": comparator, "number": n.value,
            "decimals": n.decimals, "unit": unit, "unit_kind": unit_kind(unit),
        }

    def span(self, *items: Any) -> dict[str, Any]:
        opts = self._opts(items)
        low, high = self._nums(items)
        units = [i.value for i in items if isinstance(i, _Opt) and i.key == "unit"]
        if len(set(units)) > 1:
            raise _Unreadable(units)  # 3个-5家
        unit = units[0] if units else None
        if unit == "年" and _is_year(low) and _is_year(high):  # 2023年-2024年
            return {"kind": "period", "year": int(high.value), "unit_kind": "date"}
        return {
            "kind": "range", "comparator": self._comparator(opts), "low": low.value, "high": high.value,
            "decimals": max(low.decimals, high.decimals), "unit": unit, "unit_kind": unit_kind(unit),
        }

    def on_date(self, *items: Any) -> dict[str, Any]:
        opts = self._opts(items)
        d = next(i for i in items if isinstance(i, dict))
        return {"kind": "date", "comparator": self._comparator(opts), "year": d["year"], "unit_kind": "date"}

    def dotdate(self, *items: Any) -> dict[str, Any]:
        opts = self._opts(items)
        d = _dotdate(str(next(i for i in items if isinstance(i, Token) and i.type == "DOTDATE")))
        return {"kind": "date", "comparator": self._comparator(opts), "year": d["year"], "unit_kind": "date"}

    def whole_year(self, *items: Any) -> dict[str, Any]:
        opts = self._opts(items)
        (n,) = self._nums(items)
        year = _int_part(n)
        _ymd(year, None, None)
        return {"kind": "period", "comparator": opts.get("suffix"), "year": year, "unit_kind": "date"}

    def period(self, *items: Any) -> dict[str, Any]:
        start, end = [i for i in items if isinstance(i, dict)]
        year = end["year"] or start["year"]
        _ymd(year, end["month"] or None, end["day"] if end["month"] else None)
        return {"kind": "period", "year": year, "unit_kind": "date"}

    def cmp_text(self, *items: Any) -> dict[str, Any]:
        opts = self._opts(items)
        return {"kind": "qualitative", "comparator": opts["cmp"], "text": None}

    def text(self, tok: Token, *rest: Any) -> dict[str, Any]:
        word = str(tok)  # several words (`其他工资 福利支出`) are just text
        if not rest and word in _PERIOD_WORDS:
            return {"kind": "period", "unit_kind": "date", "text": None}
        if not rest and word in _DEADLINE_WORDS:
            return {"kind": "date", "comparator": "≤", "unit_kind": "date", "text": None}
        return {"kind": "qualitative", "text": None}


_BUILD = _Build()


def _is_empty(s: str) -> bool:
    return (
        not s
        or all(ch in _EMPTY_CHARS for ch in s)
        or s in _EMPTY_WORDS
        or _PLACEHOLDER.fullmatch(s) is not None
    )


#: The commonest values, ``[comparator] number [unit]`` (``≥95%``, ``1300 万``,
#: ``=400件``), read without the grammar: they are a part of every distinct
#: value, and the grammar takes a quarter of a millisecond on each.  The
#: units are whole UNIT tokens of the grammar (never 年, which can make a date).
_SIMPLE_QUANTITY = re.compile(
    r"([≥≤=<>≠]?)([0-9]+)(?:\.([0-9]+))? ?"
    r"(万元|亿元|千元|人次|平米|平方米|万|亿|元|%|‰|个|家|人|次|场|件|项|册|台|所|名|批|条|篇|期|辆|张|种|起|套|户|份|天)?"
)


def _simple_quantity(s: str) -> dict[str, Any] | None:
    """What the grammar's ``quantity`` rule gives for a simple value, or None."""
    m = _SIMPLE_QUANTITY.fullmatch(s)
    if m is None:
        return None
    cmp, whole, frac, unit = m.groups()
    return {
        "kind": "quantitative", "comparator": cmp or None,
        "number": Decimal(whole + "." + frac if frac else whole), "decimals": len(frac) if frac else 0,
        "unit": unit, "unit_kind": unit_kind(unit),
    }


def read_value(text: str) -> tuple[IndicatorValue, bool]:
    """:func:`parse_value` plus whether the grammar failed (``True``) and the
    value is the qualitative fallback.  For statistics and tests."""
    raw = text if isinstance(text, str) else ("" if text is None else str(text))
    latex = _has_latex(raw)
    s = normalize(raw)
    if _is_empty(s):
        return IndicatorValue(raw=raw, kind="empty", latex=latex), False
    if len(s) <= MAX_GRAMMAR_CHARS:
        parser = value_parser()  # a missing or broken grammar must not pass silently
        fields = _simple_quantity(s)
        if fields is None:
            try:
                fields = _BUILD.transform(parser.parse(s))
            except Exception:  # noqa: BLE001 - any failure means "not a shape we know"
                fields = None
        if fields is not None:
            if "text" in fields and fields["text"] is None:
                fields["text"] = s
            return IndicatorValue(raw=raw, latex=latex, **fields), False
    return IndicatorValue(raw=raw, kind="qualitative", text=raw, latex=latex), True


@lru_cache(maxsize=131072)
def parse_value(text: str) -> IndicatorValue:
    """An indicator target value as an :class:`IndicatorValue`; never raises.

    Quantities (``≥95%``, ``满意度 95% 以上``, ``110元/人``, ``一批``), ranges
    (``3-10``), dates (``2023年12月31日前``), periods (``2019.1.1-2019.12.31``,
    ``2024全年``, ``当年度``), comparator + words (``不低于上年``) and plain words
    (``持续提升``) are read by the grammar; empty markers (``/ - — 无 XX``) give
    kind ``empty``; anything else is qualitative with ``text`` = the raw cell.
    A leading subject (``满意度≥95%``) is dropped.
    """
    return read_value(text)[0]
