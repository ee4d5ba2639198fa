"""Rewrite the golden files from the current cleaner: `python tests/golden/regenerate.py`.

Read the diff line by line before committing: a golden file is a claim that every
paragraph, field and removed piece in it is right.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from policytool import load, parse  # noqa: E402
from policytool.render.document import markdown  # noqa: E402


def golden(seed: Path) -> dict:
    """Return the golden record of a seed: its clean output with a stable path."""
    data = load(seed.relative_to(ROOT)).to_dict()
    return data


def main() -> None:
    os.chdir(ROOT)
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        out = ROOT / "tests" / "golden" / (seed.stem + ".clean.json")
        out.write_text(json.dumps(golden(seed), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(out.relative_to(ROOT))
        outline = ROOT / "tests" / "golden" / (seed.stem + ".outline.md")
        outline.write_text(markdown(parse(load(seed.relative_to(ROOT)))) + "\n", encoding="utf-8")
        print(outline.relative_to(ROOT))


if __name__ == "__main__":
    main()
