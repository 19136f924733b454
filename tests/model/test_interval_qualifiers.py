"""An interval's qualifiers: each side's ``?``, ``~`` or ``%`` reaches the whole date.

A planted bug that read the qualifier of the start only (losing the end's) passed
the suite; this test, a Hypothesis property against the obvious oracle, fails on it.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from policytl.model.dates import parse_date

QUALIFIERS = ["", "?", "~", "%"]


def _flags(q: str) -> tuple[bool, bool]:
    """(uncertain, approximate) of one qualifier, as EDTF level 1 defines them."""
    return q in ("?", "%"), q in ("~", "%")


@given(
    start=st.sampled_from(["2019", "2019-05", "2019-05-04"]),
    end=st.sampled_from(["2021", "2021-02", "2021-02-28"]),
    first=st.sampled_from(QUALIFIERS),
    last=st.sampled_from(QUALIFIERS),
)
def test_either_side_qualifies_the_interval(start: str, end: str, first: str, last: str) -> None:
    d = parse_date(f"{start}{first}/{end}{last}")
    (u1, a1), (u2, a2) = _flags(first), _flags(last)
    assert (d.uncertain, d.approximate) == (u1 or u2, a1 or a2)
    assert d.is_interval and d.text == f"{start}{first}/{end}{last}"


def test_the_end_alone_makes_an_interval_uncertain_or_approximate() -> None:
    assert parse_date("2020/2021?").uncertain
    assert not parse_date("2020/2021?").approximate
    assert parse_date("2020/2021~").approximate
    assert not parse_date("2020/2021~").uncertain
    assert parse_date("2020/2021?").to_json()["uncertain"] is True
