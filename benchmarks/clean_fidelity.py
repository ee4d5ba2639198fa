"""How much of a portal page's main text is kept, against trafilatura's extract().

For each saved HTML page in tests/fixtures/clean with a hand-written expected.json, the
Han characters of the expected paragraphs are the gold text. Each extractor is scored
by the multiset of Han characters it returns: precision (kept text that belongs to the
document), recall (document text that was kept) and F1, plus the time per page.

    pip install trafilatura lxml_html_clean   # only for the comparison
    python benchmarks/clean_fidelity.py

trafilatura is not a dependency of policytool; without it only policytool is scored.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from policytool import clean  # noqa: E402
from policytool.ingest import decode  # noqa: E402

HAN = regex.compile(r"\p{Han}")
FIXTURES = ROOT / "tests" / "fixtures" / "clean"
REPEAT = 20


def han(text: str) -> Counter[str]:
    return Counter(HAN.findall(text))


def score(gold: Counter[str], got: Counter[str]) -> tuple[float, float, float]:
    """Return precision, recall and F1 of ``got`` against ``gold`` (multisets)."""
    common = sum((gold & got).values())
    precision = common / max(1, sum(got.values()))
    recall = common / max(1, sum(gold.values()))
    f1 = 2 * precision * recall / max(1e-9, precision + recall)
    return precision, recall, f1


def extractors() -> dict[str, Callable[[bytes], str]]:
    out: dict[str, Callable[[bytes], str]] = {"policytool": lambda data: clean(data).text}
    try:
        import trafilatura
    except ImportError:
        print("(trafilatura not installed: scoring policytool only)", file=sys.stderr)
    else:
        out["trafilatura"] = lambda data: trafilatura.extract(decode(data)[0]) or ""
    return out


def main() -> None:
    pages = sorted(FIXTURES.glob("*.html"))
    rows = []
    for name, extract in extractors().items():
        for page in pages:
            data = page.read_bytes()
            expected = json.loads((FIXTURES / (page.stem + ".expected.json")).read_text(encoding="utf-8"))
            gold = han("".join(expected["paragraphs"]))
            start = time.perf_counter()
            for _ in range(REPEAT):
                text = extract(data)
            ms = (time.perf_counter() - start) / REPEAT * 1000
            p, r, f = score(gold, han(text))
            rows.append((name, page.name, p, r, f, ms))
    print("| extractor | page | precision | recall | F1 | ms/page |")
    print("|---|---|---|---|---|---|")
    for name, page, p, r, f, ms in rows:
        print(f"| {name} | {page} | {p:.3f} | {r:.3f} | {f:.3f} | {ms:.1f} |")


if __name__ == "__main__":
    main()
