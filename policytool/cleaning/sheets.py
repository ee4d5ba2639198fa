"""Spreadsheet rows → paragraphs: a task table's rows as cells, any other sheet as text.

A 督查台账 or 任务分工表 circulates as a workbook whose header row names a responsibility
column (牵头单位, 责任单位, …). Such a sheet becomes a task table as the HTML reader gives
one: the header, then one paragraph a row with its cells joined by ` | ` and empty cells
kept, so every cell stays under its header and `depts` reads one assignment a row. A
header set on two rows (`责任单位` merged over `牵头单位 | 配合单位`) is read as one. Any
other sheet is text: a row of one cell is a paragraph, a row of several its cells joined.

Values are written as a reader of the sheet sees them: whole numbers without `.0`, a
percentage as `50%`, a date as `2023年12月31日`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from policytool.cleaning.html import CELL_SEPARATOR
from policytool.duties import header_column, table_header
from policytool.model import Removed

# The columns that name units, one a line when a cell holds several lines.
UNIT_COLUMNS = ("lead", "support")
# The rows of a sheet asked for its header row: a task table's title and notes stand above it.
HEADER_SEARCH_ROWS = 10


@dataclass(frozen=True)
class Cell:
    """One cell as the sheet stores it: its value and, for a number, its format (`0.00%`)."""

    value: object
    number_format: str = "General"


def cell_text(cell: Cell) -> str:
    """Return a cell's value as the sheet shows it: its lines (Alt+Enter) joined by `\\n`."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        day = f"{value.year}年{value.month}月{value.day}日"
        return day if value.time() == dt.time() else f"{day} {value:%H:%M}"
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, int | float):
        if cell.number_format.endswith("%"):
            return f"{value * 100:g}%"
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)
    return "\n".join(line.strip() for line in str(value).splitlines() if line.strip())


def sheet_paragraphs(rows: Iterable[Sequence[Cell]]) -> tuple[list[str], list[Removed]]:
    """Return the paragraphs of one sheet, read as a task table when a header row says so,
    and the group labels of a two-row header (`责任单位` over `牵头单位 | 配合单位`), which
    the header's own labels stand for."""
    texts = [[cell_text(cell) for cell in row] for row in rows]
    while texts and not any(texts[-1]):
        texts.pop()
    found = _find_header(texts)
    if found is None:
        return [_text_row(row) for row in texts if any(row)], []
    start, end, header = found
    groups = [Removed(a, "markup") for a, b in _pairs(*texts[start:end]) if a and b] if end - start == 2 else []
    width = max(k for k, cell in enumerate(header) if cell) + 1
    # A line break in a responsibility cell ends a unit's name (`省财政厅⏎省科技厅`); in any
    # other cell it is the writer's layout, and the row stays one paragraph.
    joiners = ["、" if header_column(cell) in UNIT_COLUMNS else " " for cell in header]
    paragraphs = [_text_row(row) for row in texts[:start] if any(row)]
    paragraphs.append(_cells(header[:width]))
    for row in texts[end:]:
        if any(row[width:]):
            width = len(row)  # a row wider than its header keeps every cell
        if row[:1] and row[0] and not any(row[1:]):
            # One cell merged across the table (its text in the first column): a group's
            # heading, `（一）优化营商环境`, over the rows below it.
            paragraphs.append(row[0].replace("\n", " "))
        elif any(row):
            cells = row[:width] + [""] * (width - len(row))
            paragraphs.append(
                _cells([cell.replace("\n", joiners[k] if k < len(joiners) else " ") for k, cell in enumerate(cells)])
            )
    return paragraphs, groups


def _find_header(texts: list[list[str]]) -> tuple[int, int, list[str]] | None:
    """Return where a task table's header starts and ends, and its cells, or None.

    A header may take two rows: a group cell merged over the columns below (`责任单位` over
    `牵头单位 | 配合单位`) and cells merged down from the row above (`序号`, `重点任务`)
    leave each row a part of the header, read together column by column.
    """
    # A narrow header cell wraps its label (`牵头⏎单位`).
    heads = [[cell.replace("\n", "") for cell in row] for row in texts[: HEADER_SEARCH_ROWS + 1]]
    for i, row in enumerate(heads[:HEADER_SEARCH_ROWS]):
        below = heads[i + 1] if i + 1 < len(heads) else []
        # The upper row of two has cells of its own (a table's title above it has one).
        cells_above = sum(1 for cell in row if cell)
        if cells_above >= 2 and any(below) and all(header_column(cell) for cell in below if cell):
            joined = [b or a for a, b in _pairs(row, below)]
            if table_header(joined):
                return i, i + 2, joined
        if table_header(row):
            return i, i + 1, row
    return None


def _pairs(a: list[str], b: list[str]) -> list[tuple[str, str]]:
    n = max(len(a), len(b))
    return list(zip(a + [""] * (n - len(a)), b + [""] * (n - len(b)), strict=True))


def _cells(row: list[str]) -> str:
    return CELL_SEPARATOR.join(row)


def _text_row(row: list[str]) -> str:
    """A row of text: one cell is a paragraph, several are cells of one row."""
    filled = [cell.replace("\n", " ") for cell in row if cell]
    return filled[0] if len(filled) == 1 else _cells(filled)
