"""Character classes shared by every stage: what counts as Han, CJK, terminal punctuation."""

from __future__ import annotations

import itertools
import unicodedata

import regex

# One Han character, any plane: 健, 〇 is not Han but a CJK symbol.
HAN = regex.compile(r"\p{Han}")

# Characters that take a full cell in a Chinese line: Han, full-width forms, CJK
# punctuation (、。，：；！？（）《》〔〕【】“”‘’…—).
_WIDE_AMBIGUOUS = set("“”‘’…—·°±×÷§№※")

# Whitespace next to any of these is layout, not content: Chinese uses no spaces.
CJK = regex.compile(r"[\p{Han}\u3000-\u303f\uff00-\uffef“”‘’…—《》〈〉]")

# Sentence-final or clause-final marks that may end a paragraph: 。 ！ ？ ； ： and the
# closing brackets/quotes that follow them (…负责）, …”。).
TERMINAL = "。！？；：!?;:…"
CLOSERS = "）)」』”’》】〕］]"


def han_count(text: str) -> int:
    """Return the number of Han characters in ``text``."""
    # subn counts without building a list of one-character strings (twice as fast on MBs).
    return HAN.subn("", text)[1]


def has_han(text: str, n: int) -> bool:
    """Return True if ``text`` holds at least ``n`` Han characters; stops at the n-th.

    A test on the head of a 50 MB one-line file must not count all of it.
    """
    return sum(1 for _ in itertools.islice(HAN.finditer(text), n)) >= n


def display_width(text: str) -> int:
    """Return the width of ``text`` in half-width cells, as a PDF line would print it."""
    width = 0
    for ch in text:
        if ch in _WIDE_AMBIGUOUS or unicodedata.east_asian_width(ch) in "WF":
            width += 2
        else:
            width += 1
    return width


def ends_sentence(text: str) -> bool:
    """Return True if ``text`` ends with terminal punctuation (closers skipped)."""
    stripped = text.rstrip().rstrip(CLOSERS)
    if not stripped:
        return False
    if stripped[-1] in TERMINAL:
        return True
    if stripped[-1] == "." and len(stripped) > 1 and not stripped[-2].isascii():
        return True  # half-width full stop after Han text (`…服务业体系.`), not `13.` or `v1.`
    # A line that is a closed bracket, such as a duty tag （…负责）, also ends a sentence.
    return len(stripped) < len(text.rstrip()) and text.rstrip()[-1] in "）)"


def modal_width(widths: list[int]) -> int:
    """Return the width of a full line: the most common width among the long lines.

    Headings and last lines are short; only lines of at least 60% of the longest count,
    and a tie goes to the wider width.
    """
    if not widths:
        return 0
    floor = 0.6 * max(widths)
    counts: dict[int, int] = {}
    for w in widths:
        if w >= floor:
            counts[w] = counts.get(w, 0) + 1
    return max(counts, key=lambda w: (counts[w], w))
