"""The JSON Schemas (draft 2020-12) of what policytool prints, shipped as package data.

One file per ``"schema"`` value: ``policytool.document/1`` is ``document-1.json`` in
this folder, so adding a schema is adding a file. The definitions several outputs share
(a document's source and meta, a department, an error) are written once, in
``_shared.json``; a file names one in its ``$defs`` as ``{"$ref": "_shared.json#/$defs/meta"}``
and ``text``/``load`` put the definition in its place, so every schema they give stands
alone. Reading them needs only the standard library; validating is left to the caller (the
test suite uses jsonschema).
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files

from policytool.patterns import lazy_regex

# `policytool.document/1` ↔ `document-1.json`
NAME = lazy_regex(r"^policytool\.(?P<kind>[a-z]+)/(?P<version>\d+)$")
FILE = lazy_regex(r"^(?P<kind>[a-z]+)-(?P<version>\d+)\.json$")


class UnknownSchemaError(LookupError):
    """A schema name policytool does not ship."""


@cache
def names() -> tuple[str, ...]:
    """Return the names of the shipped schemas, sorted.

    >>> "policytool.document/1" in names()
    True
    """
    found = (FILE.match(f.name) for f in files(__name__).iterdir())
    return tuple(sorted(f"policytool.{m['kind']}/{m['version']}" for m in found if m))


# The file of shared definitions, and how a schema file names one of them.
SHARED = "_shared.json"
SHARED_REF = f"{SHARED}#/$defs/"


def text(name: str) -> str:
    """Return the schema for ``name`` (``policytool.document/1``) as JSON text, standing alone."""
    m = NAME.match(name)
    if not m or name not in names():
        raise UnknownSchemaError(name)
    written = (files(__name__) / f"{m['kind']}-{m['version']}.json").read_text(encoding="utf-8")
    if SHARED_REF not in written:
        return written
    schema = json.loads(written)
    schema["$defs"] = {key: _resolved(value) for key, value in schema["$defs"].items()}
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def _resolved(definition: dict) -> dict:
    """Return a shared definition in place of its reference; any other as it is."""
    ref = definition.get("$ref", "")
    if len(definition) == 1 and ref.startswith(SHARED_REF):
        return shared()[ref.removeprefix(SHARED_REF)]
    return definition


@cache
def shared() -> dict[str, dict]:
    """Return the shared definitions by name, read once (``load`` gives every caller its own copy)."""
    return json.loads((files(__name__) / SHARED).read_text(encoding="utf-8"))["$defs"]


def load(name: str) -> dict:
    """Return the JSON Schema for ``name`` as a new dict; UnknownSchemaError if not shipped.

    >>> load("policytool.document/1")["title"]
    'policytool.document/1'
    """
    return json.loads(text(name))
