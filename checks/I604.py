"""I604 direction: a target whose comparator points the wrong way.

Costs are ceilings: a money indicator under 成本指标 with ``≥``/``>`` invites
spending more.  Satisfaction, quality and output counts are floors: ``≤``/``<``
on them caps the result the project should reach (``引进和培养高层次创新团队
≤1个``).  Not reported: ratios under 成本指标 (``成本控制率 ≤100%`` is a cap on
a ratio of costs), durations and deadlines (``≤365天``, ``…前``), and counts
or rates of things to keep low — ``大班额数量 ≤10``, ``事故发生率``,
``投诉率``: a ceiling is right for them, so the option ``negative_words``
lists the words that mark such indicators.
"""

from budgetlint.checklib import INDICATOR_KINDS
from budgetlint.checkutil_icf import level_names
from budgetlint.engine import Check

_CEILING_NAME = ("控制", "上限", "限额", "不超过", "以内")


class Direction(Check):
    code = "I604"
    name = "direction"
    severity = "warning"
    kinds = INDICATOR_KINDS
    summary = "指标值的方向（≥/≤）与指标性质相反"
    message_zh = "{kind_zh}“{name}”的指标值 {value} 方向相反：应为{expected}"
    message_en = "{kind_en} “{name}” has target {value} pointing the wrong way: expected {expected_en}"
    what = (
        "Reports a cost indicator (money, under 成本指标) whose target uses ≥ or >, and a "
        "floor indicator — satisfaction (…满意度), quality (质量指标) or an output count "
        "(a count unit or a count name) — whose target uses ≤ or <. Ratios under 成本指标 "
        "(成本控制率), durations and deadlines, and indicators that count or rate something "
        "to keep low (大班额, 事故, 投诉, 差错 …, option negative_words) are not reported."
    )
    why = (
        "A cost target is a ceiling and an output or satisfaction target a floor; a "
        "comparator pointing the other way turns the target into its opposite (spend at "
        "least the budget, train at most one team) and makes the evaluation meaningless."
    )
    example_fail = (
        "专项资金绩效目标表\n\n（2023年度）\n\n"
        "一级指标\t二级指标\t三级指标\t指标值\n"
        "成本指标\t经济成本指标\t运行经费\t≥353.11万元\n"
        "产出指标\t数量指标\t培训次数\t≥4次\n"
        "效益指标\t社会效益指标\t引进和培养高层次创新团队\t≤1个\n"
    )
    example_pass = (
        "专项资金绩效目标表\n\n（2023年度）\n\n"
        "一级指标\t二级指标\t三级指标\t指标值\n"
        "成本指标\t经济成本指标\t运行经费\t≤353.11万元\n"
        "\t\t成本控制率\t≤100%\n"
        "产出指标\t数量指标\t大班额数量\t≤10\n"
        "\t时效指标\t完成该年度所有培训\t≤365天\n"
        "效益指标\t社会效益指标\t引进和培养高层次创新团队\t≥1个\n"
    )
    references = ("DOMAIN.md §4 indicators (ceilings and floors)", "财预〔2021〕101号 绩效指标体系")
    options = {
        "negative_words": [
            "大班额", "事故", "投诉", "差错", "错误", "失误", "违规", "违纪", "违法", "不合格",
            "超标", "逾期", "延误", "超支", "隐患", "信访", "案件", "缺陷", "返工", "流失",
            "损失", "损耗", "偏差", "误差", "空置", "闲置", "伤亡", "死亡", "污染", "排放",
            "能耗", "发生率", "拖欠", "滞后", "负面",
        ],
    }

    def check_table(self, table, ctx):
        negative = tuple(ctx.option("negative_words") or ())
        for ind in table.indicators:
            v = ind.value
            if v is None or v.kind != "quantitative" or v.comparator is None:
                continue
            l1, l2 = level_names(ind, ctx.profile)
            is_cost_cat = (l1 or "").endswith("成本指标") or (l2 or "").endswith("成本指标")
            if v.comparator in ("≥", ">"):
                # a money amount: a money unit, or a money name with a bare number
                # (``培训经费 ≥5次`` is a unit error, U503's, not a direction)
                money = v.unit_kind == "money" or (ind.name_kind == "money" and v.unit_kind == "none")
                if is_cost_cat and money and ind.name_kind != "ratio":
                    self._report(ctx, ind, "cost")
                continue
            if v.comparator not in ("≤", "<") or is_cost_cat:
                continue
            cats = {l1, l2}
            name = ind.name or ""
            if v.unit_kind in ("duration", "date", "money") or any(w in name for w in negative):
                continue
            if any(w in name for w in _CEILING_NAME):
                continue
            if _satisfaction(name, cats):
                self._report(ctx, ind, "satisfaction")
            elif "质量指标" in cats and (v.unit_kind in ("ratio", "count") or ind.name_kind in ("ratio", "count")):
                self._report(ctx, ind, "quality")
            elif (v.unit_kind == "count" or (ind.name_kind == "count" and v.unit_kind == "none")) and (
                cats & {"产出指标", "效益指标"}
            ):
                self._report(ctx, ind, "count")

    @staticmethod
    def _report(ctx, ind, kind):
        zh = {"cost": "成本指标", "satisfaction": "满意度指标", "quality": "质量指标", "count": "数量型指标"}[kind]
        en = {"cost": "cost indicator", "satisfaction": "satisfaction indicator",
              "quality": "quality indicator", "count": "count indicator"}[kind]
        ceiling = kind == "cost"
        ctx.report(
            ind.value_cell or ind,
            name=ind.name,
            value=ind.value.raw.strip(),
            comparator=ind.value.comparator,
            kind=kind,
            kind_zh=zh,
            kind_en=en,
            expected="上限（≤ 或 =）" if ceiling else "下限（≥ 或 =）",
            expected_en="a ceiling (≤ or =)" if ceiling else "a floor (≥ or =)",
        )


def _satisfaction(name: str, cats: set) -> bool:
    return name.endswith(("满意度", "满意率")) or bool(cats & {"满意度指标", "服务对象满意度指标"})
