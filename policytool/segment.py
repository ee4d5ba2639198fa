"""Paragraphs → clause tree: the numbering markers of Chinese policy documents.

A level is decided by the marker's kind, never by position: the kinds a document uses
are ranked in the canonical order of NUMBERING (第X章 above 第X节 above 第X条 above 一、
above （一） above 1. above （1） above ①), so a `13.` under an orphan `(三)` stays level 3
and no parent is invented. Paragraphs that open with a short lead sentence
(`建设区域医疗中心。依托…`) and dash bullets (`——…`) are clauses one below the
numbered clause they stand under; any other paragraph belongs to the clause above it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policytool.chars import HAN_OR_WORD, all_han, is_han
from policytool.cleaning.dates import standalone_date
from policytool.cleaning.meta import (
    ATTACHMENT_LIST,
    TITLE_ABOUT,
    TITLE_PLAN,
    attachment_name,
    signature_blocks,
    title_lines,
)
from policytool.model import INNER_KINDS, Clause, Cleaned, Document
from policytool.numbering import (
    ANY_MARKER,
    DECIMAL_KINDS,
    KIND_ORDER,
    NUMBERING,
    Marked,
    check_decimals,
    check_numbers_before_digits,
    cn_number,
    match_marker,
)
from policytool.patterns import lazy_re

__all__ = ["ANY_MARKER", "NUMBERING", "cn_number", "match_marker", "segment"]

# A dash bullet of a goal list: `——公共卫生服务能力显著增强。…`.
BULLET = lazy_re(r"^(?:——|--|－－|—)\s*(?=\S)")
# The heading of an attachment, `附件1`, `附件二`: like the list of attachments (ATTACHMENT_LIST),
# what follows it is no clause of the last section.
ATTACHMENT_HEAD = lazy_re(r"^附\s*+件\s*+[\d一二三四五六七八九十]*+\s*+[:：]?\s*+$")  # possessive: read once
# The kinds of an article's enumerated items: `（一）`, `1.`, `（1）`, `①`.
ITEM_KINDS = ("cn", "paren_cn", "arabic", "paren_arabic", "circled")
# An item of an enumeration run through a paragraph, `一是坚持以人民为中心，…。二是坚持依法合规，…`:
# the ordinal and 是 open the paragraph's text or a sentence.
ENUM_ITEM = lazy_re(r"(?:^|(?<=[。；;：:]))[ \u3000]*+(?P<n>[一二三四五六七八九十]{1,2})是(?=[^\s，,。；;])")
# The ordinal of each item in turn.
ENUM_ORDINALS = "一二三四五六七八九十"
# Where a paragraph may run on into its next numbered item: after `；` or `。`, spaces taken.
ITEM_SEPARATOR = lazy_re(r"[；;。](?:[ \u3000]*+)")
# What the next item of a run-in list starts with: a digit, a bracket, a numeral, ①.
ITEM_OPENERS = frozenset("0123456789（(一二三四五六七八九十①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳")
# A mark that ends a paragraph's first sentence: `建设区域医疗中心。`; so does a half-width
# full stop after Han with text after it (`建设健康保险服务业发展平台.` in 003).
SENTENCE_END = lazy_re(r"[。；;！？!?]")
# A lead sentence is a short phrase: no commas or colons inside (、 is fine:
# `突出重点、优化结构。`), and no table cell's edge (`1 | 有序扩大家庭医生来源。| …`, a row of a
# table), at most LEAD_MAX characters.
LEAD_FORBIDDEN = lazy_re(r"[，,：:；;|]")
LEAD_MAX = 30
# An article's title, only ever in brackets after its number: `【立法目的】`, `（适用范围）`.
ARTICLE_TITLE = lazy_re(r"^[【\[［（(](?P<title>[^】\]］）()（\n，,。]{1,20})[】\]］）)]")
# A lead sentence of two parallel phrases, the style of 基本原则: `突出重点、优化结构`;
# both are Han (_parallel_lead() checks).
PARALLEL_LEAD = lazy_re(rf"^(?P<a>{HAN_OR_WORD}{{2,8}})、(?P<b>{HAN_OR_WORD}{{2,8}})$")


def split_title(rest: str) -> tuple[str | None, str]:
    """Split a clause's text after its marker into (title, body).

    `指导思想` → (指导思想, ''); `指导思想。坚持以…` → (指导思想, 坚持以…);
    a first sentence that is long or has commas is body, not a title.
    """
    stripped = rest.strip()
    # A title is short: its end, if any, lies within the first LEAD_MAX + 12 characters.
    end = first_sentence_end(stripped[: LEAD_MAX + 12])
    if end is None:
        # One phrase without a sentence end: a heading, if it is short.
        if len(stripped) <= 40 and not LEAD_FORBIDDEN.search(stripped):
            return stripped, ""
        return None, stripped
    sentence, after = stripped[: end - 1].strip(), stripped[end:].strip()
    if len(sentence) <= LEAD_MAX + 10 and not LEAD_FORBIDDEN.search(sentence):
        return sentence, after
    return None, stripped


def article_title(rest: str) -> tuple[str | None, str]:
    """Split an article's text after `第X条` into (title, body).

    Laws give an article no title but one written in brackets (`第一条【立法目的】`,
    `第二条（适用范围）`): its first sentence, however short, is the article's text.
    """
    stripped = rest.strip()
    if m := ARTICLE_TITLE.match(stripped):
        return m["title"].strip(), stripped[m.end() :].strip()
    return None, stripped


def first_sentence_end(text: str) -> int | None:
    """Return where the first sentence of ``text`` ends (just past its mark), or None.

    The sentence must hold a character before its mark. One search for the mark, then
    the full stops before it: this runs on every paragraph, and one lazy scan with a
    look-behind for Han costs several times more.
    """
    found = SENTENCE_END.search(text)
    stop = found.start() if found else len(text)
    if stop == 0:
        return None
    dot = text.find(".", 1, stop)
    while dot > 0:
        if dot + 1 < len(text) and not text[dot + 1].isspace() and is_han(text, dot - 1):
            return dot + 1
        dot = text.find(".", dot + 1, stop)
    return stop + 1 if found else None


def lead_sentence(paragraph: str) -> tuple[str, str] | None:
    """Return (title, body) if an unnumbered paragraph opens with a lead sentence."""
    end = first_sentence_end(paragraph[: LEAD_MAX + 2])
    if end is None:
        return None
    sentence, after = paragraph[: end - 1].strip(), paragraph[end:].strip()
    if not after or len(sentence) > LEAD_MAX or len(sentence) < 2 or LEAD_FORBIDDEN.search(sentence):
        return None
    return sentence, after


@dataclass(slots=True)
class _Node:
    """A clause being built; ``own`` collects the indexes of its own paragraphs."""

    kind: str
    marker: str
    number: int | None
    title: str | None
    first_body: str
    own: list[int]
    parent: _Node | None
    rank: int = 0  # level of a numbered kind; 0 for parts
    leads: int = 0
    bullets: int = 0
    id: str = ""
    label: str = ""
    level: int = 0
    children: list[_Node] = field(default_factory=list)
    piece: tuple[int, int] | None = None  # a lead clause's character range in its paragraph
    title_lines: int = 0  # a part's title: the paragraphs it is set over


def _after_article_items(stack: list[_Node], paragraphs: tuple[str, ...], i: int) -> bool:
    """True if the open clause is an item of an article's list that the paragraph before ended.

    `第五十条 …：（一）…；（二）…。` then `违反前款规定的，…`: the last item ended with its
    full stop, and the paragraph after it is the article's next 款. Items with text or items
    below them (`（一）第一类资助对象。` then its conditions 1.–6.) are sections, and what
    follows the next one is its own.
    """
    top = stack[-1]
    if not (
        i
        and len(stack) > 2
        and top.parent is not None
        and top.parent.kind == "article"
        and top.kind in ITEM_KINDS
        and paragraphs[i - 1].rstrip().endswith("。")
    ):
        return False
    # An item that is only a heading (`（一）第一类资助对象。`), first of its kind or after items
    # with paragraphs or items of their own, is a section of the article: what follows is its.
    if top.first_body.strip() or len(top.own) > 1:
        return True
    earlier = [c for c in top.parent.children if c.kind == top.kind and c is not top]
    return bool(earlier) and not any(c.children or len(c.own) > 1 for c in earlier)


def _part_starts(paragraphs: tuple[str, ...]) -> list[int]:
    """Return the indexes where parts begin: 0, and an attached plan's own title.

    An attached plan (`…的通知` then `“十四五”国民健康规划`) starts at a plan title that
    follows the notice's 成文日期.
    """
    starts = [0]
    seen_date = False
    for i, p in enumerate(paragraphs):
        if standalone_date(p):
            seen_date = True
        elif seen_date and i > starts[-1] and TITLE_PLAN.match(p) and match_marker(p) is None:
            starts.append(i)
            seen_date = False
    return starts


def _title_lines(paragraphs: tuple[str, ...], start: int, end: int) -> int:
    """Return how many paragraphs from ``start`` are the part's title: two or three when a
    title is set over lines (`国务院办公厅关于印发` / `国家粮食应急预案的函`), else one or none."""
    if start >= end or match_marker(paragraphs[start]) is not None:
        return 0
    head = paragraphs[start : min(end, start + 3)]
    lines = max(title_lines(head, 0, TITLE_ABOUT), title_lines(head, 0, TITLE_PLAN))
    if lines > 1:
        return lines
    return 1 if _is_title(paragraphs[start]) else 0


def _is_title(paragraph: str) -> bool:
    return bool(TITLE_ABOUT.match(paragraph) or TITLE_PLAN.match(paragraph)) and match_marker(paragraph) is None


def segment(cleaned: Cleaned) -> Document:
    """Return the clause tree of a cleaned document."""
    paragraphs = cleaned.paragraphs
    marked = check_numbers_before_digits(paragraphs, check_decimals([match_marker(p) for p in paragraphs]))
    used = {m.kind for m in marked if m}
    ranks = {kind: r for r, kind in enumerate((k for k in KIND_ORDER if k in used), start=1)}

    starts = _part_starts(paragraphs)
    closing = signature_blocks(paragraphs)
    parts: list[_Node] = []
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(paragraphs)
        lines = _title_lines(paragraphs, start, end)
        title = "".join(paragraphs[start : start + lines]) or None
        part = _Node("part", "", k + 1, title, "", list(range(start, start + lines)), None, title_lines=lines)
        parts.append(part)
        _build(part, range(start + lines, end), paragraphs, marked, ranks, closing)
    del marked  # the tree holds what it needs: the clauses are made in the room it leaves
    return Document(cleaned=cleaned, clauses=tuple(_flatten(parts, paragraphs)))


def _build(
    part: _Node, indexes: range, paragraphs: tuple[str, ...], marked: list, ranks: dict[str, int], closing: set[int]
) -> None:
    """Attach the paragraphs of one part to a tree under ``part``.

    The lines that sign the text off (``closing``: organs, 成文日期, 附注) and the list of
    attachments after the body are the part's own: the body's sections end before them.
    """
    stack: list[_Node] = [part]  # open numbered clauses, outermost first
    in_list = False  # reading the list of attachments: its numbered lines are names, not clauses
    for i in indexes:
        p = paragraphs[i]
        m = marked[i]
        if i in closing:
            del stack[1:]
            part.own.append(i)
            continue
        if ATTACHMENT_LIST.match(p) or ATTACHMENT_HEAD.match(p):
            del stack[1:]  # the body's sections end here
            in_list = bool(ATTACHMENT_LIST.match(p))
            part.own.append(i)
            continue
        if in_list and m is not None and attachment_name(p) is not None:
            part.own.append(i)
            continue
        in_list = False
        if m is None and _after_article_items(stack, paragraphs, i):
            del stack[-1]  # a 款 after an article's list of items is the article's, not the last item's
        if m is not None:
            rank = ranks[m.kind]
            while len(stack) > 1 and stack[-1].rank >= rank:
                stack.pop()
            pieces = _run_in_items(p, m)
            for a, b, item in pieces:
                title, body = article_title(item.rest) if m.kind == "article" else split_title(item.rest)
                piece = (a, b) if len(pieces) > 1 else None
                node = _Node(m.kind, item.marker, item.number, title, body, [i], stack[-1], rank, piece=piece)
                stack[-1].children.append(node)
            if len(pieces) == 1 and node.first_body and (items := _enumeration(p, len(p) - len(node.first_body))):
                node.first_body = p[len(p) - len(node.first_body) : items[0][0]].strip()
                _add_enumeration(node, i, p, items)
            stack.append(node)
            continue
        parent = stack[-1]
        if p[:1] == "一" and (items := _enumeration(p, 0)) and items[0][0] == 0:
            _add_enumeration(parent, i, p, items)  # a paragraph of 一是…二是… items
        elif bullet := BULLET.match(p):
            parent.bullets += 1
            title, body = split_title(p[bullet.end() :])
            parent.children.append(_Node("bullet", bullet.group(0), parent.bullets, title, body, [i], parent))
        elif first := lead_sentence(p):
            for a, b in _lead_pieces(p, first):
                title, body = first if (a, b) == (0, len(p)) else lead_sentence(p[a:b]) or ("", "")
                parent.leads += 1
                parent.children.append(_Node("lead", "", parent.leads, title, body, [i], parent, piece=(a, b)))
        else:
            parent.own.append(i)


def _run_in_items(paragraph: str, first: Marked) -> list[tuple[int, int, Marked]]:
    """Return the numbered items a paragraph runs together, each with its character range.

    `1.死亡或宣告死亡的；2.经人民法院宣告失踪的；3.户籍迁出广州市的。` is three items: after a
    `；` or `。` the same kind of marker numbered one more opens the next. One item (the
    paragraph whole) when no such marker follows.
    """
    items = [(0, first)]
    if first.kind not in ITEM_KINDS or first.number is None:
        return [(0, len(paragraph), first)]
    expected = first.number + 1
    for sep in ITEM_SEPARATOR.finditer(paragraph):
        at = sep.end()
        nxt = match_marker(paragraph[at:]) if paragraph[at : at + 1] in ITEM_OPENERS else None
        if nxt is not None and nxt.kind == first.kind and nxt.number == expected:
            items.append((at, nxt))
            expected += 1
    if len(items) == 1:
        return [(0, len(paragraph), first)]
    ends = [start for start, _ in items[1:]] + [len(paragraph)]
    # Each item's text ends where the next begins: its marker read again on its own range.
    cut = [
        (start, end, match_marker(paragraph[start:end].rstrip()) or item)
        for (start, item), end in zip(items, ends, strict=True)
    ]
    return cut


def _enumeration(paragraph: str, start: int) -> list[tuple[int, int, int, int]]:
    """Return the items of a `一是…二是…` enumeration in ``paragraph`` from ``start`` on, as
    (start, end of the ordinal and 是, end, number), in document order; none unless 一是 is
    followed by 二是 at least.

    Each item runs to the next; an ordinal out of turn (`三是` after 一是) is text.
    """
    found: list[tuple[int, int]] = []
    for m in ENUM_ITEM.finditer(paragraph, start):
        if len(found) < len(ENUM_ORDINALS) and m["n"] == ENUM_ORDINALS[len(found)]:
            found.append((m.start("n"), m.end()))
    if len(found) < 2:
        return []
    ends = [a for a, _ in found[1:]] + [len(paragraph)]
    return [(a, b, end, n) for n, ((a, b), end) in enumerate(zip(found, ends, strict=True), start=1)]


def _add_enumeration(parent: _Node, i: int, paragraph: str, items: list[tuple[int, int, int, int]]) -> None:
    """Make each item of an enumeration a clause under ``parent``, a range of paragraph ``i``."""
    for a, b, end, n in items:
        title, body = split_title(paragraph[b:end])
        parent.children.append(_Node("enum", paragraph[a:b], n, title, body, [i], parent, piece=(a, end)))


def _lead_pieces(paragraph: str, first: tuple[str, str]) -> list[tuple[int, int]]:
    """Return the character ranges of the lead clauses in one paragraph.

    Usually one. Principles printed as parallel phrases (`突出重点、优化结构。…`) are
    siblings even when a scraped copy ran two of them into one paragraph
    (`…优化产业结构。深化改革、市场驱动。…`): each such phrase after a 。 starts a new one.
    ``first`` is the paragraph's own lead_sentence().
    """
    if not _parallel_lead(first[0]):
        return [(0, len(paragraph))]
    cuts = [0]
    for m in re.finditer(r"(?<=。)", paragraph):
        k = m.start()
        nxt = lead_sentence(paragraph[k:])
        if k < len(paragraph) and nxt and _parallel_lead(nxt[0]):
            cuts.append(k)
    return [(a, b) for a, b in zip(cuts, [*cuts[1:], len(paragraph)], strict=True)]


def _parallel_lead(sentence: str) -> bool:
    m = PARALLEL_LEAD.match(sentence)
    return m is not None and all_han(m["a"]) and all_han(m["b"])


def _flatten(parts: list[_Node], paragraphs: tuple[str, ...]) -> list[Clause]:
    """Assign ids, labels and levels, and list the clauses parents first."""
    offsets = []
    pos = 0
    for p in paragraphs:
        offsets.append(pos)
        pos += len(p) + 1
    out: list[Clause] = []
    seen: dict[str, int] = {}
    main = len(parts)
    for part in parts:
        # The last part is the document itself (`doc`); a covering notice before an
        # attached plan is `part1`, and its clauses are prefixed so ids stay unique.
        part.id = "doc" if part.number == main else f"part{part.number}"
        prefix = "" if part.number == main else part.id + "."
        stack: list[_Node] = [part]
        order: list[_Node] = []
        while stack:  # depth-first, document order, no recursion
            node = stack.pop()
            order.append(node)
            stack.extend(reversed(node.children))
        # Listed, the tree needs no child lists: without them a node is held only by the list
        # and its children (a child points at its parent, not back), so taken off the list it
        # is freed once its last child is made a clause, and the clauses take its room (a
        # document of 200,000 clauses peaks 50 MB lower than with the whole tree kept).
        for node in order:
            node.children.clear()
        order.reverse()
        while order:
            node = order.pop()
            if node.kind != "part":
                _name(node, prefix)
                node.id = _unique(node.id, seen)
            out.append(_clause(node, paragraphs, offsets))
    return out


def _name(node: _Node, prefix: str) -> None:
    """Set id, label and level of a clause from its ancestors."""
    parent = node.parent
    assert parent is not None
    if node.kind in INNER_KINDS:
        tag = {"lead": "p", "bullet": "b", "enum": "e"}[node.kind]
        base = "" if parent.kind == "part" else parent.id + "."
        node.id = (prefix if parent.kind == "part" else "") + f"{base}{tag}{node.number}"
        node.label = parent.label + f"{tag}{node.number}"
        node.level = parent.level + 1
        return
    path = {}
    a: _Node | None = parent
    while a is not None and a.kind != "part":
        path[a.rank] = a.number
        a = a.parent
    components = [str(path.get(r, 0)) for r in range(1, node.rank)] + [str(node.number)]
    node.id = prefix + ".".join(components)
    if node.kind in DECIMAL_KINDS:  # `2.1.2` names its whole path
        node.label = node.marker.strip(" \u3000")
    else:
        node.label = ("" if parent.kind == "part" else parent.label) + node.marker.rstrip("、，.． ")
    node.level = node.rank


def _unique(clause_id: str, seen: dict[str, int]) -> str:
    """Return ``clause_id``, suffixed `~2`, `~3`… if a document repeats a number.

    ``seen`` maps each id given out to the last suffix given after it, so a number
    repeated thousands of times (a list pasted many times over) costs no rescans.
    """
    candidate, n = clause_id, seen.get(clause_id, 1)
    while candidate in seen:
        n += 1
        candidate = f"{clause_id}~{n}"
    seen[clause_id] = n
    seen.setdefault(candidate, 1)
    return candidate


def _clause(node: _Node, paragraphs: tuple[str, ...], offsets: list[int]) -> Clause:
    if node.piece is not None:
        start, end = offsets[node.own[0]] + node.piece[0], offsets[node.own[0]] + node.piece[1]
        if len(node.own) > 1:  # paragraphs after a run-in item are its own
            end = offsets[node.own[-1]] + len(paragraphs[node.own[-1]])
    elif node.own:
        start = offsets[node.own[0]]
        end = offsets[node.own[-1]] + len(paragraphs[node.own[-1]])
    else:
        start = end = offsets[0] if offsets else 0
    if node.kind == "part":
        rest = [paragraphs[i] for i in node.own[node.title_lines :]]
        text = "\n".join(rest)
    else:
        text = "\n".join([node.first_body, *(paragraphs[i] for i in node.own[1:])]).strip("\n")
    return Clause(
        id=node.id,
        parent=node.parent.id if node.parent else None,
        level=node.level,
        kind=node.kind,
        marker=node.marker,
        number=node.number,
        label=node.label,
        title=node.title,
        text=text,
        span=(start, end),
    )
