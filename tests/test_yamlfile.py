"""YAML read safely, and dictionaries parsed once: the cache gives back what the YAML says."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policytool import departments, yamlfile
from policytool.departments import DictionaryError, load_departments
from tests.properties import examples

DICT = "local:\n  - name: 城管执法局\n    aliases: [城管局, 城市管理行政执法局]\n"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("POLICYTOOL_CACHE_DIR", str(folder))
    monkeypatch.delenv("POLICYTOOL_NO_CACHE", raising=False)
    departments._load.cache_clear()
    yield folder
    departments._load.cache_clear()


def _no_yaml(monkeypatch):
    """Make parsing YAML fail loudly, to show a result came from the cache."""

    def refuse(text):
        raise AssertionError("parsed the YAML again")

    monkeypatch.setattr(yamlfile, "safe_load", refuse)


def test_the_second_load_reads_the_cache(cache, monkeypatch):
    first = yamlfile.load_cached(DICT)
    assert first == {"local": [{"name": "城管执法局", "aliases": ["城管局", "城市管理行政执法局"]}]}
    assert len(list(cache.glob("yaml-*.json"))) == 1
    _no_yaml(monkeypatch)
    assert yamlfile.load_cached(DICT) == first


def test_the_dictionary_is_the_same_from_yaml_and_from_the_cache(cache, tmp_path, monkeypatch):
    extra = tmp_path / "mine.yaml"
    extra.write_text(DICT, encoding="utf-8")
    parsed = load_departments([extra])
    departments._load.cache_clear()
    _no_yaml(monkeypatch)
    cached = load_departments([extra])
    assert cached is not parsed
    assert cached.entries == parsed.entries and cached.aliases == parsed.aliases
    assert cached.resolve("市城管局").name == "市城管执法局"


def test_an_edited_file_is_parsed_again(cache, tmp_path):
    extra = tmp_path / "mine.yaml"
    extra.write_text(DICT, encoding="utf-8")
    assert load_departments([extra]).resolve("市城管局").known
    extra.write_text(DICT.replace("城管局, ", ""), encoding="utf-8")
    departments._load.cache_clear()
    assert not load_departments([extra]).resolve("市城管局").known
    assert len(list(cache.glob("yaml-*.json"))) == 3  # the built-in dictionary and both versions


def test_a_damaged_entry_is_parsed_again_and_rewritten(cache):
    yamlfile.load_cached(DICT)
    (entry,) = cache.glob("yaml-*.json")
    entry.write_text('{"data": [1, 2', encoding="utf-8")
    assert yamlfile.load_cached(DICT)["local"][0]["name"] == "城管执法局"
    assert entry.read_text(encoding="utf-8").startswith('{"data": {"local"')


def test_a_cache_that_cannot_be_written_costs_nothing_but_time(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("POLICYTOOL_CACHE_DIR", str(blocker / "cache"))
    assert yamlfile.load_cached(DICT)["local"][0]["name"] == "城管执法局"
    assert blocker.read_text(encoding="utf-8") == "x"


def test_the_cache_can_be_turned_off(cache, monkeypatch):
    monkeypatch.setenv("POLICYTOOL_NO_CACHE", "1")
    assert yamlfile.cache_dir() is None
    assert yamlfile.load_cached(DICT)["local"][0]["name"] == "城管执法局"
    assert not cache.exists()


def test_the_default_folder_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.delenv("POLICYTOOL_CACHE_DIR", raising=False)
    monkeypatch.delenv("POLICYTOOL_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert yamlfile.cache_dir() == tmp_path / "policytool"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert yamlfile.cache_dir() == tmp_path / ".cache" / "policytool"


def test_data_that_json_would_change_is_not_cached(cache):
    # A YAML date is a datetime.date, which JSON cannot hold: parsed every time instead.
    assert str(yamlfile.load_cached("day: 2024-01-02")["day"]) == "2024-01-02"
    # An integer key would come back as a string.
    assert yamlfile.load_cached("1: one") == {1: "one"}
    assert not cache.exists()


def test_invalid_yaml_is_an_error_and_is_not_cached(cache, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("local: [unclosed\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match=r"bad\.yaml: not valid YAML"):
        load_departments([bad])
    assert len(list(cache.glob("yaml-*.json"))) == 1  # the built-in dictionary only


def test_yaml_errors_say_the_line_and_whether_a_tag_was_refused():
    with pytest.raises(yamlfile.YamlError) as caught:
        yamlfile.safe_load("a: 1\nb: [2\n")
    assert caught.value.line == 3 and not caught.value.refused
    with pytest.raises(yamlfile.YamlError) as caught:
        yamlfile.safe_load("x: !!python/object/apply:os.system [echo hi]\n")
    assert caught.value.refused


# -- flat front matter, read without PyYAML ------------------------------------------------

KEYS = st.sampled_from(["title", "date", "tags", "Title", "a-b", "x_1", "yes", "on", "NO", "null", "y"])
# Characters that are YAML syntax somewhere, digits for numbers and dates, Han text, and
# characters YAML counts as line breaks or refuses.
VALUE_CHARS = st.sampled_from(list("ab yTnN019-:+.#'\"\\[]{},&*!|>%@`<=~?_xeE国务院、：\t\x85\u2028\ufeff\r"))
PLAIN = st.text(VALUE_CHARS, min_size=1, max_size=12)
WORDS = st.sampled_from(["true", "False", "ON", "off", "Yes", "n", "Null", "~", "=", "<<", ".inf", "0x1F", "010"])
STAMPS = st.from_regex(r"\A\d{4}-\d{1,2}-\d{1,2}(?:[ T]\d{1,2}:\d\d:\d\d(?:\.\d*)?(?: ?(?:Z|[-+]\d\d(?::?\d\d)?))?)?\Z")
NUMBERS = st.from_regex(r"\A[-+]?(?:\d[\d_]*(?:\.[\d_]*)?(?:[eE][-+]?\d+)?|\d+(?::\d\d)+)\Z")
SCALARS = st.one_of(
    PLAIN,
    WORDS,
    STAMPS,
    NUMBERS,
    PLAIN.map(lambda s: f'"{s}"'),
    PLAIN.map(lambda s: f"'{s}'"),
)


@st.composite
def flat_yaml(draw) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 4))):
        key = draw(KEYS)
        if draw(st.booleans()):
            lines.append(f"{key}: {draw(SCALARS)}{draw(st.sampled_from(['', ' ']))}")
        else:
            lines.append(f"{key}:")
            indents = st.sampled_from(["", " ", "  "])
            indent = draw(indents)
            for _ in range(draw(st.integers(0, 3))):
                lines.append(f"{draw(st.one_of(st.just(indent), indents))}- {draw(SCALARS)}")
        if draw(st.integers(0, 5)) == 0:
            lines.append(draw(st.sampled_from(["", "  ", "  more", "# note", "- stray"])))
    return "\n".join(lines)


@settings(max_examples=examples(400), suppress_health_check=[HealthCheck.too_slow])
@given(flat_yaml())
def test_flat_front_matter_reads_as_pyyaml_reads_it(text):
    import yaml

    flat = yamlfile.read_flat(text)
    if flat is None:
        return
    assert flat == yaml.load(text, Loader=yamlfile.safe_loader())


@pytest.mark.parametrize(
    "text",
    [
        'title: "国务院办公厅印发“十四五”国民健康规划"\ndate: 2022-05-20 12:22:10 +0800',
        "title: '国办：做优做强 健康产业'\ncomments: false\ncategories: \n - 金融\n - 新浪财经",
        "layout: post\ntags: 东财滚动新闻\nauthor: 'it''s'\n\nurl: https://example.org/a#b",
        "date: Fri, 20 May 2022 06:51:05 GMT\ntags:\n- a\n- b",
    ],
)
def test_common_front_matter_is_read_without_pyyaml(text):
    import yaml

    flat = yamlfile.read_flat(text)
    assert flat is not None and flat == yaml.load(text, Loader=yamlfile.safe_loader())


@pytest.mark.parametrize(
    "text",
    [
        "date: 2022-05-20",  # a date PyYAML turns into a datetime.date
        "date: 2022-05-20 12:22:10 +08:00",
        "count: 010",  # octal 8
        "title: 12:30",  # sexagesimal 750
        "title: a # comment",
        'title: "a\\tb"',
        "title: [a, b]",
        "title: ~",
        "title:\n  nested: 1",
        "title: a\n  folded on",
        "tags:",  # null
        "on: a",  # the key is True
        "title: a\tb",
        "a: 1\r",
    ],
)
def test_front_matter_pyyaml_may_read_otherwise_is_left_to_it(text):
    assert yamlfile.read_flat(text) is None
