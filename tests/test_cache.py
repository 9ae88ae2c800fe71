"""The result cache: hits on unchanged content and settings, misses otherwise,
and a corrupt cache is ignored."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from budgetlint.cache import ResultCache, salt
from budgetlint.engine import REGISTRY, Settings
from budgetlint.lint import lint_file

DOC = "支出总表\n\n金额单位：万元\n\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n201\t一般公共服务支出\t422.51\t373.85\t48.93\n"


def _cache(tmp_path, settings=None, codes=None):
    checks = REGISTRY.select(codes)
    settings = settings or Settings()
    return checks, settings, ResultCache(tmp_path / "cache", salt([c.code for c in checks], settings, [], []))


def test_hit_after_first_run(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(DOC, encoding="utf-8")
    checks, settings, cache = _cache(tmp_path)
    first = lint_file(str(f), checks, settings, cache=cache)
    assert (cache.hits, cache.misses) == (0, 1)
    second = lint_file(str(f), checks, settings, cache=cache)
    assert (cache.hits, cache.misses) == (1, 1)
    assert [x.to_json() for x in first.findings] == [x.to_json() for x in second.findings]
    # Same content under another name: a hit, reported under the new name.
    g = tmp_path / "b.txt"
    g.write_text(DOC, encoding="utf-8")
    third = lint_file(str(g), checks, settings, cache=cache)
    assert cache.hits == 2 and all(x.path == str(g) for x in third.findings)


def test_miss_on_content_change(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(DOC, encoding="utf-8")
    checks, settings, cache = _cache(tmp_path)
    lint_file(str(f), checks, settings, cache=cache)
    f.write_text(DOC.replace("422.51", "422.78"), encoding="utf-8")
    result = lint_file(str(f), checks, settings, cache=cache)
    assert cache.hits == 0 and cache.misses == 2
    assert not [x for x in result.findings if x.code == "R101"]


def test_miss_on_settings_change(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(DOC, encoding="utf-8")
    checks, settings, cache = _cache(tmp_path)
    lint_file(str(f), checks, settings, cache=cache)
    for other in (Settings(lang="en"), Settings(severity={"R101": "warning"}), Settings(profile="legacy")):
        c2 = ResultCache(tmp_path / "cache", salt([c.code for c in checks], other, [], []))
        result = lint_file(str(f), checks, other, cache=c2)
        assert c2.hits == 0
        r101 = [x for x in result.findings if x.code == "R101"]
        if other.lang == "en":
            assert "total" in r101[0].message
    fewer = [c for c in checks if c.code != "R101"]
    c3 = ResultCache(tmp_path / "cache", salt([c.code for c in fewer], settings, [], []))
    result = lint_file(str(f), fewer, settings, cache=c3)
    assert c3.hits == 0 and not [x for x in result.findings if x.code == "R101"]


def test_corrupt_cache_is_ignored(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(DOC, encoding="utf-8")
    checks, settings, cache = _cache(tmp_path)
    lint_file(str(f), checks, settings, cache=cache)
    for entry in (tmp_path / "cache").rglob("*.json"):
        entry.write_text("{garbage", encoding="utf-8")
    result = lint_file(str(f), checks, settings, cache=cache)
    assert cache.hits == 0 and [x for x in result.findings if x.code == "R101"]
    for entry in (tmp_path / "cache").rglob("*.json"):
        json.loads(entry.read_text(encoding="utf-8"))  # rewritten


def test_cli_cache_and_no_cache(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("a.txt").write_text(DOC, encoding="utf-8")
    runner = CliRunner()
    runner.invoke(main_cli(), ["check", "--isolated", "a.txt"])
    assert list(Path(".budgetlint_cache").rglob("*.json"))
    assert (Path(".budgetlint_cache") / ".gitignore").exists()
    Path("b.txt").write_text(DOC, encoding="utf-8")
    runner.invoke(main_cli(), ["check", "--isolated", "--no-cache", "--cache-dir", "other", "b.txt"])
    assert not Path("other").exists()


def main_cli():
    from budgetlint.cli import main

    return main
