"""An Excel workbook (.xlsx): every visible sheet, a task table's rows as cells (cleaning/sheets.py).

openpyxl reads it in read-only mode, which streams rows from the sheet's XML without
building the workbook in memory, and gives each cell's number format (a percentage reads
`50%`, not `0.5`). Formulas give the value Excel last computed. A hidden sheet (lookup
lists, scratch work) is left out with a warning. A .xls from Excel 97–2003 is an OLE file,
not a zip: the ingest step says to save it as .xlsx.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from policytool.readers.base import ZIP_MAGIC, Raw, Read, Reader, zip_holds

if TYPE_CHECKING:
    from policytool.model import Removed

# The part every workbook holds, by which a zip is told to be one.
WORKBOOK_PART = "xl/workbook.xml"


def read(raw: Raw) -> Read:
    import io
    import zipfile

    from policytool.cleaning.sheets import Cell, sheet_paragraphs
    from policytool.ingest import InputError

    try:
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(raw.data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise InputError(f"not a readable Excel workbook ({_reason(exc)})") from None
    paragraphs: list[str] = []
    removed: list[Removed] = []
    warnings: list[str] = []
    try:
        for sheet in book.worksheets:
            if sheet.sheet_state != "visible":
                warnings.append(f"sheet {sheet.title!r} is hidden: left out")
                continue
            rows = (
                [Cell(c.value, getattr(c, "number_format", None) or "General") for c in row]
                for row in sheet.iter_rows()
            )
            texts, groups = sheet_paragraphs(rows)
            paragraphs += texts
            removed += groups
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise InputError(f"not a readable Excel workbook ({_reason(exc)})") from None
    finally:
        book.close()
    if not paragraphs:
        raise InputError("empty workbook: no visible sheet has text")
    return Read(paragraphs, removed, warnings=warnings)


def _reason(exc: Exception) -> str:
    """The library's reason, on one line and short: `File is not a zip file`."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:120]


def sniff(raw: Raw) -> bool:
    """A zip that holds a workbook part (a damaged one too: read() says so)."""
    return zip_holds(raw.data, WORKBOOK_PART)


READER = Reader(
    "xlsx",
    (".xlsx", ".xlsm"),
    "an Excel workbook (.xlsx): a task table sheet row by row, other sheets as text",
    sniff,
    read,
    magic=(ZIP_MAGIC,),
    reads_text=False,
)
