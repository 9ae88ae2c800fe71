"""One self-contained HTML file an auditor can open or mail.

Findings are grouped by file and table, with the equations; checkboxes filter
by severity and code.  Everything from the document is escaped with
``html.escape``; the page loads nothing from the network and its
Content-Security-Policy forbids it (the small filter script and the style are
inline and allowed by hash-free 'unsafe-inline' only for style; the script is
allowed by its nonce).
"""

from __future__ import annotations

import hashlib
import html
from collections import Counter

from . import summary_counts

_SCRIPT = """
document.addEventListener('change', function () {
  var off = {};
  document.querySelectorAll('input[data-filter]').forEach(function (box) {
    if (!box.checked) { off[box.getAttribute('data-filter')] = true; }
  });
  document.querySelectorAll('tr[data-sev]').forEach(function (row) {
    var hide = off['sev:' + row.getAttribute('data-sev')] || off['code:' + row.getAttribute('data-code')];
    row.style.display = hide ? 'none' : '';
  });
});
"""

_STYLE = """
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;color:#222}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:2em}h3{font-size:1em;color:#444}
table{border-collapse:collapse;width:100%;margin:.5em 0 1.5em}
td,th{border-bottom:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top}
.error{color:#b00020;font-weight:bold}.warning{color:#9a6700}.info{color:#0969da}
.eq{font-family:ui-monospace,monospace;color:#6f42c1}.loc{color:#666;font-family:ui-monospace,monospace}
.filters label{margin-right:1em}.src{font-family:ui-monospace,monospace;background:#f6f8fa;white-space:pre-wrap}
"""


def _e(text) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def render(results, ctx, sources=None) -> str:
    labels = {"zh": ("budgetlint 审核报告", "文件", "表", "错误", "警告", "提示", "位置", "代码", "说明", "依据"),
              "en": ("budgetlint report", "file", "table", "error", "warning", "info", "location", "code", "message", "evidence")}
    L = labels.get(ctx.lang, labels["zh"])
    nonce = hashlib.sha256(_SCRIPT.encode()).hexdigest()[:24]
    counts = summary_counts(results)
    codes = Counter(f.code for r in results for f in r.findings)
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{"en" if ctx.lang == "en" else "zh-CN"}"><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        f"style-src 'unsafe-inline'; script-src 'nonce-{nonce}'; img-src 'none'; connect-src 'none'; "
        "form-action 'none'; base-uri 'none'\">",
        '<meta name="referrer" content="no-referrer">',
        f"<title>{_e(L[0])}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{_e(L[0])}</h1>",
        f"<p>{_e(L[1])}: {len(results)} · <span class=error>{_e(L[3])} {counts['error']}</span> · "
        f"<span class=warning>{_e(L[4])} {counts['warning']}</span> · <span class=info>{_e(L[5])} {counts['info']}</span> · v{_e(ctx.version)}</p>",
        '<div class="filters">',
    ]
    for sev, label in (("error", L[3]), ("warning", L[4]), ("info", L[5])):
        out.append(f'<label><input type="checkbox" checked data-filter="sev:{sev}"> {_e(label)}</label>')
    out.append("<br>")
    for code, n in sorted(codes.items()):
        name = ctx.rule_names.get(code, "")
        out.append(f'<label><input type="checkbox" checked data-filter="code:{_e(code)}"> {_e(code)} {_e(name)} ({n})</label>')
    out.append("</div>")
    for r in results:
        out.append(f"<h2>{_e(r.path)}</h2>")
        if r.error:
            out.append(f'<p class="error">{_e(r.error)}</p>')
        current = object()
        open_table = False
        for f in r.findings:
            key = (f.table_kind, f.table_title)
            if key != current:
                if open_table:
                    out.append("</table>")
                current = key
                out.append(f"<h3>{_e(f.table_title or '—')} <small>{_e(f.table_kind or '')}</small></h3>")
                out.append(f"<table><tr><th>{_e(L[7])}</th><th>{_e(L[8])}</th><th>{_e(L[6])}</th><th>{_e(L[9])}</th></tr>")
                open_table = True
            eq = f.evidence.get("equation") if isinstance(f.evidence, dict) else None
            diff = f.evidence.get("difference") if isinstance(f.evidence, dict) else None
            evidence = f'<span class="eq">{_e(eq)}{"，差 " + _e(diff) if diff is not None else ""}</span>' if eq else ""
            src = ""
            lines = (sources or {}).get(f.path)
            if lines and 1 <= f.line <= len(lines):
                src = f'<div class="src">{_e(lines[f.line - 1].replace(chr(9), " ⇥ "))}</div>'
            out.append(
                f'<tr data-sev="{_e(f.severity)}" data-code="{_e(f.code)}"><td class="{_e(f.severity)}">{_e(f.code)}</td>'
                f"<td>{_e(f.message)}{src}</td><td class=loc>{_e(f.path)}:{f.line}:{f.column}</td><td>{evidence}</td></tr>"
            )
        if open_table:
            out.append("</table>")
    out.append(f'<script nonce="{nonce}">{_SCRIPT}</script></body></html>')
    return "\n".join(out) + "\n"
