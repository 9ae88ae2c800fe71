"""JUnit XML: one test case per file and check that ran, failing with its findings.

Built with xml.etree so that any cell text is escaped; characters XML 1.0
cannot carry (control characters) are replaced by visible escapes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    return _INVALID_XML.sub(lambda m: f"\\x{ord(m.group(0)):02x}", text)


def render(results, ctx) -> str:
    suites = ET.Element("testsuites", name="budgetlint")
    total_failures = 0
    for r in results:
        by_code = defaultdict(list)
        for f in r.findings:
            by_code[f.code].append(f)
        suite = ET.SubElement(suites, "testsuite", name=clean(r.path))
        cases = 0
        failures = 0
        if r.error:
            case = ET.SubElement(suite, "testcase", classname=clean(r.path), name="read")
            ET.SubElement(case, "error", message=clean(r.error))
            cases += 1
            failures += 1
        for code in sorted(by_code):
            findings = by_code[code]
            case = ET.SubElement(suite, "testcase", classname=clean(r.path), name=f"{code} {findings[0].name}")
            cases += 1
            failing = [f for f in findings if f.severity != "info"]
            if failing:
                failures += 1
            body = "\n".join(f"{f.path}:{f.line}:{f.column}: {f.code} {f.message}" for f in findings)
            tag = "failure" if failing else "system-out"
            el = ET.SubElement(case, tag, **({"message": clean(f"{len(findings)} finding(s)"), "type": code} if failing else {}))
            el.text = clean(body)
        if cases == 0:
            ET.SubElement(suite, "testcase", classname=clean(r.path), name="budgetlint")
            cases = 1
        suite.set("tests", str(cases))
        suite.set("failures", str(failures))
        suite.set("errors", "0")
        total_failures += failures
    suites.set("failures", str(total_failures))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
