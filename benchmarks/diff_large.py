"""Diff two ~1 MB documents built from the seeds: alignment must stay near-linear.

    python benchmarks/diff_large.py

A is the seeds' clean text repeated to about 1 MB (long paragraphs marked with their copy
number, so that texts stay distinct as in a real long document); B is A with every 50th paragraph
edited, every 97th dropped, and a block moved. Prints sizes, clause counts and seconds.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from policytool import clean, load, parse  # noqa: E402
from policytool.compare import diff  # noqa: E402

TARGET_BYTES = 1_000_000


def build() -> tuple[str, str]:
    paragraphs: list[str] = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        paragraphs += load(path).paragraphs
    a: list[str] = []
    copy = 0
    while len("\n".join(a).encode()) < TARGET_BYTES:
        copy += 1
        # Each copy's paragraphs say which copy they are, so texts stay distinct.
        a += [p if len(p) < 20 else f"{p}〔{copy}〕" for p in paragraphs]
    b = [p + "（补充）" if k % 50 == 0 else p for k, p in enumerate(a) if k % 97 != 1]
    block = b[100:120]
    b = b[:100] + b[120:]
    b[len(b) // 2 : len(b) // 2] = block
    return "\n".join(a) + "\n", "\n".join(b) + "\n"


def main() -> None:
    text_a, text_b = build()
    start = time.perf_counter()
    doc_a, doc_b = parse(clean(text_a)), parse(clean(text_b))
    parsed = time.perf_counter()
    result = diff(doc_a, doc_b, mode="versions")
    done = time.perf_counter()
    print(f"A {len(text_a.encode()) / 1e6:.2f} MB, {len(doc_a.clauses)} clauses; "
          f"B {len(text_b.encode()) / 1e6:.2f} MB, {len(doc_b.clauses)} clauses")  # fmt: skip
    print(f"clean+parse both: {parsed - start:.2f} s; diff: {done - parsed:.2f} s")
    print(result.summary())


if __name__ == "__main__":
    main()
