"""HTML to paragraphs: inline markup joins, blocks break, the page's main text is found.

Well-formed markup is read by one pattern; anything else by the standard library's
``html.parser`` (tolerant of the broken markup of government sites, no extra
dependency). The tree is walked without recursion so a page of deeply nested
``<div>``s cannot exhaust the stack.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from html import unescape
from itertools import islice
from types import MappingProxyType

from policytool.chars import ends_sentence, han_count
from policytool.cleaning.chrome import page_meta_fields
from policytool.cleaning.meta import ATTACHMENT_HREF
from policytool.model import Attachment, Image, Removed
from policytool.patterns import lazy_re

# Elements that end a paragraph before and after them.
BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "html",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "ul",
        "caption",
        "title",
        "option",
        "select",
    ]
)
# Elements without an end tag.
VOID_TAGS = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"]
)
# Elements whose content is not text of the document.
DROP_TAGS = frozenset(
    ["script", "style", "noscript", "template", "iframe", "svg", "object", "canvas", "head", "button"]
)
# Table cells: joined with ` | ` when they hold inline text only (a data row).
CELL_TAGS = frozenset(("td", "th"))
# A <p> is closed by the start of any of these (HTML's implied end tags).
CLOSES_P = BLOCK_TAGS - {"body", "html", "title", "option", "select"}
CELL_SEPARATOR = " | "
# Source whitespace that HTML collapses to one space (not NBSP or U+3000, which show).
HTML_SPACE = lazy_re(r"[ \t\n\r\f]+")
# A blank line inside the text of a markdown post: a paragraph break.
BLANK_LINE = lazy_re(r"\n[ \t]*\n")
# A saved page rather than a fragment: it has a <body> or <html> element.
HTML_PAGE_BODY = lazy_re(r"<(?:body|html)\b", re.IGNORECASE)

# Elements that can hold the whole main text of a page.
CONTAINER_TAGS = frozenset(
    [
        "html",
        "body",
        "div",
        "section",
        "article",
        "main",
        "table",
        "tbody",
        "thead",
        "tr",
        "td",
        "th",
        "center",
        "form",
        "font",
        "span",
    ]
)
# id/class of the main-text container on Chinese government and news sites:
# gov.cn `UCAP-CONTENT`/`pages_content`, TRS CMS `TRS_Editor`, older portals `zoom`.
CONTENT_HINT = lazy_re(
    r"^(?:UCAP-CONTENT|pages_content|TRS_Editor|zoom|Zoom|Custom_UnionStyle|xxgk_content|"
    r"article[-_]?content|article[-_]?body|articleContent|article|content|main[-_]?content|"
    r"detail[-_]?content|news[-_]?content|info[-_]?cont(?:ent)?|con_text|conTxt|text|wzcon|view|BodyLabel)$"
)
# Attributes that label an element for screen readers, and the labels of the main text.
LABEL_ATTRIBUTES = ("wzades", "aria-label", "title")
MAIN_TEXT_LABEL = lazy_re(r"^\s*(?:正文|正文内容|文章正文|文章内容)\s*$")
# Han characters a named main-text element must hold to be taken for the main text.
CONTENT_HAN = 50
# Labels of a portal's metadata table: `索引号：`, `发文字号：`, `成文日期：`.
META_LABELS: dict[str, str] = {
    "索引号": "index_number",
    "主题分类": "topic",
    "主题词": "",
    "发文机关": "issuers",
    "发布机构": "issuers",
    "标题": "title",
    "名称": "title",
    "发文字号": "doc_number",
    "文号": "doc_number",
    "成文日期": "date",
    "发文日期": "date",
    "发布日期": "published",
    "公开日期": "published",
    "生效日期": "effective",
    "实施日期": "effective",
    "施行日期": "effective",
    "有效性": "",
    "信息来源": "source",
}
# Any of those labels, spaced or not: `标　　题：`, `发文字号:`.
META_LABEL = lazy_re(
    r"(?P<label>" + "|".join(r"\s*".join(label) for label in sorted(META_LABELS, key=len, reverse=True)) + r")\s*[:：]"
)
# Spaces and cell separators around a metadata value: `| 国办发〔2022〕11号 |`. A run at the
# end is matched from its first character only (no `[\s|]` before it): from each of them, the
# search read the rest of the run again.
VALUE_EDGES = lazy_re(r"^[\s|]+|(?<![\s|])[\s|]+$")
# A cell separator inside a value, with its spaces: `省卫生健康委 | 省财政厅`. Spaces before it
# are matched from the first of them (a match starts after a space only at the `|` itself).
VALUE_SEPARATOR = lazy_re(r"(?:(?<!\s)\s*)?\|\s*")
# Between the characters of the labels, a run of other text counts only for what it does to
# META_LABEL: spaces join (` `), a colon after spaces ends a label (`:`, then `x` for the rest),
# anything else parts (`x`). A block's text shortened so (its label skeleton) is at most three
# times its Han characters long, whatever else it holds.
LABEL_GAP = lazy_re("[^" + "".join(sorted(set("".join(META_LABELS)))) + "]+")
GAP_COLON = lazy_re(r"(?:(?<!\s)\s*)?[:：]")
# A block's text longer than this is kept as its label skeleton for the blocks around it.
SKELETON_AFTER = 2000
# A cell of at most this many paragraphs beside others is one cell of a data row.
CELL_LINES = 8
# A row- or colspan beyond this is a typo: a table is not spanned further.
MAX_SPAN = 1000
# Merged cells are kept track of in this many columns at most, so the empty cells a row
# gets for them stay a few per row, whatever the spans say.
MAX_COLUMNS = 64
# A table or block with this many labels is the metadata table, not the document.
META_BLOCK_LABELS = 3
# A metadata table is short: fewer Han characters than this.
META_TABLE_HAN = 400
# `<meta name="ArticleTitle" content="…">` and friends on gov.cn-style pages.
PAGE_META_NAMES = {
    "articletitle": "title",
    "pubdate": "published",
    "firstpublishedtime": "published",
    "contentsource": "source",
    "source": "source",
}
# id/class of promotion boxes around QR codes and app banners: sina `appendQr_wrap`.
PROMO_HINT = lazy_re(r"qr|erweima|ewm|app[-_]?(?:down|promo|link|banner)|share|advert|^ads?$", re.IGNORECASE)
# Images smaller than this (in pixels, by attribute) are icons, not content.
ICON_SIZE = 60
# A text block is navigation when this share of its characters sits inside links.
LINK_SHARE = 0.5


class Node:
    """An element of the parsed page (a tiny DOM: tag, attributes, children).

    An element that cannot hold others (``<br>``, ``<img>``, ``<div/>``) gets an empty
    tuple for its children, not a list of its own.
    """

    __slots__ = ("attrs", "children", "parent", "raw", "tag")

    def __init__(
        self, tag: str, attrs: Mapping[str, str], parent: Node | None, raw: str = "", *, empty: bool = False
    ) -> None:
        self.tag = tag
        self.attrs = attrs
        self.children: list[Node | str] | tuple[()] = () if empty else []
        self.parent = parent
        self.raw = raw

    def hints(self) -> list[str]:
        """Return the element's id and class names."""
        return [self.attrs.get("id", "")] + self.attrs.get("class", "").split()


# The attributes of an element that has none: one read-only mapping for all of them.
NO_ATTRS: Mapping[str, str] = MappingProxyType({})


class _Tree:
    """Builds a Node tree from parser events, closing unclosed elements as browsers do.

    A line break without attributes holds nothing but its place, so the breaks written
    alike (`<br/>`, or a stray `</br>`) are one node: a page of a million `<br/>` costs a
    pointer each, not an element each (575 MB for a 5 MB page). Such a node has no parent;
    none is asked of a break.
    """

    def __init__(self) -> None:
        self.root = Node("#root", NO_ATTRS, None)
        self.stack = [self.root]
        # How many of each tag are open: an end tag with none open is stray, known without
        # a scan of the stack (a stray `</span>` after every one of 8,000 open `<div>`s: 1.6 s).
        self.open: Counter[str] = Counter()
        self.breaks: dict[str, Node] = {}

    def start(self, tag: str, attrs: Mapping[str, str], raw: str) -> None:
        if tag in CLOSES_P:
            self._close_implied("p")
        if tag == "li":
            self._close_implied("li")
        if tag in CELL_TAGS:
            self._close_implied(*CELL_TAGS)
        if tag == "tr":
            self._close_implied("tr")
        node = self._element(tag, attrs, raw, empty=tag in VOID_TAGS)
        self.stack[-1].children.append(node)
        if tag not in VOID_TAGS:
            self.stack.append(node)
            self.open[tag] += 1

    def start_end(self, tag: str, attrs: Mapping[str, str], raw: str) -> None:
        self.stack[-1].children.append(self._element(tag, attrs, raw, empty=True))

    def _element(self, tag: str, attrs: Mapping[str, str], raw: str, *, empty: bool) -> Node:
        """Return a new element under the open one; its tag, and the raw text of a tag
        without attributes (`<p>`, `<td>`), are shared with every other like it."""
        if attrs:
            return Node(sys.intern(tag), attrs, self.stack[-1], raw, empty=empty)
        if tag == "br":
            return self._break(raw)
        return Node(sys.intern(tag), NO_ATTRS, self.stack[-1], sys.intern(raw), empty=empty)

    def end(self, tag: str) -> None:
        stack = self.stack
        if self.open[tag]:
            for i in range(len(stack) - 1, 0, -1):
                if stack[i].tag == tag:
                    for closed in stack[i:]:
                        self.open[closed.tag] -= 1
                    del stack[i:]
                    return
        if tag in ("p", "br"):  # a stray </p> or </br> makes a break in browsers
            stack[-1].children.append(self._break(""))

    def _break(self, raw: str) -> Node:
        """Return the one line break written as ``raw``."""
        node = self.breaks.get(raw)
        if node is None:
            node = self.breaks[raw] = Node("br", NO_ATTRS, None, raw, empty=True)
        return node

    def data(self, data: str) -> None:
        self.stack[-1].children.append(data)

    def comment(self, data: str) -> None:
        self.stack[-1].children.append(Node("#comment", NO_ATTRS, self.stack[-1], f"<!--{data}-->", empty=True))

    def _close_implied(self, *tags: str) -> None:
        # Only the innermost open element is closed implicitly, never across a block.
        if self.stack[-1].tag in tags and len(self.stack) > 1:
            self.open[self.stack.pop().tag] -= 1


# Whitespace inside a tag in the strict form: ASCII only (html.parser also takes NBSP).
TAG_SPACE = r"[ \t\n\r\f]"
# An attribute name, and its value: quoted, or bare up to whitespace or `>` and free of
# quotes, `=`, `<`, `>`, backquote and `/` (html.parser reads `class=x/>` as `x/`).
ATTR_NAME = r"[a-zA-Z_:][-a-zA-Z0-9_:.]*"
ATTR_VALUE = r"""(?:"[^"]*"|'[^']*'|[^\s"'=<>`/]+(?![^ \t\n\r\f>]))"""
# One attribute, name and value captured: `class="x"`, `width=600`, `hidden`.
MARKUP_ATTR = lazy_re(rf"({ATTR_NAME})(?:{TAG_SPACE}*={TAG_SPACE}*({ATTR_VALUE}))?")
# Well-formed markup, one token a match, in the strict form on which every reading of
# HTML agrees: `<p class="x">`, `<br/>`, `</p>`, `<!-- 正文 -->`, `<!DOCTYPE html>`, text.
# A comment holds no `--`.
MARKUP_TOKEN = lazy_re(
    rf"""
    (?P<text>[^<]+)
  | <(?P<start>[a-zA-Z][a-zA-Z0-9]*)                                          # <p
     (?P<attrs>(?:{TAG_SPACE}+{ATTR_NAME}(?:{TAG_SPACE}*={TAG_SPACE}*{ATTR_VALUE})?)*)  #  class="x"
     {TAG_SPACE}*(?P<close>/?)>                                               # > or />
  | </(?P<end>[a-zA-Z][-.a-zA-Z0-9:_]*){TAG_SPACE}*>                          # </p>
  | <!--(?!-?>)(?P<comment>(?:[^-]|-(?!-))*)-->                               # <!-- 正文 -->
  | <![dD][oO][cC][tT][yY][pP][eE][^<>]*>                                    # <!DOCTYPE html>
    """,
    re.VERBOSE,
)
# Elements whose content is raw text up to their end tag (html.parser's CDATA elements),
# with where that text ends: `</script>`, `</STYLE>`.
RAW_TEXT_END = {tag: lazy_re(f"</{tag}>", re.IGNORECASE) for tag in ("script", "style")}


def parse_html(text: str) -> Node:
    """Return the root of the tree for ``text``.

    Well-formed markup, which is most of what is scraped, is read by one pattern
    (MARKUP_TOKEN) three times faster than ``html.parser`` reads it, to the same tree;
    at the first token outside that strict form the whole text goes to ``html.parser``,
    which knows every way markup breaks.
    """
    tree = _Tree()
    if _read_well_formed(text, tree):
        return tree.root
    return _parse_tolerant(text)


def _read_well_formed(text: str, tree: _Tree) -> bool:
    """Feed ``tree`` the tokens of ``text``; False at the first token not well-formed."""
    pos = 0
    size = len(text)
    match = MARKUP_TOKEN.match
    while pos < size:
        m = match(text, pos)
        if m is None:
            return False
        pos = m.end()
        kind = m.lastgroup
        if kind == "text":
            data = m[0]
            tree.data(unescape(data) if "&" in data else data)
        elif kind == "end":
            tree.end(m["end"].lower())
        elif kind == "comment":
            tree.comment(m["comment"])
        elif m["start"] is not None:
            tag = m["start"].lower()
            attrs = _attrs(m["attrs"]) if m["attrs"] else NO_ATTRS
            if m["close"]:
                tree.start_end(tag, attrs, m[0])
                continue
            tree.start(tag, attrs, m[0])
            if tag in RAW_TEXT_END:
                # Raw text runs to the end tag, and holds no other `</`: where it does,
                # readers of HTML disagree on where it ends.
                closing = RAW_TEXT_END[tag].search(text, pos)
                if closing is None or text.find("</", pos, closing.start()) >= 0:
                    return False
                if closing.start() > pos:
                    tree.data(text[pos : closing.start()])
                tree.end(tag)
                pos = closing.end()
        # A doctype is read and dropped, as html.parser drops it.
    return True


def _attrs(source: str) -> dict[str, str]:
    """Return the attributes of a well-formed start tag, names lower-cased, values unquoted."""
    attrs: dict[str, str] = {}
    for name, value in MARKUP_ATTR.findall(source):
        if value[:1] in ('"', "'"):
            value = value[1:-1]
        attrs[name.lower()] = unescape(value) if "&" in value else value
    return attrs


def _parse_tolerant(text: str) -> Node:
    """Return the tree ``html.parser`` reads from ``text``, however broken the markup."""
    from html.parser import HTMLParser

    tree = _Tree()

    class TreeBuilder(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            tree.start(tag, {k: v or "" for k, v in attrs}, self.get_starttag_text() or "")

        def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            tree.start_end(tag, {k: v or "" for k, v in attrs}, self.get_starttag_text() or "")

        def handle_endtag(self, tag: str) -> None:
            tree.end(tag)

        def handle_data(self, data: str) -> None:
            tree.data(data)

        def handle_comment(self, data: str) -> None:
            tree.comment(data)

    builder = TreeBuilder(convert_charrefs=True)
    builder.feed(text)
    builder.close()
    if builder.rawdata:
        # An unterminated <script> or <style>: html.parser (before Python 3.13) keeps the
        # rest of the page unread; browsers make it the element's content, and so do we,
        # so it is recorded with the element in `removed`, not lost.
        tree.data(builder.rawdata)
    return tree.root


def _walk(root: Node):
    """Yield every node below ``root`` in document order, without recursion."""
    stack: list[Node | str] = list(reversed(root.children))
    while stack:
        item = stack.pop()
        yield item
        if isinstance(item, Node):
            stack.extend(reversed(item.children))


def _elements(root: Node) -> list[Node]:
    """Return the elements below ``root`` in document order (text left out)."""
    return [n for n in _walk(root) if isinstance(n, Node)]


@dataclass
class Block:
    """One paragraph of the page with where it stands."""

    text: str
    in_content: bool
    link_chars: int = 0
    in_meta_table: bool = False
    image: Image | None = None


@dataclass
class HtmlResult:
    """What the HTML stage hands on: body paragraphs, removed pieces, page metadata."""

    paragraphs: list[str]
    removed: list[Removed] = field(default_factory=list)
    meta: dict[str, object] = field(default_factory=dict)


def _subtree_han(root: Node) -> dict[Node, int]:
    """Return Han characters outside links and dropped elements, for every element."""
    totals: dict[Node, int] = {}
    # Post-order without recursion: children are summed before their parent.
    order: list[Node] = []
    stack = [root]
    while stack:
        node = stack.pop()
        order.append(node)
        if node.tag in DROP_TAGS or node.tag == "a":
            continue
        stack.extend(c for c in node.children if isinstance(c, Node))
    for node in reversed(order):
        if node.tag in DROP_TAGS or node.tag == "a":
            totals[node] = 0
            continue
        total = 0
        for child in node.children:
            total += han_count(child) if isinstance(child, str) else totals.get(child, 0)
        totals[node] = total
    return totals


def find_content(root: Node, totals: dict[Node, int] | None = None, elements: list[Node] | None = None) -> Node:
    """Return the element that holds the document on a whole page.

    First an element whose id/class names it (gov.cn, TRS and common CMS names), the
    one with most text; otherwise the deepest element that still holds most of the
    page's non-link Han text: menus are links, footers are short.
    """
    totals = _subtree_han(root) if totals is None else totals
    elements = _elements(root) if elements is None else elements
    hinted = _named_content(elements, totals)
    if hinted:
        best = max(totals[n] for n in hinted)
        # Among equally full candidates the innermost wins (it excludes the title bar).
        return [n for n in hinted if totals[n] >= 0.9 * best][-1]
    node = root
    total = totals[root]
    while True:
        # Only containers are candidates: a long <p> is a paragraph of the text, not the text.
        children = [c for c in node.children if isinstance(c, Node) and c.tag in CONTAINER_TAGS]
        richest = max(children, key=lambda c: totals.get(c, 0), default=None)
        if richest is None or totals.get(richest, 0) < 0.7 * total:
            return node
        node = richest


def _named_content(elements: list[Node], totals: dict[Node, int]) -> list[Node]:
    """Return the elements named as the main text, by id/class or by a label, that hold some."""
    hinted = [n for n in elements if n.attrs and (any(CONTENT_HINT.match(h) for h in n.hints() if h) or _labelled(n))]
    return [n for n in hinted if totals.get(n, 0) >= CONTENT_HAN]


def _labelled(node: Node) -> bool:
    """True if an attribute says the element is the main text: `wzades="正文"` (the label
    Chinese portals give for screen readers), `aria-label="正文"`, `role="main"`,
    `itemprop="articleBody"`."""
    attrs = node.attrs
    return (
        any(MAIN_TEXT_LABEL.match(attrs.get(name, "")) for name in LABEL_ATTRIBUTES)
        or attrs.get("role") == "main"
        or attrs.get("itemprop") == "articleBody"
    )


def _meta_tables(elements: list[Node], totals: dict[Node, int]) -> set[Node]:
    """Return ids of tables/blocks that are the portal's metadata table.

    ``totals`` (the non-link Han characters under each element) rules out the big
    blocks, such as the one holding the document, before their text is gathered. Inner
    blocks are read first and an outer one takes their text whole, shortened to its label
    skeleton when long: reading each block's whole subtree again took quadratic time in a
    page of nested blocks (16,000 nested `<div>`s: 31 s).
    """
    blocks = [n for n in elements if n.tag in ("table", "div", "ul", "dl") and totals.get(n, 0) < META_TABLE_HAN]
    # The blocks read so far that no block read since holds: the next one takes those
    # inside it whole, and they leave these tables then (only the block around them reads
    # them), so a page of nested blocks keeps one entry, not one per block.
    han: dict[Node, int] = {}
    texts: dict[Node, str] = {}
    found: set[Node] = set()
    for node in reversed(blocks):  # document order reversed: inner blocks first
        total = 0
        parts: list[str] = []
        stack: list[Node | str] = list(reversed(node.children))
        while stack:
            item = stack.pop()
            if isinstance(item, str):
                total += han_count(item)
                parts.append(item)
            elif item in han:
                total += han.pop(item)
                parts.append(texts.pop(item, ""))
            else:
                stack.extend(reversed(item.children))
        han[node] = total
        if total >= META_TABLE_HAN:
            continue  # and so are the blocks around it
        text = "".join(parts)
        if len(text) > SKELETON_AFTER:
            text = _label_skeleton(text)
        if text:  # most of a page of nested blocks holds nothing but blocks
            texts[node] = text
        if len(META_LABEL.findall(text)) >= META_BLOCK_LABELS:
            found.add(node)
    # Keep the innermost of nested candidates only; a parent met before needs no second walk up.
    inner = set(found)
    above: set[Node] = set()
    for node in elements:
        if node in found:
            p = node.parent
            while p is not None and p not in above:
                above.add(p)
                inner.discard(p)
                p = p.parent
    return inner


def _label_skeleton(text: str) -> str:
    """Return ``text`` with the runs between label characters shortened (see LABEL_GAP)."""
    return LABEL_GAP.sub(_gap, text)


def _gap(m: re.Match[str]) -> str:
    run = m[0]
    if run.isspace():  # what `\s` takes
        return " "
    colon = GAP_COLON.match(run)
    if colon is None:
        return "x"
    return ":" if colon.end() == len(run) else ":x"


def _blocks(
    root: Node, content: Node | None, meta_tables: set[Node], blank_lines_break: bool
) -> tuple[list[Block], list[Removed], list[Attachment]]:
    """Walk the tree once: paragraphs with their zone, dropped markup, attachment links."""
    blocks: list[Block] = []
    removed: list[Removed] = []
    attachments: list[Attachment] = []
    tag_counts: Counter[str] = Counter()
    buf: list[str] = []
    state = {"content": content is None, "meta": False}
    linked = [0]  # characters of the current paragraph that sit inside links
    promo: dict[Node, bool] = {}  # _in_promo's answers, by element
    leads: dict[Node, str] = {}  # _lead's answers, by element
    flags: list[tuple[bool, bool]] = []  # (in_content, in_meta) of the buffer's first text

    def flush() -> None:
        text = "".join(buf)
        buf.clear()
        if text.strip(" |\t\n\r\f\u3000\xa0"):
            in_content, in_meta = flags[0] if flags else (state["content"], state["meta"])
            blocks.append(Block(text, in_content, linked[0], in_meta))
        flags.clear()
        linked[0] = 0

    # Explicit stack of (node, entering, zone to restore on leaving it): nothing to restore
    # on entering, so a body of a million children does not take a million dicts.
    stack: list[tuple[Node | str, bool, dict[str, bool] | None]] = [(c, True, None) for c in reversed(root.children)]
    link_depth = 0
    cell_depth = 0  # inside a cell whose paragraphs are its lines (_lines_cell)
    tables: list[_Table] = []
    while stack:
        item, entering, saved = stack.pop()
        if isinstance(item, str):
            text = item
            if blank_lines_break and text.count("\n") > 1 and BLANK_LINE.search(text):
                parts = BLANK_LINE.split(text)
                for k, part in enumerate(parts):
                    if k:
                        flush()
                    _add_text(part, buf, flags, state, linked if link_depth else None)
            else:
                _add_text(text, buf, flags, state, linked if link_depth else None)
            continue
        node = item
        if not entering:
            if node.tag == "a":
                link_depth -= 1
            if node.tag == "table" and tables:
                tables.pop()
            if node.tag in CELL_TAGS and cell_depth and _lines_cell(node):
                cell_depth -= 1
            elif cell_depth and node.tag in BLOCK_TAGS:
                pass  # a line of a cell: the row goes on
            elif node.tag in BLOCK_TAGS or node.tag in CELL_TAGS and _has_block(node):
                flush()
            state.update(saved or {})
            continue
        tag = node.tag
        if tag == "#comment":
            removed.append(Removed(node.raw, "markup"))
            continue
        if tag in DROP_TAGS:
            inner = "".join(c if isinstance(c, str) else c.raw for c in _walk(node))
            removed.append(Removed(node.raw + inner, "markup"))
            continue
        # Attribute text (keywords, link titles, alt) is not document text, but is recorded.
        if node.attrs and han_count("".join(node.attrs.values())):
            removed.append(Removed(node.raw, "markup"))
        if tag in ("meta", "link"):
            continue
        tag_counts[tag] += 1
        if tag == "br":
            if cell_depth:
                buf.append(" ")
            else:
                flush()
            continue
        if tag == "img":
            image = _image(node)
            if image is not None and _in_promo(node, promo):
                removed.append(Removed(node.raw, "promo"))
                continue
            if image is None:
                continue
            flush()
            blocks.append(Block("", state["content"], 0, state["meta"], image))
            continue
        # The zone changes only at the content element and a metadata table; elsewhere there
        # is nothing to restore (a page of nested blocks would hold a dict per open block).
        saved = None
        if node is content or node in meta_tables:
            saved = dict(state)
            state["content"] = state["content"] or node is content
            state["meta"] = state["meta"] or node in meta_tables
        if tag == "a":
            link_depth += 1
            href = node.attrs.get("href", "")
            # Its text is gathered for an attachment only; whether it opens with 附件 is read
            # from its start (_lead), so nested links are not each read to the bottom.
            if href and (ATTACHMENT_HREF.search(href) or _lead(node, leads).lstrip().startswith("附件")):
                label = "".join(c for c in _walk(node) if isinstance(c, str)).strip()
                attachments.append(Attachment(" ".join(label.split()), href))
        if tag == "table":
            tables.append(_Table())
        elif tag == "tr" and tables:
            tables[-1].column, tables[-1].spanned_row = 0, False
        # A cell after others in its row: a separator before it (where a cell merged from
        # above leaves a gap, _place_cell has counted the columns and put them in).
        separate = False
        if tag in CELL_TAGS:
            if tables:
                _place_cell(node, tables[-1], buf)
            # `flags` holds an entry once the row has text: joining the row so far to see
            # that, for each cell, was quadratic in a long row.
            separate = (not tables or not tables[-1].spanned_row) and bool(flags)
        if tag in CELL_TAGS and _lines_cell(node):
            if separate:
                buf.append(CELL_SEPARATOR)
            cell_depth += 1
        elif cell_depth and tag in BLOCK_TAGS:
            if buf and not buf[-1].endswith((" ", CELL_SEPARATOR)):
                buf.append(" ")  # the next line of the cell
        elif tag in BLOCK_TAGS or tag in CELL_TAGS and _has_block(node):
            flush()
        elif separate:
            buf.append(CELL_SEPARATOR)
        stack.append((node, False, saved))
        stack.extend((c, True, None) for c in reversed(node.children))
    flush()
    if tag_counts:
        summary = ", ".join(f"<{t}>×{n}" for t, n in tag_counts.most_common())
        removed.append(Removed(f"tags: {summary}", "markup"))
    return blocks, removed, attachments


def _place_cell(node: Node, table: _Table, buf: list[str]) -> None:
    """Count a cell's column, leaving an empty cell where one above spans down into this row.

    `<td rowspan="3">1</td>` covers the first column of the next two rows: they get an
    empty first cell (` |  | 根据…`), so each row's cells stay under their headers.
    """
    while table.column < MAX_COLUMNS and table.spans.get(table.column, 0) > 0:
        table.spans[table.column] -= 1
        if table.column:
            buf.append(CELL_SEPARATOR)
        table.column += 1
        table.spanned_row = True
    if table.spanned_row and table.column:
        buf.append(CELL_SEPARATOR)
    rows, columns = _span_int(node, "rowspan"), _span_int(node, "colspan")
    if rows > 1:
        for k in range(table.column, min(table.column + columns, MAX_COLUMNS)):
            table.spans[k] = rows - 1
    table.column += columns


def _add_text(text: str, buf: list[str], flags: list[tuple[bool, bool]], state: dict, linked: list[int] | None) -> None:
    """Append text to the paragraph buffer with HTML whitespace collapsed."""
    text = HTML_SPACE.sub(" ", text)
    if not text:
        return
    if text.strip() and not flags:
        flags.append((state["content"], state["meta"]))
    if linked is not None:
        linked[0] += len(text.strip())
    buf.append(text)


def _has_block(node: Node) -> bool:
    """True if a table cell holds block content (a layout table, not a data row)."""
    return any(isinstance(c, Node) and (c.tag in BLOCK_TAGS or c.tag == "br") for c in node.children)


def _lines_cell(node: Node) -> bool:
    """True if a cell's blocks are lines of one cell of a data row, as Word writes every cell
    (`<td><p>市卫生健康委</p></td>`): a few paragraphs and breaks, no table or division
    inside, beside other cells. A cell that holds a page's text is a layout cell."""
    blocks = [c for c in node.children if isinstance(c, Node) and (c.tag in BLOCK_TAGS or c.tag == "br")]
    if not blocks or len(blocks) > CELL_LINES or any(c.tag not in ("p", "br") for c in blocks):
        return False
    row = node.parent
    if row is None:
        return False
    # Two cells are enough to know: counting them all, for each cell, was quadratic in a row.
    cells = (c for c in row.children if isinstance(c, Node) and c.tag in CELL_TAGS)
    return len(list(islice(cells, 2))) == 2


@dataclass
class _Table:
    """Where a table's rows stand: the next column, and the cells spanning down into later rows."""

    column: int = 0
    spans: dict[int, int] = field(default_factory=dict)  # column → rows it still covers
    spanned_row: bool = False  # this row has a cell merged from above: columns are counted


def _span_int(node: Node, name: str) -> int:
    value = node.attrs.get(name, "1").strip()
    return min(int(value), MAX_SPAN) if value.isdigit() and int(value) > 0 else 1


def _in_promo(node: Node, known: dict[Node, bool]) -> bool:
    """True if an element sits inside a QR-code or app promotion box.

    ``known`` keeps the answer for each element on the way up (it or an element above it is
    such a box), so images deep in nested blocks do not each climb to the top.
    """
    path: list[Node] = []
    parent = node.parent
    while parent is not None and parent not in known:
        path.append(parent)
        parent = parent.parent
    inside = known[parent] if parent is not None else False
    for element in reversed(path):
        inside = inside or any(PROMO_HINT.search(h) for h in element.hints() if h)
        known[element] = inside
    return known[node.parent] if node.parent is not None else False


def _lead(node: Node, known: dict[Node, str]) -> str:
    """Return the start of the text under ``node``: a space if it opens with whitespace, then
    the first two characters after that (what `.strip().startswith(…)` reads), children first.

    ``known`` keeps each element's, so each is read once however deeply elements nest.
    """
    stack: list[tuple[Node, bool]] = [(node, False)]
    while stack:
        element, ready = stack.pop()
        if element in known:
            continue
        if not ready:
            stack.append((element, True))
            stack.extend((c, False) for c in element.children if isinstance(c, Node) and c not in known)
            continue
        text = "".join(c if isinstance(c, str) else known[c] for c in element.children)
        rest = text.lstrip()
        known[element] = (" " if len(rest) < len(text) else "") + rest[:2]
    return known[node]


def _image(node: Node) -> Image | None:
    """Return the image a placeholder should stand for, or None for an icon."""
    src = node.attrs.get("src", "").strip()
    if not src:
        return None
    for dim in ("width", "height"):
        value = node.attrs.get(dim, "").strip().removesuffix("px")
        if value.isdigit() and int(value) < ICON_SIZE:
            return None
    alt = node.attrs.get("alt", "").strip() or node.attrs.get("title", "").strip() or None
    return Image(src=src, alt=alt)


def placeholder(image: Image) -> str:
    """Return the visible paragraph that stands where an image was: `[图片：主要发展指标]`."""
    label = image.alt or image.caption
    return f"[图片：{label}]" if label else "[图片]"


def read_meta_table(texts: list[str]) -> dict[str, object]:
    """Return fields of a portal metadata table from its text rows."""
    joined = "\n".join(texts)
    out: dict[str, object] = {}
    matches = list(META_LABEL.finditer(joined))
    for k, m in enumerate(matches):
        end = matches[k + 1].start() if k + 1 < len(matches) else len(joined)
        value = VALUE_EDGES.sub("", joined[m.end() : end])
        value = VALUE_SEPARATOR.sub(" ", value).strip()
        key = META_LABELS["".join(m["label"].split())]
        if not key or not value or key in out:
            continue
        out[key] = value
    return out


def html_to_paragraphs(
    text: str, *, whole_page: bool, blank_lines_break: bool = False, named_content_is_page: bool = False
) -> HtmlResult:
    """Return the paragraphs of an HTML page or fragment, with what was dropped.

    ``whole_page`` finds the main text and records everything around it as chrome;
    a fragment (the body of a post) is all document. ``named_content_is_page``: a
    fragment with an element named as a page's main text (`id="UCAP-CONTENT"`) is read
    as a page too: a CMS database keeps the page without its <html> and <body>, but with
    its metadata table, share widgets and footer around the text.
    """
    root = parse_html(text)
    # A whole page is searched several times (content, metadata table, head, title):
    # its elements are listed once.
    elements = _elements(root) if whole_page or named_content_is_page else []
    totals = _subtree_han(root) if whole_page or named_content_is_page else {}
    if not whole_page and named_content_is_page:
        whole_page = bool(_named_content(elements, totals))
        if not whole_page:
            elements, totals = [], {}
    content = find_content(root, totals, elements) if whole_page else None
    meta_tables = _meta_tables(elements, totals) if whole_page else set()
    blocks, removed, attachments = _blocks(root, content, meta_tables, blank_lines_break)
    result = HtmlResult(paragraphs=[], removed=removed)
    meta: dict[str, object] = {}
    if whole_page:
        meta.update(_head_meta(elements))
        meta.update(read_meta_table([b.text for b in blocks if b.in_meta_table]))
    title_block = _title_block(elements, content, blocks, meta) if whole_page else None
    previous = ""
    images: list[Image] = []
    for block in blocks:
        if block.image is not None:
            if not block.in_content:
                removed.append(Removed(f'<img src="{block.image.src}">', "chrome"))
                continue
            caption = previous if previous and len(previous) <= 30 and not ends_sentence(previous) else None
            image = Image(block.image.src, block.image.alt, caption)
            images.append(image)
            result.paragraphs.append(placeholder(image))
            previous = ""
            continue
        if block is title_block:
            result.paragraphs.insert(0, block.text)
            continue
        if block.in_meta_table:
            removed.append(Removed(block.text.strip(), "page-meta"))
        elif not block.in_content:
            for key, value in page_meta_fields(block.text).items():
                meta.setdefault("chrome_" + key, value)
            share = block.link_chars / max(1, len(block.text.strip()))
            removed.append(Removed(block.text.strip(), "navigation" if share >= LINK_SHARE else "chrome"))
        else:
            result.paragraphs.append(block.text)
            previous = block.text.strip()
    if images:
        meta["images"] = tuple(images)
    if attachments:
        meta["attachments"] = tuple(dict.fromkeys(attachments))
    result.meta = meta
    return result


def _head_meta(elements: list[Node]) -> dict[str, object]:
    """Return the page title and `<meta name=…>` fields of the page head."""
    out: dict[str, object] = {}
    for node in elements:
        if node.tag == "title" and "page_title" not in out:
            title = "".join(c for c in node.children if isinstance(c, str)).strip()
            if title:
                out["page_title"] = " ".join(title.split())
        elif node.tag == "meta":
            key = PAGE_META_NAMES.get(node.attrs.get("name", "").lower())
            value = node.attrs.get("content", "").strip()
            if key and value:
                out.setdefault("head_" + key, value)
    return out


def _title_block(
    elements: list[Node], content: Node | None, blocks: list[Block], meta: dict[str, object]
) -> Block | None:
    """Return the block outside the main text that is the document's title (an <h1>)."""
    if content is None:
        return None
    first = next((b for b in blocks if b.in_content and b.text.strip()), None)
    wanted = [str(meta[k]) for k in ("title", "head_title") if meta.get(k)]
    headings = [n for n in elements if n.tag in ("h1", "h2") or "title" in n.attrs.get("class", "").lower().split()]
    texts = _texts(headings)
    for node in headings:
        text = texts[node].strip()
        if text and han_count(text) >= 4:
            wanted.append("".join(text.split()))
    if not wanted:
        return None
    first_compact = "".join(first.text.split()) if first is not None else None
    # Each block's compact text, the first block of each: looked up, not searched per title.
    outside: dict[str, Block] = {}
    for block in blocks:
        if not block.in_content and not block.in_meta_table:
            outside.setdefault("".join(block.text.split()), block)
    for title in wanted:
        compact = "".join(title.split())
        if compact == first_compact:
            return None  # the main text already starts with its title
        if compact in outside:
            return outside[compact]
    return None


def _texts(nodes: list[Node]) -> dict[Node, str]:
    """Return the text under each of ``nodes`` (in document order), by id.

    Inner ones first: an outer node's text takes an inner one's whole instead of walking
    under it again, so nested headings are each walked once, not once per heading above.
    """
    out: dict[Node, str] = {}  # every node read so far: all those inside the next one
    for node in reversed(nodes):
        parts: list[str] = []
        stack: list[Node | str] = list(reversed(node.children))
        while stack:
            item = stack.pop()
            if isinstance(item, str):
                parts.append(item)
            elif item in out:
                parts.append(out[item])
            else:
                stack.extend(reversed(item.children))
        out[node] = "".join(parts)
    return out
