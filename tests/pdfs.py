"""PDF files made for the tests, as a typesetter sets a 公文: reportlab and its built-in CID font.

STSong-Light needs no font file and its text extracts exactly. Each paragraph's first line is
set in by two characters, lines are wrapped by their measured width (so a line of Latin and
digits is as full as one of Han), pages break inside paragraphs, and every page carries a
running header and a page number (`— 3 —`) in its margins. Full lines are justified.

PDFium leaves out a text object of one character when its font has no metrics, as this
non-embedded font has (the object's box has no width): a line of one character is lost
there, and the reader warns. The texts here have no such line, or the tests expect the warning.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from xml.sax.saxutils import escape  # a paragraph's text is markup to reportlab

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
# A font reportlab ships, embedded in the file: Bitstream Vera.
LATIN_FONT = "Vera"
pdfmetrics.registerFont(TTFont(LATIN_FONT, "Vera.ttf"))
HAN = re.compile(r"[\u4e00-\u9fff]")

HEADER = "某某市人民政府办公厅文件汇编"
# The left and right margins, and the width of the column between them (points).
MARGIN = 72.0
COLUMN = A4[0] - 2 * MARGIN
# Punctuation a Chinese line never starts with (禁则): it hangs at the end of the line before.
NO_LINE_START = frozenset("。，、；：？！）」』”’》〉】…·.,;:?!)")


def wrapped(paragraph: str, room: float, size: float, lone_last: bool = False) -> list[tuple[str, float]]:
    """Return the lines of ``paragraph`` with each one's indent, wrapped to ``room`` points.

    A last line of one character takes the character before it along (孤字 control, as WPS
    and InDesign set it; the line above, justified, still reaches the edge) unless
    ``lone_last``: such a line is lost in this font (see above)."""
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
    if not lone_last and len(lines) > 1 and len(lines[-1][0]) == 1 and len(lines[-2][0]) > 2:
        (above, indent), (last, _) = lines[-2], lines[-1]
        lines[-2:] = [(above[:-1], indent), (above[-1] + last, 0.0)]
    return lines


def make_pdf(
    paragraphs: Iterable[str],
    *,
    header: str | None = HEADER,
    page_numbers: bool = True,
    size: float = 14,
    lines_per_page: int = 30,
    encrypt: tuple[str, str] | None = None,
    lone_last: bool = False,
) -> bytes:
    """Return a PDF of ``paragraphs``; ``encrypt`` is (user password, owner password);
    ``lone_last`` sets a paragraph's last character alone on its line (see wrapped)."""
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
        lines = wrapped(paragraph.strip(), COLUMN, size, lone_last)
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


def make_table_pdf(
    before: Iterable[str],
    rows: list[list[str]],
    after: Iterable[str] = (),
    *,
    widths: tuple[float, ...] = (36, 140, 100, 110, 90),
    spans: tuple[tuple[tuple[int, int], tuple[int, int]], ...] = (),
    header_rows: int = 1,
) -> bytes:
    """Return a PDF of paragraphs, a ruled table (its header repeated on every page it runs
    over, as Word's 标题行重复 sets it) and more paragraphs, with the running header and page
    numbers of make_pdf. ``spans`` are merged cells as reportlab's SPAN takes them:
    ((first column, first row), (last column, last row)).

    Widths move between columns until no cell wraps a line of one character (see above)."""
    before, after = list(before), list(after)
    for shift in (0, 4, -4, 8, -8, 12, -12, 16, -16, 20, -20):
        for moved in ((1, 3), (1, 2), (2, 4), (1, 4)):
            tried = list(widths)
            tried[moved[0]] -= shift
            tried[moved[1]] += shift
            pdf = _table_pdf(before, rows, after, tuple(tried), spans, header_rows)
            if not _one_character_objects(pdf):
                return pdf
    raise ValueError("no column widths keep every cell line longer than one character")


def _markup(text: str) -> str:
    """A cell's text as reportlab's markup: a line break (Enter in a Word cell) is `<br/>`."""
    return "<br/>".join(escape(line) for line in text.split("\n"))


def _one_character_objects(pdf: bytes) -> int:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    document = pdfium.PdfDocument(pdf)
    try:
        return sum(
            1
            for page in document
            for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_TEXT,))
            if obj.get_bounds()[2] - obj.get_bounds()[0] < 0.01
        )
    finally:
        document.close()


def _table_pdf(
    before: list[str],
    rows: list[list[str]],
    after: list[str],
    widths: tuple[float, ...],
    spans: tuple[tuple[tuple[int, int], tuple[int, int]], ...],
    header_rows: int,
) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_JUSTIFY
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    body = ParagraphStyle(
        "body", fontName=FONT, fontSize=14, leading=22, firstLineIndent=28, alignment=TA_JUSTIFY, wordWrap="CJK"
    )
    cell = ParagraphStyle("cell", fontName=FONT, fontSize=10.5, leading=14, wordWrap="CJK")
    # Digits and dashes alone (`1`, `—`) in an embedded font, as Word embeds its fonts: a
    # one-character text object in STSong-Light is lost (see above).
    latin = ParagraphStyle("latin", parent=cell, fontName=LATIN_FONT)
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    style += [("SPAN", first, last) for first, last in spans]
    table = Table(
        [[Paragraph(_markup(text), cell if HAN.search(text) else latin) for text in row] for row in rows],
        colWidths=widths,
        repeatRows=header_rows,
    )
    table.setStyle(TableStyle(style))
    width, height = A4

    def furniture(page, document) -> None:
        page.setFont(FONT, 10)
        page.drawCentredString(width / 2, height - 50, HEADER)
        page.drawCentredString(width / 2, 40, f"— {document.page} —")

    out = io.BytesIO()
    document = SimpleDocTemplate(out, pagesize=A4, leftMargin=MARGIN - 12, rightMargin=MARGIN - 12, topMargin=100)
    story = [Paragraph(escape(p), body) for p in before] + [table] + [Paragraph(escape(p), body) for p in after]
    document.build(story, onFirstPage=furniture, onLaterPages=furniture)
    return out.getvalue()
