"""Peak memory stays within 30 times the input plus 100 MB, on inputs that once took far more.

Each command runs in its own process and its peak resident memory is read from the
kernel when it ends (``RUSAGE_CHILDREN`` of a small process that starts it).
The inputs are generated here, 1–2 MB each: large enough that the old ways (JSON text
built whole, a list of dicts for every clause, an element for every ``<br/>``) went over
the bound, small enough to keep the suite fast. benchmarks/scaling.py measures the same
up to 10 MB.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.generated import nested_clauses

SENTENCE = "加强基层医疗卫生服务能力建设，提高服务质量和群众满意度。"
PARAGRAPH = "关于加强基层医疗卫生服务能力建设的通知\n\n" + SENTENCE * 35_000 + "\n"

# The bound: a small multiple of the input, plus the interpreter, the dictionary and jieba.
PER_BYTE = 30
FIXED = 100 * 2**20


# Runs a command and prints its exit status and peak resident memory. A process started
# straight from the test process would count the test process's own memory too: Linux
# carries the memory a process had before exec() into its peak, and a forked copy of a
# suite's worth of pytest has hundreds of megabytes. Started from this small one, it has not.
MEASURE = (
    "import resource, subprocess, sys\n"
    "status = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
    "print(status, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def peak(*args: str, path: str) -> int:
    """Return the peak resident bytes of `policytool ARGS PATH`, after checking that it succeeded."""
    proc = subprocess.run(
        [sys.executable, "-c", MEASURE, sys.executable, "-m", "policytool", *args, path],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=True,
    )
    status, maxrss = proc.stdout.split()
    assert status == "0", proc.stderr
    # Linux counts kilobytes, macOS bytes.
    return int(maxrss) * (1 if sys.platform == "darwin" else 1024)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("memory")
    made = {
        # 50,000 one-line clauses in 1 MB: `parse --format json` took 220 MB, `code` 350 MB.
        "clauses": nested_clauses(50_000),
        # 75,000 in 1.5 MB: `code --format jsonl` listed every line before writing (175 MB).
        "more-clauses": nested_clauses(75_000),
        # 200,000 `<br/>` in 1 MB: an element each, 140 MB.
        "breaks.html": "<html><body><p>关于加强基层医疗卫生服务</p>" + "<br/>" * 200_000 + "</body></html>",
        # A real plan pasted 35 times (1 MB): `keywords` kept 230,000 co-occurrence pairs of
        # its sections, for TextRank on the document, which needs the 6,000 they sum to (250 MB).
        "repeated": next((ROOT / "seeds").glob("001_*.txt")).read_text(encoding="utf-8") * 35,
        # One paragraph of 3 MB, and the same with a sentence added: diff held each side as a
        # list of one string per character (80 bytes for two), 270 MB.
        "paragraph": PARAGRAPH,
        "paragraph-edited": PARAGRAPH.replace("\n\n", "\n\n（修订）", 1),
    }
    paths = {}
    for name, text in made.items():
        path = folder / (name if "." in name else name + ".txt")
        path.write_text(text, encoding="utf-8")
        paths[name] = str(path)
    return paths


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("clauses", ("parse", "--format", "json")),
        ("clauses", ("code", "--format", "json")),
        ("more-clauses", ("code", "--format", "jsonl")),
        ("breaks.html", ("clean", "--format", "json")),
        ("repeated", ("keywords", "--format", "json")),
        ("paragraph-edited", ("diff", "--format", "json", "{paragraph}")),  # {name}: another input
    ],
    ids=lambda v: v if isinstance(v, str) else " ".join(v),
)
def test_peak_memory_is_a_small_multiple_of_the_input(inputs, name, args):
    path = inputs[name]
    size = os.path.getsize(path)
    used = peak(*(a.format(**inputs) for a in args), path=path)
    bound = PER_BYTE * size + FIXED
    assert used <= bound, f"{used / 2**20:.0f} MB for {size / 2**20:.1f} MB of input (bound {bound / 2**20:.0f} MB)"


# -- what held the memory ----------------------------------------------------------------


def test_the_clause_tree_is_freed_without_the_garbage_collector():
    from policytool import clean
    from policytool.segment import segment

    cleaned = clean(nested_clauses(2_000))
    gc.collect()
    gc.disable()
    try:
        doc = segment(cleaned)
        gc.set_debug(gc.DEBUG_SAVEALL)  # what the collector finds stays in gc.garbage
        gc.collect()
        left = [type(x).__name__ for x in gc.garbage if type(x).__name__ == "_Node"]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert len(doc.clauses) > 2_000
    assert left == []  # the nodes went as the clauses were made, not at a full collection


def test_a_coding_holds_its_clauses_not_copies():
    from policytool import parse
    from policytool.instruments import code_document, coded_text

    doc = parse(nested_clauses(1_000))
    coding = code_document(doc)
    assert all(c.clause is d for c, d in zip(coding.clauses, doc.clauses, strict=True))
    two = coding.clauses[2]
    assert (two.id, two.label, two.title, two.text) == ("1.1", "一（一）", "加强资金支持", coded_text(doc.clauses[2]))
    words = {id(e.word) for c in coding.clauses for k in c.codes for e in k.evidence if e.word == "培训"}
    assert len(words) == 1  # one string for a word found 1,000 times


def test_clauses_coded_alike_share_their_codes_and_the_table_is_bounded(monkeypatch):
    from policytool import instruments, parse
    from policytool.instruments import code_document

    doc = parse(nested_clauses(1_000))
    fresh = [instruments.code_clause(c, instruments.load_codebook()) for c in doc.clauses]
    coding = code_document(doc)
    assert [c.codes for c in coding.clauses] == [c.codes for c in fresh]  # equal, whether shared or not
    alike = [c.codes for c in coding.clauses if c.codes and c.text == "加强培训"]
    assert len(alike) > 100 and len({id(codes) for codes in alike}) == 1

    monkeypatch.setattr(instruments, "SHARED_CODINGS", 0)  # nothing kept: each clause its own
    unshared = [c.codes for c in code_document(doc).clauses if c.codes and c.text == "加强培训"]
    assert unshared == alike and len({id(codes) for codes in unshared}) == len(unshared)


def test_line_breaks_are_one_node_each_spelling():
    from policytool.cleaning.html import parse_html

    for markup in ("<p>通知</p>" + "<br/>" * 1000 + "<br>" * 1000, "<p>通知" + "<br/>" * 1000 + "<br>" * 1000 + "</p>"):
        breaks = [
            n
            for n in parse_html(markup).children + parse_html(markup).children[0].children
            if not isinstance(n, str) and n.tag == "br"
        ]
        assert len(breaks) == 2000
        assert {n.raw for n in breaks} == {"<br/>", "<br>"}
        assert len({id(n) for n in breaks}) == 2


def test_a_long_table_is_printed_in_pieces(monkeypatch):
    from typer.testing import CliRunner

    from policytool.cli import app
    from policytool.render import console

    monkeypatch.setattr(console, "TABLE_ROWS", 20)
    result = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"}).invoke(app, ["code", "-"], input=nested_clauses(100))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].strip() == "关于加强基层医疗卫生服务能力建设的通知"  # the title, once
    assert sum("条款" in line for line in lines) == 5  # 100 rows under five headers
    ids = [line.split("│")[1].strip() for line in lines if line.startswith("│")]
    assert ids[:4] == ["1", "1.1", "1.1.1", "1.1.2"] and len(ids) == 100
