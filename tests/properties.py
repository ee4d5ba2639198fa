"""Invariants of cleaning, shared by the example-based and the generated tests."""

from __future__ import annotations

import json
import os
from collections import Counter

import regex
from hypothesis import settings

from policytool import Cleaned, clean

HAN = regex.compile(r"\p{Han}")


def han_lost(raw: str, doc: Cleaned) -> Counter[str]:
    """Return Han characters of ``raw`` found neither in the text, the meta nor removed."""
    kept = Counter(HAN.findall(doc.text))
    kept += Counter(HAN.findall(json.dumps(doc.meta.to_dict(), ensure_ascii=False)))
    kept += Counter(HAN.findall("".join(r.text for r in doc.removed)))
    return Counter(HAN.findall(raw)) - kept


def reclean(doc: Cleaned) -> Cleaned:
    """Clean the text output of ``doc`` again."""
    return clean(doc.text.encode("utf-8"))


def examples(n: int) -> int:
    """Return ``n`` examples for a property, or the fuzz profile's count when it is loaded.

    `HYPOTHESIS_PROFILE=fuzz pytest tests/` runs every property with thousands of
    examples; the default run stays fast.
    """
    return max(n, settings().max_examples) if os.environ.get("HYPOTHESIS_PROFILE") == "fuzz" else n
