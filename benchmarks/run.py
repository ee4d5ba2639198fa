"""The benchmark suite: speed per stage, a 10,000-document corpus, start-up, diff, and trafilatura.

    pip install -e . trafilatura lxml_html_clean   # trafilatura only for the comparison
    python benchmarks/run.py                        # under a minute on 2 cores
    python benchmarks/run.py --docs 1000 --repeat 5 # a quicker look

Prints Markdown tables (README's Performance section is this output):

1. per seed and stage, in one process: ingest+clean, parse (segment), depts (duties),
   and all three together, in MB/s and documents/s (CPU time, the best of repeats);
2. the generated corpus (benchmarks/corpus.py) through the same stages in one process,
   then through `policytool depts DIR --format jsonl --jobs 2` as a user runs it: wall
   time and peak memory (the largest process, and the whole process tree);
3. whole-process wall time of `policytool --help` and `policytool parse seeds/004_…`
   against `python -c pass` and `python -c "import typer, rich"`, as ratios;
4. `policytool diff` of two ~1 MB documents;
5. the HTML seeds' bodies through policytool's clean and trafilatura's extract(), with
   the speed ratio and whether both keep the same Han characters.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import corpus  # noqa: E402
import diff_large  # noqa: E402

from policytool import load  # noqa: E402
from policytool.chars import HAN_RUN  # noqa: E402
from policytool.cleaning import clean  # noqa: E402
from policytool.compare import diff  # noqa: E402
from policytool.departments import load_departments  # noqa: E402
from policytool.duties import attach_duties  # noqa: E402
from policytool.segment import segment  # noqa: E402

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


# Each timing takes at least this much CPU time: a run of a 6 KB page lasts half a
# millisecond, and twenty of them fit inside one busy moment of a shared machine.
MIN_TIMED_SECONDS = 0.25


def cpu_time(fn: Callable[[], Any], repeat: int) -> float:
    """Return the least CPU seconds of ``fn()`` over ``repeat`` runs (after one warm-up),
    or over as many more as fill MIN_TIMED_SECONDS.

    The least, as timeit reports: on a shared machine other processes only ever add
    time (through the caches and the clock), and the median moved by 30% between runs.
    """
    fn()
    times: list[float] = []
    while len(times) < repeat or sum(times) < MIN_TIMED_SECONDS:
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def rate(size: int, docs: int, seconds: float) -> str:
    return f"{size / 1e6 / seconds:.1f} MB/s · {docs / seconds:,.0f} docs/s"


def seeds_table(repeat: int) -> None:
    departments = load_departments()
    print("### Stages on the seeds (one process, CPU time)\n")
    print("| seed | format | KB | ingest+clean | parse | depts | clean+parse+depts |")
    print("|---|---|---:|---|---|---|---|")
    for path in SEEDS:
        size = path.stat().st_size
        cleaned = load(path)
        document = segment(cleaned)
        times = (
            cpu_time(lambda path=path: load(path), repeat),
            cpu_time(lambda cleaned=cleaned: segment(cleaned), repeat),
            cpu_time(lambda document=document: attach_duties(document, departments), repeat),
            cpu_time(lambda path=path: attach_duties(segment(load(path)), departments), repeat),
        )
        cells = " | ".join(rate(size, 1, t) for t in times)
        print(f"| {path.name[:3]} | {cleaned.source.format} | {size / 1000:.0f} | {cells} |")
    print()


def corpus_table(folder: Path, sample: int) -> None:
    departments = load_departments()
    files = sorted(p for p in folder.rglob("*") if p.is_file())[:sample]
    size = sum(p.stat().st_size for p in files)
    formats = Counter()
    start = time.process_time()
    cleaned = []
    for p in files:
        c = load(p)
        formats[c.source.format] += 1
        cleaned.append(c)
    t_clean = time.process_time() - start
    start = time.process_time()
    documents = [segment(c) for c in cleaned]
    t_parse = time.process_time() - start
    start = time.process_time()
    for d in documents:
        attach_duties(d, departments)
    t_depts = time.process_time() - start
    mix = ", ".join(f"{n} {f}" for f, n in formats.most_common())
    print(f"### Stages on {len(files):,} generated documents ({size / 1e6:.1f} MB: {mix}; one process)\n")
    print("| ingest+clean | parse | depts | clean+parse+depts |")
    print("|---|---|---|---|")
    total = t_clean + t_parse + t_depts
    print(f"| {rate(size, len(files), t_clean)} | {rate(size, len(files), t_parse)} "
          f"| {rate(size, len(files), t_depts)} | {rate(size, len(files), total)} |\n")  # fmt: skip


def _tree_rss(pid: int) -> int:
    """Return the resident memory (bytes) of a process and all its descendants."""
    total = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            total += next(int(line.split()[1]) * 1024 for line in status.splitlines() if line.startswith("VmRSS:"))
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration, ValueError):
            continue
    return total


def run_measured(args: list[str]) -> tuple[float, int, int, int]:
    """Run a command; return (wall s, peak RSS of the largest process, peak RSS of the tree, output bytes)."""
    peak = [0]
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.PIPE, cwd=ROOT)

        def sample() -> None:
            while proc.poll() is None:
                peak[0] = max(peak[0], _tree_rss(proc.pid))
                time.sleep(0.05)

        sampler = threading.Thread(target=sample)
        sampler.start()
        _, err = proc.communicate()
        sampler.join()
        wall = time.perf_counter() - start
        out.seek(0, os.SEEK_END)
        written = out.tell()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}): {err.decode()[-500:]}")
    import resource

    largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return wall, largest, peak[0], written


def batch_table(folder: Path, docs: int, size: int) -> None:
    exe = shutil.which("policytool") or "policytool"
    args = [exe, "depts", str(folder), "--format", "jsonl", "--jobs", "2", "--quiet"]
    wall, largest, tree, written = run_measured(args)
    print(f"### `policytool depts CORPUS --format jsonl --jobs 2` ({docs:,} documents, {size / 1e6:.0f} MB)\n")
    columns = ("wall time", "throughput", "peak memory of the largest process", "all processes, sampled", "output")
    print("| " + " | ".join(columns) + " |")
    print("|---|---|---|---|---|")
    print(f"| {wall:.1f} s | {rate(size, docs, wall)} | {largest / 1e6:.0f} MB | {tree / 1e6:.0f} MB "
          f"| {written / 1e6:.0f} MB JSONL |\n")  # fmt: skip


def walls(commands: dict[str, list[str]], repeat: int) -> dict[str, list[float]]:
    """Return the wall times of each whole process, one per round, as a user's shell starts it.

    The commands take turns, round after round, so a burst of load on a shared machine
    costs them all alike. Bytecode caching is on, as on a user's machine
    (PYTHONDONTWRITEBYTECODE, set in some containers, would make every run compile
    policytool's source again), and a first round, not timed, writes the cache.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    times: dict[str, list[float]] = {name: [] for name in commands}
    for round_ in range(repeat + 1):
        for name, args in commands.items():
            start = time.perf_counter()
            subprocess.run(args, cwd=ROOT, env=env, capture_output=True, check=True)
            if round_:
                times[name].append(time.perf_counter() - start)
    return times


def startup_table(repeat: int) -> None:
    # The console script installed beside this interpreter, as a venv's `bin/policytool` is:
    # a version manager's shim found first on PATH (pyenv's is a bash script) would add its
    # own 60 ms to every run and to none of the `python -c` baselines.
    beside = Path(sys.executable).with_name("policytool")
    exe = str(beside) if beside.exists() else shutil.which("policytool") or "policytool"
    seed = str(next(p for p in SEEDS if p.name.startswith("004")).relative_to(ROOT))
    commands = {
        "`python -c pass`": [sys.executable, "-c", "pass"],
        '`python -c "import typer, rich"`': [sys.executable, "-c", "import typer, rich"],
        "`policytool --help`": [exe, "--help"],
        f"`policytool parse {seed}`": [exe, "parse", seed],
        f"`policytool parse {seed} --format json`": [exe, "parse", seed, "--format", "json"],
    }
    rounds = walls(commands, repeat)

    def cells(name: str, stat: Callable[[list[float]], float]) -> tuple[str, str, str]:
        t = stat(rounds[name])
        base, typer_rich = stat(rounds["`python -c pass`"]), stat(rounds['`python -c "import typer, rich"`'])
        return f"{t * 1000:.0f}", f"{t / base:.2f}", f"{t / typer_rich:.2f}"

    print(f"### Start-up (whole process, {repeat} rounds: the median, and the best in brackets)\n")
    print("| command | wall time | × `python -c pass` | × `import typer, rich` |")
    print("|---|---:|---:|---:|")
    for name in rounds:
        (ms, a, b), (best_ms, best_a, best_b) = cells(name, statistics.median), cells(name, min)
        print(f"| {name} | {ms} ms ({best_ms}) | {a} ({best_a}) | {b} ({best_b}) |")
    print()


def diff_table() -> None:
    text_a, text_b = diff_large.build()
    start = time.perf_counter()
    from policytool import parse

    doc_a, doc_b = parse(clean(text_a)), parse(clean(text_b))
    parsed = time.perf_counter()
    diff(doc_a, doc_b, mode="versions")
    done = time.perf_counter()
    print("### Diff of two ~1 MB versions\n")
    print("| A | B | clean+parse both | diff |")
    print("|---|---|---|---|")
    print(f"| {len(text_a.encode()) / 1e6:.2f} MB, {len(doc_a.clauses):,} clauses "
          f"| {len(text_b.encode()) / 1e6:.2f} MB, {len(doc_b.clauses):,} clauses "
          f"| {parsed - start:.2f} s | {done - parsed:.2f} s |\n")  # fmt: skip


def html_bodies() -> list[tuple[str, str]]:
    """Return (name, page) for each seed whose body is HTML: the body after the front matter,
    as a page (trafilatura gives up on a bare fragment as short as seed 000's)."""
    from policytool.cleaning.frontmatter import split_post

    out = []
    for path in SEEDS:
        if load(path).source.format == "post":
            body = split_post(path.read_text(encoding="utf-8")).body
            page = f'<html><head><meta charset="utf-8"></head><body><div id="content">{body}</div></body></html>'
            out.append((path.name[:3], page))
    return out


def trafilatura_table(repeat: int) -> None:
    try:
        import trafilatura
    except ImportError:
        print("(trafilatura not installed: `pip install trafilatura lxml_html_clean` for the comparison)\n")
        return
    print("### HTML: policytool clean against trafilatura.extract() on the HTML seeds' bodies\n")
    print("| seed | KB | policytool clean | trafilatura extract() | speed ratio | same Han characters |")
    print("|---|---:|---|---|---:|---|")
    for name, html in html_bodies():
        size = len(html.encode())
        ours = cpu_time(lambda html=html: clean(html, input_format="html"), repeat)
        theirs = cpu_time(lambda html=html: trafilatura.extract(html), repeat)
        a = Counter("".join(HAN_RUN.findall(clean(html, input_format="html").text)))
        b = Counter("".join(HAN_RUN.findall(trafilatura.extract(html) or "")))
        same = "yes" if a == b else f"no ({sum((a - b).values())} only ours, {sum((b - a).values())} only theirs)"
        print(f"| {name} | {size / 1000:.0f} | {rate(size, 1, ours)} | {rate(size, 1, theirs)} "
              f"| {theirs / ours:.1f}× | {same} |")  # fmt: skip
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description="policytool benchmark suite")
    parser.add_argument("--docs", type=int, default=10_000, help="documents in the generated corpus")
    parser.add_argument("--sample", type=int, default=2_000, help="corpus documents timed in one process")
    parser.add_argument("--repeat", type=int, default=20, help="repeats per timing")
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, {time.strftime('%Y-%m-%d')}\n")
    seeds_table(args.repeat)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        size = corpus.generate(folder, args.docs)
        corpus_table(folder, args.sample)
        batch_table(folder, args.docs, size)
    startup_table(max(10, args.repeat))
    diff_table()
    trafilatura_table(max(3, args.repeat // 4))


if __name__ == "__main__":
    main()
