"""Accuracy on the gold set: clauses found, their titles, who leads or supports each, metadata.

    python benchmarks/accuracy.py                 # per document and overall
    python benchmarks/accuracy.py --misses        # also list what was missed or invented
    python benchmarks/accuracy.py --corpus DIR    # where the real documents are

Each gold file holds the clause tree and the responsibility assignments a careful reader
finds in one document (see benchmarks/gold/README.md): the seeds and the documents written
for the set in gold/, real documents of the corpus (`../shared/corpus` by default; skipped,
with a line that says so, when it is not there) in gold/real/, each kind reported apart.
policytool parses the same document and is scored, like trafilatura's evaluation, by
precision, recall and F1:

- clauses: a clause is found when one of policytool's clauses starts with the same 12
  characters (full/half width folded, whitespace removed) under a parent that starts the
  same (`tree` column: both must match); a task-table row starts with its task cell;
- titles: of the gold clauses with a title and policytool's clauses with one, those that
  are the same clause with the same title (end punctuation ignored);
- triples: (clause, department, role) with role `lead` or `support`; departments are
  compared as the dictionary resolves them (aliases and old names of one body agree), the
  clause by its 12 first characters (a task-table row by its task cell).

The real documents' gold files also state their metadata (title, doc_number, date,
published, issuers): each field is scored as the share of documents where policytool's
value is the gold one exactly, null included, after folding width and whitespace (and the
brackets of a 发文字号: `〔2018〕`, `[2018]`); dates are compared as days.

The scorer knows nothing of any document: no special cases, so the set stays a yardstick.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Self

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


from policytool import load  # noqa: E402
from policytool.departments import Departments, load_departments, place_of  # noqa: E402
from policytool.duties import attach_duties  # noqa: E402
from policytool.segment import segment  # noqa: E402

GOLD = ROOT / "benchmarks" / "gold"
REAL = GOLD / "real"
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
HEAD = 12
END_PUNCTUATION = "。.；;：:，,、 "
META_FIELDS = ("title", "doc_number", "date", "published", "issuers")
# The brackets a 发文字号 puts its year in, as NFKC leaves them: [2018], (2018), 【2018】.
NUMBER_BRACKETS = str.maketrans({"[": "〔", "(": "〔", "【": "〔", "]": "〕", ")": "〕", "】": "〕"})


def fold(text: str) -> str:
    """Full/half width folded, whitespace removed: the form heads are compared in."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def head(text: str) -> str:
    return fold(text)[:HEAD]


def same_title(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and fold(a).rstrip(END_PUNCTUATION) == fold(b).rstrip(END_PUNCTUATION)


@dataclass
class Score:
    """Counts for precision and recall: true positives, predicted, expected."""

    hits: int = 0
    predicted: int = 0
    expected: int = 0

    def add(self, gold: Counter, got: Counter) -> None:
        self.hits += sum((gold & got).values())
        self.predicted += sum(got.values())
        self.expected += sum(gold.values())

    def __iadd__(self, other: Score) -> Self:
        self.hits += other.hits
        self.predicted += other.predicted
        self.expected += other.expected
        return self

    def prf(self) -> tuple[float, float, float]:
        p = self.hits / self.predicted if self.predicted else 1.0
        r = self.hits / self.expected if self.expected else 1.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class Result:
    name: str
    clauses: Score = field(default_factory=Score)
    tree: Score = field(default_factory=Score)
    titles: Score = field(default_factory=Score)
    triples: Score = field(default_factory=Score)
    # Metadata field → whether policytool's value is the gold one (real documents only).
    meta: dict[str, bool] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)


def gold_items(clauses: list[dict], parent: str = "") -> list[tuple[str, str, dict]]:
    """Flatten the gold tree: (head, parent head, clause) in document order."""
    out = []
    for c in clauses:
        h = head(c["head"])
        out.append((h, parent, c))
        out += gold_items(c["children"], h)
    return out


def canonical(name: str, departments: Departments, place: str | None) -> list[str]:
    return [d.name for d in departments.resolve_all(name, place)]


def meta_value(name: str, value: object) -> object:
    """Return a metadata value in the form it is compared in."""
    if value is None or value == [] or value == ():
        return None
    if name == "issuers":
        return [fold(str(v)) for v in value]  # type: ignore[attr-defined]
    if name in ("date", "published"):
        return str(value)[:10]
    if name == "doc_number":
        return fold(str(value)).translate(NUMBER_BRACKETS)
    return fold(str(value))


def score(gold_file: Path, departments: Departments, corpus: Path) -> Result:
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    real = gold.get("made") == "real"
    cleaned = load((corpus if real else gold_file.parent) / gold["source"])
    report = attach_duties(segment(cleaned), departments)
    document = report.document
    text = "\n".join(cleaned.paragraphs)
    place = place_of(cleaned.meta.issuers, cleaned.meta.title)
    result = Result(gold_file.stem)

    # policytool's clauses: heads from the cleaned text at each clause's start, to the end
    # of its paragraph or of its range (a heading line's head is the heading; an item run
    # into one paragraph with others ends where the next begins).
    by_id = {c.id: c for c in document.clauses}
    heads = {c.id: head(text[c.span[0] : c.span[1]].split("\n", 1)[0]) for c in document.clauses if c.kind != "part"}
    # A task-table row starts with its task cell, as the gold set writes it (not its 序号 cell).
    heads.update({c.id: head(c.title or "") for c in document.clauses if c.kind == "row"})

    def parent_head(clause_id: str) -> str:
        parent = by_id[clause_id].parent
        return heads.get(parent, "") if parent else ""

    got = [(heads[c.id], parent_head(c.id), c) for c in document.clauses if c.kind != "part"]
    expected = gold_items(gold["clauses"])
    result.clauses.add(Counter(h for h, _, _ in expected), Counter(h for h, _, _ in got))
    result.tree.add(Counter((h, p) for h, p, _ in expected), Counter((h, p) for h, p, _ in got))

    got_titles = Counter(h for h, _, c in got if c.title)
    gold_titles = Counter(h for h, _, c in expected if c["title"])
    title_of = {h: c.title for h, _, c in got}
    hits = Counter(h for h, _, c in expected if c["title"] and same_title(c["title"], title_of.get(h)))
    result.titles.hits += sum(hits.values())
    result.titles.predicted += sum(got_titles.values())
    result.titles.expected += sum(gold_titles.values())

    gold_triples: Counter = Counter()
    for h, _, c in expected:
        for role in ("lead", "support"):
            for name in c.get(role, []):
                gold_triples.update((h, d, role) for d in canonical(name, departments, place))
    got_triples: Counter = Counter()
    for a in report.assignments:
        h = heads.get(a.clause) or head(a.title or "")
        for role, depts in (("lead", a.duty.lead), ("support", a.duty.support)):
            for d in depts:
                got_triples.update((h, n, role) for n in canonical(d.raw, departments, place))
    result.triples.add(gold_triples, got_triples)

    gold_heads, got_heads = Counter(h for h, _, _ in expected), Counter(h for h, _, _ in got)
    result.misses += [f"missed clause {h}" for h in (gold_heads - got_heads).elements()]
    result.misses += [f"extra clause {h}" for h in (got_heads - gold_heads).elements()]
    result.misses += [f"missed {t}" for t in (gold_triples - got_triples).elements()]
    result.misses += [f"extra {t}" for t in (got_triples - gold_triples).elements()]

    stated = cleaned.meta.to_dict()
    for name, expected_value in gold.get("meta", {}).items():
        want, got_value = meta_value(name, expected_value), meta_value(name, stated[name])
        result.meta[name] = want == got_value
        if want != got_value:
            result.misses.append(f"meta {name}: {stated[name]!r}, gold {expected_value!r}")
    return result


def cells(s: Score) -> str:
    p, r, f = s.prf()
    return f"{p:.3f} | {r:.3f} | {f:.3f}"


def table(results: list[Result], heading: str) -> Result:
    """Print one kind's table, per document and overall; return the overall counts."""
    total = Result("**all**")
    for r in results:
        total.clauses += r.clauses
        total.tree += r.tree
        total.titles += r.titles
        total.triples += r.triples
    print(f"### {heading}\n")
    print("| document | clauses P | R | F1 | tree F1 | titles P | R | F1 | triples P | R | F1 |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in [*results, total]:
        tree_f1 = r.tree.prf()[2]
        print(f"| {r.name} | {cells(r.clauses)} | {tree_f1:.3f} | {cells(r.titles)} | {cells(r.triples)} |")
    print(
        f"\n{len(results)} documents, {total.clauses.expected} gold clauses, {total.triples.expected} gold triples.\n"
    )
    return total


def meta_table(results: list[Result]) -> None:
    """Print, per metadata field, how many documents have it exactly right."""
    print("| field | right | documents | accuracy |")
    print("|---|---:|---:|---:|")
    for name in META_FIELDS:
        marks = [r.meta[name] for r in results if name in r.meta]
        if marks:
            print(f"| {name} | {sum(marks)} | {len(marks)} | {sum(marks) / len(marks):.3f} |")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description="policytool accuracy on the gold set")
    parser.add_argument("--misses", action="store_true", help="list missed and extra clauses and triples")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the real documents' folder")
    args = parser.parse_args()
    departments = load_departments()
    written = [score(path, departments, args.corpus) for path in sorted(GOLD.glob("*.json"))]
    table(written, "Seeds and documents written for the set")
    real: list[Result] = []
    if args.corpus.is_dir():
        real = [score(path, departments, args.corpus) for path in sorted(REAL.glob("*.json"))]
        table(real, "Real documents (the corpus, annotated by reading)")
        meta_table(real)
    else:
        print(f"Real documents: skipped, no corpus at {args.corpus} (give it with --corpus DIR).\n")
    if args.misses:
        for r in [*written, *real]:
            for line in r.misses:
                print(f"{r.name}: {line}")


if __name__ == "__main__":
    main()
