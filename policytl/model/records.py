"""The policytl data model: plain, immutable, typed records.

Every text that a person reads exists in one or more languages (``Text``,
keyed by BCP 47 tags: ``policytl.model.lang``); a text written by the curators
rather than the issuer is an unofficial translation (``Timeline.translations``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, ClassVar

from policytl.model.dates import PolicyDate
from policytl.model.fields import Field, Kind, declare, record, spec, table
from policytl.model.lang import Lang, Text
from policytl.model.vocabulary import (
    ACYCLIC_RELATIONS,
    BODY_CLASSIFICATIONS,
    BODY_LEVELS,
    DOCUMENT_TYPES,
    EVENT_KINDS,
    RELATION_TYPES,
    SOURCE_KINDS,
    STAGE_OF_KIND,
    STAGES,
    VOCABULARIES,
    event_order,
    stage_rank,
)

__all__ = [
    "ACYCLIC_RELATIONS",
    "BODY_LEVELS",
    "DOCUMENT",
    "DOCUMENT_TYPES",
    "EVENT_KINDS",
    "FORMAT",
    "RECORD_CLASSES",
    "REGISTRIES",
    "RELATION_TYPES",
    "SOURCE_KINDS",
    "STAGES",
    "STAGE_OF_KIND",
    "VOCABULARIES",
    "Alias",
    "Archive",
    "Body",
    "Citation",
    "Document",
    "Event",
    "Jurisdiction",
    "Lanes",
    "Lang",
    "Relation",
    "Source",
    "Text",
    "Timeline",
    "event_order",
    "stage_rank",
]

FORMAT = "policytl/1"


class Lanes(StrEnum):
    """What one lane of a time axis stands for (the chart, the HTML page)."""

    JURISDICTION = "jurisdiction"
    BODY = "body"


def _json_value(kind: Kind, value: Any) -> Any:
    """A field's value as the JSON export writes it."""
    if kind is Kind.DATE:
        return value.text
    if kind is Kind.DOCREF and type(value) is str:
        return value
    if kind in (Kind.TEXT, Kind.DOCREF, Kind.RECORDS, Kind.RECORD, Kind.ALIASES):
        return [v.to_json() for v in value] if type(value) is tuple else value.to_json()
    if type(value) is tuple:
        return list(value)
    if type(value) is dict:
        return dict(value)
    return value


def record_json(obj: Any) -> dict[str, Any]:
    """A record as the JSON export writes it: its fields in table order, each date
    followed by the parts it derives (``start``, ``end``, ``precision``), without
    the fields left at ``None`` or ``()`` (unless ``keep_empty``) and without the key."""
    out: dict[str, Any] = {}
    cls: type = type(obj)
    for name, s in table(cls):
        value = getattr(obj, name)
        if (
            s.kind is Kind.KEY
            or value is None
            or (value == () and not s.required and not s.keep_empty)
        ):
            continue
        out[name] = _json_value(s.kind, value)
        if s.derived is not None:
            out[f"{s.derived}start"] = value.start.isoformat()
            out[f"{s.derived}end"] = value.end.isoformat()
            out[f"{s.derived}precision"] = value.precision.value
    return out


class _Record:
    """What every record class has beside its fields."""

    __slots__ = ()

    def to_json(self) -> dict[str, Any]:
        """The record as the JSON export writes it (``record_json``)."""
        return record_json(self)


_CURATORS_NOTES = "Curators' notes: a string or a list of strings."


@record
class Alias:
    """Another name of a body or jurisdiction, with an optional note on it."""

    noun: ClassVar[str] = "an alias"

    name: str = spec(Kind.STRING, "The other name.")
    note: str | None = spec(Kind.STRING, "Where the name comes from.", default=None)

    def to_json(self) -> str | dict[str, str]:
        return self.name if self.note is None else {"name": self.name, "note": self.note}


@record
class Archive(_Record):
    """A source's archived copy: a local file to verify quotes against, and a public snapshot."""

    noun: ClassVar[str] = "an archive"
    shape: ClassVar[str] = "an archive {path, sha256, retrieved, url}"

    path: str | None = spec(
        Kind.STRING,
        "The local copy (HTML, PDF or plain text), relative to the timeline file and inside "
        "its folder: `archive/4f80f605.html`. `policytl verify` looks the quotes up in it.",
        default=None,
        pattern="relpath",
    )
    sha256: str | None = spec(
        Kind.STRING,
        "SHA-256 of the copy as it was retrieved; `verify` reports a copy that no longer matches.",
        default=None,
        pattern="sha256",
    )
    retrieved: PolicyDate | None = spec(
        Kind.DATE, 'When the copy was retrieved, quoted: `"2026-12-07"`.', default=None
    )
    url: str | None = spec(
        Kind.STRING,
        "A public snapshot of the source (`policytl archive --snapshot` asks the Internet "
        "Archive for one).",
        default=None,
    )


@record
class Source(_Record):
    """A publication that events cite: who published it, when, where to find it."""

    noun: ClassVar[str] = "a source"

    id: str = spec(
        Kind.KEY, "The source's id (a lowercase slug), its key under `sources:`.", pattern="slug"
    )
    title: Text = spec(Kind.TEXT, "Title of the source, `{zh: ..., en: ...}`.")
    publisher: str | None = spec(Kind.STRING, "Who published it, e.g. `PANews`.", default=None)
    author: str | None = spec(Kind.STRING, "Who wrote it.", default=None)
    published: PolicyDate | None = spec(
        Kind.DATE, 'Publication date, quoted like an event date: `"2020-07-01"`.', default=None
    )
    language: str | None = spec(
        Kind.STRING,
        "Language code of the source (BCP 47): `zh`, `en`, `zh-Hans`, `de` ...",
        default=None,
        pattern="language",
    )
    url: str | None = spec(Kind.STRING, "Where to read it.", default=None)
    kind: str = spec(
        Kind.CHOICE,
        "What it is: one of the source kinds below (`cite` types its entry by it).",
        default="news",
        choices=tuple(SOURCE_KINDS),
        meanings=tuple(SOURCE_KINDS.values()),
        label="source kind",
    )
    notes: tuple[str, ...] = spec(Kind.NOTES, _CURATORS_NOTES, default=())
    archive: Archive | None = spec(
        Kind.RECORD,
        "An archived copy: `{path, sha256, retrieved, url}` (`policytl archive` fills it "
        "in; `policytl verify` checks the quotes against it).",
        default=None,
        item=Archive,
    )


@record
class Jurisdiction(_Record):
    """A country, province or city, by its code (``CN``, ``CN-BJ``)."""

    noun: ClassVar[str] = "a jurisdiction"

    code: str = spec(
        Kind.KEY,
        "Its code (`EU`, `CN`, `CN-BJ`, `CN-GD-SZ`), its key under `jurisdictions:`.",
        pattern="code",
    )
    name: Text = spec(Kind.TEXT, "Name of the jurisdiction, `{zh: 北京市, en: Beijing}`.")
    aliases: tuple[Alias, ...] = spec(
        Kind.ALIASES,
        "Other names people use (`beijing`, `北京`): `--jurisdiction` accepts them; "
        "data files use the code.",
        default=(),
    )
    parent: str | None = spec(
        Kind.REF,
        "Code of the enclosing jurisdiction (`CN` for `CN-BJ`).",
        default=None,
        to="jurisdictions",
    )
    notes: tuple[str, ...] = spec(Kind.NOTES, _CURATORS_NOTES, default=())
    level: str | None = spec(
        Kind.CHOICE,
        "Its tier of government, as for a body (`national`, `provincial`, `regional`, "
        "`municipal` ...): `diffuse --level` picks peers by it. Left out, the level its "
        "bodies share, if they share one.",
        default=None,
        choices=tuple(BODY_LEVELS),
        meanings=tuple(BODY_LEVELS.values()),
        label="level",
        appended=True,
    )


@record
class Body(_Record):
    """An issuing body (Popolo-style organization)."""

    noun: ClassVar[str] = "a body"

    id: str = spec(
        Kind.KEY, "The body's id (a lowercase slug), its key under `bodies:`.", pattern="slug"
    )
    name: Text = spec(Kind.TEXT, "Full name of the body, `{zh: ..., en: ...}`.")
    short: Text | None = spec(
        Kind.TEXT, "Short name shown in tables, `{zh: 央行, en: PBoC}`.", default=None
    )
    aliases: tuple[Alias, ...] = spec(
        Kind.ALIASES,
        "Other names people use; each a string or `{name, note}`. `--body` accepts them; "
        "events name the body by its id.",
        default=(),
    )
    level: str = spec(
        Kind.CHOICE,
        "Tier of government: `international`, `supranational`, `central` or `national`, "
        "`provincial` or `regional`, `municipal` or `local`, `district`, or `none` (an "
        "alliance or incubator).",
        choices=tuple(BODY_LEVELS),
        meanings=tuple(BODY_LEVELS.values()),
        label="level",
    )
    jurisdiction: str = spec(
        Kind.REF,
        "Code of the body's jurisdiction, defined under `jurisdictions:`.",
        to="jurisdictions",
    )
    parent: str | None = spec(
        Kind.REF,
        "Id of the body it belongs to (a bureau under the municipality).",
        default=None,
        to="bodies",
    )
    classification: str = spec(
        Kind.CHOICE,
        "What kind of body it is: `government`, `legislature`, `executive`, `department`, "
        "`agency`, `regulator`, `central-bank`, `court` ... (every one is listed in the "
        "format reference).",
        choices=tuple(BODY_CLASSIFICATIONS),
        meanings=tuple(BODY_CLASSIFICATIONS.values()),
        label="classification",
    )
    notes: tuple[str, ...] = spec(Kind.NOTES, _CURATORS_NOTES, default=())

    def short_name(self, lang: Lang | str) -> str:
        return (self.short or self.name).get(lang)


@record
class Citation(_Record):
    """An event's reference to a source: the quote that supports it, and where it is."""

    noun: ClassVar[str] = "a citation"
    shape: ClassVar[str] = "a citation {source, quote}"
    plural: ClassVar[str] = "{source, quote} citations"
    one: ClassVar[str] = "source citation"

    source: str = spec(Kind.REF, "Id of a source defined under `sources:`.", to="sources")
    quote: str | None = spec(
        Kind.STRING,
        "The words of the source, **verbatim**. It may be left out when `locator` is "
        "given (a law's article is its citation); validate warns, and `--strict` refuses.",
        default=None,
        instead=("locator", "the citation rests on its locator alone"),
    )
    locator: str | None = spec(
        Kind.STRING, "Page, paragraph, section or article (`Art. 113`).", default=None
    )


@record
class Relation(_Record):
    """A typed link from an event to another event or to a document."""

    noun: ClassVar[str] = "a relation"
    shape: ClassVar[str] = "a relation {type, to}"
    plural: ClassVar[str] = "{type, to} relations"
    one: ClassVar[str] = "relation"

    type: str = spec(
        Kind.CHOICE,
        "What the link says: one of the relation types below, or a type added under "
        "`relation-types:`.",
        choices=tuple(RELATION_TYPES),
        meanings=tuple(RELATION_TYPES.values()),
        extensible="relation-types",
        label="relation type",
    )
    to: str = spec(
        Kind.REF,
        "The id of the event or of the document linked to.",
        to=("events", "documents"),
    )
    sources: tuple[Citation, ...] = spec(
        Kind.RECORDS,
        "Citations that support the link: `{source: <source id>, quote: <verbatim words>}`.",
        default=(),
        item=Citation,
    )
    notes: tuple[str, ...] = spec(
        Kind.NOTES,
        "Where the link is the curators' reading rather than the source's words.",
        default=(),
    )


@record
class Document(_Record):
    """A policy document (a law, a plan, a notice) whose life events record."""

    noun: ClassVar[str] = "a document"

    id: str = spec(
        Kind.KEY,
        "The document's id (a lowercase slug), its key under `documents:`.",
        pattern="slug",
    )
    title: Text = spec(Kind.TEXT, "Formal title of the document, `{zh: ..., en: ...}`.")
    type: str = spec(
        Kind.CHOICE,
        "What kind of document it is: one of the document types below, or a type added under "
        "`document-types:`.",
        choices=tuple(DOCUMENT_TYPES),
        meanings=tuple(DOCUMENT_TYPES.values()),
        extensible="document-types",
        label="document type",
    )
    jurisdiction: str = spec(
        Kind.REF,
        "Code of the jurisdiction the document belongs to, defined under `jurisdictions:`.",
        to="jurisdictions",
    )
    issuers: tuple[str, ...] = spec(
        Kind.REFS,
        "Ids of the bodies that issued it, the lead first.",
        default=(),
        to="bodies",
    )
    identifiers: dict[str, str] | None = spec(
        Kind.MAPPING,
        "Its identifiers by scheme: `eli`, `celex`, `doc-number` (文号), `isbn`, or any "
        "other scheme the curators need, e.g. `{celex: 32024R1689}`.",
        default=None,
        pattern="slug",
    )
    url: str | None = spec(Kind.STRING, "Where to read it.", default=None)
    notes: tuple[str, ...] = spec(Kind.NOTES, _CURATORS_NOTES, default=())


@record
class Event(_Record):
    """One dated policy event, with the sources that attest it.

    ``date`` is when the event happened (a target: when it was set); ``due`` is the
    date a target aims at, if any, never before ``date``. Everything that places or
    counts events uses ``date``; ``due`` is shown beside it.
    """

    noun: ClassVar[str] = "an event"

    id: str = spec(
        Kind.STRING,
        "Unique id of the event across all files: a lowercase slug such as "
        "`bj-blockchain-action-plan`.",
        pattern="slug",
    )
    date: PolicyDate = spec(
        Kind.DATE,
        "When it happened, quoted, with exactly the precision the source gives: "
        '`"2016"`, `"2016-02"`, `"2019-10-24"`, `"2020-05?"`, `"2020-06-30/2022"`.',
        derived="",
    )
    due: PolicyDate | None = spec(
        Kind.DATE,
        "The date a target aims at, quoted, in the same syntax and with the precision the "
        'source gives (`"2022"` for a goal to be reached by 2022); `date` is then when the '
        "goal was set. It must not end before `date`.",
        default=None,
        derived="due_",
        not_before=("date", "a target is dated when it was set; due is the date it aims at"),
        appended=True,
    )
    kind: str = spec(
        Kind.CHOICE,
        "What happened: one of the event kinds below, or a kind added under `kinds:`.",
        choices=tuple(EVENT_KINDS),
        meanings=tuple(EVENT_KINDS.values()),
        extensible="kinds",
        label="event kind",
    )
    jurisdiction: str = spec(
        Kind.REF,
        "Code of the jurisdiction where the event applies (`CN-BJ`), defined under "
        "`jurisdictions:`.",
        to="jurisdictions",
    )
    issuers: tuple[str, ...] = spec(
        Kind.REFS,
        "Ids of the issuing bodies, the lead first (`[bj-finance-bureau, bj-drc]`); `[]` "
        "when the source names none.",
        to="bodies",
    )
    title: Text = spec(Kind.TEXT, "What happened, in a line: `{zh: ..., en: ...}`.")
    document: Text | str | None = spec(
        Kind.DOCREF,
        "The document the event is about: the id of a document under `documents:`, or "
        "its formal title as a text, e.g. `{zh: 《北京市区块链创新发展行动计划(2020—2022年)》}`.",
        default=None,
        to="documents",
    )
    summary: Text | None = spec(Kind.TEXT, "A few sentences: `{zh: ..., en: ...}`.", default=None)
    tags: tuple[str, ...] = spec(
        Kind.STRINGS,
        "Tags for filtering (`--tag`): letters, digits, `-`, `_`, `.`.",
        default=(),
        pattern="tag",
        keep_empty=True,
    )
    sources: tuple[Citation, ...] = spec(
        Kind.RECORDS,
        "At least one citation: `{source: <source id>, quote: <verbatim words>}`.",
        item=Citation,
        min_items=1,
    )
    notes: tuple[str, ...] = spec(
        Kind.NOTES,
        "Where the source is vague, contradicts itself or was interpreted: a string or a "
        "list of strings.",
        default=(),
    )
    url: str | None = spec(Kind.STRING, "Where to read more.", default=None)
    scope: Text | None = spec(
        Kind.TEXT,
        "Which part of the document the event concerns, e.g. "
        "`{en: Chapter II, prohibited practices}` for the stage from which that part applies.",
        default=None,
        appended=True,
    )
    relations: tuple[Relation, ...] = spec(
        Kind.RECORDS,
        "Links to other events or documents: `{type: part-of, to: <event or document id>}`, "
        "with optional `sources` (citations that support the link) and `notes`.",
        default=(),
        item=Relation,
        appended=True,
    )

    @property
    def sort_key(self) -> tuple[Any, ...]:
        return event_order(self.date.sort_key, self.kind, self.document, self.id)

    @property
    def stage(self) -> str | None:
        """The lifecycle stage the event marks (``document-issued`` counts as published)."""
        return self.kind if self.kind in STAGES else STAGE_OF_KIND.get(self.kind)

    @property
    def lead(self) -> str | None:
        return self.issuers[0] if self.issuers else None

    def texts(self) -> Iterator[str]:
        """Every human-readable text of the event (for search)."""
        yield from self.title.all()
        if isinstance(self.document, Text):
            yield from self.document.all()
        if self.summary is not None:
            yield from self.summary.all()
        if self.scope is not None:
            yield from self.scope.all()
        yield from self.notes
        for relation in self.relations:
            yield from relation.notes


#: The top level of a file: its header and its sections (``table(Event)`` and the
#: others describe what the sections hold). Files merge into one ``Timeline``.
DOCUMENT: tuple[Field, ...] = (
    Field(
        "format",
        declare(
            Kind.CHOICE,
            "The format version: always `policytl/1`.",
            choices=(FORMAT,),
            label="format",
        ),
    ),
    Field(
        "title",
        declare(
            Kind.TEXT,
            "Title of the timeline, as `{zh: ..., en: ...}` (the first file's wins when "
            "files are merged).",
            default=None,
            nullable=False,
        ),
    ),
    Field(
        "description",
        declare(
            Kind.TEXT,
            "What the timeline covers, as `{zh: ..., en: ...}`.",
            default=None,
            nullable=False,
        ),
    ),
    Field(
        "translations",
        declare(
            Kind.MAPPING,
            "Per language, the status of its texts, e.g. "
            "`en: unofficial translation by the curators`.",
            default=None,
            nullable=False,
        ),
    ),
    Field(
        "kinds",
        declare(
            Kind.MAPPING,
            "Event kinds added to the built-in ones: `slug: description`, e.g. "
            "`speech: a speech by an official`.",
            default=None,
            nullable=False,
            pattern="slug",
        ),
    ),
    Field(
        "document-types",
        declare(
            Kind.MAPPING,
            "Document types added to the built-in ones: `slug: description`, e.g. "
            "`white-paper: a government white paper`.",
            default=None,
            nullable=False,
            pattern="slug",
        ),
    ),
    Field(
        "relation-types",
        declare(
            Kind.MAPPING,
            "Relation types added to the built-in ones: `slug: description`, e.g. "
            "`cites: mentions the other as a model`.",
            default=None,
            nullable=False,
            pattern="slug",
        ),
    ),
    Field(
        "sources",
        declare(
            Kind.MAPPING,
            "The sources events cite, by id: "
            "`panews-2020-07-01: {title: {zh: ...}, publisher: PANews}`.",
            default=None,
            nullable=False,
            item=Source,
        ),
    ),
    Field(
        "jurisdictions",
        declare(
            Kind.MAPPING,
            "Jurisdictions by code: `EU`, `CN`, `CN-BJ`, `CN-GD-SZ`.",
            default=None,
            nullable=False,
            item=Jurisdiction,
        ),
    ),
    Field(
        "bodies",
        declare(
            Kind.MAPPING,
            "Issuing bodies by id (a lowercase slug), e.g. `pboc`.",
            default=None,
            nullable=False,
            item=Body,
        ),
    ),
    Field(
        "documents",
        declare(
            Kind.MAPPING,
            "The documents events are about, by id: "
            "`eu-ai-act: {title: {en: Artificial Intelligence Act}, type: regulation, "
            "jurisdiction: EU}`.",
            default=None,
            nullable=False,
            item=Document,
        ),
    ),
    Field(
        "events",
        declare(
            Kind.RECORDS,
            "The events, in any order: `policytl fmt` sorts them by date.",
            default=None,
            nullable=False,
            item=Event,
        ),
    ),
)
#: Every record class, in the order the schema and the format reference list them.
RECORD_CLASSES: tuple[type, ...] = (
    Alias,
    Archive,
    Source,
    Jurisdiction,
    Body,
    Document,
    Citation,
    Relation,
    Event,
)
#: The sections of a file that are registries of records by id, and their classes.
REGISTRIES: dict[str, type] = {
    f.name: f.spec.item for f in DOCUMENT if f.spec.kind is Kind.MAPPING and f.spec.item is not None
}


@dataclass(slots=True)
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
    documents: dict[str, Document] = field(default_factory=dict)
    #: document and relation types the data adds to the built-in ones
    document_types: dict[str, str] = field(default_factory=dict)
    relation_types: dict[str, str] = field(default_factory=dict)

    def body(self, body_id: str) -> Body:
        return self.bodies[body_id]

    def issuer_names(self, event: Event, lang: Lang | str) -> list[str]:
        return [self.bodies[b].short_name(lang) if b in self.bodies else b for b in event.issuers]

    def document_title(self, event: Event) -> Text | None:
        """The title of the event's document: its own text, or the title of the
        document it names by id."""
        doc = event.document
        if isinstance(doc, str):
            return self.documents[doc].title if doc in self.documents else Text(en=doc)
        return doc

    def with_events(self, events: list[Event]) -> Timeline:
        """The same registries with another (already sorted) list of events."""
        return replace(self, events=events)

    def to_dataframes(self) -> dict[str, Any]:
        """The timeline's tables (events, citations, sources, ...: ``policytl.frames``)
        as pandas DataFrames by name; needs ``pip install 'policytl[pandas]'``."""
        from policytl.frames import dataframes

        return dataframes(self)

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
        if self.document_types:
            out["document-types"] = dict(self.document_types)
        if self.relation_types:
            out["relation-types"] = dict(self.relation_types)
        return out

    def to_json(self) -> dict[str, Any]:
        """The whole timeline in the documented JSON export schema."""
        out = self.header_json()
        out["sources"] = {k: v.to_json() for k, v in self.sources.items()}
        out["jurisdictions"] = {k: v.to_json() for k, v in self.jurisdictions.items()}
        out["bodies"] = {k: v.to_json() for k, v in self.bodies.items()}
        if self.documents:
            out["documents"] = {k: v.to_json() for k, v in self.documents.items()}
        out["events"] = [e.to_json() for e in self.events]
        return out


def text_of(value: Mapping[str, str] | None) -> Text | None:
    if value is None:
        return None
    return Text.of(value)
