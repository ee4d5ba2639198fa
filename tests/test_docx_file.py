"""Word documents read directly: the same clauses and duties as the text, Word's numbering as
the reader sees it, and nothing of headers, footers, comments or deletions."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policytool import clean, depts, parse
from policytool.cleaning.docx import Level, Numbering
from policytool.numbering import cn_numeral, match_marker
from tests.conftest import ROOT, SEED_FILES, run_cli
from tests.docxs import FOOTER, HEADER, LEVELS, Numbered, make_docx, with_revisions_and_comment

TEXTS = {path.name[:3]: clean(path.read_bytes(), path=str(path)) for path in SEED_FILES}
GOLD = ROOT / "benchmarks" / "gold"
GOLD_DOCUMENTS = sorted(p for p in GOLD.iterdir() if p.suffix in (".txt", ".md", ".html") and p.stem != "README")
# The kinds of typed marker Word's list levels write (tests/docxs.py LEVELS), by level.
LEVEL_OF = {"cn": 0, "paren_cn": 1}


def _tree(doc) -> list[tuple]:
    return [(c.id, c.kind, c.title, c.text) for c in doc.clauses if c.kind != "part"]


def _duties(report) -> list[tuple]:
    return [(a.clause, [d.name for d in a.duty.lead], [d.name for d in a.duty.support]) for a in report.assignments]


def _with_tables(doc) -> tuple[list[str], list[list[str]] | None, int]:
    """A document's paragraphs and its task table (rows of cells) to set as a Word table."""
    rows = [k for k, p in enumerate(doc.paragraphs) if "|" in p]
    if not any(a.source == "table" for a in depts(doc).assignments):
        return list(doc.paragraphs), None, 0
    table = [[c.strip() for c in doc.paragraphs[k].split("|")] for k in rows]
    return [p for k, p in enumerate(doc.paragraphs) if k not in rows], table, rows[0] - 1


@pytest.mark.parametrize("path", [*SEED_FILES, *GOLD_DOCUMENTS], ids=lambda p: p.stem)
def test_a_word_document_parses_as_its_text(path):
    """Typed markers, a page break inside every fifth paragraph, the task table a Word table."""
    text = clean(path.read_bytes(), path=path.name)
    paragraphs, table, after = _with_tables(text)
    doc = clean(make_docx(paragraphs, table=table, table_after=after, page_break_every=5), path=path.stem + ".docx")
    assert doc.source.format == "docx" and doc.source.encoding == "binary"
    assert doc.paragraphs == text.paragraphs
    assert _tree(parse(doc)) == _tree(parse(text))
    assert _duties(depts(doc)) == _duties(depts(text))


def _numbered(paragraphs: tuple[str, ...]) -> list[str | Numbered] | None:
    """The paragraphs with every 一、 and （一） marker made Word's numbering, or None when the
    document numbers them otherwise than Word counts (a skipped or repeated number)."""
    counts = [0, 0]
    out: list[str | Numbered] = []
    for paragraph in paragraphs:
        marked = match_marker(paragraph)
        level = LEVEL_OF.get(marked.kind) if marked else None
        if level is None or marked.rest.startswith(("、", "）")):
            out.append(paragraph)
            continue
        counts[level] += 1
        if level == 0:
            counts[1] = 0
        written = LEVELS[level][1].replace(f"%{level + 1}", cn_numeral(counts[level]))
        if marked.marker != written or paragraph != marked.marker + marked.rest:
            return None  # numbered otherwise than Word counts, or in other marks (`(一)`)
        out.append(Numbered(marked.rest, level))
    return out


def test_word_numbering_gives_the_markers_a_reader_sees():
    """The seeds and gold documents whose 一、/（一） are numbered as Word counts, numbered by Word."""
    tried = 0
    for path in [*SEED_FILES, *GOLD_DOCUMENTS]:
        text = clean(path.read_bytes(), path=path.name)
        numbered = _numbered(text.paragraphs)
        if numbered is None or not any(isinstance(p, Numbered) for p in numbered):
            continue
        tried += 1
        doc = clean(make_docx(numbered), path=path.stem + ".docx")
        assert doc.paragraphs == text.paragraphs, path.name
        assert _tree(parse(doc)) == _tree(parse(text)), path.name
    assert tried >= 6


def test_headers_footers_comments_and_deletions_stay_out_insertions_stay_in():
    data = with_revisions_and_comment("一、保留的文字", "删除的内容", "插入的内容", "批注所在的文字", "这是一条批注")
    doc = clean(data, path="revised.docx")
    assert doc.paragraphs == ("一、保留的文字插入的内容批注所在的文字",)
    seed = clean(make_docx(TEXTS["004"].paragraphs), path="004.docx")
    assert not any(HEADER in p or FOOTER in p for p in seed.paragraphs)


def test_a_task_table_with_a_merged_cell_gives_its_assignments():
    rows = [
        ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"],
        ["1", "推进数字政府建设", "省发展改革委", "省财政厅\n省科技厅", "2023年底前"],
        ["2", "加强市场监管", "省市场监管局", "", "持续推进"],
        ["3", "", "省商务厅", "", "2024年6月"],
    ]
    doc = clean(make_docx(["一、重点任务"], table=rows, merges=(((2, 1), (3, 1)),)), path="table.docx")
    got = [(a.title, [d.name for d in a.duty.lead], [d.name for d in a.duty.support]) for a in depts(doc).assignments]
    assert got == [
        ("推进数字政府建设", ["省发展改革委"], ["省财政厅", "省科技厅"]),  # a paragraph a unit in its cell
        ("加强市场监管", ["省市场监管局"], []),
        (None, ["省商务厅"], []),  # under the task merged down from the row above
    ]


def test_restarts_styles_and_formats_count_as_word_counts():
    numbering = Numbering(
        abstract_of={"1": "A", "2": "A"},
        levels={
            "A": {0: Level(fmt="chineseCounting", text="第%1章", suffix="space"), 1: Level(text="%1.%2", legal=True)}
        },
        overrides={"2": {0: 1}},  # numId 2: the same list, restarted
    )
    assert [numbering.marker("1", 0), numbering.marker("1", 1), numbering.marker("1", 1)] == [
        "第一章 ",
        "1.1 ",
        "1.2 ",
    ]
    assert [numbering.marker("1", 0), numbering.marker("1", 1)] == ["第二章 ", "2.1 "]  # the level below restarts
    assert numbering.marker("2", 0) == "第一章 "  # a restarted list
    assert numbering.marker("9", 0) == ""  # no such list: no marker
    legal = Numbering(abstract_of={"1": "B"}, levels={"B": {0: Level(fmt="upperRoman", text="%1")}})
    assert [legal.marker("1", 0) for _ in range(4)] == ["I ", "II ", "III ", "IV "]
    assert [Numbering({"1": "C"}, {"C": {0: Level(fmt=f, text="%1")}}).marker("1", 0) for f in (
        "decimalEnclosedCircle", "ideographTraditional", "decimalFullWidth", "chineseLegalSimplified", "none",
    )] == ["①", "甲 ", "１", "壹 ", ""]  # fmt: skip
    dash = Numbering({"1": "D"}, {"D": {0: Level(fmt="bullet", text="——")}})
    assert dash.marker("1", 0) == "——"  # a 公文's dash bullet, as typed


def _docx_with(body_xml: str, styles_xml: str = "") -> bytes:
    """A minimal .docx whose body is ``body_xml`` (and styles ``styles_xml``)."""
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", f"<w:document {ns}><w:body>{body_xml}</w:body></w:document>")
        if styles_xml:
            z.writestr("word/styles.xml", f"<w:styles {ns}>{styles_xml}</w:styles>")
        z.writestr(
            "word/numbering.xml",
            f'<w:numbering {ns}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
            '<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>'
            '<w:num w:numId="3"><w:abstractNumId w:val="0"/></w:num></w:numbering>',
        )
    return out.getvalue()


def test_fields_styles_breaks_and_symbols_read_as_shown():
    body = (
        '<w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr><w:r><w:t>总体要求</w:t></w:r></w:p>'
        '<w:p><w:r><w:t xml:space="preserve">详见第</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText> PAGEREF _Toc1 \\h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>页。</w:t></w:r></w:p>'
        "<w:p><w:r><w:t>第一行</w:t><w:br/><w:t>第二行</w:t></w:r></w:p>"
        '<w:p><w:r><w:t>勾选</w:t><w:sym w:font="Wingdings" w:char="F0FC"/><w:t>完成</w:t></w:r></w:p>'
        '<w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr><w:r><w:t>重点任务</w:t></w:r></w:p>'
    )
    styles = (
        '<w:style w:styleId="Heading1"><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style>'
        '<w:style w:styleId="Heading2"><w:basedOn w:val="Heading1"/></w:style>'
    )
    doc = clean(_docx_with(body, styles), path="fields.docx")
    assert doc.paragraphs == ("一、总体要求", "详见第3页。", "第一行", "第二行", "勾选完成", "二、重点任务")


HAN = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=80)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.one_of(HAN, st.builds(Numbered, HAN, st.integers(0, 4))), min_size=1, max_size=12))
def test_no_han_character_is_lost(items):
    doc = clean(make_docx(items, page_break_every=3), path="x.docx")
    texts = [i.text if isinstance(i, Numbered) else i for i in items]
    # Kept, or taken out with a reason (a lone `通知公告` is a site's menu to the text rules).
    got = "".join(doc.paragraphs) + "".join(r.text for r in doc.removed)
    for text in texts:
        assert text in got


def test_old_and_broken_word_files_get_one_line_each_and_the_rest_go_on(tmp_path):
    good = make_docx(["一、总体要求", "加强领导。"])
    (tmp_path / "old.doc").write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "WordDocument".encode("utf-16-le")
    )
    (tmp_path / "cut.docx").write_bytes(good[: len(good) // 2])
    (tmp_path / "good.docx").write_bytes(good)
    names = [str(tmp_path / n) for n in ("old.doc", "cut.docx", "good.docx")]
    result = run_cli("depts", *names, "--format", "jsonl")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        (
            f"policytool: {names[0]}: Word 97–2003 or WPS document (.doc, .wps): save it as .docx, "
            "or convert it with `libreoffice --headless --convert-to docx FILE`"
        ),
        f"policytool: {names[1]}: damaged zip or Office file (File is not a zip file)",
    ]
    folder = run_cli("parse", str(tmp_path), "--format", "jsonl")
    assert '"title": "总体要求"' in folder.stdout  # good.docx found in the folder


def test_a_txt_run_imports_no_word_reader():
    import subprocess
    import sys

    script = (
        "import sys; from policytool import clean; clean(open(sys.argv[1], 'rb').read());"
        "print(any(m.startswith(('policytool.cleaning.docx', 'xml.etree', 'docx', 'openpyxl', 'pypdfium2'))"
        " for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", script, str(SEED_FILES[0])], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
