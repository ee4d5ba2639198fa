"""Rewrite the golden files from the current code: `python tests/golden/regenerate.py`.

Read the diff line by line before committing: a golden file is a claim that every
paragraph, field and removed piece in it is right.
"""

from __future__ import annotations

import json
import os
import random
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from policytool import clean, load, parse  # noqa: E402
from policytool.compare import DiffResult, diff  # noqa: E402
from policytool.model import Document  # noqa: E402
from policytool.render.document import markdown  # noqa: E402

DIFF_GOLDEN = ROOT / "tests" / "golden" / "diff_revisions.json"


def golden(seed: Path) -> dict:
    """Return the golden record of a seed: its clean output with a stable path."""
    data = load(seed.relative_to(ROOT)).to_dict()
    return data


def revise(paragraphs: list[str], rnd: random.Random) -> list[str]:
    """Return a revision of ``paragraphs``: some dropped, moved, copied, edited and added."""
    out = list(paragraphs)
    for _ in range(rnd.randint(4, 12)):
        k, op = rnd.randrange(len(out)), rnd.random()
        if op < 0.2:
            del out[k]
        elif op < 0.4:
            out.insert(rnd.randrange(len(out) + 1), out.pop(k))
        elif op < 0.55:
            out.insert(k, out[rnd.randrange(len(out))])  # a paragraph printed twice
        elif op < 0.8:
            at = rnd.randrange(len(out[k]) + 1)
            out[k] = out[k][:at] + rnd.choice(["加强", "十", "，并", "（补充）"]) + out[k][at + 2 :]
        else:
            out.insert(k, rnd.choice(out)[:10] + "新增内容。")
    return out


def diff_cases() -> list[tuple[str, Document, Document, str]]:
    """Return named pairs of documents to diff and the mode: each seed against two revisions
    of it both ways, and the news report (000) and its revisions traced to their source (004)."""
    cases = []
    source = parse(load((ROOT / "seeds" / "004_ad0221d9827c4750.txt").relative_to(ROOT)))
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        original = load(seed.relative_to(ROOT))
        for k in range(2):
            rnd = random.Random(f"{seed.name[:3]}-{k}")
            a, b = parse(original), parse(clean("\n".join(revise(list(original.paragraphs), rnd)) + "\n"))
            cases += [(f"{seed.name[:3]} r{k}", a, b, "versions"), (f"{seed.name[:3]} r{k} back", b, a, "versions")]
            if seed.name.startswith("000"):
                cases += [(f"000 r{k} trace", b, source, "trace")] + [("000 trace", a, source, "trace")] * (k == 0)
    return cases


def diff_golden(result: DiffResult) -> dict[str, Any]:
    """Return what a diff decided, without the documents: the summary and every pair not the same
    (in trace mode, each paragraph's matched clauses, scores, shared spans and own words)."""
    if result.mode == "trace":
        return {"summary": result.summary(), "paragraphs": [[[m["clause"], m["similarity"], m["shared"]]
                for m in t["matches"]] + [t["own"]] for t in result.to_dict()["paragraphs"]]}  # fmt: skip
    pairs = [p.to_dict() for p in result.pairs if p.status != "same" or p.duty_changes]
    return {"summary": result.summary(), "pairs": [[p["status"], p["a"], p["b"], p["similarity"], p["ops"],
                                                     p["parts"], p["duty_changes"]] for p in pairs]}  # fmt: skip


def main() -> None:
    os.chdir(ROOT)
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        out = ROOT / "tests" / "golden" / (seed.stem + ".clean.json")
        out.write_text(json.dumps(golden(seed), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(out.relative_to(ROOT))
        outline = ROOT / "tests" / "golden" / (seed.stem + ".outline.md")
        outline.write_text(markdown(parse(load(seed.relative_to(ROOT)))) + "\n", encoding="utf-8")
        print(outline.relative_to(ROOT))
    goldens = {name: diff_golden(diff(a, b, mode=mode)) for name, a, b, mode in diff_cases()}
    DIFF_GOLDEN.write_text(json.dumps(goldens, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(DIFF_GOLDEN.relative_to(ROOT))


if __name__ == "__main__":
    main()
