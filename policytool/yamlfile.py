"""YAML read safely, loaded on first use, and dictionaries kept parsed between runs.

PyYAML costs about 12 ms to import (its reader compiles a pattern over all of Unicode)
and 6 ms to parse the built-in department dictionary: a third of a one-off `policytool
parse`. So it is imported only when some YAML must be read: flat front matter is read
without it (`read_flat`), and a dictionary file
(built-in or ``--dict``) is read once: its parsed data is kept as JSON in the user's
cache folder, named after a digest of the YAML text, so an edited file is a new entry
and a stale one can never be read. The cache is a speed-up only: when it cannot be read
or written, the YAML is parsed as before.

    POLICYTOOL_CACHE_DIR   where the cache lives (default: $XDG_CACHE_HOME/policytool,
                           else ~/.cache/policytool)
    POLICYTOOL_NO_CACHE    any value: neither read nor write the cache
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from functools import cache
from pathlib import Path
from typing import Any

from policytool.patterns import lazy_re

# Bumped when the cached form changes, so older entries are never read.
CACHE_FORMAT = 1

# A line of a flat front matter: `title: "国务院办公厅印发…"`, `date: 2022-05-20 12:22:10 +0800`.
FLAT_LINE = lazy_re(r"(?P<key>[A-Za-z][A-Za-z0-9_-]*):(?: +(?P<value>[^ ].*?))? *")
# Where a plain value stops being one plain string: a comment (` #`), a nested mapping
# (`: `), or a first character that is YAML syntax (`[`, `{`, `&`, `*`, `!`, `|`, `>`, `-`…).
PLAIN_STOP = lazy_re(r"\s#|:(?:\s|$)|^[-?:,\[\]{}#&*!|>'\"%@`+.<=~]")
# An item of a block list under a key: ` - 金融`, `- 新浪财经`.
LIST_ITEM = lazy_re(r"(?P<indent> *)- +(?P<value>[^ ].*?) *")
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


# Deepest nesting of lists and mappings read. No front matter or dictionary comes near it,
# and beyond it libyaml misbehaves: its parser slows quadratically with depth (16,000 `[`
# take 1.6 s) and its composer recurses in C, so 100,000 of them end the process.
MAX_DEPTH = 100
# Values a text may stand for once its aliases (`*name`) and merge keys (`<<: *name`) are
# expanded: twice its length and this many more. A billion-laughs text (ten aliases of ten
# aliases of …) stands for 10^9 values in 1 KB; anything that reads them (str(), json.dumps,
# a merge) would take gigabytes.
EXPANSION_SLACK = 10_000


@cache
def safe_loader() -> type:
    """Return PyYAML's safe loader (plain data, never Python objects), libyaml's when built.

    A value the safe constructors fail on (`date: 2020-02-30`, a 5,000-digit integer,
    `!!bool maybe`) is a YamlError at its line, as a syntax error is, not a ValueError,
    KeyError or AttributeError from inside PyYAML.
    """
    import yaml  # about 12 ms: loaded by the first text that holds YAML

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[valid-type,misc]
        def construct_object(self, node: Any, deep: bool = False) -> Any:
            try:
                return super().construct_object(node, deep)
            except (yaml.YAMLError, YamlError):
                raise
            except Exception as exc:  # noqa: BLE001 - any failure of a constructor on hostile text
                raise YamlError(_unreadable(node, exc), node.start_mark.line + 1) from None

    Loader.__name__ = Loader.__qualname__ = f"Bounded{base.__name__}"
    return Loader


def safe_load(text: str) -> Any:
    """Parse YAML with the safe loader: a `!!python/object` tag is an error, never a call.

    Any text gives data or a YamlError: too deep a nesting or too large an expansion of
    aliases is refused before PyYAML builds anything (see _check_shape).
    """
    import yaml

    try:
        _check_shape(text)
        return yaml.load(text, Loader=safe_loader())
    except yaml.constructor.ConstructorError as exc:
        raise YamlError(str(exc.problem), _line(exc), refused=True) from None
    except yaml.YAMLError as exc:
        raise YamlError(str(exc).splitlines()[0], _line(exc)) from None
    except RecursionError:  # a backstop: _check_shape bounds the depth
        raise YamlError(f"nested too deeply (more than {MAX_DEPTH} levels)") from None


def _check_shape(text: str) -> None:
    """Raise YamlError if ``text`` nests deeper than MAX_DEPTH, expands through aliases to
    more than twice its length (plus EXPANSION_SLACK) in values, or holds an alias inside
    the node it names (a structure that contains itself).

    One pass over libyaml's events, stopped at the first excess: the values an alias stands
    for are counted from the sizes of the nodes already closed, never expanded.
    """
    import yaml

    budget = 2 * len(text) + EXPANSION_SLACK
    sizes: dict[str, int] = {}  # anchor → values the node stands for
    # The open lists and mappings, outermost first: [anchor, values so far].
    open_nodes: list[list[Any]] = [[None, 0]]
    for event in yaml.parse(text, Loader=safe_loader()):
        if isinstance(event, yaml.CollectionStartEvent):
            open_nodes.append([event.anchor, 1])
            if len(open_nodes) > MAX_DEPTH + 1:
                raise YamlError(f"nested deeper than {MAX_DEPTH} levels", _line_of(event))
            continue
        if isinstance(event, yaml.CollectionEndEvent):
            anchor, size = open_nodes.pop()
        elif isinstance(event, yaml.ScalarEvent):
            anchor, size = event.anchor, 1
        elif isinstance(event, yaml.AliasEvent):
            if any(event.anchor == node[0] for node in open_nodes):
                raise YamlError(f"the alias *{event.anchor} is inside the node it names", _line_of(event))
            anchor, size = None, sizes.get(event.anchor, 0)  # an undefined alias: PyYAML says so
        else:
            continue
        if anchor is not None:
            sizes[anchor] = size
        open_nodes[-1][1] += size
        if open_nodes[-1][1] > budget:
            raise YamlError(f"aliases expand to more than {budget:,} values", _line_of(event))


def _unreadable(node: Any, exc: Exception) -> str:
    """Say which value a constructor failed on: `timestamp 2020-02-30: day is out of range for month`."""
    kind = str(node.tag).rpartition(":")[2]
    value = f" {node.value[:40]}" if isinstance(node.value, str) else ""
    return f"{kind}{value}: {exc or type(exc).__name__}"


def _line_of(event: Any) -> int | None:
    mark = getattr(event, "start_mark", None)
    return mark.line + 1 if mark is not None else None


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
    mark = getattr(exc, "problem_mark", None)
    return mark.line + 1 if mark is not None else None


def load_cached(text: str) -> Any:
    """Return ``safe_load(text)``, from the cache when this exact text was parsed before."""
    path = _cache_path(text)
    if path is not None:
        try:
            return json.loads(path.read_text(encoding="utf-8"))["data"]
        except (OSError, ValueError, KeyError, TypeError):
            pass  # not there yet, or damaged: parse the YAML and write it again
    data = safe_load(text)
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
