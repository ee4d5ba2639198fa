"""Command-line inputs to documents: paths, folders (recursive) and ``-`` for stdin.

Plumbing for the CLI, kept out of the pipeline stages: a stage sees bytes, never a
folder walk.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from policytool.model import record
from policytool.names import shown_name

# Files a folder is searched for when no --glob is given.
DOCUMENT_SUFFIXES = (".txt", ".html", ".htm", ".md", ".markdown", ".shtml")
STDIN = "-"


@record
class Input:
    """One document to process, or the reason it cannot be.

    ``name`` is the path as shown (see ``names.shown_name``: valid UTF-8, no control
    characters); ``path`` is the real one, to open.
    """

    name: str
    path: Path | None = None
    data: bytes | None = None
    error: str | None = None


def expand(args: list[str], glob: str | None = None) -> Iterator[Input]:
    """Yield the documents named by ``args`` in order, folders walked in sorted order."""
    for arg in args:
        if arg == STDIN:
            yield Input(name=STDIN, data=sys.stdin.buffer.read())
            continue
        path = Path(arg)
        if path.is_dir():
            found = sorted(_documents(path, glob))
            if not found:
                wanted = glob or ", ".join(f"*{s}" for s in DOCUMENT_SUFFIXES)
                yield Input(name=shown_name(arg), error=f"no documents in this folder ({wanted})")
            for doc in found:
                yield Input(name=shown_name(doc), path=doc)
        elif not path.exists():
            yield Input(name=shown_name(arg), error="no such file")
        else:
            yield Input(name=shown_name(arg), path=path)


def _documents(folder: Path, glob: str | None) -> Iterator[Path]:
    pattern = glob or "*"
    for p in folder.rglob(pattern):
        hidden = any(part.startswith(".") for part in p.relative_to(folder).parts)
        if p.is_file() and not hidden and (glob or p.suffix.lower() in DOCUMENT_SUFFIXES):
            yield p
