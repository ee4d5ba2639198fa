"""Plain text: scraped page text, a database export, or clean text."""

from __future__ import annotations

from policytool.readers.base import Raw, Read, Reader


def read(raw: Raw) -> Read:
    """A paragraph a line (chrome is taken out later, as for every format)."""
    return Read(raw.text.split("\n"))


def sniff(raw: Raw) -> bool:
    """Any text: this reader is asked last."""
    return True


READER = Reader("text", (".txt",), "scraped page text or clean text", sniff, read)
