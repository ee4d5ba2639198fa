"""Output of ``policytool keywords``: tables for people; JSON, JSONL, CSV and Markdown for scripts."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from policytool.commands import At
from policytool.model import CONTRAST_SCHEMA, KEYWORD_SCHEMA, Failure
from policytool.render.console import console as make_console
from policytool.render.csvout import csv_text
from policytool.render.jsonout import dumps, write
from policytool.terms import Comparison, KeywordReport

METHOD_NAMES = {"tfidf": "TF-IDF", "textrank": "TextRank", "log-odds": "log-odds z"}

CSV_FIELDS = ["path", "section", "label", "section_title", "rank", "term", "score", "count"]
COMPARE_FIELDS = ["side", "term", "z", "count_a", "count_b"]


def _documents(ranked: Ranked) -> list[dict[str, Any]]:
    """Return the report's documents with the failed inputs in their places, in input order."""
    documents = iter(ranked.report.to_dict()["documents"])
    return [r.to_dict() if isinstance(r, Failure) else next(documents) for r in ranked.inputs]


def _units(doc: dict[str, Any], by: str) -> Iterator[tuple[dict[str, Any] | None, list[dict[str, Any]]]]:
    """Yield (section or None, keywords): the document's own, or each section's."""
    if by == "section":
        for s in doc["sections"]:
            yield s, s["keywords"]
    else:
        yield None, doc["keywords"]


def _heading(doc: dict[str, Any]) -> str:
    return doc["path"] + (f"  {doc['title']}" if doc.get("title") else "")


def _section_name(section: dict[str, Any]) -> str:
    return " ".join(x for x in (section["label"], section["title"] or section["id"]) if x)


@dataclass(frozen=True)
class Ranked:
    """What keywords writes: the ranking, and the inputs in order (a Failure where one failed)."""

    report: KeywordReport
    inputs: Sequence[Failure | None]


@dataclass(frozen=True)
class View:
    """What the user asked to see."""

    bom: bool = False


def write_json(ranked: Ranked, view: View, out: TextIO, at: At) -> None:
    write({**ranked.report.to_dict(), "documents": _documents(ranked)}, out)


def write_jsonl(ranked: Ranked, view: View, out: TextIO, at: At) -> None:
    out.writelines(dumps(line, line=True) + "\n" for line in as_jsonl(_documents(ranked), ranked.report.by))


def write_csv(ranked: Ranked, view: View, out: TextIO, at: At) -> None:
    out.write(_csv(_documents(ranked), ranked.report.by, view.bom))


def write_markdown(ranked: Ranked, view: View, out: TextIO, at: At) -> None:
    out.write(_markdown(_documents(ranked), ranked.report))


def write_table(ranked: Ranked, view: View, out: TextIO, at: At) -> None:
    _tables(_documents(ranked), ranked.report, out)


def as_jsonl(docs: list[dict[str, Any]], by: str) -> Iterator[dict[str, Any]]:
    """Yield one policytool.keyword/1 object per ranked term, in rank order; failures as {path, error}."""
    for doc in docs:
        if "error" in doc:
            yield doc
            continue
        for section, terms in _units(doc, by):
            for rank, k in enumerate(terms, 1):
                section_id = section["id"] if section else None
                yield {"schema": KEYWORD_SCHEMA, "path": doc["path"], "section": section_id, "rank": rank, **k}


def _csv(docs: list[dict[str, Any]], by: str, bom: bool) -> str:
    rows = []
    for doc in docs:
        if "error" in doc:
            continue
        for s, terms in _units(doc, by):
            for rank, k in enumerate(terms, 1):
                where = [s["id"], s["label"], s["title"] or ""] if s else ["", "", ""]
                rows.append([doc["path"], *where, rank, k["term"], k["score"], k["count"]])
    return csv_text(CSV_FIELDS, rows, bom=bom)


def _method_note(report: KeywordReport, n: int) -> str:
    if report.method == "tfidf":
        return f"TF-IDF over {n} document{'s' if n != 1 else ''}"
    return "TextRank"


def _markdown(docs: list[dict[str, Any]], report: KeywordReport) -> str:
    n = sum("error" not in d for d in docs)
    lines: list[str] = []
    for doc in docs:
        if "error" in doc:
            continue
        lines += [f"## {doc.get('title') or doc['path']}", "", f"`{doc['path']}` · {_method_note(report, n)}", ""]
        for s, terms in _units(doc, report.by):
            if s is not None:
                lines += [f"### {_section_name(s)}", ""]
            lines += ["| # | 关键词 | 得分 | 次数 |", "|---|---|---|---|"]
            lines += [f"| {i} | {k['term']} | {k['score']:.4f} | {k['count']} |" for i, k in enumerate(terms, 1)]
            lines.append("")
    return "\n".join(lines)


def _tables(docs: list[dict[str, Any]], report: KeywordReport, out: TextIO) -> None:
    from rich.table import Table

    console = make_console(out, highlight=False)
    n = sum("error" not in d for d in docs)
    for doc in docs:
        if "error" in doc:
            continue
        console.print(f"{_heading(doc)}  ({_method_note(report, n)}, {doc['tokens']} tokens)", soft_wrap=True)
        for s, terms in _units(doc, report.by):
            if s is not None:
                console.print(_section_name(s), style="bold", soft_wrap=True)
            table = Table()
            table.add_column("#", justify="right", style="dim")
            table.add_column("关键词", style="bold")
            table.add_column("得分", justify="right")
            table.add_column("次数", justify="right")
            for i, k in enumerate(terms, 1):
                table.add_row(str(i), k["term"], f"{k['score']:.4f}", str(k["count"]))
            console.print(table)


# -- --compare ---------------------------------------------------------------------------------


def _rows(data: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(side, c) for side in ("a", "b", "shared") for c in data[_key(side)]]


def write_comparison_json(result: Comparison, view: View, out: TextIO, at: At) -> None:
    write(result.to_dict(), out)


def write_comparison_jsonl(result: Comparison, view: View, out: TextIO, at: At) -> None:
    rows = _rows(result.to_dict())
    out.writelines(dumps({"schema": CONTRAST_SCHEMA, "side": side, **c}, line=True) + "\n" for side, c in rows)


def write_comparison_csv(result: Comparison, view: View, out: TextIO, at: At) -> None:
    rows = ([side, c["term"], c["z"], c["count_a"], c["count_b"]] for side, c in _rows(result.to_dict()))
    out.write(csv_text(COMPARE_FIELDS, rows, bom=view.bom))


def write_comparison_markdown(result: Comparison, view: View, out: TextIO, at: At) -> None:
    out.write(_comparison_markdown(result.to_dict()))


def write_comparison_table(result: Comparison, view: View, out: TextIO, at: At) -> None:
    _comparison_table(result.to_dict(), out)


def _key(side: str) -> str:
    return "shared" if side == "shared" else f"distinctive_{side}"


def _side_line(letter: str, side: dict[str, Any]) -> str:
    return f"{letter}  {_heading(side)}  ({side['tokens']} tokens)"


def _comparison_markdown(data: dict[str, Any]) -> str:
    lines = [f"- {_side_line('A', data['a'])}", f"- {_side_line('B', data['b'])}", ""]
    for side, title in (("a", "A 的特征词"), ("b", "B 的特征词"), ("shared", "共有")):
        lines += [f"## {title}", "", "| 关键词 | z | A | B |", "|---|---|---|---|"]
        lines += [f"| {c['term']} | {c['z']:.2f} | {c['count_a']} | {c['count_b']} |" for c in data[_key(side)]]
        lines.append("")
    return "\n".join(lines)


def _comparison_table(data: dict[str, Any], out: TextIO) -> None:
    from rich.table import Table

    console = make_console(out, highlight=False)
    console.print(_side_line("A", data["a"]), soft_wrap=True)
    console.print(_side_line("B", data["b"]), soft_wrap=True)
    table = Table(caption="z: log-odds with an informative prior; A/B: counts", caption_justify="left")
    for header in ("A 的特征词", "z", "A/B", "B 的特征词", "z", "A/B", "共有", "A/B"):
        table.add_column(header, justify="right" if header in ("z", "A/B") else "left")
    columns = [data["distinctive_a"], data["distinctive_b"], data["shared"]]
    for i in range(max(map(len, columns), default=0)):
        cells: list[str] = []
        for k, column in enumerate(columns):
            c = column[i] if i < len(column) else None
            counts = f"{c['count_a']}/{c['count_b']}" if c else ""
            cells += [c["term"] if c else "", counts] if k == 2 else [c["term"] if c else "", _z(c), counts]
        table.add_row(*cells)
    console.print(table)


def _z(c: dict[str, Any] | None) -> str:
    return f"{c['z']:+.1f}" if c else ""
