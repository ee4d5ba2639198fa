"""A CSV file (comma-separated, as Excel and WPS save a sheet): read as a sheet is.

A task table's rows become cells under their header, any other rows text
(cleaning/sheets.py). Told from prose by its rows: most of the first ones split into the
same number of fields, three or more (a Chinese sentence may hold an ASCII comma or two,
`到2025年,基本形成`, but not the same count line after line).
"""

from __future__ import annotations

from policytool.readers.base import Raw, Read, Reader

# Rows asked when telling a CSV file, and the share of them with the most common field count.
SNIFF_ROWS = 50
SAME_WIDTH_SHARE = 0.8
# The fewest fields a row of a CSV file has.
MIN_FIELDS = 3


def read(raw: Raw) -> Read:
    import csv
    import io

    from policytool.cleaning.sheets import Cell, sheet_paragraphs
    from policytool.ingest import InputError

    rows = csv.reader(io.StringIO(raw.text, newline=""))
    try:
        paragraphs, groups = sheet_paragraphs([Cell(value) for value in row] for row in rows)
    except csv.Error as exc:  # `field larger than field limit (131072)`
        raise InputError(f"not a readable CSV file ({exc})") from None
    return Read(paragraphs, groups)


def sniff(raw: Raw) -> bool:
    import csv
    import io
    from collections import Counter
    from itertools import islice

    try:
        rows = [row for row in islice(csv.reader(io.StringIO(raw.text[:100_000], newline="")), SNIFF_ROWS) if any(row)]
    except csv.Error:
        return False
    if len(rows) < 2:
        return False
    width, count = Counter(len(row) for row in rows).most_common(1)[0]
    return width >= MIN_FIELDS and count >= SAME_WIDTH_SHARE * len(rows)


READER = Reader("csv", (".csv",), "a CSV file saved from a spreadsheet: a task table row by row", sniff, read)
