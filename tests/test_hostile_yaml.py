"""Dictionaries and codebooks built to hang or exhaust policytool: each is refused in bounded
time and memory with one line naming the file, whether its parse is cached or not.

The commands run in a child process capped at 2 GiB of address space, so a regression
fails the test (a MemoryError, a timeout) instead of taking the machine's memory; the
child's peak memory is read from the kernel as it ends.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from policytool import load_departments, yamlfile
from policytool.cleaning.normalize import normalize_paragraph
from policytool.departments import PLACE, PLACE_MAX, Departments, DictionaryError
from policytool.instruments import CodebookError, load_codebook
from policytool.yamlfile import YamlError, YamlLimitError, safe_load
from tests.conftest import ROOT, seed

pytestmark = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads peak memory from /proc")

GOOD = str(seed("001"))
# Address space a child may take: a normal run needs a tenth of it.
CAP = 2 << 30
# A run that ends in under this is not hanging; a refusal takes well under a second.
TIMEOUT = 120
# Peak memory (MB) of a refused run: Python and policytool take about 30.
PEAK_MB = 150


@dataclass
class Ran:
    code: int
    stdout: str
    stderr: str
    peak_mb: float
    seconds: float


# The child caps its address space, runs the command as `python -m policytool` would and,
# as it exits, writes its peak memory (KB) to PEAK_FILE: the kernel's VmHWM of the child's own
# program. Its ru_maxrss would count the pages of the test process it was forked from as
# well (Linux keeps the high-water mark across exec): hundreds of MB late in a run.
CAPPED = f"""
import atexit, os, resource, runpy
resource.setrlimit(resource.RLIMIT_AS, ({CAP}, {CAP}))
def peak():
    with open('/proc/self/status') as status, open(os.environ['PEAK_FILE'], 'w') as out:
        out.write(next(line.split()[1] for line in status if line.startswith('VmHWM:')))
atexit.register(peak)
runpy.run_module('policytool', run_name='__main__', alter_sys=True)
"""


def run(*args: str, cache: Path | None) -> Ran:
    """Run ``policytool ARGS`` in a capped child; ``cache`` is its cache folder (None: off)."""
    with tempfile.TemporaryDirectory() as scratch:
        peak = Path(scratch) / "peak"
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PEAK_FILE": str(peak)}
        env.pop("POLICYTOOL_NO_CACHE", None)
        if cache is None:
            env["POLICYTOOL_NO_CACHE"] = "1"
        else:
            env["POLICYTOOL_CACHE_DIR"] = str(cache)
        start = time.monotonic()
        try:
            ran = subprocess.run(
                [sys.executable, "-c", CAPPED, *args],
                capture_output=True,
                cwd=ROOT,
                env=env,
                timeout=TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            pytest.fail(f"policytool {' '.join(args)} still running after {TIMEOUT} s")
        seconds = time.monotonic() - start
        # No peak written: the child crashed (a segfault ends it without its exit handlers).
        peak_mb = int(peak.read_text()) / 1024 if peak.exists() else float("inf")
    return Ran(
        ran.returncode, ran.stdout.decode("utf-8", "replace"), ran.stderr.decode("utf-8", "replace"), peak_mb, seconds
    )


def assert_refused(ran: Ran, path: Path, *reasons: str) -> None:
    """One line naming the file and the reason, exit 2, nothing on stdout, little memory."""
    assert ran.code == 2, (ran.code, ran.stderr[-500:])
    (line,) = ran.stderr.splitlines()
    assert line.startswith(f"policytool: {path}: "), line
    for reason in reasons:
        assert reason in line, line
    assert ran.stdout == ""
    assert 10 < ran.peak_mb < PEAK_MB, ran.peak_mb  # over 10: Python itself, so it was measured


# -- empty names: the matcher's empty match never advanced ------------------------------------

EMPTY_NAMES = [
    ("empty name", "national:\n  - name: ''\n", "national entry 1 needs a name"),
    (
        "empty alias",
        "national:\n  - {name: 发展改革委, aliases: ['']}\n",
        "national entry 1 (发展改革委): alias 1 is empty",
    ),
    (
        "spaces",
        "generic:\n  - {name: 各部门, aliases: [各单位, '   ']}\n",
        "generic entry 1 (各部门): alias 2 is empty",
    ),
    ("ideographic space", "local:\n  - name: '\u3000'\n", "local entry 1 needs a name"),
    ("zero width", "local:\n  - name: 城管局\n    aliases: ['\u200b']\n", "local entry 1 (城管局): alias 1 is empty"),
    (
        "tab and control",
        'branch:\n  - {name: 保监局, aliases: ["\\t\\x01"]}\n',
        "branch entry 1 (保监局): alias 1 is empty",
    ),
    ("full", "national:\n  - {name: 甲委, full: ' '}\n", "national entry 1 (甲委): the full name is empty"),
]


@pytest.mark.parametrize(("text", "reason"), [c[1:] for c in EMPTY_NAMES], ids=[c[0] for c in EMPTY_NAMES])
def test_an_empty_name_or_alias_is_refused(tmp_path, text, reason):
    bad = tmp_path / "mine.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(DictionaryError) as caught:
        load_departments([bad])
    assert str(caught.value) == f"{bad}: {reason}"


@pytest.mark.parametrize("case", [0, 1, 4], ids=[EMPTY_NAMES[i][0] for i in (0, 1, 4)])
def test_an_empty_name_is_a_usage_error_not_an_endless_loop(tmp_path, case):
    _, text, reason = EMPTY_NAMES[case]
    bad = tmp_path / "mine.yaml"
    bad.write_text(text, encoding="utf-8")
    assert_refused(run("depts", GOOD, "--dict", str(bad), cache=tmp_path / "cache"), bad, reason)


def test_names_are_kept_as_the_cleaner_writes_text(tmp_path):
    mine = tmp_path / "mine.yaml"
    mine.write_text("national:\n  - name: ' 甲 委 '\n    aliases: ['\u3000甲委员会 ', 乙\u200b委]\n", encoding="utf-8")
    found = load_departments([mine]).find("由甲委员会和乙委负责")
    assert [(start, end, d.name) for start, end, d in found] == [(1, 5, "甲委"), (6, 8, "甲委")]


def test_the_matcher_never_loops_on_an_empty_key():
    # Built directly, past the file checks: an empty key is dropped, never matched.
    script = (
        f"import resource; resource.setrlimit(resource.RLIMIT_AS, ({CAP}, {CAP}))\n"
        "from policytool.departments import Departments\n"
        "d = Departments([{'national': [{'name': '', 'aliases': ['', ' ']}, {'name': '发展改革委'}],"
        " 'local': [{'name': ''}]}])\n"
        "print([(s, e, x.name) for s, e, x in d.find('由市发展改革委负责')], d.resolve('').known)\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=TIMEOUT,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr[-500:]
    assert ran.stdout == "[(2, 7, '发展改革委')] False\n"


def test_the_built_in_dictionary_is_written_as_the_cleaner_writes_text():
    # So keeping names in the cleaner's form changes nothing for it.
    data = safe_load((ROOT / "policytool" / "data" / "departments.yaml").read_text(encoding="utf-8"))
    entries = [e for items in data.values() for e in items]
    names = [n for e in entries for n in (e["name"], e.get("full"), *e.get("aliases", ())) if n]
    assert len(names) > 300
    assert [n for n in names if normalize_paragraph(n) != n] == []


# -- billion laughs: aliases that expand a 1 KB file to gigabytes --------------------------------


def _nested_laughs(levels: int = 9, width: int = 9) -> str:
    """Return a flow list of `levels` anchored lists, each `width` aliases of the one before."""
    items = ["&a0 [" + ", ".join(["lol"] * width) + "]"]
    items += [f"&a{k} [" + ", ".join([f"*a{k - 1}"] * width) + "]" for k in range(1, levels)]
    return "[" + ", ".join(items) + "]"


LAUGHS = {
    # The classic: anchors at the top level, the wrong shape for either file.
    "top level": "\n".join(
        ["a0: &a0 [" + ", ".join(["lol"] * 9) + "]"]
        + [f"a{k}: &a{k} [" + ", ".join([f"*a{k - 1}"] * 9) + "]" for k in range(1, 9)]
    )
    + "\n",
    # Inside keys the shape check does not read, or reads as text.
    "dict entry": f"national:\n  - name: 甲委\n    note: {_nested_laughs()}\n",
    "codebook description": (
        f"types:\n  - name: 甲型\n    subtypes:\n      - name: 乙类\n        words: [培训]\n"
        f"        description: {_nested_laughs()}\n"
    ),
}


@pytest.mark.parametrize("cached", [True, False], ids=["cached", "uncached"])
@pytest.mark.parametrize(
    ("command", "option", "laughs"),
    [
        ("depts", "--dict", "top level"),
        ("depts", "--dict", "dict entry"),
        ("code", "--codebook", "top level"),
        ("code", "--codebook", "codebook description"),
    ],
)
def test_billion_laughs_are_refused_in_little_time_and_memory(tmp_path, command, option, laughs, cached):
    bad = tmp_path / "laughs.yaml"
    bad.write_text(LAUGHS[laughs], encoding="utf-8")
    assert len(LAUGHS[laughs].encode()) < 1500
    cache = tmp_path / "cache"
    ran = run(command, GOOD, option, str(bad), cache=cache if cached else None)
    assert_refused(ran, bad, "refused: YAML aliases expand it to more than 1,000,000 characters", "line ")
    assert ran.seconds < 60
    assert all(entry.stat().st_size < 100_000 for entry in cache.glob("*")), "the expansion was cached"


def test_a_refused_file_is_never_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYTOOL_CACHE_DIR", str(tmp_path / "cache"))

    def refuse(data):
        raise DictionaryError("wrong shape")

    with pytest.raises(DictionaryError, match="wrong shape"):
        yamlfile.load_cached("a: [1, 2]\n", check=refuse)
    assert not (tmp_path / "cache").exists()
    assert yamlfile.load_cached("a: [1, 2]\n", check=lambda data: None) == {"a": [1, 2]}
    assert len(list((tmp_path / "cache").glob("yaml-*.json"))) == 1


def test_aliases_within_the_bound_are_read(tmp_path):
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "generic:\n  - name: 各有关单位\n    aliases: &same [各相关单位, 各有关方面]\n"
        "  - name: 有关单位\n    full: 各有关单位的\n    aliases: *same\n",
        encoding="utf-8",
    )
    assert load_departments([mine]).resolve("各相关单位").name == "有关单位"


def test_the_bound_counts_what_aliases_repeat_not_what_is_written():
    plain = "[" + ", ".join(["x" * 1000] * 2000) + "]"  # 2 MB written out: no alias, no limit
    assert len(safe_load(plain)) == 2000
    repeated = "[&a " + "x" * 1000 + ", " + ", ".join(["*a"] * 2000) + "]"  # 12 KB repeating 2 MB
    with pytest.raises(YamlLimitError, match="aliases expand it"):
        safe_load(repeated)


def test_a_recursive_alias_is_refused():
    with pytest.raises(YamlLimitError, match="refers to a node that holds it") as caught:
        safe_load("a: &a\n  b: [1, *a]\n")
    assert caught.value.line == 2


# -- nesting: libyaml's composer recurses in C and crashes the process --------------------------


@pytest.mark.parametrize(
    ("command", "option", "prefix"), [("depts", "--dict", "national: "), ("code", "--codebook", "types: ")]
)
def test_deep_nesting_is_refused_not_a_crash(tmp_path, command, option, prefix):
    bad = tmp_path / "deep.yaml"
    bad.write_text(prefix + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    ran = run(command, GOOD, option, str(bad), cache=tmp_path / "cache")
    assert_refused(ran, bad, "refused: YAML nested more than 64 levels deep, line 1")


@pytest.mark.parametrize(
    "text", ["[" * 65 + "]" * 65, "- " * 65 + "x", "a:\n" + "".join(" " * k + f"k{k}:\n" for k in range(1, 66))]
)
def test_nesting_is_bounded_in_every_style(text):
    with pytest.raises(YamlLimitError, match="nested more than 64 levels deep"):
        safe_load(text)


def test_nesting_within_the_bound_is_read():
    deep = safe_load("[" * 64 + "]" * 64)
    for _ in range(63):
        (deep,) = deep
    assert deep == []


def test_the_bounds_hold_without_libyaml(monkeypatch):
    import yaml

    monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    yamlfile.safe_loader.cache_clear()
    try:
        assert not issubclass(yamlfile.safe_loader(), yaml.cyaml.CParser)
        for text, error in (
            ("[" * 100_000 + "]" * 100_000, "nested more than 64 levels deep"),
            (LAUGHS["top level"], "aliases expand it"),
            ("a: 2020-02-30", "day is out of range for month"),
        ):
            with pytest.raises(YamlError, match=error):
                safe_load(text)
        assert safe_load("a: &x [b]\nc: *x\n") == {"a": ["b"], "c": ["b"]}
    finally:
        monkeypatch.undo()
        yamlfile.safe_loader.cache_clear()


# -- values the safe loader cannot build ------------------------------------------------------

UNBUILDABLE = [
    ("no such day", "a: 1\nb: 2020-02-30\n", "day is out of range for month", 2),
    ("year 0", "a: 0000-01-01\n", "year 0 is out of range", 1),
    ("offset", "a:\n  - 2020-01-01 10:00:00 +99:99\n", "offset must be a timedelta", 2),
    ("bool", "a: !!bool maybe\n", "cannot read 'maybe' as !!bool", 1),
    ("timestamp", "\na: !!timestamp soon\n", "cannot read 'soon' as !!timestamp", 2),
    ("int", "a: !!int ten\n", "invalid literal for int()", 1),
    ("float", "a: !!float half\n", "could not convert string to float", 1),
    ("long int", "a: " + "7" * 5000 + "\n", "a number longer than 4,300 characters", 1),
    ("long base 60", "a:\n- -1" + ":59" * 5000 + "\n", "a number longer than 4,300 characters", 2),
    ("long explicit", "a: !!float 1" + "0" * 5000 + "\n", "a number longer than 4,300 characters", 1),
]


def test_long_text_is_text():
    text = "1" * 5000 + " 年度目标"
    assert safe_load(f"a: {text}\nb: [{'x' * 5000}]") == {"a": text, "b": ["x" * 5000]}


@pytest.mark.parametrize(("text", "reason", "line"), [c[1:] for c in UNBUILDABLE], ids=[c[0] for c in UNBUILDABLE])
def test_a_value_the_loader_cannot_build_is_a_yaml_error_with_its_line(text, reason, line):
    with pytest.raises(YamlError) as caught:
        safe_load(text)
    assert reason in str(caught.value) and caught.value.line == line


@pytest.mark.parametrize(
    ("command", "option", "text", "line"),
    [
        ("depts", "--dict", "local:\n  - name: 城管执法局\n    until: 2020-02-30\n", 3),
        ("parse", "--dict", "national:\n  - {name: 甲委, until: !!bool maybe}\n", 2),
        ("code", "--codebook", "name: 我的\nreference: 2021-02-29\ntypes: []\n", 2),
    ],
)
def test_a_value_that_cannot_be_built_is_a_usage_error_naming_the_file(tmp_path, command, option, text, line):
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    ran = run(command, GOOD, option, str(bad), cache=tmp_path / "cache")
    assert_refused(ran, bad, "not valid YAML", f", line {line})")


def test_a_number_of_a_million_digits_is_refused_in_little_time_and_memory(tmp_path):
    # YAML 1.1's base-60 numbers (1:30:00) cost time quadratic in their parts to build, and
    # PyYAML's pattern for them memory linear in their length (170 MB for this one).
    bad = tmp_path / "sixty.yaml"
    bad.write_text("national:\n  - {name: 甲委, until: 1" + ":59" * 1_300_000 + "}\n", encoding="utf-8")
    ran = run("depts", GOOD, "--dict", str(bad), cache=tmp_path / "cache")
    assert_refused(ran, bad, "not valid YAML (a number longer than 4,300 characters, line 2)")
    assert ran.seconds < 60


def test_the_codebook_refuses_what_the_dictionary_refuses(tmp_path):
    # Billion laughs only in a capped child (above): here they could take all the memory.
    for text, reason in (
        ("types: " + "[" * 100 + "]" * 100, "refused: YAML nested more than 64 levels deep"),
        ("reference: 2021-02-29\ntypes: []\n", "not valid YAML (day is out of range for month, line 1)"),
    ):
        bad = tmp_path / "bad.yaml"
        bad.write_text(text, encoding="utf-8")
        with pytest.raises(CodebookError, match=f"^{bad}: ") as caught:
            load_codebook(bad)
        assert reason in str(caught.value)


# -- a long name: the places before a local name were tried at every position ----------------------


def test_one_long_name_resolves_in_linear_time():
    departments = load_departments()
    name = "市" + "卫" * 200_000  # 20 s before; milliseconds now
    best = float("inf")
    for k in range(3):
        start = time.perf_counter()
        dept = departments.resolve(name + str(k))
        best = min(best, time.perf_counter() - start)
    assert not dept.known and dept.name == name + "2"
    assert best < 3


def test_a_long_name_in_a_tag_through_the_command_line(tmp_path):
    doc = tmp_path / "long.txt"
    doc.write_text("关于做好工作的通知\n\n一、加强管理。（市" + "卫" * 400_000 + "负责）\n", encoding="utf-8")
    ran = run("depts", str(doc), "--format", "json", cache=tmp_path / "cache")  # 80 s before
    assert ran.code == 0, ran.stderr[-500:]
    assert ran.seconds < 60
    assert '"known": false' in ran.stdout and "卫" * 400_000 in ran.stdout


def test_no_place_is_longer_than_place_max():
    # _resolve tries places up to PLACE_MAX characters long only.
    assert re._parser.parse(PLACE.pattern).getwidth() == (1, PLACE_MAX)
    assert PLACE.fullmatch("甲" * 8 + "自治区") and not PLACE.fullmatch("甲" * 9 + "自治区")


def test_long_names_are_not_kept_in_memory():
    departments = Departments([])
    for k in range(50):
        departments.resolve(f"{k}" + "卫" * 10_000)
    departments.resolve("发展改革委")
    assert sum(len(raw) for raw, _ in departments._resolved) < 10_000
