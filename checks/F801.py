"""F801 latex-residue: LaTeX left in the text by the PDF converter.

Some converters turn symbols into inline math: ``$\\geq 5\\%$`` for ``≥5%``,
``$= 100\\%$`` for ``=100%``.  The value reader understands the common cases,
but the published text is wrong and other tools (and readers) will not.  One
finding per cell, pointing at the first piece of LaTeX; markdown escapes such
as ``048001\\_`` are not LaTeX and are not reported.
"""

import re

from budgetlint.checkutil_cross import lazy_pattern, raw_cells_found
from budgetlint.checkutil_icf import sub_cell
from budgetlint.engine import Check
from budgetlint.values import normalize

#: A line without any of these cannot hold the residue; skip it cheaply (two
#: literals: each is found much faster than the class ``[$\\]``).
_QUICK = (re.compile(r"\$"), re.compile(r"\\"))
_IN_CELL = re.compile(r"[$\\]")  # the cells worth a look on those lines

_LATEX = lazy_pattern(
    r"\$[^$\n]{0,60}?\\[A-Za-z%]+[^$\n]{0,60}?\$"  # inline math with a command
    r"|\$\s*[=<>≥≤+\-]?\s*\d[\d.,\s]*\\?%?\s*\$"  # $= 100\%$, $5$
    r"|\\(?:geq?|leq?|geqslant|leqslant|neq?|times|div|pm|approx|sim|frac|text|mathrm|mathbf|cdot|left|right)\b"
    r"|\\%"
)


class LatexResidue(Check):
    code = "F801"
    name = "latex-residue"
    severity = "warning"
    scope = "document"
    summary = "转换残留的 LaTeX 公式"
    message_zh = "单元格含转换残留的 LaTeX：{latex}（应为“{reading}”）"
    message_en = "LaTeX left by the converter: {latex} (meant: “{reading}”)"
    what = (
        "Reports each cell or paragraph that contains LaTeX left by the PDF converter: inline "
        "math such as `$\\geq 5\\%$` or `$= 100\\%$`, or commands such as `\\geq`, `\\times`, "
        "`\\%`. Markdown escapes (`\\_`, `\\*`) are not reported."
    )
    why = (
        "The published disclosure should read `≥5%`, not `$\\geq 5\\%$`; LaTeX residue shows "
        "the text was converted and not proofread, and tools that read the figures without "
        "budgetlint's normaliser will misread them."
    )
    example_fail = (
        "专项资金绩效目标表\n\n"
        "一级指标\t二级指标\t三级指标\t指标值\n"
        "效益指标\t经济效益指标\t网络零售额增长率\t$\\geq 5\\%$\n"
    )
    example_pass = (
        "专项资金绩效目标表\n\n"
        "一级指标\t二级指标\t三级指标\t指标值\n"
        "效益指标\t经济效益指标\t网络零售额增长率\t≥5%\n"
    )
    references = ("DOMAIN.md §1 converter debris (LaTeX)",)

    def check_document(self, doc, ctx):
        for cell in raw_cells_found(doc, _QUICK, _IN_CELL):
            if "\\" not in cell.text and "$" not in cell.text:
                continue
            m = _LATEX().search(cell.text)
            if m is None:
                continue
            count = len(_LATEX().findall(cell.text))
            at = sub_cell(cell, m.start(), m.end())
            ctx.table = next((t for t in doc.tables if t.line <= cell.line <= t.end_line), None)
            ctx.report(at, row_key=cell.text[:40], latex=m.group(0), reading=normalize(m.group(0)),
                       count=count)
        ctx.table = None
