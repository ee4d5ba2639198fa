"""Quantitative targets: the issue's examples, every comparator and year form, what is not a
target, main-indicator tables, seed 004 against a hand-made list, and the command."""

from __future__ import annotations

import csv
import io
import json

import pytest
import yaml
from typer.testing import CliRunner

from policytool import clean, load, parse
from policytool.cli import app
from policytool.quantities import Target, find_targets, number
from tests.conftest import FIXTURES, ROOT, seed

runner = CliRunner(env={"COLUMNS": "200"})
SEED_004 = "seeds/004_ad0221d9827c4750.txt"


def targets(*paragraphs: str) -> tuple[Target, ...]:
    return find_targets(parse(clean("\n".join(paragraphs).encode())))


def fields(t: Target) -> dict:
    """Every field but the clause position, for comparing whole targets."""
    d = t.to_dict()
    return {k: d[k] for k in ("indicator", "comparator", "value", "unit", "year", "baseline", "kind", "approximate")}


def only(*paragraphs: str) -> Target:
    (t,) = targets(*paragraphs)
    return t


class TestIssueExamples:
    """The examples named in the issue, each with all of its fields."""

    def test_not_lower_than(self):
        t = only("开展健康县区建设，国家和省级健康县区比例不低于40%。")
        assert fields(t) == {
            "indicator": "国家和省级健康县区比例", "comparator": ">=", "value": 40, "unit": "%", "year": None,
            "baseline": None, "kind": "target", "approximate": False,
        }  # fmt: skip
        assert t.text == "国家和省级健康县区比例不低于40%" and t.source == "text"

    def test_year_in_the_same_phrase(self):
        t = only("加强国家慢性病综合防控示范区建设，到2025年覆盖率达到20%。")
        assert fields(t) == {
            "indicator": "覆盖率", "comparator": "=", "value": 20, "unit": "%", "year": 2025, "baseline": None,
            "kind": "target", "approximate": False,
        }  # fmt: skip
        assert t.text == "到2025年覆盖率达到20%"

    def test_reach_or_more(self):
        t = only("推进“三高”(高血压、高血糖、高血脂)共管，高血压、Ⅱ型糖尿病患者基层规范管理服务率达到65%以上。")
        assert fields(t) == {
            "indicator": "高血压、Ⅱ型糖尿病患者基层规范管理服务率", "comparator": ">=", "value": 65, "unit": "%",
            "year": None, "baseline": None, "kind": "target", "approximate": False,
        }  # fmt: skip
        assert t.text == "高血压、Ⅱ型糖尿病患者基层规范管理服务率达到65%以上"

    def test_control_within_and_an_age_in_the_indicator(self):
        t = only("加强口腔健康工作，12岁儿童龋患率控制在30%以内。")
        assert fields(t) == {
            "indicator": "12岁儿童龋患率", "comparator": "<=", "value": 30, "unit": "%", "year": None,
            "baseline": None, "kind": "target", "approximate": False,
        }  # fmt: skip

    def test_increase_by_about_on_a_baseline_year(self):
        t = only("到2025年，人均预期寿命在2020年基础上继续提高1岁左右，人均健康预期寿命同比例提高。")
        assert fields(t) == {
            "indicator": "人均预期寿命", "comparator": "increase", "value": 1, "unit": "岁", "year": 2025,
            "baseline": None, "kind": "target", "approximate": True,
        }  # fmt: skip
        assert t.text == "人均预期寿命在2020年基础上继续提高1岁左右"

    def test_year_inherited_from_the_sentence(self):
        found = targets("到2025年，孕前优生健康检查目标人群覆盖率不低于80%，产前筛查率不低于75%。")
        assert [fields(t) for t in found] == [
            {"indicator": "孕前优生健康检查目标人群覆盖率", "comparator": ">=", "value": 80, "unit": "%",
             "year": 2025, "baseline": None, "kind": "target", "approximate": False},
            {"indicator": "产前筛查率", "comparator": ">=", "value": 75, "unit": "%", "year": 2025,
             "baseline": None, "kind": "target", "approximate": False},
        ]  # fmt: skip
        assert found[0].text == "孕前优生健康检查目标人群覆盖率不低于80%"

    def test_range_of_people(self):
        t = only("为每个乡镇卫生院和社区卫生服务中心培养1—2名具备医防管等能力的复合型骨干人员，探索建立考核体系。")
        assert fields(t) == {
            "indicator": "具备医防管等能力的复合型骨干人员", "comparator": "range", "value": [1, 2], "unit": "名",
            "year": None, "baseline": None, "kind": "target", "approximate": False,
        }  # fmt: skip
        assert t.text == "为每个乡镇卫生院和社区卫生服务中心培养1—2名具备医防管等能力的复合型骨干人员"
        assert t.value == (1, 2)

    def test_from_a_to_b_is_achieved_with_a_baseline(self):
        t = only("重大疾病防治成效显著，居民健康素养水平从10.25%提高到23.15%。")
        assert fields(t) == {
            "indicator": "居民健康素养水平", "comparator": "=", "value": 23.15, "unit": "%", "year": None,
            "baseline": 10.25, "kind": "achieved", "approximate": False,
        }  # fmt: skip
        assert t.text == "居民健康素养水平从10.25%提高到23.15%"


class TestComparators:
    @pytest.mark.parametrize(
        ("sentence", "comparator", "value", "unit"),
        [
            ("床位数不少于6张。", ">=", 6, "张"),
            ("合格率超过90%。", ">=", 90, "%"),
            ("覆盖率≥80%。", ">=", 80, "%"),
            ("达标率达到85%以上。", ">=", 85, "%"),
            ("空置率不高于5%。", "<=", 5, "%"),
            ("患病率低于3‰。", "<=", 3, "‰"),
            ("死亡率下降到12/10万以下。", "<=", 12, "/10万"),
            ("使用率控制在10%以内。", "<=", 10, "%"),
            ("平均住院日缩短至8天。", "=", 8, "天"),
            ("占比为20%。", "=", 20, "%"),
            ("签约率达到约75%。", "≈", 75, "%"),
            ("支付比例稳定在70%左右。", "≈", 70, "%"),
            ("诊疗人次增长10%。", "increase", 10, "%"),
            ("健康素养水平提高两个百分点。", "increase", 2, "个百分点"),
            ("药品价格平均下降53%。", "decrease", 53, "%"),
            ("使用强度减少10个百分点。", "decrease", 10, "个百分点"),
            ("抗菌药物使用率控制在10%—15%。", "range", (10, 15), "%"),
            ("每县选择1-2个乡镇试点。", "range", (1, 2), "个"),
            ("逐步实现二级以上医院全覆盖。", "=", 100, "%"),
            ("三级医院达到1000多家。", ">=", 1000, "家"),
            ("建成1000家以上智慧医院。", ">=", 1000, "家"),
            ("培养500名全科医生。", "=", 500, "名"),
            ("每千人口执业(助理)医师数达到3.2人。", "=", 3.2, "人"),
            ("医疗卫生投入达到50亿元。", "=", 50, "亿元"),
            ("家庭医生签约人数达到300万人。", "=", 300, "万人"),
            ("受益人口达到1.2亿人。", "=", 1.2, "亿人"),
            ("全省建成10个左右省级区域医疗中心。", "≈", 10, "个"),
            ("人均预期寿命达到七十八岁。", "=", 78, "岁"),
        ],
    )
    def test_forms(self, sentence, comparator, value, unit):
        t = only(sentence)
        assert (t.comparator, t.value, t.unit) == (comparator, value, unit)

    def test_two_values_share_one_verb(self):
        found = targets("职工医保、居民医保住院费用支付比例分别稳定在80%和70%左右。")
        assert [(t.comparator, t.value, t.unit, t.approximate) for t in found] == [
            ("≈", 80, "%", True),
            ("≈", 70, "%", True),
        ]
        assert {t.indicator for t in found} == {"职工医保、居民医保住院费用支付比例"}

    def test_chinese_numerals(self):
        assert number("十二") == 12 and number("两") == 2 and number("一百零二") == 102
        assert number("８０") == 80 and number("23.15") == 23.15 and number("25.0") == 25.0

    def test_a_count_is_what_follows_its_unit(self):
        t = only("到2025年，新建10个区域医疗中心。")
        assert (t.indicator, t.value, t.unit, t.year) == ("区域医疗中心", 10, "个", 2025)


class TestYears:
    def test_deadline_forms(self):
        assert only("2025年前，实现县域内村卫生室全覆盖。").year == 2025
        assert only("到2022年底前，建成1000家以上智慧医院。").year == 2022
        assert only("展望2035年，人均预期寿命达到80岁以上。").year == 2035
        assert only("2030年，覆盖率达到95%。").year == 2030

    def test_a_year_holds_for_the_rest_of_its_clause(self):
        found = targets("（一）慢性病防控。到2025年覆盖率达到20%。加强口腔健康工作，龋患率控制在30%以内。")
        assert [t.year for t in found] == [2025, 2025]

    def test_a_year_does_not_leave_its_clause(self):
        found = targets("（一）慢性病防控。到2025年覆盖率达到20%。", "（二）环境健康。达标率达到85%。")
        assert [(t.clause, t.year) for t in found] == [("1", 2025), ("2", None)]

    def test_bullets_inherit_the_year_opening_their_parent(self):
        found = targets("（二）发展目标。到2025年，实现以下目标。", "——覆盖率达到90%以上。", "——床位数不少于6张。")
        assert [(t.clause, t.indicator, t.year, t.text) for t in found] == [
            ("2.b1", "覆盖率", 2025, "覆盖率达到90%以上"),
            ("2.b2", "床位数", 2025, "床位数不少于6张"),
        ]

    def test_a_baseline_year_is_not_a_deadline(self):
        assert only("人均预期寿命在2020年基础上提高1岁。").year is None

    def test_plan_end_only_when_the_document_says_which_year(self):
        sentence = "到“十四五”期末，家庭医生签约服务覆盖率达到75%以上。"
        assert only(sentence).year is None
        assert only("“十四五”时期（2021—2025年）是关键时期。", sentence).year == 2025

    def test_a_title_period_is_not_a_deadline(self):
        t = only("贯彻实施《国家残疾预防行动计划(2021—2025年)》。覆盖率达到90%。")
        assert t.year is None


class TestAchieved:
    def test_background_section_reports_results(self):
        found = targets(
            "一、规划背景",
            "“十三五”时期，人均基本公共卫生服务经费补助标准提高到74元，大病专项救治病种扩大到30种。",
            "二、发展目标",
            "到2025年，产前筛查率不低于75%。",
        )
        assert [(t.indicator, t.value, t.unit, t.kind) for t in found] == [
            ("人均基本公共卫生服务经费补助标准", 74, "元", "achieved"),
            ("大病专项救治病种", 30, "种", "achieved"),
            ("产前筛查率", 75, "%", "target"),
        ]

    def test_period_gives_the_year_of_each_result(self):
        found = targets("2015年至2020年，人均预期寿命从76.34岁提高到77.93岁，婴儿死亡率从8.1‰降至5.4‰。")
        assert [(t.value, t.baseline, t.unit, t.year, t.kind) for t in found] == [
            (77.93, 76.34, "岁", 2020, "achieved"),
            (5.4, 8.1, "‰", 2020, "achieved"),
        ]

    def test_years_on_both_ends(self):
        t = only("居民健康素养水平由2015年的10%提高到2020年的23%。")
        assert (t.value, t.baseline, t.year, t.kind) == (23, 10, 2020, "achieved")

    def test_said_to_be_reached(self):
        t = only("全市覆盖率已达到95%。")
        assert (t.value, t.kind) == (95, "achieved")

    def test_a_year_before_the_document_is_a_result(self):
        text = (
            "关于印发健康规划的通知\n国务院办公厅\n2022年4月27日\n到2020年，覆盖率达到95%。到2025年，覆盖率达到98%。\n"
        )
        found = find_targets(parse(clean(text.encode())))
        assert [(t.value, t.year, t.kind) for t in found] == [(95, 2020, "achieved"), (98, 2025, "target")]

    def test_from_a_to_b_with_a_deadline_to_come_is_a_target(self):
        text = "关于印发健康规划的通知\n国务院办公厅\n2022年4月27日\n到2025年，签约率从30%提高到50%。\n"
        (t,) = find_targets(parse(clean(text.encode())))
        assert (t.indicator, t.value, t.baseline, t.year, t.kind) == ("签约率", 50, 30, 2025, "target")


class TestNotTargets:
    @pytest.mark.parametrize(
        "sentence",
        [
            "国办发〔2022〕11号",
            "根据第十四个五年规划和2035年远景目标纲要，编制本规划。",
            "2022年4月27日",
            "落实母婴安全五项制度，实施三孩生育政策。",
            "832个脱贫县县级医院服务能力全面提升，高血压等4种慢性病患者优先纳入家庭医生签约服务。",
            "2000多万贫困患者得到分类救治，近1000万因病致贫返贫户成功脱贫。",
            "为65岁以上老年人提供健康管理服务。",
            "针对35岁以上门诊首诊患者开展血压普查，将肺功能检查纳入40岁以上人群常规体检。",
            "全面提高二级以上综合医院服务能力。",
            "启动卫生健康领域科技创新2030—重大项目。",
            "贯彻实施《国家残疾预防行动计划(2021—2025年)》。",
            "巩固血液核酸检测全覆盖成果，构建快速、高效、全覆盖的急危重症医疗救治体系。",
            "总投资100亿元，其中中央预算内投资30亿元。",
            "推动医疗服务水平提高到一个新的高度。",
            "发挥福建省三明市作为全国医改经验推广基地的作用，推广第五代移动通信(5G)。",
            "为18—35岁青年提供服务。",
            "建设一批区域医疗中心。",
            "基本消除劣Ⅴ类国控断面。",
            "中央财政下达2000万元。",
        ],
    )
    def test_no_target(self, sentence):
        assert targets(sentence) == ()


class TestTables:
    HTML = (
        "<html><body><div id='zoom'><p>一、发展目标</p>"
        "<p>（一）主要指标。到2025年，主要健康指标居于中高收入国家前列。</p>"
        "<p>主要发展指标</p><table>"
        "<tr><td>领域</td><td>序号</td><td>指标</td><td>2020年</td><td>2025年</td><td>性质</td></tr>"
        "<tr><td rowspan='2'>健康水平</td><td>1</td><td>人均预期寿命（岁）</td><td>77.93</td><td>提高1岁左右</td>"
        "<td>预期性</td></tr>"
        "<tr><td>2</td><td>人均健康预期寿命（岁）</td><td>—</td><td>同比例提高</td><td>预期性</td></tr>"
        "<tr><td>健康水平</td><td>3</td><td>孕产妇死亡率（/10万）</td><td>16.9</td><td>≤14.5</td><td>预期性</td></tr>"
        "<tr><td>4</td><td>婴儿死亡率（‰）</td><td>5.4</td><td>&lt;5.2</td><td>预期性</td></tr>"
        "<tr><td>5</td><td>居民健康素养水平（%）</td><td>23.15</td><td>25.0</td><td>预期性</td></tr>"
        "<tr><td>6</td><td>每千人口执业（助理）医师数（人）</td><td>2.90</td><td>3.20</td><td>约束性</td></tr>"
        "</table><p>展望2035年，人均预期寿命达到80岁以上。</p></div></body></html>"
    )

    def test_rows_are_targets_for_the_last_year_with_the_earlier_as_baseline(self):
        doc = parse(clean(self.HTML.encode()))
        found = find_targets(doc)
        rows = [t for t in found if t.source == "table"]
        assert [(t.indicator, t.comparator, t.value, t.unit, t.year, t.baseline, t.approximate) for t in rows] == [
            ("人均预期寿命", "increase", 1, "岁", 2025, 77.93, True),
            ("孕产妇死亡率", "<=", 14.5, "/10万", 2025, 16.9, False),
            ("婴儿死亡率", "<=", 5.2, "‰", 2025, 5.4, False),
            ("居民健康素养水平", "=", 25.0, "%", 2025, 23.15, False),
            ("每千人口执业（助理）医师数", "=", 3.2, "人", 2025, 2.9, False),
        ]
        assert all(t.kind == "target" and t.clause == "1.1" for t in rows)
        assert all(doc.cleaned.text[t.span[0] : t.span[1]] == t.text for t in found)
        # The text after the table is read as text again.
        assert [(t.source, t.value, t.year) for t in found[-1:]] == [("text", 80, 2035)]

    def test_text_rows(self):
        found = targets("主要发展指标", "指标 | 2020年 | 2025年 | 性质", "产前筛查率（%） | 70 | ≥75 | 预期性")
        assert [(t.indicator, t.comparator, t.value, t.unit, t.year, t.baseline) for t in found] == [
            ("产前筛查率", ">=", 75, "%", 2025, 70)
        ]


def _fixture_004() -> list[dict]:
    data = yaml.safe_load((FIXTURES / "targets" / "004_targets.yaml").read_text(encoding="utf-8"))
    assert data["source"] == SEED_004
    return data["targets"]


def _key(clause: str, value, unit: str) -> tuple:
    return clause, tuple(value) if isinstance(value, list | tuple) else float(value), unit


class TestSeed004:
    """Every target sentence of seed 004, listed by hand: none missed, none invented."""

    @pytest.fixture(scope="class")
    def found(self):
        return find_targets(parse(load(seed("004"))))

    def test_precision_and_recall_are_one(self, found):
        expected = _fixture_004()
        want = [_key(e["clause"], e["value"], e["unit"]) for e in expected]
        got = [_key(t.clause, t.value, t.unit) for t in found]
        missed = [e for e, k in zip(expected, want, strict=True) if k not in got]
        invented = [t for t, k in zip(found, got, strict=True) if k not in want]
        message = "\n".join(
            [f"missed: {e['clause']} {e['sentence']} ({e['value']}{e['unit']})" for e in missed]
            + [f"invented: {t.clause} {t.text} ({t.value}{t.unit})" for t in invented]
        )
        recall = 1 - len(missed) / len(want)
        precision = 1 - len(invented) / max(1, len(got))
        assert (precision, recall) == (1.0, 1.0), message
        assert sorted(got) == sorted(want)  # and nothing counted twice

    def test_every_field_matches_the_hand_list(self, found):
        by_key: dict[tuple, list[Target]] = {}
        for t in found:
            by_key.setdefault(_key(t.clause, t.value, t.unit), []).append(t)
        for e in _fixture_004():
            t = by_key[_key(e["clause"], e["value"], e["unit"])].pop(0)
            got = fields(t)
            want = {k: e[k] for k in ("indicator", "comparator", "year", "baseline", "kind")}
            assert {k: got[k] for k in want} == want, e["sentence"]
            assert e["sentence"] in t.text

    def test_spans_point_at_the_text(self, found):
        text = load(seed("004")).text
        assert all(text[t.span[0] : t.span[1]] == t.text for t in found)

    def test_the_indicator_table_is_an_image_in_this_copy(self, found):
        assert all(t.source == "text" for t in found)
        assert "[图片：主要发展指标]" in load(seed("004")).paragraphs


def test_other_seeds():
    assert [find_targets(parse(load(seed(p)))) for p in ("000", "001", "002")] == [(), (), ()]
    (t,) = find_targets(parse(load(seed("003"))))
    assert (t.clause, t.indicator, t.comparator, t.value, t.unit) == ("3.6.37", "科目设置", "<=", 4, "个")


def test_to_dict_is_json():
    t = only("为每个乡镇卫生院培养1—2名骨干人员。")
    data = json.loads(json.dumps(t.to_dict(), ensure_ascii=False))
    assert list(data) == [
        "clause", "label", "indicator", "comparator", "value", "unit", "year", "baseline", "kind", "approximate",
        "text", "span", "source",
    ]  # fmt: skip
    assert data["value"] == [1, 2]


class TestCommand:
    @pytest.fixture(autouse=True)
    def _root(self, monkeypatch):
        monkeypatch.chdir(ROOT)

    def run(self, *args: str, stdin: bytes | None = None):
        return runner.invoke(app, ["targets", *args], input=stdin)

    def test_table_of_one_file(self):
        result = self.run(SEED_004)
        assert result.exit_code == 0
        lines = result.stdout.splitlines()
        assert lines[0].startswith("国务院办公厅关于印发“十四五”国民健康规划的通知（17）")
        assert any("四(三)p1" in x and "12岁儿童龋患率" in x and "≤30%" in x and "2025" in x for x in lines)
        assert not any("居民健康素养水平" in x for x in lines)  # achieved results are left out by default

    def test_kind_achieved_and_all(self):
        achieved = self.run(SEED_004, "--kind", "achieved").stdout
        assert "居民健康素养水平" in achieved and "23.15%（基期 10.25%）" in achieved and "12岁" not in achieved
        assert "（29）" in self.run(SEED_004, "--kind", "all").stdout

    def test_json(self):
        data = json.loads(self.run(SEED_004, "--format", "json").stdout)
        assert data["schema"] == "policytool.targets/1"
        (doc,) = data["documents"]
        assert set(doc) == {"source", "meta", "targets"} and doc["source"]["path"] == SEED_004
        assert len(doc["targets"]) == 17 and doc["targets"][0]["indicator"] == "人均预期寿命"

    def test_several_files_and_jsonl(self):
        files = ["seeds/003_2fb1c8f732c91e3d.txt", SEED_004]
        lines = [json.loads(x) for x in self.run(*files, "--format", "jsonl").stdout.splitlines()]
        assert [x["path"] for x in lines] == [files[0]] + [SEED_004] * 17
        assert lines[0]["text"] == "科目设置不超过4个"
        assert {x["schema"] for x in lines} == {"policytool.target/1"}
        assert list(lines[0])[:3] == ["schema", "path", "clause"]

    def test_folder_and_csv_with_bom(self):
        out = self.run("seeds", "--format", "csv", "--bom", "--kind", "all").stdout
        assert out.startswith("\ufeffpath,clause,label,indicator,comparator,value,value_high,unit,year,baseline,")
        rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
        assert len(rows) == 30 and out.count("\ufeff") == 1
        ranged = next(r for r in rows if r["comparator"] == "range")
        assert (ranged["value"], ranged["value_high"], ranged["unit"], ranged["year"]) == ("1", "2", "名", "")

    def test_stdin(self):
        data = "到2025年，产前筛查率不低于75%。\n".encode()
        result = self.run("-", stdin=data)
        assert result.exit_code == 0 and "产前筛查率" in result.stdout
        (row,) = [json.loads(x) for x in self.run("-", "--format", "jsonl", stdin=data).stdout.splitlines()]
        assert (row["path"], row["indicator"], row["value"], row["year"]) == ("-", "产前筛查率", 75, 2025)

    def test_a_bad_input_is_one_line_and_the_others_are_printed(self, tmp_path):
        (tmp_path / "empty.txt").write_bytes(b"")
        result = self.run(str(tmp_path / "missing.txt"), SEED_004, str(tmp_path / "empty.txt"), "--format", "jsonl")
        assert result.exit_code == 1
        errors = [x for x in result.stderr.splitlines() if x]
        assert len(errors) == 2 and all(x.startswith("policytool: ") for x in errors)
        assert "missing.txt" in errors[0] and "empty.txt" in errors[1]
        rows = [json.loads(x) for x in result.stdout.splitlines()]
        assert sum(1 for r in rows if r.get("path") == SEED_004 and "error" not in r) == 17
        assert [r["path"].rsplit("/", 1)[-1] for r in rows if "error" in r] == ["missing.txt", "empty.txt"]
        assert all(set(r) == {"path", "error"} for r in rows if "error" in r)

    def test_no_targets_is_a_note(self):
        result = self.run("seeds/000_e2f4dd5230c76923.txt")
        assert result.exit_code == 0
        assert result.stdout.strip() == "No quantitative targets in seeds/000_e2f4dd5230c76923.txt."


class TestRealWordings:
    """Wordings met in the real corpus (laws, Guangzhou rules), each with a written variant."""

    @pytest.mark.parametrize(
        ("sentence", "indicator", "comparator", "value", "unit"),
        [
            # 刑事诉讼法 and 公司法: a rule's floor and ceiling.
            ("传唤、拘传持续的时间不得超过十二小时。", "传唤、拘传持续的时间", "<=", 12, "小时"),
            ("国有独资公司监事会成员不得少于五人。", "国有独资公司监事会成员", ">=", 5, "人"),
            # Written variants.
            ("养老机构护理型床位占比不得低于55%。", "养老机构护理型床位占比", ">=", 55, "%"),
            ("每名社工服务对象不应超过60名。", "每名社工服务对象", "<=", 60, "名"),
        ],
    )
    def test_a_rules_floor_and_ceiling(self, sentence, indicator, comparator, value, unit):
        t = only(sentence)
        assert (t.indicator, t.comparator, t.value, t.unit) == (indicator, comparator, value, unit)

    def test_at_least_before_a_count_verb_is_a_floor(self):
        # 居家社区养老办法 (html/034): `至少配备1名`.
        t = only("服务对象不足5000名的至少配备1名。")
        assert (t.comparator, t.value, t.unit) == (">=", 1, "名")
        t = only("到2025年，每个街道至少建成1个综合养老服务中心。")
        assert (t.indicator, t.comparator, t.value, t.unit, t.year) == ("综合养老服务中心", ">=", 1, "个", 2025)

    def test_each_number_of_a_list_is_its_own_row_counting_what_it_names(self):
        # 国家应急体系规划 (text/039): what is counted stands between the verb and the number.
        t = only("新增全国综合减灾示范社区3000个以上。")
        assert (t.indicator, t.comparator, t.value, t.unit) == ("全国综合减灾示范社区", ">=", 3000, "个")
        found = targets("到2025年，全市新建公办幼儿园30所、新增学位2万个，普惠性幼儿园覆盖率达到85%以上。")
        assert [(t.indicator, t.comparator, t.value, t.unit) for t in found] == [
            ("公办幼儿园", "=", 30, "所"),
            ("学位", "=", 2, "万个"),
            ("普惠性幼儿园覆盖率", ">=", 85, "%"),
        ]
        assert [t.text for t in found][:2] == ["全市新建公办幼儿园30所", "新增学位2万个"]

    def test_a_verb_before_a_rate_is_not_a_count(self):
        # The rate's own verb decides: `设立…的比例达到60%以上` is no count of 设立.
        t = only("二级以上综合医院设立老年医学科的比例达到60%以上。")
        assert (t.indicator, t.comparator, t.value) == ("二级以上综合医院设立老年医学科的比例", ">=", 60)
        # Nor is a span of time after a place a count (`打造长三角1小时交通圈`).
        assert targets("打造长三角1小时交通圈。") == ()
