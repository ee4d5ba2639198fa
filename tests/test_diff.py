"""Clause-aligned comparison: the seeds, a constructed revision, trace mode, and outputs."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from policytool import load, parse
from policytool.cli import app
from policytool.compare import char_ops, diff
from policytool.render.diff import as_html, as_markdown, plain_ops
from tests.conftest import ROOT, seed

runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})


def doc(prefix: str):
    return parse(load(seed(prefix)))


def changed(result):
    return [p for p in result.pairs if p.status != "same"]


class TestSeeds:
    def test_html_copy_against_pdf_copy(self):
        result = diff(doc("001"), doc("002"))
        (only,) = changed(result)
        assert (only.status, only.a.id, only.b.id) == ("changed", "2", "2")
        assert plain_ops(only.ops) == "围绕重点领域和关键环节实施[-十-]{+10+}项重大工程[-:-]{+。+}"
        assert not any(p.duty_changes for p in result.pairs)
        assert result.summary()["same"] == len(result.pairs) - 1
        # The empty mapping is shared by every pair, so it must be read-only,
        # and a record gets a plain dict of its own that it may change.
        with pytest.raises(TypeError):
            only.duty_changes["added"] = ["x"]  # type: ignore[index]
        record = only.to_dict()["duty_changes"]
        assert type(record) is dict and record == {}

    def test_mirror_image(self):
        result = diff(doc("002"), doc("001"))
        (only,) = changed(result)
        assert plain_ops(only.ops) == "围绕重点领域和关键环节实施[-10-]{+十+}项重大工程[-。-]{+:+}"

    def test_news_report_traced_to_its_source(self):
        result = diff(doc("000"), doc("004"))
        assert result.mode == "trace"
        best = [t.matches[0].clause.id for t in result.trace]
        assert best == ["8.4", "8.1", "8.2", "8.3", "8.4", "8.5"]
        for t in result.trace[1:]:
            assert t.matches[0].similarity > 0.9
            assert t.own[0].startswith("《规划》")  # what the report adds of its own
        assert result.trace[0].matches[0].similarity > 0.5


def revised(paragraphs: list[str]) -> list[str]:
    """002 with a clause inserted early, one deleted, one moved and one department dropped."""
    out = list(paragraphs)
    at = out.index("（一）优质医疗健康资源扩容工程") + 1
    out.insert(at, "建设国家医学中心。在全国范围内布局建设若干国家医学中心，带动全国医疗水平提升。（卫生健康委负责）")
    deleted = next(p for p in out if p.startswith("落实税费政策。"))
    out.remove(deleted)
    moved = next(p for p in out if p.startswith("加强诚信治理。"))
    out.remove(moved)
    out.insert(out.index("（八）健康产业人才提升工程"), moved)
    k = next(k for k, p in enumerate(out) if p.startswith("促进健康保险与健康服务融合。"))
    out[k] = out[k].replace("（银保监会、卫生健康委负责）", "（银保监会负责）")
    return out


def test_a_revision_is_reported_as_exactly_its_changes():
    from policytool import clean

    original = load(seed("002"))
    a = parse(original)
    b = parse(clean("\n".join(revised(list(original.paragraphs))) + "\n"))
    result = diff(a, b)
    counts = result.summary()
    assert (counts["added"], counts["removed"], counts["moved"], counts["changed"]) == (1, 1, 1, 0)
    (added,) = [p for p in result.pairs if p.status == "added"]
    assert added.b.title == "建设国家医学中心"
    (removed,) = [p for p in result.pairs if p.status == "removed"]
    assert removed.a.title == "落实税费政策"
    (moved,) = [p for p in result.pairs if p.status == "moved"]
    assert (moved.a.id, moved.b.id) == ("2.10.p3", "2.7.p3")
    (duty,) = [p for p in result.pairs if p.duty_changes]
    assert duty.a.title == "促进健康保险与健康服务融合" and duty.duty_changes == {"removed": ["卫生健康委"]}
    # Clauses after the insertion keep their text; only their numbers moved on.
    assert {p.status for p in result.pairs} <= {"same", "renumbered", "added", "removed", "moved"}
    assert {p.b.id for p in result.pairs if p.status == "renumbered"} >= {"2.1.p2", "2.1.p3", "2.1.p4"}


class TestInlineEdits:
    def test_width_and_whitespace_are_ignored_unless_strict(self):
        assert char_ops("到 2022 年,基本形成", "到2022年，基本形成") == (("equal", "到2022年，基本形成"),)
        assert any(op != "equal" for op, _ in char_ops("年,基本", "年，基本", strict=True))

    def test_no_word_fragments(self):
        ops = char_ops("推进健康产业发展", "推动医药产业创新")
        # One-character equal runs next to edits are folded into them.
        assert all(len(t) >= 2 for op, t in ops if op == "equal")

    def test_long_clauses_keep_popular_characters(self):
        a = "的" * 150 + "健康产业" + "的" * 150
        b = "的" * 150 + "医药产业" + "的" * 150
        assert plain_ops(char_ops(a, b)).count("的") == 300


class TestCommand:
    @pytest.fixture(autouse=True)
    def _root(self, monkeypatch):
        monkeypatch.chdir(ROOT)

    def test_summary_and_markers_without_colour(self):
        result = runner.invoke(app, ["diff", "seeds/001_7fbf1e66332ad55d.txt", "seeds/002_1b94758247acec77.txt"])
        assert result.exit_code == 0
        assert result.stdout.splitlines()[0] == "same 56 · changed 1 · added 0 · removed 0 · moved 0"
        assert "[-十-]{+10+}" in result.stdout

    def test_json(self):
        args = ["diff", "seeds/001_7fbf1e66332ad55d.txt", "seeds/002_1b94758247acec77.txt", "--format", "json"]
        data = json.loads(runner.invoke(app, args).stdout)
        assert data["schema"] == "policytool.diff/1" and data["mode"] == "versions"
        assert data["summary"]["changed"] == 1
        pair = next(p for p in data["pairs"] if p["status"] == "changed")
        assert set(pair) >= {"status", "a", "b", "a_label", "b_label", "similarity", "ops", "duty_changes"}
        assert ["delete", "十"] in pair["ops"] and ["insert", "10"] in pair["ops"]

    def test_trace_json(self):
        args = ["diff", "seeds/000_e2f4dd5230c76923.txt", "seeds/004_ad0221d9827c4750.txt", "--format", "json"]
        data = json.loads(runner.invoke(app, args).stdout)
        assert data["mode"] == "trace"
        assert [p["matches"][0]["clause"] for p in data["paragraphs"]] == ["8.4", "8.1", "8.2", "8.3", "8.4", "8.5"]

    def test_markdown_and_html(self, tmp_path):
        page = tmp_path / "redline.html"
        args = ["diff", "seeds/001_7fbf1e66332ad55d.txt", "seeds/002_1b94758247acec77.txt", "--format", "md"]
        result = runner.invoke(app, [*args, "--html", str(page)])
        assert "- **changed** 二 重大工程" in result.stdout
        text = page.read_text(encoding="utf-8")
        assert text.startswith("<!DOCTYPE html>") and "<del>十</del>" in text and "<ins>10</ins>" in text
        assert "http" not in text  # self-contained: no external assets

    def test_missing_file(self):
        result = runner.invoke(app, ["diff", "nope.txt", "seeds/002_1b94758247acec77.txt"])
        assert result.exit_code == 1 and result.stderr.strip() == "policytool: nope.txt: no such file"


SEED_PAIR = ["diff", "seeds/001_7fbf1e66332ad55d.txt", "seeds/002_1b94758247acec77.txt"]
MARKED = "[-十-]{+10+}"


def terminal_env(**changes: str) -> dict[str, str]:
    """The environment of a user at a colour terminal, with ``changes`` on top."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE")}
    env.update({"TERM": "xterm-256color", "COLUMNS": "200", "PYTHONPATH": str(ROOT)}, **changes)
    return env


def on_a_terminal(args: list[str], env: dict[str, str]) -> str:
    """Run policytool with its output on a pseudo-terminal; return what the terminal shows."""
    import pty

    main, child = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "policytool", *args], stdin=child, stdout=child,
                            stderr=child, env=env, cwd=ROOT)  # fmt: skip
    os.close(child)
    shown = bytearray()
    try:
        while select.select([main], [], [], 60)[0]:
            try:
                data = os.read(main, 65536)
            except OSError:  # EIO: the command ended and closed the terminal
                break
            if not data:
                break
            shown += data
    finally:
        os.close(main)
        proc.kill() if proc.poll() is None else None
    assert proc.wait(timeout=60) == 0
    return shown.decode()


class TestMarkers:
    """Deleted and inserted text are told apart by colour where colour shows, else by markers."""

    def test_a_terminal_gets_colours(self):
        shown = on_a_terminal(SEED_PAIR, terminal_env())
        edit = next(line for line in shown.splitlines() if "重大工程" in line and "环节" in line)
        assert "\x1b[" in edit and "十" in edit and "10" in edit
        assert MARKED not in shown

    def test_a_pipe_gets_markers(self):
        proc = subprocess.run([sys.executable, "-m", "policytool", *SEED_PAIR], capture_output=True,
                              env=terminal_env(), cwd=ROOT, text=True, check=True)  # fmt: skip
        assert MARKED in proc.stdout and "\x1b[" not in proc.stdout
        assert "实施十10项" not in proc.stdout

    @pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {"TERM": "dumb"}], ids=["NO_COLOR", "TERM=dumb"])
    def test_a_terminal_without_colour_gets_markers(self, env):
        shown = on_a_terminal(SEED_PAIR, terminal_env(**env))
        assert MARKED in shown
        if env.get("TERM") == "dumb":
            assert "\x1b[" not in shown

    def test_forced_colour_in_a_pipe_keeps_colours(self):
        proc = subprocess.run([sys.executable, "-m", "policytool", *SEED_PAIR], capture_output=True,
                              env=terminal_env(FORCE_COLOR="1"), cwd=ROOT, text=True, check=True)  # fmt: skip
        assert "\x1b[" in proc.stdout and MARKED not in proc.stdout


def test_html_escapes_document_text():
    from policytool import clean

    a = parse(clean("一、总体要求\n<script>alert(1)</script>坚持人民至上。\n"))
    b = parse(clean('一、总体要求\n<img src=x onerror="alert(2)">坚持人民至上。\n', input_format="text"))
    page = as_html(diff(a, b, mode="versions"))
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;img src=x onerror=" in page or "&lt;script&gt;" in page
    assert "**changed**" in as_markdown(diff(a, b, mode="versions"))


def test_split_and_merged_clauses_are_recognised():
    from policytool import clean

    one = (
        "（一）指导思想。坚持以人民为中心，推进健康中国建设，完善国民健康政策。"
        "加强统筹协调，强化部门协同，形成工作合力。"
    )
    two = [
        "（一）指导思想。坚持以人民为中心，推进健康中国建设，完善国民健康政策。",
        "加强统筹协调。强化部门协同，形成工作合力。",
    ]
    a = parse(clean(f"一、总体要求\n{one}\n二、重点任务\n"))
    b = parse(clean("\n".join(["一、总体要求", *two, "二、重点任务"]) + "\n"))
    (split,) = [p for p in diff(a, b).pairs if p.status not in ("same", "renumbered")]
    assert (split.status, split.a.id, split.parts) == ("split", "1.1", ("1.1", "1.1.p1"))
    (merged,) = [p for p in diff(b, a).pairs if p.status not in ("same", "renumbered")]
    assert (merged.status, merged.b.id, merged.parts) == ("merged", "1.1", ("1.1", "1.1.p1"))


def test_a_clause_under_another_parent_has_moved():
    from policytool import clean

    a = [
        "一、任务",
        "（一）甲类工作",
        "建设甲中心。推进甲中心建设工作。",
        "建设乙中心。推进乙中心建设工作。",
        "（二）丙类工作",
        "建设丙中心。推进丙中心建设工作。",
    ]
    b = [
        "一、任务",
        "（一）甲类工作",
        "建设甲中心。推进甲中心建设工作。",
        "（二）丙类工作",
        "建设乙中心。推进乙中心建设工作。",
        "建设丙中心。推进丙中心建设工作。",
    ]
    result = diff(parse(clean("\n".join(a) + "\n")), parse(clean("\n".join(b) + "\n")))
    (moved,) = [p for p in result.pairs if p.status == "moved"]
    assert (moved.a.id, moved.b.id) == ("1.1.p2", "1.2.p1")
