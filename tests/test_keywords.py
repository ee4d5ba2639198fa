"""Keywords: whole department names and policy terms, stop words, TF-IDF, TextRank, --compare, the CLI.

jieba's dictionary takes about a second to load; it is loaded once per test session (the
tokenizer is cached per process) and the CLI tests run in-process.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from typer.testing import CliRunner

from policytool import clean, load, load_departments
from policytool.cli import app
from policytool.segment import segment
from policytool.terms import (
    CountStore,
    bounded_pieces,
    compare,
    count_terms,
    idf,
    is_candidate,
    keywords,
    policy_verbs,
    stopwords,
    tokenize,
)
from tests.conftest import SEED_FILES, seed

runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})

# As the user types them, from the project root (as the other CLI tests).
S001 = f"seeds/{seed('001').name}"
S004 = f"seeds/{seed('004').name}"


@pytest.fixture(scope="module")
def seeds():
    """Counts of seeds 001 (health industry plan) and 004 (14th five-year health plan), with co-occurrences."""
    return [count_terms(segment(load(seed(p))), graph=True) for p in ("001", "004")]


def terms(keywords_) -> list[str]:
    return [k.term for k in keywords_]


class TestTokens:
    def test_department_names_stay_whole(self):
        tokens = tokenize("由国家卫生健康委、市场监管总局、国家医保局负责，工业和信息化部配合。")
        for name in ("国家卫生健康委", "市场监管总局", "国家医保局", "工业和信息化部"):
            assert name in tokens

    def test_policy_terms_stay_whole(self):
        tokens = tokenize(
            "推进互联网＋医疗健康，落实家庭医生签约服务，建设医联体，深化放管服改革，实施分级诊疗，建设健康中国。"
        )
        for term in ("互联网+医疗健康", "家庭医生签约服务", "医联体", "放管服", "分级诊疗", "健康中国"):
            assert term in tokens

    def test_user_dictionary_names_stay_whole(self, tmp_path):
        extra = tmp_path / "local.yaml"
        extra.write_text("local:\n  - {name: 城市数字化转型办公室}\n", encoding="utf-8")
        text = "由城市数字化转型办公室牵头。"
        assert "城市数字化转型办公室" not in tokenize(text)
        assert "城市数字化转型办公室" in tokenize(text, load_departments([extra]))

    @pytest.mark.parametrize("token", ["2022", "十项", "第一", "3.5%", "两个", "的", "，", "以及", "推进"])
    def test_not_terms(self, token):
        assert not is_candidate(token, stopwords())

    @pytest.mark.parametrize("token", ["5G", "健康产业", "医联体", "推进"])
    def test_terms(self, token):
        assert is_candidate(token, stopwords(keep_policy_verbs=True))


class TestLongRuns:
    """A run of Han characters the dictionary cannot split reaches jieba in bounded pieces
    (its HMM is quadratic in the run: 200 K characters took two minutes)."""

    RUN = "正" * 20_000

    def test_jieba_never_sees_a_long_run(self, monkeypatch):
        from policytool.terms import _tokenizer, _user_words

        tokenizer = _tokenizer(_user_words(load_departments()))
        seen: list[str] = []
        cut = tokenizer.cut
        monkeypatch.setattr(tokenizer, "cut", lambda text: seen.append(text) or cut(text))
        text = "关于加强培训的通知：" + self.RUN + "。扫一扫" * 3
        tokens = tokenize(text)
        longest = max(len(run) for piece in seen for run in re.findall(r"[\u4e00-\u9fd5]+", piece))
        assert longest <= 500
        assert "".join(tokens) == text  # nothing lost at the cuts
        assert tokens[:4] == ["关于", "加强", "培训", "的"]

    def test_a_paragraph_of_one_run_is_counted(self):
        doc = segment(clean("关于加强培训的通知\n\n一、总体要求\n\n" + self.RUN + "\n"))
        counts = count_terms(doc).counts()
        assert counts["总体"] == counts["要求"] == 1
        assert counts["正正"] == 10_000  # the HMM pairs the run's characters, across the cuts too

    def test_pieces_are_cut_only_inside_long_runs(self):
        pieces = bounded_pieces("通知：" + "正" * 1200 + "。好")
        assert pieces == ["通知：" + "正" * 500, "正" * 500, "正" * 200 + "。好"]
        assert bounded_pieces("正" * 500) == ["正" * 500]
        assert bounded_pieces("ab" * 5000) == ["ab" * 5000]  # jieba's HMM reads Han runs only

    def test_seed_text_is_never_cut(self):
        for path in SEED_FILES:
            text = load(path).text
            assert bounded_pieces(text) == [text]


class TestStopWords:
    def test_stop_words_never_counted(self, seeds):
        stop = stopwords(keep_policy_verbs=True)
        for doc in seeds:
            counted = doc.counts()
            assert not set(counted) & stop
            assert all(len(t) > 1 for t in counted)
            assert not set(counted) & {"有关部门", "各地区", "2022", "十项"}

    def test_filler_verbs_only_when_kept(self, seeds):
        dropped = set(terms(keywords(seeds, top=10_000).documents[0].keywords))
        kept = set(terms(keywords(seeds, top=10_000, keep_policy_verbs=True).documents[0].keywords))
        assert not dropped & policy_verbs()
        assert {"推进", "加强", "完善", "支持", "鼓励"} <= kept
        assert kept - dropped <= policy_verbs()


class TestTfIdf:
    def test_idf_is_smoothed(self):
        assert idf(1, 2) == pytest.approx(1.405465, abs=1e-6)
        assert idf(2, 2) == 1.0

    def test_seeds_001_and_004(self, seeds):
        report = keywords(seeds, top=10)
        assert report.method == "tfidf"
        a, b = report.documents
        # 001 is the health-industry plan, naming its lead departments in every task tag.
        assert terms(a.keywords)[:5] == ["健康", "服务", "健康产业", "卫生健康委", "中医药局"]
        # 004 is the national health plan: monitoring, disease control, health care. (公共卫生
        # is used most inside the compound 突发公共卫生事件, counted whole.)
        assert {"医疗卫生", "监测", "防控"} <= set(terms(b.keywords))
        assert "健康产业" not in terms(b.keywords)
        # Compounds the two use often (卫生健康, 医防融合…) are counted whole: fewer tokens.
        assert a.keywords[0].count == 71 and a.tokens == 2626

    def test_scores_are_tf_times_idf(self, seeds):
        report = keywords(seeds, top=50)
        doc = report.documents[0]
        k = next(k for k in doc.keywords if k.term == "卫生健康委")  # only in 001: df 1
        assert k.score == pytest.approx(k.count / doc.tokens * idf(1, 2))
        assert [k.score for k in doc.keywords] == sorted((k.score for k in doc.keywords), reverse=True)


class TestTextRank:
    def test_single_document(self, seeds):
        report = keywords(seeds[1:], top=10)
        assert report.method == "textrank"
        doc = report.documents[0]
        assert doc.keywords[0].term == "健康" and doc.keywords[0].score == 1.0
        assert {"服务", "医疗", "监测"} <= set(terms(doc.keywords))
        assert [k.score for k in doc.keywords] == sorted((k.score for k in doc.keywords), reverse=True)


class TestSections:
    def test_sections_are_level_one_clauses_and_parts(self, seeds):
        ids = [s.id for s in seeds[1].sections]
        assert ids == ["part1", "doc", *map(str, range(1, 11))]
        by_id = {s.id: s for s in seeds[1].sections}
        assert (by_id["part1"].title, by_id["doc"].title) == (
            "国务院办公厅关于印发“十四五”国民健康规划的通知",
            "“十四五”国民健康规划",
        )
        # 疾病预防控制 (11 times in the text) is used in 三 (织牢公共卫生防护网) and once in 五.
        assert {i: s.counts["疾病预防控制"] for i, s in by_id.items() if "疾病预防控制" in s.counts} == {
            "3": 10,
            "5": 1,
        }
        assert seeds[1].counts()["疾病预防控制"] == 11

    def test_section_keywords(self, seeds):
        report = keywords(seeds, by="section", top=5)
        sections = {s.id: s for s in report.documents[1].sections}
        assert sections["3"].title == "织牢公共卫生防护网" and sections["3"].label == "三"
        assert {"疾病预防控制", "公共卫生"} <= set(terms(sections["3"].keywords))
        assert "中医药" in terms(sections["7"].keywords)
        assert terms(report.documents[1].keywords)  # the document's own keywords come too


class TestCompare:
    def test_001_against_004(self, seeds):
        c = compare(*seeds, top=10)
        assert terms(c.distinctive_a)[:3] == ["健康产业", "卫生健康委", "中医药局"]
        assert terms(c.distinctive_b)[:3] == ["监测", "防控", "传染病"]
        assert "服务" in terms(c.shared)
        assert all(x.z > 1.96 for x in c.distinctive_a) and all(x.z < -1.96 for x in c.distinctive_b)
        assert next(x for x in c.distinctive_b if x.term == "传染病").count_a == 0

    def test_swapped_is_mirrored(self, seeds):
        c, d = compare(*seeds), compare(*reversed(seeds))
        assert terms(c.distinctive_a) == terms(d.distinctive_b)
        assert c.distinctive_a[0].z == pytest.approx(-d.distinctive_b[0].z)


def invoke(*args: str, stdin: bytes | None = None):
    return runner.invoke(app, ["keywords", *args], input=stdin)


class TestCli:
    def test_one_file_table(self):
        result = invoke(S004, "--top", "3")
        assert result.exit_code == 0
        lines = result.stdout.splitlines()
        assert lines[0] == f"{S004}  国务院办公厅关于印发“十四五”国民健康规划的通知  (TextRank, 4959 tokens)"
        assert "│ 1 │ 健康   │ 1.0000 │  165 │" in result.stdout

    def test_many_files_json(self):
        data = json.loads(invoke(S001, S004, "--format", "json", "--top", "3").stdout)
        assert data["schema"] == "policytool.keywords/1" and data["method"] == "tfidf" and data["by"] == "document"
        assert [d["path"] for d in data["documents"]] == [S001, S004]
        assert data["documents"][0]["keywords"][2] == {"term": "健康产业", "score": 0.019421, "count": 51}
        assert data["documents"][0]["sections"] == []

    def test_folder_jsonl_by_section(self):
        out = invoke("seeds", "--format", "jsonl", "--by", "section", "--top", "2").stdout.splitlines()
        rows = [json.loads(line) for line in out]
        assert len({r["path"] for r in rows}) == 5
        assert rows[-16] == {
            "schema": "policytool.keyword/1",
            "path": S004,
            "section": "3",
            "rank": 1,
            "term": "疾病预防控制",
            "score": 0.059451,
            "count": 10,
        }
        assert list(rows[0]) == ["schema", "path", "section", "rank", "term", "score", "count"]

    def test_stdin_csv_with_bom(self):
        result = invoke("-", "--format", "csv", "--bom", "--top", "2", stdin=seed("001").read_bytes())
        assert result.stdout_bytes.startswith(
            "\ufeffpath,section,label,section_title,rank,term,score,count\r\n".encode()
        )
        rows = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"))))
        assert [r[4:6] for r in rows[1:]] == [["1", "健康"], ["2", "服务"]] and rows[1][0] == "-"

    def test_markdown_sections_keep_policy_verbs(self):
        out = invoke(S001, "--format", "md", "--by", "section", "--top", "3", "--keep-policy-verbs").stdout
        assert "### 二 重大工程" in out and "| # | 关键词 | 得分 | 次数 |" in out
        assert "| 推进 |" in out or "| 加强 |" in out or "| 支持 |" in out

    def test_compare_table_and_json(self):
        out = invoke("--compare", S001, S004, "--top", "3").stdout
        assert out.splitlines()[0].startswith(f"A  {S001}  关于印发")
        assert "│ 健康产业   │ +6.6 │ 51/6 │ 监测       │ -3.8 │ 2/50 │" in out
        data = json.loads(invoke("--compare", S001, S004, "--format", "json", "--top", "2").stdout)
        assert data["schema"] == "policytool.keywords/1" and data["method"] == "log-odds"
        assert [c["term"] for c in data["distinctive_a"]] == ["健康产业", "卫生健康委"]
        assert [c["term"] for c in data["distinctive_b"]] == ["监测", "防控"]
        assert data["a"] == {"path": S001, "title": data["a"]["title"], "tokens": 2626}

    def test_compare_jsonl_and_csv(self):
        rows = [json.loads(x) for x in invoke("--compare", S001, S004, "-f", "jsonl", "-n", "1").stdout.splitlines()]
        assert [(r["side"], r["term"]) for r in rows] == [("a", "健康产业"), ("b", "监测"), ("shared", "健康")]
        assert rows[0] == {
            "schema": "policytool.contrast/1",
            "side": "a",
            "term": "健康产业",
            "z": 6.5905,
            "count_a": 51,
            "count_b": 6,
        }
        out = invoke("--compare", S001, S004, "-f", "csv", "-n", "1").stdout
        assert out.splitlines()[:2] == ["side,term,z,count_a,count_b", "a,健康产业,6.5905,51,6"]

    def test_a_bad_input_is_one_line_and_the_rest_go_on(self, tmp_path):
        result = invoke(S001, str(tmp_path / "missing.txt"), "--format", "json", "--top", "1")
        assert result.exit_code == 1
        assert result.stderr == f"policytool: {tmp_path / 'missing.txt'}: no such file\n"
        data = json.loads(result.stdout)
        assert data["documents"][1] == {"path": str(tmp_path / "missing.txt"), "error": "no such file"}
        assert data["documents"][0]["keywords"][0]["term"] == "健康"

    def test_a_failed_input_leaves_the_method_of_several(self, tmp_path):
        # TextRank needs co-occurrences, counted only when one document is named; ranking
        # the one left by TextRank without them gave every term the score 1.
        result = invoke(S001, str(tmp_path / "missing.txt"), "--format", "json", "--top", "2")
        assert result.exit_code == 1
        data = json.loads(result.stdout)
        assert data["method"] == "tfidf"
        assert data["documents"][0]["keywords"] == [
            {"term": "健康", "score": round(74 / 2616, 6), "count": 74},
            {"term": "服务", "score": round(69 / 2616, 6), "count": 69},
        ]

    def test_compare_needs_two_documents(self):
        result = invoke("--compare", "seeds")
        assert result.exit_code == 2
        assert result.stderr == "policytool: --compare needs two documents, A and B (5 given)\n"
        assert invoke("--compare", S001, S004, "--by", "section").exit_code == 2

    def test_bad_dictionary_is_a_usage_error(self, tmp_path):
        bad = tmp_path / "bad.yaml"
        bad.write_text("- not a mapping\n", encoding="utf-8")
        result = invoke(S001, "--dict", str(bad))
        assert result.exit_code == 2 and result.stderr.startswith(f"policytool: {bad}: expected a mapping")


class TestCountStore:
    """A corpus's counts kept on disk rank exactly as the same counts held in a list."""

    def test_counts_come_back_as_they_went_in(self, seeds):
        with CountStore() as store:
            for doc in seeds:
                store.add(doc)
            assert len(store) == 2
            assert list(store) == seeds  # sections, counts and co-occurrence edges alike
            assert list(store) == seeds  # and again: the store is read as often as needed
            store.add(seeds[0])  # adding after reading appends
            assert list(store) == [*seeds, seeds[0]]

    def test_without_sections_a_document_comes_back_with_its_summed_pairs(self, seeds):
        with CountStore() as store:
            for doc in seeds:
                store.add(doc)
            read = list(store.read(sections=False))
        assert [d.edges() for d in read] == [d.edges() for d in seeds] and read[0].edges()
        assert [d.counts() for d in read] == [d.counts() for d in seeds]
        assert all(s.edges is None for d in read for s in d.sections)

    def test_pairs_summed_over_the_document_rank_as_the_sections_do(self, seeds):
        # What `keywords FILE` counts for TextRank on one document: no pairs per section.
        summed = [count_terms(segment(load(seed(p))), graph=True, section_graphs=False) for p in ("001", "004")]
        assert [d.edges() for d in summed] == [d.edges() for d in seeds]
        assert all(s.edges is None for d in summed for s in d.sections)
        assert keywords(summed[1:], method="textrank") == keywords(seeds[1:], method="textrank")

    @pytest.mark.parametrize("by", ["document", "section"])
    @pytest.mark.parametrize("method", ["tfidf", "textrank"])
    def test_ranks_are_those_of_a_list(self, seeds, by, method):
        with CountStore() as store:
            for doc in seeds:
                store.add(doc)
            assert keywords(store, by=by, method=method) == keywords(seeds, by=by, method=method)

    def test_the_file_is_gone_when_closed(self, seeds):
        store = CountStore()
        store.add(seeds[0])
        store.close()
        with pytest.raises(ValueError, match="closed file"):
            list(store)

    def test_a_failed_input_keeps_its_place_and_the_rest_are_ranked(self):
        result = runner.invoke(app, ["keywords", S001, "missing.txt", S004, "--format", "jsonl", "--top", "1"])
        assert result.exit_code == 1
        lines = [json.loads(line) for line in result.stdout.splitlines()]
        assert [line["path"] for line in lines] == [S001, "missing.txt", S004]
        assert "error" in lines[1] and lines[0]["rank"] == lines[2]["rank"] == 1


class TestCompounds:
    """Compound terms a corpus uses often stay whole, though jieba cuts them (政务/新/媒体)."""

    TEXTS = (
        "一、加强政务新媒体建设\n各地区要规范政务新媒体运营，提升政务服务水平，推动政务新媒体与政务服务平台融合。",
        "一、发展绿色建筑\n推广绿色建筑标准，新建城镇建筑全面执行绿色建筑标准，发展政务新媒体宣传。",
        "一、推进政务公开\n深化政务公开，用好政务新媒体，建设绿色建筑示范区。",
    )

    @pytest.fixture(scope="class")
    def docs(self):
        return [count_terms(segment(clean(t))) for t in self.TEXTS]

    def test_jieba_cuts_them(self):
        assert "政务新媒体" not in tokenize("规范政务新媒体运营")

    def test_a_corpus_keeps_them_whole(self, docs):
        found = [terms(d.keywords) for d in keywords(docs, top=20).documents]
        assert "政务新媒体" in found[0] and "绿色建筑" in found[1]
        # Its words count apart only where they stand apart: 媒体 never did, 建筑 once (城镇建筑).
        assert "媒体" not in found[0]
        counts = {k.term: k.count for k in keywords(docs, top=50).documents[1].keywords}
        assert counts["绿色建筑"] == 3 and counts["建筑"] == 1

    def test_one_documents_textrank_keeps_them_too(self, docs):
        (ranked,) = keywords([count_terms(segment(clean(self.TEXTS[0])), graph=True)], top=5).documents
        assert terms(ranked.keywords)[0] == "政务新媒体"

    def test_compare_keeps_them(self, docs):
        result = compare(docs[0], docs[1])
        assert "政务新媒体" in {r.term for r in (*result.distinctive_a, *result.distinctive_b, *result.shared)}

    @pytest.mark.parametrize(
        ("runs", "totals", "compound"),
        [
            # Seen 3 times, all of 新媒体's uses: a term.
            ({"政务\t新媒体": 3}, {"政务": 10, "新媒体": 3}, "政务新媒体"),
            # Twice is not often.
            ({"政务\t新媒体": 2}, {"政务": 10, "新媒体": 2}, None),
            # 公司 stands in a thousand other places (公司法): `于本公司` is a phrase.
            ({"本届\t公司": 10}, {"本届": 10, "公司": 1000}, None),
            # A preposition opens a phrase, a word of place ends one.
            ({"于本\t公司": 10}, {"于本": 10, "公司": 20}, None),
            ({"试验\t区内": 10}, {"试验": 10, "区内": 10}, None),
        ],
    )
    def test_what_makes_a_compound(self, runs, totals, compound):
        from collections import Counter

        from policytool.terms import compounds

        assert list(compounds(Counter(totals), Counter(runs)).values()) == ([compound] if compound else [])
