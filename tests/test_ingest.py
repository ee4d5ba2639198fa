"""Bytes in: encodings, line endings, binaries and empty files."""

from __future__ import annotations

import codecs
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policytool import InputError, clean
from policytool.ingest import count_controls, decode, sniff_format
from tests.properties import examples

NOTICE = "关于做好2023年春季农业生产工作的通知\r\n\r\n　　各市、县人民政府：\r\n　　现将有关事项通知如下。\r\n"
EXPECTED = ("关于做好2023年春季农业生产工作的通知", "各市、县人民政府：", "现将有关事项通知如下。")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (NOTICE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + NOTICE.encode("utf-8"), "utf-8 (BOM)"),
        (NOTICE.encode("gb18030"), "gb18030"),
        (NOTICE.encode("gbk"), "gb18030"),
        (NOTICE.encode("utf-16"), "utf-16 (BOM)"),
        (codecs.BOM_UTF16_BE + NOTICE.encode("utf-16-be"), "utf-16 (BOM)"),
    ],
    ids=["utf-8", "utf-8-bom", "gb18030", "gbk", "utf-16-le-bom", "utf-16-be-bom"],
)
def test_encodings_decode_to_the_same_paragraphs(data, encoding):
    doc = clean(data)
    assert doc.paragraphs == EXPECTED
    assert doc.source.encoding == encoding
    assert doc.source.bytes == len(data)


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_line_endings_are_normalised(newline):
    doc = clean(NOTICE.replace("\r\n", "\n").replace("\n", newline).encode())
    assert doc.paragraphs == EXPECTED
    assert not any("\r" in p for p in doc.paragraphs)


def test_ideographic_space_indentation_removed():
    doc = clean("　　第一段。\n　　第二段。\n".encode())
    assert doc.paragraphs == ("第一段。", "第二段。")


def test_a_few_invalid_bytes_are_replaced_with_a_warning():
    data = ("正文内容。" * 200).encode() + b"\xff\xfe" + "结尾。".encode()
    doc = clean(data)
    assert doc.warnings and "replaced" in doc.warnings[0]
    assert doc.text.startswith("正文内容。")
    assert doc.text.rstrip().endswith("结尾。")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "not a text document (PNG image)"),
        (b"PK\x03\x04" + bytes(200), "damaged zip or Office file"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "not a readable PDF (data format error)"),
        (b"\x00\x01\x02binary\x00" * 20, "not a text document"),
        (b"", "empty file"),
        (b" \n\t\r\n   ", "empty file"),
        ("　\n　".encode(), "empty file (whitespace only)"),
        (bytes(range(128, 256)) * 40, "undecodable bytes"),
    ],
    ids=["png", "zip", "pdf", "nul", "empty", "blank", "ideographic-blank", "garbage"],
)
def test_unreadable_inputs_are_refused_with_a_reason(data, reason):
    with pytest.raises(InputError) as err:
        clean(data)
    assert str(err.value).startswith(reason)


def test_decode_reports_encoding():
    assert decode("政策".encode("gb18030"))[1] == "gb18030"


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ("---\ntitle: x\n---\n<p>正文</p>", "post"),
        ("<!DOCTYPE html><html><body><p>正文</p></body></html>", "html"),
        ("<p>一</p><p>二</p><p>三</p>", "html"),
        ("第一段。\n第二段。\n", "text"),
    ],
)
def test_format_sniffing(text, fmt):
    assert sniff_format(text) == fmt


def test_numbered_headings_of_one_length_are_not_a_hard_wrapped_pdf():
    # Scraped text whose headings happen to share a length, as a generated case found:
    # read as a PDF, the last clause swallowed the `责任编辑` line below it.
    headings = [f"一、业业业业业业业业业业业业业{c}" for c in "业产人展"]
    lines = ["金沙娱场城(31399-VIP认证)官方登录入口"] * 3 + ["　　" + h for h in headings]
    lines += ["　　一、业业。（发展改革委、卫生健康委负责）", "责任编辑：张三", "海量资讯、精准解读，尽在新浪财经APP"]
    assert sniff_format("\n\n".join(lines)) == "text"
    # Lines cut mid-sentence at that width still make a PDF dump.
    cut = [f"　　业业业业业业，业业业业业业业{c}" for c in "业产人展健康"]
    assert sniff_format("\n\n".join(lines[:3] + cut + lines[7:])) == "pdf"


def test_a_pdf_dump_is_told_from_its_first_pages():
    # Wrapped at 60 cells mid-sentence, then a long annex of one-line items: the first
    # SNIFF_LINES lines decide, as a reader would decide on the first pages.
    wrapped = [f"加快推进县域商业体系建设，健全农村流通网络，改造提升乡镇商贸中心第{i:03d}" for i in range(150)]
    annex = [f"{i}.第{i}项任务已完成。" for i in range(1, 1000)]
    assert sniff_format("\n".join(wrapped + annex)) == "pdf"
    assert sniff_format("\n".join(annex + wrapped)) == "text"


def test_input_format_can_be_forced():
    doc = clean("<p>甲</p>\n<p>乙</p>".encode(), input_format="text")
    assert doc.source.format == "text"
    assert doc.paragraphs == ("<p>甲</p>", "<p>乙</p>")


def test_unknown_input_format_is_a_usage_error():
    with pytest.raises(ValueError, match="unknown input format"):
        clean(b"x", input_format="odt")


# Controls, the whitespace controls allowed, and characters of one to four UTF-8 bytes
# (a lone surrogate too, as a broken decoder may leave).
CONTROL_TEXT = list("\x00\x08\t\n\x0b\x0c\r\x0e\x1f \x7f\xe9教\U0001f600\ud800")


@settings(max_examples=examples(300), deadline=None)
@given(st.text(st.sampled_from(CONTROL_TEXT)))
def test_controls_are_counted_as_a_pattern_counts_them(text):
    assert count_controls(text) == len(re.findall(r"[\x00-\x08\x0e-\x1f]", text))
