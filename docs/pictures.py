"""The terminal pictures in README: real runs of policytool, saved as SVG by rich.

    python docs/pictures.py          # rewrite docs/img/*.svg
    python docs/pictures.py --check  # exit 1 if a picture no longer matches the output

Each picture is one command run as a user runs it (colours forced, 100 columns), its
output read back from ANSI and exported with rich's ``Console(record=True)`` /
``export_svg``. A test runs ``--check``, so README never shows stale output.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from rich.console import Console
from rich.text import Text

ROOT = Path(__file__).resolve().parents[1]
IMG = ROOT / "docs" / "img"
WIDTH = 100
# Lines kept from the top of each output: a picture shows the shape, not the whole run.
PICTURES = {
    "parse.svg": (["parse", "seeds/004_ad0221d9827c4750.txt", "--depth", "2"], 34),
    "depts.svg": (["depts", "seeds/001_7fbf1e66332ad55d.txt"], 30),
}


def run(args: list[str]) -> str:
    """Return the coloured output of ``policytool ARGS`` as a terminal shows it."""
    env = {**os.environ, "FORCE_COLOR": "1", "COLUMNS": str(WIDTH), "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    proc = subprocess.run(
        [sys.executable, "-m", "policytool", *args], cwd=ROOT, env=env, capture_output=True, check=True
    )
    return proc.stdout.decode("utf-8")


def svg(args: list[str], lines: int) -> str:
    """Return the SVG picture of one command's first ``lines`` lines of output."""
    output = run(args).splitlines()
    shown = output[:lines] + (["…"] if len(output) > lines else [])
    console = Console(record=True, width=WIDTH, file=open(os.devnull, "w"), force_terminal=True)  # noqa: SIM115
    console.print(Text.from_ansi("\n".join(shown)), soft_wrap=True)
    return console.export_svg(title="policytool " + " ".join(args))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args()
    IMG.mkdir(parents=True, exist_ok=True)
    stale = []
    for name, (command, lines) in PICTURES.items():
        picture = svg(command, lines)
        path = IMG / name
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != picture:
                stale.append(name)
        else:
            path.write_text(picture, encoding="utf-8")
    if stale:
        print(f"stale pictures: {', '.join(stale)} (run python docs/pictures.py)", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
