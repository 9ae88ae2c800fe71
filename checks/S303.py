"""S303 sangong-vs-basic: a 三公 item ≥ the matching economic line of the basic-expense table.

The 三公 table counts basic and project spending, the basic-expense table only
basic spending, so each 三公 item is at least its economic line: 公务接待费 ≥
30217 公务接待费, 公务用车运行费 (or 公务用车购置及运行费 when no 运行费 is
shown) ≥ 30231 公务用车运行维护费, 因公出国（境）费 ≥ 30212 因公出国（境）费用.
The economic lines come from 一般公共预算基本支出表, or else from the 合计 row
of a basic-expense detail table that has those columns.  Amounts in different
declared units are converted; printed figures are compared at their precision.
"""

from decimal import Decimal

from budgetlint.arithmetic import half_unit
from budgetlint.checkutil_recon import SANGONG_NAMES, UNIT_FACTORS, money, sangong_summary
from budgetlint.engine import Check

_LINES = (
    ("reception", ("30217",), "reception", "公务接待费"),
    ("vehicle_operation", ("30231",), "vehicle_operation", "公务用车运行维护费"),
    ("abroad", ("30212",), "abroad", "因公出国（境）费用"),
)


def _basic_lines(doc):
    """{field: (cell, table, code)} from the basic-expense tables of the document."""
    found = {}
    for table in doc.tables_of("general_budget_basic_expense"):
        for row in table.rows:
            if row.code_kind != "economic" or row.shifted:
                continue
            for key, codes, _, name in _LINES:
                if row.code in codes and key not in found and money(row.fields.get("total")) is not None:
                    found[key] = (row.fields["total"], table, row.code, name)
    for table in doc.tables_of("basic_expense_detail"):
        totals = [r for r in table.rows if r.code_kind == "total" and not r.shifted]
        if not totals:
            continue
        for key, codes, field, name in _LINES:
            cell = totals[0].fields.get(field)
            if key not in found and money(cell) is not None:
                found[key] = (cell, table, codes[0], name)
    return found


class SangongVsBasic(Check):
    code = "S303"
    name = "sangong-vs-basic"
    severity = "error"
    scope = "document"
    summary = "“三公”各项 ≥ 基本支出表对应经济科目"
    message_zh = "“三公”经费表{item} {actual} 小于基本支出表 {basic_code} {basic_name} {expected}（第 {basic_line} 行），差 {difference}"
    message_en = "“三公” table {item} {actual} is below basic-expense line {basic_code} {basic_name} {expected} (line {basic_line}), difference {difference}"
    what = (
        "Compares each item of the “三公” table with the matching economic line of the "
        "basic-expense table of the same document: 公务接待费 with 30217, 公务用车运行费 with "
        "30231 公务用车运行维护费, 因公出国（境）费 with 30212. The “三公” item must not be smaller."
    )
    why = (
        "The “三公” table covers every source of “三公” spending (basic and project), the "
        "basic-expense table only the basic part. A “三公” item below its basic-expense line "
        "means one of the two tables misstates it, usually the closely watched “三公” figure."
    )
    example_fail = (
        "一般公共预算基本支出表\n\n单位：万元\n\n"
        "科目代码\t科目名称\t合计\t人员经费\t公用经费\n"
        "302\t商品和服务支出\t19.03\t\t19.03\n"
        "30217\t公务接待费\t0.15\t\t0.15\n"
        "30239\t其他交通费用\t18.88\t\t18.88\n\n"
        "一般公共预算“三公”经费支出表\n\n金额单位：万元\n\n"
        "单位名称\t“三公”经费合计\t因公出国（境）费\t公务用车购置及运行费\t公务接待费\n"
        "合计\t0.10\t\t\t0.10\n"
    )
    example_pass = (
        "一般公共预算基本支出表\n\n单位：万元\n\n"
        "科目代码\t科目名称\t合计\t人员经费\t公用经费\n"
        "302\t商品和服务支出\t19.03\t\t19.03\n"
        "30217\t公务接待费\t0.15\t\t0.15\n"
        "30239\t其他交通费用\t18.88\t\t18.88\n\n"
        "一般公共预算“三公”经费支出表\n\n金额单位：万元\n\n"
        "单位名称\t“三公”经费合计\t因公出国（境）费\t公务用车购置及运行费\t公务接待费\n"
        "合计\t0.15\t\t\t0.15\n"
    )
    references = (
        "财预〔2016〕143号 地方预决算公开操作规程",
        "部门预算支出经济分类科目 30212 因公出国（境）费用、30217 公务接待费、30231 公务用车运行维护费",
        "DOMAIN.md §3 identities (三公 item ≥ economic line)",
    )

    def check_document(self, doc, ctx):
        basic = _basic_lines(doc)
        if not basic:
            return
        for table in doc.tables_of("sangong"):
            record = sangong_summary(table)
            if record is None:
                continue
            ctx.table = table
            for key, (basic_cell, basic_table, code, name) in basic.items():
                item_key = key
                cell = record.get(key)
                if key == "vehicle_operation" and cell is None:
                    item_key, cell = "vehicle", record.get("vehicle")
                if cell is None:
                    continue
                self._compare(ctx, table, basic_table, cell, basic_cell, item_key, code, name, record.row)
        ctx.table = None

    def _compare(self, ctx, table, basic_table, cell, basic_cell, item_key, code, name, row):
        b = money(basic_cell)
        s = money(cell)
        if b is None or b.value == 0:
            return
        f_s = UNIT_FACTORS.get(table.unit or "万元")
        f_b = UNIT_FACTORS.get(basic_table.unit or "万元")
        if f_s is None or f_b is None:
            return
        s_value = (s.value if s is not None else Decimal(0)) * f_s
        b_value = b.value * f_b
        allowance = half_unit(b.decimals) * f_b + (half_unit(s.decimals) * f_s if s is not None else 0)
        if f_s == f_b and (s is None or s.decimals == b.decimals):
            allowance = Decimal(0)
        if s_value + allowance < b_value:
            ctx.report(
                cell if cell.text else (row or cell), item=SANGONG_NAMES[item_key],
                actual=s.value if s is not None else Decimal(0), expected=b.value,
                difference=(s_value - b_value) / f_s, basic_code=code, basic_name=name,
                basic_line=basic_cell.line, basic_table=basic_table.title,
            )
