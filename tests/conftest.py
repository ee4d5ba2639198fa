"""Shared paths and helpers for the tests; every JSON output is checked against its schema."""

from __future__ import annotations

import compileall
import json
import os
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner, Result

import policytool.cli
from policytool.render import jsonout
from tests.schemas import problems

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLDEN = Path(__file__).resolve().parent / "golden"

SEED_FILES = sorted(SEEDS.glob("*.txt"))

# The hundreds of processes the tests start read the package's bytecode instead of compiling
# every module again, also where PYTHONDONTWRITEBYTECODE is set (it only stops the writing).
compileall.compile_dir(ROOT / "policytool", quiet=1)

# The parsed-dictionary cache of this run (and of the commands it starts) stays out of the
# user's cache folder; tests of the cache itself point it elsewhere.
os.environ["POLICYTOOL_CACHE_DIR"] = tempfile.mkdtemp(prefix="policytool-test-cache-")
os.environ.pop("POLICYTOOL_NO_CACHE", None)

# `HYPOTHESIS_PROFILE=fuzz` runs the properties with thousands of examples each (see
# tests/properties.py `examples`); the default profile keeps the suite fast.
settings.register_profile("default", deadline=None)
settings.register_profile(
    "fuzz", max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


DUMPS = jsonout.dumps
WRITE = jsonout.write


@pytest.fixture(autouse=True)
def json_follows_its_schema(monkeypatch):
    """Validate each object passed to ``policytool.render.jsonout.dumps`` or ``write`` against its schema.

    The functions are replaced wherever a policytool module holds them, so CliRunner runs
    are checked as well as direct calls. A mismatch raises where the JSON is written and,
    since CliRunner keeps exceptions to itself, also fails the test when it ends.
    """
    failures: list[str] = []

    def check(data) -> None:
        found = problems(jsonout.plain(data))
        if found:
            failures.extend(found)
            raise AssertionError("JSON output does not follow its schema:\n" + "\n".join(found))

    def checked(data, *args, **kwargs):
        check(data)
        return DUMPS(data, *args, **kwargs)

    def checked_write(data, *args, **kwargs):
        check(data)
        return WRITE(data, *args, **kwargs)

    checked.__wrapped__ = DUMPS
    checked_write.__wrapped__ = WRITE
    for name, module in list(sys.modules.items()):
        if name == "policytool" or name.startswith("policytool."):
            for attr, value in list(vars(module).items()):
                for original, replacement in ((DUMPS, checked), (WRITE, checked_write)):
                    if value is original or getattr(value, "__wrapped__", None) is original:
                        monkeypatch.setattr(module, attr, replacement)
    yield
    if failures:
        pytest.fail("JSON output does not follow its schema:\n" + "\n".join(failures), pytrace=False)


def run_cli(*args: str, stdin: bytes | None = None) -> Result:
    """Run `policytool ARGS` in this process; fail the test on any exception but an exit.

    Exit codes come as SystemExit; any other exception would be a traceback for the user.
    """
    result = CliRunner().invoke(policytool.cli.app, list(args), input=stdin)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


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
