"""Inputs that hung the library or took quadratic time (issue 19), at sizes that did.

Each runs under a wall-clock deadline, so that code that hangs fails its test instead of the
suite, and is held to a bound in CPU seconds (best of three: other work on the machine does
not count) far above what it takes now and far below what it took.
"""

from __future__ import annotations

import contextlib
import importlib
import re
import signal
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from policytool import parse
from policytool.cleaning import clean
from policytool.cleaning.chrome import is_widget_line, strip_chrome
from policytool.cleaning.frontmatter import markdown_paragraphs
from policytool.cleaning.html import META_LABEL, _label_skeleton, html_to_paragraphs
from policytool.duties import ANY_TAG_LABEL, LABEL_TAG, find_tag
from policytool.quantities import find_targets
from policytool.yamlfile import read_flat
from tests import redos
from tests.properties import examples
from tests.retired_patterns import RETIRED

# Wall-clock seconds any case may run before it fails (they hung for minutes).
DEADLINE = 20


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise TimeoutError in the block after ``seconds``; `re` and `regex` both stop for it."""

    def expired(*_: Any) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def cpu(run: Callable[[], Any]) -> float:
    """Return the best CPU time of three runs of ``run``."""
    best = float("inf")
    with deadline(DEADLINE):
        for _ in range(3):
            start = time.process_time()
            run()
            best = min(best, time.process_time() - start)
    return best


HEAD = "关于加强基层医疗卫生服务能力建设的通知\n\n一、总体要求\n\n"


@pytest.mark.parametrize("line", ["扫一扫" * 24 + "正" * 21, "字体大中小】" * 26 + "正" * 21], ids=["scan", "font"])
def test_a_row_of_widget_words_before_text_is_read_in_linear_time(line):
    # 359 bytes: every command hung on it (the widget pattern backtracked exponentially).
    raw = (HEAD + line + "\n").encode("utf-8")
    assert cpu(lambda: clean(raw)) < 0.5
    assert clean(raw).paragraphs[-1] == line  # text follows the widgets: not chrome


def test_widget_lines_are_still_chrome():
    lines = ["【字体：大 中 小】【打印】【关闭窗口】", "扫一扫在手机打开当前页", "分享到：", "国务院关于印发的通知全文"]
    result = strip_chrome(lines)
    assert result.paragraphs == ["国务院关于印发的通知全文"]
    assert [r.reason for r in result.removed] == ["chrome"] * 3
    # 40,000 widgets in a row and a word at the end: read once.
    assert cpu(lambda: is_widget_line("扫一扫" * 40_000 + "正" * 21)) < 0.5
    assert is_widget_line("【打印】" * 40_000) and not is_widget_line("【打印】" * 40_000 + "正")


def test_a_run_of_chinese_numerals_is_read_in_linear_time():
    # 30 KB of numerals took 15 s: a range was tried from every numeral of the run.
    document = parse("一、总体要求\n到2025年，" + "一" * 10_000 + "。\n" + "培养1—2名骨干人员。\n")
    assert cpu(lambda: find_targets(document)) < 0.5
    assert [(t.comparator, t.value, t.unit) for t in find_targets(document)] == [("range", (1, 2), "名")]


def test_label_tags_on_a_line_before_the_last_are_read_in_linear_time():
    # 96 KB took 2.4 s: the search for a last-sentence tag read from every `；牵头单位：`
    # of an earlier line to that line's end.
    text = "加强工作" + "；牵头单位：省发展改革委" * 8000 + "\n其他内容"
    assert cpu(lambda: find_tag(text)) < 0.05
    assert find_tag(text) is None


TAG_PIECES = ["牵头单位", "配合单位", "：", ":", "；", "。", "\n", " ", "省财政厅", "加强工作"]


@settings(max_examples=examples(300))
@given(st.lists(st.sampled_from(TAG_PIECES), max_size=12).map("".join))
@example("加强工作。\n牵头单位\n：省财政厅")
@example("加强工作\n牵头单位 \n\n：省财政厅；配合单位：省财政厅。")
def test_a_label_tag_is_found_as_by_a_search_of_the_whole_text(text):
    # find_tag searches only the last sentence of the last line (or two lines, when the
    # colon opens the last): the tag a search of the whole text finds, it finds.
    whole = LABEL_TAG.search(text)
    found = find_tag(text)
    if found is not None and not (text.rstrip()[-1:] in "）)" or text.rstrip()[-2:-1] in "）)"):
        assert whole is not None and found == (text[: whole.start()].rstrip(), whole.group(0).strip())
    elif whole is not None and ANY_TAG_LABEL.search(whole.group(0)):
        assert found is not None


def test_a_line_of_spaces_in_markdown_is_read_in_linear_time():
    # 40 KB took 18 s: the table rule's spaces were split every way.
    body = "正文第一段\n" + " " * 40_000 + "正文\n| --- | :---: |\n"
    assert cpu(lambda: markdown_paragraphs(body)) < 0.5
    paragraphs, removed = markdown_paragraphs(body)
    assert paragraphs == ["正文第一段", " " * 40_000 + "正文"]  # a line each
    assert [(r.text, r.reason) for r in removed] == [("| --- | :---: |", "markup")]


def test_a_front_matter_value_with_a_long_run_of_spaces_is_read_in_linear_time():
    # 60 KB took 7.7 s: the value tried every end and read the spaces after it each time.
    value = "国务院" + " " * 60_000 + "通知"
    assert cpu(lambda: read_flat(f"title: {value}  \nauthor: 新华社")) < 0.5
    assert read_flat(f"title: {value}  \nauthor: 新华社") == {"title": value, "author": "新华社"}


def _page(body: str) -> str:
    return "<html><body>" + body + "</body></html>"


NESTED = {
    # 31 s: each small block's whole subtree was read to find the portal's metadata table.
    "divs": (_page("<div>" * 16_000 + "正文内容。" + "</div>" * 16_000), ["正文内容。"]),
    # Killed at 60 s.
    "tables": (_page("<table><tr><td>" * 20_000 + "正文内容。" + "</td></tr></table>" * 20_000), ["正文内容。"]),
    # 12 s: each link's text was gathered by reading under it.
    "links": (_page('<a href="x.html">' * 8_000 + "正文内容。" + "</a>" * 8_000), ["正文内容。"]),
    # 16 s: each image looked for a promotion box all the way up.
    "images": (_page('<div><img src="a.png">' * 8_000 + "</div>" * 8_000), ["[图片]"]),
    # 9 s: each heading's text was gathered by reading under it.
    "headings": (
        _page("<h1>" * 8_000 + "标题标题" + "</h1>" * 8_000 + "<div>正文正文正文</div>"),
        ["标题标题", "正文正文正文"],
    ),
    # 36 s: each stray end tag searched the 16,000 open elements.
    "stray-ends": (_page("<div>" * 16_000 + "正文内容。" + "</span>" * 16_000), ["正文内容。"]),
    # 16 s at 40,000: each cell of a row counted the row's cells, and joined the row so far.
    "long-row": (_page("<table><tr>" + "<td><p>甲</p></td>" * 20_000 + "</tr></table>"), ["甲 | " * 19_999 + "甲"]),
    # Cells spanning 900 rows, 10,000 rows: each leaves an empty cell in the rows below it,
    # in 64 columns at most, so the rows stay a few hundred characters long.
    "spans": (
        _page("<table>" + "<tr><td rowspan='900'><p>甲</p></td><td><p>乙</p></td></tr>" * 10_000 + "</table>"),
        ["甲 | 乙", " | 甲 | 乙", " |  | 甲 | 乙"],
    ),
}


@pytest.mark.parametrize("name", NESTED)
def test_nested_elements_of_a_whole_page_are_read_in_linear_time(name):
    page, paragraphs = NESTED[name]
    assert cpu(lambda: html_to_paragraphs(page, whole_page=True)) < 3
    read = html_to_paragraphs(page, whole_page=True).paragraphs
    assert read[: len(paragraphs)] == paragraphs
    if name == "spans":
        assert max(map(len, read)) <= 64 * len(" | ") + len("甲 | 乙")


# ── The rewritten patterns match what the ones they replaced matched ─────────────────


def _successor(name: str) -> Any:
    module, attr = RETIRED[name].successor.split(":")
    return getattr(importlib.import_module(module), attr)


def _result(pattern: Any, method: str, text: str) -> Any:
    if callable(pattern) and not hasattr(pattern, "match"):  # is_widget_line
        return pattern(text)
    if method == "sub":
        return pattern.sub("#", text)
    if method == "split":
        return pattern.split(text)
    if method == "finditer":
        return [(m.span(), m.groupdict()) for m in pattern.finditer(text)]
    m = getattr(pattern, method)(text)
    if m is None:
        return None
    if method == "search":  # what the library takes of it: the text before and the match, stripped
        return text[: m.start()].rstrip(), m.group(0).strip(), m.groupdict()
    return m.span(), m.groupdict()


def _pieces(name: str) -> list[str]:
    """Return texts to build inputs from: samples of the old pattern and of its parts, its characters."""
    retired = RETIRED[name]
    spec = redos.Spec(name, retired.engine, retired.source, retired.flags)
    tree = redos.parse_tree(spec)
    pieces = set(redos.variants(tree))
    for node, _, _ in redos._contexts(tree):
        pieces.update(redos.variants(node[1][2]))
    pieces.update("".join(redos._members(n) for n in redos._walk(tree) if n[0] in redos.SINGLE))
    pieces.update([" ", "  ", "\u3000", "\n", "x", "国", redos.FAIL])
    if retired.differs_on_line_breaks:
        pieces = {p for p in pieces if "\n" not in p}
    return sorted(p for p in pieces if p)


@pytest.mark.parametrize("name", RETIRED)
def test_a_rewritten_pattern_matches_as_the_one_it_replaced(name):
    retired = RETIRED[name]
    old, new = retired.compile(), _successor(name)
    # The widget line is a whole-line test: compare whether it matched.
    method = retired.method

    @settings(max_examples=examples(150))
    @given(st.lists(st.sampled_from(_pieces(name)), max_size=8).map("".join))
    def same(text: str) -> None:
        expected = _result(old, method, text)
        if name == "WIDGET":
            expected = expected is not None
        assert _result(new, method, text) == expected

    same()


SKELETON_PIECES = ["发文", "字号", "标", "题", "：", ":", " ", "\u3000", "x", "国", "：x", "\n"]


@given(st.lists(st.sampled_from(SKELETON_PIECES), max_size=30))
def test_a_label_skeleton_counts_the_labels_of_its_text(parts):
    text = "".join(parts)
    skeleton = _label_skeleton(text)
    assert len(META_LABEL.findall(skeleton)) == len(META_LABEL.findall(text))
    assert len(skeleton) <= 3 * len(re.sub(r"[^发文字号标题]", "", text)) + 2
    # Joined from parts as the page's blocks are: the same skeleton.
    cut = len(parts) // 2
    head, tail = "".join(parts[:cut]), "".join(parts[cut:])
    assert _label_skeleton(_label_skeleton(head) + _label_skeleton(tail)) == skeleton
