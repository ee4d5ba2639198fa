"""Hostile YAML: front matter and YAML files give data or one warning, never an internal error.

PyYAML's safe loader builds only plain data, but it still fails in its own ways on text it
accepts: a date that does not exist raises ValueError, `!!bool maybe` KeyError, deep nesting
RecursionError (or, in libyaml, a crash), and aliases expand without bound. Each is a
YamlError with its line, as a syntax error is.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from policytool import clean, yamlfile
from policytool.cleaning.dates import parse_date
from policytool.cli import app
from tests.conftest import ROOT

runner = CliRunner()
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}

BODY = """关于加强基层医疗卫生服务能力建设的通知

一、总体要求

（一）指导思想。坚持以人民健康为中心，到2025年，基层医疗卫生机构标准化建设达标率达到95%以上。

（二）完善服务网络。推进社区卫生服务中心标准化建设。（发展改革委牵头，卫生健康委配合）
"""


def _laughs(levels: int, merge: bool = False) -> str:
    """Ten aliases of ten aliases of …: 10^levels values in a few hundred bytes."""
    if merge:
        lines = ["a0: &a0 {" + ", ".join(f"k{i}: v" for i in range(10)) + "}"]
        lines += [f"a{n}: &a{n} {{<<: [{', '.join([f'*a{n - 1}'] * 10)}]}}" for n in range(1, levels + 1)]
    else:
        lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, levels + 1)]
    return "\n".join([*lines, f"title: *a{levels}"])


# (front matter, line of the problem counted from the top of the file, what PyYAML raised before)
HOSTILE = {
    "date-feb-30": ("title: 通知\ndate: 2020-02-30", 3, "ValueError"),
    "year-0": ("title: 通知\ndate: 0000-01-01", 3, "ValueError"),
    "hour-25": ("date: 2020-01-01 25:00:00", 2, "ValueError"),
    "offset-99h": ("date: 2020-01-01 10:00:00 +99:00", 2, "ValueError"),
    "int-5000-digits": ("title: 通知\nviews: " + "9" * 5000, 3, "ValueError"),
    "bool-tag": ("title: 通知\ndraft: !!bool maybe", 3, "KeyError"),
    "timestamp-tag": ("date: !!timestamp soon", 2, "AttributeError"),
    "int-tag": ("views: !!int many", 2, "ValueError"),
    "deep-flow": ("tags: " + "[" * 100_000 + "]" * 100_000, 2, "segfault"),
    "deep-block": ("tags:\n" + "".join(" " * i + "- \n" for i in range(1, 300)), 66, "RecursionError"),
    "self-alias": ("tags: &a [*a]\ntitle: 通知", 2, "recursive"),
    "billion-laughs": (_laughs(9), 7, "memory"),
    "merge-bomb": (_laughs(9, merge=True), 7, "memory"),
}


@pytest.mark.parametrize(("yaml", "line"), [v[:2] for v in HOSTILE.values()], ids=list(HOSTILE))
def test_hostile_front_matter_is_a_warning_and_the_body_is_kept(yaml, line):
    start = time.perf_counter()
    doc = clean(f"---\n{yaml}\n---\n{BODY}".encode())
    assert time.perf_counter() - start < 5  # a hang detector, far above the real time
    assert doc.warnings == (f"front matter is not valid YAML (line {line}); its fields were not read",)
    assert doc.paragraphs[0] == "关于加强基层医疗卫生服务能力建设的通知"
    assert doc.paragraphs[-1].startswith("（二）完善服务网络。")
    assert doc.meta.published is None and doc.meta.page_title is None


@pytest.mark.parametrize("key", ["title", "author", "tags"])
def test_an_integer_too_long_to_build_is_a_warning_and_the_body_is_kept(key):
    # `1:59:59:…` is a base-60 integer of 9,000 characters: quadratic to build, and too long
    # for str(). The loader refuses it, so the front matter is a warning, its text kept.
    value = "1" + ":59" * 3000
    doc = clean(f"---\n{key}: {value}\ncategories: [金融]\n---\n{BODY}".encode())
    assert doc.warnings == ("front matter is not valid YAML (line 2); its fields were not read",)
    assert (doc.meta.page_title, doc.meta.author, doc.meta.categories) == (None, None, ())
    assert doc.removed[0].reason == "front-matter" and value in doc.removed[0].text
    assert doc.paragraphs[0] == "关于加强基层医疗卫生服务能力建设的通知"


def test_the_loader_says_which_value_it_could_not_build():
    with pytest.raises(yamlfile.YamlError) as caught:
        yamlfile.safe_load("title: 通知\ndate: 2020-02-30\n")
    assert (str(caught.value), caught.value.line) == ("day is out of range for month", 2)
    assert not caught.value.refused  # a tag refused is a different thing (!!python/…)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: " + "[" * 64 + "]" * 64, "YAML nested more than 64 levels deep"),
        ("a: &a [*a]", "an alias refers to a node that holds it"),
        ("a: &a {<<: *a}", "an alias refers to a node that holds it"),
        (_laughs(9), "YAML aliases expand it to more than 1,000,000 characters"),
        (_laughs(9, merge=True), "YAML aliases expand it to more than 1,000,000 characters"),
    ],
    ids=["depth", "self-alias", "self-merge", "laughs", "merge"],
)
def test_shapes_that_blow_up_are_refused_before_pyyaml_builds_them(text, message):
    with pytest.raises(yamlfile.YamlError, match=re.escape(message)):
        yamlfile.safe_load(text)


def test_nesting_and_aliases_within_the_bounds_still_read():
    assert yamlfile.safe_load("a: " + "[" * 63 + "]" * 63)["a"] is not None  # 64 levels with the mapping
    shared = "base: &b [发展改革委, 财政部]\nlead: *b\nsupport: {<<: {x: 1}, y: *b}"
    assert yamlfile.safe_load(shared) == {
        "base": ["发展改革委", "财政部"],
        "lead": ["发展改革委", "财政部"],
        "support": {"x": 1, "y": ["发展改革委", "财政部"]},
    }
    # The built-in dictionary and codebook use nothing beyond the bounds.
    for name in ("departments", "codebook"):
        text = (ROOT / "policytool" / "data" / f"{name}.yaml").read_text(encoding="utf-8")
        assert yamlfile.safe_load(text)


def test_deep_nesting_does_not_crash_the_process():
    # libyaml's composer recurses in C: 100,000 `[` ended the process with SIGSEGV.
    code = (
        "from policytool import yamlfile\n"
        "try:\n    yamlfile.safe_load('a: ' + '[' * 100000)\n"
        "except yamlfile.YamlError as e:\n    print(e)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60, check=False, env=ENV
    )
    assert (proc.returncode, proc.stdout) == (0, "YAML nested more than 64 levels deep\n")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Fri, 20 May 9999999999999999999999 06:51:05 GMT", None),  # was OverflowError
        ("2020-01-01 99:99:99 +9999", "2020-01-01"),  # was `2020-01-01T99:99:99+99:99`
        ("2020-01-01 10:00:00 +2500", "2020-01-01"),
        ("2022-05-20 12:22:10 +0800", "2022-05-20T12:22:10+08:00"),
        ("2020-02-30", None),
    ],
)
def test_a_date_string_that_does_not_exist_is_no_date(value, expected):
    assert parse_date(value) == expected


def test_a_flat_front_matter_date_past_any_year_is_no_date():
    doc = clean(f"---\ntitle: 通知\ndate: Fri, 20 May 9999999999999999999999 06:51:05 GMT\n---\n{BODY}".encode())
    assert (doc.meta.published, doc.warnings) == (None, ())


INVALID_DATE_POST = f"---\ntitle: 通知\ndate: 2020-02-30\n---\n{BODY}"
WARNING = "warning: front matter is not valid YAML (line 3); its fields were not read"


@pytest.mark.parametrize(
    ("command", "check"),
    [
        ("clean", "关于加强基层医疗卫生服务能力建设的通知"),
        ("parse", "完善服务网络"),
        ("depts", "发展改革委"),
        ("keywords", "医疗卫生"),
        ("targets", "达标率"),
        ("code", "完善服务网络"),
    ],
)
def test_every_command_warns_of_an_invalid_front_matter_date_and_keeps_the_body(tmp_path, command, check):
    post = tmp_path / "post.md"
    post.write_text(INVALID_DATE_POST, encoding="utf-8")
    result = runner.invoke(app, [command, str(post), "--format", "json", "--jobs", "1"])
    assert (result.exit_code, result.stderr) == (0, f"policytool: {post}: {WARNING}\n")
    assert check in result.stdout
    json.loads(result.stdout)


def test_diff_warns_of_an_invalid_front_matter_date_naming_the_file(tmp_path):
    post = tmp_path / "post.md"
    post.write_text(INVALID_DATE_POST, encoding="utf-8")
    plain = tmp_path / "plain.txt"
    plain.write_text(BODY, encoding="utf-8")
    result = runner.invoke(app, ["diff", str(post), str(plain), "--format", "json"])
    assert (result.exit_code, result.stderr) == (0, f"policytool: {post}: {WARNING}\n")
    summary = json.loads(result.stdout)["summary"]
    assert summary["changed"] == summary["added"] == summary["removed"] == 0


def test_diff_names_the_file_when_reading_it_fails_unexpectedly(tmp_path, monkeypatch):
    from policytool import segment

    plain = tmp_path / "plain.txt"
    plain.write_text(BODY, encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text(BODY.replace("95%", "90%"), encoding="utf-8")
    real = segment.segment

    def fail_on_other(cleaned, *args, **kwargs):
        if cleaned.source.path == str(other):
            raise ValueError("a bug")
        return real(cleaned, *args, **kwargs)

    monkeypatch.setattr("policytool.batch.segment", fail_on_other)
    result = runner.invoke(app, ["diff", str(plain), str(other)])
    assert result.exit_code == 1
    assert result.stderr == f"policytool: {other}: internal error (ValueError: a bug); please report it\n"
    assert result.stdout == ""
