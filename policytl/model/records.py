"""The policytl data model: plain, immutable, typed records.

Every text that a person reads exists in Chinese and/or English (``Text``);
an English text written by the curators rather than the issuer is an
unofficial translation (``Timeline.translations``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from policytl.model._records import value_methods
from policytl.model.dates import PolicyDate

if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "BODY_LEVELS",
    "EVENT_KINDS",
    "FORMAT",
    "SOURCE_KINDS",
    "Alias",
    "Body",
    "Citation",
    "Event",
    "Jurisdiction",
    "Lanes",
    "Lang",
    "Source",
    "Text",
    "Timeline",
]

FORMAT = "policytl/1"

#: The documented vocabulary of event kinds (README: "Event kinds").
EVENT_KINDS: dict[str, str] = {
    "document-issued": "a policy document, plan, notice or rule is issued",
    "institution-founded": "an alliance, centre or institution is set up",
    "fund-launched": "a fund is launched or put into operation",
    "fund-announced": "a fund is announced or planned, not yet launched",
    "pilot-approved": "a pilot, trial or regulatory sandbox is approved or started",
    "statement": "a policy position is stated by leaders or officials",
    "report": "a work report or review mentions the topic",
    "target": "a goal to be reached by a given date",
    "statistic": "a measured figure as of a date",
}
BODY_LEVELS = ("central", "provincial", "municipal", "district", "none")
BODY_CLASSIFICATIONS = (
    "government",
    "leadership",
    "department",
    "regulator",
    "central-bank",
    "administrative-committee",
    "alliance",
    "incubator",
    "fund",
    "other",
)
SOURCE_KINDS = ("news", "official", "secondary")


# Every dataclass here has a docstring: for a class without one, @dataclass makes
# one from inspect.signature(), about 0.1-0.5 ms per class at every start-up.


class Lang(StrEnum):
    ZH = "zh"
    EN = "en"
    BOTH = "both"


class Lanes(StrEnum):
    """What one lane of a time axis stands for (the chart, the HTML page)."""

    JURISDICTION = "jurisdiction"
    BODY = "body"


@value_methods
@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Text:
    """A text in Chinese and/or English; at least one is present."""

    zh: str | None = None
    en: str | None = None

    def get(self, lang: Lang | str) -> str:
        """The text in ``lang`` (falling back to the other language)."""
        if lang == "en" or lang is Lang.EN:
            return self.en or self.zh or ""
        if (lang == "both" or lang is Lang.BOTH) and self.zh and self.en and self.zh != self.en:
            return f"{self.zh} / {self.en}"
        return self.zh or self.en or ""

    def all(self) -> Iterator[str]:
        if self.zh:
            yield self.zh
        if self.en:
            yield self.en

    def to_json(self) -> dict[str, str]:
        out: dict[str, str] = {}
        if self.zh is not None:
            out["zh"] = self.zh
        if self.en is not None:
            out["en"] = self.en
        return out


@value_methods
@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Alias:
    """Another name of a body or jurisdiction, with an optional note on it."""

    name: str
    note: str | None = None

    def to_json(self) -> str | dict[str, str]:
        return self.name if self.note is None else {"name": self.name, "note": self.note}


@value_methods
@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Source:
    """A publication that events cite: who published it, when, where to find it."""

    id: str
    title: Text
    publisher: str | None = None
    author: str | None = None
    published: PolicyDate | None = None
    language: str | None = None
    url: str | None = None
    kind: str = "news"
    notes: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"title": self.title.to_json(), "kind": self.kind}
        for key in ("publisher", "author", "language", "url"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        if self.published is not None:
            out["published"] = self.published.text
        if self.notes:
            out["notes"] = list(self.notes)
        return out


@value_methods
@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Jurisdiction:
    """A country, province or city, by its code (``CN``, ``CN-BJ``)."""

    code: str
    name: Text
    aliases: tuple[Alias, ...] = ()
    parent: str | None = None
    notes: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name.to_json()}
        if self.aliases:
            out["aliases"] = [a.to_json() for a in self.aliases]
        if self.parent is not None:
            out["parent"] = self.parent
        if self.notes:
            out["notes"] = list(self.notes)
        return out


@value_methods
@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Body:
    """An issuing body (Popolo-style organization)."""

    id: str
    name: Text
    level: str
    jurisdiction: str
    classification: str
    short: Text | None = None
    aliases: tuple[Alias, ...] = ()
    parent: str | None = None
    notes: tuple[str, ...] = ()

    def short_name(self, lang: Lang | str) -> str:
        return (self.short or self.name).get(lang)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name.to_json()}
        if self.short is not None:
            out["short"] = self.short.to_json()
        if self.aliases:
            out["aliases"] = [a.to_json() for a in self.aliases]
        out["level"] = self.level
        out["jurisdiction"] = self.jurisdiction
        if self.parent is not None:
            out["parent"] = self.parent
        out["classification"] = self.classification
        if self.notes:
            out["notes"] = list(self.notes)
        return out


@value_methods
@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Citation:
    """An event's reference to a source: the quote that supports it, and where it is."""

    source: str
    quote: str
    locator: str | None = None

    def to_json(self) -> dict[str, str]:
        out = {"source": self.source, "quote": self.quote}
        if self.locator is not None:
            out["locator"] = self.locator
        return out


@value_methods
@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Event:
    """One dated policy event, with the sources that attest it.

    ``date`` is when the event happened (a target: when it was set); ``due`` is the
    date a target aims at, if any, never before ``date``. Everything that places or
    counts events uses ``date``; ``due`` is shown beside it.
    """

    id: str
    date: PolicyDate
    kind: str
    jurisdiction: str
    issuers: tuple[str, ...]
    title: Text
    sources: tuple[Citation, ...]
    document: Text | None = None
    summary: Text | None = None
    tags: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    url: str | None = None
    due: PolicyDate | None = None

    @property
    def sort_key(self) -> tuple[Any, ...]:
        return (*self.date.sort_key, self.id)

    @property
    def lead(self) -> str | None:
        return self.issuers[0] if self.issuers else None

    def texts(self) -> Iterator[str]:
        """Every human-readable text of the event (for search)."""
        yield from self.title.all()
        if self.document is not None:
            yield from self.document.all()
        if self.summary is not None:
            yield from self.summary.all()
        yield from self.notes

    def to_json(self) -> dict[str, Any]:
        """The event as in the JSON export (dates as written plus start/end/precision).

        A target's ``due`` is written the same way: as written, plus due_start, due_end
        and due_precision.
        """
        out: dict[str, Any] = {
            "id": self.id,
            "date": self.date.text,
            "start": self.date.start.isoformat(),
            "end": self.date.end.isoformat(),
            "precision": self.date.precision.value,
        }
        if self.due is not None:
            out["due"] = self.due.text
            out["due_start"] = self.due.start.isoformat()
            out["due_end"] = self.due.end.isoformat()
            out["due_precision"] = self.due.precision.value
        out |= {
            "kind": self.kind,
            "jurisdiction": self.jurisdiction,
            "issuers": list(self.issuers),
            "title": self.title.to_json(),
        }
        if self.document is not None:
            out["document"] = self.document.to_json()
        if self.summary is not None:
            out["summary"] = self.summary.to_json()
        out["tags"] = list(self.tags)
        out["sources"] = [c.to_json() for c in self.sources]
        if self.notes:
            out["notes"] = list(self.notes)
        if self.url is not None:
            out["url"] = self.url
        return out


@value_methods
@dataclass(slots=True, eq=False, repr=False)
class Timeline:
    """A validated timeline: registries plus events sorted by their sort key."""

    events: list[Event] = field(default_factory=list)
    bodies: dict[str, Body] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    jurisdictions: dict[str, Jurisdiction] = field(default_factory=dict)
    title: Text | None = None
    description: Text | None = None
    translations: dict[str, str] = field(default_factory=dict)
    files: tuple[str, ...] = ()
    #: event kinds the data adds to EVENT_KINDS, with their descriptions
    kinds: dict[str, str] = field(default_factory=dict)

    def body(self, body_id: str) -> Body:
        return self.bodies[body_id]

    def issuer_names(self, event: Event, lang: Lang | str) -> list[str]:
        return [self.bodies[b].short_name(lang) if b in self.bodies else b for b in event.issuers]

    def with_events(self, events: list[Event]) -> Timeline:
        """The same registries with another (already sorted) list of events."""
        return Timeline(
            events,
            self.bodies,
            self.sources,
            self.jurisdictions,
            self.title,
            self.description,
            self.translations,
            self.files,
            self.kinds,
        )

    def header_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"format": FORMAT}
        if self.title is not None:
            out["title"] = self.title.to_json()
        if self.description is not None:
            out["description"] = self.description.to_json()
        if self.translations:
            out["translations"] = dict(self.translations)
        if self.kinds:
            out["kinds"] = dict(self.kinds)
        return out

    def to_json(self) -> dict[str, Any]:
        """The whole timeline in the documented JSON export schema."""
        out = self.header_json()
        out["sources"] = {k: v.to_json() for k, v in self.sources.items()}
        out["jurisdictions"] = {k: v.to_json() for k, v in self.jurisdictions.items()}
        out["bodies"] = {k: v.to_json() for k, v in self.bodies.items()}
        out["events"] = [e.to_json() for e in self.events]
        return out


def text_of(value: Mapping[str, str] | None) -> Text | None:
    if value is None:
        return None
    return Text(value.get("zh"), value.get("en"))
