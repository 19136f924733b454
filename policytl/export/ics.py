"""iCalendar export (RFC 5545): one all-day VEVENT per event.

Date semantics: an event covers every day its date may denote, as an
all-day event with ``DTSTART;VALUE=DATE`` and the exclusive ``DTEND``
(the day after the last day). A day-precision date is one day; a month
(``2016-02``) spans the whole month, 20160201 to 20160301; a year the whole
year; an interval from the first day of its start to the last day of its
end; an event that ends on 9999-12-31 (there is no day after it) has
``DURATION:P<days>D`` in place of DTEND. The DESCRIPTION starts with the
date as given and its precision
("Date as given: 2016-02 (month precision)"), so that no calendar reader
takes a month for its 1st day.

A target with a ``due`` date gets a second VEVENT for it, over the days the
due date may denote: ``UID`` ``<event id>-due@policytl``, SUMMARY "Due: <title>",
``RELATED-TO`` the event's UID, a DESCRIPTION that gives the due date as given
and the date the target was set. The event's own VEVENT stays on its date and
says "Due: 2022 (year precision)".

An event of a lifecycle kind (``proposed`` ... ``expired``) is an entry labelled by
its stage, so that
a scheduled stage reads as what the document sets, not as a goal: SUMMARY
"In force: <document title>" (the event's title when it names no document), and
"Applies: <scope> · <document title>" for a stage with a scope (a
``document-issued`` event keeps its title). Its DESCRIPTION gives the stage
(``document-issued`` counts as published), the scope, the document and a line per
relation ("Part of: 2020-06-30 · <title>"), as every event's does.

``UID`` is ``<event id>@policytl`` (stable across exports). ``DTSTAMP``
must be a UTC date-time; to keep files reproducible it is not the export
time but the latest ``published`` date of the sources the event cites
(midnight UTC), or 1970-01-01T00:00:00Z when none has one.

Output uses CRLF line endings and folds lines longer than 75 octets without
splitting a UTF-8 character. TEXT values escape ``\\``, ``;``, ``,`` and
newlines (CR, CRLF, NEL, U+2028 and U+2029 are each a newline, ``\\n``); other
control characters (C0 and DEL, forbidden in TEXT, and C1) become U+FFFD, and
bidi controls (U+202E ...) visible escapes (``\\u202e``) as in every format.
One-line properties (``SUMMARY``, ``LOCATION``, ``CATEGORIES``,
``X-WR-CALNAME``) have whitespace runs, newlines and tabs included, made one
space, as the other formats do; only ``DESCRIPTION`` has several lines.
An iCalendar object needs at least one event, so an empty selection is an
ExportError.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from policytl.export import ExportOptions
from policytl.export.common import (
    citation_text,
    date_in_words,
    document_title,
    fact_lines,
    label,
    labelled,
    one_line,
    sep,
    stage_word,
)
from policytl.model.errors import ExportError
from policytl.model.records import STAGES, Event, Lang, Timeline
from policytl.model.textsafe import no_bidi

__all__ = ["escape_line", "escape_text", "fold", "render"]

PRODID = "-//policytl//policytl export//EN"
NO_STAMP = "19700101T000000Z"
#: RFC 5545's CONTROL (forbidden in TEXT), and the C1 controls, which would act on a
#: terminal that shows the file
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")
#: line breaks: CRLF, CR, NEL and the Unicode line and paragraph separators
_BREAK = re.compile("\r\n|[\r\x85\u2028\u2029]")
_SAFE_URI = re.compile(r"https?://[!#-;=?-\[\]_a-z~]+", re.IGNORECASE)


def escape_text(text: str) -> str:
    """An RFC 5545 TEXT value: every line break a newline, backslash, semicolon, comma
    and newline escaped, other controls (C0, DEL, C1) U+FFFD, bidi controls visible."""
    # bidi controls become visible escapes first, so that their backslash is escaped too
    text = no_bidi(_BREAK.sub("\n", text))
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    text = text.replace("\n", "\\n")
    return _CONTROL.sub("\ufffd", text)


def escape_line(text: str) -> str:
    """A one-line TEXT value: whitespace runs (newlines, tabs) made one space."""
    return escape_text(one_line(text))


def fold(line: str) -> str:
    """Fold a content line into CRLF + space continuations of at most 75 octets each.

    Lines are cut between characters, never inside a UTF-8 sequence.
    """
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts: list[bytes] = []
    start, limit = 0, 75
    while len(data) - start > limit:
        cut = start + limit
        while data[cut] & 0xC0 == 0x80:  # a continuation byte: cut before its character
            cut -= 1
        parts.append(data[start:cut])
        start, limit = cut, 74  # continuation lines start with a space
    parts.append(data[start:])
    return b"\r\n ".join(parts).decode("utf-8")


def _day(d: date) -> str:
    return f"{d.year:04d}{d.month:02d}{d.day:02d}"  # strftime's %Y drops the zeros of year 1


def _end(start: date, end: date) -> str:
    """DTEND, the day after ``end``; past 9999-12-31 (no such DATE) the length as DURATION."""
    if end == date.max:
        return f"DURATION:P{(end - start).days + 1}D"
    return f"DTEND;VALUE=DATE:{_day(end + timedelta(days=1))}"


def _stamp(timeline: Timeline, event: Event) -> str:
    published = [
        s.published.start
        for c in event.sources
        if (s := timeline.sources.get(c.source)) is not None and s.published is not None
    ]
    if not published:
        return NO_STAMP
    return _day(max(published)) + "T000000Z"


def _description(timeline: Timeline, event: Event, lang: Lang) -> str:
    lines = [labelled("date_as_given", lang, date_in_words(event.date, lang))]
    lines += fact_lines(timeline, event, lang)
    if event.summary is not None:
        lines += ["", event.summary.get(lang)]
    lines += ["", label("sources", lang) + sep(lang).rstrip()]
    lines += [f"[{i}] {citation_text(timeline, c, lang)}" for i, c in enumerate(event.sources, 1)]
    return "\n".join(lines)


def _due_vevent(timeline: Timeline, event: Event, lang: Lang) -> list[str]:
    """The calendar entry of a target's due date (see the module docstring)."""
    assert event.due is not None
    due = labelled("due", lang, date_in_words(event.due, lang))
    rest = _description(timeline, event, lang).split("\n")[1:]  # without the date as given
    description = "\n".join(
        (
            due,
            labelled("set_on", lang, date_in_words(event.date, lang)),
            *(line for line in rest if line != due),
        )
    )
    return [
        "BEGIN:VEVENT",
        f"UID:{event.id}-due@policytl",
        f"DTSTAMP:{_stamp(timeline, event)}",
        f"DTSTART;VALUE=DATE:{_day(event.due.start)}",
        _end(event.due.start, event.due.end),
        f"SUMMARY:{escape_line(label('due_entry', lang, title=event.title.get(lang)))}",
        f"DESCRIPTION:{escape_text(description)}",
        f"RELATED-TO:{event.id}@policytl",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def _summary(timeline: Timeline, event: Event, lang: Lang) -> str:
    """The event's title; for a lifecycle stage, 'In force: <document title>'."""
    if event.kind not in STAGES:
        return event.title.get(lang)
    document = timeline.document_title(event)
    what = (document or event.title).get(lang)
    if event.scope is not None:
        what = f"{event.scope.get(lang)} · {what}"
    return f"{stage_word(event.kind, lang)}{sep(lang)}{what}"


def _vevent(timeline: Timeline, event: Event, lang: Lang) -> list[str]:
    out = [
        "BEGIN:VEVENT",
        f"UID:{event.id}@policytl",
        f"DTSTAMP:{_stamp(timeline, event)}",
        f"DTSTART;VALUE=DATE:{_day(event.date.start)}",
        _end(event.date.start, event.date.end),
        f"SUMMARY:{escape_line(_summary(timeline, event, lang))}",
        f"DESCRIPTION:{escape_text(_description(timeline, event, lang))}",
    ]
    jur = timeline.jurisdictions.get(event.jurisdiction)
    if jur is not None:
        out.append(f"LOCATION:{escape_line(jur.name.get(lang))}")
    if event.tags:
        out.append("CATEGORIES:" + ",".join(escape_line(t) for t in event.tags))
    if event.url and _SAFE_URI.fullmatch(event.url):
        out.append(f"URL:{event.url}")
    out += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    if event.due is not None:
        out += _due_vevent(timeline, event, lang)
    return out


def render(timeline: Timeline, options: ExportOptions) -> str:
    if not timeline.events:
        raise ExportError("no events to export: an iCalendar file needs at least one event")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_line(document_title(timeline, options))}",
    ]
    for e in timeline.events:
        lines += _vevent(timeline, e, options.lang)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
