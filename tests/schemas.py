"""Check policytool's JSON output against the shipped schemas (jsonschema, tests only).

The autouse fixture in conftest.py runs ``problems`` on every object the package turns
into JSON text in-process; tests that run policytool in a subprocess call
``validate_text`` on its output themselves.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator

from policytool import schemas

# An object without a "schema" key stands in for a document that could not be read; its
# shape is `$defs/error`, the same in every schema that has one (test_schemas checks).
ERROR_DEFINED_IN = "policytool.clean/1"
# Long instances (a whole clause) are cut in messages.
MESSAGE_CHARS = 300


@cache
def validator(name: str) -> Draft202012Validator:
    """Return the validator of a shipped schema, after checking the schema itself."""
    schema = schemas.load(name)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


@cache
def error_validator() -> Draft202012Validator:
    """Return the validator of a ``{"path", "error"}`` object."""
    schema = schemas.load(ERROR_DEFINED_IN)
    return Draft202012Validator({**schema["$defs"]["error"], "$defs": schema["$defs"]})


def _where(prefix: str, path: Any) -> str:
    return "$" + prefix + "".join(f"[{p!r}]" if isinstance(p, str) else f"[{p}]" for p in path)


def problems(data: Any) -> list[str]:
    """Return what is wrong with one JSON output: an object, an array of them, or an error object.

    Each problem reads `$[0]['clauses'][3]['kind']: 'foo' is not one of [...] (policytool.document/1)`.
    """
    items = list(enumerate(data)) if isinstance(data, list) else [(None, data)]
    out = []
    for k, item in items:
        prefix = "" if k is None else f"[{k}]"
        if not isinstance(item, dict):
            out.append(f"{_where(prefix, [])}: not a JSON object")
            continue
        name = item.get("schema")
        if name is None:
            check, label = error_validator(), "no 'schema' key, so a {path, error} object"
        elif name not in schemas.names():
            out.append(f"{_where(prefix, ['schema'])}: no shipped schema for {name!r}")
            continue
        else:
            check, label = validator(name), name
        for e in sorted(check.iter_errors(item), key=lambda e: [str(p) for p in e.absolute_path]):
            message = e.message if len(e.message) <= MESSAGE_CHARS else e.message[:MESSAGE_CHARS] + "…"
            out.append(f"{_where(prefix, e.absolute_path)}: {message} ({label})")
    return out


def validate(data: Any) -> None:
    """Raise AssertionError listing every place ``data`` differs from its schema."""
    found = problems(data)
    if found:
        raise AssertionError("JSON output does not follow its schema:\n" + "\n".join(found))


def validate_text(text: str, *, lines: bool = False) -> None:
    """Validate printed output: one JSON document, or JSON Lines (each line on its own)."""
    if lines:
        for line in text.splitlines():
            validate(json.loads(line))
    else:
        validate(json.loads(text))
