"""F804 malformed-number: a number in an amount column that cannot be read as an amount.

Money tables carry bare amounts in the unit the table declares.  A cell that
looks like a number but is not one (``1,2.3``, ``12..5``, ``3,00.00``) cannot
be summed, and an amount with its own unit (``49.05万``) in a column of
万元 amounts mixes two conventions.  A unit that contradicts the table's
(``3000元`` in a 万元 table) is U505's finding, not this one.  Only the amount columns of money tables
are read: code, name and label columns are not, and indicator values
(``49.05万`` as a cost target is fine) belong to the U checks.
"""

from functools import lru_cache

from budgetlint.checklib import MONEY_KINDS
from budgetlint.checkutil_icf import header_fields
from budgetlint.engine import Check
from budgetlint.values import is_malformed_number, parse_amount

_LABEL_FIELDS = {"code", "class", "section", "item", "unit_code", "economic_code", "name", "level1", "level2", "level3"}
_MONEY_UNITS = {"万元", "万", "元", "亿元", "亿", "千元"}


class MalformedNumber(Check):
    code = "F804"
    name = "malformed-number"
    severity = "warning"
    kinds = MONEY_KINDS + ("special_account_expense", "state_capital_expense")
    summary = "金额栏中的数字无法读取"
    message_zh = "金额“{text}”{reason}"
    message_en = "amount “{text}” {reason_en}"
    what = (
        "In the amount columns of money tables, reports a cell that looks like a number but "
        "is not a readable amount (`1,2.3`, `12..5`, badly grouped thousands) and an amount "
        "that carries its own money unit (`49.05万`) in a column of bare amounts."
    )
    why = (
        "A malformed amount cannot be added up, so every sum that includes it (R101–R106, "
        "X201) is silently skipped; an amount with its own unit in a 万元 column is ambiguous "
        "between 元 and 万元."
    )
    example_fail = (
        "支出总表\n\n金额单位：万元\n\n"
        "科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
        "201\t一般公共服务支出\t1,2.3\t1.00\t0.23\n"
    )
    example_pass = (
        "支出总表\n\n金额单位：万元\n\n"
        "科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
        "201\t一般公共服务支出\t1,200.30\t1,200.00\t0.30\n"
    )
    references = ("DOMAIN.md §1 amounts (thousands separators, decimals)",)

    def check_table(self, table, ctx):
        labels = _label_columns(table)
        for row in table.rows:
            label_columns = labels[row.header_index] if 0 <= row.header_index < len(labels) else ()
            for cell in row.cells:
                text = cell.text
                verdict = _verdict(text) if text else None
                if verdict is None or cell.index in label_columns or cell is row.fields.get("name"):
                    continue
                if verdict == "malformed":
                    ctx.report(cell, text=text, reason="无法读作金额", reason_en="cannot be read as an amount",
                               problem="malformed")
                elif _agrees(verdict, table.unit):
                    ctx.report(cell, text=text, reason=f"在金额栏中自带单位“{verdict}”（表的金额单位：{table.unit or '未注明'}）",
                               reason_en=f"carries its own unit “{verdict}” in an amount column (table unit: {table.unit or 'none'})",
                               problem="unit", unit=verdict)


def _label_columns(table) -> list[set[int]]:
    """For each header of the table, the indices of its code, name and label
    columns (see :func:`~budgetlint.checkutil_icf.header_fields`)."""
    return [{i for i, f in header_fields(table, k).items() if f in _LABEL_FIELDS} for k in range(len(table.headers))]


@lru_cache(maxsize=16384)
def _verdict(text: str) -> str | None:
    """What a cell's text is to this check, memoised since money tables repeat
    their amounts: ``"malformed"``, the money unit an amount carries, or None
    (no digit, a bare amount, a word)."""
    if not any(ch.isdigit() for ch in text):
        return None
    if is_malformed_number(text):
        return "malformed"
    amount = parse_amount(text)
    return amount.unit if amount is not None and amount.unit in _MONEY_UNITS else None


def _agrees(unit: str, table_unit: str | None) -> bool:
    """The cell's unit says what the table's unit says (``万`` in a 万元 table), or
    the table declares none; a contradiction (``元`` in a 万元 table) is U505's."""
    if not table_unit:
        return True
    norm = {"万": "万元", "亿": "亿元"}
    return norm.get(unit, unit) == norm.get(table_unit.strip(), table_unit.strip())
