"""Output of ``policytool code``: tables for people; JSON, JSONL, CSV and Markdown for scripts."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any, TextIO

from policytool.commands import At
from policytool.instruments import Codebook, CodedClause, Coding, load_codebook
from policytool.model import CODE_SCHEMA, CODES_SCHEMA, Failure
from policytool.render.console import console as make_console
from policytool.render.console import pieces
from policytool.render.csvout import csv_text
from policytool.render.csvout import write_csv as write_csv_rows
from policytool.render.jsonout import Items, dumps, write

Result = Coding | Failure


@dataclass(frozen=True)
class View:
    """What the user asked to see."""

    codebook: Codebook | None = None  # None: the built-in one
    matrix: bool = False
    level: int = 1
    bom: bool = False


def write_json(results: Sequence[Result], view: View, out: TextIO, at: At) -> None:
    write(as_json(results, view, view.codebook or load_codebook()), out)


def write_jsonl(results: Sequence[Result], view: View, out: TextIO, at: At) -> None:
    out.writelines(dumps(row, line=True) + "\n" for row in as_jsonl(results))


def write_csv(results: Sequence[Result], view: View, out: TextIO, at: At) -> None:
    """The rows of ``results``; the header (and byte-order mark) only where the output starts."""
    header = (MATRIX_FIELDS if view.matrix else CSV_FIELDS) if at.first else None
    write_csv_rows(out, header, _csv_rows(_codings(results), view), bom=view.bom and at.first)


def write_markdown(results: Sequence[Result], view: View, out: TextIO, at: At) -> None:
    """Documents joined by a blank line, as as_markdown() joins them; lines written as they come."""
    for k, coding in enumerate(_codings(results)):
        lines = _markdown_lines(coding, view)
        out.write(("" if at.first and k == 0 else "\n") + next(lines))
        out.writelines("\n" + line for line in lines)


def write_table(results: Sequence[Result], view: View, out: TextIO, at: At) -> None:
    _tables(_codings(results), view, out)


def _codings(results: Sequence[Result]) -> list[Coding]:
    return [r for r in results if not isinstance(r, Failure)]


def as_json(results: Sequence[Result], view: View, codebook: Codebook) -> dict[str, Any]:
    """Return the policytool.codes/1 document for all results (documents and clauses as Items)."""

    def document(r: Result) -> dict[str, Any]:
        if isinstance(r, Failure):
            return r.to_dict()
        data = replace(r, clauses=()).to_dict(view.level)  # source and meta, in their places
        data["clauses"] = Items(r.clauses, CodedClause.to_dict)
        data["matrix"] = r.matrix(view.level).to_dict()
        return data

    return {"schema": CODES_SCHEMA, "codebook": codebook.to_dict(), "documents": Items(results, document)}


def as_jsonl(results: Sequence[Result]) -> Iterator[dict[str, Any]]:
    """Yield one policytool.code/1 object per clause, with its document's ``path``; errors as {path, error}."""
    for r in results:
        if isinstance(r, Failure):
            yield r.to_dict()
            continue
        path = r.document.cleaned.source.path
        for c in r.clauses:
            yield {"schema": CODE_SCHEMA, "path": path, **c.to_dict()}


# Characters of text shown for a clause without a title.
PREVIEW = 10

CSV_FIELDS = ["path", "clause", "label", "title", "type", "subtype", "evidence", "text"]
MATRIX_FIELDS = ["path", "type", "subtype", "section", "label", "title", "count", "section_share", "share"]


def _words(evidence: list[dict[str, Any]]) -> str:
    """Return the evidence words once each, in order, with a count when repeated: `培训×3、培养`."""
    counts: dict[str, int] = {}
    for e in evidence:
        counts[e["word"]] = counts.get(e["word"], 0) + 1
    return "、".join(w + (f"×{n}" if n > 1 else "") for w, n in counts.items())


def as_csv(codings: list[Coding], view: View) -> str:
    """Return CSV (UTF-8, BOM if asked): one row per clause × code, or the matrix in long form.

    A clause with no code has one row with empty type and subtype, so misses can be
    reviewed in the same sheet. The matrix has one row per sub-type × section.
    """
    return csv_text(MATRIX_FIELDS if view.matrix else CSV_FIELDS, _csv_rows(codings, view), bom=view.bom)


def _csv_rows(codings: list[Coding], view: View) -> Iterator[list[Any]]:
    """Yield the rows of ``as_csv``, one at a time."""
    if view.matrix:
        for coding in codings:
            path = coding.document.cleaned.source.path
            m = coding.matrix(view.level).to_dict()
            for row in m["rows"]:
                if row["subtype"] is None:
                    continue  # a type's row is the sum of its sub-types' rows
                for i, s in enumerate(m["sections"]):
                    yield [path, row["type"], row["subtype"], s["id"] or "", s["label"], s["title"] or "",
                           row["counts"][i], row["section_shares"][i], row["shares"][i]]  # fmt: skip
        return
    for coding in codings:
        path = coding.document.cleaned.source.path
        for c in coding.clauses:
            d = c.to_dict()
            if not d["text"]:
                continue
            for code in d["codes"] or [{"type": "", "subtype": "", "evidence": []}]:
                yield [path, d["id"], d["label"], d["title"] or "", code["type"], code["subtype"],
                       _words(code["evidence"]), d["text"]]  # fmt: skip


def _percent(share: float) -> str:
    return f"{share * 100:.1f}%"


def _title(coding: Coding) -> str:
    return coding.document.cleaned.meta.title or coding.document.cleaned.source.path


def _summary(coding: Coding) -> str:
    """Return one line: clauses coded, then codes per type with their shares."""
    m = coding.matrix().to_dict()
    clauses = sum(s["clauses"] for s in m["sections"])
    coded = sum(s["coded"] for s in m["sections"])
    types = [f"{r['type']} {r['total']}（{_percent(r['share'])}）" for r in m["rows"] if r["subtype"] is None]
    return f"{coded}/{clauses} 条有政策工具编码，{m['total']} 个编码：" + "，".join(types)


def _heading(d: dict[str, Any]) -> str:
    """Return a clause's title, or the start of its text when it has none (or is a part)."""
    if d["title"] and d["kind"] != "part":
        return d["title"]
    first = d["text"].split("\n", 1)[0]
    return first if len(first) <= PREVIEW else first[: PREVIEW - 1] + "…"


def _legend(m: dict[str, Any]) -> str:
    """Return the sections' titles under their column labels: `一 总体要求 · 二 重大工程`."""
    return " · ".join(f"{s['label']} {s['title']}" for s in m["sections"] if s["title"])


def _cell(count: int, share: float) -> str:
    return f"{count} ({share * 100:.0f}%)" if count else ""


def as_markdown(codings: list[Coding], view: View) -> str:
    """Return Markdown: each document's clauses and codes, or its matrix."""
    return "\n".join("\n".join(_markdown_lines(coding, view)) for coding in codings)


def _markdown_lines(coding: Coding, view: View) -> Iterator[str]:
    """Yield the lines of one document's part of ``as_markdown``, one at a time."""
    yield f"## {_title(coding)}"
    yield ""
    if view.matrix:
        m = coding.matrix(view.level).to_dict()
        heads = [s["label"] for s in m["sections"]]
        yield "| 政策工具 | " + " | ".join(heads) + " | 合计 | 占比 |"
        yield "|---|" + "---:|" * (len(heads) + 2)
        for r in m["rows"]:
            name = f"**{r['type']}**" if r["subtype"] is None else r["subtype"]
            cells = [_cell(n, s) for n, s in zip(r["counts"], r["section_shares"], strict=True)]
            yield f"| {name} | " + " | ".join(cells) + f" | {r['total']} | {_percent(r['share'])} |"
        yield "| 合计 | " + " | ".join(str(s["codes"]) for s in m["sections"]) + f" | {m['total']} | |"
        yield ""
        yield _legend(m)
    else:
        yield "| 条款 | 标题 | 政策工具 | 依据 |"
        yield "|---|---|---|---|"
        for c in coding.clauses:
            d = c.to_dict()
            if not d["text"]:
                continue
            codes = "<br>".join(f"{k['type']}·{k['subtype']}" for k in d["codes"])
            words = "<br>".join(_words(k["evidence"]) for k in d["codes"])
            yield f"| {d['id']} | {_heading(d)} | {codes} | {words} |"
    yield ""
    yield _summary(coding)
    yield ""


def _tables(codings: list[Coding], view: View, out: TextIO) -> None:
    from rich.table import Table

    console = make_console(out, highlight=False)
    for coding in codings:
        if view.matrix:
            _matrix_table(coding, view, console)
            continue
        for k, rows in enumerate(pieces(_table_rows(coding))):
            table = Table(title=_title(coding) if k == 0 else None, title_justify="left")
            for column, style in (("条款", "cyan"), ("标题", ""), ("政策工具", "bold"), ("依据", "dim")):
                table.add_column(column, style=style, overflow="fold")
            for row in rows:
                table.add_row(*row)
            console.print(table)
        console.print(_summary(coding))


def _table_rows(coding: Coding) -> Iterator[tuple[str, str, str, str]]:
    """Yield the rows of a document's table: clause, heading, instrument, evidence words."""
    for c in coding.clauses:
        d = c.to_dict()
        if not d["text"]:
            continue
        # One row per code, so a code and its words stay side by side when cells wrap.
        codes = d["codes"] or [None]
        for i, k in enumerate(codes):
            name, words = (f"{k['type']}·{k['subtype']}", _words(k["evidence"])) if k else ("", "")
            yield d["id"] if i == 0 else "", _heading(d) if i == 0 else "", name, words


def _matrix_table(coding: Coding, view: View, console: Any) -> None:
    """Print the matrix; cells carry their column share when the terminal is wide enough."""
    from rich import box
    from rich.table import Table

    m = coding.matrix(view.level).to_dict()
    name_width = max(len(r["subtype"] or r["type"]) for r in m["rows"]) * 2 + 2
    # `12 (34%)` per cell plus a space between columns; the last two columns are 合计 and 占比.
    shares = name_width + len(m["sections"]) * 9 + 14 <= console.width
    console.print(_title(coding), style="bold")
    table = Table(
        title=f"政策工具 × 章节（条款数{'，列占比' if shares else ''}）",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        padding=(0, 1),
        collapse_padding=True,
    )
    table.add_column("政策工具", no_wrap=True)
    for s in m["sections"]:
        table.add_column(s["label"], justify="right", no_wrap=True)
    table.add_column("合计", justify="right", no_wrap=True)
    table.add_column("占比", justify="right", no_wrap=True)
    for r in m["rows"]:
        if shares:
            cells = [_cell(n, s) for n, s in zip(r["counts"], r["section_shares"], strict=True)]
        else:
            cells = [str(n) if n else "" for n in r["counts"]]
        name = r["type"] if r["subtype"] is None else "  " + r["subtype"]
        table.add_row(name, *cells, str(r["total"]), _percent(r["share"]), style="bold" if r["subtype"] is None else "")
    table.add_row("合计", *(str(s["codes"]) for s in m["sections"]), str(m["total"]), "", style="dim")
    console.print(table)
    console.print(_legend(m))
    if not shares:
        console.print("列占比（各章节内的比例）见 --format md、csv 或 json。", style="dim")
