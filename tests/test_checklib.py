"""``checklib.may_have_label`` lets checks skip ``Table.key_values``: it must
never rule out a label that a key–value pair of the table normalises to."""

from __future__ import annotations

from budgetlint.checklib import label_text, may_have_label
from budgetlint.checkutil_cross import _label
from budgetlint.tables import normalize_label
from budgetlint.document import parse_path
from budgetlint.lint import parse_bytes

from conftest import SAMPLES, seed_path


def _labels_found(table) -> set[str]:
    out = set()
    for kv in table.key_values:
        for key in (normalize_label(kv.label), _label(kv.label)):
            if key and not any(c in key for c in ":()（）"):
                out.add(key)
    return out


def test_every_key_value_label_is_in_the_label_text():
    paths = sorted(SAMPLES.glob("*.txt")) + [seed_path(p) for p in ("000", "001", "002", "003", "004")]
    seen = 0
    for path in paths:
        for table in parse_path(str(path)).tables:
            for key in _labels_found(table):
                assert may_have_label(table, (key,)), (path.name, table.title, key)
                seen += 1
    assert seen > 500


def test_letter_spacing_enumeration_and_unit_brackets_are_read_through():
    doc = parse_bytes(
        "部门整体支出绩效目标表\n\n部门名称\t示例局\t\t\n"
        "一、收 入 预 算（万元）合 计\t422.51\t\t\n"
        "其中：财政拨款(元)\t381.51\t其他 经费\t41\n".encode("utf-8"),
        "case.txt",
    )
    (table,) = doc.tables
    assert _labels_found(table) >= {"收入预算合计", "财政拨款", "其他经费"}
    assert may_have_label(table, ("收入预算合计",)) and may_have_label(table, ("其他经费", "x"))
    assert not may_have_label(table, ("年度资金总额", "项目支出"))
    assert "\0" in label_text(table)  # cells stay apart: no word spans two cells


def test_every_amount_with_a_money_unit_leaves_its_unit_in_the_label_text():
    """U505 tests ``label_text`` once for 元/万/亿 before reading rows: the
    unit brackets it drops (``（万元）``) are never part of such an amount."""
    from budgetlint.checkutil_eu import amount_unit

    paths = sorted(SAMPLES.glob("*.txt")) + [seed_path(p) for p in ("000", "001", "002", "003", "004")]
    seen = 0
    for path in paths:
        for table in parse_path(str(path)).tables:
            text = label_text(table)
            for row in table.rows:
                for cell in row.cells:
                    if amount_unit(cell.text) is not None:
                        assert any(ch in text for ch in "元万亿"), (path.name, table.title, cell.text)
                        seen += 1
    assert seen > 0, "no amount with its own unit in the samples"
