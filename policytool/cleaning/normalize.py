"""Whitespace inside a paragraph: layout, not content, in Chinese text."""

from __future__ import annotations

from policytool.chars import HAN_OR_WORD, all_han, is_han
from policytool.patterns import lazy_re

# Any run of whitespace, including U+3000 ideographic space and NBSP (scraped indents).
SPACES = lazy_re(r"[\s\u3000\u00a0\u200b\ufeff]+")

# Spaces with a CJK character or full-width mark on either side go: `到 2022 年`,
# `体系, 优质` (PDF and HTML layout leftovers). Between two Latin words they stay.
GAP = lazy_re(r" +")
# The marks that count as CJK beside Han: CJK punctuation (U+3000–U+303F), full-width
# forms (U+FF00–U+FFEF) and the quotes and dashes of Chinese text.
CJK_MARKS = "“”‘’…—《》"

# A name printed letter-spaced, one Han character per token: `教  育  部`, `自 然 资 源 部`
# (each token Han: letter_spaced() checks).
LETTER_SPACED = lazy_re(rf"^{HAN_OR_WORD}(?:[ \u3000\u00a0]+{HAN_OR_WORD}){{1,11}}$")
LETTER_SPACING = str.maketrans("", "", " \u3000\u00a0")

# Control characters other than tab/newline: left by broken converters.
CONTROLS = lazy_re(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Anything the steps below would change; most Chinese paragraphs hold none of it.
UNTIDY = lazy_re(r"[\s\u3000\u00a0\u200b\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalize_paragraph(text: str) -> str:
    """Return ``text`` with layout whitespace removed and spaced names joined.

    >>> normalize_paragraph("　　到 2022 年,基本形成")
    '到2022年,基本形成'
    >>> normalize_paragraph("教  育  部")
    '教育部'
    """
    if _untouched(text):
        return text
    # Most paragraphs are untidy at their edges only (an indent of `　　`): what
    # str.strip() takes is whitespace the steps below would take too.
    stripped = text.strip()
    if _untouched(stripped):
        return stripped
    return tidy(text)


def _untouched(text: str) -> bool:
    """True if the steps of normalize_paragraph() would not change ``text``.

    Everything UNTIDY matches but the space is unprintable, and str.isprintable() reads a
    paragraph several times faster than a search for UNTIDY does.
    """
    return (" " not in text and text.isprintable()) or not UNTIDY.search(text)


def tidy(text: str) -> str:
    """Every step of normalize_paragraph() on any text, without its shortcuts."""
    text = CONTROLS.sub("", text)
    text = SPACES.sub(" ", text).strip()
    if letter_spaced(text):
        return text.replace(" ", "")
    return GAP.sub(lambda m: "" if is_cjk(text, m.start() - 1) or is_cjk(text, m.end()) else m[0], text)


def letter_spaced(text: str) -> bool:
    """True if ``text`` is 2–12 Han characters with spaces between them."""
    return LETTER_SPACED.match(text) is not None and all_han(text.translate(LETTER_SPACING))


def is_cjk(text: str, i: int) -> bool:
    """True if ``text[i]`` exists and is Han, CJK punctuation or a full-width form."""
    if not 0 <= i < len(text):
        return False
    ch = text[i]
    return "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef" or ch in CJK_MARKS or is_han(text, i)


def normalize_newlines(text: str) -> str:
    """Return ``text`` with CRLF and lone CR line endings turned into LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
