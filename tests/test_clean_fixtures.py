"""Realistic inputs beyond the seeds: portal pages, a printed 公文, GBK text, clean text.

Each fixture has an expected.json written by hand from the document: the exact
paragraphs, the metadata the page states, and pieces that must be recorded as removed.
"""

from __future__ import annotations

import pytest

from policytool import clean, load
from tests.conftest import clean_fixture_cases

CASES = clean_fixture_cases()
IDS = [source.name for source, _ in CASES]


@pytest.mark.parametrize(("source", "expected"), CASES, ids=IDS)
def test_paragraphs_are_exactly_the_main_text(source, expected):
    assert list(load(source).paragraphs) == expected["paragraphs"]


@pytest.mark.parametrize(("source", "expected"), CASES, ids=IDS)
def test_format_and_encoding_are_detected(source, expected):
    doc = load(source)
    assert doc.source.format == expected["format"]
    assert doc.source.encoding == expected["encoding"]


@pytest.mark.parametrize(("source", "expected"), CASES, ids=IDS)
def test_stated_metadata_is_read(source, expected):
    meta = load(source).meta.to_dict()
    for key, value in expected["meta"].items():
        assert meta[key] == value, key


@pytest.mark.parametrize(("source", "expected"), CASES, ids=IDS)
def test_chrome_is_recorded_as_removed(source, expected):
    removed = "\n".join(r.text for r in load(source).removed)
    for piece in expected["removed_contains"]:
        assert piece in removed


def test_clean_text_passes_through_unchanged():
    source = next(s for s, _ in CASES if s.name == "plain_clean.txt")
    doc = load(source)
    assert doc.text == source.read_text(encoding="utf-8")
    assert doc.removed == ()


def test_a_quote_after_a_heading_is_text_not_the_summary():
    # Only a blockquote that opens a post is its summary; a heading line before it, even one
    # with nothing after its `##`, makes it text of the body (kept where a summary would go).
    sentence = "为全面推进健康中国建设，制定本方案。"
    for heading in ("## 总体要求", "## "):
        doc = clean(f"{heading}\n> {sentence}\n\n{sentence}\n".encode(), input_format="post")
        assert "excerpt" not in [r.reason for r in doc.removed]
        assert sum(p.endswith(sentence) for p in doc.paragraphs) == 2


def test_a_markdown_pages_links_and_images_leave_their_text():
    # A web reader's markdown of a portal page (text/038): menus of links and icons, a
    # breadcrumb of links, a link inside a sentence.
    text = (
        "*   [用户登录](https://www.nz.gov.cn/login)\n"
        "*   [退出](javascript:void(0))\n"
        "* _![Image 14](https://www.nz.gov.cn/icon03.png)_\n"
        "[![Image 3:南州发布](https://www.nz.gov.cn/icon.jpg)南州发布](https://weibo.com/1)\n"
        "当前位置：[首页](https://www.nz.gov.cn/)>[政务服务](https://www.nz.gov.cn/zwfw/)\n\n"
        "# 南州市医保新措施1月1日起实施\n\n"
        "据[南州市医保局](https://ybj.nz.gov.cn/)解读，职工医保个人账户共济范围扩至近亲属。\n"
    )
    doc = clean(text, input_format="post")  # a short one; a whole page is told by its markdown lines
    assert doc.paragraphs == (
        "南州市医保新措施1月1日起实施",
        "据南州市医保局解读，职工医保个人账户共济范围扩至近亲属。",
    )
    reasons = {r.text: r.reason for r in doc.removed}
    assert reasons["*   [退出](javascript:void(0))"] == "navigation"
    assert reasons["* _![Image 14](https://www.nz.gov.cn/icon03.png)_"] == "markup"
    assert not any("http" in p or "](" in p for p in doc.paragraphs)
