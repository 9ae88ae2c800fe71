"""S304 sangong-unit: a 三公 amount in the wrong unit, judged by the stated unit and magnitude.

"三公" amounts are reported in 万元, so a figure in 元 is suspicious only with
evidence.  In the narrative, one sentence states the 三公 total and its items;
an amount whose unit differs from the others of its sentence is reported when
(a) read in its unit it makes a whole smaller than its part (seed 004 line 124:
``“三公”经费实际支付金额1.29元，其中…公务接待费1.29万元``), or (b) the same digits
appear in the other unit for the same item in the sentence or in the 三公 table.
A narrative amount whose digits equal the 三公 table's figure for that item but
in another unit is reported too.  In a 三公 table, a declared unit of 元 with a
non-zero total below 100 (or 万元 with a total of 10 亿 or more) is reported.
Explicit units inside table cells are U505's business.
"""

from decimal import Decimal

from budgetlint.checkutil_recon import (
    SANGONG_NAMES, UNIT_FACTORS, money, sangong_statements, sangong_summary,
)
from budgetlint.engine import Check

_CHILDREN = {"total": ("abroad", "vehicle", "vehicle_purchase", "vehicle_operation", "reception"),
             "vehicle": ("vehicle_purchase", "vehicle_operation")}


def _norm_unit(unit: str) -> str:
    return "万元" if unit == "万" else unit


def _implausible(value: Decimal, unit: str) -> bool:
    """A 三公 amount whose magnitude does not fit its unit (a few 元, or 10 亿 万元)."""
    return (unit == "元" and 0 < value < 100) or (unit == "万元" and value >= 100000)


class SangongUnit(Check):
    code = "S304"
    name = "sangong-unit"
    severity = "error"
    scope = "document"
    summary = "“三公”经费金额单位错误（元/万元）"
    message_zh = "{item} {value}{unit} 的单位应为{expected_unit}：{reason}"
    message_en = "{item} {value} {unit} should be in {expected_unit}: {reason_en}"
    what = (
        "Finds a “三公” amount printed in the wrong unit. In the narrative, an amount whose unit "
        "differs from the rest of its sentence is reported when, read in its unit, the total "
        "would be smaller than one of its items, or when the same digits appear for that item "
        "in the other unit (in the sentence or in the “三公” table). A “三公” table declared in "
        "元 with a non-zero total below 100 (or in 万元 with a total of 10 亿 or more) is reported."
    )
    why = (
        "“三公” figures are compared year on year and across departments; a total printed as "
        "1.29元 instead of 1.29万元 understates it ten-thousandfold and makes every percentage "
        "built on it meaningless. The unit slip is easy to make when prose is typed by hand."
    )
    example_fail = (
        "## 二、部门整体支出绩效分析\n\n"
        "“三公”经费实际支付金额1.29元，其中公务用车0万元，公务接待费1.29万元。\n"
    )
    example_pass = (
        "## 二、部门整体支出绩效分析\n\n"
        "“三公”经费实际支付金额1.29万元，其中公务用车0万元，公务接待费1.29万元。\n"
    )
    references = (
        "财预〔2016〕143号 地方预决算公开操作规程（金额单位：万元）",
        "DOMAIN.md §1 (amounts in 万元) and §3 (“三公”经费)",
    )

    def check_document(self, doc, ctx):
        tables = doc.tables_of("sangong")
        table_figures = {}
        for table in tables:
            record = sangong_summary(table)
            if record is None or not table.unit:
                continue
            for key, cell in record.cells.items():
                a = money(cell)
                if a is not None and a.unit is None and a.value != 0:
                    table_figures.setdefault(key, (a, _norm_unit(table.unit), cell.line))
            ctx.table = table
            self._table_magnitude(ctx, table, record)
            ctx.table = None
        for mentions in sangong_statements(doc):
            self._statement(ctx, mentions, table_figures)

    def _table_magnitude(self, ctx, table, record):
        total = record.get("total")
        a = money(total)
        if a is None or a.unit is not None or a.value == 0:
            return
        unit = _norm_unit(table.unit)
        if unit == "元" and a.value < 100:
            ctx.report(total, item=SANGONG_NAMES["total"], value=a.value, unit="元", expected_unit="万元",
                       reason=f"表格单位为元，但“三公”经费合计仅 {a.raw} 元，数量级不合理",
                       reason_en=f"the table is declared in 元 but the total is only {a.raw} 元")
        elif unit == "万元" and a.value >= 100000:
            ctx.report(total, item=SANGONG_NAMES["total"], value=a.value, unit="万元", expected_unit="元",
                       reason=f"表格单位为万元，但“三公”经费合计达 {a.raw} 万元（10亿元以上），数量级不合理",
                       reason_en=f"the table is declared in 万元 but the total is {a.raw} 万元 (over 1 billion 元)")

    def _statement(self, ctx, mentions, table_figures):
        units = [_norm_unit(m.unit) for m in mentions]
        reported = set()
        for i, m in enumerate(mentions):
            unit = units[i]
            others = [(o, units[j]) for j, o in enumerate(mentions) if j != i]
            other_units = {u for _, u in others}
            reason = reason_en = expected = None
            minority = len(others) >= 2 or _implausible(m.value, unit)
            if len(other_units) == 1 and unit not in other_units and m.value != 0 and minority:
                expected = next(iter(other_units))
                parts = [o for o, _ in others if o.item in _CHILDREN.get(m.item, ())]
                parents = [o for o, _ in others if m.item in _CHILDREN.get(o.item, ())]
                same = [o for o, _ in others if o.value == m.value and o.item in (m.item,) + _CHILDREN.get(m.item, ())]
                bigger_part = [o for o in parts if o.in_wan > m.in_wan]
                smaller_parent = [o for o in parents if o.in_wan < m.in_wan]
                if bigger_part:
                    o = max(bigger_part, key=lambda x: x.in_wan)
                    reason = f"按{m.unit}计，合计小于其中{SANGONG_NAMES[o.item]} {o.raw}"
                    reason_en = f"read in {m.unit} the total is smaller than its part {o.raw}"
                elif smaller_parent:
                    o = smaller_parent[0]
                    reason = f"按{m.unit}计，超过其上级{SANGONG_NAMES[o.item]} {o.raw}"
                    reason_en = f"read in {m.unit} it exceeds its parent {o.raw}"
                elif same:
                    o = same[0]
                    reason = f"同一数字在同句中以{o.unit}列示（{o.raw}）"
                    reason_en = f"the same digits appear in {o.unit} in the same sentence ({o.raw})"
            if reason is None and m.item in table_figures and m.value != 0:
                a, t_unit, line = table_figures[m.item]
                if t_unit != unit and a.value == m.value and t_unit in UNIT_FACTORS:
                    expected = t_unit
                    reason = f"“三公”经费表第 {line} 行同一项目为 {a.raw} {t_unit}"
                    reason_en = f"the “三公” table shows {a.raw} {t_unit} for the same item (line {line})"
            if reason is not None and (m.line, m.column) not in reported:
                reported.add((m.line, m.column))
                ctx.report(m.cell(), item=SANGONG_NAMES[m.item], value=m.value, unit=m.unit,
                           expected_unit=expected, reason=reason, reason_en=reason_en, line_text=m.raw)
