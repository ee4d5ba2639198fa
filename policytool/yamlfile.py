"""YAML read safely, loaded on first use, and dictionaries kept parsed between runs.

PyYAML costs about 12 ms to import (its reader compiles a pattern over all of Unicode)
and 10 ms to parse the built-in department dictionary: a third of a one-off `policytool
parse`. So it is imported only when some YAML must be read: flat front matter is read
without it (`read_flat`), and a dictionary file
(built-in or ``--dict``) is read once: its parsed data is kept as JSON in the user's
cache folder, named after a digest of the YAML text, so an edited file is a new entry
and a stale one can never be read. The cache is a speed-up only: when it cannot be read
or written, the YAML is parsed as before.

    POLICYTOOL_CACHE_DIR   where the cache lives (default: $XDG_CACHE_HOME/policytool,
                           else ~/.cache/policytool)
    POLICYTOOL_NO_CACHE    any value: neither read nor write the cache

Every text is read by the safe loader with bounds (``safe_loader``), since a
dictionary, a codebook or a post's front matter may be hostile: a 1 KB file whose
aliases (`*a`) repeat a list a billion times, brackets nested 100,000 deep (libyaml's
composer recurses in C and crashes the process), a date that does not exist, a number
of a million digits. Each is a YamlError naming the line, raised in milliseconds.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from policytool.patterns import lazy_re

# Bumped when the cached form changes, so older entries are never read.
CACHE_FORMAT = 1

# A line of a flat front matter: `title: "国务院办公厅印发…"`, `date: 2022-05-20 12:22:10 +0800`.
# The value runs to its last character that is not a space (greedy, `[^ ](?:.*[^ \n])?`):
# `.*?` tried every end and read the spaces after it each time (60 KB of spaces: 7.7 s). A
# key starts where no key character stands before it, so a search tries each key once.
FLAT_LINE = lazy_re(r"(?<![A-Za-z0-9_-])(?P<key>[A-Za-z][A-Za-z0-9_-]*):(?: +(?P<value>[^ ](?:.*[^ \n])?))? *")
# Where a plain value stops being one plain string: a comment (` #`), a nested mapping
# (`: `), or a first character that is YAML syntax (`[`, `{`, `&`, `*`, `!`, `|`, `>`, `-`…).
PLAIN_STOP = lazy_re(r"\s#|:(?:\s|$)|^[-?:,\[\]{}#&*!|>'\"%@`+.<=~]")
# An item of a block list under a key: ` - 金融`, `- 新浪财经`.
# Read as FLAT_LINE's value is; the indent starts where no space stands before it.
LIST_ITEM = lazy_re(r"(?<! )(?P<indent> *)- +(?P<value>[^ ](?:.*[^ \n])?) *")
# Plain words PyYAML reads as true, false or null, not as text.
YAML_WORDS: dict[str, bool | None] = {
    **dict.fromkeys(("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"), True),
    **dict.fromkeys(("no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"), False),
    **dict.fromkeys(("null", "Null", "NULL"), None),
}
# What read_flat's scalar reader returns for a value it leaves to PyYAML.
NOT_FLAT = object()
# PyYAML's implicit int, float and timestamp patterns (yaml/resolver.py) for a plain value
# that starts with a digit: `2022`, `1_000`, `0x1F`, `12:30`, `3.5`, `2022-05-20 12:22:10`.
YAML_NUMBER_OR_TIME = lazy_re(
    r"""[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+
    |[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
    |[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
    |[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?
     (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?""",
    re.VERBOSE,
)


class YamlError(ValueError):
    """Text that is not valid YAML, or that asks for an object the safe loader does not build.

    ``line`` is the 1-based line of the problem when known; ``refused`` is True for a tag
    such as `!!python/object`, which the safe loader refuses instead of calling.
    """

    def __init__(self, message: str, line: int | None = None, refused: bool = False) -> None:
        super().__init__(message)
        self.line = line
        self.refused = refused

    def describe(self) -> str:
        """Return the message with its line, for a user: `day is out of range for month, line 3`."""
        return f"{self}, line {self.line}" if self.line else str(self)


class YamlLimitError(YamlError):
    """YAML that would build far more than it writes (aliases), or nests deeper than any real file."""


# Nodes one inside another: a dictionary or codebook nests 4 deep, front matter 2 or 3.
MAX_DEPTH = 64
# Characters (each scalar's length, plus one a node) that aliases may add to what a text
# writes out: reusing a list of names in a few entries adds hundreds; a billion laughs,
# billions. What they add is serialised for the cache, or turned into text.
MAX_REPEAT = 1_000_000
# Longest int or float read: Python's own limit for a decimal integer. A longer base-60
# number (`1:30:00`, YAML 1.1) takes time quadratic in its parts to build.
MAX_NUMBER = 4300
# What a number is written with: digits, `_`, base-60 `:`, `.`, signs, exponents, hex digits.
NUMBER_CHARS = "0123456789_:.+-eExXabcdefABCDEF"


@functools.cache
def safe_loader() -> type:
    """Return PyYAML's safe loader (plain data, never Python objects), with the bounds above.

    They are checked while the text is composed. libyaml, when built, still parses (a state
    machine with a stack of its own), but the nodes are composed by PyYAML's Python composer,
    extended with the bounds: libyaml's composer recurses in C once per level (100,000 `[`
    crash the process) and cannot be bounded. That costs 7 ms more on the built-in
    dictionary, once per version of a file, as its parse is cached.
    """
    import yaml  # about 12 ms: loaded by the first text that holds YAML
    from yaml.composer import Composer
    from yaml.nodes import MappingNode, ScalarNode

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    # Composer first, where libyaml's loader composes in C: its methods replace libyaml's.
    bases = (base,) if issubclass(base, Composer) else (Composer, base)

    class BoundedLoader(*bases):
        def __init__(self, stream: str) -> None:
            base.__init__(self, stream)
            self.anchors: dict = {}
            self._depth = 0
            # What each node expands to (by id: every node stays in the tree to the end),
            # and what the text writes out, counting each node once.
            self._sizes: dict[int, int] = {}
            self._written = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            event = self.peek_event()
            if isinstance(event, yaml.AliasEvent):
                node = super().compose_node(parent, index)
                if id(node) not in self._sizes:  # `&a [*a]`: the anchor's node is not done yet
                    raise YamlLimitError("an alias refers to a node that holds it", _mark_line(event.start_mark))
                return node
            self._depth += 1
            if self._depth > MAX_DEPTH:
                raise YamlLimitError(f"YAML nested more than {MAX_DEPTH} levels deep", _mark_line(event.start_mark))
            self._mark = event.start_mark  # for resolve()
            node = super().compose_node(parent, index)
            self._depth -= 1
            sizes = self._sizes
            if isinstance(node, ScalarNode):
                size = 1 + len(node.value)
                self._written += size
            else:
                children = (n for pair in node.value for n in pair) if isinstance(node, MappingNode) else node.value
                size = 1 + sum(sizes[id(child)] for child in children)
                self._written += 1
                if size > self._written + MAX_REPEAT:
                    raise YamlLimitError(
                        f"YAML aliases expand it to more than {MAX_REPEAT:,} characters", _mark_line(event.start_mark)
                    )
            sizes[id(node)] = size
            return node

        def resolve(self, kind: type, value: Any, implicit: Any) -> str:
            # A plain scalar longer than any number is text, told without PyYAML's implicit
            # patterns: their repeated groups take 40 bytes a character on a run of `:59`
            # (a 4 MB one, 170 MB). A long one of number characters only is refused.
            if kind is ScalarNode and implicit[0] and len(value) > MAX_NUMBER:
                if value[0] in "0123456789+-." and not value.strip(NUMBER_CHARS):
                    raise YamlError(f"a number longer than {MAX_NUMBER:,} characters", _mark_line(self._mark))
                return self.DEFAULT_SCALAR_TAG
            return super().resolve(kind, value, implicit)

        def construct_object(self, node: Any, deep: bool = False) -> Any:
            # A value the constructors cannot build raises a plain Python error (2020-02-30:
            # ValueError; `!!bool maybe`: KeyError), made a YamlError here with the line of
            # the innermost node, where it was raised.
            try:
                return super().construct_object(node, deep)
            except (YamlError, yaml.YAMLError):
                raise
            except (ValueError, OverflowError) as exc:
                raise YamlError(str(exc), _mark_line(node.start_mark)) from None
            except (ArithmeticError, LookupError, AttributeError, TypeError):
                tag = node.tag.replace("tag:yaml.org,2002:", "!!")
                value = node.value if isinstance(node.value, str) else ""
                raise YamlError(f"cannot read {value[:40]!r} as {tag}", _mark_line(node.start_mark)) from None

        def construct_number(self, node: Any) -> Any:
            if len(node.value) > MAX_NUMBER:
                raise YamlError(f"a number longer than {MAX_NUMBER:,} characters", _mark_line(node.start_mark))
            return build[node.tag](self, node)

    build = {tag: base.yaml_constructors[tag] for tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")}
    for tag in build:
        BoundedLoader.add_constructor(tag, BoundedLoader.construct_number)
    return BoundedLoader


def safe_load(text: str) -> Any:
    """Parse YAML with the bounded safe loader: a `!!python/object` tag is an error, never a call."""
    import yaml

    try:
        return yaml.load(text, Loader=safe_loader())
    except YamlError:
        raise
    except yaml.constructor.ConstructorError as exc:
        raise YamlError(str(exc.problem), _line(exc), refused=True) from None
    except yaml.YAMLError as exc:
        raise YamlError(str(exc).splitlines()[0], _line(exc)) from None
    except RecursionError:  # only when called deep in a stack already: MAX_DEPTH bounds the loader's own
        raise YamlLimitError("YAML nested too deep to read") from None


def read_flat(text: str) -> dict[str, Any] | None:
    """Read YAML of flat `key: value` lines without PyYAML, or return None.

    Most front matter is that flat (`title: "…"`, `comments: false`, a list of `- 金融`
    items under `categories:`), and a one-file run should not pay PyYAML's import for it.
    Anything this reader is not sure PyYAML reads the same way (a number, a date-time, an
    escape, a comment, nesting, flow syntax) returns None, and the caller parses with
    PyYAML. A property test holds the two readers to the same result.
    """
    data: dict[str, Any] = {}
    lines = [line for line in text.split("\n") if line.strip(" ")]
    i = 0
    while i < len(lines):
        # Not printable: tabs, carriage returns and YAML's other line breaks (\x85, \u2028).
        if not lines[i].isprintable() or not (m := FLAT_LINE.fullmatch(lines[i])) or m["key"] in YAML_WORDS:
            return None
        i += 1
        if m["value"] is not None:
            value = _scalar(m["value"])
        else:  # a list of `- item` lines, all indented alike, or nothing (null)
            value = []
            indent = None
            while i < len(lines) and (item := LIST_ITEM.fullmatch(lines[i])) and indent in (None, item["indent"]):
                indent = item["indent"]
                value.append(_scalar(item["value"]) if lines[i].isprintable() else NOT_FLAT)
                i += 1
            if not value or NOT_FLAT in value:
                return None
        if value is NOT_FLAT:
            return None
        data[m["key"]] = value
    return data or None


def _scalar(value: str) -> Any:
    """Return a one-line YAML scalar as PyYAML reads it, or NOT_FLAT when unsure."""
    if value[0] == value[-1] == '"' and len(value) > 1:
        return NOT_FLAT if '"' in value[1:-1] or "\\" in value else value[1:-1]
    if value[0] == value[-1] == "'" and len(value) > 1:
        inner = value[1:-1]
        return NOT_FLAT if "'" in inner.replace("''", "") else inner.replace("''", "'")
    if value in YAML_WORDS:
        return YAML_WORDS[value]
    if PLAIN_STOP.search(value) or (value[0].isdigit() and YAML_NUMBER_OR_TIME.fullmatch(value)):
        return NOT_FLAT
    return value


def _line(exc: Exception) -> int | None:
    return _mark_line(getattr(exc, "problem_mark", None))


def _mark_line(mark: Any) -> int | None:
    return mark.line + 1 if mark is not None else None


def load_cached(text: str, check: Callable[[Any], object] | None = None) -> Any:
    """Return ``safe_load(text)``, from the cache when this exact text was parsed before.

    ``check`` (the caller's shape check) runs before the data is written, so a file that
    is refused is never serialised: for data of the wrong shape that could cost far more
    than refusing it. The caller checks what the cache gives back as well.
    """
    path = _cache_path(text)
    if path is not None:
        try:
            return json.loads(path.read_text(encoding="utf-8"))["data"]
        except (OSError, ValueError, KeyError, TypeError):
            pass  # not there yet, or damaged: parse the YAML and write it again
    data = safe_load(text)
    if check is not None:
        check(data)
    if path is not None:
        _write(path, data)
    return data


def cache_dir() -> Path | None:
    """Return the cache folder, or None when the user turned the cache off."""
    if os.environ.get("POLICYTOOL_NO_CACHE"):
        return None
    if chosen := os.environ.get("POLICYTOOL_CACHE_DIR"):
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "policytool"


def _cache_path(text: str) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return folder / f"yaml-{digest}-{CACHE_FORMAT}.json"


def _write(path: Path, data: Any) -> None:
    """Store ``data`` if JSON gives it back unchanged (YAML dates, for one, it would not)."""
    try:
        encoded = json.dumps({"data": data}, ensure_ascii=False)
    except (TypeError, ValueError):
        return
    if json.loads(encoded)["data"] != data:
        return
    # Written aside and renamed: a reader in another process sees the whole file or none.
    partial = path.with_name(f"{path.name}.{os.getpid()}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(encoded, encoding="utf-8")
        os.replace(partial, path)
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
