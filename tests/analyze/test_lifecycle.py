"""policytl.analyze.lifecycle on made-up timelines: status as of every day against a
simple oracle (Hypothesis), upcoming's order and windows, and trace: lags, cycles, depth,
and a chain 10,000 relations deep (no recursion)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policytl.analyze.lifecycle import (
    Direction,
    lag_between,
    parse_within,
    stage_state,
    status,
    trace,
    trace_mermaid,
    upcoming,
)
from policytl.model.dates import parse_date
from policytl.model.errors import UsageError
from policytl.model.records import STAGES, Document, Event, Relation, Text, Timeline

from ..conftest import invoke


def ev(eid: str, when: str, kind: str = "statement", **kw: Any) -> Event:
    return Event(
        id=eid,
        date=parse_date(when),
        kind=kind,
        jurisdiction="X",
        issuers=(),
        title=Text(en=eid),
        sources=(),
        document=kw.get("document"),
        due=parse_date(kw["due"]) if "due" in kw else None,
        relations=tuple(Relation(type=t, to=to) for t, to in kw.get("relations", ())),
    )


def timeline(*events: Event, documents: tuple[str, ...] = ("d",)) -> Timeline:
    docs = {
        d: Document(id=d, title=Text(en=d.upper()), type="law", jurisdiction="X") for d in documents
    }
    return Timeline(sorted(events, key=lambda e: e.sort_key), documents=docs)


# --- status against an oracle ------------------------------------------------------------

_DAYS = st.dates(min_value=date(2018, 1, 1), max_value=date(2022, 12, 31))


@st.composite
def stage_dates(draw: st.DrawFn) -> str:
    """A date of any precision, or an interval, between 2018 and 2022."""
    d = draw(_DAYS)
    form = draw(st.sampled_from(["year", "month", "day", "interval"]))
    if form == "year":
        return f"{d.year:04d}"
    if form == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if form == "day":
        return d.isoformat()
    later = d + timedelta(days=draw(st.integers(1, 400)))
    return f"{d.isoformat()}/{later.year:04d}-{later.month:02d}"


life = st.lists(
    st.tuples(stage_dates(), st.sampled_from([*STAGES, "document-issued", "statement"])),
    min_size=0,
    max_size=8,
)


@settings(max_examples=200, deadline=None)
@given(life, _DAYS)
def test_status_as_of_matches_the_oracle(events: list[tuple[str, str]], day: date) -> None:
    tl = timeline(*(ev(f"e{i}", when, kind, document="d") for i, (when, kind) in enumerate(events)))
    [got] = status(tl, day)
    # the oracle: the last stage event (timeline order) on or before the day, "possibly"
    # when its period still holds the day
    stages = [e for e in tl.events if e.stage is not None]
    begun = [e for e in stages if e.date.start <= day]
    if not begun:
        assert got.stage is None
    else:
        last = begun[-1]
        assert got.stage is not None
        assert got.stage.event is last
        assert got.stage.state == ("reached" if last.date.end <= day else "possibly")
    later = [e for e in stages if e.date.start > day]
    assert (got.next.event if got.next else None) is (later[0] if later else None)


def test_stage_state_reads_precision() -> None:
    may = parse_date("2020-05")
    assert stage_state(may, date(2020, 4, 30)) == "scheduled"
    assert stage_state(may, date(2020, 5, 10)) == "possibly"
    assert stage_state(may, date(2020, 5, 31)) == "reached"


def test_document_issued_counts_as_published_and_repeal_ends() -> None:
    tl = timeline(
        ev("a", "2019-01-02", "document-issued", document="d"),
        ev("b", "2021", "repealed", document="d"),
    )
    [row] = status(tl, date(2020, 1, 1))
    assert (row.stage and row.stage.stage, row.ended) == ("published", False)
    [row] = status(tl, date(2022, 1, 1))
    assert (row.stage and row.stage.stage, row.ended) == ("repealed", True)


def test_events_with_an_inline_document_title_do_not_count() -> None:
    tl = timeline(ev("a", "2019", "adopted", document=Text(en="Some act")))
    [row] = status(tl, date(2020, 1, 1))
    assert row.stage is None


# --- upcoming --------------------------------------------------------------------------------


def test_upcoming_order_and_groups() -> None:
    tl = timeline(
        ev("late", "2026-08-02", "applies", document="d"),
        ev("year", "2026", "applies", document="d"),
        ev("same-day-force", "2025-08-02", "in-force", document="d"),
        ev("same-day-adopt", "2025-08-02", "adopted", document="d"),
        ev("goal", "2020", "target", due="2025-09"),
        ev("past", "2020-01-01", "adopted", document="d"),
    )
    got = upcoming(tl, tl.events, date(2024, 1, 1))
    assert [(i.event.id, i.what) for i in got.items] == [
        ("same-day-adopt", "adopted"),
        ("same-day-force", "in-force"),
        ("goal", "due"),
        ("year", "applies"),
        ("late", "applies"),
    ]
    assert [m for m, _ in got.months()] == ["2025-08", "2025-09", "2026", "2026-08"]


@pytest.mark.parametrize(
    ("span", "end"),
    [
        ("90d", date(2024, 4, 30)),
        ("2w", date(2024, 2, 14)),
        ("1m", date(2024, 2, 29)),
        ("2y", date(2026, 1, 31)),
    ],
)
def test_within(span: str, end: date) -> None:
    start = date(2024, 1, 31)
    assert parse_within(span, start) == end


def test_within_past_the_calendar_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="past the year 9999"):
        parse_within("9999y", date(2024, 1, 1))


# --- trace -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("parent", "child", "text"),
    [
        ("2024-07-12", "2025-03-01", "+8 months"),
        ("2024-07-12", "2024-07-30", "same month"),
        ("2024-07", "2025", "+6–17 months"),
        ("2025-03", "2025", "-2 to +9 months"),
        ("2025-03-01", "2024-02", "-13 months"),
        ("2025-03-01", "2024", "-3–14 months"),
        ("2024-06-01", "2024-07-01?", "+1 month (uncertain date)"),
    ],
)
def test_lags(parent: str, child: str, text: str) -> None:
    assert lag_between(ev("p", parent), ev("c", child)).text == text


def test_cycles_are_cut_and_shown_once() -> None:
    tl = timeline(
        ev("a", "2020", relations=[("follows", "b")]),
        ev("b", "2021", relations=[("follows", "c")]),
        ev("c", "2022", relations=[("follows", "a"), ("follows", "b")]),
    )
    got = trace(tl, "a", Direction.UP)
    assert [(s.id, s.repeat) for s in got.steps] == [
        ("a", None),
        ("b", None),
        ("c", None),
        ("a", "cycle"),
        ("b", "cycle"),
    ]


def test_a_node_on_two_branches_is_expanded_once() -> None:
    tl = timeline(
        ev("root", "2020"),
        ev("x", "2021", relations=[("part-of", "root")]),
        ev("y", "2021", relations=[("part-of", "root"), ("follows", "x")]),
        ev("z", "2022", relations=[("follows", "x")]),
    )
    got = trace(tl, "root", Direction.DOWN)
    assert [(s.id, s.depth, s.repeat) for s in got.steps] == [
        ("root", 0, None),
        ("x", 1, None),
        ("y", 2, None),
        ("z", 2, None),
        ("y", 1, "seen"),
    ]
    assert trace_mermaid(got, "en").count('["') == 4  # one box per node


def test_depth_limits_and_says_there_is_more() -> None:
    tl = timeline(
        ev("a", "2020"),
        ev("b", "2021", relations=[("follows", "a")]),
        ev("c", "2022", relations=[("follows", "b")]),
    )
    got = trace(tl, "a", Direction.DOWN, depth=1)
    assert [(s.id, s.more) for s in got.steps] == [("a", False), ("b", True)]


def test_a_document_relates_through_its_events() -> None:
    tl = timeline(
        ev("signal", "2019-10-24"),
        ev("plan", "2020-06-30", "adopted", document="d", relations=[("responds-to", "signal")]),
        ev("goal", "2020-06-30", "target", relations=[("part-of", "d")]),
    )
    got = trace(tl, "d")
    assert [(s.id, s.direction, s.relation) for s in got.steps] == [
        ("d", None, None),
        ("signal", "up", "responds-to"),
        ("goal", "down", "part-of"),
    ]


def _chain(n: int) -> Timeline:
    events = [ev("e0", "2000")]
    events += [ev(f"e{i}", "2001", relations=[("follows", f"e{i - 1}")]) for i in range(1, n + 1)]
    return timeline(*events)


DEEP = 10_000


def test_a_chain_ten_thousand_relations_deep_has_no_recursion() -> None:
    tl = _chain(DEEP)
    down = trace(tl, "e0", Direction.DOWN)
    assert len(down.steps) == DEEP + 1
    assert down.steps[-1].depth == DEEP
    up = trace(tl, f"e{DEEP}", Direction.UP)
    assert up.steps[-1].id == "e0"
    json.dumps(down.to_json())
    assert trace_mermaid(down, "en").count("-->") == DEEP


def test_the_deep_chain_from_the_command_line(tmp_path: Any) -> None:
    events = "\n".join(
        f"  - {{id: e{i}, date: '2001', kind: statement, jurisdiction: XA, issuers: [], "
        f"title: {{en: E{i}}}, sources: [{{source: s, quote: q}}]"
        + (f", relations: [{{type: follows, to: e{i - 1}}}]" if i else "")
        + "}"
        for i in range(DEEP + 1)
    )
    path = tmp_path / "chain.yaml"
    path.write_text(
        "format: policytl/1\nsources: {s: {title: {en: S}}}\n"
        "jurisdictions: {XA: {name: {en: X}}}\nevents:\n" + events + "\n",
        encoding="utf-8",
    )
    for fmt in ("text", "json"):
        result = invoke(["trace", "e0", "--down", "-f", fmt, "--data", str(path)])
        assert (result.exit_code, result.stderr) == (0, "")
    steps = json.loads(
        invoke(["trace", f"e{DEEP}", "--up", "-f", "json", "--data", str(path)]).stdout
    )["steps"]
    assert (len(steps), steps[-1]["id"], steps[-1]["depth"]) == (DEEP + 1, "e0", DEEP)
