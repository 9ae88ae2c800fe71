"""Table headers: recognising header rows, flattening them, naming the columns.

A header spanning two or three rows is flattened into one path per column
(``基本支出/人员经费/工资福利支出``): a non-empty header cell spans to the right
over empty cells, but never past the span of its parent in the row above.
Each path is then mapped to a semantic field (``total``, ``basic`` …) that the
checks use instead of the printed wording, which varies between regions.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .model import Cell, Column

# Words that make a cell look like a column heading.  A row is a header only
# when every non-empty cell looks like one and none holds a number.
_HEADER_WORDS = (
    "合计", "总计", "小计", "支出", "收入", "经费", "指标", "预算", "决算", "科目", "编码",
    "代码", "名称", "分值", "得分", "执行", "金额", "资金", "费", "补助", "标准", "备注",
    "目标", "说明", "解释", "类型", "内容", "原因", "措施", "项目", "单位", "人员类",
    "预算数", "完成值", "指标值", "缴费", "公积金", "工资", "津贴", "奖金", "年金",
    "结转", "结余", "拨款", "基金", "性质分", "编制方式", "额度", "收入性质", "用途",
    "购置", "运行", "债券", "贷款", "赠款", "接待", "出国",
)
_SINGLE = {"类", "款", "项", "收入", "支出", "项目", "金额", "**"}
_FILLER = re.compile(r"^(?:\*\*|\d{1,2}|[-—]+)$")
_HAS_DIGIT_AMOUNT = re.compile(r"\d[\d,]*\.\d|\d{2,}")

# Strong markers of a header that starts a new section inside a table.
SECTION_MARKERS = {
    "indicators": ("一级指标", "二级指标", "三级指标", "指标名称"),
    "funds": ("全年预算", "全年执行数", "执行率", "年初预算数"),
}


def _flat(text: str) -> str:
    return "".join(text.split())


@lru_cache(maxsize=8192)
def is_header_text(text: str) -> bool:
    flat = _flat(text)
    if not flat:
        return True
    if flat in _SINGLE or flat == "**":
        return True
    if len(flat) > 40 or _HAS_DIGIT_AMOUNT.search(flat):
        return False
    return flat.startswith("其中") or any(word in flat for word in _HEADER_WORDS)


@lru_cache(maxsize=4096)
def is_filler_row(row: tuple[str, ...]) -> bool:
    """A column-number row (``**  **  1  2  3`` or ``栏次  1  2  3``) printed
    under some headers, given as its cell texts; memoised, as header rows (and
    so their filler rows) repeat across tables and documents."""
    texts = [t for t in row if t and ("次" not in t or _flat(t) not in ("栏次", "行次"))]
    return bool(texts) and "**" in texts and all(_FILLER.match(_flat(t)) for t in texts) or (
        len(texts) >= 3 and all(t.isdigit() and len(t) <= 2 for t in texts) and _consecutive(texts)
    )


def _consecutive(texts: list[str]) -> bool:
    nums = [int(t) for t in texts]
    return all(b == a + 1 for a, b in zip(nums, nums[1:]))


@lru_cache(maxsize=4096)
def is_header_row(row: tuple[str, ...]) -> bool:
    """A row, given as its cell texts, whose every text looks like a column
    heading; memoised, as header rows repeat across tables and documents."""
    texts = [t for t in row if t]
    if len(texts) < 1:
        return False
    if is_filler_row(row):
        return True
    return all(is_header_text(t) for t in texts) and any(_flat(t) not in {"**"} for t in texts)


_ANY_MARKER = re.compile(
    "|".join(re.escape(m) for markers in SECTION_MARKERS.values() for m in markers) + "|指\\s+标|预\\s+算|执\\s+行"
)


#: Every marker holds one of these characters: a line without any of them
#: (most rows) needs no regex search.
MARKER_CHARS = ("指", "预", "执")

#: A match when a line may hold a section marker (any marker, also letter-
#: spaced): section_of is None for a row whose line has none, so callers ask
#: this first (after MARKER_CHARS) and skip the call on most lines.
may_hold_marker = _ANY_MARKER.search


def section_of(cells: list[Cell]) -> str | None:
    """The section a strong header row starts (``indicators``/``funds``), if any."""
    marked = [_sections_in(c.text) for c in cells if c.text]
    for section in SECTION_MARKERS:
        if sum(section in m for m in marked) >= 2:
            return section
    return None


@lru_cache(maxsize=8192)
def _sections_in(text: str) -> frozenset[str]:
    """The sections whose markers a header cell contains (memoised: header
    texts repeat across a document's tables)."""
    flat = _flat(text)
    return frozenset(s for s, markers in SECTION_MARKERS.items() if any(m in flat for m in markers))


def flatten(header_rows: tuple[tuple[str, ...], ...]) -> list[str]:
    """Flatten header rows (their cell texts) into one ``/``-joined path per column."""
    rows = [r for r in header_rows if not is_filler_row(r)]
    if not rows:
        return []
    width = max(len(r) for r in rows)
    paths: list[list[str]] = [[] for _ in range(width)]
    parent_spans: list[tuple[int, int]] = [(0, width)]
    for r_index, row in enumerate(rows):
        texts = [row[i] if i < len(row) else "" for i in range(width)]
        spans: list[tuple[int, int]] = []
        for lo, hi in parent_spans:
            starts = [i for i in range(lo, hi) if texts[i]]
            for k, start in enumerate(starts):
                end = starts[k + 1] if k + 1 < len(starts) else hi
                if r_index > 0 and k == 0 and start > lo:
                    spans.append((lo, start))
                spans.append((start, end))
                label = _flat(texts[start]).replace("/", "／")
                for col in range(start, end):
                    paths[col].append(label)
            if not starts:
                spans.append((lo, hi))
        parent_spans = spans
    return ["/".join(p) for p in paths]


# (pattern on the last path component, field).  First match wins.
_LEAF_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^类$"), "class"),
    (re.compile(r"^款$"), "section"),
    (re.compile(r"^项$"), "item"),
    (re.compile(r"经济科目编码|经济分类科目编码"), "economic_code"),
    (re.compile(r"科目编码|科目代码|功能科目编码"), "code"),
    (re.compile(r"^单位(编码|代码)$"), "unit_code"),
    (re.compile(r"一级指标"), "level1"),
    (re.compile(r"二级指标"), "level2"),
    (re.compile(r"三级指标|指标名称"), "level3"),
    (re.compile(r"指标值内容"), "value_content"),
    (re.compile(r"指标值类型"), "value_type"),
    (re.compile(r"度量单位|计量单位"), "unit"),
    (re.compile(r"^(指标值|目标值|年度指标值)$"), "value"),
    (re.compile(r"指标解释"), "explanation"),
    (re.compile(r"评[（(]扣[)）]分标准|评分标准"), "scoring"),
    (re.compile(r"实际完成值|实际完成"), "actual"),
    (re.compile(r"偏差原因"), "reason"),
    (re.compile(r"^分值$"), "weight"),
    (re.compile(r"^得分$"), "score"),
    (re.compile(r"执行率"), "execution_rate"),
    (re.compile(r"全年执行数|执行数"), "executed"),
    (re.compile(r"全年预算|调整后预算"), "budget"),
    (re.compile(r"年初预算"), "initial_budget"),
    (re.compile(r"事业单位经营支出"), "operating"),
    (re.compile(r"上缴上级支出"), "remit"),
    (re.compile(r"对附属单位补助支出"), "subsidiary"),
    (re.compile(r"三公.*合计"), "total"),
    (re.compile(r"因公出国"), "abroad"),
    (re.compile(r"公务用车购置及运行"), "vehicle"),
    (re.compile(r"公务用车购置"), "vehicle_purchase"),
    (re.compile(r"公务用车运行"), "vehicle_operation"),
    (re.compile(r"公务接待"), "reception"),
    (re.compile(r"^基本支出$"), "basic"),
    (re.compile(r"^项目支出$"), "project"),
    (re.compile(r"^(人员经费|人员类)$"), "personnel"),
    (re.compile(r"^公用经费$"), "public"),
    (re.compile(r"^资金总额$"), "funds"),
    (re.compile(r"^(绩效目标|年度绩效目标|整体绩效目标)$"), "goal"),
    (re.compile(r"^(科目名称|功能科目|经济科目名称|单位[（(]项目[)）]名称|单位名称[（(].*[)）]|单位名称|项目名称)$"), "name"),
    (re.compile(r"^(合计|总计|本年支出合计|本年收入合计|支出合计|收入合计)$"), "total"),
]


@lru_cache(maxsize=4096)
def field_of(path: str) -> str | None:
    """The semantic field of a flattened header path (None when it has none)."""
    parts = [p for p in path.split("/") if p and p != "**"]
    if not parts:
        return None
    leaf = parts[-1]
    if leaf in {"小计", "合计"} and len(parts) > 1:
        parent = field_of("/".join(parts[:-1]))
        if parent in {"basic", "vehicle", "total", "personnel", "public"}:
            return parent
        if "三公" in parts[-2] or "基本支出" in parts[-2]:
            return "total"
        if leaf == "小计" and "本年" in parts[-2]:
            return "total"  # refined by its siblings in columns()
    if leaf in {"金额"} and len(parts) > 1:
        return field_of("/".join(parts[:-1]))
    for pattern, field in _LEAF_RULES:
        if pattern.search(leaf):
            return field
    if len(parts) > 1 and leaf.startswith("其中"):
        return field_of(leaf[2:].lstrip("：:"))
    return None


@lru_cache(maxsize=2048)
def columns(header_rows: tuple[tuple[str, ...], ...]) -> tuple[Column, ...]:
    """The columns of a header given as its rows' cell texts; memoised
    (templates repeat)."""
    return tuple(_build_columns(header_rows))


def _build_columns(header_rows: tuple[tuple[str, ...], ...]) -> list[Column]:
    paths = flatten(header_rows)
    fields = [field_of(p) if p else None for p in paths]
    for i, path in enumerate(paths):
        parts = path.split("/")
        if len(parts) >= 2 and parts[-1] == "小计" and "本年" in parts[-2]:
            # 本年支出 (小计 基本支出 项目支出): the subtotal is the total;
            # 本年…支出 (小计 人员经费 公用经费) beside 项目支出: it is the basic part.
            group = "/".join(parts[:-1]) + "/"
            siblings = {fields[j] for j, p in enumerate(paths) if p.startswith(group) and j != i}
            if "project" not in siblings and siblings & {"personnel", "public"} or any(
                "人员经费" in p or "公用经费" in p for p in paths if p.startswith(group)
            ):
                fields[i] = "basic"
    return [Column(i, p, f) for i, (p, f) in enumerate(zip(paths, fields))]
