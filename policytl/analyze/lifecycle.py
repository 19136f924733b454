"""A document's life as of a date, what is scheduled next, and chains of relations.

The three views of ``policytl status``, ``upcoming`` and ``trace``, as plain data
(the terminal views are policytl.render.lifecycle's; JSON, Markdown, CSV and
Mermaid are written here).

A **stage event** is an event of a lifecycle kind (``STAGES``; ``document-issued``
counts as ``published``) whose ``document`` is a document id. Read against an as-of
day, a stage event is

- ``reached`` when its whole date lies on or before the day,
- ``possibly`` when its date's period holds the day (a stage dated ``2020-05`` on
  2020-05-10: it may or may not have happened yet),
- ``scheduled`` when its whole date lies after the day.

A document's stage on a day is its last stage event (in timeline order) whose date
starts on or before the day; the stage is "possibly" when that event is. ``repealed``
and ``expired`` end the document's life.

``trace`` walks the relations (``Event.relations``) from an event or a document:
down, what relates to it; up, what it relates to (a document relates to what its
events relate to). The walk is iterative (a chain 10,000 relations deep is no
deeper for Python's stack than a chain of one), and a node met again is shown once
more, marked, without its branch: ``cycle`` when it is on the path that leads to
it, ``seen`` when it was shown on another branch. The lag of a step from its parent
is counted in calendar months as compare counts a lead (policytl.analyze.compare),
a range when the dates' precision leaves it open.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from policytl.analyze.compare import Move, first_part, lead_between
from policytl.analyze.query import suggest
from policytl.model.dates import PolicyDate, Precision
from policytl.model.errors import UsageError
from policytl.model.records import Event, Lang, Text, Timeline, event_order

__all__ = [
    "ENDING_STAGES",
    "Direction",
    "DocumentStatus",
    "Lag",
    "StageEvent",
    "Step",
    "Trace",
    "TraceFormat",
    "Upcoming",
    "UpcomingItem",
    "as_of_day",
    "lag_between",
    "parse_within",
    "stage_state",
    "status",
    "trace",
    "upcoming",
]

#: the stages that end a document's life
ENDING_STAGES = ("repealed", "expired")

REACHED = "reached"
POSSIBLY = "possibly"
SCHEDULED = "scheduled"


class TraceFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    MERMAID = "mermaid"


class Direction(StrEnum):
    """Which relations ``trace`` follows: to what relates to the start (down), to what it
    relates to (up), or both."""

    DOWN = "down"
    UP = "up"
    BOTH = "both"


def as_of_day(text: str | None, today: date | None = None) -> date:
    """The day ``--as-of`` names (the first day of a month or year given), else today."""
    from policytl.model.dates import parse_user_date

    if text is None:
        return today if today is not None else date.today()
    try:
        return parse_user_date(text).start
    except UsageError as exc:
        raise UsageError(f"--as-of: {exc}") from None


def stage_state(d: PolicyDate, as_of: date) -> str:
    """``reached``, ``possibly`` or ``scheduled``: the date ``d`` read on the day ``as_of``."""
    if d.end <= as_of:
        return REACHED
    if d.start <= as_of:
        return POSSIBLY
    return SCHEDULED


def _text(t: Text | None, lang: Lang | str) -> str:
    return t.get(lang) if t is not None else ""


def _text_json(t: Text | None) -> dict[str, str] | None:
    return t.to_json() if t is not None else None


# --- status ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StageEvent:
    """A stage event of a document, read on the as-of day."""

    event: Event
    stage: str
    state: str

    @property
    def words(self) -> str:
        """The stage as the views write it: ``in-force``, ``possibly in-force``."""
        return f"possibly {self.stage}" if self.state == POSSIBLY else self.stage

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "stage": self.stage,
            "state": self.state,
            "date": self.event.date.text,
            "start": self.event.date.start.isoformat(),
            "end": self.event.date.end.isoformat(),
            "event": self.event.id,
        }
        if self.event.scope is not None:
            out["scope"] = self.event.scope.to_json()
        return out


@dataclass(frozen=True, slots=True)
class DocumentStatus:
    """Where a document stands on the as-of day."""

    id: str
    title: Text
    jurisdiction: str
    #: its stage: the last stage event starting on or before the day (None: none does)
    stage: StageEvent | None
    #: when ``stage`` is only possibly reached, the last stage surely reached before it
    settled: StageEvent | None
    #: the ``applies`` events (each with its scope), in timeline order
    applies: tuple[StageEvent, ...]
    #: the first stage event wholly after the day
    next: StageEvent | None

    @property
    def ended(self) -> bool:
        return self.stage is not None and self.stage.stage in ENDING_STAGES

    def applying(self) -> list[StageEvent]:
        """The ``applies`` events reached or possibly reached (those that already apply)."""
        return [a for a in self.applies if a.state != SCHEDULED]

    def pending(self) -> list[StageEvent]:
        """The ``applies`` events still scheduled."""
        return [a for a in self.applies if a.state == SCHEDULED]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title.to_json(),
            "jurisdiction": self.jurisdiction,
            "stage": self.stage.to_json() if self.stage is not None else None,
            "settled": self.settled.to_json() if self.settled is not None else None,
            "ended": self.ended,
            "applies": [a.to_json() for a in self.applying()],
            "not_yet": [a.to_json() for a in self.pending()],
            "next": self.next.to_json() if self.next is not None else None,
        }


def _stage_events(timeline: Timeline, events: Iterable[Event]) -> dict[str, list[Event]]:
    """The stage events of each document, by document id, in timeline order."""
    out: dict[str, list[Event]] = {}
    for e in events:
        doc = e.document
        if type(doc) is str and e.stage is not None and doc in timeline.documents:
            out.setdefault(doc, []).append(e)
    return out


def _document_status(
    timeline: Timeline, doc_id: str, events: Sequence[Event], as_of: date
) -> DocumentStatus:
    doc = timeline.documents[doc_id]
    read = [StageEvent(e, e.stage or e.kind, stage_state(e.date, as_of)) for e in events]
    started = [s for s in read if s.state != SCHEDULED]
    current = started[-1] if started else None
    settled = None
    if current is not None and current.state == POSSIBLY:
        reached = [s for s in started if s.state == REACHED]
        settled = reached[-1] if reached else None
    upcoming = [s for s in read if s.state == SCHEDULED]
    return DocumentStatus(
        doc_id,
        doc.title,
        doc.jurisdiction,
        current,
        settled,
        tuple(s for s in read if s.stage == "applies"),
        upcoming[0] if upcoming else None,
    )


def resolve_documents(timeline: Timeline, names: Sequence[str]) -> list[str]:
    """The document ids ``names`` give (a UsageError naming the closest for an unknown one)."""
    for name in names:
        if name not in timeline.documents:
            raise UsageError(f"unknown document {name!r}{suggest(name, timeline.documents)}")
    return list(dict.fromkeys(names))


def status(
    timeline: Timeline,
    as_of: date,
    documents: Sequence[str] = (),
    events: Iterable[Event] | None = None,
) -> list[DocumentStatus]:
    """Each document's status on ``as_of``: those named (in that order), else every
    document with at least one of ``events`` (default: every document), in registry
    order. A document's whole life is read, whatever ``events`` holds."""
    by_doc = _stage_events(timeline, timeline.events)
    if documents:
        chosen = resolve_documents(timeline, documents)
    elif events is None:
        chosen = list(timeline.documents)
    else:
        wanted = {e.document for e in events if type(e.document) is str}
        chosen = [d for d in timeline.documents if d in wanted]
    return [_document_status(timeline, d, by_doc.get(d, ()), as_of) for d in chosen]


def status_json(rows: Sequence[DocumentStatus], as_of: date) -> dict[str, Any]:
    return {"as_of": as_of.isoformat(), "documents": [r.to_json() for r in rows]}


def scope_text(s: StageEvent, lang: Lang | str) -> str:
    """The scope an ``applies`` event names, or "the whole document"."""
    return _text(s.event.scope, lang) or "the whole document"


def stage_cell(r: DocumentStatus) -> str:
    """The stage column: ``in-force``, ``possibly adopted (proposed before)``, ``none``."""
    if r.stage is None:
        return "no stage yet"
    if r.settled is not None:
        return f"{r.stage.words} (surely {r.settled.stage})"
    return r.stage.words


def since_cell(r: DocumentStatus) -> str:
    if r.stage is None:
        return ""
    if r.settled is not None:
        return f"{r.stage.event.date.text} ({r.settled.stage} {r.settled.event.date.text})"
    return r.stage.event.date.text


def next_cell(r: DocumentStatus) -> str:
    return f"{r.next.stage} {r.next.event.date.text}" if r.next is not None else ""


def applies_cells(r: DocumentStatus, lang: Lang | str) -> tuple[list[str], list[str]]:
    """The scopes that apply (``possibly`` marked) and those that do not yet (with dates)."""
    now = [
        ("possibly: " if a.state == POSSIBLY else "") + f"{scope_text(a, lang)} ({a.event.date})"
        for a in r.applying()
    ]
    later = [f"{scope_text(a, lang)} ({a.event.date})" for a in r.pending()]
    return now, later


def status_markdown(rows: Sequence[DocumentStatus], as_of: date, lang: Lang | str) -> str:
    from policytl.export.markdown import escape as esc

    out = [f"# Status as of {as_of.isoformat()}", ""]
    if not rows:
        return "\n".join([*out, "No document."]) + "\n"
    out += ["| Document | Stage | Since | Applies | Not yet | Next |"]
    out.append("| --- | --- | --- | --- | --- | --- |")
    for r in rows:
        now, later = applies_cells(r, lang)
        cells = [
            f"{esc(r.title.get(lang))} ({esc(r.id)})",
            esc(stage_cell(r)),
            esc(since_cell(r)),
            "<br>".join(esc(s) for s in now),
            "<br>".join(esc(s) for s in later),
            esc(next_cell(r)),
        ]
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


STATUS_COLUMNS = (
    "document_id",
    "title_zh",
    "title_en",
    "jurisdiction",
    "stage",
    "state",
    "since",
    "settled_stage",
    "settled_since",
    "applies",
    "not_yet",
    "next_stage",
    "next_date",
    "ended",
)


def status_csv(rows: Sequence[DocumentStatus], lang: Lang | str, *, excel: bool = False) -> str:
    """One row per document (RFC 4180, CRLF rows); scopes joined with ``; ``."""

    def row(r: DocumentStatus) -> dict[str, str]:
        now, later = applies_cells(r, lang)
        out = {
            "document_id": r.id,
            "title_zh": r.title.zh or "",
            "title_en": r.title.en or "",
            "jurisdiction": r.jurisdiction,
            "applies": "; ".join(now),
            "not_yet": "; ".join(later),
            "ended": "true" if r.ended else "false",
        }
        if r.stage is not None:
            out |= {
                "stage": r.stage.stage,
                "state": r.stage.state,
                "since": r.stage.event.date.text,
            }
        if r.settled is not None:
            out |= {"settled_stage": r.settled.stage, "settled_since": r.settled.event.date.text}
        if r.next is not None:
            out |= {"next_stage": r.next.stage, "next_date": r.next.event.date.text}
        return out

    from policytl.export.csv import table_csv

    return table_csv(STATUS_COLUMNS, (row(r) for r in rows), excel)


# --- upcoming --------------------------------------------------------------------------------

_WITHIN = re.compile(r"(\d{1,4})([dwmy])")


def parse_within(text: str, as_of: date) -> date:
    """The last day of the window ``--within`` names from ``as_of``: ``90d``, ``12w``,
    ``6m``, ``2y`` (a month or year later on the same day, the month's last day if
    it has none)."""
    from dateutil.relativedelta import relativedelta

    m = _WITHIN.fullmatch(text.strip().lower())
    if m is None:
        raise UsageError(
            f"--within {text!r}: expected a number and a unit, as in 90d, 12w, 6m or 2y"
        )
    n, unit = int(m[1]), m[2]
    step = {
        "d": relativedelta(days=n),
        "w": relativedelta(weeks=n),
        "m": relativedelta(months=n),
        "y": relativedelta(years=n),
    }[unit]
    try:
        end: date = as_of + step
    except (OverflowError, ValueError):
        raise UsageError(f"--within {text!r} goes past the year 9999") from None
    return end


@dataclass(frozen=True, slots=True)
class UpcomingItem:
    """A scheduled stage (``what`` is the stage) or a target's due date (``due``)."""

    what: str
    date: PolicyDate
    event: Event
    document_id: str | None
    document: Text | None

    @property
    def month(self) -> str:
        """The month the item falls in (``2025-08``), or its year when the date gives no month."""
        d = self.date
        if d.precision is Precision.YEAR:
            return f"{d.start.year:04d}"
        return f"{d.start.year:04d}-{d.start.month:02d}"

    def to_json(self) -> dict[str, Any]:
        e = self.event
        return {
            "month": self.month,
            "date": self.date.text,
            "start": self.date.start.isoformat(),
            "end": self.date.end.isoformat(),
            "what": self.what,
            "event": e.id,
            "kind": e.kind,
            "jurisdiction": e.jurisdiction,
            "document_id": self.document_id,
            "document": _text_json(self.document),
            "scope": _text_json(e.scope),
            "title": e.title.to_json(),
        }


@dataclass(frozen=True, slots=True)
class Upcoming:
    as_of: date
    until: date | None
    items: tuple[UpcomingItem, ...]

    def months(self) -> list[tuple[str, list[UpcomingItem]]]:
        """The items grouped by :attr:`UpcomingItem.month`, soonest first."""
        out: list[tuple[str, list[UpcomingItem]]] = []
        for item in self.items:
            if not out or out[-1][0] != item.month:
                out.append((item.month, []))
            out[-1][1].append(item)
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "until": self.until.isoformat() if self.until is not None else None,
            "items": [i.to_json() for i in self.items],
        }


def upcoming(
    timeline: Timeline, events: Iterable[Event], as_of: date, until: date | None = None
) -> Upcoming:
    """Every stage event and every due date of ``events`` wholly after ``as_of`` (and
    starting on or before ``until``), soonest first: by date, then stage, document, id."""
    found: list[tuple[tuple[Any, ...], UpcomingItem]] = []
    for e in events:
        for what, d in ((e.stage, e.date), ("due", e.due)):
            if what is None or d is None or d.start <= as_of:
                continue
            if until is not None and d.start > until:
                continue
            doc_id = e.document if type(e.document) is str else None
            item = UpcomingItem(what, d, e, doc_id, timeline.document_title(e))
            found.append((event_order(d.sort_key, e.kind, e.document, e.id), item))
    found.sort(key=lambda pair: pair[0])
    return Upcoming(as_of, until, tuple(item for _, item in found))


def document_cell(item: UpcomingItem, lang: Lang | str) -> str:
    title = _text(item.document, lang)
    if item.document_id is not None and title != item.document_id:
        return f"{title} ({item.document_id})" if title else item.document_id
    return title


def upcoming_markdown(result: Upcoming, lang: Lang | str) -> str:
    from policytl.export.markdown import escape as esc

    head = f"# Upcoming after {result.as_of.isoformat()}"
    if result.until is not None:
        head += f", through {result.until.isoformat()}"
    out = [head, ""]
    if not result.items:
        return "\n".join([*out, "Nothing scheduled."]) + "\n"
    for month, items in result.months():
        out += [f"## {month}", "", "| Date | What | Document | Scope | Event |"]
        out.append("| --- | --- | --- | --- | --- |")
        for i in items:
            cells = (
                i.date.text,
                i.what,
                document_cell(i, lang),
                _text(i.event.scope, lang),
                f"{i.event.title.get(lang)} ({i.event.id})",
            )
            out.append("| " + " | ".join(esc(c) for c in cells) + " |")
        out.append("")
    return "\n".join(out)


UPCOMING_COLUMNS = (
    "month",
    "date",
    "start",
    "end",
    "what",
    "event_id",
    "jurisdiction",
    "document_id",
    "document",
    "scope",
    "title",
)


def upcoming_csv(result: Upcoming, lang: Lang | str, *, excel: bool = False) -> str:
    rows = (
        {
            "month": i.month,
            "date": i.date.text,
            "start": i.date.start.isoformat(),
            "end": i.date.end.isoformat(),
            "what": i.what,
            "event_id": i.event.id,
            "jurisdiction": i.event.jurisdiction,
            "document_id": i.document_id or "",
            "document": _text(i.document, lang),
            "scope": _text(i.event.scope, lang),
            "title": i.event.title.get(lang),
        }
        for i in result.items
    )
    from policytl.export.csv import table_csv

    return table_csv(UPCOMING_COLUMNS, rows, excel)


# --- trace -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Lag:
    """Calendar months from a parent's date to its child's: ``min_months``..``max_months``."""

    min_months: int
    max_months: int
    uncertain_date: bool

    @property
    def text(self) -> str:
        lo, hi = self.min_months, self.max_months
        if lo == hi == 0:
            out = "same month"
        elif lo == hi:
            out = f"{lo:+d} month{'' if abs(lo) == 1 else 's'}"
        elif lo >= 0:
            out = f"+{lo}–{hi} months"
        elif hi <= 0:
            out = f"-{-hi}–{-lo} months"
        else:
            out = f"{lo:+d} to {hi:+d} months"
        return out + (" (uncertain date)" if self.uncertain_date else "")

    def to_json(self) -> dict[str, Any]:
        return {"min_months": self.min_months, "max_months": self.max_months, "text": self.text}


def _move(event: Event) -> Move:
    lo, hi = first_part(event.date)
    return Move("", event, None, lo, hi)


def lag_between(parent: Event, child: Event) -> Lag:
    """The lag from ``parent``'s date to ``child``'s (negative when the child is earlier),
    as compare's :func:`lead_between` counts it: a range when precision leaves it open."""
    lead = lead_between(_move(parent), _move(child))
    return Lag(lead.min_months, lead.max_months, lead.uncertain_date)


@dataclass(frozen=True, slots=True)
class Step:
    """One node of a trace: the start (``parent`` None) or a relation followed from its parent."""

    index: int
    parent: int | None
    depth: int
    id: str
    #: ``event``, ``document`` or ``unknown`` (a ``to`` the data does not define)
    node: str
    #: the event that dates the node (a document: its first event), if any
    dated_by: Event | None
    title: Text | None
    direction: str | None = None
    relation: str | None = None
    lag: Lag | None = None
    #: ``cycle`` (on the path to it) or ``seen`` (shown on another branch): not expanded
    repeat: str | None = None
    #: relations left out by --depth
    more: bool = False

    @property
    def date(self) -> PolicyDate | None:
        return self.dated_by.date if self.dated_by is not None else None

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "parent": self.parent,
            "depth": self.depth,
            "id": self.id,
            "node": self.node,
            "date": self.date.text if self.date is not None else None,
            "title": _text_json(self.title),
            "direction": self.direction,
            "relation": self.relation,
            "lag": self.lag.to_json() if self.lag is not None else None,
            "repeat": self.repeat,
            "more": self.more,
        }


@dataclass(frozen=True, slots=True)
class Trace:
    direction: Direction
    depth: int | None
    #: every node in tree order (parents first), the start at index 0
    steps: tuple[Step, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "start": self.steps[0].id,
            "direction": self.direction.value,
            "depth": self.depth,
            "steps": [s.to_json() for s in self.steps],
        }


class _Graph:
    """The relations of a timeline, indexed both ways."""

    def __init__(self, timeline: Timeline) -> None:
        self.timeline = timeline
        self.events = {e.id: e for e in timeline.events}
        self.of_document: dict[str, list[Event]] = {}
        self.incoming: dict[str, list[tuple[str, str]]] = {}
        for e in timeline.events:
            if type(e.document) is str:
                self.of_document.setdefault(e.document, []).append(e)
            for r in e.relations:
                self.incoming.setdefault(r.to, []).append((r.type, e.id))

    def node(self, nid: str) -> tuple[str, Event | None, Text | None]:
        """What ``nid`` is, the event that dates it, and its title."""
        event = self.events.get(nid)
        if event is not None:
            return "event", event, event.title
        doc = self.timeline.documents.get(nid)
        if doc is not None:
            first = self.of_document.get(nid)
            return "document", first[0] if first else None, doc.title
        return "unknown", None, None

    def neighbours(self, nid: str, direction: str) -> list[tuple[str, str]]:
        """(relation type, other id) for each relation of ``direction`` at ``nid``."""
        if direction == "down":
            return self.incoming.get(nid, [])
        event = self.events.get(nid)
        carriers = [event] if event is not None else self.of_document.get(nid, [])
        return [(r.type, r.to) for e in carriers for r in e.relations]


def trace(
    timeline: Timeline, start: str, direction: Direction = Direction.BOTH, depth: int | None = None
) -> Trace:
    """The tree of relations from the event or document ``start`` (see the module docstring)."""
    graph = _Graph(timeline)
    kind, dated, title = graph.node(start)
    if kind == "unknown":
        known = [*graph.events, *timeline.documents]
        raise UsageError(f"no event or document has id {start!r}{suggest(start, known)}")
    steps: list[Step] = [Step(0, None, 0, start, kind, dated, title)]
    directions = ("up", "down") if direction is Direction.BOTH else (direction.value,)
    for way in directions:
        _walk(graph, steps, way, depth)
    return Trace(direction, depth, tuple(steps))


def _walk(graph: _Graph, steps: list[Step], way: str, depth: int | None) -> None:
    """Add to ``steps`` the tree of ``way`` relations under the start (steps[0]), depth
    first, without recursion."""
    root = steps[0]
    shown = {root.id}
    on_path: set[str] = set()
    # entries: (parent index, relation, id) to visit, or (index, None, id) to leave a node
    stack: list[tuple[int, str | None, str]] = [(0, None, root.id)]
    first = True
    while stack:
        parent, relation, nid = stack.pop()
        if relation is None and not first:
            on_path.discard(nid)
            continue
        if first:
            first, index, level = False, 0, 0
        else:
            kind, dated, title = graph.node(nid)
            up = steps[parent]
            lag = None
            if up.dated_by is not None and dated is not None:
                lag = lag_between(up.dated_by, dated)
            repeat = "cycle" if nid in on_path else "seen" if nid in shown else None
            level = up.depth + 1
            index = len(steps)
            steps.append(
                Step(index, parent, level, nid, kind, dated, title, way, relation, lag, repeat)
            )
            if repeat is not None:
                continue
            shown.add(nid)
        nexts = graph.neighbours(nid, way)
        if depth is not None and level >= depth:
            if nexts and index:
                steps[index] = _with_more(steps[index])
            continue
        on_path.add(nid)
        stack.append((index, None, nid))
        stack.extend((index, rel, other) for rel, other in reversed(nexts))


def _with_more(step: Step) -> Step:
    from dataclasses import replace

    return replace(step, more=True)


def _mermaid_label(text: str) -> str:
    from policytl.export.mermaid import label_text

    return label_text(text).replace('"', "#34;")


def trace_mermaid(result: Trace, lang: Lang | str) -> str:
    """The trace as a Mermaid flowchart: a box per node (a node met again is the same box),
    an arrow per relation, from the event that holds it to the one it names, labelled with
    its type and lag. Labels are escaped as the Mermaid export escapes them."""
    lines = ["flowchart TD"]
    box: dict[str, str] = {}
    for s in result.steps:
        if s.id in box:
            continue
        box[s.id] = f"n{len(box)}"
        label = s.id if s.date is None else f"{s.id} · {s.date.text}"
        if s.title is not None:
            label += f" — {s.title.get(lang)}"
        lines.append(f'    {box[s.id]}["{_mermaid_label(label)}"]')
    for s in result.steps:
        if s.parent is None:
            continue
        here, there = box[s.id], box[result.steps[s.parent].id]
        text = s.relation or ""
        if s.lag is not None:
            text += f", {s.lag.text}"
        source, target = (here, there) if s.direction == "down" else (there, here)
        lines.append(f'    {source} -->|"{_mermaid_label(text)}"| {target}')
    return "\n".join(lines) + "\n"
