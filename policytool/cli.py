"""The command line: arguments → library → rendering. No analysis happens here."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from typing import Annotated

import typer

from policytool import __version__
from policytool.cleaning import InputError, clean, load
from policytool.inputs import Input, expand
from policytool.model import Cleaned
from policytool.render import render_clean

app = typer.Typer(
    name="policytool",
    help="Chinese policy documents (政策文件) into structured, checkable data.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class CleanFormat(StrEnum):
    text = "text"
    json = "json"
    jsonl = "jsonl"


class InputFormat(StrEnum):
    auto = "auto"
    post = "post"
    html = "html"
    pdf = "pdf"
    text = "text"


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
    typer.echo(f"policytool: {name}: {message}", err=True)


def _clean_one(item: Input, input_format: str) -> Cleaned:
    if item.error:
        raise InputError(item.error)
    if item.path is not None:
        return load(item.path, input_format=input_format)
    return clean(item.data or b"", input_format=input_format, path=item.name)


@app.command(
    "clean",
    epilog=(
        "Examples:\n\n"
        "  policytool clean seeds/002_1b94758247acec77.txt\n\n"
        "  policytool clean seeds/ --format jsonl > cleaned.jsonl\n\n"
        "  curl -s URL | policytool clean - --input-format html --format json"
    ),
)
def clean_command(
    paths: Annotated[
        list[str], typer.Argument(help="Files, folders (searched recursively) or - for stdin.", metavar="FILE|DIR|-...")
    ],
    fmt: Annotated[
        CleanFormat,
        typer.Option(
            "--format", "-f", help="text: one paragraph per line; json/jsonl: text, meta and what was removed."
        ),
    ] = CleanFormat.text,
    input_format: Annotated[
        InputFormat, typer.Option("--input-format", help="Force the input format instead of detecting it.")
    ] = InputFormat.auto,
    glob: Annotated[
        str | None, typer.Option("--glob", help="File pattern for folders (default: *.txt *.html *.htm *.md).")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Do not print warnings.")] = False,
) -> None:
    """Clean raw dumps into paragraphs and metadata, recording everything removed."""
    failed = False
    results: list[Cleaned | tuple[str, str]] = []
    for item in expand(paths, glob):
        try:
            doc = _clean_one(item, input_format.value)
        except InputError as exc:
            message = str(exc)
        except Exception as exc:  # noqa: BLE001 - a bug must cost one document, not the run
            message = f"internal error ({type(exc).__name__}: {exc}); please report it"
        else:
            message = ""
        if message:
            error(item.name, message)
            failed = True
            results.append((item.name, message))
            if fmt is CleanFormat.jsonl:
                sys.stdout.write(render_clean(results[-1:], "jsonl", several=True))
                results.clear()
            continue
        if not quiet:
            for warning in doc.warnings:
                error(item.name, f"warning: {warning}")
        results.append(doc)
        if fmt is not CleanFormat.json:
            # Stream: text and JSONL are written as each document is done.
            sys.stdout.write(render_clean(results[-1:], fmt.value, several=len(paths) > 1 or _is_dir(paths)))
            results.clear()
    if fmt is CleanFormat.json:
        sys.stdout.write(render_clean(results, "json", several=len(results) != 1 or _is_dir(paths)))
    sys.stdout.flush()
    if failed:
        raise typer.Exit(1)


def _is_dir(paths: list[str]) -> bool:
    return any(os.path.isdir(p) for p in paths)


def main() -> None:
    """Console entry point: quiet on a closed pipe (exit 0) and on Ctrl-C (exit 130)."""
    try:
        app()
    except BrokenPipeError:
        # `policytool clean … | head`: stop writing, say nothing.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
    except KeyboardInterrupt:
        sys.stderr.write("policytool: interrupted\n")
        sys.exit(130)
