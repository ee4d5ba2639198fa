"""Output of ``policytool clean``: plain text, JSON or JSON Lines."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from policytool.model import Cleaned
from policytool.render.jsonout import dumps

Result = Cleaned | tuple[str, str]


def _as_dict(result: Result) -> dict[str, Any]:
    if isinstance(result, tuple):
        path, message = result
        return {"path": path, "error": message}
    return result.to_dict()


def render_clean(results: Sequence[Result], fmt: str, *, several: bool) -> str:
    """Return the output for ``results`` in ``fmt`` (text, json or jsonl).

    Text is one paragraph per line; with several inputs each document is preceded by
    a ``==> path <==`` line, as ``head`` does.
    """
    if fmt == "json":
        items = [_as_dict(r) for r in results]
        return dumps(items if several or not items else items[0]) + "\n"
    if fmt == "jsonl":
        return "".join(dumps(_as_dict(r), line=True) + "\n" for r in results)
    out = []
    for r in results:
        if isinstance(r, tuple):
            continue
        if several:
            out.append(f"==> {r.source.path} <==\n")
        out.append(r.text)
    return "".join(out)
