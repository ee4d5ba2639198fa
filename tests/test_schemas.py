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

from policytool import Failure, attach_duties, load, load_departments, parse, schemas
from policytool.cli import app
from policytool.compare import diff
from policytool.duties import summarize
from policytool.instruments import code_document, load_codebook
from policytool.quantities import TargetReport, find_targets
from policytool.render import instruments as codes_render
from policytool.render import targets as targets_render
from policytool.render.jsonout import plain
from policytool.segment import segment
from tests.conftest import DUMPS, GOLDEN, ROOT, SEED_FILES, WRITE, seed
from tests.schemas import problems, validate, validate_text

runner = CliRunner()
FOLDER = ROOT / "policytool" / "schemas"
NAMES = [
    "policytool.assignment/1",
    "policytool.clause/1",
    "policytool.clean/1",
    "policytool.code/1",
    "policytool.codes/1",
    "policytool.contrast/1",
    "policytool.depts/1",
    "policytool.diff/1",
    "policytool.document/1",
    "policytool.keyword/1",
    "policytool.keywords/1",
    "policytool.target/1",
    "policytool.targets/1",
]
# Parts several schemas carry under $defs; each file stands alone, so they are copies.
SHARED_DEFS = ("source", "meta", "attachment", "image", "printed", "error", "dept", "duty", "code", "evidence")
# A schema name as the code writes it: `"policytool.document/1"`.
SCHEMA_NAME = re.compile(r"\"(policytool\.[a-z]+/\d+)\"")


@pytest.fixture(autouse=True)
def _run_from_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def test_names_are_the_shipped_files():
    assert list(schemas.names()) == NAMES
    assert sorted(p.name for p in FOLDER.glob("*.json")) == [
        "_shared.json",
        "assignment-1.json",
        "clause-1.json",
        "clean-1.json",
        "code-1.json",
        "codes-1.json",
        "contrast-1.json",
        "depts-1.json",
        "diff-1.json",
        "document-1.json",
        "keyword-1.json",
        "keywords-1.json",
        "target-1.json",
        "targets-1.json",
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


def test_shared_parts_are_written_once_and_printed_in_place():
    """Each shared definition is written in _shared.json only; every file that uses it names
    it there, and the schema as printed holds it whole."""
    written = json.loads((FOLDER / "_shared.json").read_text(encoding="utf-8"))["$defs"]
    assert sorted(written) == sorted(SHARED_DEFS)
    for part in SHARED_DEFS:
        users = [p for p in FOLDER.glob("*-1.json") if part in json.loads(p.read_text("utf-8")).get("$defs", {})]
        assert len(users) >= 2, part
        for path in users:
            raw = json.loads(path.read_text(encoding="utf-8"))
            assert raw["$defs"][part] == {"$ref": f"_shared.json#/$defs/{part}"}, path.name
            assert schemas.load(raw["title"])["$defs"][part] == written[part]


# A JSON Lines schema holds the fields of an object of a whole-output schema, plus its own.
LINES = [
    ("policytool.clause/1", "policytool.document/1", "clause", ("path",)),
    ("policytool.assignment/1", "policytool.depts/1", "assignment", ("path",)),
    ("policytool.keyword/1", "policytool.keywords/1", "keyword", ("path", "section", "rank")),
    ("policytool.contrast/1", "policytool.keywords/1", "contrast", ("side",)),
    ("policytool.target/1", "policytool.targets/1", "target", ("path",)),
    ("policytool.code/1", "policytool.codes/1", "clause", ("path",)),
]


@pytest.mark.parametrize(("line", "whole", "part", "own"), LINES, ids=[x[0] for x in LINES])
def test_a_line_has_the_fields_of_its_part_of_the_whole(line, whole, part, own):
    fields = schemas.load(line)["properties"]
    inner = schemas.load(whole)["$defs"][part]
    assert list(fields)[: 1 + len(own)] == ["schema", *own]
    assert {k: v for k, v in fields.items() if k not in ("schema", *own)} == inner["properties"]
    assert {k: v for k, v in schemas.load(line).items() if k in ("if", "then")} == {
        k: v for k, v in inner.items() if k in ("if", "then")
    }


def test_every_schema_name_in_the_code_has_a_file():
    written = set()
    for path in (ROOT / "policytool").rglob("*.py"):
        written |= set(SCHEMA_NAME.findall(path.read_text(encoding="utf-8")))
    assert written == set(NAMES)


def test_all_json_goes_through_one_function():
    # Three files write JSON that no output schema describes: the parsed-dictionary cache
    # (yamlfile.py), the term counts keywords keeps on disk (terms.py), and the schemas
    # themselves, their shared definitions put in place (schemas/__init__.py).
    for path in (ROOT / "policytool").rglob("*.py"):
        if path.relative_to(ROOT).as_posix() not in (
            "policytool/render/jsonout.py", "policytool/yamlfile.py", "policytool/terms.py",
            "policytool/schemas/__init__.py",
        ):  # fmt: skip
            assert "json.dump" not in path.read_text(encoding="utf-8"), path


def test_unknown_name():
    with pytest.raises(schemas.UnknownSchemaError):
        schemas.load("policytool.nothing/1")
    with pytest.raises(schemas.UnknownSchemaError):
        schemas.text("../data/departments")


class TestCommand:
    def test_prints_the_file_with_the_shared_definitions_in_place(self):
        result = runner.invoke(app, ["schema", "policytool.document/1"])
        assert result.exit_code == 0
        assert result.stdout == schemas.text("policytool.document/1")
        printed = json.loads(result.stdout)
        Draft202012Validator.check_schema(printed)
        written = json.loads((FOLDER / "document-1.json").read_text(encoding="utf-8"))
        assert written["$defs"]["meta"] == {"$ref": "_shared.json#/$defs/meta"}
        assert printed["$defs"]["meta"]["properties"]["title"]["description"]
        assert "_shared.json" not in result.stdout  # stands alone
        assert {k: v for k, v in printed.items() if k != "$defs"} == {k: v for k, v in written.items() if k != "$defs"}

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
# Targets and achieved results per seed, for the same reason.
TARGETS = {"000": 0, "001": 0, "002": 0, "003": 1, "004": 29}
# Policy-instrument codes (clause × sub-type) per seed with the built-in codebook.
CODES = {"000": 9, "001": 114, "002": 111, "003": 97, "004": 142}


@pytest.mark.parametrize("path", [p.relative_to(ROOT) for p in SEED_FILES], ids=lambda p: p.name[:3])
def test_library_output_of_each_seed_follows_its_schema(path):
    cleaned = load(path)
    report = attach_duties(segment(cleaned), load_departments())
    validate(cleaned.to_dict())
    validate(report.document.to_dict())
    validate(list(report.document.clause_lines()))
    depts = {
        "schema": "policytool.depts/1",
        "documents": [report.to_dict(current=True)],
        "departments": [s.to_dict() for s in summarize([report])],
    }
    validate(depts)
    assert len(report.assignments) == ASSIGNMENTS[path.name[:3]]
    found = TargetReport(report.document, find_targets(report.document))
    everything = targets_render.View(kind="all")
    validate(plain(targets_render.as_json([found], everything)))
    validate(list(targets_render.as_jsonl([found], everything)))
    assert len(found.targets) == TARGETS[path.name[:3]]
    coding = code_document(report.document, load_codebook())
    lines = list(codes_render.as_jsonl([coding, Failure(str(path), "an error in its place")]))
    validate(plain(codes_render.as_json([coding], codes_render.View(level=2), load_codebook())))
    validate(lines)
    assert len(lines) == len(report.document.clauses) + 1
    assert sum(len(line.get("codes", ())) for line in lines) == CODES[path.name[:3]]


def test_diff_in_both_modes_follows_its_schema():
    versions = diff(parse(load(seed("001"))), parse(load(seed("002"))))
    trace = diff(parse(load(seed("000"))), parse(load(seed("004"))))
    assert (versions.mode, trace.mode) == ("versions", "trace")
    validate(versions.to_dict())
    validate(trace.to_dict())
    data = versions.to_dict()
    del data["pairs"]
    assert problems(data) == ["$: 'pairs' is a required property (policytool.diff/1)"]


class TestKeywords:
    """Shapes of keywords output the keywords tests do not print as JSON; each run is checked by the fixture too."""

    S001, S004 = (f"seeds/{seed(p).name}" for p in ("001", "004"))

    def test_sections_and_a_failed_input_in_json(self):
        args = [self.S001, self.S004, "missing.txt", "--by", "section", "-f", "json", "-n", "2"]
        result = runner.invoke(app, ["keywords", *args])
        assert result.exit_code == 1
        validate_text(result.stdout)
        data = json.loads(result.stdout)
        assert (data["method"], data["by"]) == ("tfidf", "section")
        sections = data["documents"][0]["sections"]
        assert [(s["id"], s["label"], s["tokens"]) for s in sections] == [
            ("part1", "", 77),
            ("doc", "", 77),
            ("1", "一", 147),
            ("2", "二", 2225),
            ("3", "三", 100),
        ]
        assert data["documents"][2] == {"path": "missing.txt", "error": "no such file"}

    def test_textrank_lines_and_a_failed_input_in_jsonl(self):
        result = runner.invoke(app, ["keywords", self.S004, "missing.txt", "--method", "textrank", "-f", "jsonl"])
        assert result.exit_code == 1
        validate_text(result.stdout, lines=True)
        lines = [json.loads(x) for x in result.stdout.splitlines()]
        assert lines[0] == {
            "schema": "policytool.keyword/1",
            "path": self.S004,
            "section": None,
            "rank": 1,
            "term": "健康",
            "score": 1.0,
            "count": 165,
        }
        assert [x["rank"] for x in lines[:-1]] == list(range(1, 21))
        assert lines[-1] == {"path": "missing.txt", "error": "no such file"}

    def test_the_two_shapes_do_not_mix(self):
        report = {"schema": "policytool.keywords/1", "method": "tfidf", "by": "document", "policy_verbs": False}
        assert problems({**report, "documents": [], "prior": 0.1}) == [
            "$: False schema does not allow 0.1 (policytool.keywords/1)"
        ]
        comparison = {"schema": "policytool.keywords/1", "method": "log-odds", "policy_verbs": False}
        assert problems({**comparison, "by": "document", "documents": []})[0] == (
            "$: 'prior' is a required property (policytool.keywords/1)"
        )


def test_a_pair_of_values_is_a_range():
    line = {
        "schema": "policytool.target/1", "path": "a.txt", "clause": "6.1.p4", "label": "六(一)p4",
        "indicator": "骨干人员", "comparator": "range", "value": [1, 2], "unit": "名", "year": None,
        "baseline": None, "kind": "target", "approximate": False, "text": "培养1—2名骨干人员", "span": [10, 20],
        "source": "text",
    }  # fmt: skip
    assert problems(line) == []
    assert problems({**line, "comparator": "="}) == ["$['comparator']: 'range' was expected (policytool.target/1)"]


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
    @classmethod
    def document(cls):
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
    from policytool.render import clean, depts, diff, document, instruments, jsonout, keywords, targets

    for module in (clean, depts, document, instruments, jsonout, keywords, targets):
        assert module.dumps.__wrapped__ is DUMPS
    for module in (clean, depts, diff, document, instruments, jsonout, keywords, targets):
        assert module.write.__wrapped__ is WRITE
