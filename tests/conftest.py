"""Shared paths and helpers for the tests."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLDEN = Path(__file__).resolve().parent / "golden"

SEED_FILES = sorted(SEEDS.glob("*.txt"))


def seed(prefix: str) -> Path:
    """Return the seed file whose name starts with ``prefix`` (e.g. "004")."""
    return next(p for p in SEED_FILES if p.name.startswith(prefix))


def clean_fixture_cases() -> list[tuple[Path, dict]]:
    """Return (input, expected) pairs of tests/fixtures/clean."""
    cases = []
    for expected in sorted((FIXTURES / "clean").glob("*.expected.json")):
        stem = expected.name.removesuffix(".expected.json")
        (source,) = [p for p in expected.parent.glob(stem + ".*") if not p.name.endswith(".expected.json")]
        cases.append((source, json.loads(expected.read_text(encoding="utf-8"))))
    return cases
