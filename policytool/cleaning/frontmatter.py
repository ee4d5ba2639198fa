"""Markdown posts (Hexo/Jekyll): YAML front matter and the markdown around the HTML body."""

from __future__ import annotations

from dataclasses import dataclass, field

from policytool.cleaning.dates import parse_date
from policytool.cleaning.meta import ATTACHMENT_HREF
from policytool.ingest import FRONT_MATTER
from policytool.model import Attachment, Removed
from policytool.patterns import lazy_re
from policytool.yamlfile import YamlError, read_flat, safe_load

# A line of markdown links only: `[返回东财滚动新闻](//…)｜[返回首页](//…)`.
# The spaces around a separator are one run when it is missing (`\s*(?:[|…]\s*)?`, not
# `\s*[|…]?\s*`): split two ways at every link, a line of them failing at its end took 2^n steps.
# One link: its text and its address (`[text](href "title")`). A link's text holds no `[`:
# from each `[` of a run the text is read only to the next one. An address may hold one
# level of brackets: `[退出](javascript:void(0))`.
_LINK = r"\[(?P<text>[^\[\]\n]*+)\]\((?P<href>(?:[^()\s]++|\([^()\s]*+\))*+)[^)\n]*+\)"
LINK = lazy_re(_LINK)
# A list item of links counts too: `- [关于…的若干意见.pdf](/cmsres/…/c795767a.pdf)`.
LINK_LINE = lazy_re(
    r"^\s*(?:[-*+][ \t]+)?(?:" + _LINK.replace("?P<text>", "?:").replace("?P<href>", "?:") + r"\s*(?:[|｜·•/]\s*)?)+$"
)
# An image in markdown: `![Image 3:中国广州发布](https://…/icon.jpg)`; in a link it leaves the link.
MD_IMAGE = lazy_re(r"!\[[^\[\]\n]*+\]\((?:[^()\n]++|\([^()\n]*+\))*+\)")
# What is left of a line of links and images once they are gone: list bullets, heading marks,
# emphasis marks, separators.
MD_DECORATION = " \t\u3000*+-#_>|｜·•/"
# An autolink on its own line: `<http://finance.eastmoney.com/news/…html>`.
AUTOLINK_LINE = lazy_re(r"^\s*<(?P<url>https?://[^>\s]+)>\s*$")
# A markdown blockquote line: `> 为全面推进健康中国建设，…`.
QUOTE_LINE = lazy_re(r"^\s*>\s?(?P<text>.*)$")
# Markdown headings and emphasis around text: `## 标题`, `**加粗**`.
MD_HEADING = lazy_re(r"[ \t]{0,3}#{1,6}[ \t]+")
MD_EMPHASIS = lazy_re(r"(\*\*|__)(?P<t>[^*_\n]+?)\1")
# A row of a markdown pipe table: `| 1 | 组建城市医疗集团… | 区卫生健康委 | … |`.
TABLE_ROW = lazy_re(r"^\s*\|(?P<cells>.*)\|\s*$")
# The rule under a pipe table's header: `| --- | :---: | --- |`. Spaces are read once, after
# each mark (`\|\s*`, `:?-{3,}:?\s*`), so no two runs of `\s*` meet: a line of spaces took
# quadratic time (40 KB: 18 s) when the `\s*` before a missing `|` and the one after it shared it.
TABLE_RULE = lazy_re(r"^\s*(?:\|\s*)?(?::?-{3,}:?\s*\|\s*)+(?:(?::-*:?|-+:?)\s*)?$")
# A blank line: paragraphs of markdown are separated by one.
BLANK_LINE = lazy_re(r"^[ \t\u3000\xa0]*$")
# A thematic break, markup only: `---`, `***`, `_ _ _` (also a setext heading's underline).
THEMATIC_BREAK = lazy_re(r"^[ \t]{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
# A field: a line that opens with a bold label and a colon, `**发布日期**: 2025-05-27`,
# `- **原文链接**：[…](…)`. Above the text, an export's header.
FIELD_LINE = lazy_re(
    r"^[ \t\u3000]*(?:[-*+][ \t]+)?(?:\*\*|__)(?P<label>[^*_\n]{1,12})(?:\*\*|__)[ \t]*[:：][ \t]*(?P<value>.*)$"
)
# An address in a field's value, bare or as a markdown link: `[http://…](http://…)`.
FIELD_URL = lazy_re(r"https?://[^\s\])>]+")
# Field labels whose value is the publication date.
PUBLISHED_LABELS = {"发布日期", "发布时间", "发文日期", "公开日期"}
# A comment on a line of its own: `<!-- INFO END -->`.
COMMENT_LINE = lazy_re(r"^\s*<!--.*-->\s*$")
# Cells of a table row are joined as the HTML stage joins <td>s, so both read alike.
CELL_SEPARATOR = " | "


@dataclass
class PostParts:
    """A post split into its parts."""

    body: str
    meta: dict[str, object] = field(default_factory=dict)
    removed: list[Removed] = field(default_factory=list)
    excerpt: str | None = None
    warnings: list[str] = field(default_factory=list)


def _text(value: object) -> str | None:
    """Return a front-matter value as stripped text, None when there is none to print.

    str() refuses an integer of more than 4,300 digits, which YAML builds from a short
    sexagesimal value (`title: 1:59:59:…`); the front matter stays in ``removed`` whole.
    """
    if value is None:
        return None
    try:
        return str(value).strip() or None
    except ValueError:
        return None


def _as_list(value: object) -> tuple[str, ...]:
    if isinstance(value, (list, tuple)):
        return tuple(text for v in value if (text := _text(v)))
    text = _text(value)
    return (text,) if text else ()


def split_post(text: str) -> PostParts:
    """Return the body of a post, its front-matter metadata and the removed pieces."""
    m = FRONT_MATTER.match(text)
    if not m:  # markdown without front matter
        parts = PostParts(body=text)
        _strip_markdown_lines(parts)
        return parts
    parts = PostParts(body=text[m.end() :])
    parts.removed.append(Removed(m.group(0).strip(), "front-matter"))
    try:
        data = read_flat(m["yaml"]) or safe_load(m["yaml"])
    except YamlError as exc:
        # Lines counted from the top of the file: the front matter starts below `---`.
        where = f" (line {exc.line + 1})" if exc.line else ""
        parts.warnings.append(f"front matter is not valid YAML{where}; its fields were not read")
        data = None
    if isinstance(data, dict):
        title = data.get("title")
        parts.meta["page_title"] = _text(title) if title else None
        parts.meta["published"] = parse_date(data.get("date"))
        author = data.get("author")
        parts.meta["author"] = _text(author) if author else None
        parts.meta["categories"] = _as_list(data.get("categories")) + _as_list(data.get("tags"))
        for key in ("source", "url", "link", "permalink"):
            if isinstance(data.get(key), str) and data[key].strip():
                parts.meta["source" if key == "source" else "url"] = data[key].strip()
    _strip_markdown_lines(parts)
    return parts


def _read_field(label: str, value: str, meta: dict[str, object]) -> None:
    """Read one field of an export's header into ``meta``: its date, its address, its source."""
    if label in PUBLISHED_LABELS and (day := parse_date(value)):
        meta.setdefault("published", day)
    elif url := FIELD_URL.search(value):
        meta.setdefault("url", url.group())
    elif label.endswith("来源") and value:
        meta.setdefault("source", value)


def _strip_markdown_lines(parts: PostParts) -> None:
    """Take navigation links, the source autolink and a leading excerpt out of the body."""
    kept: list[str] = []
    quote: list[str] = []
    seen_text = False
    in_header = True  # no line of the body yet: headings, fields and rules only
    for line in parts.body.split("\n"):
        # Each kind of line is told by its first mark (`[`, `<`, `>`, `#`): most lines have none.
        mark = line.lstrip()[:1]
        if mark in "[-*+" and LINK_LINE.match(line):
            links = [(m["text"].strip(), m["href"]) for m in LINK.finditer(line)]
            if links and all(ATTACHMENT_HREF.search(href) for _, href in links):  # files: the text's attachments
                attachments = parts.meta.setdefault("attachments", [])
                attachments += [Attachment(text, href) for text, href in links]  # type: ignore[union-attr]
                parts.removed.append(Removed(line.strip(), "page-meta"))
            else:
                parts.removed.append(Removed(line.strip(), "navigation"))
            continue
        if mark == "<" and (m := AUTOLINK_LINE.match(line)):
            parts.meta.setdefault("url", m["url"])
            parts.removed.append(Removed(line.strip(), "page-meta"))
            continue
        if mark == ">" and (q := QUOTE_LINE.match(line)):
            if not seen_text:
                quote.append(q["text"])
                continue
            line = q["text"]  # a quote later on is text: the `>` is markup
            mark = line.lstrip()[:1]
        if line.strip():
            seen_text = True  # a heading is text, even one with nothing after its `##`
        if mark == "#" and (h := MD_HEADING.match(line)):
            if line.lstrip().startswith("# ") and line[h.end() :].strip():
                # The first level-1 heading is the page's title, as an HTML page's <h1>.
                parts.meta.setdefault("head_title", MD_EMPHASIS.sub(lambda m: m["t"], line[h.end() :]).strip())
            line = line[h.end() :]
        elif mark in "*_-+" and (f := FIELD_LINE.match(line)):
            if in_header:  # an export's header: what it says of the page, not text
                _read_field(f["label"].strip(), f["value"].strip(), parts.meta)
                parts.removed.append(Removed(line.strip(), "page-meta"))
                continue
        elif line.strip() and not THEMATIC_BREAK.match(line):
            in_header = False
        if "](" in line:  # links and images inside a line: their text stays, the addresses go
            bare = MD_IMAGE.sub("", line)
            text = LINK.sub(lambda m: m["text"], bare)
            if not text.strip(MD_DECORATION) or LINK_LINE.match(bare):  # nothing but links, images, decoration
                parts.removed.append(Removed(line.strip(), "navigation" if LINK.search(bare) else "markup"))
                continue
            line = text.lstrip(MD_DECORATION)  # the bullets and marks that wrapped them are markup too
        kept.append(line)
    if quote:
        parts.excerpt = "\n".join(quote).strip()
    body = "\n".join(kept)
    # Emphasis needs `**` or `__`, which most bodies lack: they are not searched.
    if "**" in body or "__" in body:
        body = MD_EMPHASIS.sub(lambda m: m["t"], body)
    parts.body = body


def markdown_paragraphs(body: str) -> tuple[list[str], list[Removed]]:
    """Return the paragraphs of a markdown body and the rules and comments taken out.

    Each line is a paragraph, as in text: Chinese exports put a paragraph on a line with
    no blank line between, and a title, its 发文字号 and the addressee on lines of their
    own, which markdown's rule (lines join until a blank line) ran into one. Each row of
    a pipe table is a paragraph with its cells joined by `` | ``, as task tables read.
    """
    paragraphs: list[str] = []
    removed: list[Removed] = []
    for line in body.split("\n"):
        if BLANK_LINE.match(line):
            continue
        if THEMATIC_BREAK.match(line) or TABLE_RULE.match(line) or COMMENT_LINE.match(line):
            removed.append(Removed(line.strip(), "markup"))
        elif m := TABLE_ROW.match(line):
            paragraphs.append(CELL_SEPARATOR.join(cell.strip() for cell in m["cells"].split("|")))
        else:
            paragraphs.append(line)
    return paragraphs, removed
