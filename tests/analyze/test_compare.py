"""`policytl compare`: sides, the shared time axis, who moved first, formats, errors."""

from __future__ import annotations

import calendar
import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from rich.cells import cell_len

from policytl import load_timeline
from policytl.analyze.compare import By, Move, compare, lead_between, resolve_side, resolve_sides
from policytl.model.dates import PolicyDate, parse_date
from policytl.model.errors import UsageError
from policytl.model.records import Event, Jurisdiction, Text, Timeline

from ..conftest import FIXTURES, invoke
from ..goldens import assert_golden

LEADS = str(FIXTURES / "compare" / "leads.yaml")
PERIODS = str(FIXTURES / "compare" / "periods.yaml")
GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "compare"


def golden(name: str, actual: str) -> None:
    """Compare with tests/golden/compare/NAME (see tests/goldens.py)."""
    assert_golden(GOLDEN / name, actual)


# --- the article's claim on the shipped data ----------------------------------------------


def test_beijing_moved_before_the_centre_core() -> None:
    c = compare(load_timeline(), ["CN-BJ", "CN"])
    themes = {t.tag: t for t in c.themes}
    chain = themes["blockchain"]
    assert [(m.side, m.event.id, m.event.date.text) for m in chain.moves] == [
        ("CN-BJ", "zgc-blockchain-alliance-founded", "2016-02"),
        ("CN", "state-council-13th-fyp-informatization", "2016-12"),
    ]
    (lead,) = chain.leads
    assert (lead.leader, lead.other, lead.status) == ("CN-BJ", "CN", "first")
    assert (lead.min_months, lead.max_months) == (10, 10)
    assert chain.text() == "CN-BJ first by 10 months"
    assert themes["five-year-plan"].text() == "same month"
    assert list(themes) == ["blockchain", "five-year-plan"]
    assert dict(c.only) == {
        "CN-BJ": (
            "action-plan",
            "e-government",
            "fintech",
            "funding",
            "incubator",
            "industry-alliance",
            "open-source",
            "sandbox",
            "standards",
            "subsidy",
            "talent",
            "target",
        ),
        "CN": ("new-infrastructure", "procurement", "statistic", "strategy"),
    }
    assert [(s.label, len(s.events), s.first, s.last) for s in c.sides] == [
        ("CN-BJ", 11, "2016-02", "2020-06-30"),
        ("CN", 4, "2016-12", "2020-05"),
    ]


def test_beijing_moved_before_the_centre_cli() -> None:
    result = invoke(["compare", "CN-BJ", "CN"])
    assert result.exit_code == 0
    assert result.stderr == ""
    assert "blockchain      CN-BJ 2016-02 · CN 2016-12  CN-BJ first by 10 months" in (
        result.stdout.splitlines()
    )
    golden("cn-bj-vs-cn.txt", result.stdout)


def test_order_of_sides_does_not_change_who_moved_first() -> None:
    result = invoke(["compare", "CN", "CN-BJ", "--format", "json"])
    doc = json.loads(result.stdout)
    chain = next(t for t in doc["themes"] if t["tag"] == "blockchain")
    assert chain["text"] == "CN-BJ first by 10 months"
    assert [m["side"] for m in chain["moves"]] == ["CN-BJ", "CN"]


def test_names_and_aliases_read_as_the_filters_read_them() -> None:
    a = invoke(["compare", "CN-BJ", "CN", "--format", "json"])
    b = invoke(["compare", "bj", "中央", "--format", "json"])
    c = invoke(["compare", "beijing", "national", "--by", "jurisdiction", "--format", "json"])
    assert a.exit_code == b.exit_code == c.exit_code == 0
    assert a.stdout == b.stdout == c.stdout


def test_filters_select_events_before_the_split() -> None:
    result = invoke(["compare", "CN-BJ", "CN", "--since", "2017", "--format", "json"])
    doc = json.loads(result.stdout)
    assert doc["filters"] == "--since 2017"
    chain = next(t for t in doc["themes"] if t["tag"] == "blockchain")
    assert [m["event"]["date"] for m in chain["moves"]] == ["2017-04", "2019-10-24"]
    assert chain["text"] == "CN-BJ first by 30 months"


def test_body_sides_follow_lead_only_and_include_children() -> None:
    tl = load_timeline()
    plain = compare(tl, ["beijing-municipality", "state-council"])
    assert [len(s.events) for s in plain.sides] == [5, 1]
    assert {t.tag: t.text() for t in plain.themes}["blockchain"] == (
        "state-council first by 4 months"
    )
    kids = compare(tl, ["beijing-municipality", "state-council"], include_children=True)
    assert [len(s.events) for s in kids.sides] == [8, 1]
    assert {t.tag: t.text() for t in kids.themes}["blockchain"] == (
        "beijing-municipality first by 4 months"
    )
    lead = compare(tl, ["bj-drc", "state-council"], lead_only=True)
    assert [len(s.events) for s in lead.sides] == [0, 1]


def test_tag_sides() -> None:
    c = compare(load_timeline(), ["fintech", "funding"])
    assert [(s.by, s.label, len(s.events)) for s in c.sides] == [
        (By.TAG, "fintech", 4),
        (By.TAG, "funding", 3),
    ]
    assert {t.tag: t.text() for t in c.themes}["blockchain"] == "fintech first by 4 months"


# --- resolving sides ----------------------------------------------------------------------


def test_beijing_is_both_a_jurisdiction_and_a_body_in_the_shipped_data() -> None:
    tl = load_timeline()
    with pytest.raises(UsageError):
        resolve_side(tl, "beijing")
    assert resolve_side(tl, "beijing", "jurisdiction") == (By.JURISDICTION, "CN-BJ")
    assert resolve_side(tl, "beijing", "body") == (By.BODY, "beijing-municipality")


@pytest.mark.parametrize(
    ("args", "stderr"),
    [
        (
            ["beijing", "CN", "pboc"],
            "policytl: error: side 'beijing' is ambiguous: it names jurisdiction CN-BJ, "
            "body beijing-municipality; use one of these ids\n",
        ),
        (
            ["北京市", "CN-BJ"],
            "policytl: error: side '北京市' is ambiguous: it names jurisdiction CN-BJ, "
            "body beijing-municipality; use one of these ids\n",
        ),
        (
            ["beijng", "CN"],
            "policytl: error: unknown side 'beijng': not a jurisdiction, body or tag in the "
            "data; did you mean 'beijing', 'beijing drc', 'bj'?\n",
        ),
        (
            ["CN-BJ", "CN", "--by", "body"],
            "policytl: error: unknown body 'CN-BJ' for --by body\n",
        ),
        (
            ["blockchian", "fintech", "--by", "tag"],
            "policytl: error: no event has tag 'blockchian' (--by tag); "
            "did you mean 'blockchain'?\n",
        ),
        (
            ["CN", "china"],
            "policytl: error: sides 'CN' and 'china' are the same: jurisdiction CN\n",
        ),
        (
            ["CN"],
            "policytl: error: compare needs at least two sides, e.g. `policytl compare CN-BJ CN`\n",
        ),
        (
            ["CN-BJ", "CN", "--since", "2020", "--until", "2019"],
            "policytl: error: --since '2020' is after --until '2019'; nothing can match\n",
        ),
    ],
)
def test_usage_errors(args: list[str], stderr: str) -> None:
    result = invoke(["compare", *args])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == stderr


def test_ambiguity_across_kinds_in_a_fixture() -> None:
    # 'shared' is the jurisdiction XA and the body shared-office; XB is only a jurisdiction
    taken = invoke(["compare", "shared", "XB", "--data", LEADS, "--format", "json"])
    by_ids = invoke(["compare", "XA", "XB", "--data", LEADS, "--format", "json"])
    assert (taken.exit_code, taken.stderr) == (0, "")
    assert taken.stdout == by_ids.stdout
    alone = invoke(["compare", "shared", "shared-office", "--data", LEADS])
    assert alone.exit_code == 2
    assert alone.stderr == (
        "policytl: error: side 'shared' is ambiguous: it names jurisdiction XA, "
        "body shared-office; use one of these ids\n"
    )
    forced = invoke(["compare", "shared", "XB", "--data", LEADS, "--by", "jurisdiction"])
    assert forced.exit_code == 0


NAMES = FIXTURES / "compare" / "names.yaml"
J, B, T = By.JURISDICTION, By.BODY, By.TAG


@pytest.mark.parametrize(
    ("names", "sides"),
    [
        # every name has one reading: taken, even when the kinds differ
        (["XA", "beta-board"], [(J, "XA"), (B, "beta-board")]),
        (["丙地", "reform"], [(J, "XC"), (T, "reform")]),
        # 'capital' is XA (alias) and capital-office (alias); XB/乙地 only jurisdictions
        (["capital", "XB"], [(J, "XA"), (J, "XB")]),
        (["capital", "乙地"], [(J, "XA"), (J, "XB")]),
        (["XC", "capital"], [(J, "XC"), (J, "XA")]),
        # 甲地 is XA (Chinese name) and capital-office (Chinese short name)
        (["甲地", "乙地"], [(J, "XA"), (J, "XB")]),
        (["甲地", "乙委"], [(B, "capital-office"), (B, "beta-board")]),
        (["Capital", "twin-a"], [(B, "capital-office"), (B, "twin-a")]),
        (["CAPITAL", "Twin B", "乙委"], [(B, "capital-office"), (B, "twin-b"), (B, "beta-board")]),
        # 'pilot' is a body alias and a tag; 'reform' only a tag
        (["pilot", "reform"], [(T, "pilot"), (T, "reform")]),
        (["pilot", "beta-board"], [(B, "pilot-team"), (B, "beta-board")]),
        # two ambiguous names with one kind in common
        (["pilot", "capital", "twin-a"], [(B, "pilot-team"), (B, "capital-office"), (B, "twin-a")]),
        (
            ["pilot", "capital", "beta"],
            [(B, "pilot-team"), (B, "capital-office"), (B, "beta-board")],
        ),
    ],
)
def test_the_other_sides_choose_the_reading(names: list[str], sides: list[tuple[By, str]]) -> None:
    assert resolve_sides(load_timeline([NAMES]), names) == sides


@pytest.mark.parametrize(
    ("names", "error"),
    [
        # both readings fit every side: a real choice
        (
            ["capital", "beta"],
            "side 'capital' is ambiguous: it names jurisdiction XA, body capital-office; "
            "use --by jurisdiction or --by body",
        ),
        (
            ["capital"],
            "side 'capital' is ambiguous: it names jurisdiction XA, body capital-office; "
            "use --by jurisdiction or --by body",
        ),
        # no kind fits every side (XB is a jurisdiction, twin-a a body)
        (
            ["capital", "XB", "twin-a"],
            "side 'capital' is ambiguous: it names jurisdiction XA, body capital-office; "
            "use one of these ids",
        ),
        # the one reading that fits would make two sides the same
        (
            ["capital", "XA"],
            "side 'capital' is ambiguous: it names jurisdiction XA, body capital-office; "
            "use one of these ids",
        ),
        # two bodies answer to 'twins': no other side can choose between them
        (
            ["twins", "capital"],
            "side 'twins' is ambiguous: it names body twin-a, body twin-b; use one of these ids",
        ),
        (
            ["XA", "twins"],
            "side 'twins' is ambiguous: it names body twin-a, body twin-b; use one of these ids",
        ),
        (
            ["pilot", "capital", "reform"],
            "side 'pilot' is ambiguous: it names body pilot-team, tag pilot; use one of these ids",
        ),
        (
            ["capital", "nowhere"],
            "unknown side 'nowhere': not a jurisdiction, body or tag in the data",
        ),
    ],
)
def test_a_real_choice_stays_an_error(names: list[str], error: str) -> None:
    with pytest.raises(UsageError) as caught:
        resolve_sides(load_timeline([NAMES]), names)
    assert str(caught.value) == error


@pytest.mark.parametrize(
    ("typed", "ids"),
    [
        (["beijing", "national"], ["CN-BJ", "CN"]),
        (["北京", "中央"], ["CN-BJ", "CN"]),
        (["national", "北京市"], ["CN", "CN-BJ"]),
        (["beijing", "pboc"], ["beijing-municipality", "pboc"]),
        (["北京市", "国务院"], ["beijing-municipality", "state-council"]),
        (["bj", "央行"], ["CN-BJ", "pboc"]),
    ],
)
def test_shipped_names_resolve_in_the_cli(typed: list[str], ids: list[str]) -> None:
    result = invoke(["compare", *typed, "--format", "json"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == invoke(["compare", *ids, "--format", "json"]).stdout


def test_no_event_matches() -> None:
    result = invoke(["compare", "CN-BJ", "CN", "--search", "no such words"])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "policytl: no event of CN-BJ, CN matches --search 'no such words'\n"


# --- the lead arithmetic ------------------------------------------------------------------

LEAD_CASES = {
    # tag: (text, status, min months, max months)
    "year-vs-month": ("XA first by 2–13 months", "first", 2, 13),
    "month-vs-day": ("XA first by 3 months", "first", 3, 3),
    "day-vs-month": ("XA first by 1 month", "first", 1, 1),
    "month-contains-day": ("same month", "same-month", 0, 0),
    "year-overlaps-month": ("order uncertain", "uncertain", -6, 5),
    "same-year": ("same year", "same-year", -11, 11),
    "same-day": ("same day", "same-day", 0, 0),
    "days-same-month": ("XA first, in the same month", "first", 0, 0),
    "uncertain": ("XA first by 6 months (uncertain date)", "first", 6, 6),
    "interval-start": ("XA first by 4 months", "first", 4, 4),
    "bounded": ("XA first by 3–5 months", "first", 3, 5),
    "b-first": ("XB first by 12 months", "first", 12, 12),
}


@pytest.mark.parametrize("tag", sorted(LEAD_CASES))
def test_leads_from_imprecise_dates(tag: str) -> None:
    c = compare(load_timeline([LEADS]), ["XA", "XB"])
    theme = next(t for t in c.themes if t.tag == tag)
    (lead,) = theme.leads
    assert (theme.text(), lead.status, lead.min_months, lead.max_months) == LEAD_CASES[tag]


def test_leads_text_view_exact() -> None:
    result = invoke(
        ["compare", "XA", "XB", "--data", LEADS, "--lang", "en"], env={"COLUMNS": "120"}
    )
    assert result.exit_code == 0
    # the verdict comes first: right after the title line and a blank line
    tail = result.stdout.split("\n\n")[1]
    assert [line.rstrip() for line in tail.splitlines()] == [
        "Who moved first",
        "bounded              XA 2016 (at the latest 2016-03) · XB 2016-06  XA first by 3–5 months",
        "same-year            XA 2016 · XB 2016                             same year",
        "year-overlaps-month  XA 2016 · XB 2016-06                          order uncertain",
        "year-vs-month        XA 2016 · XB 2017-02                          "
        "XA first by 2–13 months",
        "day-vs-month         XA 2016-01-31 · XB 2016-02                    XA first by 1 month",
        "interval-start       XA 2016-02/2018 · XB 2016-06                  XA first by 4 months",
        "month-contains-day   XA 2016-02 · XB 2016-02-15                    same month",
        "month-vs-day         XA 2016-02 · XB 2016-05-10                    XA first by 3 months",
        "days-same-month      XA 2016-03-01 · XB 2016-03-20                 "
        "XA first, in the same month",
        "same-day             XA 2016-03-01 · XB 2016-03-01                 same day",
        "uncertain            XA 2016-03? · XB 2016-09                      "
        "XA first by 6 months (uncertain date)",
        "b-first              XB 2017-07 · XA 2018-07                       XB first by 12 months",
    ]


def _event(eid: str, d: PolicyDate, jurisdiction: str, tags: tuple[str, ...] = ()) -> Event:
    return Event(
        id=eid,
        date=d,
        kind="statement",
        jurisdiction=jurisdiction,
        issuers=(),
        title=Text(en="t"),
        sources=(),
        tags=tags,
    )


def _move(side: str, text: str) -> Move:
    d = parse_date(text)
    e = _event(side + "-e", d, "XX")
    return Move(side, e, None, d.start, d.end)


def _month(d: date) -> int:
    return d.year * 12 + d.month


def _dates() -> st.SearchStrategy[str]:
    year = st.integers(2014, 2018).map(lambda y: f"{y}")
    month = st.tuples(st.integers(2014, 2018), st.integers(1, 12)).map(
        lambda t: f"{t[0]}-{t[1]:02d}"
    )
    # every day of the month, month ends (29, 30, 31) included
    day = st.tuples(st.integers(2014, 2018), st.integers(1, 12)).flatmap(
        lambda t: st.integers(1, _month_end(*t)).map(lambda d: f"{t[0]}-{t[1]:02d}-{d:02d}")
    )
    return st.one_of(year, month, day)


@given(_dates(), _dates(), st.data())
def test_lead_range_holds_every_possible_lead(
    a_text: str, b_text: str, data: st.DataObject
) -> None:
    a, b = _move("A", a_text), _move("B", b_text)
    if (b.lo, b.hi) < (a.lo, a.hi):
        a, b = b, a
    lead = lead_between(a, b)
    # Any day each date may denote gives a lead inside the range ...
    x = data.draw(st.dates(a.lo, a.hi))
    y = data.draw(st.dates(b.lo, b.hi))
    assert lead.min_months <= _month(y) - _month(x) <= lead.max_months
    # ... the bounds are reached (never overstated) ...
    assert _month(b.lo) - _month(a.hi) == lead.min_months
    assert _month(b.hi) - _month(a.lo) == lead.max_months
    # ... and "first" is claimed exactly when no such pair puts B first or level.
    assert (lead.status == "first") == (a.hi < b.lo)
    if lead.status == "first":
        assert x < y
    else:
        assert b.lo <= a.hi  # B could have moved on or before A's last possible day
    if lead.status in ("same-month", "same-day"):
        assert lead.min_months == lead.max_months == 0
    if lead.status == "uncertain":
        assert lead.min_months < lead.max_months


# --- the shared time axis -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "rows"),
    [
        (
            "year",
            [
                ("2019", ["a-2019", "a-2019-02", "a-2019-11-05"], ["b-2019-05"]),
                ("2020", [], ["b-2020", "b-2020-07-01"]),
            ],
        ),
        (
            "quarter",
            [
                ("2019", ["a-2019"], []),
                ("2019-Q1", ["a-2019-02"], []),
                ("2019-Q2", [], ["b-2019-05"]),
                ("2019-Q4", ["a-2019-11-05"], []),
                ("2020", [], ["b-2020"]),
                ("2020-Q3", [], ["b-2020-07-01"]),
            ],
        ),
        (
            "month",
            [
                ("2019", ["a-2019"], []),
                ("2019-02", ["a-2019-02"], []),
                ("2019-05", [], ["b-2019-05"]),
                ("2019-11", ["a-2019-11-05"], []),
                ("2020", [], ["b-2020"]),
                ("2020-07", [], ["b-2020-07-01"]),
            ],
        ),
    ],
)
def test_periods_rows(period: str, rows: list[tuple[str, list[str], list[str]]]) -> None:
    c = compare(load_timeline([PERIODS]), ["XA", "XB"], period=period)
    got = [(r.label, [e.id for e in r.cells[0]], [e.id for e in r.cells[1]]) for r in c.rows]
    assert got == rows


@pytest.mark.parametrize("period", ["year", "quarter", "month"])
def test_periods_text_exact(period: str) -> None:
    result = invoke(["compare", "XA", "XB", "-d", PERIODS, "-p", period, "-l", "en"])
    assert result.exit_code == 0
    assert result.stderr == ""
    golden(f"periods-{period}.txt", result.stdout)


# --- formats ------------------------------------------------------------------------------


def test_json_format() -> None:
    result = invoke(["compare", "CN-BJ", "CN", "--format", "json", "--period", "quarter"])
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["format"] == "policytl-compare/1"
    assert doc["period"] == "quarter"
    assert doc["sides"][0] == {
        "label": "CN-BJ",
        "by": "jurisdiction",
        "id": "CN-BJ",
        "name": {"zh": "北京市", "en": "Beijing"},
        "events": 11,
        "first": "2016-02",
        "last": "2020-06-30",
    }
    # the 2022 goal is in the quarter it was set: no row for 2022
    assert [r["period"] for r in doc["rows"]] == [
        "2016-Q1",
        "2016-Q3",
        "2016-Q4",
        "2017-Q2",
        "2018-Q2",
        "2019-Q4",
        "2020",
        "2020-Q2",
    ]
    goal = [e for e in doc["rows"][-1]["cells"]["CN-BJ"] if e["id"] == "bj-blockchain-2022-goal"]
    assert goal == [
        {
            "id": "bj-blockchain-2022-goal",
            "date": "2020-06-30",
            "due": "2022",
            "title": {
                "zh": "到2022年把北京初步建设成为具有影响力的区块链科技创新、应用示范、产业发展、"
                "创新人才高地",
                "en": "By 2022, initially build Beijing into an influential hub of blockchain "
                "sci-tech innovation, application demonstration, industry development and "
                "innovative talent",
            },
        }
    ]
    assert [e["id"] for e in doc["rows"][2]["cells"]["CN"]] == [
        "state-council-13th-fyp-informatization"
    ]
    chain = doc["themes"][0]
    assert chain["tag"] == "blockchain"
    assert chain["leads"] == [
        {
            "leader": "CN-BJ",
            "other": "CN",
            "first": "CN-BJ",
            "status": "first",
            "min_months": 10,
            "max_months": 10,
            "uncertain_date": False,
            "text": "CN-BJ first by 10 months",
        }
    ]
    assert chain["moves"][0]["lo"] == "2016-02-01"
    assert chain["moves"][0]["hi"] == "2016-02-29"


def test_markdown_format() -> None:
    result = invoke(["compare", "CN-BJ", "CN", "--format", "markdown", "--lang", "en"])
    assert result.exit_code == 0
    golden("cn-bj-vs-cn.md", result.stdout)
    tokens = MarkdownIt("commonmark").enable("table").parse(result.stdout)
    assert sum(1 for t in tokens if t.type == "table_open") == 2
    cells = [t.content for t in tokens if t.type == "inline"]
    assert "CN-BJ Beijing" in cells
    assert any(
        c.startswith("**blockchain**:") and c.endswith("CN-BJ first by 10 months") for c in cells
    )


def test_hostile_text_stays_literal(tmp_path: Path) -> None:
    data = tmp_path / "hostile.yaml"
    data.write_text(
        "format: policytl/1\n"
        "sources: {s: {title: {en: S}}}\n"
        "jurisdictions: {XA: {name: {en: '[bold]A[/bold]'}}, XB: {name: {en: B}}}\n"
        "events:\n"
        "  - {id: a, date: '2016', kind: report, jurisdiction: XA, issuers: [], tags: [t],\n"
        '     title: {en: "\\e[31mred | *star* <script>"}, sources: [{source: s, quote: q}]}\n'
        "  - {id: b, date: '2017', kind: report, jurisdiction: XB, issuers: [], tags: [t],\n"
        "     title: {en: plain}, sources: [{source: s, quote: q}]}\n",
        encoding="utf-8",
    )
    text = invoke(["compare", "XA", "XB", "-d", str(data), "-l", "en"])
    assert text.exit_code == 0
    assert "\x1b" not in text.stdout
    assert "\\x1b[31mred | *star* <script>" in text.stdout
    assert "XA [bold]A[/bold]" in text.stdout
    md = invoke(["compare", "XA", "XB", "-d", str(data), "-l", "en", "-f", "markdown"])
    assert "\\[bold\\]A\\[/bold\\]" in md.stdout
    assert "\\<script\\>" in md.stdout and "\\|" in md.stdout
    html = MarkdownIt("commonmark").enable("table").render(md.stdout)
    assert "<script>" not in html
    assert "*star*" in html


def test_lang_default_is_both_at_every_width() -> None:
    for columns in ("60", "80", "100", "160", "200"):
        out = invoke(["compare", "CN-BJ", "CN"], env={"COLUMNS": columns}).stdout
        assert "Compare CN-BJ 北京市 / Beijing · CN 中国 / China" in out.replace("\n", " "), columns
    zh = invoke(["compare", "CN-BJ", "CN", "--lang", "zh"])
    assert "Compare CN-BJ 北京市 · CN 中国" in zh.stdout
    en = invoke(["compare", "CN-BJ", "CN", "--lang", "en"])
    assert "Compare CN-BJ Beijing · CN China" in en.stdout


def test_help_has_examples() -> None:
    result = invoke(["compare", "--help"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    start = [line.strip() for line in lines].index("Examples:")
    examples = [line.strip() for line in lines[start + 1 : start + 4]]
    assert examples == [
        "policytl compare CN-BJ CN",
        "policytl compare beijing national --by jurisdiction --period month",
        "policytl compare pboc state-council --since 2016 --format markdown",
    ]
    for example in examples:
        assert invoke(example.split()[1:]).exit_code == 0


def test_narrow_terminal_folds_rather_than_cuts() -> None:
    result = invoke(["compare", "CN-BJ", "CN"], env={"COLUMNS": "50"})
    assert result.exit_code == 0
    assert "…" not in result.stdout
    assert max(cell_len(line) for line in result.stdout.splitlines()) <= 50
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    start = lines.index("Who moved first")
    assert lines[start + 1 : start + 5] == [
        "blockchain      CN-BJ 2016-02    CN-BJ first by",
        "                CN 2016-12       10 months",
        "five-year-plan  CN-BJ 2016-12    same month",
        "                CN 2016-12",
    ]


# --- labels from sides of several events, against an independent oracle ---------------------
#
# Each side has several events on the theme, so its first move is bounded by the earliest
# start and the earliest end of them (not by one date), and both sides draw from one small
# pool of dates, so that equal ranges that are not a whole year (a month, a month end, a
# year cut short by a later month) come up often. The oracle reads the date strings itself.


def _month_end(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


@st.composite
def _date_texts(draw: st.DrawFn) -> str:
    y = draw(st.integers(2015, 2017))
    m = draw(st.integers(1, 12))
    # days 1, 15 and every day from 28 to the month's end (29, 30, 31 where they exist)
    d = draw(st.sampled_from([1, 15, *range(28, _month_end(y, m) + 1)]))
    start = draw(st.sampled_from([f"{y}", f"{y}-{m:02d}", f"{y}-{m:02d}-{d:02d}"]))
    if draw(st.integers(0, 4)):
        return start
    # an interval: only its start counts; its end is a later year, month or day
    end_y = draw(st.integers(y + 1, y + 2))
    end = draw(st.sampled_from([f"{end_y}", f"{end_y}-{m:02d}", f"{end_y}-{m:02d}-01"]))
    return f"{start}/{end}"


def _oracle_days(text: str) -> tuple[date, date]:
    """The days the start of a date string may denote, read from the string alone."""
    parts = [int(p) for p in text.split("/")[0].split("-")]
    y = parts[0]
    if len(parts) == 1:
        return date(y, 1, 1), date(y, 12, 31)
    if len(parts) == 2:
        return date(y, parts[1], 1), date(y, parts[1], _month_end(y, parts[1]))
    return date(y, parts[1], parts[2]), date(y, parts[1], parts[2])


def _oracle_text(sides: dict[str, list[str]]) -> str:
    """The theme's text by the documented contract, computed from the strings alone."""
    spans = {}
    for label, texts in sides.items():
        days = [_oracle_days(t) for t in texts]
        spans[label] = (min(lo for lo, _ in days), min(hi for _, hi in days))
    order = sorted(spans, key=lambda s: (spans[s], list(sides).index(s)))
    leader, others = order[0], order[1:]
    llo, lhi = spans[leader]
    out = []
    for other in others:
        olo, ohi = spans[other]
        # every possible pair of days: leads in calendar months, the fewest and the most
        least = (olo.year * 12 + olo.month) - (lhi.year * 12 + lhi.month)
        most = (ohi.year * 12 + ohi.month) - (llo.year * 12 + llo.month)
        one_pair = len(sides) == 2
        if lhi < olo:  # every day the leader may have moved is before every day of the other
            who = f"{leader} first" if one_pair else f"{leader} before {other}"
            if least == most == 0:
                out.append(f"{who}, in the same month")
            elif least == most:
                out.append(f"{who} by {least} month{'' if least == 1 else 's'}")
            else:
                out.append(f"{who} by {least}–{most} months")
            continue
        if llo == lhi == olo == ohi:
            words = "same day"
        elif len({(d.year, d.month) for d in (llo, lhi, olo, ohi)}) == 1:
            words = "same month"
        elif (llo, lhi) == (olo, ohi) == (date(llo.year, 1, 1), date(llo.year, 12, 31)):
            words = "same year"
        else:
            words = "order uncertain"
        out.append(words if one_pair else f"{leader} and {other}: {words}")
    return "; ".join(out)


@given(st.data())
def test_labels_of_sides_with_several_events_match_the_oracle(data: st.DataObject) -> None:
    pool = data.draw(st.lists(_date_texts(), min_size=1, max_size=4, unique=True), label="pool")
    n_sides = data.draw(st.integers(2, 3), label="sides")
    labels = ["XA", "XB", "XC"][:n_sides]
    sides = {
        label: data.draw(st.lists(st.sampled_from(pool), min_size=1, max_size=4), label=label)
        for label in labels
    }
    events = [
        _event(f"{label.lower()}-{i}", parse_date(text), label, tags=("t",))
        for label, texts in sides.items()
        for i, text in enumerate(texts)
    ]
    events.sort(key=lambda e: e.sort_key)
    timeline = Timeline(
        events,
        jurisdictions={label: Jurisdiction(code=label, name=Text(en=label)) for label in labels},
    )
    (theme,) = compare(timeline, labels).themes
    assert theme.text() == _oracle_text(sides)


@pytest.mark.parametrize(
    ("a", "b", "text"),
    [
        # a year and its last month: still the whole year, on both sides
        (["2016", "2016-12"], ["2016-12-31", "2016"], "same year"),
        # the same range, but not a whole year: the order is uncertain
        (["2016", "2016-03"], ["2016-03", "2016"], "order uncertain"),
        # an interval counts from its start: 2016-06-30 bounds the first move
        (["2016", "2016-06-30/2018"], ["2016"], "order uncertain"),
        # a month end against the whole month
        (["2016-02-29"], ["2016-02"], "same month"),
        (["2016-01-31", "2016"], ["2016-02-01"], "XA first by 1 month"),
    ],
)
def test_labels_at_month_ends_and_whole_periods(a: list[str], b: list[str], text: str) -> None:
    assert _oracle_text({"XA": a, "XB": b}) == text
    events = [
        _event(f"{side.lower()}-{i}", parse_date(t), side, tags=("t",))
        for side, texts in (("XA", a), ("XB", b))
        for i, t in enumerate(texts)
    ]
    events.sort(key=lambda e: e.sort_key)
    timeline = Timeline(
        events, jurisdictions={s: Jurisdiction(code=s, name=Text(en=s)) for s in ("XA", "XB")}
    )
    (theme,) = compare(timeline, ["XA", "XB"]).themes
    assert theme.text() == text


# --- the verdict first, and --summary -----------------------------------------------------


def test_verdict_comes_before_the_table() -> None:
    result = invoke(["compare", "beijing", "national", "--lang", "zh"])
    lines = result.stdout.splitlines()
    assert lines[:5] == [
        "Compare CN-BJ 北京市 · CN 中国  (period: year)",
        "",
        "Who moved first",
        "blockchain      CN-BJ 2016-02 · CN 2016-12  CN-BJ first by 10 months",
        "five-year-plan  CN-BJ 2016-12 · CN 2016-12  same month",
    ]
    assert lines.index("Who moved first") < min(
        i for i, line in enumerate(lines) if line.startswith("┌")
    )


@pytest.mark.parametrize(("fmt", "name"), [("text", "summary.txt"), ("markdown", "summary.md")])
def test_summary_is_the_verdict_alone(fmt: str, name: str) -> None:
    result = invoke(["compare", "beijing", "national", "--summary", "--format", fmt])
    assert (result.exit_code, result.stderr) == (0, "")
    golden(name, result.stdout)
    full = invoke(["compare", "beijing", "national", "--format", fmt]).stdout
    # the summary is exactly the start of the full report
    cut = "\n\nSide " if fmt == "text" else "\n\n## Summary\n"
    assert full.startswith(result.stdout.rstrip("\n") + cut)


def test_summary_json_leaves_out_the_rows() -> None:
    summary = json.loads(
        invoke(["compare", "beijing", "national", "--summary", "-f", "json"]).stdout
    )
    full = json.loads(invoke(["compare", "beijing", "national", "-f", "json"]).stdout)
    assert list(summary) == ["format", "summary", "period", "filters", "sides", "themes", "only"]
    assert (summary["summary"], full["summary"]) == (True, False)
    del full["rows"]
    full["summary"] = True
    assert summary == full


def test_summary_with_three_sides_at_60_columns() -> None:
    result = invoke(
        ["compare", "pboc", "state-council", "beijing", "--summary"], env={"COLUMNS": "60"}
    )
    assert (result.exit_code, result.stderr) == (0, "")
    golden("summary-three-bodies-60.txt", result.stdout)
