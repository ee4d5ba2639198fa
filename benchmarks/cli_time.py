"""Wall time of one-off command-line runs, as a script calling policytool per file sees it.

    python benchmarks/cli_time.py

Runs each command REPEAT times and prints the median and the fastest run.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPEAT = 10
COMMANDS = {
    "policytool --help": ["--help"],
    "policytool clean seeds/004 (57 KB)": ["clean", "seeds/004_ad0221d9827c4750.txt", "--format", "json"],
    "policytool parse seeds/004 (57 KB)": ["parse", "seeds/004_ad0221d9827c4750.txt", "--format", "json"],
    "policytool parse seeds/ (5 files)": ["parse", "seeds", "--format", "jsonl"],
    "policytool depts seeds/001 (29 KB)": ["depts", "seeds/001_7fbf1e66332ad55d.txt", "--format", "json"],
}


def main() -> None:
    print("| command | median s | fastest s |")
    print("|---|---|---|")
    for name, args in COMMANDS.items():
        times = []
        for _ in range(REPEAT):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "policytool", *args], cwd=ROOT, capture_output=True, check=True)
            times.append(time.perf_counter() - start)
        print(f"| `{name}` | {statistics.median(times):.3f} | {min(times):.3f} |")


if __name__ == "__main__":
    main()
