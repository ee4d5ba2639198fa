"""Input formats: one reader per format, each in a module of its own, listed in one registry.

Format detection, the CLI's ``--input-format`` choices, the suffixes folders are searched
for and their help text all come from READERS. Adding a format is a module with a
``Reader`` (see policytool.readers.base) and one ``register`` call, or a line below.
The readers import their heavy modules when a document needs them: this package is read
when the command line starts.
"""

from __future__ import annotations

from policytool.readers import csv, docx, html, pdf, post, text, xlsx
from policytool.readers.base import BINARY, Raw, Read, Reader

__all__ = ["BINARY", "Raw", "Read", "Reader", "detect", "register"]

# The formats in the order folders list their suffixes.
READERS: tuple[Reader, ...] = (
    text.READER,
    html.READER,
    post.READER,
    pdf.READER,
    docx.READER,
    xlsx.READER,
    csv.READER,
)
BY_NAME = {reader.name: reader for reader in READERS}
# The formats by name, as --input-format offers them after `auto`.
NAMES = tuple(BY_NAME)
# Which format claims a text first: a page or a post by its markup before a PDF dump by its
# line widths, plain text last (it takes anything). Readers with byte signatures come first.
SNIFF_ORDER = ("docx", "xlsx", "html", "post", "csv", "pdf", "text")
# The suffixes a folder is searched for when no --glob is given.
DOCUMENT_SUFFIXES = tuple(suffix for reader in READERS for suffix in reader.suffixes)


def register(reader: Reader) -> None:
    """Add an input format: detected before those above (plain text stays last), offered by
    --input-format and searched for in folders. Call it before the command line is built."""
    global READERS, BY_NAME, NAMES, SNIFF_ORDER, DOCUMENT_SUFFIXES
    READERS = (*(r for r in READERS if r.name != reader.name), reader)
    BY_NAME = {r.name: r for r in READERS}
    NAMES = tuple(BY_NAME)
    SNIFF_ORDER = (reader.name, *(name for name in SNIFF_ORDER if name != reader.name))
    DOCUMENT_SUFFIXES = tuple(suffix for r in READERS for suffix in r.suffixes)


def detect(raw: Raw) -> Reader:
    """Return the reader for ``raw``: a binary format by its byte signature, then the first
    text format in SNIFF_ORDER that recognises the text (decoding it, or raising InputError
    for bytes no reader takes)."""
    for name in SNIFF_ORDER:
        reader = BY_NAME[name]
        if reader.magic and raw.data.startswith(reader.magic) and reader.sniff(raw):
            return reader
    return next(BY_NAME[name] for name in SNIFF_ORDER if BY_NAME[name].reads_text and BY_NAME[name].sniff(raw))
