"""Clauses → policy instruments (政策工具), by the evidence words of a YAML codebook.

The built-in codebook (data/codebook.yaml) is Rothwell & Zegveld's supply-side, environment-side
and demand-side instruments with the sub-types Chinese policy-text studies code; a researcher
replaces it with their own (docs/codebook.md). All words of all sub-types are matched in one
pass of one compiled pattern, longest first, so a longer phrase decides what its characters are
evidence of.

A clause is coded on its own title and text only: a heading does not inherit its children's
codes, so each code is counted once, in the clause that carries the words. The matrix then
counts clauses per section at the level the user chooses.

Schema of ``Coding.to_dict()`` (a document of ``policytool.codes/1``, docs/schema.md)::

    {"source": {…}, "meta": {…},
     "clauses": [{"id", "parent", "level", "kind", "label", "title", "text",
                  "codes": [{"type", "subtype", "evidence": [{"word", "span": [start, end]}]}]}],
     "matrix": {"level", "sections": [{"id", "label", "title", "clauses", "coded", "codes"}],
                "rows": [{"type", "subtype", "counts", "total", "section_shares", "shares", "share"}],
                "total"}}
"""

from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from policytool.chars import alternation
from policytool.model import INNER_KINDS, Clause, Document, record
from policytool.names import shown_name
from policytool.yamlfile import YamlError, YamlLimitError, load_cached

BUILT_IN = "built-in"

# Keys a codebook may use at each level; anything else is a typo worth a clear message.
TOP_KEYS = {"name", "reference", "description", "types"}
TYPE_KEYS = {"name", "description", "subtypes"}
SUBTYPE_KEYS = {"name", "description", "words", "exclude"}

# The column for text outside any numbered clause: a preamble, a covering notice.
NO_SECTION = "—"
# Clause kinds that are never a section of the matrix: they sit inside their parent's.
NOT_SECTIONS = ("part", *INNER_KINDS)
# Codings shared between clauses that have equal ones (the same words at the same
# offsets, as in a list of 加强培训。 items): at most this many distinct ones are kept for
# sharing, so a document whose clauses all differ pays a bounded table, not one per clause.
SHARED_CODINGS = 4096


class CodebookError(ValueError):
    """A codebook file that cannot be used; the message names the file and the fault."""


@record
class Subtype:
    """One instrument sub-type: its type, name, description, evidence words and exclusions."""

    type: str
    name: str
    description: str
    words: tuple[str, ...]
    exclude: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "name": self.name,
            "description": self.description,
            "words": list(self.words),
            "exclude": list(self.exclude),
        }


@record
class InstrumentType:
    """One instrument type (供给型) and its sub-types in codebook order."""

    name: str
    description: str
    subtypes: tuple[Subtype, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "description": self.description, "subtypes": [s.to_dict() for s in self.subtypes]}


@dataclass(frozen=True)
class Codebook:
    """A validated codebook with its one compiled evidence pattern.

    ``source`` is ``built-in`` or the file's path; ``sha256`` the digest of its text, to
    say in a paper's appendix exactly which codebook coded the corpus.
    """

    name: str
    reference: str
    source: str
    sha256: str
    types: tuple[InstrumentType, ...]
    _pattern: Any = field(default=None, repr=False, compare=False)
    _lookup: dict[str, Subtype | None] = field(default_factory=dict, repr=False, compare=False)

    @property
    def subtypes(self) -> tuple[Subtype, ...]:
        return tuple(s for t in self.types for s in t.subtypes)

    @property
    def scheme(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Return (type, sub-types) in codebook order: the rows of a matrix."""
        return tuple((t.name, tuple(s.name for s in t.subtypes)) for t in self.types)

    def find(self, text: str) -> list[tuple[Subtype, Evidence]]:
        """Return each evidence word in ``text`` with its sub-type, leftmost-longest, in order."""
        out = []
        for m in self._pattern.finditer(text):
            subtype = self._lookup[m.group()]
            if subtype is not None:  # None: an exclusion, which only hides what it covers
                # Interned: a word found 100,000 times is one string, not 100,000 copies.
                out.append((subtype, Evidence(sys.intern(m.group()), m.start(), m.end())))
        return out

    def to_dict(self) -> dict[str, Any]:
        """Return what identifies the codebook in JSON output (not its words)."""
        return {"name": self.name, "reference": self.reference, "source": self.source, "sha256": self.sha256}


@record
class Evidence:
    """A word of the codebook found in a clause: [start, end) in the clause's coded text."""

    word: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"word": self.word, "span": [self.start, self.end]}


@record
class Code:
    """One instrument a clause uses, with every word that says so."""

    type: str
    subtype: str
    evidence: tuple[Evidence, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "subtype": self.subtype, "evidence": [e.to_dict() for e in self.evidence]}


@record
class CodedClause:
    """A clause and its codes.

    ``clause`` the parsed clause, whose ``id``, ``parent``, ``level``, ``kind``, ``label``
    and ``title`` are read through; ``text`` is what was coded: the title, a newline, then
    the clause's own text (without its children or responsibility tag); a part's title is
    the document's and is left out. Evidence spans are offsets into it. ``codes`` are in
    codebook order, empty when no word of the codebook occurs.

    The clause is held, not copied: a coding costs its codes, and the coded text is put
    together when read (held, it was a second copy of the document's text).
    """

    clause: Clause
    codes: tuple[Code, ...]

    @property
    def id(self) -> str:
        return self.clause.id

    @property
    def parent(self) -> str | None:
        return self.clause.parent

    @property
    def level(self) -> int:
        return self.clause.level

    @property
    def kind(self) -> str:
        return self.clause.kind

    @property
    def label(self) -> str:
        return self.clause.label

    @property
    def title(self) -> str | None:
        return self.clause.title

    @property
    def text(self) -> str:
        return coded_text(self.clause)

    def to_dict(self) -> dict[str, Any]:
        c = self.clause
        return {
            "id": c.id,
            "parent": c.parent,
            "level": c.level,
            "kind": c.kind,
            "label": c.label,
            "title": c.title,
            "text": coded_text(c),
            "codes": [code.to_dict() for code in self.codes],
        }


@record
class Section:
    """A column of the matrix: a clause at the chosen level (or ``—``) and what it holds.

    ``clauses`` counts the clauses in it with any text, ``coded`` those with a code,
    ``codes`` the (clause, sub-type) codes: the column total.
    """

    id: str | None
    label: str
    title: str | None
    clauses: int
    coded: int
    codes: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "title": self.title,
            "clauses": self.clauses,
            "coded": self.coded,
            "codes": self.codes,
        }


@record
class Row:
    """A row of the matrix: a type (``subtype`` None, the sum of its sub-types) or a sub-type."""

    type: str
    subtype: str | None
    counts: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.counts)


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


@record
class Matrix:
    """Instrument × section counts of coded clauses, as policy-instrument studies report them.

    A cell counts the clauses of a section coded with a sub-type; a clause with two
    sub-types counts in both rows, so shares are of codes and each column sums to 1.
    """

    level: int
    sections: tuple[Section, ...]
    rows: tuple[Row, ...]

    @property
    def total(self) -> int:
        return sum(s.codes for s in self.sections)

    def to_dict(self) -> dict[str, Any]:
        total = self.total
        return {
            "level": self.level,
            "sections": [s.to_dict() for s in self.sections],
            "rows": [
                {
                    "type": r.type,
                    "subtype": r.subtype,
                    "counts": list(r.counts),
                    "total": r.total,
                    "section_shares": [_share(n, s.codes) for n, s in zip(r.counts, self.sections, strict=True)],
                    "shares": [_share(n, total) for n in r.counts],
                    "share": _share(r.total, total),
                }
                for r in self.rows
            ],
            "total": total,
        }


@record
class Coding:
    """A document coded clause by clause; ``scheme`` is the codebook's (type, sub-types) order."""

    document: Document
    clauses: tuple[CodedClause, ...]
    scheme: tuple[tuple[str, tuple[str, ...]], ...]

    def matrix(self, level: int = 1) -> Matrix:
        """Return the instrument × section matrix with sections at ``level`` (1: 一、二、…)."""
        return instrument_matrix(self, level)

    def to_dict(self, level: int = 1) -> dict[str, Any]:
        return {
            "source": self.document.cleaned.source.to_dict(),
            "meta": self.document.cleaned.meta.to_dict(),
            "clauses": [c.to_dict() for c in self.clauses],
            "matrix": self.matrix(level).to_dict(),
        }


# -- coding ---------------------------------------------------------------------------


def coded_text(clause: Clause) -> str:
    """Return the text a clause is coded on: its title and its own text, a newline between."""
    if clause.kind == "part" or not clause.title:
        return clause.text
    return clause.title + "\n" + clause.text if clause.text else clause.title


def code_clause(
    clause: Clause, codebook: Codebook, shared: dict[tuple[Code, ...], tuple[Code, ...]] | None = None
) -> CodedClause:
    """Return one clause with its codes.

    ``shared`` maps codes to an equal tuple already made for an earlier clause, so
    clauses coded alike hold one tuple (records are frozen, so sharing is safe): in a
    list of 330,000 one-line items that took 80 MB of copies.
    """
    text = coded_text(clause)
    found: dict[str, list[Evidence]] = {}
    for subtype, evidence in codebook.find(text):
        found.setdefault(subtype.name, []).append(evidence)
    codes = tuple(
        Code(s.type, s.name, tuple(found[s.name])) for s in codebook.subtypes if s.name in found
    )  # codebook order, whatever order the words came in
    if codes and shared is not None:
        known = shared.get(codes)
        if known is not None:
            codes = known
        elif len(shared) < SHARED_CODINGS:
            shared[codes] = codes
    return CodedClause(clause, codes)


def code_document(document: Document, codebook: Codebook | None = None) -> Coding:
    """Return every clause of ``document`` with its policy-instrument codes.

    Args:
        document: a parsed document (``policytool.parse``).
        codebook: the codebook (default: the built-in one).

    >>> coding = code_document(parse(Path("seeds/002_1b94758247acec77.txt")))  # doctest: +SKIP
    >>> [k.subtype for c in coding.clauses if c.id == "2.9.p3" for k in c.codes]  # doctest: +SKIP
    ['税收优惠']
    """
    codebook = codebook or load_codebook()
    shared: dict[tuple[Code, ...], tuple[Code, ...]] = {}
    return Coding(document, tuple(code_clause(c, codebook, shared) for c in document.clauses), codebook.scheme)


def _section_of(clause_id: str, by_id: dict[str, CodedClause], level: int) -> CodedClause | None:
    """Return the clause heading ``clause_id``'s section at ``level``.

    Its ancestor (or itself) at that level; in a branch without that level, its top
    numbered ancestor; None for text outside any numbered clause.
    """
    chain = []
    c = by_id.get(clause_id)
    while c is not None:
        if c.kind not in NOT_SECTIONS:
            chain.append(c)
        c = by_id.get(c.parent or "")
    for c in chain:
        if c.level == level:
            return c
    return chain[-1] if chain else None


def instrument_matrix(coding: Coding, level: int = 1) -> Matrix:
    """Return the instrument × section matrix of ``coding``, sections at ``level``."""
    by_id = {c.id: c for c in coding.clauses}
    heads: dict[str | None, CodedClause | None] = {}
    clauses: dict[str | None, list[CodedClause]] = {}
    for c in coding.clauses:
        if not c.text:
            continue
        head = _section_of(c.id, by_id, level)
        key = head.id if head else None
        heads.setdefault(key, head)
        clauses.setdefault(key, []).append(c)
    keys = list(clauses)
    cells: dict[tuple[str, str | None], int] = {}
    for key in keys:
        for c in clauses[key]:
            for code in c.codes:
                cells[(code.subtype, key)] = cells.get((code.subtype, key), 0) + 1
    rows = []
    for type_name, subtypes in coding.scheme:
        sub_rows = [Row(type_name, s, tuple(cells.get((s, k), 0) for k in keys)) for s in subtypes]
        rows.append(Row(type_name, None, tuple(sum(r.counts[i] for r in sub_rows) for i in range(len(keys)))))
        rows += sub_rows
    sections = []
    for key in keys:
        head = heads[key]
        sections.append(
            Section(
                id=key,
                label=head.label if head else NO_SECTION,
                title=head.title if head else None,
                clauses=len(clauses[key]),
                coded=sum(1 for c in clauses[key] if c.codes),
                codes=sum(len(c.codes) for c in clauses[key]),
            )
        )
    return Matrix(level, tuple(sections), tuple(rows))


# -- loading ----------------------------------------------------------------------------


def load_codebook(path: Path | str | None = None) -> Codebook:
    """Return the built-in codebook, or the one in ``path`` (``--codebook``).

    Loaded once per process for each file: a batch (and each of its worker processes)
    reads, checks and compiles the YAML once, not once per document.

    >>> load_codebook().types[0].name
    '供给型'
    """
    return _load(Path(path) if path is not None else None)


@lru_cache(maxsize=8)
def _load(path: Path | None) -> Codebook:
    if path is None:
        text = resources.files("policytool").joinpath("data/codebook.yaml").read_text(encoding="utf-8")
        where = "the built-in codebook"
    else:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CodebookError(f"{shown_name(path)}: cannot read the codebook ({exc.__class__.__name__})") from None
        where = shown_name(path)
    try:
        # Safe: a `!!python/object` tag is an error, never a call; checked before it is cached.
        data = load_cached(text, check=lambda data: _check(data, where))
    except YamlLimitError as exc:
        raise CodebookError(f"{where}: refused: {exc.describe()}") from None
    except YamlError as exc:
        if exc.refused:
            raise CodebookError(
                f"{where}: refused: a YAML tag the safe loader does not build ({exc.describe()})"
            ) from None
        raise CodebookError(f"{where}: not valid YAML ({exc.describe()})") from None
    types = _check(data, where)
    pattern, lookup = _compile(types, where)
    return Codebook(
        name=str(data.get("name") or (shown_name(path.stem) if path else BUILT_IN)),
        reference=str(data.get("reference") or "").strip(),
        source=where if path else BUILT_IN,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        types=types,
        _pattern=pattern,
        _lookup=lookup,
    )


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)


def _check(data: object, where: str) -> tuple[InstrumentType, ...]:
    """Return the types of a codebook, or refuse it with one message that says where."""
    if not isinstance(data, dict) or not isinstance(data.get("types"), list) or not data["types"]:
        raise CodebookError(f"{where}: expected a mapping with a non-empty list of types")
    if extra := set(data) - TOP_KEYS:
        raise CodebookError(f"{where}: unknown key {min(map(str, extra))!r} (expected {', '.join(sorted(TOP_KEYS))})")
    types = []
    seen: set[str] = set()
    for i, t in enumerate(data["types"], 1):
        if not isinstance(t, dict) or not isinstance(t.get("name"), str) or not t["name"].strip():
            raise CodebookError(f"{where}: type {i} needs a name")
        name = t["name"].strip()
        if extra := set(t) - TYPE_KEYS:
            raise CodebookError(f"{where}: type {name}: unknown key {min(map(str, extra))!r}")
        if not isinstance(t.get("subtypes"), list) or not t["subtypes"]:
            raise CodebookError(f"{where}: type {name} needs a non-empty list of subtypes")
        subtypes = []
        for j, s in enumerate(t["subtypes"], 1):
            if not isinstance(s, dict) or not isinstance(s.get("name"), str) or not s["name"].strip():
                raise CodebookError(f"{where}: type {name}, subtype {j} needs a name")
            sub = s["name"].strip()
            if extra := set(s) - SUBTYPE_KEYS:
                raise CodebookError(f"{where}: subtype {sub}: unknown key {min(map(str, extra))!r}")
            if sub in seen or sub == name:
                raise CodebookError(f"{where}: the name {sub} is used twice")
            seen.add(sub)
            if not _strings(s.get("words")) or not s["words"]:
                raise CodebookError(f"{where}: subtype {sub}: words must be a non-empty list of words")
            if s.get("exclude") is not None and not _strings(s["exclude"]):
                raise CodebookError(f"{where}: subtype {sub}: exclude must be a list of phrases")
            subtypes.append(
                Subtype(
                    type=name,
                    name=sub,
                    description=str(s.get("description") or "").strip(),
                    words=tuple(w.strip() for w in s["words"]),
                    exclude=tuple(w.strip() for w in s.get("exclude") or ()),
                )
            )
        seen.add(name)
        types.append(InstrumentType(name, str(t.get("description") or "").strip(), tuple(subtypes)))
    return tuple(types)


def _compile(types: tuple[InstrumentType, ...], where: str) -> tuple[Any, dict[str, Subtype | None]]:
    """Return the one evidence pattern and what each entry is evidence of; refuse a word claimed twice."""
    lookup: dict[str, Subtype | None] = {}
    owner: dict[str, str] = {}
    subtypes = [s for t in types for s in t.subtypes]
    for s in subtypes:
        for word in s.words:
            if word in owner and owner[word] != s.name:
                raise CodebookError(f"{where}: the word {word} is listed under both {owner[word]} and {s.name}")
            owner[word] = s.name
            lookup[word] = s
    for s in subtypes:
        for phrase in s.exclude:
            if phrase in owner:
                raise CodebookError(f"{where}: {phrase} is both a word of {owner[phrase]} and excluded in {s.name}")
            if not any(w in phrase for w in s.words):
                raise CodebookError(f"{where}: subtype {s.name}: exclusion {phrase} contains none of its words")
            lookup[phrase] = None
    # One trie of plain literals, the longest entry winning at each position, run by the
    # standard library's engine (several times faster than `regex` on a trie).
    return re.compile(alternation(lookup)), lookup
