"""PDF files read directly: the same clauses and duties as the text, without the page furniture."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from policytool import clean, depts, parse
from tests.conftest import SEED_FILES, run_cli
from tests.pdfs import COLUMN, HEADER, make_pdf, scanned_pdf, wrapped

TEXTS = {path.name[:3]: clean(path.read_bytes(), path=str(path)) for path in SEED_FILES}


def _tree(doc) -> list[tuple]:
    return [(c.id, c.kind, c.title, c.text) for c in doc.clauses if c.kind != "part"]


def _duties(report) -> list[tuple]:
    return [(a.clause, [d.name for d in a.duty.lead], [d.name for d in a.duty.support]) for a in report.assignments]


@pytest.mark.parametrize("seed", sorted(TEXTS))
def test_a_pdf_of_a_document_parses_as_its_text(seed):
    """Set over pages with a running header and page numbers, pages breaking inside clauses."""
    text = TEXTS[seed]
    pdf = make_pdf(text.paragraphs)
    from_pdf = clean(pdf, path=f"{seed}.pdf")
    assert from_pdf.source.format == "pdf" and from_pdf.source.encoding == "binary"
    assert from_pdf.paragraphs == text.paragraphs
    assert _tree(parse(from_pdf)) == _tree(parse(text))
    assert _duties(depts(from_pdf)) == _duties(depts(text))
    reasons = {r.reason for r in from_pdf.removed} - {r.reason for r in text.removed}
    assert reasons <= {"page-number", "running-header"}


def test_no_page_furniture_stays_inside_a_clause_and_a_clause_across_pages_is_whole():
    text = TEXTS["001"]
    pdf = make_pdf(text.paragraphs, lines_per_page=7)  # many page breaks, most inside clauses
    doc = parse(clean(pdf, path="001.pdf"))
    removed = [r.text for r in doc.cleaned.removed]
    assert removed.count(HEADER) >= 10 and "— 10 —" in removed
    assert not any(HEADER in c.text or "—" in c.text for c in doc.clauses)
    assert _tree(doc) == _tree(parse(text))


def test_a_single_page_number_goes_by_its_place_and_form():
    body = "".join(f"加强第{k}项工作的领导。" for k in range(1, 30))
    pdf = make_pdf(["关于加强培训的通知", "一、总体要求", body], header=None)
    doc = clean(pdf, path="one.pdf")
    assert [r.text for r in doc.removed] == ["— 1 —"]
    assert doc.paragraphs == ("关于加强培训的通知", "一、总体要求", body)


HAN = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=300)


@settings(max_examples=15)
@given(st.lists(HAN, min_size=1, max_size=12, unique=True))
def test_no_han_character_is_lost(paragraphs):
    texts = [f"{k}、{p}。" for k, p in enumerate(paragraphs, 1)]
    # No line repeated whole (see tests/pdfs.py): PDFium drops such a line with this font.
    lines = [line for t in texts for line, _ in wrapped(t, COLUMN, 14)]
    assume(len(set(lines)) == len(lines))
    got = "".join(clean(make_pdf(texts, header=None, lines_per_page=9), path="x.pdf").paragraphs)
    assert got == "".join(texts)


def test_a_scan_and_a_locked_pdf_get_one_line_each_and_the_rest_go_on(tmp_path):
    (tmp_path / "scan.pdf").write_bytes(scanned_pdf())
    (tmp_path / "locked.pdf").write_bytes(make_pdf(["一、总体要求"], encrypt=("secret", "owner")))
    (tmp_path / "open.pdf").write_bytes(make_pdf(["一、总体要求", "加强领导。"], encrypt=("", "owner")))
    (tmp_path / "good.txt").write_text("一、总体要求\n加强领导。\n", encoding="utf-8")
    names = [str(tmp_path / n) for n in ("scan.pdf", "locked.pdf", "open.pdf", "good.txt")]
    result = run_cli("parse", *names, "--format", "jsonl")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"policytool: {names[0]}: no text layer: a scanned PDF needs OCR first",
        f"policytool: {names[1]}: encrypted PDF: it needs a password to open",
    ]
    lines = result.stdout.splitlines()
    assert sum('"title": "总体要求"' in line for line in lines) == 2  # open.pdf and good.txt


def test_a_folder_holds_its_pdfs(tmp_path):
    (tmp_path / "a.pdf").write_bytes(make_pdf(["一、总体要求", "加强领导。"]))
    (tmp_path / "b.txt").write_text("一、总体要求\n加强领导。\n", encoding="utf-8")
    result = run_cli("clean", str(tmp_path), "--format", "jsonl")
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 2
