"""Invariants of cleaning, shared by the example-based and the generated tests."""

from __future__ import annotations

import json
from collections import Counter

import regex

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
