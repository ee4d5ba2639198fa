"""The example files README shows are what examples/make.py makes from the gold set's plan."""

from __future__ import annotations

import importlib.util

from policytool import clean, depts
from tests.conftest import ROOT

_spec = importlib.util.spec_from_file_location("examples_make", ROOT / "examples" / "make.py")
make = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make)


def test_the_example_pdf_is_what_the_script_makes():
    assert make.PDF.read_bytes() == make.make_pdf()


def test_the_example_workbook_holds_what_the_script_makes():
    committed = clean(make.XLSX.read_bytes(), path="task_table.xlsx")
    assert committed.paragraphs == clean(make.make_xlsx(), path="task_table.xlsx").paragraphs


def test_the_example_word_document_holds_what_the_script_makes():
    committed = clean(make.DOCX.read_bytes(), path="task_table.docx")
    assert committed.paragraphs == clean(make.make_docx(), path="task_table.docx").paragraphs
    assert committed.paragraphs == clean(make.SOURCE.read_bytes(), path=make.SOURCE.name).paragraphs


def test_every_example_gives_the_plans_assignments():
    source = depts(clean(make.SOURCE.read_bytes(), path=make.SOURCE.name))

    def rows(report) -> list[tuple]:
        return [(a.title, [d.name for d in a.duty.lead], [d.name for d in a.duty.support]) for a in report.assignments]

    assert len(rows(source)) == 7
    assert rows(depts(clean(make.PDF.read_bytes(), path="task_table.pdf"))) == rows(source)
    assert rows(depts(clean(make.XLSX.read_bytes(), path="task_table.xlsx"))) == rows(source)
    assert rows(depts(clean(make.DOCX.read_bytes(), path="task_table.docx"))) == rows(source)
