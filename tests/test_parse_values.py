"""The grammar-free reading of simple values gives exactly the grammar's value."""

from __future__ import annotations

import itertools

from budgetlint import values
from budgetlint.values import normalize


def _grammar(s: str):
    return values._BUILD.transform(values.value_parser().parse(s))


def test_simple_quantities_read_as_the_grammar_reads_them() -> None:
    units = ["", "%", "‰", "万元", "亿元", "千元", "人次", "平米", "平方米", "万", "亿", "元", "个", "家", "人",
             "次", "场", "件", "项", "册", "台", "所", "名", "批", "条", "篇", "期", "辆", "张", "种", "起", "套",
             "户", "份", "天"]
    numbers = ["0", "5", "95", "100", "2023", "2024", "0.5", "12.50", "1300", "07"]
    checked = 0
    for cmp, number, space, unit in itertools.product(["", "≥", "≤", "=", ">", "<", "≠"], numbers, ["", " "], units):
        s = normalize(f"{cmp}{number}{space}{unit}")
        fast = values._simple_quantity(s)
        if fast is None:
            continue
        assert fast == _grammar(s), s
        checked += 1
    assert checked > 4000


def test_other_shapes_are_left_to_the_grammar() -> None:
    for text in ("2023年", "3-5", "1,000", "≥95%以上", "10余家", "一批", "≥", "95%，较上年", "2023.1.1", "1e5", "5年"):
        assert values._simple_quantity(normalize(text)) is None, text


def test_parse_value_of_simple_values() -> None:
    v = values.parse_value("≥ 95 %")
    assert (v.kind, v.comparator, v.number, v.decimals, v.unit, v.unit_kind) == ("quantitative", "≥", 95, 0, "%", "ratio")
    v = values.parse_value("１３００.５０ 万")
    assert (v.number, str(v.number), v.decimals, v.unit, v.unit_kind, v.raw) == (1300.5, "1300.50", 2, "万", "money", "１３００.５０ 万")
