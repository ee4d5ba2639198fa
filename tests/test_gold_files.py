"""The hand-written gold set in benchmarks/gold is well formed and agrees with its documents and README."""

from __future__ import annotations

import html
import json
import os
import re
import unicodedata
from pathlib import Path

import pytest

from tests.conftest import ROOT

GOLD = ROOT / "benchmarks" / "gold"
GOLD_FILES = sorted(GOLD.glob("*.json"))
# Real documents: their gold files name a document of the corpus, which the project does not
# carry; where it is absent, the checks that read the documents are skipped.
REAL_FILES = sorted((GOLD / "real").glob("*.json"))
CORPUS = Path(os.environ.get("POLICYTOOL_CORPUS", ROOT.parent / "shared" / "corpus"))

DOC_KEYS = {"source", "style", "clauses"}
OPTIONAL_DOC_KEYS = {"notes", "encoding"}
REAL_DOC_KEYS = {"made", "meta"}
META_KEYS = {"title", "doc_number", "date", "published", "issuers"}
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CLAUSE_KEYS = {"head", "title", "children"}
OPTIONAL_CLAUSE_KEYS = {"lead", "support"}

# An HTML tag or comment in a saved page: <p style="text-indent:2em">, </span>, <!-- 正文下iframe -->
HTML_TAG = re.compile(r"<[^>]*>")
WHITESPACE = re.compile(r"\s+")
# A row of the README table: | `regulation_banfa` | written | … | 35 | 0 |
README_ROW = re.compile(r"^\|\s*`(?P<name>[^`]+)`\s*\|.*\|\s*(?P<clauses>\d+)\s*\|\s*(?P<assignments>\d+)\s*\|\s*$")


def squeeze(text: str) -> str:
    """Fold full/half width and drop all whitespace (line breaks of a PDF dump included)."""
    return WHITESPACE.sub("", unicodedata.normalize("NFKC", text))


def source_path(gold: dict) -> Path:
    return (CORPUS if gold.get("made") == "real" else GOLD) / gold["source"]


def document_text(gold: dict) -> str:
    """The document's printed text: decoded with the gold file's encoding, tags removed, squeezed."""
    raw = source_path(gold).read_bytes().decode(gold.get("encoding", "utf-8"))
    return squeeze(html.unescape(HTML_TAG.sub("", raw)))


def walk(clauses: list[dict]):
    for clause in clauses:
        yield clause
        yield from walk(clause["children"])


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_gold_set_size():
    sources = [load(p)["source"] for p in GOLD_FILES]
    seeds = [s for s in sources if s.startswith("../../seeds/")]
    assert len(seeds) == 5
    assert 8 <= len(sources) - len(seeds) <= 10
    assert len(REAL_FILES) >= 20


@pytest.mark.parametrize("path", GOLD_FILES + REAL_FILES, ids=lambda p: p.stem)
def test_gold_file_format(path):
    gold = load(path)
    real = path.parent.name == "real"
    keys = DOC_KEYS | REAL_DOC_KEYS if real else DOC_KEYS
    assert keys <= gold.keys() <= keys | OPTIONAL_DOC_KEYS
    assert isinstance(gold["style"], str) and gold["style"]
    if real:
        assert gold["made"] == "real"
        meta = gold["meta"]
        assert meta.keys() == META_KEYS
        assert isinstance(meta["title"], str) and meta["title"]
        assert meta["doc_number"] is None or (isinstance(meta["doc_number"], str) and meta["doc_number"])
        for day in (meta["date"], meta["published"]):
            assert day is None or ISO_DAY.match(day), day
        assert isinstance(meta["issuers"], list) and all(isinstance(i, str) and i for i in meta["issuers"])
    else:
        assert (GOLD / gold["source"]).is_file()
    assert isinstance(gold["clauses"], list)
    for clause in walk(gold["clauses"]):
        assert CLAUSE_KEYS <= clause.keys() <= CLAUSE_KEYS | OPTIONAL_CLAUSE_KEYS, clause
        head = WHITESPACE.sub("", clause["head"])
        assert head and len(head) <= 12 and head == clause["head"], clause["head"]
        title = clause["title"]
        assert title is None or (isinstance(title, str) and 0 < len(title) <= 40 and not re.search("[，,]", title))
        assert isinstance(clause["children"], list)
        if "lead" in clause or "support" in clause:
            assert clause["lead"] and all(isinstance(d, str) and d for d in clause["lead"] + clause["support"])
            assert not set(clause["lead"]) & set(clause["support"])


@pytest.mark.parametrize("path", GOLD_FILES + REAL_FILES, ids=lambda p: p.stem)
def test_heads_occur_in_document_order(path):
    gold = load(path)
    if not source_path(gold).is_file():
        pytest.skip(f"no corpus at {CORPUS}")
    text = document_text(gold)
    position = 0
    for clause in walk(gold["clauses"]):
        found = text.find(squeeze(clause["head"]), position)
        assert found >= 0, f"{clause['head']} not found after offset {position}"
        position = found + 1


def test_gold_encoding_is_really_gb18030():
    gold = load(GOLD / "notice_gb18030.json")
    raw = (GOLD / gold["source"]).read_bytes()
    assert gold["encoding"] == "gb18030"
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert "教育部办公厅" in raw.decode("gb18030")


def test_readme_table_counts():
    rows = {}
    for line in (GOLD / "README.md").read_text(encoding="utf-8").splitlines():
        match = README_ROW.match(line)
        if match:
            rows[match["name"]] = (int(match["clauses"]), int(match["assignments"]))
    counted = {}
    for path in GOLD_FILES + REAL_FILES:
        clauses = list(walk(load(path)["clauses"]))
        assignments = sum(len(c.get("lead", [])) + len(c.get("support", [])) for c in clauses)
        counted[path.stem] = (len(clauses), assignments)
    assert rows == counted
