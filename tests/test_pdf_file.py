"""PDF files read directly: the same clauses and duties as the text, without the page furniture."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policytool import clean, depts, parse
from tests.conftest import ROOT, SEED_FILES, run_cli
from tests.pdfs import COLUMN, HEADER, make_pdf, make_table_pdf, scanned_pdf, wrapped

TEXTS = {path.name[:3]: clean(path.read_bytes(), path=str(path)) for path in SEED_FILES}


def _tree(doc) -> list[tuple]:
    return [(c.id, c.kind, c.title, c.text) for c in doc.clauses if c.kind != "part"]


def _duties(report) -> list[tuple]:
    return [(a.clause, [d.name for d in a.duty.lead], [d.name for d in a.duty.support]) for a in report.assignments]


@pytest.mark.parametrize("seed", sorted(TEXTS))
def test_a_pdf_of_a_document_parses_as_its_text(seed):
    """Set over pages with a running header and page numbers, pages breaking inside clauses."""
    text = TEXTS[seed]
    pdf = make_pdf(text.paragraphs)
    from_pdf = clean(pdf, path=f"{seed}.pdf")
    assert from_pdf.source.format == "pdf" and from_pdf.source.encoding == "binary"
    assert from_pdf.paragraphs == text.paragraphs
    assert _tree(parse(from_pdf)) == _tree(parse(text))
    assert _duties(depts(from_pdf)) == _duties(depts(text))
    reasons = {r.reason for r in from_pdf.removed} - {r.reason for r in text.removed}
    assert reasons <= {"page-number", "running-header"}


def test_no_page_furniture_stays_inside_a_clause_and_a_clause_across_pages_is_whole():
    text = TEXTS["001"]
    pdf = make_pdf(text.paragraphs, lines_per_page=7)  # many page breaks, most inside clauses
    doc = parse(clean(pdf, path="001.pdf"))
    removed = [r.text for r in doc.cleaned.removed]
    assert removed.count(HEADER) >= 10 and "— 10 —" in removed
    assert not any(HEADER in c.text or "—" in c.text for c in doc.clauses)
    assert _tree(doc) == _tree(parse(text))


def test_a_single_page_number_goes_by_its_place_and_form():
    body = "".join(f"加强第{k}项工作的领导。" for k in range(1, 30))
    pdf = make_pdf(["关于加强培训的通知", "一、总体要求", body], header=None)
    doc = clean(pdf, path="one.pdf")
    assert [r.text for r in doc.removed] == ["— 1 —"]
    assert doc.paragraphs == ("关于加强培训的通知", "一、总体要求", body)


HAN = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=300)


@settings(max_examples=15)
@given(st.lists(HAN, min_size=1, max_size=12))
def test_no_han_character_is_lost(paragraphs):
    texts = [f"{k}、{p}。" for k, p in enumerate(paragraphs, 1)]
    doc = clean(make_pdf(texts, header=None, lines_per_page=9), path="x.pdf")
    assert "".join(doc.paragraphs) == "".join(texts) and doc.warnings == ()


def test_a_scan_and_a_locked_pdf_get_one_line_each_and_the_rest_go_on(tmp_path):
    (tmp_path / "scan.pdf").write_bytes(scanned_pdf())
    (tmp_path / "locked.pdf").write_bytes(make_pdf(["一、总体要求"], encrypt=("secret", "owner")))
    (tmp_path / "open.pdf").write_bytes(make_pdf(["一、总体要求", "加强领导。"], encrypt=("", "owner")))
    (tmp_path / "good.txt").write_text("一、总体要求\n加强领导。\n", encoding="utf-8")
    names = [str(tmp_path / n) for n in ("scan.pdf", "locked.pdf", "open.pdf", "good.txt")]
    result = run_cli("parse", *names, "--format", "jsonl")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"policytool: {names[0]}: no text layer: a scanned PDF needs OCR first",
        f"policytool: {names[1]}: encrypted PDF: it needs a password to open",
    ]
    lines = result.stdout.splitlines()
    assert sum('"title": "总体要求"' in line for line in lines) == 2  # open.pdf and good.txt


def test_a_folder_holds_its_pdfs(tmp_path):
    (tmp_path / "a.pdf").write_bytes(make_pdf(["一、总体要求", "加强领导。"]))
    (tmp_path / "b.txt").write_text("一、总体要求\n加强领导。\n", encoding="utf-8")
    result = run_cli("clean", str(tmp_path), "--format", "jsonl")
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 2


GOLD_TABLE = clean((ROOT / "benchmarks" / "gold" / "district_table_fengong.md").read_bytes(), path="table.md")


def _split_at_table(doc) -> tuple[list[str], list[list[str]], list[str]]:
    rows = [k for k, p in enumerate(doc.paragraphs) if "|" in p]
    first, last = rows[0], rows[-1]
    cells = [[c.strip() for c in doc.paragraphs[k].split("|")] for k in rows]
    return list(doc.paragraphs[:first]), cells, list(doc.paragraphs[last + 1 :])


def _assignments(report) -> list[tuple]:
    return [
        (a.title, [d.name for d in a.duty.lead], [d.name for d in a.duty.support], a.duty.deadline)
        for a in report.assignments
    ]


def test_a_ruled_task_table_gives_the_assignments_of_the_same_table_in_a_post():
    before, rows, after = _split_at_table(GOLD_TABLE)
    doc = clean(make_table_pdf(before, rows, after), path="table.pdf")
    assert doc.warnings == ()
    assert doc.paragraphs == GOLD_TABLE.paragraphs
    assert _assignments(depts(doc)) == _assignments(depts(GOLD_TABLE))
    assert len(depts(doc).assignments) == 7


def test_a_table_over_pages_is_one_table_without_its_repeated_header():
    header = ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"]
    task = "推进第{}批数字政府建设项目，完善一体化政务服务平台功能"
    tasks = [[str(k), task.format(k), "省发展改革委", "省财政厅、省科技厅", f"{2020 + k}年底前"] for k in range(1, 41)]
    doc = clean(make_table_pdf(["一、重点任务"], [header, *tasks], ["二、保障措施"]), path="long.pdf")
    assert doc.warnings == ()
    assert [r.reason for r in doc.removed].count("running-header") >= 2 + 1  # the page header, the table's
    assert "|".join(header) in doc.paragraphs and sum("序号" in p for p in doc.paragraphs) == 1
    got = _assignments(depts(doc))
    assert len(got) == 40 and got[39] == (tasks[39][1], ["省发展改革委"], ["省财政厅", "省科技厅"], "2060-12")
    assert doc.paragraphs[-1] == "二、保障措施"


def test_merged_cells_read_as_a_spreadsheet_stores_them():
    rows = [
        ["序号", "重点任务", "责任单位", "", "完成时限"],
        ["", "", "牵头单位", "配合单位", ""],
        ["1", "优化营商环境，推进政务服务一网通办", "省政务服务管理局", "省发展改革委", "2023年底前"],
        ["2", "", "省市场监管局", "省商务厅", "持续推进"],
    ]
    spans = (((0, 0), (0, 1)), ((1, 0), (1, 1)), ((2, 0), (3, 0)), ((4, 0), (4, 1)), ((1, 2), (1, 3)))
    doc = clean(make_table_pdf(["一、重点任务"], rows, spans=spans), path="merged.pdf")
    assert doc.paragraphs[-3:] == (
        "序号|重点任务|牵头单位|配合单位|完成时限",
        "1 |优化营商环境，推进政务服务一网通办|省政务服务管理局|省发展改革委| 2023年底前",
        "2 | |省市场监管局|省商务厅|持续推进",
    )
    assert ("责任单位", "markup") in [(r.text, r.reason) for r in doc.removed]


def test_a_line_of_one_character_in_a_font_without_metrics_is_warned_of():
    last = "加强领导，落实责任。" * 3 + "强"  # a first line of 30 characters, then `强` alone
    assert [line for line, _ in wrapped(last, COLUMN, 14, lone_last=True)][-1] == "强"
    doc = clean(make_pdf(["一、总体要求", last], header=None, lone_last=True), path="one.pdf")
    assert doc.paragraphs[-1] == last[:-1]  # PDFium leaves the one-character line out …
    assert doc.warnings == (
        "1 piece(s) of text in a font without metrics could not be read (PDFium leaves them out) on page(s) 1",
    )


GOLD_DOCUMENTS = sorted(
    p for p in (ROOT / "benchmarks" / "gold").iterdir() if p.suffix in (".txt", ".md", ".html") and p.stem != "README"
)


@pytest.mark.parametrize("path", GOLD_DOCUMENTS, ids=lambda p: p.stem)
def test_a_pdf_of_a_gold_document_parses_as_its_text(path):
    """The gold set's documents, their task tables ruled, set over pages."""
    text = clean(path.read_bytes(), path=path.name)
    if any(a.source == "table" for a in depts(text).assignments):
        pdf = make_table_pdf(*_split_at_table(text))
    else:
        pdf = make_pdf(text.paragraphs, lines_per_page=12)
    doc = clean(pdf, path=path.stem + ".pdf")
    assert doc.warnings == ()
    assert doc.paragraphs == text.paragraphs
    assert _tree(parse(doc)) == _tree(parse(text))
    assert _duties(depts(doc)) == _duties(depts(text))


def test_a_group_heading_merged_across_a_ruled_table_heads_its_rows():
    rows = [
        ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"],
        ["（一）优化营商环境", "", "", "", ""],
        ["1", "完善县域商业网络建设", "商务部", "财政部", "2025年6月"],
        ["（二）加强市场监管", "", "", "", ""],
        ["2", "加强农村物流配送体系", "交通运输部", "商务部", "持续推进"],
    ]
    spans = (((0, 1), (4, 1)), ((0, 3), (4, 3)))
    report = depts(clean(make_table_pdf(["一、重点任务"], rows, spans=spans), path="groups.pdf"))
    assert [(a.clause, a.title, [d.name for d in a.duty.lead]) for a in report.assignments] == [
        ("1.1.r1", "完善县域商业网络建设", ["商务部"]),
        ("1.2.r2", "加强农村物流配送体系", ["交通运输部"]),
    ]


def test_the_letterhead_and_the_imprint_of_a_pdf_are_read_as_in_text():
    """The 版头 above the title and the 版记 at the foot of the last page, as GB/T 9704 sets them."""
    from tests.test_gongwen_elements import WRITTEN

    # The body as a report's is, paragraphs of several lines: their ends give the column's edge.
    body = "全省政务服务事项全部实现网上可办，" + "数据共享交换平台接入部门持续增加，" * 8 + "群众办事更加便利。"
    written = WRITTEN.replace("全省政务服务事项全部实现网上可办。", body)
    text = clean(written, path="written.txt")
    doc = clean(make_pdf(written.splitlines(), lines_per_page=14), path="written.pdf")
    assert doc.meta == text.meta and doc.meta.letterhead == "江北省人民政府办公厅文件"
    assert doc.paragraphs == text.paragraphs
    assert [r for r in doc.removed if r.reason not in ("page-number", "running-header")] == list(text.removed)


def test_a_line_break_in_a_unit_cell_separates_units_and_a_wrap_does_not():
    rows = [
        ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"],
        ["1", "完善县域商业网络建设", "省发展改革委", "省财政厅\n省科技厅", "2025年6月"],
        ["2", "加强农村物流配送体系", "省交通运输厅", "省住房城乡建设厅、省农业农村厅、省商务厅", "持续推进"],
    ]
    report = depts(clean(make_table_pdf(["一、重点任务"], rows), path="units.pdf"))
    assert [[d.name for d in a.duty.support] for a in report.assignments] == [
        ["省财政厅", "省科技厅"],
        ["省住房城乡建设厅", "省农业农村厅", "省商务厅"],  # wrapped over lines in its cell
    ]


def test_a_body_line_that_ends_two_pages_alike_is_no_running_footer():
    """The last line of a page stands in the bottom margin; `（省卫生健康委负责）` ending two
    pages of twenty is body text, the header on all twenty is not."""
    from policytool.cleaning.pdflayout import Line, strip_page_furniture

    def page(n: int, last: str) -> list[Line]:
        return [
            Line(n, HEADER, 200, 400, 800, 10, 842),
            Line(n, "本页的正文" + "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉"[n], 72, 520, 400, 14, 842),
            Line(n, last, 72, 300, 90, 14, 842),  # the page's last line, in the bottom 12%
        ]

    pages = [
        page(n, "（省卫生健康委负责）" if n in (3, 12) else "正文末行" + "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉"[n])
        for n in range(20)
    ]
    body, removed = strip_page_furniture(pages)
    assert [r.text for r in removed] == [HEADER] * 20
    assert sum(line.text == "（省卫生健康委负责）" for line in body) == 2
