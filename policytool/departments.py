"""Department names as written → canonical departments, by longest dictionary match.

Word segmenters split agency names (工业和信息化部 → 工业/和/信息化/部), so names are
matched against the dictionary (data/departments.yaml plus any user file), longest alias
first. A name the dictionary does not know is kept as written with ``known: false``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import regex
import yaml

from policytool.model import Dept

SECTIONS = ("national", "local", "branch", "generic")
# Where a local department's place is written: `市` alone (the document's own city),
# `上海市`, `浙江省`, `崇明区`, `某某县`, `某某自治州`.
PLACE = r"(?:\p{Han}{1,8}?(?:省|市|自治区|自治州|区|县)|市|省|区|县)"
# A place named in an issuer or title: `上海市人民政府`, `浙江省人民政府办公厅`.
ISSUER_PLACE = regex.compile(r"^(?P<place>\p{Han}{2,7}?(?:省|市|自治区))(?:人民政府|政府)")


# Names longer than this are not split into known names (each split is quadratic).
MAX_RUN = 40


def _alternation(names: Iterable[str]) -> str:
    """Return a pattern matching any of ``names``, the longest where several match.

    Written as a trie (`中(?:医药局|华人民共和国(?:交通运输部|…))`), not as a flat list
    longest first: the engine then follows one branch per character instead of trying
    hundreds of names at every position, and running text scans three times faster.
    """
    trie: dict = {}
    for name in names:
        node = trie
        for ch in name:
            node = node.setdefault(ch, {})
        node[""] = {}  # a name ends here

    def emit(node: dict) -> str:
        branches = [regex.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        if len(branches) == 1 and "" not in node:
            return branches[0]
        # Greedy `?`: a longer name is tried before the one ending here.
        return "(?:" + "|".join(branches) + ")" + ("?" if "" in node else "")

    return emit(trie)


class DictionaryError(ValueError):
    """A department dictionary file that cannot be used; the message says why."""


@dataclass(frozen=True, slots=True)
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
        self._compile()

    def _add(self, data: dict) -> None:
        for section in SECTIONS:
            for item in data.get(section) or []:
                entry = Entry(
                    name=str(item["name"]),
                    section=section,
                    full=item.get("full"),
                    until=item.get("until"),
                    successor=item.get("successor"),
                )
                self.entries[(section, entry.name)] = entry
                for alias in [entry.name, *(item.get("aliases") or []), *([entry.full] if entry.full else [])]:
                    self.aliases[section][str(alias)] = entry

    def _compile(self) -> None:
        alternation = _alternation
        self._local_name = regex.compile(rf"^(?P<place>{PLACE})?(?P<dept>{alternation(self.aliases['local'])})$")
        self._branch_name = regex.compile(
            rf"^(?P<city>\p{{Han}}{{2,3}})(?P<dept>{alternation(self.aliases['branch'])})$"
        )
        # Running text: national names anywhere; local names only after 市/省 (or a place).
        self._in_text = regex.compile(
            rf"(?P<national>{alternation(self.aliases['national'])})"
            rf"|(?<![\p{{Han}}])(?P<lplace>市|省)(?P<local>{alternation(self.aliases['local'])})"
            rf"|(?<=[本、和与及由])(?P<lplace2>市|省)(?P<local2>{alternation(self.aliases['local'])})"
        )

    # -- resolving ------------------------------------------------------------------

    def resolve(self, raw: str, place: str | None = None) -> Dept:
        """Return the department a name as written stands for.

        >>> load_departments().resolve("国家发展和改革委员会").name
        '发展改革委'
        """
        name = raw.strip()
        for section in ("national", "generic"):
            if entry := self.aliases[section].get(name):
                return self._dept(entry, raw, "")
        if m := self._local_name.match(name):
            entry = self.aliases["local"][m["dept"]]
            return self._dept(entry, raw, self._qualify(m["place"] or "", place))
        if m := self._branch_name.match(name):
            return self._dept(self.aliases["branch"][m["dept"]], raw, m["city"])
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
        """Return (start, end, dept) for each department named in running text."""
        out = []
        for m in self._in_text.finditer(text):
            if m["national"]:
                out.append((m.start(), m.end(), self._dept(self.aliases["national"][m["national"]], m[0], "")))
            else:
                lplace, local = (m["lplace"], m["local"]) if m["local"] else (m["lplace2"], m["local2"])
                entry = self.aliases["local"][local]
                out.append((m.start(), m.end(), self._dept(entry, m[0], self._qualify(lplace, place))))
        return out

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


def place_of(issuers: tuple[str, ...], title: str | None) -> str | None:
    """Return the province or city a document is issued by (上海市), if it says."""
    for text in (*issuers, title or ""):
        if m := ISSUER_PLACE.match(text):
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
            raise DictionaryError(f"{path}: cannot read ({exc.__class__.__name__})") from None
        where = str(path)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise DictionaryError(f"{where}: not valid YAML ({str(exc).splitlines()[0]})") from None
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
            if not isinstance(item, dict) or not isinstance(item.get("name"), str):
                raise DictionaryError(f"{where}: {section} entry {k} needs a name")
            aliases = item.get("aliases") or []
            if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
                raise DictionaryError(f"{where}: {section} entry {k} ({item['name']}): aliases must be a list of names")


def load_departments(extra: list[Path] | None = None) -> Departments:
    """Return the built-in dictionary, with user files (``--dict``) added on top.

    Loaded once per process for each set of files: a batch of documents (and each of
    its worker processes) reads and compiles the YAML once, not once per document.
    """
    return _load(tuple(Path(p) for p in extra or ()))


@lru_cache(maxsize=8)
def _load(extra: tuple[Path, ...]) -> Departments:
    return Departments([_read(None), *(_read(p) for p in extra)])
