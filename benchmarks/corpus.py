"""A generated corpus for speed runs: documents built from the seeds' own sentences.

    python benchmarks/corpus.py OUT_DIR [--docs 10000]

Each document is a real-looking plan: a title, 发文字号, an addressee line, then numbered
sections whose bodies are paragraphs drawn from the seeds, with responsibility tags naming
departments drawn from the built-in dictionary. Numbering style (一、/（一）/1. or 第X条),
tag style (牵头/配合, 负责, 牵头单位：), and format (plain text, an HTML post, a PDF-style dump
with hard wraps and page numbers) vary from document to document. The same seed number
gives the same corpus, so runs compare.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from policytool import load  # noqa: E402
from policytool.departments import load_departments  # noqa: E402
from policytool.segment import match_marker  # noqa: E402

CN_NUMERALS = "一二三四五六七八九十"
CITIES = ("北京市", "上海市", "广州市", "成都市", "杭州市", "武汉市")
TAGS = (
    "（{a}牵头，{b}、{c}配合）",
    "（{a}、{b}负责）",
    "（{a}、{b}、{c}按职责分工负责）",
    "（{a}、{b}分别负责）",
    "（牵头单位：{a}；配合单位：{b}、{c}）",
    "（责任单位：{a}、{b}）",
)


def seed_paragraphs() -> list[str]:
    """Return the body paragraphs of the seeds: unnumbered, long enough to be text."""
    out = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        out += [p for p in load(path).paragraphs if len(p) >= 40 and match_marker(p) is None]
    return out


def _cn(n: int) -> str:
    if n <= 10:
        return CN_NUMERALS[n - 1]
    return ("" if n < 20 else CN_NUMERALS[n // 10 - 1]) + "十" + (CN_NUMERALS[n % 10 - 1] if n % 10 else "")


def _tag(rng: random.Random, names: list[str]) -> str:
    a, b, c = rng.sample(names, 3)
    return rng.choice(TAGS).format(a=a, b=b, c=c)


def document(rng: random.Random, bodies: list[str], names: list[str], k: int) -> tuple[str, list[str]]:
    """Return (format, lines) of one generated document."""
    year = rng.randint(2016, 2025)
    lines = [
        f"关于印发《{rng.choice(CITIES)}推进重点工作行动方案（第{k}号）》的通知",
        f"{rng.choice(('国办发', '发改社会', '京政发', '沪府办'))}〔{year}〕{rng.randint(1, 99)}号",
        "各区人民政府，市政府各委、办、局：",
        rng.choice(bodies),
    ]
    articles = rng.random() < 0.2
    n = 0
    for i in range(1, rng.randint(3, 7)):
        if articles:
            for _ in range(rng.randint(2, 5)):
                n += 1
                lines.append(f"第{_cn(n)}条　{rng.choice(bodies)}")
            continue
        lines.append(f"{_cn(i)}、{rng.choice(('总体要求', '重点任务', '保障措施', '组织实施', '工作目标'))}")
        for j in range(1, rng.randint(2, 6)):
            body = rng.choice(bodies)
            tag = _tag(rng, names) if rng.random() < 0.6 else ""
            lines.append(f"（{_cn(j)}）{rng.choice(('加强统筹协调', '完善体制机制', '强化要素保障'))}。{body}{tag}")
            for m in range(1, rng.randint(1, 4)):
                lines.append(f"{m}.{rng.choice(bodies)}{_tag(rng, names) if rng.random() < 0.5 else ''}")
    lines += [f"{rng.choice(CITIES)}人民政府", f"{year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"]
    fmt = rng.choices(("text", "post", "pdf"), weights=(6, 3, 1))[0]
    return fmt, lines


def render(fmt: str, lines: list[str], rng: random.Random) -> str:
    """Return the document's bytes as text in the given raw format."""
    if fmt == "post":
        body = "".join(f"<p>{line}</p>" for line in lines)
        return f'---\nlayout: post\ntitle: "{lines[0]}"\ndate: 2022-05-20 12:00:00 +0800\n---\n{body}\n'
    if fmt == "pdf":
        wrapped: list[str] = []
        width = rng.choice((28, 30, 33))
        for line in lines:
            wrapped += [line[i : i + width] for i in range(0, len(line), width)]
        out: list[str] = []
        for page, start in enumerate(range(0, len(wrapped), 38), start=1):
            out += wrapped[start : start + 38] + ["", f"— {page} —", "\f"]
        return "\n".join(out) + "\n"
    return "\n".join(lines) + "\n"


def generate(out: Path, docs: int, seed: int = 7) -> int:
    """Write ``docs`` documents under ``out`` (100 per folder); return the bytes written."""
    rng = random.Random(seed)
    bodies = seed_paragraphs()
    names = sorted(load_departments().aliases["national"])
    total = 0
    for k in range(docs):
        fmt, lines = document(rng, bodies, names, k)
        folder = out / f"{k // 100:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        data = render(fmt, lines, rng).encode("utf-8")
        (folder / f"{k:05d}.{'md' if fmt == 'post' else 'txt'}").write_bytes(data)
        total += len(data)
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--docs", type=int, default=10_000)
    args = parser.parse_args()
    size = generate(args.out, args.docs)
    print(f"{args.docs} documents, {size / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
