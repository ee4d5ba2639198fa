"""Command-line inputs to documents: paths, folders (recursive) and ``-`` for stdin.

Plumbing for the CLI, kept out of the pipeline stages: a stage sees bytes, never a
folder walk.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from policytool.ingest import MAX_SIZE_MB, MB, InputTooLargeError, read_limited
from policytool.model import record

# Files a folder is searched for when no --glob is given.
DOCUMENT_SUFFIXES = (".txt", ".html", ".htm", ".md", ".markdown", ".shtml")
STDIN = "-"


@record
class Input:
    """One document to process, or the reason it cannot be."""

    name: str
    path: Path | None = None
    data: bytes | None = None
    error: str | None = None


def expand(args: list[str], glob: str | None = None, max_size: int | None = MAX_SIZE_MB * MB) -> Iterator[Input]:
    """Yield the documents named by ``args`` in order, folders walked in sorted order.

    Standard input is read here, no further than one byte past ``max_size``.
    """
    for arg in args:
        if arg == STDIN:
            try:
                yield Input(name=STDIN, data=read_limited(sys.stdin.buffer, max_size))
            except InputTooLargeError as exc:
                yield Input(name=STDIN, error=too_large(exc))
            continue
        path = Path(arg)
        if path.is_dir():
            found = sorted(_documents(path, glob))
            if not found:
                wanted = glob or ", ".join(f"*{s}" for s in DOCUMENT_SUFFIXES)
                yield Input(name=arg, error=f"no documents in this folder ({wanted})")
            for doc in found:
                yield Input(name=str(doc), path=doc)
        elif not path.exists():
            yield Input(name=arg, error="no such file")
        else:
            yield Input(name=arg, path=path)


def too_large(exc: InputTooLargeError) -> str:
    """Return the line about an input over the limit, with the option that raises it."""
    return f"{exc}; raise it with --max-size"


def _documents(folder: Path, glob: str | None) -> Iterator[Path]:
    pattern = glob or "*"
    for p in folder.rglob(pattern):
        hidden = any(part.startswith(".") for part in p.relative_to(folder).parts)
        if p.is_file() and not hidden and (glob or p.suffix.lower() in DOCUMENT_SUFFIXES):
            yield p
