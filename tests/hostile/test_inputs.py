"""Hostile and broken inputs: each gets a defined outcome, never a traceback."""

from __future__ import annotations

import json
import os
import time

import pytest
from click.testing import CliRunner

from budgetlint.cli import main
from budgetlint.document import parse_path
from budgetlint.lint import parse_bytes
from conftest import seed_path

TABLE = "支出总表\n\n金额单位：万元\n\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n201\t一般公共服务支出\t422.51\t373.85\t48.93\n"


def _digest(paths):
    import hashlib

    return {str(p): hashlib.sha256(open(p, "rb").read()).hexdigest() for p in paths if os.path.isfile(p) and os.access(p, os.R_OK)}


def run(args, input=None):
    """Run ``check`` and verify the files it read are byte-for-byte unchanged."""
    before = _digest(args)
    result = CliRunner().invoke(main, ["check", "--isolated", "--no-progress", *args], input=input)
    assert _digest(args) == before, "budgetlint modified its input"
    return result


def write(tmp_path, name, data: bytes):
    p = tmp_path / name
    p.write_bytes(data)
    return p


def assert_clean_exit(result, codes=(0, 1)):
    assert result.exit_code in codes, (result.exit_code, result.output)
    assert "Traceback" not in result.output
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), repr(result.exception)


def test_empty_file(tmp_path):
    p = write(tmp_path, "empty.txt", b"")
    result = run([str(p), "--format", "json"])
    assert_clean_exit(result, (0,))
    assert json.loads(result.stdout)["files"][0]["tables"] == []


@pytest.mark.parametrize(
    "name,data",
    [
        ("doc.pdf.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"),
        ("sheet.xlsx.txt", b"PK\x03\x04\x14\x00\x06\x00\x08\x00" + bytes(range(256))),
        ("image.png.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)),
        ("nul.txt", b"\x00" * 100 + b"abc" + b"\x00" * 100),
    ],
)
def test_binary_files(tmp_path, name, data):
    result = run([str(write(tmp_path, name, data))])
    assert result.exit_code == 2
    assert "not a text disclosure" in result.stderr
    assert "Traceback" not in result.output


def test_directory_without_lintable_files(tmp_path):
    (tmp_path / "a.pdf").write_bytes(b"%PDF")
    result = run([str(tmp_path)])
    assert result.exit_code == 2 and "no lintable files" in result.stderr


def test_missing_path(tmp_path):
    result = run([str(tmp_path / "missing.txt")])
    assert result.exit_code == 2 and "no such file or directory" in result.stderr


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read anything")
def test_unreadable_file(tmp_path):
    p = write(tmp_path, "secret.txt", TABLE.encode())
    p.chmod(0)
    result = run([str(p)])
    assert result.exit_code == 2 and "permission denied" in result.stderr


@pytest.mark.parametrize(
    "encoding,bom",
    [("gbk", b""), ("gb18030", b""), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
     ("utf-16-le", b""), ("utf-8", b"\xef\xbb\xbf")],
)
def test_encodings_give_the_same_findings(tmp_path, encoding, bom):
    p = write(tmp_path, "enc.txt", bom + TABLE.encode(encoding))
    doc = parse_path(str(p))
    assert doc.tables and doc.tables[0].rows[0].amount("total").value == parse_bytes(TABLE.encode(), "x").tables[0].rows[0].amount("total").value
    result = run([str(p), "--format", "concise"])
    assert result.exit_code == 1 and ":6:" in result.output and "R101" in result.output


def test_gbk_copy_of_a_seed_matches_utf8(tmp_path):
    src = seed_path("002")
    text = src.read_text(encoding="utf-8")
    gbk = write(tmp_path, src.name, text.encode("gb18030"))
    utf8 = run([str(src), "--format", "json"])
    other = run([str(gbk), "--format", "json"])
    key = lambda out: [(f["line"], f["column"], f["code"], f["message"]) for f in json.loads(out)["findings"]]
    assert key(utf8.stdout) == key(other.stdout)
    assert json.loads(other.stdout)["files"][0]["encoding"] == "gb18030"


def test_invalid_utf8_is_reported_not_fatal(tmp_path):
    data = TABLE.encode("utf-8").replace("一般".encode(), b"\xff\xfe\xfa")
    # Bytes that are neither UTF-8 nor GB18030-clean end up as replacement characters.
    p = write(tmp_path, "bad.txt", data + b"\n\x80\x80\x80\xff\n")
    result = run([str(p), "--format", "concise"])
    assert_clean_exit(result)


def test_mixed_newlines(tmp_path):
    lines = TABLE.split("\n")
    seps = ["\r\n", "\r", "\n", "\r\n", "\r", "\n", "\n"]
    text = "".join(line + sep for line, sep in zip(lines, seps))
    p = write(tmp_path, "nl.txt", text.encode())
    doc = parse_path(str(p))
    assert doc.tables[0].rows[0].line == 6
    assert ":6:" in run([str(p), "--format", "concise"]).output


def _timed(data: bytes) -> float:
    """CPU time of one parse (less sensitive than wall time to other processes)."""
    start = time.process_time()
    parse_bytes(data, "big.txt")
    return time.process_time() - start


def test_ten_megabyte_single_line(tmp_path):
    line = ("合计" + "很长的说明文字" * 5 + "。") * (10 * 1024 * 1024 // 150)
    assert _timed(line.encode()) < 20


def test_row_of_100000_tabs():
    assert _timed(("收支总表\n\n" + "\t" * 100_000 + "\n").encode()) < 10


def test_thousand_tables_with_the_same_title():
    block = "收支总表\n\n单位：万元\n\n项目\t预算数\n收入总计\t{n}.00\n支出总计\t{n}.00\n\n"
    data = "".join(block.format(n=i) for i in range(1000)).encode()
    start = time.perf_counter()
    doc = parse_bytes(data, "many.txt")
    assert time.perf_counter() - start < 10
    # The same title and header again is a continuation page: one table, 999 more pages.
    assert len(doc.tables) == 1 and len(doc.tables[0].pages) == 999 and len(doc.tables[0].rows) == 2000
    distinct = "".join(block.format(n=i).replace("收支总表", f"收支总表{i}") for i in range(1000)).encode()
    assert len(parse_bytes(distinct, "many.txt").tables) == 1000


def test_repeated_page_headers():
    head = "2023年部门支出总体情况表\n\n部门名称：示例局\n\n单位：万元\n\n科目编码\t\t\t功能科目\t总 计\t基本支出\t项目支出\n类\t款\t项\t\t\t\t\n"
    data = (head + "215\t\t\t资源勘探工业信息等支出\t1.00\t1.00\t\n") + head * 300
    doc = parse_bytes(data.encode(), "pages.txt")
    assert len(doc.tables) == 1 and len(doc.tables[0].pages) == 300
    assert len(doc.tables[0].rows) == 1


def test_table_with_only_a_header_and_indicator_table_with_only_level1():
    data = ("支出总表\n\n单位：万元\n\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n\n"
            "项目支出绩效目标表\n\n一级指标\t二级指标\t三级指标\t指标值\n产出指标\t\t\t\n效益指标\t\t\t\n").encode()
    doc = parse_bytes(data, "x.txt")
    assert [t.kind for t in doc.tables] == ["expense_summary", "project_performance_targets"]
    assert doc.tables[1].indicators == []
    assert_clean_exit(CliRunner().invoke(main, ["check", "--isolated", "-"], input=data))


@pytest.mark.parametrize("number", ["1e308", "9" * 400, "－０．５", "1,2,3", "2023年13月45日", "-0", "0.000000001", "∞", "NaN"])
def test_strange_numbers(number):
    data = TABLE.replace("422.51", number).replace("≥", "").encode()
    result = CliRunner().invoke(main, ["check", "--isolated", "-", "--format", "json"], input=data)
    assert_clean_exit(result)
    ind = ("项目支出绩效目标表\n\n一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t完成数量\t" + number + "\n").encode()
    assert_clean_exit(CliRunner().invoke(main, ["check", "--isolated", "-"], input=ind))


def test_parse_time_is_linear():
    """10× the input costs at most 15× the time (no quadratic merging or backtracking)."""
    seed = seed_path("003").read_bytes()
    small = seed * 4
    large = seed * 40
    parse_bytes(small, "warm.txt")  # build grammars and fill caches first
    t_small = min(_timed(small) for _ in range(5))
    t_large = min(_timed(large) for _ in range(3))
    assert t_large <= 15 * t_small, (t_small, t_large)


@pytest.mark.parametrize(
    "line",
    [
        "≥" * 50_000,
        "1" + ",1" * 30_000,
        "年" * 50_000,
        "$\\geq" * 20_000,
        "<p" * 30_000,
        "（" * 30_000 + "）" * 30_000,
        "XX" * 30_000,
        "原因是" * 20_000,
        "-" * 100_000 + "a",
        "|" * 50_000,
        "#" * 50_000 + "表",
        "2023年12月" * 10_000,
        "\t".join(["1,234.5"] * 20_000),
    ],
)
def test_adversarial_lines_are_fast(line):
    """Each terminal and value pattern on adversarial text: bounded time, whole pipeline."""
    data = ("项目支出绩效目标表\n\n一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t完成数量\t" + line + "\n" + line + "\n").encode()
    start = time.perf_counter()
    result = CliRunner().invoke(main, ["check", "--isolated", "--no-cache", "-", "--format", "json"], input=data)
    assert time.perf_counter() - start < 20
    assert result.exit_code in (0, 1), result.output[-500:]
