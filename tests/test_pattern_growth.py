"""Every pattern of the library runs in linear time, on inputs built to make it backtrack.

See tests/redos.py for how the inputs are built and timed. A pattern that cannot be made
linear is named in SLOW_BUT_BOUNDED with the reason it is safe (the text it sees is bounded,
or it runs with a timeout); the guard checks that each entry is still slow, so none outlives
its reason.
"""

from __future__ import annotations

import pytest

from tests import redos
from tests.retired_patterns import RETIRED

# Name (as library_patterns() gives it) → why the pattern is safe although the guard finds it slow.
SLOW_BUT_BOUNDED: dict[str, str] = {}


@pytest.fixture(scope="module")
def patterns() -> list[redos.Spec]:
    return redos.library_patterns()


def test_the_guard_finds_every_kind_of_pattern(patterns):
    names = {s.name for s in patterns}
    # Module constants, patterns in tables and dicts, lazy ones of both engines.
    assert {
        "policytool.cleaning.chrome.WIDGET",
        "policytool.quantities.TARGET",
        "policytool.cleaning.frontmatter.TABLE_RULE",
        "policytool.yamlfile.FLAT_LINE",
        "policytool.quantities.VERB_COMPARATOR[0][0]",
        "policytool.numbering.NUMBERING[0][1]",
        "policytool.cleaning.html.RAW_TEXT_END['script']",
    } <= names
    assert {s.engine for s in patterns} == {"re", "regex"}
    # Compiled in place by a call (`re.split(r"\s|【…", …)`) and from the dictionaries' names.
    by_module = {name.split(":")[0] for name in names if ":" in name}
    assert {"policytool.cleaning.chrome", "policytool.departments", "policytool.instruments"} <= by_module
    trie = max((s for s in patterns if s.name.startswith("policytool.departments:")), key=lambda s: len(s.source))
    assert trie.compile().fullmatch("卫生健康委")
    assert len(patterns) > 120
    assert set(SLOW_BUT_BOUNDED) <= names


def test_every_library_pattern_takes_linear_time(patterns):
    findings = redos.check([s for s in patterns if s.name not in SLOW_BUT_BOUNDED])
    assert not findings, "patterns that backtrack:\n" + "\n".join(map(str, findings))
    if SLOW_BUT_BOUNDED:
        still = {f.name for f in redos.check([s for s in patterns if s.name in SLOW_BUT_BOUNDED])}
        assert set(SLOW_BUT_BOUNDED) <= still, f"linear now, take off SLOW_BUT_BOUNDED: {set(SLOW_BUT_BOUNDED) - still}"


def test_the_guard_finds_the_patterns_that_hung():
    """The guard fails the patterns that hung every command (WIDGET) or took quadratic time."""
    hung = ("WIDGET", "TARGET", "TABLE_RULE", "FLAT_LINE")
    specs = [redos.Spec(name, RETIRED[name].engine, RETIRED[name].source, RETIRED[name].flags) for name in hung]
    # Shorter deadlines than the guard's: these are known to run past them.
    findings = redos.check(specs, deadlines={size: 1.5 for size in redos.SIZES})
    assert {f.name for f in findings} == set(hung), "\n".join(map(str, findings))


def test_inputs_are_built_from_the_pattern_itself():
    shapes = [str(s) for s in redos.shapes(redos.Spec("WIDGET", "re", RETIRED["WIDGET"].source, 0))]
    # A run of what a repeat takes, and a repeated sample of the part the pattern repeats.
    assert "'' + ' '×n + '\\x00'" in shapes
    assert "'' + '扫一扫'×n + '\\x00'" in shapes
    line = redos.Shape("a: b", " ", "\x00").build(1_000)
    assert len(line) == 1_000 and line.startswith("a: b ") and line.endswith(" \x00")
