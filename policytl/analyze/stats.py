"""Counting a timeline: events per period, jurisdiction, issuing body, kind and tag.

Pure and stdlib-only: ``compute(timeline, period)`` returns a :class:`Stats`
record that the CLI renders as tables (``policytl.render.stats``) or JSON
(``Stats.to_json``).

Dates are never guessed into a finer period. An event is counted in a period
only when every day its date may denote lies inside that period: ``2016-02``
counts in the year 2016, in 2016-Q1 and in 2016-02, but ``2020`` (a year) has
no month or quarter, so in ``--period month`` it is counted apart, under
"dates coarser than the period" (:attr:`Stats.imprecise`), keyed by its year.
An interval that crosses a period boundary is counted apart the same way.

Gaps are whole calendar years between the first and the last event that no
event's date touches. The busiest period is the one with the most events
counted in it (every period tied for the most is listed).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from policytl.analyze.periods import Period
from policytl.model.dates import Precision, days_in_month
from policytl.model.records import Event, Text, Timeline

__all__ = [
    "CSV_COLUMNS",
    "FOLD_EMPTY",
    "BodyCount",
    "Imprecise",
    "NamedCount",
    "Period",
    "PeriodCount",
    "Stats",
    "compute",
    "fold",
    "period_key",
    "period_notes",
    "render_csv",
    "render_markdown",
    "summary_lines",
]


def period_key(d: date, period: Period) -> str:
    """The label of the period holding ``d``: ``2016``, ``2016-Q1`` or ``2016-02``."""
    if period is Period.YEAR:
        return f"{d.year:04d}"
    if period is Period.QUARTER:
        return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
    return f"{d.year:04d}-{d.month:02d}"


def _period_index(d: date, period: Period) -> int:
    """A running number of periods, so that consecutive periods differ by one."""
    if period is Period.YEAR:
        return d.year
    if period is Period.QUARTER:
        return d.year * 4 + (d.month - 1) // 3
    return d.year * 12 + d.month - 1


def _period_bounds(index: int, period: Period) -> tuple[date, date]:
    if period is Period.YEAR:
        return date(index, 1, 1), date(index, 12, 31)
    if period is Period.QUARTER:
        year, q = divmod(index, 4)
        first, last = q * 3 + 1, q * 3 + 3
    else:
        year, m = divmod(index, 12)
        first = last = m + 1
    return date(year, first, 1), date(year, last, days_in_month(year, last))


@dataclass(frozen=True, slots=True)
class PeriodCount:
    """Events whose whole date lies in one period (zero for an empty period)."""

    key: str
    start: date
    end: date
    events: tuple[str, ...]
    #: how many of them have an uncertain (?) or approximate (~) date
    uncertain: int = 0

    @property
    def count(self) -> int:
        return len(self.events)

    def to_json(self) -> dict[str, Any]:
        return {
            "period": self.key,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "count": self.count,
            "uncertain": self.uncertain,
            "events": list(self.events),
        }


@dataclass(frozen=True, slots=True)
class Imprecise:
    """Events whose date is coarser than the period, by the years the date covers."""

    #: ``2020`` for a date within one year, ``2020/2022`` for one that spans years
    span: str
    first_year: int
    last_year: int
    events: tuple[str, ...]
    #: every date in it gives only a year (``2020``), rather than an interval
    year_only: bool = False

    @property
    def count(self) -> int:
        return len(self.events)

    def to_json(self) -> dict[str, Any]:
        return {
            "span": self.span,
            "count": self.count,
            "year_only": self.year_only,
            "events": list(self.events),
        }


@dataclass(frozen=True, slots=True)
class NamedCount:
    """A count per jurisdiction, kind or tag."""

    key: str
    count: int
    name: Text | None = None

    def to_json(self, field: str) -> dict[str, Any]:
        return {field: self.key, **_names(name=self.name), "count": self.count}


@dataclass(frozen=True, slots=True)
class BodyCount:
    """How often a body issued events: as the lead (first) issuer, and at all."""

    id: str
    lead: int
    any: int
    name: Text | None = None
    short: Text | None = None

    def to_json(self) -> dict[str, Any]:
        names = _names(name=self.name, short=self.short)
        return {"body": self.id, **names, "lead": self.lead, "any": self.any}


def _names(**texts: Text | None) -> dict[str, Any]:
    """The JSON of the names a count has (a key that is not in the data has none)."""
    return {key: text.to_json() for key, text in texts.items() if text is not None}


@dataclass(frozen=True, slots=True)
class Stats:
    """Counts over the events of one (usually filtered) timeline."""

    period: Period
    total: int
    #: every period from the first event's to the last event's, empty ones included
    periods: tuple[PeriodCount, ...]
    imprecise: tuple[Imprecise, ...]
    #: the periods with the most events (ties all listed); empty when none was counted
    busiest: tuple[str, ...]
    busiest_count: int
    #: years between the first and the last event that no event's date touches
    gaps: tuple[int, ...]
    #: the dates of the first and last events, as written
    first: str | None
    last: str | None
    jurisdictions: tuple[NamedCount, ...]
    bodies: tuple[BodyCount, ...]
    #: events with no issuing body
    no_issuer: int
    kinds: tuple[NamedCount, ...]
    tags: tuple[NamedCount, ...]

    def to_json(self) -> dict[str, Any]:
        """The documented JSON form of ``policytl stats --format json``."""
        return {
            "events": self.total,
            "period": self.period.value,
            "first": self.first,
            "last": self.last,
            "periods": [p.to_json() for p in self.periods],
            "imprecise": [i.to_json() for i in self.imprecise],
            "busiest": {"periods": list(self.busiest), "count": self.busiest_count},
            "gaps": list(self.gaps),
            "jurisdictions": [j.to_json("jurisdiction") for j in self.jurisdictions],
            "bodies": [b.to_json() for b in self.bodies],
            "no_issuer": self.no_issuer,
            "kinds": [k.to_json("kind") for k in self.kinds],
            "tags": [t.to_json("tag") for t in self.tags],
        }


def _ranked(counter: Counter[str], order: dict[str, int]) -> list[tuple[str, int]]:
    """Most first; ties in first-seen order (then by name)."""
    return sorted(counter.items(), key=lambda kv: (-kv[1], order.get(kv[0], 0), kv[0]))


def compute(timeline: Timeline, period: Period = Period.YEAR) -> Stats:
    """Count the events of ``timeline``. Linear in the number of events."""
    events: list[Event] = timeline.events
    periods, imprecise = _periods(events, period)
    top = max((p.count for p in periods), default=0)
    first_seen, counts = _count(events)
    jur, lead, anyb, kinds, tags = counts
    jurisdictions = tuple(
        NamedCount(
            code,
            n,
            timeline.jurisdictions[code].name if code in timeline.jurisdictions else None,
        )
        for code, n in _ranked(jur, first_seen)
    )
    bodies = tuple(
        BodyCount(
            bid,
            lead[bid],
            n,
            timeline.bodies[bid].name if bid in timeline.bodies else None,
            timeline.bodies[bid].short if bid in timeline.bodies else None,
        )
        for bid, n in sorted(
            anyb.items(), key=lambda kv: (-kv[1], -lead[kv[0]], first_seen[kv[0]], kv[0])
        )
    )
    by_date = sorted(events, key=lambda e: e.date.sort_key)
    # the latest end; among equals, the last in timeline order
    last = (
        max(reversed(events), key=lambda e: (e.date.end, e.date.start)).date.text
        if events
        else None
    )
    return Stats(
        period=period,
        total=len(events),
        periods=periods,
        imprecise=imprecise,
        busiest=tuple(p.key for p in periods if top and p.count == top),
        busiest_count=top,
        gaps=_gaps(events),
        first=by_date[0].date.text if by_date else None,
        last=last,
        jurisdictions=jurisdictions,
        bodies=bodies,
        no_issuer=sum(1 for e in events if not e.issuers),
        kinds=tuple(NamedCount(k, n) for k, n in _ranked(kinds, first_seen)),
        tags=tuple(NamedCount(t, n) for t, n in _ranked(tags, first_seen)),
    )


def _periods(
    events: list[Event], period: Period
) -> tuple[tuple[PeriodCount, ...], tuple[Imprecise, ...]]:
    """Every period from the first event's to the last's, with the events inside it, and
    the events whose dates span more than one period (counted apart, per span of years)."""
    placed: dict[int, list[Event]] = {}
    apart: dict[tuple[int, int], list[Event]] = {}
    for e in events:
        lo = _period_index(e.date.start, period)
        hi = _period_index(e.date.end, period)
        if lo == hi:
            placed.setdefault(lo, []).append(e)
        else:
            apart.setdefault((e.date.start.year, e.date.end.year), []).append(e)

    periods: list[PeriodCount] = []
    if events:
        first_i = _period_index(min(e.date.start for e in events), period)
        last_i = _period_index(max(e.date.end for e in events), period)
        for i in range(first_i, last_i + 1):
            start, end = _period_bounds(i, period)
            here = placed.get(i, [])
            periods.append(
                PeriodCount(
                    period_key(start, period),
                    start,
                    end,
                    tuple(e.id for e in here),
                    sum(1 for e in here if e.date.uncertain or e.date.approximate),
                )
            )
    imprecise = tuple(
        Imprecise(
            f"{a:04d}" if a == b else f"{a:04d}/{b:04d}",
            a,
            b,
            tuple(e.id for e in group),
            all(e.date.precision is Precision.YEAR and not e.date.is_interval for e in group),
        )
        for (a, b), group in sorted(apart.items())
    )
    return tuple(periods), imprecise


def _gaps(events: list[Event]) -> tuple[int, ...]:
    """The years between the first and the last event that no event's date touches."""
    if not events:
        return ()
    touched: set[int] = set()
    for e in events:
        touched.update(range(e.date.start.year, e.date.end.year + 1))
    return tuple(y for y in range(min(touched), max(touched) + 1) if y not in touched)


def _count(events: list[Event]) -> tuple[dict[str, int], tuple[Counter[str], ...]]:
    """The order in which keys are first seen, and the events per jurisdiction, per lead
    issuer, per issuer, per kind and per tag (each event counted once per key)."""
    first_seen: dict[str, int] = {}
    jur: Counter[str] = Counter()
    lead: Counter[str] = Counter()
    anyb: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    tags: Counter[str] = Counter()
    for e in events:
        jur[e.jurisdiction] += 1
        kinds[e.kind] += 1
        for t in dict.fromkeys(e.tags):
            tags[t] += 1
        if e.issuers:
            lead[e.issuers[0]] += 1
        for b in dict.fromkeys(e.issuers):
            anyb[b] += 1
        for key in (e.jurisdiction, e.kind, *e.tags, *e.issuers):
            first_seen.setdefault(key, len(first_seen))
    return first_seen, (jur, lead, anyb, kinds, tags)


# --- folding, Markdown and CSV --------------------------------------------------------------

#: runs of at least this many empty periods are folded into one row (text and Markdown)
FOLD_EMPTY = 3


def fold(periods: Sequence[PeriodCount]) -> list[tuple[str, int, int, PeriodCount | None]]:
    """Rows (label, count, periods folded, period) with runs of empty periods folded.

    A run of :data:`FOLD_EMPTY` or more empty periods becomes one row labelled
    ``first–last`` (the period is then None); every other period is a row.
    """
    rows: list[tuple[str, int, int, PeriodCount | None]] = []
    i = 0
    while i < len(periods):
        j = i
        while j < len(periods) and periods[j].count == 0:
            j += 1
        if j - i >= FOLD_EMPTY:
            rows.append((f"{periods[i].key}–{periods[j - 1].key}", 0, j - i, None))
            i = j
            continue
        rows.append((periods[i].key, periods[i].count, 1, periods[i]))
        i += 1
    return rows


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _and(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def summary_lines(stats: Stats) -> list[str]:
    """The sentences above the tables: span, busiest period, years with no event."""
    noun = stats.period.value
    if not stats.total:
        return ["0 events"]
    if stats.first == stats.last:
        lines = [f"{_n(stats.total, 'event')} in {stats.first}, counted per {noun}"]
    else:
        lines = [
            f"{_n(stats.total, 'event')} from {stats.first} to {stats.last}, counted per {noun}"
        ]
    if stats.busiest:
        each = " each" if len(stats.busiest) > 1 else ""
        lines.append(
            f"Busiest {noun}: {_and(stats.busiest)} ({_n(stats.busiest_count, 'event')}{each})"
        )
    gaps = _and([str(y) for y in stats.gaps]) if stats.gaps else "none"
    lines.append(f"Years with no event: {gaps}")
    return lines


def period_notes(stats: Stats) -> list[tuple[str, int, str, bool]]:
    """The rows of the period table: (label, count, note, busiest), empty runs folded."""
    noun = stats.period.value
    gaps = {f"{y:04d}" for y in stats.gaps}
    busiest = set(stats.busiest)
    rows: list[tuple[str, int, str, bool]] = []
    for key, count, folded, p in fold(stats.periods):
        notes: list[str] = []
        busy = p is not None and key in busiest
        if busy:
            notes.append("busiest")
        if folded > 1:
            notes.append(f"{folded} {noun}s")
        elif count == 0 and key in gaps:
            notes.append("gap")
        if p is not None and p.uncertain:
            notes.append(f"{p.uncertain} uncertain date{'s' if p.uncertain > 1 else ''}")
        rows.append((key, count, ", ".join(notes), busy))
    return rows


def _name(name: Text | None, key: str, lang: str) -> str:
    return key if name is None else name.get(lang)


def render_markdown(stats: Stats, lang: str = "both") -> str:
    """The counts as a GitHub-flavoured Markdown report (the text view's tables)."""
    from policytl.export.markdown import escape as esc
    from policytl.export.markdown import escape_block

    noun = stats.period.value
    out = ["# Event counts", ""]
    out += [escape_block(line) + "." for line in summary_lines(stats)]
    if not stats.total:
        return "\n".join(out) + "\n"
    out += ["", f"## Events per {noun}", "", f"| {noun.capitalize()} | Events | Note |"]
    out.append("| --- | ---: | --- |")
    for key, count, note, _busy in period_notes(stats):
        out.append(f"| {esc(key)} | {count} | {esc(note)} |")
    if stats.imprecise:
        out += ["", f"Dates coarser than a {noun}, counted apart:", ""]
        out += ["| Span | Events | Note |", "| --- | ---: | --- |"]
        for i in stats.imprecise:
            note = "year only" if i.year_only else f"not in one {noun}"
            out.append(f"| {esc(i.span)} | {i.count} | {note} |")
    out += ["", "## Events per jurisdiction", "", "| Jurisdiction | Code | Events |"]
    out.append("| --- | --- | ---: |")
    for j in stats.jurisdictions:
        out.append(f"| {esc(_name(j.name, j.key, lang))} | {esc(j.key)} | {j.count} |")
    if stats.bodies or stats.no_issuer:
        out += ["", "## Events per issuing body", "", "| Issuing body | Id | Lead | Any |"]
        out.append("| --- | --- | ---: | ---: |")
        for b in stats.bodies:
            name = esc(_name(b.short or b.name, b.id, lang))
            out.append(f"| {name} | {esc(b.id)} | {b.lead} | {b.any} |")
        out += ["", "Lead: as first issuer. Any: as any issuer."]
        if stats.no_issuer:
            out[-1] += f" No issuer: {_n(stats.no_issuer, 'event')}."
    for title, header, counts in (
        ("Events per kind", "Kind", stats.kinds),
        ("Events per tag", "Tag", stats.tags),
    ):
        if counts:
            out += ["", f"## {title}", "", f"| {header} | Events |", "| --- | ---: |"]
            out += [f"| {esc(c.key)} | {c.count} |" for c in counts]
    return "\n".join(out) + "\n"


#: the columns of ``policytl stats --format csv``
CSV_COLUMNS = (
    "table",
    "key",
    "name_zh",
    "name_en",
    "count",
    "lead",
    "uncertain",
    "start",
    "end",
    "year_only",
)


def render_csv(stats: Stats, *, excel: bool = False) -> str:
    """Every count as one CSV table (RFC 4180, CRLF rows), every period listed.

    ``table`` says which count a row is: ``period`` (``start``/``end``,
    ``uncertain``), ``imprecise`` (a span counted apart; ``year_only``),
    ``jurisdiction``, ``body`` (``count`` as any issuer, ``lead`` as first),
    ``no_issuer``, ``kind`` or ``tag``. ``excel``: a byte order mark, and cells
    that Excel would run as formulas defused, as ``export --format csv --excel``.
    """
    from policytl.export.csv import table_csv

    rows: list[dict[str, str]] = []

    def add(table: str, key: str, count: int, **more: str) -> None:
        rows.append({"table": table, "key": key, "count": str(count), **more})

    def names(t: Text | None) -> dict[str, str]:
        return {"name_zh": t.zh or "", "name_en": t.en or ""} if t is not None else {}

    for p in stats.periods:
        add(
            "period",
            p.key,
            p.count,
            uncertain=str(p.uncertain),
            start=p.start.isoformat(),
            end=p.end.isoformat(),
        )
    for i in stats.imprecise:
        add("imprecise", i.span, i.count, year_only="true" if i.year_only else "false")
    for j in stats.jurisdictions:
        add("jurisdiction", j.key, j.count, **names(j.name))
    for b in stats.bodies:
        add("body", b.id, b.any, lead=str(b.lead), **names(b.short or b.name))
    if stats.no_issuer:
        add("no_issuer", "", stats.no_issuer)
    for k in stats.kinds:
        add("kind", k.key, k.count)
    for t in stats.tags:
        add("tag", t.key, t.count)
    return table_csv(CSV_COLUMNS, rows, excel)
