"""C702 empty-table-note: an empty table without a note saying why.

财预〔2016〕143号 asks for every table to be published even when empty, with a
note that explains the emptiness (``注：如本表格为空，则表示本年度未安排此项目。``).
The note may sit under the table, or once for the whole document (``空表表示本
部门无相关收支情况`` after the 目录), or be the narrative saying the unit has no
such spending (``2023 年本部门无政府性基金安排的支出。``).  Indicator tables
are not judged: an indicator table without indicators is a parse matter.
"""

import re

from budgetlint.checklib import INDICATOR_KINDS
from budgetlint.checkutil_cross import lazy_pattern
from budgetlint.checkutil_icf import kind_title, lines_outside_tables
from budgetlint.engine import Check

#: A note that explains empty tables in general.
_GENERAL = lazy_pattern(
    r"空表|表格?为空|无数字|无数据|(本|此|该)表.{0,8}(无|没有)|无(该|此|相关)项?.{0,6}(收支|支出|收入|情况|项目|数据)"
    r"|未安排|(没有|无).{0,12}(支出|收入|收支|安排|资金)"
)
#: A document-level note about empty tables (stricter: the narrative is long).
_DOC_NOTE = lazy_pattern(r"空表|表格?为空|表.{0,8}(无|没有)(数字|数据|数)|(如|若)本?表.{0,10}(空|无)")
#: Words that name what a table is about, for the narrative "无…支出".
_TOPIC = {
    "government_fund_expense": "政府性基金",
    "state_capital_expense": "国有资本经营",
    "special_account_expense": "财政专户",
    "sangong": "三公",
}


class EmptyTableNote(Check):
    code = "C702"
    name = "empty-table-note"
    severity = "warning"
    scope = "document"
    summary = "空表没有说明"
    message_zh = "“{title}”是空表，但表下和全文都没有说明为何为空"
    message_en = "“{title}” is empty and neither the table nor the document says why"
    what = (
        "Reports a table with no non-zero amount (an empty table) that has no explanation: "
        "no note under the table, no document-level note such as `空表表示本部门无相关收支"
        "情况`, and no sentence in the narrative saying the unit has no such spending."
    )
    why = (
        "An empty table is required to be published with a note; without it a reader "
        "cannot tell whether the unit has no such income or spending, or whether the "
        "figures were left out by mistake."
    )
    example_fail = (
        "政府性基金预算支出表\n\n金额单位：万元\n\n"
        "科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
        "\t合计\t0.00\t\t\n"
    )
    example_pass = (
        "政府性基金预算支出表\n\n金额单位：万元\n\n"
        "科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
        "\t合计\t0.00\t\t\n\n"
        "注：如本表格为空，则表示本年度未安排此项目。\n"
    )
    references = ("财预〔2016〕143号 地方预决算公开操作规程（空表也要公开并说明）", "DOMAIN.md §2 tables")

    def check_document(self, doc, ctx):
        outside = None  # the text outside the tables, read only when an empty table lacks its note
        for table in doc.tables:
            if table.kind in INDICATOR_KINDS or table.kind in ("toc", "unknown") or not table.is_empty:
                continue
            if any(_GENERAL().search(n.text) for n in table.notes):
                continue
            if outside is None:
                outside = [doc.line_text(n) for n in lines_outside_tables(doc)]
                outside += [n.text for n in doc.notes] + [p.text for p in doc.paragraphs]
                # one search over the joined texts: _DOC_NOTE cannot match across a line break
                general = _DOC_NOTE().search("\n".join(outside)) is not None
            if general:
                continue
            topic = _TOPIC.get(table.kind)
            if topic and any(topic in t and re.search(r"(无|没有|未)", t) for t in outside):
                continue
            ctx.table = table
            ctx.report(table.title_line or table.line, row_key=table.title, title=table.title,
                       kind=table.kind, kind_name=kind_title(table.kind))
        ctx.table = None
