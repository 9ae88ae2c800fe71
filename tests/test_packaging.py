"""The wheel carries grammar/ and checks/, and an installed copy finds them
inside the package (a checkout finds them at the repository root)."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT, SAMPLES


def test_checkout_finds_resources():
    from budgetlint.resources import resource_dir

    assert resource_dir("grammar").joinpath("layout.lark").is_file()
    assert resource_dir("checks").joinpath("R101.py").is_file()


def test_wheel_carries_grammar_and_checks(tmp_path):
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"), str(ROOT)],
        capture_output=True, text=True, timeout=600,
    )
    if build.returncode != 0:
        pytest.skip("cannot build a wheel here: " + build.stderr[-300:])
    (wheel,) = (tmp_path / "dist").glob("budgetlint-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "budgetlint/grammar/layout.lark" in names and "budgetlint/grammar/value.lark" in names
    assert "budgetlint/checks/R101.py" in names and "budgetlint/data/table_kinds.toml" in names
    # A pure-Python wheel unpacked is an installation: run from it, away from the checkout.
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import budgetlint.resources as r, sys;"
        "print(r.resource_dir('checks'));"
        "from budgetlint.cli import main;"
        f"sys.argv=['budgetlint','check','--isolated','--no-cache','--select','R101','--format','concise',{str(SAMPLES / 'budget_faulty.txt')!r}];"
        "main()"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300)
    assert run.returncode == 1, run.stderr[-1000:]
    assert run.stdout.splitlines()[0] == str(site / "budgetlint" / "checks")
    assert "budget_faulty.txt:182:18: R101" in run.stdout
