"""The clause tree: each marker kind, variants, orphans, skipped levels, and the seeds."""

from __future__ import annotations

import json
from collections import Counter

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from policytool import clean, load, parse
from policytool.render.document import markdown
from policytool.segment import ANY_MARKER, NUMBERING, first_sentence_end
from tests.conftest import GOLDEN, ROOT, SEED_FILES, clean_fixture_cases, seed
from tests.properties import examples
from tests.test_clean_properties import documents

HAN = regex.compile(r"\p{Han}")
GOLD = ROOT / "benchmarks" / "gold"
# The documents written for the gold set (its other entries are the seeds).
GOLD_DOCUMENTS = sorted(
    GOLD / source for f in GOLD.glob("*.json") if "/" not in (source := json.loads(f.read_text("utf-8"))["source"])
)
ALL_INPUTS = list(SEED_FILES) + [source for source, _ in clean_fixture_cases()] + GOLD_DOCUMENTS


def tree(*paragraphs: str):
    """Parse a document given as paragraphs; return {id: clause}."""
    doc = parse(clean("\n".join(paragraphs) + "\n"))
    return {c.id: c for c in doc.clauses}


def numbered(clauses: dict) -> list[tuple[str, str, str | None]]:
    return [(c.id, c.kind, c.title) for c in clauses.values() if c.kind != "part"]


@pytest.mark.parametrize(
    ("paragraph", "kind", "number"),
    [
        ("一、总体要求", "cn", 1),
        ("十二、其他", "cn", 12),
        ("（一）指导思想", "paren_cn", 1),
        ("(二)基本原则", "paren_cn", 2),
        ("（ 三 ）工作目标", "paren_cn", 3),
        ("1.推进县级物流设施建设。支持建设改造。", "arabic", 1),
        ("1．推进县级物流设施建设。支持建设改造。", "arabic", 1),
        ("１．推进县级物流设施建设。支持建设改造。", "arabic", 1),
        ("2、完善乡镇商贸设施。加快改造。", "arabic", 2),
        ("13. 建设健康保险服务业发展平台。依托上海保险交易所。", "arabic", 13),
        ("（1）加强组织领导。", "paren_arabic", 1),
        ("(2)强化督促检查。", "paren_arabic", 2),
        ("①完善监测体系。", "circled", 1),
        ("第一章 总则", "chapter", 1),
        ("第二节 一般规定", "section", 2),
        ("第十三条 本办法自发布之日起施行。", "article", 13),
        ("第108条 附则。", "article", 108),
    ],
)
def test_each_marker_kind(paragraph, kind, number):
    (clause,) = [c for c in tree(paragraph).values() if c.kind != "part"]
    assert (clause.kind, clause.number) == (kind, number)


@pytest.mark.parametrize(
    "paragraph",
    [
        "2022年4月27日",
        "1.5万个村级寄递物流综合服务站建成投用。",
        "一是加强统筹，二是强化保障，三是抓好落实。",
        "到2025年，县域商业体系进一步健全，（1）类设施全覆盖。",
        "（此件公开发布）",
    ],
)
def test_not_a_marker(paragraph):
    assert numbered(tree("各有关单位：", paragraph)) == []


def test_heading_has_title_and_no_body_and_lead_clause_has_both():
    t = tree("一、总体要求", "（一）指导思想。坚持以人民为中心，推进健康中国建设。", "（三）中医药健康服务提质工程")
    assert (t["1"].title, t["1"].text) == ("总体要求", "")
    assert (t["1.1"].title, t["1.1"].text) == ("指导思想", "坚持以人民为中心，推进健康中国建设。")
    assert (t["1.3"].title, t["1.3"].text) == ("中医药健康服务提质工程", "")


def test_lead_sentence_paragraphs_are_clauses_under_their_heading():
    t = tree(
        "二、重大工程",
        "（一）优质医疗健康资源扩容工程",
        "建设区域医疗中心。依托现有医疗机构，建设一批高水平临床诊疗中心。（发展改革委负责）",
        "支持优质社会办医扩容。支持符合条件的高水平民营医院跨区域办医。",
        "到2025年，形成一批区域医疗中心。",
    )
    assert t["2.1.p1"].title == "建设区域医疗中心"
    # The responsibility tag that ends the clause moves from its text to its duty.
    assert t["2.1.p1"].text == "依托现有医疗机构，建设一批高水平临床诊疗中心。"
    assert t["2.1.p1"].duty.raw == "（发展改革委负责）"
    assert [d.name for d in t["2.1.p1"].duty.lead] == ["发展改革委"]
    assert t["2.1.p2"].parent == "2.1"
    # A paragraph without a lead sentence is text of the numbered clause above.
    assert t["2.1"].text == "到2025年，形成一批区域医疗中心。"
    assert "2.1.p3" not in t


def test_orphans_keep_their_numbers_and_no_parent_is_invented():
    t = tree(
        "(三)健康保险",
        "13.建设健康保险服务业发展平台.依托上海保险交易所.",
        "三、构建协同发展的健康市场体系",
        "(一)增强活力",
        "16.引进和培育大型健康服务企业.筛选一批企业.",
    )
    assert numbered(t) == [
        ("0.3", "paren_cn", "健康保险"),
        ("0.3.13", "arabic", "建设健康保险服务业发展平台"),
        ("3", "cn", "构建协同发展的健康市场体系"),
        ("3.1", "paren_cn", "增强活力"),
        ("3.1.16", "arabic", "引进和培育大型健康服务企业"),
    ]
    assert t["0.3"].parent == "doc" and t["0.3.13"].parent == "0.3"


def test_a_skipped_level_is_zero_in_the_id():
    t = tree("一、总体要求", "1.加强领导。建立工作机制。", "二、重点任务", "（一）完善设施", "1.建设中心。改造网点。")
    assert [c[0] for c in numbered(t)] == ["1", "1.0.1", "2", "2.1", "2.1.1"]
    assert t["1.0.1"].level == 3 and t["1.0.1"].parent == "1"


def test_levels_follow_the_marker_kind_not_the_position():
    t = tree("（1）先出现的第四级。", "一、总体要求", "（1）再出现的第四级。")
    assert t["0.1"].level == t["1.1"].level == 2  # kinds used: 一、 then （1）


def test_dash_bullets_are_items_of_their_parent():
    t = tree(
        "（三）发展目标。到2025年，卫生健康体系更加完善。",
        "——公共卫生服务能力显著增强。基本建成能有效应对重大疫情的体系。",
        "——一批重大疾病危害得到控制和消除。艾滋病疫情继续控制在低流行水平。",
        "展望2035年，建立与基本实现社会主义现代化相适应的卫生健康体系。",
    )
    # Only （一）-style markers are used, so （三） is level 1 here.
    assert (t["3.b1"].kind, t["3.b1"].title) == ("bullet", "公共卫生服务能力显著增强")
    assert t["3.b2"].parent == "3"
    assert t["3"].text.endswith("展望2035年，建立与基本实现社会主义现代化相适应的卫生健康体系。")


def test_law_style_articles_with_paragraphs_and_items():
    t = tree(
        "某市政府信息公开办法",
        "第一章 总则",
        "第一条 为了保障公民依法获取政府信息，制定本办法。",
        "第二条 本办法所称政府信息，是指行政机关在履行职能过程中制作的信息。",
        "行政机关应当及时、准确地公开政府信息。",
        "第二章 公开的主体和范围",
        "第三条 下列政府信息应当主动公开：",
        "（一）机构职能；",
        "（二）规范性文件；",
        "第四条 本办法自2023年1月1日起施行。",
    )
    assert numbered(t)[:3] == [("1", "chapter", "总则"), ("1.1", "article", None), ("1.2", "article", None)]
    assert t["1.1"].text == "为了保障公民依法获取政府信息，制定本办法。"
    # The second paragraph of 第二条 is its 款, own text of the article.
    assert t["1.2"].text.endswith("行政机关应当及时、准确地公开政府信息。")
    assert t["2.3.1"].kind == "paren_cn" and t["2.3.1"].title == "机构职能"
    assert t["2.4"].parent == "2"
    assert t["doc"].title == "某市政府信息公开办法"


def test_labels_follow_the_document_style():
    t = tree("二、重点任务", "（一）完善设施", "1.建设中心。改造网点。")
    assert [t[i].label for i in ("2", "2.1", "2.1.1")] == ["二", "二（一）", "二（一）1"]


def test_repeated_numbers_get_unique_ids():
    t = tree("一、甲", "一、乙")
    assert [c[0] for c in numbered(t)] == ["1", "1~2"]


def test_spans_point_into_the_clean_text():
    doc = parse(load(seed("004")))
    text = doc.cleaned.text
    for c in doc.clauses:
        start, end = c.span
        piece = text[start:end]
        assert piece.startswith(c.marker + (c.title or "")[:3]) or c.kind == "part"
        if c.text:
            assert c.text.split("\n")[-1] in piece


@pytest.mark.parametrize("path", ALL_INPUTS, ids=[p.name for p in ALL_INPUTS])
def test_clauses_add_up_to_the_clean_text(path):
    """Every Han character of the clean text is in exactly one clause (marker, title, text, tag).

    A task-table row's task is its title and part of the row kept verbatim in ``duty.raw``.
    """
    doc = parse(load(path))
    parts = Counter()
    for c in doc.clauses:
        title = "" if c.kind == "row" and c.duty else (c.title or "")
        parts += Counter(HAN.findall(c.marker + title + c.text + (c.duty.raw if c.duty else "")))
    assert parts == Counter(HAN.findall(doc.cleaned.text))


@pytest.mark.parametrize("path", SEED_FILES, ids=[p.name[:3] for p in SEED_FILES])
def test_seed_outline_matches_golden(path, monkeypatch):
    monkeypatch.chdir(ROOT)
    expected = (GOLDEN / (path.stem + ".outline.md")).read_text(encoding="utf-8")
    assert markdown(parse(load(path.relative_to(ROOT)))) + "\n" == expected


class TestSeeds:
    @pytest.fixture(autouse=True)
    def _root(self, monkeypatch):
        monkeypatch.chdir(ROOT)

    def test_action_plan_of_001_and_002(self):
        for prefix in ("001", "002"):
            doc = parse(load(seed(prefix)))
            plan = doc.clauses[-1].id and [c for c in doc.clauses if c.kind == "part"][-1]
            top = [c for c in doc.clauses if c.parent == plan.id and c.kind == "cn"]
            assert [c.title for c in top] == ["总体要求", "重大工程", "组织实施"]
            sections = [c for c in doc.clauses if c.parent == "2"]
            assert [c.marker[1] for c in sections] == list("一二三四五六七八九十")
            leads = [len([c for c in doc.clauses if c.parent == s.id and c.kind == "lead"]) for s in sections]
            assert leads == [3, 4, 3, 3, 5, 2, 2, 4, 4, 3]
            assert {c.id: c.title for c in doc.clauses}["2.1.p1"] == "建设区域医疗中心"

    def test_001_and_002_give_the_same_tree(self):
        def shape(prefix):
            doc = parse(load(seed(prefix)))
            return [(c.id, c.parent, c.kind, c.title) for c in doc.clauses if c.kind != "part"]

        assert shape("001") == shape("002")

    def test_notice_and_attached_plan_are_two_parts(self):
        for prefix, titles in (
            (
                "001",
                [
                    "关于印发《促进健康产业高质量发展行动纲要(2019-2022年)》的通知",
                    "促进健康产业高质量发展行动纲要(2019-2022年)",
                ],
            ),
            ("004", ["国务院办公厅关于印发“十四五”国民健康规划的通知", "“十四五”国民健康规划"]),
        ):
            doc = parse(load(seed(prefix)))
            parts = [c for c in doc.clauses if c.kind == "part"]
            assert [p.title for p in parts] == titles
            # The notice's salutation, signature and date stay, as its text.
            assert "国务院办公厅" in parts[0].text or "国家发展改革委" in parts[0].text

    def test_003_articles_13_to_40(self):
        doc = parse(load(seed("003")))
        arts = [c for c in doc.clauses if c.kind == "arabic"]
        assert [c.number for c in arts] == list(range(13, 41))
        assert arts[0].title == "建设健康保险服务业发展平台" and arts[0].id == "0.3.13"
        assert all(c.title for c in arts)

    def test_004_sections(self):
        doc = parse(load(seed("004")))
        assert len([c for c in doc.clauses if c.kind == "cn"]) == 10
        assert len([c for c in doc.clauses if c.kind == "paren_cn"]) == 38
        by_id = {c.id: c for c in doc.clauses}
        section = next(c for c in doc.clauses if c.title == "普及健康生活方式")
        assert section.marker == "(一)" and section.id == "4.1"
        assert [c.title for c in doc.clauses if c.parent == "4.1"] == [
            "加强健康促进与教育",
            "推行健康生活方式",
            "开展全民健身运动",
        ]
        assert by_id["2.3.b1"].title == "公共卫生服务能力显著增强"

    def test_000_news_article_has_no_numbered_structure(self):
        doc = parse(load(seed("000")))
        assert [c.kind for c in doc.clauses] == ["part"]
        assert len(doc.clauses[0].text.split("\n")) == 6


@settings(max_examples=80, deadline=None)
@given(documents)
def test_generated_documents_give_a_consistent_tree(paragraphs):
    doc = parse(clean("\n".join(paragraphs) + "\n"))
    ids = [c.id for c in doc.clauses]
    assert len(ids) == len(set(ids))
    seen: set[str] = set()
    for c in doc.clauses:
        assert c.parent is None or c.parent in seen  # parents come first
        seen.add(c.id)
    parts = Counter()
    for c in doc.clauses:
        parts += Counter(HAN.findall(c.marker + (c.title or "") + c.text + (c.duty.raw if c.duty else "")))
    assert parts == Counter(HAN.findall(doc.cleaned.text))
    assert json.dumps(doc.to_dict(), ensure_ascii=False) == json.dumps(
        parse(clean("\n".join(paragraphs) + "\n")).to_dict(), ensure_ascii=False
    )


@given(st.text(alphabet="第一二十三章节条、.．（）()1234567890① 　总则加强", max_size=12))
def test_the_combined_marker_pattern_agrees_with_the_table(paragraph):
    """ANY_MARKER is NUMBERING as one pattern: the first kind of the table that matches wins."""
    expected = next(((kind, m[0]) for kind, pattern in NUMBERING if (m := pattern.match(paragraph))), None)
    m = ANY_MARKER.match(paragraph)
    assert ((m.lastgroup, m[0]) if m else None) == expected


# The first sentence's end as a pattern, as it was written before string searches took over.
FIRST_SENTENCE = regex.compile(r"^(?P<s>[^。；;！？!?]+?)(?P<end>[。；;！？!?]|(?<=\p{Han})\.(?=\S))")


@settings(max_examples=examples(300))
@given(st.text(st.sampled_from(list("建设平台ab1 .。；;！？!?\u3000\n")), max_size=16))
def test_the_first_sentence_ends_where_the_pattern_said(text):
    m = FIRST_SENTENCE.match(text)
    assert first_sentence_end(text) == (m.end() if m else None)


def test_the_first_sentence_ends_at_its_mark_or_a_full_stop_after_han():
    assert first_sentence_end("建设区域医疗中心。推进") == 9
    assert first_sentence_end("建设服务平台.完善制度") == 7  # a half-width stop after Han, text after it
    assert first_sentence_end("第1.5条规定；其余") == 8  # a stop between digits is not one
    assert first_sentence_end("。开头即句号") is None and first_sentence_end("没有句末") is None


@pytest.mark.parametrize(
    ("article", "title", "text"),
    [
        # Real (深圳经济特区数据条例): a short first sentence is the article's text, not a title.
        (
            "第三十五条 实行公共数据分类管理制度。公共数据按照……分类。",
            None,
            "实行公共数据分类管理制度。公共数据按照……分类。",
        ),
        ("第一百条 本条例自2022年1月1日起施行。", None, "本条例自2022年1月1日起施行。"),
        # Written: titles in brackets are the article's own.
        ("第一条【立法目的】为了规范数据处理活动，制定本条例。", "立法目的", "为了规范数据处理活动，制定本条例。"),
        (
            "第二条（适用范围）本市行政区域内的数据处理活动，适用本条例。",
            "适用范围",
            "本市行政区域内的数据处理活动，适用本条例。",
        ),
    ],
)
def test_an_article_has_a_title_only_in_brackets(article, title, text):
    doc = parse(clean(f"某某条例\n第一章 总则\n{article}\n".encode()))
    (c,) = [c for c in doc.clauses if c.kind == "article"]
    assert (c.title, c.text) == (title, text)


def test_a_kuan_after_an_articles_items_belongs_to_the_article():
    # Real shape (公司法 第二十五条: 载明下列事项：（一）…；（八）…。 then 股东应当在公司章程上签名、盖章。).
    text = (
        "某某法\n第一章 总则\n第五条 有限责任公司章程应当载明下列事项：\n（一）公司名称和住所；\n"
        "（二）公司经营范围。\n股东应当在公司章程上签名、盖章。\n第六条 本法自公布之日起施行。\n"
    )
    clauses = {c.id: c for c in parse(clean(text.encode())).clauses}
    assert clauses["1.5"].text == "有限责任公司章程应当载明下列事项：\n股东应当在公司章程上签名、盖章。"
    assert "股东" not in (clauses["1.5.2"].text + (clauses["1.5.2"].title or ""))
    # In a plan, paragraphs under an item stay the item's: only an article's list ends so.
    plan = "某某方案\n一、重点任务\n（一）完善网络。\n加强基层建设，提高服务质量。\n"
    assert [c.text for c in parse(clean(plan.encode())).clauses if c.id == "1.1"] == ["加强基层建设，提高服务质量。"]


# 北京市节水条例 (law-md/024): its chapters listed once, without a label, then the body.
CONTENTS_UNLABELLED = """# 北京市节水条例

## 第一章 总 则

## 第二章 规划与建设管控

## 第三章 全过程节水

### 第一节 取水过程节水

## 第四章 附 则

## 第一章 总 则

第一条 为了推动全社会节水，制定本条例。

## 第二章 规划与建设管控

第二条 市水务部门应当编制节水规划。
"""


def test_a_table_of_contents_is_no_chapter():
    doc = parse(clean(CONTENTS_UNLABELLED))
    chapters = [c.label for c in doc.clauses if c.kind == "chapter"]
    assert chapters == ["第一章", "第二章"]  # once each, with their articles
    removed = [r.text for r in doc.cleaned.removed if r.reason == "contents"]
    assert removed == [
        "第一章 总 则",
        "第二章 规划与建设管控",
        "第三章 全过程节水",
        "第一节 取水过程节水",
        "第四章 附 则",
    ]


def test_a_labelled_table_of_contents_with_page_numbers():
    # Written variant: a 目录 label and page numbers after the headings.
    text = (
        "南州市物业管理条例\n目　录\n第一章　总则……1\n第二章　业主……3\n"
        "第一章　总则\n第一条　为了规范物业管理活动，制定本条例。\n"
    )
    doc = parse(clean(text))
    assert [c.label for c in doc.clauses if c.kind == "chapter"] == ["第一章"]
    assert [r.reason for r in doc.cleaned.removed] == ["contents"] * 3


def test_headings_with_text_between_are_no_table_of_contents():
    text = (
        "第一章 总则\n第一节 一般规定\n第二节 定义\n第一条 本办法所称数据，是指任何以电子方式对信息的记录。\n"
        "第二章 附则\n第二条 本办法自发布之日起施行。\n"
    )
    doc = parse(clean(text))
    assert not doc.cleaned.removed
    headings = [c.label for c in doc.clauses if c.kind in ("chapter", "section")]
    assert headings[:3] == ["第一章", "第一章第一节", "第一章第二节"]


# 国家粮食应急预案 (html/018): decimal headings, items （1） under them.
DECIMAL_PLAN = """国家粮食应急预案
1总则
1.1编制目的及依据
为了有效监测和控制各类突发公共事件引起的粮食市场异常波动，制定本预案。
1.2等级划分
1.2.1 国家级（Ⅰ级）：两个以上省、自治区、直辖市出现粮食应急状态。
1.2.2 省级（Ⅱ级）：在一个省、自治区、直辖市较大范围出现粮食应急状态。
1.3工作原则
（1）统一领导、分级负责。在国务院统一领导下开展工作。
（2）科学监测、预防为主。加强对粮食市场的跟踪监测。
2组织机构和职责
2.1国家粮食应急工作指挥部
总指挥：国家发展改革委主要负责人。
"""


def test_decimal_headings_make_the_tree():
    doc = parse(clean(DECIMAL_PLAN))
    heads = [(c.id, c.kind, c.label) for c in doc.clauses if c.kind.startswith("decimal")]
    assert heads == [
        ("1", "decimal1", "1"),
        ("1.1", "decimal2", "1.1"),
        ("1.2", "decimal2", "1.2"),
        ("1.2.1", "decimal3", "1.2.1"),
        ("1.2.2", "decimal3", "1.2.2"),
        ("1.3", "decimal2", "1.3"),
        ("2", "decimal1", "2"),
        ("2.1", "decimal2", "2.1"),
    ]
    items = [c for c in doc.clauses if c.kind == "paren_arabic"]
    assert [c.parent for c in items] == ["1.3", "1.3"]


@pytest.mark.parametrize(
    "paragraph",
    [
        "1.5万人次参加了培训，覆盖所有街道。",  # a number, not a heading: no 1.4 or 1.6 near it
        "3个月内完成整改。",  # no 3.1 after it
        "2.1亿元专项资金已拨付。",
    ],
)
def test_a_number_opening_a_paragraph_is_no_decimal_heading(paragraph):
    doc = parse(clean(f"关于做好培训工作的通知\n一、工作要求\n{paragraph}\n二、保障措施\n加强领导。\n"))
    assert not any(c.kind.startswith("decimal") for c in doc.clauses)
    assert paragraph in next(c.text for c in doc.clauses if c.label == "一")


def test_a_written_standard_with_decimal_headings_four_deep():
    text = (
        "南州市智慧社区建设指南\n1 范围\n本指南规定了智慧社区建设的要求。\n2 建设要求\n2.1 基础设施\n2.1.1 网络\n"
        "2.1.1.1 光纤到户\n应实现光纤到户。\n2.1.1.2 无线覆盖\n应实现公共区域无线覆盖。\n"
    )
    doc = parse(clean(text))
    assert [c.id for c in doc.clauses if c.kind.startswith("decimal")] == [
        "1", "2", "2.1", "2.1.1", "2.1.1.1", "2.1.1.2",
    ]  # fmt: skip


def test_items_run_into_one_paragraph_are_each_a_clause():
    # 广州市困难残疾人生活补贴 (tags/044): the ten conditions printed in one paragraph.
    text = (
        "关于发放残疾人两项补贴的通知\n七、停止发放\n（三）停止发放。\n"
        "1.死亡或宣告死亡的；2.经人民法院宣告失踪的；3.户籍迁出广州市的；4.本人自愿申请停止发放的。\n"
        "八、附则\n本通知自印发之日起施行。\n"
    )
    doc = parse(clean(text))
    items = [c for c in doc.clauses if c.kind == "arabic"]
    assert [(c.id, c.number, c.title) for c in items] == [
        ("7.3.1", 1, "死亡或宣告死亡的"),
        ("7.3.2", 2, "经人民法院宣告失踪的"),
        ("7.3.3", 3, "户籍迁出广州市的"),
        ("7.3.4", 4, "本人自愿申请停止发放的"),
    ]
    cleaned_text = doc.cleaned.text
    assert [cleaned_text[c.span[0] : c.span[1]] for c in items] == [
        "1.死亡或宣告死亡的；",
        "2.经人民法院宣告失踪的；",
        "3.户籍迁出广州市的；",
        "4.本人自愿申请停止发放的。",
    ]
    assert next(c for c in doc.clauses if c.label == "八").text == "本通知自印发之日起施行。"


def test_run_in_items_of_other_kinds_and_what_does_not_run_on():
    # Written variant: （1）…；（2）… in one paragraph.
    doc = parse(clean("一、申请条件\n（1）具有本市户籍；（2）年满18周岁；（3）无违法记录。\n"))
    assert [c.marker for c in doc.clauses if c.kind == "paren_arabic"] == ["（1）", "（2）", "（3）"]
    # A number after a `；` that does not go on from the item is text: `2.5万元`, `；5.`.
    for paragraph in ("1.补贴标准每人每月300元；2.5万元以上的按比例发放。", "1.按月发放；5.其他情形另行规定。"):
        doc = parse(clean(f"一、发放标准\n{paragraph}\n"))
        (item,) = [c for c in doc.clauses if c.kind == "arabic"]
        assert doc.cleaned.text[item.span[0] : item.span[1]] == paragraph


# 广州市居家社区养老服务办法 (html/034), 第二十四条: two kinds of recipients, each a heading item
# with its conditions below it; the first condition opens with a number (`1.80周岁`).
RECIPIENTS = (
    "某某办法\n第一章 总则\n第二十四条 资助对象分为两类：\n（一）第一类资助对象。\n"
    "符合以下条件之一的老年人：\n1.特困供养人员；\n2.100周岁及以上的。\n（二）第二类资助对象。\n"
    "符合以下条件之一的经济困难且失能的老年人：\n1.80周岁及以上的；\n2.纯老家庭人员。\n"
    "第二十五条 申请服务资助应当以评估结果作为依据。\n"
)


def test_a_number_before_digits_is_an_item_where_the_next_item_follows():
    clauses = {c.id: c for c in parse(clean(RECIPIENTS)).clauses}
    assert (clauses["1.24.2.1"].marker, clauses["1.24.2.1"].title) == ("1.", "80周岁及以上的")
    assert clauses["1.24.1.2"].title == "100周岁及以上的"
    # Alone, `1.5万人次` is a number (no item 2 after it, none before).
    doc = parse(clean("一、工作成效\n1.5万人次参加培训。\n二、下一步安排\n加强培训。\n"))
    assert not any(c.kind == "arabic" for c in doc.clauses)


def test_what_follows_an_item_that_is_a_section_heading_is_its_own():
    # The conditions under （二） are its, not the article's: （一） above it had its own.
    clauses = {c.id: c for c in parse(clean(RECIPIENTS)).clauses}
    assert clauses["1.24.2"].text == "符合以下条件之一的经济困难且失能的老年人："
    assert [c.parent for c in clauses.values() if c.kind == "arabic"] == ["1.24.1"] * 2 + ["1.24.2"] * 2
    assert clauses["1.24"].text == "资助对象分为两类："


def test_an_enumeration_run_through_a_paragraph_is_items_in_order():
    # 药品集中采购试点方案 (html/013): （三）基本原则。一是…。二是…。三是…。四是…。
    text = (
        "一、总体要求\n（三）基本原则。一是坚持以人民为中心，保障临床用药需求。二是坚持依法合规，严格执行相关政策规定。"
        "三是坚持市场机制和政府作用相结合。四是坚持平稳过渡、妥当衔接。\n"
    )
    clauses = {c.id: c for c in parse(clean(text)).clauses}
    assert clauses["1.3"].title == "基本原则" and clauses["1.3"].text == ""
    items = [c for c in clauses.values() if c.kind == "enum"]
    assert [(c.id, c.marker, c.number) for c in items] == [
        ("1.3.e1", "一是", 1), ("1.3.e2", "二是", 2), ("1.3.e3", "三是", 3), ("1.3.e4", "四是", 4),
    ]  # fmt: skip
    assert items[1].text == "坚持依法合规，严格执行相关政策规定。"


def test_an_enumeration_item_carries_its_own_tag():
    from policytool import load_departments
    from policytool.duties import attach_duties
    from policytool.segment import segment

    # Written variant: a paragraph of its own, each item ending in its tag.
    text = (
        "南州市人民政府办公厅关于优化营商环境的通知\n一、重点任务\n"
        "一是压缩企业开办时间，推行全程网办（市市场监管局负责）；二是落实减税降费政策，加强政策宣传（市税务局负责）。\n"
    )
    report = attach_duties(segment(clean(text)), load_departments())
    assert [(a.clause, [d.name for d in a.duty.lead]) for a in report.assignments] == [
        ("1.e1", ["南州市市场监管局"]),
        ("1.e2", ["南州市税务局"]),
    ]


def test_ordinals_out_of_turn_or_alone_are_text():
    for paragraph in ("一是加强领导，压实责任。", "一是加强领导。三是强化考核。", "统一是前提，二是关键。"):
        doc = parse(clean(f"一、保障措施\n{paragraph}\n"))
        assert not any(c.kind == "enum" for c in doc.clauses), paragraph
