"""The shipped JSON Schemas: valid, complete, printed by `policytool schema`, and obeyed."""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from policytool import attach_duties, load, load_departments, parse, schemas
from policytool.cli import app
from policytool.diff import diff
from policytool.duties import summarize
from policytool.segment import segment
from tests.conftest import DUMPS, GOLDEN, ROOT, SEED_FILES, seed
from tests.schemas import problems, validate, validate_text

runner = CliRunner()
FOLDER = ROOT / "policytool" / "schemas"
NAMES = [
    "policytool.assignment/1",
    "policytool.clause/1",
    "policytool.clean/1",
    "policytool.depts/1",
    "policytool.diff/1",
    "policytool.document/1",
]
# Parts several schemas carry under $defs; each file stands alone, so they are copies.
SHARED_DEFS = ("source", "meta", "attachment", "image", "printed", "error", "dept", "duty")
# A schema name as the code writes it: `"policytool.document/1"`.
SCHEMA_NAME = re.compile(r"\"(policytool\.[a-z]+/\d+)\"")


@pytest.fixture(autouse=True)
def _run_from_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def test_names_are_the_shipped_files():
    assert list(schemas.names()) == NAMES
    assert sorted(p.name for p in FOLDER.glob("*.json")) == [
        "assignment-1.json",
        "clause-1.json",
        "clean-1.json",
        "depts-1.json",
        "diff-1.json",
        "document-1.json",
    ]


@pytest.mark.parametrize("name", NAMES)
def test_each_schema_is_valid_draft_2020_12_and_names_itself(name):
    schema = schemas.load(name)
    Draft202012Validator.check_schema(schema)
    stem = name.removeprefix("policytool.").replace("/", "-")
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"https://policytool.invalid/schemas/{stem}.json"
    assert schema["title"] == name
    assert schema["properties"]["schema"] == {
        "const": name,
        "description": "The kind and version of this JSON document.",
    }
    assert schema["additionalProperties"] is False and "schema" in schema["required"]


@pytest.mark.parametrize("name", NAMES)
def test_every_property_is_described(name):
    def walk(node, where):
        if isinstance(node, dict):
            for key, sub in node.get("properties", {}).items():
                if sub is not False:
                    assert sub.get("description"), f"{name}: {where}.{key}"
            for key, sub in node.items():
                if key not in ("if", "then", "else"):  # conditions restate properties described above
                    walk(sub, f"{where}.{key}")
        elif isinstance(node, list):
            for k, sub in enumerate(node):
                walk(sub, f"{where}[{k}]")

    walk(schemas.load(name), "")


def test_shared_parts_are_the_same_in_every_file():
    for part in SHARED_DEFS:
        copies = [json.dumps(s["$defs"][part], sort_keys=True) for s in map(schemas.load, NAMES) if part in s["$defs"]]
        assert len(copies) >= 2 and len(set(copies)) == 1, part
    line = schemas.load("policytool.clause/1")["properties"]
    clause = schemas.load("policytool.document/1")["$defs"]["clause"]["properties"]
    assert {k: v for k, v in line.items() if k not in ("schema", "path")} == clause


def test_every_schema_name_in_the_code_has_a_file():
    written = set()
    for path in (ROOT / "policytool").rglob("*.py"):
        written |= set(SCHEMA_NAME.findall(path.read_text(encoding="utf-8")))
    assert written == set(NAMES)


def test_all_json_goes_through_one_function():
    for path in (ROOT / "policytool").rglob("*.py"):
        if path.name != "jsonout.py":
            assert "json.dump" not in path.read_text(encoding="utf-8"), path


def test_unknown_name():
    with pytest.raises(schemas.UnknownSchemaError):
        schemas.load("policytool.nothing/1")
    with pytest.raises(schemas.UnknownSchemaError):
        schemas.text("../data/departments")


class TestCommand:
    def test_prints_the_file(self):
        result = runner.invoke(app, ["schema", "policytool.document/1"])
        assert result.exit_code == 0
        assert result.stdout == (FOLDER / "document-1.json").read_text(encoding="utf-8")
        printed = json.loads(result.stdout)
        Draft202012Validator.check_schema(printed)
        assert printed == json.loads((FOLDER / "document-1.json").read_text(encoding="utf-8"))

    def test_without_a_name_lists_the_names(self):
        result = runner.invoke(app, ["schema"])
        assert result.exit_code == 0
        assert result.stdout.splitlines() == NAMES

    def test_an_unknown_name_is_one_line_and_exit_2(self):
        result = runner.invoke(app, ["schema", "policytool.nothing/1"])
        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr == f"policytool: policytool.nothing/1: unknown schema (known: {', '.join(NAMES)})\n"

    def test_in_a_subprocess(self):
        proc = subprocess.run(
            [sys.executable, "-m", "policytool", "schema", "policytool.clean/1"],
            check=False,
            capture_output=True,
            cwd=ROOT,
        )
        assert proc.returncode == 0
        assert json.loads(proc.stdout) == schemas.load("policytool.clean/1")


# Tagged clauses and table rows per seed, so the depts check is not run on empty lists.
ASSIGNMENTS = {"000": 0, "001": 33, "002": 33, "003": 28, "004": 0}


@pytest.mark.parametrize("path", [p.relative_to(ROOT) for p in SEED_FILES], ids=lambda p: p.name[:3])
def test_library_output_of_each_seed_follows_its_schema(path):
    cleaned = load(path)
    report = attach_duties(segment(cleaned), load_departments())
    validate(cleaned.to_dict())
    validate(report.document.to_dict())
    validate(report.document.clause_lines())
    depts = {
        "schema": "policytool.depts/1",
        "documents": [report.to_dict(current=True)],
        "departments": [s.to_dict() for s in summarize([report])],
    }
    validate(depts)
    assert len(report.assignments) == ASSIGNMENTS[path.name[:3]]


def test_diff_in_both_modes_follows_its_schema():
    versions = diff(parse(load(seed("001"))), parse(load(seed("002"))))
    trace = diff(parse(load(seed("000"))), parse(load(seed("004"))))
    assert (versions.mode, trace.mode) == ("versions", "trace")
    validate(versions.to_dict())
    validate(trace.to_dict())
    data = versions.to_dict()
    del data["pairs"]
    assert problems(data) == ["$: 'pairs' is a required property (policytool.diff/1)"]


@pytest.mark.parametrize("golden", sorted(GOLDEN.glob("*.clean.json")), ids=lambda p: p.name[:3])
def test_golden_files_follow_the_clean_schema(golden):
    validate(json.loads(golden.read_text(encoding="utf-8")))


def test_jsonl_lines_from_a_subprocess():
    args = ["parse", "seeds/003_2fb1c8f732c91e3d.txt", "missing.txt", "--format", "jsonl"]
    proc = subprocess.run([sys.executable, "-m", "policytool", *args], check=False, capture_output=True, cwd=ROOT)
    assert proc.returncode == 1
    validate_text(proc.stdout.decode(), lines=True)
    lines = [json.loads(x) for x in proc.stdout.decode().splitlines()]
    assert lines[0]["schema"] == "policytool.clause/1" and lines[0]["path"] == "seeds/003_2fb1c8f732c91e3d.txt"
    assert lines[-1] == {"path": "missing.txt", "error": "no such file"}


class TestProblems:
    """The checker names the place that is wrong, so a failing test says where to look."""

    @pytest.fixture(scope="class")
    def document(self):
        return parse(load(seed("002"))).to_dict()

    def test_a_wrong_value_is_reported_with_its_path(self, document):
        bad = copy.deepcopy(document)
        bad["clauses"][3]["kind"] = "paragraph"
        bad["meta"]["date"] = "2019年8月28日"
        assert [p.split(":")[0] for p in problems(bad)] == ["$['clauses'][3]['kind']", "$['meta']['date']"]
        assert problems([document, bad])[0].startswith("$[1]['clauses'][3]['kind']: 'paragraph' is not one of")

    def test_an_extra_or_missing_key_is_reported(self, document):
        bad = copy.deepcopy(document)
        bad["clauses"][0]["note"] = "x"
        del bad["meta"]["topic"]
        found = problems(bad)
        assert any(p.startswith("$['clauses'][0]: Additional properties are not allowed ('note'") for p in found)
        assert any(p.startswith("$['meta']: 'topic' is a required property") for p in found)

    def test_errors_in_place_of_a_document(self, document):
        assert problems([document, {"path": "a.zip", "error": "not a text document"}]) == []
        assert problems({"path": "a.zip"}) == [
            "$: 'error' is a required property (no 'schema' key, so a {path, error} object)"
        ]
        assert problems({"schema": "policytool.nothing/1"}) == [
            "$['schema']: no shipped schema for 'policytool.nothing/1'"
        ]


def test_each_schema_has_a_section_in_the_docs_linking_its_file():
    docs = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    for name in NAMES:
        stem = name.removeprefix("policytool.").replace("/", "-")
        assert f"\n## `{name}` — " in docs
        assert f"Schema: [{stem}.json](../policytool/schemas/{stem}.json)" in docs


def test_the_fixture_checks_every_module_that_writes_json():
    from policytool.render import clean, depts, diff, document, jsonout

    for module in (clean, depts, diff, document, jsonout):
        assert module.dumps.__wrapped__ is DUMPS
