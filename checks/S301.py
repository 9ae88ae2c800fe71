"""S301 sangong-sum: 三公经费合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费.

Checked in every row of a 三公 table (items as columns, or as labelled rows)
and in a narrative sentence that states the total and all three items in one
unit.  When the table has no 公务用车购置及运行费 column, its 购置费 and 运行费
columns stand in for it.  The columns are found from the header, including a
second header row the parser took for a data row (seed 003 line 360:
``其中：公务用车购置`` carries no header word).
"""

from budgetlint.checkutil_recon import (
    SANGONG_NAMES, check_parts, money, sangong_records, sangong_statements,
)
from budgetlint.engine import Check

_ITEMS = ("abroad", "vehicle", "reception")


class SangongSum(Check):
    code = "S301"
    name = "sangong-sum"
    severity = "error"
    scope = "document"
    summary = "“三公”经费合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费"
    message_zh = "{label}“三公”经费合计 {actual} ≠ 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费 {expected}（{equation}），差 {difference}"
    message_en = "{label}“三公” total {actual} ≠ travel abroad + official vehicles + official reception {expected} ({equation}), difference {difference}"
    what = (
        "Checks that the “三公” total equals 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费 "
        "in each row of the “三公” table (or its labelled rows), and in a narrative sentence "
        "that states the total and all three items in the same unit."
    )
    why = (
        "The “三公” expenses are the most closely watched figures of a budget disclosure and "
        "are defined as exactly these three items. A total that is not their sum means an item "
        "was misstated or left out, which is the first thing the public and auditors check."
    )
    example_fail = (
        "一般公共预算“三公”经费支出表\n\n金额单位：万元\n\n"
        "单位名称\t“三公”经费合计\t因公出国（境）费\t公务用车购置及运行费\t公务接待费\n"
        "合计\t36.94\t11.00\t22.24\t4.70\n"
    )
    example_pass = (
        "一般公共预算“三公”经费支出表\n\n金额单位：万元\n\n"
        "单位名称\t“三公”经费合计\t因公出国（境）费\t公务用车购置及运行费\t公务接待费\n"
        "合计\t36.94\t11.00\t22.24\t3.70\n"
    )
    references = (
        "中共中央 国务院《党政机关厉行节约反对浪费条例》（“三公”经费口径）",
        "财预〔2016〕143号 地方预决算公开操作规程（一般公共预算“三公”经费支出表）",
        "DOMAIN.md §3 identities (“三公”经费)",
    )

    def check_document(self, doc, ctx):
        for table in doc.tables_of("sangong"):
            ctx.table = table
            for record in sangong_records(table):
                total = record.get("total")
                if money(total) is None:
                    continue
                cells = record.cells
                vehicle = [("公务用车购置及运行费", cells.get("vehicle"))]
                if "vehicle" not in cells:
                    vehicle = [(SANGONG_NAMES[k], cells.get(k)) for k in ("vehicle_purchase", "vehicle_operation")]
                addends = [(SANGONG_NAMES["abroad"], cells.get("abroad"))] + vehicle + [
                    (SANGONG_NAMES["reception"], cells.get("reception"))
                ]
                if sum(1 for _, c in addends if c is not None) < 2:
                    continue  # too few item columns to call it a breakdown
                check_parts(ctx, total, addends, label=f"{record.label} " if record.label else "")
        ctx.table = None
        for mentions in sangong_statements(doc):
            by_item = {}
            for m in mentions:
                by_item.setdefault(m.item, m)
            if "total" not in by_item or not all(k in by_item for k in _ITEMS):
                continue
            used = [by_item["total"]] + [by_item[k] for k in _ITEMS]
            if len({m.unit for m in used}) != 1:
                continue  # mixed units are S304's business
            total = used[0].cell()
            addends = [(SANGONG_NAMES[k], by_item[k].cell()) for k in _ITEMS]
            check_parts(ctx, total, addends, label="说明：", precision=max(_decimals(m.raw) for m in used))


def _decimals(raw: str) -> int:
    digits = "".join(ch for ch in raw if ch.isdigit() or ch == ".")
    return len(digits.split(".", 1)[1]) if "." in digits else 0
