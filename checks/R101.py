"""R101 total-basic-project: 合计 = 基本支出 + 项目支出 (+ 经营/上缴/附属)."""

from budgetlint.checklib import EXPENSE_KINDS, field_cell, may_have_label
from budgetlint.checkutil_recon import adds_up, kv_near
from budgetlint.engine import Check
from budgetlint.model import Cell

_amount = Cell.amount.fget  # check_sum reads every amount, percentages too

_KV_TOTAL = ("支出预算合计", "支出合计")
_EXTRA = (("operating", "事业单位经营支出"), ("remit", "上缴上级支出"), ("subsidiary", "对附属单位补助支出"))


class TotalBasicProject(Check):
    code = "R101"
    name = "total-basic-project"
    severity = "error"
    kinds = EXPENSE_KINDS + ("department_performance_targets", "project_performance_targets")
    summary = "合计 = 基本支出 + 项目支出"
    message_zh = "{label}合计 {actual} ≠ 基本支出 + 项目支出 {expected}（{equation}），差 {difference}"
    message_en = "{label}total {actual} ≠ basic + project expenditure {expected} ({equation}), difference {difference}"
    what = (
        "Checks that each row's 合计 (total) equals 基本支出 plus 项目支出, plus the "
        "事业单位经营支出, 上缴上级支出 and 对附属单位补助支出 columns where the table has "
        "them, and that a key–value block's 支出预算合计 equals 其中:基本支出 + 项目支出."
    )
    why = (
        "Basic and project expenditure are the two halves of every expenditure budget; a "
        "total that is not their sum means one of the three figures was mistyped or a "
        "column was left out, and every table that repeats the figure inherits the error."
    )
    example_fail = (
        "支出总表\n\n金额单位：万元\n\n"
        "科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
        "201\t一般公共服务支出\t422.51\t373.85\t48.93\n"
    )
    example_pass = (
        "支出总表\n\n金额单位：万元\n\n"
        "科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
        "201\t一般公共服务支出\t422.78\t373.85\t48.93\n"
    )
    references = ("财预〔2016〕143号 地方预决算公开操作规程", "DOMAIN.md §3 identities")

    def check_table(self, table, ctx):
        extra_of: dict[int, list] = {}  # header index → the extra columns it has, once per header
        for row in table.rows:
            total = row.fields.get("total")
            if total is None or total.amount is None:
                continue  # (a blank cell has no amount either: field_cell, inlined)
            basic, project = field_cell(row, "basic"), field_cell(row, "project")
            if basic is None and project is None:
                continue
            addends = [("基本支出", basic), ("项目支出", project)]
            extra = extra_of.get(row.header_index)
            if extra is None:
                present = {c.field for c in table.headers[row.header_index]} if table.headers else set()
                extra = extra_of[row.header_index] = [(key, label) for key, label in _EXTRA if key in present]
            addends += [(label, field_cell(row, key)) for key, label in extra]
            if adds_up(total, [c for _, c in addends], read=_amount):
                continue  # the common case: no rounding analysis, no label
            label = row.code or ("" if row.code_kind == "total" else row.label) or ""
            ctx.check_sum(total, addends, label=f"{label} ".lstrip())
        if not (may_have_label(table, _KV_TOTAL) and may_have_label(table, ("基本支出",))
                and may_have_label(table, ("项目支出",))):
            return  # a label missing from the text: no key–value pairs to read
        # kv_near without a line is Table.find_kv with memoised label normalisation.
        total_kv = kv_near(table, _KV_TOTAL)
        basic_kv = kv_near(table, ("基本支出",))
        project_kv = kv_near(table, ("项目支出",))
        if total_kv and basic_kv and project_kv:
            ctx.check_sum(
                total_kv.cell,
                [("基本支出", basic_kv.cell), ("项目支出", project_kv.cell)],
                label=f"{total_kv.label} ",
            )
