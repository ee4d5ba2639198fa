"""The library in one call per command: a document in, a record with ``to_dict()`` out.

Each function takes a document the way ``parse`` does, as a Path to read, raw bytes or
text to clean first, a Cleaned document, or a parsed Document, and returns the record
the command of the same name prints (``policytool depts`` → ``depts`` → DutyReport). The
stages they run are the ones the command line runs, so a result here is the result there.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:
    from policytool.compare import DiffResult
    from policytool.departments import Departments
    from policytool.duties import DutyReport
    from policytool.instruments import Codebook, Coding
    from policytool.model import Cleaned, Document
    from policytool.quantities import TargetReport
    from policytool.terms import KeywordReport

# What every function takes as a document.
Source = Union["Document", "Cleaned", Path, bytes, str]


def _cleaned(source: Source, input_format: str) -> Cleaned:
    from policytool.cleaning import clean, load
    from policytool.model import Cleaned, Document

    if isinstance(source, Document):
        return source.cleaned
    if isinstance(source, Cleaned):
        return source
    if isinstance(source, Path):
        return load(source, input_format=input_format)
    return clean(source, input_format=input_format)


def depts(source: Source, departments: Departments | None = None, *, input_format: str = "auto") -> DutyReport:
    """Return who leads and who supports each clause, and every department mentioned.

    Args:
        source: the document (see the module's docstring).
        departments: the department dictionary (default: the built-in one).
        input_format: as for clean(), when ``source`` still needs cleaning.
    """
    from policytool.duties import attach_duties
    from policytool.segment import segment

    return attach_duties(segment(_cleaned(source, input_format)), departments)


def parse(source: Source, departments: Departments | None = None, *, input_format: str = "auto") -> Document:
    """Return the clause tree of a document, each tagged clause with its ``duty``.

    Args:
        source: the document (see the module's docstring).
        departments: the department dictionary (default: the built-in one).
        input_format: as for clean(), when ``source`` still needs cleaning.

    >>> doc = parse(Path("seeds/002_1b94758247acec77.txt"))  # doctest: +SKIP
    >>> [c.title for c in doc.clauses if c.level == 1]  # doctest: +SKIP
    ['总体要求', '重大工程', '组织实施']
    """
    from policytool.duties import attach_duties
    from policytool.segment import segment

    return attach_duties(segment(_cleaned(source, input_format)), departments, mentions=False).document


def targets(source: Source, departments: Departments | None = None, *, input_format: str = "auto") -> TargetReport:
    """Return the document's quantitative targets (覆盖率不低于80%, 到2025年…), and those achieved."""
    from policytool.quantities import TargetReport, find_targets

    document = parse(source, departments, input_format=input_format)
    return TargetReport(document, find_targets(document))


def code(
    source: Source,
    codebook: Codebook | None = None,
    departments: Departments | None = None,
    *,
    input_format: str = "auto",
) -> Coding:
    """Return each clause's policy-instrument codes by the codebook's evidence words.

    Args:
        codebook: the coding scheme (default: the built-in one, ``load_codebook()``).
    """
    from policytool.instruments import code_document, load_codebook

    document = parse(source, departments, input_format=input_format)
    return code_document(document, codebook or load_codebook())


def keywords(
    sources: Iterable[Source],
    departments: Departments | None = None,
    *,
    by: str = "document",
    top: int = 20,
    method: str = "auto",
    keep_policy_verbs: bool = False,
    input_format: str = "auto",
) -> KeywordReport:
    """Return each document's keywords, ranked over the documents given.

    Args:
        sources: the documents, ranked together (TF-IDF over them).
        by: ``document``, or ``section`` to rank each level-1 section as well.
        top: terms per document or section.
        method: ``tfidf``, ``textrank``, or ``auto``: TextRank for one document, else TF-IDF.
        keep_policy_verbs: rank the filler verbs of policy prose (推进, 加强…) too.
    """
    from policytool.segment import segment
    from policytool.terms import BYS, METHODS, count_terms
    from policytool.terms import keywords as rank

    documents = [segment(_cleaned(s, input_format)) for s in sources]
    if method not in METHODS or by not in BYS:
        raise ValueError(f"method must be one of {METHODS} and by one of {BYS}")
    if method == "auto":
        method = "textrank" if len(documents) == 1 else "tfidf"
    graph = method == "textrank"
    counts = [count_terms(d, departments, graph=graph, section_graphs=by == "section") for d in documents]
    return rank(counts, by=by, top=top, method=method, keep_policy_verbs=keep_policy_verbs)


def diff(
    a: Source,
    b: Source,
    departments: Departments | None = None,
    *,
    mode: str = "auto",
    strict: bool = False,
    input_format: str = "auto",
) -> DiffResult:
    """Compare two documents clause by clause.

    Args:
        a: the earlier version, or the derived text (a news report).
        b: the later version, or the source document.
        mode: ``versions``, ``trace`` (A's paragraphs to B's clauses) or ``auto`` to choose.
        strict: also report whitespace and full/half-width differences.
    """
    from policytool.compare import diff as compare

    first, second = (parse(s, departments, input_format=input_format) for s in (a, b))
    return compare(first, second, mode=mode, strict=strict)
