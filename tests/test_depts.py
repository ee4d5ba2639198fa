"""Responsibility tags: every tag style, the 下同 rule, names, the dictionary, and the seeds."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from policytool import attach_duties, clean, load, load_departments
from policytool.cli import app
from policytool.duties import DUTY_WORDS, LABEL_TAG, deadline_value, find_tag, summarize
from policytool.segment import segment
from tests.conftest import ROOT, SEED_FILES, seed
from tests.properties import examples

# Wide enough that rich does not wrap the Chinese cells the tests look for.
runner = CliRunner(env={"COLUMNS": "200"})


def report(*paragraphs: str, departments=None):
    return attach_duties(segment(clean("\n".join(paragraphs) + "\n")), departments)


def duty_of(*paragraphs: str, departments=None):
    (a,) = report(*paragraphs, departments=departments).assignments
    return a.duty


def names(depts) -> list[str]:
    return [d.name for d in depts]


TASK = "（一）完善县域商业网络。健全县乡村三级商业网络，改造提升乡镇商贸中心。"


class TestTagStyles:
    def test_lead_and_division(self):
        duty = duty_of(TASK + "（国家发展改革委牵头，教育部、科技部按职责分工负责）")
        assert names(duty.lead) == ["发展改革委"] and names(duty.support) == ["教育部", "科技部"]
        assert duty.mode == "lead"
        assert duty.raw == "（国家发展改革委牵头，教育部、科技部按职责分工负责）"

    def test_division_without_lead(self):
        duty = duty_of(TASK + "（教育部、财政部按职责分工负责）")
        assert names(duty.lead) == ["教育部", "财政部"] and duty.support == () and duty.mode == "division"

    def test_responsible_and_cooperating(self):
        duty = duty_of(TASK + "（商务部负责，财政部、农业农村部配合）")
        assert names(duty.lead) == ["商务部"] and names(duty.support) == ["财政部", "农业农村部"]

    def test_lead_and_participate(self):
        duty = duty_of(TASK + "（商务部牵头，邮政局参与）")
        assert names(duty.lead) == ["商务部"] and names(duty.support) == ["邮政局"] and duty.mode == "lead"

    def test_labelled_units_without_brackets(self):
        duty = duty_of(TASK, "牵头单位：省发展改革委；配合单位：省财政厅、省商务厅")
        assert [d.raw for d in duty.lead] == ["省发展改革委"]
        assert [d.raw for d in duty.support] == ["省财政厅", "省商务厅"]
        assert all(d.known for d in (*duty.lead, *duty.support))

    def test_responsible_units(self):
        duty = duty_of(TASK + "责任单位：商务部、财政部")
        assert names(duty.lead) == ["商务部", "财政部"] and duty.mode == "joint"

    def test_a_verb_after_labelled_units_sets_the_mode(self):
        duty = duty_of(TASK, "责任单位：商务部、财政部分别负责")
        assert names(duty.lead) == ["商务部", "财政部"] and duty.mode == "respectively"
        duty = duty_of(TASK, "责任单位：商务部按职责分工负责")
        assert names(duty.lead) == ["商务部"] and duty.mode == "division"

    def test_names_after_a_comma_stay_on_the_labelled_list(self):
        duty = duty_of(TASK, "责任单位：商务部、财政部，各市、县（市、区）人民政府")
        assert names(duty.lead) == ["商务部", "财政部", "各市县人民政府"]

    def test_a_separator_in_brackets_is_inside_one_name(self):
        duty = duty_of(TASK + "（商务部、各省（自治区、直辖市）负责）")
        assert names(duty.lead) == ["商务部", "各地区"]

    def test_a_dash_names_nobody(self):
        (row,) = report("序号 | 工作任务 | 牵头单位 | 配合单位", "1 | 完善县域商业网络 | 商务部 | —").assignments
        assert names(row.duty.lead) == ["商务部"] and row.duty.support == ()

    def test_all_regions_and_departments(self):
        duty = duty_of(TASK + "（各地区各有关部门按职责分工负责）")
        assert names(duty.lead) == ["各地区", "各有关部门"] and duty.mode == "division"

    def test_respectively(self):
        duty = duty_of(TASK + "（卫生健康委、发展改革委分别负责）")
        assert duty.mode == "respectively"
        assert names(duty.lead) == ["卫生健康委", "发展改革委"]  # no 排第一位 rule in this document

    def test_all_listed_lead_half_width(self):
        duty = duty_of("13.建设健康保险服务业发展平台.依托上海保险交易所.(牵头部门:上海保监局、市卫生计生委、市金融办)")
        assert names(duty.lead) == ["上海保监局", "市卫生计生委", "市金融办"] and duty.support == ()

    def test_the_tag_leaves_the_clause_text(self):
        doc = report(TASK + "（商务部负责）").document
        clause = next(c for c in doc.clauses if c.kind == "paren_cn")
        assert clause.text == "健全县乡村三级商业网络，改造提升乡镇商贸中心。"
        assert clause.duty.raw == "（商务部负责）"

    def test_a_remark_in_brackets_is_not_a_tag(self):
        assert report(TASK + "（含中医医院）").assignments == ()

    @pytest.mark.parametrize(
        ("words", "value"),
        [
            ("2022年底前完成", "2022-12"),
            ("2025年6月", "2025-06"),
            ("2023年3月15日前", "2023-03-15"),
            ("2024年", "2024"),
            ("持续推进", "持续推进"),
            ("长期坚持", "长期坚持"),
        ],
    )
    def test_deadlines(self, words, value):
        assert deadline_value(words) == value
        duty = duty_of(TASK + f"（商务部牵头，财政部配合，{words}）")
        assert duty.deadline == value


class TestFirstListedRule:
    def test_rule_applies_from_where_it_is_stated_on(self):
        r = report(
            "一、重点任务",
            "建设区域医疗中心。依托现有医疗机构建设诊疗中心。（发展改革委、卫生健康委负责）",
            "支持社会办医。支持高水平民营医院跨区域办医。（卫生健康委、发展改革委负责，排第一位为牵头部门，下同。）",
            "发展健康管理。增加规范化的健康管理供给。（卫生健康委、财政部负责）",
            "优化准入。压缩审批时限。（民政部、卫生健康委分别负责）",
            "加强监管。完善监管制度。（市场监管总局、卫生健康委负责，排名不分先后）",
        )
        leads = [names(a.duty.lead) for a in r.assignments]
        assert leads == [
            ["发展改革委", "卫生健康委"],  # before the rule: all listed are responsible
            ["卫生健康委"],
            ["卫生健康委"],
            ["民政部"],
            ["市场监管总局", "卫生健康委"],  # the document said otherwise
        ]
        assert [x.rule for x in r.rules] == ["first-listed-leads", "unordered"]
        assert r.rules[0].clause == "1.p2"


class TestNames:
    def test_aliases_resolve_to_one_department(self):
        deps = load_departments()
        for alias in ("发展改革委", "国家发展改革委", "国家发展和改革委员会", "发改委"):
            assert deps.resolve(alias).name == "发展改革委"
        assert deps.resolve("国家医保局").name == "医疗保障局"
        assert deps.resolve("国家中医药局").name == "中医药局"

    def test_longest_match_keeps_agency_names_whole(self):
        duty = duty_of(TASK + "（工业和信息化部、文化和旅游部、人力资源社会保障部分别负责）")
        assert names(duty.lead) == ["工业和信息化部", "文化和旅游部", "人力资源社会保障部"]

    def test_municipal_names_are_qualified_by_the_issuing_city(self):
        r = report("上海市人民政府关于推进本市健康服务业高质量发展的若干意见", TASK + "(牵头部门:市卫生计生委、市科委)")
        lead = r.assignments[0].duty.lead
        assert [(d.name, d.raw) for d in lead] == [("上海市卫生计生委", "市卫生计生委"), ("上海市科委", "市科委")]

    def test_unknown_names_are_kept_and_flagged(self):
        duty = duty_of(TASK + "（国家发展改革委牵头，某某协调小组办公室配合）")
        (unknown,) = duty.support
        assert (unknown.name, unknown.known) == ("某某协调小组办公室", False)

    def test_reforms_give_the_current_holder(self):
        deps = load_departments()
        assert deps.resolve("银保监会").current == "金融监管总局"
        assert deps.resolve("中国保监会").current == "金融监管总局"
        assert deps.resolve("卫生计生委").current == "卫生健康委"
        assert deps.resolve("市卫生计生委", "上海市").current == "上海市卫生健康委"

    def test_user_dictionary_adds_names(self, tmp_path):
        extra = tmp_path / "mine.yaml"
        extra.write_text("national:\n  - {name: 协调小组办公室, aliases: [某某协调小组办公室]}\n", encoding="utf-8")
        deps = load_departments([extra])
        duty = duty_of(TASK + "（国家发展改革委牵头，某某协调小组办公室配合）", departments=deps)
        assert (duty.support[0].name, duty.support[0].known) == ("协调小组办公室", True)


class TestTables:
    HEADER = "序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限"

    def test_text_rows(self):
        r = report(
            "附件",
            "重点任务分工表",
            self.HEADER,
            "1 | 完善县域商业网络 | 商务部 | 财政部、农业农村部 | 2022年底前完成",
            "2 | 加强农村物流配送 | 邮政局 | 交通运输部 | 持续推进",
        )
        rows = [a for a in r.assignments if a.source == "table"]
        assert [(a.clause, a.title) for a in rows] == [("r1", "完善县域商业网络"), ("r2", "加强农村物流配送")]
        # Each row is a clause of the tree, under the text the table stands in.
        row = next(c for c in r.document.clauses if c.id == "r1")
        assert (row.kind, row.parent, row.title, row.text, row.duty.raw) == (
            "row",
            "doc",
            "完善县域商业网络",
            "",
            "1 |完善县域商业网络|商务部|财政部、农业农村部| 2022年底前完成",
        )
        assert "完善县域商业网络" not in next(c for c in r.document.clauses if c.id == "doc").text
        assert names(rows[0].duty.lead) == ["商务部"] and names(rows[0].duty.support) == ["财政部", "农业农村部"]
        assert [a.duty.deadline for a in rows] == ["2022-12", "持续推进"]
        assert r.mentions == ()  # table cells are assignments, not mentions

    def test_html_table(self):
        html = (
            "<html><body><div id='zoom'><p>重点任务分工表</p><table>"
            "<tr><td>序号</td><td>重点任务</td><td>牵头单位</td><td>配合单位</td><td>完成时限</td></tr>"
            "<tr><td>1</td><td>完善县域商业网络</td><td>商务部</td><td>财政部</td><td>2025年6月</td></tr>"
            "</table></div></body></html>"
        )
        r = attach_duties(segment(clean(html.encode())))
        (row,) = r.assignments
        assert (row.title, names(row.duty.lead), row.duty.deadline) == ("完善县域商业网络", ["商务部"], "2025-06")

    def test_a_group_row_across_the_table_does_not_end_it(self):
        """`（一）…` merged across all columns heads the rows of its group; they are still rows."""
        html = (
            "<html><body><div id='zoom'><p>一、重点任务</p><table>"
            "<tr><td>序号</td><td>重点任务</td><td>牵头单位</td><td>配合单位</td><td>完成时限</td></tr>"
            "<tr><td colspan='5'>（一）优化营商环境</td></tr>"
            "<tr><td>1</td><td>完善县域商业网络</td><td>商务部</td><td>财政部</td><td>2025年6月</td></tr>"
            "<tr><td colspan='5'>（二）加强市场监管</td></tr>"
            "<tr><td>2</td><td>加强农村物流配送</td><td>交通运输部</td><td>商务部</td><td>持续推进</td></tr>"
            "</table><p>二、保障措施</p></div></body></html>"
        )
        r = attach_duties(segment(clean(html.encode())))
        assert [(a.clause, a.title, names(a.duty.lead)) for a in r.assignments] == [
            ("1.1.r1", "完善县域商业网络", ["商务部"]),
            ("1.2.r2", "加强农村物流配送", ["交通运输部"]),
        ]
        # A paragraph after a table is no group row: the table ends there.
        assert [c.title for c in r.document.clauses if c.kind == "cn"] == ["重点任务", "保障措施"]


class TestSeeds:
    @pytest.fixture(autouse=True)
    def _root(self, monkeypatch):
        monkeypatch.chdir(ROOT)

    @staticmethod
    def _report(prefix: str):
        return attach_duties(segment(load(seed(prefix).relative_to(ROOT))))

    def test_001_and_002(self):
        r1, r2 = self._report("001"), self._report("002")
        assert len(r1.assignments) == len(r2.assignments) == 33
        shape = [(a.clause, names(a.duty.lead), names(a.duty.support), a.duty.mode) for a in r1.assignments]
        assert shape == [(a.clause, names(a.duty.lead), names(a.duty.support), a.duty.mode) for a in r2.assignments]
        summary = {s.name: s for s in summarize([r1])}
        issuers = {load_departments().resolve(n).name for n in r1.document.cleaned.meta.issuers}
        assert set(summary) == issuers and len(issuers) == 21
        assert (summary["卫生健康委"].clauses, summary["卫生健康委"].lead) == (27, 10)
        assert (summary["中医药局"].clauses, summary["中医药局"].lead) == (24, 2)
        assert (summary["发展改革委"].clauses, summary["发展改革委"].lead) == (10, 7)
        insurance = next(a for a in r1.assignments if a.title == "增加新型健康保险供给")
        assert names(insurance.duty.lead) == ["银保监会"] and insurance.duty.support == ()

    def test_003(self):
        r = self._report("003")
        assert [a.clause.split(".")[-1] for a in r.assignments] == [str(n) for n in range(13, 41)]
        assert len(summarize([r])) == 26
        led = [a for a in r.assignments if "上海市卫生计生委" in names(a.duty.lead)]
        first = [a for a in r.assignments if names(a.duty.lead)[0] == "上海市卫生计生委"]
        assert (len(led), len(first)) == (24, 12)
        assert all(a.duty.support == () for a in r.assignments)  # 牵头部门: all listed lead

    def test_004_and_000_have_no_tags(self):
        for prefix in ("004", "000"):
            assert self._report(prefix).assignments == ()
        mentions = self._report("004").mentions
        assert mentions and all(m.dept.known for m in mentions)

    def test_running_text_mentions_are_not_assignments(self):
        r = self._report("002")
        (mention_clause,) = {m.clause for m in r.mentions}
        assert mention_clause == "3.3"
        assert "3.3" not in {a.clause for a in r.assignments}


class TestCommand:
    @pytest.fixture(autouse=True)
    def _root(self, monkeypatch):
        monkeypatch.chdir(ROOT)

    def test_table_and_summary(self):
        result = runner.invoke(app, ["depts", "seeds/002_1b94758247acec77.txt"])
        assert result.exit_code == 0
        assert "建设区域医疗中心" in result.stdout and "部门汇总" in result.stdout

    def test_no_tags_is_a_note_not_an_error(self):
        result = runner.invoke(app, ["depts", "seeds/004_ad0221d9827c4750.txt"])
        assert result.exit_code == 0
        assert result.stdout.startswith("No responsibility tags in seeds/004_ad0221d9827c4750.txt")

    def test_json_schema(self):
        data = json.loads(runner.invoke(app, ["depts", "seeds/003_2fb1c8f732c91e3d.txt", "--format", "json"]).stdout)
        assert data["schema"] == "policytool.depts/1"
        (doc,) = data["documents"]
        assert set(doc) == {"source", "meta", "rules", "assignments", "mentions"}
        first = doc["assignments"][0]
        assert first["clause"] == "0.3.13" and first["lead"][0] == {
            "name": "上海保监局",
            "raw": "上海保监局",
            "known": True,
        }
        assert data["departments"][0]["name"] == "上海市卫生计生委"

    def test_current_names(self):
        data = json.loads(
            runner.invoke(app, ["depts", "seeds/003_2fb1c8f732c91e3d.txt", "--format", "json", "--current"]).stdout
        )
        assert data["departments"][0]["name"] == "上海市卫生健康委"
        assert data["documents"][0]["assignments"][0]["lead"][0]["name"] == "上海金融监管局"

    def test_a_department_asked_for_by_an_alias(self):
        result = runner.invoke(
            app, ["depts", "seeds/001_7fbf1e66332ad55d.txt", "--dept", "国家卫健委", "--format", "json"]
        )
        data = json.loads(result.stdout)
        assert [d["name"] for d in data["departments"]] == ["卫生健康委"]
        assert len(data["documents"][0]["assignments"]) == 27

    def test_by_dept_lists_tasks(self):
        result = runner.invoke(app, ["depts", "seeds/001_7fbf1e66332ad55d.txt", "--dept", "银保监会", "--by", "dept"])
        assert "银保监会：牵头 2，配合 2" in result.stdout
        assert "增加新型健康保险供给" in result.stdout

    def test_matrix(self):
        result = runner.invoke(app, ["depts", "seeds/001_7fbf1e66332ad55d.txt", "--matrix"])
        assert "二(一)" in result.stdout and "卫生健康委" in result.stdout

    def test_csv_opens_in_excel(self):
        args = ["depts", "seeds/001_7fbf1e66332ad55d.txt", "--format", "csv", "--bom"]
        out = subprocess.run([sys.executable, "-m", "policytool", *args], capture_output=True, check=True).stdout
        # Excel takes UTF-8 only with a BOM; rows end CRLF as RFC 4180 says.
        assert out.startswith(b"\xef\xbb\xbfpath,clause,label,title,department,raw,known,role,mode,deadline,source\r\n")
        rows = list(csv.DictReader(io.StringIO(out.decode("utf-8-sig"), newline="")))
        health = [r for r in rows if r["department"] == "卫生健康委"]
        assert len(health) == 27 and sum(r["role"] == "lead" for r in health) == 10

    def test_markdown(self):
        out = runner.invoke(app, ["depts", "seeds/001_7fbf1e66332ad55d.txt", "--format", "md"]).stdout
        assert "| 二(一)p1 | 建设区域医疗中心 | 发展改革委 | 卫生健康委、中医药局 | joint |  |" in out

    def test_bad_dictionary_is_one_line_and_exit_2(self, tmp_path):
        for text, reason in (
            ("national: [", "not valid YAML"),
            ("- just a list", "expected a mapping"),
            ("national:\n  - !!python/object:os.system {name: x}\n", "not valid YAML"),
            ("national:\n  - {aliases: [x]}\n", "entry 1 needs a name"),
        ):
            bad = tmp_path / "bad.yaml"
            bad.write_text(text, encoding="utf-8")
            result = runner.invoke(app, ["depts", "seeds/001_7fbf1e66332ad55d.txt", "--dict", str(bad)])
            assert result.exit_code == 2
            assert len(result.stderr.strip().splitlines()) == 1 and reason in result.stderr


def test_a_local_department_asked_for_without_its_city(monkeypatch):
    monkeypatch.chdir(ROOT)
    args = ["depts", "seeds/003_2fb1c8f732c91e3d.txt", "--dept", "市卫生计生委", "--format", "json"]
    data = json.loads(runner.invoke(app, args).stdout)
    assert [d["name"] for d in data["departments"]] == ["上海市卫生计生委"]
    assert len(data["documents"][0]["assignments"]) == 24
    note = runner.invoke(app, ["depts", "seeds/003_2fb1c8f732c91e3d.txt", "--dept", "教育部"]).stdout
    assert note.strip() == "No clause of seeds/003_2fb1c8f732c91e3d.txt is assigned to 教育部."


def test_a_user_dictionary_is_loaded_once_per_process(tmp_path):
    extra = tmp_path / "mine.yaml"
    extra.write_text("national:\n  - {name: 协调小组办公室}\n", encoding="utf-8")
    assert load_departments([extra]) is load_departments([extra])
    assert load_departments() is load_departments([])


def test_markdown_document_with_a_pipe_table():
    text = (
        "# 城南区工作方案\n\n为推动工作，制定本方案。\n\n## 一、工作目标\n\n到2025年底，建成医疗集团。\n\n"
        "## 二、重点任务\n\n| 序号 | 工作任务 | 牵头单位 | 配合单位 |\n| --- | --- | --- | :---: |\n"
        "| 1 | 组建城市医疗集团，制定章程 | 区卫生健康委 | 区财政局、区医保局 |\n"
    )
    cleaned = clean(text)
    assert cleaned.source.format == "post"
    assert cleaned.paragraphs[:3] == ("城南区工作方案", "为推动工作，制定本方案。", "一、工作目标")
    assert cleaned.paragraphs[-1] == "1 |组建城市医疗集团，制定章程|区卫生健康委|区财政局、区医保局"
    assert ("| --- | --- | --- | :---: |", "markup") in [(r.text, r.reason) for r in cleaned.removed]
    (row,) = attach_duties(segment(cleaned)).assignments
    assert [d.raw for d in row.duty.lead] == ["区卫生健康委"]
    assert [d.raw for d in row.duty.support] == ["区财政局", "区医保局"]


def test_links_to_neighbouring_articles_are_navigation():
    page = "关于加强托育服务的通知\n一、总体要求\n做好托育服务工作。\n"
    cleaned = clean(page + "上一篇：城南区人民政府关于预算的报告\n下一篇：城南区名录的通知\n")
    assert cleaned.paragraphs == ("关于加强托育服务的通知", "一、总体要求", "做好托育服务工作。")
    assert [r.reason for r in cleaned.removed] == ["navigation", "navigation"]


def test_a_verb_of_carrying_out_after_responsible():
    duty = duty_of(TASK + "（各区政府负责落实）")
    assert names(duty.lead) == ["有关区政府"] and duty.mode == "joint"


_DEPARTMENTS = load_departments()


def _flat(names) -> str:
    return "|".join(regex.escape(n) for n in sorted(names, key=len, reverse=True))


# The running-text pattern as a flat alternation, longest name first, as it was before
# it was written as a trie for speed.
_FLAT = regex.compile(
    rf"(?P<national>{_flat(_DEPARTMENTS.aliases['national'])})"
    rf"|(?<![\p{{Han}}])(?P<lplace>市|省)(?P<local>{_flat(_DEPARTMENTS.aliases['local'])})"
    rf"|(?<=[本、和与及由])(?P<lplace2>市|省)(?P<local2>{_flat(_DEPARTMENTS.aliases['local'])})"
)
_PIECES = [
    *sorted(_DEPARTMENTS.aliases["national"])[::5],
    *sorted(_DEPARTMENTS.aliases["local"])[::5],
    *["国家", "中华人民共和国", "部", "委", "市", "省", "本", "和", "城", "，", "负责"],
]


@settings(max_examples=examples(150), deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_names_in_running_text_are_matched_longest_first(text):
    assert [(a, b, d.raw) for a, b, d in _DEPARTMENTS.find(text)] == [(*m.span(), m[0]) for m in _FLAT.finditer(text)]


# find_tag() as first written: a search over every opening bracket and every position,
# with the bracket grammar spelled out plainly and the label pattern over the whole text.
# The fast reading must find the same tags.
_PLAIN_PIECE = r"(?:[^（）()]|[（(][^（）()]*[）)])"
_PLAIN_BRACKET = regex.compile(rf"[（(](?={_PLAIN_PIECE}*?(?:{DUTY_WORDS})){_PLAIN_PIECE}*+[）)][。.；;]?\s*$")


def _plain_find_tag(text: str) -> tuple[str, str] | None:
    end = text.rstrip()[-2:]
    if (end[-1:] in "）)" or (end[-1:] in "。.；;" and end[:1] in "）)")) and (m := _PLAIN_BRACKET.search(text)):
        return text[: m.start()].rstrip(), m.group(0).strip()
    if m := LABEL_TAG.search(text):
        return text[: m.start()].rstrip(), m.group(0).strip()
    return None


_TAG_PIECES = ["（", "）", "(", ")", "。", "；", "，", "、", "：", "\n", " ", "负责", "牵头", "配合", "按职责",
               "牵头单位", "责任部门", "负", "牵", "责任", "教育部", "完善网络"]  # fmt: skip


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(st.sampled_from(_TAG_PIECES), max_size=24).map("".join))
@example("完善网络（教育部（试点）负责）。")  # brackets inside the tag
@example("完善网络（试点）（教育部负责）")  # a bracket before the tag
@example("完善网络。\n牵头单位：教育部；配合单位：财政部。")
@example("（一）完善网络。牵头单位\n：教育部；配合单位：财政部")  # a break before the colon
def test_a_tag_is_found_where_a_search_over_every_bracket_finds_it(text):
    assert find_tag(text) == _plain_find_tag(text)


def test_the_seeds_name_the_same_departments_as_before():
    for path in SEED_FILES:
        text = load(path).text
        assert [(a, b) for a, b, _ in _DEPARTMENTS.find(text)] == [m.span() for m in _FLAT.finditer(text)]


def test_a_tag_closing_a_list_belongs_to_the_task_that_opened_it():
    r = report(
        "3.优化公共卫生服务。具体包括：",
        "（1）加强传染病信息共享；",
        "（2）推动电子健康档案规范使用。",
        "（牵头单位：市卫生健康委；配合单位：市疾控局）",
        "4.发展互联网医院。支持实体医院发展互联网医院。",
        "（1）完善服务规范；",
        "（2）加强监管。（市卫生健康委负责）",
    )
    owners = {a.label: ([d.raw for d in a.duty.lead], [d.raw for d in a.duty.support]) for a in r.assignments}
    # The standalone tag after a list opened with a colon is the task's; a tag ending an
    # item's own paragraph stays with the item.
    assert owners == {"3": (["市卫生健康委"], ["市疾控局"]), "4（2）": (["市卫生健康委"], [])}
    by_label = {c.label: c for c in r.document.clauses}
    assert by_label["3（2）"].duty is None and by_label["3（2）"].title == "推动电子健康档案规范使用"


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("区委编办", "区编办"),
        ("市大数据局", "城南市大数据管理局"),
        ("各街道办事处", "各街道"),
        ("市大数据中心", "城南市大数据中心"),
    ],
)
def test_local_bodies_of_district_plans(written, name):
    dept = load_departments().resolve(written, "城南市" if written.startswith("市") else "城南区")
    assert (dept.name, dept.known) == (name, True)


def test_leaving_out_mentions_changes_nothing_else_and_compiles_no_text_pattern():
    from policytool import parse
    from policytool.departments import Departments, _read

    for path in SEED_FILES:
        document = segment(load(path))
        full, bare = attach_duties(document, _DEPARTMENTS), attach_duties(document, _DEPARTMENTS, mentions=False)
        assert bare.document == full.document and bare.assignments == full.assignments and not bare.mentions
    fresh = Departments([_read(None)])
    parse(SEED_FILES[0], fresh)
    assert fresh._in_text is None  # `parse` resolves names; it never searches running text
    assert fresh.find("由市卫生健康委负责")[0][2].name == "市卫生健康委" and fresh._in_text is not None


@pytest.mark.parametrize(
    ("tag", "canonical"),
    [
        # Shanghai tags in the corpus (tags/001, 002, 003, 047): bodies of the 2023 reform.
        ("市委金融办", "上海市委金融办"),
        ("市数据局", "上海市数据局"),
        ("市国防科工办", "上海市国防科工办"),
        ("市人才局", "上海市人才局"),
        ("上海海关", "上海海关"),
        # Written variant: the same bodies of another province.
        ("省数据局", "江北省数据局"),
    ],
)
def test_local_bodies_met_in_real_tags_are_known(tag, canonical):
    place = "上海市" if tag[0] in "市上" else "江北省"
    text = f"{place}人民政府办公厅关于推进数据要素发展的意见\n一、重点任务\n（一）完善数据制度。（责任单位：{tag}）\n"
    report = attach_duties(segment(clean(text)), load_departments())
    (assignment,) = report.assignments
    (dept,) = assignment.duty.lead
    assert (dept.name, dept.known) == (canonical, True)
