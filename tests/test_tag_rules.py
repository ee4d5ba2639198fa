"""Tag wordings met in real documents, each on the real wording and on a written variant."""

from __future__ import annotations

import pytest

from policytool.duties import LEAD_LABELS, RESPONSIBLE_LABELS, SUPPORT_LABELS
from tests.test_depts import duty_of, names, report


def lead_support(*paragraphs: str) -> tuple[list[str], list[str]]:
    duty = duty_of(*paragraphs)
    return names(duty.lead), names(duty.support)


@pytest.mark.parametrize(
    ("rule", "tag"),
    [
        # Real (国发〔2018〕42号): the rule inside the first tag, with 下同.
        ("列第一位者为牵头单位，下同", "（农业农村部、工业和信息化部等负责。列第一位者为牵头单位，下同）"),
        # Written variants of the wording.
        ("排在首位的为牵头部门", "（农业农村部、工业和信息化部负责，排在首位的为牵头部门）"),
        ("第一个单位为牵头单位", "（农业农村部、工业和信息化部负责，第一个单位为牵头单位）"),
        ("排名第一的为牵头部门", "（农业农村部、工业和信息化部负责，排名第一的为牵头部门）"),
    ],
)
def test_a_first_listed_leads_rule_in_any_wording_holds_from_its_tag_on(rule, tag):
    r = report(
        f"一、总体要求\n（一）推进农机装备创新。加快研发。{tag}",
        "（二）加强质量。提高可靠性。（财政部、商务部负责）",
    )
    first, second = (a.duty for a in r.assignments)
    assert (names(first.lead), names(first.support)) == (["农业农村部"], ["工业和信息化部"])
    assert (names(second.lead), names(second.support)) == (["财政部"], ["商务部"])
    assert [x.rule for x in r.rules] == ["first-listed-leads"]


@pytest.mark.parametrize(
    ("tag", "lead"),
    [
        ("（农业农村部、商务部等负责）", ["农业农村部", "商务部"]),  # real: 等 ends the list
        ("（人力资源社会保障部、教育部等有关部门和单位负责）", ["人力资源社会保障部", "教育部"]),  # real
        ("（商务部、财政部等和各有关省级人民政府负责）", ["商务部", "财政部", "各省级人民政府"]),  # real
        ("（民政部等部门负责）", ["民政部"]),  # written
        ("（教育部、国家卫生健康委负责，高等学校配合）", ["教育部", "卫生健康委"]),  # 高等 is not a list's 等
    ],
)
def test_a_trailing_deng_is_not_part_of_a_name(tag, lead):
    duty = duty_of(f"（一）加强工作。做好保障。{tag}")
    assert names(duty.lead) == lead
    assert all("等" not in d.raw or d.raw == "高等学校" for d in (*duty.lead, *duty.support))


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("（国家发展改革委会同有关部门负责）", (["发展改革委"], [])),  # real (国办发〔2018〕117号)
        ("（财政部会同教育部、民政部负责）", (["财政部"], ["教育部", "民政部"])),  # written
        ("（商务部指导，供销合作总社参与）", (["商务部"], ["供销合作总社"])),  # real (国办发〔2018〕128号)
        ("（生态环境部指导，试点城市政府负责落实）", (["生态环境部", "试点城市人民政府"], [])),  # real
        ("（农业农村部、工业和信息化部牵头负责）", (["农业农村部", "工业和信息化部"], [])),  # real
    ],
)
def test_roles_written_as_huitong_zhidao_and_qiantou_fuze(tag, expected):
    assert lead_support(f"（一）加强工作。做好保障。{tag}") == expected


def test_a_list_before_a_comma_takes_the_verb_after_it():
    # Real (国发〔2018〕39号), under its stated first-listed-leads rule.
    r = report(
        "（一）加强工作。做好保障。（人力资源社会保障部、财政部等负责。列第一位者为牵头单位，下同）",
        "（二）支持创业载体建设。加大支持。（人力资源社会保障部、科技部、财政部，各省级人民政府按职责分工负责）",
        "（三）抓好政策服务。落实政策。（各有关部门和单位，各省级人民政府按职责分工负责）",
    )
    second, third = (a.duty for a in r.assignments[1:])
    assert names(second.lead) == ["人力资源社会保障部"]
    assert names(second.support) == ["科技部", "财政部", "各省级人民政府"]
    assert (names(third.lead), names(third.support)) == (["各有关部门"], ["各省级人民政府"])
    assert [d.raw for d in third.lead] == ["各有关部门和单位"]  # as written


def test_tags_after_sentences_inside_a_clause_all_belong_to_it():
    # Real (国办发〔2018〕121号): one clause lists tasks, each sentence group with its tag.
    text = (
        "（十）优化市场环境。大力推进商事制度改革。（市场监管总局负责）加强体育产业创新创业教育服务。"
        "鼓励退役运动员投身体育竞赛表演产业。（体育总局、教育部负责）重视新型转播技术的应用。"
    )
    (a,) = report(text).assignments
    assert names(a.duty.lead) == ["市场监管总局", "体育总局", "教育部"]
    clause = next(c for c in report(text).document.clauses if c.duty)
    assert "负责" not in clause.text and clause.text.endswith("重视新型转播技术的应用。")
    assert a.duty.raw == "（市场监管总局负责）（体育总局、教育部负责）"


def test_tags_ending_paragraphs_inside_a_clause_all_belong_to_it():
    # Written variant of the Shanghai layout: a heading, then paragraphs each ending in a tag.
    (a,) = report(
        "（一）推动科技创新资源开放",
        "优化运营管理和开放共享考核制度，加大大型科学仪器开放力度。（责任单位：市科委、市发展改革委）",
        "加强校企合作，推动高校院所实验室向企业开放。（责任单位：市教委、市科委）",
    ).assignments
    assert (names(a.duty.lead), names(a.duty.support)) == (["市科委", "市发展改革委", "市教委"], [])


def test_a_bracket_that_names_nobody_inside_a_clause_stays_text():
    r = report("（一）加强工作。做好保障（含配合单位的保障）。推进落实。")
    assert r.assignments == ()
    assert "（含配合单位的保障）" in next(c for c in r.document.clauses if c.id == "1").text


# A task table as Word pastes it into a page (the layout of 穗卫函〔2023〕1930号, cut short):
# every cell a <p>, the number and the task merged down over the rows of one task.
WORD_TABLE = """<html><body><div id="zoom">
<p>广州市卫生健康委关于推进家庭医生签约服务的通知</p>
<p>一、工作任务</p>
<table><tr><td><p>序号</p></td><td><p>工作事项</p></td><td><p>主要内容</p></td><td><p>牵头单位</p></td>
<td><p>配合单位</p></td></tr>
<tr><td rowspan="2"><p>1</p></td><td rowspan="2"><p>有序扩大家庭医生来源。</p></td>
<td><p>由全科向专科拓展，</p><p>到2025年每万人家庭医生数不低于4.66人。</p></td><td><p>各区政府</p></td>
<td><p>市卫生健康委</p></td></tr>
<tr><td><p>推动人才资源向基层医疗卫生机构倾斜。</p></td><td><p>各区政府</p></td>
<td><p>市卫生健康委、市人社局</p></td></tr>
<tr><td><p>2</p></td><td><p>提升服务能力。</p></td><td><p>培育建设一批示范机构。</p></td><td><p>市卫生健康委</p></td>
<td><p>/</p></td></tr>
</table></div></body></html>"""


def test_a_word_table_is_read_row_by_row_with_merged_cells_left_empty():
    from policytool import clean

    paragraphs = clean(WORD_TABLE.encode()).paragraphs
    rows = [p for p in paragraphs if "|" in p]
    # The lines of a cell are one cell; spaces between Han characters go, as everywhere.
    assert rows == [
        "序号|工作事项|主要内容|牵头单位|配合单位",
        "1 |有序扩大家庭医生来源。|由全科向专科拓展，到2025年每万人家庭医生数不低于4.66人。|各区政府|市卫生健康委",
        "| |推动人才资源向基层医疗卫生机构倾斜。|各区政府|市卫生健康委、市人社局",  # two merged cells
        "2 |提升服务能力。|培育建设一批示范机构。|市卫生健康委| /",
    ]


def test_each_row_of_a_word_task_table_is_a_task_with_its_units():
    from policytool import clean

    r = report(*clean(WORD_TABLE.encode()).paragraphs)
    rows = [(a.title, names(a.duty.lead), names(a.duty.support)) for a in r.assignments]
    # Each row is titled by its own text: a task merged over several rows names the group, so
    # those rows (the first too) take their own 主要内容; a task on one row is the row's.
    assert [(t[:7], lead, support) for t, lead, support in rows] == [
        ("由全科向专科拓", ["有关区政府"], ["市卫生健康委"]),
        ("推动人才资源向", ["有关区政府"], ["市卫生健康委", "市人力资源社会保障局"]),
        ("提升服务能力。", ["市卫生健康委"], []),
    ]
    assert not any(c.kind == "lead" for c in r.document.clauses)  # a row is no lead sentence


def test_a_markdown_table_with_a_task_merged_down_titles_rows_by_their_own_text():
    # Written variant: a markdown export leaves the merged cells empty.
    r = report(
        "一、任务分工",
        "| 序号 | 重点任务 | 具体措施 | 牵头单位 | 配合单位 |",
        "|---|---|---|---|---|",
        "| 1 | 优化营商环境。 | 推行告知承诺制。 | 区市场监管局 | 区司法局 |",
        "|  |  | 压缩企业开办时间。 | 区市场监管局 | 区税务局 |",
        "| 2 | 加强人才引进。 | 落实人才公寓政策。 | 区人社局 | 区住建局 |",
    )
    titles = [a.title for a in r.assignments]
    assert titles == ["推行告知承诺制。", "压缩企业开办时间。", "加强人才引进。"]


def test_the_attachment_list_after_the_body_is_no_clause_of_the_last_section():
    # Real layout (穗卫函〔2023〕1930号): `附件：1.…` then `2.…`, then the attachments themselves.
    r = report(
        "三、组织实施",
        "（一）加强组织领导。各区要强化属地责任。",
        "附件：1.广州市家庭医生签约服务质量监测指标体系（2023年）",
        "2.关于推进广州市家庭医生签约服务高质量发展工作的任务分工表",
        "附件2",
        "序号|工作事项|牵头单位|配合单位",
        "1|提升服务能力。|市卫生健康委|市医保局，市财政局",
    )
    clauses = {c.id: c for c in r.document.clauses}
    assert not any(c.kind == "arabic" for c in clauses.values())  # the list's 2. is a name
    (row,) = [c for c in clauses.values() if c.kind == "row"]
    assert clauses[row.parent].kind == "part"  # the table is the attachment's, not 三、's
    assert (names(row.duty.lead), names(row.duty.support)) == (["市卫生健康委"], ["市医疗保障局", "市财政局"])


def test_central_bodies_and_groups_of_governments_in_real_tags_are_known():
    # Real (国办发〔2018〕129号, 国办发〔2018〕121号): bodies the dictionary lacked.
    duty = duty_of(
        "（一）动员社会各界参与。加强动员。"
        "（中央统战部、中央和国家机关工委、全国工商联、供销合作总社、标准委、版权局等和各省级人民政府负责）"
    )
    assert all(d.known for d in duty.lead), [d.raw for d in duty.lead if not d.known]
    assert names(duty.lead)[-1] == "各省级人民政府"


@pytest.mark.parametrize("word", [*LEAD_LABELS, *RESPONSIBLE_LABELS, *SUPPORT_LABELS])
def test_every_label_of_the_vocabulary_reads_as_a_tag_and_a_table_header(word):
    # As a tag's label, in brackets.
    r = report(f"（一）完善数据制度。（{word}：市数据局）")
    (a,) = r.assignments
    role = "lead" if word in (*LEAD_LABELS, *RESPONSIBLE_LABELS) else "support"
    assert names(getattr(a.duty, role)) == ["市数据局"], word
    # As a task table's column, beside a lead column.
    lead = "牵头单位" if word not in (*LEAD_LABELS, *RESPONSIBLE_LABELS) else word
    support = "配合单位" if lead == word else word
    rows = report("一、任务分工", f"序号|重点任务|{lead}|{support}", "1|完善数据制度。|市数据局|市财政局").assignments
    (row,) = rows
    assert (names(row.duty.lead), names(row.duty.support)) == (["市数据局"], ["市财政局"]), word
