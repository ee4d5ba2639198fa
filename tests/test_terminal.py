"""In a real terminal: what the user sees, and where redirected output goes.

These run policytool on a pseudo-terminal (tests/terminal.py), as a user types it, with the
progress bar on: stderr is a terminal and there are more than five inputs.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SEED_FILES
from tests.terminal import Terminal, in_terminal

PYTHON = shlex.quote(sys.executable)
POLICYTOOL = f"{PYTHON} -m policytool"


@pytest.fixture(scope="module")
def eight(tmp_path_factory):
    """A folder of eight documents: the seeds, some twice (more than PROGRESS_MIN)."""
    folder = tmp_path_factory.mktemp("eight")
    for k in range(8):
        shutil.copy(SEED_FILES[k % len(SEED_FILES)], folder / f"{k}.txt")
    return folder


def piped(args: str) -> subprocess.CompletedProcess:
    """The same command with stdout and stderr on pipes: no terminal, no bar."""
    return subprocess.run(
        f"{POLICYTOOL} {args}", shell=True, capture_output=True, cwd=ROOT, check=True, env=_env(), timeout=120
    )


def _env() -> dict[str, str]:
    import os

    return {**os.environ, "PYTHONPATH": str(ROOT)}


def test_the_helper_gives_a_terminal_every_byte_and_the_status():
    code = "import sys; print(sys.stdin.isatty(), sys.stdout.isatty(), sys.stderr.isatty()); print('x' * 200000)"
    screen = in_terminal(f"{PYTHON} -c {shlex.quote(code)}; exit 3")
    assert screen.status == 3
    assert screen.text == "True True True\n" + "x" * 200000 + "\n"


def test_the_helper_types_ctrl_c_to_the_foreground_job():
    code = "import sys, time; print('ready', flush=True); time.sleep(60)"
    with Terminal(f"exec {PYTHON} -c {shlex.quote(code)}") as term:
        term.read_until(b"ready")
        term.send(b"\x03")
        screen = term.finish(timeout=30)
    assert screen.status == 128 + 2  # Python ends by SIGINT after printing the traceback
    assert "KeyboardInterrupt" in screen.plain


@pytest.mark.parametrize(
    ("args", "name"),
    [
        ("depts {dir} --format jsonl", "out.jsonl"),
        ("depts {dir} --format csv --bom", "duties.csv"),
        ("parse {dir} --format jsonl --jobs 2", "clauses.jsonl"),
        ("clean {dir} --format json", "cleaned.json"),
    ],
    ids=["depts-jsonl", "depts-csv-bom", "parse-jsonl-jobs", "clean-json"],
)
def test_output_redirected_to_a_file_in_a_terminal_is_all_in_the_file(eight, tmp_path, args, name):
    args = args.format(dir=shlex.quote(str(eight)))
    screen = in_terminal(f"exec {POLICYTOOL} {args} > {shlex.quote(str(tmp_path / name))}")
    assert screen.status == 0
    assert "/8" in screen.plain  # the bar was on screen: the case the user met
    expected = piped(args).stdout
    assert len(expected) > 1000
    assert (tmp_path / name).read_bytes() == expected
    for record in expected.decode().splitlines()[:3]:
        assert record.strip() not in screen.plain  # no output on the screen instead


def test_output_piped_in_a_terminal_reaches_the_pipe(eight):
    args = f"depts {shlex.quote(str(eight))} --format jsonl"
    lines = len(piped(args).stdout.splitlines())
    assert lines > 100
    screen = in_terminal(f"{POLICYTOOL} {args} | wc -l")
    assert screen.status == 0
    assert screen.plain.split()[-1] == str(lines)


def test_a_failing_input_is_one_whole_line_above_the_bar(eight, tmp_path):
    bad = tmp_path / "image.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    out = tmp_path / "out.jsonl"
    screen = in_terminal(f"exec {POLICYTOOL} depts {eight} {bad} --format jsonl --jobs 2 > {out}")
    assert screen.status == 1
    assert f"policytool: {bad}: not a text document (PNG image)" in screen.plain.splitlines()
    assert out.read_bytes().endswith(f'{{"path": "{bad}", "error": "not a text document (PNG image)"}}\n'.encode())


def test_output_streamed_onto_the_screen_is_not_cut_by_a_bar(eight):
    """JSONL to the terminal itself: every record line whole on screen, no bar drawn into it."""
    args = f"depts {shlex.quote(str(eight))} --format jsonl"
    screen = in_terminal(f"exec {POLICYTOOL} {args}")
    assert screen.status == 0
    assert screen.text.splitlines() == piped(args).stdout.decode().splitlines()


def test_ctrl_c_in_a_terminal_ends_the_run_and_its_workers(tmp_path):
    """The terminal closes only when no process holds it: workers left behind would keep it open."""
    folder = tmp_path / "docs"
    folder.mkdir()
    text = "关于印发健康行动计划的通知\n\n一、重点任务\n\n" + "".join(
        f"（{i}）推进基层医疗卫生服务能力建设，完善服务体系。（卫生健康委负责）\n\n" for i in range(1, 60)
    )
    for k in range(400):
        (folder / f"{k:03d}.txt").write_text(text, encoding="utf-8")
    with Terminal(f"exec {POLICYTOOL} parse {folder} --format jsonl --jobs 2 > {tmp_path / 'out.jsonl'}") as term:
        term.read_until(b"/400")
        term.send(b"\x03")
        screen = term.finish(timeout=60)
    assert screen.status == 130
    assert "Traceback" not in screen.plain
    assert len((tmp_path / "out.jsonl").read_bytes().splitlines()) < 400 * 59
