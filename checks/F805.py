"""F805 template-residue: placeholders of the disclosure template left in the text.

Disclosure templates come with blanks to fill: ``XX万元``, ``增加（减少）XX%``,
``主要原因是……``.  When the author forgets one, the published text says
nothing (or says both directions at once).  Reported per cell or paragraph:
``XX``/``××`` placeholders (two or more, not inside a Latin word), paired
alternatives such as ``增加（减少）`` and ``上升（下降）``, and ``主要原因是`` /
``原因是`` followed by nothing.
"""

import re

from budgetlint.checkutil_cross import lazy_pattern, raw_cells_found
from budgetlint.checkutil_icf import sub_cell
from budgetlint.engine import Check

#: A line without any of these cannot hold the residue; skip it cheaply.  It is
#: ``[XxＸｘ×]{2}|[XＸ](?=年|月|…)|原因|(?:增加|减少|…)\s*[（(/／]`` written as
#: one leading character class and then, by the character it matched, what
#: must follow: the regex engine skips to that class at C speed, while a
#: pattern that starts with an alternation is tried at every position (ten
#: times slower over a document).
_QUICK = re.compile(
    r"[XxＸｘ×原增减上下提降]"
    r"(?:(?<=[XxＸｘ×])[XxＸｘ×]"  # XX
    r"|(?<=[XＸ])(?=年|月|日|万元|元|%|个|家|人|次)"  # X年, X万元
    r"|(?<=原)因"
    r"|(?:(?<=增)[加长]|(?<=减)少|(?<=上)升|(?<=下)降|(?<=提)高|(?<=降)低)\s*[（(/／])"  # 增加（减少）
)

_PATTERNS = (
    ("placeholder", lazy_pattern(r"(?<![A-Za-z])(?:[XxＸｘ×]{2,}|[XＸ](?=年|月|日|万元|元|%|个|家|人|次))(?![A-Za-z])")),
    ("alternative", lazy_pattern(
        r"(增加|减少|上升|下降|增长|提高|降低)\s*[（(/／]\s*(增加|减少|上升|下降|增长|提高|降低)\s*[)）]?"
    )),
    ("no-reason", lazy_pattern(r"(?:主要)?原因(?:是|为|系)\s*[：:，,]?\s*(?:[。；;…]+|……|$)")),
)
_OPPOSITE = {"增加": "减少", "减少": "增加", "上升": "下降", "下降": "上升", "增长": "下降", "提高": "降低", "降低": "提高"}


class TemplateResidue(Check):
    code = "F805"
    name = "template-residue"
    severity = "warning"
    scope = "document"
    summary = "模板占位符未填写"
    message_zh = "模板占位符未填写：{residue}（{kind_zh}）"
    message_en = "template placeholder left in: {residue} ({kind_en})"
    what = (
        "Reports cells and paragraphs that still hold a placeholder of the disclosure template: "
        "`XX`/`××` (`XX万元`, `20XX年`), paired alternatives such as `增加（减少）` or "
        "`上升（下降）`, and `主要原因是` followed by nothing."
    )
    why = (
        "A placeholder means a figure or an explanation was never filled in: the published "
        "text states nothing, or both directions at once, and the narrative checks (X202, "
        "X203) have nothing to compare."
    )
    example_fail = (
        "（一）机关运行经费\n\n"
        "2023 年本部门机关运行经费 215.94 万元，比上年增加（减少）XX万元，主要原因是。\n"
    )
    example_pass = (
        "（一）机关运行经费\n\n"
        "2023 年本部门机关运行经费 215.94 万元，比上年减少 4.68 万元，主要原因是办公费用减少。\n"
    )
    references = ("财预〔2016〕143号 部门预算公开说明模板", "DOMAIN.md §1 converter debris")

    def check_document(self, doc, ctx):
        names = {"placeholder": ("占位符", "placeholder"), "alternative": ("未选定增减方向", "both directions"),
                 "no-reason": ("原因未填写", "reason left empty")}
        for cell in raw_cells_found(doc, (_QUICK,), _QUICK):
            if not _QUICK.search(cell.text):
                continue  # every pattern implies _QUICK: only the cell it found something in can match
            for kind, pattern in _PATTERNS:
                for m in pattern().finditer(cell.text):
                    if kind == "alternative" and _OPPOSITE.get(m.group(1)) != m.group(2):
                        continue
                    zh, en = names[kind]
                    ctx.table = next((t for t in doc.tables if t.line <= cell.line <= t.end_line), None)
                    ctx.report(sub_cell(cell, m.start(), m.end()), row_key=f"{kind}:{cell.text[:40]}",
                               residue=m.group(0).strip() or m.group(0), kind=kind, kind_zh=zh, kind_en=en)
                    break
        ctx.table = None
