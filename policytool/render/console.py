"""The rich console the terminal renderers print with."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import islice
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

if TYPE_CHECKING:
    from rich.console import Console

T = TypeVar("T")

# Rows of one printed table. rich lays a table out whole, some 3 KB a row, so a longer
# one is printed in pieces of this many rows, each under its header: a table of 200,000
# clauses took 760 MB and over a minute, where a thousand rows take 3 MB.
TABLE_ROWS = 1000


def console(out: TextIO, **options: Any) -> Console:
    """Return a rich Console writing to ``out`` on which a closed pipe raises BrokenPipeError.

    Rich's own console exits the process with status 1 instead; whether a closed pipe
    is an error is for the command line to say (`policytool parse … | head -1` is not).
    """
    return _console_class()(file=out, **options)


@lru_cache(maxsize=1)
def _console_class() -> type[Console]:
    from rich.console import Console  # rich loads only when a table or tree is printed

    class PipeConsole(Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError

    return PipeConsole


def pieces(rows: Iterable[T], size: int | None = None) -> Iterator[list[T]]:
    """Yield ``rows`` in lists of at most ``size`` (TABLE_ROWS): one list, empty, if there are none.

    >>> [len(p) for p in pieces(range(2500))], list(pieces([]))
    ([1000, 1000, 500], [[]])
    """
    size = size or TABLE_ROWS
    it = iter(rows)
    piece = list(islice(it, size))
    yield piece
    while len(piece) == size and (piece := list(islice(it, size))):
        yield piece
