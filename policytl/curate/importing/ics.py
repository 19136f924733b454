"""iCalendar files (``.ics``), read with the ``icalendar`` library: one row per VEVENT,
numbered by the line of its ``BEGIN:VEVENT``, its columns those of
``columns.FORMATS["ics"]``.

A VEVENT's days become an honest date: one day is that day, a whole month the month,
a whole year the year, other spans an interval of days. policytl's own export says
more in its DESCRIPTION (the date as given, the stage, the issuers, the due date, the
summary and the sources, each on a labelled line); those lines are read back, and
the second VEVENT it writes for a target's due date is left out (the event's own
DESCRIPTION gives the due date)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from policytl.curate.importing import exported
from policytl.curate.importing.columns import preset
from policytl.curate.importing.table import Row, Table
from policytl.model.errors import UsageError

__all__ = ["read_ics"]

_OWN_PRODID = "-//policytl//"


def read_ics(data: bytes, name: str) -> Table:
    """The VEVENTs of an iCalendar file as rows."""
    from icalendar import Calendar

    from policytl.curate.importing.delimited import decode

    text = decode(data, name, None)
    try:
        calendar: Any = Calendar.from_ical(text)
    except (ValueError, KeyError, IndexError) as exc:
        raise UsageError(f"{name}: not an iCalendar file ({exc})") from None
    header, fields = preset("ics")
    table = Table(name, header, fields=fields, layout="ics")
    own = str(calendar.get("PRODID", "")).startswith(_OWN_PRODID)
    lines = [i for i, line in enumerate(text.splitlines(), 1) if line.strip() == "BEGIN:VEVENT"]
    for i, vevent in enumerate(calendar.walk("VEVENT")):
        uid = str(vevent.get("UID", ""))
        if own and uid.endswith("-due@policytl") and vevent.get("RELATED-TO"):
            continue  # a target's due date: its event says it too
        number = lines[i] if i < len(lines) else 0
        cells = _cells(vevent, own)
        table.rows.append(Row(number, tuple(cells.get(f or "", "") for f in fields)))
    if not table.rows:
        raise UsageError(f"{name}: the calendar has no VEVENT (expected one per event)")
    return table


def _cells(vevent: Any, own: bool) -> dict[str, object]:
    uid = str(vevent.get("UID", ""))
    cells: dict[str, object] = {
        "id": uid.split("@")[0] if uid else "",
        "date": _date(vevent),
        "title": str(vevent.get("SUMMARY", "")),
        "jurisdiction": str(vevent.get("LOCATION", "")),
        "url": str(vevent.get("URL", "")),
        "tags": _categories(vevent),
    }
    description = str(vevent.get("DESCRIPTION", "")).replace("\r\n", "\n")
    if own:
        cells |= _own_description(description)
    else:
        cells["summary"] = description.strip()
    if not cells.get("source"):
        cells["source_url"] = cells["url"]
    return cells


def _categories(vevent: Any) -> str:
    found = vevent.get("CATEGORIES")
    if found is None:
        return ""
    groups = found if isinstance(found, list) else [found]
    return ";".join(str(c) for g in groups for c in getattr(g, "cats", [g]))


def _day(value: Any) -> date | None:
    value = getattr(value, "dt", value)
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def _date(vevent: Any) -> object:
    """The policy date of the days a VEVENT spans (the text of DTSTART when it has none)."""
    start = _day(vevent.get("DTSTART"))
    if start is None:
        raw = vevent.get("DTSTART")
        return "" if raw is None else str(getattr(raw, "to_ical", lambda: raw)())
    end = _day(vevent.get("DTEND"))
    duration = getattr(vevent.get("DURATION"), "dt", None)
    if end is None:
        end = start + duration if isinstance(duration, timedelta) else start + timedelta(days=1)
    last = max(start, end - timedelta(days=1))
    if last == start:
        return start.isoformat()
    if start.day == 1 and (last + timedelta(days=1)).day == 1:
        if start.month == 1 and last.month == 12 and start.year == last.year:
            return f"{start.year:04d}"
        if (start.year, start.month) == (last.year, last.month):
            return f"{start.year:04d}-{start.month:02d}"
    return f"{start.isoformat()}/{last.isoformat()}"


def _own_description(description: str) -> dict[str, object]:
    """What policytl's own export writes in a DESCRIPTION, by field."""
    lines = description.split("\n")
    out: dict[str, object] = {}
    given = exported.labelled(lines[0], "date_as_given") if lines else None
    if given is not None:
        out["date"] = exported.date_given(given)
        lines = lines[1:]
    rest: list[str] = []
    cites: list[str] = []
    for i, line in enumerate(lines):
        if exported.labelled(line, "sources") == "":
            for item in lines[i + 1 :]:
                m = re.match(r"\[\d+\]\s*", item)
                if m is not None:
                    cites.append(item[m.end() :])
                elif cites:
                    cites[-1] += " " + item
            break
        if (stage := exported.labelled(line, "stage")) is not None:
            out["kind"] = exported.stage_kind(stage) or stage
        elif (issuers := exported.labelled(line, "issued_by")) is not None:
            out["issuers"] = exported.names(issuers)
        elif (due := exported.labelled(line, "due")) is not None:
            out["due"] = exported.date_given(due)
        elif (scope := exported.labelled(line, "scope")) is not None:
            out["scope"] = scope
        elif not exported.fact(line):
            rest.append(line)
    out["summary"] = "\n".join(rest).strip()
    out |= exported.cells_of(exported.citation(c) for c in cites)
    return out
