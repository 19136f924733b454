"""The chart view: a time axis in the terminal, exact at fixed widths."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from policytl import load_timeline
from policytl.cli.context import Environment
from policytl.model.dates import parse_date
from policytl.model.records import Body, Event, Jurisdiction, Lang, Text, Timeline
from policytl.render.chart import MIN_CHART_WIDTH, Lanes, chart, event_label, title_cells

from ..goldens import assert_golden

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "chart"


def draw(
    timeline: Timeline, width: int, lanes: Lanes = Lanes.JURISDICTION, lang: Lang = Lang.EN
) -> str:
    """The chart as a terminal without colour shows it."""
    out = io.StringIO()
    console = Environment(out, io.StringIO(), False, False, width).console()
    for renderable in chart(timeline, width, lanes, lang):
        console.print(renderable)
    return out.getvalue()


@pytest.mark.parametrize(
    ("width", "lanes", "lang", "name"),
    [
        (120, Lanes.JURISDICTION, Lang.EN, "jurisdiction-en-120.txt"),
        (40, Lanes.JURISDICTION, Lang.EN, "jurisdiction-en-40.txt"),
        (100, Lanes.BODY, Lang.ZH, "body-zh-100.txt"),
        (60, Lanes.JURISDICTION, Lang.BOTH, "jurisdiction-both-60.txt"),
        (160, Lanes.JURISDICTION, Lang.ZH, "jurisdiction-zh-160.txt"),
        (160, Lanes.BODY, Lang.EN, "body-en-160.txt"),
    ],
)
def test_chart_on_shipped_data_is_exact(width: int, lanes: Lanes, lang: Lang, name: str) -> None:
    assert_golden(GOLDEN / name, draw(load_timeline(), width, lanes, lang))


def test_wide_chart_shows_precision_honestly() -> None:
    text = draw(load_timeline(), 120)
    lines = text.splitlines()
    ruler, beijing = lines[1], lines[2]
    # 2016-02 is a month (○); 2019-10-24 a day (●); the year 2020 a span to the year's end;
    # every event is labelled with its title, cut to a quarter of the plot (29 cells)
    assert "○ Zhongguancun Blockchain Ind…" in beijing
    assert "● China's top leadership make…" in text
    year = lines[4]
    assert "├───────────────┤ Beijing's government work r…" in year
    # a span starts under the tick of its year: 2020 begins at the fifth ┬
    assert year.index("├") == [i for i, c in enumerate(ruler) if c == "┬"][4]
    assert lines[-1] == (
        "● day   ○ month   ├──┤ a year or interval, over all its days   ●╌╌→ set, then due"
    )


def test_a_target_is_drawn_where_it_was_set_with_an_arrow_to_its_due_date() -> None:
    lines = draw(load_timeline(), 120).splitlines()
    ruler = lines[1]
    (target,) = [line for line in lines if "╌" in line and "set, then due" not in line]
    assert len(target) == len(ruler) == 120
    # set on 2020-06-30 (a day, ●), due in 2022 (a year: its span, reached by the arrow)
    assert target.endswith("By 2022, initially build Be… ●" + "╌" * 24 + "→──────────────┤")
    days = date(2020, 6, 30).toordinal() - date(2016, 1, 1).toordinal()
    total = date(2023, 1, 1).toordinal() - date(2016, 1, 1).toordinal()
    assert target.index("●") == ruler.index("┬") + days * (120 - 8) // total
    # the arrow ends where 2022 begins: under the last tick
    assert target.rindex("→") == ruler.rindex("┬")


def test_the_axis_reaches_the_last_due_date() -> None:
    tl = load_timeline()
    # without its due date, the data ends in 2020
    plain = tl.with_events([replace(e, due=None) for e in tl.events])
    assert draw(plain, 120).splitlines()[0].rstrip().endswith("2020")
    assert draw(tl, 120).splitlines()[0].rstrip().endswith("2022")


def test_a_due_date_under_the_marker_gets_no_arrow() -> None:
    tl = load_timeline()
    events = [
        replace(e, due=parse_date("2020-06-30")) if e.due is not None else e for e in tl.events
    ]
    lines = draw(tl.with_events(events), 120).splitlines()
    assert not any("╌" in line or "→" in line for line in lines[2:-1])


def test_wide_chart_marks_an_uncertain_date() -> None:
    # The shipped data has no uncertain date (README: "The curated data set"): make one.
    tl = load_timeline()
    events = [
        replace(e, date=parse_date("2020-05?"))
        if e.id == "government-blockchain-procurement-count"
        else e
        for e in tl.events
    ]
    lines = draw(tl.with_events(sorted(events, key=lambda e: e.sort_key)), 120).splitlines()
    assert lines[-2].endswith("○ Public government blockchai…?")
    assert lines[-1] == (
        "● day   ○ month   ├──┤ a year or interval, over all its days   ●╌╌→ set, then due"
        "   ? uncertain"
    )


def test_narrow_terminal_gets_a_list_below_the_threshold() -> None:
    tl = load_timeline()
    assert "┬" in draw(tl, MIN_CHART_WIDTH)
    below = draw(tl, MIN_CHART_WIDTH - 1)
    assert "┬" not in below
    assert below.splitlines()[:3] == [
        "Beijing",
        "  2016-02     Zhongguancun Blockchain Industry Alliance fo…",
        "  2016-02     Zhongguancun Startup Commune Blockchain Inte…",
    ]


def test_list_keeps_dates_as_written() -> None:
    text = draw(load_timeline(), 40)
    for e in load_timeline().events:
        assert f"  {e.date.text} " in text
    assert "  2020        Beijing's government work…\n" in text  # a year stays a year


def test_body_lanes_put_a_co_issued_event_in_each_lane() -> None:
    text = draw(load_timeline(), 100, Lanes.BODY, Lang.EN)
    assert "Beijing DRC" in text  # never a lead issuer, still has a lane
    assert text.count("Beijing's 13th Five…") == 2
    assert "(no issuer)" in text.splitlines()[-3]


def test_event_labels_are_titles_whatever_the_issuers() -> None:
    tl = load_timeline()
    by_id = {e.id: e for e in tl.events}
    joint = by_id["bj-13th-fyp-finance"]  # two issuers
    assert len(joint.issuers) == 2
    assert event_label(joint, Lang.EN) == "Beijing's 13th Five…"
    assert event_label(joint, Lang.ZH) == "北京市“十三五”时期…"
    assert event_label(joint, Lang.ZH, 40) == "北京市“十三五”时期金融业发展规划将区块…"
    no_issuer = by_id["government-blockchain-procurement-count"]
    assert no_issuer.issuers == ()
    assert event_label(no_issuer, Lang.ZH) == "政府区块链公开采购…"
    assert cell_len("政府区块链公开采购…") <= 20
    assert event_label(ev("u", "2020-05?", "Uncertain"), Lang.EN) == "Uncertain?"


@pytest.mark.parametrize("width", [60, 100, 160])
def test_every_mark_is_labelled_with_its_title(width: int) -> None:
    tl = load_timeline()
    cap = title_cells(
        width - 1 - max(cell_len(j.name.get("en")) for j in tl.jurisdictions.values())
    )
    by_jur = draw(tl, width, Lanes.JURISDICTION, Lang.EN)
    for e in tl.events:
        assert event_label(e, Lang.EN, cap) in by_jur, e.id


def test_wide_terminals_give_labels_the_free_space() -> None:
    assert [title_cells(c) for c in (40, 80, 100, 153)] == [20, 20, 25, 38]
    text = draw(load_timeline(), 160, Lanes.JURISDICTION, Lang.ZH)
    # whole titles up to a quarter of the plot (38 cells), not cut at 20
    for title in ("中关村区块链产业联盟正式成立", "区块链被纳入新基建基础设施的一部分"):
        assert f"○ {title} " in text or f"○ {title}\n" in text
    assert "北京市金融工作局发布2016年度绩效任务,…" in text


def ev(eid: str, when: str, title: str = "t", **kw: Any) -> Event:
    return Event(
        id=eid,
        date=parse_date(when),
        kind="statement",
        jurisdiction=kw.get("jurisdiction", "X"),
        issuers=tuple(kw.get("issuers", ())),
        title=Text(en=title, zh=kw.get("zh")),
        sources=(),
    )


def made(*events: Event, bodies: dict[str, Body] | None = None) -> Timeline:
    return Timeline(
        sorted(events, key=lambda e: e.sort_key),
        bodies=bodies or {},
        jurisdictions={"X": Jurisdiction(code="X", name=Text(en="Xland"))},
    )


HOSTILE = "[b]x[/b]\x1b\u202e"
SHOWN = "[b]x[/b]\\x1b\\u202e"


def test_hostile_labels_appear_literally() -> None:
    body = Body(
        id="b",
        name=Text(en="[link=http://x]B[/link]"),
        level="none",
        jurisdiction="X",
        classification="other",
    )
    tl = made(
        ev("a", "2020-03", HOSTILE),
        ev("c", "2021-05-05", "ok", issuers=["b"]),
        bodies={"b": body},
    )
    for width in (40, 120):
        for lanes in Lanes:
            text = draw(tl, width, lanes)
            assert "\x1b" not in text and "\u202e" not in text
            assert SHOWN in text  # the title (no issuer): escaped, not interpreted
            if lanes is Lanes.BODY:
                assert "[link=http://x]B[/link]" in text  # the lane's name


def test_empty_timeline() -> None:
    assert draw(made(), 80) == "No events to chart.\n"


def test_interval_and_single_year() -> None:
    tl = made(ev("a", "2001-06/2003-02", "span"), ev("b", "2002", "yr"))
    lines = draw(tl, 64).splitlines()
    assert lines[0].split() == ["2001", "2002", "2003"]
    # the interval from mid-2001 to early 2003 and the year 2002 are both drawn over their days
    assert lines[2].count("├") == 1 and lines[3].count("├") == 1
    span_row = next(line for line in lines if "span" in line)
    year_row = next(line for line in lines if "yr" in line)
    assert span_row.index("├") < year_row.index("├") < year_row.index("┤") < span_row.index("┤")


words = st.text(
    alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Zs", "Cc"]),
    min_size=0,
    max_size=40,
)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["2016", "2016-02", "2017-11-30", "2019-05?", "2018/2020"]), words
        ),
        min_size=1,
        max_size=12,
    ),
    st.integers(min_value=20, max_value=200),
    st.sampled_from(list(Lanes)),
    st.sampled_from(list(Lang)),
)
def test_no_line_is_wider_than_the_terminal(
    items: list[tuple[str, str]], width: int, lanes: Lanes, lang: Lang
) -> None:
    tl = made(*(ev(f"e{i}", d, t or "x", zh=t or None) for i, (d, t) in enumerate(items)))
    text = draw(tl, width, lanes, lang)
    assert "\x1b" not in text
    for line in text.splitlines()[:-1]:  # the legend may wrap
        assert cell_len(line) <= width
