"""The JSON Schemas (draft 2020-12) of what policytool prints, shipped as package data.

One file per ``"schema"`` value: ``policytool.document/1`` is ``document-1.json`` in
this folder, so adding a schema is adding a file. Reading them needs only the standard
library; validating is left to the caller (the test suite uses jsonschema).
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


def text(name: str) -> str:
    """Return the schema file for ``name`` (``policytool.document/1``) as written."""
    m = NAME.match(name)
    if not m or name not in names():
        raise UnknownSchemaError(name)
    return (files(__name__) / f"{m['kind']}-{m['version']}.json").read_text(encoding="utf-8")


def load(name: str) -> dict:
    """Return the JSON Schema for ``name`` as a new dict; UnknownSchemaError if not shipped.

    >>> load("policytool.document/1")["title"]
    'policytool.document/1'
    """
    return json.loads(text(name))
