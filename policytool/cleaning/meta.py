"""Metadata read from the document's own text: title, 发文字号, issuers, date, 版记.

Only what the text states is returned; a field it does not state stays None, so a
caller can tell "absent" from "guessed".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policytool.chars import HAN_OR_WORD, HAN_OR_WORD_CHARS, all_han
from policytool.cleaning.dates import CN_DATE, parse_date, standalone_date
from policytool.model import Printed, Removed
from policytool.numbering import match_marker
from policytool.patterns import LazyPattern, lazy_re, lazy_regex

# 发文字号 standing alone: `国办发〔2022〕11号`, `发改社会〔2019〕1427号`, `皖政办[2022]5号`,
# `沪府发（2018）25号`. A number cited inside a sentence is another document's. The
# prefix (`国办发`) must be Han: doc_number() checks it. No two `\s*` meet (`\s*(?:第\s*)?`):
# they split a run of spaces every way before failing.
DOC_NUMBER = lazy_re(
    rf"^(?P<num>(?P<prefix>{HAN_OR_WORD}{{1,14}})\s*[〔\[［【(（]\s*(?:19|20)\d{{2}}\s*[〕\]］】)）]\s*(?:第\s*)?\d{{1,5}}\s*号)$"
)
# A 发文字号 in brackets, on its own line under the title or at the end of the title's line:
# `（国发〔2019〕5号）`, `…的通知（沪府办发〔2023〕19号）`. doc_number() checks what is inside.
BRACKETED_NUMBER = lazy_re(
    r"[（(]\s*+(?P<num>[^（）()\s]{1,14}\s*+[〔\[［【]\s*+(?:19|20)\d{2}\s*+[〕\]］】]\s*+(?:第\s*+)?\d{1,5}\s*+号)\s*+[）)]$"
)
# What such a line ends with.
BRACKET_ENDS = ("）", ")")
# A decree's number, the organ and 令 on a line with its number or above it:
# `广州市人民政府令第179号`, `中华人民共和国公安部令` / `第125号`.
DECREE = lazy_re(rf"^(?P<org>{HAN_OR_WORD}{{2,30}}?)令\s*(?P<no>第\s*[0-9０-９]{{1,5}}\s*号)?$")
DECREE_NO = lazy_re(r"^第\s*[0-9０-９]{1,5}\s*号$")
# Who signs a decree, above its date: `市长：温国辉`, `部长  王小洪`.
SIGNATORY = lazy_re(r"^(?:总理|部长|主任|署长|局长|行长|省长|主席|市长|区长|县长|州长)\s*+[:：]?\s*+[^\s，。]{2,4}$")
# What a 发文字号 line ends with (DOC_NUMBER's last character).
DOC_NUMBER_END = "号"
# A 通知/意见 title: `国务院办公厅关于印发“十四五”国民健康规划的通知`,
# `上海市人民政府关于推进…的若干意见(二)`.
TITLE_ABOUT = lazy_re(
    r"^(?P<org>[^，。；：:]{0,60}?)关于.{2,120}的.{0,6}?"
    r"(?:通知|意见|决定|批复|函|报告|通报|公告|通告|规定|办法|决议|命令|指示)"
    r"(?:[（(][^）)]{1,14}[）)])?$"
)
# A plan's own title: `促进健康产业高质量发展行动纲要(2019-2022年)`, `“十四五”国民健康规划`.
TITLE_PLAN = lazy_re(
    r"^[^，。；：:]{2,60}(?:规划|纲要|方案|计划|意见|办法|细则|规定|条例|措施|指南|通知|决定|规则|标准|清单|法典|法)"
    r"(?:[（(][^）)]{1,20}[）)])?$"
)
# An issuing organ as signed under a document: `国家发展改革委`, `国务院办公厅`, `中医药局`.
# Its name is Han and brackets: is_organ() checks it.
ORGAN = lazy_re(
    rf"^(?P<name>[{HAN_OR_WORD_CHARS}（）()]{{2,30}}?)"
    r"(?:部|委|委员会|局|院|厅|办|办公室|署|行|会|政府|中心|所|集团|公司|协会|联合会|组|处|室|庭)$"
)
# The brackets an organ's name may hold: `国家卫生健康委（国家中医药局）`.
BRACKETS = str.maketrans("", "", "（）()")
# 版记: `抄送：党中央各部门，全国人大常委会办公厅…。`
CC = lazy_re(r"^抄\s*送\s*[:：]\s*(?P<list>.+?)[。.]?$")
# 版记: `国务院办公厅            2022年4月27日印发`.
PRINTED = lazy_regex(r"^(?P<by>\p{Han}[^\d]*?)?\s*(?P<date>" + CN_DATE.pattern + r")\s*印\s*发$")
# 发文机关标志 (the red letterhead) at the top of a 公文: `四川省人民政府办公厅文件`.
LETTERHEAD = lazy_regex(r"^\p{Han}{2,40}文件$")
# Spaces before a separator are matched from the first of them (a match starts after a space
# only at the separator itself): from each, a run of spaces was read again to its end.
LIST_SEPARATORS = lazy_re(r"(?:(?<!\s)\s*)?[，、,；;]\s*")

# A line of a law's history under its title: `2021年6月29日深圳市第七届人民代表大会常务委员会
# 第二次会议通过`, `（2005年10月27日第十届…第一次修订）`, `２０１３年１月１日 施行`. Its date is the
# text's own when the law states no other (the last such line but a 施行 one: the version at
# hand); a 施行 line's is its 施行日期.
HISTORY_LINE = lazy_re(  # the stdlib engine: `regex` loads only where a pattern needs it
    r"^[（(]?\s*(?P<date>" + CN_DATE.pattern + r")\s*(?:" + HAN_OR_WORD + r"[^。]{0,160}?)?"
    r"(?P<verb>通过|公布|发布|修正|修订|批准|施行|实施)\s*[）)]?[，,；;。]?$"
)
# A decree named in a history line after its date: `中华人民共和国公安部令第125号发布`,
# `公安部令第149号《公安部关于修改…的决定》第二次修正`.
HISTORY_DECREE = lazy_re(r"(?P<org>[\u4e00-\u9fff]{2,30}?)令\s*+(?P<no>第\s*+[0-9０-９]{1,5}\s*+号)")
# What such a line opens with: a bracket or a digit.
HISTORY_START = "（(0123456789０１２３４５６７８９"
# When the text takes effect, said of itself: `本条例自2022年1月1日起施行`, `…现予公布，自2020年
# 10月1日起施行`. A date another text takes effect (`《中华人民共和国XX法》自…起施行`) follows a
# title, not 本… or a break.
EFFECTIVE = lazy_re(
    r"(?:^|[，。；,;\s]|本[^\s，。；《》]{1,12}?)自\s*(?P<date>" + CN_DATE.pattern + r")\s*起(?:施行|实施|执行|生效)"
)
# What a paragraph stating that holds (most paragraphs fail this test, unscanned).
EFFECTIVE_VERBS = ("起施行", "起实施", "起执行", "起生效")
# 份号, 密级和保密期限 and 紧急程度 at the top left of a 公文, a line each or on one line
# (`000001`, `机密★1年`, `特急`; `000001 机密★1年 特急`): spaces removed before matching.
HEAD_MARKS = lazy_re(
    r"^(?P<copy>[0-9０-９]{6})?"
    r"(?P<secrecy>(?:绝密|机密|秘密)(?:[★☆＊*](?:[0-9０-９一二三四五六七八九十]{1,3}(?:年|个月)|长期))?)?"
    r"(?P<urgency>特急|加急|特提|平急)?$"
)
# 签发人 of a 上行文, on its own line or beside the 发文字号: `签发人：张三　李四`.
SIGNER = lazy_re(r"签\s*发\s*人\s*[:：]\s*(?P<names>[^\n]*)")
# Between the names of signers: spaces, 、 or a comma.
NAME_GAPS = lazy_re(r"[\s、，,]+")
# 主送机关 under the title, with its colon: `各省、自治区、直辖市人民政府，国务院各部委、各直属机构：`.
# No sentence ends in it; `现将有关事项通知如下：` is the body's.
ADDRESSEE = lazy_re(r"^(?P<to>[^。；;！？!?：:]{2,150})[:：]$")
# A paragraph that ends a sentence: the body has begun, no addressee follows.
SENTENCE_MARKS = lazy_re(r"[。；;！？!?]")
# 附注 under the 成文日期, in brackets (`（此件公开发布）`, `（联系人：张三，电话：12345678）`) or as
# a portal prints whether it is public (`公开方式：主动公开`).
NOTE = lazy_re(
    r"^(?:[（(](?P<note>[^（）()]{2,80})[）)]|(?P<plain>(?:公开方式|公开属性|公开类型)\s*[:：]\s*\S{2,12}))$"
)
# What a 附注 starts with.
NOTE_START = "（(公"
# The list of attachments after a document's body (附件说明), `附件：1.质量监测指标体系`: what
# follows it is no clause of the last section.
ATTACHMENT_LIST = lazy_re(r"^附\s*件\s*[:：]")
# Links to files users call attachments: `.pdf`, `.docx`, `.xls`, `.ofd`, archives, with any
# query or fragment after (`.pdf?v=2`). The query runs to the end even over a line break (which
# browsers drop from a link): stopped there, every `.pdf?` before the break read up to it again.
ATTACHMENT_HREF = lazy_re(
    r"\.(?:pdf|docx?|xlsx?|wps|et|ofd|zip|rar|7z|csv|pptx?)(?:[?#].*)?$", re.IGNORECASE | re.DOTALL
)
# A line of that list is an attachment's name, short and no sentence (`2.关于…的任务分工表`).
ATTACHMENT_NAME_MAX = 60
# Metadata is looked for near the top: a title below this many paragraphs is a heading.
HEAD_PARAGRAPHS = 12
# A title is set over at most this many lines.
TITLE_LINES = 3
# What no line of a title holds: sentence punctuation, an addressee's colon.
TITLE_BREAKERS = lazy_re(r"[，。；：:,;！？!?]")


@dataclass
class TextMeta:
    """Fields read from the text, plus the 版记 lines taken out of the body."""

    fields: dict[str, object] = field(default_factory=dict)
    paragraphs: list[str] = field(default_factory=list)
    originals: list[str] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)


def find_title(paragraphs: list[str]) -> str | None:
    """Return the document's title: the first 关于…的通知 line, else the first plan title.

    A title set over two or three lines (`国务院关于在市场监管领域全面推行` /
    `部门联合“双随机、一公开”监管的意见`) is one title: at each line the longest run of
    title lines that reads as a title is taken, unless a shorter end of the run reads as
    one by itself (a label above a title, `政策全文`, is not part of it; nor is a title
    printed twice).
    """
    head = [number_beside(p)[0] for p in paragraphs[:HEAD_PARAGRAPHS]]  # `…的通知（国发〔2019〕5号）`
    for pattern in (TITLE_ABOUT, TITLE_PLAN):
        for i in range(len(head)):
            if k := title_lines(head, i, pattern):
                return "".join(head[i : i + k])
    return None


def title_lines(lines: list[str] | tuple[str, ...], i: int, pattern: LazyPattern = TITLE_ABOUT) -> int:
    """Return how many lines from ``i`` on are one title of ``pattern``'s kind (at most
    TITLE_LINES), or 0: the longest run that reads as a title when no shorter end of it
    reads as one by itself."""
    p = lines[i]
    if not _title_line(p) or (pattern is TITLE_PLAN and is_organ(p)):
        return 0  # an organ's line above a plan title is its letterhead
    for k in range(TITLE_LINES, 0, -1):
        parts = lines[i : i + k]
        if len(parts) < k or not all(map(_title_line, parts[1:])):
            continue
        joined = "".join(parts)
        if len(joined) > 120 or not pattern.match(joined):
            continue
        if any(pattern.match("".join(parts[j:])) for j in range(1, k)):
            continue
        return k
    return 0


def _title_line(line: str) -> bool:
    """True if ``line`` can be a line of a title: short, no sentence, no number or date of its own."""
    return (
        len(line) <= 120
        and not TITLE_BREAKERS.search(line)
        and doc_number(line) is None
        and standalone_date(line) is None
    )


def _is_title_text(line: str) -> bool:
    """True if ``line`` reads as a whole title by itself."""
    return _title_line(line) and bool(TITLE_ABOUT.match(line) or TITLE_PLAN.match(line))


def doc_number(line: str) -> str | None:
    """Return the 发文字号 if ``line`` is one and nothing else (in brackets or not), spaces removed."""
    if line.endswith(BRACKET_ENDS) and (m := BRACKETED_NUMBER.match(line)):
        line = m["num"]
    if not line.endswith(DOC_NUMBER_END):  # most lines fail here, unscanned
        return None
    if (m := DOC_NUMBER.match(line)) and all_han(m["prefix"]):
        return "".join(m["num"].split())
    return None


def number_beside(line: str) -> tuple[str, str | None]:
    """Split a line that ends with its 发文字号 in brackets: (the line before it, the number)."""
    if (
        line.endswith(BRACKET_ENDS)
        and (m := BRACKETED_NUMBER.search(line))
        and m.start() > 0
        and (number := doc_number(m["num"]))
    ):
        return line[: m.start()].rstrip(), number
    return line, None


def find_doc_number(paragraphs: list[str]) -> str | None:
    """Return the 发文字号 standing as its own line near the top, spaces removed.

    A decree's number counts: `广州市人民政府令第179号`, on one line or on two
    (`广州市人民政府令` / `第179号`).
    """
    head = paragraphs[:HEAD_PARAGRAPHS]
    for k, p in enumerate(head):
        if "签" in p and (signer := SIGNER.search(p)):  # `国办发〔2022〕11号  签发人：张三`
            p = p[: signer.start()].strip()
        if number := doc_number(p) or number_beside(p)[1]:
            return number
        if (m := DECREE.match(p)) and is_organ(m["org"]):
            number = m["no"] or (head[k + 1] if k + 1 < len(head) and DECREE_NO.match(head[k + 1]) else None)
            if number:
                return "".join((m["org"] + "令" + number).split())
    return None


def decree_issuer(paragraphs: list[str]) -> str | None:
    """Return the organ a decree's number names (`广州市人民政府令…` → 广州市人民政府), or None."""
    for p in paragraphs[:HEAD_PARAGRAPHS]:
        if (m := DECREE.match(p)) and is_organ(m["org"]):
            return m["org"]
    return None


def is_organ(name: str) -> bool:
    """True if ``name`` reads as an issuing organ (`国家发展改革委`)."""
    m = ORGAN.match(name)
    if m is None:
        return False
    rest = m["name"].translate(BRACKETS)
    return not rest or all_han(rest)


def split_organs(line: str) -> list[str] | None:
    """Return the organs named on a signature line, or None if it is not one."""
    parts = [x for x in re.split(r"\s+|、", line) if x]
    if parts and all(is_organ(x) for x in parts):
        return parts
    return None


def find_signature(paragraphs: list[str], originals: list[str] | None = None) -> tuple[list[str], str | None]:
    """Return (issuers, date) from the signature block: organ lines above a date line.

    ``originals`` are the lines as written: joint issuers signed on one line are parted by
    the spaces between them (`广州市卫生健康委员会　　广州市财政局`), which normalising removes.
    """
    lines = originals if originals is not None and len(originals) == len(paragraphs) else paragraphs
    for i, p in enumerate(paragraphs):
        date = standalone_date(p)
        if date is None:
            continue
        organs: list[str] = []
        j = i - 1
        while j >= 0 and (names := split_organs(lines[j].strip()) or split_organs(paragraphs[j])):
            organs[:0] = names
            j -= 1
        if organs or (i and SIGNATORY.match(paragraphs[i - 1])):  # `市长：温国辉` signs a decree
            return organs, date
    return [], None


def signature_blocks(paragraphs: tuple[str, ...] | list[str]) -> set[int]:
    """Return the indexes of the lines that sign a text off: each 成文日期 standing alone, the
    organs (or a decree's signatory, `市长：温国辉`) above it and the 附注 under it
    (`（此件公开发布）`). They close the body: no clause above them holds them."""
    out: set[int] = set()
    for i, p in enumerate(paragraphs):
        if not standalone_date(p):
            continue
        out.add(i)
        j = i - 1
        while j >= 0 and (split_organs(paragraphs[j]) or (j == i - 1 and SIGNATORY.match(paragraphs[j]))):
            out.add(j)
            j -= 1
        if i + 1 < len(paragraphs) and note_under(paragraphs[i + 1]):
            out.add(i + 1)
    return out


def issuers_from_title(title: str | None) -> list[str]:
    """Return the organs a title names before 关于: `上海市人民政府关于…` → [上海市人民政府]."""
    if not title:
        return []
    m = TITLE_ABOUT.match(title)
    if not m or not m["org"]:
        return []
    return split_organs(m["org"].strip()) or []


def history_line(line: str) -> re.Match[str] | None:
    """Return the match if ``line`` is a line of a law's history (HISTORY_LINE), else None."""
    return HISTORY_LINE.match(line) if line[:1] in HISTORY_START else None


def history_dates(lines: tuple[str, ...] | list[str]) -> tuple[str | None, str | None]:
    """Return (date, effective) a law's history states: its last line's date but a 施行 line's, and
    the 施行日期 (`２０１３年１月１日 施行`, `…公布 自2020年1月1日起施行`)."""
    date = effective = None
    for line in lines:
        if (m := history_line(line)) is None:
            continue
        e = EFFECTIVE.search(line)
        if m["verb"] in ("施行", "实施") and not e:
            effective = effective or parse_date(m["date"])
            continue
        date = parse_date(m["date"])
        if e:
            effective = effective or parse_date(e["date"])
    return date, effective


def history_decree(lines: tuple[str, ...] | list[str]) -> str | None:
    """Return the decree that made the version at hand: the last one a history line names
    (`２０１８年…公安部令第１４９号《…》第二次修正` → 公安部令第１４９号), or None."""
    number = None
    for line in lines:
        if (h := history_line(line)) and (m := HISTORY_DECREE.search(line, h.end("date"))):
            number = "".join((m["org"] + "令" + m["no"]).split())
    return number


def find_effective(paragraphs: list[str]) -> str | None:
    """Return the 施行日期 the text states of itself (`本办法自2020年1月1日起施行`), or None."""
    for p in paragraphs:
        if any(verb in p for verb in EFFECTIVE_VERBS) and (m := EFFECTIVE.search(p)):
            return parse_date(m["date"])
    return None


def find_signers(paragraphs: list[str], originals: list[str] | None = None) -> tuple[str, ...]:
    """Return the 签发人 named near the top (`签发人：张三　李四` → 张三, 李四).

    The names are parted by the spaces between them as written, which normalising removes.
    """
    lines = originals if originals is not None and len(originals) == len(paragraphs) else paragraphs
    for line in lines[:HEAD_PARAGRAPHS]:
        if "发" in line and (m := SIGNER.search(line)):
            return tuple(x for x in NAME_GAPS.split(m["names"]) if x)
    return ()


def find_addressee(paragraphs: list[str]) -> str | None:
    """Return the 主送机关 as written, the colon line before the body's first sentence, or None."""
    for p in paragraphs[:HEAD_PARAGRAPHS]:
        if SENTENCE_MARKS.search(p):
            return None  # the body has begun
        if (
            (m := ADDRESSEE.match(p))
            and "如下" not in p
            and match_marker(p) is None
            and not ATTACHMENT_LIST.match(p)
            and not SIGNER.search(p)
        ):
            return m["to"].strip()
    return None


def note_under(line: str) -> str | None:
    """Return the 附注 ``line`` states if it is one (`（此件公开发布）` → 此件公开发布), else None;
    it counts only under a 成文日期 (find_note, signature_blocks)."""
    if line[:1] in NOTE_START and (m := NOTE.match(line)) and not history_line(line):
        return (m["note"] or m["plain"]).strip()
    return None


def find_note(paragraphs: list[str]) -> str | None:
    """Return the 附注 under a 成文日期, or None."""
    for i, p in enumerate(paragraphs[:-1]):
        if (note := note_under(paragraphs[i + 1])) and standalone_date(p):
            return note
    return None


def attachment_name(line: str) -> str | None:
    """Return the name a line of the 附件 list gives, its number removed (`2.关于…的任务分工表`)."""
    marked = match_marker(line)
    if marked is None or len(line) > ATTACHMENT_NAME_MAX or TITLE_BREAKERS.search(marked.rest):
        return None
    return marked.rest


def find_attachment_names(paragraphs: list[str]) -> tuple[str, ...]:
    """Return the names the 附件说明 gives: `附件：1.甲` then `2.乙` → 甲, 乙; `附件：甲` → 甲."""
    for i, p in enumerate(paragraphs):
        if p[:1] != "附" or not (m := ATTACHMENT_LIST.match(p)):
            continue
        names: list[str] = []
        first = p[m.end() :].strip()
        if first:
            names.append(attachment_name(first) or first)
        for line in paragraphs[i + 1 :]:
            if (name := attachment_name(line)) is None:
                break
            names.append(name)
        if names:
            return tuple(names)
    return ()


def take_imprint(paragraphs: list[str], originals: list[str] | None = None) -> TextMeta:
    """Move the 版头 above the title (份号, 密级, 紧急程度, 发文机关标志), a law's history under
    it and the 版记 (抄送, 印发) out of the body into metadata."""
    out = TextMeta()
    originals = originals or paragraphs
    title_at = next((i for i, p in enumerate(paragraphs[:HEAD_PARAGRAPHS]) if TITLE_ABOUT.match(p)), 0)
    history: list[str] = []
    top = True  # still in the run of 版头 lines that opens the text
    for i, (p, original) in enumerate(zip(paragraphs, originals, strict=True)):
        marks = HEAD_MARKS.match("".join(p.split())) if top and len(p) <= 30 else None
        top = marks is not None
        if marks:
            for key, group in (("copy_number", "copy"), ("secrecy", "secrecy"), ("urgency", "urgency")):
                if marks[group]:
                    out.fields.setdefault(key, marks[group])
            out.removed.append(Removed(original, "letterhead"))
        elif i < title_at and LETTERHEAD.match(p):
            out.fields.setdefault("letterhead", p)
            out.removed.append(Removed(original, "letterhead"))
        elif 0 < i < HEAD_PARAGRAPHS and p == paragraphs[i - 1] and _is_title_text(p):
            # An export prints the title twice (its header's, then the text's): that line is it.
            out.fields.setdefault("title", p)
            out.removed.append(Removed(original, "duplicate"))
        elif i < HEAD_PARAGRAPHS and history_line(p):
            history.append(p)
            out.removed.append(Removed(original, "history"))
        elif m := CC.match(p):
            names = [x for x in LIST_SEPARATORS.split(m["list"]) if x]
            out.fields["cc"] = tuple(names)
            out.removed.append(Removed(original, "imprint"))
        elif p.endswith("发") and (m := PRINTED.match(p)):  # the test first: PRINTED scans the whole line
            by = (m["by"] or "").strip() or None
            out.fields["printed"] = Printed(by=by, date=parse_date(m["date"]))
            out.removed.append(Removed(original, "imprint"))
        else:
            out.paragraphs.append(p)
            out.originals.append(original)
    if history:
        out.fields["history"] = tuple(history)
    return out


def read_text_meta(
    paragraphs: list[str], originals: list[str] | None = None, history: tuple[str, ...] = ()
) -> dict[str, object]:
    """Return the metadata the paragraphs state: title, doc_number, issuers, date, and the
    other elements of a 公文 (signers, addressee, attachment names, note, effective).

    ``history`` are the lines of a law's history take_imprint moved out of the body.
    """
    title = find_title(paragraphs)
    issuers, date = find_signature(paragraphs, originals)
    history_date, history_effective = history_dates(history)
    date = date or history_date
    if not issuers:
        issuers = issuers_from_title(title) or [organ for organ in [decree_issuer(paragraphs)] if organ]
    return {
        "title": title,
        "doc_number": find_doc_number(paragraphs) or history_decree(history),
        "issuers": tuple(issuers),
        "date": date,
        "signers": find_signers(paragraphs, originals),
        "addressee": find_addressee(paragraphs),
        "attachment_names": find_attachment_names(paragraphs),
        "note": find_note(paragraphs),
        "effective": history_effective or find_effective(paragraphs),
    }
