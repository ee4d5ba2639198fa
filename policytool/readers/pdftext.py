"""Text extracted from a PDF (pdftotext): page furniture out, hard-wrapped lines rejoined."""

from __future__ import annotations

from policytool.readers.base import Raw, Read, Reader


def read(raw: Raw) -> Read:
    from policytool.cleaning.pdftext import pdf_to_paragraphs

    pdf = pdf_to_paragraphs(raw.text.split("\n"))
    return Read(pdf.paragraphs, list(pdf.removed))


def sniff(raw: Raw) -> bool:
    """Many lines cut mid-sentence at one width, as pdftotext prints."""
    from policytool.ingest import looks_hard_wrapped

    return looks_hard_wrapped(raw.text)


# No suffix: a dump is a .txt file, told from plain text by its line widths.
READER = Reader("pdf", (), "text extracted from a PDF (pdftotext), hard-wrapped", sniff, read)
