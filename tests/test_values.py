"""Tests for budgetlint.values: normalize, amounts, indicator values, units.

The tables use the shapes real disclosures print (see /work/shared/seeds);
every row asserts the fields that matter for the checks built on them.
"""

from __future__ import annotations

import logging
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

try:  # a checkout without an installed package
    import budgetlint  # noqa: F401
except ImportError:  # pragma: no cover
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from lark import Lark

from budgetlint import resources, values
from budgetlint.model import Amount, IndicatorValue
from budgetlint.values import (
    is_malformed_number,
    normalize,
    parse_amount,
    parse_value,
    read_value,
    unit_kind,
)

D = Decimal

# ---------------------------------------------------------------- normalize


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("１２３．４５", "123.45"),
        ("－０．５", "-0.5"),
        ("１，２３４．５", "1,234.5"),
        ("好，很好", "好，很好"),  # a full-width comma between words stays
        ("９５％", "95%"),
        ("＞＝９０％", "≥90%"),
        ("＜＝１０", "≤10"),
        ("＞85％", ">85%"),
        ("＝４５家", "=45家"),
        ("（含）", "(含)"),
        ("ＧＤＰ", "GDP"),
        ("≧95%", "≥95%"),
        ("≦5万元", "≤5万元"),
        (">=95%", "≥95%"),
        ("<=100", "≤100"),
        (r"$\geq 5\%$", "≥5%"),
        (r"$= 100\%$", "=100%"),
        (r"$\geq 95\%$", "≥95%"),
        (r"$\leq 10$万元", "≤10万元"),
        (r"$\le 3$", "≤3"),
        (r"$\ge 3$", "≥3"),
        (r"048001\_株洲市", "048001_株洲市"),
        ("  满意度   ≥  95 %  ", "满意度≥95 %"),
        ("2019. 1. 1-2019. 12. 31", "2019. 1. 1-2019. 12. 31"),
        ("a\u3000b\tc\n d", "a b c d"),
        ("9\u200b5%", "95%"),
        ("", ""),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


# ---------------------------------------------------------------- amounts


@pytest.mark.parametrize(
    ("text", "value", "decimals", "unit"),
    [
        ("422.51", "422.51", 2, None),
        ("41,720.241", "41720.241", 3, None),
        ("5,212", "5212", 0, None),
        ("1,188.74", "1188.74", 2, None),
        ("0.00", "0", 2, None),
        ("41", "41", 0, None),
        ("381.51", "381.51", 2, None),
        ("-0.5", "-0.5", 1, None),
        ("－０．５", "-0.5", 1, None),
        ("+3", "3", 0, None),
        ("49.05万", "49.05", 2, "万"),
        ("160.45 万", "160.45", 2, "万"),
        ("1.29元", "1.29", 2, "元"),
        ("36%", "36", 0, "%"),
        ("2,500万元", "2500", 0, "万元"),
        ("8亿元", "8", 0, "亿元"),
        ("20 分", "20", 0, "分"),
        (" 178.00 ", "178.00", 2, None),
    ],
)
def test_parse_amount(text: str, value: str, decimals: int, unit: str | None) -> None:
    amount = parse_amount(text)
    assert isinstance(amount, Amount)
    assert amount.value == D(value)
    assert isinstance(amount.value, Decimal)
    assert amount.decimals == decimals
    assert amount.unit == unit
    assert amount.raw == text.strip()


def test_parse_amount_keeps_printed_precision() -> None:
    amount = parse_amount("0.00")
    assert amount is not None and str(amount.value) == "0.00"
    assert amount.half_unit() == D("0.005")


def test_parse_amount_huge_number() -> None:
    amount = parse_amount("9" * 400)
    assert amount is not None
    assert amount.value == D("9" * 400)
    assert amount.decimals == 0


@pytest.mark.parametrize(
    "text",
    ["", " ", "-", "/", "—", "words", "万元", "1,2,3", "1,2.3", "12..5", "1e308", "1E5",
     "49.05万元元", ".5", "5.", "1 000", "20个", "2023年12月31日", "3-10", "≥95%", "1,2345"],
)
def test_parse_amount_rejects(text: str) -> None:
    assert parse_amount(text) is None


@pytest.mark.parametrize(
    ("text", "malformed"),
    [
        ("1,2.3", True),
        ("49.05万元元", True),
        ("12..5", True),
        ("1,2,3", True),
        ("1e308", True),
        ("1,2345", True),
        ("422.51", False),
        ("1,188.74", False),
        ("49.05万", False),  # readable; whether 万 belongs in the column is F804's call
        ("", False),
        ("-", False),
        ("/", False),
        ("合计", False),
        ("20个", False),
        ("2023年12月31日", False),
        ("3-10", False),
    ],
)
def test_is_malformed_number(text: str, malformed: bool) -> None:
    assert is_malformed_number(text) is malformed


# ---------------------------------------------------------------- values

Q, R, DATE, P, QL, E = "quantitative", "range", "date", "period", "qualitative", "empty"

VALUE_CASES: list[tuple[str, dict]] = [
    # comparators, units, subjects
    ("≥95%", dict(kind=Q, comparator="≥", number=D(95), decimals=0, unit="%", unit_kind="ratio")),
    ("≤100%", dict(kind=Q, comparator="≤", number=D(100), unit="%", unit_kind="ratio")),
    (">85%", dict(kind=Q, comparator=">", number=D(85), unit_kind="ratio")),
    ("＞85%", dict(kind=Q, comparator=">", number=D(85))),
    ("＜3次", dict(kind=Q, comparator="<", number=D(3), unit="次", unit_kind="count")),
    ("=45家", dict(kind=Q, comparator="=", number=D(45), unit="家", unit_kind="count")),
    ("≤369万元", dict(kind=Q, comparator="≤", number=D(369), unit="万元", unit_kind="money")),
    ("≤1.5万元", dict(kind=Q, comparator="≤", number=D("1.5"), decimals=1, unit_kind="money")),
    ("=8亿元", dict(kind=Q, comparator="=", number=D(8), unit="亿元", unit_kind="money")),
    ("=0.6%", dict(kind=Q, number=D("0.6"), decimals=1, unit_kind="ratio")),
    ("0.6%", dict(kind=Q, comparator=None, number=D("0.6"), unit="%", unit_kind="ratio")),
    ("49.05万", dict(kind=Q, number=D("49.05"), decimals=2, unit="万", unit_kind="money")),
    ("110元/人", dict(kind=Q, number=D(110), unit="元/人", unit_kind="money")),
    ("640元、每人每年", dict(kind=Q, number=D(640), unit="元", unit_kind="money", text=None)),
    ("20个", dict(kind=Q, comparator=None, number=D(20), unit="个", unit_kind="count")),
    ("56 家", dict(kind=Q, number=D(56), unit="家", unit_kind="count")),
    ("1批", dict(kind=Q, number=D(1), unit="批", unit_kind="count")),
    ("一批", dict(kind=Q, number=D(1), decimals=0, unit="批", unit_kind="count")),
    ("二次", dict(kind=Q, number=D(2), unit="次", unit_kind="count")),
    ("两次", dict(kind=Q, number=D(2), unit="次", unit_kind="count")),
    ("十五场", dict(kind=Q, number=D(15), unit="场")),
    ("不少于两次", dict(kind=Q, comparator="≥", number=D(2), unit="次")),
    ("≥5", dict(kind=Q, comparator="≥", number=D(5), unit=None, unit_kind="none")),
    ("100", dict(kind=Q, comparator=None, number=D(100), unit=None, unit_kind="none")),
    ("178.00", dict(kind=Q, number=D("178.00"), decimals=2)),
    ("-0.5", dict(kind=Q, number=D("-0.5"), decimals=1)),
    ("－０．５", dict(kind=Q, number=D("-0.5"), decimals=1)),
    ("≥２０个", dict(kind=Q, comparator="≥", number=D(20), unit="个")),
    ("≥1000张", dict(kind=Q, number=D(1000), unit="张", unit_kind="count")),
    ("24070名", dict(kind=Q, number=D(24070), unit="名", unit_kind="count")),
    ("1,000人次", dict(kind=Q, number=D(1000), unit="人次", unit_kind="count")),
    ("≥2所", dict(kind=Q, number=D(2), unit="所", unit_kind="count")),
    ("10分", dict(kind=Q, number=D(10), unit="分", unit_kind="other")),
    ("≤365天", dict(kind=Q, comparator="≤", number=D(365), unit="天", unit_kind="duration")),
    ("1年", dict(kind=Q, number=D(1), unit="年", unit_kind="duration")),
    ("一年", dict(kind=Q, number=D(1), unit="年", unit_kind="duration")),
    ("3个月", dict(kind=Q, number=D(3), unit="个月", unit_kind="duration")),
    ("500平方米", dict(kind=Q, number=D(500), unit="平方米", unit_kind="area")),
    ("满意度≥95%", dict(kind=Q, comparator="≥", number=D(95), unit="%", text=None)),
    ("满意度 95% 以上", dict(kind=Q, comparator="≥", number=D(95), unit="%", text=None)),
    ("满意度 95%以上", dict(kind=Q, comparator="≥", number=D(95), unit="%", text=None)),
    ("满意度达90%", dict(kind=Q, comparator="≥", number=D(90))),
    ("每季度大于2次", dict(kind=Q, comparator=">", number=D(2), unit="次", unit_kind="count")),
    ("不低于95%", dict(kind=Q, comparator="≥", number=D(95))),
    ("不少于10家", dict(kind=Q, comparator="≥", number=D(10), unit="家")),
    ("达到90%", dict(kind=Q, comparator="≥", number=D(90))),
    ("不高于100万元", dict(kind=Q, comparator="≤", number=D(100), unit_kind="money")),
    ("不超过2500万元", dict(kind=Q, comparator="≤", number=D(2500))),
    ("不大于5%", dict(kind=Q, comparator="≤")),
    ("不小于5%", dict(kind=Q, comparator="≥")),
    ("大于2次", dict(kind=Q, comparator=">")),
    ("高于80%", dict(kind=Q, comparator=">")),
    ("超过3家", dict(kind=Q, comparator=">")),
    ("小于5%", dict(kind=Q, comparator="<")),
    ("低于5%", dict(kind=Q, comparator="<")),
    ("95%以上", dict(kind=Q, comparator="≥", number=D(95))),
    ("5%以下", dict(kind=Q, comparator="≤", number=D(5))),
    ("30天以内", dict(kind=Q, comparator="≤", number=D(30), unit="天")),
    ("30天内", dict(kind=Q, comparator="≤", number=D(30), unit_kind="duration")),
    ("≥95%以上", dict(kind=Q, comparator="≥")),  # the explicit comparator wins
    ("1000余次", dict(kind=Q, comparator=">", number=D(1000), unit="次")),
    # LaTeX residue
    (r"$\geq 5\%$", dict(kind=Q, comparator="≥", number=D(5), unit="%", latex=True)),
    (r"$= 100\%$", dict(kind=Q, comparator="=", number=D(100), unit="%", latex=True)),
    (r"$\leq 10$万元", dict(kind=Q, comparator="≤", number=D(10), unit="万元", latex=True)),
    ("≥95%", dict(latex=False)),
    # ranges
    ("3-10", dict(kind=R, low=D(3), high=D(10), number=None, unit=None, unit_kind="none")),
    ("4-6", dict(kind=R, low=D(4), high=D(6))),
    ("5-10", dict(kind=R, low=D(5), high=D(10))),
    ("80-85%", dict(kind=R, low=D(80), high=D(85), unit="%", unit_kind="ratio")),
    ("90%-95%", dict(kind=R, low=D(90), high=D(95), unit="%")),
    ("3~5个", dict(kind=R, low=D(3), high=D(5), unit="个", unit_kind="count")),
    ("一至两次", dict(kind=R, low=D(1), high=D(2), unit="次")),
    # dates
    ("2023年12月31日前", dict(kind=DATE, year=2023, comparator="≤", unit_kind="date")),
    ("2023年12月31日之前", dict(kind=DATE, year=2023, comparator="≤")),
    ("2023年12月31日", dict(kind=DATE, year=2023, comparator=None, unit_kind="date")),
    ("2023年10月31日前", dict(kind=DATE, year=2023, comparator="≤")),
    ("2023年9月30日前", dict(kind=DATE, year=2023, comparator="≤")),
    ("2024年12月31日前", dict(kind=DATE, year=2024, comparator="≤")),
    ("２０２３年１２月３１日前", dict(kind=DATE, year=2023, comparator="≤")),
    ("2023 年 12 月 31 日前", dict(kind=DATE, year=2023, comparator="≤")),
    ("2023年12月底前", dict(kind=DATE, year=2023, comparator="≤")),
    ("2023年底前", dict(kind=DATE, year=2023, comparator="≤")),
    ("2023年", dict(kind=DATE, year=2023, number=None)),
    ("2023年内", dict(kind=DATE, year=2023, comparator="≤")),
    ("≤2023年6月30日", dict(kind=DATE, year=2023, comparator="≤")),
    ("2019.12.31", dict(kind=DATE, year=2019)),
    ("年底前", dict(kind=DATE, comparator="≤", year=None, text="年底前")),
    # periods
    ("2019.1.1-2019.12.31", dict(kind=P, year=2019, unit_kind="date")),
    ("2019. 1. 1-2019. 12. 31", dict(kind=P, year=2019)),
    ("2018.1.1-2019.12.31", dict(kind=P, year=2019)),  # the year of the end
    ("2023年2月-2023年12月", dict(kind=P, year=2023)),
    ("2023年1月-12月", dict(kind=P, year=2023)),
    ("2024年1月1日至2024年12月31日", dict(kind=P, year=2024)),
    ("2022年7月1日-2023年6月30日", dict(kind=P, year=2023)),
    ("2024全年", dict(kind=P, year=2024, text=None)),
    ("2023年度", dict(kind=P, year=2023)),
    ("当年度", dict(kind=P, year=None, text="当年度")),
    ("全年", dict(kind=P, year=None, text="全年")),
    # comparator + words, words
    ("不低于上年", dict(kind=QL, comparator="≥", text="不低于上年", number=None)),
    ("不低于上一年度", dict(kind=QL, comparator="≥", text="不低于上一年度")),
    ("明显", dict(kind=QL, comparator=None, text="明显")),
    ("持续提升", dict(kind=QL, text="持续提升")),
    ("是", dict(kind=QL, text="是")),
    ("合规", dict(kind=QL, text="合规")),
    ("及时", dict(kind=QL, text="及时")),
    ("提升", dict(kind=QL, text="提升")),
    ("有效缓解", dict(kind=QL, text="有效缓解")),
    ("达标", dict(kind=QL, comparator=None, text="达标")),
    ("一般", dict(kind=QL, text="一般", number=None)),
    # empty
    ("", dict(kind=E, comparator=None)),
    ("  ", dict(kind=E)),
    ("/", dict(kind=E)),
    ("-", dict(kind=E)),
    ("—", dict(kind=E)),
    ("---", dict(kind=E)),
    ("无", dict(kind=E)),
    ("XX", dict(kind=E)),
    ("≥", dict(kind=E, comparator="≥")),
    ("服务对象满意度≥", dict(kind=E, comparator="≥")),
]


@pytest.mark.parametrize(("text", "expected"), VALUE_CASES, ids=[c[0] or "<empty>" for c in VALUE_CASES])
def test_parse_value(text: str, expected: dict) -> None:
    value = parse_value(text)
    assert isinstance(value, IndicatorValue)
    assert value.raw == text
    got = {k: getattr(value, k) for k in expected}
    assert got == expected
    for k in ("number", "low", "high"):
        assert getattr(value, k) is None or isinstance(getattr(value, k), Decimal)


@pytest.mark.parametrize(
    "text",
    [
        "服务对象满意度95%以上的计10分",
        "十五个营商环境专项指标",
        "2023年13月31日",  # no such month
        "2023年2月30日",  # no such day
        "3个-5家",  # a range with two different units
        "49.05万元元",
        "1,2.3",
        "12..5",
        "1.2.3.4",
        "一二次",
        "≥95%（" + "很长的说明" * 60 + "）",  # longer than MAX_GRAMMAR_CHARS
    ],
)
def test_unreadable_values_fall_back_to_qualitative(text: str) -> None:
    value, fell_back = read_value(text)
    assert fell_back
    assert value.kind == "qualitative"
    assert value.text == text
    assert value.number is None and value.comparator is None
    assert parse_value(text) == value


def test_values_read_by_the_grammar_are_not_fallbacks() -> None:
    for text in ("≥95%", "持续提升", "2019.1.1-2019.12.31", "不低于上年", "一批"):
        assert read_value(text)[1] is False


def test_fallback_keeps_latex_flag() -> None:
    value = parse_value(r"$\geq$ 很多很多的计10分")
    assert value.kind == "qualitative" and value.latex


def test_parse_value_is_memoised() -> None:
    info = parse_value.cache_info()
    assert info.maxsize is not None and info.maxsize >= 65536
    assert parse_value("≥93%") is parse_value("≥93%")
    assert parse_amount("93.5") is parse_amount("93.5")


def test_to_json_of_a_parsed_value() -> None:
    assert parse_value("≤369万元").to_json() == {
        "raw": "≤369万元", "kind": "quantitative", "comparator": "≤", "number": "369",
        "low": None, "high": None, "unit": "万元", "unit_kind": "money", "text": None,
    }


# ---------------------------------------------------------------- unit kinds


@pytest.mark.parametrize(
    ("unit", "kind"),
    [
        ("%", "ratio"), ("‰", "ratio"), ("百分比", "ratio"), ("百分点", "ratio"), ("个百分点", "ratio"),
        *[(u, "count") for u in "个 家 人 次 场 件 项 册 台 所 名 批 条 篇 期 辆 张 种 起 套 户 份 部 本 处 座 支".split()],
        ("人次", "count"), ("万人", "count"), ("次/年", "count"),
        ("元", "money"), ("万元", "money"), ("亿元", "money"), ("万", "money"), ("千元", "money"),
        ("元/人", "money"), ("万元/人", "money"), ("元/人/年", "money"), ("万元/个", "money"),
        ("天", "duration"), ("日", "duration"), ("月", "duration"), ("年", "duration"),
        ("小时", "duration"), ("工作日", "duration"), ("周", "duration"), ("季度", "duration"),
        ("个月", "duration"),
        ("平米", "area"), ("平方米", "area"), ("m²", "area"), ("亩", "area"),
        ("年月日", "date"), ("日期", "date"),
        ("分", "other"), ("吨", "other"), ("公里", "other"), ("XX", "other"), ("/人", "other"),
        (None, "none"), ("", "none"), ("  ", "none"),
    ],
)
def test_unit_kind(unit: str | None, kind: str) -> None:
    assert unit_kind(unit) == kind


# ---------------------------------------------------------------- robustness

VALUE_KINDS = {"quantitative", "range", "qualitative", "date", "period", "empty"}
UNIT_KINDS = {"ratio", "count", "money", "duration", "date", "area", "other", "none"}
# Characters the grammar cares about, so generated text reaches deep states.
GRAMMAR_ALPHABET = "0123456789.,-~/ %≥≤=<>年月日前底全度万元亿个次人家批以上下内余一二两十百满意度不低于达到（）(),、$\\geq%０１．－"


def _check_value(text: str) -> None:
    value = parse_value(text)
    assert value.kind in VALUE_KINDS
    assert value.unit_kind in UNIT_KINDS
    assert value.raw == text
    if value.kind == "quantitative":
        assert isinstance(value.number, Decimal)
    if value.kind == "range":
        assert value.low is not None and value.high is not None


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    _check_value(text)
    amount = parse_amount(text)
    assert amount is None or isinstance(amount.value, Decimal)
    assert isinstance(is_malformed_number(text), bool)
    assert isinstance(normalize(text), str)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=GRAMMAR_ALPHABET, max_size=40))
def test_grammar_shaped_text_never_raises(text: str) -> None:
    _check_value(text)
    amount = parse_amount(text)
    if amount is not None:
        assert not is_malformed_number(text)


@settings(max_examples=300, deadline=None)
@given(
    st.decimals(min_value=-10**12, max_value=10**12, places=3, allow_nan=False, allow_infinity=False),
    st.integers(min_value=0, max_value=3),
    st.booleans(),
)
def test_amount_round_trip(value: Decimal, places: int, grouped: bool) -> None:
    q = value.quantize(Decimal(1).scaleb(-places))
    text = f"{q:,.{places}f}" if grouped else f"{q:.{places}f}"
    amount = parse_amount(text)
    assert amount is not None
    assert amount.value == q
    assert amount.decimals == places
    assert not is_malformed_number(text)
    parsed = parse_value(text)
    assert parsed.kind == "quantitative" and parsed.number == q and parsed.decimals == places


@pytest.mark.parametrize(
    "text",
    [
        "9" * 100_000,
        "满" * 100_000,
        "1," * 50_000 + "x",
        "1." * 50_000,
        "1" * 100_000 + "万x",
        "≥" * 100_000,
        "不低于" * 33_000,
        "2023年" * 20_000,
        "(" * 100_000,
        " 1" * 50_000,
        "$\\geq" * 20_000,
    ],
    ids=lambda t: repr(t[:8]),
)
def test_long_input_is_fast(text: str) -> None:
    start = time.perf_counter()
    parse_value(text)
    parse_amount(text)
    is_malformed_number(text)
    normalize(text)
    assert time.perf_counter() - start < 0.5


def test_grammar_has_no_lalr_conflicts(caplog: pytest.LogCaptureFixture) -> None:
    grammar = (resources.resource_dir("grammar") / "value.lark").read_text(encoding="utf-8")
    with caplog.at_level(logging.DEBUG, logger="lark"):
        Lark(grammar, parser="lalr", debug=True)
    assert "conflict" not in caplog.text.lower()


# ---------------------------------------------------------------- parser cache and resources


def test_parser_cache_lives_in_user_cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cache = values._cache_path()
    assert cache is not None and Path(cache).parent == tmp_path / "budgetlint"
    first = values._build_parser()  # writes the cache
    assert Path(cache).is_file()
    second = values._build_parser()  # loads it
    for text in ("≥95%", "2019.1.1-2019.12.31", "不低于上年"):
        assert first.parse(normalize(text)) == second.parse(normalize(text))


def test_unusable_cache_dir_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert values._cache_path() is None
    assert values._build_parser().parse("95%") is not None


def test_resource_dir_finds_the_grammar() -> None:
    grammar = resources.resource_dir("grammar")
    assert (grammar / "value.lark").is_file()
    with pytest.raises(ValueError):
        resources.resource_dir("nonsense")


def test_resource_dir_reports_missing_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "site" / "pkg" / "budgetlint"
    package.mkdir(parents=True)
    monkeypatch.setattr(resources, "_PACKAGE_DIR", package)
    resources.resource_dir.cache_clear()
    try:
        with pytest.raises(resources.ResourceNotFound, match="checks"):
            resources.resource_dir("checks")
        (package / "checks").mkdir()  # the installed copy wins
        assert resources.resource_dir("checks") == package / "checks"
    finally:
        resources.resource_dir.cache_clear()
