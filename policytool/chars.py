"""Character classes shared by every stage: what counts as Han, terminal punctuation, line width."""

from __future__ import annotations

import re
from collections.abc import Iterable

from policytool.patterns import lazy_re

# The Han script, as `regex` reads `\p{Han}` (Unicode 17): radicals, 々 〇 〡–〩 〸–〻, the
# unified ideographs and their extensions, compatibility ideographs. Written out for the
# stdlib engine: this one class compiles in 2 ms, where loading `regex` costs 8 ms of a
# one-off run. A test checks it against `regex`, character by character.
HAN_CLASS = (
    "[\u2e80-\u2e99\u2e9b-\u2ef3\u2f00-\u2fd5\u3005\u3007\u3021-\u3029\u3038-\u303b"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufa6d\ufa70-\ufad9\U00016fe2\U00016fe3\U00016ff0-\U00016ff6"
    "\U00020000-\U0002a6df\U0002a700-\U0002b81d\U0002b820-\U0002cead\U0002ceb0-\U0002ebe0"
    "\U0002ebf0-\U0002ee5d\U0002f800-\U0002fa1d\U00030000-\U0003134a\U00031350-\U00033479]"
)
# A run of Han characters: `国务院`. The one pattern compiled with HAN_CLASS (each further
# one would cost another 2 ms): `HAN_RUN.match(text, i)` asks whether text[i] is Han.
HAN_RUN = lazy_re(HAN_CLASS + "+")
# Any Han character, and any other word character (letters of any script, digits, _):
# one class, cheap to compile (the BMP ideographs are `\w`). A pattern uses it where Han
# stands, and its caller checks the span with all_han(); patterns that must stand alone
# use `\p{Han}` with `regex`.
HAN_OR_WORD_CHARS = r"\w\u2e80-\u2fdf\U00016fe2-\U00016ff6\U00020000-\U0003347f"
HAN_OR_WORD = f"[{HAN_OR_WORD_CHARS}]"

# Sentence-final or clause-final marks that may end a paragraph: 。 ！ ？ ； ： and the
# closing brackets/quotes that follow them (…负责）, …”。).
TERMINAL = "。！？；：!?;:…"
CLOSERS = "）)」』”’》】〕］]"


def han_count(text: str) -> int:
    """Return the number of Han characters in ``text``."""
    # An ASCII string (the whitespace between tags, say) is known Han-free without a scan.
    if text.isascii():
        return 0
    # Runs, not single characters: Chinese text is long runs of Han, and one match per run
    # is several times faster than one per character.
    return sum(map(len, HAN_RUN.findall(text)))


def is_han(text: str, i: int = 0) -> bool:
    """Return True if ``text[i]`` is a Han character."""
    return HAN_RUN.match(text, i, i + 1) is not None


def all_han(text: str) -> bool:
    """Return True if ``text`` is Han characters only (and not empty)."""
    return HAN_RUN.fullmatch(text) is not None


# has_han() reads this many characters at a time.
HAN_WINDOW = 4096


def has_han(text: str, n: int) -> bool:
    """Return True if ``text`` holds at least ``n`` Han characters; stops at the n-th.

    A test on the head of a 50 MB one-line file must not count all of it: the text is
    read a window at a time.
    """
    found = 0
    for start in range(0, len(text), HAN_WINDOW):
        for m in HAN_RUN.finditer(text, start, start + HAN_WINDOW):
            found += m.end() - m.start()
            if found >= n:
                return True
    return False


def display_width(text: str) -> int:
    """Return the width of ``text`` in half-width cells, as a PDF line would print it.

    Counted from the UTF-8 length, which is fast: Han, CJK punctuation, full-width forms
    and the quotes and dashes of Chinese text (U+0800 and up) take three bytes and two
    cells; ASCII takes one byte and one cell. The few two-byte letters (é, ±) count half
    a cell extra, and PDF line widths need no more precision than that.
    """
    n = len(text)
    return n + (len(text.encode("utf-8", "surrogatepass")) - n) // 2


def ends_sentence(text: str) -> bool:
    """Return True if ``text`` ends with terminal punctuation (closers skipped)."""
    trimmed = text.rstrip()
    stripped = trimmed.rstrip(CLOSERS)
    if not stripped:
        return False
    last = stripped[-1]
    if last in TERMINAL:
        return True
    if last == "." and len(stripped) > 1 and not stripped[-2].isascii():
        return True  # half-width full stop after Han text (`…服务业体系.`), not `13.` or `v1.`
    # A line that is a closed bracket, such as a duty tag （…负责）, also ends a sentence.
    return len(stripped) < len(trimmed) and trimmed[-1] in "）)"


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


def alternation(words: Iterable[str]) -> str:
    """Return a regex source matching any of ``words``, the longest where several fit.

    The words are merged into a trie (`卫生健康委|卫生部` → `卫生(?:健康委|部)`), so the
    engine tries one branch per character instead of every word at every position:
    hundreds of department names cost little more than one.
    """
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_source(trie)


def _trie_source(node: dict) -> str:
    branches = []
    for ch, child in sorted(node.items()):
        if not ch:
            continue
        # A run of nodes with one way on (`人民共和国`) is written in one piece.
        run = ch
        while len(child) == 1 and "" not in child:
            ((ch, child),) = child.items()
            run += ch
        branches.append(re.escape(run) + _trie_source(child))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # An optional longer branch is tried first: greedy `?` gives the longest match.
    return f"(?:{body})?" if "" in node else body
