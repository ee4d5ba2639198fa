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

# Decimal headings go this many places deep: `2.1.2.1`.
DECIMAL_DEPTH = 4


def _decimal_heading(depth: int) -> LazyPattern:
    """The marker of a decimal heading ``depth`` places deep, followed by Han: `2.1.2国家…`."""
    number = r"\.".join([r"\d{1,2}"] * depth)
    return lazy_re(rf"^(?P<n>{number})(?=[ \u3000]*+[\u4e00-\u9fff])")


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
    # Decimal headings of emergency plans and standards, a kind per depth: `1 总则`,
    # `2.1 组织机构`, `2.1.2国家粮食应急工作指挥部办公室及其职责`, `4.2.1.1 …`. A heading
    # opens with Han after its number; check_decimals() keeps only those whose neighbours
    # agree (`1.5万人次` alone is a number, not a heading).
    *((f"decimal{depth}", _decimal_heading(depth)) for depth in range(1, DECIMAL_DEPTH + 1)),
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
# An item number with digits right after it, read as a decimal until its neighbours say
# otherwise: `1.80周岁及以上的；` before `2.纯老家庭…`.
DIGIT_AFTER_NUMBER = lazy_re(r"^(?P<n>\d{1,3})[.．](?=\d)")
# The kinds of decimal headings, whose marker is their whole path (`2.1.2`).
DECIMAL_KINDS = frozenset(f"decimal{depth}" for depth in range(1, DECIMAL_DEPTH + 1))
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


def cn_numeral(n: int) -> str:
    """Return ``n`` (1–9999) as a 公文 writes it: 13 → 十三, 20 → 二十, 102 → 一百零二."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n - 10] if n > 10 else "")
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, value)
        if d:
            out += ("零" if zero and out else "") + digits[d] + unit
            zero = False
        elif out:
            zero = True
    return out


@dataclass(slots=True)
class Marked:
    """A paragraph that opens with a numbering marker."""

    kind: str
    marker: str
    number: int | None
    rest: str


def match_marker(paragraph: str) -> Marked | None:
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
    number = m["n_" + kind]
    if kind in DECIMAL_KINDS:  # `2.1.2`: the last place is the number among siblings
        number = number.rsplit(".", 1)[-1]
    # Markers repeat (`（一）` opens a clause under every heading): one string each, shared.
    return Marked(kind, sys.intern(m.group(0)), cn_number(number), rest)


def check_decimals(marked: list[Marked | None]) -> list[Marked | None]:
    """Return ``marked`` with each decimal heading its neighbours do not confirm set to None.

    A heading `2.1.2` is one when its previous sibling `2.1.1` stands before it or its next
    `2.1.3` after it, or when it is a first child (`2.1.1`) under its parent `2.1`; a bare
    `2 组织指挥体系` when its first child `2.1` follows. A paragraph that merely opens with a
    number (`1.5万人次…`, `3个月内…`) has no such neighbours.
    """
    places: dict[tuple[int, ...], list[int]] = {}
    for i, m in enumerate(marked):
        if m is not None and m.kind in DECIMAL_KINDS:
            places.setdefault(_decimal(m.marker), []).append(i)
    if not places:
        return marked
    out = list(marked)
    for path, indexes in places.items():
        for i in indexes:
            if not _confirmed(path, i, places):
                out[i] = None
    return out


def _decimal(marker: str) -> tuple[int, ...]:
    return tuple(int(x) for x in marker.strip(" \u3000").split("."))


def _confirmed(path: tuple[int, ...], at: int, places: dict[tuple[int, ...], list[int]]) -> bool:
    before = path[:-1] + (path[-1] - 1,)
    after = path[:-1] + (path[-1] + 1,)

    def has_child(parent: tuple[int, ...], i: int) -> bool:
        return any(j > i for j in places.get(parent + (1,), ()))

    if len(path) == 1:  # `2 组织指挥体系`: by its first child, or a neighbour that has one (`1 范围`)
        return (
            has_child(path, at)
            or any(i < at and has_child(before, i) for i in places.get(before, ()))
            or any(i > at and has_child(after, i) for i in places.get(after, ()))
        )
    if any(i < at for i in places.get(before, ())) or any(i > at for i in places.get(after, ())):
        return True
    return path[-1] == 1 and any(i < at for i in places.get(path[:-1], ()))


def check_numbers_before_digits(
    paragraphs: tuple[str, ...] | list[str], marked: list[Marked | None]
) -> list[Marked | None]:
    """Return ``marked`` with each `N.` followed by a digit taken as item N where its neighbours
    say so: the nearest item after it is N+1, or the nearest before it N-1.

    `1.80周岁及以上的；` reads as the number 1.80 on its own; before `2.纯老家庭…` it is item 1
    (`80周岁及以上的`). A `1.5万人` with no such neighbour stays text.
    """
    out = list(marked)
    for i, p in enumerate(paragraphs):
        if out[i] is not None or not p[:1].isdigit() or not (m := DIGIT_AFTER_NUMBER.match(p)):
            continue
        n = int(m["n"])
        after = next((x for x in out[i + 1 :] if x is not None), None)
        before = next((x for x in reversed(out[:i]) if x is not None), None)
        if (after is not None and after.kind == "arabic" and after.number == n + 1) or (
            before is not None and before.kind == "arabic" and before.number == n - 1
        ):
            out[i] = Marked("arabic", sys.intern(m.group(0)), n, p[m.end() :])
    return out
