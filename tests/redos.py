"""Inputs built to make a regular expression backtrack, and a guard that times patterns on them.

A backtracking engine (`re`, `regex`) takes exponential or polynomial time when a pattern can
match the same text in many ways and the match then fails: `(?:扫一扫.{0,20})+$`, `\\s*(?:\\s*-)+`,
`.*? *$` on a long run of spaces. Such a pattern is fast on every document of the test suite
and hangs on the one that holds the run. So each pattern is timed on inputs built from its own
pieces, read from its parse tree (``re._parser``):

- runs of the characters its repeats take, those that several parts of it take first (a space
  that both `.` and ` *` take);
- repeats of a sample of each repeated part, in every variant one choice away from the
  plainest (`字体大中小` and `字体大中小】` for the font-size widget);
- each with the text the pattern wants before it, and ends that complete the match, fail
  (``\\x00``) or fail after a line break;
- repeats of a sample of the whole pattern (many matches, or near misses one after another);

at 1,000, 10,000 and 100,000 characters, searched for every match (``finditer``: a match
from every place, so it covers ``search``, ``match``, ``sub`` and ``split``), and matched whole
too (``fullmatch``) where the library does so or how it is used is not known. A linear pattern
takes about 10 times longer on each size than on the one before; a quadratic one 100 times, an
exponential one never ends. The
guard fails a pattern whose 100,000-character run takes more than GROWTH times its
10,000-character run (best of several runs, so a busy machine cannot fail it), or more than
BOUND seconds, or that does not finish at all: each pattern runs in a worker process that is
killed at its deadline, so a catastrophic pattern fails in seconds instead of hanging the suite.
"""

from __future__ import annotations

import ast
import gc
import importlib
import itertools
import pkgutil
import re
import re._constants as sre
import re._parser as sre_parse
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing import get_context
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

import regex

# Input sizes, in characters.
SIZES = (1_000, 10_000, 100_000)
# The largest run may take this many times the run one size below (linear: about 10).
GROWTH = 30
# No run of the largest size may take longer than this (CPU seconds); a linear pattern takes
# milliseconds.
BOUND = 1.0
# Below this (CPU seconds) a largest run is fast whatever the ratio: timer noise, not growth.
FLOOR = 0.003
# Runs measured again, the best kept, before a pattern is failed.
RETRIES = 5
# Wall-clock seconds one run may last before its worker is killed, by size: generous, for a
# loaded machine; a linear pattern takes a thousandth of it.
DEADLINE = {1_000: 2.0, 10_000: 3.0, 100_000: 6.0}
# A character no pattern of the library expects, to make a match fail at the end.
FAIL = "\x00"
# Inputs tried per pattern at most, the likeliest to backtrack first.
MAX_SHAPES = 64
# Variants of one repeated part at most, and characters run per repeat.
MAX_VARIANTS = 24
MAX_RUN_CHARS = 6


@dataclass(frozen=True)
class Spec:
    """A pattern to time: its name, engine (``re`` or ``regex``), source and flags, and the
    methods the library calls on it (``fullmatch`` anchors at both ends, so it is timed as well)."""

    name: str
    engine: str
    source: str
    flags: int
    fullmatch: bool = True

    def compile(self) -> Any:
        return (re if self.engine == "re" else regex).compile(self.source, self.flags)


@dataclass(frozen=True)
class Shape:
    """An input: ``pre`` once, ``body`` repeated to the size wanted, ``tail`` once."""

    pre: str
    body: str
    tail: str

    def build(self, size: int) -> str:
        count = max(1, (size - len(self.pre) - len(self.tail)) // max(1, len(self.body)))
        return self.pre + self.body * count + self.tail

    def __str__(self) -> str:
        return f"{self.pre!r} + {self.body!r}×n + {self.tail!r}"


@dataclass
class Finding:
    """A pattern that grows too fast, or never ends, on one input."""

    name: str
    shape: str
    method: str
    times: dict[int, float] = field(default_factory=dict)
    reason: str = ""

    def __str__(self) -> str:
        times = ", ".join(f"{n // 1000}K: {t:.4f}s" for n, t in sorted(self.times.items()))
        return f"{self.name}: {self.method} on {self.shape}: {self.reason} ({times})"


# ── Finding the library's patterns ───────────────────────────────────────────────


def _engine_of(pattern: Any) -> str:
    return "regex" if isinstance(pattern, regex.Pattern) else "re"


def _spec_of(name: str, value: Any, fullmatch: bool) -> Spec | None:
    from policytool.patterns import LazyPattern

    if isinstance(value, LazyPattern):
        engine = "re" if value._compile is re.compile else "regex"
        return Spec(name, engine, value.pattern, int(value._flags), fullmatch)
    if isinstance(value, (re.Pattern, regex.Pattern)) and isinstance(value.pattern, str):
        return Spec(name, _engine_of(value), value.pattern, int(value.flags), fullmatch)
    return None


def _named(prefix: str, value: Any, depth: int = 0) -> Iterator[tuple[str, Any]]:
    """Yield (name, value) for ``value`` and what a table, dict or class holds, three deep."""
    yield prefix, value
    if depth >= 3:
        return
    if isinstance(value, (tuple, list)):
        for i, item in enumerate(value):
            yield from _named(f"{prefix}[{i}]", item, depth + 1)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _named(f"{prefix}[{key!r}]", item, depth + 1)
    elif isinstance(value, type) and value.__module__.startswith("policytool"):
        for key, item in vars(value).items():
            yield from _named(f"{prefix}.{key}", item, depth + 1)


def library_modules() -> list[Any]:
    """Import and return every module of the library."""
    import policytool

    names = ["policytool"] + [m.name for m in pkgutil.walk_packages(policytool.__path__, "policytool.")]
    return [importlib.import_module(name) for name in names]


METHODS = ("match", "search", "fullmatch", "finditer", "findall", "sub", "subn", "split", "splititer")
PATTERN_CALLS = frozenset(("compile", *METHODS))


def _calls(modules: list[Any]) -> tuple[dict[str, set[str]], list[tuple[Any, ast.Call, str]]]:
    """Return the methods called on each name in the library, and its calls that compile a
    pattern in place (``re.sub(r"…", …)``, ``re.compile(…)``, ``lazy_re(…)``) with the method."""
    used: dict[str, set[str]] = {}
    sites: list[tuple[Any, ast.Call, str]] = []
    for module in modules:
        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Name) and func.id in ("lazy_re", "lazy_regex"):
                sites.append((module, node, func.id))
            if not isinstance(func, ast.Attribute):
                continue
            owner = func.value
            if isinstance(owner, ast.Name) and owner.id in ("re", "regex") and func.attr in PATTERN_CALLS:
                sites.append((module, node, func.attr))
            elif func.attr in METHODS:
                name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", None)
                if name:
                    used.setdefault(name, set()).add(func.attr)
    return used, sites


def _evaluate(module: Any, node: ast.expr) -> Any:
    """Return the value of a pattern argument built from the module's constants, or None."""
    try:
        return eval(compile(ast.Expression(node), module.__file__, "eval"), vars(module))
    except Exception:  # noqa: BLE001 - a local variable, or anything else not known before the call runs
        return None


def _exercise() -> None:
    """Run the library once over a seed (and that seed in UTF-16), so patterns built from data are built.

    The library's caches are emptied first: a dictionary loaded before would not be compiled again.
    """
    for module in library_modules():
        for value in vars(module).values():
            if callable(getattr(value, "cache_clear", None)) and getattr(value, "__module__", "") == module.__name__:
                value.cache_clear()
    from policytool import clean, load, parse
    from policytool.departments import load_departments
    from policytool.instruments import code_document
    from policytool.quantities import find_targets

    seed = max((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
    document = parse(load(seed))
    # A UTF-16 file without a byte-order mark: whether it reads as text is judged with a
    # pattern built from a list of common Han characters.
    clean(seed.read_text(encoding="utf-8").encode("utf-16-le"))
    find_targets(document)
    code_document(document)
    load_departments().find(document.cleaned.text)


def _compiled_while(run: Callable[[], None]) -> dict[tuple[str, int], Spec]:
    """Return the patterns that library code (not its lazy patterns) compiles while ``run`` runs,
    by the file and line of the call; their methods are not known yet (``fullmatch`` True)."""
    found: dict[tuple[str, int], Spec] = {}
    # `regex` keeps its functions in a submodule (regex._main in 2024-2026, regex.regex before).
    engines = {"re": re, "regex": sys.modules[regex.compile.__module__]}
    originals = {name: module._compile for name, module in engines.items()}

    def hook(engine: str) -> Callable[..., Any]:
        original = originals[engine]

        def compiled(pattern: Any, flags: Any = 0, *args: Any, **kwargs: Any) -> Any:
            frame = sys._getframe(1)
            while frame is not None and frame.f_globals.get("__name__", "").split(".")[0] in ("re", "regex"):
                frame = frame.f_back
            name = frame.f_globals.get("__name__", "") if frame is not None else ""
            if name.startswith("policytool") and name != "policytool.patterns" and isinstance(pattern, str):
                where = (frame.f_code.co_filename, frame.f_lineno)
                found[where] = Spec(f"{name}:{frame.f_lineno}", engine, pattern, int(flags))
            return original(pattern, flags, *args, **kwargs)

        return compiled

    for name, module in engines.items():
        module._compile = hook(name)
    try:
        run()
    finally:
        for name, module in engines.items():
            module._compile = originals[name]
    return found


def library_patterns() -> list[Spec]:
    """Return every pattern of the library: module constants and the tables, dicts and classes
    that hold them, lazy patterns wherever they are kept, patterns compiled in place by a call,
    and patterns the library compiles from its data (the dictionary's names).

    Raises AssertionError naming a call that compiles a pattern this search cannot reach.
    """
    from policytool.patterns import LazyPattern

    modules = library_modules()
    used, sites = _calls(modules)
    specs: dict[tuple[str, str, int], Spec] = {}

    def add(spec: Spec | None) -> None:
        if spec is not None:
            specs.setdefault((spec.engine, spec.source, spec.flags), spec)

    names: dict[int, str] = {}
    for module in modules:
        for key, value in vars(module).items():
            if getattr(value, "__module__", module.__name__) != module.__name__ and isinstance(value, type):
                continue
            for name, item in _named(f"{module.__name__}.{key}", value):
                if isinstance(item, (LazyPattern, re.Pattern, regex.Pattern)):
                    names.setdefault(id(item), name)
                    # Called with fullmatch somewhere, or held in a table whose use is not known.
                    add(_spec_of(name, item, "fullmatch" in used.get(key, {"fullmatch"})))
    # Lazy patterns kept anywhere else (a default argument, a closure).
    for item in gc.get_objects():
        if isinstance(item, LazyPattern) and id(item) not in names:
            add(_spec_of(f"lazy {item.pattern[:40]!r}", item, True))
    # Calls that compile a pattern in place: its source read from the call when it is built from
    # constants (`re.split(r"\s|【", …)`, `regex.fullmatch(rf"1?{_UNIT}", …)`), else taken from
    # the library's run over a seed (`re.compile(alternation(names))`).
    dynamic = _compiled_while(_exercise)
    unreached = []
    for module, call, method in sites:
        if method in ("lazy_re", "lazy_regex") or module.__name__ == "policytool.patterns" or not call.args:
            continue  # lazy patterns are built when their module loads: found above
        fullmatch = method in ("compile", "fullmatch")  # what a compiled one is used for is not known
        lines = range(call.lineno, (call.end_lineno or call.lineno) + 1)
        source = _evaluate(module, call.args[0])
        if isinstance(source, str):
            flags = _evaluate(module, call.args[1]) if len(call.args) > 1 and method == "compile" else 0
            engine = call.func.value.id  # type: ignore[attr-defined]
            add(Spec(f"{module.__name__}:{call.lineno}", engine, source, int(flags or 0), fullmatch))
        elif found := [dynamic[(module.__file__, n)] for n in lines if (module.__file__, n) in dynamic]:
            add(Spec(found[0].name, found[0].engine, found[0].source, found[0].flags, fullmatch))
        else:
            unreached.append(f"{module.__name__}:{call.lineno}")
    assert not unreached, f"patterns compiled from values the guard cannot build or meet: {unreached}"
    return sorted(specs.values(), key=lambda s: s.name)


# ── Building inputs from a pattern's parse tree ───────────────────────────────────

# What a category of characters is tried with: `\d`, `\s`, `\w` and their negations.
CATEGORY_CHARS = {
    sre.CATEGORY_DIGIT: "1９",
    sre.CATEGORY_NOT_DIGIT: "a国 ",
    sre.CATEGORY_SPACE: " \n\u3000",
    sre.CATEGORY_NOT_SPACE: "a国1",
    sre.CATEGORY_WORD: "a国1_",
    sre.CATEGORY_NOT_WORD: " 。-",
    sre.CATEGORY_LINEBREAK: "\n",
    sre.CATEGORY_NOT_LINEBREAK: "a国 ",
}
CATEGORY_TEST = {
    sre.CATEGORY_DIGIT: re.compile(r"\d"),
    sre.CATEGORY_NOT_DIGIT: re.compile(r"\D"),
    sre.CATEGORY_SPACE: re.compile(r"\s"),
    sre.CATEGORY_NOT_SPACE: re.compile(r"\S"),
    sre.CATEGORY_WORD: re.compile(r"\w"),
    sre.CATEGORY_NOT_WORD: re.compile(r"\W"),
    sre.CATEGORY_LINEBREAK: re.compile(r"\n"),
    sre.CATEGORY_NOT_LINEBREAK: re.compile(r"[^\n]"),
}
# Characters any pattern is tried with besides its own.
COMMON_CHARS = " \na1国。"
SINGLE = (sre.LITERAL, sre.NOT_LITERAL, sre.ANY, sre.IN)
REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
# `regex` syntax that `re` cannot read, read as the nearest class `re` knows.
REGEX_ONLY = re.compile(r"\\p\{[^}]*\}|\\P\{[^}]*\}|\\p[A-Z]|\\P[A-Z]")


def parse_tree(spec: Spec) -> Any:
    """Return the parse tree of ``spec`` as `re` reads it (`\\p{Han}` read as `\\w`)."""
    source = spec.source
    if spec.engine == "regex":
        source = REGEX_ONLY.sub(lambda m: r"\W" if m[0][1] == "P" else r"\w", source)
    flags = spec.flags & (re.IGNORECASE | re.MULTILINE | re.DOTALL | re.VERBOSE)
    return sre_parse.parse(source, flags)


def accepts(node: tuple[Any, Any], ch: str) -> bool:
    """True if the one-character node takes ``ch``."""
    op, av = node
    code = ord(ch)
    if op is sre.LITERAL:
        return av == code
    if op is sre.NOT_LITERAL:
        return av != code
    if op is sre.ANY:
        return ch != "\n"
    negate = False
    hit = False
    for item_op, item in av:
        if item_op is sre.NEGATE:
            negate = True
        elif item_op is sre.LITERAL:
            hit = hit or item == code
        elif item_op is sre.RANGE:
            hit = hit or item[0] <= code <= item[1]
        elif item_op is sre.CATEGORY:
            test = CATEGORY_TEST.get(item)
            hit = hit or bool(test and test.match(ch))
    return hit != negate


def _members(node: tuple[Any, Any]) -> str:
    """Return characters that stand for a one-character node in inputs."""
    op, av = node
    if op is sre.LITERAL:
        return chr(av)
    if op in (sre.NOT_LITERAL, sre.ANY):
        return ""
    out = []
    for item_op, item in av:
        if item_op is sre.LITERAL:
            out.append(chr(item))
        elif item_op is sre.RANGE:
            out += [chr(item[0]), chr(item[1])]
        elif item_op is sre.CATEGORY:
            out.append(CATEGORY_CHARS.get(item, ""))
    return "".join(out)


def _walk(items: Any) -> Iterator[tuple[Any, Any]]:
    """Yield every node of a tree."""
    for node in items:
        yield node
        for sub in _children(node):
            yield from _walk(sub)


def _children(node: tuple[Any, Any]) -> list[Any]:
    op, av = node
    if op is sre.BRANCH:
        return list(av[1])
    if op is sre.SUBPATTERN:
        return [av[3]]
    if op in REPEATS:
        return [av[2]]
    if op is sre.ATOMIC_GROUP:
        return [av]
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        return [av[1]]
    if op is sre.GROUPREF_EXISTS:
        return [x for x in av[1:] if x is not None]
    return []


class _Plan:
    """How a sample is drawn: each choice (a repeat's count, a branch's alternative) at its
    plainest (fewest repeats, first alternative) unless the plan names another for it."""

    def __init__(self, chosen: dict[int, int] | None = None) -> None:
        self.chosen = chosen or {}

    def pick(self, node: tuple[Any, Any], default: int) -> int:
        return self.chosen.get(id(node), default)


def sample(items: Any, plan: _Plan) -> str:
    """Return a text the node sequence ``items`` would match under ``plan`` (lookarounds ignored)."""
    out = []
    for node in items:
        op, av = node
        if op in SINGLE:
            out.append(_one_char(node))
        elif op is sre.BRANCH:
            alternatives = av[1]
            out.append(sample(alternatives[plan.pick(node, 0)], plan))
        elif op is sre.SUBPATTERN:
            out.append(sample(av[3], plan))
        elif op is sre.ATOMIC_GROUP:
            out.append(sample(av, plan))
        elif op in REPEATS:
            low = av[0]
            count = low + plan.pick(node, 0)
            out.append(sample(av[2], plan) * count)
        elif op is sre.GROUPREF_EXISTS:
            out.append(sample(av[1], plan))
    return "".join(out)


def _one_char(node: tuple[Any, Any]) -> str:
    # A class's first member, or (for `.` and `[^…]`) the first common character it takes.
    for ch in _members(node) + "a国1 x。":
        if accepts(node, ch):
            return ch
    return "a"


def _choices(items: Any) -> list[tuple[tuple[Any, Any], int, list[tuple[tuple[Any, Any], int]]]]:
    """Return every choice in ``items`` as (node, option, the branch alternatives leading to it)."""
    out = []

    def visit(seq: Any, path: list[tuple[tuple[Any, Any], int]]) -> None:
        for node in seq:
            op, av = node
            if op is sre.BRANCH:
                for k, alternative in enumerate(av[1]):
                    if k:
                        out.append((node, k, path))
                    visit(alternative, [*path, (node, k)])
                continue
            if op in REPEATS:
                low, high = av[0], av[1]
                if high > low:
                    out.append((node, 1, path))
                    if high - low > 1:
                        out.append((node, 2, path))
            for child in _children(node):
                if op is not sre.BRANCH:
                    visit(child, path)

    visit(items, [])
    return out


def variants(items: Any) -> list[str]:
    """Return samples of ``items``: the plainest, and each one choice away from it."""
    out = [sample(items, _Plan())]
    # Repeats taken once more and other alternatives by turns, the outermost first.
    every = sorted(_choices(items), key=lambda c: len(c[2]))
    repeats = [c for c in every if c[0][0] is not sre.BRANCH]
    branches = [c for c in every if c[0][0] is sre.BRANCH]
    for node, option, path in _interleave(repeats, branches):
        chosen = {id(n): k for n, k in path}
        chosen[id(node)] = option
        out.append(sample(items, _Plan(chosen)))
    return list(dict.fromkeys(s for s in out if s))[:MAX_VARIANTS]


def _contexts(items: Any) -> Iterator[tuple[tuple[Any, Any], str, str]]:
    """Yield each repeat with the plainest text before and after it in the whole pattern."""

    def visit(seq: Any, before: str, after: str) -> Iterator[tuple[tuple[Any, Any], str, str]]:
        plan = _Plan()
        for i, node in enumerate(seq):
            pre = before + sample(seq[:i], plan)
            post = sample(seq[i + 1 :], plan) + after
            op, av = node
            if op in REPEATS and (av[1] > 1):
                yield node, pre, post
            if op is sre.BRANCH:
                for alternative in av[1]:
                    yield from visit(alternative, pre, post)
            elif op not in (sre.ASSERT, sre.ASSERT_NOT):
                for child in _children(node):
                    yield from visit(child, pre, post)

    yield from visit(items, "", "")


def shapes(spec: Spec) -> list[Shape]:
    """Return the inputs to time ``spec`` on, the likeliest to make it backtrack first."""
    tree = parse_tree(spec)
    nodes = list(_walk(tree))
    singles = [n for n in nodes if n[0] in SINGLE]
    alphabet = dict.fromkeys("".join(_members(n) for n in singles) + COMMON_CHARS)
    alphabet.pop(FAIL, None)
    # A character taken by several parts of the pattern is the one that lets it match a run
    # in several ways: ` ` for `.*? *`, `一` for a number that a unit may also start.
    overlap = {ch: sum(accepts(n, ch) for n in singles) for ch in alphabet}
    # Characters every part of the pattern treats alike (`9` and `９` for `[0-9０-９]`) are tried once.
    alike: dict[tuple[bool, ...], str] = {}
    for ch in alphabet:
        alike.setdefault(tuple(accepts(n, ch) for n in singles), ch)
    alphabet = dict.fromkeys(alike.values())
    bare: dict[str, int] = {}  # characters a repeat takes, run alone: a search meets them everywhere
    # The same after the text the pattern wants before the repeat, and samples of a repeated
    # part, repeated: by rank (the likeliest character or sample first, failing at once first),
    # every repeat's first before any repeat's second.
    runs: list[tuple[int, Shape]] = []
    parts: list[tuple[int, Shape]] = []
    for node, pre, post in _contexts(tree):
        body = node[1][2]
        tails = list(dict.fromkeys([FAIL, post + FAIL]))
        if len(body) == 1 and body[0][0] in SINGLE:
            taken = sorted((ch for ch in alphabet if accepts(body[0], ch)), key=lambda ch: -overlap[ch])
            for rank, ch in enumerate(taken[:MAX_RUN_CHARS]):
                bare[ch] = overlap[ch]
                if pre:
                    runs += [(2 * rank + k, Shape(pre, ch, tail)) for k, tail in enumerate(tails)]
        else:
            for rank, text in enumerate(variants(body)):
                parts += [(2 * rank + k, Shape(pre, text, tail)) for k, tail in enumerate(tails)]
    whole = [
        (2 * rank + k, Shape("", text, tail))
        for rank, text in enumerate(variants(tree))
        for k, tail in enumerate((FAIL, "\n" + FAIL))
    ]
    alone = [
        Shape(pre, ch, tail)
        for ch in sorted(bare, key=lambda ch: -bare[ch])
        for pre, tail in (("", FAIL), ("", "\n" + FAIL), (FAIL, FAIL))
    ]
    ranked = [[shape for _, shape in sorted(group, key=lambda r: r[0])] for group in (runs, parts, whole)]
    ordered = list(dict.fromkeys([*alone, *_interleave(*ranked)]))
    return ordered[:MAX_SHAPES]


def _interleave(*lists: list[Any]) -> Iterator[Any]:
    for group in itertools.zip_longest(*lists):
        yield from (s for s in group if s is not None)


# ── Timing, in worker processes with deadlines ─────────────────────────────────────


def _time(run: Callable[[], Any]) -> float:
    start = time.process_time()
    run()
    return time.process_time() - start


def _runner(pattern: Any, method: str, text: str) -> Callable[[], Any]:
    if isinstance(pattern.pattern, bytes):  # a pattern over raw bytes (ingest's encoding checks)
        text = text.encode("latin-1") if max(text, default="\0") < "\u0100" else text.encode("utf-8")  # type: ignore[assignment]
    if method == "fullmatch":
        return lambda: pattern.fullmatch(text)
    return lambda: sum(1 for _ in pattern.finditer(text))


def _measure(spec: Spec, conn: Connection, sizes: tuple[int, ...]) -> list[Finding]:
    """Time ``spec`` on each of its shapes; tell the parent before each run (for its deadline)."""
    pattern = spec.compile()
    methods = ("finditer", "fullmatch") if spec.fullmatch else ("finditer",)
    findings = []
    _, middle, large = sizes
    for shape, method in itertools.product(shapes(spec), methods):
        times: dict[int, float] = {}
        for size in sizes:
            conn.send(("run", str(shape), method, size))
            times[size] = _time(_runner(pattern, method, shape.build(size)))
        if times[large] <= FLOOR or (times[large] <= GROWTH * times[middle] and times[large] <= BOUND):
            continue
        # Once more, best of several, so that a busy moment cannot fail a linear pattern.
        for size in (middle, large):
            conn.send(("run", str(shape), method, size))
            run = _runner(pattern, method, shape.build(size))
            times[size] = min([times[size]] + [_time(run) for _ in range(RETRIES)])
        if times[large] > BOUND:
            findings.append(Finding(spec.name, str(shape), method, times, f"over {BOUND} s"))
        elif times[large] > FLOOR and times[large] > GROWTH * times[middle]:
            ratio = times[large] / max(times[middle], 1e-9)
            findings.append(Finding(spec.name, str(shape), method, times, f"grows {ratio:.0f}x for 10x the text"))
    return findings


def _worker(conn: Connection, sizes: tuple[int, ...]) -> None:
    while True:
        spec = conn.recv()
        if spec is None:
            return
        conn.send(("done", _measure(spec, conn, sizes)))


@dataclass
class _Slot:
    process: Any
    conn: Connection
    spec: Spec | None = None
    run: tuple[str, str, int] | None = None
    deadline: float = 0.0


def check(
    specs: list[Spec], jobs: int = 2, sizes: tuple[int, ...] = SIZES, deadlines: dict[int, float] = DEADLINE
) -> list[Finding]:
    """Time every pattern of ``specs`` on its shapes; return what grows too fast or never ends.

    ``jobs`` worker processes time one pattern each at a time; one that is still on a run
    past the run's deadline (wall-clock seconds by size) is killed and its pattern failed.
    """
    context = get_context("spawn")
    pending = list(reversed(specs))
    findings: list[Finding] = []
    slots: list[_Slot] = []

    def start() -> _Slot:
        parent, child = context.Pipe()
        process = context.Process(target=_worker, args=(child, sizes), daemon=True)
        process.start()
        child.close()
        return _Slot(process, parent)

    def feed(slot: _Slot) -> bool:
        if not pending:
            slot.conn.send(None)
            slot.process.join(5)
            return False
        slot.spec = pending.pop()
        slot.run = None
        slot.deadline = time.monotonic() + 60  # compiling and building inputs
        slot.conn.send(slot.spec)
        return True

    for _ in range(min(jobs, len(specs))):
        slot = start()
        if feed(slot):
            slots.append(slot)
    while slots:
        ready = wait([s.conn for s in slots], timeout=max(0.0, min(s.deadline for s in slots) - time.monotonic()))
        for slot in list(slots):
            if slot.conn in ready:
                try:
                    message = slot.conn.recv()
                except (EOFError, OSError):
                    message = ("died",)
                if message[0] == "run":
                    slot.run = message[1:]
                    slot.deadline = time.monotonic() + deadlines.get(message[3], max(deadlines.values()))
                    continue
                if message[0] == "done":
                    findings += message[1]
                    if not feed(slot):
                        slots.remove(slot)
                    continue
            elif time.monotonic() < slot.deadline:
                continue
            # Past its deadline, or dead: the pattern fails on the run it was on.
            assert slot.spec is not None
            shape, method, size = slot.run or ("(its inputs)", "building", 0)
            if slot.process.is_alive():
                reason = f"did not finish in {deadlines.get(size, 60)} s at {size} characters"
            else:
                reason = f"its worker died (exit code {slot.process.exitcode}) at {size} characters"
            findings.append(Finding(slot.spec.name, shape, method, {}, reason))
            slot.process.kill()
            slot.process.join()
            slots.remove(slot)
            fresh = start()
            if feed(fresh):
                slots.append(fresh)
    return findings
