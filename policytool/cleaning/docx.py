"""A Word document (.docx) → paragraphs as its reader sees them, numbering and tables included.

The body (word/document.xml) is read in order, straight from its XML: the zip with zipfile,
the XML with ElementTree fed a chunk at a time, both in the standard library. Each block of
the body (a paragraph, a table) is read once whole and dropped, so memory holds one block,
not the document's tree (a .docx unpacks to 4–8 times its size in XML, and a tree of that
takes 8 times more again).

What a reader of the document sees is what comes out:

- Text of runs, hyperlinks, smart tags, content controls (`w:sdt`; a control still showing
  its placeholder, `单击或点击此处输入文字`, gives nothing), tracked insertions and moves in;
  tracked deletions and moves out, a paragraph deleted whole out (not counted in its list);
  a paragraph whose mark was deleted runs on into the next. A tab is a tab, a line break
  (Shift+Enter) ends a line as `<br>` does in a page, a page break is nothing. A field
  shows its result, not its code (`PAGEREF _Toc1 \\h`), nested fields too; a table of
  contents (a `TOC` field's result, or Word's content control round one) goes to `removed`
  as `contents`, so its headings do not stand twice in the clause tree. Hidden text
  (`w:vanish`) and ruby's pinyin go to `removed` as `markup`. A text box's paragraphs stand
  before the paragraph it is anchored in. A symbol of Symbol's font is read as its
  character (≥ ≤ ± × °), one of a picture font (Wingdings' ☐ ✓) is left out.
- Word's automatic list numbering is written into the text, counted from numbering.xml as
  Word counts it: the paragraph's `numPr`, or its style's (styles.xml, through `basedOn`,
  and a level tied to the style by its `w:pStyle`); a list linked to a list style
  (`numStyleLink`) counts with it; lists sharing an abstractNum go on counting, a
  `startOverride` or `lvlOverride` restarts one; a level restarts when one above it is used,
  or as its `lvlRestart` says. Formats as Word writes them: `chineseCounting` and
  `chineseCountingThousand` 一…十…十一…二十一 (as 公文 write them; numbering.cn_numeral),
  `chineseLegalSimplified` 壹…壹拾, `ideographTraditional` 甲, `ideographZodiac` 子,
  `decimalEnclosedCircle(Chinese)` ①, `decimalEnclosedParen` ⑴, `decimalFullWidth` １,
  `decimalZero` 01, letters, roman, `isLgl` in Arabic digits. After the marker, a space when
  it ends in a word, digit or Han (`第一章 总则`, `1.1 组织机构`) and its suffix is a tab or a
  space, nothing after a mark (`一、`, `（一）`, `1.`), as a 公文 is typed. A bullet is its
  character when it is one (`●`, `——`) and nothing when it is a picture font's glyph
  (Symbol's U+F0B7, Wingdings' U+F0A7): the usual round bullet marks no number, no clause.
- A table is one paragraph a row, read as a spreadsheet's sheet is (cleaning/sheets.py):
  cells joined by ` | ` (CELL_SEPARATOR, as in an HTML table), a cell spanning columns
  (`gridSpan`) followed by empty ones, a cell merged down (`vMerge`) empty below, as an HTML
  cell with a rowspan leaves its column; a cell's paragraphs are its lines (joined by `、`
  in a 牵头/配合 column, by a space elsewhere). So `depts` reads a task table (序号 | 重点任务
  | 牵头单位 | 配合单位 | 完成时限) one assignment a row, as from the same table in a page.
  A layout table is read as the paragraphs it holds, as the HTML reader reads a layout cell:
  one of a single column (a frame round the text), or one with a cell of a nested table or
  more than CELL_LINES paragraphs, unless its header row names a task table; a table nested
  in a task table's cell gives it lines, a cell's a line.
- Headers and footers are not text of the body: their text goes to `removed` as
  `running-header`. Footnotes, endnotes and comments (other parts) are not read, nor comment
  marks; an embedded file (`altChunk`) is not read and is warned of.

Errors, each one line (InputError): a zip without word/document.xml, a damaged or truncated
one (`not a readable Word document (…)`), XML larger than MAX_XML_BYTES unpacked (a zip
bomb), a body with no text. Word 97–2003 and WPS files (.doc, .wps) and encrypted ones are
OLE files, not zips: policytool.ingest says what to do with them.

Speed and memory: CPU seconds, best of 3 or more, and peak memory above the interpreter's.
`python benchmarks/word.py --pages 1000` (the seeds' paragraphs typed into a .docx by
python-docx: 5,936 paragraphs, 0.77 MB): this reader 0.067 s, python-docx's `[p.text for p
in Document(f).paragraphs]` 0.27 s, and that without the numbering (python-docx renders
none) or any table's text. A document as Word writes one (runs with fonts and revision ids:
7.6 MB, 62 MB of XML, 40,000 paragraphs): this reader 3.1 s and 33 MB, python-docx 5.1 s
and 1.2 GB, this reader building the whole tree first (ElementTree.parse) 3.6 s and 525 MB.
So the XML is read directly, a block at a time.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from xml.etree import ElementTree as ET

from policytool.cleaning.contents import CONTENTS_LABEL
from policytool.cleaning.html import CELL_LINES, MAX_SPAN
from policytool.ingest import InputError
from policytool.model import Removed

# The WordprocessingML namespace, and the one ISO 29500 Strict gives the same vocabulary
# (Word's "Strict Open XML Document"): a Strict part is read with its namespace rewritten.
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
STRICT_NS = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
TRANSITIONAL_NS = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
MATH_TEXT = "{http://schemas.openxmlformats.org/officeDocument/2006/math}t"

DOCUMENT = "word/document.xml"
NUMBERING = "word/numbering.xml"
STYLES = "word/styles.xml"
# The parts of the page around the body, whose text is not the document's.
FURNITURE_PART = re.compile(r"word/(?:header|footer)\d*\.xml")
# The most a part's XML may take unpacked: a zip bomb says it is small and is not. A
# 1,000-page plan is about 10 MB of XML as Word writes it.
MAX_XML_BYTES = 200_000_000
# Bytes unpacked and parsed at a time.
CHUNK = 1 << 16


def _w(*names: str) -> frozenset[str]:
    return frozenset(W + name for name in names)


P, R, T, PPR, RPR, TBL, TR, TC = (W + n for n in ("p", "r", "t", "pPr", "rPr", "tbl", "tr", "tc"))
BODY, SDT, SDT_CONTENT, SDT_PR = (W + n for n in ("body", "sdt", "sdtContent", "sdtPr"))
FLD_CHAR, INSTR_TEXT, SYM, RUBY_TEXT = (W + n for n in ("fldChar", "instrText", "sym", "rt"))
NO_BREAK_HYPHEN = W + "noBreakHyphen"
TXBX_CONTENT, ALT_CHUNK = W + "txbxContent", W + "altChunk"
NUM_PR, NUM_ID, ILVL, P_STYLE, VAL = (W + n for n in ("numPr", "numId", "ilvl", "pStyle", "val"))
ALTERNATE_CONTENT = MC + "AlternateContent"
# Elements whose content is not text the reader sees: deletions and moves away, a field's
# code, properties, a control's settings, ruby's pinyin above its characters.
SKIPPED = _w(
    "del", "moveFrom", "delText", "delInstrText", "rPr", "pPr", "sdtPr", "sdtEndPr", "rt",
    "tcPr", "trPr", "tblPr", "tblGrid", "sectPr", "fldData",
)  # fmt: skip
# Blocks read through to their content: a content control's, custom XML's, an insertion's.
WRAPPERS = _w("customXml", "ins", "moveTo", "smartTag")
TABS = _w("tab", "ptab")
BREAKS = _w("br", "cr")
# Pictures: a document of pictures only is a scan.
PICTURES = _w("drawing", "pict", "object")
# A paragraph mark deleted (or moved away) with changes tracked: the paragraph runs on into
# the next one.
DELETED_MARK = _w("del", "moveFrom")
# A field whose result is a table of contents (its code: `TOC \o "1-3" \h`), and the name
# Word gives the content control round one: their paragraphs go to `removed` as `contents`.
TOC_FIELD = re.compile(r"TOC\b", re.IGNORECASE)  # matched on the code, spaces stripped
TOC_GALLERY = "Table of Contents"
# Values of an on/off property that say off.
OFF = frozenset(("0", "false", "off"))

# Characters of a private-use font a w:sym draws (F000–F0FF): Symbol's are characters
# (its own encoding, the byte after F0), Wingdings' and the like are pictures.
PRIVATE_USE = range(0xE000, 0xF900)
SYMBOL_FONT = dict(
    zip(
        range(0x20, 0x7F),
        " !∀#∃%&∋()∗+,−./0123456789:;<=>?≅ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ[∴]⊥_‾αβχδεφγηιϕκλμνοπθρστυϖωξψζ{|}∼",
        strict=True,
    )
) | dict(zip(range(0xA1, 0xC0), "ϒ′≤⁄∞ƒ♣♦♥♠↔←↑→↓°±″≥×∝∂•÷≠≡≈…⏐⎯↵", strict=True))

# Word's number formats, by what each writes for 1, 2, 3 (see _formatted).
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
PARENTHESIZED = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
FULL_STOPPED = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"
IDEOGRAPH_CIRCLED = "㊀㊁㊂㊃㊄㊅㊆㊇㊈㊉"
HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
IDEOGRAPH_DIGITS = "〇一二三四五六七八九"
CHINESE_COUNTING = frozenset(
    ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting", "taiwaneseCountingThousand")
)
LEGAL_SIMPLIFIED = str.maketrans("一二三四五六七八九十百千", "壹贰叁肆伍陆柒捌玖拾佰仟")
LEGAL_TRADITIONAL = str.maketrans("一二三四五六七八九十百千", "壹貳參肆伍陸柒捌玖拾佰仟")
ENCLOSED = {
    "decimalEnclosedCircle": CIRCLED,
    "decimalEnclosedCircleChinese": CIRCLED,
    "decimalEnclosedParen": PARENTHESIZED,
    "decimalEnclosedFullstop": FULL_STOPPED,
    "ideographEnclosedCircle": IDEOGRAPH_CIRCLED,
    "ideographTraditional": HEAVENLY_STEMS,
    "ideographZodiac": EARTHLY_BRANCHES,
}
ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip
# Levels of a list (ilvl 0–8).
LEVELS = 9
# The widest a number is written (`aaaa…` for 27, 53 …; a custom `0001`): past it, digits. A
# list may say it starts at 10^9: its markers stay short.
MAX_WIDTH = 10


@dataclass(frozen=True)
class Level:
    """One level of a list: how its number is written and where it starts.

    ``fmt`` Word's numFmt (`custom:001` for a zero-padded custom format); ``text`` its
    lvlText (`（%2）`); ``suffix`` what follows the marker (tab, space, nothing).
    """

    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    suffix: str = "tab"
    legal: bool = False  # `isLgl`: every number of the marker in Arabic digits
    restart: int | None = None  # `lvlRestart`: restarts after this level (1-based) is used; 0 never


DEFAULT_LEVEL = Level()


@dataclass
class Numbering:
    """The numbering definitions, and the counters as the document is read in order."""

    abstract_of: dict[str, str] = field(default_factory=dict)  # numId → abstractNumId
    levels: dict[str, dict[int, Level]] = field(default_factory=dict)  # abstractNumId → levels
    overrides: dict[str, dict[int, Level | int]] = field(default_factory=dict)  # numId → level or start
    # abstractNumId → each level's count so far (None: not counted since it last restarted)
    counters: dict[str, list[int | None]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)  # numIds whose overrides were applied
    # abstractNumId → the one whose levels and counts it takes (`numStyleLink` to a list style)
    linked: dict[str, str] = field(default_factory=dict)
    # abstractNumId → {paragraph style: its level} (a level's own `w:pStyle`)
    styled: dict[str, dict[str, int]] = field(default_factory=dict)

    def _abstract(self, num_id: str) -> str | None:
        abstract = self.abstract_of.get(num_id)
        return None if abstract is None else self.linked.get(abstract, abstract)

    def styled_level(self, num_id: str, style_id: str | None) -> int:
        """The level a list gives paragraphs of ``style_id`` (a heading style tied to a
        level, as Word's multilevel heading numbering is), else 0."""
        abstract = self._abstract(num_id)
        if abstract is None or style_id is None:
            return 0
        return self.styled.get(abstract, {}).get(style_id, 0)

    def marker(self, num_id: str, ilvl: int) -> str:
        """Count one more item at this level and return its marker (`（三）`), or ``""``."""
        abstract = self._abstract(num_id)
        if abstract is None or num_id == "0":
            return ""
        ilvl = min(max(ilvl, 0), LEVELS - 1)
        levels = self.levels.get(abstract, {})
        overrides = self.overrides.get(num_id)
        counts = self.counters.setdefault(abstract, [None] * LEVELS)
        if overrides:
            levels = {**levels, **{k: v for k, v in overrides.items() if isinstance(v, Level)}}
            if num_id not in self.started:  # a list restarted: this num starts its levels anew
                self.started.add(num_id)
                for k, override in overrides.items():
                    if 0 <= k < LEVELS:
                        counts[k] = (override if isinstance(override, int) else override.start) - 1
        level = levels.get(ilvl, DEFAULT_LEVEL)
        count = counts[ilvl]
        counts[ilvl] = level.start if count is None else count + 1
        for deeper in range(ilvl + 1, LEVELS):
            restart = levels.get(deeper, DEFAULT_LEVEL).restart
            # By default a level restarts after any level above it; `lvlRestart` n only
            # after a level of n or above (1-based), 0 never.
            if restart is None or ilvl < restart:
                counts[deeper] = None
        if level.fmt == "none":
            return ""
        if level.fmt == "bullet":
            text = level.text
            return "" if not text or any(ord(ch) in PRIVATE_USE for ch in text) else text
        out = level.text
        for k in range(LEVELS - 1, -1, -1):  # %10 is no level: from the deepest down
            if f"%{k + 1}" not in out:
                continue
            shown = levels.get(k, DEFAULT_LEVEL)
            number = counts[k] if counts[k] is not None else shown.start
            out = out.replace(f"%{k + 1}", _formatted(number, "decimal" if level.legal else shown.fmt))
        if level.suffix != "nothing" and out and _word_end(out[-1]):
            out += " "  # `第一章 总则`, `1.1 组织机构`: Word's tab or space after a word or number
        return out


def _word_end(ch: str) -> bool:
    """A marker ending in a Han character or a Latin letter or digit is followed by a space;
    one ending in a mark (`一、`, `（一）`, `1.`, `①`) is not."""
    return (ch.isascii() and ch.isalnum()) or "\u4e00" <= ch <= "\u9fff"


def _formatted(n: int, fmt: str) -> str:
    """Return ``n`` in one of Word's number formats (decimal for one it has no glyphs for)."""
    from policytool.numbering import cn_numeral

    if fmt in CHINESE_COUNTING:
        return cn_numeral(n) if 0 < n < 10000 else "〇" if n == 0 else str(n)
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional"):
        if not 0 < n < 10000:
            return str(n)
        legal = cn_numeral(n)
        legal = "一" + legal if legal.startswith("十") else legal  # 壹拾, as a cheque writes 10
        return legal.translate(LEGAL_SIMPLIFIED if fmt == "chineseLegalSimplified" else LEGAL_TRADITIONAL)
    if fmt in ("ideographDigital", "taiwaneseDigital"):
        return "".join(IDEOGRAPH_DIGITS[int(d)] for d in str(n)) if n >= 0 else str(n)
    if (glyphs := ENCLOSED.get(fmt)) and 0 < n <= len(glyphs):
        return glyphs[n - 1]
    if fmt == "ideographZodiacTraditional" and n > 0:
        return HEAVENLY_STEMS[(n - 1) % 10] + EARTHLY_BRANCHES[(n - 1) % 12]
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(ord(d) - ord("0") + ord("０")) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt.startswith("custom:"):  # `001, 002, 003`: zero-padded to the sample's width
        return str(n).zfill(min(len(fmt) - len("custom:"), MAX_WIDTH))
    if fmt in ("upperLetter", "lowerLetter") and 0 < n <= 26 * MAX_WIDTH:  # z, then aa, bb …
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman") and 0 < n < 4000:
        roman = _roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt == "numberInDash":
        return f"- {n} -"
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, letters in ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


@dataclass(frozen=True)
class DocxText:
    """What a Word document reads as: its paragraphs, what was taken out (headers and
    footers, hidden text, a table's group labels) and warnings."""

    paragraphs: list[str]
    removed: list[Removed]
    warnings: list[str] = field(default_factory=list)


def docx_paragraphs(data: bytes) -> DocxText:
    """Return the paragraphs of a .docx, or raise InputError naming what is wrong with it.

    >>> docx_paragraphs(open("examples/task_table.docx", "rb").read()).paragraphs[0]
    '城南区推进紧密型城市医疗集团建设工作方案'
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise InputError(f"not a readable Word document (damaged or cut short: {exc})") from None
    with archive:
        if DOCUMENT not in archive.NameToInfo:
            raise InputError("not a Word document: the zip holds no word/document.xml")
        styles = _styles(_root(archive, STYLES))
        numbering = _numbering(_root(archive, NUMBERING), styles)
        reader = _Reader(numbering, styles)
        paragraphs: list[str] = []
        try:
            for block in _body_blocks(archive):
                items: list[str | _Table] = []
                reader.block(block, items)
                began = reader.toc_began
                if began is not None and paragraphs and CONTENTS_LABEL.match(paragraphs[-1].strip()):
                    reader.removed.insert(began, Removed(paragraphs.pop(), "contents"))  # its `目录` label
                reader.toc_began = None
                reader.render(items, paragraphs)
            tail: list[str | _Table] = []
            reader.flush(tail)
            reader.render(tail, paragraphs)
            furniture = _furniture(archive)
        except InputError:
            raise
        except (ET.ParseError, zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise InputError(f"not a readable Word document ({DOCUMENT}: {exc})") from None
        except RecursionError:  # no document nests its tables or links a thousand deep
            raise InputError("not a readable Word document (its elements nest too deep)") from None
    if not paragraphs:
        if reader.chunks:
            raise InputError("no text in this Word document's body: it is in an embedded file (altChunk)")
        if reader.pictures:
            raise InputError("no text in this Word document, only pictures: a scanned document needs OCR first")
        raise InputError("empty Word document: no text in its body")
    warnings = []
    if reader.chunks:
        warnings.append(f"{reader.chunks} embedded file(s) (altChunk) in the Word document not read")
    return DocxText(paragraphs, [*furniture, *reader.removed], warnings)


def _chunks(archive: zipfile.ZipFile, name: str) -> Iterator[bytes]:
    """Yield a part's XML unpacked a CHUNK at a time, a Strict part's namespace rewritten as
    the transitional one; raise InputError for one of more than MAX_XML_BYTES (the size a
    part states is checked, and zipfile unpacks no more than that)."""
    info = archive.getinfo(name)
    if info.file_size > MAX_XML_BYTES:
        raise InputError(
            f"Word document too large unpacked ({name}: {info.file_size / 1e6:,.0f} MB of XML, "
            f"more than {MAX_XML_BYTES / 1e6:,.0f} MB)"
        )
    keep = len(STRICT_NS) - 1  # bytes held back: the namespace may be cut between chunks
    held = b""
    with archive.open(info) as part:
        while chunk := part.read(CHUNK):
            data = (held + chunk).replace(STRICT_NS, TRANSITIONAL_NS)
            held, data = data[-keep:], data[:-keep]
            yield data
    yield held


def _root(archive: zipfile.ZipFile, name: str) -> ET.Element | None:
    """Return a whole part's root element, or None if the document has no such part."""
    if name not in archive.NameToInfo:
        return None
    parser = ET.XMLParser(target=ET.TreeBuilder())
    try:
        for chunk in _chunks(archive, name):
            parser.feed(chunk)
        return parser.close()
    except InputError:
        raise
    except (ET.ParseError, zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise InputError(f"not a readable Word document ({name}: {exc})") from None


class _BodyBuilder(ET.TreeBuilder):
    """ElementTree's tree builder, holding on to the body as it is built."""

    body: ET.Element | None = None

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        element = super().start(tag, attrs)
        if tag == BODY and self.body is None:
            self.body = element
        return element


def _body_blocks(archive: zipfile.ZipFile) -> Iterator[ET.Element]:
    """Yield each child of the body (a paragraph, a table) once it is whole, then drop it.

    After each chunk, every child of the body but the last has ended. Parse events would
    say so one element at a time, at more cost (3.9 s against 2.4 s for 60 MB of XML).
    """
    builder = _BodyBuilder()
    parser = ET.XMLParser(target=builder)
    for chunk in _chunks(archive, DOCUMENT):
        parser.feed(chunk)
        body = builder.body
        if body is not None and len(body) > 1:
            done = body[:-1]
            del body[:-1]  # no tree of the document is kept
            yield from done
    parser.close()
    if builder.body is not None:
        yield from list(builder.body)


def _furniture(archive: zipfile.ZipFile) -> list[Removed]:
    """The text of the headers and footers, once each, as `running-header`."""
    seen: dict[str, None] = {}
    names = sorted((n for n in archive.NameToInfo if FURNITURE_PART.fullmatch(n)), key=lambda n: ("footer" in n, n))
    for name in names:
        root = _root(archive, name)
        if root is None:
            continue
        reader = _Reader(Numbering(), Styles())
        items: list[str | _Table] = []
        reader.blocks(root, items)
        lines: list[str] = []
        reader.render(items, lines)
        seen.update((line.strip(), None) for line in lines if line.strip())
    return [Removed(text, "running-header") for text in seen]


@dataclass
class Styles:
    """What the paragraph styles number: each style's (numId, level) through its `basedOn`
    chain (either may be None: not set), and the default paragraph style."""

    numbers: dict[str, tuple[str | None, int | None]] = field(default_factory=dict)
    default: str | None = None
    own: dict[str, str] = field(default_factory=dict)  # style → the numId it sets itself


def _styles(root: ET.Element | None) -> Styles:
    styles = Styles()
    if root is None:
        return styles
    own: dict[str, tuple[str | None, int | None]] = {}
    based: dict[str, str] = {}
    for style in root.iter(W + "style"):
        style_id = style.get(W + "styleId", "")
        if style.get(W + "type") == "paragraph" and style.get(W + "default") in ("1", "true", "on"):
            styles.default = style_id
        parent = style.find(W + "basedOn")
        if parent is not None:
            based[style_id] = parent.get(VAL, "")
        num_pr = style.find(f"{PPR}/{NUM_PR}")
        if num_pr is not None:
            num_id, ilvl = own[style_id] = _num_pr(num_pr)
            if num_id is not None:
                styles.own[style_id] = num_id
    for style_id in set(own) | set(based):
        num_id, ilvl, seen, at = None, None, set(), style_id
        while at and at not in seen:
            seen.add(at)
            got_id, got_lvl = own.get(at, (None, None))
            num_id = num_id if num_id is not None else got_id
            ilvl = ilvl if ilvl is not None else got_lvl
            at = based.get(at, "")
        if num_id is not None or ilvl is not None:
            styles.numbers[style_id] = (num_id, ilvl)
    return styles


def _numbering(root: ET.Element | None, styles: Styles) -> Numbering:
    numbering = Numbering()
    if root is None:
        return numbering
    style_links: dict[str, str] = {}  # abstractNumId → the list style it takes its levels from
    for abstract in root.iter(W + "abstractNum"):
        abstract_id = abstract.get(W + "abstractNumId", "")
        levels: dict[int, Level] = {}
        for lvl in abstract.iter(W + "lvl"):
            ilvl = _int(lvl.get(W + "ilvl"), 0)
            levels[ilvl] = _level(lvl)
            style = lvl.find(P_STYLE)
            if style is not None:
                numbering.styled.setdefault(abstract_id, {})[style.get(VAL, "")] = ilvl
        numbering.levels[abstract_id] = levels
        link = abstract.find(W + "numStyleLink")
        if link is not None:
            style_links[abstract_id] = link.get(VAL, "")
    for num in root.iter(W + "num"):
        num_id = num.get(W + "numId", "")
        ref = num.find(W + "abstractNumId")
        if ref is None:
            continue
        numbering.abstract_of[num_id] = ref.get(VAL, "")
        for override in num.iter(W + "lvlOverride"):
            ilvl = _int(override.get(W + "ilvl"), 0)
            lvl = override.find(W + "lvl")
            start = override.find(W + "startOverride")
            start_at = None if start is None else _int(start.get(VAL), 1)
            if lvl is not None:
                level = _level(lvl)
                numbering.overrides.setdefault(num_id, {})[ilvl] = (
                    level if start_at is None else replace(level, start=start_at)
                )
            elif start_at is not None:
                numbering.overrides.setdefault(num_id, {})[ilvl] = start_at
    for abstract_id, style_id in style_links.items():
        target = numbering.abstract_of.get(styles.own.get(style_id, ""))
        if target is not None and target != abstract_id:
            numbering.linked[abstract_id] = target
    return numbering


def _level(lvl: ET.Element) -> Level:
    def val(tag: str) -> str | None:
        el = lvl.find(W + tag)
        return None if el is None else el.get(VAL)

    fmt = val("numFmt")
    if fmt is None:  # Word 2010 writes a custom format as a Choice, decimal as its Fallback
        for choice in lvl.iter(W + "numFmt"):
            sample = (choice.get(W + "format") or "").split(",")[0].strip()
            if choice.get(VAL) == "custom" and sample.isdigit():
                fmt = "custom:" + sample
                break
            fmt = fmt or choice.get(VAL)
    restart = val("lvlRestart")
    legal = lvl.find(W + "isLgl")
    return Level(
        start=_int(val("start"), 1),
        fmt=fmt or "decimal",
        text=val("lvlText") or "",
        suffix=val("suff") or "tab",
        legal=legal is not None and legal.get(VAL, "1") not in OFF,
        restart=None if restart is None else _int(restart, 0),
    )


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _num_pr(num_pr: ET.Element) -> tuple[str | None, int | None]:
    num_id = num_pr.find(NUM_ID)
    ilvl = num_pr.find(ILVL)
    return (
        None if num_id is None else num_id.get(VAL),
        None if ilvl is None else _int(ilvl.get(VAL), 0),
    )


@dataclass
class _Cell:
    """A table cell: what it holds (paragraphs and nested tables), the grid columns it spans
    and whether it continues a cell merged down from the row above."""

    content: list[str | _Table]
    span: int = 1
    merged: bool = False


@dataclass
class _Table:
    rows: list[list[_Cell]]


@dataclass
class _Field:
    """An open field: whether its code is being read (begin … separate), the code so far,
    and whether its result is a table of contents."""

    code: bool = True
    instr: str = ""
    toc: bool = False


class _Reader:
    """Reads blocks in order into paragraphs (str) and tables, counting list numbers."""

    def __init__(self, numbering: Numbering, styles: Styles) -> None:
        self.numbering = numbering
        self.styles = styles
        self.removed: list[Removed] = []
        self.fields: list[_Field] = []  # the fields open, outermost first
        self.code = 0  # open fields whose code is being read: nothing of it is shown
        # Where the paragraph being read is in a table of contents: its pieces from, and up
        # to (None: to its end); no start, not in one.
        self.toc: tuple[int | None, int | None] = (None, None)
        self.toc_blocks = 0  # content controls of a table of contents open
        # Where in `removed` a table of contents that began in the block read starts: its
        # label above it goes there.
        self.toc_began: int | None = None
        self.carry: list[str] | None = None  # a paragraph whose mark was deleted: joins the next
        self.pictures = 0
        self.chunks = 0  # embedded files (altChunk), not read

    def blocks(self, parent: ET.Element, out: list[str | _Table]) -> None:
        for child in parent:
            self.block(child, out)

    def block(self, el: ET.Element, out: list[str | _Table]) -> None:
        tag = el.tag
        if tag == P:
            self.paragraph(el, out)
        elif tag == TBL:
            self.flush(out)
            out.append(self.table(el))
        elif tag == SDT:
            content = el.find(SDT_CONTENT)
            if content is not None and not self._placeholder(el, content):
                gallery = el.find(f"{SDT_PR}/{W}docPartObj/{W}docPartGallery")
                toc = gallery is not None and gallery.get(VAL) == TOC_GALLERY
                if toc and self.toc_began is None:
                    self.toc_began = len(self.removed)
                self.toc_blocks += toc
                self.blocks(content, out)
                self.toc_blocks -= toc
        elif tag in WRAPPERS:
            self.blocks(el, out)
        elif tag == ALTERNATE_CONTENT:
            self.blocks(_choice(el), out)
        elif tag == ALT_CHUNK:
            self.chunks += 1

    def flush(self, out: list[str | _Table]) -> None:
        """Put out a paragraph waiting to join the next (none came: a table, a cell's end)."""
        if self.carry:
            out.extend(self.carry)
        self.carry = None

    def paragraph(self, p: ET.Element, out: list[str | _Table]) -> None:
        pieces: list[str] = []
        boxes: list[ET.Element] = []
        in_toc = bool(self.toc_blocks) or any(f.toc and not f.code for f in self.fields)
        self.toc = (0 if in_toc else None, None)
        self.inline(p, pieces, boxes)  # a table of contents' field may begin or end in it
        toc_from, toc_to = self.toc
        if self.code:  # a field's code never closed in its paragraph: show what follows
            for f in self.fields:
                f.code = False
            self.code = 0
        if boxes:  # a text box's paragraphs stand before the one it is anchored in
            carry, self.carry = self.carry, None
            for box in boxes:
                self.blocks(box, out)
            self.flush(out)
            self.carry = carry
        if toc_from is not None:  # the table of contents' lines go; any text after it stays
            listed = "".join(pieces[toc_from:toc_to]).split("\n")
            self.removed += [Removed(line, "contents") for line in listed if line.strip()]
            pieces = pieces[:toc_from] + (pieces[toc_to:] if toc_to is not None else [])
        lines = [line for line in "".join(pieces).split("\n") if line.strip()]
        if toc_from is not None and not lines:
            return  # a line of the table of contents: not counted in a list either
        ppr = p.find(PPR)
        mark = None if ppr is None else ppr.find(RPR)
        deleted = mark is not None and any(child.tag in DELETED_MARK for child in mark)
        if deleted and not lines:
            return  # deleted whole: neither shown nor counted in its list
        if self.carry is not None:  # the one before ran on into this one: its number stands
            carried, self.carry = self.carry, None
            if carried and lines:
                lines = [*carried[:-1], carried[-1] + lines[0], *lines[1:]]
            else:
                lines = carried + lines
        elif marker := self._marker(ppr):
            lines = [marker + (lines[0] if lines else ""), *lines[1:]]
        if deleted:
            self.carry = lines
        else:
            out.extend(lines)

    def _marker(self, ppr: ET.Element | None) -> str:
        num_id = ilvl = None
        style_id = self.styles.default
        if ppr is not None:
            num_pr = ppr.find(NUM_PR)
            if num_pr is not None:
                num_id, ilvl = _num_pr(num_pr)
            style = ppr.find(P_STYLE)
            if style is not None:
                style_id = style.get(VAL)
        if (num_id is None or ilvl is None) and style_id in self.styles.numbers:
            style_num, style_lvl = self.styles.numbers[style_id]  # type: ignore[index]
            num_id = num_id if num_id is not None else style_num
            ilvl = ilvl if ilvl is not None else style_lvl
        if num_id is None:
            return ""
        if ilvl is None:
            ilvl = self.numbering.styled_level(num_id, style_id)
        return self.numbering.marker(num_id, ilvl)

    def inline(self, parent: ET.Element, out: list[str], boxes: list[ET.Element]) -> None:
        """Append the text of a paragraph's content to ``out`` in order: `\\n` a line break."""
        for el in parent:
            tag = el.tag
            if tag == R:
                first = el[0] if len(el) else None
                if first is not None and first.tag == RPR and _hidden(first):
                    hidden: list[str] = []
                    self.inline(el, hidden, [])
                    if "".join(hidden).strip():
                        self.removed.append(Removed("".join(hidden), "markup"))
                    continue
                self.inline(el, out, boxes)
            elif tag == T or tag == MATH_TEXT:
                if not self.code:
                    out.append(el.text or "")
            elif tag in SKIPPED:
                if tag == RUBY_TEXT and (ruby := "".join(el.itertext()).strip()):
                    self.removed.append(Removed(ruby, "markup"))
                continue
            elif tag == FLD_CHAR:
                self._field(el.get(W + "fldCharType"), len(out))
            elif tag == INSTR_TEXT:
                if self.fields and self.fields[-1].code:
                    self.fields[-1].instr += el.text or ""
            elif tag in TABS:
                if not self.code:
                    out.append("\t")
            elif tag in BREAKS:
                if not self.code and el.get(W + "type") not in ("page", "column"):
                    out.append("\n")
            elif tag == NO_BREAK_HYPHEN:
                if not self.code:
                    out.append("-")
            elif tag == SYM:
                if not self.code:
                    out.append(_symbol(el))
            elif tag == TXBX_CONTENT:
                boxes.append(el)
            elif tag == ALTERNATE_CONTENT:
                self.inline(_choice(el), out, boxes)
            elif tag == SDT:
                content = el.find(SDT_CONTENT)
                if content is not None and not self._placeholder(el, content):
                    self.inline(content, out, boxes)
            else:  # hyperlinks, insertions, smart tags, fields' results, drawings
                if tag in PICTURES:
                    self.pictures += 1
                self.inline(el, out, boxes)

    def _field(self, kind: str | None, at: int) -> None:
        """Follow a field: its code (begin … separate) is hidden, its result shown; a table
        of contents' result starts and ends at piece ``at`` of the paragraph."""
        if kind == "begin":
            self.fields.append(_Field())
            self.code += 1
        elif kind == "separate" and self.fields and self.fields[-1].code:
            field = self.fields[-1]
            field.code = False
            field.toc = bool(TOC_FIELD.match(field.instr.lstrip()))
            if field.toc and self.toc_began is None:
                self.toc_began = len(self.removed)
            if field.toc and self.toc[0] is None:
                self.toc = (at, None)
            self.code -= 1
        elif kind == "end" and self.fields:
            field = self.fields.pop()
            if field.code:
                self.code -= 1
            if field.toc and self.toc[0] is not None and not self.toc_blocks:
                self.toc = (self.toc[0], at)

    def _placeholder(self, sdt: ET.Element, content: ET.Element) -> bool:
        """True if a content control shows its placeholder (`单击或点击此处输入文字。`), which
        goes to `removed`: the control was never filled in."""
        props = sdt.find(SDT_PR)
        if props is None or props.find(W + "showingPlcHdr") is None:
            return False
        text = "".join(t.text or "" for t in content.iter(T)).strip()
        if text:
            self.removed.append(Removed(text, "markup"))
        return True

    def table(self, tbl: ET.Element) -> _Table:
        rows: list[list[_Cell]] = []
        for tr in _children(tbl, TR):
            props = tr.find(W + "trPr")
            before = 0
            if props is not None:
                if any(child.tag in DELETED_MARK for child in props):
                    continue  # a row deleted with changes tracked
                grid_before = props.find(W + "gridBefore")
                before = 0 if grid_before is None else min(_int(grid_before.get(VAL), 0), MAX_SPAN)
            row = [_Cell([], before)] if before > 0 else []
            for tc in _children(tr, TC):
                span, merged = 1, False
                props = tc.find(W + "tcPr")
                if props is not None:
                    grid_span = props.find(W + "gridSpan")
                    span = 1 if grid_span is None else min(max(1, _int(grid_span.get(VAL), 1)), MAX_SPAN)
                    v_merge = props.find(W + "vMerge")
                    merged = v_merge is not None and v_merge.get(VAL, "continue") == "continue"
                content: list[str | _Table] = []
                if not merged:  # a cell merged down shows nothing of its own
                    self.blocks(tc, content)
                    self.flush(content)
                row.append(_Cell(content, span, merged))
            rows.append(row)
        return _Table(rows)

    def render(self, items: list[str | _Table], out: list[str]) -> None:
        """Append paragraphs and tables to ``out`` as paragraphs: a table a paragraph a row,
        or, for a layout table, the paragraphs its cells hold."""
        for item in items:
            if isinstance(item, str):
                out.append(item)
            elif _is_layout(item):
                for row in item.rows:
                    for cell in row:
                        self.render(cell.content, out)
            else:
                from policytool.cleaning.sheets import Cell, sheet_paragraphs

                rows = [
                    [cell for c in row for cell in (Cell(_cell_text(c)), *[Cell(None)] * (c.span - 1))]
                    for row in item.rows
                ]
                texts, groups = sheet_paragraphs(rows)
                out += texts
                self.removed += groups


def _children(parent: ET.Element, tag: str) -> Iterator[ET.Element]:
    """A table's rows or a row's cells, also those inside content controls or custom XML."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                yield from _children(content, tag)
        elif child.tag in WRAPPERS:
            yield from _children(child, tag)


def _cell_lines(cell: _Cell) -> list[str]:
    """A cell's lines: its paragraphs, and a nested table's cells' lines, row by row (two
    units set side by side in a 配合单位 cell are two lines, so two units)."""
    lines: list[str] = []
    for item in cell.content:
        if isinstance(item, str):
            lines.append(item)
        else:
            lines += [line for row in item.rows for c in row for line in _cell_lines(c)]
    return lines


def _cell_text(cell: _Cell) -> str:
    return "\n".join(_cell_lines(cell))


def _is_layout(table: _Table) -> bool:
    """True for a table that lays out text rather than holding rows of data: of one column,
    or with a cell that holds a table or more than CELL_LINES paragraphs; never one whose
    header row names a task table."""
    from policytool.cleaning.sheets import HEADER_SEARCH_ROWS
    from policytool.duties import table_header

    if max((sum(c.span for c in row) for row in table.rows), default=0) <= 1:
        return True
    cells = [c for row in table.rows for c in row]
    if not any(len(c.content) > CELL_LINES or any(isinstance(i, _Table) for i in c.content) for c in cells):
        return False
    heads = table.rows[: HEADER_SEARCH_ROWS + 1]
    return not any(table_header([_cell_text(c).replace("\n", "") for c in row]) for row in heads)


def _hidden(rpr: ET.Element) -> bool:
    vanish = rpr.find(W + "vanish")
    return vanish is not None and vanish.get(VAL, "1") not in OFF


def _symbol(sym: ET.Element) -> str:
    """The character a w:sym draws: itself, Symbol's own in its font, nothing for a picture."""
    code = _int_hex(sym.get(W + "char"))
    if code in PRIVATE_USE:
        font = (sym.get(W + "font") or "").lower()
        return SYMBOL_FONT.get(code & 0xFF, "") if font == "symbol" else ""
    return chr(code) if 0 < code < 0x110000 else ""


def _int_hex(text: str | None) -> int:
    try:
        return int(text or "0", 16)
    except ValueError:
        return 0


def _choice(alternate: ET.Element) -> ET.Element:
    """The part of an `mc:AlternateContent` to read: its first Choice (the Fallback repeats it)."""
    choice = alternate.find(MC + "Choice")
    if choice is not None:
        return choice
    fallback = alternate.find(MC + "Fallback")
    return fallback if fallback is not None else alternate
