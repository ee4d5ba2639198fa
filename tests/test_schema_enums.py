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


# One marker of every numbering kind, as documents print it: a kind added to NUMBERING without
# one here fails below, and so does one whose first character MARKER_START turns away.
MARKER_EXAMPLES = {
    "book": "第一编 总则", "chapter": "第二章 组织机构", "section": "第三节 一般规定", "article": "第十条 本办法",
    "decimal1": "2 组织指挥体系", "decimal2": "2.1 组织机构", "decimal3": "2.1.2国家指挥部",
    "decimal4": "4.2.1.1 响应", "cn": "一、总体要求", "paren_cn": "（一）指导思想", "arabic": "1.推进建设",
    "paren_arabic": "（1）加强领导", "circled": "①完善体系",
}  # fmt: skip


@pytest.mark.parametrize("kind", KIND_ORDER)
def test_every_numbering_kind_is_read_where_it_opens_a_paragraph(kind):
    from policytool.numbering import match_marker

    marked = match_marker(MARKER_EXAMPLES[kind])
    assert marked is not None and marked.kind == kind, MARKER_EXAMPLES[kind]


def test_the_schema_docs_name_every_clause_kind():
    docs = (SCHEMAS[0].parents[2] / "docs" / "schema.md").read_text(encoding="utf-8")
    row = next(line for line in docs.splitlines() if line.startswith("| `kind` | `part`"))
    decimals = [k for k in KIND_ORDER if k.startswith("decimal")]
    named = [k for k in ("part", "row", *KIND_ORDER, *INNER_KINDS) if k not in decimals]
    assert [k for k in named if f"`{k}`" not in row] == []
    assert f"`{decimals[0]}`…`{decimals[-1]}`" in row
