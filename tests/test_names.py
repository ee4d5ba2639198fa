"""File names and paths: odd names are shown safely everywhere, bad paths cost one line each.

A GBK-named file (as copied from a Chinese Windows share) and names holding ESC, an OSC
title sequence, a newline or a right-to-left override go through every command and
format: the output is valid UTF-8, JSON parses, no control character reaches a terminal,
and the documents are processed. A path this user may not read, a name or a path too long
for the system, each give one line and the rest of the batch goes on.
"""

from __future__ import annotations

import errno
import json
import os
import pathlib
import pwd
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from policytool.cli import app
from policytool.inputs import expand
from policytool.names import os_reason, shown_name
from tests.conftest import ROOT, run_cli
from tests.properties import examples

runner = CliRunner()

# A short plan with a target, duty tags, a tax incentive and numbered clauses: every
# command has something to find in it.
PLAN = """关于加强基层医疗卫生服务能力建设的通知

一、总体要求

（一）工作目标。到2025年，基层医疗卫生机构达标率达到90%以上。（卫生健康委牵头，财政部配合）

二、重点任务

（一）加大财政投入。落实税收优惠政策，加强基层卫生人才培养。（财政部、税务总局负责）
"""
TITLE = "关于加强基层医疗卫生服务能力建设的通知"
# Without its title line: tables and outlines head such a document with its path.
UNTITLED = PLAN.removeprefix(TITLE + "\n\n")
FIRST = "一、总体要求"

GBK = "政策文件.txt".encode("gbk")  # b"\xd5\xfe\xb2\xdf\xce\xc4\xbc\xfe.txt"
GBK_SHOWN = r"\xd5\xfe\xb2\xdf\xce\xc4\xbc\xfe.txt"
# ESC: a colour (CSI) and a window title (OSC, which click does not strip), then a newline.
CONTROL = "a\x1b[31mred\x1b]0;pwned\x07\nline.txt"
CONTROL_SHOWN = r"a\x1b[31mred\x1b]0;pwned\x07\nline.txt"
# A right-to-left override makes "报告\u202etxt.exe" look like "报告exe.txt".
RLO = "报告\u202etxt.exe.txt"
RLO_SHOWN = r"报告\u202etxt.exe.txt"

# What a terminal would obey or hide: controls other than the newline that ends a line,
# format characters, line and paragraph separators, surrogates.
UNSAFE = {"Cc", "Cf", "Zl", "Zp", "Cs"}


@pytest.fixture(autouse=True)
def _run_from_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def unsafe(text: str) -> list[str]:
    """Return the characters of ``text`` a terminal would obey or hide (a line's end aside, CSV's too)."""
    return [c for c in text.replace("\r\n", "\n") if unicodedata.category(c) in UNSAFE and c != "\n"]


def paths_in(data: object) -> set[str]:
    """Return every value of a "path" key (or a document's source.path) in a JSON value."""
    found: set[str] = set()
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "path" and isinstance(value, str):
                found.add(value)
            else:
                found |= paths_in(value)
    elif isinstance(data, list):
        for value in data:
            found |= paths_in(value)
    return found


def unshown(shown: str) -> bytes:
    r"""Return the bytes of the name ``shown`` stands for: the escapes read as bash's $'…' reads them."""
    escape = re.compile(r"\\(x[0-9a-f]{2}|u[0-9a-f]{4}|U[0-9a-f]{8}|[ntr\\])")
    out, at = b"", 0
    for m in escape.finditer(shown):
        out += shown[at : m.start()].encode("utf-8")
        code = m.group(1)
        if code[0] == "x":
            out += bytes([int(code[1:], 16)])
        elif code[0] in "uU":
            out += chr(int(code[1:], 16)).encode("utf-8", "surrogatepass")
        else:
            out += {"n": b"\n", "t": b"\t", "r": b"\r", "\\": b"\\"}[code]
        at = m.end()
    return out + shown[at:].encode("utf-8")


# ---------------------------------------------------------------------------
# shown_name


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("seeds/004_ad0221d9827c4750.txt", "seeds/004_ad0221d9827c4750.txt"),
        ("政策 文件　（2022）.txt", "政策 文件　（2022）.txt"),  # spaces, the ideographic one too, stay
        (b"share/" + GBK, "share/" + GBK_SHOWN),
        ("政策/".encode() + GBK, "政策/" + GBK_SHOWN),  # a UTF-8 folder stays readable
        (CONTROL, CONTROL_SHOWN),
        (RLO, RLO_SHOWN),
        ("tab\there\rcr\x7fdel\x85nel\u2028ls\u200bzw.txt", r"tab\there\rcr\x7fdel\u0085nel\u2028ls\u200bzw.txt"),
        ("a\\b.txt", r"a\\b.txt"),
        ("-", "-"),
    ],
    ids=["plain", "spaces", "gbk", "gbk-in-utf8-folder", "esc-osc-newline", "rlo", "invisibles", "backslash", "stdin"],
)
def test_a_name_is_shown_as_is_or_escaped(name, shown):
    assert shown_name(name) == shown
    assert unshown(shown) == os.fsencode(name)


def test_a_path_object_is_shown_like_its_string():
    assert shown_name(pathlib.Path(os.fsdecode(b"share/" + GBK))) == "share/" + GBK_SHOWN


@settings(max_examples=examples(300))
@given(st.binary(max_size=40) | st.text(max_size=30).map(os.fsencode))
def test_any_name_is_shown_as_valid_utf8_without_controls_and_stands_for_its_bytes(raw):
    raw = raw.replace(b"\0", b"0")  # the one byte no name holds
    shown = shown_name(raw)
    shown.encode("utf-8")  # valid UTF-8: no surrogate left
    assert not unsafe(shown) and "\n" not in shown
    assert unshown(shown) == raw


@pytest.mark.parametrize(
    ("code", "filename", "reason"),
    [
        (errno.ENOENT, "a.txt", "no such file"),
        (errno.EACCES, "a.txt", "permission denied"),
        (errno.EPERM, "a.txt", "permission denied"),
        (errno.ENAMETOOLONG, "d/" + "长" * 100 + ".txt", "file name too long"),
        (errno.ENAMETOOLONG, "/".join(["d" * 200] * 25), "path too long"),
        (errno.ELOOP, "a.txt", "too many levels of symbolic links"),
        (errno.EIO, "a.txt", "input/output error"),
    ],
    ids=["enoent", "eacces", "eperm", "name-too-long", "path-too-long", "eloop", "eio"],
)
def test_an_os_error_is_said_in_plain_words(code, filename, reason):
    assert os_reason(OSError(code, os.strerror(code), filename)) == reason


# ---------------------------------------------------------------------------
# Odd names through every command and format


@pytest.fixture
def share(tmp_path) -> pathlib.Path:
    """Return a folder holding the plan under a GBK name, a name with ESC and a newline (both
    untitled, so that every view shows their names), and one with an RLO."""
    folder = tmp_path / "share"
    folder.mkdir()
    for name, text in ((GBK, UNTITLED), (os.fsencode(CONTROL), UNTITLED), (os.fsencode(RLO), PLAN)):
        with open(os.path.join(os.fsencode(folder), name), "wb") as f:
            f.write(text.encode("utf-8"))
    return folder


def shown_in(folder: pathlib.Path) -> set[str]:
    return {f"{folder}/{name}" for name in (GBK_SHOWN, CONTROL_SHOWN, RLO_SHOWN)}


FOLDER_RUNS = [
    ("clean", "text", TITLE),
    ("clean", "json", None),
    ("clean", "jsonl", None),
    ("parse", "tree", "加大财政投入"),
    ("parse", "json", None),
    ("parse", "jsonl", None),
    ("parse", "md", "加大财政投入"),
    ("depts", "table", "税务总局"),
    ("depts", "json", None),
    ("depts", "jsonl", None),
    ("depts", "csv", "税务总局"),
    ("depts", "md", "税务总局"),
    ("keywords", "table", "财政"),
    ("keywords", "json", None),
    ("keywords", "jsonl", None),
    ("keywords", "csv", "财政"),
    ("keywords", "md", "财政"),
    ("targets", "table", "达标率"),
    ("targets", "json", None),
    ("targets", "jsonl", None),
    ("targets", "csv", "达标率"),
    ("code", "table", "税收优惠"),
    ("code", "json", None),
    ("code", "jsonl", None),
    ("code", "csv", "税收优惠"),
    ("code", "md", "税收优惠"),
]


@pytest.mark.parametrize(("command", "fmt", "found"), FOLDER_RUNS, ids=[f"{c}-{f}" for c, f, _ in FOLDER_RUNS])
def test_odd_names_in_every_command_and_format(share, command, fmt, found):
    result = run_cli(command, str(share), "--format", fmt, "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    out = result.stdout_bytes.decode("utf-8")  # strict: valid UTF-8 or the test fails
    err = result.stderr_bytes.decode("utf-8")
    assert unsafe(out) == [] and unsafe(err) == []
    assert "\x1b" not in out + err and "\u202e" not in out + err
    if fmt == "json":
        data = json.loads(out)
        assert paths_in(data) >= shown_in(share)
    elif fmt == "jsonl":
        records = [json.loads(line) for line in out.splitlines()]
        assert {p for r in records for p in paths_in(r)} == shown_in(share)
    else:
        assert found in out
    if fmt in ("csv", "md") or (command, fmt) == ("clean", "text"):
        # The name as shown, so a reader can find the file (md heads a titled one with its title).
        for name in (GBK_SHOWN, CONTROL_SHOWN) if fmt == "md" else (GBK_SHOWN, CONTROL_SHOWN, RLO_SHOWN):
            assert f"{share}/{name}" in out


def test_clean_json_of_odd_names_holds_the_documents(share):
    data = json.loads(run_cli("clean", str(share), "--format", "json").stdout_bytes.decode("utf-8"))
    assert sorted(d["source"]["path"] for d in data) == sorted(shown_in(share))
    assert sorted(d["paragraphs"][0] for d in data) == sorted([FIRST, FIRST, TITLE])


@pytest.mark.parametrize("fmt", ["text", "json", "md"])
def test_diff_of_odd_names_and_its_html_page(share, tmp_path, fmt):
    a = os.fsdecode(os.path.join(os.fsencode(share), GBK))
    b = os.fsdecode(os.path.join(os.fsencode(share), os.fsencode(CONTROL)))
    page = tmp_path / "redline.html"
    result = run_cli("diff", a, b, "--format", fmt, "--html", str(page), "--all")
    assert result.exit_code == 0, result.stderr
    out = result.stdout_bytes.decode("utf-8")
    assert unsafe(out) == [] and unsafe(result.stderr) == []
    shown_a, shown_b = f"{share}/{GBK_SHOWN}", f"{share}/{CONTROL_SHOWN}"
    if fmt == "json":
        data = json.loads(out)
        assert (data["a"]["source"]["path"], data["b"]["source"]["path"]) == (shown_a, shown_b)
        assert data["pairs"]
    else:
        assert "加大财政投入" in out
    if fmt == "md":
        assert f"# {shown_a} → {shown_b}" in out
    html = page.read_bytes().decode("utf-8")
    assert f"<title>{shown_a} → {shown_b}</title>" in html
    assert "加大财政投入" in html and unsafe(html.replace("\n", "")) == []


def test_a_bad_input_with_an_odd_name_is_one_safe_line(share):
    missing = os.fsdecode(os.path.join(os.fsencode(share), b"gone-" + GBK))
    trap = str(share / "gone\x1b]0;pwned\x07\x1b[2J\n.txt")
    result = run_cli("clean", missing, trap, str(share), "--format", "jsonl")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"policytool: {share}/gone-{GBK_SHOWN}: no such file",
        rf"policytool: {share}/gone\x1b]0;pwned\x07\x1b[2J\n.txt: no such file",
    ]
    assert len(result.stdout.splitlines()) == 2 + 3


def test_files_from_takes_names_that_are_not_utf8(share, tmp_path):
    listing = tmp_path / "list.txt"
    listing.write_bytes(os.path.join(os.fsencode(share), GBK) + b"\n")
    result = run_cli("clean", "--files-from", str(listing), "--format", "json")
    assert result.exit_code == 0, result.stderr
    (data,) = json.loads(result.stdout_bytes.decode("utf-8"))
    assert data["source"]["path"] == f"{share}/{GBK_SHOWN}" and data["paragraphs"][0] == FIRST


def test_a_codebook_with_a_gbk_name_is_named_safely(share, tmp_path):
    codebook = os.path.join(os.fsencode(tmp_path), "编码表.yaml".encode("gbk"))
    with open(codebook, "wb") as f:
        f.write((ROOT / "policytool" / "data" / "codebook.yaml").read_bytes())
    result = run_cli("code", str(share / RLO), "--codebook", os.fsdecode(codebook), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout_bytes.decode("utf-8"))
    assert data["codebook"]["source"] == shown_name(codebook)
    assert data["codebook"]["source"].endswith(r"/\xb1\xe0\xc2\xeb\xb1\xed.yaml")


def policytool(*args: str | bytes) -> subprocess.CompletedProcess:
    """Run the real command in a process, its output to pipes, as a user's shell would."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "policytool", *args], capture_output=True, cwd=ROOT, env=env, check=False
    )


def test_odd_names_in_a_real_process(share, tmp_path):
    """What a shell user gets: stdout as Python writes it, not CliRunner's copy."""
    keywords = policytool("keywords", str(share), "--top", "3")
    assert keywords.returncode == 0, keywords.stderr
    assert "财政" in keywords.stdout.decode("utf-8")
    cleaned = policytool("clean", str(share), "--format", "json")
    data = json.loads(cleaned.stdout.decode("utf-8"))
    assert {d["source"]["path"] for d in data} == shown_in(share)
    page = tmp_path / "page.html"
    gbk = os.path.join(os.fsencode(share), GBK)
    diff = policytool("diff", gbk, os.fsencode(share / RLO), "--format", "md", "--html", str(page))
    assert diff.returncode == 0, diff.stderr
    assert f"{share}/{GBK_SHOWN}" in diff.stdout.decode("utf-8")
    assert f"{share}/{RLO_SHOWN}" in page.read_bytes().decode("utf-8")
    for proc in (keywords, cleaned, diff):
        assert not unsafe(proc.stdout.decode("utf-8")) and not unsafe(proc.stderr.decode("utf-8"))


# ---------------------------------------------------------------------------
# Bad paths: one line each, the rest of the batch processed


@pytest.fixture
def good(tmp_path) -> pathlib.Path:
    path = tmp_path / "good.txt"
    path.write_text(PLAN, encoding="utf-8")
    return path


@pytest.mark.parametrize(("command", "fmt"), [("clean", "jsonl"), ("parse", "json"), ("depts", "table")])
def test_a_name_too_long_is_one_line_and_the_rest_is_processed(tmp_path, good, command, fmt):
    long_file = tmp_path / ("长" * 100 + ".txt")  # 304 bytes: more than a name may have (255)
    long_folder = tmp_path / ("x" * 300) / "doc.txt"
    result = run_cli(command, str(long_file), str(long_folder), str(good), "--format", fmt, "--jobs", "1")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"policytool: {long_file}: file name too long",
        f"policytool: {long_folder}: file name too long",
    ]
    assert "加大财政投入" in result.stdout or "财政部" in result.stdout


def _deep_chain(top: pathlib.Path, levels: int = 20) -> pathlib.Path:
    """Make folders of 250-byte names ``levels`` deep under ``top`` (beyond PATH_MAX, 4096
    bytes), with a document at the bottom; made relative to a folder descriptor, as a path
    that long cannot be named. Return the path of the bottom folder."""
    fd = os.open(top, os.O_RDONLY)
    try:
        for _ in range(levels):
            os.mkdir("d" * 250, dir_fd=fd)
            inner = os.open("d" * 250, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
        doc = os.open("doc.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(doc, PLAN.encode("utf-8"))
        os.close(doc)
    finally:
        os.close(fd)
    return top.joinpath(*["d" * 250] * levels)


def test_a_folder_deeper_than_path_max_is_one_line_and_the_rest_is_processed(tmp_path, good):
    top = tmp_path / "deep"
    top.mkdir()
    (top / "top.txt").write_text(PLAN, encoding="utf-8")
    bottom = _deep_chain(top)
    assert len(os.fsencode(str(bottom))) > 4096
    result = run_cli("clean", str(top), str(bottom / "doc.txt"), str(good), "--format", "jsonl", "--jobs", "1")
    assert result.exit_code == 1
    first, second = result.stderr.splitlines()
    # The walk names the first folder whose path is past the limit, and goes on.
    name = first.removeprefix("policytool: ").removesuffix(": path too long")
    assert first.endswith(": path too long") and str(bottom).startswith(name)
    assert len(name.encode()) >= 4096 > len(os.path.dirname(name).encode())
    assert second == f"policytool: {bottom / 'doc.txt'}: path too long"
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r.get("source", r)["path"] for r in records] == [
        name,
        str(top / "top.txt"),
        str(bottom / "doc.txt"),
        str(good),
    ]
    assert records[1]["paragraphs"][0] == TITLE and records[3]["paragraphs"][0] == TITLE
    shutil.rmtree(top)


def test_diff_names_a_path_too_long(tmp_path, good):
    top = tmp_path / "deep"
    top.mkdir()
    bottom = _deep_chain(top)
    result = run_cli("diff", str(good), str(bottom / "doc.txt"))
    assert (result.exit_code, result.stderr) == (1, f"policytool: {bottom / 'doc.txt'}: path too long\n")
    shutil.rmtree(top)


@pytest.fixture
def locked(tmp_path, monkeypatch) -> dict[str, pathlib.Path]:
    """Folders this user may not list or enter, as for a user who is not root.

    The suite runs as root, whom chmod 000 does not stop: the os calls refuse them instead
    (see test_real_permissions for the same under a real user)."""
    walk = tmp_path / "walk"
    (walk / "sub").mkdir(parents=True)
    (walk / "locked").mkdir()
    (walk / "a.txt").write_text(PLAN, encoding="utf-8")
    (walk / "sub" / "b.txt").write_text(PLAN, encoding="utf-8")
    (walk / "locked" / "c.txt").write_text(PLAN, encoding="utf-8")
    folder = tmp_path / "locked-folder"
    folder.mkdir()
    (folder / "x.txt").write_text(PLAN, encoding="utf-8")
    shut = {str(walk / "locked"), str(folder)}
    real_stat, real_scandir = os.stat, os.scandir

    def denied(path):
        return PermissionError(errno.EACCES, "Permission denied", os.fsdecode(path))

    def stat(path, *args, **kwargs):
        if isinstance(path, str | bytes | os.PathLike) and os.path.dirname(os.fsdecode(path)) in shut:
            raise denied(path)  # inside a folder without x permission
        return real_stat(path, *args, **kwargs)

    def scandir(path="."):
        if os.fsdecode(path) in shut:
            raise denied(path)  # a folder without r permission
        return real_scandir(path)

    monkeypatch.setattr(os, "stat", stat)
    monkeypatch.setattr(os, "scandir", scandir)
    return {"walk": walk, "folder": folder}


def test_a_file_in_a_folder_that_may_not_be_entered_is_one_line(locked, good):
    inside = locked["folder"] / "x.txt"
    result = run_cli("clean", str(inside), str(good), "--format", "jsonl", "--jobs", "1")
    assert (result.exit_code, result.stderr) == (1, f"policytool: {inside}: permission denied\n")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records[0] == {"path": str(inside), "error": "permission denied"}
    assert records[1]["paragraphs"][0] == TITLE


def test_an_unreadable_subfolder_in_a_walk_is_reported_and_the_rest_walked(locked, good):
    walk = locked["walk"]
    result = run_cli("clean", str(walk), str(good), "--format", "jsonl", "--jobs", "1")
    assert (result.exit_code, result.stderr) == (1, f"policytool: {walk / 'locked'}: permission denied\n")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r.get("source", r)["path"] for r in records] == [
        str(walk / "a.txt"),
        str(walk / "locked"),
        str(walk / "sub" / "b.txt"),
        str(good),
    ]
    assert records[1]["error"] == "permission denied"


def test_an_unreadable_folder_says_permission_denied(locked, good):
    folder = locked["folder"]
    result = run_cli("depts", str(folder), str(good), "--format", "table", "--jobs", "1")
    assert (result.exit_code, result.stderr) == (1, f"policytool: {folder}: permission denied\n")
    assert "税务总局" in result.stdout


def _nobody() -> tuple[int, int] | None:
    try:
        user = pwd.getpwnam("nobody")
    except KeyError:
        return None
    return user.pw_uid, user.pw_gid


def test_real_permissions():
    """The same three cases with the kernel saying no: as this user when not root, else in
    a child process that drops to `nobody` (all modules loaded first, as it may read none)."""
    base = pathlib.Path(tempfile.mkdtemp(prefix="policytool-perm-"))
    try:
        base.chmod(0o755)
        (base / "walk" / "locked").mkdir(parents=True)
        (base / "walk" / "a.txt").write_text(PLAN, encoding="utf-8")
        (base / "walk" / "locked" / "c.txt").write_text(PLAN, encoding="utf-8")
        (base / "shut").mkdir()
        (base / "shut" / "x.txt").write_text(PLAN, encoding="utf-8")
        (base / "good.txt").write_text(PLAN, encoding="utf-8")
        args = ["clean", str(base / "walk"), str(base / "shut"), str(base / "shut" / "x.txt"), str(base / "good.txt")]
        args += ["--format", "jsonl", "--jobs", "1"]
        run_cli(*args)  # every module this run needs is loaded now
        (base / "walk" / "locked").chmod(0)
        (base / "shut").chmod(0)
        outcome = _as_another_user(args, base) if os.geteuid() == 0 else _result(run_cli(*args))
        if isinstance(outcome, str):
            pytest.skip(outcome)
        code, stdout, stderr = outcome
        assert code == 1
        assert stderr.splitlines() == [
            f"policytool: {base / 'walk' / 'locked'}: permission denied",
            f"policytool: {base / 'shut'}: permission denied",
            f"policytool: {base / 'shut' / 'x.txt'}: permission denied",
        ]
        records = [json.loads(line) for line in stdout.splitlines()]
        assert [r.get("source", r)["path"] for r in records] == [
            str(base / "walk" / "a.txt"),
            str(base / "walk" / "locked"),
            str(base / "shut"),
            str(base / "shut" / "x.txt"),
            str(base / "good.txt"),
        ]
        assert records[0]["paragraphs"][0] == TITLE == records[-1]["paragraphs"][0]
    finally:
        for folder in (base / "walk" / "locked", base / "shut"):
            if folder.exists():
                folder.chmod(0o755)
        shutil.rmtree(base)


def _result(result) -> tuple[int, str, str]:
    return result.exit_code, result.stdout, result.stderr


def _as_another_user(args: list[str], base: pathlib.Path) -> tuple[int, str, str] | str:
    """Run the CLI in a forked child as `nobody`; return its result, or why it cannot be done."""
    ids = _nobody()
    if ids is None:
        return "no user `nobody` to drop to"
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns to pytest
        try:
            os.close(read)
            try:
                os.setgroups([])
                os.setgid(ids[1])
                os.setuid(ids[0])
                if os.access(base, os.R_OK | os.X_OK):
                    reply = {"result": _result(runner.invoke(app, args))}
                else:
                    reply = {"skip": "`nobody` cannot reach the temporary folder"}
            except PermissionError as exc:
                reply = {"skip": f"cannot drop to `nobody` here ({exc})"}
            with os.fdopen(write, "w", encoding="utf-8") as out:
                json.dump(reply, out)
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, encoding="utf-8") as reply_file:
        text = reply_file.read()
    os.waitpid(pid, 0)
    reply = json.loads(text)
    return reply["skip"] if "skip" in reply else tuple(reply["result"])


def test_hidden_files_are_skipped_links_to_folders_not_followed_and_order_kept(tmp_path):
    top = tmp_path / "top"
    for rel in ("b.txt", "a/z.txt", "a-b.txt", ".hidden.txt", ".git/x.txt", "sub/.x.md", "data.json", "C.TXT"):
        (top / rel).parent.mkdir(parents=True, exist_ok=True)
        (top / rel).write_text(PLAN, encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "e.txt").write_text(PLAN, encoding="utf-8")
    (top / "link").symlink_to(tmp_path / "elsewhere")
    (top / "file-link.txt").symlink_to(top / "b.txt")
    (top / "broken.txt").symlink_to(tmp_path / "nowhere")
    names = [i.name for i in expand([str(top)])]
    # Sorted as paths (a/z.txt before a-b.txt), as Path.rglob's files were.
    assert names == [f"{top}/{n}" for n in ("C.TXT", "a/z.txt", "a-b.txt", "b.txt", "file-link.txt")]
    assert [i.name for i in expand([str(top)], "*.json")] == [f"{top}/data.json"]
    assert [i.name for i in expand([str(top)], "a/*.txt")] == [f"{top}/a/z.txt"]
    assert [i.name for i in expand([str(top)], "**/z.txt")] == [f"{top}/a/z.txt"]
