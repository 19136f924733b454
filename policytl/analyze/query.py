"""Selecting events: the filters shared by show, export, compare and stats.

Names typed by people (bodies, jurisdictions) are resolved against ids,
Chinese and English names, short names and aliases, case-insensitively. An
unknown name is a UsageError with the closest matches.

:data:`FILTER_OPTIONS` declares each filter once, as a command line offers it
(flags, help, metavar, completion source); policytl.cli.options builds the options
of every filtering command from it, and :class:`Filters` from what they parsed.
A new filter is one field of :class:`Filters` (with its test in :func:`select`
and :meth:`Filters.describe`) and one entry there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from policytl.model.dates import DateRange, parse_user_date
from policytl.model.errors import UsageError
from policytl.model.records import EVENT_KINDS, Body, Event, Jurisdiction, Timeline

__all__ = [
    "FILTER_OPTIONS",
    "FilterOption",
    "Filters",
    "arrange",
    "body_names",
    "jurisdiction_names",
    "resolve_bodies",
    "resolve_body",
    "resolve_documents",
    "resolve_jurisdiction",
    "select",
    "suggest",
]


def _norm(s: str) -> str:
    return " ".join(s.casefold().split())


def body_names(body: Body) -> list[str]:
    """Every name a body answers to: id, names, short names and aliases."""
    names = [body.id, *body.name.all()]
    if body.short is not None:
        names.extend(body.short.all())
    names.extend(a.name for a in body.aliases)
    return names


def jurisdiction_names(j: Jurisdiction) -> list[str]:
    return [j.code, *j.name.all(), *(a.name for a in j.aliases)]


def _index(pairs: Iterable[tuple[str, list[str]]]) -> dict[str, tuple[set[str], str]]:
    """Normalised name -> (ids it names, the name as first written)."""
    out: dict[str, tuple[set[str], str]] = {}
    for rid, names in pairs:
        for n in names:
            out.setdefault(_norm(n), (set(), n))[0].add(rid)
    return out


def suggest(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str:
    """``"; did you mean 'a', 'b'?"`` for the closest of ``choices``, or ``""``."""
    # difflib is imported only for a hint on an error (about 1 ms of start-up).
    import difflib

    close = difflib.get_close_matches(word, sorted(choices), n=3, cutoff=cutoff)
    return "; did you mean " + ", ".join(map(repr, close)) + "?" if close else ""


def _resolve(name: str, index: dict[str, tuple[set[str], str]], what: str, option: str) -> str:
    entry = index.get(_norm(name))
    if entry is None:
        import difflib

        close = difflib.get_close_matches(_norm(name), list(index), n=3, cutoff=0.5)
        hint = ""
        if close:
            hint = "; did you mean " + ", ".join(repr(index[c][1]) for c in close) + "?"
        raise UsageError(f"unknown {what} {name!r} for {option}{hint}")
    hits = entry[0]
    if len(hits) > 1:
        raise UsageError(
            f"{what} name {name!r} for {option} is ambiguous: it names "
            + ", ".join(sorted(hits))
            + "; use one of these ids"
        )
    return next(iter(hits))


def resolve_body(timeline: Timeline, name: str, option: str = "--body") -> str:
    """The id of the body that ``name`` names (id, zh/en name, short name or alias)."""
    index = _index((b.id, body_names(b)) for b in timeline.bodies.values())
    return _resolve(name, index, "body", option)


def resolve_bodies(timeline: Timeline, names: Sequence[str], option: str = "--body") -> list[str]:
    index = _index((b.id, body_names(b)) for b in timeline.bodies.values())
    return [_resolve(n, index, "body", option) for n in names]


def resolve_jurisdiction(timeline: Timeline, name: str, option: str = "--jurisdiction") -> str:
    index = _index((j.code, jurisdiction_names(j)) for j in timeline.jurisdictions.values())
    return _resolve(name, index, "jurisdiction", option)


def resolve_documents(
    timeline: Timeline, names: Sequence[str], option: str = "--document"
) -> set[str]:
    """The ids of the documents that ``names`` name (an id, or a title in zh or en)."""
    index = _index((d.id, [d.id, *d.title.all()]) for d in timeline.documents.values())
    if not index:
        raise UsageError(f"no document is defined under documents: ({option})")
    return {_resolve(n, index, "document", option) for n in names}


def descendants(timeline: Timeline, body_ids: Iterable[str]) -> set[str]:
    """The bodies plus every body whose parent chain leads to one of them."""
    wanted = set(body_ids)
    out = set(wanted)
    for b in timeline.bodies.values():
        p: str | None = b.id
        seen: set[str] = set()
        while p is not None and p not in seen:
            if p in wanted:
                out.add(b.id)
                break
            seen.add(p)
            parent = timeline.bodies.get(p)
            p = parent.parent if parent is not None else None
    return out


@dataclass(frozen=True)
class Filters:
    """What a user asked to see. Empty filters select every event."""

    since: str | None = None
    until: str | None = None
    strict: bool = False
    bodies: tuple[str, ...] = ()
    lead_only: bool = False
    include_children: bool = False
    jurisdictions: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    #: --document (not ``documents``: a command may take documents as its arguments)
    document_ids: tuple[str, ...] = ()
    search: str | None = None
    _range: tuple[DateRange | None, DateRange | None] = field(
        default=(None, None), init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        for flag, given in (
            ("--lead-only", self.lead_only),
            ("--include-children", self.include_children),
        ):
            if given and not self.bodies:
                raise UsageError(f"{flag} applies to --body; give --body too")
        lo = _user_date("--since", self.since)
        hi = _user_date("--until", self.until)
        if lo is not None and hi is not None and lo.start > hi.end:
            raise UsageError(
                f"--since {self.since!r} is after --until {self.until!r}; nothing can match"
            )
        object.__setattr__(self, "_range", (lo, hi))

    @property
    def empty(self) -> bool:
        return not (
            self.since
            or self.until
            or self.bodies
            or self.jurisdictions
            or self.tags
            or self.kinds
            or self.document_ids
            or self.search
        )

    def describe(self) -> str:
        """The filters as the user gave them, for messages such as 'no event matches ...'.

        Values that a shell would split or read specially are quoted.
        """
        parts: list[str] = []
        if self.since is not None:
            parts.append(f"--since {_quote(self.since)}")
        if self.until is not None:
            parts.append(f"--until {_quote(self.until)}")
        if self.strict:
            parts.append("--strict")
        parts.extend(f"--body {_quote(b)}" for b in self.bodies)
        if self.lead_only:
            parts.append("--lead-only")
        if self.include_children:
            parts.append("--include-children")
        parts.extend(f"--jurisdiction {_quote(j)}" for j in self.jurisdictions)
        parts.extend(f"--tag {_quote(t)}" for t in self.tags)
        parts.extend(f"--kind {_quote(k)}" for k in self.kinds)
        parts.extend(f"--document {_quote(d)}" for d in self.document_ids)
        if self.search:
            parts.append(f"--search {_quote(self.search)}")
        return " ".join(parts) if parts else "(no filters)"


@dataclass(frozen=True)
class FilterOption:
    """One filter as the command line offers it (no CLI library here: policytl.cli.options
    turns these into options)."""

    #: the field of :class:`Filters` it sets
    field: str
    #: its names on the command line, long first
    flags: tuple[str, ...]
    help: str
    #: what its value is called in --help; None for a flag (an option that takes no value)
    metavar: str | None = None
    #: may be given more than once (the field is a tuple)
    repeatable: bool = False
    #: where shell completion finds its values: bodies, jurisdictions, tags, kinds or
    #: documents
    complete: str | None = None


#: every filter, in the order --help lists them
FILTER_OPTIONS: tuple[FilterOption, ...] = (
    FilterOption(
        "since",
        ("--since",),
        "Events from this date on: 2016, 2016-06, 2016年6月, "
        "June 2016 (rounded to the start of the period).",
        "DATE",
    ),
    FilterOption(
        "until",
        ("--until",),
        "Events up to this date (--until 2019 means through 2019-12-31).",
        "DATE",
    ),
    FilterOption(
        "strict",
        ("--strict",),
        "Require the whole date inside --since/--until, not just an overlap.",
    ),
    FilterOption(
        "bodies",
        ("--body", "-b"),
        "Issued by this body: id, name or alias (repeatable).",
        "BODY",
        repeatable=True,
        complete="bodies",
    ),
    FilterOption("lead_only", ("--lead-only",), "Match --body only as the lead (first) issuer."),
    FilterOption(
        "include_children", ("--include-children",), "Match --body and every body under it."
    ),
    FilterOption(
        "jurisdictions",
        ("--jurisdiction", "-j"),
        "In this jurisdiction: CN-BJ, beijing, 北京, national ... (repeatable).",
        "J",
        repeatable=True,
        complete="jurisdictions",
    ),
    FilterOption(
        "tags",
        ("--tag", "-t"),
        "Has this tag (repeatable; all must match).",
        "TAG",
        repeatable=True,
        complete="tags",
    ),
    FilterOption(
        "kinds",
        ("--kind", "-k"),
        "Of this kind (repeatable; any may match).",
        "KIND",
        repeatable=True,
        complete="kinds",
    ),
    FilterOption(
        "document_ids",
        ("--document",),
        "About this document: its id or title under documents: (repeatable; any may match).",
        "ID",
        repeatable=True,
        complete="documents",
    ),
    FilterOption(
        "search",
        ("--search", "-s"),
        "Case-insensitive text search in titles, documents, summaries and notes (zh and en).",
        "TEXT",
    ),
)


def _user_date(option: str, value: str | None) -> DateRange | None:
    if value is None:
        return None
    try:
        return parse_user_date(value)
    except UsageError as exc:
        raise UsageError(f"{option}: {exc}") from None


_PLAIN = re.compile(r"[^\s'\"\\$`!*?\[\]{}()<>|&;#~]+")


def _quote(value: str) -> str:
    """``value`` as typed on a command line: bare when safe (Chinese included), else quoted."""
    if _PLAIN.fullmatch(value):
        return value
    return "'" + value.replace("'", "'\\''") + "'"


def select(timeline: Timeline, filters: Filters) -> list[Event]:
    """The events of ``timeline`` that match ``filters``, in timeline order.

    Linear in the number of events: names are resolved once, and each event is
    tested with set look-ups and plain substring search.
    """
    if filters.empty:
        return list(timeline.events)
    lo_r, hi_r = filters._range
    lo = lo_r.start if lo_r is not None else None
    hi = hi_r.end if hi_r is not None else None

    body_set: set[str] | None = None
    if filters.bodies:
        body_set = set(resolve_bodies(timeline, filters.bodies))
        if filters.include_children:
            body_set = descendants(timeline, body_set)
    jur_set: set[str] | None = None
    if filters.jurisdictions:
        jur_set = {resolve_jurisdiction(timeline, j) for j in filters.jurisdictions}
    tags = set(filters.tags)
    if tags:
        known_tags = {t for e in timeline.events for t in e.tags}
        for t in filters.tags:
            if t not in known_tags:
                raise UsageError(f"no event has tag {t!r} (--tag){suggest(t, known_tags)}")
    kinds = set(filters.kinds)
    if kinds:
        known_kinds = set(EVENT_KINDS) | {e.kind for e in timeline.events}
        for k in filters.kinds:
            if k not in known_kinds:
                raise UsageError(
                    f"unknown event kind {k!r} (--kind; see `policytl kinds`)"
                    + suggest(k, known_kinds)
                )
    documents = resolve_documents(timeline, filters.document_ids) if filters.document_ids else None
    needle = filters.search.casefold() if filters.search else None

    out: list[Event] = []
    for e in timeline.events:
        d = e.date
        if lo is not None or hi is not None:
            ok = d.within(lo, hi) if filters.strict else d.overlaps(lo, hi)
            if not ok:
                continue
        if jur_set is not None and e.jurisdiction not in jur_set:
            continue
        if body_set is not None:
            if filters.lead_only:
                if not e.issuers or e.issuers[0] not in body_set:
                    continue
            elif body_set.isdisjoint(e.issuers):
                continue
        if tags and not tags.issubset(e.tags):
            continue
        if kinds and e.kind not in kinds:
            continue
        if documents is not None and e.document not in documents:
            continue
        if needle is not None and not any(needle in t.casefold() for t in e.texts()):
            continue
        out.append(e)
    return out


def arrange(timeline: Timeline, limit: int | None, reverse: bool) -> Timeline:
    """The events of ``timeline`` newest first with ``reverse``, then the first ``limit``
    of them (-n/--limit and --reverse: the same order and number in every format)."""
    if not reverse and (limit is None or limit >= len(timeline.events)):
        return timeline
    events = list(timeline.events)
    if reverse:
        events.reverse()
    return timeline.with_events(events[:limit])
