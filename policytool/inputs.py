"""Command-line inputs to documents: paths, folders (recursive) and ``-`` for stdin.

Plumbing for the CLI, kept out of the pipeline stages: a stage sees bytes, never a
folder walk. A path that cannot be reached (no permission, a name or path too long)
becomes one failed input with the reason, never the end of the run; the others go on.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path, PurePath
from typing import BinaryIO

from policytool import readers
from policytool.ingest import MAX_SIZE_MB, MB, InputTooLargeError, read_limited
from policytool.model import record
from policytool.names import os_reason, shown_name

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


def expand(args: list[str], glob: str | None = None, max_size: int | None = MAX_SIZE_MB * MB) -> Iterator[Input]:
    """Yield the documents named by ``args`` in order, folders walked in sorted order.

    Standard input is read here, no further than one byte past ``max_size``. A folder, or a
    folder inside one, that cannot be listed is one failed input naming it.
    """
    for arg in args:
        if arg == STDIN:
            try:
                data = read_limited(stdin_bytes(), max_size)
            except InputTooLargeError as exc:
                yield Input(name=STDIN, error=too_large(exc))
            except OSError as exc:  # closed (`<&-`), or a folder (`< /`)
                yield Input(name=STDIN, error=os_reason(exc))
            else:
                yield Input(name=STDIN, data=data)
            continue
        try:
            is_dir = stat.S_ISDIR(os.stat(arg).st_mode)
        except OSError as exc:  # a missing file, a folder that may not be entered, a name too long
            yield Input(name=shown_name(arg), error=os_reason(exc))
            continue
        if not is_dir:
            yield Input(name=shown_name(arg), path=Path(arg))
            continue
        found = sorted(_walk(Path(arg), glob), key=lambda f: f[0])
        if not found:
            wanted = glob or ", ".join(f"*{s}" for s in readers.DOCUMENT_SUFFIXES)
            yield Input(name=shown_name(arg), error=f"no documents in this folder ({wanted})")
        for path, error in found:
            name = shown_name(arg if error and path == Path(arg) else path)
            yield Input(name=name, error=error) if error else Input(name=name, path=path)


def stdin_bytes() -> BinaryIO:
    """Return standard input as bytes; OSError when the process has none (started with `<&-`)."""
    if sys.stdin is None:
        raise OSError(errno.EBADF, "standard input is closed")
    return sys.stdin.buffer


def too_large(exc: InputTooLargeError) -> str:
    """Return the line about an input over the limit, with the option that raises it."""
    return f"{exc}; raise it with --max-size"


def _walk(top: Path, glob: str | None) -> Iterator[tuple[Path, str | None]]:
    """Yield (file, None) for each document under ``top``, (path, reason) for what cannot be read.

    os.scandir rather than Path.rglob, which passes over a folder it cannot list without
    a word. Hidden files and folders (``.git``) are skipped; links to folders are not
    followed, as rglob does not.
    """
    folders = [top]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.name.startswith("."):
                        continue
                    path = folder / entry.name
                    try:
                        if entry.is_dir(follow_symlinks=False):
                            folders.append(path)
                        elif entry.is_file() and _wanted(path.relative_to(top), glob):
                            yield path, None
                    except OSError as exc:  # a link to a file this user may not look at
                        yield path, os_reason(exc)
        except OSError as exc:
            yield folder, os_reason(exc)


def _wanted(relative: PurePath, glob: str | None) -> bool:
    """Return whether a file is a document to take: by --glob, as rglob(glob) would, else by suffix."""
    if glob is None:
        return relative.suffix.lower() in readers.DOCUMENT_SUFFIXES
    pattern = glob
    while pattern.startswith("**/"):  # rglob puts **/ in front of the pattern already
        pattern = pattern[3:]
    return relative.match(pattern)
