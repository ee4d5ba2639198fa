"""Every command on inputs that grow: time and peak memory per MB, and where growth is not linear.

    python benchmarks/scaling.py                       # 10 KB to 10 MB; half an hour or more on 2 cores
    python benchmarks/scaling.py --sizes 10K,100K,1M   # a quicker look
    python benchmarks/scaling.py --shapes nested --all-formats

A benchmark, not a test: nothing here fails, it prints a Markdown table (README's
Performance section quotes it). Each shape of input is generated in a temporary folder at
each size, and each command runs on it in its own process, as a user runs it, under a
time limit (a run that hangs is killed and reported, and the benchmark goes on):

- ``nested``: numbered clauses five levels deep (一、 （一） 1. （1） ①), one short line each,
  every tenth with a target and a responsibility tag: 1,000 clauses in 30 KB, 100,000 in 3 MB;
- ``repeated``: a real plan (seed 001) pasted over and over, so clause numbers repeat;
- ``paragraph``: one paragraph of ordinary sentences, as long as the input;
- ``run``: one paragraph of one character (`正正正…`), which no dictionary splits;
- ``tags``: one clause whose responsibility tag lists departments without end;
- ``html-br``: a page of `<br/>` with a little text;
- ``html-divs``: a page of `<div>`s nested as deep as the input allows.

``diff`` compares each input with a copy in which every 50th line is changed.

For each run it reports the CPU seconds and peak resident memory of the command's process
(``RUSAGE_CHILDREN`` of a small process that starts it), and flags:

- ``memory``: a peak over 30 times the input plus 100 MB;
- ``time ×N``: CPU time per MB at the largest size over 3 times that at the smallest size
  that takes half a second, after the command's start-up (its time on a two-line document);
- ``timeout``: killed at the time limit (60 s plus 20 s per MB of input: a budget that grows
  with the input, so only work that grows faster, or is very slow, meets it), at that size;
  the larger sizes are not run;
- ``exit N``: the command failed.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from itertools import cycle, islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# The bound the issue set: a small multiple of the input, plus the interpreter and dictionaries.
PER_BYTE = 30
FIXED = 100 * 2**20
# A time flag needs this much CPU time above start-up at the size it compares against.
MIN_NET_SECONDS = 0.5
GROWTH = 3

# Starts a command, and prints its exit status, peak resident memory and CPU seconds. A
# command started straight from this process would count this process's memory too: Linux
# carries the memory a process had before exec() into its peak.
MEASURE = """
import resource, subprocess, sys
status = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(status, usage.ru_maxrss, usage.ru_utime + usage.ru_stime)
"""

# -- inputs -------------------------------------------------------------------------------

DIGITS = "零一二三四五六七八九"
DEPARTMENTS = (
    "国家发展改革委", "教育部", "科技部", "工业和信息化部", "公安部", "民政部", "司法部", "财政部",
    "人力资源社会保障部", "自然资源部", "生态环境部", "住房城乡建设部", "交通运输部", "水利部", "农业农村部",
    "商务部", "文化和旅游部", "国家卫生健康委", "应急管理部", "人民银行", "审计署", "国务院国资委", "海关总署",
    "税务总局", "市场监管总局",
)  # fmt: skip
TITLE = "关于加强基层医疗卫生服务能力建设的通知"


def cn(n: int) -> str:
    """Return 1–99 in Chinese numerals."""
    tens, ones = divmod(n % 100 or 1, 10)
    return (DIGITS[tens] if tens > 1 else "") + ("十" if tens else "") + (DIGITS[ones] if ones or not tens else "")


def _lines_to(size: int, lines) -> str:
    """Return the title and as many of ``lines`` as fill ``size`` bytes."""
    out, total = [TITLE, ""], len(TITLE.encode()) + 2
    for line in lines:
        if total >= size:
            break
        out.append(line)
        total += len(line.encode()) + 1
    return "\n".join(out) + "\n"


def nested(size: int) -> str:
    def lines():
        k = 0
        for a in range(1, 10**9):
            yield f"{cn(a)}、总体要求"
            for b in range(1, 11):
                yield f"（{cn(b)}）加强资金支持"
                for c in range(1, 11):
                    yield f"{c}. 完善服务网络"
                    for d in range(1, 11):
                        yield f"（{d}）推进标准化建设"
                        for e in range(1, 11):
                            k += 1
                            if k % 10:
                                yield f"{chr(0x2460 + e - 1)}加强培训。"
                            else:
                                yield f"{chr(0x2460 + e - 1)}覆盖率不低于80%。（国家卫生健康委牵头，财政部配合）"

    return _lines_to(size, lines())


def repeated(size: int) -> str:
    text = (ROOT / "seeds" / "001_7fbf1e66332ad55d.txt").read_text(encoding="utf-8")
    return "".join(islice(cycle([text]), size // len(text.encode()) + 1))


def paragraph(size: int) -> str:
    sentence = "加强基层医疗卫生服务能力建设，提高服务质量和群众满意度。"
    return TITLE + "\n\n" + sentence * (size // len(sentence.encode()) + 1) + "\n"


def run(size: int) -> str:
    return TITLE + "\n\n一、总体要求\n\n" + "正" * (size // 3) + "\n"


def tags(size: int) -> str:
    names = "、".join(islice(cycle(DEPARTMENTS), size // 16 + 1))
    return TITLE + "\n\n一、总体要求\n\n（一）加强培训。（" + names + "按职责分工负责）\n"


def html_br(size: int) -> str:
    unit = "<br/>" * 99 + "加强培训<br/>"
    body = unit * (size // len(unit.encode()) + 1)
    return f"<html><head><title>{TITLE}</title></head><body><div class=content><p>{TITLE}</p>{body}</div></body></html>"


def html_divs(size: int) -> str:
    depth = size // 11 + 1
    return f"<html><head><title>{TITLE}</title></head><body>{'<div>' * depth}{TITLE}{'</div>' * depth}</body></html>"


SHAPES: dict[str, tuple[Callable[[int], str], str]] = {
    "nested": (nested, ".txt"),
    "repeated": (repeated, ".txt"),
    "paragraph": (paragraph, ".txt"),
    "run": (run, ".txt"),
    "tags": (tags, ".txt"),
    "html-br": (html_br, ".html"),
    "html-divs": (html_divs, ".html"),
}


def edited(text: str) -> str:
    """Return ``text`` with every 50th line changed (the second document of a diff)."""
    lines = text.split("\n")
    return "\n".join(line + "（修订）" if k % 50 == 2 and line else line for k, line in enumerate(lines))


# -- runs ---------------------------------------------------------------------------------

# Every format whose memory differs (JSON is built and written differently from JSONL, a
# table differently from CSV); the other shapes run CORE, one format a command.
RUNS: dict[str, list[str]] = {
    "clean text": ["clean"],
    "clean json": ["clean", "-f", "json"],
    "clean jsonl": ["clean", "-f", "jsonl"],
    "parse tree": ["parse"],
    "parse json": ["parse", "-f", "json"],
    "parse jsonl": ["parse", "-f", "jsonl"],
    "parse md": ["parse", "-f", "md"],
    "depts table": ["depts"],
    "depts json": ["depts", "-f", "json"],
    "depts jsonl": ["depts", "-f", "jsonl"],
    "depts csv": ["depts", "-f", "csv"],
    "depts md": ["depts", "-f", "md"],
    "keywords json": ["keywords", "-f", "json"],
    "targets table": ["targets", "--kind", "all"],
    "targets json": ["targets", "-f", "json", "--kind", "all"],
    "targets csv": ["targets", "-f", "csv", "--kind", "all"],
    "code table": ["code"],
    "code json": ["code", "-f", "json"],
    "code jsonl": ["code", "-f", "jsonl"],
    "code csv": ["code", "-f", "csv"],
    "code md": ["code", "-f", "md"],
    "code matrix": ["code", "--matrix"],
    "diff text": ["diff"],
    "diff json": ["diff", "-f", "json"],
    "diff html": ["diff", "--html", "{html}"],
}
CORE = ["clean json", "parse json", "depts json", "keywords json", "targets json", "code json", "diff json"]


@dataclass
class Result:
    """One run: CPU seconds and peak bytes, or how it ended otherwise; ``size`` the input's bytes."""

    cpu: float = 0.0
    peak: int = 0
    status: int = 0
    timeout: bool = False
    size: int = 0


def measure(args: list[str], timeout: float) -> Result:
    """Run `policytool ARGS` in its own process group; kill the group at ``timeout`` seconds."""
    proc = subprocess.Popen(
        [sys.executable, "-c", MEASURE, sys.executable, "-m", "policytool", *args],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        start_new_session=True,
    )
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return Result(timeout=True)
    status, maxrss, cpu = out.split()
    # Linux counts kilobytes, macOS bytes.
    return Result(float(cpu), int(maxrss) * (1 if sys.platform == "darwin" else 1024), int(status))


def command(name: str, path: Path, other: Path, html: Path) -> list[str]:
    args = [a.format(html=html) for a in RUNS[name]]
    if args[0] == "diff":
        return [args[0], str(other), str(path), *args[1:]]
    return [*args, str(path)]


def parse_size(text: str) -> int:
    units = {"K": 1_000, "M": 1_000_000}
    return int(float(text[:-1]) * units[text[-1].upper()]) if text[-1].upper() in units else int(text)


def human(size: int) -> str:
    return f"{size / 1e6:.3g} MB" if size >= 1_000_000 else f"{size / 1e3:.3g} KB"


def flags(results: dict[int, Result], base: Result) -> list[str]:
    """Return what is wrong with one row: memory over the bound, time growing faster than the input."""
    out = []
    runs = sorted(results.values(), key=lambda r: r.size)
    over = [r for r in runs if r.peak > PER_BYTE * r.size + FIXED]
    if over:
        r = over[0]
        out.append(f"memory {r.peak / (PER_BYTE * r.size + FIXED):.1f}× the bound at {human(r.size)}")
    timed_out = [r for r in runs if r.timeout]
    if timed_out:
        out.append(f"timeout at {human(timed_out[0].size)}")
    failed = [r for r in runs if r.status]
    if failed:
        out.append(f"exit {failed[0].status} at {human(failed[0].size)}")
    done = [r for r in runs if not r.timeout and not r.status]
    if done:
        largest = done[-1]
        reference = next((r for r in done if r.cpu - base.cpu >= MIN_NET_SECONDS), None)
        if reference is not None and reference is not largest:
            ratio = ((largest.cpu - base.cpu) / largest.size) / ((reference.cpu - base.cpu) / reference.size)
            if ratio > GROWTH:
                out.append(f"time ×{ratio:.1f} per MB from {human(reference.size)} to {human(largest.size)}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description="policytool on growing inputs: time and memory per MB")
    parser.add_argument("--sizes", default="10K,100K,1M,10M", help="input sizes, e.g. 10K,1M (default %(default)s)")
    parser.add_argument("--shapes", default=",".join(SHAPES), help="shapes of input (default: all)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds any run may take (default %(default)s)")
    parser.add_argument(
        "--timeout-per-mb", type=float, default=20, help="and this many more per MB of input (default %(default)s)"
    )
    parser.add_argument("--all-formats", action="store_true", help="every format for every shape, not nested only")
    options = parser.parse_args()
    sizes = sorted(parse_size(s) for s in options.sizes.split(","))
    shapes = options.shapes.split(",")

    with tempfile.TemporaryDirectory(prefix="policytool-scaling-") as tmp:
        folder = Path(tmp)
        html = folder / "redline.html"
        tiny = {".txt": folder / "tiny.txt", ".html": folder / "tiny.html"}
        tiny[".txt"].write_text(f"{TITLE}\n\n一、总体要求\n\n（一）加强培训。\n", encoding="utf-8")
        tiny[".html"].write_text(f"<html><body><p>{TITLE}</p><p>一、加强培训。</p></body></html>", encoding="utf-8")
        names = list(RUNS)
        base = {(n, s): measure(command(n, p, p, html), options.timeout) for n in names for s, p in tiny.items()}
        rows = []
        for shape in shapes:
            make, suffix = SHAPES[shape]
            runs = names if options.all_formats or shape == "nested" else CORE
            results: dict[str, dict[int, Result]] = {n: {} for n in runs}
            for size in sizes:
                text = make(size)
                path, other = folder / f"{shape}-{size}{suffix}", folder / f"{shape}-{size}-b{suffix}"
                path.write_text(text, encoding="utf-8")
                other.write_text(edited(text), encoding="utf-8")
                del text
                real = path.stat().st_size
                for n in runs:
                    if any(r.timeout for r in results[n].values()):
                        continue  # it hung at a smaller size: a larger one would too
                    limit = options.timeout + options.timeout_per_mb * real / 1e6
                    r = measure(command(n, path, other, html), limit)
                    r.size = real
                    results[n][size] = r
                    state = "timeout" if r.timeout else f"{r.cpu:.1f} s, {r.peak / 2**20:.0f} MB, exit {r.status}"
                    print(f"{shape} {human(real)} {n}: {state}", file=sys.stderr, flush=True)
                path.unlink()
                other.unlink()
            for n in runs:
                rows.append((shape, n, results[n], base[(n, suffix)]))

    limit = f"{options.timeout:g} s + {options.timeout_per_mb:g} s per MB"
    print(f"### Every command on growing inputs (CPU seconds · peak MB; time limit {limit})\n")
    print("| shape | command | " + " | ".join(human(s) for s in sizes) + " | s/MB | MB/MB | flags |")
    print("|---|---|" + "---:|" * len(sizes) + "---:|---:|---|")
    for shape, n, results, b in rows:
        cells = []
        for s in sizes:
            r = results.get(s)
            cells.append("—" if r is None else "timeout" if r.timeout else f"{r.cpu:.2f} · {r.peak / 2**20:.0f}")
        done = [r for r in results.values() if not r.timeout and not r.status]
        if done:
            r = max(done, key=lambda r: r.size)
            per_mb = f"{(r.cpu - b.cpu) / (r.size / 1e6):.2f}"
            mem_mb = f"{(r.peak - b.peak) / r.size:.1f}"
        else:
            per_mb = mem_mb = "—"
        print(f"| {shape} | {n} | " + " | ".join(cells) + f" | {per_mb} | {mem_mb} | {'; '.join(flags(results, b))} |")
    print(
        "\ns/MB: CPU seconds per MB of input at the largest size run, after start-up; MB/MB: peak memory "
        "above start-up's per MB of input there. Flags: see benchmarks/scaling.py."
    )


if __name__ == "__main__":
    main()
