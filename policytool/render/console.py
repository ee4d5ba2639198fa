"""The rich console the terminal renderers print with."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from rich.console import Console


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
