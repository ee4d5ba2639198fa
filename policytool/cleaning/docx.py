"""A Word document (.docx) → paragraphs as the reader sees them, numbering and tables included.

The document's XML is read directly (zipfile and ElementTree, both in the standard library):
python-docx builds an object for every run and knows nothing of list numbering, whose
markers (一、 （一） 1.) a reader of a 公文 sees and the clause tree is built from. The
numbering definitions (numbering.xml) and the styles that carry them (styles.xml) give
each numbered paragraph its marker, counted as Word counts it. Tables become one paragraph
a row, cells joined by ` | ` and merged cells as a spreadsheet stores them, read as a
sheet is (cleaning/sheets.py). Headers, footers, footnotes and comments live in other
parts and are not read; tracked deletions are left out and insertions kept; a field gives
its result, not its code.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from policytool.ingest import InputError
from policytool.model import Removed

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
DOCUMENT = "word/document.xml"
NUMBERING = "word/numbering.xml"
STYLES = "word/styles.xml"
# The most a document's XML may take unpacked (a zip bomb says it is small and is not).
MAX_XML_BYTES = 200_000_000
# Runs of these hold no text of the document: deletions, a field's code, comment marks.
SKIPPED = frozenset(f"{W}{tag}" for tag in ("del", "moveFrom", "instrText", "delInstrText", "rPr", "pPr"))
# What a field's code may hold besides its instrText: shown only as its result.
FIELD_CODE_TEXT = frozenset(f"{W}{tag}" for tag in ("t", "tab", "ptab", "br", "cr", "noBreakHyphen", "sym"))
# Characters of a private-use font (Wingdings, Symbol) a w:sym draws: a picture, not text.
PRIVATE_USE = range(0xE000, 0xF900)
# Word's number formats, by what each writes for 1, 2, 3.
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
LEGAL_DIGITS = str.maketrans("一二三四五六七八九十百千", "壹贰叁肆伍陆柒捌玖拾佰仟")


@dataclass(frozen=True)
class Level:
    """One level of a list: how its number is written and where it starts."""

    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    suffix: str = "tab"
    legal: bool = False  # `isLgl`: every number of the marker in Arabic digits
    restart: int | None = None  # `lvlRestart`: restarts after this level (1-based); 0 never


@dataclass
class Numbering:
    """The numbering definitions, and the counters as the document is read in order."""

    abstract_of: dict[str, str] = field(default_factory=dict)  # numId → abstractNumId
    levels: dict[str, dict[int, Level]] = field(default_factory=dict)  # abstractNumId → levels
    overrides: dict[str, dict[int, Level | int]] = field(default_factory=dict)  # numId → level or start
    # abstractNumId → each level's count so far (None: not counted since it last restarted)
    counters: dict[str, list[int | None]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)  # numIds whose start overrides were applied

    def marker(self, num_id: str, ilvl: int) -> str:
        """Count one more item at this level and return its marker (`（三）`), or ``""``."""
        abstract = self.abstract_of.get(num_id)
        if abstract is None or num_id == "0":
            return ""
        levels = dict(self.levels.get(abstract, {}))
        overrides = self.overrides.get(num_id, {})
        for k, override in overrides.items():
            if isinstance(override, Level):
                levels[k] = override
        counts = self.counters.setdefault(abstract, [None] * 9)
        if num_id not in self.started:  # a list restarted: this num starts its levels anew
            self.started.add(num_id)
            for k, override in overrides.items():
                start = override if isinstance(override, int) else override.start
                counts[k] = start - 1
        level = levels.get(ilvl, Level())
        count = counts[ilvl]
        counts[ilvl] = level.start if count is None else count + 1
        for deeper in range(ilvl + 1, 9):
            below = levels.get(deeper, Level())
            if below.restart != 0 and (below.restart is None or below.restart - 1 <= ilvl):
                counts[deeper] = None
        if level.fmt == "none":
            return ""
        if level.fmt == "bullet":
            text = level.text
            return "" if not text or ord(text[0]) in PRIVATE_USE else text
        out = level.text
        for k in range(ilvl, -1, -1):  # %10 is no level: from the deepest down
            shown = levels.get(k, Level())
            number = counts[k] if counts[k] is not None else shown.start
            out = out.replace(f"%{k + 1}", _formatted(number, "decimal" if level.legal and k < ilvl else shown.fmt))
        if level.suffix != "nothing" and out and _word_end(out[-1]):
            out += " "  # `第一章 总则`, `1.1 组织机构`: Word's tab or space after a word or number
        return out


def _word_end(ch: str) -> bool:
    """A marker ending in a Han character or a Latin letter or digit is followed by a space;
    one ending in a mark (`一、`, `（一）`, `1.`, `①`) is not."""
    return (ch.isascii() and ch.isalnum()) or "\u4e00" <= ch <= "\u9fff"


def _formatted(n: int, fmt: str) -> str:
    """``n`` in one of Word's number formats."""
    from policytool.numbering import cn_numeral

    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting"):
        return cn_numeral(n) if 0 < n < 10000 else str(n)
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional"):
        return cn_numeral(n).translate(LEGAL_DIGITS) if 0 < n < 10000 else str(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 0 < n <= len(CIRCLED):
        return CIRCLED[n - 1]
    if fmt in ("ideographTraditional",) and 0 < n <= len(HEAVENLY_STEMS):
        return HEAVENLY_STEMS[n - 1]
    if fmt in ("ideographZodiac",) and 0 < n <= len(EARTHLY_BRANCHES):
        return EARTHLY_BRANCHES[n - 1]
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) - ord("0") + ord("０")) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, letters in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while n >= value:
            out += letters
            n -= value
    return out


@dataclass(frozen=True)
class DocxText:
    """What a Word document reads as: paragraphs, and the table labels the rows stand for."""

    paragraphs: list[str]
    removed: list[Removed]


def docx_paragraphs(data: bytes) -> DocxText:
    """Return the paragraphs of a .docx, or raise InputError naming what is wrong with it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(f"not a readable Word document ({exc})") from None
    with archive:
        document = _xml(archive, DOCUMENT)
        if document is None:
            raise InputError("not a Word document: the zip holds no word/document.xml")
        numbering = _numbering(_xml(archive, NUMBERING))
        styles = _style_numbers(_xml(archive, STYLES))
    body = document.find(f"{W}body")
    if body is None:
        raise InputError("not a readable Word document (no body)")
    reader = _Reader(numbering, styles)
    reader.blocks(body)
    return DocxText(reader.paragraphs, reader.removed)


def _xml(archive: zipfile.ZipFile, name: str) -> ET.Element | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_XML_BYTES:
        raise InputError(f"Word document too large unpacked ({info.file_size // 1_000_000} MB of XML)")
    try:
        with archive.open(info) as part:
            return ET.parse(part).getroot()
    except (ET.ParseError, zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise InputError(f"not a readable Word document ({name}: {exc})") from None


def _numbering(root: ET.Element | None) -> Numbering:
    numbering = Numbering()
    if root is None:
        return numbering
    for abstract in root.iter(f"{W}abstractNum"):
        abstract_id = abstract.get(f"{W}abstractNumId", "")
        numbering.levels[abstract_id] = {
            int(lvl.get(f"{W}ilvl", "0")): _level(lvl) for lvl in abstract.findall(f"{W}lvl")
        }
    for num in root.iter(f"{W}num"):
        num_id = num.get(f"{W}numId", "")
        ref = num.find(f"{W}abstractNumId")
        if ref is None:
            continue
        numbering.abstract_of[num_id] = ref.get(f"{W}val", "")
        for override in num.findall(f"{W}lvlOverride"):
            ilvl = int(override.get(f"{W}ilvl", "0"))
            lvl = override.find(f"{W}lvl")
            start = override.find(f"{W}startOverride")
            if lvl is not None:
                numbering.overrides.setdefault(num_id, {})[ilvl] = _level(lvl)
            elif start is not None:
                numbering.overrides.setdefault(num_id, {})[ilvl] = int(start.get(f"{W}val", "1"))
    return numbering


def _level(lvl: ET.Element) -> Level:
    def val(tag: str) -> str | None:
        el = lvl.find(f"{W}{tag}")
        return None if el is None else el.get(f"{W}val")

    restart = val("lvlRestart")
    legal = lvl.find(f"{W}isLgl")
    return Level(
        start=int(val("start") or 1),
        fmt=val("numFmt") or "decimal",
        text=val("lvlText") or "",
        suffix=val("suff") or "tab",
        legal=legal is not None and legal.get(f"{W}val", "1") not in ("0", "false"),
        restart=int(restart) if restart is not None else None,
    )


def _style_numbers(root: ET.Element | None) -> dict[str, tuple[str, int]]:
    """Return the (numId, level) each paragraph style numbers its paragraphs with, its
    `basedOn` chain followed (`标题 2` based on a numbered `标题 1` numbers too)."""
    if root is None:
        return {}
    own: dict[str, tuple[str | None, int | None]] = {}
    based: dict[str, str] = {}
    for style in root.iter(f"{W}style"):
        style_id = style.get(f"{W}styleId", "")
        parent = style.find(f"{W}basedOn")
        if parent is not None:
            based[style_id] = parent.get(f"{W}val", "")
        num_pr = style.find(f"{W}pPr/{W}numPr")
        if num_pr is not None:
            own[style_id] = _num_pr(num_pr)
    out: dict[str, tuple[str, int]] = {}
    for style_id in set(own) | set(based):
        num_id, ilvl, seen, at = None, None, set(), style_id
        while at and at not in seen:
            seen.add(at)
            got_id, got_lvl = own.get(at, (None, None))
            num_id = num_id if num_id is not None else got_id
            ilvl = ilvl if ilvl is not None else got_lvl
            at = based.get(at, "")
        if num_id is not None:
            out[style_id] = (num_id, ilvl or 0)
    return out


def _num_pr(num_pr: ET.Element) -> tuple[str | None, int | None]:
    num_id = num_pr.find(f"{W}numId")
    ilvl = num_pr.find(f"{W}ilvl")
    return (
        None if num_id is None else num_id.get(f"{W}val"),
        None if ilvl is None else int(ilvl.get(f"{W}val", "0")),
    )


class _Reader:
    """Reads the body's blocks in order into paragraphs (a text box's before its paragraph)."""

    def __init__(self, numbering: Numbering, styles: dict[str, tuple[str, int]]) -> None:
        self.numbering = numbering
        self.styles = styles
        self.paragraphs: list[str] = []
        self.removed: list[Removed] = []

    def blocks(self, parent: ET.Element) -> None:
        for child in parent:
            tag = child.tag
            if tag == f"{W}p":
                self.paragraph(child)
            elif tag == f"{W}tbl":
                self.table(child)
            elif tag in (f"{W}sdt", f"{W}customXml", f"{W}ins", f"{W}moveTo"):
                content = child.find(f"{W}sdtContent")
                self.blocks(content if content is not None else child)
            elif tag == f"{MC}AlternateContent":
                self.blocks(_choice(child))

    def paragraph(self, p: ET.Element) -> None:
        lines = [""]
        boxes: list[ET.Element] = []
        field_depth = [0, False]  # open fields, and whether the current one shows its code
        for piece in self._pieces(p, boxes, field_depth):
            if piece == "\n":
                lines.append("")
            else:
                lines[-1] += piece
        for box in boxes:  # a text box's paragraphs stand before the one it is anchored in
            self.blocks(box)
        marker = self._marker(p)
        lines = [line for line in lines if line.strip()] or ([""] if marker else [])
        if lines:
            lines[0] = marker + lines[0]
        self.paragraphs += [line for line in lines if line.strip()]

    def _marker(self, p: ET.Element) -> str:
        ppr = p.find(f"{W}pPr")
        if ppr is None:
            return ""
        num_id, ilvl = None, None
        num_pr = ppr.find(f"{W}numPr")
        if num_pr is not None:
            num_id, ilvl = _num_pr(num_pr)
        style = ppr.find(f"{W}pStyle")
        if style is not None and (num_id is None or ilvl is None):
            style_num = self.styles.get(style.get(f"{W}val", ""))
            if style_num:
                num_id = num_id if num_id is not None else style_num[0]
                ilvl = ilvl if ilvl is not None else style_num[1]
        if num_id is None:
            return ""
        return self.numbering.marker(num_id, ilvl or 0)

    def _pieces(self, parent: ET.Element, boxes: list[ET.Element], field: list) -> Iterator[str]:
        """The text of a paragraph's runs in order: `\\n` for a line break."""
        for el in parent:
            tag = el.tag
            if tag in SKIPPED:
                continue
            if tag == f"{W}fldChar":
                kind = el.get(f"{W}fldCharType")
                if kind == "begin":
                    field[0] += 1
                    field[1] = True  # the code comes first
                elif kind == "separate":
                    field[1] = False  # then the result
                elif kind == "end":
                    field[0] = max(0, field[0] - 1)
                    field[1] = False
                continue
            if field[0] and field[1] and tag in FIELD_CODE_TEXT:
                continue  # a field's code (its result follows the `separate` mark)
            if tag == f"{W}t":
                yield el.text or ""
            elif tag in (f"{W}tab", f"{W}ptab"):
                yield "\t"
            elif tag in (f"{W}br", f"{W}cr"):
                if el.get(f"{W}type") not in ("page", "column"):
                    yield "\n"
            elif tag == f"{W}noBreakHyphen":
                yield "-"
            elif tag == f"{W}sym":
                code = int(el.get(f"{W}char", "0"), 16)
                if code and code not in PRIVATE_USE:
                    yield chr(code)
            elif tag == f"{W}txbxContent":
                boxes.append(el)
            elif tag == f"{MC}AlternateContent":
                yield from self._pieces(_choice(el), boxes, field)
            else:  # runs, hyperlinks, insertions, smart tags, content controls, drawings
                yield from self._pieces(el, boxes, field)

    def table(self, tbl: ET.Element) -> None:
        """One paragraph a row, as a sheet is read; a cell merged down is empty below."""
        from policytool.cleaning.sheets import Cell, sheet_paragraphs

        rows: list[list[Cell]] = []
        for tr in tbl.findall(f"{W}tr"):
            row: list[Cell] = []
            for tc in tr.findall(f"{W}tc"):
                tc_pr = tc.find(f"{W}tcPr")
                span, merged = 1, False
                if tc_pr is not None:
                    grid_span = tc_pr.find(f"{W}gridSpan")
                    span = int(grid_span.get(f"{W}val", "1")) if grid_span is not None else 1
                    v_merge = tc_pr.find(f"{W}vMerge")
                    merged = v_merge is not None and v_merge.get(f"{W}val", "continue") == "continue"
                text = "" if merged else self._cell_text(tc)
                row += [Cell(text)] + [Cell(None)] * (span - 1)
            rows.append(row)
        texts, groups = sheet_paragraphs(rows)
        self.paragraphs += texts
        self.removed += groups

    def _cell_text(self, tc: ET.Element) -> str:
        """A cell's paragraphs, one a line (a nested table's rows among them)."""
        inner = _Reader(self.numbering, self.styles)
        inner.blocks(tc)
        return "\n".join(inner.paragraphs)


def _choice(alternate: ET.Element) -> ET.Element:
    """The part of an `mc:AlternateContent` to read: its first Choice (the Fallback repeats it)."""
    choice = alternate.find(f"{MC}Choice")
    if choice is not None:
        return choice
    fallback = alternate.find(f"{MC}Fallback")
    return fallback if fallback is not None else alternate
