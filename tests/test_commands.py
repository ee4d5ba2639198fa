"""Commands as specs: formats declared once, in policytool.commands, and everything else from them."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from policytool.commands import COMMANDS, At, format_help, format_rows
from tests.conftest import ROOT

SEED_A = "seeds/001_7fbf1e66332ad55d.txt"
SEED_B = "seeds/004_ad0221d9827c4750.txt"


def write_toy(results: Any, view: Any, out: TextIO, at: At) -> None:
    """A toy output format: one line saying what the writer was given."""
    if isinstance(results, Sequence):
        given = "+".join(type(r).__name__ for r in results) or "nothing"
    else:
        given = type(results).__name__
    out.write(f"toy {given} first={at.first} several={at.several}\n")


# Registers the toy format on every command, then runs each one with --format toy.
TOY_RUN = f"""
import contextlib, io, json, sys
from policytool import commands
commands.register_format(commands.Format("toy", "a test", doc="toy", writer="tests.test_commands:write_toy"))
from policytool.cli import app

runs = [
    ["clean", "{SEED_A}", "missing.txt", "{SEED_B}"],
    ["parse", "{SEED_A}"],
    ["depts", "{SEED_A}", "{SEED_B}"],
    ["keywords", "{SEED_A}", "{SEED_B}"],
    ["keywords", "--compare", "{SEED_A}", "{SEED_B}"],
    ["targets", "{SEED_A}", "{SEED_B}"],
    ["code", "{SEED_A}"],
    ["diff", "{SEED_A}", "{SEED_B}"],
]
written = {{}}
for args in runs:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        try:
            app([*args, "--format", "toy"], standalone_mode=False)
        except SystemExit:
            pass
    written[" ".join(args[:2] if args[1] == "--compare" else args[:1])] = out.getvalue()
sys.stdout.write(json.dumps(written))
"""


def test_a_new_output_format_is_one_registered_writer():
    out = subprocess.run([sys.executable, "-c", TOY_RUN], capture_output=True, text=True, check=True, cwd=ROOT)
    written = json.loads(out.stdout)
    # A streaming format gets each document as it is done, a failure in its place.
    assert written["clean"] == (
        "toy Cleaned first=True several=True\n"
        "toy Failure first=False several=True\n"
        "toy Cleaned first=False several=True\n"
    )
    assert written["parse"] == "toy Document first=True several=False\n"
    assert written["depts"] == ("toy DutyReport first=True several=True\ntoy DutyReport first=False several=True\n")
    assert written["targets"].count("toy TargetReport") == 2
    assert written["code"] == "toy Coding first=True several=False\n"
    # Whole-run reports: the ranking, the comparison, the diff.
    assert written["keywords"] == "toy Ranked first=True several=False\n"
    assert written["keywords --compare"] == "toy Comparison first=True several=True\n"
    assert written["diff"] == "toy DiffResult first=True several=False\n"


def test_every_command_offers_its_declared_formats_and_default():
    from typer.main import get_command

    from policytool.cli import app

    group = get_command(app)
    for name, command in group.commands.items():
        if name == "schema":
            continue
        option = next(p for p in command.params if p.name == "fmt")
        assert list(option.type.choices) == [f.name for f in COMMANDS[name].formats], name
        assert option.default.value == COMMANDS[name].default, name
        assert option.help == format_help(name)


def test_compare_writes_every_format_keywords_does():
    assert [f.name for f in COMMANDS["keywords --compare"].formats] == [f.name for f in COMMANDS["keywords"].formats]
    for f in COMMANDS["keywords --compare"].formats:
        assert callable(f.write())


def test_every_writer_exists():
    for command in COMMANDS.values():
        for f in command.formats:
            assert callable(f.write()), f.writer


def test_docs_format_rows_are_the_specs():
    """docs/commands.md lists each command's --format rows as ``format_rows`` gives them, in order."""
    text = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    documented = _sections(text)
    for name in ("clean", "parse", "depts", "keywords", "targets", "code", "diff"):
        rows = [line for line in documented[name].splitlines() if line.startswith("| `--format ")]
        assert rows == format_rows(name), f"docs/commands.md, {name}: write these rows\n" + "\n".join(format_rows(name))


def _sections(text: str) -> dict[str, str]:
    """Return each command's section of docs/commands.md, up to the next heading of its level."""
    parts = re.split(r"^## (.*)$", text, flags=re.MULTILINE)
    found = {}
    for heading, body in zip(parts[1::2], parts[2::2], strict=True):
        if m := re.match(r"`policytool (\w+)", heading):
            found[m[1]] = body
    return found


def test_format_help_reads_as_a_list():
    assert format_help("diff") == "text (for reading), json or md (for a report)."


def _click_commands() -> dict:
    from typer.main import get_command

    from policytool.cli import app

    return get_command(app).commands


def shared_option_rows() -> list[str]:
    """The rows of docs/commands.md's table of the options every document command shares,
    from the CLI's own declarations (policytool.cli.SHARED_OPTIONS)."""
    from policytool.cli import SHARED_OPTIONS

    params = {p.name: p for p in _click_commands()["code"].params}
    rows = []
    for shared in SHARED_OPTIONS:
        p = params[shared.name]
        names = ", ".join(f"`{o}`" for o in sorted(p.opts, key=len, reverse=True))
        rows.append(f"| {names} | {p.help.replace('*', chr(92) + '*')} |")
    return rows


def test_docs_list_the_shared_options_as_declared():
    text = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    shared = text.split("## Options every command that reads documents shares", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in shared.splitlines() if line.startswith("| `-")]
    assert rows == shared_option_rows(), "docs/commands.md: write these rows\n" + "\n".join(shared_option_rows())


def test_every_option_of_every_command_is_documented():
    """An option is in its command's section of docs/commands.md, or in the shared table."""
    from policytool.cli import SHARED_OPTIONS

    text = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    documented = _sections(text)
    shared = {p.name for p in SHARED_OPTIONS}
    for name, command in _click_commands().items():
        for param in command.params:
            long = [o for o in param.opts if o.startswith("--")]
            if param.name in shared or not long:  # the shared table says which diff takes
                continue
            assert any(o in documented.get(name, "") for o in long), f"{name} {long[0]}"
