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
