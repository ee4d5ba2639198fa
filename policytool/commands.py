"""What each command is: the stage it runs, the record it gives, the formats it writes.

A command's output formats are declared here once, each a name, a line of help, a line
for docs/commands.md, whether it is written a document at a time (``streams``) and the
writer that writes it. The CLI builds its ``--format`` choices, default and streaming
from COMMANDS; docs/commands.md's format rows are tested equal to ``format_rows``.

A writer is ``write(results, view, out, at)``: the results to write (for a command that
reads documents, their results and Failures in input order; for a whole-run report, that
report), the command's View (what the user asked to see), the text stream, and ``At``
(where in the output this call writes). Writers are named as ``module:function`` and
imported when used: this module is read when the command line starts and imports nothing.

Adding an output format is one ``register_format`` call (or one Format in a command's
tuple below) and its writer.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, NamedTuple, TextIO

# NamedTuples, not dataclasses: this module is read on every start, and making a dataclass
# costs a millisecond there.


class At(NamedTuple):
    """Where in the output a writer's call writes.

    ``first``: nothing of the output is written yet (a CSV header, a byte-order mark, a
    separator come once); ``several``: the run names several inputs (JSON writes an array).
    """

    first: bool = True
    several: bool = False


Writer = Callable[[Any, Any, TextIO, At], None]


class Format(NamedTuple):
    """One output format of one command."""

    name: str
    help: str  # a few words for --help, after the name: `jsonl (one clause per line)`
    doc: str  # what it writes, for docs/commands.md
    writer: str  # `module:function`, imported when the format is used
    streams: bool = True  # written a document at a time, as documents are done

    def write(self) -> Writer:
        """Return the writer function, importing its module."""
        module, _, function = self.writer.partition(":")
        return getattr(importlib.import_module(module), function)


class Command(NamedTuple):
    """One command: the batch stage each input runs through, the record it gives, its formats."""

    name: str
    stage: str  # a name in policytool.batch.STAGES
    result: str  # the record each input gives, as the library names it
    formats: tuple[Format, ...]  # the first is the default

    @property
    def default(self) -> str:
        return self.formats[0].name

    def format(self, name: str) -> Format:
        return next(f for f in self.formats if f.name == name)


CLEAN = "policytool.render.clean"
DOCUMENT = "policytool.render.document"
DEPTS = "policytool.render.depts"
KEYWORDS = "policytool.render.keywords"
TARGETS = "policytool.render.targets"
CODES = "policytool.render.instruments"
DIFF = "policytool.render.diff"

# Said of every JSON format of a command that reads documents.
ARRAY = "an array for several inputs"

COMMANDS: dict[str, Command] = {
    c.name: c
    for c in (
        Command("clean", stage="clean", result="Cleaned", formats=(
            Format("text", "one paragraph per line",
                   doc="one paragraph per line; with several inputs each starts with `==> path <==`",
                   writer=f"{CLEAN}:write_text"),
            Format("json", "text, meta and what was removed", streams=False,
                   doc='`{"schema": "policytool.clean/1", "source", "meta", "paragraphs", "removed", "warnings"}`;'
                   f" {ARRAY}",
                   writer=f"{CLEAN}:write_json"),
            Format("jsonl", "one document per line", doc="one such object per line", writer=f"{CLEAN}:write_jsonl"),
        )),
        Command("parse", stage="parse", result="Document", formats=(
            Format("tree", "for reading", doc="a tree for reading: id, marker and title, a short preview of the text",
                   writer=f"{DOCUMENT}:write_tree"),
            Format("json", "", streams=False,
                   doc=f'`{{"schema": "policytool.document/1", "source", "meta", "clauses": [...]}}`, {ARRAY}',
                   writer=f"{DOCUMENT}:write_json"),
            Format("jsonl", "one clause per line",
                   doc="one clause per line (`policytool.clause/1`), each with the document's `path`",
                   writer=f"{DOCUMENT}:write_jsonl"),
            Format("md", "an outline", doc="a Markdown outline", writer=f"{DOCUMENT}:write_markdown"),
        )),
        Command("depts", stage="depts", result="DutyReport", formats=(
            Format("table", "for reading", streams=False,
                   doc="per document: clause, title, lead, support, mode; then a per-department summary",
                   writer=f"{DEPTS}:write_table"),
            Format("json", "", streams=False,
                   doc='`{"schema": "policytool.depts/1", "documents": [...], "departments": [...]}`',
                   writer=f"{DEPTS}:write_json"),
            Format("jsonl", "one assignment per line",
                   doc="one assignment per line (`policytool.assignment/1`) with its document's `path`: a corpus"
                   " of any size in constant memory",
                   writer=f"{DEPTS}:write_jsonl"),
            Format("csv", "a row per clause × department",
                   doc="one row per clause × department with its role; add `--bom` for Excel",
                   writer=f"{DEPTS}:write_csv"),
            Format("md", "", streams=False, doc="the same tables in Markdown", writer=f"{DEPTS}:write_markdown"),
        )),
        Command("keywords", stage="terms", result="KeywordReport", formats=(
            Format("table", "for reading", streams=False,
                   doc="a table of term, score and count per document (per section with `--by section`)",
                   writer=f"{KEYWORDS}:write_table"),
            Format("json", "", streams=False,
                   doc='`{"schema": "policytool.keywords/1", "method", "by", "documents": [...]}`; with `--compare`,'
                   ' `"a"`, `"b"`, `"distinctive_a"`, `"distinctive_b"`, `"shared"`',
                   writer=f"{KEYWORDS}:write_json"),
            Format("jsonl", "one term per line", streams=False,
                   doc="one term per line (`policytool.keyword/1`) with its document's `path`, `section` and"
                   " `rank`; with `--compare`, `policytool.contrast/1` lines",
                   writer=f"{KEYWORDS}:write_jsonl"),
            Format("csv", "", streams=False, doc="the same rows; add `--bom` for Excel",
                   writer=f"{KEYWORDS}:write_csv"),
            Format("md", "", streams=False, doc="Markdown tables", writer=f"{KEYWORDS}:write_markdown"),
        )),
        Command("targets", stage="targets", result="TargetReport", formats=(
            Format("table", "for reading",
                   doc="per document: clause, indicator, comparator with value and unit, year, kind",
                   writer=f"{TARGETS}:write_table"),
            Format("json", "", streams=False,
                   doc='`{"schema": "policytool.targets/1", "documents": [{"source", "meta", "targets": [...]}]}`',
                   writer=f"{TARGETS}:write_json"),
            Format("jsonl", "one target per line",
                   doc="one target per line (`policytool.target/1`), each with its document's `path`",
                   writer=f"{TARGETS}:write_jsonl"),
            Format("csv", "", doc="one row per target (`value`, `value_high` for a range); add `--bom` for Excel",
                   writer=f"{TARGETS}:write_csv"),
        )),
        Command("code", stage="code", result="Coding", formats=(
            Format("table", "for reading",
                   doc="per document: clause, title, each code and its evidence words; then the share of each type",
                   writer=f"{CODES}:write_table"),
            Format("json", "", streams=False,
                   doc='`{"schema": "policytool.codes/1", "codebook", "documents": [...]}`: clauses with codes and'
                   " evidence spans, and the matrix",
                   writer=f"{CODES}:write_json"),
            Format("jsonl", "one clause per line",
                   doc="one coded clause per line (`policytool.code/1`), each with its document's `path`",
                   writer=f"{CODES}:write_jsonl"),
            Format("csv", "clause × code",
                   doc="one row per clause × code (uncoded clauses too, for review); with `--matrix`, one row per"
                   " sub-type × section; `--bom` for Excel",
                   writer=f"{CODES}:write_csv"),
            Format("md", "", doc="the same tables in Markdown", writer=f"{CODES}:write_markdown"),
        )),
        # diff reads its two documents through the parse stage, then compares them.
        Command("diff", stage="parse", result="DiffResult", formats=(
            Format("text", "for reading", streams=False,
                   doc="summary line, then each difference with the edit in red and green on a terminal, marked"
                   " `[-删除-]{+插入+}` wherever colour is not shown (a pipe or file, `NO_COLOR`, `TERM=dumb`)",
                   writer=f"{DIFF}:write_text"),
            Format("json", "", streams=False,
                   doc='`{"schema": "policytool.diff/1", "a", "b", "mode", "summary", "pairs": [...]}` (trace mode:'
                   ' `"paragraphs"`)',
                   writer=f"{DIFF}:write_json"),
            Format("md", "for a report", streams=False, doc="for pasting into a report",
                   writer=f"{DIFF}:write_markdown"),
        )),
    )
}  # fmt: skip

# `keywords --compare A B`: the same formats as keywords, each written by a writer of its own.
COMMANDS["keywords --compare"] = Command("keywords --compare", stage="terms", result="Comparison", formats=tuple(
    f._replace(writer=f.writer.replace(":write_", ":write_comparison_")) for f in COMMANDS["keywords"].formats
))  # fmt: skip


def register_format(fmt: Format, commands: tuple[str, ...] | None = None) -> None:
    """Add an output format to the named commands (all of them without names).

    Call it before the command line is built (before importing policytool.cli): the
    ``--format`` choices are read from COMMANDS then.
    """
    for name in commands or tuple(COMMANDS):
        command = COMMANDS[name]
        others = tuple(f for f in command.formats if f.name != fmt.name)
        COMMANDS[name] = command._replace(formats=(*others, fmt))


def format_help(command: str) -> str:
    """Return the --format help: `table (for reading), json, jsonl (one clause per line) or md.`"""
    names = [f"{f.name} ({f.help})" if f.help else f.name for f in COMMANDS[command].formats]
    return (", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]) + "."


def format_rows(command: str) -> list[str]:
    """Return the --format rows of the command's options table in docs/commands.md."""
    rows = []
    for k, f in enumerate(COMMANDS[command].formats):
        default = " (default)" if k == 0 else ""
        streams = "; written as each document is done" if f.streams else ""
        rows.append(f"| `--format {f.name}`{default} | {f.doc}{streams} |")
    return rows
