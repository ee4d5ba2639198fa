"""Word documents made for the tests with python-docx, as a 公文 is typed in Word or WPS.

Paragraphs may carry Word's automatic numbering (a list of 一、 （一） 1. （1） ① levels, defined
in numbering.xml as Word writes it) instead of typed markers; every section has a header and
a footer; comments, tracked deletions and insertions, page breaks and tables with merged
cells are written as Word writes them.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import docx
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

HEADER = "某某市人民政府办公厅文件汇编"
FOOTER = "第 1 页"
# The list every numbered paragraph belongs to (numId and abstractNumId).
LIST_ID = 90
# The levels of a 公文's numbering: (numFmt, lvlText), the suffix `nothing` as 公文 set it.
LEVELS = (
    ("chineseCounting", "%1、"),
    ("chineseCounting", "（%2）"),
    ("decimal", "%3."),
    ("decimal", "（%4）"),
    ("decimalEnclosedCircle", "%5"),
)


@dataclass(frozen=True)
class Numbered:
    """A paragraph numbered by Word at ``level`` (0: 一、, 1: （一）, …), its marker not typed."""

    text: str
    level: int


def _list_definitions(document) -> None:
    levels = "".join(
        f'<w:lvl w:ilvl="{k}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:suff w:val="nothing"/></w:lvl>'
        for k, (fmt, text) in enumerate(LEVELS)
    )
    numbering = document.part.numbering_part.element
    abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{LIST_ID}">{levels}</w:abstractNum>')
    num = parse_xml(f'<w:num {nsdecls("w")} w:numId="{LIST_ID}"><w:abstractNumId w:val="{LIST_ID}"/></w:num>')
    # Word wants every abstractNum before the first num.
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(num)


def _number(paragraph, level: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{LIST_ID}"/></w:numPr>'))


def make_docx(
    paragraphs: Iterable[str | Numbered],
    *,
    table: list[list[str]] | None = None,
    table_after: int = 0,
    merges: tuple[tuple[tuple[int, int], tuple[int, int]], ...] = (),
    page_break_every: int = 0,
) -> bytes:
    """Return a .docx of ``paragraphs`` with a header and footer on its section, ``table``
    (rows of cell texts) after paragraph ``table_after``, its ``merges`` ((row, column) of
    the first and last cell) merged, and a page break inside every ``page_break_every``-th
    paragraph (between its two halves, as a page ends mid-paragraph)."""
    document = docx.Document()
    _list_definitions(document)
    section = document.sections[0]
    section.header.paragraphs[0].text = HEADER
    section.footer.paragraphs[0].text = FOOTER
    items = list(paragraphs)
    for k, item in enumerate(items):
        text = item.text if isinstance(item, Numbered) else item
        paragraph = document.add_paragraph()
        if page_break_every and k % page_break_every == page_break_every - 1 and len(text) > 4:
            half = len(text) // 2
            paragraph.add_run(text[:half]).add_break(WD_BREAK.PAGE)
            paragraph.add_run(text[half:])
        else:
            paragraph.add_run(text)
        if isinstance(item, Numbered):
            _number(paragraph, item.level)
        if table is not None and k == table_after:
            _add_table(document, table, merges)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _add_table(document, rows: list[list[str]], merges) -> None:
    table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    table.style = "Table Grid"
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            cell = table.cell(i, j)
            lines = text.split("\n")  # Enter in a cell: a paragraph a line
            cell.paragraphs[0].text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)
    for (r0, c0), (r1, c1) in merges:
        first = table.cell(r0, c0)
        kept = first.text
        merged = first.merge(table.cell(r1, c1))
        for paragraph in merged.paragraphs[1:]:  # python-docx joins the merged cells' text
            paragraph._p.getparent().remove(paragraph._p)
        merged.paragraphs[0].text = kept


def with_revisions_and_comment(kept: str, deleted: str, inserted: str, commented: str, comment: str) -> bytes:
    """A document of one paragraph: ``kept``, a tracked deletion, a tracked insertion, and a
    run ``commented`` with a comment ``comment`` on it."""
    document = docx.Document()
    paragraph = document.add_paragraph()
    paragraph.add_run(kept)
    revision = 'w:id="{}" w:author="审核人" w:date="2024-03-01T00:00:00Z"'
    paragraph._p.append(
        parse_xml(f"<w:del {nsdecls('w')} {revision.format(1)}><w:r><w:delText>{deleted}</w:delText></w:r></w:del>")
    )
    paragraph._p.append(
        parse_xml(f"<w:ins {nsdecls('w')} {revision.format(2)}><w:r><w:t>{inserted}</w:t></w:r></w:ins>")
    )
    run = paragraph.add_run(commented)
    document.add_comment(run, text=comment, author="审核人")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# The namespace declaration of WordprocessingML, for documents written as XML.
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
# A list of one level, 一、 二、, as numId 3 (docx_from_xml's default numbering).
CN_LIST = (
    '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
    '<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>'
    '<w:num w:numId="3"><w:abstractNumId w:val="0"/></w:num>'
)


def docx_from_xml(
    body: str, styles: str = "", numbering: str = CN_LIST, parts: Mapping[str, str | bytes] | None = None
) -> bytes:
    """A .docx written as XML: ``body`` inside `w:body`, ``styles`` and ``numbering`` inside
    their parts' roots, and any other ``parts`` by name, as Word lays them out."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", f"<w:document {W_NS}><w:body>{body}</w:body></w:document>")
        if styles:
            z.writestr("word/styles.xml", f"<w:styles {W_NS}>{styles}</w:styles>")
        if numbering:
            z.writestr("word/numbering.xml", f"<w:numbering {W_NS}>{numbering}</w:numbering>")
        for name, data in (parts or {}).items():
            z.writestr(name, data)
    return out.getvalue()


def para(text: str, props: str = "", runs: str = "") -> str:
    """A paragraph of ``text`` (one run) after any ``runs``, with paragraph properties ``props``."""
    run = f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>' if text else ""
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{runs}{run}</w:p>"


def listed(text: str, num_id: int = 3, level: int | None = 0, extra: str = "") -> str:
    """A paragraph numbered by list ``num_id`` at ``level`` (None: the level left to its style)."""
    ilvl = "" if level is None else f'<w:ilvl w:val="{level}"/>'
    return para(text, f'{extra}<w:numPr>{ilvl}<w:numId w:val="{num_id}"/></w:numPr>')
