"""Output of ``policytool clean``: plain text, JSON or JSON Lines."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any, TextIO

from policytool.commands import At
from policytool.model import Cleaned, Failure, Removed
from policytool.render.jsonout import Items, dumps, write

Result = Cleaned | Failure


def _as_dict(result: Result) -> dict[str, Any]:
    return result.to_dict()


def _streamed(result: Result) -> dict[str, Any]:
    """Return ``_as_dict(result)`` with its paragraphs and removed pieces as Items, made as written."""
    if isinstance(result, Failure):
        return _as_dict(result)
    data = replace(result, paragraphs=(), removed=()).to_dict()
    data["paragraphs"] = Items(result.paragraphs)
    data["removed"] = Items(result.removed, Removed.to_dict)
    return data


def write_json(results: Sequence[Result], view: None, out: TextIO, at: At) -> None:
    """One object, or an array of them for several inputs (or none)."""
    if at.several or not results:
        write(Items(results, _streamed), out)
    else:
        write(_streamed(results[0]), out)


def write_jsonl(results: Sequence[Result], view: None, out: TextIO, at: At) -> None:
    out.writelines(dumps(_as_dict(r), line=True) + "\n" for r in results)


def write_text(results: Sequence[Result], view: None, out: TextIO, at: At) -> None:
    """One paragraph per line; with several inputs each document is preceded by a
    ``==> path <==`` line, as ``head`` does."""
    for r in results:
        if isinstance(r, Failure):
            continue
        if at.several:
            out.write(f"==> {r.source.path} <==\n")
        out.writelines(p + "\n" for p in r.paragraphs)
