"""README cannot rot: every command in it runs, shown output is the real output, pictures are current.

Commands are the `$ ` lines of ```console blocks in README.md and docs/commands.md; the lines
after one, up to the next `$ ` or the end of the block, are its output as shown. Output is
compared line by line, trailing spaces ignored; a shown line `…` stands for the rest of the
output. A command shown without output must succeed. The set-up commands of ```sh blocks run
their policytool part (the install itself is what CI does before the tests); ```python blocks
run too. Everything runs in order, in a scratch folder holding a copy of seeds/ and examples/,
so files one example writes are there for the next.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

README = ROOT / "README.md"
PAGES = (README, ROOT / "docs" / "commands.md")
FENCE = re.compile(r"^```(?P<lang>\w*)\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)
# Everything after the last `&&` of a set-up line: `pip install . && policytool parse …`.
SETUP = re.compile(r"^pip install [^&]+&& (?P<run>policytool .+)$", re.MULTILINE)


def examples() -> list[tuple[str, list[str]]]:
    """Return (command, shown output lines) for every example of the pages, in order."""
    out: list[tuple[str, list[str]]] = []
    blocks = [b for page in PAGES for b in FENCE.finditer(page.read_text(encoding="utf-8"))]
    for block in blocks:
        if block["lang"] == "python":
            out.append((f"python - <<'PYTHON'\n{block['body']}PYTHON", ["PYTHON"]))
        if block["lang"] == "sh":
            out += [(m["run"], []) for m in SETUP.finditer(block["body"])]
        if block["lang"] != "console":
            continue
        for line in block["body"].splitlines():
            if line.startswith("$ "):
                out.append((line[2:], []))
            elif out:
                out[-1][1].append(line)
    return out


EXAMPLES = examples()


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("readme")
    shutil.copytree(ROOT / "seeds", folder / "seeds")
    shutil.copytree(ROOT / "examples", folder / "examples")
    return folder


def run(command: str, cwd: Path) -> subprocess.CompletedProcess:
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1", "PATH": path}
    return subprocess.run(
        ["bash", "-o", "pipefail", "-c", command], check=False, cwd=cwd, env=env, capture_output=True, text=True
    )


def test_readme_has_examples_of_every_command():
    shown = " ".join(command for command, _ in EXAMPLES)
    for name in ("clean", "parse", "depts", "diff", "keywords", "targets", "code", "schema"):
        assert f"policytool {name}" in shown, name


@pytest.mark.parametrize(("command", "shown"), EXAMPLES, ids=[c.split("\n")[0][:60] for c, _ in EXAMPLES])
def test_readme_example(command, shown, scratch):
    if "jq " in command and shutil.which("jq") is None:
        pytest.skip("jq is not installed")
    if shown == ["PYTHON"]:
        pytest.importorskip("pandas", reason="the pandas recipe needs pandas")
        shown = []
    proc = run(command, scratch)
    assert proc.returncode == 0, proc.stderr
    if not shown:
        return
    got = [line.rstrip() for line in proc.stdout.splitlines()]
    want = [line.rstrip() for line in shown]
    assert matches(got, want), "\n".join(["shown:", *want, "", "got:", *got])


def matches(got: list[str], want: list[str]) -> bool:
    """True if ``got`` is ``want`` where each `…` line of ``want`` stands for any lines."""
    chunks, chunk = [], []
    for line in want:
        if line == "…":
            chunks.append(chunk)
            chunk = []
        else:
            chunk.append(line)
    chunks.append(chunk)
    if len(chunks) == 1:
        return got == want
    if got[: len(chunks[0])] != chunks[0]:
        return False
    pos = len(chunks[0])
    for k, chunk in enumerate(chunks[1:], start=1):
        last = k == len(chunks) - 1
        starts = [i for i in range(pos, len(got) - len(chunk) + 1) if got[i : i + len(chunk)] == chunk]
        if last and chunk:
            starts = [i for i in starts if i + len(chunk) == len(got)]
        if not starts:
            return False
        pos = starts[0] + len(chunk)
    return True


def test_the_pictures_match_the_current_output():
    command = [sys.executable, "docs/pictures.py", "--check"]
    proc = subprocess.run(command, check=False, cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
