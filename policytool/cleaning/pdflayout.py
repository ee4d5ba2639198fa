"""A PDF file's text by position: lines as the page sets them, furniture out, paragraphs joined.

pypdfium2 (PDFium, Apache/BSD) gives each character with its box, fast and without layout
guesses of its own. A line's place on the page says what text dumps leave to guessing:
a line that reaches the column's right edge goes on, a line set in by two characters
starts a paragraph, and a line repeated at the same height in the top or bottom margin
of page after page is a running header, footer or page number. Where the page gives no
such edge (ragged lines, a column too short to measure), the text reflow rules of
pdftext.py decide instead.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from policytool.cleaning.pdftext import PAGE_NUMBER, PdfResult, _join, reflow
from policytool.ingest import InputError
from policytool.model import Removed

# The share of the page's height at its top and at its bottom where running headers,
# footers and page numbers stand.
MARGIN_SHARE = 0.12
# Two lines are at the same height on two pages within this many points.
SAME_HEIGHT = 3.0
# A line ends this close to the column's right edge (in character sizes) to reach it.
RIGHT_SLACK = 1.2
# A line starts at least this far right of the column's left edge (in character sizes) to be
# set in: a paragraph's first line is set in by two characters.
INDENT = 1.5
# At least this many lines end at the column's right edge, or it has no edge to go by.
MIN_FULL_LINES = 3
# Digits, as a running footer's only change from page to page (`— 3 —`, `第3页 共10页`).
DIGITS = re.compile(r"\d+")
# PDFium's mark for a hyphen that ends a line (`示范应用-` / `技术创新`): a hyphen in a
# Chinese text is the text's own.
SOFT_HYPHEN = "\ufffe"
# PDFium's reason in pypdfium2's message: `Failed to load document (PDFium: Data format error).`
PDFIUM_REASON = re.compile(r"PDFium: ([^)]+)")
# A line of the page's text as PDFium gives it: generated line breaks end it.
LINE = re.compile(r"[^\r\n]+")


@dataclass(frozen=True)
class Line:
    """One line of a page: its text and where it stands (PDF points, y upwards)."""

    page: int
    text: str
    x0: float
    x1: float
    y: float  # the bottom of its first character
    size: float  # the height of its first character, about the font size
    height: float  # the page's height


def pdf_lines(data: bytes) -> list[list[Line]]:
    """Return the lines of every page, in reading order as PDFium gives them.

    Raises InputError for a PDF that needs a password, one with no text layer (a scan),
    or bytes PDFium cannot open.
    """
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise InputError("encrypted PDF: it needs a password to open") from None
        # `Failed to load document (PDFium: Data format error).` → `data format error`
        said = PDFIUM_REASON.search(str(exc))
        reason = said[1] if said else str(exc)
        raise InputError(f"not a readable PDF ({reason[:1].lower() + reason[1:]})") from None
    pages: list[list[Line]] = []
    box = pdfium_c.FS_RECTF()
    try:
        for number in range(len(pdf)):
            page = pdf[number]
            height = page.get_height()
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            count = textpage.count_chars()
            lines: list[Line] = []
            if len(text) == count:  # one index a character (no surrogate pairs to count twice)
                for m in LINE.finditer(text):
                    if not m[0].strip():
                        continue
                    first = m.start() + len(m[0]) - len(m[0].lstrip())
                    last = m.end() - 1 - (len(m[0]) - len(m[0].rstrip()))
                    pdfium_c.FPDFText_GetLooseCharBox(textpage.raw, first, box)
                    x0, y, size = box.left, box.bottom, box.top - box.bottom
                    pdfium_c.FPDFText_GetLooseCharBox(textpage.raw, last, box)
                    text_ = m[0].strip().replace(SOFT_HYPHEN, "-")
                    lines.append(Line(number, text_, x0, box.right, y, size, height))
            else:
                lines = [Line(number, s.strip(), 0.0, 0.0, 0.0, 0.0, height) for s in text.splitlines() if s.strip()]
            pages.append(lines)
    finally:
        pdf.close()
    if pages and not any(pages):
        raise InputError("no text layer: a scanned PDF needs OCR first")
    return pages


def strip_page_furniture(pages: list[list[Line]]) -> tuple[list[Line], list[Removed]]:
    """Return the body's lines, in order, without running headers, footers and page numbers.

    Furniture stands in the top or bottom margin (MARGIN_SHARE of the page) and is either
    repeated, digits aside, at the same height on two pages or more, or a page number
    (`— 3 —`, `-3-`, `第3页 共10页`) there. A line in the margin that is neither (the red
    版头 of page one) is body text.
    """

    def margin(line: Line) -> str | None:
        if line.y >= line.height * (1 - MARGIN_SHARE):
            return "top"
        if line.y <= line.height * MARGIN_SHARE:
            return "bottom"
        return None

    seen: Counter[tuple[str, str, int]] = Counter()
    for lines in pages:
        keys = {(where, DIGITS.sub("#", line.text.replace(" ", "")), round(line.y / SAME_HEIGHT))
                for line in lines if (where := margin(line))}  # fmt: skip
        seen.update(keys)
    body: list[Line] = []
    removed: list[Removed] = []
    for lines in pages:
        for line in lines:
            where = margin(line)
            key = (where, DIGITS.sub("#", line.text.replace(" ", "")), round(line.y / SAME_HEIGHT))
            if where and PAGE_NUMBER.match(line.text.replace(" ", "")):
                removed.append(Removed(line.text, "page-number"))
            elif where and seen[key] >= 2:
                removed.append(Removed(line.text, "running-header"))
            else:
                body.append(line)
    return body, removed


def join_lines(lines: list[Line]) -> list[str]:
    """Return the paragraphs of the body's lines, joined where the page says a line goes on.

    A line goes on into the next when it reaches the column's right edge and the next is
    not set in; across a page break too. Without a right edge to go by, the text reflow
    rules decide.
    """
    if not lines:
        return []
    size = Counter(round(line.size) for line in lines).most_common(1)[0][0] or 1
    left = Counter(round(line.x0) for line in lines).most_common(1)[0][0]
    # The right edge: where justified lines end, the rightmost end that several lines share
    # (a hanging `。` or a wide table row ends further right, alone).
    ends = Counter(round(line.x1) for line in lines)
    shared = [x for x, n in ends.items() if n >= MIN_FULL_LINES]
    if not shared:
        return reflow([line.text for line in lines])  # ragged lines: the text rules decide
    right = max(shared)
    full = [line.x1 >= right - RIGHT_SLACK * size for line in lines]
    paragraphs: list[str] = []
    current: list[str] = []
    for k, line in enumerate(lines):
        current.append(line.text)
        nxt = lines[k + 1] if k + 1 < len(lines) else None
        goes_on = nxt is not None and full[k] and nxt.x0 < left + INDENT * size
        if not goes_on:
            paragraphs.append(_join(current))
            current = []
    return paragraphs


def pdf_file_paragraphs(data: bytes) -> PdfResult:
    """Return the paragraphs of a PDF file with its furniture recorded."""
    body, removed = strip_page_furniture(pdf_lines(data))
    return PdfResult(paragraphs=join_lines(body), removed=removed)
