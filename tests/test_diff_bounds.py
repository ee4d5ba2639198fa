"""diff's answers on revisions of the seeds, pinned: speed-ups of the alignment must not change them."""

from __future__ import annotations

import json

import pytest

from policytool.diff import diff
from tests.conftest import GOLDEN
from tests.golden.regenerate import diff_cases, diff_golden

CASES = {name: (a, b, mode) for name, a, b, mode in diff_cases()}
GOLDENS = json.loads((GOLDEN / "diff_revisions.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(CASES))
def test_revisions_diff_as_before(name):
    a, b, mode = CASES[name]
    result = json.loads(json.dumps(diff_golden(diff(a, b, mode=mode)), ensure_ascii=False))
    assert result == GOLDENS[name]
