"""Renderers: turn results (via their ``to_dict()``) into text for people or scripts."""

from __future__ import annotations

from policytool.render.clean import render_clean
from policytool.render.document import render_documents
from policytool.render.jsonout import dumps

__all__ = ["dumps", "render_clean", "render_documents"]
