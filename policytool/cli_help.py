"""Help pages for the command line: usage, summary, options grouped in sections, examples.

Drawn as plain text with click's own formatter. typer's rich help imports rich's
console, Markdown, Syntax and Traceback (markdown-it, pygments): about 0.1 s on every
`--help`, more than the rest of the start-up together.
"""

from __future__ import annotations

from typing import Any

import typer.core

# Options whose help section is not set go under this title.
OPTIONS = "Options"
ARGUMENTS = "Arguments"
COMMANDS = "Commands"


def format_help(command: Any, ctx: Any, formatter: Any) -> None:
    """Write the help page of ``command`` (a group or a command) into click's ``formatter``."""
    command.format_usage(ctx, formatter)
    if command.help:
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(command.help)
    sections: dict[str, list[tuple[str, str]]] = {}
    for param in command.get_params(ctx):
        record = param.get_help_record(ctx)
        if record is None:
            continue
        default = ARGUMENTS if param.param_type_name == "argument" else OPTIONS
        sections.setdefault(getattr(param, "rich_help_panel", None) or default, []).append(record)
    if isinstance(command, typer.core.TyperGroup):
        sections[COMMANDS] = [
            (name, sub.get_short_help_str(limit=300))
            for name in command.list_commands(ctx)
            if (sub := command.get_command(ctx, name)) is not None and not sub.hidden
        ]
    # Arguments, the command's own options, then the shared sections (Input, Run), commands.
    order = [ARGUMENTS, OPTIONS, *(k for k in sections if k not in (ARGUMENTS, OPTIONS, COMMANDS)), COMMANDS]
    for title in order:
        if sections.get(title):
            with formatter.section(title):
                formatter.write_dl(sections[title])
    if command.epilog:
        formatter.write_paragraph()
        for line in command.epilog.split("\n"):
            if line.strip():
                formatter.write(line.rstrip() + "\n")


class HelpGroup(typer.core.TyperGroup):
    """The top-level group, with a light help page."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        format_help(self, ctx, formatter)


class HelpCommand(typer.core.TyperCommand):
    """A command with a light help page."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        format_help(self, ctx, formatter)
