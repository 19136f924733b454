"""Dates with their precision kept as data.

A policy date is what a source says, no more: ``"2016"``, ``"2016-02"``,
``"2016-02-15"``, optionally qualified with EDTF level 1 ``?`` (uncertain),
``~`` (approximate) or ``%`` (both), or an interval ``"2020-06-30/2022"``.

Every date is held as the closed interval of days it may denote
(``start``..``end``) plus the precision of each side, and prints exactly as
written. A month-precision date is never turned into the 1st of the month.

Sort key (documented contract): ``(start, precision rank, end, id)`` where the
coarser precision sorts first, so ``2016`` < ``2016-02`` < ``2016-02-01``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cache

from policytl.model.errors import DateError, UsageError

__all__ = [
    "MONTH_NAMES",
    "DateRange",
    "PolicyDate",
    "Precision",
    "days_in_month",
    "months_between",
    "parse_date",
    "parse_user_date",
]


class Precision(StrEnum):
    """How much of a date the source gives. Ordered coarse to fine."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Precision.YEAR: 0, Precision.MONTH: 1, Precision.DAY: 2}

# The names people type in --since/--until, English whatever the locale (the
# calendar module's month names follow the locale).
MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)


def days_in_month(year: int, month: int) -> int:
    """The number of days of a month (1-12) in the proleptic Gregorian calendar."""
    return calendar.monthrange(year, month)[1]


# The patterns of this module are compiled on first use rather than at import:
# a command served from the parsed-data cache parses no date, and compiling the
# three costs about 1 ms of start-up.
@cache
def _single() -> re.Pattern[str]:
    # re.ASCII: EDTF digits are 0-9 only (not full-width or other Unicode digits).
    return re.compile(r"(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?(?P<q>[?~%])?", re.ASCII)


EXPECTED = "expected YYYY, YYYY-MM or YYYY-MM-DD, optionally with ? ~ or %, or an interval A/B"


class _Part:
    """One side of a date (or a whole single date): the days it may denote.

    A plain class: it never leaves this module, and the methods that @dataclass
    would write for it are compiled at every start-up (about 1 ms for the six).
    """

    __slots__ = ("approximate", "end", "precision", "start", "uncertain")

    def __init__(
        self, start: date, end: date, precision: Precision, uncertain: bool, approximate: bool
    ) -> None:
        self.start = start
        self.end = end
        self.precision = precision
        self.uncertain = uncertain
        self.approximate = approximate


def _parse_part(text: str, whole: str) -> _Part:
    m = _single().fullmatch(text)
    if m is None:
        raise DateError(f"{whole!r} is not a valid date ({EXPECTED})")
    year = int(m["y"])
    if year == 0:
        raise DateError(f"{whole!r} is not a valid date (year 0000 is not supported; {EXPECTED})")
    q = m["q"] or ""
    uncertain = q in ("?", "%")
    approximate = q in ("~", "%")
    if m["m"] is None:
        return _Part(date(year, 1, 1), date(year, 12, 31), Precision.YEAR, uncertain, approximate)
    month = int(m["m"])
    if not 1 <= month <= 12:
        raise DateError(f"{whole!r} is not a valid date (month {m['m']} is not 01-12; {EXPECTED})")
    last = days_in_month(year, month)
    if m["d"] is None:
        return _Part(
            date(year, month, 1), date(year, month, last), Precision.MONTH, uncertain, approximate
        )
    day = int(m["d"])
    if not 1 <= day <= last:
        raise DateError(
            f"{whole!r} is not a valid date ({year}-{month:02d} has no day {m['d']}; {EXPECTED})"
        )
    d = date(year, month, day)
    return _Part(d, d, Precision.DAY, uncertain, approximate)


@dataclass(frozen=True, slots=True)
class PolicyDate:
    """A date or interval exactly as written, with the days it may denote."""

    text: str
    start: date
    end: date
    precision: Precision
    end_precision: Precision
    uncertain: bool = False
    approximate: bool = False
    is_interval: bool = False

    def __str__(self) -> str:
        return self.text

    @property
    def sort_key(self) -> tuple[date, int, date]:
        return (self.start, self.precision.rank, self.end)

    def overlaps(self, lo: date | None, hi: date | None) -> bool:
        return (lo is None or self.end >= lo) and (hi is None or self.start <= hi)

    def within(self, lo: date | None, hi: date | None) -> bool:
        return (lo is None or self.start >= lo) and (hi is None or self.end <= hi)

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "text": self.text,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "precision": self.precision.value,
        }
        if self.is_interval:
            out["end_precision"] = self.end_precision.value
        if self.uncertain:
            out["uncertain"] = True
        if self.approximate:
            out["approximate"] = True
        return out


_CACHE: dict[str, PolicyDate] = {}


def parse_date(text: str) -> PolicyDate:
    """Parse an ISO 8601 / EDTF level 0-1 date or interval. Raises DateError."""
    cached = _CACHE.get(text)
    if cached is not None:
        return cached
    if not isinstance(text, str):
        raise DateError(f"{text!r} is not a valid date ({EXPECTED})")
    if "/" in text:
        left, _, right = text.partition("/")
        a = _parse_part(left, text)
        b = _parse_part(right, text)
        if b.end < a.start:
            raise DateError(f"interval {text!r} ends before it starts")
        result = PolicyDate(
            text,
            a.start,
            b.end,
            a.precision,
            b.precision,
            a.uncertain or b.uncertain,
            a.approximate or b.approximate,
            True,
        )
    else:
        p = _parse_part(text, text)
        result = PolicyDate(
            text, p.start, p.end, p.precision, p.precision, p.uncertain, p.approximate, False
        )
    if len(_CACHE) < 100_000:
        _CACHE[text] = result
    return result


def months_between(a: date, b: date) -> int:
    """Whole calendar months from a to b (negative when b is earlier)."""
    return (b.year - a.year) * 12 + (b.month - a.month)


# --- dates typed by people on the command line -------------------------------------------

USER_FORMS = "2016, 2016-06, 2016-06-30, 2016/6, 2016/6/30, 2016年6月, 2016年6月30日, June 2016"


@cache
def _user_numeric() -> re.Pattern[str]:
    return re.compile(
        r"(?P<y>\d{4})(?:[-/.](?P<m>\d{1,2})(?:[-/.](?P<d>\d{1,2}))?)?"
        r"|(?P<cy>\d{4})年(?:(?P<cm>\d{1,2})月(?:(?P<cd>\d{1,2})[日号])?)?"
    )


_MONTHS = {name: i for i, full in enumerate(MONTH_NAMES, 1) for name in (full, full[:3])}
_MONTHS["sept"] = 9


@cache
def _month_year() -> re.Pattern[str]:
    return re.compile(r"(?:(?P<d>\d{1,2})\s+)?(?P<mon>[a-z]+)\.?,?\s+(?P<y>\d{4})")


@dataclass(frozen=True, slots=True)
class DateRange:
    """A user's --since/--until value rounded to the whole period it names."""

    text: str
    start: date
    end: date


def parse_user_date(text: str) -> DateRange:
    """Read a date typed by a person; partial dates cover their whole period.

    Raises UsageError naming the value and the accepted forms.
    """
    raw = text.strip()
    m = _user_numeric().fullmatch(raw)
    try:
        if m is not None:
            y = m["y"] or m["cy"]
            mo = m["m"] or m["cm"]
            d = m["d"] or m["cd"]
            iso = f"{int(y):04d}" + (f"-{int(mo):02d}" if mo else "")
            iso += f"-{int(d):02d}" if d else ""
            p = _parse_part(iso, text)
            return DateRange(text, p.start, p.end)
        m2 = _month_year().fullmatch(raw.lower())
        if m2 is not None and m2["mon"] in _MONTHS:
            iso = f"{int(m2['y']):04d}-{_MONTHS[m2['mon']]:02d}"
            if m2["d"]:
                iso += f"-{int(m2['d']):02d}"
            p = _parse_part(iso, text)
            return DateRange(text, p.start, p.end)
    except DateError:
        pass
    else:
        if raw and any(c.isalpha() for c in raw):
            return _dateutil_fallback(text)
    raise UsageError(f"cannot read date {text!r}; accepted forms: {USER_FORMS}")


def _dateutil_fallback(text: str) -> DateRange:
    # Imported lazily: dateutil costs start-up time and is rarely needed.
    from dateutil import parser as du

    sentinel_a = du.parse("2000-01-01")
    try:
        a = du.parse(text, default=sentinel_a.replace(year=1, month=1, day=1), fuzzy=False)
        b = du.parse(text, default=sentinel_a.replace(year=2, month=2, day=2), fuzzy=False)
    except (ValueError, OverflowError):
        raise UsageError(f"cannot read date {text!r}; accepted forms: {USER_FORMS}") from None
    if a.year != b.year:  # no year given
        raise UsageError(f"cannot read date {text!r}: it has no year; accepted forms: {USER_FORMS}")
    if a.day != b.day:
        start = date(a.year, a.month if a.month == b.month else 1, 1)
        if a.month == b.month:
            end = date(a.year, a.month, days_in_month(a.year, a.month))
        else:
            end = date(a.year, 12, 31)
        return DateRange(text, start, end)
    return DateRange(text, a.date(), a.date())


def day_after(d: date) -> date:
    return d + timedelta(days=1)


# --- dates typed by people in a data file -------------------------------------------------


@cache
def _typed() -> re.Pattern[str]:
    return re.compile(
        r"(?P<y>\d{4})(?:(?P<sep>[-/.])(?P<m>\d{1,2})(?:(?P=sep)(?P<d>\d{1,2}))?)?(?P<q>[?~%]?)"
        r"|(?P<cy>\d{4})年(?:(?P<cm>\d{1,2})月(?:(?P<cd>\d{1,2})[日号])?)?(?P<cq>[?~%]?)"
    )


def _typed_part(text: str) -> str | None:
    m = _typed().fullmatch(text.strip())
    if m is None:
        return None
    y, mo, d = m["y"] or m["cy"], m["m"] or m["cm"], m["d"] or m["cd"]
    iso = f"{int(y):04d}" + (f"-{int(mo):02d}" if mo else "") + (f"-{int(d):02d}" if d else "")
    return iso + (m["q"] or m["cq"] or "")


def suggest_date(text: str) -> str | None:
    """The policy date a person most likely meant by a malformed one, or None.

    ``"2020-6-5"`` and ``"2020/06/05"`` -> ``"2020-06-05"``, ``"2020年6月"`` ->
    ``"2020-06"``, ``"2020.6/2021"`` -> ``"2020-06/2021"``. Only a suggestion that
    is itself a valid date (the calendar included) is made.
    """
    if len(text) > 64:
        return None
    out = _typed_part(text)
    if out is None and text.count("/") == 1:
        a, b = (_typed_part(part) for part in text.split("/"))
        out = f"{a}/{b}" if a is not None and b is not None else None
    if out is None or out == text:
        return None
    try:
        parse_date(out)
    except DateError:
        return None
    return out
