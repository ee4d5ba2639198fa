"""Every element of a 公文 (GB/T 9704-2012) the text states is read into meta.

Each rule is tried on the wording of a real document (a gov.cn page, a law in markdown, a
pkulaw export, a Guangzhou portal page) and on a written variant.
"""

from __future__ import annotations

import pytest

from policytool import clean, parse

# A 上行文 as a text export prints it: 版头 above the title, the 版记 at the end.
WRITTEN = """000126
机密★1年
特急
江北省人民政府办公厅文件
江政办发〔2023〕7号　　签发人：王明　李华
江北省人民政府办公厅关于报送数字政府建设情况的报告
国务院办公厅：
现将我省数字政府建设情况报告如下。
一、工作进展
全省政务服务事项全部实现网上可办。
二、下一步安排
持续推进数据共享。
附件：1.江北省数字政府建设情况统计表
2.江北省政务服务事项清单
江北省人民政府办公厅
2023年3月6日
（联系人：张三，电话：0571-87000000）
抄送：省委办公厅，省人大常委会办公厅。
江北省人民政府办公厅　　　　2023年3月7日印发
"""


def test_every_element_of_a_written_gongwen_is_read():
    meta = clean(WRITTEN).meta
    assert meta.copy_number == "000126"
    assert meta.secrecy == "机密★1年"
    assert meta.urgency == "特急"
    assert meta.letterhead == "江北省人民政府办公厅文件"
    assert meta.doc_number == "江政办发〔2023〕7号"  # beside the 签发人, still the document's number
    assert meta.signers == ("王明", "李华")
    assert meta.title == "江北省人民政府办公厅关于报送数字政府建设情况的报告"
    assert meta.addressee == "国务院办公厅"
    assert meta.attachment_names == ("江北省数字政府建设情况统计表", "江北省政务服务事项清单")
    assert meta.issuers == ("江北省人民政府办公厅",)
    assert meta.date == "2023-03-06"
    assert meta.note == "联系人：张三，电话：0571-87000000"
    assert meta.cc == ("省委办公厅", "省人大常委会办公厅")
    assert meta.printed is not None and meta.printed.date == "2023-03-07"


def test_the_letterhead_lines_leave_the_body_with_their_reason():
    doc = clean(WRITTEN)
    assert {r.text for r in doc.removed if r.reason == "letterhead"} == {
        "000126",
        "机密★1年",
        "特急",
        "江北省人民政府办公厅文件",
    }
    assert doc.paragraphs[0].startswith("江政办发〔2023〕7号")


def test_marks_set_on_one_line_are_each_read():
    meta = clean("000001　秘密★6个月　加急\n南州市人民政府关于加强安全生产的通知\n各区人民政府：\n现通知如下。\n").meta
    assert (meta.copy_number, meta.secrecy, meta.urgency) == ("000001", "秘密★6个月", "加急")


def test_a_number_in_the_text_is_no_copy_number():
    meta = clean("南州市人民政府关于加强安全生产的通知\n各区人民政府：\n202301\n现通知如下。\n").meta
    assert meta.copy_number is None


# A gov.cn 国务院 page as its text reads (tags/007), trimmed.
GOV_CN = """国务院关于加快推进农业机械化和农机装备产业转型升级的指导意见
国发〔2018〕42号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
农业机械化和农机装备是转变农业发展方式、提高农村生产力的重要基础。现提出以下意见。
一、总体要求
（一）指导思想。以习近平新时代中国特色社会主义思想为指导。
八、加强组织领导
（二十）促进政府与市场良性互动。总结推广典型经验。（农业农村部、工业和信息化部等负责）
国务院
2018年12月21日
（此件公开发布）
"""


def test_a_gov_cn_page_states_its_addressee_and_note():
    meta = clean(GOV_CN).meta
    assert meta.addressee == "各省、自治区、直辖市人民政府，国务院各部委、各直属机构"
    assert meta.note == "此件公开发布"


def test_the_signature_block_is_no_part_of_the_last_clause():
    doc = parse(clean(GOV_CN))
    last = doc.clauses[-1]
    assert last.text.endswith("总结推广典型经验。")
    own = doc.clauses[0].text  # the document's own text holds the sign-off
    assert own.endswith("国务院\n2018年12月21日\n（此件公开发布）")


def test_a_portal_note_on_publication_is_read():
    # Guangzhou's portal (html/032) prints whether the text is public under its date.
    text = (
        "广州市人民政府办公厅关于加强救助工作的通知\n各区人民政府：\n现通知如下。\n"
        "广州市人民政府办公厅\n2021年4月13日\n公开方式：主动公开\n"
    )
    assert clean(text).meta.note == "公开方式：主动公开"


def test_a_sentence_ending_in_a_colon_is_no_addressee():
    text = "关于做好防汛工作的通知\n现将有关事项通知如下：\n一、压实责任。\n"
    assert clean(text).meta.addressee is None
    # Nor a line after the body began.
    text = "关于做好防汛工作的通知\n各区人民政府：\n为做好防汛工作，通知如下。\n有关单位：\n"
    assert clean(text).meta.addressee == "各区人民政府"


# A law in markdown (law-md/019): its history under the title, a 施行 line among it.
LAW = """# 公安机关办理行政案件程序规定

２０１２年１２月３日 公安部部长办公会议通过

２０１２年１２月１９日 中华人民共和国公安部令第１２５号发布，

２０１３年１月１日 施行

２０１８年１１月２５日 公安部令第１４９号《公安部关于修改〈公安机关办理行政案件程序规定〉的决定》第二次修正。

<!-- INFO END -->

## 第一章 总则

第一条 为了规范公安机关办理行政案件程序，制定本规定。
"""


def test_a_laws_history_goes_to_meta_and_out_of_the_body():
    doc = clean(LAW)
    assert len(doc.meta.history) == 4
    assert doc.meta.history[0].endswith("公安部部长办公会议通过")
    assert doc.meta.effective == "2013-01-01"
    assert doc.meta.date == "2018-11-25"  # the last history line but the 施行 one: the version at hand
    assert doc.meta.doc_number == "公安部令第１４９号"  # the decree of the version at hand
    assert not any("公安部令" in p or "施行" == p[-2:] for p in doc.paragraphs)
    assert sum(r.reason == "history" for r in doc.removed) == 4
    # The comment is markup, never a clause's text.
    assert "<!-- INFO END -->" in {r.text for r in doc.removed if r.reason == "markup"}
    assert not any("INFO END" in c.text for c in parse(doc).clauses)


@pytest.mark.parametrize(
    ("sentence", "effective"),
    [
        ("第六十条 本条例自2022年1月1日起施行。", "2022-01-01"),  # law-md/022
        ("《南州市养老服务办法》已经市政府常务会议通过，现予公布，自2021年5月1日起施行。", "2021-05-01"),
        ("本办法自二〇二四年四月一日起实施，有效期5年。", "2024-04-01"),
        # Another text's date is not this one's.
        ("《中华人民共和国数据安全法》自2021年9月1日起施行。", None),
        ("本方案自印发之日起施行。", None),
    ],
)
def test_the_effective_date_is_the_texts_own(sentence, effective):
    text = f"南州市养老服务办法\n{sentence}\n"
    assert clean(text).meta.effective == effective


def test_a_books_parts_are_the_top_level():
    # 刑事诉讼法 (law-md/021): 第X编 above 第X章.
    text = (
        "中华人民共和国刑事诉讼法\n第一编 总则\n第一章 任务和基本原则\n第一条 为了保证刑法的正确实施，制定本法。\n"
        "第二编 立案、侦查和提起公诉\n第一章 立案\n第一百零九条 公安机关发现犯罪事实，应当立案侦查。\n"
    )
    doc = parse(clean(text))
    books = [c for c in doc.clauses if c.kind == "book"]
    assert [(c.label, c.title) for c in books] == [("第一编", "总则"), ("第二编", "立案、侦查和提起公诉")]
    assert doc.clauses[0].title == "中华人民共和国刑事诉讼法"
    chapter = next(c for c in doc.clauses if c.title == "立案")
    assert chapter.parent == books[1].id


# A pkulaw export (text/029): the database's header above the title printed twice.
PKULAW = """    【法宝引证码】 CLI.12.7186154
原文链接：https://www.pkulaw.com/lar/3d49cd077b5cb3401d1f098a8b7fd628bdfb.html
海口市水务局关于生产建设项目水土保持方案审批决定的公告
海口市水务局关于生产建设项目水土保持方案审批决定的公告
（2020年）
　　根据水土保持法的有关规定，经技术审查，我市对2个水土保持方案审批申请作出了审批决定。
"""


def test_an_export_header_goes_to_meta_and_removed():
    doc = clean(PKULAW)
    assert doc.meta.url == "https://www.pkulaw.com/lar/3d49cd077b5cb3401d1f098a8b7fd628bdfb.html"
    assert doc.meta.title == "海口市水务局关于生产建设项目水土保持方案审批决定的公告"
    reasons = {r.text.strip(): r.reason for r in doc.removed}
    assert reasons["【法宝引证码】 CLI.12.7186154"] == "export-header"
    assert reasons["海口市水务局关于生产建设项目水土保持方案审批决定的公告"] == "duplicate"
    assert not any("法宝" in p or "原文链接" in p for p in doc.paragraphs)


def test_a_web_readers_header_goes_to_meta():
    # A reader's markdown (text/038): `Title:`, `URL Source:`, `Markdown Content:`.
    text = (
        "Title: 南州市医保新措施解读 - 南州市人民政府门户网站\n\nURL Source: https://www.nz.gov.cn/a/1.html\n\n"
        "Published Time: 2024-01-02\n\nMarkdown Content:\n"
        "南州市医保新措施1月1日起实施，职工医保个人账户共济范围扩至近亲属。\n"
    )
    doc = clean(text)
    assert doc.meta.url == "https://www.nz.gov.cn/a/1.html"
    assert doc.meta.published == "2024-01-02"
    assert doc.meta.addressee is None
    assert doc.paragraphs == ("南州市医保新措施1月1日起实施，职工医保个人账户共济范围扩至近亲属。",)
    assert {r.reason for r in doc.removed} == {"export-header"}


def test_a_download_widget_and_a_file_link_leave_the_text():
    # A Shanghai post (tags/001): `【原文下载】` and the file as a markdown list item.
    text = (
        "---\ntitle: 若干意见\n---\n一、总体要求\n推动科技服务业高质量发展。\n上海市人民政府办公厅\n2025年5月17日\n"
        "【原文下载】\n- [关于加快科技服务业高质量发展的若干意见.pdf](/cmsres/a4/c795.pdf)\n"
    )
    doc = clean(text)
    assert [a.href for a in doc.meta.attachments] == ["/cmsres/a4/c795.pdf"]
    assert doc.paragraphs[-1] == "2025年5月17日"


@pytest.mark.parametrize("written", ["2023.3.6", "2023-03-06", "2023/3/6", "二〇二三年三月六日"])
def test_a_signature_date_in_every_way_documents_write_it(written):
    text = f"南州市人民政府关于加强安全生产的通知\n各区人民政府：\n现通知如下。\n南州市人民政府\n{written}\n（此件公开发布）\n"  # noqa: E501
    meta = clean(text).meta
    assert (meta.issuers, meta.date, meta.note) == (("南州市人民政府",), "2023-03-06", "此件公开发布")


@pytest.mark.parametrize(
    "head",
    [
        # The number beside the title, as a title line of a database lists it.
        "上海市人民政府办公厅关于印发《上海市促进商业航天发展行动计划》的通知（沪府办发〔2023〕19号）",
        # Under the title, in brackets.
        "上海市人民政府办公厅关于印发《上海市促进商业航天发展行动计划》的通知\n（沪府办发〔2023〕19号）",
    ],
)
def test_a_doc_number_beside_or_under_the_title_in_brackets(head):
    meta = clean(f"{head}\n各区人民政府：\n现将《行动计划》印发给你们，请认真按照执行。\n").meta
    assert meta.title == "上海市人民政府办公厅关于印发《上海市促进商业航天发展行动计划》的通知"
    assert meta.doc_number == "沪府办发〔2023〕19号"


def test_a_numbered_title_keeps_its_number():
    meta = clean("关于做好防汛工作的通知（二）\n各区：\n现通知如下。\n").meta
    assert (meta.title, meta.doc_number) == ("关于做好防汛工作的通知（二）", None)


def test_a_rules_decree_from_its_history_line():
    # 市场主体登记管理条例实施细则 (law-md/020): `2022年3月1日 国家市场监督管理总局令第52号公布`.
    text = "# 南州市物业管理办法\n\n2023年5月8日 南州市人民政府令第31号公布\n\n第一条 为了规范物业管理，制定本办法。\n"
    meta = clean(text).meta
    assert (meta.doc_number, meta.date) == ("南州市人民政府令第31号", "2023-05-08")
