"""Two documents → clause-aligned differences, or a derived text traced to its source.

Alignment never compares every clause with every other by character diff: identical
texts are paired by hash, the rest through an index of character 3-grams (shingles),
and the character diff runs only inside the pairs found. difflib runs with
``autojunk=False``: with it on, characters frequent in a long clause (的, 和, ，) are
silently ignored and the diff degrades.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from dataclasses import field
from difflib import SequenceMatcher
from typing import Any

from policytool.model import Clause, Document, record
from policytool.patterns import lazy_regex

DIFF_SCHEMA = "policytool.diff/1"
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


def similarity(a: Counter[str], b: Counter[str]) -> float:
    """Return the Dice similarity of two shingle multisets (0…1)."""
    total = sum(a.values()) + sum(b.values())
    return 2 * sum((a & b).values()) / total if total else 1.0


@record
class Pair:
    """Two aligned clauses (or one, for added/removed) and how they differ."""

    status: str
    a: Clause | None
    b: Clause | None
    similarity: float
    ops: tuple[tuple[str, str], ...] = ()
    duty_changes: dict[str, Any] = field(default_factory=dict)
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
            "duty_changes": self.duty_changes,
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
    fb = [fold(_content(c), strict) for c in ub]
    pairs = _align(ua, ub, fa, fb)
    matched_b = {j for _, j in pairs}
    # Order: clauses whose relative order is kept form the longest increasing run.
    order = sorted(pairs, key=lambda p: p[0])
    kept = _longest_increasing([j for _, j in order])
    in_order = {order[k] for k in kept}
    by_a = {i: j for i, j in pairs}
    parent_of = {ua[i].id: ub[j].id for i, j in pairs}  # A's id → the id of its match in B
    result: list[Pair] = []
    next_b = 0  # B's clauses before this one are all emitted or matched

    def emit_added_until(j_limit: int) -> None:
        """Emit B's unmatched clauses before ``j_limit`` not emitted yet, in B's order."""
        nonlocal next_b
        for j in range(next_b, j_limit):
            if j not in matched_b:
                result.append(Pair("added", None, ub[j], 0.0))
        next_b = max(next_b, j_limit)

    for i, ca in enumerate(ua):
        if i not in by_a:
            result.append(Pair("removed", ca, None, 0.0))
            continue
        j = by_a[i]
        cb = ub[j]
        if (i, j) in in_order:
            emit_added_until(j)
        # A clause now under another parent has moved, even if its order is kept.
        same_parent = ca.parent is None or parent_of.get(ca.parent, cb.parent) == cb.parent
        result.append(_pair(ca, cb, fa[i], fb[j], (i, j) in in_order and same_parent, strict))
    emit_added_until(len(ub))
    result = _splits_and_merges(result, strict)
    return DiffResult(a=a, b=b, mode="versions", pairs=tuple(result), notes=tuple(notes))


def _splits_and_merges(pairs: list[Pair], strict: bool) -> list[Pair]:
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
            joined = fold("".join(_content(c) for c in many), strict)
            sim = SequenceMatcher(None, fold(_content(one), strict), joined, autojunk=False).ratio()
            if len(many) >= 2 and sim >= SPLIT_THRESHOLD and sim > p.similarity:
                a, b = (one, many[0]) if status == "split" else (many[0], one)
                out.append(Pair(status, a, b, sim, parts=tuple(c.id for c in many)))
                k = end
                break
        else:
            out.append(p)
            k += 1
    return out


def _pair(ca: Clause, cb: Clause, fa: str, fb: str, in_order: bool, strict: bool) -> Pair:
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
        ops = char_ops(ca.text, cb.text, strict)  # the edit is in the body
    else:
        ops = char_ops(_content(ca).strip("\n"), _content(cb).strip("\n"), strict)
    sim = SequenceMatcher(None, fa, fb, autojunk=False).ratio()
    return Pair("changed" if in_order else "moved", ca, cb, sim, ops, duty)


def _align(ua: list[Clause], ub: list[Clause], fa: list[str], fb: list[str]) -> list[tuple[int, int]]:
    """Return (i, j) pairs of aligned clauses: equal texts first, then similar ones."""
    pairs: list[tuple[int, int]] = []
    used_a: set[int] = set()
    used_b: set[int] = set()
    # 1. Equal texts: first the longest runs kept in order (a sequence diff of the
    # clause texts), then any equal text left, in turn (a moved clause).
    for block in SequenceMatcher(None, fa, fb, autojunk=False).get_matching_blocks():
        for k in range(block.size):
            pairs.append((block.a + k, block.b + k))
            used_a.add(block.a + k)
            used_b.add(block.b + k)
    where_b: dict[str, list[int]] = defaultdict(list)
    for j, t in enumerate(fb):
        if j not in used_b:
            where_b[t].append(j)
    for i, t in enumerate(fa):
        if i not in used_a and where_b.get(t):
            j = where_b[t].pop(0)
            pairs.append((i, j))
            used_a.add(i)
            used_b.add(j)
    # 2. Similar texts: candidates share 3-grams (inverted index), best scores first.
    sh_a = {i: shingles(fa[i]) for i in range(len(ua)) if i not in used_a}
    sh_b = {j: shingles(fb[j]) for j in range(len(ub)) if j not in used_b}
    index: dict[str, set[int]] = defaultdict(set)
    for j, s in sh_b.items():
        for g in s:
            index[g].add(j)
    scored: list[tuple[float, int, int]] = []
    for i, s in sh_a.items():
        hits: Counter[int] = Counter()
        for g in s:
            for j in index.get(g, ()):
                hits[j] += 1
        for j, _ in hits.most_common(5):
            score = similarity(s, sh_b[j])
            if ua[i].id == ub[j].id:
                score += 0.05  # the same number breaks ties between near-equal candidates
            if score >= MATCH_THRESHOLD:
                scored.append((score, i, j))
    for _, i, j in sorted(scored, reverse=True):
        if i not in used_a and j not in used_b:
            pairs.append((i, j))
            used_a.add(i)
            used_b.add(j)
    # 3. A clause whose body was rewritten keeps its number and its title.
    by_key = {(c.id, fold(c.title or "")): j for j, c in enumerate(ub) if j not in used_b and c.title}
    for i, c in enumerate(ua):
        j = by_key.get((c.id, fold(c.title or "")))
        if i not in used_a and j is not None and j not in used_b:
            pairs.append((i, j))
            used_a.add(i)
            used_b.add(j)
    return pairs


def _longest_increasing(seq: list[int]) -> list[int]:
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


def char_ops(a: str, b: str, strict: bool = False) -> tuple[tuple[str, str], ...]:
    """Return the character-level edit from ``a`` to ``b`` as (op, text) runs.

    Characters are compared folded (width, whitespace) unless ``strict``; the text in
    each run is as written (B's for equal runs). Equal runs shorter than MIN_EQUAL_RUN
    next to an edit are folded into it, so no word is cut in two (`推[-进-]{+动+}` reads
    `[-推进-]{+推动+}`).
    """
    ka = [c for c in a if strict or not c.isspace()]
    kb = [c for c in b if strict or not c.isspace()]
    sa = [fold(c, strict) or c for c in ka]
    sb = [fold(c, strict) or c for c in kb]
    ops: list[list[str]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, sa, sb, autojunk=False).get_opcodes():
        if tag == "equal":
            ops.append(["equal", "".join(kb[j1:j2]), "".join(ka[i1:i2])])
        else:
            if i2 > i1:
                ops.append(["delete", "".join(ka[i1:i2]), ""])
            if j2 > j1:
                ops.append(["insert", "".join(kb[j1:j2]), ""])
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


def duty_changes(a: Clause, b: Clause) -> dict[str, Any]:
    """Return how the departments of two aligned clauses differ ({} when they do not)."""
    da, db = a.duty, b.duty
    names = lambda d, role: [x.name for x in getattr(d, role)] if d else []  # noqa: E731
    all_a = names(da, "lead") + names(da, "support")
    all_b = names(db, "lead") + names(db, "support")
    out: dict[str, Any] = {}
    added = [n for n in all_b if n not in all_a]
    removed = [n for n in all_a if n not in all_b]
    if added:
        out["added"] = added
    if removed:
        out["removed"] = removed
    if names(da, "lead") != names(db, "lead"):
        out["lead"] = {"a": names(da, "lead"), "b": names(db, "lead")}
    if da and db and da.mode != db.mode:
        out["mode"] = {"a": da.mode, "b": db.mode}
    return out


# ---------------------------------------------------------------------------
# Trace: a derived text against its source


def looks_derived(a: Document, b: Document) -> bool:
    """True if A reads as a report on B: unnumbered and far shorter."""
    numbered = any(c.kind not in ("part", "lead", "bullet") for c in a.clauses)
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
    out: list[TraceParagraph] = []
    for k, paragraph in enumerate(a.cleaned.paragraphs, 1):
        fp, where = fold_map(paragraph, strict)
        sp = shingles(fp)
        hits: Counter[int] = Counter()
        for g in sp:
            for j in index.get(g, ()):
                hits[j] += sp[g]
        total = sum(sp.values()) or 1
        matches: list[TraceMatch] = []
        covered = [False] * len(paragraph)
        for j, count in hits.most_common(3):
            score = count / total
            if score < TRACE_THRESHOLD:
                continue
            shared = []
            sm = SequenceMatcher(None, fp, folded[j], autojunk=False)
            for block in sm.get_matching_blocks():
                if block.size >= MIN_SHARED:
                    start, end = where[block.a], where[block.a + block.size - 1] + 1
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
