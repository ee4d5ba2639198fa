"""Spreadsheets read directly: a task table sheet gives one assignment a row, as the same
table does in a page or a post; any other sheet reads as text."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policytool import clean, depts, parse
from policytool.chars import HAN_RUN
from policytool.duties import CELL_SPLIT
from tests.conftest import ROOT, SEED_FILES, run_cli

GOLD = ROOT / "benchmarks" / "gold"


def workbook(*sheets: list[list[object]], hidden: tuple[int, ...] = ()) -> bytes:
    """Return an .xlsx whose sheets hold these rows (None: an empty cell)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for k, rows in enumerate(sheets):
        sheet = book.create_sheet(f"表{k + 1}")
        for row in rows:
            sheet.append(row)
        if k in hidden:
            sheet.sheet_state = "hidden"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_file(rows: list[list[str]]) -> bytes:
    import csv

    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8-sig")  # as Excel saves "CSV UTF-8"


def _rows(report) -> list[tuple]:
    return [
        (a.title, [d.name for d in a.duty.lead], [d.name for d in a.duty.support], a.duty.deadline)
        for a in report.assignments
    ]


def _table(doc) -> list[list[str]]:
    """The task table of a cleaned document, as rows of cells."""
    return [CELL_SPLIT.split(p) for p in doc.paragraphs if "|" in p]


TABLE_DOC = clean((GOLD / "district_table_fengong.md").read_bytes(), path="district_table_fengong.md")


@pytest.mark.parametrize("form", ["xlsx", "csv"])
def test_a_task_table_sheet_gives_the_assignments_of_the_same_table_in_a_post(form):
    rows = [["附件", None, None, None, None], ["城南区紧密型城市医疗集团建设重点任务分工表"], *_table(TABLE_DOC)]
    data = workbook(rows) if form == "xlsx" else csv_file([[c or "" for c in row] for row in rows])
    sheet = clean(data, path=f"table.{form}")
    assert sheet.source.format == form
    assert _rows(depts(sheet)) == _rows(depts(TABLE_DOC))
    assert len(_rows(depts(sheet))) == 7


def test_a_ledger_built_from_a_documents_tags_gives_its_assignments():
    """A 督查台账 typed from a text: one row a tagged clause, lead and support in columns."""
    text = clean((GOLD / "provincial_renwu_fengong.txt").read_bytes(), path="provincial_renwu_fengong.txt")
    report = depts(text)
    ledger = [["序号", "重点任务", "牵头单位", "配合单位", "完成时限"]]
    for k, a in enumerate(report.assignments, 1):
        lead = "\n".join(d.raw for d in a.duty.lead)  # one unit a line, as Alt+Enter writes them
        ledger.append([k, a.title, lead, "、".join(d.raw for d in a.duty.support), a.duty.deadline or ""])
    got = depts(clean(workbook(ledger), path="ledger.xlsx"))

    def units(r) -> list[tuple]:  # as written: the ledger has no issuer to place `省发展改革委`
        return [(a.title, [d.raw for d in a.duty.lead], [d.raw for d in a.duty.support]) for a in r.assignments]

    assert units(got) == units(report) and len(units(got)) == 11


def test_a_header_on_two_rows_is_read_as_one():
    rows = [
        ["序号", "重点任务", "责任单位", None, "完成时限"],
        [None, None, "牵头单位", "配合单位", None],
        [1, "推进数字政府建设", "省发展改革委", "省财政厅\n省科技厅", dt.datetime(2023, 12, 31)],
        [2, "加强市场监管", "省市场监管局", None, "持续推进"],
    ]
    got = _rows(depts(clean(workbook(rows), path="two.xlsx")))
    assert got == [
        ("推进数字政府建设", ["省发展改革委"], ["省财政厅", "省科技厅"], "2023-12-31"),
        ("加强市场监管", ["省市场监管局"], [], "持续推进"),
    ]


def test_a_group_heading_merged_across_the_sheet_heads_its_rows():
    rows = [
        ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"],
        ["（一）优化营商环境"],
        [1, "完善县域商业网络", "商务部", "财政部", "2025年6月"],
        ["（二）加强市场监管"],
        [2, "加强农村物流配送", "交通运输部", "商务部", "持续推进"],
    ]
    report = depts(clean(workbook([["一、重点任务"], *rows]), path="groups.xlsx"))
    assert [(a.clause, a.title, [d.name for d in a.duty.lead]) for a in report.assignments] == [
        ("1.1.r1", "完善县域商业网络", ["商务部"]),
        ("1.2.r2", "加强农村物流配送", ["交通运输部"]),
    ]


def test_a_header_groups_label_is_recorded_as_removed():
    rows = [
        ["序号", "重点任务", "责任单位", None],
        [None, None, "牵头单位", "配合单位"],
        [1, "加强监管", "省市场监管局", "—"],
    ]
    doc = clean(workbook(rows), path="group.xlsx")
    assert doc.paragraphs == ("序号|重点任务|牵头单位|配合单位", "1 |加强监管|省市场监管局|—")
    assert [(r.text, r.reason) for r in doc.removed] == [("责任单位", "markup")]


def test_values_read_as_the_sheet_shows_them():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["指标", "2025年目标", "完成日期"])
    sheet.append(["城镇化率", 0.65, dt.date(2025, 12, 31)])
    sheet.append(["新建学校（所）", 12.0, None])
    sheet["B2"].number_format = "0%"
    out = io.BytesIO()
    book.save(out)
    doc = clean(out.getvalue(), path="targets.xlsx")
    assert doc.paragraphs[1:] == ("城镇化率| 65% | 2025年12月31日", "新建学校（所）| 12")


def test_a_sheet_of_text_parses_as_the_text():
    """A document pasted into a sheet, a paragraph a row, gives the document's tree."""
    text = clean(SEED_FILES[4].read_bytes(), path="seed.txt")
    sheet = clean(workbook([[p] for p in text.paragraphs]), path="seed.xlsx")
    assert sheet.paragraphs == text.paragraphs
    assert [(c.id, c.title, c.text) for c in parse(sheet).clauses] == [
        (c.id, c.title, c.text) for c in parse(text).clauses
    ]


def test_a_hidden_sheet_is_left_out_with_a_warning():
    data = workbook([["一、总体要求"], ["加强领导。"]], [["下拉选项"]], hidden=(1,))
    doc = clean(data, path="book.xlsx")
    assert doc.paragraphs == ("一、总体要求", "加强领导。")
    assert doc.warnings == ("sheet '表2' is hidden: left out",)


def test_prose_with_ascii_commas_is_no_csv():
    prose = "到2025年,基本形成体系,全面提升能力。\n一、总体要求\n坚持稳中求进,推动高质量发展。\n"
    assert clean(prose.encode(), path="x.txt").source.format == "text"
    quoted = '序号,重点任务,牵头单位\n1,"推进建设,\n加快发展",省发展改革委\n2,加强监管,省市场监管局\n'
    doc = clean(quoted.encode(), path="x.csv")
    assert doc.source.format == "csv"
    assert doc.paragraphs[1] == "1 |推进建设,加快发展|省发展改革委"


HAN = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=30)
CELL = st.one_of(st.none(), HAN, st.sampled_from(["牵头单位", "配合单位", "重点任务", "序号", "完成时限"]))


@settings(max_examples=20, deadline=None)
@given(st.lists(st.lists(CELL, min_size=1, max_size=6), min_size=1, max_size=12))
def test_no_han_character_is_lost(rows):
    expected = "".join(c for row in rows for c in row if c)
    if not expected:
        return
    doc = clean(workbook(rows), path="x.xlsx")
    got = "".join(HAN_RUN.findall("".join(doc.paragraphs) + "".join(r.text for r in doc.removed)))
    assert sorted(got) == sorted(expected)


def test_bad_workbooks_get_one_line_each_and_the_rest_go_on(tmp_path):
    good = workbook([["一、总体要求"], ["加强领导。"]])
    (tmp_path / "broken.xlsx").write_bytes(good[: len(good) // 2])
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    (tmp_path / "good.xlsx").write_bytes(good)
    names = [str(tmp_path / n) for n in ("broken.xlsx", "old.xls", "good.xlsx")]
    result = run_cli("parse", *names, "--format", "jsonl")
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert len(errors) == 2 and errors[0].startswith(f"policytool: {names[0]}: ")
    assert errors[1].startswith(f"policytool: {names[1]}: ")
    assert '"title": "总体要求"' in result.stdout


def test_a_folder_holds_its_workbooks(tmp_path):
    (tmp_path / "a.xlsx").write_bytes(workbook([["一、总体要求"], ["加强领导。"]]))
    (tmp_path / "b.csv").write_bytes(csv_file([["序号", "重点任务", "牵头单位"], ["1", "加强领导", "省政府办公厅"]]))
    result = run_cli("clean", str(tmp_path), "--format", "jsonl")
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 2
