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
