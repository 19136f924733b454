"""Bidi controls (U+202E RIGHT-TO-LEFT OVERRIDE ...) are shown the same way in every format.

An override that reaches a reader raw reverses what follows it (a slide, a
calendar entry, a spreadsheet cell). Every format shows it as the visible
escape ``\\u202e``; JSON, the lossless data format, writes the ``\\u202e``
JSON escape, which its readers decode to the data's own text.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re

import icalendar
import pytest

from policytl import load_timeline
from policytl.export import FILE_FORMATS, ExportOptions, Format, render
from policytl.model.records import Lang, Text, Timeline

from ..conftest import FIXTURES

BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
TITLE = "evil \u202eevil txt.exe\u202c and \u2066isolate\u2069"
SHOWN = "evil \\u202eevil txt.exe\\u202c and \\u2066isolate\\u2069"


@pytest.fixture(scope="module")
def timeline() -> Timeline:
    tl = load_timeline(FIXTURES / "export" / "small.yaml")
    first = tl.events[0]
    return dataclasses.replace(
        tl, events=[dataclasses.replace(first, title=Text(zh=TITLE, en=TITLE))]
    )


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


@pytest.mark.parametrize(
    "fmt", [f for f in Format if f is not Format.JSON and f not in FILE_FORMATS]
)
def test_no_format_lets_a_bidi_control_through(timeline: Timeline, fmt: Format) -> None:
    out = render(fmt, timeline, ExportOptions(lang=Lang.EN))
    if fmt is Format.TIMELINEJS:
        texts = _strings(json.loads(out))
        assert not [t for t in texts if BIDI.search(t)]
        assert any(SHOWN in t.replace("<wbr>", "") for t in texts)
    elif fmt is Format.CSV:
        rows = list(csv.DictReader(io.StringIO(out)))
        assert rows[0]["title_en"] == SHOWN
        assert not BIDI.search(out)
    elif fmt is Format.ICS:
        (event,) = icalendar.Calendar.from_ical(out.encode("utf-8")).walk("VEVENT")
        assert str(event["SUMMARY"]) == SHOWN
        assert not BIDI.search(out)
    else:
        assert not BIDI.search(out)
        assert "\\u202e" in out


def test_json_keeps_the_data_exact(timeline: Timeline) -> None:
    out = render(Format.JSON, timeline)
    assert not BIDI.search(out)  # written as JSON escapes ...
    assert json.loads(out)["events"][0]["title"]["en"] == TITLE  # ... read back exactly
