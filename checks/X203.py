"""X203 narrative-percentage: a stated share or change that the stated amounts do not give.

Three shapes are recomputed from the amounts printed next to them:

* a share, ``基本支出1250.33万元，占本年支出29.24%``: the amount before 占 over
  the whole it names (a narrative figure of that measure in the same passage,
  else the table's), or, with a bare ``占``, over the amount before ``其中``;
* a change with its amount, ``215.94万元，比上年预算减少4.68万元，下降2.12%``:
  4.68 / (215.94 + 4.68), the base being this year's figure minus the change;
* a change against a stated base, ``较2018年预算数20.8万元，节约了93.8%``:
  (20.8 − 1.29) / 20.8, this year's figure being the subject's last amount.

A percentage is consistent when some true values inside the printed figures'
rounding give it at its printed precision.  A growth rate on a zero base has no
meaning and is always reported.
"""

import functools
import re

from budgetlint.checkutil_cross import (
    NARRATIVE_LABELS,
    NUMBER,
    WAN,
    amounts_in,
    fmt,
    lazy_pattern,
    main_group,
    clusters,
    percent_consistent,
    segments,
    statements,
)
from budgetlint.engine import Check
from budgetlint.model import Amount
from budgetlint.values import parse_amount

_UNIT = r"\s*(?P<unit>亿元|万元|千元|元)"
_PCT = r"\s*(?P<pct>\d+(?:\.\d+)?)\s*[%％]"
_WHAT = r"(?P<what>(?:20\d{2}|[^\d，,。；;！？])*?)"
_SHARE = lazy_pattern(r"占(?P<den>[^\d，,。；;%％（()）]{0,12}?)(?:的)?(?:比重|比例|比)?(?:为|是|达)?" + _PCT)
_DELTA = lazy_pattern(
    r"(?P<cmp>比|较)" + _WHAT + r"(?P<dir>增加|减少|增长|下降|节约|节省|降低|上升)了?\s*" + NUMBER + _UNIT
    + r"\s*[，,、]?\s*(?:增长|增加|上升|下降|减少|降低|节约|增幅|降幅)?(?:了|为|达)?" + _PCT
)
_BASE = lazy_pattern(
    r"(?P<cmp>比|较)" + _WHAT + NUMBER + _UNIT
    + r"\s*[，,]?\s*(?P<dir>增长|增加|上升|下降|减少|降低|节约|节省)了?(?:为|达)?" + _PCT
)
_DOWN = ("减少", "下降", "节约", "节省", "降低")
_DEN = [("基本支出", "basic"), ("项目支出", "project"), ("一般公共预算", "general"), ("三公", "sangong"),
        ("收入", "income"), ("支出", "total"), ("总额", "total"), ("合计", "total")]
_GAP = re.compile(r"^[\s，,、：:]{0,3}$")


@functools.cache
def _label_patterns() -> list[tuple[re.Pattern[str], str]]:
    """NARRATIVE_LABELS compiled once, on first use: ``re.search`` with a
    pattern string looks it up in re's cache at every call."""
    return [(re.compile(pattern), measure) for pattern, measure in NARRATIVE_LABELS]


def _measure_of(text: str) -> str | None:
    for pattern, measure in _label_patterns():
        if pattern.search(text):
            return measure
    for word, measure in _DEN:
        if word in text:
            return measure
    return None


def _scaled(amount: Amount, unit: str, to: str) -> Amount:
    if unit == to:
        return amount
    factor = WAN[unit] / WAN[to]
    shift = -factor.adjusted()
    return Amount(amount.value * factor, max(amount.decimals + shift, 0), amount.raw, to)


class NarrativePercentage(Check):
    code = "X203"
    name = "narrative-percentage"
    severity = "warning"
    scope = "document"
    summary = "说明中的占比或增减幅度与数字不符"
    message_zh = "正文“{stated}”与重算结果不符：{formula} = {expected}"
    message_en = "narrative “{stated}” does not match the recomputation: {formula} = {expected}"
    what = (
        "Recomputes the percentages the narrative states next to amounts: shares (占29.24%: the "
        "amount over the whole it names or the whole before 其中) and changes (增加1622.62万元，"
        "上升21.23%; 较上年20.8万元，节约了93.8%), at the printed precision and allowing for the "
        "rounding of the printed amounts. A growth rate on a zero base is reported too."
    )
    why = (
        "A percentage is derived from figures that the reader can see: one that the figures do not "
        "give is a calculation or copying error and makes the explanation of the budget unreliable."
    )
    example_fail = (
        "2019年本局支出合计4275.45万元。其中：基本支出1250.33万元，占本年支出30.24%，"
        "项目支出3025.12万元，占本年支出70.76%。\n"
    )
    example_pass = (
        "2019年本局支出合计4275.45万元。其中：基本支出1250.33万元，占本年支出29.24%，"
        "项目支出3025.12万元，占本年支出70.76%。\n"
    )
    references = ("DOMAIN.md §3 (percentages in the narrative, growth on a zero base)",
                  "XBRL Calculations 1.1 (interval arithmetic)")

    def check_document(self, doc, ctx):
        group = main_group(doc)
        for seg in segments(doc):
            if "%" not in seg.text and "％" not in seg.text:
                continue  # every shape ends in a percentage
            amounts = amounts_in(seg)
            found = statements(doc, seg)
            for m in _SHARE().finditer(seg.text):
                self._share(doc, ctx, seg, m, amounts, found, group)
            done = set()
            for m in _DELTA().finditer(seg.text):
                done.add(m.start("pct"))
                self._delta(doc, ctx, seg, m, amounts, found)
            for m in _BASE().finditer(seg.text):
                if m.start("pct") not in done:
                    self._base(doc, ctx, seg, m, amounts, found)

    # -- helpers --------------------------------------------------------

    def _report(self, doc, ctx, seg, m, stated, formula, expected, **extra):
        cell = seg.position(m.start("pct"), m.end("pct") + 1, doc)
        ctx.report(cell, stated=stated, formula=formula, expected=expected, **extra)

    def _subject(self, seg, m, amounts, found):
        """This year's figure a change is about: the nearest amount before 比/较
        in the sentence, else the last amount stated for the subject's measure."""
        lo, _ = seg.sentence_bounds(m.start())
        before = [a for a in amounts if lo <= a[0] and a[1] <= m.start()]
        if before:
            return before[-1][2], before[-1][3]
        measure = _measure_of(seg.text[lo:m.start()] or m.group("what"))
        if measure is None:
            return None
        earlier = [s for s in found if s.measure == measure and s.end <= lo]
        if not earlier:
            return None
        return earlier[-1].amount, earlier[-1].unit

    def _check(self, doc, ctx, seg, m, f, amounts_units, formula, to_unit="万元", **extra):
        printed = parse_amount(m.group("pct"))
        variants = [[a for a, _ in amounts_units]]
        if any(u != to_unit for _, u in amounts_units):
            variants.append([_scaled(a, u, to_unit) for a, u in amounts_units])
        results = [percent_consistent(printed, f, v) for v in variants]
        results = [r for r in results if r is not None]
        if not results or any(ok for ok, _ in results):
            return
        stated = seg.text[m.start(): m.end("pct") + 1]
        self._report(doc, ctx, seg, m, stated[-40:], formula, f"{fmt(results[0][1])}%",
                     stated_percent=printed.raw, recomputed=results[0][1], **extra)

    # -- shapes ---------------------------------------------------------

    def _share(self, doc, ctx, seg, m, amounts, found, group):
        lo, _ = seg.sentence_bounds(m.start())
        before = [a for a in amounts if lo <= a[0] and a[1] <= m.start()]
        if not before or not _GAP.match(seg.text[before[-1][1]:m.start()]):
            return
        num, num_unit = before[-1][2], before[-1][3]
        den_text = m.group("den").strip()
        if den_text:
            measure = _measure_of(den_text)
            if measure is None:
                return
            stated = [s for s in found if s.measure == measure and s.end <= before[-1][0]]
            if stated:
                den, den_unit = stated[-1].amount, stated[-1].unit
            else:
                figures = group.of(measure) if group is not None else []
                if not figures:
                    return
                den, den_unit = clusters(figures)[0][0].amount, "万元"
        else:
            whole = seg.text.rfind("其中", 0, before[-1][0])
            prior = [a for a in amounts if a[1] <= whole and _GAP.match(seg.text[a[1]:whole].strip("。"))]
            if whole < 0 or not prior:
                return
            den, den_unit = prior[-1][2], prior[-1][3]
        if den.value == 0:
            return
        self._check(doc, ctx, seg, m, lambda n, d: n / d * 100, [(num, num_unit), (den, den_unit)],
                    f"{num.raw} / {den.raw}", kind="share")

    def _delta(self, doc, ctx, seg, m, amounts, found):
        current = self._subject(seg, m, amounts, found)
        if current is None:
            return
        cur, cur_unit = current
        delta = parse_amount(m.group("num"))
        down = m.group("dir") in _DOWN
        base = cur.value + delta.value if down else cur.value - delta.value
        sign = "+" if down else "−"
        formula = f"{delta.raw} / ({cur.raw} {sign} {delta.raw})"
        if base == 0 and not down:
            stated = seg.text[m.start(): m.end("pct") + 1]
            self._report(doc, ctx, seg, m, stated[-40:], formula, "基数为 0，增长率无意义",
                         stated_percent=m.group("pct"), kind="zero-base")
            return
        f = (lambda c, d: d / (c + d) * 100) if down else (lambda c, d: d / (c - d) * 100)
        self._check(doc, ctx, seg, m, f, [(cur, cur_unit), (delta, m.group("unit"))], formula, kind="change")

    def _base(self, doc, ctx, seg, m, amounts, found):
        if re.search(r"增加|减少|增长|下降|节约|节省|降低|上升", m.group("what")):
            return  # ``比上年减少4.68万元`` states a change, not a base
        base = parse_amount(m.group("num"))
        current = self._subject(seg, m, amounts, found)
        if current is None:
            return
        cur, cur_unit = current
        down = m.group("dir") in _DOWN
        if base.value == 0:
            stated = seg.text[m.start(): m.end("pct") + 1]
            self._report(doc, ctx, seg, m, stated[-40:], f"({cur.raw} − 0) / 0", "基数为 0，增长率无意义",
                         stated_percent=m.group("pct"), kind="zero-base")
            return
        if down:
            f, formula = (lambda b, c: (b - c) / b * 100), f"({base.raw} − {cur.raw}) / {base.raw}"
        else:
            f, formula = (lambda b, c: (c - b) / b * 100), f"({cur.raw} − {base.raw}) / {base.raw}"
        self._check(doc, ctx, seg, m, f, [(base, m.group("unit")), (cur, cur_unit)], formula, kind="change")
