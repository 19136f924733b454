"""Dates as people write them in a spreadsheet, read as honest policy dates.

Every form ``show --since`` accepts, and a few more that spreadsheets hold:

- a policy date as policytl writes it (``2021``, ``2021-04``, ``2021-04-21``,
  ``2020-05?``, ``2020~``, ``2020-06-30/2022``);
- ``2021/4/21``, ``2021.4``, ``2021年4月21日``, ``2024年5月``;
- ``21 April 2021``, ``April 21, 2021``, ``April 2021``, ``Apr. 2021``, and the
  other English forms python-dateutil reads;
- ``Q2 2020`` or ``2020-Q2``: the quarter's months, ``2020-04/2020-06``;
- ``c. 2020``, ``ca. 2020``, ``circa 2020``, ``约2020年``: approximate, ``2020~``;
  a trailing ``?`` (uncertain) or ``~`` (approximate) is kept;
- an interval of two of these, ``A/B`` or ``A – B``;
- a number: 1000 to 2999 is a year; a larger one is an Excel serial day number;
- a ``datetime`` or ``date`` (an Excel cell): a day, unless the cell's number
  format shows no day (``mmm yyyy``: a month; ``yyyy``: a year).

A month stays a month and a year a year: no day is ever made up. Anything else
is a :class:`DateError` naming what was expected.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import cache

from policytl.model.dates import EXPECTED, MONTH_NAMES, days_in_month, parse_date
from policytl.model.errors import DateError

__all__ = ["ACCEPTED", "read_date"]

#: what the messages say is accepted
ACCEPTED = (
    "a date such as 2021-04-21, 2021-04, 2021, 21 April 2021, April 2021, 2021年4月, "
    "Q2 2021, c. 2021, 2021? or an interval A/B"
)

#: the first day an Excel serial number counts from (1900 date system, with its
#: leap-year bug: serial 60 is the 29 February 1900 that never was)
_EXCEL_EPOCH = date(1899, 12, 30)
_MONTHS = {name: i for i, full in enumerate(MONTH_NAMES, 1) for name in (full, full[:3])}
_MONTHS["sept"] = 9
_QUARTERS = {"1": (1, 3), "2": (4, 6), "3": (7, 9), "4": (10, 12)}
_CN_QUARTERS = {"一": "1", "二": "2", "三": "3", "四": "4", "1": "1", "2": "2", "3": "3", "4": "4"}


@cache
def _numeric() -> re.Pattern[str]:
    return re.compile(
        r"(?P<y>\d{4})(?:(?P<sep>[-/.])(?P<m>\d{1,2})(?:(?P=sep)(?P<d>\d{1,2}))?)?"
        r"|(?P<cy>\d{4})\s*年\s*(?:(?P<cm>\d{1,2})\s*月\s*(?:(?P<cd>\d{1,2})\s*[日号]?)?)?",
        re.ASCII,
    )


@cache
def _named() -> re.Pattern[str]:
    # 21 April 2021 | April 21, 2021 | April 2021 (a month name, a day or none, a year)
    return re.compile(
        r"(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)?\.?\s+(?P<m1>[a-z]+)\.?,?\s+(?P<y1>\d{4}))"
        r"|(?:(?P<m2>[a-z]+)\.?\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{4}))"
        r"|(?:(?P<m3>[a-z]+)\.?,?\s+(?P<y3>\d{4}))",
        re.ASCII,
    )


@cache
def _quarter() -> re.Pattern[str]:
    return re.compile(
        r"q(?P<q1>[1-4])[\s,]*(?P<y1>\d{4})|(?P<y2>\d{4})[\s-]*q(?P<q2>[1-4])"
        r"|(?P<y3>\d{4})\s*年?\s*第?(?P<q3>[一二三四1-4])\s*季度?",
        re.ASCII | re.IGNORECASE,
    )


_APPROXIMATE = re.compile(r"(?:c\.|ca\.|circa|about|around|approx\.?)\s*|约|大约", re.IGNORECASE)


def read_date(value: object, number_format: str | None = None) -> str:
    """The policy date (canonical text) a cell holds; DateError if it holds none.

    ``number_format`` is an Excel cell's number format, for a ``datetime`` value.
    """
    if isinstance(value, datetime | date):
        return _from_day(value, number_format)
    if isinstance(value, bool):
        raise DateError(f"{value!r} is not a date; expected {ACCEPTED}")
    if isinstance(value, int | float):
        return _from_number(value)
    if not isinstance(value, str):
        raise DateError(f"{value!r} is not a date; expected {ACCEPTED}")
    text = " ".join(value.split())
    if not text:
        raise DateError(f"the cell is empty; expected {ACCEPTED}")
    out = _read_text(text)
    if out is None:
        raise DateError(f"cannot read {value!r} as a date; expected {ACCEPTED}")
    try:
        return parse_date(out).text
    except DateError as exc:  # a form we read, with a day or month the calendar lacks
        raise DateError(f"cannot read {value!r} as a date: {_why(exc)}") from None


def _why(exc: DateError) -> str:
    text = str(exc)
    start = text.find("(")
    return text[start + 1 : -1].replace(f"; {EXPECTED}", "") if start >= 0 else text


def _from_day(value: date, number_format: str | None) -> str:
    day = value.date() if isinstance(value, datetime) else value
    fmt = re.sub(r'"[^"]*"|\[[^]]*]|\\.', "", (number_format or "").lower())
    if fmt and "y" in fmt and "d" not in fmt:
        return f"{day.year:04d}-{day.month:02d}" if "m" in fmt else f"{day.year:04d}"
    return day.isoformat()


def _from_number(value: float) -> str:
    if value != value or value in (float("inf"), float("-inf")):
        raise DateError(f"{value!r} is not a date; expected {ACCEPTED}")
    if float(value).is_integer() and 1000 <= value <= 2999:
        return f"{int(value):04d}"
    if 3000 <= value < 2958466:  # Excel serials up to 9999-12-31
        return (_EXCEL_EPOCH + timedelta(days=int(value))).isoformat()
    raise DateError(
        f"{value!r} is neither a year (1000-2999) nor an Excel day number; expected {ACCEPTED}"
    )


def _read_text(text: str) -> str | None:
    """The ISO/EDTF form of ``text``, or None when it is no date this module reads."""
    try:
        return parse_date(text).text
    except DateError:
        pass
    if re.fullmatch(r"\d+(?:\.\d+)?", text, re.ASCII) and len(text) != 4:
        try:
            return _from_number(float(text))
        except DateError:
            return None
    single = _single(text)
    if single is not None:
        return single
    return _interval(text)


def _interval(text: str) -> str | None:
    for sep in ("/", " – ", "–", " — ", "—", " to ", " - "):
        if sep in text:
            left, _, right = text.partition(sep)
            a, b = _single(left.strip()), _single(right.strip())
            if a is not None and b is not None and "/" not in a + b:
                return f"{a}/{b}"
    return None


def _single(text: str) -> str | None:
    """One date (not an interval), with its qualifier."""
    qualifier = ""
    if text[-1:] in ("?", "~", "%", "？"):
        qualifier, text = ("?" if text[-1] == "？" else text[-1]), text[:-1].rstrip()
    m = _APPROXIMATE.match(text)
    if m is not None and m.end() < len(text):
        text = text[m.end() :]
        qualifier = {"": "~", "?": "%", "~": "~", "%": "%"}[qualifier]
    core = _plain(text)
    if core is None:
        return None
    if qualifier and "/" in core:
        return None  # a qualified quarter: not a form policytl writes
    return core + qualifier


def _plain(text: str) -> str | None:
    """A date without qualifier: numeric, Chinese, a quarter, or with an English month."""
    m = _numeric().fullmatch(text)
    if m is not None:
        y, mo, d = m["y"] or m["cy"], m["m"] or m["cm"], m["d"] or m["cd"]
        if m["sep"] == "/" and mo is None:
            return None
        return f"{int(y):04d}" + (f"-{int(mo):02d}" if mo else "") + (f"-{int(d):02d}" if d else "")
    q = _quarter().fullmatch(text)
    if q is not None:
        year = int(q["y1"] or q["y2"] or q["y3"])
        first, last = _QUARTERS[_CN_QUARTERS[q["q1"] or q["q2"] or q["q3"]]]
        return f"{year:04d}-{first:02d}/{year:04d}-{last:02d}"
    return _english(text.lower())


def _english(text: str) -> str | None:
    m = _named().fullmatch(text)
    if m is not None:
        month = _MONTHS.get(m["m1"] or m["m2"] or m["m3"] or "")
        if month is None:
            return None
        year = int(m["y1"] or m["y2"] or m["y3"])
        day = m["d1"] or m["d2"]
        return f"{year:04d}-{month:02d}" + (f"-{int(day):02d}" if day else "")
    if not any(c.isalpha() for c in text) or len(text) > 64:
        return None
    return _dateutil(text)


def _dateutil(text: str) -> str | None:
    """What python-dateutil reads in ``text``, with only the parts it gives."""
    from dateutil import parser as du

    try:
        a = du.parse(text, default=datetime(1, 1, 1), fuzzy=False)
        b = du.parse(text, default=datetime(2, 2, 2), fuzzy=False)
    except (ValueError, OverflowError):
        return None
    if a.year != b.year or a.year < 1000:
        return None  # no year given
    if a.month != b.month:
        return f"{a.year:04d}"
    if a.day != b.day:
        return f"{a.year:04d}-{a.month:02d}"
    if a.day > days_in_month(a.year, a.month):
        return None
    return f"{a.year:04d}-{a.month:02d}-{a.day:02d}"
