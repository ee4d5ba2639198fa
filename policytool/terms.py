"""Keywords per document and per level-1 section, and the terms that set two documents apart.

Words come from jieba, imported inside the functions that need it so the other commands
start without it. Department names and aliases (the department dictionary, plus any
``--dict`` file) and the shipped policy terms (data/policy_terms.txt) are loaded as user
words, so ``国家卫生健康委`` and ``家庭医生签约服务`` stay one token. Stop words
(data/stopwords.txt), generic actors of the dictionary (``有关部门``), numbers (``2022``,
``十项``, ``第一``), single characters and punctuation are never keywords; the filler verbs of
policy prose (the ``[policy]`` list: 推进, 加强, 完善…) are dropped unless asked for.

Ranking:

- several documents: TF-IDF. ``tf`` is a term's share of the unit's kept tokens (the unit
  is a document, or a level-1 section with ``by="section"``); ``idf = log((1+N)/(1+df))+1``
  with ``N`` the documents given and ``df`` the documents that use the term (the smoothed
  form of scikit-learn; a term in every document keeps weight 1, never 0). jieba's own
  ``jieba.analyse`` TF-IDF uses an idf table of general text instead of the corpus given.
- one document: TextRank, PageRank over the graph of terms that occur within ``WINDOW``
  tokens of each other (as ``jieba.analyse.TextRank``), scores scaled so the top one is 1.
- two documents compared: the log-odds ratio with an informative Dirichlet prior
  (Monroe, Colaresi & Quinn 2008, "Fightin' Words"), as a z-score; see ``compare``.

Tokenising (``count_terms``) is the expensive part and runs per document, in the batch
workers; ranking (``keywords``, ``compare``) combines the counts in one process.
"""

from __future__ import annotations

import json
import math
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from importlib import resources
from typing import Any, Self

from policytool.departments import Departments, load_departments
from policytool.model import INNER_KINDS, KEYWORDS_SCHEMA, Clause, Document, record
from policytool.patterns import lazy_regex

# A token that counts or orders rather than names: `2022`, `3.5%`, `十项`, `第一`, `两个`, `１０`.
NUMERIC = lazy_regex(r"^第?[\d.．%％一二三四五六七八九十百千万亿两零〇]+[年月日号个项条款点次家所类种批位名人倍元]?$")
# A token with something to read in it: a Han character or a Latin letter (`5G` is kept).
WORDLIKE = lazy_regex(r"[\p{Han}A-Za-z]")
# What jieba keeps inside one word (its re_han_default); a user word with other characters
# (`各省（自治区、直辖市）`) is cut apart before the dictionary is consulted, so is not added.
JIEBA_WORD = lazy_regex(r"^[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]+$")
# Full-width forms jieba would cut a term at: `互联网＋医疗健康`.
FULL_WIDTH_PLUS = str.maketrans({"＋": "+"})
# The most Han characters jieba is handed in one unbroken run. jieba splits text at
# punctuation and spaces itself, but a run of characters its dictionary cannot split into
# words (`正正正…`, a scrambled or repeated scrape) goes whole to its HMM, whose Viterbi
# step copies its path at every character: time grows with the square of the run (200 K
# characters took two minutes). Real sentences stop far sooner: no run in the seeds or
# the corpus exceeds 80 characters.
MAX_HAN_RUN = 500
# A run longer than that, in the range jieba's HMM reads (its finalseg `re_han`).
LONG_HAN_RUN = lazy_regex(rf"[\u4E00-\u9FD5]{{{MAX_HAN_RUN + 1},}}")

# TextRank: terms this many tokens apart or closer are linked (jieba.analyse uses 5).
WINDOW = 5
DAMPING = 0.85
ITERATIONS = 50
TOLERANCE = 1e-6

# Fightin' Words: the prior adds this share of the two documents' tokens as pseudo-counts,
# spread over terms by their frequency in both together. Smaller trusts rare terms more;
# at 0.1 a term used 5 times in one document and never in the other is distinctive.
PRIOR_SHARE = 0.1
# |z| above this is distinctive (two-sided 5 %); below it a term used in both is shared.
Z_DISTINCT = 1.96

# Compounds: two words a corpus writes side by side so often that they are one term
# (`政务` + `新媒体`, `绿色` + `建筑`). A pair is one when it occurs at least COMPOUND_MIN
# times over the documents ranked together, makes up at least COMPOUND_SHARE of the rarer
# word's uses and COMMON_SHARE of the commoner's (`于本` + `公司` is not one: 公司 stands in
# a thousand other places); its parts are counted apart only where they stand apart.
COMPOUND_MIN = 3
COMPOUND_SHARE = 0.5
COMMON_SHARE = 0.1
# A term neither opens with a preposition, negation or pointing word (`于本公司`, `不向股东`,
# `上一年增加`) nor ends with a word of place or time (`试验区内`): those are phrases.
FUNCTION_START = frozenset("于自不即在向对由把被将应该本此其之以及与和或并而且从经上下每各凡时日等方更是最后")
FUNCTION_END = frozenset("内时后前中上下里外间等需应在的了着过于")
# Nor does a character between its words join two phrases (`妇女的身体`, `法人和非法人`).
JOINERS = frozenset("的和与及或等之在对向为是了着并")
# The longest compound, in characters: longer runs are phrases, not terms.
COMPOUND_MAX = 8
# Between the two words of a pair as counted (no token holds it: jieba cuts at whitespace).
COMPOUND_JOIN = "\t"
# A word a compound is made of: Han only (`5G` and numbers stand alone).
HAN_WORD = lazy_regex(r"^\p{Han}+$")

METHODS = ("auto", "tfidf", "textrank")
BYS = ("document", "section")


# -- word lists -----------------------------------------------------------------------


def _lines(name: str) -> list[str]:
    text = resources.files("policytool").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return [s for line in text.splitlines() if (s := line.split("#", 1)[0].strip())]


@lru_cache(maxsize=1)
def policy_terms() -> tuple[str, ...]:
    """Return the shipped policy terms kept whole (data/policy_terms.txt)."""
    return tuple(_lines("policy_terms.txt"))


@lru_cache(maxsize=1)
def _stop_lists() -> dict[str, frozenset[str]]:
    lists: dict[str, set[str]] = {"general": set(), "policy": set()}
    current = "general"
    for line in _lines("stopwords.txt"):
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            lists.setdefault(current, set())
        else:
            lists[current].add(line)
    return {k: frozenset(v) for k, v in lists.items()}


def stopwords(keep_policy_verbs: bool = False) -> frozenset[str]:
    """Return the words never ranked: general function words, plus the policy fillers unless kept."""
    lists = _stop_lists()
    return lists["general"] if keep_policy_verbs else lists["general"] | lists["policy"]


def policy_verbs() -> frozenset[str]:
    """Return the filler verbs of policy prose (推进, 加强, 完善…), the ``[policy]`` stop list."""
    return _stop_lists()["policy"]


def department_words(departments: Departments) -> tuple[str, ...]:
    """Return every name and alias of the dictionary that jieba can keep as one word."""
    names = {alias for section in departments.aliases.values() for alias in section}
    return tuple(sorted(n for n in names if len(n) > 1 and JIEBA_WORD.match(n)))


def _generic_actors(departments: Departments) -> frozenset[str]:
    return frozenset(departments.aliases["generic"])


# -- tokenising -------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _tokenizer(user_words: tuple[str, ...]) -> Any:
    """Return a jieba tokenizer with ``user_words`` added, built once per process per word list."""
    import logging
    import warnings

    with warnings.catch_warnings():
        # jieba imports pkg_resources, which newer setuptools warn about on stderr.
        warnings.simplefilter("ignore")
        import jieba

    # jieba logs its dictionary loading ("Building prefix dict…") on stderr.
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for word in user_words:
        # Without a frequency jieba suggests one just high enough for the word to beat its pieces.
        tokenizer.add_word(word)
    return tokenizer


def tokenize(text: str, departments: Departments | None = None) -> list[str]:
    """Return the words of ``text`` as jieba cuts it with the department and policy user words.

    Every token is returned, punctuation and stop words too (see ``is_candidate``).

    >>> tokenize("由国家卫生健康委牵头推进家庭医生签约服务")  # doctest: +SKIP
    ['由', '国家卫生健康委', '牵头', '推进', '家庭医生签约服务']
    """
    tokenizer = _tokenizer(_user_words(departments or load_departments()))
    return [token for piece in bounded_pieces(text.translate(FULL_WIDTH_PLUS)) for token in tokenizer.cut(piece)]


def bounded_pieces(text: str) -> list[str]:
    """Return ``text`` in pieces that hold no run of more than MAX_HAN_RUN Han characters.

    Text is cut only inside such runs, every MAX_HAN_RUN characters: elsewhere jieba cuts
    at the same places, so the tokens are the ones of the whole text. A word that spans a
    cut comes out as two pieces; in a run that long the HMM guesses at words anyway, and
    keeping every run short keeps tokenising linear in the text.

    >>> [len(p) for p in bounded_pieces("通知：" + "正" * 1200)]
    [503, 500, 200]
    """
    cuts = [k for m in LONG_HAN_RUN.finditer(text) for k in range(m.start() + MAX_HAN_RUN, m.end(), MAX_HAN_RUN)]
    if not cuts:
        return [text]
    return [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]


@lru_cache(maxsize=4)
def _user_words(departments: Departments) -> tuple[str, ...]:
    return tuple(sorted({*department_words(departments), *policy_terms()}))


def is_candidate(token: str, stop: frozenset[str]) -> bool:
    """True if ``token`` may be a keyword: two characters or more, a word, not a number or stop word."""
    return len(token) > 1 and token not in stop and WORDLIKE.search(token) is not None and not NUMERIC.match(token)


# -- counts per document and section (the worker's part) -----------------------------------


@record
class SectionCounts:
    """The term counts of one section: a level-1 clause with its descendants, or a part's own text.

    ``id`` the clause id (``3``) or part id (``doc``, ``part1``); ``label`` the clause's label
    (``三``, empty for a part); ``title`` its heading; ``counts`` term → occurrences;
    ``edges`` (term, term) → co-occurrences within WINDOW tokens, when counted for TextRank;
    ``pairs`` runs of two or three Han words side by side (joined by COMPOUND_JOIN) →
    occurrences, from which ranking finds the compounds a corpus uses (see ``compounds``). Policy filler verbs are
    counted here and dropped at ranking time unless kept.
    """

    id: str
    label: str
    title: str | None
    counts: dict[str, int]
    edges: dict[tuple[str, str], int] | None = None
    pairs: dict[str, int] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "title": self.title, "counts": dict(self.counts)}


@record
class TermCounts:
    """The term counts of one document, per section in document order."""

    path: str
    title: str | None
    sections: tuple[SectionCounts, ...]
    # The summed co-occurrences, when the sections' own were not read (CountStore.read).
    graph: dict[tuple[str, str], int] | None = None

    def counts(self) -> Counter[str]:
        """Return the document's counts: the sum over its sections."""
        total: Counter[str] = Counter()
        for s in self.sections:
            total.update(s.counts)
        return total

    def pairs(self) -> Counter[str]:
        """Return the document's runs of words side by side: the sum over its sections."""
        total: Counter[str] = Counter()
        for s in self.sections:
            total.update(s.pairs or {})
        return total

    def edges(self) -> Counter[tuple[str, str]]:
        """Return the document's co-occurrence counts (empty unless counted)."""
        if self.graph is not None:
            return Counter(self.graph)
        total: Counter[tuple[str, str]] = Counter()
        for s in self.sections:
            total.update(s.edges or {})
        return total

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "title": self.title, "sections": [s.to_dict() for s in self.sections]}


class CountStore:
    """Many documents' term counts, kept in a temporary file instead of memory.

    TF-IDF reads every document's counts twice: once for the document frequencies, once
    to rank. Held in memory, a corpus of ten thousand documents takes about a gigabyte of
    counts (some 180 KB a document); stored here, memory holds the one being read. The
    store has a length and is read in order as often as needed: ``keywords()`` takes it
    as it takes a list. The file is deleted when the store is closed or collected.

    Co-occurrences are most of a document's counts, and most of them are needed only to
    rank sections: a 1 MB plan has 230,000 in its sections, 6,000 once summed over the
    document. So each document is two lines: its counts with the summed co-occurrences,
    then its sections' co-occurrences, decoded only when ``read(sections=True)`` asks for
    them. Terms are written once per line and co-occurrences as indexes into them, so a
    term read back is one string however many pairs it is in.
    """

    def __init__(self) -> None:
        # Open for the store's life, closed by close() (or when the store is collected).
        self._file = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        self._count = 0

    def add(self, doc: TermCounts) -> None:
        """Store one document's counts, after those added before."""
        self._file.seek(0, 2)
        sections = [[s.id, s.label, s.title, s.counts, s.pairs] for s in doc.sections]
        counted = doc.graph is not None or any(s.edges is not None for s in doc.sections)
        graph = doc.edges() if counted else None
        terms, pairs = _edge_rows(graph)
        self._file.write(json.dumps([doc.path, doc.title, sections, terms, pairs], ensure_ascii=False) + "\n")
        # A section at a time: the flat lists of all of them would be as large as their dicts.
        self._file.write("[")
        for k, section in enumerate(doc.sections):
            self._file.write(("," if k else "") + json.dumps(_edge_rows(section.edges), ensure_ascii=False))
        self._file.write("]\n")
        self._count += 1

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[TermCounts]:
        return self.read(sections=True)

    def read(self, *, sections: bool = True) -> Iterator[TermCounts]:
        """Yield the documents in order; their sections' co-occurrences only with ``sections``
        (without, each document's summed ones still come back through ``edges()``)."""
        self._file.flush()
        self._file.seek(0)
        for line in self._file:
            path, title, parts, terms, pairs = json.loads(line)
            section_edges = next(self._file)
            edges = [_edge_map(*rows) for rows in json.loads(section_edges)] if sections else [None] * len(parts)
            del section_edges
            yield TermCounts(
                path,
                title,
                tuple(
                    SectionCounts(sid, label, stitle, counts, part_edges, pairs)
                    for (sid, label, stitle, counts, pairs), part_edges in zip(parts, edges, strict=True)
                ),
                None if sections else _edge_map(terms, pairs),
            )

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _edge_rows(edges: dict[tuple[str, str], int] | None) -> tuple[list[str], list[int]] | tuple[None, None]:
    """Return co-occurrences as their terms and a flat list (index of a, index of b, count, …)."""
    if edges is None:
        return None, None
    index: dict[str, int] = {}
    flat = []
    for (a, b), n in edges.items():
        flat += (index.setdefault(a, len(index)), index.setdefault(b, len(index)), n)
    return list(index), flat


def _edge_map(terms: list[str] | None, flat: list[int] | None) -> dict[tuple[str, str], int] | None:
    if terms is None or flat is None:
        return None
    return {(terms[flat[k]], terms[flat[k + 1]]): flat[k + 2] for k in range(0, len(flat), 3)}


def sections_of(doc: Document) -> list[tuple[Clause, list[Clause]]]:
    """Return each section's head and its clauses, in document order.

    A section is a numbered level-1 clause with all its descendants; a part's own text (a
    notice's preamble, or the whole of an unnumbered report) and any lead paragraph or bullet
    standing directly under it form the part's section.
    """
    by_id = {c.id: c for c in doc.clauses}
    heads: dict[str, Clause] = {}
    members: dict[str, list[Clause]] = {}
    for c in doc.clauses:
        head = c
        while head.parent is not None and not _is_head(head):
            head = by_id[head.parent]
        heads.setdefault(head.id, head)
        members.setdefault(head.id, []).append(c)
    return [(heads[k], members[k]) for k in members]


def _is_head(c: Clause) -> bool:
    return c.level == 1 and c.kind not in INNER_KINDS


def count_terms(
    doc: Document, departments: Departments | None = None, *, graph: bool = False, section_graphs: bool = True
) -> TermCounts:
    """Return the candidate terms of ``doc`` counted per section; with ``graph``, their co-occurrences too.

    Args:
        doc: a segmented document (``policytool.parse``); a clause's title, text and
            responsibility tag all count.
        departments: the dictionary whose names are kept whole (default: the built-in one).
        graph: also count co-occurrences within WINDOW tokens, for TextRank.
        section_graphs: keep them per section, to rank sections; else only summed over the
            document (``TermCounts.graph``), which is far smaller: sections repeat pairs.
    """
    departments = departments or load_departments()
    stop = stopwords(keep_policy_verbs=True) | _generic_actors(departments)
    verbs = policy_verbs()
    sections = []
    total: Counter[tuple[str, str]] | None = None if section_graphs or not graph else Counter()
    for head, members in sections_of(doc):
        counts: Counter[str] = Counter()
        pairs: Counter[str] = Counter()
        edges: Counter[tuple[str, str]] = Counter()
        for c in members:
            for piece in (c.title, c.text, c.duty.raw if c.duty else None):
                if not piece:
                    continue
                # One string per term, however often it occurs: co-occurrence pairs hold them.
                tokens = [sys.intern(t) for t in tokenize(piece, departments)]
                keep = [is_candidate(t, stop) for t in tokens]
                counts.update(t for t, k in zip(tokens, keep, strict=True) if k)
                pairs.update(_side_by_side(tokens, keep, verbs))
                if graph:
                    (edges if total is None else total).update(_cooccurrences(tokens, keep))
        label = "" if head.kind == "part" else head.label
        section_edges = dict(edges) if graph and total is None else None
        sections.append(SectionCounts(head.id, label, head.title, dict(counts), section_edges, dict(pairs)))
    title = doc.cleaned.meta.title or next((c.title for c in doc.clauses if c.kind == "part" and c.title), None)
    return TermCounts(doc.cleaned.source.path, title, tuple(sections), None if total is None else dict(total))


def _side_by_side(tokens: list[str], keep: list[bool], verbs: frozenset[str]) -> Iterator[str]:
    """Yield each run of two or three Han words next to each other that could be one compound
    term, joined by COMPOUND_JOIN: its first and last word kept, a middle one kept or a single
    character (`政务` `新` `媒体`), no filler verb in it (`加强监管` is a phrase)."""
    for i in range(len(tokens) - 1):
        if not keep[i] or tokens[i] in verbs or not HAN_WORD.match(tokens[i]):
            continue
        size = len(tokens[i])
        for j in range(i + 1, min(i + 3, len(tokens))):
            word = tokens[j]
            size += len(word)
            if size > COMPOUND_MAX or word in verbs or not HAN_WORD.match(word):
                break
            if keep[j]:
                yield COMPOUND_JOIN.join(tokens[i : j + 1])
            elif len(word) > 1 or word in JOINERS:
                break  # a stop word or a joiner, not a character of a term


def compounds(totals: Counter[str], pairs: Counter[str]) -> dict[str, str]:
    """Return the runs of words that are one term in these counts: run → the compound (`政务新媒体`).

    ``totals`` the words' counts and ``pairs`` the runs' counts (``_side_by_side``), over the
    documents ranked together. A run is a compound when it occurs COMPOUND_MIN times or more,
    is at least COMPOUND_SHARE of its rarest word's uses and COMMON_SHARE of its commonest's,
    and opens and ends as a term does (FUNCTION_START, FUNCTION_END). A two-word run that
    opens or ends a three-word compound is part of it, not a term of its own.

    >>> run = COMPOUND_JOIN.join(["政务", "新", "媒体"])
    >>> compounds(Counter({"政务": 9, "媒体": 4}), Counter({run: 4, COMPOUND_JOIN.join(["政务", "新"]): 4}))[run]
    '政务新媒体'
    """
    out: dict[str, str] = {}
    for run, n in sorted(pairs.items(), key=lambda item: -item[0].count(COMPOUND_JOIN)):
        if n < COMPOUND_MIN:
            continue
        words = run.split(COMPOUND_JOIN)
        if words[0][0] in FUNCTION_START or words[-1][-1] in FUNCTION_END:
            continue
        if len(words) == 2 and any(
            longer.startswith(run + COMPOUND_JOIN) or longer.endswith(COMPOUND_JOIN + run) for longer in out
        ):
            continue
        uses = sorted(totals.get(w, n) for w in words if len(w) > 1)
        if n >= COMPOUND_SHARE * uses[0] and n >= COMMON_SHARE * uses[-1]:
            out[run] = "".join(words)
    return out


def with_compounds(counts: dict[str, int], pairs: dict[str, int] | None, found: dict[str, str]) -> Counter[str]:
    """Return ``counts`` with each compound of ``found`` counted whole and its words where they stand apart."""
    out = Counter(counts)
    for run, n in (pairs or {}).items():
        if compound := found.get(run):
            out[compound] += n
            for word in run.split(COMPOUND_JOIN):
                out[word] -= n
    return +out  # a word used only inside its compound is gone (and a character never counted)


def _compound_edges(
    edges: dict[tuple[str, str], int], found: dict[str, str], counts: dict[str, int]
) -> dict[tuple[str, str], int]:
    """Return co-occurrences with each compound linked to what its words were linked to, in
    the share of the word's uses the compound made (``counts`` after with_compounds)."""
    share: dict[str, list[tuple[str, float]]] = {}
    for run, compound in found.items():
        if n := counts.get(compound, 0):
            for word in run.split(COMPOUND_JOIN):
                share.setdefault(word, []).append((compound, n / (n + counts.get(word, 0))))
    if not share:
        return edges
    out: Counter[tuple[str, str]] = Counter(edges)
    for (x, y), w in edges.items():
        for word, other in ((x, y), (y, x)):
            for compound, part in share.get(word, ()):
                if compound != other:
                    out[(compound, other) if compound < other else (other, compound)] += w * part
    return out


def _cooccurrences(tokens: list[str], keep: list[bool]) -> Iterable[tuple[str, str]]:
    """Yield each pair of kept terms within WINDOW tokens of each other, in sorted order."""
    for i, a in enumerate(tokens):
        if not keep[i]:
            continue
        for j in range(i + 1, min(i + WINDOW, len(tokens))):
            b = tokens[j]
            if keep[j] and b != a:
                yield (a, b) if a < b else (b, a)


# -- ranking ---------------------------------------------------------------------------------


@record
class Keyword:
    """A ranked term: ``score`` (TF-IDF, or TextRank scaled to the top term's 1) and ``count``."""

    term: str
    score: float
    count: int

    def to_dict(self) -> dict[str, Any]:
        return {"term": self.term, "score": round(self.score, 6), "count": self.count}


@record
class SectionKeywords:
    """The keywords of one section: ``id``, ``label`` and ``title`` as in SectionCounts;
    ``tokens`` the kept tokens the section has."""

    id: str
    label: str
    title: str | None
    tokens: int
    keywords: tuple[Keyword, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "title": self.title,
            "tokens": self.tokens,
            "keywords": [k.to_dict() for k in self.keywords],
        }


@record
class DocumentKeywords:
    """The keywords of one document, and of its sections when asked for."""

    path: str
    title: str | None
    tokens: int
    keywords: tuple[Keyword, ...]
    sections: tuple[SectionKeywords, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "title": self.title,
            "tokens": self.tokens,
            "keywords": [k.to_dict() for k in self.keywords],
            "sections": [s.to_dict() for s in self.sections],
        }


@record
class KeywordReport:
    """Keywords of every document given: ``method`` tfidf or textrank; ``by`` document or section;
    ``policy_verbs`` whether the filler verbs were kept."""

    method: str
    by: str
    policy_verbs: bool
    documents: tuple[DocumentKeywords, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": KEYWORDS_SCHEMA,
            "method": self.method,
            "by": self.by,
            "policy_verbs": self.policy_verbs,
            "documents": [d.to_dict() for d in self.documents],
        }


def idf(df: int, n: int) -> float:
    """Return the smoothed inverse document frequency of a term in ``df`` of ``n`` documents.

    >>> round(idf(1, 2), 4), idf(2, 2)
    (1.4055, 1.0)
    """
    return math.log((1 + n) / (1 + df)) + 1


def keywords(
    docs: Sequence[TermCounts] | CountStore,
    *,
    by: str = "document",
    top: int = 20,
    method: str = "auto",
    keep_policy_verbs: bool = False,
) -> KeywordReport:
    """Return the ``top`` keywords of each document (and of each section with ``by="section"``).

    Args:
        docs: the documents' counts (``count_terms``), the corpus the idf is taken over: a
            list, or a CountStore for a corpus too large to hold (read twice, in order).
        by: ``document``, or ``section`` to rank each level-1 section as well.
        top: how many terms per document or section.
        method: ``tfidf``, ``textrank`` (needs counts with ``graph=True``), or ``auto``:
            TF-IDF for two documents or more, TextRank for one.
        keep_policy_verbs: rank the filler verbs of policy prose (推进, 加强…) too.
    """
    if method not in METHODS or by not in BYS:
        raise ValueError(f"method must be one of {METHODS} and by one of {BYS}")
    if method == "auto":
        method = "tfidf" if len(docs) > 1 else "textrank"
    drop = frozenset() if keep_policy_verbs else policy_verbs()
    # Two passes over the documents, one at a time: document frequencies, then ranks. From
    # a store, only what the pass needs is read: sections' co-occurrences are many.
    found = _corpus_compounds(docs.read(sections=False) if isinstance(docs, CountStore) else docs)
    first, second = docs, docs
    if isinstance(docs, CountStore):
        first = docs.read(sections=False)
        second = docs.read(sections=by == "section" and method == "textrank")
    df: Counter[str] = Counter()
    for d in first:
        df.update(_without(with_compounds(d.counts(), d.pairs(), found), drop).keys())
    weights = {term: idf(n, len(docs)) for term, n in df.items()}

    def rank(counts: dict[str, int], edges: dict[tuple[str, str], int] | None) -> tuple[Keyword, ...]:
        if method == "textrank":
            scores = textrank(counts, _compound_edges(edges or {}, found, counts))
        else:
            size = sum(counts.values()) or 1
            scores = {t: n / size * weights[t] for t, n in counts.items()}
        best = sorted(scores, key=lambda t: (-scores[t], -counts[t], t))[:top]
        return tuple(Keyword(t, scores[t], counts[t]) for t in best)

    out = []
    for d in second:
        counts = _without(with_compounds(d.counts(), d.pairs(), found), drop)
        sections = ()
        if by == "section":
            sections = tuple(
                SectionKeywords(s.id, s.label, s.title, sum(c.values()), rank(c, s.edges))
                for s in d.sections
                if (c := _without(with_compounds(s.counts, s.pairs, found), drop))
            )
        edges = d.edges() if method == "textrank" else None
        out.append(DocumentKeywords(d.path, d.title, sum(counts.values()), rank(counts, edges), sections))
    return KeywordReport(method, by, keep_policy_verbs, tuple(out))


def _corpus_compounds(docs: Iterable[TermCounts]) -> dict[str, str]:
    """Return the compounds of the documents ranked together (see ``compounds``)."""
    totals: Counter[str] = Counter()
    pairs: Counter[str] = Counter()
    for d in docs:
        totals.update(d.counts())
        pairs.update(d.pairs())
    return compounds(totals, pairs)


def _without(counts: dict[str, int], drop: frozenset[str]) -> Counter[str]:
    return Counter({t: n for t, n in counts.items() if t not in drop})


def textrank(counts: dict[str, int], edges: dict[tuple[str, str], int]) -> dict[str, float]:
    """Return each term's PageRank over the co-occurrence graph, scaled so the best is 1.

    Edges to terms not in ``counts`` (dropped filler verbs) are ignored; a term with no
    neighbour keeps the base score ``1 - DAMPING``.
    """
    links: dict[str, dict[str, int]] = {t: {} for t in counts}
    for (a, b), w in edges.items():
        if a in links and b in links:
            links[a][b] = w
            links[b][a] = w
    out_weight = {t: sum(n.values()) for t, n in links.items()}
    score = dict.fromkeys(links, 1.0)
    for _ in range(ITERATIONS):
        new = {
            t: (1 - DAMPING) + DAMPING * sum(w / out_weight[u] * score[u] for u, w in neighbours.items())
            for t, neighbours in links.items()
        }
        settled = max((abs(new[t] - score[t]) for t in new), default=0.0) < TOLERANCE
        score = new
        if settled:
            break
    best = max(score.values(), default=1.0)
    return {t: s / best for t, s in score.items()}


# -- two documents compared -----------------------------------------------------------------


@record
class Contrast:
    """A term in a comparison: ``z`` the log-odds z-score (positive: A uses it more), counts in A and B."""

    term: str
    z: float
    count_a: int
    count_b: int

    def to_dict(self) -> dict[str, Any]:
        return {"term": self.term, "z": round(self.z, 4), "count_a": self.count_a, "count_b": self.count_b}


@record
class Side:
    """One document of a comparison: its path, title and kept tokens."""

    path: str
    title: str | None
    tokens: int

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "title": self.title, "tokens": self.tokens}


@record
class Comparison:
    """The terms that set two documents apart, and the ones they share.

    ``distinctive_a`` terms A uses more (z above Z_DISTINCT, highest first), ``distinctive_b``
    the same for B (z below −Z_DISTINCT, lowest first), ``shared`` terms both use at a
    similar rate (|z| below Z_DISTINCT), by the smaller of their two shares.
    """

    a: Side
    b: Side
    prior: float
    distinctive_a: tuple[Contrast, ...]
    distinctive_b: tuple[Contrast, ...]
    shared: tuple[Contrast, ...]
    policy_verbs: bool = False
    method: str = "log-odds"

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": KEYWORDS_SCHEMA,
            "method": self.method,
            "prior": self.prior,
            "policy_verbs": self.policy_verbs,
            "a": self.a.to_dict(),
            "b": self.b.to_dict(),
            "distinctive_a": [c.to_dict() for c in self.distinctive_a],
            "distinctive_b": [c.to_dict() for c in self.distinctive_b],
            "shared": [c.to_dict() for c in self.shared],
        }


def compare(a: TermCounts, b: TermCounts, *, top: int = 20, keep_policy_verbs: bool = False) -> Comparison:
    """Return the terms whose share differs most between ``a`` and ``b``, and the shared ones.

    The log-odds ratio with an informative Dirichlet prior (Monroe et al. 2008): with ``y``
    a term's count, ``n`` a document's kept tokens and the prior ``α_w = α0 · p_w`` (``p_w``
    the term's share of both documents together, ``α0 = PRIOR_SHARE · (n_a + n_b)``),
    ``δ = log((y_a+α_w)/(n_a+α0−y_a−α_w)) − log((y_b+α_w)/(n_b+α0−y_b−α_w))`` and
    ``z = δ / sqrt(1/(y_a+α_w) + 1/(y_b+α_w))``. Unlike a raw frequency difference it does
    not favour the commonest words, and unlike a plain ratio it does not favour hapaxes.
    """
    drop = frozenset() if keep_policy_verbs else policy_verbs()
    found = _corpus_compounds([a, b])
    ya = _without(with_compounds(a.counts(), a.pairs(), found), drop)
    yb = _without(with_compounds(b.counts(), b.pairs(), found), drop)
    na, nb = sum(ya.values()), sum(yb.values())
    both = ya + yb
    alpha0 = PRIOR_SHARE * (na + nb)
    rows = []
    for term, n in both.items():
        alpha = alpha0 * n / (na + nb)
        ca, cb = ya.get(term, 0), yb.get(term, 0)
        log_odds_a = math.log((ca + alpha) / (na + alpha0 - ca - alpha))
        log_odds_b = math.log((cb + alpha) / (nb + alpha0 - cb - alpha))
        z = (log_odds_a - log_odds_b) / math.sqrt(1 / (ca + alpha) + 1 / (cb + alpha))
        rows.append(Contrast(term, z, ca, cb))
    ahead = sorted((r for r in rows if r.z > Z_DISTINCT), key=lambda r: (-r.z, r.term))[:top]
    behind = sorted((r for r in rows if r.z < -Z_DISTINCT), key=lambda r: (r.z, r.term))[:top]
    common = [r for r in rows if abs(r.z) <= Z_DISTINCT and r.count_a and r.count_b]
    common.sort(key=lambda r: (-min(r.count_a / na, r.count_b / nb), r.term))
    return Comparison(
        Side(a.path, a.title, na),
        Side(b.path, b.title, nb),
        PRIOR_SHARE,
        tuple(ahead),
        tuple(behind),
        tuple(common[:top]),
        keep_policy_verbs,
    )
