"""Output of ``policytool depts``: tables for people; JSON, CSV and Markdown for scripts."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any, TextIO

from policytool.commands import At
from policytool.duties import Assignment, DutyReport, summarize
from policytool.model import ASSIGNMENT_SCHEMA, DEPTS_SCHEMA, INNER_KINDS, Dept, Failure
from policytool.render.console import console as make_console
from policytool.render.console import pieces
from policytool.render.csvout import csv_text
from policytool.render.jsonout import Items, dumps, write

Result = DutyReport | Failure


@dataclass(frozen=True)
class View:
    """What the user asked to see."""

    by: str = "clause"
    dept: str | None = None  # canonical name to keep, already resolved from an alias
    dept_raw: str | None = None  # the name as the user typed it
    matrix: bool = False
    current: bool = False
    bom: bool = False


def _name(d: Dept, view: View) -> str:
    return d.current if view.current else d.name


def _names(depts: Sequence[Dept], view: View) -> str:
    return "、".join(_name(d, view) + ("" if d.known else "?") for d in depts)


def _wanted(d: Dept, view: View) -> bool:
    """True if ``d`` is the department the user asked for with --dept.

    A local name asked for without its place (`市卫生计生委`) matches it in any city.
    """
    if view.dept is None:
        return True
    name = _name(d, view)
    if name == view.dept or d.raw == view.dept_raw:
        return True
    return (
        view.dept[:1] in "市省" and name.endswith(view.dept[1:]) and name[: -len(view.dept) + 1].endswith(view.dept[0])
    )


def _keep(a: Assignment, view: View) -> bool:
    return any(_wanted(d, view) for d in (*a.duty.lead, *a.duty.support))


def _reports(results: Sequence[Result]) -> list[DutyReport]:
    return [r for r in results if not isinstance(r, Failure)]


def write_json(results: Sequence[Result], view: View, out: TextIO, at: At) -> None:
    write(as_json(results, view), out)


def write_jsonl(results: Sequence[Result], view: View, out: TextIO, at: At) -> None:
    out.writelines(dumps(line, line=True) + "\n" for line in as_jsonl(results, view))


def write_csv(results: Sequence[Result], view: View, out: TextIO, at: At) -> None:
    """The rows of ``results``; the header (and byte-order mark) only where the output starts."""
    out.write(as_csv(_reports(results), view, header=at.first))


def write_markdown(results: Sequence[Result], view: View, out: TextIO, at: At) -> None:
    out.write(as_markdown(_reports(results), view))


def write_table(results: Sequence[Result], view: View, out: TextIO, at: At) -> None:
    _tables(_reports(results), view, out)


def as_json(results: Sequence[Result], view: View) -> dict:
    """Return the policytool.depts/1 document for all results (documents and their lists as Items)."""

    def document(r: Result) -> dict[str, Any]:
        if isinstance(r, Failure):
            return r.to_dict()
        data = replace(r, assignments=(), mentions=()).to_dict(view.current)
        kept = [a for a in r.assignments if _keep(a, view)]
        data["assignments"] = Items(kept, lambda a: a.to_dict(view.current))
        data["mentions"] = Items(r.mentions, lambda m: m.to_dict(view.current))
        return data

    departments = [s.to_dict() for s in summarize(_reports(results), view.current)]
    if view.dept:
        departments = [d for d in departments if _wanted(Dept(d["name"], "", True, d["name"]), view)]
    return {"schema": DEPTS_SCHEMA, "documents": Items(results, document), "departments": departments}


def as_jsonl(results: Sequence[Result], view: View) -> Iterator[dict]:
    """Yield one object per assignment, with the document's path; failures as {path, error}."""
    for r in results:
        if isinstance(r, Failure):
            yield r.to_dict()
            continue
        path = r.document.cleaned.source.path
        for a in r.assignments:
            if _keep(a, view):
                yield {"schema": ASSIGNMENT_SCHEMA, "path": path, **a.to_dict(view.current)}


CSV_FIELDS = ["path", "clause", "label", "title", "department", "raw", "known", "role", "mode", "deadline", "source"]


def as_csv(reports: list[DutyReport], view: View, *, header: bool = True) -> str:
    """Return one CSV row per clause × department with its role (UTF-8, BOM if asked)."""
    rows = (
        [r.document.cleaned.source.path, a.clause, a.label, a.title or "", _name(d, view), d.raw,
         str(d.known).lower(), role, a.duty.mode, a.duty.deadline or "", a.source]
        for r in reports
        for a in r.assignments
        for role, depts in (("lead", a.duty.lead), ("support", a.duty.support))
        for d in depts
        if _wanted(d, view)
    )  # fmt: skip
    return csv_text(CSV_FIELDS if header else None, rows, bom=view.bom and header)


def as_markdown(reports: list[DutyReport], view: View) -> str:
    """Return Markdown tables: the assignments of each document, then the summary."""
    lines: list[str] = []
    for r in reports:
        lines += [f"## {r.document.cleaned.meta.title or r.document.cleaned.source.path}", ""]
        kept = [a for a in r.assignments if _keep(a, view)]
        if not kept:
            lines += [_no_tags_note(r, view), ""]
            continue
        lines += ["| 条款 | 标题 | 牵头 | 配合 | 方式 | 时限 |", "|---|---|---|---|---|---|"]
        for a in kept:
            lines.append(
                f"| {a.label} | {a.title or ''} | {_names(a.duty.lead, view)} | {_names(a.duty.support, view)} "
                f"| {a.duty.mode} | {a.duty.deadline or ''} |"
            )
        lines.append("")
    summary = [s for s in summarize(reports, view.current) if _wanted(Dept(s.name, "", True, s.name), view)]
    if summary:
        lines += ["## 部门汇总", "", "| 部门 | 牵头 | 配合 | 合计 |", "|---|---|---|---|"]
        lines += [f"| {s.name} | {s.lead} | {s.support} | {s.clauses} |" for s in summary]
        lines.append("")
    return "\n".join(lines)


def _no_tags_note(r: DutyReport, view: View) -> str:
    if r.assignments:
        return f"No clause of {r.document.cleaned.source.path} is assigned to {view.dept_raw or view.dept}."
    n = len({m.dept.name for m in r.mentions})
    return (
        f"No responsibility tags in {r.document.cleaned.source.path}"
        f" ({n} department{'s' if n != 1 else ''} named in running text: see mentions in --format json)."
    )


def _tables(reports: list[DutyReport], view: View, out: TextIO) -> None:
    from rich.table import Table

    console = make_console(out, highlight=False)
    for r in reports:
        kept = [a for a in r.assignments if _keep(a, view)]
        title = r.document.cleaned.meta.title or r.document.cleaned.source.path
        if not kept:
            console.print(_no_tags_note(r, view))
            continue
        if view.matrix:
            console.print(_matrix(r, kept, view, title))
        elif view.by == "dept":
            for name, rows in _by_dept(kept, view).items():
                led = sum(row[0] == "牵头" for row in rows)
                for k, piece in enumerate(pieces(rows)):
                    heading = f"{name}：牵头 {led}，配合 {len(rows) - led}" if k == 0 else None
                    table = Table(title=heading, title_justify="left")
                    for column in ("角色", "条款", "标题", "时限"):
                        table.add_column(column)
                    for row in piece:
                        table.add_row(*row)
                    console.print(table)
        else:
            for k, piece in enumerate(pieces(kept)):
                table = Table(title=title if k == 0 else None, title_justify="left")
                for column, style in (("条款", "cyan"), ("标题", ""), ("牵头", "bold"), ("配合", ""), ("方式", "dim")):
                    table.add_column(column, style=style, overflow="fold")
                for a in piece:
                    table.add_row(
                        a.label, a.title or "", _names(a.duty.lead, view), _names(a.duty.support, view), a.duty.mode
                    )
                console.print(table)
    summary = [s for s in summarize(reports, view.current) if _wanted(Dept(s.name, "", True, s.name), view)]
    if summary and not view.matrix:
        table = Table(
            title="部门汇总" + (f"（{len(reports)} 个文件）" if len(reports) > 1 else ""), title_justify="left"
        )
        for column in ("部门", "牵头", "配合", "合计"):
            table.add_column(column, justify="left" if column == "部门" else "right")
        for s in summary:
            table.add_row(s.name + ("" if s.known else "?"), str(s.lead), str(s.support), str(s.clauses))
        console.print(table)


def _by_dept(assignments: list[Assignment], view: View) -> OrderedDict[str, list[tuple[str, str, str, str]]]:
    """Return each department's task list: (role, label, title, deadline) rows."""
    out: OrderedDict[str, list[tuple[str, str, str, str]]] = OrderedDict()
    for a in assignments:
        for role, depts in (("牵头", a.duty.lead), ("配合", a.duty.support)):
            for d in depts:
                name = _name(d, view)
                if not _wanted(d, view):
                    continue
                out.setdefault(name, []).append((role, a.label, a.title or "", a.duty.deadline or ""))
    return OrderedDict(sorted(out.items(), key=lambda kv: -len(kv[1])))


def section_of(report: DutyReport, clause_id: str) -> str:
    """Return the label of the level-2 section (else level-1) a clause sits in."""
    by_id = {c.id: c for c in report.document.clauses}
    c = by_id.get(clause_id)
    chain = []
    while c is not None and c.kind != "part":
        chain.append(c)
        c = by_id.get(c.parent or "")
    numbered = [x for x in reversed(chain) if x.kind not in INNER_KINDS]
    if not numbered:
        return "—"
    return numbered[min(1, len(numbered) - 1)].label


def _matrix(report: DutyReport, assignments: list[Assignment], view: View, title: str):
    from rich.table import Table

    sections: list[str] = []
    counts: dict[str, dict[str, int]] = {}
    for a in assignments:
        section = section_of(report, a.clause)
        if section not in sections:
            sections.append(section)
        for d in (*a.duty.lead, *a.duty.support):
            counts.setdefault(_name(d, view), {}).setdefault(section, 0)
            counts[_name(d, view)][section] += 1
    table = Table(title=title + "：部门 × 章节（条款数）", title_justify="left")
    table.add_column("部门")
    for s in sections:
        table.add_column(s, justify="right")
    table.add_column("合计", justify="right")
    for name, row in sorted(counts.items(), key=lambda kv: -sum(kv[1].values())):
        table.add_row(name, *(str(row.get(s, "")) for s in sections), str(sum(row.values())))
    return table
