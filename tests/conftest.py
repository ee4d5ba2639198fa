"""Shared paths and helpers for the tests."""

from __future__ import annotations

import json
import os
from pathlib import Path

from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLDEN = Path(__file__).resolve().parent / "golden"

SEED_FILES = sorted(SEEDS.glob("*.txt"))

# `HYPOTHESIS_PROFILE=fuzz` runs the properties with thousands of examples each (see
# tests/properties.py `examples`); the default profile keeps the suite fast.
settings.register_profile("default", deadline=None)
settings.register_profile(
    "fuzz", max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


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
