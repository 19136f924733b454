"""Every hostile text of hostile_text.py through every format: what may stand raw in the file.

What each format does with the text itself (literal, as its readers read it) is
checked by the round-trip properties (test_export_properties.py, which run these
texts as explicit examples) and by the real consumers (test_consumer_*.py,
test_markdown_hostile.py, tests/analyze/test_cite.py). This module checks the
characters that act on a terminal or break a line where the format has none:

* markdown, html, mermaid, markwhen, timelinejs, ics, and the citations (text,
  bibtex): none of C0 (but tab and newline), DEL, C1, U+2028, U+2029 or a bidi
  control stands raw (ICS's own CRLF line ends aside);
* json and csl-json: only U+2028 and U+2029, inside strings (JSON allows them and
  reads back the data's text exactly); every other such character is a ``\\uXXXX``;
* csv: the data's text as it is, bidi controls visible escapes; a spreadsheet
  reads the cell, and a terminal gets it escaped by the output layer.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re

import pytest

from policytl import load_timeline
from policytl.analyze.cite import CiteFormat
from policytl.analyze.cite import render as cite
from policytl.export import FILE_FORMATS, ExportOptions, Format, render
from policytl.model.records import Lang, Text, Timeline
from policytl.model.textsafe import no_bidi

from ..conftest import FIXTURES
from .hostile_text import HOSTILE, RAW_UNSAFE

BASE = load_timeline(FIXTURES / "export" / "small.yaml")
#: what JSON may hold raw: the separators (valid in JSON strings)
JSON_UNSAFE = re.compile(RAW_UNSAFE.pattern.replace("\u2028\u2029", ""))


def hostile(text: str) -> Timeline:
    """small.yaml's first event with ``text`` as its title, summary and quote, and
    as the title of the source it cites."""
    event = BASE.events[0]
    citations = tuple(dataclasses.replace(c, quote=text) for c in event.sources)
    event = dataclasses.replace(
        event, title=Text(en=text), summary=Text(en=text), sources=citations
    )
    sources = {sid: dataclasses.replace(s, title=Text(en=text)) for sid, s in BASE.sources.items()}
    return dataclasses.replace(BASE.with_events([event]), sources=sources)


@pytest.mark.parametrize("fmt", [f for f in Format if f not in FILE_FORMATS])
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_export(name: str, fmt: Format) -> None:
    text = HOSTILE[name]
    timeline = hostile(text)
    out = render(fmt, timeline, ExportOptions(lang=Lang.EN))
    if fmt is Format.JSON:
        assert not JSON_UNSAFE.search(out)
        assert json.loads(out)["events"][0]["title"]["en"] == text
    elif fmt is Format.CSV:
        (row,) = csv.DictReader(io.StringIO(out, newline=""))
        assert row["title_en"] == no_bidi(text)
    else:
        lines = out.replace("\r\n", "\n") if fmt is Format.ICS else out
        assert not RAW_UNSAFE.search(lines)


@pytest.mark.parametrize("fmt", list(CiteFormat))
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_cite(name: str, fmt: CiteFormat) -> None:
    timeline = hostile(HOSTILE[name])
    out = cite(timeline, timeline.events, fmt, Lang.EN)
    assert not (JSON_UNSAFE if fmt is CiteFormat.CSL_JSON else RAW_UNSAFE).search(out)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # ";" ends a statement in mermaid's other diagrams and "#...;" is its entity
        # syntax: every significant character is an entity code, which mermaid shows
        # as the character (test_consumer_browser.py reads the labels in the diagram)
        ("a; b", "a#59; b"),
        ("a: b", "a#58; b"),
        ("#1 %% c", "#35;1 #37;#37; c"),
        ("<b> & °¶", "#60;b#62; #38; #176;#182;"),
        ("#amp;", "#35;amp#59;"),
        ("a\x1b\x85b", "a\ufffd b"),  # NEL is whitespace: one space
    ],
)
def test_mermaid_label_codes(text: str, label: str) -> None:
    from policytl.export.mermaid import label_text

    assert label_text(text) == label
