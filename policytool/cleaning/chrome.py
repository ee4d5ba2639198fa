"""Site chrome: lines a web page wraps around the document, found by what they say.

Stopword-density boilerplate removal does not work on Chinese, so each kind of chrome
is a named pattern matched against a whole line. Rules that could hit real policy text
(a menu word such as 政策法规, a spam word such as 彩票) only apply before the document
starts or after it ends; rules that cannot (``责任编辑：…``) apply anywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policytool.chars import has_han
from policytool.cleaning.dates import parse_date
from policytool.model import Removed
from policytool.patterns import lazy_re

# Injected SEO spam: `金沙娱场城(31399-VIP认证)官方登录入口-Green App Store`.
SPAM = lazy_re(
    r"娱乐城|娱场城|娱乐场|博彩|棋牌|赌场|百家乐|真人视讯|体育投注|投注|"
    r"官方登录入口|登录入口|VIP认证|App\s*Store|官网入口|注册送|葡京|威尼斯人|太阳城|澳门新|皇冠"
)
# Breadcrumbs: `当前位置:首页 > 新闻中心 > 新闻动态`, `首页 > 政策 > 国务院政策文件库`.
BREADCRUMB = lazy_re(r"^(?:当前位置|您现在的位置|您的位置|现在位置|所在位置|位置)\s*[:：]|^首页\s*(?:[>›»/＞]|&gt;)")
# Site banner: `欢迎来到 中国管理科学研究院智慧健康研究中心!`; group `site` is the name.
BANNER = lazy_re(r"^欢迎(?:来到|访问|光临|您来到)\s*(?P<site>.+?)[!！。]?$")
# Menu items of Chinese government and institute sites, as whole lines.
NAV_WORDS = frozenset(
    [
        "首页",
        "网站首页",
        "新闻中心",
        "新闻动态",
        "新闻",
        "动态",
        "通知公告",
        "公告",
        "政策法规",
        "政策",
        "法规",
        "政策文件",
        "政策解读",
        "联系我们",
        "关于我们",
        "网站地图",
        "政务公开",
        "信息公开",
        "办事服务",
        "互动交流",
        "互动",
        "服务",
        "数据",
        "国情",
        "国务院",
        "总理",
        "工作动态",
        "机构概况",
        "机构设置",
        "专题专栏",
        "专题",
        "在线办事",
        "公众参与",
        "下载中心",
        "English",
        "繁体",
        "简体",
        "无障碍",
        "登录",
        "注册",
        "搜索",
        "返回",
        "返回首页",
        "返回顶部",
        "上一篇",
        "下一篇",
        "更多",
        "更多>>",
        "列表",
        "走进",
        "部门",
        "概况",
        "学术研究",
        "研究成果",
        "合作交流",
        "人才招聘",
        "党建工作",
        "会员服务",
        "资讯",
        "要闻",
    ]
)
NAV_WORD = lazy_re(r"[^\s|｜·•/>＞»›]+")
# Page widgets, one at a time: `【字体：大 中 小】`, `【打印】`, `关闭窗口`, a space; `分享到：…` and
# `视力保护色：…` take the rest of their line, `扫一扫` up to 20 characters after it
# (`扫一扫在手机打开当前页`). A line of widgets is a row of these (is_widget_line).
# Each piece ends in one place (its brackets and spaces taken whole): a shorter end would
# leave a `】` that no piece starts with, or a space that the next piece takes.
WIDGET = lazy_re(
    r"(?:[【\[]\s*)?(?:字体|字号)\s*(?:[:：]\s*)?[【\[]?大[】\]]?\s*[【\[]?中[】\]]?\s*[【\[]?小"
    r"(?:[】\]](?:\s*[】\]])?|\s*[】\]])?"
    r"|(?:[【\[]\s*)?(?:打印本页|打印|关闭窗口|关闭|收藏本页|收藏|保存|返回顶部|我要纠错|纠错|原文下载|附件下载|下载)(?:\s*[】\]])?"
    r"|(?P<rest>分享到|视力保护色)\s*"
    r"|(?P<scan>扫一扫)"
    r"|\s"
)
# How many characters after `扫一扫` a widget may take (`在手机打开当前页`).
SCAN_TEXT = 20
# Footer lines: `版权所有`, `京ICP备05070218号`, `主办单位：…`, `网站标识码…`.
FOOTER = lazy_re(
    r"版权所有|Copyright|©|ICP备|ICP证|公网安备|网站标识码|主办单位\s*[:：]|承办单位\s*[:：]|"
    r"运行维护单位|技术支持\s*[:：]|建议使用.{0,20}浏览器|分辨率|网站地图|联系电话\s*[:：]"
)
# Heads of link lists that follow the article: `相关链接`, `相关文章`.
RELATED = lazy_re(
    r"^[【\[]?(?:相关链接|相关文章|相关阅读|相关新闻|延伸阅读|推荐阅读|热点推荐|相关文件|相关附件)[】\]]?[:：]?$"
)
# Links to the neighbouring articles: `上一篇：城南区人民政府关于…的报告`, `下一篇：…`.
PREV_NEXT = lazy_re(r"^[【\[]?(?:上一篇|下一篇|上一条|下一条|上一页|下一页)[】\]]?\s*[:：]")
# Editor credits: `责任编辑：刘万里 SF014`, `（编辑：张三）`.
EDITOR = lazy_re(r"^[（(\[【]?\s*(?:责任编辑|编辑|责编|审核|校对|编审|值班编辑)\s*[:：]")
# App and QR promotion: `海量资讯、精准解读，尽在新浪财经APP`.
PROMO = lazy_re(
    r"尽在.{0,15}(?:APP|App|app|客户端)|下载.{0,10}(?:APP|App|客户端)|扫码(?:关注|下载|阅读)|"
    r"关注.{0,10}(?:公众号|微信号)|长按.{0,6}二维码|识别二维码"
)
# The labels of a page's metadata line: `发布时间:2020-07-29 16:48:00 作者:点击率:19923次来源:国家中医药管理局`,
# `发布时间: 2019-01-25 作者:admin`, `（文章来源：中国政府网）`. A bare 日期 or 时间 (PAGE_META_BARE) is a
# label only where no Han character runs into it: the 日期 of `实施日期：2021年04月16日` (when the
# rule takes effect) is not when the page was published.
PAGE_META_LABELS = (
    "发布时间", "发布日期", "发表时间", "更新时间", "文章来源", "信息来源", "稿件来源", "来源", "作者",
    "点击率", "点击数", "浏览次数", "阅读次数", "访问次数",
)  # fmt: skip
PAGE_META_BARE = ("日期", "时间")
_PAGE_LABEL = "|".join(PAGE_META_LABELS)
_PAGE_BARE = "|".join(r"(?<![\u3400-\u9fff])" + word for word in PAGE_META_BARE)
# A line that opens with a label.
PAGE_META_START = lazy_re(rf"^[（(\[【]?\s*(?:{_PAGE_LABEL}|{'|'.join(PAGE_META_BARE)})\s*[:：]")
# One label and its value. A value is read a word at a time (`(?:\s*\S)*?`), so it never ends
# inside a run of spaces and the run is read once, and it may cross a line break (the lines met
# here hold none: paragraphs and HTML blocks are whitespace-collapsed), so the end of the text
# always ends it: with `.*?`, a label that no end follows on its line read the rest of the line
# again from every label. The next label (not a bare one) ends it too.
PAGE_META_FIELD = lazy_re(
    rf"(?P<label>{_PAGE_LABEL}|{_PAGE_BARE})"
    rf"\s*[:：]\s*(?P<value>(?:\s*\S)*?)\s*(?=(?:{_PAGE_LABEL})\s*[:：]|[)）\]】]?$)"
)
# The fields of an export's header above the text, and the meta key each is read into ("":
# none): a database's (`【法宝引证码】 CLI.12.7186154`, `原文链接：https://www.pkulaw.com/…`,
# `【发布部门】…`) and a web reader's (`Title: …`, `URL Source: https://…`, `Markdown Content:`).
EXPORT_LABELS: dict[str, str] = {
    "法宝引证码": "",
    "原文链接": "url",
    "原文地址": "url",
    "发布部门": "issuers",
    "制定机关": "issuers",
    "发文字号": "doc_number",
    "公布日期": "published",
    "发布日期": "published",
    "实施日期": "effective",
    "施行日期": "effective",
    "时效性": "",
    "效力级别": "",
    "法规类别": "",
    "Title": "page_title",
    "URL Source": "url",
    "Published Time": "published",
    "Markdown Content": "",
}
# One such field on its line, the label in 【】 or before a colon: `【法宝引证码】 CLI.12.7186154`.
EXPORT_FIELD = lazy_re(
    r"^(?:【(?P<bracketed>" + "|".join(EXPORT_LABELS) + r")】|(?P<label>" + "|".join(EXPORT_LABELS) + r")\s*[:：])"
    r"\s*(?P<value>.*)$"
)
# What such a line starts with: most lines fail this test, unscanned.
EXPORT_STARTS = frozenset("【" + "".join(label[0] for label in EXPORT_LABELS))

# A line counts as the start of the document when it is not chrome and carries this
# many Han characters (the title or a first paragraph).
CONTENT_HAN = 12
# Lines after a related-links head are links while they stay this short.
RELATED_LINE_MAX = 80


@dataclass
class ChromeResult:
    """Paragraphs kept, pieces removed, and metadata read from page-meta lines."""

    paragraphs: list[str]
    originals: list[str] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    export: dict[str, str] = field(default_factory=dict)


def is_navigation(line: str) -> bool:
    """True if ``line`` is a breadcrumb or consists only of menu words."""
    if BREADCRUMB.search(line):
        return True
    # Lazily: a long line stops at its first word that is not a menu word.
    words = (m.group() for m in NAV_WORD.finditer(line))
    first = next(words, None)
    return first is not None and first in NAV_WORDS and all(w in NAV_WORDS for w in words)


def is_widget_line(line: str) -> bool:
    """True if ``line`` is a row of page widgets (WIDGET) and nothing else.

    The positions a row can reach are marked left to right, and a piece is tried once at
    each: linear in the line. As one pattern, `^(?:…|扫一扫.{0,20}|…)+$`, the 21 places where
    a `扫一扫` may end let the engine try exponentially many rows before failing (`扫一扫`
    24 times and some text: minutes).
    """
    m = WIDGET.match(line)
    if m is None:  # most lines: their first character starts no widget
        return False
    size = len(line)
    reach = bytearray(size + 1)  # reach[i]: a row of widgets ends at i
    at = 0
    while True:
        if m is not None:
            end = m.end()
            if m["rest"]:
                # The rest of the line: any end up to the next line break after the spaces.
                stop = line.find("\n", end)
                stop = size if stop < 0 else stop
                reach[m.end("rest") : stop + 1] = b"\1" * (stop + 1 - m.end("rest"))
            elif m["scan"]:
                stop = line.find("\n", end, end + SCAN_TEXT)
                stop = min(size, end + SCAN_TEXT) if stop < 0 else stop
                reach[end : stop + 1] = b"\1" * (stop + 1 - end)
            else:
                reach[end] = 1
            if reach[size]:
                return True
        at = reach.find(1, at + 1)
        if at < 0 or at == size:
            break
        m = WIDGET.match(line, at)
    # `$`: the end, or a line break that ends the line.
    return bool(reach[size] or (line.endswith("\n") and reach[size - 1]))


def _anywhere_reason(line: str) -> str | None:
    """Return the reason ``line`` is chrome wherever it stands, or None."""
    if len(line) <= 60 and EDITOR.search(line):
        return "editor"
    if len(line) <= 80 and PROMO.search(line):
        return "promo"
    if len(line) <= 160 and PAGE_META_START.search(line) and PAGE_META_FIELD.search(line):
        return "page-meta"
    if is_widget_line(line):
        return "chrome"
    if len(line) <= 120 and PREV_NEXT.match(line):
        return "navigation"
    return None


def _edge_reason(line: str, sites: list[str]) -> str | None:
    """Return the reason ``line`` is chrome before or after the document, or None."""
    reason = _anywhere_reason(line)
    if reason:
        return reason
    if len(line) <= 100 and SPAM.search(line):
        return "spam"
    if BANNER.match(line):
        return "chrome"
    if is_navigation(line) or RELATED.match(line):
        return "navigation"
    if len(line) <= 120 and FOOTER.search(line):
        return "chrome"
    # Parts of the site's name printed as a logo: `中国管理科学研究院` / `智慧健康研究中心`.
    compact = line.replace(" ", "")
    if compact and any(compact in site for site in sites):
        return "chrome"
    return None


def page_meta_fields(line: str) -> dict[str, str]:
    """Return published/source/author read from a page-meta line."""
    out: dict[str, str] = {}
    for m in PAGE_META_FIELD.finditer(line):
        label, value = m["label"], m["value"].strip()
        if label not in {"发布时间", "发布日期", "发表时间", "日期", "时间"}:
            # A name ends at the next gap or widget: `来源：中国政府网 【字体：大 中 小】`.
            value = re.split(r"\s|【|\||｜", value, maxsplit=1)[0]
        if not value:
            continue
        if label in {"发布时间", "发布日期", "发表时间", "日期", "时间"}:
            iso = parse_date(value)
            if iso:
                out.setdefault("published", iso)
        elif label.endswith("来源"):
            out.setdefault("source", value)
        elif label == "作者":
            out.setdefault("author", value)
    return out


def strip_chrome(paragraphs: list[str], originals: list[str] | None = None) -> ChromeResult:
    """Remove chrome lines from the head, the tail and (for unambiguous kinds) anywhere.

    ``originals`` are the lines as they were before normalising, recorded in
    ``removed`` so the record shows the input, not our rewriting of it.
    """
    result = ChromeResult(paragraphs=[])
    sites = [m["site"].replace(" ", "") for p in paragraphs[:20] if (m := BANNER.match(p))]
    n = len(paragraphs)
    start = 0
    head_reasons: dict[int, str] = {}
    # Head: everything before the first line that is content.
    while start < n:
        line = paragraphs[start]
        reason = _export_field(line, result.export) or _edge_reason(line, sites)
        if reason:
            head_reasons[start] = reason
        elif has_han(line, CONTENT_HAN):
            break
        start += 1
    end = n
    tail_reasons: dict[int, str] = {}
    # Tail: chrome lines after the last line of the document.
    while end > start:
        reason = _edge_reason(paragraphs[end - 1], sites)
        if not reason:
            break
        tail_reasons[end - 1] = reason
        end -= 1
    related = _related_links_start(paragraphs, start, end)
    for i, line in enumerate(paragraphs):
        reason = head_reasons.get(i) or tail_reasons.get(i)
        if reason is None and related is not None and i >= related:
            reason = "navigation"
        if reason is None:
            reason = _anywhere_reason(line)
        if reason is None:
            result.paragraphs.append(line)
            result.originals.append(originals[i] if originals else line)
            continue
        result.removed.append(Removed(originals[i] if originals else line, reason))
        if reason == "page-meta":
            for key, value in page_meta_fields(line).items():
                result.meta.setdefault(key, value)
    return result


def _export_field(line: str, export: dict[str, str]) -> str | None:
    """Return "export-header" if ``line`` is a field of an export's header, read into ``export``."""
    if line[:1] not in EXPORT_STARTS or not (m := EXPORT_FIELD.match(line)):
        return None
    key, value = EXPORT_LABELS[m["bracketed"] or m["label"]], m["value"].strip()
    if key and value:
        export.setdefault(key, value)
    return "export-header"


def _related_links_start(paragraphs: list[str], start: int, end: int) -> int | None:
    """Return the index of a `相关链接` head whose following lines are all short links."""
    for i in range(end - 1, start - 1, -1):
        if RELATED.match(paragraphs[i]):
            if all(len(p) <= RELATED_LINE_MAX for p in paragraphs[i + 1 : end]):
                return i
            return None
    return None
