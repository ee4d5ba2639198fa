"""Text extracted from a PDF: drop page furniture, rejoin hard-wrapped lines.

pdftotext prints every line as the page had it: wrapped at a fixed width in mid-word
(`（卫` / `生健康委、…`), page numbers on their own lines, a running header on every
page. The width tells where paragraphs end: a paragraph's last line is short, its
first line is two characters short (the lost indent), every other line is full.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from policytool.chars import display_width, ends_sentence, modal_width
from policytool.cleaning.dates import DATE_LINE_END, standalone_date
from policytool.cleaning.meta import DOC_NUMBER_END, TITLE_ABOUT, doc_number
from policytool.ingest import HEADING_START, ITEM_START, is_heading, may_be_marked, sentence_marks
from policytool.model import Removed
from policytool.patterns import lazy_re, lazy_regex

# Page numbers on a line of their own: `3`, `— 3 —`, `- 3 -`, `第3页 共12页`, `3/12`. No two
# `\s*` meet (`页\s*(?:(?:[，,/]\s*)?共`): they split a run of spaces every way before failing.
PAGE_NUMBER = lazy_re(
    r"^(?:\d{1,4}|[—–\-－]{1,2}\s*\d{1,4}\s*[—–\-－]{1,2}|第\s*\d{1,4}\s*页\s*(?:(?:[，,/]\s*)?共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*第\s*\d{1,4}\s*页|\d{1,4}\s*/\s*\d{1,4}|Page\s*\d+(?:\s*of\s*\d+)?)$",
    re.IGNORECASE,
)
# A letter, digit or Han character: what a running header has and a stray `）` lacks.
WORD = lazy_regex(r"[\p{L}\p{N}]")
# A qualifier printed on its own line under a title: `（2019-2022 年）`, `（征求意见稿）`.
QUALIFIER = lazy_re(r"^[（(][^（）()]{0,20}(?:\d{4}|年|稿|试行|暂行|修订|草案)[^（）()]{0,20}[）)]$")
# A responsibility tag wrapped onto its own line joins its task: `（教育部、人力资源社会
# 保障部、…分别负` (a numbering marker such as `（一）` is not one).
DUTY_TAG = lazy_re(r"^[（(](?![一二三四五六七八九十百\d]+[）)])[^（）()]{0,60}(?:、|负责?|牵头|配合|参与)")

# Below this many lines a text is too short to measure a line width.
MIN_LINES = 12
# A text whose full lines are narrower than this (in cells) is not hard-wrapped.
MIN_FULL = 30
# A line at most this many cells short of full width is full (punctuation squeezing).
FULL_SLACK = 3
# A paragraph's first line lacks the two-character indent: 4 cells, give or take.
INDENT_MIN, INDENT_MAX = 3, 8


@dataclass
class PdfResult:
    """Reflowed paragraphs and the furniture taken out."""

    paragraphs: list[str]
    removed: list[Removed] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def strip_furniture(lines: list[str]) -> tuple[list[str], list[Removed]]:
    """Return lines without page numbers and running headers, and what was removed.

    A running header or footer is a short line that stands next to a page break
    (a page number or a form feed) on two or more pages. A numbered heading (`一、…`,
    `1.…`) or a line with commas (a wrapped line of body text) is content even when a page
    happens to break next to it twice.
    """
    removed: list[Removed] = []
    kept: list[str] = []
    breaks: list[int] = []  # indexes in ``kept`` where a new page starts
    for raw in lines:
        if "\f" in raw:
            breaks.append(len(kept))
            raw = raw.replace("\f", "")
        line = raw.strip(" \t\u3000\xa0")
        if not line:
            continue
        if PAGE_NUMBER.match(line):
            removed.append(Removed(line, "page-number"))
            breaks.append(len(kept))
            continue
        kept.append(line)
    edges: Counter[str] = Counter()
    for b in set(breaks):
        # Each page break counts a line once, whether it stands above or below it.
        edges.update({kept[i] for i in (b - 1, b) if 0 <= i < len(kept) and len(kept[i]) <= 40})
    # A header says something: a line of punctuation alone (the `）` a wrap left over) is
    # the tail of a paragraph, however often it falls next to a page break.
    repeated = {
        line
        for line, count in edges.items()
        if count >= 2
        and WORD.search(line)
        and not ends_sentence(line)
        and not sentence_marks(line)
        and not HEADING_START.match(line)
        and not ITEM_START.match(line)
    }
    if repeated:
        removed.extend(Removed(line, "running-header") for line in kept if line in repeated)
        kept = [line for line in kept if line not in repeated]
    return kept, removed


def _full_width(widths: list[int], ends: list[bool]) -> int:
    """Return the width of a full line: the common width of lines that stop mid-sentence.

    A line is cut mid-sentence only because the page was full; last lines, headings and
    one-line paragraphs end their sentence and say nothing of the page width.
    """
    wrapped = [w for w, end in zip(widths, ends, strict=True) if not end]
    if len(wrapped) < MIN_LINES:
        return max(widths)  # too few lines for a common width to show
    return modal_width(wrapped)


def reflow(lines: list[str]) -> list[str]:
    """Return paragraphs rebuilt from hard-wrapped ``lines`` (furniture already gone)."""
    if not lines:
        return []
    # Each line's width and whether it ends a sentence, worked out once: every line is
    # looked at as the line, as the next line and as the one after.
    widths = [display_width(x) for x in lines]
    ends = [ends_sentence(x) for x in lines]
    marked = [may_be_marked(x) for x in lines]
    headings = [m and is_heading(x, e) for x, e, m in zip(lines, ends, marked, strict=True)]
    full = _full_width(widths, ends)
    if full < MIN_FULL:
        return _join_titles(list(lines))  # lines this short were never wrapped
    # A 发文字号 or a date line stands alone; only lines ending as they end are read as one.
    ends_alone = (DOC_NUMBER_END, DATE_LINE_END)
    alone = [x.rstrip()[-1:] in ends_alone and bool(doc_number(x) or standalone_date(x)) for x in lines]
    paragraphs: list[str] = []
    current: list[str] = []
    starting = True  # the current line is the first of its paragraph
    widths.append(0)  # past the last line
    for i, line in enumerate(lines):
        current.append(line)
        if i + 1 == len(lines) or _ends_paragraph(lines, widths, ends, marked, headings, alone, i, full, starting):
            paragraphs.append(_join(current))
            current = []
            starting = True
        else:
            starting = False
    return _join_titles(paragraphs)


def _ends_paragraph(
    lines: list[str],
    widths: list[int],
    ends: list[bool],
    marked: list[bool],
    headings: list[bool],
    alone: list[bool],
    i: int,
    full: int,
    starting: bool,
) -> bool:
    """Decide whether a paragraph ends after line ``i``, given the two lines that follow.

    ``widths`` has one more item than ``lines`` (a 0 past the last line); ``ends``,
    ``marked``, ``headings`` and ``alone`` say of each line whether it ends a sentence,
    may open with a mark, is a heading, and is a line that stands alone.
    """
    line, nxt = lines[i], lines[i + 1]
    width, nxt_width, after_width = widths[i], widths[i + 1], widths[i + 2] if i + 2 < len(widths) else 0
    # Tags, headings and items all open with a mark: most lines fail that one test.
    nxt_marked = marked[i + 1]
    if nxt_marked and DUTY_TAG.match(nxt) and not headings[i + 1]:
        return False
    if (nxt_marked and HEADING_START.match(nxt)) or headings[i]:
        return True
    # Lines of the notice's head stand alone: its title, 发文字号 and date.
    # (A title names what it is `关于`: most lines fail that test unscanned.)
    if ("关于" in line and TITLE_ABOUT.match(line)) or alone[i + 1]:
        return True
    if nxt_marked and ITEM_START.match(nxt) and ends[i]:
        return True
    if width >= full - FULL_SLACK:
        # A full line goes on, unless it closed a sentence and the next line is
        # indented like a paragraph's first line that itself goes on
        # (a first line that itself ends a sentence is one when a full line follows it.)
        indented = full - INDENT_MAX <= nxt_width <= full - INDENT_MIN
        goes_on = not ends[i + 1] or after_width >= full - FULL_SLACK
        return ends[i] and indented and goes_on
    if starting and width >= full - INDENT_MAX:
        # An indented first line goes on when it breaks mid-sentence, or when a full
        # line follows (a new paragraph would start indented, never full).
        return ends[i] and nxt_width < full - FULL_SLACK
    return True


def _join(lines: list[str]) -> str:
    """Join wrapped lines: nothing between them, a space between two Latin words."""
    out = lines[0]
    for line in lines[1:]:
        if out[-1:].isascii() and out[-1:].isalpha() and line[:1].isascii() and line[:1].isalpha():
            out += " "
        out += line
    return out


def _join_titles(paragraphs: list[str]) -> list[str]:
    """Join a title printed on two lines: `…行动纲要` + `（2019-2022 年）`, or
    `…办公厅关于加快推进` + `农村客货邮融合发展的通知`."""
    out: list[str] = []
    for p in paragraphs:
        prev = out[-1] if out else ""
        short_title_line = prev and len(prev) <= 60 and not ends_sentence(prev) and not is_heading(prev)
        if short_title_line and (
            QUALIFIER.match(p) or (not TITLE_ABOUT.match(prev) and TITLE_ABOUT.match(prev + p) and len(p) <= 40)
        ):
            out[-1] += p
        else:
            out.append(p)
    return out


def pdf_to_paragraphs(lines: list[str]) -> PdfResult:
    """Return the paragraphs of a PDF text dump with its furniture recorded."""
    kept, removed = strip_furniture(lines)
    return PdfResult(paragraphs=reflow(kept), removed=removed)
