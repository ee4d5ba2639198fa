"""README cannot rot: its pictures come from the current output."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_the_pictures_match_the_current_output():
    proc = subprocess.run([sys.executable, "docs/pictures.py", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
