"""The input readers' registry: every format declared once, and a new one is one Reader."""

from __future__ import annotations

from policytool import clean, readers
from policytool.inputs import DOCUMENT_SUFFIXES
from policytool.readers import BY_NAME, NAMES, READERS, SNIFF_ORDER, Read, Reader, detect


def test_every_format_is_declared_once_and_detected_in_turn():
    assert NAMES == ("text", "html", "post", "pdf")
    assert sorted(SNIFF_ORDER) == sorted(NAMES) and SNIFF_ORDER[-1] == "text"  # text takes anything
    assert DOCUMENT_SUFFIXES == (".txt", ".html", ".htm", ".shtml", ".md", ".markdown")
    assert [
        detect(t).name
        for t in ("一、总体要求\n加强领导。", "<p>一</p><p>二</p><p>三</p>", "---\ntitle: 通知\n---\n正文")
    ] == [
        "text",
        "html",
        "post",
    ]


def test_a_new_reader_is_one_declaration(monkeypatch):
    # A toy format: lines prefixed `> ` in a file that starts with `TOY`.
    toy = Reader(
        "toy",
        (".toy",),
        "a toy format",
        lambda text: text.startswith("TOY"),
        lambda text: Read([line.removeprefix("> ") for line in text.split("\n")[1:]]),
    )
    monkeypatch.setattr(readers, "BY_NAME", {**BY_NAME, "toy": toy})
    monkeypatch.setattr(readers, "SNIFF_ORDER", ("toy", *SNIFF_ORDER))
    monkeypatch.setattr(readers, "READERS", (*READERS, toy))
    text = "TOY\n> 关于加强安全生产的通知\n> 一、总体要求\n> 加强领导。"
    doc = clean(text)
    assert doc.source.format == "toy"
    assert doc.paragraphs == ("关于加强安全生产的通知", "一、总体要求", "加强领导。")
    assert clean(text.replace("TOY", "TOY!"), input_format="toy").source.format == "toy"
