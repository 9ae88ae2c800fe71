"""F802 html-residue: HTML tags or entities left in the text by the converter.

PDF-to-text converters sometimes wrap paragraphs in ``<p>…</p>`` or leave
``<br>`` and ``&nbsp;``.  They are not part of the published document.  One
finding per cell or paragraph, at the first tag, with the number of tags; a
``<`` that starts a comparison (``<5%``) is not a tag.
"""

import re

from budgetlint.checkutil_cross import lazy_pattern, raw_cells_found
from budgetlint.checkutil_icf import sub_cell
from budgetlint.engine import Check

#: A line without any of these cannot hold the residue; skip it cheaply.
_QUICK = re.compile(r"<")
_IN_CELL = re.compile(r"[<&]")  # the cells worth a look on those lines: a tag or an entity

_TAG = lazy_pattern(
    r"</?(?:p|br|div|span|table|thead|tbody|tr|td|th|b|i|u|em|strong|sup|sub|font|a|img|li|ul|ol|h[1-6]|hr|center)"
    r"(?:\s[^<>]{0,200})?/?>|&(?:nbsp|lt|gt|amp|quot|emsp|ensp);|&#\d{2,5};",
    re.IGNORECASE,
)


class HtmlResidue(Check):
    code = "F802"
    name = "html-residue"
    severity = "warning"
    scope = "document"
    summary = "转换残留的 HTML 标签"
    message_zh = "含转换残留的 HTML 标签 {tag}（共 {count} 处）"
    message_en = "HTML left by the converter: {tag} ({count} in this cell)"
    what = (
        "Reports each cell or paragraph that contains HTML tags or entities left by the PDF "
        "converter (`<p>`, `</p>`, `<br>`, `&nbsp;` …). A `<` that starts a comparison is "
        "not a tag."
    )
    why = (
        "Markup is not part of the published text; it shows the document was converted and "
        "not proofread, and it breaks the reading of the cells it sits in (a goal that "
        "starts with `<p>`, a number followed by `&nbsp;`)."
    )
    example_fail = (
        "部门整体支出绩效目标表\n\n"
        "部门名称\t东湖区商务局\t\t\n"
        "年度总体目标\t<p>(一)社会消费品零售总额有所提升。</p>\t\t\n"
    )
    example_pass = (
        "部门整体支出绩效目标表\n\n"
        "部门名称\t东湖区商务局\t\t\n"
        "年度总体目标\t(一)社会消费品零售总额有所提升，事故率<5%。\t\t\n"
    )
    references = ("DOMAIN.md §1 converter debris (HTML)",)

    def check_document(self, doc, ctx):
        for cell in raw_cells_found(doc, (_QUICK,), _IN_CELL):
            if "<" not in cell.text and "&" not in cell.text:
                continue
            tags = list(_TAG().finditer(cell.text))
            if not tags:
                continue
            first = tags[0]
            ctx.table = next((t for t in doc.tables if t.line <= cell.line <= t.end_line), None)
            ctx.report(sub_cell(cell, first.start(), first.end()), row_key=cell.text[:40],
                       tag=first.group(0), count=len(tags), tags=sorted({m.group(0).lower() for m in tags}))
        ctx.table = None
