"""The one road to JSON text: every JSON document and JSON Lines line policytool prints.

Keeping it to one place gives one place for the output conventions (Chinese left as it
is, two-space indent) and one place for the test suite to check each object against its
shipped schema (tests/conftest.py wraps ``dumps`` and ``write``).

A JSON document is written a piece at a time (``write``): the arrays that grow with the
input (a document's clauses, paragraphs, assignments) are given as ``Items``, whose
objects are made, written and let go one by one. Built whole, the text of a document of
200,000 clauses took 800 MB, two hundred times its input.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterator
from typing import Any, TextIO

INDENT = "  "
# Arrays and objects with more parts than this are written a part at a time (see _in_pieces).
LARGE = 1000


class Items:
    """A JSON array whose items are made as they are written: ``Items(doc.clauses, Clause.to_dict)``.

    ``items`` is a collection, read again each time the array is (the tests read it once
    to check it against its schema, then write it); ``make`` turns each into a JSON value.

    >>> dumps({"n": Items((1, 2), str)}, line=True)
    '{"n": ["1", "2"]}'
    """

    __slots__ = ("items", "make")

    def __init__(self, items: Collection[Any], make: Callable[[Any], Any] | None = None) -> None:
        self.items = items
        self.make = make

    def __iter__(self) -> Iterator[Any]:
        return iter(self.items) if self.make is None else map(self.make, self.items)

    def __len__(self) -> int:
        return len(self.items)


def _as_list(value: Any) -> list[Any]:
    """Return an ``Items`` as the list it stands for (json's hook for types it does not know)."""
    if isinstance(value, Items):
        return list(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


# One encoder for the indented form: dumps() would build one per call, per clause.
_INDENTED = json.JSONEncoder(ensure_ascii=False, indent=2, default=_as_list)


def dumps(data: Any, *, line: bool = False) -> str:
    """Return ``data`` as JSON text: indented, or on one line for JSON Lines (no newline).

    Args:
        data: an object with a top-level ``"schema"`` key, a list of them (several
            inputs), or a ``{"path", "error"}`` object in place of a document; arrays
            may be given as ``Items``.
        line: one line, for ``--format jsonl``.

    >>> dumps({"schema": "policytool.clean/1", "paragraphs": ["通知"]}, line=True)
    '{"schema": "policytool.clean/1", "paragraphs": ["通知"]}'
    """
    if line:
        return json.dumps(data, ensure_ascii=False, default=_as_list)
    return _INDENTED.encode(data)


def write(data: Any, out: TextIO) -> None:
    """Write ``dumps(data)`` and a newline to ``out``, an item of each ``Items`` at a time.

    The text is the same, byte for byte: an object or array that holds ``Items`` is laid
    out here as json lays it out (keys are strings), everything else is json's own text,
    indented to its place. JSON text has a line break only between its parts (one inside
    a string is written ``\\n``), so indenting every line break of a part moves it whole.
    """
    _write(data, out, "\n")
    out.write("\n")


def _write(value: Any, out: TextIO, newline: str) -> None:
    """Write ``value`` whose first line is already indented; ``newline`` starts its next lines."""
    if isinstance(value, Items):
        inner = newline + INDENT
        opened = False
        for item in value:
            out.write(("," if opened else "[") + inner)
            _write(item, out, inner)
            opened = True
        out.write(newline + "]" if opened else "[]")
    elif isinstance(value, dict | list | tuple) and _in_pieces(value):
        inner = newline + INDENT
        pairs = value.items() if isinstance(value, dict) else ((None, v) for v in value)
        opened = False
        for key, item in pairs:
            out.write(("," if opened else "{" if isinstance(value, dict) else "[") + inner)
            if key is not None:
                out.write(json.dumps(key, ensure_ascii=False) + ": ")
            _write(item, out, inner)
            opened = True
        out.write(newline + ("}" if isinstance(value, dict) else "]"))
    else:
        text = _INDENTED.encode(value)
        out.write(text if newline == "\n" else text.replace("\n", newline))


def _in_pieces(value: Any) -> bool:
    """True if ``value`` is laid out by ``_write`` a part at a time: it holds an ``Items``, or
    an array or object of more than LARGE parts, at some depth. Encoded whole, one clause
    whose tag lists 250,000 departments would be one string of 60 MB."""
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, Items):
            return True
        if isinstance(v, dict | list | tuple) and len(v) > LARGE:
            return True
        if isinstance(v, dict):
            stack.extend(v.values())
        elif isinstance(v, list | tuple):
            stack.extend(v)
    return False


def plain(data: Any) -> Any:
    """Return ``data`` with every ``Items`` made into the list it stands for (to check or compare it)."""
    if isinstance(data, Items):
        return [plain(v) for v in data]
    if isinstance(data, dict):
        return {k: plain(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [plain(v) for v in data]
    return data
