"""policytool: Chinese policy documents (政策文件) into structured, checkable data.

The library API; the command line (``policytool.cli``) is a thin layer on top and is
never imported from here, so ``from policytool import clean`` stays light.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from policytool.cleaning import InputError, clean, load
    from policytool.departments import Departments, load_departments
    from policytool.duties import DutyReport, attach_duties
    from policytool.instruments import Codebook, CodebookError, Coding, code_document, load_codebook
    from policytool.model import Clause, Cleaned, Dept, Document, Duty, Failure, Meta, Removed, Source

__version__ = "0.1.0"

# Where each public name lives. They are imported on first use, so that the command
# line's --help and `import policytool` cost no regex compilation or YAML loading.
_EXPORTS = {
    "InputError": "policytool.cleaning",
    "clean": "policytool.cleaning",
    "load": "policytool.cleaning",
    "Departments": "policytool.departments",
    "load_departments": "policytool.departments",
    "DutyReport": "policytool.duties",
    "attach_duties": "policytool.duties",
    **dict.fromkeys(
        ("Codebook", "CodebookError", "Coding", "code_document", "load_codebook"), "policytool.instruments"
    ),
    **dict.fromkeys(
        ("Clause", "Cleaned", "Dept", "Document", "Duty", "Failure", "Meta", "Removed", "Source"), "policytool.model"
    ),
}


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'policytool' has no attribute {name!r}")


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
    "Failure",
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
    from policytool.cleaning import clean, load
    from policytool.duties import attach_duties
    from policytool.model import Cleaned
    from policytool.segment import segment

    if isinstance(source, Path):
        source = load(source, input_format=input_format)
    elif not isinstance(source, Cleaned):
        source = clean(source, input_format=input_format)
    return attach_duties(segment(source), departments, mentions=False).document
