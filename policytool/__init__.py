"""policytool: Chinese policy documents (政策文件) into structured, checkable data.

The library API; the command line (``policytool.cli``) is a thin layer on top and is
never imported from here, so ``from policytool import clean`` stays light.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from policytool.api import code, depts, diff, keywords, parse, targets
    from policytool.cleaning import InputError, clean, load
    from policytool.compare import DiffResult
    from policytool.departments import Departments, load_departments
    from policytool.duties import DutyReport, attach_duties
    from policytool.instruments import Codebook, CodebookError, Coding, code_document, load_codebook
    from policytool.model import Clause, Cleaned, Dept, Document, Duty, Failure, Meta, Removed, Source
    from policytool.quantities import TargetReport
    from policytool.terms import KeywordReport

__version__ = "0.1.0"

# Where each public name lives. They are imported on first use, so that the command
# line's --help and `import policytool` cost no regex compilation or YAML loading.
_EXPORTS = {
    # One call per command: a document in, the record the command prints out.
    **dict.fromkeys(("parse", "depts", "targets", "code", "keywords", "diff"), "policytool.api"),
    # The records they return that no other name here gives.
    "TargetReport": "policytool.quantities",
    "KeywordReport": "policytool.terms",
    "DiffResult": "policytool.compare",
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
    "DiffResult",
    "Document",
    "Duty",
    "DutyReport",
    "Failure",
    "InputError",
    "KeywordReport",
    "Meta",
    "Removed",
    "Source",
    "TargetReport",
    "__version__",
    "attach_duties",
    "clean",
    "code",
    "code_document",
    "depts",
    "diff",
    "keywords",
    "load",
    "load_codebook",
    "load_departments",
    "parse",
    "targets",
]
