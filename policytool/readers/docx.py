"""A Word document (.docx): paragraphs in order, list numbering as shown, tables as rows.

The XML work is in cleaning/docx.py, imported when a document needs it. A .doc or .wps
of Word 97–2003 is an OLE file, not a zip: the ingest step says to save it as .docx.
"""

from __future__ import annotations

from policytool.readers.base import Raw, Read, Reader

# The first bytes of every zip file, and so of every Office Open XML document.
ZIP_MAGIC = b"PK\x03\x04"
# The part every Word document holds, by which a zip is told to be one.
DOCUMENT_PART = "word/document.xml"


def read(raw: Raw) -> Read:
    from policytool.cleaning.docx import docx_paragraphs

    text = docx_paragraphs(raw.data)
    return Read(text.paragraphs, text.removed)


def sniff(raw: Raw) -> bool:
    """A zip that holds a Word document's main part."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(raw.data)) as archive:
            return DOCUMENT_PART in archive.NameToInfo
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


READER = Reader(
    "docx",
    (".docx", ".docm"),
    "a Word document (.docx): list numbering as shown, tables as rows",
    sniff,
    read,
    magic=(ZIP_MAGIC,),
    reads_text=False,
)
