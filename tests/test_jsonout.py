"""JSON written a piece at a time is the text json.dumps made of the whole, byte for byte.

The renderers used to build each JSON document as one string (``json.dumps(…, indent=2)``
of the records' ``to_dict()``); they now write it with ``jsonout.write``, clauses and
documents one by one. Here the old way is the reference, on the seeds and on generated
documents, and on any JSON value with any of its arrays made lazy.
"""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policytool import attach_duties, clean, load, load_departments
from policytool.compare import diff
from policytool.duties import summarize
from policytool.instruments import code_document, load_codebook
from policytool.model import CODES_SCHEMA, DEPTS_SCHEMA, TARGETS_SCHEMA, Failure
from policytool.quantities import TargetReport, find_targets
from policytool.render import At, jsonout, render
from policytool.render import depts as depts_render
from policytool.render import diff as diff_render
from policytool.render import instruments as codes_render
from policytool.render import targets as targets_render
from policytool.render.jsonout import Items, dumps, plain, write
from policytool.segment import segment
from tests.conftest import SEED_FILES
from tests.generated import nested_clauses
from tests.properties import examples


def old(data) -> str:
    """Return the text the renderers printed before: the whole document at once."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def written(data) -> str:
    out = io.StringIO()
    write(data, out)
    return out.getvalue()


# -- the writer -----------------------------------------------------------------------------

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(st.characters(codec="utf-8"), max_size=8),
    st.sampled_from(["", "\n", "a\nb", "\u2028", '"', "\\", "通知\n\n一、", "\t  "]),
)
KEYS = st.one_of(st.text(st.characters(codec="utf-8"), max_size=5), st.sampled_from(["", "\n", "clauses", "键"]))


def lazy_lists(children):
    """Lists, some given as Items (with or without a function to make each item)."""
    return st.one_of(
        st.lists(children, max_size=4),
        st.lists(children, max_size=4).map(Items),
        st.lists(children, max_size=4).map(lambda items: Items(items, lambda v: v)),
        st.lists(children, max_size=4).map(tuple).map(Items),
    )


VALUES = st.recursive(SCALARS, lambda children: lazy_lists(children) | st.dictionaries(KEYS, children, max_size=4))


@settings(max_examples=examples(300), deadline=None)
@given(VALUES)
def test_write_is_dumps_of_the_whole(data):
    assert written(data) == old(plain(data)) == dumps(data) + "\n"


@settings(max_examples=examples(300), deadline=None)
@given(VALUES)
def test_large_arrays_and_objects_written_in_parts_are_dumps_of_the_whole(data):
    # With LARGE at 2, most lists and dicts the strategy makes are written a part at a time.
    saved = jsonout.LARGE
    jsonout.LARGE = 2
    try:
        assert written(data) == dumps(data) + "\n"
    finally:
        jsonout.LARGE = saved


def test_a_long_list_inside_one_item_is_never_encoded_whole(monkeypatch):
    # One clause whose tag lists 250,000 departments: encoded whole, one string of 60 MB.
    lead = [{"name": "国家发展改革委", "canonical": "国家发展和改革委员会"}] * 250_000
    data = {"schema": "x", "clauses": Items([{"id": "1.1", "duty": {"lead": lead, "support": []}}])}
    longest = []
    encode = jsonout._INDENTED.encode
    monkeypatch.setattr(jsonout._INDENTED, "encode", lambda v: longest.append(len(out := encode(v))) or out)
    text = written(data)
    assert max(longest) < 1000
    monkeypatch.undo()
    assert text == dumps(data) + "\n"


def test_items_nested_and_empty():
    data = {
        "schema": "x",
        "documents": Items(
            [
                {"clauses": Items([{"text": "一\n二", "span": [0, 3]}, {"codes": Items([])}]), "meta": {}},
                {"path": "a", "error": "b", "list": [Items([1, 2]), []]},
            ]
        ),
        "empty": Items(()),
        "departments": [],
    }
    text = written(data)
    assert text == old(plain(data))
    assert '"empty": [],\n  "departments": []\n}\n' in text
    assert json.loads(text)["documents"][0]["clauses"][0]["text"] == "一\n二"


def test_items_are_read_again_each_time():
    made = []
    items = Items((1, 2, 3), lambda n: made.append(n) or {"n": n})
    assert written({"x": items}) == written({"x": items})
    assert made == [1, 2, 3, 1, 2, 3]
    assert len(items) == 3


# -- every renderer against the old text -------------------------------------------------------

TAGGED = nested_clauses(3_000).replace(
    "加强培训。", "加强培训，覆盖率不低于80%。（市卫生健康委牵头，市财政局配合）", 700
)
PAGE = (
    "<html><head><title>关于加强培训的通知</title></head><body><div class=content><p>关于加强培训的通知</p>"
    + "".join(f"<p>{k}. 加强培训。<!-- 注 --></p><br/><BR>" for k in range(1, 300))
    + "</div></body></html>"
)


def _documents():
    docs = [load(path) for path in SEED_FILES]
    docs += [clean(TAGGED, path="tagged.txt"), clean(PAGE.encode(), path="page.html")]
    return docs


CLEANED = _documents()
IDS = [c.source.path.rsplit("/", 1)[-1][:12] for c in CLEANED]
FAILED = Failure("gone.txt", "no such file")


@pytest.fixture(scope="module")
def reports():
    departments = load_departments()
    return [attach_duties(segment(c), departments) for c in CLEANED]


def _render(command: str, results, view=None, several: bool = False) -> str:
    """Return what ``command --format json`` writes of ``results``."""
    out = io.StringIO()
    render(command, "json", results, out, view, At(several=several))
    return out.getvalue()


@pytest.mark.parametrize("k", range(len(CLEANED)), ids=IDS)
def test_clean_and_parse_json(reports, k):
    cleaned, document = CLEANED[k], reports[k].document
    assert _render("clean", [cleaned]) == old(cleaned.to_dict())
    assert _render("clean", [cleaned, FAILED], several=True) == old(
        [cleaned.to_dict(), {"path": "gone.txt", "error": "no such file"}]
    )
    assert _render("parse", [document]) == old(document.to_dict())
    assert _render("parse", [FAILED, document], several=True) == old(
        [{"path": "gone.txt", "error": "no such file"}, document.to_dict()]
    )


@pytest.mark.parametrize("k", range(len(CLEANED)), ids=IDS)
def test_depts_targets_and_code_json(reports, k):
    report = reports[k]
    error = {"path": "gone.txt", "error": "no such file"}
    assert _render("depts", [report, FAILED], depts_render.View()) == old(
        {
            "schema": DEPTS_SCHEMA,
            "documents": [report.to_dict(), error],
            "departments": [s.to_dict() for s in summarize([report])],
        }
    )
    found = TargetReport(report.document, find_targets(report.document))
    view = targets_render.View(kind="all")
    assert _render("targets", [found, FAILED], view) == old(
        {"schema": TARGETS_SCHEMA, "documents": [found.to_dict(), error]}
    )
    codebook = load_codebook()
    coding = code_document(report.document, codebook)
    for level in (1, 2):
        view = codes_render.View(codebook=codebook, level=level)
        assert _render("code", [FAILED, coding], view) == old(
            {"schema": CODES_SCHEMA, "codebook": codebook.to_dict(), "documents": [error, coding.to_dict(level)]}
        )


@pytest.mark.parametrize("mode", ["versions", "trace"])
def test_diff_json(reports, mode):
    a, b = reports[1].document, reports[2].document
    result = diff(a, b, mode=mode)
    assert diff_render.as_json(result) == old(result.to_dict())
    # A generated one: 3,000 clauses against themselves, or a page of 300 paragraphs traced.
    other = reports[-2].document if mode == "versions" else reports[-1].document
    result = diff(other, other, mode=mode)
    assert diff_render.as_json(result) == old(result.to_dict())
