"""How a run ends when something outside the documents goes wrong.

Output that cannot be written, a worker process killed mid-run, SIGTERM, SIGHUP, the parent
killed: one plain line and the right exit status, every other document still written, and
no process left behind. Each runs the real command in a process of its own.
"""

from __future__ import annotations

import json
import os
import pathlib
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time

import pytest

from tests.conftest import ROOT, SEED_FILES

SEED = "seeds/003_2fb1c8f732c91e3d.txt"
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def _default_signals() -> None:
    # A test run started in the background (`pytest &` in a script, nohup, some CI runners)
    # hands its children SIGINT or SIGHUP ignored, and Python keeps an ignored signal
    # ignored: the command would then never see the signal the test sends.
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)


def start(args: list[str], *, script: str | None = None, **kwargs) -> subprocess.Popen:
    """Start policytool (or ``script`` with these arguments) with default signal handling."""
    command = [sys.executable, script] if script else [sys.executable, "-m", "policytool"]
    return subprocess.Popen(
        [*command, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=ENV,
        start_new_session=True,
        preexec_fn=kwargs.pop("preexec_fn", _default_signals),  # noqa: PLW1509 - signal calls only
        **kwargs,
    )


def children(pid: int) -> list[int]:
    """Return the pids whose parent is ``pid``, from /proc."""
    found = []
    for entry in pathlib.Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def running(pid: int) -> bool:
    """True while ``pid`` exists and is not a zombie waiting to be reaped."""
    try:
        stat = pathlib.Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def wait_gone(pids: list[int], timeout: float = 30) -> list[int]:
    """Wait until none of ``pids`` runs; return those still running at the timeout."""
    deadline = time.monotonic() + timeout
    while (left := [p for p in pids if running(p)]) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


def _plan(clauses: int) -> str:
    body = "".join(
        f"（{i}）推进基层医疗卫生服务能力建设，完善服务体系。（卫生健康委负责）\n\n" for i in range(1, clauses)
    )
    return "关于印发健康行动计划的通知\n\n一、重点任务\n\n" + body


@pytest.fixture(scope="module")
def batch_folder(tmp_path_factory) -> pathlib.Path:
    """400 documents of 60 clauses: a run of several seconds with two workers."""
    folder = tmp_path_factory.mktemp("batch")
    text = _plan(60)
    for k in range(400):
        (folder / f"{k:03d}.txt").write_text(text, encoding="utf-8")
    return folder


# ---------------------------------------------------------------------------
# Output that cannot be written: one plain line, exit 1, whatever writes it

A, B = "seeds/001_7fbf1e66332ad55d.txt", "seeds/002_1b94758247acec77.txt"
WRITERS = {
    "clean-text": ["clean", SEED],
    "clean-json-jobs": ["clean", "seeds", "--format", "json", "--jobs", "2"],
    "parse-tree": ["parse", SEED],
    "parse-jsonl-jobs": ["parse", "seeds", "--format", "jsonl", "--jobs", "2"],
    "depts-table": ["depts", "seeds"],
    "depts-csv": ["depts", "seeds", "--format", "csv", "--bom"],
    "keywords": ["keywords", "seeds"],
    "targets-json": ["targets", "seeds", "--kind", "all", "--format", "json"],
    "code-jsonl": ["code", "seeds", "--format", "jsonl"],
    "diff": ["diff", A, B],
    "schema-list": ["schema"],
    "schema": ["schema", "policytool.clause/1"],  # written whole, flushed only at the end
    "version": ["--version"],
    "help": ["--help"],
}


@pytest.mark.parametrize(
    ("redirect", "reason"),
    [("> /dev/full", "no space left on device"), (">&-", "bad file descriptor")],
    ids=["full-disk", "closed"],
)
@pytest.mark.parametrize("args", WRITERS.values(), ids=WRITERS.keys())
def test_output_that_cannot_be_written_is_one_plain_line(args, redirect, reason):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this system")
    command = " ".join(shlex.quote(a) for a in [sys.executable, "-m", "policytool", *args])
    proc = subprocess.run(
        f"exec {command} {redirect}", shell=True, capture_output=True, cwd=ROOT, env=ENV, check=False, timeout=120
    )
    assert (proc.returncode, proc.stderr.decode()) == (1, f"policytool: cannot write output: {reason}\n")


# ---------------------------------------------------------------------------
# A worker that dies: its document is reported, the others are all written, in order

# Runs policytool with a worker that SIGKILLs itself on the documents named first
# (comma-separated), as the kernel's OOM killer would, every time it reads one.
KILLER = """
import os, signal, sys
from policytool import batch, cli

CULPRITS = sys.argv[1].split(",")
PARENT = os.getpid()
real = batch.process_one


def process_one(stage, input_format, resources, item):
    if os.getpid() != PARENT and os.path.basename(item.name) in CULPRITS:
        os.kill(os.getpid(), signal.SIGKILL)
    return real(stage, input_format, resources, item)


batch.process_one = process_one
sys.argv = ["policytool", *sys.argv[2:]]
cli.main()
"""


@pytest.fixture(scope="module")
def thirty(tmp_path_factory) -> pathlib.Path:
    """30 documents: the seeds over and over, so each has output of its own."""
    folder = tmp_path_factory.mktemp("thirty")
    for k in range(30):
        shutil.copy(SEED_FILES[k % len(SEED_FILES)], folder / f"{k:02d}.txt")
    return folder


@pytest.mark.parametrize(
    "culprits",
    [["07.txt"], ["12.txt", "13.txt"], ["00.txt", "29.txt"]],
    ids=["one", "two-in-one-chunk", "first-and-last"],
)
def test_a_killed_worker_costs_only_the_document_it_was_reading(thirty, tmp_path, culprits):
    script = tmp_path / "killer.py"
    script.write_text(KILLER, encoding="utf-8")
    args = ["parse", str(thirty), "--format", "jsonl", "--jobs", "2"]
    expected = subprocess.run(
        [sys.executable, "-m", "policytool", *args], capture_output=True, cwd=ROOT, env=ENV, check=True
    ).stdout.decode()
    proc = start([",".join(culprits), *args], script=str(script))
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1
    assert err.decode().splitlines() == [
        f"policytool: {thirty / name}: worker process died (killed by SIGKILL) while reading this file"
        for name in culprits
    ]
    lines = out.decode().splitlines()
    records = [json.loads(line) for line in lines]
    # Every other document's output, whole and in order; the culprits' error records in their places.
    assert [r["path"] for r in records if "error" in r] == [str(thirty / name) for name in culprits]
    assert [line for line, r in zip(lines, records, strict=True) if "error" not in r] == [
        line for line in expected.splitlines() if json.loads(line)["path"] not in {str(thirty / n) for n in culprits}
    ]
    paths = list(dict.fromkeys(r["path"] for r in records))
    assert paths == [str(thirty / f"{k:02d}.txt") for k in range(30)]


# ---------------------------------------------------------------------------
# SIGTERM, SIGHUP, a killed parent: nothing left running


@pytest.mark.parametrize(("signum", "status"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)], ids=["TERM", "HUP"])
def test_sigterm_and_sighup_end_the_run_and_its_workers(batch_folder, signum, status):
    proc = start(["parse", str(batch_folder), "--format", "jsonl", "--jobs", "2"])
    try:
        assert proc.stdout.readline().startswith(b'{"schema": "policytool.clause/1"')  # the workers are at work
        workers = children(proc.pid)
        assert len(workers) == 2
        proc.send_signal(signum)
        # Reading to the end of stdout ends only when no worker holds it any more.
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == status
    assert err.decode() == f"policytool: stopped by {signal.Signals(signum).name}\n"
    assert wait_gone(workers) == []
    assert len(out.splitlines()) < 400 * 59  # it stopped before the end


def test_an_ignored_sighup_stays_ignored(batch_folder):
    """`nohup policytool …`: the run goes on to the end through a hang-up."""

    def ignore_hangups() -> None:
        _default_signals()
        signal.signal(signal.SIGHUP, signal.SIG_IGN)

    proc = start(["parse", str(batch_folder), "--format", "jsonl", "--jobs", "2"], preexec_fn=ignore_hangups)
    first = proc.stdout.readline()
    proc.send_signal(signal.SIGHUP)  # still running: its output fills the pipe many times over
    rest = proc.stdout.read()  # not communicate(): it would skip what readline() buffered
    assert (proc.wait(timeout=60), proc.stderr.read()) == (0, b"")
    paths = [json.loads(line)["path"] for line in (first + rest).splitlines()]
    assert len(paths) == 400 * paths.count(paths[0])  # every document whole
    assert list(dict.fromkeys(paths)) == [str(batch_folder / f"{k:03d}.txt") for k in range(400)]


# Runs policytool with the portable watch for the parent's death instead of the kernel's.
WITHOUT_PRCTL = """
import sys
from policytool import batch, cli

batch._kernel_ends_me_with_parent = lambda: False
cli.main()
"""


@pytest.mark.parametrize("watch", ["kernel", "thread"])
def test_workers_end_when_their_parent_is_killed(batch_folder, tmp_path, watch):
    script = None
    if watch == "thread":
        script = tmp_path / "without_prctl.py"
        script.write_text(WITHOUT_PRCTL, encoding="utf-8")
    proc = start(["parse", str(batch_folder), "--format", "jsonl", "--jobs", "2"], script=script and str(script))
    try:
        assert proc.stdout.readline().startswith(b'{"schema": "policytool.clause/1"')
        workers = children(proc.pid)
        assert len(workers) == 2
        proc.kill()  # SIGKILL: no handler runs, nothing is cleaned up by the parent
        # The workers hold stdout: its end of file says they are gone.
        drained = threading.Thread(target=proc.stdout.read, daemon=True)
        drained.start()
        drained.join(timeout=60)
        assert not drained.is_alive(), "a worker outlived its parent and holds stdout open"
        assert wait_gone(workers) == []
    finally:
        proc.wait()
        for pid in children(proc.pid):
            os.kill(pid, signal.SIGKILL)


# Runs policytool, then types Ctrl-C as the interpreter exits: the run has just ended.
LATE_CTRL_C = """
import atexit, os, signal
from policytool import cli

atexit.register(lambda: os.kill(os.getpid(), signal.SIGINT))  # runs after main() has returned
cli.main()
"""


def test_ctrl_c_just_after_the_run_ended_changes_nothing(tmp_path):
    script = tmp_path / "late.py"
    script.write_text(LATE_CTRL_C, encoding="utf-8")
    proc = start(["clean", SEED], script=str(script))
    out, err = proc.communicate(timeout=60)
    assert (proc.returncode, err) == (0, b"")
    assert out.decode().startswith("上海市人民政府关于推进")


# ---------------------------------------------------------------------------
# Leaving early: no thread or process of the batch outlives it


def test_a_batch_left_early_leaves_no_thread_or_process():
    """A closed pipe mid-run: a pool thread still shutting down while the interpreter
    exits printed `Exception ignored … Bad file descriptor`; workers finishing their
    chunks kept the run alive."""
    import multiprocessing

    from policytool import batch
    from policytool.inputs import Input

    threads = threading.active_count()
    items = [Input(f"doc{k}", None, _plan(200).encode()) for k in range(40)]
    outcomes = batch.run("parse", items, input_format="text", jobs=2)
    assert next(outcomes).name == "doc0"
    outcomes.close()  # as `closing(outcomes)` does when the reader of stdout goes away
    assert threading.active_count() == threads
    assert multiprocessing.active_children() == []
