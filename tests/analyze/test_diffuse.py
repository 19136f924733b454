"""`policytl diffuse`'s core: first adoptions, ranks and ties, lags, categories, the curve."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policytl import load_timeline
from policytl.analyze.diffuse import (
    categories,
    diffuse,
    jurisdiction_level,
    lag_text,
    rank_range,
    render_spid,
    undetermined_pairs,
    whole,
)
from policytl.model.dates import parse_date
from policytl.model.errors import UsageError
from policytl.model.records import Timeline

from ..conftest import ROOT

EXAMPLE = ROOT / "examples" / "cn-blockchain-2020.yaml"
TRIGGER = "cn-new-infrastructure-2020"


@pytest.fixture(scope="module")
def plans() -> Timeline:
    return load_timeline(EXAMPLE)


# --- the 2020 provincial plans ------------------------------------------------------------


def test_the_provincial_plans_ranked_with_honest_ties(plans: Timeline) -> None:
    d = diffuse(plans, level="provincial", trigger=TRIGGER, policy="blockchain")
    got = [(a.code, a.date_text, a.rank, a.undetermined) for a in d.adopters]
    assert got == [
        ("CN-HI", "2020/2020-05-09", "1–4", ("CN-JS", "CN-HN", "CN-GZ")),
        ("CN-JS", "2020-01/2020-06", "1–5", ("CN-HI", "CN-HN", "CN-GZ", "CN-BJ")),
        ("CN-HN", "2020-04-26/2020-04-27", "1–3", ("CN-HI", "CN-JS")),
        ("CN-GZ", "2020-05-08", "2–4", ("CN-HI", "CN-JS")),
        ("CN-BJ", "2020-06-30", "4–5", ("CN-JS",)),
        ("CN-HE", "2020-07?", "6", ()),
    ]
    # Guizhou's 8 May against Hainan's "on or before 9 May": undetermined, never guessed
    assert "CN-HI" in d.adopters[3].undetermined
    assert [a.flags for a in d.adopters] == [
        ("interval",),
        ("interval",),
        ("interval",),
        (),
        (),
        ("uncertain date",),
    ]
    assert len(d.peers) == 31 and len(d.non_adopters) == 25
    assert d.adopters[-1].categories == ("early majority",)
    assert d.adopters[0].categories == ("innovators", "early adopters")


def test_lags_from_the_trigger_are_never_more_precise_than_the_dates(plans: Timeline) -> None:
    d = diffuse(plans, level="provincial", trigger=TRIGGER)
    assert {a.code: a.lag.text for a in d.adopters if a.lag is not None} == {
        "CN-HI": "3 months before to 1 after",
        "CN-JS": "3 months before to 2 after",
        "CN-HN": "same month",
        "CN-GZ": "1 month",
        "CN-BJ": "2 months",
        "CN-HE": "3 months",
    }


def test_a_lag_between_days_is_counted_in_days(plans: Timeline) -> None:
    # Guizhou (2020-05-08) as the trigger of Beijing (2020-06-30) and Hunan (26 or 27 April)
    d = diffuse(plans, stage="published", trigger="guizhou-blockchain-opinions-2020")
    lags = {a.code: a.lag.to_json() for a in d.adopters if a.lag is not None}
    assert lags["CN-BJ"] == {"unit": "day", "min": 53, "max": 53, "text": "53 days"}
    assert lags["CN-HN"]["text"] == "11–12 days before"
    assert lags["CN-HI"]["unit"] == "month"


def test_the_curve_counts_certain_and_possible_adopters(plans: Timeline) -> None:
    d = diffuse(plans, parent="CN", period="month")
    assert [(p.label, p.certain, p.possible) for p in d.curve] == [
        ("2020-01", 0, 2),
        ("2020-02", 0, 2),
        ("2020-03", 0, 2),
        ("2020-04", 1, 3),
        ("2020-05", 3, 4),
        ("2020-06", 5, 5),
        ("2020-07", 6, 6),
    ]
    q = diffuse(plans, parent="CN", period="quarter")
    assert [(p.label, p.certain, p.possible) for p in q.curve] == [
        ("2020-Q1", 0, 2),
        ("2020-Q2", 5, 5),
        ("2020-Q3", 6, 6),
    ]


def test_document_type_and_stage_select_what_counts_as_adoption(plans: Timeline) -> None:
    d = diffuse(plans, parent="CN", document_type="plan")
    assert [a.code for a in d.adopters] == ["CN-HN", "CN-BJ", "CN-HE"]
    assert [a.rank for a in d.adopters] == ["1", "2", "3"]
    assert diffuse(plans, parent="CN", stage="adopted").adopters == ()
    with pytest.raises(UsageError, match=r"unknown stage 'adoptd'.*did you mean 'adopted'"):
        diffuse(plans, stage="adoptd")
    with pytest.raises(UsageError, match=r"has type 'plna'.*did you mean 'plan'"):
        diffuse(plans, document_type="plna")
    with pytest.raises(UsageError, match=r"no event has id 'nope' \(--trigger\)"):
        diffuse(plans, trigger="nope")
    with pytest.raises(UsageError, match="no jurisdiction has level 'provincal'"):
        diffuse(plans, level="provincal")


def test_the_spid_table_keeps_bounds_and_leaves_unknown_years_empty(plans: Timeline) -> None:
    d = diffuse(plans, parent="CN", policy="blockchain-plan")
    lines = render_spid(d).splitlines()
    assert lines[0] == "jurisdiction,policy,year,adopted,earliest,latest,precision"
    assert lines[1] == "CN-HI,blockchain-plan,2020,1,2020-01-01,2020-05-09,year"
    assert "CN-AH,blockchain-plan,,0,,," in lines
    assert len(lines) == 32


def test_the_shipped_data_beijing_first() -> None:
    tl = load_timeline()
    assert jurisdiction_level(tl, "CN-BJ") == "provincial"
    assert jurisdiction_level(tl, "CN") == "central"
    d = diffuse(tl, tl.events, level="provincial")
    assert [(a.code, a.rank, a.date_text) for a in d.adopters] == [("CN-BJ", "1", "2016-02")]


# --- words --------------------------------------------------------------------------------


def test_lag_words() -> None:
    assert lag_text(6, 7, "day") == "6–7 days"
    assert lag_text(2, 13, "month") == "2–13 months"
    assert lag_text(1, 1, "day") == "1 day"
    assert lag_text(0, 0, "day") == "same day"
    assert lag_text(-3, -3, "day") == "3 days before"
    assert lag_text(-2, 3, "day") == "2 days before to 3 after"


def test_rogers_thresholds() -> None:
    # 40 peers: 2.5 % is 1 peer, 16 % 6.4, 50 % 20, 84 % 33.6
    got = [categories(r, r, 40)[0] for r in (1, 2, 7, 8, 20, 21, 34, 35, 40)]
    assert got == [
        "innovators",
        "early adopters",
        "early adopters",
        "early majority",
        "early majority",
        "late majority",
        "late majority",
        "laggards",
        "laggards",
    ]
    assert categories(1, 3, 10) == ("innovators", "early adopters", "early majority")


# --- ranks and ties against a brute-force oracle -----------------------------------------


def _dates() -> st.SearchStrategy[str]:
    day = st.dates(date(2019, 12, 1), date(2020, 3, 31))
    single = st.one_of(
        day.map(date.isoformat),
        day.map(lambda d: d.isoformat()[:7]),
        st.just("2020"),
    )
    qualified = st.tuples(single, st.sampled_from(["", "", "?", "~"])).map("".join)
    interval = st.tuples(day, day).map(lambda ab: f"{min(ab).isoformat()}/{max(ab).isoformat()}")
    return st.one_of(qualified, interval)


def _oracle(spans: list[tuple[date, date]]) -> tuple[list[tuple[int, int]], set[tuple[int, int]]]:
    """Every way the adoptions could have fallen (each on one day of its span; only the
    spans' own bounds matter for order): the places each can take, and the pairs whose
    order some realisation reverses or ties."""
    points = sorted({d for span in spans for d in span})
    choices = [[p for p in points if lo <= p <= hi] for lo, hi in spans]
    n = len(spans)
    best = [n] * n
    worst = [1] * n
    before: set[tuple[int, int]] = set()  # (i, j): i before j in some realisation
    not_before: set[tuple[int, int]] = set()  # (i, j): i not strictly before j in some
    for xs in itertools.product(*choices):
        for i in range(n):
            best[i] = min(best[i], 1 + sum(1 for j in range(n) if xs[j] < xs[i]))
            worst[i] = max(worst[i], 1 + sum(1 for j in range(n) if j != i and xs[j] <= xs[i]))
            for j in range(n):
                if i != j:
                    (before if xs[i] < xs[j] else not_before).add((i, j))
    open_pairs = {
        (i, j)
        for i in range(n)
        for j in range(n)
        if i != j and (i, j) in not_before and (j, i) in not_before
    }
    return list(zip(best, worst, strict=True)), open_pairs


@given(st.lists(_dates(), min_size=1, max_size=4))
def test_ranks_and_ties_match_a_brute_force_oracle(texts: list[str]) -> None:
    spans = sorted(whole(parse_date(t)) for t in texts)
    ranks, open_pairs = _oracle(spans)
    assert rank_range(spans) == ranks
    codes = [f"J{i}" for i in range(len(spans))]
    got = {
        (i, codes.index(c)) for i, tied in enumerate(undetermined_pairs(spans, codes)) for c in tied
    }
    assert got == open_pairs
    for (best, worst), i in zip(ranks, range(len(spans)), strict=True):
        # a rank is a single place exactly when no other adopter's order against it is open
        assert (best == worst) == all((i, j) not in open_pairs for j in range(len(spans)))
