"""Make the example files README shows: a task-division plan as a PDF and a Word document, its
table as a workbook.

    pip install -e '.[test]'     # reportlab, python-docx and openpyxl
    python examples/make.py      # writes examples/task_table.pdf, .docx and .xlsx

The text is the gold set's district plan (benchmarks/gold/district_table_fengong.md, written
for the set: its places and numbers are invented), set as a 公文 is: a running header and
page numbers, the task table ruled, its header repeated on the page it runs over to; in
Word, its headings numbered by Word's automatic numbering, not typed.
tests/test_examples.py holds the committed files to what this script makes.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from policytool import clean  # noqa: E402
from policytool.duties import CELL_SPLIT  # noqa: E402

SOURCE = ROOT / "benchmarks" / "gold" / "district_table_fengong.md"
PDF = ROOT / "examples" / "task_table.pdf"
XLSX = ROOT / "examples" / "task_table.xlsx"
DOCX = ROOT / "examples" / "task_table.docx"


def parts() -> tuple[list[str], list[list[str]], list[str]]:
    """The plan's paragraphs before its task table, the table's rows, the paragraphs after."""
    doc = clean(SOURCE.read_bytes(), path=SOURCE.name)
    rows = [k for k, p in enumerate(doc.paragraphs) if "|" in p]
    table = [[cell.strip() for cell in CELL_SPLIT.split(doc.paragraphs[k])] for k in rows]
    return list(doc.paragraphs[: rows[0]]), table, list(doc.paragraphs[rows[-1] + 1 :])


def make_pdf() -> bytes:
    from reportlab import rl_config

    from tests.pdfs import make_table_pdf

    rl_config.invariant = 1  # no creation date or random id: the same bytes every time
    return make_table_pdf(*parts())


def make_docx() -> bytes:
    """The plan as typed in Word: 一、 and （一） from its list numbering, the table a Word table."""
    from policytool.numbering import match_marker
    from tests.docxs import Numbered, make_docx

    before, table, after = parts()
    levels = {"cn": 0, "paren_cn": 1}

    def numbered(paragraph: str) -> str | Numbered:
        marked = match_marker(paragraph)
        return Numbered(marked.rest, levels[marked.kind]) if marked and marked.kind in levels else paragraph

    items = [numbered(p) for p in before + after]
    return make_docx(items, table=table, table_after=len(before) - 1)


def make_xlsx() -> bytes:
    """The table as a 督查台账 keeps it: a title row, the header, a row a task."""
    import datetime as dt

    import openpyxl

    _, table, _ = parts()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "重点任务分工"
    sheet.append(["城南区推进紧密型城市医疗集团建设重点任务分工表"])
    for row in table:
        sheet.append([int(c) if c.isdigit() else c for c in row])
    book.properties.created = book.properties.modified = dt.datetime(2024, 3, 12)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def main() -> None:
    PDF.write_bytes(make_pdf())
    DOCX.write_bytes(make_docx())
    XLSX.write_bytes(make_xlsx())
    print(f"wrote {PDF.relative_to(ROOT)}, {DOCX.relative_to(ROOT)} and {XLSX.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
