"""R103 income-equals-expense: 收入总计 = 支出总计; 本年收入合计 = 本年支出合计.

A 收支总表 and a 财政拨款收支总表 balance by construction: the two sides of the
table are the same money seen as sources and as uses.  The grand totals must
always agree; the current-year totals agree too unless money is carried over
(上年结转 on the income side, 年终结转结余 / 结转下年 on the expense side), in
which case that pair is not compared.  Labels are often letter-spaced
(``收 入 总 计``); they are compared normalised.  Two printed copies of one
figure must be identical, so any difference is reported (within the coarser
printed precision only as R107).
"""

from budgetlint.checkutil_recon import check_equal
from budgetlint.engine import Check
from budgetlint.tables import normalize_label

_PAIRS = (
    ("收入总计", ("收入总计",), ("支出总计",), False),
    ("本年收入合计", ("本年收入合计", "本年收入"), ("本年支出合计", "本年支出"), True),
)
_CARRY = ("结转", "结余")  # 上年结转, 年终结转结余, 结转下年, 年初结转和结余, 结余分配 …


class IncomeEqualsExpense(Check):
    code = "R103"
    name = "income-equals-expense"
    severity = "error"
    kinds = ("income_expense_summary", "fiscal_appropriation_summary")
    summary = "收入总计 = 支出总计；本年收入合计 = 本年支出合计（无结转时）"
    message_zh = "{label}：{expense_label} {actual} ≠ {income_label} {expected}，差 {difference}"
    message_en = "{label}: {expense_label} {actual} ≠ {income_label} {expected}, difference {difference}"
    what = (
        "In 收支总表 and 财政拨款收支总表 compares the income side with the expense side: "
        "收入总计 must equal every 支出总计 of the table (or, in 决算 tables, the 总计 of the "
        "expense side that of the income side on the same row), and 本年收入合计 every "
        "本年支出合计 (一、本年收入 / 一、本年支出) unless the table shows a non-zero "
        "carry-over (上年结转, 年终结转结余, 年初结转和结余, 结转下年)."
    )
    why = (
        "Both summary tables are balanced statements: each 元 received is shown once as income "
        "and once as expenditure. Totals that differ mean the two halves of the table were "
        "compiled from different data, so at least one side misstates the budget."
    )
    example_fail = (
        "收支总表\n\n金额单位：万元\n\n"
        "收入\t\t支出\t\n"
        "项目\t预算数\t项目\t预算数\n"
        "一、一般公共预算拨款收入\t353.11\t一般公共服务支出\t352.11\n"
        "收 入 总 计\t353.11\t支 出 总 计\t352.11\n"
    )
    example_pass = (
        "收支总表\n\n金额单位：万元\n\n"
        "收入\t\t支出\t\n"
        "项目\t预算数\t项目\t预算数\n"
        "一、一般公共预算拨款收入\t353.11\t一般公共服务支出\t353.11\n"
        "收 入 总 计\t353.11\t支 出 总 计\t353.11\n"
    )
    references = (
        "财预〔2016〕143号 地方预决算公开操作规程（收支总表、财政拨款收支总表）",
        "DOMAIN.md §3 identities (收入总计 = 支出总计)",
    )

    def check_table(self, table, ctx):
        kvs = table.key_values
        carry = any(any(w in normalize_label(kv.label) for w in _CARRY) and kv.amount.value != 0 for kv in kvs)
        for name, income_labels, expense_labels, needs_no_carry in _PAIRS:
            if needs_no_carry and carry:
                continue
            incomes = [kv for kv in kvs if normalize_label(kv.label) in income_labels]
            expenses = [kv for kv in kvs if normalize_label(kv.label) in expense_labels]
            if not incomes or not expenses:
                continue
            income = incomes[0]
            self._compare(ctx, name, income, expenses)
        # 决算 tables label both sides ``总计``: the first on a row is income.
        rows: dict[int, list] = {}
        for kv in kvs:
            if normalize_label(kv.label) == "总计":
                rows.setdefault(kv.cell.line, []).append(kv)
        for pair in rows.values():
            if len(pair) >= 2:
                self._compare(ctx, "收入总计", pair[0], pair[1:])

    @staticmethod
    def _compare(ctx, name, income, expenses):
        income_label = normalize_label(income.label)
        for expense in expenses:
            expense_label = normalize_label(expense.label)
            if expense_label == income_label:
                income_label, expense_label = f"{income_label}（收入）", f"{expense_label}（支出）"
            check_equal(
                ctx, expense.cell, expense.amount, income.amount, label=name,
                income_label=income_label, expense_label=expense_label,
            )
