"""P902 shifted-row: a row re-aligned to its table's header."""

from budgetlint.engine import Check


class ShiftedRow(Check):
    code = "P902"
    name = "shifted-row"
    severity = "warning"
    summary = "单元格错位的行已重新对齐"
    message_zh = "此行单元格与表头不对齐（合并或错位），已按内容重新对齐，请核对"
    message_en = "the cells of this row do not fit the header (merged or shifted cells); re-aligned by content, please verify"
    what = (
        "Reports rows whose cells do not sit under the header columns they belong to "
        "(shifted or merged by the PDF converter) and that the parser re-aligned by content."
    )
    why = (
        "A re-aligned row is read by inference, not by position; an auditor should confirm "
        "that the value read is the one printed in the source document."
    )
    example_fail = (
        "项目支出绩效目标表\n\n"
        "一级指标\t二级指标\t三级指标\t指标值\n"
        "产出指标\t数量指标\t培训次数\t≥4次\n"
        "培训覆盖率\t\t100%\t\n"
    )
    example_pass = (
        "项目支出绩效目标表\n\n"
        "一级指标\t二级指标\t三级指标\t指标值\n"
        "产出指标\t数量指标\t培训次数\t≥4次\n"
        "\t质量指标\t培训覆盖率\t100%\n"
    )
    references = ("DOMAIN.md §1 converter debris",)

    def check_table(self, table, ctx):
        for row in table.rows:
            if row.shifted:
                ctx.report(row, row_key=f"{row.label or ''}|" + "|".join([c.text for c in row.cells if c.text])[:60])
