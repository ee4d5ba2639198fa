"""Word documents read directly: the same clauses and duties as the text, Word's numbering as
the reader sees it, and nothing of headers, footers, comments or deletions."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policytool import InputError, clean, depts, parse
from policytool.cleaning.docx import STRICT_NS, TRANSITIONAL_NS, Level, Numbering, docx_paragraphs
from policytool.numbering import cn_numeral, match_marker
from tests.conftest import ROOT, SEED_FILES, run_cli
from tests.docxs import (
    CN_LIST,
    FOOTER,
    HEADER,
    LEVELS,
    Numbered,
    docx_from_xml,
    listed,
    make_docx,
    para,
    with_revisions_and_comment,
)

TEXTS = {path.name[:3]: clean(path.read_bytes(), path=str(path)) for path in SEED_FILES}
GOLD = ROOT / "benchmarks" / "gold"
GOLD_DOCUMENTS = sorted(p for p in GOLD.iterdir() if p.suffix in (".txt", ".md", ".html") and p.stem != "README")
# The kinds of typed marker Word's list levels write (tests/docxs.py LEVELS), by level.
LEVEL_OF = {"cn": 0, "paren_cn": 1, "arabic": 2}


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


def _numbered(paragraphs: tuple[str, ...], depth: int = len(LEVEL_OF)) -> list[str | Numbered] | None:
    """The paragraphs with every 一、, （一） and 1. marker (the first ``depth`` of them) made
    Word's numbering, or None when the document numbers them otherwise than Word counts (a
    skipped or repeated number, a 1. that goes on after a 一、, a `1、`)."""
    counts = [0] * depth
    out: list[str | Numbered] = []
    for paragraph in paragraphs:
        marked = match_marker(paragraph)
        level = LEVEL_OF.get(marked.kind) if marked else None
        level = level if level is not None and level < depth else None
        if level is None or marked.rest.startswith(("、", "）", ".")):
            out.append(paragraph)
            continue
        counts[level] += 1
        counts[level + 1 :] = [0] * (len(counts) - level - 1)  # Word restarts the levels below
        number = str(counts[level]) if marked.kind == "arabic" else cn_numeral(counts[level])
        written = LEVELS[level][1].replace(f"%{level + 1}", number)
        if marked.marker != written or paragraph != marked.marker + marked.rest:
            return None  # numbered otherwise than Word counts, or in other marks (`(一)`)
        out.append(Numbered(marked.rest, level))
    return out


def test_word_numbering_gives_the_markers_a_reader_sees():
    """The seeds and gold documents whose 一、/（一）/1. are numbered as Word counts, numbered
    by Word: the same paragraphs, and so the same tree, as the typed markers."""
    tried, levels = 0, set()
    for path in [*SEED_FILES, *GOLD_DOCUMENTS]:
        text = clean(path.read_bytes(), path=path.name)
        numbered = _numbered(text.paragraphs) or _numbered(text.paragraphs, depth=2)
        if numbered is None or not any(isinstance(p, Numbered) for p in numbered):
            continue
        tried += 1
        levels |= {p.level for p in numbered if isinstance(p, Numbered)}
        doc = clean(make_docx(numbered), path=path.stem + ".docx")
        assert doc.paragraphs == text.paragraphs, path.name
        assert _tree(parse(doc)) == _tree(parse(text)), path.name
        assert _duties(depts(doc)) == _duties(depts(text)), path.name
    assert tried >= 6 and levels == {0, 1, 2}


def test_headers_footers_comments_and_deletions_stay_out_insertions_stay_in():
    data = with_revisions_and_comment("一、保留的文字", "删除的内容", "插入的内容", "批注所在的文字", "这是一条批注")
    doc = clean(data, path="revised.docx")
    assert doc.paragraphs == ("一、保留的文字插入的内容批注所在的文字",)
    clauses = " ".join(f"{c.title or ''} {c.text}" for c in parse(doc).clauses)
    assert "插入的内容" in clauses and "删除的内容" not in clauses and "这是一条批注" not in clauses
    seed = clean(make_docx(TEXTS["004"].paragraphs, page_break_every=4), path="004.docx")
    assert seed.paragraphs == TEXTS["004"].paragraphs
    texts = [f"{c.title or ''} {c.text}" for c in parse(seed).clauses]
    assert len(texts) > 5 and not any(HEADER in t or FOOTER in t for t in texts)
    # What the page around the body said is listed as taken out, as a PDF's running header is.
    assert [(r.text, r.reason) for r in seed.removed if r.reason == "running-header"] == [
        (HEADER, "running-header"),
        (FOOTER, "running-header"),
    ]


TASK_ROWS = [
    ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"],
    ["（一）优化营商环境", "", "", "", ""],
    ["1", "推进数字政府建设", "省发展改革委", "省财政厅、省科技厅", "2023年底前"],
    ["2", "加强市场监管", "省市场监管局", "", "持续推进"],
    ["3", "", "省商务厅", "省公安厅", "2024年6月"],
    ["（二）强化要素保障", "", "", "", ""],
    ["4", "完善用地保障机制", "省自然资源厅", "省发展改革委", "2024年底前"],
]
# The group headings merged across the table, the task of row 3 merged down into row 4.
TASK_MERGES = (((1, 0), (1, 4)), ((3, 1), (4, 1)), ((5, 0), (5, 4)))


def _html_table(rows: list[list[str]], merges) -> str:
    """The same table as a page sets it: a merged cell a rowspan or colspan, the cells it covers left out."""
    spans, covered = {}, set()
    for (r0, c0), (r1, c1) in merges:
        spans[r0, c0] = (r1 - r0 + 1, c1 - c0 + 1)
        covered |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)} - {(r0, c0)}
    html = ""
    for i, row in enumerate(rows):
        cells = ""
        for j, text in enumerate(row):
            if (i, j) not in covered:
                down, across = spans.get((i, j), (1, 1))
                cells += f'<td rowspan="{down}" colspan="{across}">{text}</td>'
        html += f"<tr>{cells}</tr>"
    return f"<html><body><div id='zoom'><p>一、重点任务</p><table>{html}</table><p>二、保障措施</p></div></body></html>"


def _assignments(report) -> list[tuple]:
    return [
        (a.clause, a.title, [d.name for d in a.duty.lead], [d.name for d in a.duty.support], a.duty.deadline)
        for a in report.assignments
    ]


def test_a_task_table_gives_the_assignments_of_the_same_table_in_a_page():
    page = clean(_html_table(TASK_ROWS, TASK_MERGES).encode(), path="table.html")
    doc = clean(make_docx(["一、重点任务", "二、保障措施"], table=TASK_ROWS, merges=TASK_MERGES), path="table.docx")
    assert _assignments(depts(doc)) == _assignments(depts(page))
    assert [a[1:3] for a in _assignments(depts(doc))] == [
        ("推进数字政府建设", ["省发展改革委"]),
        ("加强市场监管", ["省市场监管局"]),
        (None, ["省商务厅"]),  # under the task merged down from the row above, as under a rowspan
        ("完善用地保障机制", ["省自然资源厅"]),
    ]
    assert doc.paragraphs == page.paragraphs


def test_units_on_lines_of_one_cell_are_units():
    """Enter between two units in a cell (a paragraph each) separates them as 、 does."""
    rows = [TASK_ROWS[0], ["1", "推进数字政府建设", "省发展改革委", "省财政厅\n省科技厅", "2023年底前"]]
    typed = [TASK_ROWS[0], ["1", "推进数字政府建设", "省发展改革委", "省财政厅、省科技厅", "2023年底前"]]
    doc = clean(make_docx(["一、重点任务"], table=rows), path="lines.docx")
    page = clean(_html_table(typed, ()).encode(), path="typed.html")
    assert _assignments(depts(doc)) == _assignments(depts(page))
    assert _assignments(depts(doc))[0][3] == ["省财政厅", "省科技厅"]


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
        "decimalEnclosedParen", "ideographEnclosedCircle", "lowerLetter",
    )] == ["①", "甲 ", "１", "壹 ", "", "⑴", "㊀", "a "]  # fmt: skip
    dash = Numbering({"1": "D"}, {"D": {0: Level(fmt="bullet", text="——")}})
    assert dash.marker("1", 0) == "——"  # a 公文's dash bullet, as typed
    symbol = Numbering({"1": "D"}, {"D": {0: Level(fmt="bullet", text="\uf0b7")}})
    assert symbol.marker("1", 0) == ""  # Symbol's round bullet: a picture, no number


def _counted(fmt: str, text: str, n: int) -> list[str]:
    numbering = Numbering({"1": "A"}, {"A": {0: Level(fmt=fmt, text=text, suffix="nothing")}})
    return [numbering.marker("1", 0) for _ in range(n)]


def test_chinese_counting_writes_numbers_as_gongwen_do():
    cn = _counted("chineseCounting", "%1、", 21)
    assert cn[:3] == ["一、", "二、", "三、"] and cn[9:12] == ["十、", "十一、", "十二、"]
    assert cn[19:] == ["二十、", "二十一、"]
    assert _counted("chineseCountingThousand", "（%1）", 11)[9:] == ["（十）", "（十一）"]
    assert _counted("chineseLegalSimplified", "%1", 11)[9:] == ["壹拾", "壹拾壹"]
    assert _counted("ideographLegalTraditional", "%1", 3)[2] == "參"
    assert _counted("decimalZero", "%1.", 10)[8:] == ["09.", "10."]


def test_a_level_restarts_as_its_lvl_restart_says():
    """Level 3 (1.) restarts after each 一、 only, not after each （一）, when lvlRestart is 1."""
    levels = {
        0: Level(fmt="chineseCounting", text="%1、", suffix="nothing"),
        1: Level(fmt="chineseCounting", text="（%2）", suffix="nothing"),
        2: Level(text="%3.", suffix="nothing", restart=1),
    }
    numbering = Numbering({"1": "A"}, {"A": levels})
    order = (0, 1, 2, 2, 1, 2, 0, 1, 2)
    assert [numbering.marker("1", k) for k in order] == [
        "一、", "（一）", "1.", "2.", "（二）", "3.", "二、", "（一）", "1.",
    ]  # fmt: skip
    never = Numbering({"1": "A"}, {"A": {**levels, 2: replace(levels[2], restart=0)}})
    assert [never.marker("1", k) for k in order][-1] == "4."


# Word's multilevel heading list as it writes it: the levels tied to heading styles by their
# w:pStyle, the styles naming the list without a level.
HEADING_LIST = (
    '<w:abstractNum w:abstractNumId="5">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:pStyle w:val="1"/>'
    '<w:lvlText w:val="第%1章"/><w:suff w:val="space"/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="2"/>'
    '<w:lvlText w:val="%1.%2"/><w:isLgl/></w:lvl></w:abstractNum>'
    '<w:num w:numId="7"><w:abstractNumId w:val="5"/></w:num>'
)
HEADING_STYLES = (
    '<w:style w:type="paragraph" w:styleId="1"><w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="2"><w:basedOn w:val="1"/><w:pPr><w:numPr><w:numId w:val="7"/></w:numPr>'
    "</w:pPr></w:style>"
)


def test_heading_styles_tied_to_list_levels_number_as_word_shows_them():
    body = "".join(para(t, f'<w:pStyle w:val="{s}"/>') for s, t in (("1", "总则"), ("2", "目的"), ("2", "依据")))
    body += para("适用范围", '<w:pStyle w:val="1"/>') + para("定义", '<w:pStyle w:val="2"/>')
    doc = docx_paragraphs(docx_from_xml(body, HEADING_STYLES, HEADING_LIST))
    assert doc.paragraphs == ["第一章 总则", "1.1 目的", "1.2 依据", "第二章 适用范围", "2.1 定义"]


def test_a_list_linked_to_a_list_style_counts_with_it():
    """Word's numStyleLink: a list whose levels are a list style's, counting on with its other users."""
    numbering = (
        CN_LIST.replace('w:abstractNumId="0">', 'w:abstractNumId="0"><w:styleLink w:val="PolicyList"/>', 1)
        + '<w:abstractNum w:abstractNumId="8"><w:numStyleLink w:val="PolicyList"/></w:abstractNum>'
        '<w:num w:numId="9"><w:abstractNumId w:val="8"/></w:num>'
    )
    styles = (
        '<w:style w:type="numbering" w:styleId="PolicyList">'
        '<w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style>'
    )
    body = listed("总体要求", 3) + listed("重点任务", 9) + listed("保障措施", 9)
    assert docx_paragraphs(docx_from_xml(body, styles, numbering)).paragraphs == [
        "一、总体要求",
        "二、重点任务",
        "三、保障措施",
    ]


def test_a_start_override_restarts_a_list_and_others_sharing_it_go_on():
    numbering = CN_LIST + (
        '<w:num w:numId="4"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/>'
        '</w:lvlOverride></w:num><w:num w:numId="5"><w:abstractNumId w:val="0"/></w:num>'
    )
    body = listed("甲", 3) + listed("乙", 3) + listed("丙", 4) + listed("丁", 5) + listed("戊", 3, extra="")
    assert docx_paragraphs(docx_from_xml(body, numbering=numbering)).paragraphs == [
        "一、甲", "二、乙", "一、丙", "二、丁", "三、戊",
    ]  # fmt: skip


def test_fields_styles_breaks_and_symbols_read_as_shown():
    body = (
        '<w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr><w:r><w:t>总体要求</w:t></w:r></w:p>'
        '<w:p><w:r><w:t xml:space="preserve">详见第</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText> PAGEREF _Toc1 \\h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>页。</w:t></w:r></w:p>'
        "<w:p><w:r><w:t>第一行</w:t><w:br/><w:t>第二行</w:t></w:r></w:p>"
        '<w:p><w:r><w:t>勾选</w:t><w:sym w:font="Wingdings" w:char="F0FC"/><w:t>完成</w:t></w:r></w:p>'
        '<w:p><w:r><w:t>覆盖率</w:t><w:sym w:font="Symbol" w:char="F0B3"/><w:t>90%</w:t></w:r></w:p>'
        '<w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr><w:r><w:t>重点任务</w:t></w:r></w:p>'
    )
    styles = (
        '<w:style w:styleId="Heading1"><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style>'
        '<w:style w:styleId="Heading2"><w:basedOn w:val="Heading1"/></w:style>'
    )
    doc = clean(docx_from_xml(body, styles), path="fields.docx")
    assert doc.paragraphs == (
        "一、总体要求",
        "详见第3页。",
        "第一行",
        "第二行",
        "勾选完成",
        "覆盖率≥90%",
        "二、重点任务",
    )


def _run(text: str, props: str = "") -> str:
    return f'<w:r>{f"<w:rPr>{props}</w:rPr>" if props else ""}<w:t xml:space="preserve">{text}</w:t></w:r>'


def _field(code: str, *result: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f"<w:r><w:instrText>{code}</w:instrText></w:r>"
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        + "".join(result)
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def test_what_word_does_not_show_is_not_read():
    """Nested fields' codes, hidden text, ruby's pinyin, an unfilled control's placeholder."""
    nested = _field(' IF "1" = "1" ', _run("由"), _field(" MERGEFIELD 单位 ", _run("省财政厅")), _run("牵头"))
    ruby = (
        "<w:r><w:ruby><w:rubyPr/><w:rt><w:r><w:t>zhǔ</w:t></w:r></w:rt>"
        "<w:rubyBase><w:r><w:t>主</w:t></w:r></w:rubyBase></w:ruby></w:r>"
    )
    placeholder = (
        "<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>"
        + _run("单击或点击此处输入文字。")
        + "</w:sdtContent></w:sdt>"
    )
    filled = f'<w:sdt><w:sdtPr><w:alias w:val="单位"/></w:sdtPr><w:sdtContent>{_run("市政府")}</w:sdtContent></w:sdt>'
    body = (
        f"<w:p>{nested}{_run('。')}</w:p>"
        f"<w:p>{_run('工作')}{_run('（内部备注）', '<w:vanish/>')}{_run('要求')}</w:p>"
        f"<w:p>{ruby}{_run('要任务')}</w:p>"
        f"<w:p>{_run('填报单位：')}{placeholder}</w:p>"
        f"<w:p>{_run('发文机关：')}{filled}</w:p>"
    )
    doc = docx_paragraphs(docx_from_xml(body))
    assert doc.paragraphs == ["由省财政厅牵头。", "工作要求", "主要任务", "填报单位：", "发文机关：市政府"]
    assert [r.text for r in doc.removed] == ["（内部备注）", "zhǔ", "单击或点击此处输入文字。"]


def test_a_field_left_open_hides_nothing_after_its_paragraph():
    opened = '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>TOC</w:instrText></w:r></w:p>'
    body = opened + para("加强领导。")
    assert docx_paragraphs(docx_from_xml(body)).paragraphs == ["加强领导。"]


def _toc_entry(text: str, page: int) -> str:
    """A table of contents' line as Word writes it: a link to the heading, a tab, its page (a field)."""
    page_field = _field(f" PAGEREF _Toc{page} \\h ", _run(str(page)))
    return f'<w:p><w:hyperlink w:anchor="_Toc{page}">{_run(text)}<w:r><w:tab/></w:r>{page_field}</w:hyperlink></w:p>'


def test_a_table_of_contents_is_taken_out_and_its_headings_stand_once():
    begin = '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> TOC \\o "1-3" \\h </w:instrText></w:r>'
    first = _toc_entry("一、总体要求", 1).replace(
        "<w:p>", f'<w:p>{begin}<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    )
    # Word ends the field in the paragraph after the last line, here the body's first heading.
    end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    body = (
        para("目录")
        + first
        + _toc_entry("二、重点任务", 2)
        + f"<w:p>{end}{_run('一、总体要求')}</w:p>"
        + para("加强领导。")
        + para("二、重点任务")
        + para("推进建设。")
    )
    doc = clean(docx_from_xml(body), path="toc.docx")
    assert doc.paragraphs == ("一、总体要求", "加强领导。", "二、重点任务", "推进建设。")
    assert [(r.text, r.reason) for r in doc.removed if r.reason == "contents"] == [
        ("目录", "contents"),  # its label, the paragraph above it
        ("一、总体要求\t1", "contents"),
        ("二、重点任务\t2", "contents"),
    ]
    control = (
        '<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj></w:sdtPr>'
        f"<w:sdtContent>{para('目  录')}{para('一、总体要求')}{para('二、重点任务')}</w:sdtContent></w:sdt>"
    )
    doc = clean(docx_from_xml(control + para("一、总体要求") + para("加强领导。")), path="toc.docx")
    assert doc.paragraphs == ("一、总体要求", "加强领导。")


def test_a_numbered_paragraph_deleted_with_changes_tracked_is_not_counted():
    deleted_mark = '<w:rPr><w:del w:id="9" w:author="审核人"/></w:rPr>'
    gone = (
        f'<w:p><w:pPr>{deleted_mark}<w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr></w:pPr>'
        '<w:del w:id="8" w:author="审核人"><w:r><w:delText>删去的任务</w:delText></w:r></w:del></w:p>'
    )
    joined = f"<w:p><w:pPr>{deleted_mark}</w:pPr>{_run('加强组织领导，')}</w:p>{para('落实工作责任。')}"
    body = listed("总体要求") + gone + listed("保障措施") + joined
    assert docx_paragraphs(docx_from_xml(body)).paragraphs == [
        "一、总体要求",
        "二、保障措施",
        "加强组织领导，落实工作责任。",
    ]


def _table(*rows: str, props: str = "") -> str:
    return f"<w:tbl>{props}{''.join(rows)}</w:tbl>"


def _tr(*cells: str, props: str = "") -> str:
    return f"<w:tr>{f'<w:trPr>{props}</w:trPr>' if props else ''}{''.join(cells)}</w:tr>"


def _tc(*paragraphs: str, props: str = "") -> str:
    return f"<w:tc>{f'<w:tcPr>{props}</w:tcPr>' if props else ''}{''.join(paragraphs) or '<w:p/>'}</w:tc>"


HEADER_ROW = _tr(*(_tc(para(h)) for h in TASK_ROWS[0]))


def test_rows_deleted_skipped_or_in_controls_keep_their_cells_under_their_headers():
    def row(*texts: str, props: str = "") -> str:
        return _tr(*(_tc(para(t)) for t in texts), props=props)

    deleted = row("9", "删去的任务", "省教育厅", "", "", props='<w:del w:id="1" w:author="a"/>')
    # The row starts one grid column in (序号 left out): its cells stay under their headers.
    before = row("推进数字政府建设", "省发展改革委", "", "2023年底前", props='<w:gridBefore w:val="1"/>')
    wrapped = f"<w:sdt><w:sdtContent>{row('2', '加强市场监管', '省市场监管局', '', '持续推进')}</w:sdtContent></w:sdt>"
    doc = clean(docx_from_xml(para("一、重点任务") + _table(HEADER_ROW, deleted, before, wrapped)), path="rows.docx")
    assert doc.paragraphs[1:] == (
        "序号|重点任务|牵头单位|配合单位|完成时限",
        "|推进数字政府建设|省发展改革委| | 2023年底前",
        "2 |加强市场监管|省市场监管局| |持续推进",
    )


def test_a_layout_table_is_read_as_the_paragraphs_it_holds():
    """A one-cell frame round the text, and a form whose cell holds the text and a table."""
    frame = _table(_tr(_tc(para("关于加强安全生产的通知"), listed("总体要求"), para("加强领导。"))))
    inner = _table(_tr(_tc(para("联系人")), _tc(para("张三"))), _tr(_tc(para("电话")), _tc(para("12345"))))
    form = _table(_tr(_tc(para("正文")), _tc(listed("重点任务"), para("落实责任。"), inner)))
    assert docx_paragraphs(docx_from_xml(frame + form)).paragraphs == [
        "关于加强安全生产的通知", "一、总体要求", "加强领导。", "正文", "二、重点任务", "落实责任。",
        "联系人 | 张三", "电话 | 12345",
    ]  # fmt: skip


def test_a_table_in_a_task_tables_cell_is_its_lines():
    units = _table(_tr(_tc(para("省财政厅")), _tc(para("省科技厅"))))
    row = _tr(
        _tc(para("1")), _tc(para("推进数字政府建设")), _tc(para("省发展改革委")), _tc(units), _tc(para("2023年底前"))
    )
    doc = clean(docx_from_xml(para("一、重点任务") + _table(HEADER_ROW, row)), path="nested.docx")
    assert _assignments(depts(doc))[0][2:4] == (["省发展改革委"], ["省财政厅", "省科技厅"])


def test_text_boxes_math_and_strict_documents_are_read():
    box = (
        '<w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        '<mc:Choice Requires="wps"><w:drawing><w:txbxContent>'
        + para("（此件公开发布）")
        + "</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>"
        + para("（此件公开发布）")
        + "</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )
    math = (
        '<m:oMath xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math">'
        "<m:r><m:t>x≥90%</m:t></m:r></m:oMath>"
    )
    body = f"<w:p>{_run('某某市人民政府办公室')}{box}</w:p><w:p>{_run('达标率')}{math}</w:p>"
    assert docx_paragraphs(docx_from_xml(body)).paragraphs == [
        "（此件公开发布）",
        "某某市人民政府办公室",
        "达标率x≥90%",
    ]
    strict = docx_from_xml(listed("总体要求") + listed("重点任务"))
    strict = _rewrite_part(strict, "word/document.xml", lambda xml: xml.replace(TRANSITIONAL_NS, STRICT_NS))
    strict = _rewrite_part(strict, "word/numbering.xml", lambda xml: xml.replace(TRANSITIONAL_NS, STRICT_NS))
    assert docx_paragraphs(strict).paragraphs == ["一、总体要求", "二、重点任务"]


def _rewrite_part(data: bytes, name: str, change) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = source.read(info)
            target.writestr(info.filename, change(part) if info.filename == name else part)
    return out.getvalue()


def test_documents_without_text_or_too_large_get_one_line(monkeypatch):
    with pytest.raises(InputError, match="^empty Word document: no text in its body$"):
        clean(docx_from_xml(para("") + "<w:p/>"), path="blank.docx")
    picture = '<w:p><w:r><w:drawing><wp:inline xmlns:wp="urn:wp"/></w:drawing></w:r></w:p>'
    with pytest.raises(InputError, match="only pictures: a scanned document needs OCR first"):
        clean(docx_from_xml(picture), path="scan.docx")
    with pytest.raises(InputError, match="in an embedded file"):
        clean(docx_from_xml('<w:altChunk r:id="rId9" xmlns:r="urn:r"/>'), path="chunk.docx")
    assert docx_paragraphs(docx_from_xml(para("正文") + "<w:altChunk/>")).warnings == [
        "1 embedded file(s) (altChunk) in the Word document not read"
    ]
    import policytool.cleaning.docx as reader

    monkeypatch.setattr(reader, "MAX_XML_BYTES", 1000)
    big = docx_from_xml(para("加强领导。" * 200))
    with pytest.raises(InputError, match=r"^Word document too large unpacked \(word/document.xml: 0 MB of XML"):
        clean(big, path="bomb.docx")


def test_hostile_nesting_spans_and_starts_give_one_line_or_stay_small():
    deep = "<w:p>" + "<w:hyperlink>" * 3000 + _run("深") + "</w:hyperlink>" * 3000 + "</w:p>"
    with pytest.raises(InputError, match=r"^not a readable Word document \(its elements nest too deep\)$"):
        clean(docx_from_xml(deep), path="deep.docx")
    wide = _table(_tr(_tc(para("序号")), _tc(para("任务"), props='<w:gridSpan w:val="999999999"/>')))
    assert len(docx_paragraphs(docx_from_xml(wide)).paragraphs[0]) < 5000  # spans end at MAX_SPAN
    far = CN_LIST.replace('<w:start w:val="1"/>', '<w:start w:val="999999999"/>').replace(
        "chineseCounting", "lowerLetter"
    )
    assert docx_paragraphs(docx_from_xml(listed("总体要求"), numbering=far)).paragraphs == ["999999999、总体要求"]


def test_a_part_unpacking_to_more_than_it_says_is_cut_there_and_refused():
    """A zip bomb that states a small size: zipfile unpacks no more than it states, and the
    check of the part's CRC then fails."""
    data = bytearray(docx_from_xml(para("加强领导。" * 2000)))
    entry = b"PK\x01\x02"  # a central directory entry: its name at 46, the unpacked size at 24
    at = next(
        k for k in range(len(data)) if data.startswith(entry, k) and data.startswith(b"word/document.xml", k + 46)
    )
    assert int.from_bytes(data[at + 24 : at + 28], "little") > 10_000
    data[at + 24 : at + 28] = (100).to_bytes(4, "little")
    with pytest.raises(InputError, match=r"^not a readable Word document \(word/document.xml: "):
        clean(bytes(data), path="liar.docx")


HAN = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=80)


@settings(max_examples=15, deadline=None)
@given(st.lists(st.one_of(HAN, st.builds(Numbered, HAN, st.integers(0, 4))), min_size=1, max_size=12))
def test_no_han_character_is_lost(items):
    doc = clean(make_docx(items, page_break_every=3), path="x.docx")
    texts = [i.text if isinstance(i, Numbered) else i for i in items]
    # Kept, or taken out with a reason (a lone `通知公告` is a site's menu to the text rules).
    got = "".join(doc.paragraphs) + "".join(r.text for r in doc.removed)
    for text in texts:
        assert text in got


def _ole(stream: str) -> bytes:
    """An OLE compound file as far as its kind shows: the magic, a directory naming ``stream``."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + stream.encode("utf-16-le") + bytes(64)


def test_old_and_broken_word_files_get_one_line_each_and_the_rest_go_on(tmp_path):
    good = make_docx(["一、重点任务", "二、保障措施"], table=TASK_ROWS, merges=TASK_MERGES)
    convert = "save it as .docx, or convert it with `libreoffice --headless --convert-to docx FILE`"
    bad = {
        "old.doc": (_ole("WordDocument"), f"Word 97–2003 or WPS document (.doc, .wps): {convert}"),
        "old.wps": (_ole("WordDocument") + b"WPS Office", f"Word 97–2003 or WPS document (.doc, .wps): {convert}"),
        "locked.docx": (_ole("EncryptedPackage"), "encrypted Office file: it needs a password to open"),
        "cut.docx": (
            good[: len(good) // 2],
            "not a readable Word document (damaged or cut short: File is not a zip file)",
        ),
        "blank.docx": (docx_from_xml("<w:p/>"), "empty Word document: no text in its body"),
        "other.wps": (
            _ole("Contents"),  # an OLE file of no kind known: what to do all the same
            "not a text document (Office 97–2003 or WPS file: open it and save it as .docx or .xlsx)",
        ),
    }
    for name, (data, _) in bad.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "good.docx").write_bytes(good)
    names = [str(tmp_path / n) for n in (*bad, "good.docx")]
    result = run_cli("depts", *names, "--format", "jsonl")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"policytool: {tmp_path / n}: {reason}" for n, (_, reason) in bad.items()]
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["title"] for row in rows if row.get("path") == names[-1]] == [
        "推进数字政府建设", "加强市场监管", None, "完善用地保障机制",
    ]  # fmt: skip
    folder = run_cli("parse", str(tmp_path), "--format", "jsonl")
    assert '"title": "重点任务"' in folder.stdout  # good.docx found in the folder among the bad ones


def test_depts_reads_a_word_document_as_its_text(tmp_path):
    text = TEXTS["004"]
    (tmp_path / "004.docx").write_bytes(make_docx(text.paragraphs))
    (tmp_path / "004.txt").write_text("\n".join(text.paragraphs), encoding="utf-8")
    from_docx = run_cli("depts", str(tmp_path / "004.docx"), "--format", "csv")
    from_text = run_cli("depts", str(tmp_path / "004.txt"), "--format", "csv")
    assert from_docx.exit_code == 0 and from_docx.stderr == ""
    assert from_docx.stdout.replace("004.docx", "004") == from_text.stdout.replace("004.txt", "004")


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
