"""policytool on real documents: one row per document of what a researcher checks first.

    python benchmarks/realworld.py [DIR]            # default: ../shared/corpus when present
    python benchmarks/realworld.py DIR --misses     # also each anomaly, with its clause id
    python benchmarks/realworld.py DIR --cli        # also run clean/parse/depts as a user does

Runs clean, parse and depts over every document under DIR (its index files, SOURCES.md and
README.md, are not documents) and prints, per document: the title, 发文字号, 成文日期,
发布日期 and issuers read, the clauses per level, numbering that skips or repeats, tags
found and the (clause, department, role) assignments made from them, departments the
dictionary does not know (`?`), page-furniture words left in clauses, warnings, and time.
Totals at the end, with how many facts portal pages state in their metadata table (标题,
发文字号, 成文日期, 发布日期) and how many of them the document's meta equals. Nothing here
knows any document: it reports, it does not score (the gold set in gold/ scores, see
accuracy.py).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from policytool import load  # noqa: E402
from policytool.cleaning.dates import parse_date  # noqa: E402
from policytool.cleaning.html import read_meta_table  # noqa: E402
from policytool.departments import load_departments  # noqa: E402
from policytool.duties import attach_duties  # noqa: E402
from policytool.ingest import InputError  # noqa: E402
from policytool.model import Clause, Cleaned, Document  # noqa: E402
from policytool.segment import segment  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
# Files in a corpus folder that describe it rather than belong to it.
INDEX_FILES = {"SOURCES.md", "README.md"}
SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm"}

# Words of page furniture that never belong in a clause: share and print widgets, site
# tools, editor lines, export headers, markup comments. A check list for this report, kept
# apart from the cleaner's own rules so that it can catch them out.
FURNITURE = (
    "扫一扫", "在手机打开", "打印本页", "关闭窗口", "分享到", "我要纠错", "【打印】", "【关闭】",
    "【字体", "责任编辑", "法宝引证码", "原文链接", "相关链接：", "【相关链接】", "当前位置：", "网站地图",
    "版权所有", "ICP备", "浏览次数", "<!--", "-->",
)  # fmt: skip

# The facts a portal's metadata table states that the document's meta must equal.
TABLE_FIELDS = {"title": "标题", "doc_number": "发文字号", "date": "成文日期", "published": "发布日期"}

# Kinds whose numbers run 1, 2, 3 among siblings. Articles (第X条) run through a whole law.
SEQUENCED = {"book", "chapter", "section", "decimal1", "decimal2", "decimal3", "decimal4", "cn", "paren_cn", "arabic",
             "paren_arabic", "circled"}  # fmt: skip
WHOLE_DOCUMENT = {"article"}


@dataclass
class Row:
    """What one document gave."""

    name: str
    title: str = ""
    doc_number: str = ""
    date: str = ""
    published: str = ""
    issuers: str = ""
    levels: str = ""
    clauses: int = 0
    numbering: list[str] = field(default_factory=list)
    tags: int = 0
    assignments: int = 0
    unknown: list[str] = field(default_factory=list)
    furniture: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    table_facts: int = 0
    table_misses: list[str] = field(default_factory=list)
    seconds: float = 0.0
    error: str = ""


def numbering_anomalies(document: Document) -> list[str]:
    """Return each place a numbering sequence skips or repeats: `2.3: 一、二、四` style notes.

    Siblings of one kind under one parent run 1, 2, 3; a group may instead go on from the
    same kind's last number elsewhere (items numbered through a whole plan). Articles run
    through the whole document.
    """
    out = []
    last_in_group: dict[tuple[str | None, str], int] = {}
    last_of_kind: dict[str, int] = {}
    for c in document.clauses:
        if c.number is None or c.kind not in SEQUENCED | WHOLE_DOCUMENT:
            continue
        group = (None if c.kind in WHOLE_DOCUMENT else c.parent, c.kind)
        before = last_in_group.get(group)
        if before is None:
            fine = c.number == 1 or c.number == last_of_kind.get(c.kind, 0) + 1
            if not fine:
                out.append(f"{c.id}: {c.marker} opens its list")
        elif c.number == before:
            out.append(f"{c.id}: {c.marker} repeats")
        elif c.number > before + 1:
            out.append(f"{c.id}: {c.marker} follows number {before}")
        elif c.number < before:
            out.append(f"{c.id}: {c.marker} after number {before}")
        last_in_group[group] = c.number
        last_of_kind[c.kind] = c.number
    return out


def table_check(cleaned: Cleaned) -> tuple[int, list[str]]:
    """Return how many facts the page's metadata table states (title, 发文字号, 成文日期,
    发布日期) and each one the document's meta does not equal.

    The table is read again from the lines the cleaner removed as `page-meta`, so a rule
    that let the body's text win over the table shows here.
    """
    table = read_meta_table([r.text for r in cleaned.removed if r.reason == "page-meta"])
    facts, misses = 0, []
    for key, label in TABLE_FIELDS.items():
        stated = table.get(key)
        if not stated:
            continue
        facts += 1
        read = getattr(cleaned.meta, key) or ""
        if key in ("date", "published"):
            want, read = parse_date(stated) or "", read[:10]
        else:
            want, read = "".join(str(stated).split()), "".join(read.split())
        if read != want:
            misses.append(f"{label}: table {want}, read {read or '—'}")
    return facts, misses


def furniture_in(clause: Clause) -> list[str]:
    text = (clause.title or "") + "\n" + clause.text
    return [f"{clause.id}: {word}" for word in FURNITURE if word in text]


def run(path: Path, name: str, departments) -> Row:
    row = Row(name)
    started = time.perf_counter()
    try:
        cleaned = load(path)
        report = attach_duties(segment(cleaned), departments)
    except (InputError, OSError, UnicodeError, ValueError) as e:
        row.error = f"{type(e).__name__}: {e}"
        return row
    row.seconds = time.perf_counter() - started
    meta = cleaned.meta
    row.title = meta.title or ""
    row.doc_number = meta.doc_number or ""
    row.date = meta.date or ""
    row.published = meta.published or ""
    row.issuers = "、".join(meta.issuers)
    clauses = [c for c in report.document.clauses if c.kind != "part"]
    row.clauses = len(clauses)
    per_level = Counter(c.level for c in clauses)
    row.levels = "/".join(str(per_level[k]) for k in sorted(per_level))
    row.numbering = numbering_anomalies(report.document)
    row.tags = len(report.assignments)
    row.assignments = sum(len(a.duty.lead) + len(a.duty.support) for a in report.assignments)
    row.unknown = [
        f"{a.clause}: {d.raw}" for a in report.assignments for d in (*a.duty.lead, *a.duty.support) if not d.known
    ]
    row.furniture = [hit for c in clauses for hit in furniture_in(c)]
    row.warnings = list(cleaned.warnings)
    row.table_facts, row.table_misses = table_check(cleaned)
    return row


def cli_check(paths: list[Path]) -> str:
    """Run each command on each document as a new process, as a user does: exit codes and time."""
    failed, slowest = [], (0.0, "")
    for path in paths:
        for command in ("clean", "parse", "depts"):
            started = time.perf_counter()
            proc = subprocess.run(
                [sys.executable, "-m", "policytool", command, str(path), "--format", "json"],
                capture_output=True,
                cwd=ROOT,
                check=False,
            )
            seconds = time.perf_counter() - started
            if proc.returncode:
                failed.append(f"{path.name} {command}: exit {proc.returncode}")
            slowest = max(slowest, (seconds, f"{command} {path.name}"))
    runs = 3 * len(paths)
    listed = ": " + "; ".join(failed) if failed else ""
    return f"Command line: {runs} runs, {len(failed)} not exiting 0{listed}; slowest {slowest[1]} {slowest[0]:.2f} s."


def documents(folder: Path) -> list[Path]:
    return sorted(
        p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES and p.name not in INDEX_FILES
    )


def cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ") or "—"


def main() -> int:
    parser = argparse.ArgumentParser(description="policytool on a folder of real documents")
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_CORPUS, help="default: ../shared/corpus")
    parser.add_argument("--misses", action="store_true", help="list each anomaly with its clause id")
    parser.add_argument(
        "--cli", action="store_true", help="also run `policytool clean|parse|depts FILE --format json` on each"
    )
    args = parser.parse_args()
    if not args.folder.is_dir():
        print(f"realworld: {args.folder}: no such folder", file=sys.stderr)
        return 2
    departments = load_departments()
    paths = documents(args.folder)
    rows = [run(p, str(p.relative_to(args.folder)), departments) for p in paths]

    columns = ["document", "title", "发文字号", "成文日期", "发布日期", "issuers", "clauses per level", "numbering",
               "tags", "assignments", "?", "furniture", "warnings", "ms"]  # fmt: skip
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * 7 + "---:|" * 7)
    for r in rows:
        if r.error:
            print(f"| {r.name} | error: {cell(r.error)} |||||||||||||")
            continue
        print(
            f"| {r.name} | {cell(r.title)} | {cell(r.doc_number)} | {cell(r.date)} | {cell(r.published)} "
            f"| {cell(r.issuers)} | {r.levels or '—'} | {len(r.numbering)} | {r.tags} | {r.assignments} "
            f"| {len(r.unknown)} | {len(r.furniture)} | {len(r.warnings)} | {r.seconds * 1000:.0f} |"
        )
    ok = [r for r in rows if not r.error]
    stated = {
        "title": sum(1 for r in ok if r.title),
        "发文字号": sum(1 for r in ok if r.doc_number),
        "成文日期": sum(1 for r in ok if r.date),
        "发布日期": sum(1 for r in ok if r.published),
        "issuers": sum(1 for r in ok if r.issuers),
    }
    slowest = max(ok, key=lambda r: r.seconds, default=None)
    print()
    print(
        f"{len(rows)} documents, {len(rows) - len(ok)} failed; {sum(r.clauses for r in ok)} clauses, "
        f"{sum(r.tags for r in ok)} tags, {sum(r.assignments for r in ok)} assignments; "
        f"{sum(len(r.numbering) for r in ok)} numbering anomalies, {sum(len(r.unknown) for r in ok)} unknown "
        f"departments, {sum(len(r.furniture) for r in ok)} furniture words in clauses, "
        f"{sum(len(r.warnings) for r in ok)} warnings."
    )
    print("Read: " + ", ".join(f"{k} {v}/{len(ok)}" for k, v in stated.items()) + ".")
    tabled = [r for r in ok if r.table_facts]
    facts = sum(r.table_facts for r in tabled)
    agree = facts - sum(len(r.table_misses) for r in tabled)
    print(f"Metadata tables: {len(tabled)} pages state {facts} facts (标题, 发文字号, 成文日期, 发布日期); "
          f"{agree} hold.")  # fmt: skip
    if slowest:
        total = sum(r.seconds for r in ok)
        print(f"Time: {total:.2f} s in all, slowest {slowest.name} {slowest.seconds * 1000:.0f} ms.")
    if args.cli:
        print(cli_check(paths))
    if args.misses:
        print()
        for r in rows:
            for kind, items in (("numbering", r.numbering), ("unknown", r.unknown), ("furniture", r.furniture),
                                ("warning", r.warnings), ("table", r.table_misses)):  # fmt: skip
                for item in items:
                    print(f"{r.name}: {kind} {item}")
    return 1 if len(ok) < len(rows) else 0


if __name__ == "__main__":
    sys.exit(main())
