"""Bytes to text: refuse binaries, pick the encoding, sniff the input format.

Chinese government sites still serve GBK/GB18030 pages, Windows tools write UTF-16
with a BOM, and scrapers mix both; the decoder tries them in a fixed order and
reports which one it used.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from functools import cache
from itertools import islice
from typing import BinaryIO

from policytool.chars import display_width, ends_sentence, han_count, is_han, modal_width
from policytool.patterns import lazy_re
from policytool.readers.base import OLE_MAGIC, PDF_MAGIC, ZIP_MAGIC


class InputError(ValueError):
    """An input that cannot be read as a document; the message says why."""


class InputTooLargeError(InputError):
    """An input of more than ``limit`` bytes: refused after reading at most one byte more."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"input larger than {limit / MB:g} MB")
        self.limit = limit


# Sizes are counted in MB of 10^6 bytes, as the progress bar counts them.
MB = 1_000_000
# The largest input read unless the caller says otherwise (`--max-size`), in MB. Peak memory
# may reach 30 times a document plus 100 MB (the bound every command keeps to), so 64 MB
# holds any one document within 2 GB, on any machine: no policy document comes near it (the
# largest of the corpus is 0.5 MB; a 1,000-page plan as text is about 3 MB), and standard
# input from a runaway producer (`< /dev/zero`) stops there, with a message.
MAX_SIZE_MB = 64
# Bytes read from a stream at a time: memory grows by this much past the limit at most.
READ_CHUNK = 1 << 20


def read_limited(stream: BinaryIO, limit: int | None, size_hint: int = 0) -> bytes:
    """Return the rest of ``stream``, or raise InputTooLargeError once it holds more than ``limit``
    bytes (None: no limit); at most ``limit`` + 1 bytes are ever read.

    A regular file's size (``size_hint``) is asked for in one read, so its bytes are not
    copied again; a pipe is read a READ_CHUNK at a time.
    """
    if limit is None:
        return stream.read()
    chunks: list[bytes] = []
    total = 0
    want = max(size_hint + 1, READ_CHUNK)
    while total <= limit:
        chunk = stream.read(min(want, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        want = READ_CHUNK
    if total > limit:
        raise InputTooLargeError(limit)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


# What a zip that no reader took holds, by a part it has: (part name prefix, what to say).
ZIP_KINDS: tuple[tuple[str, str], ...] = (
    ("word/", "damaged Word document: open and save it again in Word or WPS"),
    ("xl/", "damaged Excel workbook: open and save it again in Excel or WPS"),
    ("ppt/", "PowerPoint file: save its text as .docx or PDF first"),
    ("content.xml", "OpenDocument file: save it as .docx or .xlsx first"),
)
# What to do with a file of Office 97–2003: `.docx` or `.xlsx` is read.
SAVE_AS = "save it as .{0}, or convert it with `libreoffice --headless --convert-to {0} FILE`"
# What an OLE file holds, by the name of a stream in its directory (UTF-16LE there).
OLE_KINDS: tuple[tuple[str, str], ...] = (
    ("EncryptedPackage", "encrypted Office file: it needs a password to open"),
    ("WordDocument", "Word 97–2003 or WPS document (.doc, .wps): " + SAVE_AS.format("docx")),
    ("Workbook", "Excel 97–2003 workbook (.xls): " + SAVE_AS.format("xlsx")),
    ("PowerPoint Document", "PowerPoint 97–2003 file: save its text as .docx or PDF first"),
)
# Leading bytes of binary formats users drop into folders of documents by mistake.
BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (PDF_MAGIC, "PDF file: read it with --input-format pdf or auto"),
    (ZIP_MAGIC, "zip archive"),
    (OLE_MAGIC, "Office 97–2003 or WPS file: open it and save it as .docx or .xlsx"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\x7fELF", "executable"),
    (b"MZ", "Windows executable"),
)

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Chinese encodings before Unicode, tried in turn after UTF-8: (codec, name reported).
# Big5 (Taiwan and Hong Kong sites) read as GB18030 gives mojibake, so it comes second;
# cp950 is the Big5 that Windows and most web pages write.
LEGACY_CODECS = (("gb18030", "gb18030"), ("cp950", "big5"))

# Every name decode() reports (``source.encoding``; the JSON schemas list the same).
ENCODINGS = (
    "utf-8", "utf-8 (BOM)", "gb18030", "utf-16 (BOM)", "utf-32 (BOM)", "big5",
    "utf-16-le", "utf-16-be", "utf-8+gb18030", "utf-8+big5",
)  # fmt: skip

# A UTF-8 file may carry a few broken bytes (a truncated download); past this share
# of replaced characters the file is refused rather than decoded into garbage.
MAX_REPLACED_SHARE = 0.01

# UTF-16 without a BOM (what some Windows tools and database exports write) is told by what
# its first bytes read as in each byte order: text, or symbols and rare characters.
UTF16_CODECS = ("utf-16-le", "utf-16-be")
# The bytes decoded in each order to tell them apart: 32,000 characters.
UTF16_SAMPLE = 64_000
# Characters a Chinese document is made of: tab, line breaks, printable ASCII, the Latin-1
# signs it uses (no-break space `¥§°±²³·×÷`), punctuation and symbols (`—“”…※℃①■→`), CJK
# punctuation, kana, enclosed and unit signs (`㈠㎡`), the Han block U+4E00-9FFF, vertical
# and full-width forms (`︵，（`). UTF-16 read in the wrong byte order becomes Hangul, Yi,
# private-use, rare Han (U+3400-4DBF) and surrogates, which are none of these; so do
# binaries; GBK read as UTF-8 becomes accented and foreign letters (`Ԥ¼`).
TEXT_CHAR = (
    r"[\t\n\r\f\x20-\x7e\xa0\xa5\xa7\xb0-\xb3\xb7\xd7\xf7\u2000-\u27bf\u3000-\u33ff"
    r"\u4e00-\u9fff\ufe10-\ufe6f\uff00-\uffef]"
)
NOT_TEXT_CHAR = lazy_re("[^" + TEXT_CHAR[1:])
# Share of the sample that may be other characters (an emoji, a rare symbol).
UTF16_MAX_OTHER = 0.05
# Han characters in either byte order: a run of ASCII letters read in the wrong order is Han
# too (`ab` as UTF-16-LE is U+6261 扡), but seldom a common one.
HAN_CHAR = lazy_re(r"[\u4e00-\u9fff]")
# Share of the Han characters that must be common ones (GB2312 or Big5 level 1): real text
# is over 99% common characters, Han read from the wrong bytes about 40%.
UTF16_MIN_COMMON_HAN = 0.8
# The control characters that no text file holds (tab, newlines and form feed excepted).
# Each is one byte in UTF-8 that no other character uses, so deleting every other byte
# (NOT_CONTROL_BYTES) from a text's UTF-8 leaves one byte per control character.
CONTROL_BYTES = bytes([*range(0x09), *range(0x0E, 0x20)])
NOT_CONTROL_BYTES = bytes(b for b in range(256) if b not in CONTROL_BYTES)


def decode(data: bytes) -> tuple[str, str, list[str]]:
    """Return (text, encoding, warnings) for ``data``, or raise InputError.

    Order: BOM, UTF-16 told by its bytes, strict UTF-8, strict GB18030 (a superset of GBK
    and GB2312), strict Big5; then, for a file no one codec reads whole (a scrape of UTF-8
    pages followed by GBK ones), line by line; last, UTF-8 with replacement when only a few
    bytes are broken.
    """
    if not data.strip():
        raise InputError("empty file")
    if kind := office_kind(data):
        raise InputError(kind)
    for magic, kind in BINARY_MAGIC:
        if data.startswith(magic):
            raise InputError(f"not a text document ({kind})")
    for bom, codec in BOMS:
        if data.startswith(bom):
            name = codec.replace("-sig", "") + " (BOM)"
            try:
                return _checked(data.decode(codec)), name, []
            except UnicodeDecodeError as exc:
                raise InputError(f"undecodable bytes after a {codec} BOM: {exc.reason}") from None
    if b"\x00" in data[:4096]:
        # Text in UTF-16 has NULs wherever it has ASCII (a line break is 0A 00); a binary has
        # them too, and reads as neither byte order.
        if codec := utf16_codec(data):
            return _utf16(data, codec)
        raise InputError("not a text document (contains NUL bytes)")
    try:
        return _checked(data.decode("utf-8")), "utf-8", []
    except UnicodeDecodeError:
        pass
    # Chinese in UTF-16 may hold no NUL at all (no ASCII, one long line): asked before the
    # legacy codecs, which it reads as in neither byte order.
    if codec := utf16_codec(data):
        return _utf16(data, codec)
    for codec, name in LEGACY_CODECS:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _looks_chinese(text) and not _has_utf8_lines(data, codec):
            return _checked(text), name, []
    if mixed := _decode_lines(data):
        return mixed
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd")
    if replaced <= max(1, int(len(text) * MAX_REPLACED_SHARE)):
        return (
            _checked(text),
            "utf-8",
            [f"{replaced} undecodable byte sequence(s) replaced with U+FFFD"],
        )
    raise InputError("undecodable bytes (neither UTF-8, GB18030 nor Big5)")


def office_kind(data: bytes) -> str | None:
    """Say what an Office file or zip that no reader took is, and what to do with it, or None.

    A .docx or .xlsx a reader could open never gets here: what does is damaged, of another
    kind (.pptx, .odt, a plain zip) or of Office 97–2003, whose binary formats are read by
    no reader (converting them is one command away).
    """
    if data.startswith(OLE_MAGIC):
        return next((say for stream, say in OLE_KINDS if stream.encode("utf-16-le") in data), None)
    if not data.startswith(ZIP_MAGIC):
        return None
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        return f"damaged zip or Office file ({exc})"
    for prefix, say in ZIP_KINDS:
        if any(name.startswith(prefix) for name in names):
            return say
    return "not a text document (zip archive: unpack it and name its files)"


def utf16_codec(data: bytes) -> str | None:
    """Return ``utf-16-le`` or ``utf-16-be`` if ``data`` is UTF-16 without a BOM, else None.

    Each byte order's reading of the first UTF16_SAMPLE bytes must be valid UTF-16 (all but
    a few surrogates paired) and read as text (see _reads_as_text). When both do (ASCII-only text: `a` is
    61 00, and 00 61 read the other way is U+6100 愀), the order whose high bytes hold the
    NULs wins.
    """
    head = data[: min(UTF16_SAMPLE, len(data)) & ~1]
    readings = []
    for codec in UTF16_CODECS:
        # A few lone surrogates (a damaged file, a sample cut inside a pair) are allowed;
        # read in the wrong byte order, GBK gives them by the hundred, and so do binaries.
        text = head.decode(codec, "replace")  # a bad unit (two bytes) becomes one U+FFFD
        if 2 * text.count("\ufffd") <= len(head) * MAX_REPLACED_SHARE and _reads_as_text(text):
            readings.append(codec)
    if len(readings) < 2:
        return readings[0] if readings else None
    high_le, high_be = head[1::2].count(0), head[0::2].count(0)
    if high_le > 2 * high_be:
        return "utf-16-le"
    if high_be > 2 * high_le:
        return "utf-16-be"
    return None


def _reads_as_text(text: str) -> bool:
    """True if ``text`` is made of what Chinese documents are (TEXT_CHAR), with common Han."""
    if not text.strip():
        return False
    other = len(NOT_TEXT_CHAR.findall(text))
    if other > len(text) * UTF16_MAX_OTHER:
        return False
    uncommon = _oddity(text) - other
    return len(HAN_CHAR.findall(text)) * (1 - UTF16_MIN_COMMON_HAN) >= uncommon


@cache
def _common_han(codec: str | None = None) -> frozenset[str]:
    """Return the common Han characters of ``codec``'s script: GB2312's 6,763 for GB18030,
    Big5's level 1 (5,401) for Big5, both for None (a text in either)."""
    if codec == "gb18030":
        pairs = bytes(b for lead in range(0xB0, 0xF8) for trail in range(0xA1, 0xFF) for b in (lead, trail))
        return frozenset(pairs.decode("gb2312", "ignore"))
    if codec == "cp950":
        trails = (*range(0x40, 0x7F), *range(0xA1, 0xFF))
        pairs = bytes(b for lead in range(0xA4, 0xC7) for trail in trails for b in (lead, trail))
        return frozenset(pairs.decode("cp950", "ignore"))
    return _common_han("gb18030") | _common_han("cp950")


def _utf16(data: bytes, codec: str) -> tuple[str, str, list[str]]:
    """Decode UTF-16 told by its bytes; a few broken units (a truncated file) are replaced."""
    allowed = max(1, int(len(data) * MAX_REPLACED_SHARE))
    text, bad = _decode_lossy(data, codec, allowed)
    if bad > allowed:
        raise InputError(f"undecodable bytes (read as {codec}, {bad:,} of {len(data):,} were not)")
    return _checked(text), codec, [f"{bad} undecodable byte(s) replaced with U+FFFD"] if bad else []


def _decode_lossy(data: bytes, codec: str, max_bad: int | None = None) -> tuple[str, int]:
    """Return ``data`` decoded with each undecodable sequence as U+FFFD, and how many bytes
    those were; past ``max_bad`` such bytes it stops (the text is then cut short)."""
    parts: list[str] = []
    bad = 0
    view = memoryview(data)
    start = 0
    while max_bad is None or bad <= max_bad:
        try:
            parts.append(str(view[start:], codec))
            break
        except UnicodeDecodeError as exc:
            # Decoded again up to the error: the exception does not carry what came before it.
            parts += (str(view[start : start + exc.start], codec), "\ufffd")
            bad += exc.end - exc.start
            start += exc.end
    return "".join(parts), bad


# Two Han characters in UTF-8 (`人民`, E4 BA BA E6 B0 91): a GBK line seldom holds these
# bytes in this order, a line with a UTF-8 part almost always.
UTF8_HAN_PAIR = lazy_re(rb"(?:[\xe4-\xe9][\x80-\xbf]{2}){2}")


def _has_utf8_lines(data: bytes, codec: str) -> bool:
    """True if a line of ``data``, which ``codec`` reads whole, reads better with UTF-8 in
    it (all UTF-8, or a UTF-8 part and a ``codec`` one).

    UTF-8 pages after GBK ones are often valid GB18030 too, as mojibake (`浜烘皯` for 人民);
    such a file is read line by line. A line of a GBK file reads as UTF-8 only by chance,
    and then as rare letters, never better than as GBK: a line with no odd character in
    ``codec`` is not asked.
    """
    for line in data.split(b"\n"):
        if not UTF8_HAN_PAIR.search(line) or not (odd := _oddity(str(line, codec), codec)):
            continue
        others = [r for r in _readings(line, _strictly(line, "utf-8"), codec) if r[1] is not None]
        if any(_oddity(text, codec) < odd for _, text in others):  # type: ignore[arg-type]
            return True
    return False


def _decode_lines(data: bytes) -> tuple[str, str, list[str]] | None:
    """Decode a file line by line: UTF-8 where a line is UTF-8, else the legacy codec the
    other lines read as Chinese in (as for a whole file); None if no line is in one.

    Scrapers append pages as they come, so one file may hold UTF-8 pages and GBK ones; a
    line feed is 0A in all three encodings and never inside a character, so lines split
    cleanly. Where readings compete (a short GBK line that is UTF-8 by chance, a line
    where one page runs into the next) the one with the fewest odd characters is taken.
    A line in neither is decoded with U+FFFD for its bad bytes, by whichever codec loses
    fewer; so is a legacy file with a few broken bytes.
    """
    lines = data.split(b"\n")
    utf8_texts = [_strictly(line, "utf-8") for line in lines]
    found = _legacy_lines(lines, [i for i, text in enumerate(utf8_texts) if text is None])
    if found is None:
        return None  # no line is GB18030 or Big5: a UTF-8 file with broken bytes
    codec, name = found
    texts: list[str] = []
    read = {"utf-8": 0, codec: 0, "both": 0}  # non-ASCII lines read each way
    bad = 0
    allowed = max(1, int(len(data) * MAX_REPLACED_SHARE))
    for line, text in zip(lines, utf8_texts, strict=True):
        if line.isascii() or (text is not None and not _oddity(text, codec)):
            read["utf-8"] += not line.isascii()
            texts.append(text)  # type: ignore[arg-type]
            continue
        best = _best_reading(_readings(line, text, codec), codec)
        if best is not None:
            kind, text = best
            read[kind] += 1
        else:
            # Whichever codec loses fewer bytes; the second stops once it loses as many.
            text, lost = _decode_lossy(line, codec, allowed - bad)
            as_utf8, lost_utf8 = _decode_lossy(line, "utf-8", lost - 1)
            if lost_utf8 < lost:
                text, lost = as_utf8, lost_utf8
            bad += lost
            if bad > allowed:
                return None  # too much lost: refused as undecodable
        texts.append(text)
    mixed = read["utf-8"] or read["both"]
    warnings = []
    if mixed:
        both = f", {read['both']:,} turning from one to the other" if read["both"] else ""
        warnings.append(
            f"lines in two encodings: {read['utf-8']:,} read as UTF-8, {read[codec]:,} as {name.upper()}{both}"
        )
    if bad:
        warnings.append(f"{bad} undecodable byte(s) replaced with U+FFFD")
    return _checked("\n".join(texts)), f"utf-8+{name}" if mixed else name, warnings


def _readings(line: bytes, utf8: str | None, codec: str) -> Iterator[tuple[str, str | None]]:
    """Yield the ways ``line`` may read, the first preferred among equals: UTF-8, all
    ``codec``, or joined across a page boundary (UTF-8 into ``codec``, or back)."""
    yield "utf-8", utf8
    yield codec, _strictly(line, codec)
    if utf8 is None:
        yield "both", _utf8_then(line, codec)
        yield "both", _legacy_then_utf8(line, codec)


def _best_reading(readings: Iterator[tuple[str, str | None]], codec: str) -> tuple[str, str] | None:
    """Return the (kind, text) with the fewest odd characters, the first of equals; the
    readings are made as needed, and one with none ends the search."""
    best: tuple[int, str, str] | None = None
    for kind, text in readings:
        if text is None:
            continue
        odd = _oddity(text, codec)
        if best is None or odd < best[0]:
            best = (odd, kind, text)
            if not odd:
                break
    return None if best is None else (best[1], best[2])


# Bytes of a file's non-UTF-8 lines read to tell their codec (about what _looks_chinese reads).
LEGACY_SAMPLE = 40_000


def _legacy_lines(lines: list[bytes], which: list[int]) -> tuple[str, str] | None:
    """Return (codec, name) of the first legacy codec in which the lines ``which`` that it
    decodes (whole, or after or before a UTF-8 part) read as Chinese, or None.

    Lines are read until LEGACY_SAMPLE bytes, as _looks_chinese reads a whole file.
    """
    for codec, name in LEGACY_CODECS:
        read: list[str] = []
        size = 0
        for i in which:
            if best := _best_reading(_readings(lines[i], None, codec), codec):
                read.append(best[1])
            size += len(lines[i])
            if size >= LEGACY_SAMPLE:
                break
        if read and _looks_chinese("\n".join(read)):
            return codec, name
    return None


def _oddity(text: str, codec: str | None = None) -> int:
    """Return how many characters of ``text`` are odd for a Chinese document: neither
    TEXT_CHAR nor common Han of ``codec``'s script. Mojibake is full of them; a right
    reading has few or none."""
    return len(_odd_char(codec).findall(text))


@cache
def _odd_char(codec: str | None) -> re.Pattern[str]:
    """Return a pattern for one odd character (see _oddity): one class of the characters
    that are not, built once, so counting them is a C scan, not a loop over the text."""
    allowed = sorted(map(ord, _common_han(codec)))
    runs: list[list[int]] = []
    for code in allowed:
        if runs and runs[-1][1] == code - 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    han = "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in runs)
    # TEXT_CHAR without its Han range, and the common Han in its place.
    return re.compile("[^" + TEXT_CHAR[1:-1].replace("\\u4e00-\\u9fff", "") + han + "]")


# A byte UTF-8 could not read, as the ``surrogateescape`` error handler leaves it.
ESCAPED_BYTE = lazy_re(r"[\udc80-\udcff]")
# How far a page boundary inside a line may lie from where one encoding stops reading it:
# the first characters of a GBK page may be valid UTF-8 by chance, and the end of a GBK
# page too, for a character or a few.
UTF8_START_SEARCH = 8


def _utf8_then(line: bytes, codec: str) -> str | None:
    """Return a line that is UTF-8 up to a point and ``codec`` after it (a UTF-8 page and a
    GBK one joined without a line break) decoded so, or None if it is not.

    The point is where UTF-8 fails, or up to UTF8_START_SEARCH characters before it: the
    first GBK characters may be UTF-8 by chance (平台, C6 BD CC A8, is `ƽ̨`).
    """
    try:
        return str(line, "utf-8")
    except UnicodeDecodeError as exc:
        cut = exc.start
    head = str(line[:cut], "utf-8")
    if head.isascii():
        return None  # ASCII reads alike in both: no UTF-8 part to tell
    joined = []
    for keep in range(len(head), max(0, len(head) - UTF8_START_SEARCH) - 1, -1):
        rest = _strictly(line[cut - len(head[keep:].encode("utf-8")) :], codec)
        if rest is not None:
            joined.append(head[:keep] + rest)
    return min(joined, key=lambda text: _oddity(text, codec), default=None)


def _legacy_then_utf8(line: bytes, codec: str) -> str | None:
    """Return a line that is ``codec`` up to a point and UTF-8 after it (a GBK page and a
    UTF-8 one joined without a line break) decoded so, or None if it is not.

    GB18030 reads much UTF-8 as its own pairs, so the point is found from the UTF-8 side:
    just after the last byte UTF-8 cannot read.
    """
    start = _utf8_tail(line)
    if line[start:].isascii():
        return None  # ASCII reads alike in both: no UTF-8 part to tell
    joined = []
    for cut in range(start, min(len(line), start + UTF8_START_SEARCH) + 1):
        head = _strictly(line[:cut], codec)
        rest = None if head is None else _strictly(line[cut:], "utf-8")
        if head is not None and rest is not None:
            joined.append(head + rest)
    return min(joined, key=lambda text: _oddity(text, codec), default=None)


def _utf8_tail(data: bytes) -> int:
    """Return where the longest valid UTF-8 end of ``data`` begins (after its last bad byte).

    Bad bytes are all 80-FF, so ``surrogateescape`` marks each as one U+DC80-DCFF: the last
    mark is found in one pass over the reversed text, not by decoding again after each.
    """
    text = data.decode("utf-8", "surrogateescape")
    last = ESCAPED_BYTE.search(text[::-1])
    return 0 if last is None else len(text[: len(text) - last.start()].encode("utf-8", "surrogateescape"))


def _strictly(data: bytes, codec: str) -> str | None:
    """Return ``data`` decoded by ``codec``, None if it is not in it."""
    try:
        return str(data, codec)
    except UnicodeDecodeError:
        return None


def _checked(text: str) -> str:
    """Refuse decoded text that is mostly control characters (a binary we did not know)."""
    sample = text[:8192]
    controls = count_controls(sample)
    if sample and controls / len(sample) > 0.05:
        raise InputError("not a text document (binary content)")
    if not text.strip():
        raise InputError("empty file (whitespace only)")
    return text


def count_controls(text: str) -> int:
    """Return how many control characters ``text`` holds (a C scan, no pattern)."""
    return len(text.encode("utf-8", "surrogatepass").translate(None, NOT_CONTROL_BYTES))


def _looks_chinese(text: str) -> bool:
    """True if a GB18030 decoding reads as Chinese rather than mojibake."""
    sample = text[:20000]
    letters = len(sample) - len(SPACE_CHAR.findall(sample))
    if not letters:
        return True
    common = han_count(sample) + len(COMMON_NON_HAN.findall(sample))
    # Mojibake from decoding UTF-8 or Latin bytes as GB18030 yields rare Han and
    # symbols mixed with ASCII; genuine text is almost all Han, ASCII and CJK punctuation,
    # with quotes, dashes and ellipses (`“”‘’—…`, U+2010-2027): a short notice is a tenth quotes.
    rare = len(RARE_HAN.findall(sample))
    return common / letters > 0.95 and rare / letters < 0.01


# What _looks_chinese counts, each in one C scan: whitespace (str.isspace()'s, which `\s` is);
# ASCII, CJK punctuation (`、。「」`), full-width forms (`，（）`) and quotes and dashes (`“”—…`);
# and Han past U+9FA5, the last character of GBK: mojibake has them, Chinese text seldom.
SPACE_CHAR = lazy_re(r"\s")
COMMON_NON_HAN = lazy_re(r"[\x00-\x7f\u2010-\u2027\u3000-\u303f\uff00-\uffef]")
RARE_HAN = lazy_re(r"[\u9fa6-\u9fff]")


# ---------------------------------------------------------------------------
# Format sniffing

# Heading markers that always start a paragraph: `一、`, `（一）`, `第一章`, `第三条`. Headings
# are told from wrapped lines here and in the PDF reflow (cleaning/pdftext.py).
HEADING_START = lazy_re(
    r"^(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十百]+[）)]|第[一二三四五六七八九十百零〇\d]+[章节条部分编])"
)
# Numbered items that start a paragraph when the line above ended a sentence: `1.`, `（1）`, `①`.
ITEM_START = lazy_re(r"^(?:\d{1,3}[.．、](?!\d)|[（(]\d{1,3}[）)]|[①-⑳])")
# What those two can start with (and any digit): most lines fail this one test.
MARKER_FIRST = frozenset("一二三四五六七八九十百（(第①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳")
# Punctuation inside a line that shows it is a sentence, not a heading (so does a
# full stop between Han characters: sentence_marks() checks both).
SENTENCE_PUNCT = lazy_re(r"[。，；：,;]")

# Front matter of a Hexo/Jekyll post: a line of three dashes, YAML, three dashes.
FRONT_MATTER = lazy_re(r"\A\s*---[ \t]*\r?\n(?P<yaml>.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
# A whole saved page: <!DOCTYPE html> or <html ...> near the top, after any comments. One
# `<!--.*?-->` spans a row of comments (DOTALL): a repeated one tried every way of cutting the row
# before failing (exponential in the comments when no page follows).
HTML_PAGE = lazy_re(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)?<(?:!doctype\s+html|html)\b", re.IGNORECASE | re.DOTALL
)
# Block-level tags that mark a body as HTML rather than text: <p>, <div>, <br>, <table>.
HTML_BLOCK_TAG = lazy_re(r"<(?:p|div|br|table|tr|td|center|span|h[1-6]|li)\b[^>]*>", re.IGNORECASE)


# Lines only markdown has: headings `## 一、工作目标`, the rule of a pipe table `| --- |`, and a
# line that opens in bold, as exports set headings and header fields: `　**一、总体要求**`,
# `**发布日期**: 2025-05-27`.
MARKDOWN_LINE = lazy_re(
    r"^(?:#{1,6}[ \t]+\S|\|?(?:[ \t]*:?-{3,}:?[ \t]*\|)+|[ \t\u3000]*\*\*[^*\n]+\*\*)", re.MULTILINE
)
# This many such lines make a text markdown.
MARKDOWN_MIN_LINES = 2
# Lines (of 8 characters or more) looked at to tell a hard-wrapped PDF dump: five pages.
SNIFF_LINES = 200


def sniff_format(text: str) -> str:
    """Return the input format of ``text``: the name of the first reader that recognises it
    (``readers.detect``): post, html, pdf or text."""
    from policytool.readers import Raw, detect

    return detect(Raw(text.encode("utf-8"), text=text)).name


def looks_markdown(text: str) -> bool:
    """True if ``text`` has markdown headings or tables: at least MARKDOWN_MIN_LINES such lines."""
    # Both kinds of markdown line need a `#` or a `---`, which most texts lack: a text
    # with neither is not searched line by line.
    head = text[:50000]
    return ("#" in head or "---" in head) and len(MARKDOWN_LINE.findall(head)) >= MARKDOWN_MIN_LINES


def looks_hard_wrapped(text: str) -> bool:
    """True if many lines stop mid-sentence at one common width, as pdftotext prints.

    The first SNIFF_LINES lines of some length tell: a few pages show the width.
    """
    lines = list(islice((line for ln in text.splitlines() if len(line := ln.strip()) >= 8), SNIFF_LINES))
    if len(lines) < 8:
        return False
    widths = [display_width(ln) for ln in lines]
    full = modal_width(widths)
    if full < 30:
        return False
    needed = max(5, 0.3 * len(lines))
    # Distinct lines: a banner repeated on every page is not a wrapped paragraph, and
    # headings of one length (`一、…` with no sentence in it) were never cut.
    wrapped: set[str] = set()
    for ln, w in zip(lines, widths, strict=True):
        if full - 6 <= w <= full + 4 and not ends_sentence(ln) and not is_heading(ln, ends=False):
            wrapped.add(ln)
            if len(wrapped) >= needed:
                return True
    return False


def is_heading(line: str, ends: bool | None = None) -> bool:
    """True for a heading line: a marker and a title with no sentence punctuation.

    ``ends`` is ``ends_sentence(line)`` when the caller knows it already.
    """
    if not may_be_marked(line):
        return False
    marked = HEADING_START.match(line) or ITEM_START.match(line)
    if not marked or sentence_marks(line):
        return False
    return not (ends_sentence(line) if ends is None else ends)


def may_be_marked(line: str) -> bool:
    """False if ``line`` cannot start with a heading or item marker (or a bracket)."""
    first = line[:1]
    return first in MARKER_FIRST or first.isdecimal()


def sentence_marks(line: str) -> bool:
    """True if ``line`` holds sentence punctuation: `，。；：`, or a full stop between Han."""
    if SENTENCE_PUNCT.search(line):
        return True
    dot = line.find(".", 1)
    while dot > 0:
        if is_han(line, dot - 1) and is_han(line, dot + 1):
            return True
        dot = line.find(".", dot + 1)
    return False
