"""benchmarks/realworld.py: the rows and anomalies it reports on a folder of documents."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

SCRIPT = ROOT / "benchmarks" / "realworld.py"
PLAN = (
    "关于加强基层医疗卫生服务的通知\n\n"
    "一、总体要求\n加强领导。\n"
    "二、重点任务\n（一）完善网络，详见相关链接：网址。（市卫生健康委牵头，市财政局、市数据港配合）\n"
    "四、保障措施\n加强宣传。\n"
)


def run(folder, *args):
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(folder), *args], capture_output=True, text=True, cwd=ROOT, check=False
    )


def test_one_row_per_document_with_its_anomalies_and_failures(tmp_path):
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "a.txt").write_text(PLAN, encoding="utf-8")
    (tmp_path / "plans" / "b.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / "SOURCES.md").write_text("# where each file is from\n", encoding="utf-8")
    proc = run(tmp_path, "--misses")
    assert proc.returncode == 1  # one document failed
    rows = [line for line in proc.stdout.splitlines() if line.startswith("| plans/")]
    assert len(rows) == 2  # SOURCES.md is the folder's index, not a document
    cells = [c.strip() for c in rows[0].split("|")[1:-1]]
    assert cells[:2] == ["plans/a.txt", "关于加强基层医疗卫生服务的通知"]
    assert cells[6:12] == ["3/1", "1", "1", "3", "1", "1"]  # levels, numbering, tags, assignments, ?, furniture
    assert "error: InputError" in rows[1]
    misses = proc.stdout.split("\n\n")[-1].splitlines()
    assert "plans/a.txt: numbering 4: 四、 follows number 2" in misses
    assert "plans/a.txt: unknown 2.1: 市数据港" in misses
    assert "plans/a.txt: furniture 2.1: 相关链接：" in misses
    assert "2 documents, 1 failed; 4 clauses, 1 tags, 3 assignments;" in proc.stdout


def test_a_missing_folder_is_one_line():
    proc = run(ROOT / "no-such-folder")
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.strip().endswith("no-such-folder: no such folder")


def test_the_facts_a_metadata_table_states_are_checked_against_meta():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from realworld import table_check
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    from dataclasses import replace

    from policytool import clean

    page = (
        "<html><body><table><tr><td>标　　题：</td><td>南州市人民政府关于推进城市更新的意见</td></tr>"
        "<tr><td>发文字号：</td><td>南府发〔2023〕5号</td><td>发布日期：</td><td>2023年03月10日</td></tr>"
        "<tr><td>成文日期：</td><td>2023年03月06日</td></tr></table>"
        "<div class='content'><p>南州市人民政府关于推进</p><p>城市更新的意见</p>"
        "<p>为加快推进城市更新，改善人居环境，统筹推进老旧小区改造、街区更新和城市功能完善，现提出如下意见。</p>"
        "<p>一、总体要求</p><p>坚持以人民为中心，统筹推进老旧小区改造。</p></div></body></html>"
    )
    cleaned = clean(page.encode(), input_format="html")
    assert table_check(cleaned) == (4, [])
    # A rule that let the text's own reading win would show as a miss.
    wrong = replace(cleaned, meta=replace(cleaned.meta, title="南州市人民政府关于推进", date="2023-03-07"))
    assert table_check(wrong) == (
        4,
        [
            "标题: table 南州市人民政府关于推进城市更新的意见, read 南州市人民政府关于推进",
            "成文日期: table 2023-03-06, read 2023-03-07",
        ],
    )


def test_cli_runs_each_command_on_each_document_and_reports_what_did_not_exit_0(tmp_path):
    (tmp_path / "a.txt").write_text(PLAN, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01binary")
    proc = run(tmp_path, "--cli")
    (line,) = [x for x in proc.stdout.splitlines() if x.startswith("Command line:")]
    failed = "b.txt clean: exit 1; b.txt parse: exit 1; b.txt depts: exit 1"
    assert line.startswith(f"Command line: 6 runs, 3 not exiting 0: {failed}; slowest ")
