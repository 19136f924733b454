"""A target's ``due`` date: read, checked, kept, exported and shown, never counted.

The date model is exercised with Hypothesis: every (date, due) pair the date syntax
allows is accepted exactly when the due date is not wholly before the date, and a
due date survives the JSON export, the cache and the chart at any width.
"""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from rich.cells import cell_len

from policytl import check_files, json_schema, load_timeline
from policytl.analyze.stats import compute
from policytl.cli.context import Environment
from policytl.model.dates import PolicyDate, days_in_month, parse_date
from policytl.model.records import Lang, Timeline
from policytl.render.chart import MIN_CHART_WIDTH, Lanes, chart

from ..conftest import ROOT, invoke

DATA = ROOT / "data" / "timeline.yaml"
GOAL = "bj-blockchain-2022-goal"

DOC = """\
format: policytl/1
sources:
  s: {{title: {{en: A source}}}}
jurisdictions:
  CN: {{name: {{en: China}}}}
events:
  - id: goal
    date: "{date}"
    due: "{due}"
    kind: target
    jurisdiction: CN
    issuers: []
    title: {{en: A goal}}
    sources: [{{source: s, quote: q}}]
"""


@st.composite
def single_dates(draw: st.DrawFn) -> str:
    year = draw(st.integers(2015, 2024))
    form = draw(st.sampled_from(["y", "m", "d"]))
    text = f"{year:04d}"
    if form != "y":
        month = draw(st.integers(1, 12))
        text += f"-{month:02d}"
        if form == "d":
            text += f"-{draw(st.integers(1, days_in_month(year, month))):02d}"
    return text + draw(st.sampled_from(["", "", "?", "~", "%"]))


@st.composite
def dates(draw: st.DrawFn) -> str:
    a = draw(single_dates())
    if draw(st.booleans()):
        return a
    b = draw(single_dates())
    pa, pb = parse_date(a), parse_date(b)
    return f"{a}/{b}" if pb.end >= pa.start else f"{b}/{a}"


def check_text(tmp_path: Path, text: str) -> tuple[Timeline | None, list[str]]:
    path = tmp_path / "goal.yaml"
    path.write_text(text, encoding="utf-8")
    timeline, problems = check_files([path])
    return timeline, [str(p) for p in problems]


# --- the validator --------------------------------------------------------------------


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(when=dates(), due=dates())
def test_due_is_accepted_exactly_when_not_before_the_date(
    tmp_path: Path, when: str, due: str
) -> None:
    timeline, problems = check_text(tmp_path, DOC.format(date=when, due=due))
    d, t = parse_date(when), parse_date(due)
    if t.end >= d.start:
        assert problems == []
        assert timeline is not None
        (goal,) = timeline.events
        assert (goal.date, goal.due) == (d, t)
    else:
        assert timeline is None
        path = tmp_path / "goal.yaml"
        assert problems == [
            f"{path}:9:10: events[0] (id: goal).due: due date {due!r} is before the event's date "
            f"{when!r} (a target is dated when it was set; due is the date it aims at)"
        ]


def test_due_is_optional_and_may_be_null(tmp_path: Path) -> None:
    text = DOC.format(date="2020-06-30", due="2022").replace('    due: "2022"\n', "")
    timeline, problems = check_text(tmp_path, text)
    assert problems == [] and timeline is not None and timeline.events[0].due is None
    timeline, problems = check_text(tmp_path, text.replace("kind:", "due: null\n    kind:"))
    assert problems == [] and timeline is not None and timeline.events[0].due is None


def test_fast_and_full_paths_build_the_same_event(tmp_path: Path) -> None:
    # An unquoted due (a warning) sends the event through the full check.
    quoted, _ = check_text(tmp_path, DOC.format(date="2020-06-30", due="2022"))
    text = DOC.format(date="2020-06-30", due="2022").replace('due: "2022"', "due: 2022")
    unquoted, problems = check_text(tmp_path, text)
    assert problems == [
        f"{tmp_path / 'goal.yaml'}:9:10: warning: events[0] (id: goal).due: date 2022 should be "
        'quoted ("2022"): YAML reads unquoted dates and years as other types'
    ]
    assert quoted is not None and unquoted is not None
    assert quoted.events == unquoted.events


@settings(max_examples=100)
@given(when=dates(), due=dates())
def test_schema_and_validator_agree_on_the_due_syntax(when: str, due: str) -> None:
    doc = {
        "format": "policytl/1",
        "events": [
            {
                "id": "goal",
                "date": when,
                "due": due,
                "kind": "target",
                "jurisdiction": "CN",
                "issuers": [],
                "title": {"en": "A goal"},
                "sources": [{"source": "s", "quote": "q"}],
            }
        ],
    }
    assert list(Draft202012Validator(json_schema()).iter_errors(doc)) == []
    for bad in ("2022-13", "end of 2022", "22", "2022-06-30T00:00"):
        doc["events"][0]["due"] = bad
        errors = list(Draft202012Validator(json_schema()).iter_errors(doc))
        assert [list(e.absolute_path) for e in errors] == [["events", 0, "due"]], bad


# --- the shipped data -------------------------------------------------------------------


def test_the_2022_goal_is_dated_when_it_was_set() -> None:
    goal = next(e for e in load_timeline().events if e.id == GOAL)
    assert (goal.date.text, goal.kind) == ("2020-06-30", "target")
    assert goal.due is not None and goal.due.text == "2022"
    # the article's own words: the plan of 6月30日 sets the goal 到2022年
    assert goal.sources[0].quote.startswith("计划明确主要目标,到2022年")


def test_statistics_count_the_statement_not_the_deadline() -> None:
    doc = json.loads(invoke(["stats", "--format", "json"]).stdout)
    assert (doc["first"], doc["last"], doc["gaps"]) == ("2016-02", "2020", [])
    assert [p["period"] for p in doc["periods"]][-1] == "2020"
    assert GOAL in doc["periods"][-1]["events"]


def test_compare_last_event_is_the_statement() -> None:
    doc = json.loads(invoke(["compare", "CN-BJ", "CN", "--format", "json"]).stdout)
    assert doc["sides"][0]["last"] == "2020-06-30"
    assert all(r["period"] != "2022" for r in doc["rows"])


def test_filters_select_by_the_date_not_the_due_date() -> None:
    assert invoke(["show", "--since", "2021", "--format", "json"]).stdout.count('"id"') == 0
    until = json.loads(invoke(["show", "--until", "2020-06", "--format", "json"]).stdout)
    assert GOAL in [e["id"] for e in until["events"]]


def due_variants() -> st.SearchStrategy[dict[str, str | None]]:
    """A due date (or none) for some of the shipped events, each not before its date."""
    events = load_timeline().events
    return st.fixed_dictionaries(
        {},
        optional={
            e.id: st.one_of(
                st.none(),
                dates().filter(lambda t, e=e: parse_date(t).end >= e.date.start),  # type: ignore[misc]
            )
            for e in events[::3]
        },
    )


def with_dues(timeline: Timeline, dues: dict[str, str | None]) -> Timeline:
    events = [
        replace(e, due=parse_date(dues[e.id]) if dues[e.id] else None) if e.id in dues else e
        for e in timeline.events
    ]
    return timeline.with_events(events)


@settings(max_examples=40, deadline=None)
@given(dues=due_variants())
def test_due_dates_never_change_the_statistics(dues: dict[str, str | None]) -> None:
    base = load_timeline()
    assert compute(with_dues(base, dues)) == compute(base)


# --- kept: JSON export and cache ------------------------------------------------------------


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(dues=due_variants())
def test_json_export_round_trips_due_dates(tmp_path: Path, dues: dict[str, str | None]) -> None:
    from policytl.export import ExportOptions, Format, render

    timeline = with_dues(load_timeline(), dues)
    path = tmp_path / "out.json"
    path.write_text(render(Format.JSON, timeline, ExportOptions()), encoding="utf-8")
    back = load_timeline(path, cache=False)
    assert [(e.id, e.due) for e in back.events] == [(e.id, e.due) for e in timeline.events]
    assert back.events == timeline.events
    for e in json.loads(path.read_text(encoding="utf-8"))["events"]:
        if "due" in e:
            due = parse_date(e["due"])
            assert (e["due_start"], e["due_end"], e["due_precision"]) == (
                due.start.isoformat(),
                due.end.isoformat(),
                due.precision.value,
            )


def test_cache_keeps_due_dates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYTL_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("POLICYTL_NO_CACHE", raising=False)
    path = tmp_path / "timeline.yaml"
    path.write_bytes(DATA.read_bytes())
    fresh = load_timeline([path], cache=False)
    first = load_timeline([path])
    assert list((tmp_path / "cache").glob("*.jsonl"))
    hit = load_timeline([path])
    assert hit == first == fresh
    assert [e.due for e in hit.events] == [e.due for e in fresh.events]
    assert sum(e.due is not None for e in hit.events) == 1


# --- shown: the chart --------------------------------------------------------------------


def draw(timeline: Timeline, width: int) -> list[str]:
    out = io.StringIO()
    console = Environment(out, io.StringIO(), False, False, width).console()
    for renderable in chart(timeline, width, Lanes.JURISDICTION, Lang.EN):
        console.print(renderable)
    return out.getvalue().splitlines()


@settings(max_examples=40, deadline=None)
@given(due=dates(), width=st.integers(MIN_CHART_WIDTH, 200))
def test_chart_draws_an_arrow_to_any_due_date_within_the_width(due: str, width: int) -> None:
    base = load_timeline()
    goal = next(e for e in base.events if e.id == GOAL)
    target: PolicyDate = parse_date(due)
    if target.end < goal.date.start:
        return
    timeline = with_dues(base, {GOAL: due})
    lines = draw(timeline, width)
    assert all(cell_len(line) <= width for line in lines)
    # one tick per year, from 2016 to the later of 2020 and the due date's last year
    assert lines[1].count("┬") == max(2020, target.end.year) - 2016 + 1
    legend = " ".join(line.strip() for line in lines[-3:])  # a narrow legend wraps
    assert "●╌╌→ set, then due" in legend


def test_list_view_below_the_chart_width_names_the_due_date() -> None:
    lines = draw(load_timeline(), MIN_CHART_WIDTH - 1)
    (goal,) = [line for line in lines if line.startswith("  2020-06-30  By 2022")]
    assert goal.endswith("… → due 2022")


def test_a_day_before_the_axis_end_is_drawn_at_its_column() -> None:
    timeline = with_dues(load_timeline(), {GOAL: "2021-07-01"})
    lines = draw(timeline, 120)
    (arrow,) = [line for line in lines if "→" in line and "set, then due" not in line]
    # 2016..2021 over 112 cells: 2021-07-01 is at cell (days * 112 // total) after the names
    days = date(2021, 7, 1).toordinal() - date(2016, 1, 1).toordinal()
    total = date(2022, 1, 1).toordinal() - date(2016, 1, 1).toordinal()
    assert arrow.index("→") == 8 + days * 112 // total


# --- written: policytl add ------------------------------------------------------------------


def test_add_writes_a_due_date_after_the_date(tmp_path: Path) -> None:
    path = tmp_path / "timeline.yaml"
    path.write_bytes(DATA.read_bytes())
    args = ["add", str(path), "--date", "2020-06-30", "--kind", "target", "-j", "CN-BJ"]
    args += ["--title-en", "A test goal", "--source", "panews-2020-07-01", "--quote", "到2022年"]
    result = invoke([*args, "--due", "2025", "--dry-run", "--no-interactive"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "  - id: test-goal\n"
        '    date: "2020-06-30"\n'
        '    due: "2025"\n'
        "    kind: target\n"
        "    jurisdiction: CN-BJ\n"
        "    issuers: []\n"
        "    title: {en: A test goal}\n"
        "    sources:\n"
        "      - source: panews-2020-07-01\n"
        "        quote: 到2022年\n"
        "\n"  # the blank line between events: it goes before the plan's goal, whose
        # document is named by id (on one date: stage, then document, then id)
    )
    early = invoke([*args, "--due", "2019", "--dry-run", "--no-interactive"])
    assert early.exit_code == 1
    assert "(id: test-goal).due: due date '2019' is before the event's date" in early.stderr
    assert path.read_bytes() == DATA.read_bytes()
