"""The HTML reader: well-formed markup read by one pattern gives html.parser's own tree.

`parse_html` reads well-formed markup itself and hands anything else to html.parser.
Both roads must build the same tree, so the property below feeds both generated
markup, well-formed and broken, and compares every node.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policytool.cleaning.frontmatter import split_post
from policytool.cleaning.html import Node, _parse_tolerant, _read_well_formed, _Tree, parse_html
from tests.conftest import ROOT
from tests.properties import examples


def nodes(root: Node) -> list[tuple]:
    """Return every node below ``root`` in document order, as comparable tuples."""
    out: list[tuple] = []
    stack: list[Node | str] = list(reversed(root.children))
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(("text", item))
            continue
        out.append((item.tag, tuple(item.attrs.items()), item.raw, len(item.children)))
        stack.extend(reversed(item.children))
    return out


def well_formed(text: str) -> bool:
    return _read_well_formed(text, _Tree())


TAGS = st.sampled_from(["p", "P", "div", "span", "a", "br", "img", "td", "tr", "li", "script", "style", "Style", "h1"])
NAMES = st.sampled_from(["class", "ID", "href", "src", "data-x", "hidden", "xml:lang", "width"])
VALUES = st.sampled_from(["x", "x/", "a b", "pages_content", "600", "&amp;", "&lt;b&gt;", "标题", "a'b", 'a"b', ""])
QUOTES = st.sampled_from(['"', "'", ""])
SPACES = st.sampled_from([" ", "\n", "\t", "  "])
TEXT = st.sampled_from(
    ["为全面推进健康中国建设，", "a & b", "&amp;", "&nbsp;", "&#x4e2d;", "&copy", "x > y", "\n\n", "—", "--"]
)


@st.composite
def start_tag(draw) -> str:
    attrs = ""
    for _ in range(draw(st.integers(0, 3))):
        name, value, quote = draw(NAMES), draw(VALUES), draw(QUOTES)
        if draw(st.booleans()):
            attrs += draw(SPACES) + name
        else:
            attrs += draw(SPACES) + name + draw(st.sampled_from(["=", " = "])) + quote + value + quote
    return "<" + draw(TAGS) + attrs + draw(st.sampled_from(["", " ", "/", " /", "\n"])) + ">"


# Markup in the strict form (or nearly: an unquoted value may end in `/`, a quote may
# fall inside an unquoted value), the kind the reader must read as html.parser does.
TOKENS = st.one_of(
    TEXT,
    start_tag(),
    TAGS.map(lambda t: f"</{t}>"),
    st.sampled_from(["<!-- 正文 -->", "<!---->", "<!DOCTYPE html>", "<!doctype html>"]),
)
# Markup outside the strict form: each must send the whole text to html.parser.
ODD_TOKENS = st.sampled_from(
    [
        "1 < 2",
        "<p\xa0class=x>",
        "<p\u3000id='a'>",
        "<p\x0bid='a'>",
        "<p class==x>",
        "<p class=x/ >",
        "<p a='1'b='2'>",
        "</p >",
        "</ p>",
        "<!-- a -- b -->",
        "<!-->",
        "<!--->",
        "<!-- x --->",
        "<!-- x --!>",
        "<?xml version='1.0'?>",
        "<![CDATA[x]]>",
        "<o:p>",
        "</script >",
        "</style\n>",
        "<p",
        "<",
        "</",
    ]
)


@settings(max_examples=examples(600), deadline=None)
@given(st.lists(TOKENS, max_size=25), st.lists(st.tuples(st.integers(0, 25), ODD_TOKENS), max_size=1))
def test_well_formed_reading_builds_html_parsers_tree(tokens, odd):
    for at, token in odd:
        tokens.insert(at, token)
    markup = "".join(tokens)
    assert nodes(parse_html(markup)) == nodes(_parse_tolerant(markup))


@pytest.mark.parametrize(
    "path",
    [
        *sorted((ROOT / "seeds").glob("00[04]_*.txt")),
        ROOT / "benchmarks/gold/portal_page.html",
        ROOT / "tests/fixtures/clean/gov_portal_state.html",
    ],
    ids=lambda p: p.name,
)
def test_scraped_pages_are_read_without_html_parser(path):
    body = split_post(path.read_text(encoding="utf-8")).body
    assert well_formed(body)
    assert nodes(parse_html(body)) == nodes(_parse_tolerant(body))


@pytest.mark.parametrize(
    "markup",
    [
        "<p>1 < 2</p>",  # a bare `<` in text
        "<p class=x/>正文</p>",  # html.parser reads the value as `x/`
        "<p class='a'title='b'>正文</p>",  # no space between attributes
        "<p\xa0class='a'>正文</p>",  # a non-ASCII space inside the tag
        "<!-- a -- b -->正文",  # `--` inside a comment
        "<!-- x --->正文",
        "<style>p{}</style >正文",  # readers disagree on where raw text ends
        "<script>if (a</b) {}</script>正文",
        "<script>x",  # raw text never closed
        "<o:p>正文</o:p>",  # a tag name outside the strict form
        "<?xml version='1.0'?><p>正文</p>",
    ],
)
def test_markup_outside_the_strict_form_goes_to_html_parser(markup):
    assert not well_formed(markup)
    assert nodes(parse_html(markup)) == nodes(_parse_tolerant(markup))


def test_well_formed_markup_keeps_attributes_entities_and_raw_text():
    root = parse_html('<DIV Class="a&amp;b" hidden><style>p>b{}</style><p>中&nbsp;文<br/></p><!-- 注 --></DIV>')
    assert nodes(root) == [
        ("div", (("class", "a&b"), ("hidden", "")), '<DIV Class="a&amp;b" hidden>', 3),
        ("style", (), "<style>", 1),
        ("text", "p>b{}"),
        ("p", (), "<p>", 2),
        ("text", "中\xa0文"),
        ("br", (), "<br/>", 0),
        ("#comment", (), "<!-- 注 -->", 0),
    ]
