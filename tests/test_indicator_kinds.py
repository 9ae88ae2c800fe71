"""Tests for budgetlint.indicators: an indicator's kind from its name's ending."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

try:  # a checkout without an installed package
    import budgetlint  # noqa: F401
except ImportError:  # pragma: no cover
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from budgetlint import indicators
from budgetlint.indicators import KINDS, lexicon, name_kind, strip_notes


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        # count
        ("承接服务外包业务企业数量", "count"),
        ("开展新媒体宣传的电梯数量", "count"),
        ("获2023年度国家级、省级制造业单项冠军企业奖励数量", "count"),
        ("走访企业次数", "count"),
        ("2024年南昌创业大学招生人数", "count"),
        ("补贴企业数", "count"),
        ("新增规上企业家数", "count"),
        ("培训人次", "count"),
        ("2024年中小企业大讲堂场次", "count"),
        ("评审工作会议次数 4", "count"),
        ("评审工作会议次数4", "count"),
        ("发放批次", "count"),
        # ratio
        ("成本控制率", "ratio"),
        ("资金使用率", "ratio"),
        ("惠企政策知晓率", "ratio"),
        ("一般工程类评审合格率", "ratio"),
        ("项目资金发放及时率", "ratio"),
        ("企业满意度", "ratio"),
        ("服务对象满意度", "ratio"),
        ("服务业增加值占GDP比重", "ratio"),
        ("服务业增加值占ＧＤＰ比重", "ratio"),
        ("财政科技投入占比", "ratio"),
        ("资助参保比例", "ratio"),
        ("新增企业数量增长", "ratio"),
        ("网络零售额增幅", "ratio"),
        ("外贸出口增速", "ratio"),
        ("跨境电商交易规模增幅（2022年7月1日-2023年6月）", "ratio"),
        ("跨境电商交易规模增幅(2022年7月1日-2023年6月)", "ratio"),
        ("跨境电商交易规模增幅（2022年7月", "ratio"),  # unclosed note
        ("投入产出比", "ratio"),
        # money
        ("运行经费", "money"),
        ("项目总成本", "money"),
        ("投入成本", "money"),
        ("会议费用", "money"),
        ("专项资金", "money"),
        ("补贴金额", "money"),
        ("公益岗人员补助标准", "money"),
        ("对三星级以上农贸市场支持标准", "money"),
        ("老字号直营店一次性奖励标准", "money"),
        ("教育费附加成本控制数", "money"),
        ("保安工资经费预算控制数", "money"),
        ("保安工资", "money"),
        ("办公场所租金", "money"),
        ("基本支出", "money"),
        # date
        ("项目工作完成时限", "date"),
        ("培训完成时间", "date"),
        ("全覆盖时间", "date"),
        ("资金拨付日期", "date"),
        ("整改期限", "date"),
        ("资金到位时效", "date"),
        # duration
        ("重要产品（肉菜）追溯体系运维期", "duration"),
        ("平台维护周期", "duration"),
        ("培训时长", "duration"),
        ("审批天数", "duration"),
        # unknown
        ("人均大病保险筹资水平", "unknown"),
        ("节能评审项目", "unknown"),
        ("江西省营商环境测评考核", "unknown"),
        ("产品质量标准", "unknown"),  # 标准 alone is not money
        ("空气质量指数", "unknown"),  # 指数 is not a count
        ("先进集体评比", "unknown"),  # 评比 is not a ratio
        ("", "unknown"),
        ("（万元）", "money"),  # nothing but a unit note: the unit decides
        ("   ", "unknown"),
        # a unit note decides when the ending does not
        ("惠企培训（人次）", "count"),
        ("企业补贴（万元）", "money"),
        ("覆盖面（%）", "ratio"),
        ("节能评审项目（个）", "count"),
        ("平台建设（年度目标）", "unknown"),
    ],
)
def test_name_kind(name: str, kind: str) -> None:
    assert name_kind(name) == kind


def test_longest_suffix_wins_over_group_order() -> None:
    # 率 (ratio) ends 成本控制率 although 成本 (money) is a longer word inside it;
    # 控制数 (money) beats 数 (count); 增长 (ratio) beats 数量 (count) by ending the name.
    assert name_kind("成本控制率") == "ratio"
    assert name_kind("成本控制数") == "money"
    assert name_kind("企业数量增长") == "ratio"
    assert name_kind("企业数量") == "count"


@pytest.mark.parametrize("suffix_kind", sorted(lexicon().items()))
def test_every_lexicon_suffix_decides_a_name_ending_in_it(suffix_kind: tuple[str, str]) -> None:
    suffix, kind = suffix_kind
    assert name_kind("甲乙丙" + suffix) == kind


def test_lexicon_is_well_formed() -> None:
    table = lexicon()
    assert len(table) > 50
    assert set(table.values()) <= set(KINDS)
    for suffix in table:
        assert suffix and suffix == suffix.strip()


@pytest.mark.parametrize(
    ("name", "stem", "unit"),
    [
        ("跨境电商交易规模增幅（2022年7月1日-2023年6月）", "跨境电商交易规模增幅", None),
        ("评审工作会议次数 4", "评审工作会议次数", None),
        ("惠企培训（人次）", "惠企培训", "人次"),
        ("资金（单位：万元）", "资金", "万元"),
        ("满意度(%) 95", "满意度", "%"),
        ("增幅（2022年7月", "增幅", None),
        ("企业数量", "企业数量", None),
    ],
)
def test_strip_notes(name: str, stem: str, unit: str | None) -> None:
    assert strip_notes(name) == (stem, unit)


def test_conflicting_lexicon_is_rejected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "indicator_kinds.toml"
    bad.write_text('[count]\nsuffixes = ["数"]\n[ratio]\nsuffixes = ["数"]\n', encoding="utf-8")
    monkeypatch.setattr(indicators, "data_file", lambda name: bad)
    indicators.lexicon.cache_clear()
    try:
        with pytest.raises(ValueError, match="数"):
            indicators.lexicon()
        bad.write_text('[colour]\nsuffixes = ["色"]\n', encoding="utf-8")
        indicators.lexicon.cache_clear()
        with pytest.raises(ValueError, match="colour"):
            indicators.lexicon()
    finally:
        monkeypatch.undo()
        indicators.lexicon.cache_clear()
        indicators._longest.cache_clear()
    assert indicators.lexicon()["率"] == "ratio"
