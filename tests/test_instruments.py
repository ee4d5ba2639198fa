"""policytool code: hand-coded seed clauses, codebook rules and errors, the matrix, the CLI."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policytool import parse
from policytool.cli import app
from policytool.instruments import CodebookError, code_document, coded_text, load_codebook
from tests.conftest import ROOT, SEED_FILES, seed

runner = CliRunner(env={"COLUMNS": "200"})


@pytest.fixture(autouse=True)
def _run_from_root(monkeypatch):
    monkeypatch.chdir(ROOT)


_CODINGS: dict[str, object] = {}


def coded(prefix: str):
    """Return the coding of a seed with the built-in codebook (each seed coded once)."""
    if prefix not in _CODINGS:
        _CODINGS[prefix] = code_document(parse(seed(prefix)))
    return _CODINGS[prefix]


def clause(prefix: str, clause_id: str):
    return next(c for c in coded(prefix).clauses if c.id == clause_id)


def codes_of(prefix: str, clause_id: str) -> set[tuple[str, str]]:
    return {(k.type, k.subtype) for k in clause(prefix, clause_id).codes}


SMALL_PLAN = """某市健康产业行动方案
为加强组织领导，制定本方案。
一、总体要求
（一）工作目标
到2025年，基本建成人才培养体系。
二、主要任务
（一）加强人才培养
加强人才培养，加大财政资金投入。
（二）完善监管
依法加强监管。
"""


# Each clause was read and coded by hand against the scheme's definitions (docs/codebook.md)
# before the codebook was run on it; the reason is the coder's, not the program's.
HAND_CODED = [
    # 加强院校教育培养: training and education of talent; 引导社会资本举办职业院校 mobilises private capital.
    ("002", "2.8.p1", {("供给型", "人才培养"), ("环境型", "策略性措施")}),
    # 工作目标: 到2022年基本形成…: a goal statement and nothing else (人才数量 is a goal, not a measure).
    ("002", "1.3", {("环境型", "目标规划")}),
    # 突出重点、优化结构: a principle; no instrument.
    ("002", "1.2.p1", set()),
    # 落实税费政策: tax and fee relief; the utility prices for sports venues are relief too, not a demand subsidy.
    ("002", "2.9.p3", {("环境型", "税收优惠")}),
    # 完善健康科技创新筹资机制: public R&D money, venture finance, tax deduction, a cross-department mechanism.
    ("003", "3.3.26", {("供给型", "资金投入"), ("环境型", "金融支持"), ("环境型", "税收优惠"), ("环境型", "组织保障")}),
    # 建立和完善医疗市场退出机制: rules, standards, blacklists, forced exit: regulation only.
    ("003", "3.6.40", {("环境型", "法规管制")}),
    # 完善健康服务业金融扶持政策: loans, leasing, insurance funds, pledges: finance only.
    ("003", "3.4.31", {("环境型", "金融支持")}),
    # 深化相关领域联动改革: 医保 payment methods and price reform, volume-based procurement, 综合改革.
    ("004", "9.1.p3", {("需求型", "价格补贴"), ("需求型", "政府采购"), ("环境型", "组织保障")}),
    # 加强交流合作: international cooperation, aid and standard-setting abroad.
    ("004", "9.6", {("需求型", "海外交流")}),
    # 完善卫生健康法治体系: laws, regulations, technical standards, 普法, 放管服.
    ("004", "9.5", {("环境型", "法规管制")}),
    # 加强组织领导: leadership and department coordination; health goals written into development plans.
    ("004", "10.1", {("环境型", "组织保障"), ("环境型", "目标规划")}),
]


class TestSeedClausesCodedByHand:
    @pytest.mark.parametrize(
        ("prefix", "clause_id", "expected"), HAND_CODED, ids=[f"{p}:{c}" for p, c, _ in HAND_CODED]
    )
    def test_codes(self, prefix, clause_id, expected):
        assert codes_of(prefix, clause_id) == expected

    def test_evidence_words_and_spans_of_a_goal_clause(self):
        c = clause("002", "1.3")
        assert c.text.startswith("工作目标\n到2022年，基本形成")
        (code,) = c.codes
        assert [(e.word, e.start, e.end) for e in code.evidence] == [("工作目标", 0, 4), ("基本形成", 12, 16)]

    def test_evidence_of_a_medical_insurance_clause(self):
        (price,) = [k for k in clause("004", "9.1.p3").codes if k.subtype == "价格补贴"]
        words = [e.word for e in price.evidence]
        assert words[:4] == ["医保", "疾病诊断相关分组", "按病种", "付费"]
        assert {"医保支付", "长期护理保险", "医疗服务价格"} <= set(words)
        assert "价格改革" not in words  # 深化医疗服务价格改革: the longer 医疗服务价格 took 价格

    def test_every_span_points_at_its_word(self):
        for path in SEED_FILES:
            for c in code_document(parse(path)).clauses:
                for code in c.codes:
                    for e in code.evidence:
                        assert c.text[e.start : e.end] == e.word, (path.name, c.id)

    def test_codes_come_in_codebook_order(self):
        order = [s.name for s in load_codebook().subtypes]
        for c in coded("004").clauses:
            names = [k.subtype for k in c.codes]
            assert names == sorted(names, key=order.index)


class TestMatching:
    def test_the_clause_text_is_title_then_own_text(self):
        doc = parse(SMALL_PLAN.encode())
        by_id = {c.id: c for c in doc.clauses}
        assert coded_text(by_id["2.2"]) == "完善监管\n依法加强监管。"
        assert coded_text(by_id["1"]) == "总体要求"
        assert coded_text(by_id["doc"]) == "为加强组织领导，制定本方案。"  # a part's title is the document's

    def test_a_heading_does_not_inherit_its_childrens_codes(self):
        assert codes_of("002", "2.8") == set()  # 健康产业人才提升工程: its four paragraphs carry the words
        assert ("供给型", "人才培养") in codes_of("002", "2.8.p2")

    def test_the_longest_word_decides(self, tmp_path):
        book = tmp_path / "book.yaml"
        book.write_text(
            "types:\n"
            "  - name: 甲\n"
            "    subtypes:\n"
            "      - {name: 规划, words: [规划]}\n"
            "      - {name: 管制, words: [规划限制, 限制]}\n",
            encoding="utf-8",
        )
        codebook = load_codebook(book)
        found = [(s.name, e.word, e.start) for s, e in codebook.find("放开规划限制，编制规划")]
        assert found == [("管制", "规划限制", 2), ("规划", "规划", 9)]

    def test_an_exclusion_hides_the_words_inside_it(self):
        found = [(s.name, e.word) for s, e in load_codebook().find("细胞培养基国产化；加强人才培养")]
        assert found == [("人才培养", "人才培养")]

    @pytest.mark.parametrize(
        ("text", "subtype"),
        [
            ("对新建机构给予建设补贴", "资金投入"),  # money to providers: supply side
            ("发放新能源汽车购置补贴", "价格补贴"),  # money to buyers: demand side, the longer word wins
            ("对困难群众发放消费补贴", "价格补贴"),
            ("将符合条件的项目纳入医保支付范围", "价格补贴"),
        ],
    )
    def test_where_subsidies_belong(self, text, subtype):
        assert [s.name for s, _ in load_codebook().find(text)] == [subtype]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "codebook.yaml"
    path.write_text(text, encoding="utf-8")
    return path


ONE_TYPE = "types:\n  - name: 甲\n    subtypes:\n"


class TestCodebookErrors:
    @pytest.mark.parametrize(
        ("text", "reason"),
        [
            ("types: [a, b\n", "not valid YAML"),
            ("- 供给型\n- 需求型\n", "expected a mapping with a non-empty list of types"),
            ("types: []\n", "expected a mapping with a non-empty list of types"),
            ("types:\n  - name: 甲\n    subtype: []\n", "type 甲: unknown key 'subtype'"),
            ("types:\n  - name: 甲\n", "type 甲 needs a non-empty list of subtypes"),
            (ONE_TYPE + "      - {name: 乙}\n", "subtype 乙: words must be a non-empty list"),
            (ONE_TYPE + "      - {name: 乙, words: 培训}\n", "words must be a non-empty list"),
            (
                ONE_TYPE + "      - {name: 乙, words: [培训]}\n      - {name: 丙, words: [培训]}\n",
                "the word 培训 is listed under both 乙 and 丙",
            ),
            (
                ONE_TYPE + "      - {name: 乙, words: [培训], exclude: [规划限制]}\n",
                "subtype 乙: exclusion 规划限制 contains none of its words",
            ),
            (
                ONE_TYPE
                + "      - {name: 乙, words: [培训]}\n"
                + "  - name: 丁\n    subtypes:\n      - {name: 乙, words: [监管]}\n",
                "the name 乙 is used twice",
            ),
        ],
    )
    def test_wrong_shape_is_one_message_naming_the_file(self, tmp_path, text, reason):
        path = write(tmp_path, text)
        with pytest.raises(CodebookError) as info:
            load_codebook(path)
        message = str(info.value)
        assert message.startswith(f"{path}: ")
        assert reason in message
        assert "\n" not in message

    def test_python_tags_are_refused_not_run(self, tmp_path):
        marker = tmp_path / "ran"
        path = write(tmp_path, f"types: !!python/object/apply:os.system ['touch {marker}']\n")
        with pytest.raises(CodebookError, match="refused: a YAML tag the safe loader does not build"):
            load_codebook(path)
        assert not marker.exists()

    def test_a_user_codebook_is_loaded_once_per_process(self, tmp_path):
        path = write(tmp_path, ONE_TYPE + "      - {name: 乙, words: [培训]}\n")
        assert load_codebook(path) is load_codebook(str(path))
        assert load_codebook(path).source == str(path) and load_codebook(path).name == "codebook"

    def test_a_missing_file(self, tmp_path):
        with pytest.raises(CodebookError, match="cannot read the codebook"):
            load_codebook(tmp_path / "none.yaml")

    def test_the_built_in_codebook_is_valid_and_cached(self):
        book = load_codebook()
        assert [t.name for t in book.types] == ["供给型", "环境型", "需求型"]
        assert [s.name for s in book.types[0].subtypes] == [
            "人才培养", "资金投入", "技术支持", "公共服务", "基础设施建设", "信息支持",
        ]  # fmt: skip
        assert load_codebook() is book
        assert book.source == "built-in" and len(book.sha256) == 64


class TestMatrix:
    def test_counts_and_shares_of_a_small_plan(self):
        m = code_document(parse(SMALL_PLAN.encode())).matrix().to_dict()
        assert [(s["label"], s["clauses"], s["coded"], s["codes"]) for s in m["sections"]] == [
            ("—", 1, 1, 1),  # the preamble
            ("一", 2, 1, 2),
            ("二", 3, 2, 3),
        ]
        rows = {(r["type"], r["subtype"]): r for r in m["rows"]}
        assert rows[("供给型", None)]["counts"] == [0, 1, 2]
        assert rows[("供给型", "人才培养")]["counts"] == [0, 1, 1]
        assert rows[("供给型", "资金投入")]["counts"] == [0, 0, 1]
        assert rows[("环境型", "目标规划")]["counts"] == [0, 1, 0]
        assert rows[("环境型", "法规管制")]["counts"] == [0, 0, 1]
        assert rows[("环境型", "组织保障")]["counts"] == [1, 0, 0]
        assert rows[("需求型", None)]["counts"] == [0, 0, 0]
        assert m["total"] == 6
        talent = rows[("供给型", "人才培养")]
        assert talent["section_shares"] == [0.0, 0.5, 0.3333]
        assert talent["shares"] == [0.0, 0.1667, 0.1667]
        assert (talent["total"], talent["share"]) == (2, 0.3333)
        assert rows[("供给型", None)]["share"] == 0.5
        # Every column's sub-type shares add up to 1.
        for i in range(len(m["sections"])):
            assert sum(r["section_shares"][i] for r in m["rows"] if r["subtype"]) == pytest.approx(1, abs=1e-3)

    def test_level_two_sections(self):
        m = code_document(parse(SMALL_PLAN.encode())).matrix(level=2).to_dict()
        # A level-1 heading's own text stays in its own column; its children get theirs.
        assert [(s["id"], s["label"], s["codes"]) for s in m["sections"]] == [
            (None, "—", 1),
            ("1", "一", 0),
            ("1.1", "一（一）", 2),
            ("2", "二", 0),
            ("2.1", "二（一）", 2),
            ("2.2", "二（二）", 1),
        ]

    def test_a_seed_matrix(self):
        m = coded("002").matrix().to_dict()
        assert [s["label"] for s in m["sections"]] == ["—", "一", "二", "三"]
        assert sum(s["clauses"] for s in m["sections"]) == 57
        rows = {(r["type"], r["subtype"]): r for r in m["rows"]}
        assert rows[("环境型", "税收优惠")]["counts"] == [0, 0, 1, 0]  # 2.9.p3 only
        assert sum(r["total"] for r in m["rows"] if r["subtype"] is None) == m["total"]

    def test_to_dict_survives_json(self):
        json.dumps(coded("004").to_dict(), ensure_ascii=False)


def run(*args: str, stdin: bytes | None = None):
    return runner.invoke(app, ["code", *args], input=stdin)


class TestCommand:
    def test_one_file_table(self):
        result = run("seeds/002_1b94758247acec77.txt")
        assert result.exit_code == 0
        assert "│ 2.9.p3 " in result.stdout and "落实税费政策" in result.stdout
        row = next(line for line in result.stdout.splitlines() if "2.9.p3" in line)
        assert "环境型·税收优惠" in row and "税费、税收优惠" in row
        assert "44/57 条有政策工具编码" in result.stdout

    def test_matrix_table(self):
        result = run("seeds/002_1b94758247acec77.txt", "--matrix")
        assert result.exit_code == 0
        lines = result.stdout.splitlines()
        assert "政策工具 × 章节" in result.stdout
        tax = next(line for line in lines if "税收优惠" in line)
        assert tax.split()[1:] == ["1", "(1%)", "1", "0.9%"]
        assert "一 总体要求 · 二 重大工程 · 三 组织实施" in result.stdout

    def test_many_files_json(self):
        files = ["seeds/002_1b94758247acec77.txt", "seeds/003_2fb1c8f732c91e3d.txt"]
        result = run(*files, "--format", "json")
        data = json.loads(result.stdout)
        assert data["schema"] == "policytool.codes/1"
        assert data["codebook"]["source"] == "built-in"
        assert [d["source"]["path"] for d in data["documents"]] == files
        document = data["documents"][1]
        assert set(document) == {"source", "meta", "clauses", "matrix"}
        c = next(c for c in document["clauses"] if c["id"] == "3.6.40")
        assert set(c) == {"id", "parent", "level", "kind", "label", "title", "text", "codes"}
        assert [k["subtype"] for k in c["codes"]] == ["法规管制"]
        assert c["codes"][0]["evidence"][0] == {"word": "法规", "span": [18, 20]}

    def test_folder_jsonl(self):
        result = run("seeds", "--format", "jsonl", "--jobs", "2")
        lines = [json.loads(x) for x in result.stdout.splitlines()]
        paths = list(dict.fromkeys(x["path"] for x in lines))
        assert paths == [f"seeds/{p.name}" for p in SEED_FILES]
        assert sum(x["path"].startswith("seeds/002") for x in lines) == 57
        assert {x["schema"] for x in lines} == {"policytool.code/1"}
        tax = next(x for x in lines if x["path"] == "seeds/002_1b94758247acec77.txt" and x["id"] == "2.9.p3")
        assert list(tax) == ["schema", "path", "id", "parent", "level", "kind", "label", "title", "text", "codes"]
        assert [(k["subtype"], [e["word"] for e in k["evidence"]]) for k in tax["codes"]] == [
            ("税收优惠", ["税费", "税收优惠", "收费减免", "房产税", "土地使用税"])
        ]

    def test_stdin(self):
        result = run("-", "--format", "jsonl", stdin=SMALL_PLAN.encode())
        assert result.exit_code == 0
        lines = [json.loads(x) for x in result.stdout.splitlines()]
        assert [x["path"] for x in lines] == ["-"] * 6
        assert result.stdout.splitlines()[1] == (
            '{"schema": "policytool.code/1", "path": "-", "id": "1", "parent": "doc", "level": 1, "kind": "cn", '
            '"label": "一", "title": "总体要求", "text": "总体要求", "codes": []}'
        )
        assert lines[5] == {
            "schema": "policytool.code/1", "path": "-", "id": "2.2", "parent": "2", "level": 2, "kind": "paren_cn",
            "label": "二（二）", "title": "完善监管", "text": "完善监管\n依法加强监管。",
            "codes": [{"type": "环境型", "subtype": "法规管制", "evidence": [
                {"word": "监管", "span": [2, 4]}, {"word": "依法", "span": [5, 7]}, {"word": "监管", "span": [9, 11]},
            ]}],
        }  # fmt: skip
        assert [[k["subtype"] for k in x["codes"]] for x in lines] == [
            ["组织保障"], [], ["人才培养", "目标规划"], [], ["人才培养", "资金投入"], ["法规管制"],
        ]  # fmt: skip

    def test_csv_with_bom(self):
        args = ["code", "seeds/002_1b94758247acec77.txt", "--format", "csv", "--bom"]
        out = subprocess.run([sys.executable, "-m", "policytool", *args], capture_output=True, check=True).stdout
        # Excel takes UTF-8 only with a BOM; rows end CRLF as RFC 4180 says.
        assert out.startswith(b"\xef\xbb\xbfpath,clause,label,title,type,subtype,evidence,text\r\n")
        rows = list(csv.DictReader(io.StringIO(out.decode("utf-8-sig"), newline="")))
        tax = [r for r in rows if r["clause"] == "2.9.p3"]
        assert [(r["type"], r["subtype"], r["evidence"]) for r in tax] == [
            ("环境型", "税收优惠", "税费、税收优惠、收费减免、房产税、土地使用税")
        ]
        principle = [r for r in rows if r["clause"] == "1.2.p1"]
        assert [(r["type"], r["subtype"]) for r in principle] == [("", "")]  # kept for review

    def test_csv_matrix(self):
        result = run("seeds/002_1b94758247acec77.txt", "--format", "csv", "--matrix")
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert list(rows[0]) == [
            "path",
            "type",
            "subtype",
            "section",
            "label",
            "title",
            "count",
            "section_share",
            "share",
        ]
        assert len(rows) == 18 * 4  # sub-types × sections
        tax = [r for r in rows if r["subtype"] == "税收优惠" and r["count"] != "0"]
        assert [(r["section"], r["label"], r["count"]) for r in tax] == [("2", "二", "1")]

    def test_markdown(self):
        out = run("seeds/002_1b94758247acec77.txt", "--format", "md").stdout
        assert out.startswith("## 促进健康产业高质量发展行动纲要（2019-2022年）\n\n| 条款 | 标题 | 政策工具 | 依据 |\n")
        assert "| 1.3 | 工作目标 | 环境型·目标规划 | 工作目标、基本形成 |" in out
        matrix = run("seeds/002_1b94758247acec77.txt", "--format", "md", "--matrix").stdout
        assert "| 政策工具 | — | 一 | 二 | 三 | 合计 | 占比 |" in matrix
        assert "| 税收优惠 |  |  | 1 (1%) |  | 1 | 0.9% |" in matrix

    def test_level(self):
        data = json.loads(run("-", "--format", "json", "--level", "2", stdin=SMALL_PLAN.encode()).stdout)
        assert data["documents"][0]["matrix"]["level"] == 2
        assert len(data["documents"][0]["matrix"]["sections"]) == 6

    def test_own_codebook(self, tmp_path):
        book = write(
            tmp_path,
            "name: 二分法\ntypes:\n  - name: 强制型\n    subtypes:\n      - {name: 管制, words: [监管, 依法]}\n"
            "  - name: 激励型\n    subtypes:\n      - {name: 激励, words: [人才培养, 财政资金]}\n",
        )
        data = json.loads(run("-", "--format", "json", "--codebook", str(book), stdin=SMALL_PLAN.encode()).stdout)
        assert data["codebook"]["name"] == "二分法" and data["codebook"]["source"] == str(book)
        rows = data["documents"][0]["matrix"]["rows"]
        assert [(r["type"], r["subtype"], r["total"]) for r in rows] == [
            ("强制型", None, 1), ("强制型", "管制", 1), ("激励型", None, 2), ("激励型", "激励", 2),
        ]  # fmt: skip

    def test_bad_codebook_is_one_line_and_exit_2(self, tmp_path):
        book = write(tmp_path, "- 供给型\n")
        result = run("seeds/002_1b94758247acec77.txt", "--codebook", str(book))
        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr == f"policytool: {book}: expected a mapping with a non-empty list of types\n"

    def test_bad_input_is_one_line_and_the_rest_is_coded(self, tmp_path):
        (tmp_path / "empty.txt").write_bytes(b"")
        result = run(str(tmp_path / "empty.txt"), "seeds/002_1b94758247acec77.txt", "--format", "json")
        assert result.exit_code == 1
        assert result.stderr.startswith(f"policytool: {tmp_path / 'empty.txt'}: ")
        assert len(result.stderr.splitlines()) == 1
        documents = json.loads(result.stdout)["documents"]
        assert set(documents[0]) == {"path", "error"}
        assert documents[1]["source"]["path"] == "seeds/002_1b94758247acec77.txt"

    def test_bad_input_in_jsonl_is_an_error_line(self, tmp_path):
        (tmp_path / "empty.txt").write_bytes(b"")
        result = run("seeds/003_2fb1c8f732c91e3d.txt", str(tmp_path / "empty.txt"), "--format", "jsonl")
        assert result.exit_code == 1
        lines = [json.loads(x) for x in result.stdout.splitlines()]
        assert len(lines) == 37 + 1
        assert lines[-1] == {"path": str(tmp_path / "empty.txt"), "error": result.stderr.split(": ", 2)[2].rstrip()}

    def test_no_input_is_a_usage_error(self):
        assert run().exit_code == 2
