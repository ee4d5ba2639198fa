"""Output of ``policytool targets``: a table for people; JSON, JSONL and CSV for scripts."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any, TextIO

from policytool.commands import At
from policytool.model import TARGET_SCHEMA, TARGETS_SCHEMA, Failure
from policytool.quantities import Target, TargetReport
from policytool.render.console import console as make_console
from policytool.render.console import pieces
from policytool.render.csvout import csv_text
from policytool.render.jsonout import Items, dumps, write

Result = TargetReport | Failure

# How a comparator reads in a table cell, before the value.
SIGNS = {">=": "≥", "<=": "≤", "=": "", "≈": "≈", "increase": "+", "decrease": "−", "range": ""}
KIND_NAMES = {"target": "目标", "achieved": "已实现"}


@dataclass(frozen=True)
class View:
    """What the user asked to see."""

    kind: str = "target"  # target, achieved or all
    bom: bool = False


def _kept(report: TargetReport, view: View) -> list[Target]:
    return [t for t in report.targets if view.kind == "all" or t.kind == view.kind]


def write_json(results: Sequence[Result], view: View, out: TextIO, at: At) -> None:
    write(as_json(results, view), out)


def write_jsonl(results: Sequence[Result], view: View, out: TextIO, at: At) -> None:
    out.writelines(dumps(row, line=True) + "\n" for row in as_jsonl(results, view))


def write_csv(results: Sequence[Result], view: View, out: TextIO, at: At) -> None:
    """The rows of ``results``; the header (and byte-order mark) only where the output starts."""
    out.write(as_csv([r for r in results if not isinstance(r, Failure)], view, header=at.first))


def write_table(results: Sequence[Result], view: View, out: TextIO, at: At) -> None:
    _tables([r for r in results if not isinstance(r, Failure)], view, out)


def as_json(results: Sequence[Result], view: View) -> dict[str, Any]:
    """Return the policytool.targets/1 document for all results (documents and targets as Items)."""

    def document(r: Result) -> dict[str, Any]:
        if isinstance(r, Failure):
            return r.to_dict()
        data = replace(r, targets=()).to_dict()
        data["targets"] = Items(_kept(r, view), Target.to_dict)
        return data

    return {"schema": TARGETS_SCHEMA, "documents": Items(results, document)}


def as_jsonl(results: Sequence[Result], view: View) -> Iterator[dict[str, Any]]:
    """Yield one policytool.target/1 object per target, with its document's ``path``; errors as {path, error}."""
    for r in results:
        if isinstance(r, Failure):
            yield r.to_dict()
            continue
        path = r.document.cleaned.source.path
        for t in _kept(r, view):
            yield {"schema": TARGET_SCHEMA, "path": path, **t.to_dict()}


CSV_FIELDS = [
    "path", "clause", "label", "indicator", "comparator", "value", "value_high", "unit", "year", "baseline",
    "kind", "approximate", "text", "source",
]  # fmt: skip


def as_csv(reports: Sequence[TargetReport], view: View, *, header: bool = True) -> str:
    """Return one CSV row per target; a range fills ``value`` and ``value_high`` (UTF-8, BOM if asked)."""
    rows = []
    for r in reports:
        path = r.document.cleaned.source.path
        for t in _kept(r, view):
            d = t.to_dict()
            low, high = d["value"] if isinstance(d["value"], list) else (d["value"], None)
            rows.append(
                [path, d["clause"], d["label"], d["indicator"], d["comparator"], low, _blank(high), d["unit"],
                 _blank(d["year"]), _blank(d["baseline"]), d["kind"], str(d["approximate"]).lower(), d["text"],
                 d["source"]]
            )  # fmt: skip
    return csv_text(CSV_FIELDS if header else None, rows, bom=view.bom and header)


def _blank(value: Any) -> Any:
    return "" if value is None else value


def amount(t: Target) -> str:
    """Return the comparator, value and unit as one reads them: `≥40%`, `+1岁左右`, `1–2名`."""
    if isinstance(t.value, tuple):
        text = f"{_num(t.value[0])}–{_num(t.value[1])}{t.unit}"
    else:
        text = f"{SIGNS[t.comparator]}{_num(t.value)}{t.unit}"
    if t.approximate and t.comparator != "≈":
        text += "左右"
    if t.baseline is not None:
        text += f"（基期 {_num(t.baseline)}{t.unit}）"
    return text


def _num(value: float) -> str:
    return str(value)


def _tables(reports: list[TargetReport], view: View, out: TextIO) -> None:
    from rich.table import Table

    console = make_console(out, highlight=False)
    for r in reports:
        kept = _kept(r, view)
        title = r.document.cleaned.meta.title or r.document.cleaned.source.path
        if not kept:
            what = {"target": "targets", "achieved": "achieved results"}.get(view.kind, "targets or results")
            console.print(f"No quantitative {what} in {r.document.cleaned.source.path}.")
            continue
        for k, piece in enumerate(pieces(kept)):
            table = Table(title=f"{title}（{len(kept)}）" if k == 0 else None, title_justify="left")
            table.add_column("条款")
            table.add_column("指标")
            table.add_column("值", justify="right")
            table.add_column("年份", justify="right")
            table.add_column("类型")
            for t in piece:
                table.add_row(t.label or t.clause, t.indicator, amount(t), str(t.year or ""), KIND_NAMES[t.kind])
            console.print(table)
