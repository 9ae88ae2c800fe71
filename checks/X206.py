"""X206 unit-name: a table header names another unit than the document.

Table headers name the unit they belong to (``部门名称：…``, ``单位：048001_…``,
``填报单位：…``, a ``部门名称⇥…`` row).  In a disclosure of one organisation
those must all name it.  The reference is the organisation a document-level
meta line names (``单位名称：…`` on the cover); without one, and only in a
部门预算/部门决算, the name all other table headers agree on (a single table
disagreeing with at least two others).  Files that collect several
departments' tables (seed 000: each 部门整体支出绩效目标表 has its own
部门名称) have no such reference and are not checked.

Spellings of one unit are not reported: with or without code prefix
(``048001_``) or region prefix, and usual abbreviations (科技 for 科学技术).
A unit the narrative names (a member unit of the 部门预算) is not reported.
"""

from budgetlint.checkutil_cross import document_orgs, header_orgs, org_key, same_org
from budgetlint.engine import Check
from budgetlint.layout import compact


class UnitName(Check):
    code = "X206"
    name = "unit-name"
    severity = "warning"
    scope = "document"
    summary = "表头单位名称与文档单位不一致"
    message_zh = "表头单位“{name}”与{source}的“{expected}”不一致"
    message_en = "the table header names “{name}”, but {source} names “{expected}”"
    what = (
        "Compares the unit named in each table header (部门名称/单位名称/填报单位 meta lines, "
        "单位：code_name, a 部门名称 row) with the document's organisation: the one a cover meta "
        "line names, or else (部门预算/部门决算 only) the one all other headers agree on."
    )
    why = (
        "A table headed with another unit's name was copied from another disclosure or belongs to "
        "another unit: its figures cannot be trusted to be this organisation's."
    )
    example_fail = (
        "单位名称：示例区财政局\n\n"
        "收支总表\n\n单位名称：示例区教育局\n\n金额单位：万元\n\n"
        "收入\t\t支出\t\n"
        "项目\t预算数\t项目\t预算数\n"
        "本年收入合计\t10.00\t本年支出合计\t10.00\n"
    )
    example_pass = (
        "单位名称：示例区财政局\n\n"
        "收支总表\n\n单位名称：001001_示例区财政局\n\n金额单位：万元\n\n"
        "收入\t\t支出\t\n"
        "项目\t预算数\t项目\t预算数\n"
        "本年收入合计\t10.00\t本年支出合计\t10.00\n"
    )
    references = ("财预〔2016〕143号 地方预决算公开操作规程", "DOMAIN.md §1 (one organisation per disclosure)")

    def check_document(self, doc, ctx):
        mentions = [m for table in doc.tables for m in header_orgs(doc, table)]
        if not mentions:
            return
        cover = document_orgs(doc)
        if cover:
            expected = cover[0].name
            source = f"文档第{cover[0].cell.line}行“{cover[0].how}”"
        else:
            if doc.document_type not in ("部门预算", "部门决算"):
                return
            groups: list[list] = []
            for m in mentions:
                for g in groups:
                    if same_org(g[0].name, m.name):
                        g.append(m)
                        break
                else:
                    groups.append([m])
            tables = [{id(m.table) for m in g} for g in groups]
            if len(groups) != 2:
                return
            major, minor = (0, 1) if len(tables[0]) >= len(tables[1]) else (1, 0)
            if len(tables[minor]) != 1 or len(tables[major]) < 2:
                return
            ref = groups[major][0]
            expected = ref.name
            source = f"其他 {len(tables[major])} 张表的表头（如第{ref.cell.line}行）"
        narrative = None  # joined only when a header names another unit
        for m in mentions:
            if same_org(m.name, expected):
                continue
            if narrative is None:
                narrative = compact("".join(p.text for p in doc.paragraphs))
            if org_key(m.name) and org_key(m.name) in narrative:
                continue
            ctx.report(m.cell, table=m.table, name=m.name, expected=expected, source=source,
                       table_title=m.table.title if m.table else None, how=m.how)
