"""P999 internal-error: a check raised; the others still ran."""

from budgetlint.engine import Check


class InternalError(Check):
    code = "P999"
    name = "internal-error"
    severity = "error"
    scope = "document"
    summary = "检查项内部错误"
    message_zh = "检查项 {check}（{check_name}）运行出错：{error}；其他检查照常完成"
    message_en = "check {check} ({check_name}) failed: {error}; the other checks still ran"
    what = (
        "Reported by the engine when a check raises an exception: the failing check is "
        "named, its findings are dropped, every other check still runs, and the run exits 2."
    )
    why = (
        "A linter must not hide a crash behind a green result, nor let one broken plugin "
        "stop the rest; the finding tells the user which check to report or disable."
    )
    example_fail = ""
    example_pass = "收支总表\n\n金额单位：万元\n\n项目\t预算数\n收入总计\t152.00\n支出总计\t152.00\n"
    references = ("flake8: plugin exceptions are reported, not fatal",)

    def check_document(self, doc, ctx):
        # Produced by the engine (engine.run_checks), never by this method.
        return None
