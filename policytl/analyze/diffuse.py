"""Diffusion: the adoption of one policy across the jurisdictions of a selection.

The *policy* is what the shared filters select (a tag, a kind, a document ...),
narrowed by ``stage`` (the lifecycle stage that counts as adoption, such as
``adopted``; ``document-issued`` counts as ``published``) and ``document_type``
(the type of the event's document under ``documents:``). The *peers* are the
jurisdictions compared: every jurisdiction of the timeline, or those of
``--jurisdiction``, narrowed by ``parent`` (its direct children) and ``level``
(a jurisdiction's ``level:``, else the level its bodies share, if they share one).

Each peer's first adoption (documented contract)
------------------------------------------------
A date is the closed interval of days it may denote; unlike ``compare``, an
interval date (``2020-04-26/2020-04-27``) counts as a whole: it is the window the
adoption lies in (reports that disagree, or "on or before 2020-05-09" written
``2020/2020-05-09``). A peer's first adoption lies between ``lo``, the earliest
start of its matching events, and ``hi``, the earliest end
(:func:`policytl.analyze.compare.first_move`). Peers without a matching event are
the non-adopters.

Ranking and ties. Adopter A certainly adopted before B when ``A.hi < B.lo``.
Otherwise their order is *undetermined* (two adoptions on the same day
included), never guessed. A's rank is the range of places it can take:
``best = 1 + #{B: B.hi < A.lo}`` and ``worst = #{B: B.lo <= A.hi}`` (A counted);
an adopter whose order is determined against every other has ``best == worst``.
Adopters are listed by ``(lo, hi, code)``.

Lag from a trigger. With a trigger event T (its date counted as a whole too),
A's lag is ``A.lo - T.hi`` to ``A.hi - T.lo`` days when both dates are given to
the day (an interval of days included), else in calendar months,
``M(A.lo) - M(T.hi)`` to ``M(A.hi) - M(T.lo)`` with ``M(d) = 12 * year + month``
(compare's lead arithmetic): "6–7 days", "2–13 months", never more precise
than the dates.

Adopter categories (after Rogers, *Diffusion of Innovations*): an adopter's
place ``r`` among the ``N`` peers puts the share of peers that adopted before
it, ``(r - 1) / N``, into innovators (below 2.5 %), early adopters (below 16 %),
early majority (below 50 %), late majority (below 84 %) or laggards. An adopter
whose rank is a range gets every category of the range ("early adopters or early
majority"). Non-adopters get none.

The cumulative curve counts, at the end of each period (year, quarter or
month) from the first possible adoption to the last, the adopters that had
certainly adopted (``hi`` on or before it) and those that may have (``lo`` on or
before it), and their shares of the peers.

This module is pure: it builds a :class:`Diffusion` and renders JSON, CSV and
the SPID-style long table; the Rich view is ``policytl.render.diffuse``, the
pictures ``policytl.render.diffuse_svg``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from policytl.analyze.compare import Move, first_move, lead_between
from policytl.analyze.periods import Period
from policytl.analyze.query import resolve_jurisdiction, suggest
from policytl.analyze.stats import _period_bounds, _period_index, period_key
from policytl.model.dates import PolicyDate, Precision
from policytl.model.errors import UsageError
from policytl.model.records import STAGES, Event, Text, Timeline
from policytl.model.textsafe import dump_json

__all__ = [
    "CATEGORIES",
    "Adopter",
    "CurvePoint",
    "Diffusion",
    "Lag",
    "Peer",
    "categories",
    "diffuse",
    "find_event",
    "jurisdiction_level",
    "lag_text",
    "rank_range",
    "render_csv",
    "render_json",
    "render_spid",
    "to_json",
    "undetermined_pairs",
    "whole",
]

JSON_FORMAT = "policytl-diffuse/1"

#: Rogers' adopter categories and the share of peers adopted before, below which each
#: one lies (2.5 %, then +13.5, +34, +34; the laggards the last 16 %)
CATEGORIES: tuple[tuple[str, float], ...] = (
    ("innovators", 0.025),
    ("early adopters", 0.16),
    ("early majority", 0.50),
    ("late majority", 0.84),
    ("laggards", 1.0),
)


def whole(d: PolicyDate) -> tuple[date, date]:
    """Every day ``d`` may denote: an interval's window as a whole."""
    return d.start, d.end


def jurisdiction_level(timeline: Timeline, code: str) -> str | None:
    """A jurisdiction's ``level:``, else the level all its bodies share, else None."""
    j = timeline.jurisdictions[code]
    if j.level is not None:
        return j.level
    levels = {b.level for b in timeline.bodies.values() if b.jurisdiction == code}
    levels.discard("none")
    return levels.pop() if len(levels) == 1 else None


@dataclass(frozen=True, slots=True)
class Peer:
    code: str
    name: Text


@dataclass(frozen=True, slots=True)
class Lag:
    """An adopter's lag from the trigger, in days or calendar months (``unit``)."""

    unit: str
    low: int
    high: int

    @property
    def text(self) -> str:
        return lag_text(self.low, self.high, self.unit)

    def to_json(self) -> dict[str, Any]:
        return {"unit": self.unit, "min": self.low, "max": self.high, "text": self.text}


def _units(n: int, unit: str) -> str:
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"


def lag_text(low: int, high: int, unit: str) -> str:
    """ "6 days", "6–7 days", "2–13 months", "3 days before", "2 days before to 3 after"."""
    if low == high == 0:
        return "same day" if unit == "day" else "same month"
    if low >= 0:
        return _units(high, unit) if low == high else f"{low}–{_units(high, unit)}"
    if high <= 0:
        a, b = -high, -low
        return (_units(b, unit) if a == b else f"{a}–{_units(b, unit)}") + " before"
    return f"{_units(-low, unit)} before to {high} after"


@dataclass(frozen=True, slots=True)
class Adopter:
    """A peer's first adoption, its rank range, category and lag."""

    code: str
    name: Text
    move: Move
    best: int
    worst: int
    #: the adopters whose order against this one is undetermined
    undetermined: tuple[str, ...]
    #: its possible Rogers categories, earliest first
    categories: tuple[str, ...]
    lag: Lag | None

    @property
    def lo(self) -> date:
        return self.move.lo

    @property
    def hi(self) -> date:
        return self.move.hi

    @property
    def rank(self) -> str:
        return str(self.best) if self.best == self.worst else f"{self.best}–{self.worst}"

    @property
    def category(self) -> str:
        return " or ".join(self.categories)

    @property
    def date_text(self) -> str:
        return self.move.date_text

    @property
    def flags(self) -> tuple[str, ...]:
        """What makes the date imprecise: "uncertain date", "interval" (reports disagree)."""
        dates = [e.date for e in (self.move.event, self.move.latest) if e is not None]
        out: list[str] = []
        if any(d.uncertain or d.approximate for d in dates):
            out.append("uncertain date")
        if any(d.is_interval for d in dates):
            out.append("interval")
        return tuple(out)


@dataclass(frozen=True, slots=True)
class CurvePoint:
    """At the end of one period: how many peers had certainly, and possibly, adopted."""

    label: str
    end: date
    certain: int
    possible: int


@dataclass(frozen=True, slots=True)
class Diffusion:
    #: the policy in words: the filters, stage and document type that select it
    policy: str
    peers: tuple[Peer, ...]
    adopters: tuple[Adopter, ...]
    non_adopters: tuple[Peer, ...]
    curve: tuple[CurvePoint, ...]
    period: Period
    trigger: Event | None = None
    #: how the peers were chosen ("--parent CN --level provincial"), or ""
    peer_rule: str = ""

    @property
    def undetermined(self) -> bool:
        return any(a.undetermined for a in self.adopters)


# --- ranking ------------------------------------------------------------------------------


def rank_range(spans: Sequence[tuple[date, date]]) -> list[tuple[int, int]]:
    """Each span's (best, worst) place: see the module docstring."""
    los = sorted(lo for lo, _ in spans)
    his = sorted(hi for _, hi in spans)
    return [(1 + bisect_left(his, lo), bisect_right(los, hi)) for lo, hi in spans]


def undetermined_pairs(spans: Sequence[tuple[date, date]], codes: Sequence[str]) -> list[list[str]]:
    """For each span, the codes of the others it overlaps (spans sorted by start)."""
    out: list[list[str]] = [[] for _ in spans]
    for i, (lo_i, hi_i) in enumerate(spans):
        for j in range(i + 1, len(spans)):
            lo_j, hi_j = spans[j]
            if lo_j > hi_i:
                break  # sorted by start: every later span starts after this one ends
            if hi_j >= lo_i:
                out[i].append(codes[j])
                out[j].append(codes[i])
    return out


def categories(best: int, worst: int, peers: int) -> tuple[str, ...]:
    """The Rogers categories of the places best..worst among ``peers``."""
    out: list[str] = []
    for place in range(best, worst + 1):
        share = (place - 1) / peers
        name = next(n for n, below in CATEGORIES if share < below or below == 1.0)
        if name not in out:
            out.append(name)
    return tuple(out)


def _day_precise(move: Move) -> bool:
    dates = [e.date for e in (move.event, move.latest) if e is not None]
    return all(d.precision is Precision.DAY and d.end_precision is Precision.DAY for d in dates)


def _lag(trigger: Move, move: Move) -> Lag:
    if _day_precise(trigger) and _day_precise(move):
        return Lag("day", (move.lo - trigger.hi).days, (move.hi - trigger.lo).days)
    lead = lead_between(trigger, move)
    return Lag("month", lead.min_months, lead.max_months)


# --- the diffusion ------------------------------------------------------------------------


def _peers(
    timeline: Timeline,
    jurisdictions: Iterable[str],
    parent: str | None,
    level: str | None,
) -> list[Peer]:
    wanted = set(jurisdictions)
    out: list[Peer] = []
    for code in sorted(timeline.jurisdictions):
        j = timeline.jurisdictions[code]
        if wanted and code not in wanted:
            continue
        if parent is not None and j.parent != parent:
            continue
        if level is not None and jurisdiction_level(timeline, code) != level:
            continue
        out.append(Peer(code, j.name))
    return out


def _curve(adopters: Sequence[Adopter], period: Period) -> tuple[CurvePoint, ...]:
    if not adopters:
        return ()
    los = sorted(a.lo for a in adopters)
    his = sorted(a.hi for a in adopters)
    first, last = _period_index(los[0], period), _period_index(his[-1], period)
    out: list[CurvePoint] = []
    for index in range(first, last + 1):
        start, end = _period_bounds(index, period)
        out.append(
            CurvePoint(
                period_key(start, period), end, bisect_right(his, end), bisect_right(los, end)
            )
        )
    return tuple(out)


def _check(stage: str | None, document_type: str | None, timeline: Timeline) -> None:
    if stage is not None and stage not in STAGES:
        raise UsageError(
            f"unknown stage {stage!r} for --stage (expected one of: {', '.join(STAGES)})"
            + suggest(stage, STAGES)
        )
    if document_type is not None:
        known = {d.type for d in timeline.documents.values()}
        if document_type not in known:
            raise UsageError(
                f"no document under documents: has type {document_type!r} (--document-type)"
                + suggest(document_type, known)
            )


def find_event(timeline: Timeline, event_id: str, option: str = "--trigger") -> Event:
    for e in timeline.events:
        if e.id == event_id:
            return e
    ids = [e.id for e in timeline.events]
    raise UsageError(f"no event has id {event_id!r} ({option}){suggest(event_id, ids)}")


def _adopts(timeline: Timeline, stage: str | None, document_type: str | None, e: Event) -> bool:
    if stage is not None and e.stage != stage:
        return False
    if document_type is not None:
        doc = e.document
        if not isinstance(doc, str) or doc not in timeline.documents:
            return False
        return timeline.documents[doc].type == document_type
    return True


def diffuse(
    timeline: Timeline,
    events: Iterable[Event] | None = None,
    *,
    stage: str | None = None,
    document_type: str | None = None,
    jurisdictions: Sequence[str] = (),
    parent: str | None = None,
    level: str | None = None,
    trigger: str | None = None,
    period: Period | str = Period.MONTH,
    policy: str = "",
) -> Diffusion:
    """The diffusion of the policy that ``events`` (default: every event) and ``stage``
    and ``document_type`` select, across the peers (see the module docstring).

    ``jurisdictions``, ``parent``: names as ``--jurisdiction`` reads them.
    Raises UsageError for an unknown name, stage, type or trigger.
    """
    _check(stage, document_type, timeline)
    period = Period(period)
    codes = [resolve_jurisdiction(timeline, j) for j in jurisdictions]
    parent_code = resolve_jurisdiction(timeline, parent, "--parent") if parent else None
    if level is not None and not any(
        jurisdiction_level(timeline, c) == level for c in timeline.jurisdictions
    ):
        levels = {jurisdiction_level(timeline, c) for c in timeline.jurisdictions} - {None}
        raise UsageError(
            f"no jurisdiction has level {level!r} (--level)" + suggest(level, map(str, levels))
        )
    peers = _peers(timeline, codes, parent_code, level)
    wanted = {p.code for p in peers}
    by_code: dict[str, list[Event]] = {}
    for e in timeline.events if events is None else events:
        if e.jurisdiction in wanted and _adopts(timeline, stage, document_type, e):
            by_code.setdefault(e.jurisdiction, []).append(e)
    moves = sorted(
        (first_move(code, evs, whole) for code, evs in by_code.items()),
        key=lambda m: (m.lo, m.hi, m.side),
    )
    spans = [(m.lo, m.hi) for m in moves]
    ranks = rank_range(spans)
    ties = undetermined_pairs(spans, [m.side for m in moves])
    trigger_move = None
    trigger_event = None
    if trigger is not None:
        trigger_event = find_event(timeline, trigger)
        trigger_move = first_move("trigger", [trigger_event], whole)
    adopters = tuple(
        Adopter(
            m.side,
            timeline.jurisdictions[m.side].name,
            m,
            best,
            worst,
            tuple(tied),
            categories(best, worst, len(peers)),
            _lag(trigger_move, m) if trigger_move is not None else None,
        )
        for m, (best, worst), tied in zip(moves, ranks, ties, strict=True)
    )
    rule = []
    if codes:
        rule += [f"--jurisdiction {c}" for c in codes]
    if parent_code is not None:
        rule.append(f"--parent {parent_code}")
    if level is not None:
        rule.append(f"--level {level}")
    return Diffusion(
        policy,
        tuple(peers),
        adopters,
        tuple(p for p in peers if p.code not in by_code),
        _curve(adopters, period),
        period,
        trigger_event,
        " ".join(rule),
    )


# --- JSON, CSV and the long table -----------------------------------------------------------


def _share(n: int, peers: int) -> float:
    return round(n / peers, 4) if peers else 0.0


def _adopter_json(a: Adopter) -> dict[str, Any]:
    latest = a.move.latest
    return {
        "code": a.code,
        "name": a.name.to_json(),
        "date": a.move.event.date.text,
        "event": a.move.event.id,
        "latest_event": latest.id if latest is not None else None,
        "latest_date": latest.date.text if latest is not None else None,
        "earliest": a.lo.isoformat(),
        "latest": a.hi.isoformat(),
        "precision": a.move.event.date.precision.value,
        "flags": list(a.flags),
        "rank": {"best": a.best, "worst": a.worst, "text": a.rank},
        "undetermined_with": list(a.undetermined),
        "categories": list(a.categories),
        "lag": a.lag.to_json() if a.lag is not None else None,
    }


def to_json(d: Diffusion) -> dict[str, Any]:
    """The diffusion as a JSON-ready mapping (schema ``policytl-diffuse/1``)."""
    n = len(d.peers)
    trigger = None
    if d.trigger is not None:
        trigger = {
            "id": d.trigger.id,
            "date": d.trigger.date.text,
            "jurisdiction": d.trigger.jurisdiction,
            "title": d.trigger.title.to_json(),
        }
    return {
        "format": JSON_FORMAT,
        "policy": d.policy,
        "peer_rule": d.peer_rule,
        "peers": len(d.peers),
        "period": d.period.value,
        "trigger": trigger,
        "thresholds": [{"category": c, "below": below} for c, below in CATEGORIES],
        "adopters": [_adopter_json(a) for a in d.adopters],
        "non_adopters": [{"code": p.code, "name": p.name.to_json()} for p in d.non_adopters],
        "curve": [
            {
                "period": p.label,
                "end": p.end.isoformat(),
                "certain": p.certain,
                "possible": p.possible,
                "share_certain": _share(p.certain, n),
                "share_possible": _share(p.possible, n),
            }
            for p in d.curve
        ],
    }


def render_json(d: Diffusion) -> str:
    return dump_json(to_json(d))


CSV_COLUMNS = (
    "code",
    "name_zh",
    "name_en",
    "adopted",
    "rank",
    "rank_best",
    "rank_worst",
    "date",
    "earliest",
    "latest",
    "precision",
    "flags",
    "event",
    "category",
    "undetermined_with",
    "lag_unit",
    "lag_min",
    "lag_max",
    "lag",
)


def _csv_rows(d: Diffusion) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for a in d.adopters:
        row = {
            "code": a.code,
            "name_zh": a.name.zh or "",
            "name_en": a.name.en or "",
            "adopted": "true",
            "rank": a.rank,
            "rank_best": str(a.best),
            "rank_worst": str(a.worst),
            "date": a.move.event.date.text,
            "earliest": a.lo.isoformat(),
            "latest": a.hi.isoformat(),
            "precision": a.move.event.date.precision.value,
            "flags": ";".join(a.flags),
            "event": a.move.event.id,
            "category": a.category,
            "undetermined_with": ";".join(a.undetermined),
        }
        if a.lag is not None:
            row |= {
                "lag_unit": a.lag.unit,
                "lag_min": str(a.lag.low),
                "lag_max": str(a.lag.high),
                "lag": a.lag.text,
            }
        rows.append(row)
    for p in d.non_adopters:
        rows.append(
            {
                "code": p.code,
                "name_zh": p.name.zh or "",
                "name_en": p.name.en or "",
                "adopted": "false",
            }
        )
    return rows


def render_csv(d: Diffusion, *, excel: bool = False) -> str:
    """One row per peer (adopters in order, then the non-adopters), RFC 4180."""
    from policytl.export.csv import table_csv

    return table_csv(CSV_COLUMNS, _csv_rows(d), excel)


SPID_COLUMNS = ("jurisdiction", "policy", "year", "adopted", "earliest", "latest", "precision")


def render_spid(d: Diffusion, *, excel: bool = False) -> str:
    """The long jurisdiction/policy/year table of SPID and netdiffuseR: one row per peer,
    ``year`` the adoption year (empty, NA, when the dates span years or the peer has not
    adopted), with the first adoption's ``earliest``/``latest`` days and precision."""
    from policytl.export.csv import table_csv

    policy = d.policy or "policy"
    rows: list[dict[str, str]] = []
    for a in d.adopters:
        rows.append(
            {
                "jurisdiction": a.code,
                "policy": policy,
                "year": str(a.lo.year) if a.lo.year == a.hi.year else "",
                "adopted": "1",
                "earliest": a.lo.isoformat(),
                "latest": a.hi.isoformat(),
                "precision": a.move.event.date.precision.value,
            }
        )
    rows.extend({"jurisdiction": p.code, "policy": policy, "adopted": "0"} for p in d.non_adopters)
    return table_csv(SPID_COLUMNS, rows, excel)
