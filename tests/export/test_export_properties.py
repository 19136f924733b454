"""Hypothesis: arbitrary Unicode titles come back from every format that can carry them.

What each format does to a title (documented in the README and the modules):

* json: nothing; the title comes back exactly.
* csv: bidi controls visible escapes (``\\u202e``); the rest comes back exactly.
* ics: CR, CRLF, NEL, U+2028 and U+2029 become LF; other control characters (C0
  and DEL, forbidden in TEXT, and C1) U+FFFD.
* markdown: whitespace runs (Python's ``\\s``, newlines included) become one
  space and the ends are trimmed; control and bidi characters visible escapes.
* html: C0/C1 control characters other than tab, LF and CR become U+FFFD.
* mermaid: as markdown, controls U+FFFD, cut at 300 characters.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import icalendar
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from policytl import load_timeline
from policytl.export import ExportOptions, Format, render
from policytl.export.mermaid import MAX_LABEL
from policytl.model.records import Lang, Text, Timeline
from policytl.model.textsafe import no_bidi

from ..conftest import FIXTURES, HYPOTHESIS_EXAMPLES
from ..export_parsers import (
    html_normalise,
    ics_normalise,
    ics_unescape,
    ics_unfold,
    inline_text,
    markdown_parser,
    md_normalise,
    mermaid_decode,
    mermaid_normalise,
    mermaid_title,
    mermaid_tokens,
    mermaid_unbreak,
    parse_html,
)
from .hostile_text import HOSTILE

BASE = load_timeline(FIXTURES / "export" / "small.yaml")
ZH = ExportOptions(lang=Lang.ZH)

#: any text the data format accepts as a title (it must not be blank)
titles = st.text(min_size=1, max_size=200).filter(lambda s: s.strip() != "")
SETTINGS = settings(
    max_examples=HYPOTHESIS_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


F = TypeVar("F", bound=Callable[..., None])


def hostile(test: F) -> F:
    """The test run on every hostile text of hostile_text.py too (explicit examples)."""
    for text in HOSTILE.values():
        test = example(text)(test)
    return test


def with_title(title: str) -> Timeline:
    event = dataclasses.replace(BASE.events[0], title=Text(zh=title))
    return BASE.with_events([event])


@SETTINGS
@hostile
@given(titles)
def test_json_round_trip(title: str) -> None:
    timeline = with_title(title)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.json"
        path.write_text(render(Format.JSON, timeline), encoding="utf-8")
        back = load_timeline(path)
    assert back.events == timeline.events
    assert back.events[0].title.zh == title
    json.loads(render(Format.JSON, timeline))


LIFE = load_timeline(FIXTURES / "export" / "life.yaml")


@SETTINGS
@given(titles, titles, titles, titles)
def test_json_round_trip_of_documents_and_relations(
    doc_title: str, scope: str, note: str, quote: str
) -> None:
    """A document's title, an event's scope and a relation's notes and quote come back
    exactly from the JSON export, and so does the whole timeline."""
    from policytl.model.records import Citation

    document = dataclasses.replace(LIFE.documents["ai-act"], title=Text(en=doc_title))
    events = list(LIFE.events)
    i = next(i for i, e in enumerate(events) if e.id == "ai-act-prohibitions-apply")
    relation = dataclasses.replace(
        events[i].relations[0], notes=(note,), sources=(Citation(source="oj-2024", quote=quote),)
    )
    events[i] = dataclasses.replace(events[i], scope=Text(en=scope), relations=(relation,))
    timeline = dataclasses.replace(
        LIFE.with_events(events), documents={**LIFE.documents, "ai-act": document}
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.json"
        path.write_text(render(Format.JSON, timeline), encoding="utf-8")
        back = load_timeline(path)
    assert back.events == timeline.events
    assert back.documents == timeline.documents
    assert back.documents["ai-act"].title.en == doc_title


@SETTINGS
@hostile
@given(titles)
def test_csv_round_trip(title: str) -> None:
    text = render(Format.CSV, with_title(title))
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == 1
    assert rows[0]["title_zh"] == no_bidi(title)  # bidi controls visible, as everywhere


@SETTINGS
@hostile
@given(titles)
@example("\u202a a \\ b")  # a bidi control's visible escape has its backslash escaped too
def test_ics_round_trip(title: str) -> None:
    data = render(Format.ICS, with_title(title), ZH).encode("utf-8")
    for line in data.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")
    cal = icalendar.Calendar.from_ical(data)
    (event,) = cal.walk("VEVENT")
    expected = ics_normalise(title, line=True)
    raw = next(ln for ln in ics_unfold(data.decode("utf-8")) if ln.startswith("SUMMARY:"))
    assert ics_unescape(raw.removeprefix("SUMMARY:")) == expected
    if "\\" not in expected:  # icalendar mis-reads escaped backslashes (see ics_unescape)
        assert str(event["SUMMARY"]) == expected
    assert str(event["UID"]) == "bj-work-report-2016@policytl"


@SETTINGS
@hostile
@given(titles)
def test_markdown_round_trip(title: str) -> None:
    text = render(Format.MARKDOWN, with_title(title), ZH)
    tokens = markdown_parser().parse(text)
    assert not [t for t in tokens if t.type.startswith("html")]
    item = next(i for i, t in enumerate(tokens) if t.type == "list_item_open")
    shown = inline_text(tokens[item + 2])
    assert shown == f"2016 · {md_normalise(title)}"
    heading = next(i for i, t in enumerate(tokens) if t.type == "heading_open")
    assert inline_text(tokens[heading + 1]) == "小型测试时间线"


@SETTINGS
@hostile
@given(titles)
def test_markdown_document_title_round_trip(title: str) -> None:
    text = render(Format.MARKDOWN, BASE, ExportOptions(lang=Lang.ZH, title=title))
    tokens = markdown_parser().parse(text)
    assert tokens[0].type == "heading_open" and tokens[0].tag == "h1"
    assert inline_text(tokens[1]) == md_normalise(title)


@SETTINGS
@hostile
@given(titles)
def test_html_round_trip(title: str) -> None:
    from policytl.export.html import SCRIPT

    page = parse_html(render(Format.HTML, with_title(title), ZH))
    assert page.errors == []
    # the only script is the page's own; data never adds one
    assert [el.all_text() for el in page.elements if el.tag == "script"] == [SCRIPT]
    (box,) = [el for el in page.elements if el.attrs.get("class") == "title"]
    # a line break is whitespace in HTML: CR and CRLF are written as LF
    assert box.all_text() == html_normalise(re.sub("\r\n?", "\n", title))


@SETTINGS
@hostile
@given(titles)
def test_mermaid_round_trip(title: str) -> None:
    tokens = mermaid_tokens(render(Format.MERMAID, with_title(title), ZH))
    events = [
        mermaid_unbreak(mermaid_title(mermaid_decode(v[2:].strip())))
        for k, v in tokens
        if k == "event"
    ]
    assert events == [mermaid_normalise(title, MAX_LABEL)]
    assert [k for k, _ in tokens if k not in ("NEWLINE",)] == [
        "timeline",
        "title",
        "period",
        "event",
    ]


@SETTINGS
@given(titles, titles)
def test_markdown_table_and_footnote_round_trip(title: str, quote: str) -> None:
    from policytl.export import Style
    from policytl.model.records import Citation

    event = dataclasses.replace(
        BASE.events[0], title=Text(zh=title), sources=(Citation(source="news-2020", quote=quote),)
    )
    options = ExportOptions(lang=Lang.ZH, style=Style.TABLE)
    tokens = markdown_parser().parse(render(Format.MARKDOWN, BASE.with_events([event]), options))
    cells = [inline_text(tokens[i + 1]) for i, t in enumerate(tokens) if t.type == "td_open"]
    assert cells[:2] == ["2016", md_normalise(title)]
    assert len(cells) == 6
    note = next(i for i, t in enumerate(tokens) if t.type == "footnote_open")
    assert inline_text(tokens[note + 2]).endswith(md_normalise(f"“{quote}”"))
