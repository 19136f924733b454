"""Comparing sides of a timeline: side by side, and who moved first.

A *side* is a jurisdiction (events whose ``jurisdiction`` is that code; a
parent such as CN does not include its children such as CN-BJ), an issuing
body (events that body issued, as any issuer; ``lead_only`` and
``include_children`` work as for ``--body``) or a tag (events with that tag).
Names are read as the filters read them (ids, codes, zh/en names, short names
and aliases, case-insensitively; tags case-insensitively). A name that could
be more than one thing takes the one kind of reading that fits every side
(:func:`resolve_sides`), and is a UsageError listing the candidates only when
the choice is real; ``by`` forces one reading.

Side by side
------------
Rows follow a shared time axis of years, quarters or months. An event sits in
the row of the period its date starts in; a date coarser than the period (a
year-precision date with ``period="month"``) gets a row labelled by its own
year, placed before that year's finer rows, so no date is shown more precise
than it is. Only periods where a side has events get a row.

Who moved first: the lead arithmetic (documented contract)
------------------------------------------------------------
Every date is the closed interval of days it may denote: ``2016`` is
2016-01-01..2016-12-31, ``2016-02`` is 2016-02-01..2016-02-29, ``2016-02-15``
is that day. For an interval date (``2020-06-30/2022``) only its start part
counts: a side moves when the interval begins.

For each tag (theme) found on more than one side, a side's *first move* lies
between ``lo``, the earliest start of its events with that tag, and ``hi``, the
earliest end of those events (the first of them happened no earlier than
``lo`` and no later than ``hi``).

Leads are counted in calendar months, ``M(d) = 12 * year + month``: February
and December 2016 are 10 months apart, whatever the days. Sides are ordered
by ``(lo, hi)``, then as given; the first one, ``L``, is compared with each
other side ``O``::

    min lead = M(O.lo) - M(L.hi)        max lead = M(O.hi) - M(L.lo)

* ``L.hi < O.lo``: L moved first for certain. When ``min == max == n`` the
  lead is exact, "L first by n months" ("L first, in the same month" when
  n is 0: two days of one month); otherwise the lead is the range
  "L first by min–max months", never more precise than the dates.
* Otherwise the intervals overlap and either side could have moved first:
  "same day" when both are the same single day, "same month" when every
  possible lead is 0 months (``min == max == 0``), "same year" when both are
  exactly the same calendar year, else "order uncertain" (the JSON keeps min
  and max; min is then negative).
* A date marked uncertain (``?``) or approximate (``~``, ``%``) adds
  "(uncertain date)": the arithmetic takes the date as written.

With more than two sides each other side is compared with ``L`` ("CN-BJ
before CN by 10 months; CN-BJ and X: order uncertain").

Like with like: lifecycle stages
--------------------------------
A tag whose events include a lifecycle kind (``proposed``, ``adopted`` ... on any
side) is compared stage by stage: each side's first ``adopted`` against the
others' first ``adopted`` ("adopted: IT first by 6 months"), never one side's
draft against another's final law; ``document-issued`` counts as ``published``, and
the tag's events without a stage are compared with one another as one more theme.
A stage of a shared tag that only one side reached is listed as such
(``lone_stages``). ``stage`` compares that one stage only, for every tag. Tags
without lifecycle events are compared as before.

This module is pure: it builds a :class:`Comparison` and renders it as JSON
or Markdown strings; the Rich view is ``policytl.render.compare``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from policytl.analyze.periods import By, Period
from policytl.analyze.query import (
    body_names,
    descendants,
    jurisdiction_names,
    resolve_body,
    resolve_jurisdiction,
    suggest,
)
from policytl.model.dates import PolicyDate, Precision, days_in_month
from policytl.model.errors import UsageError
from policytl.model.records import STAGES, Event, Lang, Text, Timeline, stage_rank
from policytl.model.textsafe import dump_json

__all__ = [
    "By",
    "Comparison",
    "Lead",
    "Move",
    "Period",
    "Row",
    "Side",
    "Theme",
    "compare",
    "first_move",
    "first_part",
    "lead_between",
    "no_theme",
    "render_json",
    "render_markdown",
    "resolve_side",
    "resolve_sides",
    "to_json",
]

JSON_FORMAT = "policytl-compare/1"


# --- sides --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Side:
    """One column of the comparison: what it is and its events in timeline order."""

    by: By
    id: str
    name: Text | None
    events: tuple[Event, ...]

    @property
    def label(self) -> str:
        return self.id

    def title(self, lang: Lang | str) -> str:
        """The label with the name in ``lang`` ("CN-BJ 北京市"; a tag is "blockchain (tag)")."""
        if self.name is None:
            return f"{self.id} (tag)"
        return f"{self.id} {self.name.get(lang)}"

    @property
    def first(self) -> str | None:
        return self.events[0].date.text if self.events else None

    @property
    def last(self) -> str | None:
        return self.events[-1].date.text if self.events else None


def _norm(s: str) -> str:
    return " ".join(s.casefold().split())


def _candidates(timeline: Timeline, name: str, tags: Sequence[str]) -> list[tuple[By, str]]:
    key = _norm(name)
    out: list[tuple[By, str]] = []
    for j in timeline.jurisdictions.values():
        if any(_norm(n) == key for n in jurisdiction_names(j)):
            out.append((By.JURISDICTION, j.code))
    for b in timeline.bodies.values():
        if any(_norm(n) == key for n in body_names(b)):
            out.append((By.BODY, b.id))
    out.extend((By.TAG, t) for t in tags if _norm(t) == key)
    return out


def _tags(timeline: Timeline) -> list[str]:
    return sorted({t for e in timeline.events for t in e.tags})


def _resolve_tag(name: str, tags: Sequence[str]) -> str:
    for t in tags:
        if _norm(t) == _norm(name):
            return t
    raise UsageError(f"no event has tag {name!r} (--by tag){suggest(_norm(name), tags)}")


def _unknown(timeline: Timeline, name: str, tags: Sequence[str]) -> UsageError:
    names: set[str] = set(tags)
    for j in timeline.jurisdictions.values():
        names.update(_norm(n) for n in jurisdiction_names(j))
    for b in timeline.bodies.values():
        names.update(_norm(n) for n in body_names(b))
    hint = suggest(_norm(name), names, cutoff=0.5)
    return UsageError(f"unknown side {name!r}: not a jurisdiction, body or tag in the data{hint}")


def _ambiguous(name: str, found: Sequence[tuple[By, str]], fits: Sequence[By]) -> UsageError:
    """The error for a name with a real choice; ``fits`` are the readings every side has."""
    listed = ", ".join(f"{by.value} {rid}" for by, rid in found)
    readings = [b for b in By if any(by is b for by, _ in found)]
    forcing = [b for b in readings if b in fits]
    if len(forcing) > 1:
        advice = "use " + " or ".join(f"--by {b.value}" for b in forcing)
    else:
        advice = "use one of these ids"
    return UsageError(f"side {name!r} is ambiguous: it names {listed}; {advice}")


def _forced(timeline: Timeline, name: str, by: By, tags: Sequence[str]) -> tuple[By, str]:
    if by is By.JURISDICTION:
        return by, resolve_jurisdiction(timeline, name, "--by jurisdiction")
    if by is By.BODY:
        return by, resolve_body(timeline, name, "--by body")
    return by, _resolve_tag(name, tags)


def resolve_side(
    timeline: Timeline,
    name: str,
    by: By | str | None = None,
    *,
    tags: Sequence[str] | None = None,
) -> tuple[By, str]:
    """What ``name`` names on its own: (reading, id). Raises UsageError when unknown or
    ambiguous; :func:`resolve_sides` also uses the other sides to choose.

    ``tags`` are the timeline's tags, when the caller already has them.
    """
    return resolve_sides(timeline, [name], by, tags=tags)[0]


def resolve_sides(
    timeline: Timeline,
    names: Sequence[str],
    by: By | str | None = None,
    *,
    tags: Sequence[str] | None = None,
) -> list[tuple[By, str]]:
    """What each of ``names`` names: (reading, id) per name, in order.

    A name with one reading takes it. When a name has several (``beijing`` is
    the jurisdiction CN-BJ and the body beijing-municipality), the other sides
    choose: if exactly one kind of reading (jurisdiction, body or tag) fits
    every side, and each name has exactly one reading of that kind, that is
    taken (``beijing national``: national can only be a jurisdiction).
    Otherwise the choice is real: a UsageError lists the candidates. ``by``
    forces one reading for every side. Raises UsageError for an unknown name.
    """
    if tags is None:
        tags = _tags(timeline)
    if by is not None:
        forced = By(by)
        return [_forced(timeline, name, forced, tags) for name in names]
    found = [_candidates(timeline, name, tags) for name in names]
    for name, cands in zip(names, found, strict=True):
        if not cands:
            raise _unknown(timeline, name, tags)
    if all(len(c) == 1 for c in found):
        return [c[0] for c in found]
    fits = [b for b in By if all(any(k is b for k, _ in c) for c in found)]
    if len(fits) == 1:
        chosen = [[(k, rid) for k, rid in c if k is fits[0]] for c in found]
        picked = [c[0] for c in chosen]
        if all(len(c) == 1 for c in chosen) and len(set(picked)) == len(picked):
            return picked
    name, cands = next((n, c) for n, c in zip(names, found, strict=True) if len(c) > 1)
    raise _ambiguous(name, cands, fits)


def _side_events(
    timeline: Timeline,
    events: Sequence[Event],
    by: By,
    rid: str,
    *,
    lead_only: bool,
    include_children: bool,
) -> tuple[Event, ...]:
    if by is By.JURISDICTION:
        return tuple(e for e in events if e.jurisdiction == rid)
    if by is By.TAG:
        return tuple(e for e in events if rid in e.tags)
    wanted = descendants(timeline, [rid]) if include_children else {rid}
    if lead_only:
        return tuple(e for e in events if e.issuers and e.issuers[0] in wanted)
    return tuple(e for e in events if not wanted.isdisjoint(e.issuers))


# --- rows ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Row:
    """One period of the shared time axis; ``cells[i]`` are side i's events in it."""

    label: str
    #: the period this row stands for: "year", "quarter" or "month"
    period: str
    cells: tuple[tuple[Event, ...], ...]


def _period_of(d: PolicyDate, period: Period) -> tuple[tuple[int, int, int], str, str]:
    """(sort key, label, row period) of the row an event dated ``d`` sits in."""
    y = d.start.year
    if period is Period.YEAR or d.precision is Precision.YEAR:
        return (y, 0, 0), f"{y:04d}", "year"
    if period is Period.QUARTER:
        q = (d.start.month - 1) // 3 + 1
        return (y, 1, q), f"{y:04d}-Q{q}", "quarter"
    m = d.start.month
    return (y, 1, m), f"{y:04d}-{m:02d}", "month"


def _rows(sides: Sequence[Side], period: Period) -> tuple[Row, ...]:
    keyed: dict[tuple[int, int, int], tuple[str, str, list[list[Event]]]] = {}
    seen: dict[PolicyDate, tuple[tuple[int, int, int], str, str]] = {}
    for i, side in enumerate(sides):
        for e in side.events:
            place = seen.get(e.date)
            if place is None:
                place = seen[e.date] = _period_of(e.date, period)
            key, label, kind = place
            if key not in keyed:
                keyed[key] = (label, kind, [[] for _ in sides])
            keyed[key][2][i].append(e)
    return tuple(
        Row(label, kind, tuple(tuple(c) for c in cells))
        for _, (label, kind, cells) in sorted(keyed.items())
    )


# --- who moved first ----------------------------------------------------------------------


def _part_end(start: date, precision: Precision) -> date:
    if precision is Precision.DAY:
        return start
    if precision is Precision.MONTH:
        return date(start.year, start.month, days_in_month(start.year, start.month))
    return date(start.year, 12, 31)


def first_part(d: PolicyDate) -> tuple[date, date]:
    """The days the start of ``d`` may denote (the whole date unless it is an interval)."""
    if not d.is_interval:
        return d.start, d.end
    return d.start, _part_end(d.start, d.precision)


def _month_no(d: date) -> int:
    return d.year * 12 + d.month


@dataclass(frozen=True, slots=True)
class Move:
    """A side's first move on a theme: the days ``lo``..``hi`` it lies between."""

    side: str
    #: the side's first event on the theme (timeline order)
    event: Event
    #: another event of the side that ends before ``event`` does and so bounds ``hi``
    latest: Event | None
    lo: date
    hi: date

    @property
    def uncertain(self) -> bool:
        return any(
            e is not None and (e.date.uncertain or e.date.approximate)
            for e in (self.event, self.latest)
        )

    @property
    def date_text(self) -> str:
        if self.latest is None:
            return self.event.date.text
        return f"{self.event.date.text} (at the latest {self.latest.date.text})"


def _move(
    side: str,
    events: Sequence[Event],
    part: Callable[[PolicyDate], tuple[date, date]] = first_part,
) -> Move:
    """The first move among ``events`` (in timeline order, so sorted by start).

    ``part``: the days of a date that count (the start part of an interval; diffuse
    counts a whole interval as the window its adoption lies in)."""
    first = events[0]
    lo, hi = part(first.date)
    bound = first
    for e in events[1:]:
        if e.date.start > hi:
            break  # later events start (and so end) after the best end found
        end = part(e.date)[1]
        if end < hi:
            hi, bound = end, e
    return Move(side, first, bound if bound is not first else None, lo, hi)


#: the first move among events in timeline order (public: diffuse ranks by it)
first_move = _move

_STATUS_WORDS = {
    "same-day": "same day",
    "same-month": "same month",
    "same-year": "same year",
    "uncertain": "order uncertain",
}


@dataclass(frozen=True, slots=True)
class Lead:
    """How ``leader`` (the earlier by ``(lo, hi)``) stands against ``other``."""

    leader: str
    other: str
    #: "first" (the leader moved first for certain), "same-day", "same-month",
    #: "same-year" or "uncertain"
    status: str
    min_months: int
    max_months: int
    uncertain_date: bool

    @property
    def first(self) -> str | None:
        return self.leader if self.status == "first" else None

    def text(self, pair: bool = True) -> str:
        """The lead in words; ``pair`` False names both sides (comparisons of 3+ sides)."""
        a, b = self.leader, self.other
        if self.status == "first":
            who = f"{a} first" if pair else f"{a} before {b}"
            lo, hi = self.min_months, self.max_months
            if lo == hi == 0:
                out = f"{who}, in the same month"
            elif lo == hi:
                out = f"{who} by {lo} month{'s' if lo != 1 else ''}"
            else:
                out = f"{who} by {lo}–{hi} months"
        else:
            words = _STATUS_WORDS[self.status]
            out = words if pair else f"{a} and {b}: {words}"
        if self.uncertain_date:
            out += " (uncertain date)"
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "leader": self.leader,
            "other": self.other,
            "first": self.first,
            "status": self.status,
            "min_months": self.min_months,
            "max_months": self.max_months,
            "uncertain_date": self.uncertain_date,
            "text": self.text(),
        }


def _whole_year(lo: date, hi: date) -> bool:
    return lo == date(lo.year, 1, 1) and hi == date(lo.year, 12, 31)


def lead_between(a: Move, b: Move) -> Lead:
    """The lead of ``a`` over ``b``, where ``a`` is the earlier by ``(lo, hi)``.

    See the module docstring for the arithmetic.
    """
    lo_months = _month_no(b.lo) - _month_no(a.hi)
    hi_months = _month_no(b.hi) - _month_no(a.lo)
    if a.hi < b.lo:
        status = "first"
    elif a.lo == a.hi == b.lo == b.hi:
        status = "same-day"
    elif lo_months == hi_months == 0:
        status = "same-month"
    elif (a.lo, a.hi) == (b.lo, b.hi) and _whole_year(a.lo, a.hi):
        status = "same-year"
    else:
        status = "uncertain"
    return Lead(a.side, b.side, status, lo_months, hi_months, a.uncertain or b.uncertain)


@dataclass(frozen=True, slots=True)
class Theme:
    """A tag found on more than one side: each side's first move, the earliest first."""

    tag: str
    moves: tuple[Move, ...]
    leads: tuple[Lead, ...]
    #: the lifecycle stage compared ("adopted"), or None: the tag's events without one
    stage: str | None = None

    def text(self) -> str:
        """The leads in words, after the stage they compare ("adopted: ES first by 6 months")."""
        pair = len(self.leads) == 1
        leads = "; ".join(lead.text(pair) for lead in self.leads)
        return leads if self.stage is None else f"{self.stage}: {leads}"


OnlyThemes = tuple[tuple[str, tuple[str, ...]], ...]


def _staged(sides: Sequence[Side], stage: str | None) -> set[str]:
    """The tags compared stage by stage: those with a lifecycle event (``adopted`` ...) on
    some side, or every tag when one ``stage`` is asked for."""
    if stage is not None:
        return {t for side in sides for e in side.events for t in e.tags}
    return {t for side in sides for e in side.events if e.kind in STAGES for t in e.tags}


def _themes(
    sides: Sequence[Side], stage: str | None = None
) -> tuple[tuple[Theme, ...], OnlyThemes, OnlyThemes]:
    """The themes shared by several sides, the tags only one side has, and the stages of
    shared tags that only one side reached (``"ai-law: proposed"``).

    A theme is a tag, or for a staged tag (:func:`_staged`) a tag and a stage: the
    events of one stage are compared with the same stage on the other sides (a draft
    is never set against a final law), and the tag's events without a stage with
    one another. With ``stage``, only that stage is compared.
    """
    staged = _staged(sides, stage)
    # One pass over each side's events: (tag, stage) -> [(side index, its events)].
    by_key: dict[tuple[str, str | None], list[tuple[int, list[Event]]]] = {}
    tag_sides: dict[str, list[int]] = {}
    for i, side in enumerate(sides):
        mine: dict[tuple[str, str | None], list[Event]] = {}
        for e in side.events:
            for t in e.tags:
                key = (t, e.stage if t in staged else None)
                if stage is None or key[1] == stage:
                    mine.setdefault(key, []).append(e)
                if not tag_sides.get(t) or tag_sides[t][-1] != i:
                    tag_sides.setdefault(t, []).append(i)
        for key, evs in mine.items():
            by_key.setdefault(key, []).append((i, evs))
    themes: list[Theme] = []
    lone: dict[str, list[str]] = {s.label: [] for s in sides}
    for (tag, stage_of), having in by_key.items():
        if len(having) == 1:
            if stage_of is not None and len(tag_sides[tag]) > 1:
                lone[sides[having[0][0]].label].append(f"{tag}: {stage_of}")
            continue
        moves = [(_move(sides[i].label, evs), i) for i, evs in having]
        moves.sort(key=lambda mi: (mi[0].lo, mi[0].hi, mi[1]))
        ordered = tuple(m for m, _ in moves)
        leads = tuple(lead_between(ordered[0], m) for m in ordered[1:])
        themes.append(Theme(tag, ordered, leads, stage_of))
    themes.sort(key=lambda t: (t.moves[0].lo, t.moves[0].hi, t.tag, stage_rank(t.stage or "")))
    only: dict[str, list[str]] = {s.label: [] for s in sides}
    for tag, having_sides in tag_sides.items():
        if len(having_sides) == 1:
            only[sides[having_sides[0]].label].append(tag)
    return (
        tuple(themes),
        tuple((k, tuple(sorted(v))) for k, v in only.items()),
        tuple((k, tuple(v)) for k, v in lone.items() if v),
    )


def _stage(stage: str | None) -> str | None:
    """``stage`` checked: one of the lifecycle stages (a UsageError with the closest if not)."""
    if stage is None or stage in STAGES:
        return stage
    raise UsageError(
        f"unknown stage {stage!r} for --stage (expected one of: {', '.join(STAGES)})"
        + suggest(stage, STAGES)
    )


# --- the comparison -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Comparison:
    sides: tuple[Side, ...]
    period: Period
    rows: tuple[Row, ...]
    themes: tuple[Theme, ...]
    #: (side label, tags only that side has), in side order
    only: OnlyThemes
    #: the filters that selected the events, as typed
    filters: str = ""
    #: the one lifecycle stage compared (``--stage``), if one was asked for
    stage: str | None = None
    #: (side label, "tag: stage" of shared tags that only this side reached), for the
    #: sides that have some
    lone_stages: OnlyThemes = ()

    @property
    def empty(self) -> bool:
        return not any(s.events for s in self.sides)


def compare(
    timeline: Timeline,
    names: Sequence[str],
    *,
    events: Iterable[Event] | None = None,
    by: By | str | None = None,
    period: Period | str = Period.YEAR,
    lead_only: bool = False,
    include_children: bool = False,
    filters: str = "",
    stage: str | None = None,
) -> Comparison:
    """Compare the sides ``names`` of ``timeline``.

    ``events`` (default: all of the timeline's) are the already filtered events
    the sides are taken from; names are resolved against the whole timeline.
    ``stage``: who moved first compares only the events of that lifecycle stage.
    """
    stage = _stage(stage)
    if len(names) < 2:
        raise UsageError("compare needs at least two sides, e.g. `policytl compare CN-BJ CN`")
    period = Period(period)
    pool = list(timeline.events if events is None else events)
    resolved = resolve_sides(timeline, names, by)
    typed: dict[tuple[By, str], str] = {}
    for name, key in zip(names, resolved, strict=True):
        if key in typed:
            raise UsageError(
                f"sides {typed[key]!r} and {name!r} are the same: {key[0].value} {key[1]}"
            )
        typed[key] = name
    sides: list[Side] = []
    for kind, rid in resolved:
        name_text: Text | None = None
        if kind is By.JURISDICTION:
            name_text = timeline.jurisdictions[rid].name
        elif kind is By.BODY:
            b = timeline.bodies[rid]
            name_text = b.short or b.name
        evs = _side_events(
            timeline, pool, kind, rid, lead_only=lead_only, include_children=include_children
        )
        sides.append(Side(kind, rid, name_text, evs))
    themes, only, lone = _themes(sides, stage)
    rows = _rows(sides, period)
    return Comparison(tuple(sides), period, rows, themes, only, filters, stage, lone)


def no_theme(c: Comparison) -> str:
    """What the verdict says when no theme is on more than one side."""
    if c.stage is None:
        return "no theme (tag) is on more than one side"
    return f"no theme (tag) is on more than one side at the stage {c.stage}"


# --- JSON ---------------------------------------------------------------------------------


def _event_ref(e: Event) -> dict[str, Any]:
    """An event in the JSON: its date (never its due date, which is only shown) and title."""
    out: dict[str, Any] = {"id": e.id, "date": e.date.text}
    if e.due is not None:
        out["due"] = e.due.text
    out["title"] = e.title.to_json()
    return out


def to_json(c: Comparison, *, summary: bool = False) -> dict[str, Any]:
    """The comparison as a JSON-ready mapping (schema ``policytl-compare/1``).

    ``summary``: the verdict alone, without ``rows`` (``"summary": true``).
    """
    out: dict[str, Any] = {
        "format": JSON_FORMAT,
        "summary": summary,
        "period": c.period.value,
        "filters": c.filters,
        **({"stage": c.stage} if c.stage is not None else {}),
        "sides": [
            {
                "label": s.label,
                "by": s.by.value,
                "id": s.id,
                "name": s.name.to_json() if s.name is not None else None,
                "events": len(s.events),
                "first": s.first,
                "last": s.last,
            }
            for s in c.sides
        ],
    }
    if not summary:
        out["rows"] = [
            {
                "period": r.label,
                "precision": r.period,
                "cells": {
                    s.label: [_event_ref(e) for e in cell]
                    for s, cell in zip(c.sides, r.cells, strict=True)
                },
            }
            for r in c.rows
        ]
    out["themes"] = [
        {
            "tag": t.tag,
            **({"stage": t.stage} if t.stage is not None else {}),
            "moves": [
                {
                    "side": m.side,
                    "event": _event_ref(m.event),
                    "latest": _event_ref(m.latest) if m.latest is not None else None,
                    "lo": m.lo.isoformat(),
                    "hi": m.hi.isoformat(),
                }
                for m in t.moves
            ],
            "leads": [lead.to_json() for lead in t.leads],
            "text": t.text(),
        }
        for t in c.themes
    ]
    out["only"] = {label: list(tags) for label, tags in c.only}
    if c.lone_stages:
        out["only_stages"] = {label: list(stages) for label, stages in c.lone_stages}
    return out


def render_json(c: Comparison, *, summary: bool = False) -> str:
    return dump_json(to_json(c, summary=summary))


# --- Markdown -----------------------------------------------------------------------------

# Data text goes through the export's one Markdown escaper (policytl.export.markdown):
# literal, one line, table-safe, no autolink, controls as visible escapes.


def _md_events(cell: Sequence[Event], lang: Lang) -> str:
    from policytl.export.markdown import escape

    return "<br>".join(f"{escape(e.date.text)} {escape(e.title.get(lang))}" for e in cell)


def render_markdown(c: Comparison, lang: Lang | str = Lang.BOTH, *, summary: bool = False) -> str:
    """The comparison as a GitHub-flavoured Markdown report, the verdict first.

    ``summary``: the verdict alone (who moved first, themes on one side only).
    """
    from policytl.export.markdown import escape as md_escape
    from policytl.export.markdown import escape_block

    heads = [md_escape(s.title(lang)) for s in c.sides]
    out = [f"# Comparison: {' · '.join(heads)}", ""]
    out.append(f"Period: {c.period.value}. Filters: {md_escape(c.filters or '(no filters)')}.")
    if c.stage is not None:
        out[-1] += f" Stage: {c.stage}."
    out += ["", "## Who moved first", ""]
    if c.themes:
        for t in c.themes:
            firsts = ", ".join(
                f"{md_escape(m.side)} {md_escape(m.date_text)} ({md_escape(m.event.id)})"
                for m in t.moves
            )
            out.append(f"- **{md_escape(t.tag)}**: {firsts}: {md_escape(t.text())}")
    else:
        out.append(f"{no_theme(c).capitalize()}.")
    out += ["", "## Themes on one side only", ""]
    listed = [(label, tags) for label, tags in c.only if tags]
    if listed:
        for label, tags in listed:
            out.append(f"- {escape_block(label)}: {md_escape(', '.join(tags))}")
    else:
        out.append("None.")
    if c.lone_stages:
        out += ["", "## Stages on one side only", ""]
        out += [
            f"- {escape_block(label)}: {md_escape(', '.join(st))}" for label, st in c.lone_stages
        ]
    if summary:
        return "\n".join(out) + "\n"
    out += ["", "## Summary", "", "| Side | Reading | Events | First | Last |"]
    out.append("| --- | --- | --- | --- | --- |")
    for s, head in zip(c.sides, heads, strict=True):
        out.append(
            f"| {head} | {s.by.value} | {len(s.events)} | "
            f"{md_escape(s.first or '')} | {md_escape(s.last or '')} |"
        )
    out += ["", "## Side by side", ""]
    if c.rows:
        out.append("| Period | " + " | ".join(heads) + " |")
        out.append("| --- |" + " --- |" * len(heads))
        for r in c.rows:
            cells = " | ".join(_md_events(cell, Lang(lang)) for cell in r.cells)
            out.append(f"| {r.label} | {cells} |")
    else:
        out.append("No event matches.")
    return "\n".join(out) + "\n"
