"""Patterns the library replaced because they backtracked (issue 19), as they were.

Each is kept for two checks: the guard (tests/redos.py) must find it slow, and the pattern that
replaced it must match the same texts (tests/test_linear_time.py). The sources are those of the
library before the rewrite; the targets' ones are built from the same named parts it still has.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import regex

from policytool.quantities import _CHANGE, _COUNT_ITEM, _COUNT_VERB, _DASH, _IS, _LEVEL, _NUM, _SUFFIX, _UNIT


@dataclass(frozen=True)
class Retired:
    """A replaced pattern: where its successor lives, how the library calls it, its source."""

    successor: str  # module:NAME of the pattern (or function) that replaced it
    method: str  # match, fullmatch, finditer, search, sub, split
    source: str
    flags: int = 0
    engine: str = "re"
    # Whether the successor was let to differ on texts with a line break (which the lines it
    # is used on never hold), and why.
    differs_on_line_breaks: str = ""

    def compile(self) -> re.Pattern[str] | regex.Pattern[str]:
        return (re if self.engine == "re" else regex).compile(self.source, self.flags)


_OLD_ITEM = rf"(?:约|近|大约)?{_NUM}\s*{_UNIT}?(?:\s*{_DASH}\s*{_NUM})?\s*(?:多|余)?\s*{_UNIT}?"

RETIRED = {
    # `扫一扫` 24 times and some text: every command hung (exponential).
    "WIDGET": Retired(
        "policytool.cleaning.chrome:is_widget_line",
        "match",
        r"^(?:[【\[]?\s*(?:字体|字号)\s*[:：]?\s*[【\[]?大[】\]]?\s*[【\[]?中[】\]]?\s*[【\[]?小[】\]]?\s*[】\]]?"
        r"|[【\[]?\s*(?:打印本页|打印|关闭窗口|关闭|收藏|收藏本页|保存|返回顶部|纠错|下载)\s*[】\]]?"
        r"|分享到\s*[:：]?.*|扫一扫.{0,20}|视力保护色\s*[:：]?.*|\s)+$",
    ),
    # A run of Chinese numerals: 10,000 of them took 15 s (its range alternative, quadratic).
    "TARGET": Retired(
        "policytool.quantities:TARGET",
        "finditer",
        rf"""
        # 从10.25%提高到23.15%   由8.1‰降至5.4‰   由2015年的10%提高到2020年的23%: with a baseline
        (?P<from>[从由])(?:\d{{4}}年(?:底|末)?的?)?(?P<base>{_NUM})\s*{_UNIT}?\s*(?:{_CHANGE}|降|增|升)?(?:到|至)
            (?:(?P<toyear>\d{{4}})年(?:底|末)?的?)?(?P<fq>{_OLD_ITEM}){_SUFFIX.replace("suffix", "fsuffix")}
        # 不低于80%  达到65%以上  控制在30%以内  提高到74元  分别稳定在80%和70%左右
      | (?P<verb>{_LEVEL})\s*(?P<q>{_OLD_ITEM}(?:\s*[、和及与]\s*{_OLD_ITEM})*){_SUFFIX}
        # 提高1岁左右  下降53%  减少10个百分点
      | (?P<cverb>{_CHANGE})(?P<cq>{_OLD_ITEM}){_SUFFIX.replace("suffix", "csuffix")}
        # 建成1000家以上智慧医院  培养500名全科医生: a count of what follows (Arabic digits only)
        # (alternatives added since the rewrite are copied as they are, to compare the rest)
      | (?P<kmin>至少|不少于|不低于)?(?P<kverb>{_COUNT_VERB})(?P<kq>{_OLD_ITEM}){_SUFFIX.replace("suffix", "ksuffix")}
      | (?P<overb>{_COUNT_VERB})(?P<obj>\p{{Han}}{{1,12}}?)(?P<oq>{_COUNT_ITEM}){_SUFFIX.replace("suffix", "osuffix")}
            (?!\p{{Han}}|\d)
        # 比例为20%
      | (?P<is>{_IS})(?P<iq>{_OLD_ITEM}){_SUFFIX.replace("suffix", "isuffix")}(?=[，。；、,;：:）)\n]|$)
        # 培养1—2名  10%—15%: a range needs no verb
      | (?<![\d.．第])(?P<range>{_NUM}\s*{_UNIT}?\s*{_DASH}\s*{_NUM}\s*{_UNIT})
        # 实现二级以上医院全覆盖 (not 全覆盖成果, 全覆盖的体系)
      | (?P<full>全覆盖)(?=[，。；、,;：:）)\n]|$)
        """,
        regex.VERBOSE,
        "regex",
    ),
    "ITEM": Retired(
        "policytool.quantities:ITEM",
        "fullmatch",
        rf"(?P<approx>约|近|大约)?(?P<low>{_NUM})\s*(?P<low_unit>{_UNIT})?"
        rf"(?:\s*{_DASH}\s*(?P<high>{_NUM}))?\s*(?P<more>多|余)?\s*(?P<unit>{_UNIT})?",
        engine="regex",
    ),
    "CELL_VALUE": Retired(
        "policytool.quantities:CELL_VALUE",
        "match",
        rf"^(?P<sign>≥|≤|>=|<=|＞|＜|>|<|约)?\s*(?P<num>{_NUM})\s*(?P<unit>{_UNIT})?\s*(?P<suffix>以上|以下|以内|左右)?$",
        engine="regex",
    ),
    "NAME_UNIT": Retired(
        "policytool.quantities:NAME_UNIT", "match", r"^(?P<name>.+?)\s*[（(](?P<unit>[^（）()]+)[）)]$", engine="regex"
    ),
    "HEADER_YEAR": Retired(
        "policytool.quantities:HEADER_YEAR", "match", r"^(?P<y>\d{4})\s*年(?:\s*[（(]?[^）)]*[）)]?)?$", engine="regex"
    ),
    "PLAN_END": Retired(
        "policytool.quantities:PLAN_END",
        "finditer",
        r"(?P<plan>十[一二三四五六七八九]五)”?(?:时期|期间|规划期|期末|末期|末)?\s*[（(]\s*(?:\d{4}\s*[—–\-~～至到－]\s*)?"
        r"(?P<end>\d{4})\s*年?\s*[）)]"
        r"|到(?P<end2>\d{4})年\s*[（(]\s*“?(?P<plan2>十[一二三四五六七八九]五)”?(?:期末|末期|末)\s*[）)]",
        engine="regex",
    ),
    # A line of spaces in a markdown body: 40 KB took 18 s.
    "TABLE_RULE": Retired(
        "policytool.cleaning.frontmatter:TABLE_RULE", "match", r"^\s*\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*$"
    ),
    "LINK_LINE": Retired(
        "policytool.cleaning.frontmatter:LINK_LINE",
        "match",
        # (with the list bullet and the bracketed address added since, as they are)
        r"^\s*(?:[-*+][ \t]+)?(?:\[[^\[\]\n]*\]\((?:[^()\s]|\([^()\s]*\))*[^)\n]*\)\s*[|｜·•/]?\s*)+$",
    ),
    # A front-matter value with a long run of spaces: 60 KB took 7.7 s.
    "FLAT_LINE": Retired(
        "policytool.yamlfile:FLAT_LINE", "fullmatch", r"(?P<key>[A-Za-z][A-Za-z0-9_-]*):(?: +(?P<value>[^ ].*?))? *"
    ),
    "LIST_ITEM": Retired("policytool.yamlfile:LIST_ITEM", "fullmatch", r"(?P<indent> *)- +(?P<value>[^ ].*?) *"),
    "PAGE_META_FIELD": Retired(
        "policytool.cleaning.chrome:PAGE_META_FIELD",
        "finditer",
        # (with the bare 日期/时间 since read only where no Han character runs into them)
        r"(?P<label>发布时间|发布日期|发表时间|更新时间|(?<![\u3400-\u9fff])日期|(?<![\u3400-\u9fff])时间|文章来源|信息来源|稿件来源|来源|作者|点击率|点击数|浏览次数|阅读次数|访问次数)"
        r"\s*[:：]\s*(?P<value>.*?)\s*(?=(?:发布时间|发布日期|发表时间|更新时间|文章来源|信息来源|稿件来源|来源|作者|点击率|点击数|"
        r"浏览次数|阅读次数|访问次数)\s*[:：]|[)）\]】]?$)",
        differs_on_line_breaks="a value may run over a line break; paragraphs and HTML blocks hold none",
    ),
    "HTML_PAGE": Retired(
        "policytool.ingest:HTML_PAGE",
        "match",
        r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b",
        re.IGNORECASE | re.DOTALL,
    ),
    "ATTACHMENT_HREF": Retired(
        "policytool.cleaning.html:ATTACHMENT_HREF",
        "search",
        r"\.(?:pdf|docx?|xlsx?|wps|et|ofd|zip|rar|7z|csv|pptx?)(?:[?#].*)?$",
        re.IGNORECASE,
        differs_on_line_breaks="a link's query may run over a line break, which browsers drop from links",
    ),
    "VALUE_EDGES": Retired("policytool.cleaning.html:VALUE_EDGES", "sub", r"^[\s|]+|[\s|]+$"),
    "VALUE_SEPARATOR": Retired("policytool.cleaning.html:VALUE_SEPARATOR", "sub", r"\s*\|\s*"),
    "DOC_NUMBER": Retired(
        "policytool.cleaning.meta:DOC_NUMBER",
        "match",
        r"^(?P<num>(?P<prefix>[\w\u2e80-\u2fdf\U00016fe2-\U00016ff6\U00020000-\U0003347f]{1,14})\s*[〔\[［【(（]\s*"
        r"(?:19|20)\d{2}\s*[〕\]］】)）]\s*第?\s*\d{1,5}\s*号)$",
    ),
    "LIST_SEPARATORS": Retired("policytool.cleaning.meta:LIST_SEPARATORS", "split", r"\s*[，、,；;]\s*"),
    "PAGE_NUMBER": Retired(
        "policytool.cleaning.pdftext:PAGE_NUMBER",
        "match",
        r"^(?:\d{1,4}|[—–\-－]{1,2}\s*\d{1,4}\s*[—–\-－]{1,2}|第\s*\d{1,4}\s*页\s*(?:[，,/]?\s*共\s*\d{1,4}\s*页)?"
        r"|共\s*\d{1,4}\s*页\s*第\s*\d{1,4}\s*页|\d{1,4}\s*/\s*\d{1,4}|Page\s*\d+(?:\s*of\s*\d+)?)$",
        re.IGNORECASE,
    ),
    # The new one starts at the last line break of the spaces before the label: the text before
    # the tag and the tag, as find_tag() takes them (stripped), are the same.
    "LABEL_TAG": Retired(
        "policytool.duties:LABEL_TAG",
        "search",
        r"(?:^|(?<=[。；;\n]))\s*(?P<body>(?:牵头单位|牵头部门|责任单位|责任部门)\s*[:：][^。\n]++)[。]?\s*$",
    ),
}
