"""Department names as written → canonical departments, by longest dictionary match.

Word segmenters split agency names (工业和信息化部 → 工业/和/信息化/部), so names are
matched against the dictionary (data/departments.yaml plus any user file), longest alias
first. A name the dictionary does not know is kept as written with ``known: false``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

from policytool.chars import HAN_OR_WORD, all_han, alternation, is_han
from policytool.cleaning.normalize import normalize_paragraph
from policytool.model import Dept, record
from policytool.names import shown_name
from policytool.patterns import lazy_re
from policytool.yamlfile import YamlError, YamlLimitError, load_cached

SECTIONS = ("national", "local", "branch", "generic")
# Where a local department's place is written: `市` alone (the document's own city),
# `上海市`, `浙江省`, `崇明区`, `某某县`, `某某自治州`; its name is Han (_is_place() checks).
PLACE = lazy_re(rf"(?P<name>{HAN_OR_WORD}{{0,8}})(?:省|市|自治区|自治州|区|县)")
# The longest text PLACE matches (8 characters and 自治区): where a local name may start.
PLACE_MAX = 8 + 3
# A place named in an issuer or title: `上海市人民政府`, `浙江省人民政府办公厅`.
ISSUER_PLACE = lazy_re(rf"^(?P<place>(?P<name>{HAN_OR_WORD}{{2,7}}?)(?:省|市|自治区))(?:人民政府|政府)")


# Names longer than this are not split into known names (each split is quadratic).
MAX_RUN = 40
# Resolved names kept per dictionary before the memory starts over.
RESOLVED_MAX = 100_000
# Names longer than this are resolved afresh each time, not kept: no department's name is
# that long, and 100,000 of them could hold gigabytes.
RESOLVED_LONGEST = 200
# Characters after which a bare 市/省 opens a local name although a Han character
# precedes it: `本市卫生健康委`, `和市财政局`, `由省教育厅`.
LOCAL_AFTER = "本、和与及由"


class DictionaryError(ValueError):
    """A department dictionary file that cannot be used; the message says why."""


@record
class Entry:
    """One canonical department of the dictionary."""

    name: str
    section: str
    full: str | None = None
    until: int | None = None
    successor: str | None = None


class Departments:
    """The dictionary: resolves names as written, and finds names in running text."""

    def __init__(self, data: list[dict]) -> None:
        self.entries: dict[tuple[str, str], Entry] = {}
        self.aliases: dict[str, dict[str, Entry]] = {s: {} for s in SECTIONS}
        for chunk in data:
            self._add(chunk)
        # The pattern for running text, compiled by the first find(): 5 ms that a run
        # which only resolves names (`parse`) never pays.
        self._in_text: re.Pattern[str] | None = None
        # Names already resolved: a corpus repeats the same few hundred names endlessly.
        self._resolved: dict[tuple[str, str | None], Dept] = {}
        self._resolved_in_text: dict[tuple[str, str], Dept] = {}
        # First parts of names that hold a 、 themselves (`各市` of `各市、县（市、区）人民政府`).
        self.split_heads = {a.split("、")[0] for names in self.aliases.values() for a in names if "、" in a}

    def _add(self, data: dict) -> None:
        for section in SECTIONS:
            for item in data.get(section) or []:
                full = item.get("full")
                entry = Entry(
                    name=_written(item["name"]),
                    section=section,
                    full=_written(full) if full else None,
                    until=item.get("until"),
                    successor=item.get("successor"),
                )
                self.entries[(section, entry.name)] = entry
                for alias in [entry.name, *(item.get("aliases") or []), *([entry.full] if entry.full else [])]:
                    # An empty name would match everywhere, and matching it never moves on:
                    # the file checks refuse one; data given here directly drops it.
                    if key := _written(alias):
                        self.aliases[section][key] = entry

    def _compile(self) -> re.Pattern[str]:
        # Running text: national names anywhere, local names after 市/省 (`市卫生健康委`),
        # in one trie. The stdlib engine runs a plain trie several times faster than
        # `regex` does; where a local name may stand is checked in find().
        self._in_text = re.compile(
            alternation([*self.aliases["national"], *(p + n for n in self.aliases["local"] for p in "市省")])
        )
        if self._in_text.match(""):  # an empty alternation: a dictionary without names
            self._in_text = re.compile(r"(?!)")
        return self._in_text

    # -- resolving ------------------------------------------------------------------

    def resolve(self, raw: str, place: str | None = None) -> Dept:
        """Return the department a name as written stands for.

        >>> load_departments().resolve("国家发展和改革委员会").name
        '发展改革委'
        """
        if len(raw) > RESOLVED_LONGEST:
            return self._resolve(raw, place)
        key = (raw, place)
        if (known := self._resolved.get(key)) is None:
            if len(self._resolved) > RESOLVED_MAX:
                self._resolved.clear()
            known = self._resolved[key] = self._resolve(raw, place)
        return known

    def _resolve(self, raw: str, place: str | None) -> Dept:
        name = raw.strip()
        for section in ("national", "generic"):
            if entry := self.aliases[section].get(name):
                return self._dept(entry, raw, "")
        local, branch = self.aliases["local"], self.aliases["branch"]
        # A local name after its place, the shortest place first: `上海市卫生计生委`, `市财政局`.
        # No place is longer than PLACE_MAX, so a long name costs no more than a short one.
        for k in range(1, min(len(name), PLACE_MAX + 1)):
            if name[k:] in local and _is_place(name[:k]):
                return self._dept(local[name[k:]], raw, self._qualify(name[:k], place))
        if name in local:
            return self._dept(local[name], raw, self._qualify("", place))
        # A regulator's branch is named after its city: `上海保监局`, `深圳证监局`.
        for k in (3, 2):
            if name[k:] in branch and all_han(name[:k]):
                return self._dept(branch[name[k:]], raw, name[:k])
        return Dept(name=name, raw=raw, known=False, current=name)

    def resolve_all(self, raw: str, place: str | None = None) -> list[Dept]:
        """Return the departments of a name that may run several together.

        `各地区各有关部门` → [各地区, 各有关部门]: when the whole is not one known name but
        known names cover it end to end (longest first), it is those; else it is one name.
        """
        whole = self.resolve(raw, place)
        if whole.known or len(raw) > MAX_RUN:
            return [whole]
        parts: list[Dept] = []
        rest = raw.strip()
        while rest:
            for end in range(len(rest), 1, -1):
                dept = self.resolve(rest[:end], place)
                if dept.known:
                    parts.append(dept)
                    rest = rest[end:]
                    break
            else:
                return [whole]
        return parts

    def find(self, text: str, place: str | None = None) -> list[tuple[int, int, Dept]]:
        """Return (start, end, dept) for each department named in running text.

        A local name counts where its 市/省 opens a name (`由市卫生健康委`), not inside a
        word (`城市卫生…`); after such a false start the search goes on one character later.
        """
        out = []
        national = self.aliases["national"]
        pos = 0
        in_text = self._in_text or self._compile()
        while m := in_text.search(text, pos):
            start, end, found = m.start(), m.end(), m[0]
            if found in national:
                out.append((start, end, self._found(found, "")))
            elif start == 0 or not is_han(text, start - 1) or text[start - 1] in LOCAL_AFTER:
                out.append((start, end, self._found(found, self._qualify(found[0], place))))
            else:
                pos = start + 1
                continue
            pos = max(end, start + 1)  # never the same place again, whatever the pattern matched
        return out

    def _found(self, found: str, prefix: str) -> Dept:
        """Return the department a name found in running text stands for (`市卫生健康委`)."""
        key = (found, prefix)
        if (known := self._resolved_in_text.get(key)) is None:
            if len(self._resolved_in_text) > RESOLVED_MAX:
                self._resolved_in_text.clear()
            entry = self.aliases["national"].get(found) or self.aliases["local"][found[1:]]
            known = self._resolved_in_text[key] = self._dept(entry, found, prefix)
        return known

    @staticmethod
    def _qualify(written: str, place: str | None) -> str:
        """Return the place to prefix: the document's place for a bare 市/省, else as written."""
        if written in ("市", "省") and place and place.endswith(written):
            return place
        return written

    def _dept(self, entry: Entry, raw: str, prefix: str) -> Dept:
        return Dept(name=prefix + entry.name, raw=raw, known=True, current=prefix + self.current(entry).name)

    def current(self, entry: Entry) -> Entry:
        """Return who holds the entry's duties today, following reforms (银保监会 → 金融监管总局)."""
        seen = {entry.name}
        while entry.successor:
            nxt = self.entries.get((entry.section, entry.successor))
            if nxt is None or nxt.name in seen:
                break
            seen.add(nxt.name)
            entry = nxt
        return entry


def _written(name: object) -> str:
    """Return a name as the cleaner writes text (`教 育 部` → `教育部`): the form it is found in."""
    return normalize_paragraph(str(name))


def _is_place(text: str) -> bool:
    m = PLACE.fullmatch(text)
    return m is not None and (not m["name"] or all_han(m["name"]))


def place_of(issuers: tuple[str, ...], title: str | None) -> str | None:
    """Return the province or city a document is issued by (上海市), if it says."""
    for text in (*issuers, title or ""):
        if (m := ISSUER_PLACE.match(text)) and all_han(m["name"]):
            return m["place"]
    return None


def _read(path: Path | None) -> dict:
    if path is None:
        text = resources.files("policytool").joinpath("data/departments.yaml").read_text(encoding="utf-8")
        where = "the built-in dictionary"
    else:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise DictionaryError(f"{shown_name(path)}: cannot read ({exc.__class__.__name__})") from None
        where = shown_name(path)
    try:
        data = load_cached(text, check=lambda data: _check(data, where))
    except YamlLimitError as exc:
        raise DictionaryError(f"{where}: refused: {exc.describe()}") from None
    except YamlError as exc:
        raise DictionaryError(f"{where}: not valid YAML ({exc.describe()})") from None
    _check(data, where)
    return data


def _check(data: object, where: str) -> None:
    """Refuse a dictionary of the wrong shape with a message that says where."""
    if not isinstance(data, dict) or not set(data) <= set(SECTIONS):
        raise DictionaryError(f"{where}: expected a mapping with sections {', '.join(SECTIONS)}")
    for section, items in data.items():
        if items is None:
            continue
        if not isinstance(items, list):
            raise DictionaryError(f"{where}: {section} must be a list of entries")
        for k, item in enumerate(items, 1):
            if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not _written(item["name"]):
                raise DictionaryError(f"{where}: {section} entry {k} needs a name")
            entry = f"{where}: {section} entry {k} ({_written(item['name'])})"
            aliases = item.get("aliases") or []
            if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
                raise DictionaryError(f"{entry}: aliases must be a list of names")
            # A name that is empty as the cleaner writes text (spaces, a zero-width space)
            # could never be found, and an empty pattern matches everywhere.
            for j, alias in enumerate(aliases, 1):
                if not _written(alias):
                    raise DictionaryError(f"{entry}: alias {j} is empty")
            full = item.get("full")
            if full is not None and (not isinstance(full, str) or not _written(full)):
                raise DictionaryError(
                    f"{entry}: the full name is empty" if isinstance(full, str) else f"{entry}: full must be a name"
                )


def load_departments(extra: list[Path] | None = None) -> Departments:
    """Return the built-in dictionary, with user files (``--dict``) added on top.

    Loaded once per process for each set of files: a batch of documents (and each of
    its worker processes) reads and compiles the YAML once, not once per document.
    """
    return _load(tuple(Path(p) for p in extra or ()))


@lru_cache(maxsize=8)
def _load(extra: tuple[Path, ...]) -> Departments:
    return Departments([_read(None), *(_read(p) for p in extra)])
