"""Property tests over the whole pipeline: no input makes budgetlint raise, and
every finding points inside the file it reports on."""

from __future__ import annotations

import os
import random

from hypothesis import HealthCheck, given, settings, strategies as st

from budgetlint.engine import REGISTRY, Settings, run_checks
from budgetlint.lint import InputError, parse_bytes
from conftest import SEEDS, SAMPLES

# A modest budget in CI; a long campaign by hand:
#   HYPOTHESIS_PROFILE=campaign python -m pytest tests/test_properties.py
settings.register_profile("ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("campaign", max_examples=20_000, deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

CHECKS = REGISTRY.all()
_CORPUS = sorted(SAMPLES.glob("*.txt")) + (sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else [])
_TEXTS = [p.read_text(encoding="utf-8") for p in _CORPUS]

# Characters the converters actually produce, so random text reaches the grammar.
_ALPHABET = st.sampled_from(
    list("\t\n\r 0123456789.,%-=≥≤<>|#*$\\_:：、（）()／/年月日万元个家次率合计基本支出项目指标值一级二级三级产出效益满意度成本表注单位")
)


def _lint(data: bytes):
    try:
        doc = parse_bytes(data, "prop.txt")
    except InputError:
        return None, []
    findings = run_checks(doc, CHECKS, Settings())
    for f in findings:
        assert f.code != "P999", f.message
        assert 1 <= f.line <= max(1, len(doc.lines)), (f.line, len(doc.lines))
        assert 1 <= f.column <= f.end_column
        if doc.lines:
            assert f.column <= len(doc.lines[f.line - 1]) + 1
    return doc, findings


@given(st.text(alphabet=_ALPHABET, max_size=600))
def test_arbitrary_text(text):
    _lint(text.encode("utf-8"))


@given(st.binary(max_size=400))
def test_arbitrary_bytes(data):
    _lint(data)


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(range(max(1, len(_TEXTS)))))
def test_mutated_documents(seed, index):
    if not _TEXTS:
        return
    rng = random.Random(seed)
    lines = _TEXTS[index].split("\n")
    for _ in range(rng.randint(1, 8)):
        op = rng.randrange(5)
        i = rng.randrange(len(lines))
        if op == 0:  # drop a cell
            cells = lines[i].split("\t")
            if len(cells) > 1:
                del cells[rng.randrange(len(cells))]
                lines[i] = "\t".join(cells)
        elif op == 1:  # swap two lines
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == 2:  # duplicate a block of lines (a table)
            j = min(len(lines), i + rng.randint(1, 30))
            lines[j:j] = lines[i:j]
        elif op == 3:  # random TABs
            pos = rng.randrange(len(lines[i]) + 1)
            lines[i] = lines[i][:pos] + "\t" * rng.randint(1, 3) + lines[i][pos:]
        else:  # change a number
            lines[i] = lines[i].replace("0", str(rng.randint(1, 9)), 1)
    _lint("\n".join(lines).encode("utf-8"))
