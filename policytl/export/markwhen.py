"""Markwhen export: a ``.mw`` text for the Markwhen editor and views.

Layout: a YAML header (``title``, ``description``) between ``---`` lines,
then a section per jurisdiction (``# 北京市 (CN-BJ)`` with ``style:
section``), holding its events in timeline order. An event is its date and
title on one line with ``#tags``, then properties (``id``, ``kind``,
``jurisdiction``, ``issuers``, a target's ``due`` date as written and, when
the date has qualifiers, ``date`` as written), then a blank line and labelled
description lines (issuers, document, summary, sources with quotes). A target
stays at the date it was set; its due date is the ``due`` property and a
"Due: 2022 (year precision)" line.

Dates use Markwhen's EDTF forms with their own precision: ``2016``,
``2016-02``, ``2016-02-15`` and intervals ``2020-06-30/2022``. Markwhen has
no ``?``/``~``/``%`` qualifiers, so those are dropped from the date line and
kept in the ``date`` property and a "Date as given" line.

Markwhen has no escape character, so texts from the data are made safe with
look-alike characters: newlines become spaces, and ``# @ [ ] < >`` become
the full-width ``＃ ＠ ［ ］ ＜ ＞`` (no tags, references, links, checkboxes
or HTML from the data). A tag keeps ASCII letters, digits and ``_`` (other
characters become ``_``); a tag left with no letter is not written as a tag.
Property values are YAML double-quoted strings.
"""

from __future__ import annotations

import json
import re

from policytl.export import ExportOptions
from policytl.export.common import (
    citation_text,
    date_in_words,
    document_title,
    fact_lines,
    labelled,
    one_line,
    paragraphs,
)
from policytl.model.records import Event, Lang, Timeline

__all__ = ["mw_date", "render", "safe", "tag", "yaml_string"]

_LOOKALIKE = {"#": "＃", "@": "＠", "[": "［", "]": "］", "<": "＜", ">": "＞"}
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
# Characters a YAML double-quoted scalar must escape (beyond what JSON escapes).
_YAML_UNPRINTABLE = re.compile("[\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_QUALIFIERS = re.compile(r"[?~%]")


def safe(text: str) -> str:
    """Data text as literal Markwhen text on one line."""
    out = _CONTROL.sub("\ufffd", one_line(text))
    for char, lookalike in _LOOKALIKE.items():
        out = out.replace(char, lookalike)
    return out


def yaml_string(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's too)."""
    quoted = json.dumps(text, ensure_ascii=False)
    return _YAML_UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def tag(name: str) -> str | None:
    """A Markwhen tag (``\\w`` in JavaScript: ASCII letters, digits, ``_``)."""
    t = re.sub(r"[^A-Za-z0-9_]+", "_", name).strip("_")
    return t if re.search("[A-Za-z]", t) else None


def mw_date(event: Event) -> str:
    """The date in Markwhen's EDTF form (qualifiers dropped)."""
    return _QUALIFIERS.sub("", event.date.text)


def _event(timeline: Timeline, e: Event, lang: Lang) -> list[str]:
    tags = [t for t in (tag(x) for x in e.tags) if t is not None]
    head = f"{mw_date(e)}: {safe(e.title.get(lang))}"
    if tags:
        head += " " + " ".join(f"#{t}" for t in dict.fromkeys(tags))
    lines = [
        head,
        f"id: {yaml_string(e.id)}",
        f"kind: {yaml_string(e.kind)}",
        f"jurisdiction: {yaml_string(e.jurisdiction)}",
        "issuers: [" + ", ".join(yaml_string(b) for b in e.issuers) + "]",
    ]
    if e.due is not None:
        lines.append(f"due: {yaml_string(e.due.text)}")
    if mw_date(e) != e.date.text:
        lines.append(f"date: {yaml_string(e.date.text)}")
    lines.append("")
    if mw_date(e) != e.date.text:
        lines.append(labelled("date_as_given", lang, date_in_words(e.date, lang)))
    lines += fact_lines(timeline, e, lang, clean=safe)
    for para in paragraphs(e.summary, lang):
        lines.append(labelled("summary", lang, safe(para)))
    for c in e.sources:
        lines.append(labelled("source", lang, safe(citation_text(timeline, c, lang))))
    return lines


def render(timeline: Timeline, options: ExportOptions) -> str:
    lang = options.lang
    out = ["---", f"title: {yaml_string(safe(document_title(timeline, options)))}"]
    if timeline.description is not None:
        out.append(f"description: {yaml_string(safe(timeline.description.get(lang)))}")
    out.append("---")
    order = list(timeline.jurisdictions)
    by_jur: dict[str, list[Event]] = {}
    for e in timeline.events:
        by_jur.setdefault(e.jurisdiction, []).append(e)
    for code in sorted(by_jur, key=lambda c: (order.index(c) if c in order else len(order), c)):
        jur = timeline.jurisdictions.get(code)
        name = jur.name.get(lang) if jur is not None else code
        out += ["", f"# {safe(name)} ({safe(code)})", "style: section"]
        for e in by_jur[code]:
            out += ["", *_event(timeline, e, lang)]
    return "\n".join(out) + "\n"
