"""C701 required-table: a table required for the document type is absent.

A 部门预算 must publish at least the eight tables of 财预〔2016〕143号 (收支总表,
收入总表, 支出总表, 财政拨款收支总表, 一般公共预算支出表, 一般公共预算基本支出表,
"三公"经费支出表, 政府性基金预算支出表) — even when empty; a 部门决算 its nine.
The set is the profile's ``required_tables`` for the document type, so regions
can change it.  The finding points at the 目录 entry when the 目录 lists the
table, otherwise at the document's first line.  An excerpt (one table pasted
on its own, with no 目录 and no 预算公开 heading) is not judged for the tables
it lacks.
"""

import re

from budgetlint.checkutil_icf import kind_title
from budgetlint.engine import Check


class RequiredTable(Check):
    code = "C701"
    name = "required-table"
    severity = "error"
    scope = "document"
    summary = "缺少该类文件必须公开的表"
    message_zh = "{document_type}缺少必须公开的“{table_name}”{where}"
    message_en = "the {document_type} lacks the required table “{table_name}”{where_en}"
    what = (
        "Reports each table kind that the profile requires for the document type (部门预算: "
        "收支总表, 收入总表, 支出总表, 财政拨款收支总表, 一般公共预算支出表, 一般公共预算基本"
        "支出表, 一般公共预算\"三公\"经费支出表, 政府性基金预算支出表; 部门决算: its nine "
        "tables) and that no table of the document has. A lone table with no 目录 and no "
        "预算公开 heading is taken for an excerpt and not judged."
    )
    why = (
        "The public operating rules require the full set of tables, published even when "
        "empty with a note; a missing table hides a whole part of the budget (income, "
        "government funds) from the public and from the cross-table checks."
    )
    example_fail = (
        "2024年部门预算公开表\n\n"
        "收支总表\n\n金额单位：万元\n\n项目\t预算数\t项目\t预算数\n"
        "一般公共预算拨款收入\t353.11\t一般公共服务支出\t353.11\n"
        "收入总计\t353.11\t支出总计\t353.11\n"
    )
    example_pass = (
        "2024年部门预算公开表\n\n"
        "收支总表\n\n金额单位：万元\n\n项目\t预算数\t项目\t预算数\n"
        "收入总计\t353.11\t支出总计\t353.11\n\n"
        "收入总表\n\n金额单位：万元\n\n科目编码\t科目名称\t合计\t一般公共预算\n\t合计\t353.11\t353.11\n\n"
        "支出总表\n\n金额单位：万元\n\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n\t合计\t353.11\t175.11\t178.00\n\n"
        "财政拨款收支总表\n\n金额单位：万元\n\n项目\t预算数\t项目\t预算数\n收入总计\t353.11\t支出总计\t353.11\n\n"
        "一般公共预算支出表\n\n金额单位：万元\n\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n\t合计\t353.11\t175.11\t178.00\n\n"
        "一般公共预算基本支出表\n\n金额单位：万元\n\n科目代码\t科目名称\t合计\t人员经费\t公用经费\n\t合计\t175.11\t156.08\t19.03\n\n"
        "一般公共预算“三公”经费支出表\n\n金额单位：万元\n\n单位名称\t“三公”经费合计\t公务接待费\n合计\t0.15\t0.15\n\n"
        "政府性基金预算支出表\n\n金额单位：万元\n\n科目编码\t科目名称\t合计\n\t合计\t0.00\n\n"
        "注：如本表格为空，则表示本年度未安排此项目。\n"
    )
    references = ("财预〔2016〕143号 地方预决算公开操作规程", "DOMAIN.md §2 tables of a 部门预算")

    def check_document(self, doc, ctx):
        required = ctx.profile.required_tables.get(doc.document_type or "", ())
        if not required or not _whole_disclosure(doc, required):
            return
        present = {t.kind for t in doc.tables}
        for kind in required:
            if kind in present:
                continue
            entry = next((e for e in doc.toc if e.kind == kind), None)
            if entry is not None:
                at, title = entry.line, entry.title
                where, where_en = "（目录第 %s 项列出）" % (entry.number or "?"), f" (listed in the 目录 as item {entry.number or '?'})"
            else:
                at, title = _first_line(doc), kind_title(kind)
                where, where_en = "", ""
            ctx.report(at, row_key=kind, kind=kind, table_name=title, document_type=doc.document_type,
                       where=where, where_en=where_en)


def _whole_disclosure(doc, required) -> bool:
    """A whole disclosure, not an excerpt: it has a 目录, says it is a 预算/决算公开
    outside its tables, or holds at least two of the tables of the set.  One
    table pasted on its own is not judged for the tables it lacks."""
    if doc.toc:
        return True
    spans = [(t.line, t.end_line) for t in doc.tables]
    for n, text in enumerate(doc.lines[:80], 1):
        if any(a <= n <= b for a, b in spans):
            continue
        flat = "".join(text.split())
        if re.search(r"(预算|决算)(信息)?公开|部门(预算|决算)(说明|情况说明)", flat):
            return True
    return len({t.kind for t in doc.tables} & set(required)) >= 2


def _first_line(doc) -> int:
    return next((i + 1 for i, t in enumerate(doc.lines) if t.strip()), 1)
