"""Quantitative targets and reported results, each with the clause it stands in.

A target is a number with a unit that completes a commitment verb (`覆盖率不低于80%`,
`龋患率控制在30%以内`, `人均预期寿命…提高1岁左右`), a range (`培养1—2名`), or 全覆盖 ending
a phrase (100%). Its deadline is the `到2025年` / `2025年前` / `展望2035年` before it in the
same sentence, else the last one earlier in the same clause (a dash bullet also inherits
its parent's). `从A提高到B`, the figures of a background section (规划背景, 发展基础) and
figures for a year before the document's own are results already achieved, not targets.
Rows of a main-indicator table (`指标 | 2020年 | 2025年 | 性质`) are targets for the
last year column, with the earlier column as baseline.

Numbers that only count a subject (`832个脱贫县`), ages in a population name
(`65岁以上老年人`), grades (`二级以上`), dates and document numbers are never values:
a value needs a verb, a range, or a table cell.
"""

from __future__ import annotations

import unicodedata
from dataclasses import field, replace
from typing import Any

import regex

from policytool.chars import is_han
from policytool.duties import CELL_SPLIT
from policytool.model import TARGETS_SCHEMA, Clause, Document, record
from policytool.patterns import LazyPattern, lazy_regex
from policytool.segment import cn_number

#: Comparators, in the order the docs list them.
COMPARATORS = (">=", "<=", "=", "≈", "increase", "decrease", "range")

# ── Numbers and units ────────────────────────────────────────────────────────────
# 40, 10.25, ８０, 十二, 两 (Chinese numerals only ever after a verb: 三孩, 五项 are names).
_CN_DIGIT = "[零〇一二三四五六七八九十百千两]"
_NUM = rf"(?:[0-9０-９]+(?:[.．][0-9０-９]+)?|{_CN_DIGIT}+)"
# Units, longest first so `个百分点` wins over `个` and `万人` over `万`.
UNITS = (
    "个百分点", "百分点", "/10万", "/万", "‰", "%", "％",
    "万人次", "人次", "万人", "万元", "亿元", "万张", "万名", "万个", "万家", "万户", "万吨", "万", "亿",
    "平方米", "公里", "小时", "分钟",
    "岁", "元", "名", "个", "张", "人", "家", "所", "种", "项", "床", "次", "倍", "户", "天", "台", "套", "座",
    "辆", "件", "例",
)  # fmt: skip
_UNIT = "(?:" + "|".join(regex.escape(u) for u in UNITS) + ")"
# Units that count things: a range of them is followed by what is counted (`1—2名骨干人员`).
COUNT_UNITS = frozenset("名个张人家所种项床台套座辆件例户") | {"万人", "万名", "万个", "万家", "万张", "万户"}
# A count in Arabic digits of things counted: `30所`, `2万个`, `500名`.
_COUNT_ITEM = (
    r"[0-9０-９]+(?:[.．][0-9０-９]+)?\s*(?:"
    + "|".join(regex.escape(u) for u in sorted(COUNT_UNITS, key=len, reverse=True))
    + ")"
)
# A range between two numbers: 1—2, 10%-15%, 1至2.
_DASH = r"[—–\-~～至到－]"
# One amount: `约80%`, `1—2名`, `10%—15%`, `2000多万人`. Spaces are taken after each part
# (`{_UNIT}\s*`), never by two `\s*` in a row: those split a run of spaces every way there is
# before a failing match gave up (quadratic in the run).
_ITEM = rf"(?:约|近|大约)?{_NUM}\s*(?:{_UNIT}\s*)?(?:{_DASH}\s*{_NUM}\s*)?(?:(?:多|余)\s*)?{_UNIT}?"
# One amount with its parts named (the same shape as _ITEM).
ITEM = lazy_regex(
    rf"(?P<approx>约|近|大约)?(?P<low>{_NUM})\s*(?:(?P<low_unit>{_UNIT})\s*)?"
    rf"(?:{_DASH}\s*(?P<high>{_NUM})\s*)?(?:(?P<more>多|余)\s*)?(?P<unit>{_UNIT})?"
)
# A number as a table cell may hold it: `80`, `77.93`.
PLAIN_NUMBER = lazy_regex(r"\d+(?:\.\d+)?")
# Between the items of a list of indicators: `高血压、Ⅱ型糖尿病`, `城市和农村`.
ITEM_SEPARATOR = lazy_regex(r"[、和及与]")
# Words after an amount: `以上` (>=), `以内`/`以下` (<=), `左右` (≈).
_SUFFIX = r"(?P<suffix>及以上|以上|及以下|以下|以内|之内|左右|上下)?"

# ── Verbs, by what they make of the amount after them ─────────────────────────────
# A level reached: `提高到74元`, `降至5.4‰`, `达到85%`, `稳定在80%`, `扩大到30种` (not 下达2000万元).
_LEVEL = (
    r"(?:提高|提升|增加|增长|上升|扩大|降低|下降|减少|缩短|缩小|压缩|降|增|升)(?:到|至)"
    r"|达到|(?<![下传表送抵发通])达|稳定在|保持在|维持在|不低于|不少于|不小于|不下于|超过|高于|大于|多于|至少"
    r"|不高于|不超过|不大于|不多于|低于|少于|小于|控制在|≥|>=|＞|>|≤|<=|＜|<"
    # A rule's wording: `不得低于55%`, `不应少于20名`, `不得超过30%`.
    r"|不[得应宜](?:低于|少于|小于|高于|超过|大于|多于)"
)
# An amount of change: `提高1岁`, `下降53%`, `减少10个百分点`.
_CHANGE = r"提高|提升|增加|增长|上升|扩大|降低|下降|减少|缩短|缩小|压缩"
# Verbs that commit to building or training a number of things: `建成1000家`, `培养500名`.
_COUNT_VERB = r"建成|新建|改扩建|建设|新增|培养|培训|招聘|招收|设立|配备|打造|创建|遴选|布局|引进|认定"
# 为 only when the amount ends the phrase (`比例为20%。`), never `为65岁以上老年人…`.
_IS = r"为"
# The verb's comparator; a suffix may override it (达到65%以上 is >=).
VERB_COMPARATOR: tuple[tuple[LazyPattern, str], ...] = (
    (lazy_regex(r"^(?:不[得应宜]?(?:低于|少于|小于)|不下于|超过|高于|大于|多于|至少|≥|>=|＞|>)$"), ">="),
    (lazy_regex(r"^(?:不[得应宜]?(?:高于|超过|大于|多于)|低于|少于|小于|控制在|≤|<=|＜|<)$"), "<="),
    (lazy_regex(rf"^(?:{_CHANGE})$"), "change"),
)
INCREASE = lazy_regex(r"^(?:提高|提升|增加|增长|上升|扩大|增|升)")

# Everything a sentence can state, tried left to right, alternatives in priority order.
TARGET = lazy_regex(
    rf"""
    # 从10.25%提高到23.15%   由8.1‰降至5.4‰   由2015年的10%提高到2020年的23%: with a baseline
    (?P<from>[从由])(?:\d{{4}}年(?:底|末)?的?)?(?P<base>{_NUM})\s*(?:{_UNIT}\s*)?(?:{_CHANGE}|降|增|升)?(?:到|至)
        (?:(?P<toyear>\d{{4}})年(?:底|末)?的?)?(?P<fq>{_ITEM}){_SUFFIX.replace("suffix", "fsuffix")}
    # 不低于80%  达到65%以上  控制在30%以内  提高到74元  分别稳定在80%和70%左右
  | (?P<verb>{_LEVEL})\s*(?P<q>{_ITEM}(?:\s*[、和及与]\s*{_ITEM})*){_SUFFIX}
    # 提高1岁左右  下降53%  减少10个百分点
  | (?P<cverb>{_CHANGE})(?P<cq>{_ITEM}){_SUFFIX.replace("suffix", "csuffix")}
    # 建成1000家以上智慧医院  培养500名全科医生  至少建成1个: a count of what follows (Arabic
    # digits only); 至少 or 不少于 before the verb makes it a floor
  | (?P<kmin>至少|不少于|不低于)?(?P<kverb>{_COUNT_VERB})(?P<kq>{_ITEM}){_SUFFIX.replace("suffix", "ksuffix")}
    # 新建公办幼儿园30所  新增学位2万个: what is counted between the verb and its number, which
    # ends the phrase (Arabic digits only)
  | (?P<overb>{_COUNT_VERB})(?P<obj>\p{{Han}}{{1,12}}?)(?P<oq>{_COUNT_ITEM}){_SUFFIX.replace("suffix", "osuffix")}
        (?!\p{{Han}}|\d)
    # 比例为20%
  | (?P<is>{_IS})(?P<iq>{_ITEM}){_SUFFIX.replace("suffix", "isuffix")}(?=[，。；、,;：:）)\n]|$)
    # 培养1—2名  10%—15%: a range needs no verb. It starts where a number does, not after a
    # digit, a point or 第; inside a run of Chinese numerals only at the first place allowed (the
    # run's first numeral, or its second after 第): a later start ends where the first does,
    # and trying each read the rest of the run again (a run of 10,000 numerals: 15 s).
  | (?<![\d.．第])(?:(?!{_CN_DIGIT})|(?<!{_CN_DIGIT})|(?<=[\d.．第]{_CN_DIGIT}))
    (?P<range>{_NUM}\s*(?:{_UNIT}\s*)?{_DASH}\s*{_NUM}\s*{_UNIT})
    # 实现二级以上医院全覆盖 (not 全覆盖成果, 全覆盖的体系)
  | (?P<full>全覆盖)(?=[，。；、,;：:）)\n]|$)
    """,
    regex.VERBOSE,
)

# A sentence without any of these holds no target: skip it before trying TARGET.
MAY_HOLD = lazy_regex(r"[0-9０-９零〇一二三四五六七八九十两]|全覆盖")

# ── Years ────────────────────────────────────────────────────────────────────────
# Deadlines and periods in a sentence; `在2020年基础上` and `比2020年` are baselines, not these.
YEAR_MARK = lazy_regex(
    r"""
      (?<![(（])(?P<start>\d{4})年?\s*(?:[—–\-~～至到－])\s*(?P<end>\d{4})年(?![)）])  # 2015年至2020年: its end
    | (?:到|至|截至|截止到?|展望|力争|预计|计划)(?P<by>\d{4})年(?:底|末)?   # 到2025年, 展望2035年
    | (?P<before>\d{4})年(?:底|末)?(?:前|以前|之前)                          # 2025年前, 2022年底前
    | ^(?P<lead>\d{4})年(?:底|末)?[，,]                                      # 2025年，…  (opening a sentence)
    | (?P<plan>十[一二三四五六七八九]五)”?(?:期末|末期|末)                    # “十四五”期末
    """,
    regex.VERBOSE,
)
# Where a document says which year a five-year plan ends: `“十四五”时期（2021—2025年）`,
# `到2025年（“十四五”期末）`. Spaces after the year are read once (`\s*(?:年\s*)?`).
PLAN_END = lazy_regex(
    r"(?P<plan>十[一二三四五六七八九]五)”?(?:时期|期间|规划期|期末|末期|末)?\s*[（(]\s*(?:\d{4}\s*[—–\-~～至到－]\s*)?"
    r"(?P<end>\d{4})\s*(?:年\s*)?[）)]"
    r"|到(?P<end2>\d{4})年\s*[（(]\s*“?(?P<plan2>十[一二三四五六七八九]五)”?(?:期末|末期|末)\s*[）)]"
)

# ── Sentences and the phrase before a value ──────────────────────────────────────
SENTENCE = lazy_regex(r"[^。；;！？!?\n]+[。；;！？!?]?")
# What a phrase's text is trimmed of at its edges: spaces and the 、 between items of a list.
LIST_EDGE = " \t\u3000、"
# The phrase a value belongs to starts after the last of these.
PHRASE_BREAK = lazy_regex(r"[，,：:]")
# Words that open a phrase but are not part of the thing measured.
LEADING = lazy_regex(
    r"^(?:(?:到|至|截至|展望|力争|预计)?\d{4}年(?:底|末)?(?:前|以前|之前)?[，,]?"
    r"|“?十[一二三四五六七八九]五”?(?:期末|末期|末|时期|期间)[，,]?"
    r"|其中|同时|力争|确保|保障(?!性)|实现|推动|努力|逐步|进一步|使(?!用))"
)
# Words that end a phrase before its verb but are not part of the thing measured.
TRAILING = lazy_regex(
    r"(?:继续|进一步|逐步|稳步|力争|(?<![人平年])均|分别|持续|基本|全面|总体|平均|(?<![需重主必])要|将|已经?|累计|显著|明显"
    r"|大幅|有效|保持|稳定|年均|每年)$"
)
# A baseline year stated inside the phrase: `在2020年基础上`, `比2020年`, `较2015年`.
BASELINE_YEAR = lazy_regex(r"在?\d{4}年(?:的)?基础上|[比较]\d{4}年(?:末|底)?")
# A result already reached, said so in the sentence: `已达到`, `累计建成`.
PAST = lazy_regex(r"(?:已经?|累计)(?:达到|达|超过|提高|提升|下降|降至|增加|实现|完成|覆盖|建成)")
# Titles of background sections, whose figures are results: 规划背景, 发展基础, 发展现状.
BACKGROUND = lazy_regex(r"背景|发展基础|工作基础|现状|回顾|成就|取得的成效|发展环境")

# ── Main-indicator tables ──────────────────────────────────────────────────────────
# Header cells: `指标`, `主要指标`, `指标名称`; `2020年`, `2025年（目标值）`; `性质`. After 年,
# anything but a closing bracket, which may end the cell.
HEADER_INDICATOR = lazy_regex(r"^(?:主要)?指标(?:名称)?$")
HEADER_YEAR = lazy_regex(r"^(?P<y>\d{4})\s*年[^）)]*[）)]?$")
# A unit in an indicator name: `人均预期寿命（岁）`, `孕产妇死亡率(1/10万)`. The name grows by a
# character or a whole run of spaces at a time, so the spaces before the bracket are read once,
# not again from each of them (a name with a long run of spaces: quadratic).
NAME_UNIT = lazy_regex(r"^(?P<name>.(?:[^\S\n]++|\S)*?)\s*[（(](?P<unit>[^（）()]+)[）)]$")
# A value cell: `77.93`, `≥80`, `<5.2`, `25以上`, `约30%` (spaces taken after each part, as in _ITEM).
CELL_VALUE = lazy_regex(
    rf"^(?P<sign>≥|≤|>=|<=|＞|＜|>|<|约)?\s*(?P<num>{_NUM})\s*(?:(?P<unit>{_UNIT})\s*)?(?P<suffix>以上|以下|以内|左右)?$"
)

Number = int | float


@record
class Target:
    """One quantitative target, or a result already achieved.

    ``clause`` and ``label`` the clause it stands in; ``indicator`` the thing measured,
    trimmed to its noun phrase (``12岁儿童龋患率``); ``comparator`` one of COMPARATORS
    (``increase``/``decrease``: ``value`` is the amount of change); ``value`` a number,
    or [low, high] for a range; ``unit`` as written (``%``, ``‰``, ``岁``, ``/10万``, ``名``…);
    ``year`` the deadline or, for a result, the year it refers to (None if not stated);
    ``baseline`` the starting value where stated (``从10.25%提高到23.15%``: 10.25);
    ``kind`` ``target`` or ``achieved``; ``approximate`` True for 约/左右; ``text`` the
    phrase verbatim (a table row: the whole row); ``span`` [start, end) of ``text`` in the
    cleaned text, as for Clause.span (a bullet's target may sit in its title); ``source``
    ``text`` or ``table`` (a row of a main-indicator table).
    """

    clause: str
    label: str
    indicator: str
    comparator: str
    value: Number | tuple[Number, Number]
    unit: str
    year: int | None
    baseline: Number | None
    kind: str
    approximate: bool
    text: str
    span: tuple[int, int]
    source: str = "text"

    def to_dict(self) -> dict[str, Any]:
        return {
            "clause": self.clause,
            "label": self.label,
            "indicator": self.indicator,
            "comparator": self.comparator,
            "value": list(self.value) if isinstance(self.value, tuple) else self.value,
            "unit": self.unit,
            "year": self.year,
            "baseline": self.baseline,
            "kind": self.kind,
            "approximate": self.approximate,
            "text": self.text,
            "span": list(self.span),
            "source": self.source,
        }


@record
class TargetReport:
    """Everything `policytool targets` knows of one document."""

    document: Document
    targets: tuple[Target, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.document.cleaned.source.to_dict(),
            "meta": self.document.cleaned.meta.to_dict(),
            "targets": [t.to_dict() for t in self.targets],
        }


def number(text: str) -> Number | None:
    """Return the value of `80`, `23.15`, `８０`, `十二`; an int when whole."""
    text = unicodedata.normalize("NFKC", text).replace("．", ".")
    if PLAIN_NUMBER.fullmatch(text):
        value = float(text)
        return int(value) if value.is_integer() and "." not in text else value
    return cn_number(text)


def _unit(text: str | None) -> str:
    return (text or "").replace("％", "%")


def _item_unit(item: regex.Match[str]) -> str:
    """Return the unit of one amount: `1.2亿人` is 亿人; `10%—15%` is %."""
    if item["low_unit"] and item["unit"] and not item["high"]:
        return _unit(item["low_unit"] + item["unit"])
    return _unit(item["unit"] or item["low_unit"])


def find_targets(document: Document) -> tuple[Target, ...]:
    """Return the quantitative targets and achieved results of a parsed document, in order.

    Args:
        document: a parsed document (``policytool.parse(cleaned)``).

    >>> doc = parse(clean("到2025年，产前筛查率不低于75%。".encode()))  # doctest: +SKIP
    >>> [(t.indicator, t.comparator, t.value, t.unit, t.year) for t in find_targets(doc)]  # doctest: +SKIP
    [('产前筛查率', '>=', 75, '%', 2025)]
    """
    context = _Context.of(document)
    out: list[Target] = []
    opening: dict[str, list[int | None]] = {}  # the years each clause's first paragraph states
    for clause in document.clauses:
        # A dash bullet continues the sentence that opens its parent (`到2025年，…`).
        inherited = opening.get(clause.parent or "", [])[-1:] if clause.kind == "bullet" else []
        found, opening[clause.id] = _clause_targets(clause, context, inherited)
        out += found
    return tuple(out)


@record
class _Context:
    """What the whole document tells about every clause: its year and background sections."""

    text: str
    doc_year: int | None
    plan_ends: dict[str, int]
    background: frozenset[str]

    @staticmethod
    def of(document: Document) -> _Context:
        date = document.cleaned.meta.date
        doc_year = int(date[:4]) if date and date[:4].isdigit() else None
        text = document.cleaned.text
        plan_ends: dict[str, int] = {}
        for m in PLAN_END.finditer(text):
            plan_ends.setdefault(m["plan"] or m["plan2"], int(m["end"] or m["end2"]))
        by_id = {c.id: c for c in document.clauses}
        background = set()
        for c in document.clauses:
            top = c
            while top.level > 1 and top.parent in by_id:
                top = by_id[top.parent]
            if top.level == 1 and top.title and BACKGROUND.search(top.title):
                background.add(c.id)
        return _Context(text, doc_year, plan_ends, frozenset(background))


def _clause_targets(
    clause: Clause, context: _Context, inherited: list[int | None]
) -> tuple[list[Target], list[int | None]]:
    """Return the targets of one clause and the years its title and first paragraph state."""
    out: list[Target] = []
    years = list(inherited)
    opening: list[int | None] = []
    table: _Table | None = None
    lines = _lines(clause, context.text)
    first = 1 if lines and clause.title and lines[0][0] == clause.title else 0  # the first paragraph's line
    for k, (line, pos) in enumerate(lines):
        header = _Table.read(line)
        if header is not None:
            table = header
        elif table is not None and (row := table.row(line)) is not None:
            out += [_with_clause(t, clause, pos, context) for t in row]
        else:
            table = None
            for m in SENTENCE.finditer(line):
                out += _sentence_targets(m.group(0), pos + m.start(), clause, context, years)
        if k <= first:
            opening = years[len(inherited) :]
    return out, opening


def _lines(clause: Clause, text: str) -> list[tuple[str, int]]:
    """Return the title (a bullet's `覆盖率达到90%以上` is one) and lines of a clause, each
    with its offset in the cleaned text."""
    lines = [] if clause.kind == "part" or not clause.title else [clause.title]
    lines += clause.text.split("\n") if clause.text else []
    out = []
    cursor = clause.span[0]
    for line in lines:
        at = text.find(line, cursor) if line else -1
        if at < 0:
            continue
        out.append((line, at))
        cursor = at + len(line)
    return out


def _with_clause(t: Target, clause: Clause, offset: int, context: _Context) -> Target:
    kind = _kind(t.year, context, clause, past=False, reported=False)
    span = (offset + t.span[0], offset + t.span[1])
    return replace(t, clause=clause.id, label=clause.label, kind=kind, span=span)


def _kind(year: int | None, context: _Context, clause: Clause, *, past: bool, reported: bool) -> str:
    """Return ``achieved`` for a result already reached, else ``target``.

    A result: in a background section, said with 已/累计, for a year before the document's,
    or `从A提高到B` without a deadline still to come.
    """
    if clause.id in context.background or past or _before(year, context):
        return "achieved"
    if reported and not (year is not None and context.doc_year is not None and year >= context.doc_year):
        return "achieved"
    return "target"


def _before(year: int | None, context: _Context) -> bool:
    """True if ``year`` is before the year the document was written."""
    return year is not None and context.doc_year is not None and year < context.doc_year


def _year_of(m: regex.Match[str], context: _Context) -> int | None:
    for key in ("end", "by", "before", "lead"):
        if m[key]:
            return int(m[key])
    return context.plan_ends.get(m["plan"])


def _sentence_targets(
    sentence: str, offset: int, clause: Clause, context: _Context, years: list[int | None]
) -> list[Target]:
    """Return the targets of one sentence; append the years it states to ``years``."""
    marks = [(m.start(), _year_of(m, context)) for m in YEAR_MARK.finditer(sentence)]
    year_before = years[-1] if years else None
    years += [y for _, y in marks]
    if not MAY_HOLD.search(sentence):
        return []
    past = bool(PAST.search(sentence))
    out: list[Target] = []
    phrase_floor = 0
    for m in TARGET.finditer(sentence):
        read = _read(m, sentence)
        if read is None:
            continue
        comparator, values, unit, baseline, approximate, after = read
        start = max(phrase_floor, _phrase_start(sentence, m.start()))
        if after:  # 培养1—2名骨干人员: the indicator is what is counted
            end = _phrase_end(sentence, m.end())
            indicator = _trim(sentence[m.end() : end])
        elif m["overb"]:  # 新建公办幼儿园30所: what is counted stands before the number
            end = m.end()
            indicator = _trim(m["obj"])
        else:
            end = m.end()
            head = m.start() if not m["from"] else m.start("from")
            indicator = _trim(sentence[start:head])
        phrase_floor = m.end()
        year = next((y for p, y in reversed(marks) if p < m.start()), year_before)
        if m["toyear"]:
            year = int(m["toyear"])  # 由2015年的10%提高到2020年的23%
        kind = _kind(year, context, clause, past=past, reported=m["from"] is not None)
        raw = sentence[start:end]
        start += len(raw) - len(raw.lstrip(LIST_EDGE))  # `、新增学位2万个`: the list's mark is not the phrase's
        raw = raw.strip(LIST_EDGE)
        span = (offset + start, offset + start + len(raw))
        target = Target(clause.id, clause.label, indicator, comparator, 0, unit, year, baseline, kind, approximate,
                        raw, span)  # fmt: skip
        out += [replace(target, value=value) for value in values]
    return out


def _phrase_start(sentence: str, at: int) -> int:
    """Return where the phrase holding position ``at`` starts (after the last comma)."""
    breaks = [m.end() for m in PHRASE_BREAK.finditer(sentence, 0, at)]
    return breaks[-1] if breaks else 0


def _phrase_end(sentence: str, at: int) -> int:
    m = PHRASE_BREAK.search(sentence, at)
    end = m.start() if m else len(sentence)
    return len(sentence[:end].rstrip("。；;！？!?"))


def _trim(phrase: str) -> str:
    """Return the noun phrase of the thing measured: no year, adverbs or baseline year."""
    phrase = BASELINE_YEAR.sub("", phrase.strip(LIST_EDGE))
    changed = True
    while changed and phrase:
        changed = False
        for pattern, cut in ((LEADING, lambda s, m: s[m.end() :]), (TRAILING, lambda s, m: s[: m.start()])):
            m = pattern.search(phrase)
            if m and m.group(0):
                phrase = cut(phrase, m).strip()
                changed = True
    return phrase


_Read = tuple[str, list[Any], str, Any, bool, bool]


def _read(m: regex.Match[str], sentence: str) -> _Read | None:
    """Return (comparator, values, unit, baseline, approximate, counted_after) of a match.

    None when the match is not a target after all: an age in a population name
    (`为65岁以上老年人`), a Chinese numeral before a noun (`提高到一个新水平`).
    """
    following = sentence[m.end() : m.end() + 1]
    if m["full"]:
        return "=", [100], "%", None, False, False
    if m["range"]:
        item = ITEM.fullmatch(m["range"])
        assert item is not None
        unit = _unit(item["unit"])
        if unit == "岁":  # 18—35岁青年: an age band names a population
            return None
        value = (number(item["low"]), number(item["high"]))
        counted = unit in COUNT_UNITS and is_han(following)
        return "range", [value], unit, None, False, counted
    if m["from"]:
        items, suffix = m["fq"], m["fsuffix"]
        verb = "="
    elif m["verb"]:
        items, suffix, verb = m["q"], m["suffix"], m["verb"]
    elif m["cverb"]:
        items, suffix, verb = m["cq"], m["csuffix"], m["cverb"]
    elif m["kverb"]:
        items, suffix, verb = m["kq"], m["ksuffix"], m["kmin"] or "="
    elif m["overb"]:
        items, suffix, verb = m["oq"], m["osuffix"], "="
    else:
        items, suffix, verb = m["iq"], m["isuffix"], "="
    parsed = [ITEM.fullmatch(x.strip()) for x in ITEM_SEPARATOR.split(items)]
    if not all(parsed):
        return None
    units = [_item_unit(p) for p in parsed]  # type: ignore[arg-type]
    last_unit = next((u for u in reversed(units) if u), "")
    if not last_unit:
        return None
    units = [u or last_unit for u in units]
    if any(u == "岁" for u in units) and is_han(following):
        return None  # 65岁以上老年人
    first = parsed[0]
    assert first is not None
    counted = m["kverb"] is not None and is_han(following)
    if not first["low"][0].isdigit() and (counted or m["overb"] or is_han(following)):
        return None  # 提高到一个新水平, 建设一批…, 建设国家级一流
    comparator = _comparator(verb, suffix, m["cverb"] is not None)
    approximate = suffix in ("左右", "上下") or any(p["approx"] for p in parsed)  # type: ignore[index]
    if approximate and comparator == "=":
        comparator = "≈"
    if any(p["more"] for p in parsed) and comparator == "=":  # type: ignore[index]
        comparator = ">="  # 1000多家
    values: list[Any] = []
    for p in parsed:
        assert p is not None
        low = number(p["low"])
        values.append((low, number(p["high"])) if p["high"] else low)
    if any(isinstance(v, tuple) for v in values):
        comparator = "range"  # 控制在10%—15%
    baseline = number(m["base"]) if m["from"] else None
    return comparator, values, last_unit, baseline, approximate, counted


def _comparator(verb: str, suffix: str | None, change: bool) -> str:
    """Return the comparator a verb and the word after the amount give together."""
    if change:
        return "increase" if INCREASE.match(verb) else "decrease"
    if suffix in ("以上", "及以上"):
        return ">="
    if suffix in ("以下", "及以下", "以内", "之内"):
        return "<="
    for pattern, comparator in VERB_COMPARATOR:
        if pattern.match(verb):
            return comparator
    return "="


@record
class _Table:
    """The header of a main-indicator table: which column holds what."""

    indicator: int
    target: int
    target_year: int
    baseline: int | None
    width: int

    @staticmethod
    def read(line: str) -> _Table | None:
        """Return the columns of a header row (`指标 | 2020年 | 2025年 | 性质`), or None."""
        cells = [c.strip() for c in CELL_SPLIT.split(line.strip())]
        if len(cells) < 3:
            return None
        indicator = next((k for k, c in enumerate(cells) if HEADER_INDICATOR.match(c)), None)
        years = [(k, int(m["y"])) for k, c in enumerate(cells) if (m := HEADER_YEAR.match(c))]
        if indicator is None or not years:
            return None
        target, year = years[-1]
        baseline = years[-2][0] if len(years) > 1 else None
        return _Table(indicator, target, year, baseline, len(cells))

    def row(self, line: str) -> list[Target] | None:
        """Return the target of one row (none if its value is not a number); None past the table."""
        cells = [c.strip() for c in CELL_SPLIT.split(line.strip())]
        if len(cells) < 3 or len(cells) > self.width:
            return None
        shift = self.width - len(cells)  # a merged category cell (领域) leaves a row short on the left

        def cell(k: int | None) -> str:
            return cells[k - shift] if k is not None and 0 <= k - shift < len(cells) else ""

        name = cell(self.indicator)
        unit = ""
        if (m := NAME_UNIT.match(name)) and regex.fullmatch(rf"1?{_UNIT}", m["unit"].strip()):
            name, unit = m["name"], _unit(m["unit"].strip().removeprefix("1"))
        value = _cell_value(cell(self.target))
        if not name or value is None:
            return []
        comparator, amount, cell_unit, approximate = value
        base = _cell_value(cell(self.baseline))
        baseline = base[1] if base and not isinstance(base[1], tuple) else None
        span = (0, len(line))
        target = Target(
            "", "", name, comparator, amount, cell_unit or unit, self.target_year, baseline, "target",
            approximate, line, span, "table",
        )  # fmt: skip
        return [target]


def _cell_value(text: str) -> tuple[str, Any, str, bool] | None:
    """Return (comparator, value, unit, approximate) of a table cell, or None if it has no number."""
    text = text.strip()
    if not text:
        return None
    if m := CELL_VALUE.match(text):
        sign, suffix = m["sign"] or "", m["suffix"]
        comparator = _comparator(sign, suffix, False) if sign != "约" else "≈"
        if suffix == "左右":
            comparator = "≈"
        return comparator, number(m["num"]), _unit(m["unit"]), sign == "约" or suffix == "左右"
    m = TARGET.search(text)
    if m is None:
        return None
    read = _read(m, text)
    if read is None:
        return None
    comparator, values, unit, _, approximate, _ = read
    return comparator, values[0], unit, approximate


__all__ = ["COMPARATORS", "TARGETS_SCHEMA", "Target", "TargetReport", "find_targets", "number"]
