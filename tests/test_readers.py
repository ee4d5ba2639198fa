"""The input readers' registry: every format declared once, and a new one is one Reader."""

from __future__ import annotations

import io
import zipfile

import pytest

from policytool import InputError, clean, readers
from policytool.readers import NAMES, SNIFF_ORDER, Raw, Read, Reader, detect


def test_every_format_is_declared_once_and_detected_in_turn():
    assert NAMES == ("text", "html", "post", "pdf", "docx", "xlsx", "csv")
    assert sorted(SNIFF_ORDER) == sorted(NAMES) and SNIFF_ORDER[-1] == "text"  # text takes anything
    assert readers.DOCUMENT_SUFFIXES == (
        ".txt",
        ".html",
        ".htm",
        ".shtml",
        ".md",
        ".markdown",
        ".pdf",
        ".docx",
        ".docm",
        ".xlsx",
        ".xlsm",
        ".csv",
    )
    assert [
        detect(Raw(t.encode(), text=t)).name
        for t in ("一、总体要求\n加强领导。", "<p>一</p><p>二</p><p>三</p>", "---\ntitle: 通知\n---\n正文")
    ] == [
        "text",
        "html",
        "post",
    ]


def test_a_new_reader_is_one_declaration(monkeypatch):
    # A toy format: lines prefixed `> ` in a file that starts with `TOY`.
    for name in ("READERS", "BY_NAME", "NAMES", "SNIFF_ORDER", "DOCUMENT_SUFFIXES"):
        monkeypatch.setattr(readers, name, getattr(readers, name))  # undone after the test
    readers.register(
        Reader(
            "toy",
            (".toy",),
            "a toy format",
            lambda raw: raw.text.startswith("TOY"),
            lambda raw: Read([line.removeprefix("> ") for line in raw.text.split("\n")[1:]]),
        )
    )
    text = "TOY\n> 关于加强安全生产的通知\n> 一、总体要求\n> 加强领导。"
    doc = clean(text)
    assert doc.source.format == "toy"
    assert doc.paragraphs == ("关于加强安全生产的通知", "一、总体要求", "加强领导。")
    assert clean(text.replace("TOY", "TOY!"), input_format="toy").source.format == "toy"
    assert readers.NAMES[-1] == "toy" and readers.DOCUMENT_SUFFIXES[-1] == ".toy"
    assert readers.SNIFF_ORDER[0] == "toy" and readers.SNIFF_ORDER[-1] == "text"


def _zip_with(name: str, content: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


def test_a_binary_reader_takes_the_bytes_it_declares(monkeypatch):
    """A zip-based format is read from its bytes: the text decoder, which refuses a zip,
    is never asked, and a zip the reader does not take is still refused as before."""
    for name in ("READERS", "BY_NAME", "NAMES", "SNIFF_ORDER", "DOCUMENT_SUFFIXES"):
        monkeypatch.setattr(readers, name, getattr(readers, name))

    def read_zip(raw):
        with zipfile.ZipFile(io.BytesIO(raw.data)) as archive:
            return Read(archive.read("body.txt").decode("utf-8").split("\n"))

    def is_toy_zip(raw):
        with zipfile.ZipFile(io.BytesIO(raw.data)) as archive:
            return "body.txt" in archive.namelist()

    readers.register(
        Reader(
            "zipped",
            (".zipped",),
            "a zip with body.txt",
            is_toy_zip,
            read_zip,
            magic=(b"PK\x03\x04",),
            reads_text=False,
        )
    )
    doc = clean(_zip_with("body.txt", "关于加强培训的通知\n一、总体要求\n加强领导。".encode()))
    assert doc.source.format == "zipped" and doc.source.encoding == "binary"
    assert doc.paragraphs[-2:] == ("一、总体要求", "加强领导。")
    with pytest.raises(InputError, match="zip archive"):
        clean(_zip_with("other.bin", b"\x00\x01"))


def test_office_zips_are_told_by_their_parts():
    """A Word document and a workbook share their first bytes: each reader asks for its part."""
    from tests.docxs import docx_from_xml, para

    word = docx_from_xml(para("一、总体要求"))
    assert detect(Raw(word)).name == "docx"
    assert detect(Raw(_zip_with("xl/workbook.xml", b"<workbook/>"))).name == "xlsx"
    # A Word document cut short has lost the zip's directory; its parts' own headers name it,
    # and the Word reader says what is wrong.
    with pytest.raises(InputError, match=r"^not a readable Word document \(damaged or cut short: "):
        clean(word[: len(word) // 2])
