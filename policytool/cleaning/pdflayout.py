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

import math
import re
from collections import Counter
from dataclasses import dataclass

from policytool.cleaning.pdftext import PAGE_NUMBER, PdfResult, _join, reflow
from policytool.ingest import InputError
from policytool.model import Removed

# The share of the page's height at its top and at its bottom where running headers,
# footers and page numbers stand.
MARGIN_SHARE = 0.12
# A line in the margin is a running header or footer when it stands, digits aside, at one
# height on at least this share of the pages (and on two at least).
RUNNING_SHARE = 0.3
# Two lines are at the same height on two pages within this many points.
SAME_HEIGHT = 3.0
# A line ends this close to the column's right edge (in character sizes) to reach it.
RIGHT_SLACK = 1.2
# A line starts at least this far right of the column's left edge (in character sizes) to be
# set in: a paragraph's first line is set in by two characters.
INDENT = 1.5
# The right edge is at least this share of the longest line's width from the left edge.
EDGE_SHARE = 0.9
# At least this many lines end at the column's right edge, or it has no edge to go by.
MIN_FULL_LINES = 3
# Digits, as a running footer's only change from page to page (`— 3 —`, `第3页 共10页`).
DIGITS = re.compile(r"\d+")
# PDFium's mark for a hyphen that ends a line (`示范应用-` / `技术创新`): a hyphen in a
# Chinese text is the text's own.
SOFT_HYPHEN = "\ufffe"
# PDFium's reason in pypdfium2's message: `Failed to load document (PDFium: Data format error).`
PDFIUM_REASON = re.compile(r"PDFium: ([^)]+)")
# Pages named in the warning about text PDFium could not read.
UNREAD_PAGES_SHOWN = 5
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
    # A ruled table in place of a line: its rows of cells (cleaning/pdftables.py).
    rows: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Pages:
    """The lines of every page, and the text objects on each page PDFium could not read."""

    lines: list[list[Line]]
    unread: dict[int, int]  # page number (from 1) → text objects left out


def pdf_lines(data: bytes) -> Pages:
    """Return the lines of every page, in reading order as PDFium gives them, each ruled
    table one line of rows where its text began.

    Raises InputError for a PDF that needs a password, one with no text layer (a scan),
    or bytes PDFium cannot open.
    """
    import pypdfium2 as pdfium

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
    unread: dict[int, int] = {}
    try:
        for number in range(len(pdf)):
            page = pdf[number]
            shapes, unplaced = _page_objects(page.raw)
            if unplaced:
                unread[number + 1] = unplaced
            pages.append(_page_lines(page, number, shapes))
    finally:
        pdf.close()
    if pages and not any(pages):
        raise InputError("no text layer: a scanned PDF needs OCR first")
    return Pages(pages, unread)


def _page_objects(page) -> tuple[list[tuple[float, float, float, float]], int]:
    """Return the bounds of the page's shapes (rules, boxes) and how many text objects
    PDFium leaves out of its text: those in a font without metrics (not embedded) whose
    box has no width, as a one-character object has there."""
    import pypdfium2.raw as pdfium_c

    shapes = []
    unplaced = 0
    # PDFium's C API, as pypdfium2's raw module gives it (with its own c_float and byref):
    # one call an object, with no Python object made for each.
    left, bottom, right, top = (pdfium_c.c_float() for _ in range(4))
    bounds = tuple(pdfium_c.byref(value) for value in (left, bottom, right, top))
    for k in range(pdfium_c.FPDFPage_CountObjects(page)):
        obj = pdfium_c.FPDFPage_GetObject(page, k)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH and pdfium_c.FPDFPageObj_GetBounds(obj, *bounds):
            shapes.append((left.value, bottom.value, right.value, top.value))
        elif (
            kind == pdfium_c.FPDF_PAGEOBJ_TEXT
            and pdfium_c.FPDFPageObj_GetBounds(obj, *bounds)
            and right.value - left.value < 0.01
            and not pdfium_c.FPDFFont_GetIsEmbedded(pdfium_c.FPDFTextObj_GetFont(obj))
        ):
            unplaced += 1
    return shapes, unplaced


def _page_lines(page, number: int, shapes: list[tuple[float, float, float, float]]) -> list[Line]:
    import pypdfium2.raw as pdfium_c

    from policytool.cleaning.pdftables import Char, find_grids, grid_rows, rules_of

    height = page.get_height()
    textpage = page.get_textpage()
    text = textpage.get_text_range()
    count = textpage.count_chars()
    if len(text) != count:  # not one index a character (surrogate pairs): no positions
        return [Line(number, s.strip(), 0.0, 0.0, 0.0, 0.0, height) for s in text.splitlines() if s.strip()]
    box = pdfium_c.FS_RECTF()

    def char_box(index: int) -> tuple[float, float, float, float]:
        pdfium_c.FPDFText_GetLooseCharBox(textpage.raw, index, box)
        return box.left, box.bottom, box.right, box.top

    grids = find_grids(*rules_of(shapes)) if shapes else []
    cells: list[list[Char]] = [[] for _ in grids]
    lines: list[Line] = []
    tables_at: dict[int, int] = {}  # grid → the line its text began at
    for m in LINE.finditer(text):
        if not m[0].strip():
            continue
        first = m.start() + len(m[0]) - len(m[0].lstrip())
        last = m.end() - 1 - (len(m[0]) - len(m[0].rstrip()))
        x0, y, _, top = char_box(first)
        if grids:
            inside = [g for g, grid in enumerate(grids) if grid.holds(x0 + (top - y) / 2, y + (top - y) / 2)]
            if inside:
                g = inside[0]
                tables_at.setdefault(g, len(lines))
                for index in range(first, last + 1):
                    cells[g].append(Char(text[index], *char_box(index)))
                continue
        x1 = char_box(last)[2]
        lines.append(Line(number, m[0].strip().replace(SOFT_HYPHEN, "-"), x0, x1, y, top - y, height))
    for g in sorted(tables_at, key=lambda g: -tables_at[g]):  # from the last, so places hold
        grid = grids[g]
        rows = tuple(tuple(row) for row in grid_rows(grid, cells[g]))
        size = grid.ys[0] - grid.ys[-1]
        lines.insert(tables_at[g], Line(number, "", grid.xs[0], grid.xs[-1], grid.ys[-1], size, height, rows))
    return lines


def strip_page_furniture(pages: list[list[Line]]) -> tuple[list[Line], list[Removed]]:
    """Return the body's lines, in order, without running headers, footers and page numbers.

    Furniture stands in the top or bottom margin (MARGIN_SHARE of the page) and is either
    repeated, digits aside, at the same height on RUNNING_SHARE of the pages (two at least),
    or a page number
    (`— 3 —`, `-3-`, `第3页 共10页`) there. A line in the margin that is neither (the red
    版头 of page one) is body text.
    """

    def margin(line: Line) -> str | None:
        if line.rows:
            return None
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
    # A running header stands on most pages (odd and even pages may each have their own);
    # a body line that ends two pages of five hundred alike is no header.
    repeats = max(2, math.ceil(RUNNING_SHARE * len(pages)))
    body: list[Line] = []
    removed: list[Removed] = []
    for lines in pages:
        for line in lines:
            where = margin(line)
            key = (where, DIGITS.sub("#", line.text.replace(" ", "")), round(line.y / SAME_HEIGHT))
            if where and PAGE_NUMBER.match(line.text.replace(" ", "")):
                removed.append(Removed(line.text, "page-number"))
            elif where and seen[key] >= repeats:
                removed.append(Removed(line.text, "running-header"))
            else:
                body.append(line)
    return body, removed


def join_lines(lines: list[Line]) -> tuple[list[str], list[Removed]]:
    """Return the paragraphs of the body's lines, joined where the page says a line goes on,
    and what the tables' rows leave out (a two-row header's group label).

    A line goes on into the next when it reaches the column's right edge and the next is
    not set in; across a page break too. Without a right edge to go by, the text reflow
    rules decide. A table is read as a spreadsheet's sheet (cleaning/sheets.py), its rows
    on the pages it runs over read together.
    """
    from policytool.cleaning.html import CELL_SEPARATOR
    from policytool.cleaning.sheets import Cell, sheet_paragraphs

    text_lines = [line for line in lines if not line.rows]
    if not text_lines:
        right = None
        size, left = 1, 0
    else:
        size = Counter(round(line.size) for line in text_lines).most_common(1)[0][0] or 1
        # The column's left edge: the leftmost start several lines share (where a document
        # of short paragraphs starts most lines set in, that is not the commonest start).
        starts = Counter(round(line.x0) for line in text_lines)
        left = min((x for x, n in starts.items() if n >= MIN_FULL_LINES), default=starts.most_common(1)[0][0])
        # The right edge: where justified lines end, the rightmost end that several lines
        # share (a hanging `。` or a wide table row ends further right, alone).
        ends = Counter(round(line.x1) for line in text_lines)
        # It is an edge only near the longest lines' ends: short lines of one length (a page
        # of one-line paragraphs) share an end inside the column, not its edge.
        longest = max(line.x1 for line in text_lines)
        shared = [x for x, n in ends.items() if n >= MIN_FULL_LINES and x - left >= EDGE_SHARE * (longest - left)]
        right = max(shared) if shared else None  # None: ragged lines, the text rules decide
    paragraphs: list[str] = []
    removed: list[Removed] = []
    k = 0
    while k < len(lines):
        end = k
        while end < len(lines) and bool(lines[end].rows) == bool(lines[k].rows):
            end += 1
        run = lines[k:end]
        if run[0].rows:
            # A table that runs over pages repeats its header on each (Word's 标题行重复).
            header = run[0].rows[0]
            for table in run[1:]:
                if table.rows[0] == header:
                    removed.append(Removed(CELL_SEPARATOR.join(header), "running-header"))
            rows = [
                [Cell(text) for text in row]
                for n, table in enumerate(run)
                for m, row in enumerate(table.rows)
                if not (n and m == 0 and row == header)
            ]
            texts, groups = sheet_paragraphs(rows)
            paragraphs += texts
            removed += groups
        elif right is None:
            paragraphs += reflow([line.text for line in run])
        else:
            paragraphs += _joined(run, right, left, size)
        k = end
    return paragraphs, removed


def _joined(lines: list[Line], right: float, left: float, size: float) -> list[str]:
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
    """Return the paragraphs of a PDF file with its furniture recorded, and a warning for
    each page with text PDFium could not read."""
    pages = pdf_lines(data)
    body, removed = strip_page_furniture(pages.lines)
    paragraphs, groups = join_lines(body)
    warnings = []
    if pages.unread:
        numbers = [str(page) for page in pages.unread]
        shown = ", ".join(numbers[:UNREAD_PAGES_SHOWN]) + (", …" if len(numbers) > UNREAD_PAGES_SHOWN else "")
        warnings.append(
            f"{sum(pages.unread.values())} piece(s) of text in a font without metrics could not be read "
            f"(PDFium leaves them out) on page(s) {shown}"
        )
    return PdfResult(paragraphs=paragraphs, removed=removed + groups, warnings=warnings)
