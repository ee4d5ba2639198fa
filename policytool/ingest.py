"""Bytes to text: refuse binaries, pick the encoding, sniff the input format.

Chinese government sites still serve GBK/GB18030 pages, Windows tools write UTF-16
with a BOM, and scrapers mix both; the decoder tries them in a fixed order and
reports which one it used.
"""

from __future__ import annotations

import codecs
import re
from itertools import islice

from policytool.chars import display_width, ends_sentence, han_count, is_han, modal_width
from policytool.patterns import lazy_re


class InputError(ValueError):
    """An input that cannot be read as a document; the message says why."""


# Leading bytes of binary formats users drop into folders of documents by mistake.
BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF file (convert it to text first, e.g. with pdftotext)"),
    (b"PK\x03\x04", "zip archive or Office file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Office document (.doc/.xls)"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\x7fELF", "executable"),
    (b"MZ", "Windows executable"),
)

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Chinese encodings before Unicode, tried in turn after UTF-8: (codec, name reported).
# Big5 (Taiwan and Hong Kong sites) read as GB18030 gives mojibake, so it comes second;
# cp950 is the Big5 that Windows and most web pages write.
LEGACY_CODECS = (("gb18030", "gb18030"), ("cp950", "big5"))

# A UTF-8 file may carry a few broken bytes (a truncated download); past this share
# of replaced characters the file is refused rather than decoded into garbage.
MAX_REPLACED_SHARE = 0.01
# The control characters that no text file holds (tab, newlines and form feed excepted).
# Each is one byte in UTF-8 that no other character uses, so deleting every other byte
# (NOT_CONTROL_BYTES) from a text's UTF-8 leaves one byte per control character.
CONTROL_BYTES = bytes([*range(0x09), *range(0x0E, 0x20)])
NOT_CONTROL_BYTES = bytes(b for b in range(256) if b not in CONTROL_BYTES)


def decode(data: bytes) -> tuple[str, str, list[str]]:
    """Return (text, encoding, warnings) for ``data``, or raise InputError.

    Order: BOM, strict UTF-8, strict GB18030 (a superset of GBK and GB2312), strict
    Big5, then UTF-8 with replacement when only a few bytes are broken.
    """
    if not data.strip():
        raise InputError("empty file")
    for magic, kind in BINARY_MAGIC:
        if data.startswith(magic):
            raise InputError(f"not a text document ({kind})")
    for bom, codec in BOMS:
        if data.startswith(bom):
            name = codec.replace("-sig", "") + " (BOM)"
            try:
                return _checked(data.decode(codec)), name, []
            except UnicodeDecodeError as exc:
                raise InputError(f"undecodable bytes after a {codec} BOM: {exc.reason}") from None
    if b"\x00" in data[:4096]:
        raise InputError("not a text document (contains NUL bytes)")
    try:
        return _checked(data.decode("utf-8")), "utf-8", []
    except UnicodeDecodeError:
        pass
    for codec, name in LEGACY_CODECS:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _looks_chinese(text):
            return _checked(text), name, []
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd")
    if replaced <= max(1, int(len(text) * MAX_REPLACED_SHARE)):
        return (
            _checked(text),
            "utf-8",
            [f"{replaced} undecodable byte sequence(s) replaced with U+FFFD"],
        )
    raise InputError("undecodable bytes (neither UTF-8, GB18030 nor Big5)")


def _checked(text: str) -> str:
    """Refuse decoded text that is mostly control characters (a binary we did not know)."""
    sample = text[:8192]
    controls = count_controls(sample)
    if sample and controls / len(sample) > 0.05:
        raise InputError("not a text document (binary content)")
    if not text.strip():
        raise InputError("empty file (whitespace only)")
    return text


def count_controls(text: str) -> int:
    """Return how many control characters ``text`` holds (a C scan, no pattern)."""
    return len(text.encode("utf-8", "surrogatepass").translate(None, NOT_CONTROL_BYTES))


def _looks_chinese(text: str) -> bool:
    """True if a GB18030 decoding reads as Chinese rather than mojibake."""
    sample = text[:20000]
    letters = sum(1 for ch in sample if not ch.isspace())
    if not letters:
        return True
    common = han_count(sample) + sum(
        1 for ch in sample if ch.isascii() or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"
    )
    # Mojibake from decoding UTF-8 or Latin bytes as GB18030 yields rare Han and
    # symbols mixed with ASCII; genuine text is almost all Han, ASCII and CJK punctuation.
    rare = sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff" and ord(ch) > 0x9FA5)
    return common / letters > 0.95 and rare / letters < 0.01


# ---------------------------------------------------------------------------
# Format sniffing

# Heading markers that always start a paragraph: `一、`, `（一）`, `第一章`, `第三条`. Headings
# are told from wrapped lines here and in the PDF reflow (cleaning/pdftext.py).
HEADING_START = lazy_re(
    r"^(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十百]+[）)]|第[一二三四五六七八九十百零〇\d]+[章节条部分编])"
)
# Numbered items that start a paragraph when the line above ended a sentence: `1.`, `（1）`, `①`.
ITEM_START = lazy_re(r"^(?:\d{1,3}[.．、](?!\d)|[（(]\d{1,3}[）)]|[①-⑳])")
# What those two can start with (and any digit): most lines fail this one test.
MARKER_FIRST = frozenset("一二三四五六七八九十百（(第①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳")
# Punctuation inside a line that shows it is a sentence, not a heading (so does a
# full stop between Han characters: sentence_marks() checks both).
SENTENCE_PUNCT = lazy_re(r"[。，；：,;]")

# Front matter of a Hexo/Jekyll post: a line of three dashes, YAML, three dashes.
FRONT_MATTER = lazy_re(r"\A\s*---[ \t]*\r?\n(?P<yaml>.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
# A whole saved page: <!DOCTYPE html> or <html ...> near the top, after any comments. One
# `<!--.*?-->` spans a row of comments (DOTALL): a repeated one tried every way of cutting the row
# before failing (exponential in the comments when no page follows).
HTML_PAGE = lazy_re(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)?<(?:!doctype\s+html|html)\b", re.IGNORECASE | re.DOTALL
)
# Block-level tags that mark a body as HTML rather than text: <p>, <div>, <br>, <table>.
HTML_BLOCK_TAG = lazy_re(r"<(?:p|div|br|table|tr|td|center|span|h[1-6]|li)\b[^>]*>", re.IGNORECASE)


# Lines only markdown has: headings `## 一、工作目标` and the rule of a pipe table `| --- |`.
MARKDOWN_LINE = lazy_re(r"^(?:#{1,6}[ \t]+\S|\|?(?:[ \t]*:?-{3,}:?[ \t]*\|)+)", re.MULTILINE)
# This many such lines make a text markdown.
MARKDOWN_MIN_LINES = 2
# Lines (of 8 characters or more) looked at to tell a hard-wrapped PDF dump: five pages.
SNIFF_LINES = 200


def sniff_format(text: str) -> str:
    """Return the input format of ``text``: post, html, pdf or text.

    ``post`` a markdown post, with YAML front matter or with markdown headings and
    tables; ``html`` a saved page or an
    HTML fragment; ``pdf`` text extracted from a PDF, hard-wrapped at a fixed width;
    ``text`` anything else (scraped page text or already-clean text).
    """
    if FRONT_MATTER.match(text):
        return "post"
    if HTML_PAGE.match(text) or len(HTML_BLOCK_TAG.findall(text[:50000])) >= 3:
        return "html"
    # Both kinds of markdown line need a `#` or a `---`, which most texts lack: a text
    # with neither is not searched line by line.
    head = text[:50000]
    if ("#" in head or "---" in head) and len(MARKDOWN_LINE.findall(head)) >= MARKDOWN_MIN_LINES:
        return "post"
    if looks_hard_wrapped(text):
        return "pdf"
    return "text"


def looks_hard_wrapped(text: str) -> bool:
    """True if many lines stop mid-sentence at one common width, as pdftotext prints.

    The first SNIFF_LINES lines of some length tell: a few pages show the width.
    """
    lines = list(islice((line for ln in text.splitlines() if len(line := ln.strip()) >= 8), SNIFF_LINES))
    if len(lines) < 8:
        return False
    widths = [display_width(ln) for ln in lines]
    full = modal_width(widths)
    if full < 30:
        return False
    needed = max(5, 0.3 * len(lines))
    # Distinct lines: a banner repeated on every page is not a wrapped paragraph, and
    # headings of one length (`一、…` with no sentence in it) were never cut.
    wrapped: set[str] = set()
    for ln, w in zip(lines, widths, strict=True):
        if full - 6 <= w <= full + 4 and not ends_sentence(ln) and not is_heading(ln, ends=False):
            wrapped.add(ln)
            if len(wrapped) >= needed:
                return True
    return False


def is_heading(line: str, ends: bool | None = None) -> bool:
    """True for a heading line: a marker and a title with no sentence punctuation.

    ``ends`` is ``ends_sentence(line)`` when the caller knows it already.
    """
    if not may_be_marked(line):
        return False
    marked = HEADING_START.match(line) or ITEM_START.match(line)
    if not marked or sentence_marks(line):
        return False
    return not (ends_sentence(line) if ends is None else ends)


def may_be_marked(line: str) -> bool:
    """False if ``line`` cannot start with a heading or item marker (or a bracket)."""
    first = line[:1]
    return first in MARKER_FIRST or first.isdecimal()


def sentence_marks(line: str) -> bool:
    """True if ``line`` holds sentence punctuation: `，。；：`, or a full stop between Han."""
    if SENTENCE_PUNCT.search(line):
        return True
    dot = line.find(".", 1)
    while dot > 0:
        if is_han(line, dot - 1) and is_han(line, dot + 1):
            return True
        dot = line.find(".", dot + 1)
    return False
