"""X202 narrative-number: an amount stated in the 说明 differs from the table it names.

The narrative restates the tables (``2023年本部门基本支出预算数7095.92万元``).
A labelled amount (收入预算, 支出预算/支出合计, 一般公共预算拨款支出, 基本支出,
项目支出, 人员经费, 公用经费, 工资福利支出 …, “三公”经费 and its items) is compared
with every table that prints the same measure for the department; it is
reported when it equals none of them (a figure printed with fewer decimals
equals one that rounds to it).  Statements that are not this year's figure of
the whole department are skipped: changes and prior-year figures (``较上年``,
``2022年``), sub-units' figures (``…中心…基本支出``), actual figures in a budget.

The narrative is also checked against itself: a whole followed by ``其中`` and
its complete breakdown (支出合计 = 基本支出 + 项目支出; 基本支出 = 人员经费 +
公用经费; 基本支出 ≥ 工资福利支出 + 商品和服务支出 + 对个人和家庭的补助).  The
“三公” breakdown is left to S301/S302.
"""

from budgetlint import arithmetic
from budgetlint.checkutil_cross import (
    MEASURE_ZH,
    clusters,
    difference,
    is_current_whole,
    main_group,
    same_amount,
    segments,
    statements,
)
from budgetlint.engine import Check

_SEPARATORS = " \t，,。：:"  # what may stand between a total and its 其中

#: Measures a narrative label may mean (基本支出 in the 一般公共预算 section is
#: the general-budget 基本支出; 收入预算 may include 上年结转, i.e. be the 收入总计).
ALTERNATES = {"basic": ("basic", "general_basic"), "project": ("project", "general_project"),
              "income": ("income", "income_grand"), "total": ("total", "total_grand")}

#: whole → (parts, exhaustive): an exhaustive breakdown must sum to the whole,
#: a partial one must not exceed it.
BREAKDOWNS = {
    "total": ((("basic", "project"), True),),
    "basic": ((("personnel", "public"), True), (("wages", "goods", "family"), False)),
}


class NarrativeNumber(Check):
    code = "X202"
    name = "narrative-number"
    severity = "warning"
    scope = "document"
    summary = "说明中的数字与表格不一致"
    message_zh = "正文“{label}” {value} 与{source}的 {expected} 不一致，差 {difference}"
    message_en = "narrative “{label}” {value} differs from {expected} in {source}: difference {difference}"
    what = (
        "Finds amounts the narrative states with a label (收入预算, 支出预算, 一般公共预算拨款支出, "
        "基本支出, 项目支出, 人员经费, 公用经费, 工资福利支出, “三公”经费 and its items …) and compares "
        "each with the tables that print the same figure for the department; also checks that a "
        "whole followed by 其中 and its complete breakdown adds up."
    )
    why = (
        "Readers quote the narrative, not the tables: a 说明 that states another amount than the "
        "tables misinforms them, and shows that the text was not updated with the final figures."
    )
    example_fail = (
        "四、一般公共预算拨款支出\n\n"
        "（一）基本支出：2023年本部门基本支出预算数7059.92万元，主要是为保障部门正常运转。\n\n"
        "一般公共预算支出表\n\n单位：万元\n\n"
        "科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
        "\t合计\t9266.22\t7095.92\t2170.30\n"
    )
    example_pass = (
        "四、一般公共预算拨款支出\n\n"
        "（一）基本支出：2023年本部门基本支出预算数7095.92万元，主要是为保障部门正常运转。\n\n"
        "一般公共预算支出表\n\n单位：万元\n\n"
        "科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
        "\t合计\t9266.22\t7095.92\t2170.30\n"
    )
    references = ("财预〔2016〕143号 地方预决算公开操作规程 (部门预算说明)", "DOMAIN.md §3 (numbers in the narrative)")

    def check_document(self, doc, ctx):
        group = main_group(doc)
        budget_doc = doc.document_type != "部门决算"
        for seg in segments(doc):
            found = statements(doc, seg)
            if group is not None:
                for st in found:
                    self._against_tables(doc, ctx, group, st, budget_doc)
            self._breakdowns(doc, ctx, seg, found)

    def _against_tables(self, doc, ctx, group, st, budget_doc):
        if st.unit != "万元" or not is_current_whole(st, doc):
            return
        if (st.actual and budget_doc) or (st.budget and not st.actual and not budget_doc):
            return  # an actual figure in a budget, a budget figure in final accounts
        candidates = group.of(*ALTERNATES.get(st.measure, (st.measure,)))
        if not candidates or any(same_amount(st.amount, f.amount) for f in candidates):
            return
        ref = clusters(candidates)[0][0]
        ctx.report(
            st.cell(doc),
            table=ref.table,
            label=st.label,
            value=st.amount.raw,
            measure=MEASURE_ZH.get(st.measure, st.measure),
            source=f"{ref.table.title}第{ref.cell.line}行",
            expected=ref.amount.raw,
            difference=difference(st.amount, ref.amount),
            table_title=ref.table.title,
            table_line=ref.cell.line,
        )

    def _breakdowns(self, doc, ctx, seg, found):
        text = seg.text
        start = text.find("其中")
        while start >= 0:
            # A statement ends right before 其中 when only separators lie between:
            # its end is past the last non-separator before 其中 (no slicing of
            # the text between every statement and every 其中, which is quadratic).
            gap = start
            while gap > 0 and text[gap - 1] in _SEPARATORS:
                gap -= 1
            before = [s for s in found if gap <= s.end <= start]
            _, sentence_end = seg.sentence_bounds(start + 2)
            parts = {}
            for s in found:
                if start < s.start < sentence_end and s.measure not in parts:
                    parts[s.measure] = s
            if before:
                self._check_breakdown(doc, ctx, before[-1], parts)
            start = text.find("其中", start + 2)

    def _check_breakdown(self, doc, ctx, whole, parts):
        for names, exhaustive in BREAKDOWNS.get(whole.measure, ()):
            if not all(n in parts for n in names):
                continue
            used = [parts[n] for n in names]
            if not exhaustive and "capital" in parts:
                used.append(parts["capital"])
            if any(s.unit != whole.unit for s in used):
                continue
            result = arithmetic.compare_sum(whole.amount, [s.amount for s in used])
            if result.status != arithmetic.MISMATCH or (not exhaustive and result.expected <= whole.amount.value):
                continue
            listed = " + ".join(s.amount.raw for s in used)
            ctx.report(
                whole.cell(doc),
                label=whole.label,
                value=whole.amount.raw,
                measure=MEASURE_ZH.get(whole.measure, whole.measure),
                source=f"正文“其中”所列{'、'.join(s.label for s in used)}之和（{listed}）",
                expected=result.expected,
                difference=result.difference,
            )
            return
