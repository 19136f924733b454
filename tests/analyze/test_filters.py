"""The shared selection options, through `policytl show`: every filter and every error.

The small fixture (tests/fixtures/show/small.yaml) has six events:

    e1 2015             CN     gov          alpha        document-issued
    e2 2016-02          CN-BJ  bj, dept     alpha beta   statement
    e3 2016-06-30       CN-SH  sh           beta         fund-launched   summary "Special Fund"
    e4 2016-12?         CN     sub          alpha        report
    e5 2017-03/2018-06  CN-BJ  dept, bj     gamma        target          note "needle"
    e6 2019~            CN-SH  (none)       gamma        statistic       document

and the bodies gov > dept > sub (parent chain), bj, sh.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policytl.analyze.query import Filters, select
from policytl.load.loader import load_timeline
from policytl.model.dates import parse_user_date
from policytl.model.errors import UsageError

from ..conftest import FIXTURES, invoke

SMALL = str(FIXTURES / "show" / "small.yaml")
FORMS = "2016, 2016-06, 2016-06-30, 2016/6, 2016/6/30, 2016年6月, 2016年6月30日, June 2016"


def ids(*args: str, data: str | None = SMALL) -> list[str]:
    """The ids of the events `show` selects (through its JSON output)."""
    argv = ["show", "--format", "json", *args]
    if data is not None:
        argv += ["--data", data]
    result = invoke(argv)
    assert result.exit_code == 0, result.stderr
    return [e["id"] for e in json.loads(result.stdout)["events"]]


def error(*args: str, data: str | None = SMALL) -> str:
    """The one-line usage error `show` gives (exit 2, nothing on stdout)."""
    argv = ["show", *args] + (["--data", data] if data is not None else [])
    result = invoke(argv)
    assert result.exit_code == 2, result.stdout
    assert result.stdout == ""
    assert result.stderr.startswith("policytl: error: ")
    assert result.stderr.count("\n") == 1
    return result.stderr.removeprefix("policytl: error: ").rstrip("\n")


ALL = ["e1", "e2", "e3", "e4", "e5", "e6"]


def test_no_filters_select_everything() -> None:
    assert ids() == ALL


# --- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("since", "expected"),
    [
        ("2016", ["e2", "e3", "e4", "e5", "e6"]),
        ("2016-06", ["e3", "e4", "e5", "e6"]),
        ("2016/6", ["e3", "e4", "e5", "e6"]),
        ("2016年6月", ["e3", "e4", "e5", "e6"]),
        ("June 2016", ["e3", "e4", "e5", "e6"]),
        ("jun 2016", ["e3", "e4", "e5", "e6"]),
        ("2016-06-30", ["e3", "e4", "e5", "e6"]),
        ("2016/6/30", ["e3", "e4", "e5", "e6"]),
        ("2016年6月30日", ["e3", "e4", "e5", "e6"]),
        ("2016-07-01", ["e4", "e5", "e6"]),
        ("2018-06", ["e5", "e6"]),  # the interval's last month overlaps
        ("2018-07", ["e6"]),
        ("2020", []),
    ],
)
def test_since_forms(since: str, expected: list[str]) -> None:
    assert ids("--since", since) == expected


@pytest.mark.parametrize(
    ("until", "expected"),
    [
        ("2015", ["e1"]),
        ("2016", ["e1", "e2", "e3", "e4"]),  # through 2016-12-31
        ("2016-02", ["e1", "e2"]),  # through 2016-02-29
        ("2016-06-29", ["e1", "e2"]),
        ("2016年6月", ["e1", "e2", "e3"]),
        ("2017-03", ["e1", "e2", "e3", "e4", "e5"]),  # the interval's first month
        ("2014", []),
    ],
)
def test_until_forms(until: str, expected: list[str]) -> None:
    assert ids("--until", until) == expected


def test_partial_dates_overlap_and_strict_needs_the_whole_date_inside() -> None:
    # e2 is "2016-02": it overlaps 2016-02-15 .. but is not inside it.
    assert ids("--since", "2016-02-15", "--until", "2016-02") == ["e2"]
    assert ids("--since", "2016-02-15", "--until", "2016-02", "--strict") == []
    # the interval e5 (2017-03/2018-06)
    assert ids("--since", "2018") == ["e5", "e6"]
    assert ids("--since", "2018", "--strict") == ["e6"]
    assert ids("--until", "2017") == ["e1", "e2", "e3", "e4", "e5"]
    assert ids("--until", "2017", "--strict") == ["e1", "e2", "e3", "e4"]
    assert ids("--since", "2017", "--until", "2018", "--strict") == ["e5"]
    # a year-precision date lies inside its year
    assert ids("--since", "2015", "--until", "2015", "--strict") == ["e1"]


def test_same_since_and_until_select_that_period() -> None:
    assert ids("--since", "2016", "--until", "2016") == ["e2", "e3", "e4"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "soon"], f"--since: cannot read date 'soon'; accepted forms: {FORMS}"),
        (["--until", "2016-13"], f"--until: cannot read date '2016-13'; accepted forms: {FORMS}"),
        (
            ["--since", "2016-02-30"],
            f"--since: cannot read date '2016-02-30'; accepted forms: {FORMS}",
        ),
        (["--since", "0000"], f"--since: cannot read date '0000'; accepted forms: {FORMS}"),
        (["--since", ""], f"--since: cannot read date ''; accepted forms: {FORMS}"),
        (
            ["--since", "Smarch 2016"],
            f"--since: cannot read date 'Smarch 2016'; accepted forms: {FORMS}",
        ),
        (
            ["--until", "June"],
            f"--until: cannot read date 'June': it has no year; accepted forms: {FORMS}",
        ),
        (
            ["--since", "2017", "--until", "2016"],
            "--since '2017' is after --until '2016'; nothing can match",
        ),
        (
            ["--since", "2016-07", "--until", "2016-06-30"],
            "--since '2016-07' is after --until '2016-06-30'; nothing can match",
        ),
    ],
)
def test_date_errors(args: list[str], message: str) -> None:
    assert error(*args) == message


def test_date_errors_come_before_loading_the_data() -> None:
    assert error("--since", "soon", data="no/such/file.yaml").startswith("--since: cannot read")


# --- bodies ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["dept", "DEPT", "某部", "Some Ministry", "some  ministry", "Ministry", "ministry"]
)
def test_body_by_id_name_short_name_or_alias(name: str) -> None:
    assert ids("--body", name) == ["e2", "e5"]


def test_body_repeated_matches_any() -> None:
    assert ids("--body", "gov", "--body", "sh") == ["e1", "e3"]
    assert ids("-b", "京府") == ["e2", "e5"]


def test_lead_only() -> None:
    assert ids("--body", "dept", "--lead-only") == ["e5"]
    assert ids("--body", "bj", "--lead-only") == ["e2"]


def test_include_children_follows_the_parent_chain() -> None:
    assert ids("--body", "gov") == ["e1"]
    assert ids("--body", "gov", "--include-children") == ["e1", "e2", "e4", "e5"]
    assert ids("--body", "dept", "--include-children") == ["e2", "e4", "e5"]
    assert ids("--body", "sub", "--include-children") == ["e4"]
    assert ids("--body", "gov", "--include-children", "--lead-only") == ["e1", "e4", "e5"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--body", "minstry"],
            "unknown body 'minstry' for --body; did you mean 'Ministry', 'Some Ministry'?",
        ),
        (["--body", "zzz"], "unknown body 'zzz' for --body"),
        (
            ["--body", "市政府"],
            "body name '市政府' for --body is ambiguous: it names bj, sh; use one of these ids",
        ),
        (["--body", "gov", "--body", "nope"], "unknown body 'nope' for --body"),
        (["--lead-only"], "--lead-only applies to --body; give --body too"),
        (["--include-children"], "--include-children applies to --body; give --body too"),
    ],
)
def test_body_errors(args: list[str], message: str) -> None:
    assert error(*args) == message


def test_body_names_from_the_issue_on_the_embedded_data() -> None:
    assert ids("--body", "北京金融局", data=None) == [
        "bj-finance-bureau-2016-performance-tasks",
        "bj-13th-fyp-finance",
        "bj-blockchain-ecosystem-fund",
    ]
    pboc = ["pboc-fintech-regulatory-pilot-beijing"]
    assert ids("--body", "pboc", data=None) == pboc
    assert ids("--body", "People's Bank of China", data=None) == pboc
    assert ids("--body", "央行", data=None) == pboc


def test_include_children_on_the_embedded_data() -> None:
    own = ids("--body", "beijing-municipality", data=None)
    with_children = ids("--body", "beijing-municipality", "--include-children", data=None)
    assert len(own) == 5
    # the finance bureau and the DRC are under the municipality: 3 more events
    assert sorted(set(with_children) - set(own)) == [
        "bj-13th-fyp-finance",
        "bj-blockchain-ecosystem-fund",
        "bj-finance-bureau-2016-performance-tasks",
    ]


# --- jurisdictions, tags, kinds, search ---------------------------------------------------------


@pytest.mark.parametrize("name", ["CN-SH", "cn-sh", "上海市", "上海", "shanghai", "Shanghai"])
def test_jurisdiction_by_code_name_or_alias(name: str) -> None:
    assert ids("--jurisdiction", name) == ["e3", "e6"]


def test_jurisdiction_repeated_matches_any_and_is_exact() -> None:
    assert ids("-j", "national", "-j", "北京") == ["e1", "e2", "e4", "e5"]
    # CN does not include its children
    assert ids("--jurisdiction", "全国") == ["e1", "e4"]


def test_jurisdictions_from_the_issue_on_the_embedded_data() -> None:
    beijing = ids("--jurisdiction", "CN-BJ", data=None)
    assert len(beijing) == 11
    assert ids("--jurisdiction", "beijing", data=None) == beijing
    assert ids("--jurisdiction", "北京", data=None) == beijing
    assert len(ids("--jurisdiction", "national", data=None)) == 4


def test_tags_must_all_match() -> None:
    assert ids("--tag", "alpha") == ["e1", "e2", "e4"]
    assert ids("--tag", "beta") == ["e2", "e3"]
    assert ids("--tag", "alpha", "--tag", "beta") == ["e2"]
    assert ids("-t", "alpha", "-t", "gamma") == []


def test_kinds_may_any_match() -> None:
    assert ids("--kind", "report") == ["e4"]
    assert ids("--kind", "report", "--kind", "target") == ["e4", "e5"]
    # a documented kind that no event has selects nothing (not an error)
    assert ids("-k", "pilot-approved") == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--jurisdiction", "shanghia"],
            "unknown jurisdiction 'shanghia' for --jurisdiction; did you mean 'Shanghai'?",
        ),
        (
            ["--jurisdiction", "CN-XX"],
            "unknown jurisdiction 'CN-XX' for --jurisdiction; did you mean 'CN-SH', 'CN-BJ', 'CN'?",
        ),
        (["--jurisdiction", "火星"], "unknown jurisdiction '火星' for --jurisdiction"),
        (["--tag", "alfa"], "no event has tag 'alfa' (--tag); did you mean 'alpha'?"),
        (["--tag", "zzz"], "no event has tag 'zzz' (--tag)"),
        (
            ["--kind", "reprot"],
            "unknown event kind 'reprot' (--kind; see `policytl kinds`); did you mean 'report'?",
        ),
        (["--kind", "zzz"], "unknown event kind 'zzz' (--kind; see `policytl kinds`)"),
    ],
)
def test_jurisdiction_tag_kind_errors(args: list[str], message: str) -> None:
    assert error(*args) == message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("special fund", ["e3"]),  # English summary, any case
        ("专项基金", ["e3"]),  # Chinese summary
        ("NEEDLE", ["e5"]),  # notes
        ("statistics document", ["e6"]),  # document name
        ("统计文件", ["e6"]),
        ("北京", ["e2", "e5"]),  # Chinese titles
        ("beijing", ["e2", "e5"]),
        ("figure", []),  # quotes are not searched
        ("e1", []),  # nor ids
    ],
)
def test_search(text: str, expected: list[str]) -> None:
    assert ids("--search", text) == expected


def test_search_on_the_embedded_data() -> None:
    assert ids("-s", "监管沙盒", data=None) == ["pboc-fintech-regulatory-pilot-beijing"]
    assert ids("-s", "REGULATORY SANDBOX", data=None) == ["pboc-fintech-regulatory-pilot-beijing"]


def test_filters_combine_with_and() -> None:
    assert ids("--jurisdiction", "CN-BJ", "--tag", "alpha") == ["e2"]
    assert ids("--since", "2016", "--until", "2016", "--tag", "alpha") == ["e2", "e4"]
    assert ids("--body", "bj", "--kind", "target", "--search", "needle") == ["e5"]
    assert ids("--body", "bj", "--kind", "statement", "--search", "needle") == []


# --- describe(), as used in messages -------------------------------------------------------------


def test_describe_gives_the_filters_as_typed() -> None:
    f = Filters(
        since="June 2016",
        until="2019",
        strict=True,
        bodies=("北京金融局", "pboc"),
        lead_only=True,
        include_children=True,
        jurisdictions=("CN-BJ",),
        tags=("a", "b"),
        kinds=("report",),
        search="People's Bank",
    )
    assert f.describe() == (
        "--since 'June 2016' --until 2019 --strict --body 北京金融局 --body pboc --lead-only "
        "--include-children --jurisdiction CN-BJ --tag a --tag b --kind report "
        "--search 'People'\\''s Bank'"
    )
    assert Filters().describe() == "(no filters)"


# --- properties -------------------------------------------------------------------------------

TIMELINE = load_timeline(SMALL)
DATES = st.sampled_from(
    [
        "2014",
        "2015",
        "2016",
        "2016-02",
        "2016-06",
        "2016-06-30",
        "2016-12",
        "2017",
        "2018-06",
        "2019",
        "2020",
    ]
)


@settings(max_examples=100, deadline=None)
@given(DATES, DATES)
def test_strict_selects_a_subset_of_overlap(lo: str, hi: str) -> None:
    start, end = parse_user_date(lo).start, parse_user_date(hi).end
    if start > end:
        with pytest.raises(UsageError, match="is after --until"):
            Filters(since=lo, until=hi)
        return
    loose = select(TIMELINE, Filters(since=lo, until=hi))
    strict = select(TIMELINE, Filters(since=lo, until=hi, strict=True))
    assert set(strict) <= set(loose)
    assert loose == [e for e in TIMELINE.events if e.date.end >= start and e.date.start <= end]
    assert strict == [e for e in TIMELINE.events if e.date.start >= start and e.date.end <= end]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from(["alpha", "beta", "gamma"]), min_size=1, max_size=3))
def test_more_tags_never_select_more(tags: list[str]) -> None:
    fewer = select(TIMELINE, Filters(tags=tuple(tags[:1])))
    more = select(TIMELINE, Filters(tags=tuple(tags)))
    assert set(more) <= set(fewer)
    assert all(set(tags) <= set(e.tags) for e in more)
