"""PDF reading speed: policytool's layout reader against PDFium alone and the public extractors.

    pip install -e '.[test]' pdfplumber      # reportlab makes the files; pdfminer.six comes along
    apt-get install poppler-utils             # pdftotext, where the machine has it
    python benchmarks/pdf.py                  # about a minute and a half on 2 cores
    python benchmarks/pdf.py --pages 100 --repeat 3
    python benchmarks/pdf.py --profile        # and where the layout pass spends its time

The seeds' body paragraphs (corpus.py's seed_paragraphs), numbered (`12. …`), one skipped
where its lines would stand twice on a page, are set as a 公文 of each size in ``--pages``
(tests/pdfs.py: STSong-Light, a running header and `— 3 —` on every page, justified lines,
paragraphs set in) in a temporary folder, and read by:

- policytool's `pdf_file_paragraphs` (lines by position, furniture out, lines joined);
- its floor, PDFium's text of each page alone (pypdfium2 `get_text_range`);
- pdfplumber's `extract_text()` per page and pdfminer.six's `extract_text()`, where installed;
- `pdftotext -layout` (poppler-utils), where installed: a process a run, so wall time.

Prints Markdown tables:

1. per size and reader: seconds (CPU time in process, the best of the runs; wall time for
   pdftotext), pages/s, MB/s of PDF bytes, the time as a multiple of policytool's, and what
   the text keeps: the source's Han characters found (with the running header's lines
   taken out first, as policytool takes them out and the others keep them), header and
   page-number lines left, and source paragraphs found whole on one line; under the
   table, the lines of body text policytool took out as furniture, if any;
2. `policytool depts FILE --format jsonl` and `policytool parse FILE` as a user runs them,
   wall time of the whole process (best of ``--repeat``), on the PDF of the size nearest
   100 pages and on the same text as .txt;
3. the peak memory (ru_maxrss) of `policytool depts` on the largest PDF and its .txt;
4. with ``--profile``, cProfile's top functions of `pdf_file_paragraphs` on the largest PDF.

A slow reader (pdfplumber, pdfminer.six) is run again only while its runs add up to less
than RUN_BUDGET seconds, so the largest size runs it once.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import corpus  # noqa: E402
import run  # noqa: E402

from policytool.chars import HAN_RUN  # noqa: E402
from policytool.cleaning.pdflayout import pdf_file_paragraphs  # noqa: E402
from policytool.cleaning.pdftext import PAGE_NUMBER  # noqa: E402
from tests.pdfs import COLUMN, HEADER, make_pdf, wrapped  # noqa: E402

# make_pdf's type size and lines a page, given to it here so the page count below holds.
SIZE = 14.0
LINES_PER_PAGE = 30
# A reader is run again only while its runs add up to less than this (CPU seconds):
# pdfplumber takes half a minute over 500 pages.
RUN_BUDGET = 5.0
# The target for `policytool depts` on a 100-page PDF, whole process.
TARGET_SECONDS = 2.0
# The reader the others are measured against.
OURS = "policytool `pdf_file_paragraphs`"
# Any run of whitespace, taken out before lines are compared (pdftotext -layout pads them).
SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Timing:
    """One reader's timing on one PDF."""

    seconds: float  # the best run: CPU time in process, wall time for a subprocess
    runs: int
    clock: str  # "CPU" or "wall"
    text: str  # the last run's text, lines as the reader gives them


def document(pages: int) -> list[str]:
    """Return numbered seed paragraphs that fill ``pages`` pages of make_pdf, the last
    one up to a paragraph short.

    No page holds one line twice: PDFium drops a repeated line in this font without
    glyph heights, and the count of Han characters kept would blame the reader for the
    file. Numbers make first lines differ; a paragraph whose other lines (a short last
    line, `负责)`) are on its pages already gives way to the next seed paragraph.
    """
    base = corpus.seed_paragraphs()
    paragraphs: list[str] = []
    lines: list[str] = []
    seed = 0
    while True:
        paragraph = f"{len(paragraphs) + 1}. {base[seed % len(base)]}"
        seed += 1
        more = [text for text, _ in wrapped(paragraph, COLUMN, SIZE)]
        if len(lines) + len(more) > pages * LINES_PER_PAGE:
            return paragraphs
        first_page = len(lines) // LINES_PER_PAGE * LINES_PER_PAGE
        placed = lines[first_page:] + more
        on_pages = [placed[k : k + LINES_PER_PAGE] for k in range(0, len(placed), LINES_PER_PAGE)]
        if any(len(set(page)) < len(page) for page in on_pages):
            continue
        paragraphs.append(paragraph)
        lines += more


def cpu_best(fn: Callable[[], object], repeat: int) -> tuple[float, int, object]:
    """Return the least CPU seconds of ``fn()`` over ``repeat`` runs (or as many more as fill
    run.MIN_TIMED_SECONDS, or fewer once they pass RUN_BUDGET), the runs, and the last output."""
    times: list[float] = []
    while True:
        start = time.process_time()
        output = fn()
        times.append(time.process_time() - start)
        if sum(times) >= RUN_BUDGET or (len(times) >= repeat and sum(times) >= run.MIN_TIMED_SECONDS):
            return min(times), len(times), output


def _text(output: object) -> str:
    if hasattr(output, "paragraphs"):  # policytool's PdfResult
        return "\n".join(output.paragraphs)
    if isinstance(output, list):  # page texts
        return "\n".join(output)
    return str(output)


def in_process_readers(data: bytes) -> tuple[dict[str, Callable[[], object]], list[str]]:
    """Return name → a call that reads ``data`` for each reader installed, and the names
    of those not installed."""
    import pypdfium2 as pdfium

    def pdfium_text() -> list[str]:
        pdf = pdfium.PdfDocument(data)
        try:
            return [page.get_textpage().get_text_range() for page in pdf]
        finally:
            pdf.close()

    readers: dict[str, Callable[[], object]] = {
        OURS: lambda: pdf_file_paragraphs(data),
        "pypdfium2 `get_text_range` (floor)": pdfium_text,
    }
    missing: list[str] = []
    try:
        import pdfplumber

        def plumber() -> list[str]:
            with pdfplumber.open(io.BytesIO(data)) as pdf:
                return [page.extract_text() for page in pdf.pages]

        readers["pdfplumber `extract_text`"] = plumber
    except ImportError:
        missing.append("pdfplumber")
    try:
        from pdfminer.high_level import extract_text

        readers["pdfminer.six `extract_text`"] = lambda: extract_text(io.BytesIO(data))
    except ImportError:
        missing.append("pdfminer.six")
    return readers, missing


def pdftotext(path: Path, repeat: int) -> Timing | None:
    """Return pdftotext -layout's best wall time and text, or None where it is not installed."""
    exe = shutil.which("pdftotext")
    if exe is None:
        return None
    out = path.with_suffix(".pdftotext.txt")
    command = [exe, "-layout", str(path), str(out)]
    seconds = min(run.walls({"pdftotext": command}, max(repeat, 5))["pdftotext"])
    return Timing(seconds, max(repeat, 5), "wall", out.read_text(encoding="utf-8"))


def han(text: str) -> Counter[str]:
    return Counter("".join(HAN_RUN.findall(text)))


def quality(text: str, source: list[str]) -> tuple[str, str, str, str]:
    """Return (Han kept %, header lines left, page-number lines left, paragraphs whole) of a
    reader's text against the source paragraphs."""
    lines = [SPACE.sub("", line) for line in text.splitlines()]
    header = sum(line == HEADER for line in lines)
    numbers = sum(bool(PAGE_NUMBER.match(line)) for line in lines)
    wanted = han("".join(source))
    found = han("\n".join(line for line in lines if line != HEADER))
    kept = sum((wanted & found).values()) / sum(wanted.values())
    extra = sum((found - wanted).values())
    whole = len({SPACE.sub("", p) for p in source} & set(lines))
    return (
        f"{100 * kept:.2f}%" + (f" (+{extra} not in source)" if extra else ""),
        f"{header:,}" if header else "none",
        f"{numbers:,}" if numbers else "none",
        f"{whole:,} of {len(source):,}",
    )


def page_count(data: bytes) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return len(pdf)
    finally:
        pdf.close()


def speed_table(path: Path, source: list[str], repeat: int) -> None:
    data = path.read_bytes()
    pages = page_count(data)
    mb = len(data) / 1e6
    print(f"### {pages} pages ({mb:.2f} MB, {len(source):,} paragraphs)\n")
    print(
        "| reader | clock (best of runs) | seconds | pages/s | MB/s | × policytool's time "
        "| Han kept (header lines out) | header lines left | page numbers left | paragraphs whole |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    readers, missing = in_process_readers(data)
    timings: dict[str, Timing | None] = {}
    for name, fn in readers.items():
        seconds, runs, output = cpu_best(fn, repeat)
        timings[name] = Timing(seconds, runs, "CPU", _text(output))
        if name == OURS:
            removed = output.removed  # type: ignore[attr-defined]
    timings |= dict.fromkeys(missing)
    timings["`pdftotext -layout`"] = pdftotext(path, repeat)
    ours = timings[OURS]
    assert ours is not None
    for name, timing in timings.items():
        if timing is None:
            print(f"| {name} | not installed | | | | | | | | |")
            continue
        s = timing.seconds
        cells = " | ".join(quality(timing.text, source))
        print(f"| {name} | {timing.clock}, {timing.runs} run{'s' * (timing.runs > 1)} | {s:.3f} "
              f"| {pages / s:,.0f} | {mb / s:.2f} | {s / ours.seconds:.2f} | {cells} |")  # fmt: skip
    print()
    # Body text taken for furniture: what policytool's "Han kept" lost, and where.
    body = [r.text for r in removed if r.reason == "running-header" and SPACE.sub("", r.text) != HEADER]
    if body:
        shown = "; ".join(f"`{text}`" for text in body[:3])
        why = "repeated, digits aside, at one height in the margin of two pages or more"
        print(f"policytool took {len(body):,} lines of body text out as furniture ({why}), e.g. {shown}\n")


def end_to_end_table(pdf: Path, txt: Path, pages: int, repeat: int) -> None:
    # The console script beside this interpreter, as run.py's start-up table takes it.
    beside = Path(sys.executable).with_name("policytool")
    exe = str(beside) if beside.exists() else shutil.which("policytool") or "policytool"
    commands = {
        f"`policytool depts {kind} --format jsonl`": [exe, "depts", str(path), "--format", "jsonl"]
        for kind, path in (("FILE.pdf", pdf), ("FILE.txt", txt))
    }
    commands |= {
        f"`policytool parse {kind}`": [exe, "parse", str(path)] for kind, path in (("FILE.pdf", pdf), ("FILE.txt", txt))
    }
    commands["`policytool --help` (start-up)"] = [exe, "--help"]
    rounds = run.walls(commands, repeat)
    print(f"### Whole process on the {pages}-page PDF and the same text as .txt (wall time, best of {repeat})\n")
    print(f"| command | {pdf.stat().st_size / 1e6:.2f} MB PDF / {txt.stat().st_size / 1e6:.2f} MB text | note |")
    print("|---|---:|---|")
    for name, times in rounds.items():
        note = ""
        if "depts FILE.pdf" in name:
            verdict = "met" if min(times) < TARGET_SECONDS else "missed"
            note = f"target < {TARGET_SECONDS:.0f} s for {pages} pages: {verdict}"
        print(f"| {name} | {min(times):.2f} s | {note} |")
    print()


# Runs a command as its own child and prints its exit code, ru_maxrss (KB) and wall seconds.
# A child forked from this benchmark would count its parent's memory as its own: Linux
# carries the peak over fork and exec, and this process holds a gigabyte after pdfplumber
# has read 500 pages. A small Python in between holds 10 MB.
LAUNCHER = """
import os, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss, time.perf_counter() - start)
"""


def peak_memory(command: list[str]) -> tuple[float, int]:
    """Return (wall seconds, ru_maxrss bytes) of one run of ``command``."""
    done = subprocess.run([sys.executable, "-c", LAUNCHER, *command], cwd=ROOT, capture_output=True, check=True)
    code, kb, seconds = done.stdout.split()
    if int(code):
        raise SystemExit(f"{' '.join(command)} failed ({int(code)})")
    return float(seconds), int(kb) * 1024


def memory_table(pdf: Path, txt: Path, pages: int) -> None:
    beside = Path(sys.executable).with_name("policytool")
    exe = str(beside) if beside.exists() else shutil.which("policytool") or "policytool"
    print(f"### Peak memory of `policytool depts FILE --format jsonl` on {pages} pages (ru_maxrss of the process)\n")
    print("| input | MB | peak memory | wall s |")
    print("|---|---:|---:|---:|")
    runs = {
        "PDF": ([exe, "depts", str(pdf), "--format", "jsonl"], pdf.stat().st_size / 1e6),
        "the same text as .txt": ([exe, "depts", str(txt), "--format", "jsonl"], txt.stat().st_size / 1e6),
        "`policytool --help` (start-up)": ([exe, "--help"], None),
    }
    for label, (command, mb) in runs.items():
        seconds, peak = peak_memory(command)
        print(f"| {label} | {'—' if mb is None else f'{mb:.2f}'} | {peak / 1e6:.0f} MB | {seconds:.2f} |")
    print()


def profile(path: Path, top: int = 10) -> None:
    import cProfile
    import pstats

    data = path.read_bytes()
    profiler = cProfile.Profile()
    profiler.runcall(pdf_file_paragraphs, data)
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    rows = sorted(stats.items(), key=lambda item: -item[1][3])[:top]
    total = max(row[3] for _, row in rows)
    print(f"### Profile of `pdf_file_paragraphs` on {path.name} (cProfile, top {top} by cumulative time)\n")
    print("| function | calls | own s | cumulative s | share |")
    print("|---|---:|---:|---:|---:|")
    for (file, line, name), (_, calls, own, cumulative, _) in rows:
        where = f"{Path(file).name}:{line}" if line else "built-in"
        print(f"| `{name}` ({where}) | {calls:,} | {own:.3f} | {cumulative:.3f} | {100 * cumulative / total:.0f}% |")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", default="10,100,500", help="PDF sizes in pages, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (slow readers fewer)")
    parser.add_argument("--profile", action="store_true", help="profile pdf_file_paragraphs on the largest PDF")
    args = parser.parse_args()
    sizes = sorted({int(n) for n in args.pages.split(",")})
    import pypdfium2

    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, {time.strftime('%Y-%m-%d')}, "
          f"pypdfium2 {pypdfium2.PYPDFIUM_INFO} (PDFium {pypdfium2.PDFIUM_INFO})\n")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        files: dict[int, tuple[Path, Path]] = {}
        for pages in sizes:
            source = document(pages)
            pdf, txt = Path(tmp) / f"plan-{pages}.pdf", Path(tmp) / f"plan-{pages}.txt"
            pdf.write_bytes(make_pdf(source, size=SIZE, lines_per_page=LINES_PER_PAGE))
            txt.write_text("\n".join(source) + "\n", encoding="utf-8")
            files[pages] = pdf, txt
            speed_table(pdf, source, args.repeat)
        near_100 = min(sizes, key=lambda n: abs(n - 100))
        end_to_end_table(*files[near_100], near_100, args.repeat)
        memory_table(*files[sizes[-1]], sizes[-1])
        if args.profile:
            profile(files[sizes[-1]][0])


if __name__ == "__main__":
    main()
