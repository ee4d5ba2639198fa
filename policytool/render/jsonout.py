"""The one road to JSON text: every JSON document and JSON Lines line policytool prints.

Keeping it to one function gives one place for the output conventions (Chinese left as
it is, two-space indent) and one place for the test suite to check each object against
its shipped schema (tests/conftest.py wraps this function).
"""

from __future__ import annotations

import json
from typing import Any


def dumps(data: Any, *, line: bool = False) -> str:
    """Return ``data`` as JSON text: indented, or on one line for JSON Lines (no newline).

    Args:
        data: an object with a top-level ``"schema"`` key, a list of them (several
            inputs), or a ``{"path", "error"}`` object in place of a document.
        line: one line, for ``--format jsonl``.

    >>> dumps({"schema": "policytool.clean/1", "paragraphs": ["通知"]}, line=True)
    '{"schema": "policytool.clean/1", "paragraphs": ["通知"]}'
    """
    if line:
        return json.dumps(data, ensure_ascii=False)
    return json.dumps(data, ensure_ascii=False, indent=2)
