"""The date model: precision kept, interval bounds, ordering, user dates."""

from __future__ import annotations

import calendar
import itertools
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policytl.model.dates import _MONTHS, Precision, days_in_month, parse_date, parse_user_date
from policytl.model.errors import DateError, UsageError

years = st.integers(min_value=1, max_value=9999)
months = st.integers(min_value=1, max_value=12)
qualifiers = st.sampled_from(["", "?", "~", "%"])


@st.composite
def date_texts(draw: st.DrawFn) -> str:
    y = draw(years)
    precision = draw(st.sampled_from(list(Precision)))
    text = f"{y:04d}"
    if precision is not Precision.YEAR:
        m = draw(months)
        text += f"-{m:02d}"
        if precision is Precision.DAY:
            d = draw(st.integers(min_value=1, max_value=calendar.monthrange(y, m)[1]))
            text += f"-{d:02d}"
    return text + draw(qualifiers)


@given(date_texts())
def test_round_trip_prints_exactly_as_written(text: str) -> None:
    d = parse_date(text)
    assert str(d) == text
    assert parse_date(d.text) == d


@given(date_texts())
def test_bounds_cover_exactly_the_period(text: str) -> None:
    d = parse_date(text)
    assert d.start <= d.end
    core = text.rstrip("?~%")
    if d.precision is Precision.YEAR:
        assert (d.start, d.end) == (date(d.start.year, 1, 1), date(d.start.year, 12, 31))
    elif d.precision is Precision.MONTH:
        assert d.start.day == 1
        assert d.end.day == calendar.monthrange(d.end.year, d.end.month)[1]
        assert d.start.isoformat()[:7] == core
    else:
        assert d.start == d.end
        assert d.start.isoformat() == core
    assert d.uncertain == text.endswith(("?", "%"))
    assert d.approximate == text.endswith(("~", "%"))


@given(date_texts(), date_texts())
def test_intervals(a: str, b: str) -> None:
    da, db = parse_date(a), parse_date(b)
    if db.end < da.start:
        with pytest.raises(DateError, match="ends before it starts"):
            parse_date(f"{a}/{b}")
    else:
        d = parse_date(f"{a}/{b}")
        assert (d.start, d.end) == (da.start, db.end)
        assert d.is_interval and str(d) == f"{a}/{b}"


@given(st.lists(date_texts(), min_size=2, max_size=20))
def test_ordering_is_start_then_coarser_first(texts: list[str]) -> None:
    ds = sorted((parse_date(t) for t in texts), key=lambda d: d.sort_key)
    for x, y in itertools.pairwise(ds):
        assert x.start <= y.start
        if x.start == y.start:
            assert x.precision.rank <= y.precision.rank


def test_coarser_sorts_first() -> None:
    texts = ["2016-02-01", "2016-02", "2016"]
    assert [d.text for d in sorted(map(parse_date, texts), key=lambda d: d.sort_key)] == [
        "2016",
        "2016-02",
        "2016-02-01",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2016-13", "month 13 is not 01-12"),
        ("2016-02-30", "2016-02 has no day 30"),
        ("0000", "year 0000 is not supported"),
        ("16-02", "expected YYYY"),
        ("2016-2", "expected YYYY"),
        ("2020/2019", "ends before it starts"),
        ("", "expected YYYY"),
    ],
)
def test_invalid_dates(text: str, message: str) -> None:
    with pytest.raises(DateError, match=message):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2016", date(2016, 1, 1), date(2016, 12, 31)),
        ("2016-06", date(2016, 6, 1), date(2016, 6, 30)),
        ("2016-06-30", date(2016, 6, 30), date(2016, 6, 30)),
        ("2016年6月", date(2016, 6, 1), date(2016, 6, 30)),
        ("2016年6月30日", date(2016, 6, 30), date(2016, 6, 30)),
        ("2016/6", date(2016, 6, 1), date(2016, 6, 30)),
        ("2016/6/3", date(2016, 6, 3), date(2016, 6, 3)),
        ("June 2016", date(2016, 6, 1), date(2016, 6, 30)),
        ("jun 2016", date(2016, 6, 1), date(2016, 6, 30)),
        ("30 June 2016", date(2016, 6, 30), date(2016, 6, 30)),
        ("June 30, 2016", date(2016, 6, 30), date(2016, 6, 30)),
        ("2016年", date(2016, 1, 1), date(2016, 12, 31)),
    ],
)
def test_user_dates_round_to_whole_periods(text: str, start: date, end: date) -> None:
    r = parse_user_date(text)
    assert (r.start, r.end) == (start, end)


@pytest.mark.parametrize("text", ["yesterday-ish", "2016-13", "June", "13/2016", "2016年13月"])
def test_unreadable_user_dates_are_usage_errors(text: str) -> None:
    with pytest.raises(UsageError, match="accepted forms: 2016, 2016-06"):
        parse_user_date(text)


def test_days_in_month_is_the_calendar_modules() -> None:
    # dates.py has its own (importing calendar costs start-up time)
    for year in (*range(1, 2500), 9999):
        for month in range(1, 13):
            assert days_in_month(year, month) == calendar.monthrange(year, month)[1]


def test_english_month_names_are_the_calendar_modules_in_the_c_locale() -> None:
    # Python runs in the C locale until setlocale() is called, which policytl never does.
    names = {
        name: i
        for i in range(1, 13)
        for name in (calendar.month_name[i].lower(), calendar.month_abbr[i].lower())
    }
    names["sept"] = 9
    assert names == _MONTHS
