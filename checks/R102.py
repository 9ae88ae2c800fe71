"""R102 income-sources: 收入预算合计 = 财政拨款 + 其他经费; 年度资金总额 = 财政拨款 + 上年结转 + 其他资金.

Also 资金总额 = its 按收入性质分 columns (一般公共预算 + 政府性基金拨款 + 财政专户管理资金 +
其他资金) in the 预算情况 block of a 部门整体支出绩效目标表 (seed 002 lines 454-456,
seed 003 lines 730-733).

Performance-target tables open with a key–value block of where the money
comes from (seed 000: ``收入预算合计 422.51`` / ``其中:财政拨款 381.51 其他经费 41``;
``年度资金总额 5,212`` / ``其中：财政拨款`` / ``上年结转`` / ``其他资金``), and
self-evaluation tables have the same rows with one column per stage
(年初预算数 / 全年预算 / 全年执行数, seed 004).  The sources must add up to the
total, or one of the figures that later tables repeat is wrong.
"""

from operator import attrgetter

from budgetlint.checklib import label_text, may_have_label, row_texts
from budgetlint.checkutil_recon import cell_at, check_parts, kv_near, money, parts_of
from budgetlint.engine import Check
from budgetlint.tables import normalize_label

_INCOME_TOTAL = ("收入预算合计", "收入预算总计")
_INCOME_PARTS = (("财政拨款", ("财政拨款", "当年财政拨款")), ("其他经费", ("其他经费", "其他资金", "其他收入")))
_FUNDS_TOTAL = ("年度资金总额",)
_FUNDS_PARTS = (
    ("财政拨款", ("财政拨款", "当年财政拨款")),
    ("上年结转", ("上年结转", "上年结转资金")),
    ("其他资金", ("其他资金",)),
)
_SECTION = attrgetter("section")
_FUNDS_COLUMNS = (("initial_budget", "年初预算数"), ("budget", "全年预算"), ("executed", "全年执行数"))


class IncomeSources(Check):
    code = "R102"
    name = "income-sources"
    severity = "error"
    summary = "收入预算合计 = 财政拨款 + 其他经费；年度资金总额 = 财政拨款 + 上年结转 + 其他资金"
    message_zh = "{label}{actual} ≠ {parts} {expected}（{equation}），差 {difference}"
    message_en = "{label}{actual} ≠ {parts_en} {expected} ({equation}), difference {difference}"
    what = (
        "Checks the sources of a budget against its total: in a key–value block, 收入预算合计 "
        "must equal 其中:财政拨款 + 其他经费 and 年度资金总额 must equal 财政拨款 + 上年结转 + "
        "其他资金; in a self-evaluation funds block the same identity is checked in each column "
        "(年初预算数, 全年预算, 全年执行数); in a 预算情况 block, 资金总额 must equal its "
        "按收入性质分 columns. Blank sources count as zero."
    )
    why = (
        "The total budget of a department or project is defined as the sum of its funding "
        "sources. A total that differs from its sources means a source was mistyped or left "
        "out, and the execution rate and cross-table totals built on it are then wrong too."
    )
    example_fail = (
        "部门整体支出绩效目标表\n\n"
        "部门名称\t示例局\t\t\n"
        "收入预算合计\t422.51\t\t\n"
        "其中:财政拨款\t381.51\t其他经费\t31\n"
    )
    example_pass = (
        "部门整体支出绩效目标表\n\n"
        "部门名称\t示例局\t\t\n"
        "收入预算合计\t422.51\t\t\n"
        "其中:财政拨款\t381.51\t其他经费\t41\n"
    )
    references = (
        "财预〔2016〕143号 地方预决算公开操作规程",
        "财预〔2020〕10号 项目支出绩效评价管理办法（自评表 年度资金总额）",
        "DOMAIN.md §3 identities (收入预算合计, 年度资金总额)",
    )

    def check_table(self, table, ctx):
        sections = set(map(_SECTION, table.rows))
        if sections <= {"indicators"}:
            return  # indicator rows hold targets, not sources of funds
        self._kv_block(table, ctx, _INCOME_TOTAL, _INCOME_PARTS, "财政拨款 + 其他经费", "appropriation + other funds")
        self._by_nature(table, ctx)
        if "funds" not in sections or not self._funds_rows(table, ctx):
            self._kv_block(
                table, ctx, _FUNDS_TOTAL, _FUNDS_PARTS,
                "财政拨款 + 上年结转 + 其他资金", "appropriation + carry-over + other funds",
            )

    def _kv_block(self, table, ctx, total_labels, parts, parts_zh, parts_en):
        if not may_have_label(table, total_labels):
            return  # no total in the text: most tables need no key–value pairs at all
        wanted = {normalize_label(x) for x in total_labels}
        for kv in table.key_values:
            if normalize_label(kv.label) not in wanted:
                continue
            addends = []
            for name, labels in parts:
                found = kv_near(table, labels, after=kv.cell.line, within=len(parts) + 1)
                addends.append((name, found.cell if found else None))
            if addends[0][1] is None:
                continue  # no 财政拨款 line: not a sources block
            check_parts(ctx, kv.cell, addends, label=f"{normalize_label(kv.label)} ",
                        parts=parts_zh, parts_en=parts_en)

    def _by_nature(self, table, ctx):
        """资金总额 = the 按收入性质分 columns (一般公共预算, 政府性基金拨款, 财政专户管理资金,
        其他资金), from the table header or from a 预算情况 block without one."""
        for index, columns in enumerate(table.headers):
            paths = "\t".join([c.path for c in columns])
            if "资金总额" not in paths or "按收入性质分" not in paths:
                continue  # cheap test first: most headers have neither
            total = next((c.index for c in columns if parts_of(c.path)[-1:] == ["资金总额"]), None)
            parts = [c for c in columns if "按收入性质分" in parts_of(c.path)[:-1]]
            if total is None or not parts:
                continue
            names = [(parts_of(c.path)[-1], c.index) for c in parts]
            for row in table.rows:
                if row.header_index == index:
                    self._nature_row(ctx, row, total, names)
        if "资金总额" not in label_text(table):
            return  # one test for the whole table: most have no 预算情况 block (label_text
            # only drops whitespace and brackets, which 资金总额 has none of)
        rows = table.rows
        joined = row_texts(table)
        for i, row in enumerate(rows[:-2]):
            if "资金总额" not in joined[i]:
                continue  # cheap test first: most rows are not a 预算情况 heading
            texts = [normalize_label(c.text) for c in row.cells]
            if "资金总额" not in texts or "按收入性质分" not in texts:
                continue
            total, start = texts.index("资金总额"), texts.index("按收入性质分")
            end = texts.index("按支出性质分") if "按支出性质分" in texts else len(texts)
            labels, amounts = rows[i + 1], rows[i + 2]
            names = [(labels.cells[j].text, j) for j in range(start, min(end, len(labels.cells))) if labels.cells[j].text]
            if names:
                self._nature_row(ctx, amounts, total, names)

    @staticmethod
    def _nature_row(ctx, row, total_index, names):
        total = cell_at(row, total_index)
        if money(total) is None:
            return
        addends = [(name, cell_at(row, j)) for name, j in names]
        check_parts(ctx, total, addends, label="资金总额 ", parts="按收入性质分 " + " + ".join(n for n, _ in names),
                    parts_en="the sources by nature")

    def _funds_rows(self, table, ctx) -> bool:
        """Self-evaluation funds rows, one identity per amount column (the
        caller has seen a row of the funds section)."""
        rows = [r for r in table.rows if r.section == "funds"]
        found = False
        for i, row in enumerate(rows):
            if normalize_label(row.label) not in _FUNDS_TOTAL:
                continue
            found = True
            following = rows[i + 1 : i + 1 + len(_FUNDS_PARTS) + 1]
            part_rows = []
            for name, labels in _FUNDS_PARTS:
                wanted = {normalize_label(x) for x in labels}
                part_rows.append((name, next((r for r in following if normalize_label(r.label) in wanted), None)))
            if part_rows[0][1] is None:
                continue
            for key, column in _FUNDS_COLUMNS:
                total = row.fields.get(key)
                if money(total) is None:
                    continue
                addends = []
                for name, part in part_rows:
                    cell = part.fields.get(key) if part is not None else None
                    addends.append((name, cell if money(cell) is not None else None))
                if addends[0][1] is None:
                    continue
                check_parts(ctx, total, addends, label=f"{column}：年度资金总额 ",
                            parts="财政拨款 + 上年结转 + 其他资金",
                            parts_en="appropriation + carry-over + other funds")
        return found
