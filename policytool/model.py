"""The data that flows between pipeline stages: frozen records with ``to_dict()``.

Renderers never read attributes themselves; they call ``to_dict()`` so the JSON
contract lives in one place (see docs/schema.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T")


@dataclass_transform(frozen_default=True)
def record(cls: type[T]) -> type[T]:
    """Make ``cls`` a frozen dataclass with slots, whose ==, hash and repr are shared.

    They behave as the ones a dataclass writes (fields compared and hashed in order, the
    repr lists them), but a dataclass compiles its methods one by one as its module
    loads, about 0.1 ms each on Python 3.11: sharing these three saves about 6 ms of a
    one-off run across the library's fifty classes.
    """
    made: Any = dataclass(frozen=True, slots=True, eq=False, repr=False)(cls)
    own = fields(made)
    names = [f.name for f in own if f.compare]
    # The compared fields' values, looked up in C (a single field's value stands alone).
    made._record_key = attrgetter(*names) if names else staticmethod(lambda _: ())
    made._record_shown = tuple(f.name for f in own if f.repr)
    made.__eq__ = _record_eq
    made.__hash__ = _record_hash
    made.__repr__ = _record_repr
    return made


def _record_eq(self: Any, other: Any) -> Any:
    if other.__class__ is not self.__class__:
        return NotImplemented
    return self._record_key(self) == other._record_key(other)


def _record_hash(self: Any) -> int:
    return hash(self._record_key(self))


def _record_repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._record_shown)
    return f"{self.__class__.__qualname__}({shown})"


CLEAN_SCHEMA = "policytool.clean/1"

#: Input formats the cleaner knows, in the order the sniffer tries them.


@record
class Source:
    """Where a document came from and how its bytes were read.

    ``path`` the file name as given (``-`` for standard input); ``format`` one of
    ``readers.NAMES``; ``encoding`` the codec that decoded the bytes; ``bytes`` the
    input size; ``sha256`` the hex digest of the input bytes.
    """

    path: str
    format: str
    encoding: str
    bytes: int
    sha256: str

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@record
class Attachment:
    """A file the page links to as an attachment (附件): link text and href."""

    text: str
    href: str

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "href": self.href}


@record
class Image:
    """An image in the body, replaced by a placeholder paragraph."""

    src: str
    alt: str | None = None
    caption: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"src": self.src, "alt": self.alt, "caption": self.caption}


@record
class Printed:
    """The 印发 line of the 版记: who printed the document and when."""

    by: str | None
    date: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"by": self.by, "date": self.date}


@record
class Meta:
    """Document metadata; a field the text does not state is ``None`` (or empty).

    ``title`` the document's own title (a 通知 title when the text has one, else the
    page's); ``page_title`` the title the web page or post gave it;
    ``doc_number`` 发文字号 as written (``国办发〔2022〕11号``); ``issuers`` 发文机关;
    ``date`` 成文日期 (ISO); ``published`` when the page says it was published (ISO);
    ``source`` the publishing site or outlet the page names; ``author`` the post's
    author; ``url`` the original address the page gives; ``categories`` post tags;
    ``index_number`` 索引号 and ``topic`` 主题分类 from a portal's metadata table;
    ``attachments`` 附件 links; ``images`` images replaced by placeholders;
    ``cc`` 抄送 recipients and ``printed`` the 印发 line of the 版记.

    The other elements of a 公文 (GB/T 9704-2012) the text states: ``copy_number`` 份号,
    ``secrecy`` 密级和保密期限 (``机密★1年``), ``urgency`` 紧急程度 (``特急``), ``letterhead``
    发文机关标志, ``signers`` 签发人, ``addressee`` 主送机关 as written, ``attachment_names``
    the 附件说明 list, ``note`` 附注 (``此件公开发布``); and of a law or rule, ``effective``
    施行日期 (ISO) and ``history`` the lines of its history under the title.
    """

    title: str | None = None
    page_title: str | None = None
    doc_number: str | None = None
    issuers: tuple[str, ...] = ()
    date: str | None = None
    published: str | None = None
    source: str | None = None
    author: str | None = None
    url: str | None = None
    categories: tuple[str, ...] = ()
    index_number: str | None = None
    topic: str | None = None
    attachments: tuple[Attachment, ...] = ()
    images: tuple[Image, ...] = ()
    cc: tuple[str, ...] = ()
    printed: Printed | None = None
    copy_number: str | None = None
    secrecy: str | None = None
    urgency: str | None = None
    letterhead: str | None = None
    signers: tuple[str, ...] = ()
    addressee: str | None = None
    attachment_names: tuple[str, ...] = ()
    note: str | None = None
    effective: str | None = None
    history: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, tuple):
                value = [v.to_dict() if hasattr(v, "to_dict") else v for v in value]
            elif hasattr(value, "to_dict"):
                value = value.to_dict()
            out[f.name] = value
        return out


@record
class Failure:
    """An input that gave no result, and the one-line reason: it keeps its place in a batch's
    output (`{"path", "error"}` in JSON) where its result would have been."""

    path: str
    error: str

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "error": self.error}


@record
class Removed:
    """A piece of the input that is not in the clean text, and why.

    Reasons: ``front-matter``, ``markup``, ``chrome``, ``navigation``, ``spam``,
    ``promo``, ``editor``, ``page-meta``, ``page-number``, ``running-header``, ``letterhead``
    (the 版头: 份号, 密级, 紧急程度, 发文机关标志), ``imprint``, ``history`` (a law's history),
    ``export-header``, ``duplicate`` (the title printed twice), ``contents`` (a table of
    contents), ``excerpt`` (a summary that repeats the body).
    """

    text: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "reason": self.reason}


@record
class Cleaned:
    """The result of cleaning one document: paragraphs, metadata, what was removed."""

    source: Source
    meta: Meta
    paragraphs: tuple[str, ...]
    removed: tuple[Removed, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    @property
    def text(self) -> str:
        """The clean text: one paragraph per line."""
        return "".join(p + "\n" for p in self.paragraphs)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": CLEAN_SCHEMA,
            "source": self.source.to_dict(),
            "meta": self.meta.to_dict(),
            "paragraphs": list(self.paragraphs),
            "removed": [r.to_dict() for r in self.removed],
            "warnings": list(self.warnings),
        }


# Clause kinds counted within their parent rather than numbered by a marker of their own:
# a paragraph opening with a lead sentence (`p1`), a dash bullet (`b1`), an item of a
# `一是…二是…` enumeration (`e1`). They sit inside their parent, never a section of their own.
INNER_KINDS = ("lead", "bullet", "enum")

DOCUMENT_SCHEMA = "policytool.document/1"
# One clause per JSON Lines line (``parse --format jsonl``), so each line names its kind too.
CLAUSE_SCHEMA = "policytool.clause/1"
DEPTS_SCHEMA = "policytool.depts/1"
ASSIGNMENT_SCHEMA = "policytool.assignment/1"
KEYWORDS_SCHEMA = "policytool.keywords/1"
# JSON Lines of ``keywords``: one ranked term per line, or with --compare one contrasted term.
KEYWORD_SCHEMA = "policytool.keyword/1"
CONTRAST_SCHEMA = "policytool.contrast/1"
TARGETS_SCHEMA = "policytool.targets/1"
# One target per JSON Lines line (``targets --format jsonl``).
TARGET_SCHEMA = "policytool.target/1"
CODES_SCHEMA = "policytool.codes/1"
# One coded clause per JSON Lines line (``code --format jsonl``).
CODE_SCHEMA = "policytool.code/1"


@record
class Dept:
    """A department as a responsibility tag names it.

    ``name`` canonical (``发展改革委``; a local one qualified by its place,
    ``上海市卫生计生委``); ``raw`` as written; ``known`` whether the dictionary knows it;
    ``current`` who holds its duties today after institutional reforms (not in JSON
    unless asked for with ``--current``, which puts it in ``name``).
    """

    name: str
    raw: str
    known: bool
    current: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "raw": self.raw, "known": self.known}


@record
class Duty:
    """Who is responsible for a clause, read from its responsibility tag.

    ``lead`` and ``support`` departments in the order written; ``mode`` ``joint``
    (X、Y负责), ``respectively`` (分别负责), ``division`` (按职责分工负责) or ``lead``
    (an explicit 牵头); ``deadline`` ISO date or period (``2022-12``) or the words
    (``持续推进``); ``raw`` the tag verbatim.
    """

    lead: tuple[Dept, ...]
    support: tuple[Dept, ...]
    mode: str
    deadline: str | None
    raw: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "lead": [d.to_dict() for d in self.lead],
            "support": [d.to_dict() for d in self.support],
            "mode": self.mode,
            "deadline": self.deadline,
            "raw": self.raw,
        }


@record
class Clause:
    """One node of a document's clause tree.

    ``id`` dotted numbers along the path (``2.1.p1``; ``0`` for a skipped level, ``pN``
    the N-th lead-sentence paragraph, ``bN`` the N-th dash bullet, ``eN`` the N-th item of
    a 一是…二是… enumeration); parts: ``doc`` the document itself, ``part1`` a covering
    notice before an attached plan (its clauses are prefixed ``part1.``);
    ``parent`` the parent's id (None for a part); ``level`` 0 for a part, else the rank of
    the marker kind among the kinds the document uses (lead paragraphs and bullets sit one
    below their parent); ``kind`` part, book, chapter, section, article, decimal1…decimal4,
    cn, paren_cn, arabic, paren_arabic, circled, bullet, lead or enum; ``marker`` as written
    (``（一）``, ``一是``); ``number`` its value (``1``); ``label`` the path in the
    document's own style (``二（一）``);
    ``title`` the heading or lead sentence; ``text`` the clause's own text without its
    children (a responsibility tag moved to ``duty``); ``span`` [start, end) offsets of
    the clause's own text, marker and tag included, in the cleaned text; ``duty`` who is
    responsible, when the clause ends with a responsibility tag.
    """

    id: str
    parent: str | None
    level: int
    kind: str
    marker: str
    number: int | None
    label: str
    title: str | None
    text: str
    span: tuple[int, int]
    duty: Duty | None = None

    def to_dict(self) -> dict[str, Any]:
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out["span"] = list(self.span)
        out["duty"] = self.duty.to_dict() if self.duty else None
        return out


@record
class Document:
    """A cleaned document and its clause tree (clauses flat, parents before children)."""

    cleaned: Cleaned
    clauses: tuple[Clause, ...]

    def children(self, clause_id: str | None) -> list[Clause]:
        """Return the clauses whose parent is ``clause_id``, in order."""
        return [c for c in self.clauses if c.parent == clause_id]

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": DOCUMENT_SCHEMA,
            "source": self.cleaned.source.to_dict(),
            "meta": self.cleaned.meta.to_dict(),
            "clauses": [c.to_dict() for c in self.clauses],
        }

    def clause_lines(self) -> Iterator[dict[str, Any]]:
        """Yield one ``policytool.clause/1`` object per clause: the clause with the document's path.

        Made one at a time, as JSON Lines are written: a list of them all took a kilobyte a clause.
        """
        path = self.cleaned.source.path
        for c in self.clauses:
            yield {"schema": CLAUSE_SCHEMA, "path": path, **c.to_dict()}
