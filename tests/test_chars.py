"""Han without the `regex` module: the written-out class and the patterns built on it read
text as the `\\p{Han}` patterns they replaced."""

from __future__ import annotations

import re
import sys
import unicodedata

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from policytool.chars import HAN_OR_WORD, all_han, ends_sentence, han_count, has_han, is_han
from policytool.cleaning.meta import doc_number, is_organ
from policytool.cleaning.normalize import CONTROLS, SPACES, letter_spaced, tidy
from policytool.cleaning.pdftext import DUTY_TAG
from policytool.departments import _is_place, place_of
from policytool.ingest import HEADING_START, ITEM_START, is_heading, may_be_marked, sentence_marks
from policytool.render import terminal
from policytool.segment import _parallel_lead
from tests.properties import examples

HAN = regex.compile(r"\p{Han}")

# The patterns as they were written with `regex`.
OLD_DOC_NUMBER = regex.compile(
    r"^(?P<num>\p{Han}{1,14}\s*[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*第?\s*\d{1,5}\s*号)$"
)
OLD_ORGAN = regex.compile(
    r"^[\p{Han}（）()]{2,30}?(?:部|委|委员会|局|院|厅|办|办公室|署|行|会|政府|中心|所|集团|公司|协会|联合会|组|处|室|庭)$"
)
OLD_PARALLEL_LEAD = regex.compile(r"^\p{Han}{2,8}、\p{Han}{2,8}$")
OLD_ISSUER_PLACE = regex.compile(r"^(?P<place>\p{Han}{2,7}?(?:省|市|自治区))(?:人民政府|政府)")
OLD_PLACE = regex.compile(r"\p{Han}{0,8}(?:省|市|自治区|自治州|区|县)")
OLD_WIDE = regex.compile(r"[\p{ea=W}\p{ea=F}]")
OLD_CJK_GAP = regex.compile(
    r"(?<=[\p{Han}\u3000-\u303f\uff00-\uffef“”‘’…—《》])[ ]+|[ ]+(?=[\p{Han}\u3000-\u303f\uff00-\uffef“”‘’…—《》])"
)
OLD_LETTER_SPACED = regex.compile(r"^\p{Han}(?:[ \u3000\u00a0]+\p{Han}){1,11}$")
OLD_SENTENCE_MARKS = regex.compile(r"[。，；：,;]|(?<=\p{Han})\.(?=\p{Han})")

# Han characters of every kind (a radical, 〇, an extension-B ideograph), letters of
# other scripts, and the marks the patterns look for.
PIECES = list("国务院办发政府部委局厅省市区县自治州号第、 （）()〔〕[]2019０5") + [
    "\u2f00", "〇", "\U00020000", "A", "é", "ア", "한", "1", "_", "人民政府", "委员会", "自治区",
]  # fmt: skip
texts = st.lists(st.sampled_from(PIECES), max_size=14).map("".join)
short = st.lists(st.sampled_from(PIECES), max_size=5).map("".join)
# Texts shaped like what each pattern looks for, with any pieces in their Han parts.
shaped = st.one_of(
    texts,
    st.tuples(
        short,
        st.sampled_from(["〔", "（", "[", " "]),
        st.sampled_from(["2019", "2022", "1999"]),
        st.sampled_from(["〕", "）", "]"]),
        st.sampled_from(["第5", "11", " 1427"]),
        st.just("号"),
    ),
    st.tuples(short, st.sampled_from(["部", "委员会", "办公室", "局", "政府"])),
    st.tuples(short, st.sampled_from(["省", "市", "自治区", "县"]), st.sampled_from(["人民政府", "政府办公厅", ""])),
    st.tuples(short, st.just("、"), short),
).map(lambda t: t if isinstance(t, str) else "".join(t))


# Every character this Python's Unicode database knows: a newer `regex` may give Han to
# characters assigned after it, which the class cannot be asked to foresee.
ASSIGNED = [chr(cp) for cp in range(sys.maxunicode + 1) if unicodedata.category(chr(cp)) != "Cn"]


def test_the_han_class_is_regex_han_for_every_character():
    assert [ch for ch in ASSIGNED if is_han(ch) != bool(HAN.match(ch))] == []


def test_every_han_character_is_a_han_or_letter():
    letter = re.compile(HAN_OR_WORD)
    assert [ch for ch in ASSIGNED if HAN.match(ch) and not letter.match(ch)] == []


@settings(max_examples=examples(1000))
@given(shaped)
def test_patterns_read_han_as_the_regex_patterns_did(text):
    old = OLD_DOC_NUMBER.match(text)
    assert doc_number(text) == ("".join(old["num"].split()) if old else None)
    assert is_organ(text) == bool(OLD_ORGAN.match(text))
    assert _parallel_lead(text) == bool(OLD_PARALLEL_LEAD.match(text))
    old_place = OLD_ISSUER_PLACE.match(text)
    assert place_of((text,), None) == (old_place["place"] if old_place else None)
    assert _is_place(text) == bool(OLD_PLACE.fullmatch(text))
    assert all_han(text) == (bool(text) and all(HAN.match(ch) for ch in text))
    assert han_count(text) == len(HAN.findall(text))
    assert has_han(text, 3) == (len(HAN.findall(text)) >= 3)


def test_has_han_reads_past_a_window():
    assert has_han("a" * 5000 + "国务院", 3) and not has_han("a" * 5000 + "国务", 3)


@settings(max_examples=examples(300))
@given(st.text(st.sampled_from(list("国务院（）：，。“”…─├│ab1ＡＢ１한アｱ\u3000")), max_size=20))
def test_terminal_cells_count_wide_characters_twice(text):
    assert terminal.cells(text) == len(text) + len(OLD_WIDE.findall(text))
    assert terminal.wide_at(text) == {m.start() for m in OLD_WIDE.finditer(text)}


def old_tidy(text: str) -> str:
    text = CONTROLS.sub("", text)
    text = SPACES.sub(" ", text).strip()
    if OLD_LETTER_SPACED.match(text):
        return text.replace(" ", "")
    return OLD_CJK_GAP.sub("", text)


@settings(max_examples=examples(500))
@given(
    st.lists(st.sampled_from([*"教育部 　\xa0a1国《》，,（", "\u2f00", "ア", "Ａ", "  ", "to be"]), max_size=16).map(
        "".join
    )
)
def test_spaces_go_where_the_regex_patterns_took_them(text):
    assert tidy(text) == old_tidy(text)
    assert letter_spaced(text) == bool(OLD_LETTER_SPACED.match(text))


HEADINGS = [*"一二十（(第1２①章节条、）).。，a国部 ", "\u2f00", "总体要求", "1.5", "负责", "牵头"]


@settings(max_examples=examples(500))
@given(st.lists(st.sampled_from(HEADINGS), max_size=10).map("".join))
def test_headings_are_told_as_the_regex_pattern_told_them(line):
    assert sentence_marks(line) == bool(OLD_SENTENCE_MARKS.search(line))
    marked = HEADING_START.match(line) or ITEM_START.match(line)
    assert is_heading(line) == bool(marked and not OLD_SENTENCE_MARKS.search(line) and not ends_sentence(line))
    # The first-character test passes every line a marker or a wrapped tag could open.
    assert may_be_marked(line) or not (marked or DUTY_TAG.match(line))
