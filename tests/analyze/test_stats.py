"""policytl stats: the counting core, the JSON form, and the exact text view."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from policytl import load_timeline
from policytl.analyze.stats import Period, compute, period_key
from policytl.model.dates import parse_date
from policytl.model.records import Event, Text, Timeline
from policytl.render.cells import bar

from ..conftest import ROOT, invoke
from ..goldens import assert_golden

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "stats"


def raw_events() -> list[dict[str, Any]]:
    """The shipped events read with plain PyYAML, not with policytl's loader."""
    doc = yaml.safe_load((ROOT / "data" / "timeline.yaml").read_text(encoding="utf-8"))
    events: list[dict[str, Any]] = doc["events"]
    assert len(events) == 15
    return events


def independent_periods(period: str) -> tuple[Counter[str], Counter[str]]:
    """(counts per period, counts per year of dates too coarse) from the date strings.

    The shipped data has no intervals, so a date string's own text says where it
    belongs: "2016" is a year, "2016-02" a month, "2016-02-15" a day.
    """
    placed: Counter[str] = Counter()
    apart: Counter[str] = Counter()
    for e in raw_events():
        text = e["date"].rstrip("?~%")
        assert "/" not in text
        year = text[:4]
        if period == "year":
            placed[year] += 1
        elif len(text) == 4:
            apart[year] += 1
        elif period == "month":
            placed[text[:7]] += 1
        else:
            placed[f"{year}-Q{(int(text[5:7]) - 1) // 3 + 1}"] += 1
    return placed, apart


@pytest.mark.parametrize("period", ["year", "quarter", "month"])
def test_json_counts_match_independent_counts(period: str) -> None:
    result = invoke(["stats", "--format", "json", "--period", period])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    doc = json.loads(result.stdout)
    events = raw_events()
    placed, apart = independent_periods(period)

    assert doc["events"] == 15
    assert doc["period"] == period
    got = {p["period"]: p["count"] for p in doc["periods"] if p["count"]}
    assert got == dict(placed)
    assert {i["span"]: i["count"] for i in doc["imprecise"]} == dict(apart)
    assert sum(p["count"] for p in doc["periods"]) + sum(i["count"] for i in doc["imprecise"]) == 15
    # every period between the first and the last is listed, empty ones too
    # (to 2020: the 2022 goal counts when it was set, not when it is due)
    expected_len = {"year": 5, "quarter": 20, "month": 59}[period]
    assert len(doc["periods"]) == expected_len
    top = max(placed.values())
    assert doc["busiest"] == {
        "periods": sorted(k for k, n in placed.items() if n == top),
        "count": top,
    }
    assert doc["gaps"] == []
    assert (doc["first"], doc["last"]) == ("2016-02", "2020")

    assert {j["jurisdiction"]: j["count"] for j in doc["jurisdictions"]} == dict(
        Counter(e["jurisdiction"] for e in events)
    )
    lead = Counter(e["issuers"][0] for e in events if e["issuers"])
    anyb = Counter(b for e in events for b in set(e["issuers"]))
    assert {b["body"]: (b["lead"], b["any"]) for b in doc["bodies"]} == {
        b: (lead[b], n) for b, n in anyb.items()
    }
    assert doc["no_issuer"] == sum(1 for e in events if not e["issuers"]) == 4
    assert {k["kind"]: k["count"] for k in doc["kinds"]} == dict(Counter(e["kind"] for e in events))
    assert {t["tag"]: t["count"] for t in doc["tags"]} == dict(
        Counter(t for e in events for t in set(e.get("tags", [])))
    )
    # most first
    for key in ("jurisdictions", "kinds", "tags"):
        counts = [x["count"] for x in doc[key]]
        assert counts == sorted(counts, reverse=True)
    assert [b["any"] for b in doc["bodies"]] == sorted(
        (b["any"] for b in doc["bodies"]), reverse=True
    )


def test_json_shape_of_one_period_and_one_body() -> None:
    doc = json.loads(invoke(["stats", "-f", "json"]).stdout)
    assert doc["periods"][0] == {
        "period": "2016",
        "start": "2016-01-01",
        "end": "2016-12-31",
        "count": 5,
        "uncertain": 0,
        "events": [
            "zgc-blockchain-alliance-founded",
            "zgc-blockchain-incubator-founded",
            "bj-finance-bureau-2016-performance-tasks",
            "bj-13th-fyp-finance",
            "state-council-13th-fyp-informatization",
        ],
    }
    assert doc["periods"][4]["uncertain"] == 0  # the shipped data marks no date uncertain
    assert doc["bodies"][-1] == {
        "body": "bj-drc",
        "name": {
            "zh": "北京市发展和改革委员会",
            "en": "Beijing Municipal Commission of Development and Reform",
        },
        "short": {"zh": "北京市发改委", "en": "Beijing DRC"},
        "lead": 0,
        "any": 1,
    }


def test_uncertain_dates_are_counted_where_written() -> None:
    # The shipped data marks no date uncertain (README: "The curated data set"); the
    # show fixture has 2016-12? (uncertain) and 2019~ (approximate), both counted.
    small = ROOT / "tests" / "fixtures" / "show" / "small.yaml"
    doc = json.loads(invoke(["stats", "-f", "json", "--data", str(small)]).stdout)
    assert [(p["period"], p["count"], p["uncertain"]) for p in doc["periods"]] == [
        ("2015", 1, 0),
        ("2016", 3, 1),
        ("2017", 0, 0),
        ("2018", 0, 0),
        ("2019", 1, 1),
    ]


def test_year_only_dates_are_never_put_in_a_month() -> None:
    doc = json.loads(invoke(["stats", "-f", "json", "-p", "month"]).stdout)
    months = {p["period"]: p["events"] for p in doc["periods"]}
    assert "bj-2020-government-work-report" not in [e for ids in months.values() for e in ids]
    assert doc["imprecise"] == [
        {
            "span": "2020",
            "count": 1,
            "year_only": True,
            "events": ["bj-2020-government-work-report"],
        },
    ]
    assert months["2020-01"] == []


def test_json_respects_filters() -> None:
    doc = json.loads(invoke(["stats", "-f", "json", "-j", "national"]).stdout)
    assert doc["events"] == 4
    assert [j["jurisdiction"] for j in doc["jurisdictions"]] == ["CN"]
    assert doc["gaps"] == [2017, 2018]
    assert (doc["first"], doc["last"]) == ("2016-12", "2020-05")


def test_text_view_on_shipped_data_is_exact() -> None:
    # COLUMNS=100 and no colour (not a terminal): --lang defaults to both.
    result = invoke(["stats"])
    assert result.exit_code == 0
    assert result.stderr == ""
    assert_golden(GOLDEN / "year-both-100.txt", result.stdout)


def test_month_view_folds_empty_runs_and_shows_year_only_dates_apart() -> None:
    result = invoke(["stats", "--period", "month", "--lang", "en"])
    assert result.exit_code == 0
    assert_golden(GOLDEN / "month-en-100.txt", result.stdout)


def test_narrow_terminal_keeps_both_languages() -> None:
    result = invoke(["stats", "-j", "CN"], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    assert "中国 / China (CN)" in result.stdout
    assert max(cell_len(line) for line in result.stdout.splitlines()) <= 80


def test_text_has_no_escape_codes_when_not_a_terminal() -> None:
    assert "\x1b" not in invoke(["stats"]).stdout
    assert "\x1b" not in invoke(["stats"], env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout
    assert "\x1b[" in invoke(["stats"], env={"FORCE_COLOR": "1"}).stdout


def test_no_match_says_so_on_stderr_and_exits_0() -> None:
    result = invoke(["stats", "--since", "2030"])
    assert result.exit_code == 0
    assert result.stdout == "0 events\n"
    assert result.stderr == "policytl: no event matches --since 2030\n"
    result = invoke(["stats", "--since", "2030", "-f", "json"])
    assert result.stderr == "policytl: no event matches --since 2030\n"
    doc = json.loads(result.stdout)
    assert doc["events"] == 0 and doc["periods"] == [] and doc["busiest"]["periods"] == []


def test_usage_errors() -> None:
    result = invoke(["stats", "--period", "week"])
    assert result.exit_code == 2
    assert "week" in result.stderr
    result = invoke(["stats", "-f", "json", "--svg", "x.svg"])
    assert result.exit_code == 2
    assert result.stderr == (
        "policytl: error: --svg saves the text view; it cannot be used with --format json\n"
    )
    result = invoke(["stats", "--body", "nobody-at-all"])
    assert result.exit_code == 2
    assert "unknown body 'nobody-at-all'" in result.stderr


def test_help_has_examples() -> None:
    result = invoke(["stats", "--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.stdout
    assert "policytl stats --period quarter" in result.stdout


# --- the core on made-up timelines --------------------------------------------------------


def ev(eid: str, when: str, **kw: Any) -> Event:
    return Event(
        id=eid,
        date=parse_date(when),
        kind=kw.get("kind", "statement"),
        jurisdiction=kw.get("jurisdiction", "X"),
        issuers=tuple(kw.get("issuers", ())),
        title=Text(en=kw.get("title", eid)),
        sources=(),
        tags=tuple(kw.get("tags", ())),
    )


def timeline(*events: Event) -> Timeline:
    return Timeline(sorted(events, key=lambda e: e.sort_key))


def test_interval_across_periods_is_counted_apart() -> None:
    s = compute(timeline(ev("a", "2016-03/2016-05"), ev("b", "2016-11/2018")), Period.QUARTER)
    assert [i.to_json() for i in s.imprecise] == [
        {"span": "2016", "count": 1, "year_only": False, "events": ["a"]},
        {"span": "2016/2018", "count": 1, "year_only": False, "events": ["b"]},
    ]
    assert all(p.count == 0 for p in s.periods)
    assert s.busiest == () and s.busiest_count == 0
    assert s.gaps == ()  # 2017 is inside b's interval
    y = compute(timeline(ev("a", "2016-03/2016-05")), Period.YEAR)
    assert [p.events for p in y.periods] == [("a",)]


def test_gaps_are_years_no_date_touches() -> None:
    s = compute(timeline(ev("a", "2010"), ev("b", "2013-05"), ev("c", "2016-01-02")))
    assert s.gaps == (2011, 2012, 2014, 2015)
    assert [p.key for p in s.periods] == [str(y) for y in range(2010, 2017)]


def test_ties_and_repeated_issuers() -> None:
    s = compute(
        timeline(
            ev("a", "2016", issuers=["p", "q"], tags=["t", "t"]),
            ev("b", "2017", issuers=["q", "q"]),
        )
    )
    assert s.busiest == ("2016", "2017")
    assert [(b.id, b.lead, b.any) for b in s.bodies] == [("q", 1, 2), ("p", 1, 1)]
    assert [(t.key, t.count) for t in s.tags] == [("t", 1)]


@st.composite
def date_texts(draw: st.DrawFn) -> str:
    y = draw(st.integers(1990, 2030))
    form = draw(st.sampled_from(["y", "m", "d", "i"]))
    if form == "y":
        return f"{y}"
    m = draw(st.integers(1, 12))
    if form == "m":
        return f"{y}-{m:02d}" + draw(st.sampled_from(["", "?", "~"]))
    if form == "d":
        return f"{y}-{m:02d}-{draw(st.integers(1, 28)):02d}"
    y2 = y + draw(st.integers(0, 3))
    return f"{y}-{m:02d}/{y2}"


@settings(max_examples=200, deadline=None)
@given(st.lists(date_texts(), min_size=1, max_size=30), st.sampled_from(list(Period)))
def test_every_event_counted_once_and_only_where_it_fits(dates: list[str], period: Period) -> None:
    events = [ev(f"e{i}", d) for i, d in enumerate(dates)]
    s = compute(timeline(*events), period)
    by_id = {e.id: e for e in events}
    placed = [i for p in s.periods for i in p.events]
    apart = [i for x in s.imprecise for i in x.events]
    assert sorted(placed + apart) == sorted(by_id)
    assert s.total == len(events)
    for p in s.periods:
        assert period_key(p.start, period) == p.key == period_key(p.end, period)
        for i in p.events:
            assert p.start <= by_id[i].date.start and by_id[i].date.end <= p.end
    for x in s.imprecise:
        for i in x.events:
            d = by_id[i].date
            assert period_key(d.start, period) != period_key(d.end, period)
            assert (d.start.year, d.end.year) == (x.first_year, x.last_year)
    keys = [p.key for p in s.periods]
    assert keys == sorted(set(keys))
    for a, b in zip(s.periods, s.periods[1:], strict=False):
        assert date.fromordinal(a.end.toordinal() + 1) == b.start
    for y in s.gaps:
        assert all(not (e.date.start.year <= y <= e.date.end.year) for e in events)
    if s.busiest:
        assert all(p.count <= s.busiest_count for p in s.periods)


def test_bar_uses_eighths_and_scales_to_the_largest() -> None:
    assert bar(0, 5, 10) == ""
    assert bar(5, 5, 10) == "█" * 10
    assert bar(1, 16, 1) == "▏"  # never invisible
    assert bar(3, 8, 4) == "█▌"
    assert bar(1, 3, 10) == "███▍"


def test_shipped_data_loaded_by_policytl_agrees() -> None:
    s = compute(load_timeline())
    assert [(p.key, p.count) for p in s.periods] == [
        ("2016", 5),
        ("2017", 1),
        ("2018", 1),
        ("2019", 2),
        ("2020", 6),
    ]
