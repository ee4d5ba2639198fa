"""Output of ``policytool parse``: a rich tree for people, JSON/JSONL/Markdown for scripts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from policytool.chars import display_width
from policytool.model import Clause, Document
from policytool.render.console import console as make_console
from policytool.render.jsonout import dumps

Result = Document | tuple[str, str]

# Characters of body text shown after a clause's title in the tree.
PREVIEW_CELLS = 36


def _error(result: tuple[str, str]) -> dict[str, str]:
    return {"path": result[0], "error": result[1]}


def render_documents(
    results: Sequence[Result], fmt: str, out: TextIO, *, several: bool, depth: int | None = None
) -> None:
    """Write ``results`` to ``out`` as tree, json, jsonl or md."""
    if fmt == "json":
        items = [_error(r) if isinstance(r, tuple) else r.to_dict() for r in results]
        if items:
            out.write(dumps(items if several else items[0]) + "\n")
        return
    for r in results:
        if isinstance(r, tuple):
            if fmt == "jsonl":
                out.write(dumps(_error(r), line=True) + "\n")
            continue
        if fmt == "jsonl":
            out.writelines(dumps(line, line=True) + "\n" for line in r.clause_lines())
        elif fmt == "md":
            out.write(markdown(r, depth) + "\n")
        else:
            tree(r, out, depth)


def _depth_of(doc: Document) -> dict[str, int]:
    """Return each clause's depth below its part (parts are 0)."""
    depth: dict[str, int] = {}
    for c in doc.clauses:
        depth[c.id] = 0 if c.parent is None else depth[c.parent] + 1
    return depth


def _preview(text: str, cells: int = PREVIEW_CELLS) -> str:
    """Return the start of ``text`` on one line, cut to ``cells`` display cells."""
    text = text.replace("\n", " ")
    out = ""
    for ch in text:
        if display_width(out + ch) > cells - 1:
            return out + "…"
        out += ch
    return out


def _heading(c: Clause) -> str:
    """Return how a clause introduces itself: marker and title, or its lead-paragraph tag."""
    if c.kind == "lead":
        return f"¶{c.number} {c.title or ''}".strip()
    return f"{c.marker}{c.title or ''}"


def markdown(doc: Document, depth: int | None = None) -> str:
    """Return a Markdown outline: parts as headings, clauses as nested list items."""
    lines: list[str] = []
    depths = _depth_of(doc)
    for c in doc.clauses:
        d = depths[c.id]
        if depth is not None and d > depth:
            continue
        if c.kind == "part":
            title = c.title or doc.cleaned.meta.title or doc.cleaned.source.path
            if lines and lines[-1]:
                lines.append("")
            lines += [f"# {title}", ""]
            continue
        text = f"**{_heading(c)}**" if c.title else _preview(c.text, 60)
        lines.append(f"{'  ' * (d - 1)}- {text} `{c.id}`")
    return "\n".join(lines)


def tree(doc: Document, out: TextIO, depth: int | None = None) -> None:
    """Print the clause tree with rich (colour on a terminal, plain text in a pipe)."""
    from rich.text import Text
    from rich.tree import Tree

    console = make_console(out, highlight=False)
    root = Tree(Text(doc.cleaned.source.path, style="bold"))
    nodes = {}
    depths = _depth_of(doc)
    for c in doc.clauses:
        d = depths[c.id]
        if depth is not None and d > depth:
            continue
        parent = nodes.get(c.parent, root)
        if c.kind == "part":
            label = Text(c.title or "(正文)", style="bold cyan")
        else:
            # The id first: on a narrow terminal the preview is what gets cut.
            label = Text(c.id, style="cyan")
            label.append("  " + _heading(c), style="bold" if c.kind != "lead" else "")
            if c.text:
                label.append("  " + _preview(c.text), style="dim")
        label.no_wrap = True
        label.overflow = "ellipsis"
        nodes[c.id] = parent.add(label)
    console.print(root)
