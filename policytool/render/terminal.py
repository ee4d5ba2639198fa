"""What the terminal we write to can show: colour, and how many columns.

The same rules as rich, for output drawn without it: `NO_COLOR` turns colour off,
`FORCE_COLOR` on, else colour only on a terminal; `COLUMNS` sets the width, else the
terminal's, else 80.
"""

from __future__ import annotations

import os
import shutil
from typing import TextIO
from unicodedata import east_asian_width

# East Asian widths a terminal draws two cells wide (Wide and Fullwidth): 健, （, ：.
# Ambiguous ones (“ ” … ─ ├) take one cell, as terminals and rich draw them.
WIDE = ("W", "F")


def colour(out: TextIO) -> bool:
    """True if ``out`` should get ANSI colours."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM", "") in ("dumb", "unknown"):
        return False
    isatty = getattr(out, "isatty", None)
    return bool(isatty and isatty())


def width(out: TextIO) -> int:
    """Return the number of columns lines written to ``out`` may take."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    isatty = getattr(out, "isatty", None)
    if isatty and isatty():
        return shutil.get_terminal_size().columns
    return 80


def cells(text: str) -> int:
    """Return the number of terminal cells ``text`` takes."""
    if text.isascii():
        return len(text)
    return len(text) + sum(1 for ch in text if east_asian_width(ch) in WIDE)


def wide_at(text: str) -> set[int]:
    """Return the offsets of the characters of ``text`` that take two cells."""
    if text.isascii():
        return set()
    return {k for k, ch in enumerate(text) if east_asian_width(ch) in WIDE}
