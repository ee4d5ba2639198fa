"""Patterns compiled on first use, so a run pays only for the patterns it meets.

Python compiles a pattern in Python: 0.05–1 ms each, and the library holds over a
hundred. A one-off `policytool parse` on one page meets about two thirds of them (the
task-table, PDF-furniture and letterhead rules wait for documents that have those), so
compiling all of them when the modules load cost 5–6 ms of its start-up.

``lazy_re(source)`` stands where ``re.compile(source)`` stood. Its first use compiles
the pattern and puts the compiled pattern's own methods in its place, so every later
``match``/``search``/… is the compiled pattern's method, found as fast. ``.pattern`` is
there from the start, for patterns built from others.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

# What a compiled pattern offers, in `re` and in `regex`; all are taken over on first use.
METHODS = (
    "match", "search", "fullmatch", "finditer", "findall", "sub", "subn", "split", "splititer", "scanner",
    "flags", "groups", "groupindex",
)  # fmt: skip


class LazyPattern:
    """A compiled pattern that compiles itself on first use."""

    __slots__ = ("pattern", "_compile", "_flags", *METHODS)

    def __init__(self, compile_: Callable[[str, int], Any], pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self._compile = compile_
        self._flags = flags

    def __getattr__(self, name: str) -> Any:
        # Called only while a name is missing: the first use, or a name no pattern has.
        if name not in METHODS:
            raise AttributeError(name)
        compiled = self._compile(self.pattern, self._flags)
        for method in METHODS:
            if hasattr(compiled, method):
                setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy({self.pattern!r})"


def lazy_re(pattern: str, flags: int = 0) -> LazyPattern:
    """Return ``re.compile(pattern, flags)``, compiled when first used."""
    return LazyPattern(re.compile, pattern, flags)


def lazy_regex(pattern: str, flags: int = 0) -> LazyPattern:
    """Return ``regex.compile(pattern, flags)``, compiled when first used.

    For patterns that need Unicode properties (`\\p{Han}`): `regex` compiles them in
    microseconds, where `re` would list every Han character (1–3 ms a pattern). The
    `regex` module itself (8 ms) loads with the first such pattern used.
    """
    return LazyPattern(_regex_compile, pattern, flags)


def _regex_compile(pattern: str, flags: int) -> Any:
    import regex

    return regex.compile(pattern, flags)
