"""Word reading speed against python-docx, on the text of a 100-page PDF of benchmarks/pdf.py.

    pip install -e '.[test]'                  # python-docx makes the file
    python benchmarks/word.py                 # a few seconds
    python benchmarks/word.py --pages 500

The seeds' clean paragraphs, numbered so no two repeat, typed into a Word document
(tests/docxs.py), are read by policytool's Word reader (zipfile and ElementTree, list
numbering rendered, tables as rows) and by python-docx's paragraph texts (which number
nothing and leave tables out), in CPU seconds, the best of ten runs at least; then
`policytool depts FILE.docx --format jsonl` as a user runs it, wall time of the whole process.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from policytool import clean  # noqa: E402
from policytool.cleaning.docx import docx_paragraphs  # noqa: E402
from tests.docxs import make_docx  # noqa: E402

# Lines a page in make_pdf at its 14-point size (30), as document() counts them: it counts
# a paragraph's lines short, and 33 of its lines fill a page.
LINES_PER_PAGE = 33


def seed_paragraphs() -> list[str]:
    return [p for path in sorted((ROOT / "seeds").glob("*.txt")) for p in clean(path.read_bytes()).paragraphs]


def document(pages: int) -> list[str]:
    """Numbered copies of the seeds' paragraphs, enough for about ``pages`` pages."""
    base = seed_paragraphs()
    out: list[str] = []
    lines = 0
    while lines < pages * LINES_PER_PAGE:
        paragraph = f"{len(out) + 1}. {base[len(out) % len(base)]}"
        out.append(paragraph)
        lines += 1 + len(paragraph) // 30
    return out


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def wall(command: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    paragraphs = document(args.pages)
    with tempfile.TemporaryDirectory() as tmp:
        docx_file = Path(tmp) / "plan.docx"
        docx_file.write_bytes(make_docx(paragraphs))
        data = docx_file.read_bytes()
        mb = len(data) / 1e6
        print(f"DOCX: {len(paragraphs):,} paragraphs, {mb:.2f} MB (the text of a {args.pages}-page PDF)")
        print()
        print("| DOCX reader | CPU s | MB/s | × policytool |")
        print("|---|---:|---:|---:|")
        # A Word document of 100 pages is read in tens of milliseconds: ten runs at least.
        repeat = max(args.repeat, 10)
        ours = best(lambda: docx_paragraphs(data), repeat)
        print(f"| policytool (zipfile + ElementTree, numbering) | {ours:.3f} | {mb / ours:.1f} | 1.00 |")
        import docx

        seconds = best(lambda: [p.text for p in docx.Document(io.BytesIO(data)).paragraphs], repeat)
        print(f"| python-docx paragraph texts | {seconds:.3f} | {mb / seconds:.1f} | {seconds / ours:.2f} |")
        print()
        seconds = wall(["policytool", "depts", str(docx_file), "--format", "jsonl"], args.repeat)
        print(f"`policytool depts FILE.docx --format jsonl`, whole process: {seconds:.2f} s wall")


if __name__ == "__main__":
    main()
