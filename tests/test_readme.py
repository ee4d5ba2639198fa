"""README cannot rot: its pictures come from the current output."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_the_pictures_match_the_current_output():
    command = [sys.executable, "docs/pictures.py", "--check"]
    proc = subprocess.run(command, check=False, cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
