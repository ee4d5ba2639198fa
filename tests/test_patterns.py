"""Patterns compiled on first use behave as the compiled pattern does."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import regex

from policytool.patterns import lazy_re, lazy_regex
from tests.conftest import ROOT


def test_a_lazy_pattern_compiles_on_first_use_and_then_is_the_compiled_one(monkeypatch):
    compiled = []
    real = re.compile
    monkeypatch.setattr(re, "compile", lambda p, f=0: compiled.append(p) or real(p, f))
    date = lazy_re(r"(?P<y>\d{4})年", re.ASCII)
    assert date.pattern == r"(?P<y>\d{4})年" and compiled == []  # built from others before any use
    assert date.search("于2022年印发")["y"] == "2022"
    assert compiled == [r"(?P<y>\d{4})年"]
    assert date.findall("2021年、2022年") == ["2021", "2022"] and len(compiled) == 1
    assert date.flags & re.ASCII and date.groupindex == {"y": 1}
    assert date.sub("X", "2022年") == "X" and date.split("a2022年b") == ["a", "2022", "b"]


def test_a_name_no_pattern_has_is_an_attribute_error():
    with pytest.raises(AttributeError):
        lazy_re("a").no_such_method  # noqa: B018
    with pytest.raises(AttributeError):
        lazy_re("a").splititer  # noqa: B018 - `re` has no splititer; `regex` has
    assert list(lazy_regex("、").splititer("甲、乙")) == ["甲", "乙"]


def test_regex_patterns_match_unicode_properties_and_load_regex_on_first_use():
    han = lazy_regex(r"\p{Han}+")
    assert han.findall("第1条 国务院") == ["第", "条", "国务院"]
    assert isinstance(han.match.__self__, regex.Pattern)
    script = (
        "import sys\nfrom policytool.patterns import lazy_regex\nhan = lazy_regex(r'\\p{Han}')\n"
        "before = 'regex' in sys.modules\nhan.search('国')\nprint(before, 'regex' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.split() == ["False", "True"]


def test_every_library_pattern_compiles():
    """A pattern compiled on first use must not hide a syntax error until a rare document meets it."""
    import importlib
    import pkgutil

    import policytool
    from policytool.patterns import LazyPattern

    found = 0
    for info in pkgutil.walk_packages(policytool.__path__, "policytool."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            candidates = [value] if isinstance(value, LazyPattern) else []
            if isinstance(value, tuple):  # tables of patterns: NUMBERING, VERB_COMPARATOR
                candidates += [x for row in value if isinstance(row, tuple) for x in row if isinstance(x, LazyPattern)]
            for pattern in candidates:
                assert callable(pattern.match), pattern
                found += 1
    assert found > 100
