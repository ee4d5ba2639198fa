"""Two documents → clause-aligned differences, or a derived text traced to its source.

Alignment never compares every clause with every other by character diff: identical
texts are paired by hash, the rest through an index of character 3-grams (shingles),
and the character diff runs only inside the pairs found. The sequence diff is difflib's
(longest common run first, with ``autojunk=False``: with it on, characters frequent in a
long clause (的, 和, ，) are silently ignored and the diff degrades), bounded in work so
that no input makes it quadratic: see ``matching_blocks``.
"""

from __future__ import annotations

import unicodedata
from array import array
from bisect import bisect_left
from collections import Counter, defaultdict, deque
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import field
from itertools import pairwise
from types import MappingProxyType
from typing import Any

from policytool.model import INNER_KINDS, Clause, Document, record
from policytool.patterns import lazy_regex

DIFF_SCHEMA = "policytool.diff/1"
# The duty changes of a pair whose departments are the same: one for all of them.
NO_DUTY_CHANGES: Mapping[str, Any] = MappingProxyType({})
STATUSES = ("same", "changed", "added", "removed", "moved", "renumbered", "split", "merged")
# A removed clause whose text runs on in consecutive added ones (or the reverse) was split
# (merged) when the joined texts are at least this similar.
SPLIT_THRESHOLD = 0.9

# Below this 3-gram similarity two clauses are not the same clause edited.
MATCH_THRESHOLD = 0.5
# An equal run this short between two edits is folded into them, so an edit reads as
# whole words (`[-十项-]{+10项+}`, not `[-十-]{+10+}项`-style fragments).
MIN_EQUAL_RUN = 2
# Trace mode: a paragraph quotes a clause when this share of its 3-grams occurs there.
TRACE_THRESHOLD = 0.3
# Shared spans shorter than this are coincidence, not quotation.
MIN_SHARED = 4
# Detect trace mode: A is unnumbered and at most this share of B's length.
TRACE_RATIO = 0.4

# Layout whitespace, ignored unless --strict.
WHITESPACE = lazy_regex(r"\s+")

# Work bounds, in steps of the inner loops (one step: one pair of equal items looked at
# in difflib's search, about 0.15 µs). That search is exact but may take len(a) × len(b)
# steps at each level of its recursion: two lists of 20,000 clauses with every tenth
# edited took 50 s, a 100 KB clause against a copy with ten edits 10 s. One comparison
# may spend WORK_PER_ITEM steps per character of the two documents plus WORK_BASE on it,
# shared by all its clauses. Every comparison of the seeds and benchmarks/diff_large.py
# stays well within, and so do the corpus's policies against revisions of themselves (the
# costliest, a 16 K-character clause: up to about 10 M steps for its diff and ratio);
# only an 18 K-character list of sources in one paragraph went past it. Past the bound,
# sequences are aligned on the items each side holds once (patience diff; texts sentence
# by sentence first), with difflib again in the gaps between them, in at most
# ANCHORED_PER_ITEM steps per item and GAP_PER_ITEM per item of a gap: time stays linear
# in the input whatever it holds.
WORK_PER_ITEM = 2
WORK_BASE = 20_000_000
ANCHORED_PER_ITEM = 20
GAP_PER_ITEM = 50
# Looking one item up (a row of difflib's search) costs about as much as five steps.
ROW_STEPS = 5
# Candidate lookup through the 3-gram index: at most this many postings counted per 3-gram
# of the clauses looked up and indexed, plus INDEX_BASE (about 1 µs each). The seeds and
# the corpus need at most 3.1 per 3-gram (133,000 in all); all-pairs lookup on two lists
# of 2,000 tasks sharing their wording takes 4 M.
INDEX_PER_ITEM = 10
INDEX_BASE = 1_000_000
# Items that end a sentence, as written and as folded (NFKC turns ！？； into !?;).
SENTENCE_END = frozenset("。！？；!?;\n")


def fold(text: str, strict: bool = False) -> str:
    """Return ``text`` as compared: without whitespace, full/half width folded (NFKC)."""
    if strict:
        return text
    return WHITESPACE.sub("", unicodedata.normalize("NFKC", text))


def fold_map(text: str, strict: bool = False) -> tuple[str, list[int]]:
    """Return ``fold(text)`` and, for each of its characters, the index it came from."""
    out: list[str] = []
    where: list[int] = []
    for k, ch in enumerate(text):
        for f in fold(ch, strict):
            out.append(f)
            where.append(k)
    return "".join(out), where


def shingles(text: str, n: int = 3) -> Counter[str]:
    """Return the multiset of character n-grams of ``text``."""
    if len(text) < n:
        return Counter([text]) if text else Counter()
    return Counter(text[i : i + n] for i in range(len(text) - n + 1))


def similarity(a: Counter[str], b: Counter[str], size_a: int | None = None, size_b: int | None = None) -> float:
    """Return the Dice similarity of two shingle multisets (0…1).

    ``size_a`` and ``size_b`` are their totals when known; the shared count is taken
    over the smaller, so a short clause costs little against a long one.
    """
    total = (sum(a.values()) if size_a is None else size_a) + (sum(b.values()) if size_b is None else size_b)
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    shared = sum(min(n, large[g]) for g, n in small.items() if g in large)
    return 2 * shared / total if total else 1.0


# ---------------------------------------------------------------------------
# Sequence diff in bounded work

Block = tuple[int, int, int]  # (i, j, size): a[i:i+size] == b[j:j+size]


class Steps:
    """The steps of exact (difflib) matching one comparison has left, shared by its calls.

    A call on ``size`` items may always take GAP_PER_ITEM steps an item, so that once a
    long list has used the shared steps up, its short clauses are still diffed exactly.
    """

    __slots__ = ("left",)

    def __init__(self, size: int) -> None:
        self.left = WORK_PER_ITEM * size + WORK_BASE

    def run(self, a: Sequence[Hashable], b: Sequence[Hashable], alo: int, ahi: int, blo: int,
            bhi: int) -> list[Block] | None:  # fmt: skip
        """Return ``_longest_first`` on the ranges within the steps left, taking those it spent."""
        allowed = max(self.left, GAP_PER_ITEM * (ahi - alo + bhi - blo))
        found, spent = _longest_first(a, b, alo, ahi, blo, bhi, allowed)
        self.left = max(0, self.left - spent)
        return found


def matching_blocks(a: Sequence[Hashable], b: Sequence[Hashable], steps: Steps | None = None) -> list[Block]:
    """Return the runs where ``a`` and ``b`` agree, in order, ending with (len(a), len(b), 0).

    Exactly difflib's ``SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()``
    while ``steps`` (of a whole comparison; else of this call) last; past them, the runs
    found by anchoring on the items that occur once in each side.
    """
    steps = steps or Steps(len(a) + len(b))
    found = steps.run(a, b, 0, len(a), 0, len(b))
    if found is None:
        found = _anchored(a, b, 0, len(a), 0, len(b), ANCHORED_PER_ITEM * (len(a) + len(b)))
    return _joined(found, len(a), len(b))


def text_blocks(a: Sequence[str], b: Sequence[str], steps: Steps | None = None) -> list[Block]:
    """Return ``matching_blocks`` of two texts (strings, or lists of folded characters).

    Past the steps, the texts are aligned sentence by sentence first, so a long clause
    with a few edits is matched whole but for the sentences edited, which are then
    diffed by character.
    """
    steps = steps or Steps(len(a) + len(b))
    found = steps.run(a, b, 0, len(a), 0, len(b))
    if found is None:
        found = _by_sentence(a, b, steps)
    return _joined(found, len(a), len(b))


def ratio(a: Sequence[Hashable], b: Sequence[Hashable], steps: Steps | None = None) -> float:
    """Return difflib's ratio(): twice the items matched over all items (1.0 for two empty)."""
    total = len(a) + len(b)
    return 2.0 * sum(size for _, _, size in text_blocks(a, b, steps)) / total if total else 1.0


def _longest_first(
    a: Sequence[Hashable], b: Sequence[Hashable], alo: int, ahi: int, blo: int, bhi: int, budget: int
) -> tuple[list[Block] | None, int]:
    """Run difflib's matching in a[alo:ahi] against b[blo:bhi]; None if over ``budget`` steps.

    The longest run first (the earliest in a, then in b, of equal length), then the same on
    each side of it: difflib's ``find_longest_match`` recursion, step for step, with b's
    positions searched by bisection instead of skipped one by one. Returns the runs (not
    joined) and the steps taken.
    """
    b2j: dict[Hashable, list[int]] = {}
    for j in range(blo, bhi):
        b2j.setdefault(b[j], []).append(j)
    spent = (ahi - alo) + (bhi - blo)
    # The first search takes a step for every pair of equal items, and the whole about 1.5
    # times as many on real text: one that would not fit twice over is refused at once.
    first = ROW_STEPS * (ahi - alo) + sum(n * len(b2j.get(x, ())) for x, n in Counter(a[alo:ahi]).items())
    if spent + 2 * first > budget:
        return None, spent
    found: list[Block] = []
    todo = [(alo, ahi, blo, bhi)]
    while todo:
        alo, ahi, blo, bhi = todo.pop()
        besti, bestj, bestsize = alo, blo, 0
        j2len: dict[int, int] = {}  # length of the run ending at (i - 1, j)
        spent += ROW_STEPS * (ahi - alo)
        for i in range(alo, ahi):
            runs: dict[int, int] = {}
            js = b2j.get(a[i])
            if js:
                lo = bisect_left(js, blo) if blo > js[0] else 0
                hi = bisect_left(js, bhi, lo) if bhi <= js[-1] else len(js)
                spent += hi - lo
                before = j2len.get
                for j in js[lo:hi]:
                    k = runs[j] = before(j - 1, 0) + 1
                    if k > bestsize:
                        besti, bestj, bestsize = i - k + 1, j - k + 1, k
            j2len = runs
        if spent > budget:
            return None, spent
        if bestsize:
            found.append((besti, bestj, bestsize))
            if alo < besti and blo < bestj:
                todo.append((alo, besti, blo, bestj))
            if besti + bestsize < ahi and bestj + bestsize < bhi:
                todo.append((besti + bestsize, ahi, bestj + bestsize, bhi))
    return found, spent


def _anchored(a: Sequence[Hashable], b: Sequence[Hashable], alo: int, ahi: int, blo: int, bhi: int,
              budget: int) -> list[Block]:  # fmt: skip
    """Return runs of a[alo:ahi] and b[blo:bhi] in about ``budget`` steps whatever the input.

    Patience diff: the common head and tail, then the items that occur once in each side
    and keep their order (a longest increasing run) as anchors, and the same in each gap
    between them; a gap small enough gets difflib's exact matching instead. Once the
    steps run out, the gaps left keep only their common head and tail.
    """
    found: list[Block] = []
    work = 0
    todo = [(alo, ahi, blo, bhi)]
    while todo:
        alo, ahi, blo, bhi = todo.pop()
        k = 0
        while alo + k < ahi and blo + k < bhi and a[alo + k] == b[blo + k]:
            k += 1
        if k:
            found.append((alo, blo, k))
            alo, blo = alo + k, blo + k
        k = 0
        while ahi - k > alo and bhi - k > blo and a[ahi - k - 1] == b[bhi - k - 1]:
            k += 1
        if k:
            found.append((ahi - k, bhi - k, k))
            ahi, bhi = ahi - k, bhi - k
        if alo == ahi or blo == bhi or work >= budget:
            continue
        size = (ahi - alo) + (bhi - blo)
        exact, spent = _longest_first(a, b, alo, ahi, blo, bhi, min(GAP_PER_ITEM * size, budget - work))
        work += spent
        if exact is not None:
            found += exact
            continue
        anchors = _unique_in_order(a, b, alo, ahi, blo, bhi)
        work += size
        for i, j in anchors:
            todo.append((alo, i, blo, j))
            found.append((i, j, 1))
            alo, blo = i + 1, j + 1
        if anchors:
            todo.append((alo, ahi, blo, bhi))
    return found


def _unique_in_order(a: Sequence[Hashable], b: Sequence[Hashable], alo: int, ahi: int, blo: int,
                     bhi: int) -> list[tuple[int, int]]:  # fmt: skip
    """Return the (i, j) of items once in a[alo:ahi] and once in b[blo:bhi], the most in order."""
    count_a = Counter(a[alo:ahi])
    count_b = Counter(b[blo:bhi])
    where_b = {b[j]: j for j in range(blo, bhi) if count_b[b[j]] == 1 and count_a.get(b[j]) == 1}
    pairs = [(i, where_b[a[i]]) for i in range(alo, ahi) if a[i] in where_b]
    return [pairs[k] for k in _longest_increasing([j for _, j in pairs])]


def _by_sentence(a: Sequence[str], b: Sequence[str], steps: Steps) -> list[Block]:
    """Return runs of two long texts: sentences aligned first, then characters between them."""
    starts_a, starts_b = _sentence_starts(a), _sentence_starts(b)
    sa = ["".join(a[x:y]) for x, y in pairwise(starts_a)]
    sb = ["".join(b[x:y]) for x, y in pairwise(starts_b)]
    found: list[Block] = []
    i = j = 0  # the characters up to here are aligned
    for si, sj, size in matching_blocks(sa, sb, steps):
        x, y = starts_a[si], starts_b[sj]
        if x > i and y > j:  # an edited stretch: its characters diffed
            gap = steps.run(a, b, i, x, j, y)
            found += gap if gap is not None else _anchored(a, b, i, x, j, y, ANCHORED_PER_ITEM * (x - i + y - j))
        if size:
            found.append((x, y, starts_a[si + size] - x))
        i, j = starts_a[si + size], starts_b[sj + size]
    return found


def _sentence_starts(text: Sequence[str]) -> list[int]:
    """Return where each sentence of ``text`` starts, and its length at the end."""
    starts = [0]
    for k, ch in enumerate(text):
        if ch in SENTENCE_END:
            starts.append(k + 1)
    if starts[-1] != len(text):
        starts.append(len(text))
    return starts


def _joined(found: list[Block], la: int, lb: int) -> list[Block]:
    """Sort runs, join adjacent ones and end with the (la, lb, 0) sentinel, as difflib does."""
    out: list[Block] = []
    i1 = j1 = k1 = 0
    for i2, j2, k2 in sorted(found):
        if i1 + k1 == i2 and j1 + k1 == j2:
            k1 += k2
        else:
            if k1:
                out.append((i1, j1, k1))
            i1, j1, k1 = i2, j2, k2
    if k1:
        out.append((i1, j1, k1))
    out.append((la, lb, 0))
    return out


def _bound_index(index: dict[str, set[int]], queries: list[Counter[str]]) -> bool:
    """Leave the commonest 3-grams out of ``index`` if looking all queries up costs too much.

    Looking a query up takes a step per clause each of its 3-grams is indexed under; a
    3-gram that most clauses hold (的发展 in a plan, 落实任 in a list of tasks) tells
    little and costs the most. Returns True if any was left out (the counts of shared
    3-grams the index gives are then a lower bound).
    """
    occurs: Counter[str] = Counter()
    for q in queries:
        occurs.update(q.keys())
    cost = {g: n * len(index[g]) for g, n in occurs.items() if g in index}
    work = sum(cost.values())
    budget = INDEX_PER_ITEM * (sum(occurs.values()) + sum(len(js) for js in index.values())) + INDEX_BASE
    if work <= budget:
        return False
    for g in sorted(cost, key=lambda g: len(index[g]), reverse=True):
        if work <= budget:
            break
        work -= cost[g]
        del index[g]
    return True


@record
class Pair:
    """Two aligned clauses (or one, for added/removed) and how they differ."""

    status: str
    a: Clause | None
    b: Clause | None
    similarity: float
    ops: tuple[tuple[str, str], ...] = ()
    # Read-only: most pairs share one empty mapping (a dict each was 64 bytes a clause).
    duty_changes: Mapping[str, Any] = field(default_factory=lambda: NO_DUTY_CHANGES)
    parts: tuple[str, ...] = ()  # for split/merged: the ids of the several clauses

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "a": self.a.id if self.a else None,
            "b": self.b.id if self.b else None,
            "a_label": self.a.label if self.a else None,
            "b_label": self.b.label if self.b else None,
            "a_title": self.a.title if self.a else None,
            "b_title": self.b.title if self.b else None,
            "similarity": round(self.similarity, 4),
            "ops": [list(op) for op in self.ops],
            "duty_changes": dict(self.duty_changes),
            "parts": list(self.parts),
        }


@record
class TraceMatch:
    """A clause of B that a paragraph of A quotes or paraphrases."""

    clause: Clause
    similarity: float
    shared: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "clause": self.clause.id,
            "label": self.clause.label,
            "title": self.clause.title,
            "similarity": round(self.similarity, 4),
            "shared": list(self.shared),
        }


@record
class TraceParagraph:
    """One paragraph of the derived text, its sources in B, and what it adds."""

    index: int
    text: str
    matches: tuple[TraceMatch, ...]
    own: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "paragraph": self.index,
            "text": self.text,
            "matches": [m.to_dict() for m in self.matches],
            "own": list(self.own),
        }


@record
class DiffResult:
    """The comparison of two documents."""

    a: Document
    b: Document
    mode: str
    pairs: tuple[Pair, ...] = ()
    trace: tuple[TraceParagraph, ...] = ()
    notes: tuple[str, ...] = ()

    def summary(self) -> dict[str, int]:
        if self.mode == "trace":
            matched = sum(1 for t in self.trace if t.matches)
            return {"matched": matched, "unmatched": len(self.trace) - matched}
        counts = {s: 0 for s in STATUSES}
        for p in self.pairs:
            counts[p.status] += 1
        counts["duty"] = sum(1 for p in self.pairs if p.duty_changes)
        return counts

    def to_dict(self) -> dict[str, Any]:
        side = lambda d: {"source": d.cleaned.source.to_dict(), "meta": d.cleaned.meta.to_dict()}  # noqa: E731
        out: dict[str, Any] = {
            "schema": DIFF_SCHEMA,
            "a": side(self.a),
            "b": side(self.b),
            "mode": self.mode,
            "summary": self.summary(),
            "notes": list(self.notes),
        }
        if self.mode == "trace":
            out["paragraphs"] = [t.to_dict() for t in self.trace]
        else:
            out["pairs"] = [p.to_dict() for p in self.pairs]
        return out


# ---------------------------------------------------------------------------
# Versions


def _content(c: Clause) -> str:
    """The words of a clause as compared: title and own text, not its marker or tag."""
    return (c.title or "") + "\n" + c.text


def _units(a: Document, b: Document, strict: bool) -> tuple[list[Clause], list[Clause], list[str]]:
    """Return the clauses of both documents to compare, and notes on parts left out.

    Parts are paired by title (the two `doc` parts always pair). A part only one side
    has, such as a covering notice one copy prints and the other does not, is named
    in a note instead of being reported clause by clause as removed or added.
    """
    parts_a = [c for c in a.clauses if c.kind == "part"]
    parts_b = [c for c in b.clauses if c.kind == "part"]
    titles_b: dict[str, list[Clause]] = defaultdict(list)
    for p in parts_b:
        titles_b[fold(p.title or "", strict)].append(p)
    keep_a, keep_b = set(), set()
    for p in parts_a:
        if p.id == "doc" and any(q.id == "doc" for q in parts_b):
            keep_a.add(p.id)
            keep_b.add("doc")
        elif titles_b.get(fold(p.title or "", strict)):
            keep_a.add(p.id)
            keep_b.add(titles_b[fold(p.title or "", strict)].pop(0).id)
    notes = [f"{p.id} ({p.title or 'untitled'}) is only in A, not compared" for p in parts_a if p.id not in keep_a]
    notes += [f"{p.id} ({p.title or 'untitled'}) is only in B, not compared" for p in parts_b if p.id not in keep_b]
    return _within(a, keep_a), _within(b, keep_b), notes


def _within(doc: Document, part_ids: set[str]) -> list[Clause]:
    """Return the clauses of ``doc`` that belong to the given parts."""
    keep, ids = [], set(part_ids)
    for c in doc.clauses:
        if c.id in ids or c.parent in ids:
            ids.add(c.id)
            keep.append(c)
    return keep


def diff_versions(a: Document, b: Document, *, strict: bool = False) -> DiffResult:
    """Align the clauses of two versions of a document and describe each difference."""
    ua, ub, notes = _units(a, b, strict)
    fa = [fold(_content(c), strict) for c in ua]
    # Two versions share most texts: B's equal to one of A's is held as that one.
    known = {t: t for t in fa}
    fb = [known.get(t, t) for t in (fold(_content(c), strict) for c in ub)]
    del known
    steps = Steps(sum(map(len, fa)) + sum(map(len, fb)))
    # The alignment as flat arrays, one entry a clause: a list of (i, j) pairs with its sets
    # and dicts took about 300 bytes a clause (110 MB for two versions of 10 MB).
    b_of = _align(ua, ub, fa, fb, steps)  # for each clause of A, its match in B or -1
    matched_b = bytearray(len(ub))
    matched_a = array("q", (i for i, j in enumerate(b_of) if j >= 0))
    for i in matched_a:
        matched_b[b_of[i]] = 1
    # Order: clauses whose relative order is kept form the longest increasing run.
    in_order = bytearray(len(ua))
    for k in _longest_increasing(array("q", (b_of[i] for i in matched_a))):
        in_order[matched_a[k]] = 1
    # A's id → the id of its match in B, for the clauses that are a parent.
    parents = {c.parent for c in ua}
    parent_of = {ua[i].id: ub[b_of[i]].id for i in matched_a if ua[i].id in parents}
    del matched_a, parents
    result: list[Pair] = []
    next_b = 0  # B's clauses before this one are all emitted or matched

    def emit_added_until(j_limit: int) -> None:
        """Emit B's unmatched clauses before ``j_limit`` not emitted yet, in B's order."""
        nonlocal next_b
        for j in range(next_b, j_limit):
            if not matched_b[j]:
                result.append(Pair("added", None, ub[j], 0.0))
        next_b = max(next_b, j_limit)

    for i, ca in enumerate(ua):
        j = b_of[i]
        if j < 0:
            result.append(Pair("removed", ca, None, 0.0))
            continue
        cb = ub[j]
        if in_order[i]:
            emit_added_until(j)
        # A clause now under another parent has moved, even if its order is kept.
        same_parent = ca.parent is None or parent_of.get(ca.parent, cb.parent) == cb.parent
        # Each folded text is let go once compared, so the result does not grow on top of them.
        folded_a, folded_b, fa[i], fb[j] = fa[i], fb[j], "", ""
        result.append(_pair(ca, cb, folded_a, folded_b, bool(in_order[i]) and same_parent, strict, steps))
    emit_added_until(len(ub))
    result = _splits_and_merges(result, strict, steps)
    return DiffResult(a=a, b=b, mode="versions", pairs=tuple(result), notes=tuple(notes))


def _splits_and_merges(pairs: list[Pair], strict: bool, steps: Steps) -> list[Pair]:
    """Recognise a clause split in two or more, or several merged into one.

    A removed or changed clause of A followed by added clauses of B is a split when
    B's texts joined read as A's (and the reverse is a merge); otherwise the pairs stay.
    """
    out: list[Pair] = []
    k = 0
    while k < len(pairs):
        p = pairs[k]
        for status, role, follower in (("split", "a", "added"), ("merged", "b", "removed")):
            if p.status not in ("changed", "removed" if status == "split" else "added"):
                continue
            end = k + 1
            while end < len(pairs) and pairs[end].status == follower:
                end += 1
            rest = [(q.b if follower == "added" else q.a) for q in pairs[k + 1 : end]]
            if not rest:
                continue
            one = getattr(p, role)
            first = p.b if status == "split" else p.a
            many = ([first] if p.status == "changed" else []) + rest
            if len(many) < 2:
                continue
            whole, joined = fold(_content(one), strict), fold("".join(_content(c) for c in many), strict)
            # Texts of very different lengths cannot reach the threshold: not diffed.
            if 2 * min(len(whole), len(joined)) < SPLIT_THRESHOLD * (len(whole) + len(joined)):
                continue
            sim = ratio(whole, joined, steps)
            if sim >= SPLIT_THRESHOLD and sim > p.similarity:
                a, b = (one, many[0]) if status == "split" else (many[0], one)
                out.append(Pair(status, a, b, sim, parts=tuple(c.id for c in many)))
                k = end
                break
        else:
            out.append(p)
            k += 1
    return out


def _pair(ca: Clause, cb: Clause, fa: str, fb: str, in_order: bool, strict: bool, steps: Steps) -> Pair:
    duty = duty_changes(ca, cb)
    if fa == fb:
        sim = 1.0
        if not in_order:
            status = "moved"
        elif ca.id != cb.id or fold(ca.marker, strict) != fold(cb.marker, strict):
            status = "renumbered"
        else:
            status = "same"
        return Pair(status, ca, cb, sim, (), duty)
    if fold(ca.title or "", strict) == fold(cb.title or "", strict):
        ops = char_ops(ca.text, cb.text, strict, steps)  # the edit is in the body
    else:
        ops = char_ops(_content(ca).strip("\n"), _content(cb).strip("\n"), strict, steps)
    sim = ratio(fa, fb, steps)
    return Pair("changed" if in_order else "moved", ca, cb, sim, ops, duty)


def _align(ua: list[Clause], ub: list[Clause], fa: list[str], fb: list[str], steps: Steps) -> array[int]:
    """Return, for each clause of A, the index of its clause in B (-1 for none): equal texts
    first, then similar ones."""
    b_of = array("q", [-1]) * len(ua)
    taken = bytearray(len(ub))  # the clauses of B given a match
    # 1. Equal texts: first the longest runs kept in order (a sequence diff of the
    # clause texts), then any equal text left, in turn (a moved clause).
    for bi, bj, size in matching_blocks(fa, fb, steps):
        b_of[bi : bi + size] = array("q", range(bj, bj + size))
        taken[bj : bj + size] = b"\x01" * size
    where_b: dict[str, deque[int]] = defaultdict(deque)
    for j, t in enumerate(fb):
        if not taken[j]:
            where_b[t].append(j)
    for i, t in enumerate(fa):
        if b_of[i] < 0 and where_b.get(t):
            j = b_of[i] = where_b[t].popleft()
            taken[j] = 1
    del where_b
    # 2. Similar texts: candidates share 3-grams (inverted index), best scores first.
    sh_a = {i: shingles(fa[i]) for i in range(len(ua)) if b_of[i] < 0}
    sh_b = {j: shingles(fb[j]) for j in range(len(ub)) if not taken[j]}
    size_b = {j: sum(s.values()) for j, s in sh_b.items()}
    index: dict[str, set[int]] = defaultdict(set)
    for j, s in sh_b.items():
        for g in s:
            index[g].add(j)
    _bound_index(index, list(sh_a.values()))
    scored: list[tuple[float, int, int]] = []
    for i, s in sh_a.items():
        hits: Counter[int] = Counter()
        for g in s:
            for j in index.get(g, ()):
                hits[j] += 1
        size_a = sum(s.values())
        for j, _ in hits.most_common(5):
            score = similarity(s, sh_b[j], size_a, size_b[j])
            if ua[i].id == ub[j].id:
                score += 0.05  # the same number breaks ties between near-equal candidates
            if score >= MATCH_THRESHOLD:
                scored.append((score, i, j))
    del sh_a, sh_b, size_b, index
    for _, i, j in sorted(scored, reverse=True):
        if b_of[i] < 0 and not taken[j]:
            b_of[i] = j
            taken[j] = 1
    # 3. A clause whose body was rewritten keeps its number and its title.
    by_key = {(c.id, fold(c.title or "")): j for j, c in enumerate(ub) if not taken[j] and c.title}
    for i, c in enumerate(ua):
        j = by_key.get((c.id, fold(c.title or "")))
        if b_of[i] < 0 and j is not None and not taken[j]:
            b_of[i] = j
            taken[j] = 1
    return b_of


def _longest_increasing(seq: Sequence[int]) -> list[int]:
    """Return the indexes of a longest strictly increasing subsequence of ``seq``."""
    import bisect

    tails: list[int] = []
    tails_at: list[int] = []
    prev = [-1] * len(seq)
    for k, x in enumerate(seq):
        pos = bisect.bisect_left(tails, x)
        if pos == len(tails):
            tails.append(x)
            tails_at.append(k)
        else:
            tails[pos] = x
            tails_at[pos] = k
        prev[k] = tails_at[pos - 1] if pos else -1
    out = []
    k = tails_at[-1] if tails_at else -1
    while k != -1:
        out.append(k)
        k = prev[k]
    return out[::-1]


def char_ops(a: str, b: str, strict: bool = False, steps: Steps | None = None) -> tuple[tuple[str, str], ...]:
    """Return the character-level edit from ``a`` to ``b`` as (op, text) runs.

    Characters are compared folded (width, whitespace) unless ``strict``; the text in
    each run is as written (B's for equal runs). Equal runs shorter than MIN_EQUAL_RUN
    next to an edit are folded into it, so no word is cut in two (`推[-进-]{+动+}` reads
    `[-推进-]{+推动+}`).
    """
    ka = a if strict else "".join(c for c in a if not c.isspace())
    kb = b if strict else "".join(c for c in b if not c.isspace())
    # One string per distinct character, folded once: a list of a character each would
    # hold a new string per character, 80 bytes for each of the two bytes it stands for.
    folded: dict[str, str] = {}
    sa = [folded.get(c) or folded.setdefault(c, fold(c, strict) or c) for c in ka]
    sb = [folded.get(c) or folded.setdefault(c, fold(c, strict) or c) for c in kb]
    ops: list[list[str]] = []
    i = j = 0
    for bi, bj, size in text_blocks(sa, sb, steps):
        if bi > i:
            ops.append(["delete", ka[i:bi], ""])
        if bj > j:
            ops.append(["insert", kb[j:bj], ""])
        if size:
            ops.append(["equal", kb[bj : bj + size], ka[bi : bi + size]])
        i, j = bi + size, bj + size
    return _merge_small_equals(ops)


def _merge_small_equals(ops: list[list[str]]) -> tuple[tuple[str, str], ...]:
    out: list[list[str]] = []
    for k, op in enumerate(ops):
        before = k > 0 and ops[k - 1][0] != "equal"
        after = k < len(ops) - 1 and ops[k + 1][0] != "equal"
        if op[0] == "equal" and (before or after) and len(op[1]) < MIN_EQUAL_RUN:
            out.append(["delete", op[2], ""])
            out.append(["insert", op[1], ""])
        else:
            out.append(op)
    merged: list[list[str]] = []
    deletes, inserts = "", ""
    for op in [*out, ["equal", "", ""]]:
        if op[0] == "delete":
            deletes += op[1]
        elif op[0] == "insert":
            inserts += op[1]
        else:
            if deletes:
                merged.append(["delete", deletes])
            if inserts:
                merged.append(["insert", inserts])
            deletes, inserts = "", ""
            if op[1]:
                merged.append(["equal", op[1]])
    return tuple((op, text) for op, text in merged)


def duty_changes(a: Clause, b: Clause) -> Mapping[str, Any]:
    """Return how the departments of two aligned clauses differ ({} when they do not)."""
    da, db = a.duty, b.duty
    names = lambda d, role: [x.name for x in getattr(d, role)] if d else []  # noqa: E731
    all_a = names(da, "lead") + names(da, "support")
    all_b = names(db, "lead") + names(db, "support")
    out: dict[str, Any] = {}
    in_a, in_b = set(all_a), set(all_b)  # a tag may name thousands
    added = [n for n in all_b if n not in in_a]
    removed = [n for n in all_a if n not in in_b]
    if added:
        out["added"] = added
    if removed:
        out["removed"] = removed
    if names(da, "lead") != names(db, "lead"):
        out["lead"] = {"a": names(da, "lead"), "b": names(db, "lead")}
    if da and db and da.mode != db.mode:
        out["mode"] = {"a": da.mode, "b": db.mode}
    return out or NO_DUTY_CHANGES


# ---------------------------------------------------------------------------
# Trace: a derived text against its source


def looks_derived(a: Document, b: Document) -> bool:
    """True if A reads as a report on B: unnumbered and far shorter."""
    numbered = any(c.kind != "part" and c.kind not in INNER_KINDS for c in a.clauses)
    return not numbered and len(a.cleaned.text) <= TRACE_RATIO * len(b.cleaned.text)


def trace(a: Document, b: Document, *, strict: bool = False) -> DiffResult:
    """For each paragraph of A, the clauses of B it quotes, the shared spans, its own words."""
    clauses = [c for c in b.clauses if c.text or c.title]
    folded = [fold(_content(c), strict) for c in clauses]
    sh_b = [shingles(t) for t in folded]
    index: dict[str, set[int]] = defaultdict(set)
    for j, s in enumerate(sh_b):
        for g in s:
            index[g].add(j)
    mapped = [fold_map(paragraph, strict) for paragraph in a.cleaned.paragraphs]
    sh_a = [shingles(fp) for fp, _ in mapped]
    steps = Steps(sum(len(fp) for fp, _ in mapped) + sum(map(len, folded)))
    partial = _bound_index(index, sh_a)
    out: list[TraceParagraph] = []
    for k, (paragraph, (fp, where), sp) in enumerate(zip(a.cleaned.paragraphs, mapped, sh_a, strict=True), 1):
        hits: Counter[int] = Counter()
        for g in sp:
            for j in index.get(g, ()):
                hits[j] += sp[g]
        best = hits.most_common(3)
        if partial:  # the counts left out common 3-grams: the likeliest ten, counted in full
            best = [(j, sum(n for g, n in sp.items() if g in sh_b[j])) for j, _ in hits.most_common(10)]
            best = sorted(best, key=lambda hit: -hit[1])[:3]
        total = sum(sp.values()) or 1
        matches: list[TraceMatch] = []
        covered = [False] * len(paragraph)
        for j, count in best:
            score = count / total
            if score < TRACE_THRESHOLD:
                continue
            shared = []
            for bi, _, size in text_blocks(fp, folded[j], steps):
                if size >= MIN_SHARED:
                    start, end = where[bi], where[bi + size - 1] + 1
                    shared.append(paragraph[start:end])
                    for x in range(start, end):
                        covered[x] = True
            matches.append(TraceMatch(clauses[j], score, tuple(shared)))
        own = _runs(paragraph, covered) if matches else ()
        out.append(TraceParagraph(k, paragraph, tuple(matches), own))
    return DiffResult(a=a, b=b, mode="trace", trace=tuple(out))


def _runs(text: str, covered: list[bool]) -> tuple[str, ...]:
    """Return the runs of ``text`` not covered by shared spans (what A adds)."""
    runs, current = [], ""
    for ch, c in zip(text, covered, strict=True):
        if c:
            if len(current) >= 2:
                runs.append(current)
            current = ""
        else:
            current += ch
    if len(current) >= 2:
        runs.append(current)
    return tuple(runs)


def diff(a: Document, b: Document, *, mode: str = "auto", strict: bool = False) -> DiffResult:
    """Compare two parsed documents: ``versions``, ``trace``, or ``auto`` to choose."""
    if mode == "trace" or (mode == "auto" and looks_derived(a, b)):
        return trace(a, b, strict=strict)
    return diff_versions(a, b, strict=strict)
