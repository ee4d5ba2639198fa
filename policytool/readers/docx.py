"""A Word document (.docx): paragraphs in order, list numbering as shown, tables as rows.

The XML work is in cleaning/docx.py, imported when a document needs it (zipfile and
ElementTree too: the command line starts without them). A .doc or .wps of Word 97–2003 or
WPS, and a .docx locked by a password, are OLE files, not zips: the ingest step says what
to do with them (save as .docx, or open it with its password).
"""

from __future__ import annotations

from policytool.readers.base import ZIP_MAGIC, Raw, Read, Reader, zip_holds

# The part every Word document holds, by which a zip is told to be one.
DOCUMENT_PART = "word/document.xml"


def read(raw: Raw) -> Read:
    from policytool.cleaning.docx import docx_paragraphs

    text = docx_paragraphs(raw.data)
    return Read(text.paragraphs, text.removed, warnings=text.warnings)


def sniff(raw: Raw) -> bool:
    """A zip that holds a Word document's main part (a damaged one too: read() says so)."""
    return zip_holds(raw.data, DOCUMENT_PART)


READER = Reader(
    "docx",
    (".docx", ".docm"),
    "a Word document (.docx): list numbering as shown, tables as rows",
    sniff,
    read,
    magic=(ZIP_MAGIC,),
    reads_text=False,
)
