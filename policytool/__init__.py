"""policytool: Chinese policy documents (政策文件) into structured, checkable data.

The library API; the command line (``policytool.cli``) is a thin layer on top and is
never imported from here, so ``from policytool import clean`` stays light.
"""

from __future__ import annotations

from pathlib import Path

from policytool.cleaning import InputError, clean, load
from policytool.departments import Departments, load_departments
from policytool.duties import DutyReport, attach_duties
from policytool.instruments import Codebook, CodebookError, Coding, code_document, load_codebook
from policytool.model import Clause, Cleaned, Dept, Document, Duty, Meta, Removed, Source
from policytool.segment import segment

__version__ = "0.1.0"

__all__ = [
    "Clause",
    "Cleaned",
    "Codebook",
    "CodebookError",
    "Coding",
    "Departments",
    "Dept",
    "Document",
    "Duty",
    "DutyReport",
    "InputError",
    "Meta",
    "Removed",
    "Source",
    "__version__",
    "attach_duties",
    "clean",
    "code_document",
    "load",
    "load_codebook",
    "load_departments",
    "parse",
]


def parse(
    source: Cleaned | Path | bytes | str, departments: Departments | None = None, *, input_format: str = "auto"
) -> Document:
    """Return the clause tree of a document, each tagged clause with its ``duty``.

    Args:
        source: a Cleaned document, a Path to read, or the raw bytes/text to clean first.
        departments: the department dictionary (default: the built-in one).
        input_format: as for clean(), when ``source`` still needs cleaning.

    >>> doc = parse(Path("seeds/002_1b94758247acec77.txt"))  # doctest: +SKIP
    >>> [c.title for c in doc.clauses if c.level == 1]  # doctest: +SKIP
    ['总体要求', '重大工程', '组织实施']
    """
    if isinstance(source, Path):
        source = load(source, input_format=input_format)
    elif not isinstance(source, Cleaned):
        source = clean(source, input_format=input_format)
    return attach_duties(segment(source), departments).document
