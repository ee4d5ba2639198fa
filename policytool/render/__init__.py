"""Renderers: turn results (via their ``to_dict()``) into text for people or scripts.

Each command's formats and their writers are declared in policytool.commands; ``render``
writes one of them.
"""

from __future__ import annotations

from typing import Any, TextIO

from policytool.commands import COMMANDS, At
from policytool.render.jsonout import dumps

__all__ = ["At", "dumps", "render"]


def render(command: str, fmt: str, results: Any, out: TextIO, view: Any = None, at: At | None = None) -> None:
    """Write ``results`` of ``command`` (`depts`, …) to ``out`` in the format ``fmt``."""
    COMMANDS[command].format(fmt).write()(results, view, out, at or At())
