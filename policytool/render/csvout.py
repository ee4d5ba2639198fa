"""The one road to CSV text: rows as Excel opens them (CRLF line ends, a BOM if asked)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import TextIO


def write_csv(
    out: TextIO, header: Sequence[str] | None, rows: Iterable[Sequence[object]], *, bom: bool = False
) -> None:
    """Write ``rows`` under ``header`` (None: no header line) to ``out`` as CSV, a row at a time.

    ``bom`` starts the text with a byte-order mark, so that Excel reads it as UTF-8.
    """
    if bom:
        out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    if header is not None:
        writer.writerow(header)
    writer.writerows(rows)


def csv_text(header: Sequence[str] | None, rows: Iterable[Sequence[object]], *, bom: bool = False) -> str:
    """Return ``rows`` under ``header`` (None: no header line) as CSV text (see ``write_csv``)."""
    buf = io.StringIO()
    write_csv(buf, header, rows, bom=bom)
    return buf.getvalue()
