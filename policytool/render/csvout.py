"""The one road to CSV text: rows as Excel opens them (CRLF line ends, a BOM if asked)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence


def csv_text(header: Sequence[str] | None, rows: Iterable[Sequence[object]], *, bom: bool = False) -> str:
    """Return ``rows`` under ``header`` (None: no header line) as CSV text.

    ``bom`` starts the text with a byte-order mark, so that Excel reads it as UTF-8.
    """
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    if header is not None:
        writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" if bom else "") + buf.getvalue()
