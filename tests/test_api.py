"""The library's one-call functions give what the commands of the same name print."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import policytool
from policytool import Document, clean, load_departments
from tests.conftest import ROOT, run_cli

A = "seeds/001_7fbf1e66332ad55d.txt"
B = "seeds/002_1b94758247acec77.txt"
C = "seeds/004_ad0221d9827c4750.txt"


@pytest.fixture(autouse=True)
def _run_from_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def _printed(*args: str) -> dict:
    result = run_cli(*args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_each_function_returns_what_its_command_prints():
    path = Path(A)
    assert policytool.parse(path).to_dict() == _printed("parse", A, "--format", "json")
    assert policytool.depts(path).to_dict() == _printed("depts", A, "--format", "json")["documents"][0]
    assert (
        policytool.targets(Path(C)).to_dict()
        == _printed("targets", C, "--kind", "all", "--format", "json")["documents"][0]
    )
    coded = _printed("code", A, "--format", "json")["documents"][0]
    coding = policytool.code(path)
    assert {**coding.to_dict(), "matrix": coding.matrix(1).to_dict()} == coded
    assert policytool.keywords([Path(A), Path(C)]).to_dict() == _printed("keywords", A, C, "--format", "json")
    assert policytool.keywords([Path(C)], by="section", top=3).to_dict() == _printed(
        "keywords", C, "--by", "section", "--top", "3", "--format", "json"
    )
    assert policytool.diff(Path(A), Path(B)).to_dict() == _printed("diff", A, B, "--format", "json")


def test_a_document_is_taken_in_any_of_its_forms():
    text = (ROOT / B).read_text(encoding="utf-8")
    from_path = policytool.parse(Path(B))
    cleaned = clean(text.encode("utf-8"), path=B)
    forms = [text, text.encode("utf-8"), cleaned, from_path]
    departments = load_departments()
    for form in forms:
        document = policytool.parse(form, departments)
        assert isinstance(document, Document)
        assert [c.to_dict() for c in document.clauses] == [c.to_dict() for c in from_path.clauses]
    assert policytool.depts(cleaned).assignments == policytool.depts(from_path).assignments


def test_the_records_and_functions_are_exported_without_loading_them():
    for name in ("parse", "depts", "targets", "code", "keywords", "diff", "TargetReport", "KeywordReport"):
        assert name in policytool.__all__ and getattr(policytool, name) is not None
    assert policytool.diff.__module__ == "policytool.api"  # not the module of the same name


def test_bad_arguments_are_refused_as_the_library_refuses_them():
    with pytest.raises(ValueError, match="method must be one of"):
        policytool.keywords([Path(A)], method="bm25")
    with pytest.raises(ValueError, match="unknown input format"):
        policytool.parse("一、总体要求", input_format="odt")
