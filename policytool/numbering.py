"""The numbering markers of Chinese policy documents: one table, read by every stage.

A clause opens with one of them (第一章, 一、, （一）, 1., （1）, ①); the 附件 list after a
body numbers its names with them too. The table is in canonical order, outermost first.
"""

from __future__ import annotations

import sys
import unicodedata
from dataclasses import dataclass

from policytool.patterns import LazyPattern, lazy_re

_CN = "零〇一二三四五六七八九十百千两"

# The numbering markers, in canonical order from the outermost level inwards. Each
# pattern matches at the start of a paragraph; group `n` is the number.
NUMBERING: tuple[tuple[str, LazyPattern], ...] = (
    # 第一编 总则   (a code's or a long law's 编, above its chapters)
    ("book", lazy_re(rf"^第(?P<n>[{_CN}\d]{{1,5}})编")),
    # 第一章 总则
    ("chapter", lazy_re(rf"^第(?P<n>[{_CN}\d]{{1,5}})章")),
    # 第一节 一般规定
    ("section", lazy_re(rf"^第(?P<n>[{_CN}\d]{{1,5}})节")),
    # 第三条 本办法所称…
    ("article", lazy_re(rf"^第(?P<n>[{_CN}\d]{{1,5}})条")),
    # 一、总体要求   (or 一．: a 、 or a full stop after a Chinese numeral)
    ("cn", lazy_re(rf"^(?P<n>[{_CN}]{{1,4}})\s*[、.．]")),
    # （一）指导思想   (一)健康保险
    ("paren_cn", lazy_re(rf"^[（(]\s*(?P<n>[{_CN}]{{1,4}})\s*[）)]")),
    # 1.推进…   1．推进…   1、推进…   13.建设…   (not 1.5万, not 2022年)
    ("arabic", lazy_re(r"^(?P<n>\d{1,3})\s*[.．、](?!\d)")),
    # （1）…   (1)…
    ("paren_arabic", lazy_re(r"^[（(]\s*(?P<n>\d{1,3})\s*[）)]")),
    # ①…
    ("circled", lazy_re(r"^(?P<n>[①-⑳])")),
)
KIND_ORDER = [kind for kind, _ in NUMBERING]
# The same table as one pattern, tried in the same order: one match per paragraph
# instead of up to eight. Group `k` is the kind's marker, `n_k` its number.
ANY_MARKER = lazy_re(
    "^(?:"
    + "|".join(
        f"(?P<{kind}>{p.pattern.removeprefix('^').replace('(?P<n>', f'(?P<n_{kind}>')})" for kind, p in NUMBERING
    )
    + ")"
)
# A paragraph can open with a marker only if it starts with one of these (or a digit):
# most paragraphs are rejected by this one test instead of eight patterns.
MARKER_START = frozenset("第（(" + _CN)

# Text printed between a marker and its title: spaces.
GAP = lazy_re(r"^[\s\u3000]+")


def cn_number(text: str) -> int | None:
    """Return the value of a Chinese or Arabic numeral: 十三 → 13, 一百零二 → 102, ⑤ → 5."""
    text = unicodedata.normalize("NFKC", text)
    if text.isdigit():
        return int(text)
    if len(text) == 1 and "①" <= text <= "⑳":
        return ord(text) - ord("①") + 1
    digits = {
        "零": 0,
        "〇": 0,
        "一": 1,
        "二": 2,
        "两": 2,
        "三": 3,
        "四": 4,
        "五": 5,
        "六": 6,
        "七": 7,
        "八": 8,
        "九": 9,
    }
    units = {"十": 10, "百": 100, "千": 1000}
    total, current = 0, 0
    for ch in text:
        if ch in digits:
            current = digits[ch]
        elif ch in units:
            total += (current or 1) * units[ch]
            current = 0
        else:
            return None
    return total + current


@dataclass(slots=True)
class _Marked:
    """A paragraph that opens with a numbering marker."""

    kind: str
    marker: str
    number: int | None
    rest: str


def match_marker(paragraph: str) -> _Marked | None:
    """Return the numbering marker that opens ``paragraph``, or None."""
    first = paragraph[:1]
    if first not in MARKER_START and not first.isdigit():
        return None
    m = ANY_MARKER.match(paragraph)
    if m is None:
        return None
    rest = GAP.sub("", paragraph[m.end() :])
    if not rest:
        return None  # a bare `1.` or `（一）` alone is not a clause
    kind = m.lastgroup
    # Markers repeat (`（一）` opens a clause under every heading): one string each, shared.
    return _Marked(kind, sys.intern(m.group(0)), cn_number(m["n_" + kind]), rest)
