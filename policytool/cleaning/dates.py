"""Dates as Chinese documents and web pages write them, to ISO 8601."""

from __future__ import annotations

import datetime as dt

from policytool.patterns import lazy_re

# `2022年4月27日`, `2023年03月16日`, `二〇一九年八月二十八日`.
CN_DATE = lazy_re(
    r"(?P<y>[0-9０-９]{4}|[〇○零一二三四五六七八九]{4})\s*年\s*"
    r"(?P<m>[0-9０-９]{1,2}|[一二三四五六七八九十]{1,2})\s*月\s*"
    r"(?P<d>[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*日"
)
# What a date line ends with once stripped (CN_DATE's last character).
DATE_LINE_END = "日"
# `2020-07-29 16:48:00`, `2019-01-25`, `2022/05/20`, `2022-05-20 12:22:10 +0800`.
NUM_DATE = lazy_re(
    r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})"
    r"(?:[ T]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?"
    r"(?:\s*(?P<tz>Z|[+-]\d{2}:?\d{2}))?)?"
)
_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _cn_number(text: str) -> int:
    """Return the value of a small Chinese or (full-width) Arabic number: 二十八 → 28."""
    text = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if text.isdigit():
        return int(text)
    if len(text) == 4 and all(ch in _CN_DIGITS for ch in text):  # a year: 二〇一九
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    if "十" in text:
        tens, _, units = text.partition("十")
        return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)
    return _CN_DIGITS[text]


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def parse_date(value: object) -> str | None:
    """Return ``value`` as an ISO date or date-time, or None if it states no date.

    >>> parse_date("2022年4月27日")
    '2022-04-27'
    >>> parse_date("Fri, 20 May 2022 06:51:05 GMT")
    '2022-05-20T06:51:05+00:00'
    """
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        return None
    text = value.strip()
    if m := CN_DATE.search(text):
        try:
            return _iso(_cn_number(m["y"]), _cn_number(m["m"]), _cn_number(m["d"]))
        except KeyError:
            return None
    if m := NUM_DATE.search(text):
        day = _iso(int(m["y"]), int(m["m"]), int(m["d"]))
        if day is None or m["H"] is None:
            return day
        stamp = f"{day}T{int(m['H']):02d}:{m['M']}:{m['S'] or '00'}"
        if m["tz"]:
            tz = m["tz"]
            stamp += "+00:00" if tz == "Z" else f"{tz[:3]}:{tz[-2:]}"
        try:
            dt.datetime.fromisoformat(stamp)
        except ValueError:
            return day  # `2020-01-01 99:99:99`: the day stands, the time does not exist
        return stamp
    # An e-mail style date (`Fri, 20 May 2022 06:51:05 GMT`), rare enough that its parser
    # (the email package, a few ms to import) loads only here.
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(text).isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):  # `… 9999999999999999999999 …`: a year past C's int
        return None


def standalone_date(text: str) -> str | None:
    """Return the ISO date if ``text`` is nothing but a date line (成文日期), else None.

    Written in Chinese (`2022年4月27日`, `二〇二二年四月二十七日`) or in figures (`2022.4.27`,
    `2022-04-27`, `2022/4/27`), a day without a time.
    """
    text = text.strip()
    if text.endswith(DATE_LINE_END):
        m = CN_DATE.fullmatch(text)
        return parse_date(m.group(0)) if m else None
    if text[-1:].isdigit() and len(text) <= 10 and (m := NUM_DATE.fullmatch(text)) and m["H"] is None:
        return parse_date(m.group(0))
    return None
