"""Responsibility tags → who leads and who supports each clause.

A tag ends its clause: `（发展改革委、卫生健康委负责）`, `(牵头部门:上海保监局、市卫生计生委)`,
`（国家发展改革委牵头，教育部、科技部按职责分工负责）`, `牵头单位：X；配合单位：Y、Z`. It is taken
out of the clause's text and kept verbatim as ``duty.raw``. Task-division tables
(重点任务分工表) give one assignment per row. Departments named in running text are
reported apart, as mentions.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from typing import Any

from policytool.departments import Departments, load_departments, place_of
from policytool.model import Clause, Dept, Document, Duty, record
from policytool.patterns import lazy_re

# The vocabulary of responsibility, written once: the tag patterns, the table headers and
# the roles below are built from these lists.
# Labels before a list of units, by the role they give it: `牵头单位：A`, `责任单位：A、B`,
# `配合单位：C` (as a tag's label or a task table's column header).
LEAD_LABELS = ("牵头单位", "牵头部门")
RESPONSIBLE_LABELS = ("责任单位", "责任部门", "主要责任单位", "主责单位")
SUPPORT_LABELS = ("配合单位", "配合部门", "参与单位", "协办单位", "协同单位")
# Verbs after a list of units, by role: `A牵头`, `B、C配合`, `D指导`, `E负责`.
LEAD_VERBS = ("牵头负责", "牵头")
SUPPORT_VERBS = ("配合", "参与", "协助", "协同")
GUIDE_VERBS = ("指导",)
RESPONSIBLE_VERBS = ("分别负责", "按职责分工负责", "按职责分工", "按职责负责", "共同负责", "负责")


def _alternatives(*words: str) -> str:
    """The words as one alternation, longest first (`牵头负责` before `牵头`)."""
    return "|".join(sorted(set(words), key=len, reverse=True))


# Words that make a bracketed group at the end of a clause a responsibility tag.
DUTY_WORDS = _alternatives(
    *LEAD_VERBS, *SUPPORT_VERBS, *GUIDE_VERBS, *RESPONSIBLE_VERBS, "按职责",
    *LEAD_LABELS, *RESPONSIBLE_LABELS, *SUPPORT_LABELS,
)  # fmt: skip
# A tag in brackets ending the clause, one level of nested brackets allowed:
# `（发展改革委、卫生健康委、中医药局负责，排第一位为牵头部门，下同。）`. A duty word
# stands at the top level of the brackets (the look-ahead: runs of other characters,
# inner groups, and a duty word's first letter where no duty word begins; then a duty word). The
# body is runs of characters and inner groups, possessive (`*+`): read once, never
# backtracked, so an unclosed `（…负责，…` costs linear time.
_DUTY_FIRST = "".join(sorted({word[0] for word in DUTY_WORDS.split("|")}))
_INNER_GROUP = r"[（(][^（）()]*+[）)]"
_TAG = (
    rf"[（(](?=(?:[^（）(){_DUTY_FIRST}]++|{_INNER_GROUP}|(?!{DUTY_WORDS})[{_DUTY_FIRST}])*+(?:{DUTY_WORDS}))"
    rf"(?P<body>(?:[^（）()]++|{_INNER_GROUP})*+)[）)]"
)
BRACKET_TAG = lazy_re(_TAG + r"[。.；;]?\s*$")
# A tag after a sentence inside a clause, where a clause carries one per task it lists:
# `…营造良好的准入环境。（市场监管总局负责）加强体育产业创新创业教育服务，…`.
SENTENCE_TAG = lazy_re(r"(?<=[。；;！？!?\n])" + _TAG)
# A tag as a last sentence without brackets: `牵头单位：省发展改革委；配合单位：省财政厅`.
# Possessive for the same reason as above. Of the places a sentence starts before the label
# with only spaces between, the match starts at the last (no line break ahead in the spaces):
# from each, a run of line breaks was read again to its end.
TAG_LABELS = (*LEAD_LABELS, *RESPONSIBLE_LABELS)
ANY_TAG_LABEL = lazy_re("|".join(TAG_LABELS))
LABEL_TAG = lazy_re(
    rf"(?:^|(?<=[。；;\n]))(?![^\S\n]*\n)\s*(?P<body>(?:{'|'.join(TAG_LABELS)})\s*[:：][^。\n]++)[。]?\s*$"
)
# Parts of a tag: separated by commas and semicolons, never by 、 (it separates names).
PART_SEPARATOR = lazy_re(r"[，,；;。]")
# `牵头部门:A、B`, `配合单位：C`, `责任单位：D、E`.
LABELLED = lazy_re(
    rf"^(?P<label>{_alternatives(*LEAD_LABELS, *RESPONSIBLE_LABELS, *SUPPORT_LABELS)})\s*[:：]\s*(?P<names>.+)$"
)
# `A、B分别负责`, `A牵头`, `B、C按职责分工负责`, `D配合`, `各区政府负责落实`.
VERBED = lazy_re(
    rf"^(?P<names>.+?)(?P<verb>{_alternatives(*RESPONSIBLE_VERBS, *LEAD_VERBS, *SUPPORT_VERBS, *GUIDE_VERBS)})"
    # `各区政府负责落实`, `市教委牵头实施`: a verb of carrying out may follow.
    r"(?:落实|实施|组织实施|推进|推动)?$"
)
# The document-wide rule that the first-listed unit leads, however it is worded:
# `排第一位为牵头部门，下同`, `列第一位者为牵头单位`, `排在首位的为牵头部门`, `第一个单位为牵头单位`,
# `排名第一的为牵头`; `排名不分先后` ends it.
RULE_FIRST_LEADS = lazy_re(
    r"(?:排|列|居|位)(?:在|于|名|序)?(?:第一|首)(?:位|个|名)?(?:的|者)?(?:部门|单位)?(?:为|是)牵头"
    r"|第一个?(?:部门|单位)(?:为|是)牵头"
)
RULE_END = lazy_re(r"不分先后")
SCOPE_WORDS = lazy_re(r"^(?:下同|以下同|后同)$")
# Deadlines: `2022年底前完成`, `2025年6月`, `2023年3月15日前`, `持续推进`, `长期坚持`.
DEADLINE = lazy_re(
    r"^(?:(?P<y>\d{4})年(?:(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日)?)?(?P<end>底|末)?(?:前|以前|之前)?(?:完成|实现|建成|出台)?"
    r"|持续推进|长期坚持|持续实施|长期推进|长期实施|持续开展|逐年推进)$"
)
# Between two names: `A、B`, `A/B`, `A及B`, and in a table cell `A，B` (in a tag a comma
# parts its clauses first).
NAME_SEPARATOR = lazy_re(r"[、/／，,]|及|与")
# `等` ending a list, with the words that stand for the units it leaves out, and the `和` that
# joins another unit: `农业农村部等`, `民政部等有关部门和单位`, `商务部等和各有关省级人民政府`. Only
# where a list can end: the 等 of `高等学校` is part of a name.
ETC = lazy_re(r"等(?:(?:各|其他)?(?:有关|相关)?(?:部门|单位|机构)(?:和(?:单位|部门))?)?(?:(?:和|及|以及|与)(?=\S)|$)")
# How the name of a unit the dictionary does not know ends: `各有关部门和单位`, `各省级人民政府`.
UNIT_END = lazy_re(r"(?:部|委|委员会|局|院|厅|办|办公室|署|会|政府|中心|部门|单位|机构|组|处|室)$")
# `X会同Y负责`: X leads, Y works with it. Y may be no unit at all: `会同有关部门`.
TOGETHER = "会同"
GENERIC_UNITS = lazy_re(r"^(?:各)?(?:有关|相关|其他)(?:部门|单位|方面)(?:和(?:单位|部门))?$")
# A bracketed part of a name, whose separators do not separate names: the `（市、区）` of
# `各市、县（市、区）人民政府` lists the kinds of place.
BRACKETED = lazy_re(r"[（(][^（）()]*[）)]")
_HIDE = str.maketrans({"、": "\x00", "/": "\x01", "／": "\x02", "及": "\x03", "与": "\x04", "，": "\x05", ",": "\x06"})
_SHOW = str.maketrans({"\x00": "、", "\x01": "/", "\x02": "／", "\x03": "及", "\x04": "与", "\x05": "，", "\x06": ","})
# A table cell or tag slot that names nobody: `—`, `-`, `/`, `无`.
NOBODY = lazy_re(r"^[—\-－–/／无\s]*$")
# Task-division table headers: `序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限`.
CELL_SPLIT = lazy_re(r"\s*\|\s*|\t+|\s{2,}")
HEADER_TASK = lazy_re(
    r"^(?:重点任务|主要任务|工作任务|任务|工作内容|具体任务|任务内容|政策措施|工作措施|具体措施|主要措施|措施|"
    r"具体举措|工作举措|举措|工作事项|任务事项|主要内容|具体内容|工作要求)$"
)
LEAD_HEADERS = _alternatives(*LEAD_LABELS, *RESPONSIBLE_LABELS)
HEADER_LEAD = lazy_re(rf"^(?:{LEAD_HEADERS})$")
# A header row has a lead column: its name as a whole cell, ended by a separator or the
# row's end (`责任单位：…` is a label, not a header). Most paragraphs fail this one search
# before they are split into cells.
ANY_LEAD_HEADER = lazy_re(rf"(?:{LEAD_HEADERS})(?=[\s|]|$)")
HEADER_SUPPORT = lazy_re(rf"^(?:{_alternatives(*SUPPORT_LABELS)})$")
HEADER_DEADLINE = lazy_re(r"^(?:完成时限|时间进度|完成时间|时限要求|进度安排|时间节点)$")
HEADER_NUMBER = lazy_re(r"^(?:序号|编号)$")
# A group's heading row in a task table is at most this long: `（一）优化营商环境`.
GROUP_ROW_CHARS = 40


@record
class Rule:
    """A document-wide reading rule a tag states (`排第一位为牵头部门，下同`)."""

    clause: str
    rule: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"clause": self.clause, "rule": self.rule, "text": self.text}


@record
class Assignment:
    """One task with its departments: a tagged clause or a row of a task-division table."""

    clause: str
    label: str
    title: str | None
    duty: Duty
    source: str = "tag"

    def to_dict(self, current: bool = False) -> dict[str, Any]:
        return {
            "clause": self.clause,
            "label": self.label,
            "title": self.title,
            "lead": [_dept(d, current) for d in self.duty.lead],
            "support": [_dept(d, current) for d in self.duty.support],
            "mode": self.duty.mode,
            "deadline": self.duty.deadline,
            "raw": self.duty.raw,
            "source": self.source,
        }


@record
class Mention:
    """A department named in running text, not in a tag."""

    clause: str
    label: str
    dept: Dept

    def to_dict(self, current: bool = False) -> dict[str, Any]:
        return {"clause": self.clause, "label": self.label, "dept": _dept(self.dept, current)}


@record
class DutyReport:
    """Everything `policytool depts` knows of one document."""

    document: Document
    rules: tuple[Rule, ...]
    assignments: tuple[Assignment, ...]
    mentions: tuple[Mention, ...]

    def to_dict(self, current: bool = False) -> dict[str, Any]:
        return {
            "source": self.document.cleaned.source.to_dict(),
            "meta": self.document.cleaned.meta.to_dict(),
            "rules": [r.to_dict() for r in self.rules],
            "assignments": [a.to_dict(current) for a in self.assignments],
            "mentions": [m.to_dict(current) for m in self.mentions],
        }


def _dept(d: Dept, current: bool) -> dict[str, Any]:
    out = d.to_dict()
    if current:
        out["name"] = d.current
    return out


def find_tag(text: str) -> tuple[str, str] | None:
    """Return (text without the tag, tag) if ``text`` ends with a responsibility tag."""
    # A bracketed tag closes the text, before at most one stop: most clauses fail this
    # test and are never searched.
    trimmed = text.rstrip()
    end = trimmed[-2:]
    if (end[-1:] in "）)" or (end[-1:] in "。.；;" and end[:1] in "）)")) and (m := _bracket_tag(text)):
        return text[: m.start()].rstrip(), m.group(0).strip()
    # A label tag is the last sentence of the last line (it holds no `。` but a closing one,
    # and no line break) and opens with one of its labels: without one there is none, and
    # nothing before it is searched. From further back, each `；牵头单位：` of an earlier line
    # would be read to that line's end again.
    core = trimmed.removesuffix("。")
    line = core.rfind("\n")
    if core[line + 1 :].lstrip()[:1] in ":：":  # the label ends the line before: `牵头单位\n：…`
        line = core[:line].rstrip().rfind("\n")
    start = max(core.rfind("。"), line) + 1
    if ANY_TAG_LABEL.search(core, start) and (m := LABEL_TAG.search(text, start)):
        return text[: m.start()].rstrip(), m.group(0).strip()
    return None


def _bracket_tag(text: str) -> re.Match[str] | None:
    """Match BRACKET_TAG where it can only start: at the bracket that opens the last one.

    Without brackets inside the tag that bracket is the last opening one, found without a
    scan; with them, the search tries every opening bracket of the text.
    """
    close = max(text.rfind("）"), text.rfind(")"))
    start = max(text.rfind("（", 0, close), text.rfind("(", 0, close))
    if start < 0:
        return None
    if text.find("）", start, close) < 0 and text.find(")", start, close) < 0:
        return BRACKET_TAG.match(text, start)
    return BRACKET_TAG.search(text)


@dataclass
class _Reading:
    """State carried through a document: whether the first-listed department leads."""

    first_leads: bool = False
    rules: list[Rule] = field(default_factory=list)


def read_tag(raw: str, departments: Departments, place: str | None, state: _Reading, clause: str = "") -> Duty | None:
    """Return the Duty a tag states, or None if it names no department."""
    body = raw.strip().strip("。.；;")
    if body[:1] in "（(" and body[-1:] in "）)":
        body = body[1:-1]
    lead: list[Dept] = []
    support: list[Dept] = []
    joint: list[Dept] = []
    guide: list[Dept] = []  # `A指导`: A guides the task and answers for it with its leads
    waiting: list[Dept] = []  # names before a comma, for the verb after it
    deadline: str | None = None
    mode = None
    listing: list[Dept] | None = None  # the list a `…单位：` label is filling
    for part in (p.strip() for p in PART_SEPARATOR.split(body)):
        if not part:
            continue
        if RULE_FIRST_LEADS.search(part):
            state.first_leads = True
            state.rules.append(Rule(clause, "first-listed-leads", part))
            continue
        if RULE_END.search(part):
            state.first_leads = False
            state.rules.append(Rule(clause, "unordered", part))
            continue
        if SCOPE_WORDS.match(part):
            continue
        if DEADLINE.match(part):
            deadline = deadline_value(part)
            continue
        if m := LABELLED.match(part):
            listed = m["names"]
            # `责任单位：A、B分别负责`: the verb after the names says how they share the work.
            if (verbed := VERBED.match(listed)) and verbed["verb"] not in (*LEAD_VERBS, *SUPPORT_VERBS):
                listed = verbed["names"]
                if verbed["verb"] == "分别负责":
                    mode = mode or "respectively"
                elif verbed["verb"].startswith("按职责"):
                    mode = mode or "division"
            names = _names(listed, departments, place)
            label = m["label"]
            if label in LEAD_LABELS:
                listing = lead
                mode = mode or "lead"
            elif label in RESPONSIBLE_LABELS:
                listing = joint
            else:
                listing = support
            listing += names
        elif listing is not None and (names := _names(part, departments, place)) and all(d.known for d in names):
            # `责任单位：省卫生健康委、省财政厅，各市、县（市、区）人民政府`: known names after a
            # comma go on the labelled list.
            listing += names
        elif m := VERBED.match(part):
            verb = m["verb"]
            head, together, partners = m["names"].partition(TOGETHER)
            names = waiting + _names(head, departments, place)
            waiting = []
            if together:  # `A会同B负责`: A leads, B supports (`会同有关部门` names nobody)
                lead += names
                if not GENERIC_UNITS.match(partners.strip()):
                    support += _names(partners, departments, place)
                mode = "lead"
            elif verb in LEAD_VERBS:
                lead += names
                mode = "lead"
            elif verb in GUIDE_VERBS:  # `A指导，B负责落实`: both answer for the task, A first
                guide += names
            elif verb in SUPPORT_VERBS:
                support += names
            else:
                if verb == "分别负责":
                    mode = mode or "respectively"
                elif verb.startswith("按职责"):
                    mode = mode or "division"
                (support if lead else joint).extend(names)
        elif listing is None and (names := _names(part, departments, place)) and all(map(_unit, names)):
            # `A、B，各省级人民政府按职责分工负责`: a list before a comma waits for the verb after it.
            waiting += names
        # Anything else in a tag (a remark) stays in ``raw`` only.
    if not (lead or support or joint or guide):
        return None
    if not lead:
        if state.first_leads and joint and not guide:
            lead, joint = joint[:1], joint[1:]
        else:
            lead, joint = joint, []
    lead = guide + lead
    support = joint + support
    return Duty(lead=tuple(lead), support=tuple(support), mode=mode or "joint", deadline=deadline, raw=raw)


def _unit(dept: Dept) -> bool:
    """True if ``dept`` is a unit: the dictionary knows it, or its name ends as units' do."""
    return dept.known or bool(UNIT_END.search(dept.raw))


def _unique(depts: list[Dept]) -> list[Dept]:
    """Return ``depts`` with each department once, where it first appears."""
    seen: set[str] = set()
    out = []
    for d in depts:
        if d.name not in seen:
            seen.add(d.name)
            out.append(d)
    return out


def _names(text: str, departments: Departments, place: str | None) -> list[Dept]:
    if "等" in text:
        text = ETC.sub("、", text)
    if "（" in text or "(" in text:
        hidden = BRACKETED.sub(lambda m: m[0].translate(_HIDE), text)
        pieces = [n.translate(_SHOW) for n in NAME_SEPARATOR.split(hidden) if not NOBODY.match(n)]
    else:
        pieces = [n for n in NAME_SEPARATOR.split(text) if not NOBODY.match(n)]
    out: list[Dept] = []
    i = 0
    while i < len(pieces):
        # A known name may hold a 、 itself (`各市、县（市、区）人民政府`): the longest run of
        # pieces that the dictionary knows as one name is one name.
        heads = departments.split_heads
        for j in range(min(len(pieces), i + 3) if pieces[i].strip() in heads else i, i + 1, -1):
            joined = departments.resolve("、".join(pieces[i:j]), place)
            if joined.known:
                out.append(joined)
                i = j
                break
        else:
            out += departments.resolve_all(pieces[i], place)
            i += 1
    return out


def deadline_value(text: str) -> str:
    """Return a deadline as ISO date/period where it is one, else the words.

    >>> deadline_value("2022年底前完成"), deadline_value("2025年6月"), deadline_value("持续推进")
    ('2022-12', '2025-06', '持续推进')
    """
    m = DEADLINE.match(text.strip())
    if not m or not m["y"]:
        return text.strip()
    if m["d"]:
        return f"{m['y']}-{int(m['m']):02d}-{int(m['d']):02d}"
    if m["m"]:
        return f"{m['y']}-{int(m['m']):02d}"
    return f"{m['y']}-12" if m["end"] else m["y"]


def attach_duties(doc: Document, departments: Departments | None = None, *, mentions: bool = True) -> DutyReport:
    """Read every tag, table row and mention of a parsed document.

    ``mentions=False`` leaves out the departments named in running text: the document
    with its duties is the same, and a caller that shows no mentions (`parse`) saves
    the search, and the compiling of its pattern.
    """
    departments = departments or load_departments()
    meta = doc.cleaned.meta
    place = place_of(meta.issuers, meta.title)
    state = _Reading()
    clauses: list[Clause] = []
    for c in doc.clauses:
        if c.kind == "part":
            clauses.append(c)
            continue
        found = find_tag(c.text)
        text = found[0] if found else c.text
        # Tags after sentences inside the clause, one per task it lists, are read first, in
        # the order written (a rule one states holds for the next); like the last one, they
        # leave the clause's text for its duty.
        duties: list[Duty] = []
        if "）" in text or ")" in text:
            kept: list[str] = []
            at = 0
            for m in SENTENCE_TAG.finditer(text):
                if inner := read_tag(m.group(0), departments, place, state, c.id):
                    duties.append(inner)
                    kept.append(text[at : m.start()])
                    at = m.end()
            text = "".join(kept) + text[at:]
        if found:
            if last := read_tag(found[1], departments, place, state, c.id):
                duties.append(last)
            else:
                text += c.text[len(found[0]) :]  # a tag that names nobody stays text
        if duties:
            c = replace(c, text=text, duty=_merge(duties))
        clauses.append(c)
    clauses = _lift_list_tags(clauses, "\n".join(doc.cleaned.paragraphs))
    rows, row_paragraphs = table_rows(doc.cleaned.paragraphs, departments, place)
    clauses = _add_rows(clauses, rows, doc.cleaned.paragraphs)
    assignments = [
        Assignment(c.id, c.label, c.title, c.duty, "table" if c.kind == "row" else "tag")
        for c in clauses
        if c.duty is not None
    ]
    doc = replace(doc, clauses=tuple(clauses))
    named = _mentions(doc, departments, place, row_paragraphs) if mentions else []
    return DutyReport(doc, tuple(state.rules), tuple(assignments), tuple(named))


def _merge(duties: list[Duty]) -> Duty:
    """Return one clause's duties as one: every lead, then every other unit as support."""
    if len(duties) == 1:
        return duties[0]
    lead = _unique([d for duty in duties for d in duty.lead])
    leads = {d.name for d in lead}
    support = [d for d in _unique([d for duty in duties for d in duty.support]) if d.name not in leads]
    modes = {duty.mode for duty in duties}
    return Duty(
        lead=tuple(lead),
        support=tuple(support),
        mode=modes.pop() if len(modes) == 1 else "joint",
        deadline=next((duty.deadline for duty in duties if duty.deadline), None),
        raw="".join(duty.raw for duty in duties),
    )


def _lift_list_tags(clauses: list[Clause], text: str) -> list[Clause]:
    """Give a list's closing tag to the task that introduced the list.

    `3.优化公共卫生服务。具体包括：` `（1）…；` `（2）…。` `（牵头单位：市卫生健康委）`: a tag
    standing as a paragraph of its own after the last item of a list that its parent opened
    with a colon is the task's, not the last item's (a tag ending the item's own paragraph
    stays with the item).
    """
    index = {c.id: k for k, c in enumerate(clauses)}
    last_child: dict[str, str] = {}
    for c in clauses:
        if c.parent is not None:
            last_child[c.parent] = c.id
    for k, c in enumerate(clauses):
        parent = clauses[index[c.parent]] if c.parent in index else None
        if (
            c.duty is None
            or parent is None
            or parent.kind == "part"
            or parent.duty is not None
            or last_child.get(parent.id) != c.id
            or not (parent.text or parent.title or "").rstrip().endswith(("：", ":"))
            or not _own_paragraph(c, text)
        ):
            continue
        clauses[index[parent.id]] = replace(parent, duty=c.duty)
        clauses[k] = replace(c, duty=None)
    return clauses


def _own_paragraph(c: Clause, text: str) -> bool:
    """True if the clause's tag is a paragraph of its own (it ends the clause's span)."""
    assert c.duty is not None
    start = c.span[1] - len(c.duty.raw)
    return start > 0 and text[start - 1] == "\n" and text[start : c.span[1]] == c.duty.raw


def _mentions(doc: Document, departments: Departments, place: str | None, skip: set[str]) -> list[Mention]:
    out: list[Mention] = []
    for c in doc.clauses:
        texts = [c.title or "", *(p for p in c.text.split("\n") if p not in skip)]
        if c.kind == "part" and c.title:
            texts = [p for p in c.text.split("\n") if p not in skip]  # the title names the issuer
        seen: set[str] = set()
        # One search over the clause's paragraphs: no name spans a line break.
        for _, _, dept in departments.find("\n".join(texts), place):
            if dept.name not in seen:
                seen.add(dept.name)
                out.append(Mention(c.id, c.label, dept))
    return out


@record
class TableRow:
    """A row of a task-division table: where it stands, its number, task and duty."""

    paragraph: int
    number: str
    task: str | None
    duty: Duty | None


def table_rows(
    paragraphs: tuple[str, ...], departments: Departments, place: str | None
) -> tuple[list[TableRow], set[str]]:
    """Return the rows of each task-division table, and the texts of all its rows (header too)."""
    out: list[TableRow] = []
    rows_seen: set[str] = set()
    i = 0
    while i < len(paragraphs):
        header = _header(paragraphs[i])
        if header is None:
            i += 1
            continue
        heading = CELL_SPLIT.split(paragraphs[i].strip())
        lead_heading = heading[header["lead"]]
        header_tasks = [k for k, cell in enumerate(heading) if HEADER_TASK.match(cell.strip())]
        rows_seen.add(paragraphs[i])
        i += 1
        row_no = 0
        while i < len(paragraphs):
            cells = CELL_SPLIT.split(paragraphs[i].strip())
            if _group_row(paragraphs, i, len(heading)):
                i += 1  # `（一）优化营商环境` over the rows of its group: the table goes on
                continue
            if len(cells) < 3 or len(cells) <= header["lead"]:
                break
            row_no += 1
            rows_seen.add(paragraphs[i])
            duty = _row_duty(cells, header, lead_heading, paragraphs[i], departments, place)
            number = cells[header["number"]].strip() if "number" in header else ""
            # A row under a task merged from above has its own text in the next task column;
            # so does the first row of the merge: the merged cell names the group, not the row.
            below = CELL_SPLIT.split(paragraphs[i + 1].strip()) if i + 1 < len(paragraphs) else []
            task = _row_task(cells, header_tasks, below)
            out.append(TableRow(i, number if number.isdigit() else str(row_no), task or None, duty))
            i += 1
    return out, rows_seen


def _group_row(paragraphs: tuple[str, ...], i: int, width: int) -> bool:
    """A row of one cell merged across the table (`（一）优化营商环境`), a heading over the
    rows of its group: a short line with no cells, a row of the table's width below it."""
    line = paragraphs[i].strip()
    if "|" in line or len(line) > GROUP_ROW_CHARS or i + 1 >= len(paragraphs):
        return False
    return len(CELL_SPLIT.split(paragraphs[i + 1].strip())) == width


def _row_task(cells: list[str], task_columns: list[int], below: list[str]) -> str | None:
    """Return the text of a row's own task: its first task cell with text, unless that cell is
    merged over the rows below (they leave it empty and fill a later task column), when the
    later column is the row's own (`有序扩大家庭医生来源。` over three rows of 主要内容)."""
    filled = [k for k in task_columns if k < len(cells) and cells[k].strip()]
    if not filled:
        return None
    first = filled[0]
    if len(filled) > 1 and len(below) == len(cells) and not below[first].strip() and below[filled[1]].strip():
        return cells[filled[1]].strip()
    return cells[first].strip()


def _add_rows(clauses: list[Clause], rows: list[TableRow], paragraphs: tuple[str, ...]) -> list[Clause]:
    """Make each row of a task table a clause (kind `row`) under the clause the table sits in.

    A task table is a list of tasks: each row is cited, assigned and compared like a
    numbered item. Its id is the owner's and `rN` (`2.r3`, or `r3` in a part's own text),
    its title the task cell, its duty the row's departments; the row leaves the owner's text.
    """
    offsets = []
    pos = 0
    for p in paragraphs:
        offsets.append(pos)
        pos += len(p) + 1
    seen = {c.id for c in clauses}
    for row in rows:
        start, line = offsets[row.paragraph], paragraphs[row.paragraph]
        # The owner: the last clause whose own text holds the row's paragraph.
        k = max(
            (n for n, c in enumerate(clauses) if c.span[0] <= start <= c.span[1] and line in c.text.split("\n")),
            default=None,
        )
        if k is None:
            continue
        owner = clauses[k]
        lines = owner.text.split("\n")
        lines.remove(line)
        clauses[k] = owner = replace(owner, text="\n".join(lines))
        base = f"{owner.id}." if owner.kind != "part" else ("" if owner.id == "doc" else f"{owner.id}.")
        clause_id = base + f"r{row.number}"
        n = 1
        while clause_id in seen:
            n += 1
            clause_id = base + f"r{row.number}~{n}"
        seen.add(clause_id)
        clause = Clause(
            id=clause_id,
            parent=owner.id,
            level=owner.level + 1,
            kind="row",
            marker="",
            number=int(row.number),
            label=(owner.label if owner.kind != "part" else "") + f"r{row.number}",
            title=row.task,
            text="" if row.duty else line,
            span=(start, start + len(line)),
            duty=row.duty,
        )
        # After the owner's descendants that come before the row in the text.
        subtree, at = {owner.id}, k + 1
        while at < len(clauses) and clauses[at].parent in subtree and clauses[at].span[0] < start:
            subtree.add(clauses[at].id)
            at += 1
        clauses.insert(at, clause)
    return clauses


def _header(paragraph: str) -> dict[str, int] | None:
    """Return the column of each known header of a task-division table row, or None."""
    if not ANY_LEAD_HEADER.search(paragraph):
        return None
    return table_header(CELL_SPLIT.split(paragraph.strip()))


# The columns of a task-division table by their header cell, in the order they are asked.
HEADER_COLUMNS = (
    ("number", HEADER_NUMBER),
    ("task", HEADER_TASK),
    ("lead", HEADER_LEAD),
    ("support", HEADER_SUPPORT),
    ("deadline", HEADER_DEADLINE),
)


def header_column(cell: str) -> str | None:
    """Return what a task table's header cell names (`牵头单位` → `lead`), or None."""
    return next((key for key, pattern in HEADER_COLUMNS if pattern.match(cell.strip())), None)


def table_header(cells: list[str]) -> dict[str, int] | None:
    """Return the column of each known header of a task table's header row, or None when the
    row names no task column and no lead (or responsible) column."""
    if len(cells) < 3:
        return None
    columns: dict[str, int] = {}
    for k, cell in enumerate(cells):
        if key := header_column(cell):
            columns.setdefault(key, k)
    if "task" in columns and "lead" in columns:
        return columns
    return None


def _row_duty(
    cells: list[str], header: dict[str, int], lead_heading: str, raw: str, departments: Departments, place: str | None
) -> Duty | None:
    """Return the duty of one table row: its lead and support columns and its deadline."""

    def cell(key: str) -> str:
        k = header.get(key)
        return cells[k].strip() if k is not None and k < len(cells) else ""

    lead = _names(cell("lead"), departments, place)
    support = _names(cell("support"), departments, place)
    if not (lead or support):
        return None
    deadline = deadline_value(cell("deadline")) if cell("deadline") else None
    mode = "lead" if lead_heading.strip() in LEAD_LABELS else "joint"
    return Duty(lead=tuple(lead), support=tuple(support), mode=mode, deadline=deadline, raw=raw)


@record
class DeptSummary:
    """One department over all documents: names seen and clauses led/supported."""

    name: str
    raw_names: tuple[str, ...]
    known: bool
    lead: int
    support: int

    @property
    def clauses(self) -> int:
        return self.lead + self.support

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "raw_names": list(self.raw_names),
            "known": self.known,
            "lead": self.lead,
            "support": self.support,
            "clauses": self.clauses,
        }


def summarize(reports: list[DutyReport], current: bool = False) -> list[DeptSummary]:
    """Return per-department counts over all documents, most clauses first."""
    counts: OrderedDict[str, dict[str, Any]] = OrderedDict()
    for report in reports:
        for a in report.assignments:
            for role, depts in (("lead", a.duty.lead), ("support", a.duty.support)):
                for d in depts:
                    name = d.current if current else d.name
                    row = counts.setdefault(name, {"raw": [], "known": d.known, "lead": 0, "support": 0})
                    row[role] += 1
                    if d.raw not in row["raw"]:
                        row["raw"].append(d.raw)
    rows = [DeptSummary(n, tuple(r["raw"]), r["known"], r["lead"], r["support"]) for n, r in counts.items()]
    return sorted(rows, key=lambda r: (-r.clauses, -r.lead))
