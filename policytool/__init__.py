"""policytool: Chinese policy documents (政策文件) into structured, checkable data.

The library API; the command line (``policytool.cli``) is a thin layer on top and is
never imported from here, so ``from policytool import clean`` stays light.
"""

from __future__ import annotations

from policytool.cleaning import InputError, clean, load
from policytool.model import Cleaned, Meta, Removed, Source

__version__ = "0.1.0"

__all__ = ["Cleaned", "InputError", "Meta", "Removed", "Source", "__version__", "clean", "load"]
