"""Bounded input: nothing larger than --max-size is read, and nothing read stops the others."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys

import pytest

from policytool import InputError, load
from policytool.cleaning import InputTooLargeError
from policytool.cli import MAX_SIZE_MB
from policytool.ingest import MAX_SIZE_MB as LIBRARY_MAX_SIZE_MB
from policytool.ingest import MB, read_limited
from tests.conftest import ROOT, SEED_FILES, run_cli

GOOD = "seeds/003_2fb1c8f732c91e3d.txt"
GOOD_TITLE = "上海市人民政府关于推进"
COMMANDS = ["clean", "parse", "depts", "keywords", "targets", "code"]
# Address space a command may take in these tests: far above what it needs (under 200 MB),
# far below what reading /dev/zero whole reaches, so the code before the limit fails fast.
ADDRESS_SPACE = 3 << 30


@pytest.fixture(autouse=True)
def _run_from_root(monkeypatch):
    monkeypatch.chdir(ROOT)


# Runs policytool (argv[4:]) with stdin, stdout and stderr from and to files (argv[1:4]), its
# address space limited, and prints its exit code and peak memory. A small process of its
# own, so that the peak it reads for its one child is policytool's alone (a child forked from
# the test process would start out as large as the test process).
SPAWN = """
import resource, subprocess, sys
def limit():
    resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[1]), int(sys.argv[1])))
with open(sys.argv[2], "rb") as i, open(sys.argv[3], "wb") as o, open(sys.argv[4], "wb") as e:
    code = subprocess.call([sys.executable, "-m", "policytool", *sys.argv[5:]], stdin=i, stdout=o, stderr=e,
                           preexec_fn=limit)
print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def _spawn(args: list[str], stdin_path: str, tmp_path, timeout: float = 60):
    """Run policytool with stdin from ``stdin_path``; return (exit code, stdout, stderr, peak RSS in MB)."""
    out, err = tmp_path / "out", tmp_path / "err"
    command = [sys.executable, "-c", SPAWN, str(ADDRESS_SPACE), stdin_path, str(out), str(err), *args]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, cwd=ROOT, env=env, start_new_session=True)
    try:
        report, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # policytool too: it is in the same session
        proc.communicate()
        pytest.fail(f"policytool {' '.join(args)} still running after {timeout} s")
    code, peak_kb = map(int, report.split())
    return code, out.read_bytes(), err.read_bytes(), peak_kb / 1024


def test_dev_zero_on_stdin_stops_promptly_with_one_line(tmp_path):
    code, out, err, peak_mb = _spawn(["clean", "-"], "/dev/zero", tmp_path)
    assert (code, out) == (1, b"")
    assert err == b"policytool: -: input larger than 64 MB; raise it with --max-size\n"
    assert peak_mb < 300  # 64 MB read, a megabyte at a time, then let go


def test_dev_zero_as_a_path_and_a_smaller_limit(tmp_path):
    code, out, err, peak_mb = _spawn(["clean", "/dev/zero", GOOD, "--max-size", "2"], "/dev/null", tmp_path)
    assert code == 1
    assert err == b"policytool: /dev/zero: input larger than 2 MB; raise it with --max-size\n"
    assert GOOD_TITLE.encode() in out
    assert peak_mb < 200


def test_a_sparse_file_larger_than_memory_is_refused_by_its_size(tmp_path):
    sparse = tmp_path / "huge.txt"
    with sparse.open("wb") as f:
        f.truncate(20 * 10**9)  # 20 GB that take no disk: read whole, they would take memory
    code, out, err, _ = _spawn(["parse", str(sparse)], "/dev/null", tmp_path)
    assert (code, out, err) == (
        1,
        b"",
        f"policytool: {sparse}: input larger than 64 MB; raise it with --max-size\n".encode(),
    )


@pytest.fixture
def big(tmp_path):
    """A text of 1.2 MB, over a --max-size of 1."""
    path = tmp_path / "big.txt"
    path.write_text(("加快推进健康产业发展，完善医疗卫生服务体系。\n" * 20_000)[:400_000], encoding="utf-8")
    assert 1_100_000 < path.stat().st_size < 1_300_000
    return path


def _errors(data: object) -> list[dict]:
    """Return the {path, error} records anywhere in a JSON output."""
    if isinstance(data, dict):
        return [data] if "error" in data else [e for value in data.values() for e in _errors(value)]
    if isinstance(data, list):
        return [e for value in data for e in _errors(value)]
    return []


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_refuses_a_file_over_max_size_and_processes_the_others(command, big):
    result = run_cli(command, str(big), GOOD, "--max-size", "1", "--format", "json", "--jobs", "1")
    assert result.exit_code == 1
    assert result.stderr == f"policytool: {big}: input larger than 1 MB; raise it with --max-size\n"
    assert GOOD_TITLE in result.stdout
    assert _errors(json.loads(result.stdout)) == [
        {"path": str(big), "error": "input larger than 1 MB; raise it with --max-size"}
    ]
    # Under a larger limit the same file is read.
    assert run_cli(command, str(big), "--max-size", "2", "--format", "json").exit_code == 0


def test_the_limit_reaches_the_worker_processes(big):
    names = [str(big), *(str(p) for p in SEED_FILES)]
    result = run_cli("clean", *names, "--max-size", "1", "--format", "jsonl", "--jobs", "2")
    assert result.exit_code == 1
    assert result.stderr == f"policytool: {big}: input larger than 1 MB; raise it with --max-size\n"
    assert [json.loads(line).get("error") for line in result.stdout.splitlines()] == [
        "input larger than 1 MB; raise it with --max-size",
        *([None] * len(SEED_FILES)),
    ]


def test_diff_refuses_a_file_over_max_size(big):
    for args in ((str(big), GOOD), (GOOD, str(big))):
        result = run_cli("diff", *args, "--max-size", "1")
        assert (result.exit_code, result.stdout) == (1, "")
        assert result.stderr == f"policytool: {big}: input larger than 1 MB; raise it with --max-size\n"


def test_stdin_over_max_size_is_one_line(big):
    result = run_cli("parse", "-", GOOD, "--max-size", "1", stdin=big.read_bytes())
    assert result.exit_code == 1
    assert result.stderr == "policytool: -: input larger than 1 MB; raise it with --max-size\n"
    assert GOOD_TITLE in result.stdout


def test_a_normal_run_is_unchanged():
    seeds = [str(p) for p in SEED_FILES]
    default = run_cli("parse", *seeds, "--format", "jsonl")
    assert (default.exit_code, default.stderr) == (0, "")
    assert default.stdout == run_cli("parse", *seeds, "--format", "jsonl", "--max-size", "100000").stdout
    piped = run_cli("clean", "-", stdin=SEED_FILES[0].read_bytes())
    assert (piped.exit_code, piped.stdout) == (0, run_cli("clean", str(SEED_FILES[0])).stdout)


def test_every_command_that_reads_documents_has_the_option():
    for command in [*COMMANDS, "diff"]:
        help_text = run_cli(command, "--help").stdout
        assert "--max-size MB" in help_text, command
    assert MAX_SIZE_MB == LIBRARY_MAX_SIZE_MB


# ---------------------------------------------------------------------------
# The library: at most limit + 1 bytes read, the limit exact


class Endless(io.RawIOBase):
    """A stream of zeros that counts what was read from it."""

    def __init__(self) -> None:
        self.given = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        buffer[:] = bytes(len(buffer))
        self.given += len(buffer)
        return len(buffer)


@pytest.mark.parametrize("limit", [0, 1, 1000, 3 * MB + 17])
def test_at_most_one_byte_past_the_limit_is_read(limit):
    stream = Endless()
    with pytest.raises(InputTooLargeError) as caught:
        read_limited(stream, limit)
    assert stream.given == limit + 1
    assert caught.value.limit == limit


def test_the_limit_is_exact(tmp_path):
    path = tmp_path / "exact.txt"
    path.write_bytes(("政策。" * 111_111).encode())
    size = path.stat().st_size
    assert size == 999_999
    assert load(path, max_size=size).source.bytes == size
    with pytest.raises(InputTooLargeError, match=r"^input larger than 0\.999998 MB$"):
        load(path, max_size=size - 1)
    assert load(path, max_size=None).source.bytes == size
    assert issubclass(InputTooLargeError, InputError)
