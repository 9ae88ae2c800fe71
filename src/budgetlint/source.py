"""Bytes to text: encoding detection, newline handling, and the line index.

Disclosures arrive as UTF-8, UTF-8 with BOM, GB18030/GBK or UTF-16, with any of
CRLF, CR and LF newlines.  Every later stage works on ``Source.lines`` so that a
finding's line and column always refer to the original file.  Undecodable bytes
never stop the run: they are decoded as U+FFFD and reported as problems.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field

from .model import Problem

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: Control characters other than TAB that a text disclosure never contains;
#: a file with many of them is binary (PDF, XLSX, PNG …), not a disclosure.
_BINARY_BYTES = bytes(range(0, 9)) + bytes(range(14, 32))
_BINARY_RATIO = 0.10


@dataclass(slots=True)
class Source:
    """A decoded file: its lines and the problems met while decoding."""

    path: str
    encoding: str
    lines: list[str]
    problems: list[Problem] = field(default_factory=list)
    binary: bool = False


class NotText(Exception):
    """Raised for input that is clearly not a text disclosure."""


def split_lines(text: str) -> list[str]:
    """Split on CRLF, CR or LF only (not on the other separators
    ``str.splitlines`` knows, such as U+2028 or form feed, which a converter
    may leave inside a cell)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _looks_binary(data: bytes) -> bool:
    """PDF, XLSX, images and other binary data are not disclosures."""
    sample = data[:8192]
    if not sample:
        return False
    if sample.startswith((b"%PDF", b"\x89PNG", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"GIF8", b"\xff\xd8\xff")):
        return True
    if any(sample.startswith(bom) for bom, _ in _BOMS) or _guess_bomless_utf16(data):
        return False
    nuls = sample.count(0)
    if nuls > max(4, len(sample) // 100):
        return True
    controls = len(sample) - len(sample.translate(None, _BINARY_BYTES))  # one pass, not one per byte value
    return controls / len(sample) > _BINARY_RATIO


def _guess_bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: TABs and newlines (which every disclosure has)
    appear as ``09 00``/``0A 00`` (LE) or ``00 09``/``00 0A`` (BE) on even
    offsets, and the whole sample decodes strictly."""
    sample = data[:8192]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    sample = sample[: len(sample) - len(sample) % 2]
    pairs = [sample[i : i + 2] for i in range(0, len(sample), 2)]
    le = sum(1 for p in pairs if p in (b"\t\x00", b"\n\x00", b"\r\x00"))
    be = sum(1 for p in pairs if p in (b"\x00\t", b"\x00\n", b"\x00\r"))
    for name, votes, other in (("utf-16-le", le, be), ("utf-16-be", be, le)):
        if votes and votes > other:
            try:
                sample.decode(name)
            except UnicodeDecodeError:
                continue
            return name
    return None


def detect_encoding(data: bytes) -> str:
    """Pick the encoding: BOM first, then strict UTF-8, then GB18030 (a superset
    of GBK that decodes nearly anything Chinese), then charset-normalizer."""
    return _detect(data)[0]


def _detect(data: bytes) -> tuple[str, str | None]:
    """The encoding, and the text when a strict decode already produced it
    (most files are UTF-8: decoding them twice took a tenth of reading)."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, None
    utf16 = _guess_bomless_utf16(data)
    if utf16:
        return utf16, None
    for name in ("utf-8", "gb18030"):
        try:
            return name, data.decode(name)
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        return best.encoding, None
    return "utf-8", None


def decode(data: bytes, path: str = "<stdin>") -> Source:
    """Decode ``data`` into a :class:`Source`; never raises on bad bytes."""
    if _looks_binary(data):
        raise NotText(path)
    encoding, text = _detect(data)
    if text is None:
        text = data.decode(encoding, errors="replace")
    if encoding == "utf-8-sig":
        encoding = "utf-8-sig"
    lines = split_lines(text)
    problems: list[Problem] = []
    if "\ufffd" in text:
        for number, line in enumerate(lines, 1):
            col = line.find("\ufffd")
            if col >= 0:
                problems.append(
                    Problem(
                        "P903",
                        "undecodable bytes or replacement characters",
                        number,
                        col + 1,
                        col + 2,
                        {"encoding": encoding, "count": line.count("\ufffd")},
                    )
                )
    return Source(path=path, encoding=encoding, lines=lines, problems=problems)


def read(path: str) -> Source:
    """Read a file by path (``-`` for standard input)."""
    if path == "-":
        import sys

        data = sys.stdin.buffer.read()
        return decode(data, "<stdin>")
    with open(path, "rb") as fh:
        data = fh.read()
    return decode(data, path)
