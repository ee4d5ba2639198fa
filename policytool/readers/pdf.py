"""A PDF: the file itself, read by position, or the text pdftotext extracted from one.

A PDF file (`%PDF-`) is read from its bytes by cleaning/pdflayout.py: lines where the page
sets them, running headers and page numbers out by their place and repetition, lines
joined where they reach the column's edge. A text dump is reflowed by the rules of
cleaning/pdftext.py: page furniture out, hard-wrapped lines rejoined by their widths.
Both import their modules (and pypdfium2) when a document needs them.
"""

from __future__ import annotations

from policytool.readers.base import PDF_MAGIC, Raw, Read, Reader


def read(raw: Raw) -> Read:
    if raw.data.startswith(PDF_MAGIC):
        from policytool.cleaning.pdflayout import pdf_file_paragraphs

        pdf = pdf_file_paragraphs(raw.data)
    else:
        from policytool.cleaning.pdftext import pdf_to_paragraphs

        pdf = pdf_to_paragraphs(raw.text.split("\n"))
    return Read(pdf.paragraphs, list(pdf.removed), warnings=list(pdf.warnings))


def sniff(raw: Raw) -> bool:
    """A PDF file by its first bytes; a dump by many lines cut mid-sentence at one width."""
    from policytool.ingest import looks_hard_wrapped

    return raw.data.startswith(PDF_MAGIC) or looks_hard_wrapped(raw.text)


READER = Reader(
    "pdf",
    (".pdf",),
    "a PDF file, or text extracted from one (pdftotext), hard-wrapped",
    sniff,
    read,
    magic=(PDF_MAGIC,),
    reads_text=True,
)
