"""Encodings read that used to be refused: UTF-16 without a BOM, and files of UTF-8 and GBK lines.

Neither may cost a clean file its old reading (UTF-8, GB18030, Big5, a BOM), and a binary
must still be refused: properties hold both.
"""

from __future__ import annotations

import codecs
import contextlib
import gzip
import json
import py_compile
import random
import sqlite3
import struct
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policytool import InputError, clean, schemas
from policytool.ingest import COMMON_NON_HAN, ENCODINGS, RARE_HAN, SPACE_CHAR, decode, utf16_codec
from policytool.readers import BINARY
from tests.conftest import SEED_FILES, run_cli
from tests.generated import PLAN, PLAN_IDS
from tests.properties import examples

TRADITIONAL = "關於加強基層醫療衛生服務能力建設的通知\n\n一、總體要求\n\n（一）指導思想。堅持以人民健康為中心。\n"
SEED_TEXTS = [p.read_text(encoding="utf-8") for p in SEED_FILES]


# ---------------------------------------------------------------------------
# UTF-16 without a BOM


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_every_command_reads_utf16_without_a_bom_as_the_utf8_document(tmp_path, codec):
    (tmp_path / "plan.txt").write_bytes(PLAN.encode(codec))
    (tmp_path / "utf8.txt").write_bytes(PLAN.encode("utf-8"))
    encoded, utf8 = str(tmp_path / "plan.txt"), str(tmp_path / "utf8.txt")

    parsed = run_cli("parse", encoded, "--format", "json")
    assert (parsed.exit_code, parsed.stderr) == (0, "")
    document = json.loads(parsed.stdout)
    assert document["source"]["encoding"] == codec
    assert [c["id"] for c in document["clauses"]] == PLAN_IDS
    assert run_cli("clean", encoded).stdout == run_cli("clean", utf8).stdout
    depts = json.loads(run_cli("depts", encoded, "--format", "json").stdout)["documents"][0]["assignments"]
    assert depts == json.loads(run_cli("depts", utf8, "--format", "json").stdout)["documents"][0]["assignments"]
    summary = json.loads(run_cli("diff", encoded, utf8, "--format", "json").stdout)["summary"]
    assert summary["same"] == len(PLAN_IDS) and summary["changed"] == summary["added"] == summary["removed"] == 0


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize(
    "text",
    [
        PLAN,
        # Han and CJK punctuation only, one line: not one NUL byte in either order.
        "关于加强基层医疗卫生服务能力建设的通知。坚持以人民健康为中心，加快推进基层医疗卫生服务体系建设。",
        # ASCII only: every other byte is NUL, and the other order reads as Han (`a` 61 00 as 愀).
        "Notice on strengthening primary health care.\nArticle 1. Scope of application.\n" * 3,
        # Indented with ideographic spaces (00 30 in UTF-16-LE) and full of 一 (00 4E).
        "　　一、总体要求\n　　一是统一思想，一以贯之。\n　　二、重点任务\n",
        TRADITIONAL,
    ],
    ids=["plan", "han-only", "ascii", "ideographic-spaces", "traditional"],
)
def test_utf16_without_a_bom_is_told_by_its_bytes(codec, text):
    assert decode(text.encode(codec)) == (text, codec, [])


def test_a_utf16_file_cut_at_an_odd_byte_or_with_a_lone_surrogate_keeps_the_rest():
    data = PLAN.encode("utf-16-le")
    assert decode(data[:-1]) == (PLAN[:-1] + "\ufffd", "utf-16-le", ["1 undecodable byte(s) replaced with U+FFFD"])
    lone = data[:40] + "\ud800".encode("utf-16-le", "surrogatepass") + data[40:]
    text, codec, warnings = decode(lone)
    assert (text, codec, warnings) == (
        PLAN[:20] + "\ufffd" + PLAN[20:],
        "utf-16-le",
        ["2 undecodable byte(s) replaced with U+FFFD"],
    )


# ---------------------------------------------------------------------------
# Files of UTF-8 lines and GBK or Big5 lines


def _scrape(*parts: tuple[str, str]) -> bytes:
    return b"".join(text.encode(codec) for text, codec in parts)


def test_pages_in_utf8_and_gbk_are_read_line_by_line(tmp_path):
    first, second = SEED_TEXTS[3].rstrip("\n") + "\n", SEED_TEXTS[1]
    data = _scrape((first, "utf-8"), (second, "gb18030"))
    text, encoding, warnings = decode(data)
    assert text == first + second
    utf8_lines = sum(not line.isascii() for line in first.split("\n"))
    gbk_lines = sum(not line.isascii() for line in second.split("\n"))
    assert encoding == "utf-8+gb18030"
    assert warnings == [f"lines in two encodings: {utf8_lines:,} read as UTF-8, {gbk_lines:,} as GB18030"]

    (tmp_path / "scrape.txt").write_bytes(data)
    for command in ("clean", "parse", "depts"):
        result = run_cli(command, str(tmp_path / "scrape.txt"))
        assert result.exit_code == 0
        assert result.stderr == f"policytool: {tmp_path / 'scrape.txt'}: warning: {warnings[0]}\n"
    assert run_cli("clean", str(tmp_path / "scrape.txt"), "--quiet").stderr == ""


def test_a_line_that_turns_from_utf8_to_gbk_midway_is_read_whole():
    # A scraper that appends the next page without a line break.
    text = SEED_TEXTS[4]
    for cut in (3000, 3001, 5000):
        data = _scrape((text[:cut], "utf-8"), (text[cut:], "gb18030"))
        assert decode(data)[:2] == (text, "utf-8+gb18030")
    # One line, half and half: said so.
    line = "加快推进健康产业发展，完善医疗卫生服务体系。"
    assert decode(_scrape((line, "utf-8"), (line, "gb18030"))) == (
        line + line,
        "utf-8+gb18030",
        ["lines in two encodings: 0 read as UTF-8, 0 as GB18030, 1 turning from one to the other"],
    )


def test_a_gbk_page_before_a_utf8_one_is_no_longer_read_as_mojibake():
    # UTF-8 is often valid GB18030 too (人民 is 浜烘皯): the whole file used to be read as
    # GB18030, silently, when UTF-8 pages followed GBK ones.
    first, second = SEED_TEXTS[1].rstrip("\n") + "\n", SEED_TEXTS[3]
    data = _scrape((first, "gb18030"), (second, "utf-8"))
    assert "人民".encode().decode("gb18030") == "浜烘皯"
    text, encoding, _ = decode(data)
    assert (text, encoding) == (first + second, "utf-8+gb18030")


@pytest.mark.parametrize("cut", [1000, 2500, 4000])
def test_a_line_that_turns_from_gbk_to_utf8_midway_is_read_whole(cut):
    text = SEED_TEXTS[4]
    assert decode(_scrape((text[:cut], "gb18030"), (text[cut:], "utf-8")))[:2] == (text, "utf-8+gb18030")


def test_pages_in_utf8_and_big5():
    data = _scrape((PLAN, "utf-8"), (TRADITIONAL, "big5"))
    assert decode(data) == (
        PLAN + TRADITIONAL,
        "utf-8+big5",
        ["lines in two encodings: 8 read as UTF-8, 3 as BIG5"],
    )


def test_bytes_no_encoding_reads_are_counted_in_a_warning():
    second = SEED_TEXTS[1]
    broken = second[:1000].encode("gb18030") + b"\xff\xff\xff" + second[1000:].encode("gb18030")
    text, encoding, warnings = decode(SEED_TEXTS[3].encode() + broken)
    assert encoding == "utf-8+gb18030"
    assert warnings[1] == "3 undecodable byte(s) replaced with U+FFFD"
    assert text == SEED_TEXTS[3] + second[:1000] + "\ufffd" * 3 + second[1000:]
    # A GBK file with a few broken bytes is read too, where it was refused whole.
    assert decode(broken) == (
        second[:1000] + "\ufffd" * 3 + second[1000:],
        "gb18030",
        ["3 undecodable byte(s) replaced with U+FFFD"],
    )


def test_a_short_gbk_line_that_happens_to_be_utf8_is_read_as_gbk():
    # 通知 in GBK (CD A8 D6 AA) is valid UTF-8 for two rare letters, Greek and Hebrew.
    assert "通知".encode("gb18030").decode("utf-8") == "\u0368\u05aa"
    notice = "关于做好春季农业生产工作的\n通知\n各有关单位：现将有关事项通知如下。"
    assert decode(PLAN.encode() + notice.encode("gbk")) == (
        PLAN + notice,
        "utf-8+gb18030",
        ["lines in two encodings: 8 read as UTF-8, 3 as GB18030"],
    )


def _encoding_enums(schema: object) -> list[list[str]]:
    """Return the enum of every `encoding` property in a JSON schema."""
    if isinstance(schema, dict):
        found = [schema["encoding"]["enum"]] if isinstance(schema.get("encoding"), dict) else []
        return found + [e for value in schema.values() for e in _encoding_enums(value)]
    if isinstance(schema, list):
        return [e for value in schema for e in _encoding_enums(value)]
    return []


def test_the_schemas_list_every_encoding_reported():
    for name in ("clean-1", "document-1", "depts-1", "targets-1", "codes-1", "diff-1"):
        schema = schemas.load(f"policytool.{name.replace('-', '/')}")
        assert _encoding_enums(schema) == [[*ENCODINGS, BINARY]], name


# ---------------------------------------------------------------------------
# Properties: clean files keep their reading, binaries stay refused

# Real sentences, not generated strings: the bytes 00 4E are 一 in one byte order and N in the
# other, so a text of nothing but 一 and `　` has no one right reading.
PARAGRAPHS = [p.strip() for text in SEED_TEXTS for p in text.split("\n") if len(p.strip()) >= 20]
ASCII_WORDS = ["policy", "Article", "2025", "the", "of", "GDP", "%", "No.", "(1)", "health", "\n", "\t", "-"]


@st.composite
def documents(draw) -> str:
    """Text as documents hold it: seed paragraphs, some cut, some with English words inserted."""
    chosen = draw(st.lists(st.sampled_from(PARAGRAPHS), min_size=1, max_size=6))
    if draw(st.booleans()):
        first = chosen[0]
        start = draw(st.integers(0, len(first) - 20))
        chosen[0] = first[start : start + draw(st.integers(20, len(first) - start))]
    if draw(st.booleans()):
        chosen.append(" ".join(draw(st.lists(st.sampled_from(ASCII_WORDS), min_size=1, max_size=30))))
    return draw(st.sampled_from(["\n", "\r\n", "\n\n"])).join(chosen)


@settings(max_examples=examples(300), deadline=None)
@given(documents(), st.sampled_from(["utf-16-le", "utf-16-be"]))
def test_utf16_without_a_bom_reads_back(text, codec):
    assert decode(text.encode(codec)) == (text, codec, [])


@settings(max_examples=examples(200), deadline=None)
@given(documents(), documents(), st.booleans())
def test_any_two_pages_in_utf8_and_gbk_read_back(first, second, gbk_first):
    codecs_ = ("gb18030", "utf-8") if gbk_first else ("utf-8", "gb18030")
    data = _scrape((first, codecs_[0]), (second, codecs_[1]))
    assert decode(data)[0] == first + second


@settings(max_examples=examples(300), deadline=None)
@given(documents())
def test_utf8_and_gb18030_files_are_never_taken_for_utf16(text):
    for codec in ("utf-8", "gb18030"):
        data = text.encode(codec)
        assert utf16_codec(data) is None
        assert decode(data) == (text, "utf-8" if codec == "utf-8" or data.isascii() else "gb18030", [])


@settings(max_examples=examples(200), deadline=None)
@given(
    st.lists(
        st.sampled_from([p for p in TRADITIONAL.split("\n") if p] + ["健全醫療服務體系，提高服務品質。"]), min_size=1
    )
)
def test_big5_files_are_never_taken_for_utf16(lines):
    data = "\n".join(lines).encode("big5")
    assert utf16_codec(data) is None
    assert decode(data)[1] in ("big5", "gb18030")  # as before: GB18030 is tried first


def _binaries() -> st.SearchStrategy[bytes]:
    random_bytes = st.binary(min_size=64, max_size=4096)
    little_ints = st.lists(st.integers(0, 2**32 - 1), min_size=16, max_size=512).map(
        lambda xs: struct.pack(f"<{len(xs)}I", *xs)
    )
    small_shorts = st.lists(st.integers(0, 2000), min_size=32, max_size=512).map(
        lambda xs: struct.pack(f"<{len(xs)}H", *xs)
    )
    padded = st.tuples(random_bytes, st.integers(64, 4096)).map(lambda t: t[0] + bytes(t[1]))
    return st.one_of(little_ints, small_shorts, padded, random_bytes.map(lambda b: bytes(64) + b))


@settings(max_examples=examples(500), deadline=None)
@given(_binaries())
def test_binaries_with_nuls_are_refused_not_read_as_utf16(data):
    with pytest.raises(InputError, match=r"^(not a text document|undecodable bytes)"):
        decode(data)


@pytest.mark.parametrize(
    ("magic", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n", r"not a text document \(PNG image"),
        (b"PK\x03\x04", r"damaged zip or Office file \("),  # no zip's directory follows
        (b"%PDF-1.7\n", r"not a text document \(PDF file"),
    ],
)
@settings(max_examples=examples(50), deadline=None)
@given(payload=st.one_of(st.binary(max_size=512), documents().map(lambda t: t.encode("utf-16-le"))))
def test_known_binaries_are_refused_whatever_follows_their_magic(magic, reason, payload):
    with pytest.raises(InputError, match="^" + reason):
        decode(magic + payload)


def test_real_binaries_are_refused(tmp_path):
    source = tmp_path / "m.py"
    source.write_text("政策 = '关于加强基层医疗卫生服务能力建设的通知'\nprint(政策)\n" * 20, encoding="utf-8")
    compiled = Path(py_compile.compile(str(source), cfile=str(tmp_path / "m.pyc")))
    database = tmp_path / "db.sqlite"
    with sqlite3.connect(database) as db:
        db.execute("create table t (title text)")
        db.executemany("insert into t values (?)", [(p,) for p in PARAGRAPHS[:200]])
    files = {
        "pyc": compiled.read_bytes(),
        "sqlite": database.read_bytes(),
        "gzip": gzip.compress(PLAN.encode("utf-16-le")),
        "wav": b"RIFF" + struct.pack("<I", 4000) + b"WAVEfmt " + random.Random(1).randbytes(4000),
        "python": Path(sys.executable).read_bytes()[:65536],
    }
    for name, data in files.items():
        with pytest.raises(InputError, match=r"^(not a text document|undecodable bytes)"):
            clean(data, path=name)


def test_clean_files_keep_their_reading_on_every_seed():
    for text in SEED_TEXTS:
        assert decode(text.encode("utf-8"))[1:] == ("utf-8", [])
        assert decode(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))[1:] == ("utf-16 (BOM)", [])
        assert decode(text.encode("gb18030"))[1:] == ("gb18030", [])


S = "加快推进健康产业发展，完善医疗卫生服务体系，提升基层服务能力。"
# 4 MB each of what costs the line-by-line reading most: a GBK line or lines with a rare
# character (every line asked whether it reads better with UTF-8 in it), one line that
# turns from GBK to UTF-8, and a bad byte on every line.
SLOW_TO_DECODE = {
    "gbk-rare-line": (S * 60_000 + "堃").encode("gb18030"),
    "gbk-rare-lines": ((S + "堃\n") * 60_000).encode("gb18030"),
    "gbk-into-utf8": (S * 30_000).encode("gb18030") + (S * 30_000).encode(),
    "bad-byte-lines": ((S + "\n").encode("gbk") + b"\xff") * 60_000,
    "garbage": bytes(range(128, 256)) * 30_000,
}


@pytest.mark.parametrize("data", SLOW_TO_DECODE.values(), ids=list(SLOW_TO_DECODE))
def test_decoding_stays_linear_on_hostile_bytes(data):
    start = time.perf_counter()
    with contextlib.suppress(InputError):
        decode(data)
    assert time.perf_counter() - start < 20  # a hang detector: each takes well under a second


# Spaces of every kind, the edges of each range _looks_chinese counts, and characters past them.
COUNTED = list(" \t\n\u3000\xa0\u2028\x85a。，“”—…政\u4e00\u9fa5\u9fa6\u9fff\uff01\uffef\u2010\u2027")


@settings(max_examples=examples(300), deadline=None)
@given(st.text(st.sampled_from(COUNTED)))
def test_the_counts_of_looks_chinese_are_the_loops_they_replace(text):
    assert len(SPACE_CHAR.findall(text)) == sum(ch.isspace() for ch in text)
    assert len(COMMON_NON_HAN.findall(text)) == sum(
        ch.isascii() or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef" or "\u2010" <= ch <= "\u2027"
        for ch in text
    )
    assert len(RARE_HAN.findall(text)) == sum("\u4e00" <= ch <= "\u9fff" and ord(ch) > 0x9FA5 for ch in text)
