"""S302 sangong-vehicle: 公务用车购置及运行费 = 购置费 + 运行费; a parent is never below its 其中.

In the 三公 table (columns or labelled rows) and in narrative sentences.  When
both 其中 figures are shown the parent must be their sum (a blank one counts
as 0); when only one is shown the parent must be at least that one.
"""

from decimal import Decimal

from budgetlint.arithmetic import half_unit
from budgetlint.checkutil_recon import check_parts, money, sangong_records, sangong_statements
from budgetlint.engine import Check

_SUBS = (("vehicle_purchase", "公务用车购置费"), ("vehicle_operation", "公务用车运行费"))


class SangongVehicle(Check):
    code = "S302"
    name = "sangong-vehicle"
    severity = "error"
    scope = "document"
    summary = "公务用车购置及运行费 = 购置费 + 运行费，且不小于其中任一项"
    message_zh = "{label}公务用车购置及运行费 {actual} {relation} {parts} {expected}（{equation}）"
    message_en = "{label}official vehicle purchase and operation {actual} {relation} {parts_en} {expected} ({equation})"
    what = (
        "Checks that 公务用车购置及运行费 equals 公务用车购置费 + 公务用车运行费 in each row of "
        "the “三公” table and in a narrative sentence that states all three, and that it is not "
        "below the one 其中 figure when only one is shown."
    )
    why = (
        "The vehicle item is itself a subtotal of purchases and running costs; a parent below "
        "its 其中 part, or different from the sum of its parts, means one of the figures is "
        "wrong, and the “三公” total built on it is wrong too."
    )
    example_fail = (
        "一般公共预算“三公”经费支出表\n\n金额单位：万元\n\n"
        "单位名称\t“三公”经费合计\t因公出国（境）费\t公务用车购置及运行费\t\t\t公务接待费\n"
        "\t\t\t小计\t公务用车购置费\t公务用车运行费\t\n"
        "合计\t36.94\t11.00\t22.24\t5.00\t22.24\t3.70\n"
    )
    example_pass = (
        "一般公共预算“三公”经费支出表\n\n金额单位：万元\n\n"
        "单位名称\t“三公”经费合计\t因公出国（境）费\t公务用车购置及运行费\t\t\t公务接待费\n"
        "\t\t\t小计\t公务用车购置费\t公务用车运行费\t\n"
        "合计\t36.94\t11.00\t22.24\t\t22.24\t3.70\n"
    )
    references = (
        "财预〔2016〕143号 地方预决算公开操作规程（一般公共预算“三公”经费支出表）",
        "DOMAIN.md §3 identities (公务用车购置及运行费 = 购置费 + 运行费)",
    )

    def check_document(self, doc, ctx):
        for table in doc.tables_of("sangong"):
            ctx.table = table
            for record in sangong_records(table):
                self._check(ctx, record.cells, f"{record.label} " if record.label else "", blank_as_zero=True)
        ctx.table = None
        for mentions in sangong_statements(doc):
            cells = {}
            for m in mentions:
                cells.setdefault(m.item, m.cell())
            self._check(ctx, cells, "说明：", blank_as_zero=False)

    def _check(self, ctx, cells, label, blank_as_zero):
        parent = cells.get("vehicle")
        if parent is None or (money(parent) is None and not blank_as_zero):
            return
        subs = [(name, cells.get(key)) for key, name in _SUBS if key in cells]
        if len(subs) == 2:
            check_parts(ctx, parent, subs, label=label, blank_as_zero=blank_as_zero, relation="≠",
                        parts="购置费 + 运行费", parts_en="purchase + operation")
        elif len(subs) == 1:
            name, sub = subs[0]
            p, s = money(parent), money(sub)
            if s is None or (p is None and not blank_as_zero):
                return
            p_value = p.value if p is not None else Decimal(0)
            allowance = Decimal(0) if p is None or p.decimals == s.decimals else half_unit(min(p.decimals, s.decimals))
            if s.value > p_value + allowance:
                ctx.report(parent if parent.text else sub, label=label, actual=p_value, expected=s.value,
                           difference=p_value - s.value, relation="<", parts=f"其中{name}",
                           parts_en=f"its part {name}", equation=f"{p.raw if p else '空'} < {s.raw}")
