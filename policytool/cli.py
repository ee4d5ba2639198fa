"""The command line: arguments → library → rendering. No analysis happens here."""

from __future__ import annotations

import inspect
import io
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, contextmanager
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple, TextIO

import typer

from policytool import __version__, commands, readers
from policytool.cli_help import HelpCommand, HelpGroup
from policytool.commands import COMMANDS, At, Writer

if TYPE_CHECKING:
    from policytool.departments import Departments
    from policytool.inputs import Input
    from policytool.instruments import Codebook

# The library is imported inside each command, not here: `policytool --help` and a
# mistyped option answer without compiling a pattern or loading the dictionary.

APP_SETTINGS: dict[str, Any] = {
    "name": "policytool",
    "help": "Chinese policy documents (政策文件) into structured, checkable data.",
    "no_args_is_help": True,
    "add_completion": True,
    # Help pages drawn by cli_help: typer's rich help costs 0.1 s of imports per run.
    "cls": HelpGroup,
    "rich_markup_mode": None,
    "pretty_exceptions_enable": False,
    "context_settings": {"help_option_names": ["-h", "--help"]},
}
app = typer.Typer(**APP_SETTINGS)


class Kind(StrEnum):
    target = "target"
    achieved = "achieved"
    all = "all"


class By(StrEnum):
    clause = "clause"
    dept = "dept"


class KeywordsBy(StrEnum):
    document = "document"
    section = "section"


class Method(StrEnum):
    auto = "auto"
    tfidf = "tfidf"
    textrank = "textrank"


# diff's --format (the commands that read documents get theirs from `documents_command`).
DiffFormat = StrEnum("DiffFormat", {f.name: f.name for f in COMMANDS["diff"].formats})
DIFF_DEFAULT = DiffFormat(COMMANDS["diff"].default)


# `auto`, then each reader's name (policytool.readers.READERS).
InputFormat = StrEnum("InputFormat", {"auto": "auto", **{name: name for name in readers.NAMES}})


def _version(value: bool) -> None:
    if value:
        typer.echo(f"policytool {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Chinese policy documents (政策文件) into structured, checkable data."""


def error(name: str, message: str) -> None:
    """Print one clear line about one input on stderr."""
    typer.echo(error_line(name, message), err=True)


def error_line(name: str, message: str) -> str:
    """Return the line `error` prints (a progress bar prints it above itself)."""
    return f"policytool: {name}: {message}"


def _inputs(paths: list[str] | None, files_from: str | None, glob: str | None, max_size: int) -> list[Input]:
    """Return the inputs named on the command line and in --files-from, in order (standard
    input read here, up to ``max_size`` bytes)."""
    from policytool.inputs import expand, stdin_bytes
    from policytool.names import os_reason, shown_name

    names = list(paths or [])
    if files_from is not None:
        try:
            raw = stdin_bytes().read() if files_from == "-" else Path(files_from).read_bytes()
        except OSError as exc:
            error(shown_name(files_from), f"cannot read the list of files ({os_reason(exc)})")
            raise typer.Exit(2) from None
        # Names that are not UTF-8 (a GBK-named file listed by `find`) are read as the
        # command line reads them, so that they open.
        text = raw.decode("utf-8", "surrogateescape")
        names += [line.strip() for line in text.splitlines() if not _comment_or_blank(line)]
    if not names:
        typer.echo("policytool: no input: give files, folders, - for stdin, or --files-from FILE", err=True)
        raise typer.Exit(2)
    return list(expand(names, glob, max_size=max_size))


def _comment_or_blank(line: str) -> bool:
    """True for a line of a --files-from list that names no file: blank, or `# a comment`.

    A file whose name starts with # is still named as ./#name.
    """
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


class Run(NamedTuple):
    """The options every command that reads documents shares, as the user gave them.

    A NamedTuple, not a dataclass: this module is imported on every start, and making a
    dataclass costs a millisecond there.
    """

    command: str  # a name in policytool.COMMANDS
    paths: list[str] | None
    fmt: str
    input_format: str = "auto"
    max_size: int = 64  # MB
    glob: str | None = None
    files_from: str | None = None
    jobs: int | None = None
    quiet: bool = False
    dictionary: list[Path] | None = None
    bom: bool = False


def _run(
    run: Run,
    view: Any = None,
    *,
    stage: str | Callable[[list[Input]], str] | None = None,
    write: Writer | None = None,
    stream: bool | None = None,
    codebook: Path | None = None,
) -> None:
    """Process every input in order: one line on stderr per failure, exit 1 if any failed.

    The command's spec gives the batch stage and the writer of the format asked for, and
    whether it streams: each document written as soon as it is done (in input order), or
    all at once at the end. ``stage`` (a name, or a choice made from the inputs, which may
    refuse them), ``write`` and ``stream`` replace the spec's.
    """
    from policytool import batch
    from policytool.ingest import MB
    from policytool.model import Failure

    spec = COMMANDS[run.command]
    fmt = spec.format(run.fmt)
    write = write or fmt.write()
    stream = fmt.streams if stream is None else stream
    items = _inputs(run.paths, run.files_from, run.glob, run.max_size * MB)
    if callable(stage):
        stage = stage(items)
    paths = run.paths or []
    several = run.files_from is not None or len(paths) > 1 or any(os.path.isdir(p) for p in paths)
    out = _Started(sys.stdout)
    failed = False
    pending: list[Any] = []
    outcomes = batch.run(
        stage or spec.stage,
        items,
        input_format=run.input_format,
        dict_files=run.dictionary or (),
        codebook=codebook,
        jobs=run.jobs,
        max_size=run.max_size * MB,
    )
    try:
        with closing(outcomes), _progress(items, run.quiet, stream) as bar:
            for outcome in outcomes:
                bar.advance(outcome.size)
                if outcome.error:
                    bar.error(outcome.name, outcome.error)
                    failed = True
                    pending.append(Failure(outcome.name, outcome.error))
                else:
                    if not run.quiet:
                        for warning in outcome.warnings:
                            bar.error(outcome.name, f"warning: {warning}")
                    pending.append(outcome.result)
                if stream:
                    write(pending, view, out.stream, At(first=not out.started, several=several))
                    pending = []
        if not stream:
            write(pending, view, out.stream, At(first=not out.started, several=several or len(pending) != 1))
        sys.stdout.flush()
    except BrokenPipeError:
        _drop_stdout()  # `policytool parse … | head -1`: the reader has what it wanted
        return
    if failed:
        raise typer.Exit(1)


class _Started:
    """Standard output, watched until something is written to it.

    A writer is told whether it starts the output (``At.first``): a CSV header comes once,
    and Markdown documents are joined by a blank line, also when the first inputs failed
    and wrote nothing. Once started, writers get standard output itself.
    """

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.started = False

    @property
    def stream(self) -> Any:
        return self.out if self.started else self

    def write(self, text: str) -> int:
        self.started = self.started or bool(text)
        return self.out.write(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.out, name)


def _drop_stdout() -> None:
    """Point standard output at /dev/null after the reader closed the pipe.

    Click would exit 1 on the closed pipe, and Python would complain when it flushes
    the buffered rest at exit; a closed pipe is a normal end (exit 0), said nothing about.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


# A progress bar appears for more inputs than this, when stderr is a terminal.
PROGRESS_MIN = 5


class _Quiet:
    """No bar: a finished document is not shown, a line goes straight to stderr."""

    def advance(self, size: int) -> None:
        pass

    def error(self, name: str, message: str) -> None:
        error(name, message)


@contextmanager
def _progress(items: list[Input], quiet: bool, stream: bool) -> Iterator[Any]:
    """Yield what to call per finished document (``advance``) and per line for stderr (``error``).

    A bar shows on a terminal. It draws on stderr only: rich would otherwise take over
    stdout and print the output on the screen instead of into the file or pipe it was
    sent to (`policytool depts DIR --format jsonl > out.jsonl`), so stdout stays as it is,
    and stderr lines are printed above the bar by its console. No bar either when the
    output streams onto the same screen: its lines would run into the bar.
    """
    if quiet or len(items) <= PROGRESS_MIN or not sys.stderr.isatty() or (stream and sys.stdout.isatty()):
        yield _Quiet()
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from policytool.batch import input_size

    total = sum(input_size(i.path) if i.path else len(i.data or b"") for i in items)
    columns = (
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[mb]:.1f}/{task.fields[total_mb]:.1f} MB · {task.fields[rate]:.0f} docs/s"),
        TimeRemainingColumn(),
    )
    console = Console(stderr=True)
    progress = Progress(*columns, console=console, transient=True, redirect_stdout=False, redirect_stderr=False)
    with progress:
        task = progress.add_task("documents", total=len(items), mb=0.0, total_mb=total / 1e6, rate=0.0)

        class Bar:
            done = 0

            def advance(self, size: int) -> None:
                self.done += size
                elapsed = progress.tasks[0].elapsed or 1e-9
                rate = progress.tasks[0].completed / elapsed
                progress.update(task, advance=1, mb=self.done / 1e6, rate=rate)

            def error(self, name: str, message: str) -> None:
                line = error_line(name, message)
                console.print(line, markup=False, highlight=False, emoji=False, soft_wrap=True)

        yield Bar()


PathsArg = Annotated[
    list[str] | None,
    typer.Argument(help="Files, folders (searched recursively) or - for stdin.", metavar="FILE|DIR|-..."),
]
FilesFromOpt = Annotated[
    str | None,
    typer.Option(
        "--files-from",
        metavar="FILE",
        rich_help_panel="Input",
        help=(
            "Read more inputs from FILE, one path per line (- for stdin); blank lines and lines"
            " starting with # are skipped (name a file that starts with # as ./#name)."
        ),
    ),
]
JobsOpt = Annotated[
    int | None,
    typer.Option(
        "--jobs", "-j", min=1, metavar="N", rich_help_panel="Run", help="Worker processes (default: one per core)."
    ),
]
# The default of --max-size, policytool.ingest.MAX_SIZE_MB, written out: the CLI does not
# import the library to draw its help (a test holds the two equal).
MAX_SIZE_MB = 64
MaxSizeOpt = Annotated[
    int,
    typer.Option(
        "--max-size",
        min=1,
        metavar="MB",
        rich_help_panel="Input",
        help="Refuse inputs larger than this many MB (10^6 bytes), unread.",
    ),
]
InputFormatOpt = Annotated[
    InputFormat,
    typer.Option(
        "--input-format",
        rich_help_panel="Input",
        help="Force the input format instead of detecting it: "
        + "; ".join(f"{reader.name}: {reader.help}" for reader in readers.READERS)
        + ".",
    ),
]
GlobOpt = Annotated[
    str | None,
    typer.Option(
        "--glob",
        metavar="PATTERN",
        rich_help_panel="Input",
        help=f"File pattern for folders (default: {' '.join('*' + s for s in readers.DOCUMENT_SUFFIXES)}).",
    ),
]
BomOpt = Annotated[bool, typer.Option("--bom", help="Start CSV with a byte-order mark so Excel reads it as UTF-8.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", rich_help_panel="Run", help="Do not print warnings.")]
DictOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--dict",
        metavar="FILE.yaml",
        help="Extra department names (YAML, same format as the built-in dictionary); repeatable.",
    ),
]


def _format_option(command: str) -> Any:
    """The --format option of a command: its choices, default and help from policytool.commands."""
    spec = COMMANDS[command]
    choices = StrEnum(f"{command.title()}Format", {f.name: f.name for f in spec.formats})
    option = typer.Option("--format", "-f", help=commands.format_help(command))
    return inspect.Parameter("fmt", KEYWORD, annotation=Annotated[choices, option], default=choices(spec.default))


KEYWORD = inspect.Parameter.KEYWORD_ONLY

# The options every command that reads documents has, after its own, in this order: Run's
# fields. --dict and --bom only where the command uses them.
SHARED_OPTIONS = (
    inspect.Parameter("dictionary", KEYWORD, annotation=DictOpt, default=None),
    inspect.Parameter("bom", KEYWORD, annotation=BomOpt, default=False),
    inspect.Parameter("input_format", KEYWORD, annotation=InputFormatOpt, default=InputFormat.auto),
    inspect.Parameter("max_size", KEYWORD, annotation=MaxSizeOpt, default=MAX_SIZE_MB),
    inspect.Parameter("glob", KEYWORD, annotation=GlobOpt, default=None),
    inspect.Parameter("files_from", KEYWORD, annotation=FilesFromOpt, default=None),
    inspect.Parameter("jobs", KEYWORD, annotation=JobsOpt, default=None),
    inspect.Parameter("quiet", KEYWORD, annotation=QuietOpt, default=False),
)


def documents_command(name: str, *examples: str, dictionary: bool = False, bom: bool = False) -> Callable:
    """Register ``func(run, **own_options)`` as the command ``name`` that reads documents.

    Its arguments (FILE|DIR|-...), its --format (from policytool.commands) and the options
    every such command shares are added here, once; ``func`` declares only its own options
    and gets the shared ones as a ``Run``.
    """
    skipped = {option for option, used in (("dictionary", dictionary), ("bom", bom)) if not used}

    def register(func: Callable[..., None]) -> Callable[..., None]:
        shared = tuple(p for p in SHARED_OPTIONS if p.name not in skipped)
        command = _DocumentsCommand(name, func, shared)
        app.command(name, cls=HelpCommand, epilog=_examples(examples))(command)
        return func

    return register


class _DocumentsCommand:
    """A command that reads documents, as typer sees it: a callable whose signature is the
    function's own options between the arguments and --format, and the shared options.

    The signature is made when typer asks for it: a run builds only the command it runs
    (see ``app_for``), and the other commands' options cost it nothing.
    """

    def __init__(self, name: str, func: Callable[..., None], shared: tuple[inspect.Parameter, ...]) -> None:
        self.name, self.func, self.shared = name, func, shared
        self.__name__, self.__qualname__, self.__doc__ = func.__name__, func.__qualname__, func.__doc__
        self.__module__ = func.__module__

    @cached_property
    def __signature__(self) -> inspect.Signature:
        own = list(inspect.signature(self.func, eval_str=True).parameters.values())[1:]
        paths = inspect.Parameter("paths", KEYWORD, annotation=PathsArg, default=None)
        return inspect.Signature(
            [paths, _format_option(self.name), *(p.replace(kind=KEYWORD) for p in own), *self.shared]
        )

    @property
    def __annotations__(self) -> dict[str, Any]:  # read by typing.get_type_hints
        return {p.name: p.annotation for p in self.__signature__.parameters.values()}

    def __call__(self, **options: Any) -> None:
        given = {p.name: options.pop(p.name) for p in self.shared}
        given["input_format"] = given["input_format"].value
        fmt = options.pop("fmt").value
        self.func(Run(self.name, options.pop("paths"), fmt, **given), **options)


def _examples(lines: tuple[str, ...]) -> str:
    return "Examples:\n\n" + "\n\n".join(f"  {line}" for line in lines)


@documents_command(
    "clean",
    "policytool clean seeds/002_1b94758247acec77.txt",
    "policytool clean seeds/ --format jsonl > cleaned.jsonl",
    "curl -s URL | policytool clean - --input-format html --format json",
)
def clean_command(run: Run) -> None:
    """Clean raw dumps into paragraphs and metadata, recording everything removed."""
    _run(run)


@documents_command(
    "parse",
    "policytool parse seeds/004_ad0221d9827c4750.txt --depth 1",
    "policytool parse seeds/001_7fbf1e66332ad55d.txt --format json | jq '.clauses[].title'",
    "policytool parse seeds/ --format jsonl > clauses.jsonl",
    dictionary=True,
)
def parse_command(
    run: Run,
    depth: Annotated[
        int | None,
        typer.Option("--depth", "-d", min=0, metavar="N", help="Show clauses down to this depth (tree and md)."),
    ] = None,
) -> None:
    """Segment documents into their tree of numbered clauses, with stable IDs and duties."""
    from policytool.render.document import View

    _departments(run.dictionary)  # a bad --dict is a usage error before any work
    _run(run, View(depth=depth))


def _departments(files: list[Path] | None) -> Departments:
    """Load the department dictionary with the user's files; a bad file is a usage error."""
    from policytool.departments import DictionaryError, load_departments

    try:
        return load_departments(files or None)
    except DictionaryError as exc:
        typer.echo(f"policytool: {exc}", err=True)
        raise typer.Exit(2) from None


@documents_command(
    "depts",
    "policytool depts seeds/001_7fbf1e66332ad55d.txt",
    "policytool depts seeds/001_7fbf1e66332ad55d.txt --dept 国家卫健委 --by dept",
    "policytool depts seeds/ --format csv --bom > duties.csv",
    dictionary=True,
    bom=True,
)
def depts_command(
    run: Run,
    by: Annotated[
        By, typer.Option("--by", help="clause: one row per task; dept: each department's task list.")
    ] = By.clause,
    dept: Annotated[
        str | None, typer.Option("--dept", metavar="NAME", help="Only this department (any name or alias of it).")
    ] = None,
    matrix: Annotated[bool, typer.Option("--matrix", help="Department × section matrix of clause counts.")] = False,
    current: Annotated[
        bool, typer.Option("--current", help="Name departments as they are today, after institutional reforms.")
    ] = False,
) -> None:
    """Who leads and who supports each clause: responsibility tags as tables."""
    from policytool.render.depts import View

    departments = _departments(run.dictionary)
    wanted = None
    if dept:
        found = departments.resolve(dept)
        wanted = found.current if current else found.name
    _run(run, View(by=by.value, dept=wanted, dept_raw=dept, matrix=matrix, current=current, bom=run.bom))


@documents_command(
    "keywords",
    "policytool keywords seeds/ --top 10",
    "policytool keywords seeds/004_ad0221d9827c4750.txt --by section --top 5",
    "policytool keywords --compare seeds/001_7fbf1e66332ad55d.txt seeds/004_ad0221d9827c4750.txt",
    dictionary=True,
    bom=True,
)
def keywords_command(
    run: Run,
    by: Annotated[
        KeywordsBy, typer.Option("--by", help="document, or section: each level-1 section as well.")
    ] = KeywordsBy.document,
    top: Annotated[int, typer.Option("--top", "-n", min=1, help="Terms per document or section.")] = 20,
    method: Annotated[
        Method,
        typer.Option("--method", help="auto: TF-IDF over the documents given, TextRank for a single one."),
    ] = Method.auto,
    compare_two: Annotated[
        bool, typer.Option("--compare", help="Two documents A B: the terms that set each apart, and shared ones.")
    ] = False,
    keep_policy_verbs: Annotated[
        bool, typer.Option("--keep-policy-verbs", help="Keep the filler verbs of policy prose (推进, 加强, 完善…).")
    ] = False,
) -> None:
    """Keywords per document or section (TF-IDF over the documents given), or what sets two apart."""
    from policytool import terms
    from policytool.model import Failure
    from policytool.render.keywords import Ranked, View

    if compare_two and (by is not KeywordsBy.document or method is not Method.auto):
        typer.echo("policytool: --compare ranks whole documents by log-odds; drop --by and --method", err=True)
        raise typer.Exit(2)
    _departments(run.dictionary)  # a bad --dict is a usage error before any work
    view = View(bom=run.bom)

    # Chosen from the inputs named, not from those read: if some fail, the counts the workers
    # made (with or without co-occurrences) still fit the method.
    chosen = {"method": method.value}

    def stage(items: list[Input]) -> str:
        if compare_two and len(items) != 2:
            typer.echo(f"policytool: --compare needs two documents, A and B ({len(items)} given)", err=True)
            raise typer.Exit(2)
        if method is Method.auto:
            chosen["method"] = "textrank" if len(items) == 1 else "tfidf"
        if chosen["method"] != "textrank":
            return "terms"
        return "terms-graph" if by is KeywordsBy.section else "terms-graph-document"

    if compare_two:
        write_comparison = COMMANDS["keywords --compare"].format(run.fmt).write()

        def compare(results: list[Any], view: View, out: TextIO, at: At) -> None:
            counts = [r for r in results if not isinstance(r, Failure)]
            if len(counts) == 2:
                result = terms.compare(*counts, top=top, keep_policy_verbs=keep_policy_verbs)
                write_comparison(result, view, out, at)

        _run(run, view, stage=stage, write=compare, stream=False)
        return

    # Each document's counts go to a file as they come, so a corpus's counts never sit in
    # memory; failed inputs keep their places for the output.
    with terms.CountStore() as store:
        places: list[Failure | None] = []

        def collect(results: list[Any], view: View, out: TextIO, at: At) -> None:
            for r in results:
                if isinstance(r, Failure):
                    places.append(r)
                else:
                    store.add(r)
                    places.append(None)

        failed: typer.Exit | None = None
        try:
            _run(run, view, stage=stage, write=collect, stream=True)
        except typer.Exit as stop:
            failed = stop  # some inputs failed: the others are still ranked and written
        if failed is not None and failed.exit_code != 1:
            raise failed
        report = terms.keywords(
            store, by=by.value, top=top, method=chosen["method"], keep_policy_verbs=keep_policy_verbs
        )
        COMMANDS["keywords"].format(run.fmt).write()(Ranked(report, places), view, sys.stdout, At())
    if failed is not None:
        raise failed


@documents_command(
    "targets",
    "policytool targets seeds/004_ad0221d9827c4750.txt",
    "policytool targets seeds/004_ad0221d9827c4750.txt --kind achieved --format json",
    "policytool targets seeds/ --kind all --format csv --bom > targets.csv",
    bom=True,
)
def targets_command(
    run: Run,
    kind: Annotated[
        Kind, typer.Option("--kind", help="target: commitments; achieved: results already reached; all: both.")
    ] = Kind.target,
) -> None:
    """Quantitative targets (覆盖率不低于80%, 到2025年…) with their clause, value, unit and deadline."""
    from policytool.render.targets import View

    _run(run, View(kind=kind.value, bom=run.bom))


def _codebook(path: Path | None) -> Codebook:
    """Load the codebook (the built-in one unless --codebook); a bad file is a usage error."""
    from policytool.instruments import CodebookError, load_codebook

    try:
        return load_codebook(path)
    except CodebookError as exc:
        typer.echo(f"policytool: {exc}", err=True)
        raise typer.Exit(2) from None


@documents_command(
    "code",
    "policytool code seeds/002_1b94758247acec77.txt --matrix",
    "policytool code seeds/ --format csv --bom > codes.csv",
    "policytool code seeds/004_ad0221d9827c4750.txt --format json"
    " | jq '.documents[0].matrix.rows[] | select(.subtype == null) | {type, total, share}'",
    dictionary=True,
    bom=True,
)
def code_command(
    run: Run,
    codebook_file: Annotated[
        Path | None,
        typer.Option(
            "--codebook",
            metavar="FILE.yaml",
            help="Your own codebook (YAML, see docs/codebook.md) instead of the built-in one.",
        ),
    ] = None,
    matrix: Annotated[
        bool, typer.Option("--matrix", help="Instrument × section matrix: counts and shares (table, csv, md).")
    ] = False,
    level: Annotated[
        int, typer.Option("--level", "-l", min=1, help="Section level of the matrix columns (1: 一、二、…).")
    ] = 1,
) -> None:
    """Code each clause with policy instruments (供给型/环境型/需求型) by the evidence words of a codebook."""
    from policytool.render.instruments import View

    codebook = _codebook(codebook_file)  # a bad --codebook is a usage error before any work
    _departments(run.dictionary)
    _run(run, View(codebook=codebook, matrix=matrix, level=level, bom=run.bom), codebook=codebook_file)


@app.command(
    "diff",
    cls=HelpCommand,
    epilog=_examples(
        (
            "policytool diff seeds/001_7fbf1e66332ad55d.txt seeds/002_1b94758247acec77.txt",
            "policytool diff draft.txt final.txt --html redline.html",
            "policytool diff seeds/000_e2f4dd5230c76923.txt seeds/004_ad0221d9827c4750.txt --format json",
        )
    ),
)
def diff_command(
    a: Annotated[str, typer.Argument(help="The earlier version, or the derived text (a news report).")],
    b: Annotated[str, typer.Argument(help="The later version, or the source document.")],
    fmt: Annotated[DiffFormat, typer.Option("--format", "-f", help=commands.format_help("diff"))] = DIFF_DEFAULT,
    trace_mode: Annotated[
        bool | None,
        typer.Option(
            "--trace/--versions", help="Trace A's paragraphs to B's clauses, or compare versions (default: detect)."
        ),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Also show whitespace and full/half-width differences.")
    ] = False,
    context: Annotated[int, typer.Option("--context", "-C", min=0, help="Unchanged clauses shown around changes.")] = 0,
    show_all: Annotated[bool, typer.Option("--all", help="Show every pair, the same ones too.")] = False,
    html_file: Annotated[
        Path | None,
        typer.Option("--html", metavar="FILE.html", help="Also write a self-contained side-by-side redline page."),
    ] = None,
    dictionary: DictOpt = None,
    input_format: InputFormatOpt = InputFormat.auto,
    max_size: MaxSizeOpt = MAX_SIZE_MB,
    quiet: QuietOpt = False,
) -> None:
    """Compare two documents clause by clause: versions of one policy, or a report against its source."""
    from policytool.batch import Resources, process_one
    from policytool.compare import diff as compare
    from policytool.ingest import MB
    from policytool.inputs import expand
    from policytool.names import shown_name
    from policytool.render.diff import View, write_html

    spec = COMMANDS["diff"]
    _departments(dictionary)  # a bad --dict is a usage error before any work
    resources = Resources(tuple(dictionary or ()), max_size=max_size * MB)
    docs = []
    for arg in (a, b):
        name = shown_name(arg)
        items = list(expand([arg], max_size=resources.max_size))
        if len(items) != 1:
            typer.echo(f"policytool: {name}: diff compares two documents, not the {len(items)} in a folder", err=True)
            raise typer.Exit(2)
        # Read as every other command reads a document: any failure is one line naming it.
        outcome = process_one(spec.stage, input_format.value, resources, items[0])
        if outcome.error:
            error(name, outcome.error)
            raise typer.Exit(1)
        if not quiet:
            for warning in outcome.warnings:
                error(name, f"warning: {warning}")
        docs.append(outcome.result)
    mode = "auto" if trace_mode is None else ("trace" if trace_mode else "versions")
    result = compare(docs[0], docs[1], mode=mode, strict=strict)
    try:
        spec.format(fmt.value).write()(result, View(context=context, show_all=show_all), sys.stdout, At())
        sys.stdout.flush()
    except BrokenPipeError:
        _drop_stdout()  # the reader went away; the --html page is still written
    if html_file is not None:
        try:
            with html_file.open("w", encoding="utf-8") as page:
                write_html(result, page)
        except OSError as exc:
            error(shown_name(html_file), f"cannot write ({exc.strerror})")
            raise typer.Exit(1) from None


@app.command(
    "schema",
    cls=HelpCommand,
    epilog=(
        "Examples:\n\n"
        "  policytool schema\n\n"
        "  policytool schema policytool.document/1 > document-1.json\n\n"
        "  policytool schema policytool.clause/1 | jq '.properties | keys'"
    ),
)
def schema_command(
    name: Annotated[
        str | None,
        typer.Argument(help="A schema name as printed in the output; without it, list the names.", metavar="NAME"),
    ] = None,
) -> None:
    """Print the JSON Schema (draft 2020-12) of an output, or list the schema names."""
    from policytool import schemas

    if name is None:
        typer.echo("\n".join(schemas.names()))
        return
    try:
        sys.stdout.write(schemas.text(name))
    except schemas.UnknownSchemaError:
        error(name, f"unknown schema (known: {', '.join(schemas.names())})")
        raise typer.Exit(2) from None


def app_for(argv: list[str]) -> typer.Typer:
    """Return the app a run needs: only the named command when the first argument names one.

    typer turns every command's options into click objects on each run, about 10 ms for
    all of them; a run of one command needs only its own. A run without a command name,
    and shell completion, get the whole app.
    """
    name = argv[1] if len(argv) > 1 else None
    named = [info for info in app.registered_commands if info.name == name]
    if not named or any(key.endswith("_COMPLETE") for key in os.environ):
        return app
    one = typer.Typer(**APP_SETTINGS)
    one.registered_callback = app.registered_callback
    one.registered_commands = named
    return one


class OutputError(Exception):
    """Standard output cannot be written: a full disk, a closed descriptor, an I/O error."""


class _Output(io.TextIOWrapper):
    """Standard output that tells a failed write from any other OSError.

    Output goes through buffers, so a full disk shows at whatever write or flush comes
    next, in any command; an OSError there is turned into OutputError for `main` to
    report as one plain line. A closed pipe stays BrokenPipeError: that is a quiet end.
    """

    def write(self, text: str) -> int:
        try:
            return super().write(text)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError(_reason(exc)) from None

    def flush(self) -> None:
        try:
            super().flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError(_reason(exc)) from None


def _reason(exc: OSError) -> str:
    """`No space left on device` → `no space left on device`."""
    text = exc.strerror or str(exc)
    return text[:1].lower() + text[1:]


def _watch_stdout() -> None:
    """Make sys.stdout an `_Output`, also when the shell closed it (`policytool … >&-`).

    Python leaves sys.stdout None when descriptor 1 is closed, and every print is then
    silently lost. Descriptor 1 is given /dev/null opened for reading instead: a write
    fails with EBADF, which is reported, and no file opened later can take number 1.
    """
    stdout = sys.stdout
    if stdout is None:
        devnull = os.open(os.devnull, os.O_RDONLY)
        if devnull != 1:
            os.dup2(devnull, 1)
            os.close(devnull)
        sys.stdout = _Output(open(1, "wb", closefd=False), encoding="utf-8")  # noqa: SIM115
        return
    if isinstance(stdout, io.TextIOWrapper) and not isinstance(stdout, _Output):
        stdout.flush()
        sys.stdout = _Output(
            stdout.buffer, encoding=stdout.encoding, errors=stdout.errors, line_buffering=stdout.line_buffering
        )


class Stopped(BaseException):
    """SIGTERM or SIGHUP: unwind like Ctrl-C (workers ended, files closed), then exit 128+N.

    A BaseException, as KeyboardInterrupt is, so that no `except Exception` takes it
    for a failed document.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


# The signals that end a run as Ctrl-C does: `kill`, a service manager, a closed terminal.
STOP_SIGNALS = ("SIGTERM", "SIGHUP")


def _stop_on_signals() -> None:
    """Turn SIGTERM and SIGHUP into `Stopped`, unless they are ignored (`nohup` ignores SIGHUP)."""
    main_pid = os.getpid()

    def stop(signum: int, frame: object) -> None:
        if os.getpid() != main_pid:  # a worker forked before it set its own handlers
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        _ignore_signals()  # a second signal must not cut the clean-up short
        raise Stopped(signum)

    for name in STOP_SIGNALS:
        signum = getattr(signal, name, None)
        if signum is not None and signal.getsignal(signum) is signal.SIG_DFL:
            signal.signal(signum, stop)


def _ignore_signals() -> None:
    """Ignore Ctrl-C, SIGTERM and SIGHUP from here on: what was to be done is done."""
    for name in ("SIGINT", *STOP_SIGNALS):
        signum = getattr(signal, name, None)
        if signum is not None and signal.getsignal(signum) not in (signal.SIG_IGN, None):
            signal.signal(signum, signal.SIG_IGN)


def _say(line: str) -> None:
    """Write a last line on stderr, if there is a stderr to write to."""
    try:
        if sys.stderr is not None:
            sys.stderr.write(line + "\n")
            sys.stderr.flush()
    except (OSError, ValueError):
        pass


def main() -> None:
    """Console entry point: quiet on a closed pipe (exit 0) and on Ctrl-C (exit 130);
    one line for output that cannot be written (exit 1) and for SIGTERM/SIGHUP (128+N)."""
    _watch_stdout()
    _stop_on_signals()
    status: int | str | None = None
    try:
        try:
            app_for(sys.argv)()
            status = 0
        except SystemExit as end:
            status = end.code
        # Whatever is still buffered is written now, while a failure can still be told:
        # at interpreter exit it would be a traceback and status 120.
        sys.stdout.flush()
    except BrokenPipeError:
        # `policytool --help | head`: stop writing, say nothing.
        _drop_stdout()
        status = 0 if status is None else status
    except OutputError as exc:
        _say(f"policytool: cannot write output: {exc}")
        _drop_stdout()
        status = 1
    except KeyboardInterrupt:
        _say("policytool: interrupted")
        status = 130
    except Stopped as stop:
        _say(f"policytool: stopped by {signal.Signals(stop.signum).name}")
        _drop_stdout()
        status = 128 + stop.signum
    except Exception as exc:  # noqa: BLE001 - the user gets one line, never a traceback
        _say(f"policytool: internal error ({type(exc).__name__}: {exc}); please report it")
        status = 1
    # The run is over: a Ctrl-C now would only turn its status into a traceback.
    _ignore_signals()
    sys.exit(status)
