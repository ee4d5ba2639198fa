"""Output of ``policytool parse``: a tree for people, JSON/JSONL/Markdown for scripts."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any, TextIO

from policytool.chars import display_width
from policytool.commands import At
from policytool.model import Clause, Document, Failure
from policytool.render import terminal
from policytool.render.jsonout import Items, dumps, write

Result = Document | Failure

# Characters of body text shown after a clause's title in the tree.
PREVIEW_CELLS = 36


def as_json(result: Result) -> dict[str, Any]:
    """Return the policytool.document/1 object of ``result`` (or its error), its clauses as Items."""
    if isinstance(result, Failure):
        return result.to_dict()
    data = replace(result, clauses=()).to_dict()
    data["clauses"] = Items(result.clauses, Clause.to_dict)
    return data


@dataclass(frozen=True)
class View:
    """What the user asked to see."""

    depth: int | None = None  # clauses down to this depth (tree and md)


def write_json(results: Sequence[Result], view: View, out: TextIO, at: At) -> None:
    """One policytool.document/1 object, or an array of them for several inputs."""
    if results:
        write(Items(results, as_json) if at.several else as_json(results[0]), out)


def write_jsonl(results: Sequence[Result], view: View, out: TextIO, at: At) -> None:
    """One clause per line; a failed input as its error."""
    for r in results:
        if isinstance(r, Failure):
            out.write(dumps(r.to_dict(), line=True) + "\n")
        else:
            out.writelines(dumps(line, line=True) + "\n" for line in r.clause_lines())


def write_markdown(results: Sequence[Result], view: View, out: TextIO, at: At) -> None:
    for r in results:
        if not isinstance(r, Failure):
            out.writelines(line + "\n" for line in _markdown_lines(r, view.depth))


def write_tree(results: Sequence[Result], view: View, out: TextIO, at: At) -> None:
    for r in results:
        if not isinstance(r, Failure):
            tree(r, out, view.depth)


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
    return "\n".join(_markdown_lines(doc, depth))


def _markdown_lines(doc: Document, depth: int | None = None) -> Iterator[str]:
    """Yield the lines of ``markdown``, one at a time, so they are written as they come."""
    last = None  # the line before, to put a blank line before a part's heading
    depths = _depth_of(doc)
    for c in doc.clauses:
        d = depths[c.id]
        if depth is not None and d > depth:
            continue
        if c.kind == "part":
            title = c.title or doc.cleaned.meta.title or doc.cleaned.source.path
            if last:
                yield ""
            yield f"# {title}"
            yield (last := "")
            continue
        text = f"**{_heading(c)}**" if c.title else _preview(c.text, 60)
        yield (last := f"{'  ' * (d - 1)}- {text} `{c.id}`")


def tree(doc: Document, out: TextIO, depth: int | None = None) -> None:
    """Print the clause tree: id, marker and title, a preview; colour on a terminal.

    Drawn here rather than with rich's Tree: one line per clause needs no layout engine,
    and a one-off `policytool parse` is 0.07 s faster without it.
    """
    colour = terminal.colour(out)
    width = terminal.width(out)

    def paint(text: str, style: str) -> str:
        return f"\x1b[{style}m{text}\x1b[0m" if colour and style else text

    out.write(paint(doc.cleaned.source.path, BOLD) + "\n")
    depths = _depth_of(doc)
    shown = [c for c in doc.clauses if depth is None or depths[c.id] <= depth]
    children: dict[str | None, list[Clause]] = {}
    for c in shown:
        children.setdefault(c.parent, []).append(c)
    # Depth first without recursion: (clause, guides drawn before it, is it the last child).
    stack = [(c, "", k == len(children[None]) - 1) for k, c in enumerate(children.get(None, []))][::-1]
    while stack:
        c, guides, last = stack.pop()
        branch = guides + ("└── " if last else "├── ")
        if c.kind == "part":
            pieces = [(c.title or "(正文)", PART)]
        else:
            # The id first: on a narrow terminal the preview is what gets cut.
            pieces = [(c.id, ID), ("  " + _heading(c), LEAD if c.kind == "lead" else HEADING)]
            if c.text:
                pieces.append(("  " + _preview(c.text), PREVIEW))
        out.write(branch + _fit(pieces, width - len(branch), paint) + "\n")
        kids = children.get(c.id, [])
        inner = guides + ("    " if last else "│   ")
        stack += [(k, inner, n == len(kids) - 1) for n, k in enumerate(kids)][::-1]


# Styles of the tree (ANSI SGR): bold path and parts, cyan ids, dim previews.
BOLD, PART, ID, HEADING, LEAD, PREVIEW = "1", "1;36", "36", "1;36", "36", "2;36"


def _fit(pieces: list[tuple[str, str]], cells: int, paint) -> str:
    """Return the styled pieces cut to ``cells`` display cells, ending in `…` if cut."""
    merged: list[tuple[str, str]] = []
    for text, style in pieces:  # neighbours of one style are one span, as rich writes them
        if merged and merged[-1][1] == style:
            merged[-1] = (merged[-1][0] + text, style)
        else:
            merged.append((text, style))
    if sum(terminal.cells(text) for text, _ in merged) <= cells:
        return "".join(paint(text, style) for text, style in merged)
    out: list[str] = []
    room = cells - 1  # one cell for the `…`
    for text, style in merged:
        wide = terminal.wide_at(text)
        for k in range(len(text)):
            w = 2 if k in wide else 1
            if w > room:  # a wide character that did not fit leaves a blank
                out.append(paint(text[:k] + " " * room + "…", style))
                return "".join(out)
            room -= w
        out.append(paint(text, style))
    return "".join(out)
