"""Help pages for the command line, drawn with a few rich parts.

typer's own rich help imports rich's Markdown, Syntax and Traceback (markdown-it,
pygments): about 0.1 s on every `--help`, more than the rest of the start-up. These
classes draw the same kind of page — usage, summary, options grouped in panels,
examples — with the console, a table and a panel only.
"""

from __future__ import annotations

from typing import Any

import typer.core

# Options whose help panel is not set go under this title.
OPTIONS = "Options"
ARGUMENTS = "Arguments"


def render_help(command: Any, ctx: Any) -> None:
    """Write the help page of ``command`` (a group or a command) to stdout."""
    from rich.console import Console, Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    console = Console(highlight=False)
    pieces = " ".join(command.collect_usage_pieces(ctx))
    console.print(Text.assemble(("Usage: ", "yellow"), (f"{ctx.command_path} {pieces}", "bold")))
    if command.help:
        console.print()
        for paragraph in command.help.split("\n\n"):
            console.print(Text(" " + " ".join(paragraph.split())))
    console.print()

    panels: dict[str, list[tuple[str, str]]] = {}
    for param in command.get_params(ctx):
        record = param.get_help_record(ctx)
        if record is None:
            continue
        default = ARGUMENTS if param.param_type_name == "argument" else OPTIONS
        panels.setdefault(getattr(param, "rich_help_panel", None) or default, []).append(record)
    if isinstance(command, typer.core.TyperGroup):
        rows = [
            (name, sub.get_short_help_str(limit=300))
            for name in command.list_commands(ctx)
            if (sub := command.get_command(ctx, name)) is not None and not sub.hidden
        ]
        panels["Commands"] = rows
    # Arguments, the command's own options, then the shared panels (Input, Run), commands.
    order = [ARGUMENTS, OPTIONS, *(k for k in panels if k not in (ARGUMENTS, OPTIONS, "Commands")), "Commands"]
    for title in order:
        if not panels.get(title):
            continue
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column()
        for names, text in panels[title]:
            table.add_row(Text(names), Text(text))
        console.print(Panel(Group(table), title=title, title_align="left", border_style="dim"))
    if command.epilog:
        lines = [line for line in command.epilog.split("\n") if line.strip()]
        console.print(Text("\n".join(lines), style="dim"), soft_wrap=True)


class HelpGroup(typer.core.TyperGroup):
    """The top-level group, with a light help page."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        render_help(self, ctx)


class HelpCommand(typer.core.TyperCommand):
    """A command with a light help page."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        render_help(self, ctx)
