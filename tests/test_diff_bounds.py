"""diff in bounded work: the same answers as before the bounds, and time that grows linearly.

The golden file was written by the diff before its work was bounded (difflib's matching
and all-pairs candidate lookup, unbounded); the bounded one must agree with it on real
revisions. Growth is checked as a ratio of times, best of several runs, so a loaded
machine slows both sides alike.
"""

from __future__ import annotations

import dataclasses
import json
import random
import time
from difflib import SequenceMatcher
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policytool import clean, parse
from policytool import compare as diff_module
from policytool.compare import char_ops, diff, matching_blocks, ratio, text_blocks
from policytool.model import Document
from tests.conftest import GOLDEN
from tests.golden.regenerate import diff_cases, diff_golden
from tests.properties import examples

CASES = {name: (a, b, mode) for name, a, b, mode in diff_cases()}
GOLDENS = json.loads((GOLDEN / "diff_revisions.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(CASES))
def test_revisions_diff_as_before(name):
    a, b, mode = CASES[name]
    result = json.loads(json.dumps(diff_golden(diff(a, b, mode=mode)), ensure_ascii=False))
    assert result == GOLDENS[name]


# ---------------------------------------------------------------------------
# The sequence diff: difflib's answer within the bound, valid runs past it

# Few distinct items, so that runs repeat and ties are many (where difflib's choices show).
ITEMS = st.sampled_from(list("的和发展。，ab12"))
TEXTS = st.text(alphabet=ITEMS, max_size=60)
LISTS = st.lists(st.sampled_from(["一、总体要求", "加强建设。", "略。", "", "推进改革。"]), max_size=40)


def edited(draw, text):
    """Return ``text`` with a few items replaced, inserted or dropped."""
    items = list(text)
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(items)))
        how = draw(st.sampled_from(["put", "drop", "set"]))
        if how == "put":
            items.insert(at, draw(ITEMS))
        elif at < len(items):
            items[at : at + 1] = [] if how == "drop" else [draw(ITEMS)]
    return "".join(items)


@st.composite
def text_pairs(draw):
    """Two texts: unrelated, or the second an edit of the first."""
    a = draw(TEXTS)
    return a, edited(draw, a) if draw(st.booleans()) else draw(TEXTS)


def difflib_blocks(a, b):
    return [tuple(m) for m in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()]


@settings(max_examples=examples(400))
@given(text_pairs())
def test_within_the_bound_the_runs_and_ratio_are_difflibs(pair):
    a, b = pair
    assert matching_blocks(a, b) == text_blocks(a, b) == difflib_blocks(a, b)
    assert ratio(a, b) == SequenceMatcher(None, a, b, autojunk=False).ratio()


@settings(max_examples=examples(200))
@given(LISTS, LISTS)
def test_clause_lists_are_matched_as_difflib_does(a, b):
    assert matching_blocks(a, b) == difflib_blocks(a, b)


def assert_valid(a, b, blocks):
    """Runs in order, not overlapping, each of equal items, ending with the sentinel."""
    i = j = 0
    for x, y, size in blocks[:-1]:
        assert size > 0 and x >= i and y >= j
        assert list(a[x : x + size]) == list(b[y : y + size])
        i, j = x + size, y + size
    assert blocks[-1] == (len(a), len(b), 0)


def no_exact_matching():
    """Leave difflib's exact search no steps, so that alignment past the bound does all the work."""
    return mock.patch.multiple(diff_module, WORK_PER_ITEM=0, WORK_BASE=0, GAP_PER_ITEM=0)


@settings(max_examples=examples(300))
@given(text_pairs())
def test_past_the_bound_runs_are_valid_and_edits_rebuild_both_texts(pair):
    a, b = pair
    with no_exact_matching():
        assert_valid(a, b, matching_blocks(a, b))
        assert_valid(a, b, text_blocks(a, b))
        ops = char_ops(a, b, strict=True)
    assert "".join(t for op, t in ops if op != "insert") == a
    assert "".join(t for op, t in ops if op != "delete") == b


@no_exact_matching()
def test_past_the_bound_a_long_text_keeps_all_it_shares():
    sentences = [f"第{k}项任务要加快推进建设，完善体制机制。" for k in range(300)]
    a = "".join(sentences)
    b = "".join(s.replace("加快", "全面") if k % 30 == 7 else s for k, s in enumerate(sentences))
    blocks = text_blocks(a, b)
    assert_valid(a, b, blocks)
    assert sum(size for *_, size in blocks) == len(a) - 2 * 10  # all but the ten edits


# ---------------------------------------------------------------------------
# Growth


def document(texts: list[str]) -> Document:
    """Return a document of one article per text, built without the cost of parsing it."""
    template = parse(clean("第一条　落实任务。\n"))
    doc, article = template.clauses
    clauses = [
        dataclasses.replace(article, id=str(k), number=k, marker=f"第{k}条", label=f"第{k}条", title=text)
        for k, text in enumerate(texts, 1)
    ]
    return Document(cleaned=template.cleaned, clauses=(doc, *clauses))


def tasks(n: int) -> list[str]:
    """Return ``n`` distinct one-line tasks in the same wording (every one shares 落实任务)."""
    return [f"落实任务{k}要求" for k in range(n)]


def every_tenth_edited(texts: list[str]) -> list[str]:
    return [t.replace("落实", "完成") if k % 10 == 0 else t for k, t in enumerate(texts)]


def best_time(run, times: int) -> float:
    best = float("inf")
    for _ in range(times):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def growth(run, small: int, large: int) -> float:
    """Return how many times longer ``run(large)`` takes than ``run(small)``, best of runs."""
    return best_time(lambda: run(large), 3) / best_time(lambda: run(small), 5)


# Ten times the input: linear is 10x, quadratic 100x.
GROWTH_LIMIT = 40


def test_a_document_against_itself_grows_linearly():
    docs = {n: document(tasks(n)) for n in (2_000, 20_000)}
    assert growth(lambda n: diff(docs[n], docs[n], mode="versions"), 2_000, 20_000) < GROWTH_LIMIT


def test_a_revision_of_a_long_list_grows_linearly():
    docs = {n: (document(tasks(n)), document(every_tenth_edited(tasks(n)))) for n in (2_000, 20_000)}
    result = diff(*docs[2_000], mode="versions")
    assert result.summary()["changed"] == 200 and result.summary()["same"] == 1_801
    # Exact matching may spend WORK_BASE steps (a few seconds) once per comparison before
    # alignment past the bound takes over; without that allowance both sizes run past it.
    with mock.patch.object(diff_module, "WORK_BASE", 0, create=True):
        assert growth(lambda n: diff(*docs[n], mode="versions"), 2_000, 20_000) < GROWTH_LIMIT
    start = time.perf_counter()
    result = diff(*docs[20_000], mode="versions")
    assert time.perf_counter() - start < 60  # with it: before, 50 s and growing as the square
    assert result.summary()["changed"] == 2_000 and result.summary()["same"] == 18_001


def test_tracing_a_long_report_grows_linearly():
    def pair(n: int) -> tuple[Document, Document]:
        source = parse(clean("一、总体要求\n" + "".join(f"建设项目{k}。推进项目{k}的工作。\n" for k in range(n))))
        report = parse(clean("".join(f"报道说，建设项目{k}，推进项目{k}的工作。\n" for k in range(n))))
        return report, source

    docs = {n: pair(n) for n in (300, 3_000)}
    result = diff(*docs[300], mode="trace")
    assert [t.matches[0].clause.title for t in result.trace[:3]] == ["建设项目0", "建设项目1", "建设项目2"]
    assert growth(lambda n: diff(*docs[n], mode="trace"), 300, 3_000) < GROWTH_LIMIT


def test_200000_one_line_clauses_against_themselves():
    doc = document(tasks(200_000))
    start = time.perf_counter()
    result = diff(doc, doc, mode="versions")
    assert time.perf_counter() - start < 120  # before: hours (killed at 90 s)
    assert result.summary()["same"] == 200_001 and len(result.pairs) == 200_001


def test_a_1_mb_clause_against_a_copy_with_ten_edits():
    rnd = random.Random(1)
    words = ["建设", "推进", "完善", "健康", "产业", "服务", "体系", "机制", "的", "和", "，", "。"]
    text = "".join(rnd.choice(words) for _ in range(180_000))  # about 1 MB of UTF-8
    edits = sorted(rnd.sample(range(0, len(text) - 2, 1_000), 10))
    changed = list(text)
    for at in edits:
        changed[at : at + 2] = ["修", "订"]
    a, b = (parse(clean(f"一、总体要求\n（一）加强建设。{t}\n")) for t in (text, "".join(changed)))
    start = time.perf_counter()
    (pair,) = [p for p in diff(a, b, mode="versions").pairs if p.status == "changed"]
    assert time.perf_counter() - start < 60  # before: a 100 KB clause took 10 s, growing as the square
    inserted = [t for op, t in pair.ops if op == "insert"]
    assert len(inserted) == 10 and all("修订" in t for t in inserted)
    assert sum(len(t) for op, t in pair.ops if op == "delete") < 100
