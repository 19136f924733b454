"""The registries of a timeline with event counts: bodies, tags, kinds, jurisdictions.

These are the rows of ``policytl bodies``, ``tags``, ``kinds`` and
``jurisdictions``. Pure data: the CLI renders them as a table or as JSON.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from policytl.model.records import EVENT_KINDS, Body, Jurisdiction, Timeline

__all__ = [
    "BodyEntry",
    "JurisdictionEntry",
    "KindEntry",
    "TagEntry",
    "body_entries",
    "jurisdiction_entries",
    "kind_entries",
    "tag_entries",
]


@dataclass(frozen=True, slots=True)
class BodyEntry:
    body: Body
    #: events the body issued (as any issuer)
    events: int
    #: events the body issued as the lead (first) issuer
    lead: int

    def to_json(self) -> dict[str, Any]:
        return {"id": self.body.id, **self.body.to_json(), "events": self.events, "lead": self.lead}


@dataclass(frozen=True, slots=True)
class TagEntry:
    tag: str
    events: int

    def to_json(self) -> dict[str, Any]:
        return {"tag": self.tag, "events": self.events}


@dataclass(frozen=True, slots=True)
class KindEntry:
    kind: str
    description: str
    events: int

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "description": self.description, "events": self.events}


@dataclass(frozen=True, slots=True)
class JurisdictionEntry:
    jurisdiction: Jurisdiction
    events: int

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.jurisdiction.code,
            **self.jurisdiction.to_json(),
            "events": self.events,
        }


def body_entries(timeline: Timeline) -> list[BodyEntry]:
    """Every body in registry order, with how many events it issued."""
    any_count: Counter[str] = Counter()
    lead_count: Counter[str] = Counter()
    for e in timeline.events:
        any_count.update(set(e.issuers))
        if e.issuers:
            lead_count[e.issuers[0]] += 1
    return [BodyEntry(b, any_count[b.id], lead_count[b.id]) for b in timeline.bodies.values()]


def tag_entries(timeline: Timeline) -> list[TagEntry]:
    """Every tag used, most used first (ties by name)."""
    counts: Counter[str] = Counter()
    for e in timeline.events:
        counts.update(set(e.tags))
    return [TagEntry(t, n) for t, n in sorted(counts.items(), key=lambda tn: (-tn[1], tn[0]))]


#: Shown for a kind that a data file declares itself (its description is not kept).
DATA_KIND = "(a kind declared in the data)"


def kind_entries(timeline: Timeline) -> list[KindEntry]:
    """The documented kinds in vocabulary order, then kinds only the data uses, with counts."""
    counts = Counter(e.kind for e in timeline.events)
    out = [KindEntry(k, d, counts[k]) for k, d in EVENT_KINDS.items()]
    out.extend(KindEntry(k, DATA_KIND, counts[k]) for k in sorted(set(counts) - set(EVENT_KINDS)))
    return out


def jurisdiction_entries(timeline: Timeline) -> list[JurisdictionEntry]:
    """Every jurisdiction in registry order, with how many events happen there."""
    counts = Counter(e.jurisdiction for e in timeline.events)
    return [JurisdictionEntry(j, counts[j.code]) for j in timeline.jurisdictions.values()]
