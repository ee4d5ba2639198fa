"""Whitespace inside a paragraph: layout, not content, in Chinese text."""

from __future__ import annotations

from policytool.patterns import lazy_re, lazy_regex

# Any run of whitespace, including U+3000 ideographic space and NBSP (scraped indents).
SPACES = lazy_re(r"[\s\u3000\u00a0\u200b\ufeff]+")

# Whitespace with a CJK character or full-width mark on either side: `到 2022 年`,
# `体系, 优质` (PDF and HTML layout leftovers). Between two Latin words it stays.
CJK_GAP = lazy_regex(
    r"(?<=[\p{Han}\u3000-\u303f\uff00-\uffef“”‘’…—《》])[ ]+"
    r"|[ ]+(?=[\p{Han}\u3000-\u303f\uff00-\uffef“”‘’…—《》])"
)

# A name printed letter-spaced, one Han character per token: `教  育  部`, `自 然 资 源 部`.
LETTER_SPACED = lazy_regex(r"^\p{Han}(?:[ \u3000\u00a0]+\p{Han}){1,11}$")

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
    if not UNTIDY.search(text):
        return text
    # Most paragraphs are untidy at their edges only (an indent of `　　`): what
    # str.strip() takes is whitespace the steps below would take too.
    stripped = text.strip()
    if not UNTIDY.search(stripped):
        return stripped
    return tidy(text)


def tidy(text: str) -> str:
    """Every step of normalize_paragraph() on any text, without its shortcuts."""
    text = CONTROLS.sub("", text)
    text = SPACES.sub(" ", text).strip()
    if LETTER_SPACED.match(text):
        return text.replace(" ", "")
    return CJK_GAP.sub("", text)


def normalize_newlines(text: str) -> str:
    """Return ``text`` with CRLF and lone CR line endings turned into LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
