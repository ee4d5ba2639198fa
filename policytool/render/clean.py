"""Output of ``policytool clean``: plain text, JSON or JSON Lines."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from policytool.model import Cleaned

Result = Cleaned | tuple[str, str]


def _as_dict(result: Result) -> dict[str, Any]:
    if isinstance(result, tuple):
        path, message = result
        return {"path": path, "error": message}
    return result.to_dict()


def dumps(data: Any) -> str:
    """Return compact-but-readable JSON with Chinese left as it is."""
    return json.dumps(data, ensure_ascii=False, indent=2)


def render_clean(results: Sequence[Result], fmt: str, *, several: bool) -> str:
    """Return the output for ``results`` in ``fmt`` (text, json or jsonl).

    Text is one paragraph per line; with several inputs each document is preceded by
    a ``==> path <==`` line, as ``head`` does.
    """
    if fmt == "json":
        items = [_as_dict(r) for r in results]
        return dumps(items if several else items[0]) + "\n" if items else "[]\n"
    if fmt == "jsonl":
        return "".join(json.dumps(_as_dict(r), ensure_ascii=False) + "\n" for r in results)
    out = []
    for r in results:
        if isinstance(r, tuple):
            continue
        if several:
            out.append(f"==> {r.source.path} <==\n")
        out.append(r.text)
    return "".join(out)
