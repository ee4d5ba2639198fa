"""The command line: outputs, several inputs, and one clear line per bad input."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from policytool.cli import app
from tests.conftest import ROOT

runner = CliRunner()


@pytest.fixture(autouse=True)
def _run_from_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def run(*args: str, stdin: bytes | None = None):
    return runner.invoke(app, list(args), input=stdin)


def test_clean_prints_one_paragraph_per_line():
    result = run("clean", "seeds/002_1b94758247acec77.txt")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "促进健康产业高质量发展行动纲要（2019-2022年）"
    assert lines[2] == "一、总体要求"


def test_json_output_follows_the_schema():
    result = run("clean", "seeds/004_ad0221d9827c4750.txt", "--format", "json")
    data = json.loads(result.stdout)
    assert data["schema"] == "policytool.clean/1"
    assert set(data) == {"schema", "source", "meta", "paragraphs", "removed", "warnings"}
    assert set(data["source"]) == {"path", "format", "encoding", "bytes", "sha256"}
    assert data["source"]["format"] == "post"
    assert data["meta"]["doc_number"] == "国办发〔2022〕11号"
    assert all(set(r) == {"text", "reason"} for r in data["removed"])


def test_several_inputs_give_a_json_array_and_jsonl_lines():
    files = ["seeds/000_e2f4dd5230c76923.txt", "seeds/003_2fb1c8f732c91e3d.txt"]
    array = json.loads(run("clean", *files, "--format", "json").stdout)
    assert [d["source"]["path"] for d in array] == files
    lines = run("clean", *files, "--format", "jsonl").stdout.splitlines()
    assert [json.loads(x)["source"]["path"] for x in lines] == files


def test_folder_is_walked_in_order():
    result = run("clean", "seeds", "--format", "jsonl")
    paths = [json.loads(x)["source"]["path"] for x in result.stdout.splitlines()]
    assert paths == [f"seeds/{p.name}" for p in sorted((ROOT / "seeds").glob("*.txt"))]


def test_text_output_of_several_inputs_names_each():
    result = run("clean", "seeds/000_e2f4dd5230c76923.txt", "seeds/003_2fb1c8f732c91e3d.txt")
    assert result.stdout.startswith("==> seeds/000_e2f4dd5230c76923.txt <==\n")
    assert "\n==> seeds/003_2fb1c8f732c91e3d.txt <==\n" in result.stdout


def test_stdin():
    result = run("clean", "-", stdin="　　第一段。\n\n　　第二段。\n".encode())
    assert result.exit_code == 0
    assert result.stdout == "第一段。\n第二段。\n"


@pytest.mark.parametrize(
    ("args", "code", "line"),
    [
        (["parse", "-", "seeds/003_2fb1c8f732c91e3d.txt"], 1, "standard input is closed"),
        (["depts", "--files-from", "-"], 2, "cannot read the list of files (standard input is closed)"),
    ],
)
def test_a_closed_standard_input_is_one_line(args, code, line):
    # Started with `<&-`, as a cron job or a daemon may start it: Python has no sys.stdin.
    command = [sys.executable, "-m", "policytool", *args]
    proc = subprocess.run(
        ["sh", "-c", 'exec "$@" <&-', "sh", *command], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert (proc.returncode, proc.stderr) == (code, f"policytool: -: {line}\n")
    assert ("上海市人民政府" in proc.stdout) == (code == 1)  # the other input still processed


def test_bad_inputs_get_one_line_each_and_the_rest_is_processed(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (tmp_path / "nodocs").mkdir()
    (tmp_path / "nodocs" / "data.bin").write_bytes(b"x")
    result = run(
        "clean",
        str(tmp_path / "missing.txt"),
        str(tmp_path / "empty.txt"),
        str(tmp_path / "image.png"),
        str(tmp_path / "nodocs"),
        "seeds/003_2fb1c8f732c91e3d.txt",
        "--format",
        "jsonl",
    )
    assert result.exit_code == 1
    no_docs = (
        "no documents in this folder "
        "(*.txt, *.html, *.htm, *.shtml, *.md, *.markdown, *.pdf, *.docx, *.docm, *.xlsx, *.xlsm, *.csv)"
    )
    errors = result.stderr.splitlines()
    assert errors == [
        f"policytool: {tmp_path / 'missing.txt'}: no such file",
        f"policytool: {tmp_path / 'empty.txt'}: empty file",
        f"policytool: {tmp_path / 'image.png'}: not a text document (PNG image)",
        f"policytool: {tmp_path / 'nodocs'}: {no_docs}",
    ]
    records = [json.loads(x) for x in result.stdout.splitlines()]
    assert [r.get("error") for r in records[:4]] == [
        "no such file",
        "empty file",
        "not a text document (PNG image)",
        no_docs,
    ]
    assert records[4]["source"]["path"] == "seeds/003_2fb1c8f732c91e3d.txt"
    assert "Traceback" not in result.output


def test_usage_error_exits_2():
    assert run("clean", "seeds", "--format", "xml").exit_code == 2
    assert run("clean").exit_code == 2


def test_warning_and_quiet(tmp_path):
    bad = tmp_path / "broken.txt"
    bad.write_bytes(("正文内容。" * 100).encode() + b"\xff" + "结尾。".encode())
    assert "warning: 1 undecodable" in run("clean", str(bad)).stderr
    assert run("clean", str(bad), "--quiet").stderr == ""


def test_console_script_and_module_agree():
    module = subprocess.run(
        [sys.executable, "-m", "policytool", "clean", "seeds/003_2fb1c8f732c91e3d.txt"],
        capture_output=True,
        cwd=ROOT,
        check=True,
    )
    assert module.stdout.decode().startswith("上海市人民政府关于推进")


def test_broken_pipe_is_quiet():
    proc = subprocess.run(
        f"{sys.executable} -m policytool clean seeds | head -1",
        shell=True,
        capture_output=True,
        check=False,
        cwd=ROOT,
    )
    assert proc.stdout.decode().startswith("==> ")
    assert b"Traceback" not in proc.stderr


def test_version():
    assert run("--version").stdout.startswith("policytool ")


def test_parse_tree_is_the_default_view():
    result = run("parse", "seeds/002_1b94758247acec77.txt", "--depth", "1")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "seeds/002_1b94758247acec77.txt"
    assert any(x.endswith("── 1  一、总体要求") for x in lines)
    assert not any("(一)" in x or "（一）" in x for x in lines)  # depth 1: sections only
    assert max(len(x) for x in lines) <= 120


def test_parse_json_document():
    data = json.loads(run("parse", "seeds/004_ad0221d9827c4750.txt", "--format", "json").stdout)
    assert data["schema"] == "policytool.document/1"
    assert set(data) == {"schema", "source", "meta", "clauses"}
    first = data["clauses"][2]
    assert set(first) == {"id", "parent", "level", "kind", "marker", "number", "label", "title", "text", "span", "duty"}
    assert data["meta"]["doc_number"] == "国办发〔2022〕11号"


def test_parse_several_documents_json_array_and_jsonl_stream():
    files = ["seeds/002_1b94758247acec77.txt", "seeds/003_2fb1c8f732c91e3d.txt"]
    array = json.loads(run("parse", *files, "--format", "json").stdout)
    assert [d["source"]["path"] for d in array] == files
    rows = [json.loads(x) for x in run("parse", *files, "--format", "jsonl").stdout.splitlines()]
    assert {r["path"] for r in rows} == set(files)
    assert rows[0]["path"] == files[0] and rows[-1]["path"] == files[1]
    assert any(r["id"] == "0.3.13" and r["title"] == "建设健康保险服务业发展平台" for r in rows)


def test_parse_markdown_outline():
    out = run("parse", "seeds/004_ad0221d9827c4750.txt", "--format", "md").stdout
    assert out.startswith("# 国务院办公厅关于印发“十四五”国民健康规划的通知\n")
    assert "\n# “十四五”国民健康规划\n" in out
    assert "\n  - **(一)普及健康生活方式** `4.1`\n" in out
    assert "\n    - **¶1 加强健康促进与教育** `4.1.p1`\n" in out


def test_parse_bad_input_is_one_line(tmp_path):
    (tmp_path / "a.zip").write_bytes(b"PK\x03\x04" + bytes(30))
    result = run("parse", str(tmp_path / "a.zip"), "seeds/000_e2f4dd5230c76923.txt", "--format", "jsonl")
    assert result.exit_code == 1
    assert (
        result.stderr.strip()
        == f"policytool: {tmp_path / 'a.zip'}: damaged zip or Office file (File is not a zip file)"
    )
    assert json.loads(result.stdout.splitlines()[1])["kind"] == "part"


def test_help_and_parse_do_not_import_jieba():
    code = (
        "import sys\n"
        "from policytool.cli import app\n"
        "for args in (['--help'], ['parse', 'seeds/004_ad0221d9827c4750.txt', '--format', 'json']):\n"
        "    try:\n"
        "        app(args)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print('jieba' in sys.modules, file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=ROOT, check=True)
    assert proc.stderr.decode().strip().endswith("False")


def test_files_from_and_jobs_keep_input_order(tmp_path):
    names = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "seeds").glob("*.txt"))
    listing = tmp_path / "list.txt"
    listing.write_text("\n".join(reversed(names)) + "\n\n", encoding="utf-8")
    one = run("parse", "--files-from", str(listing), "--format", "jsonl", "--jobs", "1").stdout
    two = run("parse", "--files-from", str(listing), "--format", "jsonl", "--jobs", "2").stdout
    assert one == two
    paths = list(dict.fromkeys(json.loads(line)["path"] for line in two.splitlines()))
    assert paths == list(reversed(names))
    from_stdin = run("clean", "--files-from", "-", "--format", "jsonl", stdin="\n".join(names).encode())
    assert [json.loads(x)["source"]["path"] for x in from_stdin.stdout.splitlines()] == names


def test_files_from_skips_comments_and_blank_lines(tmp_path, monkeypatch):
    (tmp_path / "b.txt").write_bytes((ROOT / "seeds/001_7fbf1e66332ad55d.txt").read_bytes())
    (tmp_path / "#1 draft.txt").write_bytes((ROOT / "seeds/003_2fb1c8f732c91e3d.txt").read_bytes())
    listing = "# the 2024 corpus\n\nb.txt\n   # b.txt again, left out\n\t\n./#1 draft.txt\n"
    (tmp_path / "list.txt").write_text(listing, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("clean", "--files-from", "list.txt", "--format", "jsonl")
    assert (result.exit_code, result.stderr) == (0, "")
    assert [json.loads(x)["source"]["path"] for x in result.stdout.splitlines()] == ["b.txt", "#1 draft.txt"]
    from_stdin = run("clean", "--files-from", "-", "--format", "jsonl", stdin=listing.encode())
    assert from_stdin.stdout == result.stdout


def test_no_input_is_a_usage_error():
    result = run("parse")
    assert result.exit_code == 2
    assert "no input" in result.stderr


def test_depts_jsonl_streams_one_assignment_per_line_with_its_path(tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    result = run("depts", "seeds", str(tmp_path / "bad.txt"), "--format", "jsonl", "--jobs", "1")
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    paths = [line["path"] for line in lines]
    assert set(paths) == {"seeds/001_7fbf1e66332ad55d.txt", "seeds/002_1b94758247acec77.txt",
                          "seeds/003_2fb1c8f732c91e3d.txt", str(tmp_path / "bad.txt")}  # fmt: skip
    assert lines[-1] == {"path": str(tmp_path / "bad.txt"), "error": lines[-1]["error"]}
    first = lines[0]
    assert first["clause"] == "2.1.p1"
    assert [d["name"] for d in first["lead"]] == ["发展改革委"]
    assert [d["name"] for d in first["support"]] == ["卫生健康委", "中医药局"]


def test_depts_csv_of_a_folder_has_one_header_and_rows_of_every_document():
    out = run("depts", "seeds", "--format", "csv", "--bom").stdout
    assert out.startswith("\ufeffpath,clause,")
    assert out.count("\ufeff") == 1
    assert out.count("path,clause,label") == 1
    rows = out.splitlines()[1:]
    tagged = {"seeds/001_7fbf1e66332ad55d.txt", "seeds/002_1b94758247acec77.txt", "seeds/003_2fb1c8f732c91e3d.txt"}
    assert {row.split(",")[0] for row in rows} == tagged


def test_batch_hands_out_work_a_few_chunks_ahead(monkeypatch):
    """Many inputs through two workers: every outcome, in input order, never all handed out at once."""
    from policytool import batch
    from policytool.inputs import Input

    handed: list[tuple[int, int]] = []  # (chunk, outcomes written when it was handed out)
    written = 0
    real_give = batch._Worker.give

    def give(self, index, items):
        handed.append((index, written))
        return real_give(self, index, items)

    monkeypatch.setattr(batch._Worker, "give", give)
    items = [Input(f"doc{k}", None, f"{k + 1}、第{k}项工作。".encode()) for k in range(400)]
    outcomes = []
    for outcome in batch.run("parse", items, input_format="text", jobs=2):
        outcomes.append(outcome)
        written += 1
    assert [o.name for o in outcomes] == [f"doc{k}" for k in range(400)]
    assert all(o.error is None for o in outcomes)
    size = batch.CHUNK  # 400 inputs, 2 workers: full chunks
    assert sorted(index for index, _ in handed) == list(range(400 // size))
    assert all(index < done // size + 2 * batch.AHEAD for index, done in handed)


def test_every_command_has_the_light_help_page():
    import typer.main

    from policytool.cli_help import HelpCommand, HelpGroup

    group = typer.main.get_command(app)
    assert isinstance(group, HelpGroup)
    assert group.commands and all(isinstance(c, HelpCommand) for c in group.commands.values())
    result = runner.invoke(app, ["depts", "--help"])
    assert result.exit_code == 0
    text = result.stdout
    assert text.index("Usage: ") < text.index("Arguments") < text.index("Options") < text.index("Input")
    assert "--files-from" in text[text.index("Input") :] and "--jobs" in text[text.index("Run") :]
    assert "Examples:" in text and "policytool depts seeds/" in text


class TestUserFilesReachEveryStage:
    """--dict and --codebook travel to the stages (and worker processes) as one record of paths."""

    TEXT = "一、健全协调机制\n到2025年，覆盖率不低于80%。（某某协调小组办公室牵头）\n".encode()
    LEAD = "协调小组办公室"

    @pytest.fixture
    def resources(self, tmp_path):
        from policytool.batch import Resources

        extra = tmp_path / "mine.yaml"
        extra.write_text("national:\n  - {name: 协调小组办公室, aliases: [某某协调小组办公室]}\n", encoding="utf-8")
        book = tmp_path / "book.yaml"
        book.write_text(
            "types:\n  - name: 协调型\n    subtypes:\n      - {name: 协调, words: [协调机制]}\n", encoding="utf-8"
        )
        return Resources((extra,), book)

    @pytest.mark.parametrize("stage", ["parse", "depts", "targets", "code"])
    def test_the_user_dictionary_names_the_lead(self, stage, resources):
        from policytool.batch import process_one
        from policytool.inputs import Input

        outcome = process_one(stage, "text", resources, Input("a.txt", None, self.TEXT))
        assert outcome.error is None
        document = outcome.result if stage == "parse" else outcome.result.document
        (duty,) = [c.duty for c in document.clauses if c.duty]
        assert [(d.name, d.raw, d.known) for d in duty.lead] == [(self.LEAD, "某某" + self.LEAD, True)]

    @pytest.mark.parametrize("stage", ["terms", "terms-graph"])
    def test_the_user_dictionary_keeps_a_name_whole_for_keywords(self, stage, resources):
        from policytool.batch import process_one
        from policytool.inputs import Input

        outcome = process_one(stage, "text", resources, Input("a.txt", None, self.TEXT))
        assert outcome.error is None
        assert outcome.result.counts()["某某" + self.LEAD] == 1

    def test_the_codebook_codes_in_worker_processes(self, resources):
        from policytool import batch
        from policytool.inputs import Input

        items = [Input(f"doc{k}", None, self.TEXT) for k in range(batch.MIN_PARALLEL)]
        outcomes = list(
            batch.run(
                "code", items, input_format="text", dict_files=resources.dict_files, codebook=resources.codebook, jobs=2
            )
        )
        assert [o.error for o in outcomes] == [None] * len(items)
        for o in outcomes:
            assert [(c.id, [k.subtype for k in c.codes]) for c in o.result.clauses] == [("doc", []), ("1", ["协调"])]
            assert [d.name for c in o.result.document.clauses if c.duty for d in c.duty.lead] == [self.LEAD]


@pytest.mark.parametrize("columns", [40, 57, 100])
def test_tree_lines_fit_the_terminal_and_say_where_they_were_cut(monkeypatch, columns):
    from policytool.render.terminal import cells

    monkeypatch.setenv("COLUMNS", str(columns))
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    lines = run("parse", "seeds/004_ad0221d9827c4750.txt").stdout.splitlines()
    assert all(cells(line) <= columns for line in lines)
    if columns < 100:  # cut at the edge, a wide character that did not fit left as a blank
        assert any(line.endswith("…") and cells(line) == columns for line in lines)
    assert "\x1b[" not in "".join(lines)  # no colour in a pipe


def test_tree_colours_with_force_color(monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    first, second = run("parse", "seeds/002_1b94758247acec77.txt", "--depth", "1").stdout.splitlines()[:2]
    assert first == "\x1b[1mseeds/002_1b94758247acec77.txt\x1b[0m"
    assert second == "└── \x1b[1;36m促进健康产业高质量发展行动纲要（2019-2022年）\x1b[0m"


def test_a_command_run_builds_only_that_command():
    import typer.main

    from policytool.cli import app_for

    group = typer.main.get_command(app_for(["policytool", "parse", "x.txt"]))
    assert list(group.commands) == ["parse"]
    # Its help page and its errors read as they do from the whole app.
    for args in (["parse", "--help"], ["parse", "--bogus"], ["depts", "--format", "xml"], ["--version"]):
        whole = runner.invoke(app, args)
        alone = runner.invoke(app_for(["policytool", *args]), args)
        assert (alone.exit_code, alone.output) == (whole.exit_code, whole.output)
    # Without a command name, or with a wrong one, the whole app answers.
    assert app_for(["policytool", "--help"]) is app
    assert app_for(["policytool", "pasre"]) is app
    assert app_for(["policytool"]) is app


def test_shell_completion_gets_the_whole_app(monkeypatch):
    from policytool.cli import app_for

    monkeypatch.setenv("_POLICYTOOL_COMPLETE", "complete_bash")
    assert app_for(["policytool", "parse"]) is app
