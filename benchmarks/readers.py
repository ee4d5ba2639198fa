"""PDF and Word reading speed against the public extractors, on the same generated files.

    pip install -e '.[test]' pdfplumber      # reportlab and python-docx make the files
    python benchmarks/readers.py              # about a minute on 2 cores
    python benchmarks/readers.py --pages 100 --repeat 3

The seeds' clean paragraphs, set as a 公文 over pages (tests/pdfs.py: running header, page
numbers, justified lines; each paragraph numbered so no two lines repeat) and typed into a
Word document (tests/docxs.py), are read by:

- policytool's PDF reader (`pdf_file_paragraphs`: lines by position, furniture out, lines
  joined, tables ruled), and its floor, PDFium's text alone (`get_text_range`, pypdfium2);
- pdfplumber's `extract_text()` and pdfminer.six's `extract_text()`, where installed;
- `pdftotext -layout` (poppler-utils), where installed (a process each run: wall time);
- policytool's Word reader against python-docx's paragraph texts (which number nothing).

In-process readers are timed in CPU seconds, the best of ``--repeat``; each figure is also
given as a ratio to policytool's. Last, `policytool depts FILE --format jsonl` as a user runs
it, wall time of the whole process, on the PDF and the Word document.
"""

from __future__ import annotations

import argparse
import io
import shutil
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
from policytool.cleaning.pdflayout import pdf_file_paragraphs  # noqa: E402
from tests.docxs import make_docx  # noqa: E402
from tests.pdfs import make_pdf  # noqa: E402

# Lines a page in make_pdf at its 14-point size.
LINES_PER_PAGE = 30


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


def pdf_readers(path: Path) -> dict[str, Callable[[], object]]:
    import pypdfium2 as pdfium

    data = path.read_bytes()

    def pdfium_text() -> list[str]:
        document = pdfium.PdfDocument(data)
        try:
            return [page.get_textpage().get_text_range() for page in document]
        finally:
            document.close()

    readers: dict[str, Callable[[], object]] = {
        "policytool (pypdfium2, layout)": lambda: pdf_file_paragraphs(data),
        "pypdfium2 get_text_range (floor)": pdfium_text,
    }
    try:
        import pdfplumber

        def plumber() -> list[str]:
            with pdfplumber.open(io.BytesIO(data)) as pdf:
                return [page.extract_text() for page in pdf.pages]

        readers["pdfplumber extract_text"] = plumber
    except ImportError:
        pass
    try:
        from pdfminer.high_level import extract_text

        readers["pdfminer.six extract_text"] = lambda: extract_text(io.BytesIO(data))
    except ImportError:
        pass
    return readers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    paragraphs = document(args.pages)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pdf, docx_file = folder / "plan.pdf", folder / "plan.docx"
        pdf.write_bytes(make_pdf(paragraphs))
        docx_file.write_bytes(make_docx(paragraphs))
        import pypdfium2 as pdfium

        document_ = pdfium.PdfDocument(pdf.read_bytes())
        pages = len(document_)
        document_.close()
        size = pdf.stat().st_size / 1e6
        print(f"PDF: {pages} pages, {size:.2f} MB; the same text as DOCX: {docx_file.stat().st_size / 1e6:.2f} MB")
        print()
        print("| PDF reader | CPU s | pages/s | MB/s | × policytool |")
        print("|---|---:|---:|---:|---:|")
        ours = None
        for name, fn in pdf_readers(pdf).items():
            repeat = args.repeat if "pdfminer" not in name and "pdfplumber" not in name else 1
            seconds = best(fn, repeat)
            ours = ours or seconds
            print(f"| {name} | {seconds:.3f} | {pages / seconds:,.0f} | {size / seconds:.1f} | {seconds / ours:.2f} |")
        pdftotext = shutil.which("pdftotext")
        if pdftotext:
            seconds = wall([pdftotext, "-layout", str(pdf), str(folder / "out.txt")], args.repeat)
            print(f"| pdftotext -layout (wall) | {seconds:.3f} | {pages / seconds:,.0f} | {size / seconds:.1f} | "
                  f"{seconds / ours:.2f} |")  # fmt: skip
        else:
            print("| pdftotext -layout | not installed | | | |")
        print()
        data = docx_file.read_bytes()
        print("| DOCX reader | CPU s | MB/s | × policytool |")
        print("|---|---:|---:|---:|")
        ours = best(lambda: docx_paragraphs(data), args.repeat)
        mb = len(data) / 1e6
        print(f"| policytool (zipfile + ElementTree, numbering) | {ours:.3f} | {mb / ours:.1f} | 1.00 |")
        try:
            import docx

            seconds = best(lambda: [p.text for p in docx.Document(io.BytesIO(data)).paragraphs], args.repeat)
            print(f"| python-docx paragraph texts | {seconds:.3f} | {mb / seconds:.1f} | {seconds / ours:.2f} |")
        except ImportError:
            print("| python-docx | not installed | | |")
        print()
        print("| `policytool depts FILE --format jsonl`, whole process | wall s |")
        print("|---|---:|")
        for path in (pdf, docx_file):
            seconds = wall(["policytool", "depts", str(path), "--format", "jsonl"], args.repeat)
            print(f"| {path.suffix} ({pages} pages) | {seconds:.2f} |")


if __name__ == "__main__":
    main()
