"""The validator as a teacher: each message says what to write instead (issue 14)."""

from __future__ import annotations

from pathlib import Path

import pytest

from policytl import check_files
from policytl.model.dates import suggest_date

BASE = """\
format: policytl/1
sources:
  src: {title: {en: A source}}
jurisdictions:
  CN: {name: {zh: 中国, en: China}, aliases: [national]}
  CN-BJ: {name: {zh: 北京市, en: Beijing}, aliases: [beijing, 北京], parent: CN}
bodies:
  bj-finance-bureau:
    name: {zh: 北京市金融工作局, en: Beijing Municipal Bureau of Financial Work}
    short: {zh: 北京金融局x, en: Beijing Finance Bureau}
    aliases: [北京金融局]
    level: provincial
    jurisdiction: CN-BJ
    classification: department
  cac:
    name: {zh: 国家互联网信息办公室, en: Cyberspace Administration of China}
    level: central
    jurisdiction: CN
    classification: regulator
events:
  - id: my-event
    date: "2020-06"
    kind: statement
    jurisdiction: CN-BJ
    issuers: [bj-finance-bureau]
    title: {en: Something happened}
    sources: [{source: src, quote: it happened}]
"""


def problems_after(tmp_path: Path, old: str, new: str) -> list[str]:
    assert old in BASE
    f = tmp_path / "t.yaml"
    f.write_text(BASE.replace(old, new), encoding="utf-8")
    _, problems = check_files([f])
    return [f"{p.subject}: {p.message}" for p in problems]


def test_the_base_is_valid(tmp_path: Path) -> None:
    assert problems_after(tmp_path, "format", "format") == []


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "issuers: [bj-finance-bureau]",
            "issuers: [北京金融局]",
            "events[0] (id: my-event).issuers[0]: unknown body '北京金融局' — it is an alias "
            "of 'bj-finance-bureau'; use the id",
        ),
        (
            "issuers: [bj-finance-bureau]",
            "issuers: [Beijing Finance Bureau]",
            "events[0] (id: my-event).issuers[0]: unknown body 'Beijing Finance Bureau' — it is "
            "the name of 'bj-finance-bureau'; use the id",
        ),
        (
            "issuers: [bj-finance-bureau]",
            "issuers: [CAC]",
            "events[0] (id: my-event).issuers[0]: unknown body 'CAC' — ids are lowercase; "
            "use 'cac'",
        ),
        (
            "issuers: [bj-finance-bureau]",
            "issuers: [MIIT]",
            "events[0] (id: my-event).issuers[0]: unknown body 'MIIT' — ids are lowercase, and "
            "'miit' is not defined either; define it under bodies:",
        ),
        (
            "issuers: [bj-finance-bureau]",
            "issuers: [miit]",
            "events[0] (id: my-event).issuers[0]: unknown body 'miit' — define it under bodies:",
        ),
        (
            "jurisdiction: CN-BJ\n    issuers",
            "jurisdiction: beijing\n    issuers",
            "events[0] (id: my-event).jurisdiction: unknown jurisdiction 'beijing' — it is an "
            "alias of 'CN-BJ'; use the code",
        ),
        (
            "jurisdiction: CN-BJ\n    issuers",
            "jurisdiction: cn-bj\n    issuers",
            "events[0] (id: my-event).jurisdiction: unknown jurisdiction 'cn-bj' — codes are "
            "uppercase; use 'CN-BJ'",
        ),
        (
            "source: src,",
            "source: other,",
            "events[0] (id: my-event).sources[0].source: unknown source 'other' — define it "
            "under sources:",
        ),
        (
            'date: "2020-06"',
            'date: "2020-6-5"',
            "events[0] (id: my-event).date: '2020-6-5' is not a valid date; "
            'did you mean "2020-06-05"?',
        ),
        (
            'date: "2020-06"',
            'date: "2020/06/05"',
            "events[0] (id: my-event).date: '2020/06/05' is not a valid date; "
            'did you mean "2020-06-05"?',
        ),
        (
            'date: "2020-06"',
            "date: 2020年6月",
            "events[0] (id: my-event).date: '2020年6月' is not a valid date; "
            'did you mean "2020-06"?',
        ),
    ],
    ids=[
        "alias",
        "name",
        "case",
        "case-undefined",
        "undefined",
        "jurisdiction-alias",
        "jurisdiction-case",
        "source",
        "date-digits",
        "date-slashes",
        "date-chinese",
    ],
)
def test_messages_teach(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert problems_after(tmp_path, old, new) == [message]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("2020-6-5", "2020-06-05"),
        ("2020/06/05", "2020-06-05"),
        ("2020.6.5", "2020-06-05"),
        ("2020年6月", "2020-06"),
        ("2020年6月5日", "2020-06-05"),
        ("2020-6?", "2020-06?"),
        ("2020/06", "2020-06"),
        ("2020-6/2021-1", "2020-06/2021-01"),
        ("２０２０年６月", "2020-06"),
    ],
)
def test_typed_dates_have_a_suggestion(typed: str, meant: str) -> None:
    assert suggest_date(typed) == meant


@pytest.mark.parametrize("typed", ["2020-06", "2016-2-30", "16-02", "soon", "2020/06/05/07", ""])
def test_no_suggestion_for_valid_or_hopeless_dates(typed: str) -> None:
    assert suggest_date(typed) is None


def test_json_names_the_event_apart_from_the_path(tmp_path: Path) -> None:
    f = tmp_path / "t.yaml"
    f.write_text(BASE.replace('date: "2020-06"', 'date: "2020-13"'), encoding="utf-8")
    _, problems = check_files([f])
    assert [(p.path, p.event_id) for p in problems] == [("events[0].date", "my-event")]


def test_validate_colours_on_a_terminal_only(tmp_path: Path) -> None:
    from ..conftest import invoke

    f = tmp_path / "t.yaml"
    f.write_text(BASE.replace('date: "2020-06"', "date: 2020"), encoding="utf-8")
    plain = invoke(["validate", str(f)], env={"NO_COLOR": "1", "FORCE_COLOR": "1"})
    dumb = invoke(["validate", str(f)], env={"TERM": "dumb", "FORCE_COLOR": "1"})
    assert dumb.stdout == plain.stdout
    where = f"{f}:22:11"
    warning = (
        ': warning: events[0] (id: my-event).date: date 2020 should be quoted ("2020"): '
        "YAML reads unquoted dates and years as other types"
    )
    summary = f"ok: 1 event, 2 bodies, 1 source, 2 jurisdictions in {f} (1 warning)"
    assert plain.stdout == f"{where}{warning}\n{summary}\n"
    colour = invoke(["validate", str(f)], env={"FORCE_COLOR": "1", "TERM": "xterm"})
    assert colour.stdout == (
        f"\x1b[1m{where}\x1b[0m\x1b[33m{warning}\x1b[0m\n\x1b[32m{summary}\x1b[0m\n"
    )
    f.write_text(BASE.replace("[bj-finance-bureau]", "[cac, cac]"), encoding="utf-8")
    colour = invoke(["validate", str(f)], env={"FORCE_COLOR": "1", "TERM": "xterm"})
    assert colour.stdout == (
        f"\x1b[1m{f}:25:14\x1b[0m\x1b[31m: events[0] (id: my-event).issuers: lists the same "
        f"body more than once\x1b[0m\n\x1b[1;31minvalid: 1 error, 0 warnings in {f}\x1b[0m\n"
    )
