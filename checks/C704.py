"""C704 toc-mismatch: a table listed in the 目录 is missing from the document.

The 目录 is the document's own list of what it publishes.  Each entry is
matched to one table: first by title (ignoring spaces, punctuation, a leading
year and a leading 部门), then, for entries left over, by kind with a table of
that kind left over — ``项目支出绩效目标表`` in the 目录 and
``专项资金支出方向绩效目标表`` in the body are the same table.  Matching is
one-to-one, so three 目录 entries of kind expense_summary need three tables.
"""

import re
from functools import lru_cache

from budgetlint.engine import Check
from budgetlint.tables import normalize_title


@lru_cache(maxsize=4096)
def _key(title: str) -> str:
    t = normalize_title(title)
    t = re.sub(r"^(?:\d{4}年度?|\d{4})", "", t)
    t = re.sub(r"[\s\"'“”‘’()（）\[\]【】<>《》\-—_·.,，、:：;；]", "", t)
    return t.removeprefix("部门")


class TocMismatch(Check):
    code = "C704"
    name = "toc-mismatch"
    severity = "warning"
    scope = "document"
    summary = "目录列出的表在正文中缺失"
    message_zh = "目录第 {number} 项“{title}”在正文中找不到"
    message_en = "目录 item {number} “{title}” is not in the document"
    what = (
        "Reports each table listed in the document's 目录 that has no table in the body. "
        "Entries are matched by normalised title, then by table kind (one table per entry)."
    )
    why = (
        "The 目录 promises the reader a set of tables; an entry without its table means a "
        "table was dropped when the document was assembled or converted, and the public "
        "does not get what the 目录 announces."
    )
    example_fail = (
        "部门预算公开表目录\n\n"
        "1\t收支总表\n2\t支出总表\n\n"
        "收支总表\n\n金额单位：万元\n\n项目\t预算数\t项目\t预算数\n"
        "收入总计\t353.11\t支出总计\t353.11\n"
    )
    example_pass = (
        "部门预算公开表目录\n\n"
        "1\t收支总表\n2\t支出总表\n\n"
        "收支总表\n\n金额单位：万元\n\n项目\t预算数\t项目\t预算数\n"
        "收入总计\t353.11\t支出总计\t353.11\n\n"
        "支出总表\n\n金额单位：万元\n\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
        "\t合计\t353.11\t175.11\t178.00\n"
    )
    references = ("财预〔2016〕143号 地方预决算公开操作规程", "DOMAIN.md §2 (a 目录 lists the tables)")

    def check_document(self, doc, ctx):
        entries = [e for e in doc.toc if e.kind != "toc"]
        if not entries:
            return
        tables = list(doc.tables)
        keys = [_key(t.title) for t in tables]
        by_key: dict[str, list[int]] = {}  # the first pass looks titles up instead of scanning
        for i, key in enumerate(keys):
            by_key.setdefault(key, []).append(i)
        used: set[int] = set()
        passes = (
            lambda e: by_key.get(_key(e.title), ()),
            lambda e: (i for i, key in enumerate(keys) if _contains(key, _key(e.title))),
            lambda e: (i for i, t in enumerate(tables) if e.kind not in ("unknown", "toc") and t.kind == e.kind),
        )
        left = entries
        for candidates in passes:
            still = []
            for e in left:
                cand = next((i for i in candidates(e) if i not in used), None)
                if cand is None:
                    still.append(e)
                else:
                    used.add(cand)
            left = still
        for e in left:
            ctx.report(e.line, row_key=f"{e.number}/{e.title}", number=e.number or "?", title=e.title, kind=e.kind)

def _contains(table_key: str, entry_key: str) -> bool:
    """A body title that only adds words around the 目录's (``2023年部门收支总体情况表``
    for ``部门收支总表`` does not; ``…支出表（续）`` for ``…支出表`` does)."""
    return bool(entry_key) and len(entry_key) >= 4 and table_key.startswith(entry_key) and len(table_key) - len(entry_key) <= 4
