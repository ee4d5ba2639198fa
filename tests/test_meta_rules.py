"""Metadata rules met on real documents, each on a written variant: titles over lines, CMS fragments."""

from __future__ import annotations

import pytest

from policytool import clean, parse
from policytool.cleaning.meta import find_title

# gov.cn sets a long title over two lines of one centred paragraph.
TWO_LINES = ["国务院关于在市场监管领域全面推行", "部门联合“双随机、一公开”监管的意见", "国发〔2019〕5号"]


@pytest.mark.parametrize(
    ("paragraphs", "title"),
    [
        (TWO_LINES, "国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见"),
        # Written variant: three lines, the year range on its own.
        (["江北省人民政府关于印发", "江北省数字政府建设三年行动方案的通知", "（2023—2025年）", "各市人民政府："],
         "江北省人民政府关于印发江北省数字政府建设三年行动方案的通知（2023—2025年）"),
        # A plan title with its period on the next line.
        (["附件", "上海市北斗产业高质量发展三年行动计划", "（2021-2023年）", "为推动北斗产业发展，制定本计划。"],
         "上海市北斗产业高质量发展三年行动计划（2021-2023年）"),
        # An export's label above the title is not part of it, nor is a title printed twice.
        (["政策全文", "国务院关于印发“十四五”数字经济发展规划的通知", "国发〔2021〕29号"],
         "国务院关于印发“十四五”数字经济发展规划的通知"),
        (["海口市水务局关于审批决定的公告", "海口市水务局关于审批决定的公告", "（2020年）"],
         "海口市水务局关于审批决定的公告"),
        # An organ's name on the line above (a letterhead) is not part of the title.
        (["国务院", "“十四五”数字经济发展规划", "为贯彻落实党中央部署，制定本规划。"], "“十四五”数字经济发展规划"),
        # A sentence is never a line of a title.
        (["各省、自治区、直辖市人民政府：", "国务院关于加强数字政府建设的指导意见"],
         "国务院关于加强数字政府建设的指导意见"),
    ],
)  # fmt: skip
def test_a_title_over_lines_is_one_title(paragraphs, title):
    assert find_title(paragraphs) == title


BODY = (
    "<p>南州市人民政府关于推进</p><p>城市更新工作的实施意见</p>"
    "<p>为加快推进城市更新，改善人居环境，提出如下意见。</p><p>一、总体要求</p>"
    "<p>坚持以人民为中心，统筹推进老旧小区改造、街区更新和城市功能完善。</p>"
)


def test_a_cms_fragment_with_a_named_main_text_is_read_as_a_page():
    # No <html> or <body>, as a CMS database keeps a page: the element named as the main
    # text is the document, the share bar around it is page furniture.
    share, tools = '<div class="share">分享到：<a href="#">微信</a></div>', "<div>打印本页</div>"
    page = f'{share}<div id="UCAP-CONTENT">{BODY}</div>{tools}'
    doc = clean(page.encode(), input_format="html")
    assert doc.paragraphs[0] == "南州市人民政府关于推进"
    assert doc.meta.title == "南州市人民政府关于推进城市更新工作的实施意见"
    assert not any("分享到" in p or "打印本页" in p for p in doc.paragraphs)
    assert {"分享到：微信", "打印本页"} <= {r.text for r in doc.removed}


def test_a_fragment_without_a_named_main_text_keeps_all_its_text():
    doc = clean(f"<div>{BODY}</div><div>附：联系人张三，电话12345678。</div>".encode(), input_format="html")
    assert doc.paragraphs[-1] == "附：联系人张三，电话12345678。"


def test_a_posts_body_is_the_post_whatever_its_elements_are_called():
    post = f'---\ntitle: 城市更新\n---\n<div class="content">{BODY}</div>\n<div>附：联系人张三，电话12345678。</div>\n'
    doc = clean(post.encode(), input_format="post")
    assert doc.paragraphs[-1] == "附：联系人张三，电话12345678。"


def test_the_metadata_table_wins_over_the_text():
    # The table states the title, number and date on purpose; the text's own lines may be
    # cut or cite another document.
    table = (
        "<table><tr><td>标题：</td><td>南州市人民政府关于推进城市更新工作的实施意见</td></tr>"
        "<tr><td>发文字号：</td><td>南政发 〔2021〕 9号</td><td>成文日期：</td><td>2021年06月08日</td></tr>"
        "<tr><td>发布日期：</td><td>2021年06月15日</td></tr></table>"
    )
    body = BODY + "<p>南州市人民政府</p><p>2021年6月9日</p>"
    doc = clean(f'{table}<div id="UCAP-CONTENT">{body}</div>'.encode(), input_format="html")
    meta = doc.meta
    assert (meta.title, meta.doc_number, meta.date, meta.published) == (
        "南州市人民政府关于推进城市更新工作的实施意见",
        "南政发〔2021〕9号",
        "2021-06-08",
        "2021-06-15",
    )


# The head of a real markdown export (a Shanghai portal page saved by a scraper), cut short.
EXPORT = """# 上海市人民政府办公厅印发《关于进一步深化改革创新 加快科技服务业高质量发展的若干意见》

**发布日期**: 2025-05-27
**发布机构**: 上海市科学技术委员会
**原文链接**: [http://stcsm.sh.gov.cn/zwgk/kjzc/zcwj/qtzcwj/20250527/ad5cf4a2721647b18c1b9fd6f4ca8637.html](http://stcsm.sh.gov.cn/zwgk/kjzc/zcwj/qtzcwj/20250527/ad5cf4a2721647b18c1b9fd6f4ca8637.html)
**检索时间**: 2026-02-03 13:11:03

---

沪府办发〔2025〕11号

各区人民政府，市政府各委、办、局，各有关单位：

　**一、提升科技服务供给质量**

**（一）推动科技创新资源开放**

　　优化运营管理和开放共享考核制度。（责任单位：市科委、市发展改革委）
"""


def test_a_markdown_export_header_is_page_metadata_not_text():
    doc = clean(EXPORT.encode())
    assert doc.source.format == "post"  # its bold lines are markdown's
    assert doc.meta.title == "上海市人民政府办公厅印发《关于进一步深化改革创新 加快科技服务业高质量发展的若干意见》"
    assert doc.meta.published == "2025-05-27"
    assert doc.meta.url.startswith("http://stcsm.sh.gov.cn/")
    assert doc.meta.doc_number == "沪府办发〔2025〕11号"
    assert doc.paragraphs[1:4] == (
        "沪府办发〔2025〕11号",
        "各区人民政府，市政府各委、办、局，各有关单位：",
        "一、提升科技服务供给质量",
    )
    assert not any("检索时间" in p or p == "---" for p in doc.paragraphs)
    assert {"**检索时间**: 2026-02-03 13:11:03", "---"} <= {r.text for r in doc.removed}


def test_a_written_export_with_a_list_header_and_lines_without_blank_lines():
    # Written variant: the header as a list under a heading, the body one paragraph a line.
    text = (
        "## 文档：江北省数字政府建设方案.md\n\n### 基本信息\n- **原文链接**：无\n- **发布日期**：2023年5月6日\n\n"
        "江北省人民政府关于印发\n数字政府建设方案的通知\n江政发〔2023〕8号\n各市人民政府：\n"
        "现将方案印发给你们，请认真贯彻执行。\n"
    )
    doc = clean(text.encode())
    assert doc.meta.published == "2023-05-06"
    assert doc.meta.title == "江北省人民政府关于印发数字政府建设方案的通知"
    assert doc.meta.doc_number == "江政发〔2023〕8号"
    assert "各市人民政府：" in doc.paragraphs  # a line of its own, not run into the number above
    # A field below the header is text: a line of its own.
    later = clean((text + "**联系人**：张三\n").encode())
    assert later.paragraphs[-1] == "联系人：张三"


def test_a_main_text_labelled_for_screen_readers_is_the_document():
    # Real layout (gz.gov.cn): the text's element is named only by `wzades="正文"`; menus,
    # a 基本信息 block with 实施日期 and a footer stand around it.
    page = (
        "<html><head><meta name='PubDate' content='2021-04-19 23:04'></head><body>"
        "<div class='menu'><a href='/'>首页</a><a href='/zwgk'>政务公开</a></div>"
        "<div class='jbxx'>统一编号：GZ0220210007 实施日期： 2021年04月16日 失效日期： 2023年06月01日</div>"
        f"<div class='box' wzades='正文'>{BODY}</div>"
        "<div class='foot'>网站地图 | 版权所有：广州市人民政府办公厅 粤ICP备12345678号</div></body></html>"
    )
    doc = clean(page.encode(), input_format="html")
    assert doc.paragraphs[0] == "南州市人民政府关于推进"
    assert not any("网站地图" in p or "政务公开" in p for p in doc.paragraphs)
    # 实施日期 is when the rule takes effect, not when the page was published.
    assert doc.meta.published == "2021-04-19T23:04:00"


@pytest.mark.parametrize(
    ("history", "date"),
    [
        # Real (深圳经济特区数据条例): one line, the law as adopted.
        (["2021年6月29日 深圳市第七届人民代表大会常务委员会第二次会议通过"], "2021-06-29"),
        # Real (公安机关办理行政案件程序规定): full-width digits, amended since: the last amendment's.
        (
            [
                "２０１２年１２月３日 公安部部长办公会议通过",
                "２０１２年１２月１９日 中华人民共和国公安部令第１２５号发布，",
                "２０１８年１１月２５日 公安部令第１４９号《关于修改〈程序规定〉的决定》第二次修正。",
            ],
            "2018-11-25",
        ),
        # Written: in brackets, as printed under a title.
        (["（2023年12月29日第十四届全国人民代表大会常务委员会第七次会议修订）"], "2023-12-29"),
    ],
)
def test_a_laws_history_under_its_title_dates_it(history, date):
    text = "# 某某条例\n\n" + "\n\n".join(history) + "\n\n## 第一章 总则\n\n第一条 为了规范管理，制定本条例。\n"
    assert clean(text.encode()).meta.date == date


def test_joint_issuers_signed_on_one_line_are_each_an_issuer():
    # Real (穗卫函〔2023〕1930号): four bodies sign, two a line, spaces between them.
    text = (
        "广州市卫生健康委员会关于印发实施方案的通知\n\n各区卫生健康局：\n\n现将实施方案印发给你们，请遵照执行。\n\n"
        "广州市卫生健康委员会　　　　广州市财政局\n\n广州市人力资源和社会保障局　　广州市医疗保障局\n\n2023年10月19日\n"
    )
    meta = clean(text.encode()).meta
    assert meta.issuers == ("广州市卫生健康委员会", "广州市财政局", "广州市人力资源和社会保障局", "广州市医疗保障局")
    assert meta.date == "2023-10-19"


@pytest.mark.parametrize(
    ("head", "number"),
    [
        # Real (广州市人民政府令第179号): the organ and 令 on one line, the number below.
        ("广州市人民政府令\n第179号", "广州市人民政府令第179号"),
        # Written: on one line.
        ("江北省人民政府令第12号", "江北省人民政府令第12号"),
    ],
)
def test_a_decrees_number_and_signatory_date(head, number):
    text = (
        f"江北省老年人优待办法\n{head}\n《江北省老年人优待办法》已经省政府常务会议通过，现予公布。\n"
        "省长：张三\n2021年1月29日\n第一条 为了保障老年人合法权益，制定本办法。\n"
    )
    meta = clean(text.encode()).meta
    assert meta.doc_number == number
    assert meta.date == "2021-01-29"
    assert meta.issuers == (number.split("令")[0],)
    # A sentence that cites a decree is not the document's number.
    cited = clean("某某办法\n根据广州市人民政府令第179号的规定，制定本办法。\n".encode()).meta
    assert cited.doc_number is None


def test_a_title_over_two_lines_is_the_parts_title_too():
    # gov.cn (html/018): `国务院办公厅关于印发` / `国家粮食应急预案的函` over the letter.
    text = "国务院办公厅关于印发\n国家粮食应急预案的函\n国办函〔2005〕57号\n各省人民政府：\n现印发给你们。\n"
    doc = parse(clean(text))
    part = doc.clauses[0]
    assert (part.kind, part.title) == ("part", "国务院办公厅关于印发国家粮食应急预案的函")
    assert part.text.startswith("国办函〔2005〕57号")  # neither title line is text as well
