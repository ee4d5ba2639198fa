"""What every reader is and gets: the one interface of an input format.

A reader has a name (``--input-format``), the file suffixes a folder is searched for, a
line of help, ``sniff(raw)``, which tells its format, and ``read(raw)``, which turns the
input into raw paragraphs, the pieces it removed, what the page says of itself (meta) and
warnings. ``raw`` holds the input's bytes, and its text, decoded once when a reader first
asks for it: a reader of a binary format (a zip-based Office file) reads the bytes and
never decodes them, so it declares the byte signatures (``magic``) it takes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from policytool.model import Removed

# Read when the command line starts (the registry's choices and help): this module imports
# nothing of the library at its top.


# ``source.encoding`` of an input a binary reader read from its bytes, never decoded.
BINARY = "binary"

# The first bytes of a PDF file; of a zip file, and so of every Office Open XML document
# (.docx, .xlsx, .pptx); and of an OLE compound file (Office 97–2003, WPS, and an Office
# file locked by a password).
PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def zip_holds(data: bytes, part: str) -> bool:
    """Whether a zip holds ``part`` (`word/document.xml`): by its directory, or, in a zip cut
    short that has lost it, by the part's own header naming it, so that the reader of the
    format says the file is damaged."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return part in archive.NameToInfo
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return part.encode() in data


class Raw:
    """One input: its bytes, and its text when a reader asks for it.

    ``text`` decodes the bytes (BOM, UTF-8, GB18030, Big5, …; policytool.ingest.decode)
    with line endings made LF, or raises InputError for bytes that are no text.
    """

    def __init__(self, data: bytes, text: str | None = None) -> None:
        self.data = data
        self.warnings: list[str] = []
        self.encoding: str | None = None
        if text is not None:
            self.__dict__["text"] = _normalized(text)
            self.encoding = "utf-8"

    @cached_property
    def text(self) -> str:
        from policytool.ingest import decode

        text, self.encoding, warnings = decode(self.data)
        self.warnings += warnings
        return _normalized(text)


def _normalized(text: str) -> str:
    from policytool.cleaning.normalize import normalize_newlines

    return normalize_newlines(text).lstrip("\ufeff")


@dataclass
class Read:
    """What a reader gives the clean stage: raw paragraphs and what it took out of them.

    ``meta`` what the page or post says of itself (its keys as ``cleaning._merge_meta``
    reads them); ``excerpt`` a post's summary, kept unless the body repeats it.
    """

    paragraphs: list[str]
    removed: list[Removed] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    excerpt: str | None = None


@dataclass(frozen=True)
class Reader:
    """One input format: its name, suffixes, help, how to tell it and how to read it."""

    name: str
    suffixes: tuple[str, ...]
    help: str
    sniff: Callable[[Raw], bool]
    read: Callable[[Raw], Read]
    # The byte signatures of a binary format (`PK\x03\x04` for a .docx, `%PDF-`): such a
    # reader is asked first for inputs that start with one.
    magic: tuple[bytes, ...] = ()
    # Whether it is asked of text too: every text format, and a binary one that also has a
    # text form (pdf: a PDF file, or the text extracted from one). A reader of bytes only
    # says False.
    reads_text: bool = True
