"""Output of ``policytool diff``: a redline for people, JSON/Markdown/HTML for reports."""

from __future__ import annotations

import html
import io
from dataclasses import dataclass, replace
from typing import TextIO

from policytool.commands import At
from policytool.compare import DiffResult, Pair, TraceParagraph
from policytool.render.console import console as make_console
from policytool.render.jsonout import Items, write

STATUS_ORDER = ("same", "changed", "added", "removed", "moved", "renumbered", "split", "merged")


def summary_line(result: DiffResult) -> str:
    """Return `same 41 · changed 1 · added 0 · removed 0 · moved 0` (and the rest)."""
    counts = result.summary()
    if result.mode == "trace":
        return f"matched {counts['matched']} · unmatched {counts['unmatched']}"
    parts = [f"{s} {counts[s]}" for s in STATUS_ORDER if s in counts and (counts[s] or s in STATUS_ORDER[:5])]
    if counts.get("duty"):
        parts.append(f"duty {counts['duty']}")
    return " · ".join(parts)


def _shown(result: DiffResult, context: int, show_all: bool) -> list[Pair | None]:
    """Return the pairs to print, with None where unchanged pairs are left out."""
    pairs = list(result.pairs)
    if show_all:
        return list(pairs)
    interesting = [k for k, p in enumerate(pairs) if p.status != "same" or p.duty_changes]
    keep = {k + d for k in interesting for d in range(-context, context + 1)}
    out: list[Pair | None] = []
    for k, p in enumerate(pairs):
        if k in keep:
            out.append(p)
        elif out and out[-1] is not None:
            out.append(None)
    return out


def _label(p: Pair) -> str:
    a = f"{p.a.label or p.a.id} {p.a.title or ''}".strip() if p.a else "—"
    b = f"{p.b.label or p.b.id} {p.b.title or ''}".strip() if p.b else "—"
    return a if a == b else f"{a} → {b}"


def _duty_text(changes: dict) -> str:
    bits = []
    if changes.get("added"):
        bits.append("+" + "、".join(changes["added"]))
    if changes.get("removed"):
        bits.append("-" + "、".join(changes["removed"]))
    if "lead" in changes:
        bits.append(f"牵头 {'、'.join(changes['lead']['a']) or '—'} → {'、'.join(changes['lead']['b']) or '—'}")
    if "mode" in changes:
        bits.append(f"{changes['mode']['a']} → {changes['mode']['b']}")
    return "；".join(bits)


def plain_ops(ops) -> str:
    """Return an edit with `[-删除-]{+插入+}` markers (NO_COLOR, Markdown)."""
    out = []
    for op, text in ops:
        out.append(text if op == "equal" else f"[-{text}-]" if op == "delete" else f"{{+{text}+}}")
    return "".join(out)


def terminal(result: DiffResult, out: TextIO, *, context: int = 0, show_all: bool = False) -> None:
    """Print the summary line and each difference: coloured on a terminal, else with markers.

    An edit is told by its colour only where colour is shown; wherever the console drops
    it (a pipe or file, ``NO_COLOR``, ``TERM=dumb``) the edit carries `[-…-]{+…+}` instead,
    so deleted and inserted text never run together.
    """
    from rich.text import Text

    console = make_console(out, highlight=False)
    # NO_COLOR keeps bold and strike but drops red and green: the insertion would be bare.
    color = console.color_system is not None and not console.no_color
    console.print(summary_line(result), style="bold")
    for note in result.notes:
        console.print(f"note: {note}", style="dim")
    if result.mode == "trace":
        for t in result.trace:
            head = Text(f"¶{t.index} ", style="bold")
            if not t.matches:
                head.append("no source clause found", style="yellow")
                console.print(head)
                continue
            head.append(" · ".join(f"{m.clause.label or m.clause.id} {m.clause.title or ''} ({m.similarity:.2f})"
                                   for m in t.matches))  # fmt: skip
            console.print(head)
            if t.own:
                console.print(Text("  own：" + "…".join(t.own), style="cyan"))
        return
    for p in _shown(result, context, show_all):
        if p is None:
            console.print("  ⋮", style="dim")
            continue
        line = Text(f"{p.status:<10}", style="bold")
        line.append(_label(p))
        if p.status != "same":
            line.append(f"  ({p.similarity:.2f})", style="dim")
        console.print(line)
        if p.ops:
            edit = Text("  ")
            for op, text in p.ops:
                if op == "equal":
                    edit.append(text)
                elif color:
                    edit.append(text, style="red strike" if op == "delete" else "green")
                else:
                    edit.append(f"[-{text}-]" if op == "delete" else f"{{+{text}+}}")
            console.print(edit)
        elif p.status in ("added", "removed"):
            clause = p.b if p.status == "added" else p.a
            body = (clause.title or "") + ("。" if clause.title and clause.text else "") + clause.text
            console.print(Text("  " + body[:200], style="green" if p.status == "added" else "red"))
        if p.parts:
            console.print(Text(("  into " if p.status == "split" else "  from ") + "、".join(p.parts), style="cyan"))
        if p.duty_changes:
            console.print(Text("  duty: " + _duty_text(p.duty_changes), style="magenta"))


@dataclass(frozen=True)
class View:
    """What the user asked to see."""

    context: int = 0  # unchanged clauses shown around each change
    show_all: bool = False  # every pair, the same ones too


def write_text(result: DiffResult, view: View, out: TextIO, at: At) -> None:
    terminal(result, out, context=view.context, show_all=view.show_all)


def write_markdown(result: DiffResult, view: View, out: TextIO, at: At) -> None:
    out.write(as_markdown(result, context=view.context, show_all=view.show_all))


def as_json(result: DiffResult) -> str:
    """Return the policytool.diff/1 document (the text ``write_json`` writes)."""
    buf = io.StringIO()
    write_json(result, View(), buf, At())
    return buf.getvalue()


def write_json(result: DiffResult, view: View, out: TextIO, at: At) -> None:
    """Write the policytool.diff/1 document to ``out``, its pairs (or paragraphs) one by one."""
    data = replace(result, pairs=(), trace=()).to_dict()  # the rest, in its places
    data["summary"] = result.summary()
    if result.mode == "trace":
        data["paragraphs"] = Items(result.trace, TraceParagraph.to_dict)
    else:
        data["pairs"] = Items(result.pairs, Pair.to_dict)
    write(data, out)


def as_markdown(result: DiffResult, *, context: int = 0, show_all: bool = False) -> str:
    """Return the differences as Markdown, edits marked `[-…-]{+…+}`."""
    a, b = result.a.cleaned.source.path, result.b.cleaned.source.path
    lines = [f"# {a} → {b}", "", f"**{summary_line(result)}**", ""]
    lines += [f"> {note}" for note in result.notes]
    if result.mode == "trace":
        for t in result.trace:
            found = "；".join(f"{m.clause.label or m.clause.id} {m.clause.title or ''} ({m.similarity:.2f})"
                             for m in t.matches) or "no source clause"  # fmt: skip
            lines.append(f"- ¶{t.index}: {found}" + (f" — own words: {' … '.join(t.own)}" if t.own else ""))
        return "\n".join(lines) + "\n"
    for p in _shown(result, context, show_all):
        if p is None:
            lines.append("- ⋮")
            continue
        lines.append(f"- **{p.status}** {_label(p)}")
        if p.ops:
            lines.append(f"  - {plain_ops(p.ops)}")
        if p.parts:
            lines.append(f"  - {'into' if p.status == 'split' else 'from'} {'、'.join(p.parts)}")
        if p.duty_changes:
            lines.append(f"  - duty: {_duty_text(p.duty_changes)}")
    return "\n".join(lines) + "\n"


HTML_STYLE = """
body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:2em;line-height:1.7}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.4em;vertical-align:top}
th{background:#f4f4f4}del{color:#b00;text-decoration:line-through}ins{color:#070;text-decoration:none;
background:#e6ffe6}.status{white-space:nowrap;color:#555}.duty{color:#606}
"""


def as_html(result: DiffResult) -> str:
    """Return a self-contained side-by-side redline page; all document text is escaped."""
    out = io.StringIO()
    write_html(result, out)
    return out.getvalue()


def write_html(result: DiffResult, out: TextIO) -> None:
    """Write the page of ``as_html`` a row at a time: held whole, the page of two 10 MB
    versions came on top of the comparison (270 MB)."""
    e = html.escape
    a, b = result.a.cleaned.source.path, result.b.cleaned.source.path
    out.write(
        '<!DOCTYPE html>\n<html lang="zh"><head><meta charset="utf-8">'
        f"<title>{e(a)} → {e(b)}</title><style>{HTML_STYLE}</style></head><body>"
        f"<h1>{e(a)} → {e(b)}</h1><p><b>{e(summary_line(result))}</b></p>"
        + "".join(f"<p>{e(n)}</p>" for n in result.notes)
        + f"<table><tr><th></th><th>{e(a)}</th><th>{e(b)}</th></tr>"
    )
    for p in result.pairs:
        left, right = [], []
        for op, text in p.ops:
            if op == "equal":
                left.append(e(text))
                right.append(e(text))
            elif op == "delete":
                left.append(f"<del>{e(text)}</del>")
            else:
                right.append(f"<ins>{e(text)}</ins>")
        if not p.ops:
            for side, clause in ((left, p.a), (right, p.b)):
                if clause is not None:
                    side.append(e((clause.title or "") + ("\n" if clause.title else "") + clause.text))
        duty = f'<div class="duty">{e(_duty_text(p.duty_changes))}</div>' if p.duty_changes else ""
        out.write(
            f'<tr><td class="status">{e(p.status)}</td>'
            f"<td><b>{e(p.a.label or p.a.id) if p.a else ''}</b> {''.join(left)}</td>"
            f"<td><b>{e(p.b.label or p.b.id) if p.b else ''}</b> {''.join(right)}{duty}</td></tr>"
        )
    if result.mode == "trace":
        for t in result.trace:
            found = "<br>".join(e(f"{m.clause.label or m.clause.id} {m.clause.title or ''} ({m.similarity:.2f})")
                                for m in t.matches) or "—"  # fmt: skip
            out.write(f'<tr><td class="status">¶{t.index}</td><td>{e(t.text)}</td><td>{found}</td></tr>')
    out.write("</table></body></html>\n")
