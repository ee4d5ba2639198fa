"""Schema enums equal the code's tables: a format, a clause kind or a removal reason added in
the code and not in the schemas (or the other way) fails here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policytool import readers
from policytool.model import INNER_KINDS
from policytool.numbering import KIND_ORDER

SCHEMAS = sorted((Path(__file__).resolve().parents[1] / "policytool" / "schemas").glob("*.json"))


def _enums(node: object, key: str) -> list[list[str]]:
    """Every enum under a property named ``key``, anywhere in a schema."""
    found = []
    if isinstance(node, dict):
        for k, v in node.items():
            if k == key and isinstance(v, dict) and "enum" in v:
                found.append(v["enum"])
            found += _enums(v, key)
    elif isinstance(node, list):
        for v in node:
            found += _enums(v, key)
    return found


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_source_formats_are_the_readers(path):
    for enum in _enums(json.loads(path.read_text(encoding="utf-8")), "format"):
        if "html" in enum:
            assert sorted(enum) == sorted(readers.NAMES)


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_clause_kinds_are_the_numbering_table_and_the_inner_kinds(path):
    for enum in _enums(json.loads(path.read_text(encoding="utf-8")), "kind"):
        if "paren_cn" in enum:
            assert set(enum) == {"part", "row", *KIND_ORDER, *INNER_KINDS}


def test_the_enums_checked_are_there():
    clause = json.loads((SCHEMAS[0].parent / "clause-1.json").read_text(encoding="utf-8"))
    shared = json.loads((SCHEMAS[0].parent / "_shared.json").read_text(encoding="utf-8"))
    assert any("paren_cn" in enum for enum in _enums(clause, "kind"))
    assert any("html" in enum for enum in _enums(shared, "format"))
