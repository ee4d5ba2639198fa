"""Hostile input: every command gives its result or one clear line, in bounded time, never a traceback.

Big inputs are generated here, never committed. The time bounds are hang detectors
(catastrophic backtracking, quadratic loops) far above the real times, not benchmarks.
"""

from __future__ import annotations

import codecs
import html.parser
import io
import json
import os
import pathlib
import shutil
import signal
import subprocess
import sys
import time
import zipfile

import pytest
from typer.testing import CliRunner

from policytool import InputError, clean
from policytool.cli import app
from policytool.duties import attach_duties
from policytool.segment import segment
from tests.conftest import ROOT
from tests.generated import PLAN, PLAN_IDS
from tests.properties import han_lost

runner = CliRunner()
GOOD = "seeds/003_2fb1c8f732c91e3d.txt"
GOOD_TITLE = "上海市人民政府关于推进"  # how 003 starts, in every output

# The same kind of plan in traditional characters, for Big5.
PLAN_TRADITIONAL = """關於加強基層醫療衛生服務能力建設的通知

一、總體要求

（一）指導思想。堅持以人民健康為中心，加快推進基層醫療衛生服務體系建設。

（二）工作目標。到2025年，基層醫療衛生服務能力明顯提升。（衛生健康委、財政部負責）
"""
TRADITIONAL_IDS = ["doc", "1", "1.1", "1.2"]


@pytest.fixture(autouse=True)
def _run_from_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def run(*args: str, stdin: bytes | None = None):
    result = runner.invoke(app, list(args), input=stdin)
    # Exit codes come as SystemExit; any other exception would be a traceback for the user.
    assert not isinstance(result.exception, Exception), result.exception
    return result


def policytool(*args: str, **kwargs) -> subprocess.CompletedProcess:
    """Run the real command in a process, as a user's shell would."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "policytool", *args], capture_output=True, cwd=ROOT, env=env, check=False, **kwargs
    )


# ---------------------------------------------------------------------------
# Inputs that are not documents: one line each, the others still processed


def _zip(name: str = "通知.txt") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(name, "关于做好工作的通知。" * 50)  # text inside must not leak out as a document
    return buf.getvalue()


def _ole(stream: str) -> bytes:
    """An Office 97–2003 compound file, as far as its kind shows: a directory naming its stream."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + stream.encode("utf-16-le") + bytes(64)


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n%%EOF\n"
NOT_DOCUMENTS = {
    "empty.txt": (b"", "empty file"),
    "blank.txt": (b" \n\t\r\n  \n", "empty file"),
    "ideographic-blank.txt": ("　　\n　\n".encode(), "empty file (whitespace only)"),
    "image.png": (PNG + bytes(64), "not a text document (PNG image)"),
    "archive.zip": (_zip(), "not a text document (zip archive: unpack it and name its files)"),
    "broken.pdf": (PDF, "not a readable PDF (data format error)"),
    "old.doc": (
        _ole("WordDocument"),
        (
            "Word 97–2003 or WPS document (.doc, .wps): save it as .docx, "
            "or convert it with `libreoffice --headless --convert-to docx FILE`"
        ),
    ),
    "old.xls": (
        _ole("Workbook"),
        (
            "Excel 97–2003 workbook (.xls): save it as .xlsx, "
            "or convert it with `libreoffice --headless --convert-to xlsx FILE`"
        ),
    ),
    "locked.docx": (_ole("EncryptedPackage"), "encrypted Office file: it needs a password to open"),
    "slides.pptx": (_zip("ppt/presentation.xml"), "PowerPoint file: save its text as .docx or PDF first"),
    "noise.bin": (bytes(range(256)) * 16, "not a text document (contains NUL bytes)"),
}


@pytest.fixture
def bad_inputs(tmp_path, monkeypatch) -> dict[str, str]:
    """Return {path: the reason it is refused} for every kind of input that is not a document."""
    bad = {}
    for name, (data, reason) in NOT_DOCUMENTS.items():
        (tmp_path / name).write_bytes(data)
        bad[str(tmp_path / name)] = reason
    bad[str(tmp_path / "missing.txt")] = "no such file"
    (tmp_path / "no-documents").mkdir()
    (tmp_path / "no-documents" / "data.json").write_text("{}\n", encoding="utf-8")
    bad[str(tmp_path / "no-documents")] = (
        "no documents in this folder "
        "(*.txt, *.html, *.htm, *.shtml, *.md, *.markdown, *.pdf, *.docx, *.docm, *.xlsx, *.xlsm, *.csv)"
    )
    locked = tmp_path / "locked.txt"
    locked.write_text(PLAN, encoding="utf-8")
    locked.chmod(0)
    if os.access(locked, os.R_OK):  # root reads anything: make the read fail as it would for a user
        real_open = pathlib.Path.open

        def open_(self, *args, **kwargs):
            if self == locked:
                raise PermissionError(13, "Permission denied", str(self))
            return real_open(self, *args, **kwargs)

        monkeypatch.setattr(pathlib.Path, "open", open_)
    bad[str(locked)] = "permission denied"
    yield bad
    locked.chmod(0o644)


@pytest.mark.parametrize(("command", "fmt"), [("clean", "text"), ("parse", "tree"), ("depts", "table")])
def test_every_bad_input_is_one_line_and_the_rest_is_processed(command, fmt, bad_inputs):
    result = run(command, *bad_inputs, GOOD, "--format", fmt, "--jobs", "1")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"policytool: {path}: {reason}" for path, reason in bad_inputs.items()]
    assert GOOD_TITLE in result.stdout


def test_every_bad_input_in_json_output(bad_inputs):
    result = run("parse", *bad_inputs, GOOD, "--format", "json", "--jobs", "2")
    assert result.exit_code == 1
    records = json.loads(result.stdout)
    assert [(r["path"], r["error"]) for r in records[:-1]] == list(bad_inputs.items())
    assert records[-1]["source"]["path"] == GOOD


def test_diff_refuses_a_bad_input_on_either_side(bad_inputs):
    for path, reason in bad_inputs.items():
        if "no-documents" in path:
            continue  # a folder: see test_diff_refuses_a_folder_of_documents
        for args in ((path, GOOD), (GOOD, path)):
            result = run("diff", *args)
            assert (result.exit_code, result.stderr) == (1, f"policytool: {path}: {reason}\n")
            assert result.stdout == ""


def test_diff_refuses_a_folder_of_documents():
    result = run("diff", "seeds", GOOD)
    assert result.exit_code == 2
    assert result.stderr == "policytool: seeds: diff compares two documents, not the 5 in a folder\n"


def test_a_zip_of_documents_is_not_read_as_one():
    with pytest.raises(InputError, match=r"^not a text document \(zip archive"):
        clean(_zip())


# ---------------------------------------------------------------------------
# Encodings: every command reads them as the same document


def _encodings(text: str) -> dict[str, bytes]:
    return {
        "gbk": text.encode("gbk"),
        "gb18030": text.encode("gb18030"),
        "utf-16-le-bom": codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
        "utf-16-be-bom": codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
        "utf-8-bom": codecs.BOM_UTF8 + text.encode("utf-8"),
    }


ENCODING_REPORTED = {
    "gbk": "gb18030",
    "gb18030": "gb18030",
    "utf-16-le-bom": "utf-16 (BOM)",
    "utf-16-be-bom": "utf-16 (BOM)",
    "utf-8-bom": "utf-8 (BOM)",
    "big5": "big5",
}


def _without_source(data: dict) -> dict:
    return {k: v for k, v in data.items() if k != "source"}


@pytest.mark.parametrize(
    ("encoding", "text", "ids"),
    [(name, PLAN, PLAN_IDS) for name in _encodings(PLAN)] + [("big5", PLAN_TRADITIONAL, TRADITIONAL_IDS)],
    ids=[*_encodings(PLAN), "big5"],
)
def test_every_command_reads_an_encoding_as_the_utf8_document(tmp_path, encoding, text, ids):
    data = text.encode("big5") if encoding == "big5" else _encodings(text)[encoding]
    (tmp_path / "plan.txt").write_bytes(data)
    (tmp_path / "utf8.txt").write_bytes(text.encode("utf-8"))
    encoded, utf8 = str(tmp_path / "plan.txt"), str(tmp_path / "utf8.txt")

    parsed = json.loads(run("parse", encoded, "--format", "json").stdout)
    assert parsed["source"]["encoding"] == ENCODING_REPORTED[encoding]
    assert [c["id"] for c in parsed["clauses"]] == ids
    assert _without_source(parsed) == _without_source(json.loads(run("parse", utf8, "--format", "json").stdout))

    cleaned = run("clean", encoded)
    assert (cleaned.exit_code, cleaned.stderr) == (0, "")
    assert cleaned.stdout == run("clean", utf8).stdout

    depts = json.loads(run("depts", encoded, "--format", "json").stdout)
    assert (
        depts["documents"][0]["assignments"]
        == json.loads(run("depts", utf8, "--format", "json").stdout)["documents"][0]["assignments"]
    )

    diff = run("diff", encoded, utf8, "--format", "json")
    assert diff.exit_code == 0
    summary = json.loads(diff.stdout)["summary"]
    assert summary["same"] == len(ids) and summary["changed"] == summary["added"] == summary["removed"] == 0


def test_a_few_invalid_utf8_bytes_give_a_warning_and_keep_the_rest(tmp_path):
    broken = tmp_path / "broken.txt"
    broken.write_bytes(PLAN.encode("utf-8").replace("指导思想".encode(), "指导".encode() + b"\xff\xfe"))
    for command in ("clean", "parse", "depts"):
        result = run(command, str(broken))
        assert result.exit_code == 0
        assert result.stderr == (
            f"policytool: {broken}: warning: 2 undecodable byte sequence(s) replaced with U+FFFD\n"
        )
    paragraphs = run("clean", str(broken)).stdout.splitlines()
    assert paragraphs[3] == "（一）指导\ufffd\ufffd。坚持以人民健康为中心，加快推进基层医疗卫生服务体系建设。"
    assert len(paragraphs) == 8
    assert run("clean", str(broken), "--quiet").stderr == ""


# ---------------------------------------------------------------------------
# Bounded time: no pattern backtracks catastrophically, no loop is quadratic

SENTENCE = "加快推进健康产业发展，完善医疗卫生服务体系，提升基层服务能力。"
DEPARTMENTS = ["发展改革委", "卫生健康委", "教育部", "财政部"]


def _timed(raw: str, bound: float, count_han: bool = True):
    """Clean and parse ``raw``; assert each stage ends within ``bound`` seconds and nothing is lost."""
    start = time.perf_counter()
    doc = clean(raw.encode("utf-8"))
    cleaned = time.perf_counter()
    report = attach_duties(segment(doc))
    parsed = time.perf_counter()
    assert cleaned - start < bound, f"clean took {cleaned - start:.1f} s"
    assert parsed - cleaned < bound, f"parse took {parsed - cleaned:.1f} s"
    if count_han:
        assert not han_lost(raw, doc)
    return doc, report


def _fifty_mb_line() -> str:
    return SENTENCE * (50_000_000 // len(SENTENCE.encode("utf-8")))


def test_a_50_mb_line_is_kept_whole_in_seconds():
    line = _fifty_mb_line()
    assert len(line.encode("utf-8")) > 49_900_000
    doc, report = _timed(line, bound=10, count_han=False)
    assert doc.paragraphs == (line,)  # all kept; counting 16 million Han characters would take longer
    (clause,) = report.document.clauses
    assert clause.text == line


def test_a_50_mb_line_through_the_command_line(tmp_path):
    line = _fifty_mb_line()
    (tmp_path / "line.txt").write_text(line, encoding="utf-8")
    start = time.perf_counter()
    proc = policytool("clean", str(tmp_path / "line.txt"))
    elapsed = time.perf_counter() - start
    assert (proc.returncode, proc.stderr) == (0, b"")
    assert proc.stdout == (line + "\n").encode("utf-8")
    assert elapsed < 10, f"policytool clean took {elapsed:.1f} s"


NESTED_DIVS = "<div>" * 100_000 + "<p>正文内容。</p>" + "</div>" * 100_000
UNTERMINATED_SCRIPT = "<html><body><p>正文内容。</p><script>var s = '脚本里的中文';" + "x = 1;\n" * 150_000
COMMA_RUN = "一、总体要求\n" + "、" * 200_000 + "\n"
OPEN_BRACKETS = "（一）加强建设。" + "（" * 100_000 + "\n"
LONG_TAG = "（一）加强基层建设。完善服务体系（" + "、".join(DEPARTMENTS * 2_500) + "负责）\n"
UNCLOSED_TAG = "（一）加强基层建设。完善服务体系（" + "卫生健康委负责，" * 20_000 + "\n"
HOSTILE = {
    "nested-divs": NESTED_DIVS,
    "unterminated-script": UNTERMINATED_SCRIPT,
    "comma-run": COMMA_RUN,
    "open-brackets": OPEN_BRACKETS,
    "long-tag": LONG_TAG,
    "unclosed-tag": UNCLOSED_TAG,
}


def test_100000_nested_divs():
    doc, _ = _timed(NESTED_DIVS, bound=5)
    assert doc.source.format == "html"
    assert doc.paragraphs == ("正文内容。",)


def test_an_unterminated_script_is_recorded_whole_not_lost():
    doc, _ = _timed(UNTERMINATED_SCRIPT, bound=5)
    assert doc.paragraphs == ("正文内容。",)
    (script,) = [r.text for r in doc.removed if r.text.startswith("<script>")]
    assert script == "<script>" + UNTERMINATED_SCRIPT.split("<script>")[1]


def test_200000_commas_in_a_row():
    doc, report = _timed(COMMA_RUN, bound=5)
    assert doc.paragraphs == ("一、总体要求", "、" * 200_000)
    assert [(c.id, c.title, len(c.text)) for c in report.document.clauses] == [
        ("doc", None, 0),
        ("1", "总体要求", 200_000),
    ]


def test_100000_brackets_never_closed():
    _, report = _timed(OPEN_BRACKETS, bound=5)
    _, clause = report.document.clauses
    assert (clause.id, clause.title, clause.text) == ("1", "加强建设", "（" * 100_000)
    assert clause.duty is None


def test_a_tag_10000_departments_long():
    _, report = _timed(LONG_TAG, bound=5)
    (assignment,) = report.assignments
    assert [d.name for d in assignment.duty.lead] == DEPARTMENTS * 2_500
    assert assignment.duty.support == ()
    assert report.document.clauses[-1].text == "完善服务体系"


def test_a_tag_that_never_closes_stays_text():
    _, report = _timed(UNCLOSED_TAG, bound=5)
    assert report.assignments == ()
    assert report.document.clauses[-1].text == UNCLOSED_TAG.strip().removeprefix("（一）加强基层建设。")


def test_20000_clauses_with_the_same_number():
    # A list pasted over and over: ids are made unique with ~2, ~3… without rescanning.
    raw = "\n".join(["（一）推进建设。完善服务体系（卫生健康委、财政部负责）"] * 20_000) + "\n"
    _, report = _timed(raw, bound=5)
    ids = [c.id for c in report.document.clauses]
    assert ids[:4] == ["doc", "1", "1~2", "1~3"] and ids[-1] == "1~20000"
    assert len(set(ids)) == len(ids) == 20_001
    assert len(report.assignments) == 20_000


def test_every_command_takes_the_hostile_inputs(tmp_path):
    paths = []
    for name, text in HOSTILE.items():
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
        paths.append(str(tmp_path / f"{name}.txt"))
    start = time.perf_counter()
    for command, fmt in (("clean", "jsonl"), ("parse", "jsonl"), ("depts", "json")):
        # The nested divs cost the most and only in cleaning: cleaned and parsed once is enough.
        names = paths if command != "depts" else paths[1:]
        result = run(command, *names, "--format", fmt, "--jobs", "1")
        assert (result.exit_code, result.stderr) == (0, "")
        assert all(p in result.stdout for p in names)
    for path in paths[1:]:
        result = run("diff", path, path, "--format", "json")
        assert result.exit_code == 0
        summary = json.loads(result.stdout)["summary"]
        assert summary["changed"] == summary["added"] == summary["removed"] == 0
    assert time.perf_counter() - start < 60


# ---------------------------------------------------------------------------
# User dictionaries: safe loading only, a clear usage error


BAD_DICTIONARIES = [
    ("not YAML", "national: [\n", "not valid YAML"),
    ("binary", "\x00\x01\x02", "not valid YAML"),
    ("a list", "- 发展改革委\n- 财政部\n", "expected a mapping with sections national, local, branch, generic"),
    ("a string", "发展改革委\n", "expected a mapping with sections"),
    ("unknown section", "ministries:\n  - {name: 甲}\n", "expected a mapping with sections"),
    ("section not a list", "national: 发展改革委\n", "national must be a list of entries"),
    ("entry without name", "national:\n  - {aliases: [甲]}\n", "national entry 1 needs a name"),
    ("aliases not a list", "national:\n  - {name: 甲, aliases: 乙}\n", "aliases must be a list of names"),
]


@pytest.mark.parametrize(("text", "reason"), [c[1:] for c in BAD_DICTIONARIES], ids=[c[0] for c in BAD_DICTIONARIES])
@pytest.mark.parametrize("command", ["parse", "depts", "diff"])
def test_a_bad_dictionary_is_a_usage_error(tmp_path, command, text, reason):
    bad = tmp_path / "mine.yaml"
    bad.write_text(text, encoding="utf-8")
    docs = [GOOD, GOOD] if command == "diff" else [GOOD]
    result = run(command, *docs, "--dict", str(bad))
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"policytool: {bad}: ") and reason in line
    assert result.stdout == ""


@pytest.mark.parametrize(
    "payload",
    [
        "national:\n  - !!python/object/apply:os.system ['touch {marker}']\n",
        "national:\n  - !!python/object/new:subprocess.Popen [['touch', '{marker}']]\n",
        "national:\n  - {{name: !!python/name:os.system }}\n",
        "national:\n  - !!python/object:builtins.dict {{name: x}}\n",
    ],
    ids=["apply", "new", "name", "object"],
)
def test_python_tags_in_a_dictionary_are_refused_not_run(tmp_path, payload):
    marker = tmp_path / "ran"
    bad = tmp_path / "evil.yaml"
    bad.write_text(payload.format(marker=marker), encoding="utf-8")
    result = run("depts", GOOD, "--dict", str(bad))
    assert result.exit_code == 2
    assert "not valid YAML (could not determine a constructor for the tag 'tag:yaml.org,2002:python/" in result.stderr
    assert not marker.exists()


def test_python_tags_in_front_matter_are_not_run(tmp_path):
    marker = tmp_path / "ran"
    post = f"---\ntitle: !!python/object/apply:os.system ['touch {marker}']\n---\n<p>正文。</p><p>二</p><p>三</p>\n"
    doc = clean(post.encode())
    assert not marker.exists()
    assert doc.paragraphs == ("正文。", "二", "三")
    assert doc.warnings and "front matter" in doc.warnings[0]


# ---------------------------------------------------------------------------
# A closed pipe and Ctrl-C: a quiet end


def _many_clauses(n: int) -> str:
    """A plan long enough that its output overflows a pipe (64 KB) several times."""
    body = [f"（{i}）推进基层医疗卫生服务能力建设，完善服务体系，提升服务质量。（卫生健康委负责）" for i in range(1, n)]
    return "关于印发健康行动计划的通知\n\n一、重点任务\n\n" + "\n\n".join(body) + "\n"


@pytest.fixture(scope="module")
def long_plan(tmp_path_factory) -> pathlib.Path:
    path = tmp_path_factory.mktemp("pipe") / "plan.txt"
    path.write_text(_many_clauses(3000), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "args",
    [
        ["parse", "{plan}"],
        ["parse", "{plan}", "--format", "json"],
        ["clean", "{plan}", "{plan}", "{plan}", "{plan}", "--jobs", "2"],
        ["depts", "{plan}"],
        ["depts", "{plan}", "--format", "csv"],
        ["diff", "{plan}", "{plan}", "--all"],
        ["targets", "{plan}", "--kind", "all"],
        ["code", "{plan}"],
        ["code", "{plan}", "--matrix"],
        ["keywords", "{plan}", "{plan}", "--top", "50"],
        ["--help"],
    ],
    ids=[
        "parse-tree",
        "parse-json",
        "clean-jobs",
        "depts-table",
        "depts-csv",
        "diff",
        "targets",
        "code",
        "code-matrix",
        "keywords",
        "help",
    ],
)
def test_a_closed_pipe_ends_quietly_with_0(long_plan, args):
    command = " ".join(a.format(plan=long_plan) for a in args)
    proc = subprocess.run(
        f"{sys.executable} -m policytool {command} | head -1; exit ${{PIPESTATUS[0]}}",
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert (proc.returncode, proc.stderr) == (0, b"")
    assert len(proc.stdout.splitlines()) == 1


@pytest.fixture(scope="module")
def many_documents(tmp_path_factory) -> pathlib.Path:
    folder = tmp_path_factory.mktemp("batch")
    plan = _many_clauses(40)
    for i in range(400):
        (folder / f"{i:03d}.txt").write_text(plan, encoding="utf-8")
    return folder


def _sigint_as_in_a_terminal() -> None:
    # A test run started in the background (`pytest … &` in a script, some CI runners)
    # hands its children SIGINT ignored, and Python keeps an ignored SIGINT ignored, as
    # a background job must: the command would never see the Ctrl-C the test sends.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("to", ["group", "process"])
@pytest.mark.parametrize("tests_run", ["in-foreground", "in-background"])
def test_ctrl_c_mid_batch_exits_130_without_a_traceback(many_documents, jobs, to, tests_run):
    ignored = signal.signal(signal.SIGINT, signal.SIG_IGN) if tests_run == "in-background" else None
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "policytool", "parse", str(many_documents), "--format", "jsonl", "--jobs", jobs],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            start_new_session=True,  # its own process group, as a shell gives a job
            preexec_fn=_sigint_as_in_a_terminal,  # noqa: PLW1509 - one signal call
        )
    finally:
        if ignored is not None:
            signal.signal(signal.SIGINT, ignored)
    try:
        assert proc.stdout.readline().startswith(b'{"schema": "policytool.clause/1", "path": ')  # it has begun
        # Ctrl-C in a terminal signals the whole group (workers too); `kill -INT` the one process.
        if to == "group":
            os.killpg(proc.pid, signal.SIGINT)
        else:
            proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 130
    assert b"Traceback" not in err and err == b""
    assert len(out.splitlines()) < 40 * 400  # stopped before the end


# ---------------------------------------------------------------------------
# Security: nothing from a document runs, in policytool or in the pages it writes

PACKAGE = ROOT / "policytool"
# Modules through which a document could run code, be unpickled or reach the network.
FORBIDDEN_MODULES = {
    "pickle", "marshal", "shelve", "subprocess", "socket", "ssl", "urllib", "http", "ftplib",
    "smtplib", "telnetlib", "xmlrpc", "requests", "httpx", "aiohttp", "ctypes", "code", "codeop",
}  # fmt: skip
FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__", "breakpoint"}
FORBIDDEN_ATTRIBUTES = {
    "system", "popen", "execv", "execve", "execvp", "spawnv", "spawnl", "startfile",  # os
    "unsafe_load", "full_load", "load_all", "unsafe_load_all", "Loader", "UnsafeLoader", "FullLoader",  # yaml
}  # fmt: skip


def _source_findings(path: pathlib.Path, root: pathlib.Path = ROOT) -> list[str]:
    """Return `file:line what` for every forbidden import, call or attribute in ``path``."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        where = f"{path.relative_to(root)}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            found += [f"{where} imports {n}" for n in names if n.split(".")[0] in FORBIDDEN_MODULES]
        elif isinstance(node, ast.Call):
            if isinstance(node.func, ast.Name) and node.func.id in FORBIDDEN_CALLS:
                found.append(f"{where} calls {node.func.id}()")
            if any(k.arg == "shell" for k in node.keywords):
                found.append(f"{where} passes shell=")
            if isinstance(node.func, ast.Attribute) and node.func.attr == "load":
                loader = next((k.value for k in node.keywords if k.arg == "Loader"), None)
                safe = isinstance(loader, ast.Call) and isinstance(loader.func, ast.Name)
                if not (safe and loader.func.id == "safe_loader"):
                    found.append(f"{where} calls .load() without Loader=safe_loader()")
        elif isinstance(node, ast.Attribute) and node.attr in FORBIDDEN_ATTRIBUTES:
            found.append(f"{where} uses .{node.attr}")
    return found


# Allowed where named: the worker set-up asks Linux (prctl) to end a worker whose parent
# died; no document data reaches ctypes.
ALLOWED_FINDINGS = {("policytool/batch.py", "imports ctypes")}


def test_the_package_has_no_eval_pickle_shell_network_or_unsafe_yaml():
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) > 20
    found = [f for path in files for f in _source_findings(path)]
    allowed = [f for f in found if (f.split(":")[0], f.split(" ", 1)[1]) in ALLOWED_FINDINGS]
    assert len(allowed) == 1  # the prctl call, once
    assert [f for f in found if f not in allowed] == []


def test_the_source_scan_finds_what_it_looks_for(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import pickle, urllib.request\nfrom socket import socket\nimport yaml\n"
        "eval('1')\nyaml.load(s)\nyaml.load(s, Loader=yaml.Loader)\nsubprocess.run('x', shell=True)\nos.system('x')\n",
        encoding="utf-8",
    )
    assert sorted(_source_findings(sample, root=tmp_path)) == [
        "sample.py:1 imports pickle",
        "sample.py:1 imports urllib.request",
        "sample.py:2 imports socket",
        "sample.py:4 calls eval()",
        "sample.py:5 calls .load() without Loader=safe_loader()",
        "sample.py:6 calls .load() without Loader=safe_loader()",
        "sample.py:6 uses .Loader",
        "sample.py:7 passes shell=",
        "sample.py:8 uses .system",
    ]


def test_yaml_is_read_with_safe_constructors_only():
    import yaml

    from policytool.yamlfile import safe_loader

    assert issubclass(safe_loader(), yaml.constructor.SafeConstructor)
    assert not issubclass(safe_loader(), yaml.constructor.FullConstructor)


def test_no_command_reaches_the_network(monkeypatch, tmp_path):
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("policytool opened a network connection")

    for name in ("socket", "create_connection", "getaddrinfo", "gethostbyname"):
        monkeypatch.setattr(socket, name, refuse)
    plan = tmp_path / "plan.txt"
    plan.write_text(PLAN, encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text(
        '<html><head><link rel="stylesheet" href="http://example.com/a.css"><script src="http://example.com/a.js">'
        '</script></head><body><div id="zoom"><p>正文一。</p><img src="http://example.com/a.png"><p>正文二。</p>'
        "</div></body></html>",
        encoding="utf-8",
    )
    for args in (
        ["clean", str(page), str(plan), "--jobs", "1"],
        ["parse", str(page), str(plan), "--format", "json", "--jobs", "1"],
        ["depts", str(plan), "--jobs", "1"],
        ["diff", str(plan), str(page), "--html", str(tmp_path / "out.html")],
    ):
        assert run(*args).exit_code == 0


# A document quoting markup as text, in both versions, with scripts that would mark the
# page if they ran. Written without spaces inside the tags, so the text diff keeps them whole.
SCRIPTED_A = (
    "一、总体要求\n\n"
    "（一）指导思想。坚持以人民为中心。<script>document.body.setAttribute('data-ran','script-a')</script>\n\n"
    "（二）工作目标。到2025年，基本建成体系。\n"
)
SCRIPTED_B = (
    "一、总体要求\n\n"
    "（一）指导思想。坚持以人民健康为中心。<script>document.body.setAttribute('data-ran','script-b')</script>\n\n"
    "（二）工作目标。<img/src='x'/onerror=document.body.setAttribute('data-ran','img')>到2025年，基本建成体系。"
    "<svg/onload=document.body.setAttribute('data-ran','svg')>\n\n"
    "（三）组织实施。<iframe/srcdoc='<script>parent.document.body.setAttribute(1,2)</script>'></iframe>\n"
)
PAYLOADS = [
    "<script>document.body.setAttribute('data-ran','script-b')</script>",
    "<img/src='x'/onerror=document.body.setAttribute('data-ran','img')>",
    "<svg/onload=document.body.setAttribute('data-ran','svg')>",
]


class _Elements(html.parser.HTMLParser):
    """Collects element names, attributes and text of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [name for name, _ in attrs]

    def handle_data(self, data):
        self.text.append(data)


def _elements(page: str) -> _Elements:
    parsed = _Elements()
    parsed.feed(page)
    parsed.close()
    return parsed


@pytest.fixture
def redline(tmp_path) -> pathlib.Path:
    (tmp_path / "a.txt").write_text(SCRIPTED_A, encoding="utf-8")
    (tmp_path / "b<draft>.txt").write_text(SCRIPTED_B, encoding="utf-8")
    page = tmp_path / "redline.html"
    args = ["diff", str(tmp_path / "a.txt"), str(tmp_path / "b<draft>.txt"), "--strict", "--all"]
    result = run(*args, "--input-format", "text", "--html", str(page))
    assert result.exit_code == 0
    cleaned = clean(SCRIPTED_B.encode(), input_format="text").text
    assert all(p in cleaned for p in PAYLOADS)  # the document really carries them as text
    return page


def test_the_html_redline_escapes_document_text(redline):
    page = redline.read_text(encoding="utf-8")
    parsed = _elements(page)
    assert {"script", "img", "svg", "iframe"}.isdisjoint(parsed.tags)
    assert not {a for a in parsed.attrs if a.startswith("on") or a in ("srcdoc", "src")}
    text = "".join(parsed.text)
    assert all(p in text for p in PAYLOADS)
    assert "b<draft>.txt" in text


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _dump_dom(browser: str, page: pathlib.Path) -> str:
    """Return the DOM of ``page`` after Chromium loaded it and ran its scripts."""
    command = [browser, "--headless", "--disable-gpu", "--dump-dom", page.as_uri()]
    if os.geteuid() == 0:
        command.insert(1, "--no-sandbox")  # Chromium refuses to run as root with its sandbox
    proc = subprocess.run(command, capture_output=True, timeout=120, check=False)
    dom = proc.stdout.decode("utf-8")
    assert proc.returncode == 0 and "</html>" in dom, proc.stderr.decode()[-2000:]
    return dom


def test_the_html_redline_renders_document_scripts_as_text_in_a_browser(redline, tmp_path):
    browser = _chromium()
    if browser is None:
        pytest.skip("chromium not installed: `apt-get install -y chromium` (.ci/run installs it where apt can)")
    # The check can fail: a page that does not escape gets marked by its script.
    control = tmp_path / "control.html"
    control.write_text("<html><body><p>x</p>" + PAYLOADS[0] + "</body></html>", encoding="utf-8")
    assert "data-ran" in _elements(_dump_dom(browser, control)).attrs
    parsed = _elements(_dump_dom(browser, redline))
    # The page has no script of its own, so the DOM after loading must have none at all,
    # and no element a script of the documents would have marked.
    assert {"script", "img", "svg", "iframe"}.isdisjoint(parsed.tags)
    assert "data-ran" not in parsed.attrs
    text = "".join(parsed.text)
    assert all(p in text for p in PAYLOADS)
