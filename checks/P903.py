"""P903 encoding: undecodable bytes or replacement characters."""

from budgetlint.engine import Check


class Encoding(Check):
    code = "P903"
    name = "encoding"
    severity = "error"
    scope = "document"
    summary = "无法解码的字节"
    message_zh = "含无法按 {encoding} 解码的字节（{count} 处，显示为 U+FFFD）"
    message_en = "bytes that cannot be decoded as {encoding} ({count} here, shown as U+FFFD)"
    what = "Reports lines that contain undecodable bytes or U+FFFD replacement characters."
    why = (
        "A figure or name with a replaced character cannot be trusted or compared; the "
        "file was damaged or saved in a mixed encoding and should be re-exported."
    )
    example_fail = "收支总表\n\n金额单位：万元\n\n项目\t预算数\n收入总计\t1\ufffd2.00\n"
    example_pass = "收支总表\n\n金额单位：万元\n\n项目\t预算数\n收入总计\t152.00\n"
    references = ("WHATWG Encoding Standard: replacement character",)

    def check_document(self, doc, ctx):
        for problem in doc.problems:
            if problem.code == self.code:
                from budgetlint.model import Cell

                cell = Cell(doc.line_text(problem.line)[problem.column - 1 : problem.column], problem.line,
                            problem.column, problem.end_column or problem.column + 1, 0)
                ctx.report(cell, row_key=str(problem.line), encoding=problem.detail.get("encoding", "?"),
                           count=problem.detail.get("count", 1))
