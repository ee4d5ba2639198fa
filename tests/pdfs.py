"""PDF files made for the tests, as a typesetter sets a 公文: reportlab and its built-in CID font.

STSong-Light needs no font file and its text extracts exactly. Each paragraph's first line is
set in by two characters, lines are wrapped by their measured width (so a line of Latin and
digits is as full as one of Han), pages break inside paragraphs, and every page carries a
running header and a page number (`— 3 —`) in its margins. Full lines are justified.

PDFium drops a line identical to one before it on its page when the font gives its glyphs
no height, as this non-embedded font does: the texts here repeat no whole line.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

HEADER = "某某市人民政府办公厅文件汇编"
# The left and right margins, and the width of the column between them (points).
MARGIN = 72.0
COLUMN = A4[0] - 2 * MARGIN
# Punctuation a Chinese line never starts with (禁则): it hangs at the end of the line before.
NO_LINE_START = frozenset("。，、；：？！）」』”’》〉】…·.,;:?!)")


def wrapped(paragraph: str, room: float, size: float) -> list[tuple[str, float]]:
    """Return the lines of ``paragraph`` with each one's indent, wrapped to ``room`` points."""
    lines = []
    indent = 2 * size
    while paragraph:
        n = 1
        while n < len(paragraph) and pdfmetrics.stringWidth(paragraph[: n + 1], FONT, size) <= room - indent:
            n += 1
        while n < len(paragraph) and paragraph[n] in NO_LINE_START:  # hung on the line, as typesetters do
            n += 1
        lines.append((paragraph[:n], indent))
        paragraph = paragraph[n:].lstrip(" ")
        indent = 0.0
    return lines


def make_pdf(
    paragraphs: Iterable[str],
    *,
    header: str | None = HEADER,
    page_numbers: bool = True,
    size: float = 14,
    lines_per_page: int = 30,
    encrypt: tuple[str, str] | None = None,
) -> bytes:
    """Return a PDF of ``paragraphs``; ``encrypt`` is (user password, owner password)."""
    out = io.BytesIO()
    kwargs = {}
    if encrypt is not None:
        from reportlab.lib.pdfencrypt import StandardEncryption

        kwargs["encrypt"] = StandardEncryption(encrypt[0], encrypt[1])
    page = canvas.Canvas(out, pagesize=A4, **kwargs)
    width, height = A4
    left, right, top = MARGIN, width - MARGIN, height - 110.0
    number = 1

    def furniture() -> None:
        page.setFont(FONT, 10)
        if header:
            page.drawCentredString(width / 2, height - 50, header)
        if page_numbers:
            page.drawCentredString(width / 2, 40, f"— {number} —")

    furniture()
    row = 0
    for paragraph in paragraphs:
        lines = wrapped(paragraph.strip(), COLUMN, size)
        for k, (text, indent) in enumerate(lines):
            last = k == len(lines) - 1
            if row == lines_per_page:
                page.showPage()
                number += 1
                row = 0
                furniture()
            text_object = page.beginText(left + indent, top - row * size * 1.6)
            text_object.setFont(FONT, size)
            if not last:  # justified: a full line ends at the right edge, as Word and WPS set it
                spare = right - left - indent - pdfmetrics.stringWidth(text, FONT, size)
                text_object.setCharSpace(spare / max(1, len(text) - 1))
            text_object.textOut(text)
            page.drawText(text_object)
            row += 1
    page.save()
    return out.getvalue()


def scanned_pdf() -> bytes:
    """A PDF of one page with a picture and no text, as a scanner makes it."""
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    page.rect(72, 72, 400, 600, fill=1)
    page.save()
    return out.getvalue()
