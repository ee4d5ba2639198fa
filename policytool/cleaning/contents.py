"""A table of contents (目录) before a body: its headings listed once, then again as the body's.

Left in, each listed 第X章 becomes an empty chapter and the body's chapters repeat it
(`第一章` after `第六章`). A run of headings with nothing between them is a table of
contents when its first heading stands again after it, with or without a `目录` label above
it; the label and the run go to ``removed`` as ``contents``.
"""

from __future__ import annotations

from policytool.model import Removed
from policytool.numbering import DECIMAL_KINDS, match_marker
from policytool.patterns import lazy_re

# The label above a table of contents: `目录`, `目　录`.
CONTENTS_LABEL = lazy_re(r"^目\s*录$")
# A page number after a listed heading: `第一章 总则……1`, `第二章 规划与建设管控 3`. The leaders
# before it are read from their first character only: from each, the run was read again.
PAGE_NUMBER = lazy_re(r"(?<![\s.…·．_—-])[\s.…·．_—-]*+[0-9０-９]{1,4}$")
# The heading kinds a table of contents lists: a law's, an emergency plan's (`1 总则`, `2.1 …`).
HEADING_KINDS = frozenset({"book", "chapter", "section"}) | DECIMAL_KINDS
# What a table of contents opens with: its label, a 第X编/章/节, a decimal heading.
CONTENTS_START = frozenset("第目0123456789")
# A listed heading is short: a heading and a page number.
HEADING_MAX = 60
# Fewer headings in a row than this are not a table of contents without a label.
MIN_RUN = 3


def _heading(line: str) -> bool:
    marked = match_marker(line)
    return marked is not None and marked.kind in HEADING_KINDS and len(line) <= HEADING_MAX


def _opens_contents(line: str) -> bool:
    return bool(CONTENTS_LABEL.match(line)) or _heading(line)


def _key(line: str) -> str:
    """The heading without its page number and spaces, to find it again in the body."""
    return "".join(PAGE_NUMBER.sub("", line).split())


def take_contents(paragraphs: list[str], originals: list[str]) -> tuple[list[str], list[str], list[Removed]]:
    """Return the paragraphs and originals without the table of contents, and what was removed."""
    start = next((i for i, p in enumerate(paragraphs) if p[:1] in CONTENTS_START and _opens_contents(p)), None)
    if start is None:
        return paragraphs, originals, []
    labelled = bool(CONTENTS_LABEL.match(paragraphs[start]))
    first = start + 1 if labelled else start
    if first >= len(paragraphs) or not _heading(paragraphs[first]):
        return paragraphs, originals, []
    listed = _key(paragraphs[first])
    end = first + 1
    # The run ends where the body's first heading repeats the first one listed.
    while end < len(paragraphs) and _heading(paragraphs[end]) and _key(paragraphs[end]) != listed:
        end += 1
    if not labelled and end - first < MIN_RUN:
        return paragraphs, originals, []
    if not any(_key(p) == listed for p in paragraphs[end:] if p[:1] == listed[:1]):
        return paragraphs, originals, []  # headings with nothing between them, but no body repeats them
    removed = [Removed(original, "contents") for original in originals[start:end]]
    return paragraphs[:start] + paragraphs[end:], originals[:start] + originals[end:], removed
