"""Citations of events for papers and articles: BibTeX, CSL-JSON and plain text.

A bibliography lists each work once. Each source that a chosen event cites is one
entry, keyed by its source id, however many events cite it; its note names the
events it is cited for. Then each document of the ``documents:`` registry that a
chosen event is about is one entry of its own, keyed by the document id
(``<id>-document`` if a source has that key). ``cite --events`` prints, for each
event, the keys and locators to cite it with (``\\cite[Art. 113]{oj-2024}``,
``[@oj-2024, Art. 113]``) and the quotes they rest on.

A source's entry is typed by its kind:

- **CSL-JSON** (Zotero, pandoc ``--citeproc``): ``article-newspaper`` for news (the
  publisher as ``container-title``), ``document`` for an official page,
  ``legislation`` for a law's published text (the publisher, an official journal, as
  ``container-title``), ``report``, and ``article`` for secondary sources; ``issued``
  has the date parts the source's date has (``circa`` when it is uncertain or
  approximate).
- **BibTeX**: ``@article`` (news: ``journal`` is the publisher), ``@misc`` for an
  official page (``organization``) and for secondary sources (``howpublished``),
  biblatex's ``@legislation`` (``publisher``) and ``@techreport`` (``institution``);
  with ``year``, ``month``, biblatex's ``date``, ``url``, ``language`` and ``note``.
  The author is the source's own, one name in braces, never its publisher. LaTeX's
  special characters are escaped, so every text is literal.
- **text**: one block per entry for reading.

A document's entry is typed by its document type, with its status: the stage of the
last chosen event about it that marks one (``document-issued`` counts as published)
and gives its state (not ``applies``, ``amended`` or ``postponed``, and not a
scheduled stage, dated after every source it cites was published), and its date the
first stage that adopted or published it.

- **CSL-JSON**: ``legislation`` (law, directive, decision), ``regulation``,
  ``report``, ``speech``, ``document`` for the other types, and ``bill`` for a
  document whose status is ``proposed``; ``author`` the issuers, ``authority`` the
  lead issuer, ``number`` its first identifier, ``status`` the stage in words,
  ``note`` its identifiers and the events about it.
- **BibTeX**: biblatex's ``@legislation`` (law, regulation, directive, decision) or
  ``@misc`` with ``type`` the document type; ``pubstate`` the stage, the issuers as
  authors (each in braces), the same date fields as a source's, ``url`` and ``note``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from enum import StrEnum

from policytl.model.dates import PolicyDate, Precision
from policytl.model.errors import UsageError
from policytl.model.records import Citation, Document, Event, Lang, Source, Timeline
from policytl.model.textsafe import dump_json, for_terminal

__all__ = [
    "CiteFormat",
    "Entry",
    "Place",
    "Work",
    "choose",
    "cite_command",
    "entries",
    "render",
    "render_events",
    "works",
]


class CiteFormat(StrEnum):
    TEXT = "text"
    BIBTEX = "bibtex"
    CSL_JSON = "csl-json"


@dataclass(frozen=True, slots=True)
class Place:
    """Where a work is cited from: an event and its citation of the source."""

    event: Event
    citation: Citation


@dataclass(frozen=True, slots=True)
class Entry:
    """One bibliography entry for a source: listed once, cited from every place."""

    key: str
    source: Source
    #: the chosen events' citations of the source, in the order chosen
    places: tuple[Place, ...]


@dataclass(frozen=True, slots=True)
class Work:
    """One bibliography entry for a document: cited once, by every event about it."""

    key: str
    document: Document
    #: the chosen events about the document, in the order chosen
    events: tuple[Event, ...]
    #: the stage of the last of them that marks one
    status: str | None
    #: the date of the first stage (in the whole timeline) that adopted or published it
    issued: PolicyDate | None


#: the stages that date a document's issue, and those that give its status (the
#: others, applies, amended and postponed, concern a part or a date of it)
_ISSUED = ("adopted", "published")
_STATUS_STAGES = (
    "proposed",
    "adopted",
    "published",
    "in-force",
    "suspended",
    "repealed",
    "expired",
)


def _scheduled(timeline: Timeline, event: Event) -> bool:
    """A stage dated after every source it cites was published: the date it sets."""
    published = [
        s.published.end
        for c in event.sources
        if (s := timeline.sources.get(c.source)) is not None and s.published is not None
    ]
    return bool(published) and event.date.start > max(published)


def works(timeline: Timeline, events: Sequence[Event], taken: Collection[str] = ()) -> list[Work]:
    """The documents of the registry that ``events`` are about, each once, in the order
    they are first met; ``taken`` are keys already used (a key is then ``<id>-document``)."""
    about: dict[str, list[Event]] = {}
    for e in events:
        if type(e.document) is str and e.document in timeline.documents:
            about.setdefault(e.document, []).append(e)
    issued: dict[str, PolicyDate] = {}
    for e in timeline.events:
        doc = e.document
        if type(doc) is str and doc in about and doc not in issued and e.stage in _ISSUED:
            issued[doc] = e.date
    out = []
    for doc, cited in about.items():
        stages = [
            e.stage for e in cited if e.stage in _STATUS_STAGES and not _scheduled(timeline, e)
        ]
        key = doc if doc not in taken else f"{doc}-document"
        status = stages[-1] if stages else None
        out.append(Work(key, timeline.documents[doc], tuple(cited), status, issued.get(doc)))
    return out


def _issuers(timeline: Timeline, work: Work, lang: Lang) -> list[str]:
    bodies = timeline.bodies
    return [
        _one_line(bodies[b].name.get(lang)) if b in bodies else b for b in work.document.issuers
    ]


def _status(work: Work, lang: Lang) -> str | None:
    from policytl.export.common import stage_word

    return stage_word(work.status, lang).lower() if work.status is not None else None


def _work_note(work: Work, lang: Lang) -> str:
    """'celex 32024R1689. policytl document ai-act, about events a (2021-04-21), b (…)'."""
    ids = "; ".join(f"{k} {v}" for k, v in (work.document.identifiers or {}).items())
    about = ", ".join(f"{e.id} ({e.date.text})" for e in work.events)
    back = f"policytl document {work.document.id}, about events {about}"
    return f"{_one_line(ids)}. {back}" if ids else back


def choose(timeline: Timeline, ids: Sequence[str]) -> list[Event]:
    """The events named by ``ids`` in the order given (all events when none is)."""
    if not ids:
        return list(timeline.events)
    by_id = {e.id: e for e in timeline.events}
    unknown = [i for i in ids if i not in by_id]
    if unknown:
        from policytl.analyze.query import suggest

        first = unknown[0]
        raise UsageError(f"unknown event id {first!r}{suggest(first, by_id)}")
    return [by_id[i] for i in dict.fromkeys(ids)]


def entries(timeline: Timeline, events: Sequence[Event]) -> list[Entry]:
    """The sources that ``events`` cite, each once, in the order they are first met."""
    places: dict[str, list[Place]] = {}
    for e in events:
        for c in e.sources:
            places.setdefault(c.source, []).append(Place(e, c))
    return [Entry(sid, timeline.sources[sid], tuple(cited)) for sid, cited in places.items()]


#: how many events a source's note names (then "and N more")
_NAMED = 10


def _cited_for(entry: Entry) -> str:
    """'cited for policytl events a (2016-02), b (2016-08)' (each event once)."""
    events = list(dict.fromkeys(p.event for p in entry.places))
    named = ", ".join(f"{e.id} ({e.date.text})" for e in events[:_NAMED])
    more = f" and {len(events) - _NAMED} more" if len(events) > _NAMED else ""
    word = "event" if len(events) == 1 else "events"
    return f"cited for policytl {word} {named}{more}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _quote(citation: Citation) -> str:
    """'“the words”, p. 3' (the locator alone when the citation has no quote)."""
    where = _one_line(citation.locator) if citation.locator else ""
    if citation.quote is None:
        return where
    return f"“{_one_line(citation.quote)}”" + (f", {where}" if where else "")


# --- CSL-JSON -----------------------------------------------------------------------------

_CSL_TYPES = {
    "news": "article-newspaper",
    "official": "document",
    "legislation": "legislation",
    "report": "report",
    "secondary": "article",
}
#: the source kinds whose publisher is the container (a newspaper, an official journal)
_CONTAINED = ("news", "legislation")


def _date_parts(d: PolicyDate) -> dict[str, object]:
    parts = [d.start.year]
    if d.precision is not Precision.YEAR:
        parts.append(d.start.month)
    if d.precision is Precision.DAY:
        parts.append(d.start.day)
    out: dict[str, object] = {"date-parts": [parts]}
    if d.uncertain or d.approximate:
        out["circa"] = True
    return out


def _csl(entry: Entry, lang: Lang) -> dict[str, object]:
    src = entry.source
    item: dict[str, object] = {
        "id": entry.key,
        "type": _CSL_TYPES[src.kind],
        "title": _one_line(src.title.get(lang)),
    }
    if src.author:
        item["author"] = [{"literal": src.author}]
    if src.publisher:
        item["publisher"] = src.publisher
        if src.kind in _CONTAINED:
            item["container-title"] = src.publisher
    if src.published is not None:
        item["issued"] = _date_parts(src.published)
    if src.url:
        item["URL"] = src.url
    if src.language:
        item["language"] = src.language
    item["note"] = _cited_for(entry)
    return item


#: CSL types by document type (``document`` for the others; ``bill`` while proposed)
_CSL_DOCUMENT_TYPES = {
    "law": "legislation",
    "directive": "legislation",
    "decision": "legislation",
    "regulation": "regulation",
    "report": "report",
    "speech": "speech",
}


def _csl_work(timeline: Timeline, work: Work, lang: Lang) -> dict[str, object]:
    doc = work.document
    kind = "bill" if work.status == "proposed" else _CSL_DOCUMENT_TYPES.get(doc.type, "document")
    item: dict[str, object] = {
        "id": work.key,
        "type": kind,
        "title": _one_line(doc.title.get(lang)),
    }
    names = _issuers(timeline, work, lang)
    if names:
        item["author"] = [{"literal": n} for n in names]
        item["authority"] = names[0]
    if doc.identifiers:
        item["number"] = next(iter(doc.identifiers.values()))
    if work.issued is not None:
        item["issued"] = _date_parts(work.issued)
    if (status := _status(work, lang)) is not None:
        item["status"] = status
    if doc.url:
        item["URL"] = doc.url
    item["note"] = _work_note(work, lang)
    return item


# --- BibTeX -------------------------------------------------------------------------------

#: LaTeX for the ten special characters. A brace is a command, not ``\\{``: BibTeX
#: counts braces without regard to backslashes, so ``{a\\}b}`` would end the field
#: after ``a\\`` and leave the ``.bib`` unreadable; every field keeps balanced braces.
_LATEX = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "$": r"\$",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
_LATEX_SPECIAL = re.compile(r"[\\{}%&#$_^~]")
#: what a URL field cannot hold as it is: whitespace (line separators included),
#: control and bidi characters, braces (unbalanced ones end the field) and backslashes
_URL_UNSAFE = re.compile("[\\s{}\\\\\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
#: BibTeX entry types by source kind, and the field the publisher goes in
_BIB_TYPES = {
    "news": ("article", "journal"),
    "official": ("misc", "organization"),
    "legislation": ("legislation", "publisher"),
    "report": ("techreport", "institution"),
    "secondary": ("misc", "howpublished"),
}


def _tex(text: str) -> str:
    """Literal text for a BibTeX field: one line, control and bidi characters shown as
    visible escapes (as in every policytl output), LaTeX's special characters escaped."""
    text = _one_line(for_terminal(text))
    return _LATEX_SPECIAL.sub(lambda m: _LATEX[m.group()], text)


def _bib_url(url: str) -> str:
    """A URL that cannot unbalance a field or act on a terminal: spaces, controls, bidi
    controls, braces and backslashes percent-encoded (UTF-8)."""
    return _URL_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), url)


def _bibtex(entry: Entry, lang: Lang) -> str:
    src = entry.source
    kind, where = _BIB_TYPES[src.kind]
    fields: list[tuple[str, str]] = [("title", _tex(src.title.get(lang)))]
    if src.author:  # one name in braces (not "Last, First")
        fields.append(("author", "{" + _tex(src.author) + "}"))
    if src.publisher:
        fields.append((where, _tex(src.publisher)))
    fields += _bib_date(src.published)
    if src.url:
        fields.append(("url", _bib_url(src.url)))
    if src.language:
        fields.append(("language", _tex(src.language)))
    fields.append(("note", _tex(_cited_for(entry))))
    return _bib_entry(kind, entry.key, fields)


def _bib_date(d: PolicyDate | None) -> list[tuple[str, str]]:
    """``year``, ``month`` and biblatex's ``date`` (``~`` when uncertain or approximate)."""
    if d is None:
        return []
    fields = [("year", str(d.start.year))]
    if d.precision is not Precision.YEAR:
        fields.append(("month", _MONTHS[d.start.month - 1]))
    iso = d.start.isoformat()[: {Precision.YEAR: 4, Precision.MONTH: 7}.get(d.precision, 10)]
    fields.append(("date", iso + ("~" if d.uncertain or d.approximate else "")))
    return fields


def _bib_entry(kind: str, key: str, fields: list[tuple[str, str]]) -> str:
    body = ",\n".join(
        f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}"
        for name, value in fields
    )
    return f"@{kind}{{{key},\n{body}\n}}\n"


#: document types cited as biblatex's @legislation (the others are @misc with a type)
_BIB_LEGISLATION = ("law", "regulation", "directive", "decision")


def _bibtex_work(timeline: Timeline, work: Work, lang: Lang) -> str:
    doc = work.document
    fields: list[tuple[str, str]] = [("title", _tex(doc.title.get(lang)))]
    names = _issuers(timeline, work, lang)
    if names:
        fields.append(("author", " and ".join("{" + _tex(n) + "}" for n in names)))
    legislation = doc.type in _BIB_LEGISLATION
    if not legislation:
        fields.append(("type", _tex(doc.type)))
    fields += _bib_date(work.issued)
    if (status := _status(work, lang)) is not None:
        fields.append(("pubstate", _tex(status)))
    if doc.url:
        fields.append(("url", _bib_url(doc.url)))
    fields.append(("note", _tex(_work_note(work, lang))))
    return _bib_entry("legislation" if legislation else "misc", work.key, fields)


# --- text ---------------------------------------------------------------------------------


def _text(entry: Entry, lang: Lang) -> str:
    from policytl.export.common import source_text

    lines = [
        f"{entry.key}  {entry.source.kind}",
        f"  {_one_line(source_text(entry.source, entry.source.id, lang))}",
        f"  {_cited_for(entry)}",
    ]
    return for_terminal("\n".join(lines)) + "\n"


def _text_work(timeline: Timeline, work: Work, lang: Lang) -> str:
    doc = work.document
    status = _status(work, lang)
    head = f"{work.key}  {doc.type}{f', {status}' if status else ''}"
    lines = [head, f"  {_one_line(doc.title.get(lang))}"]
    names = _issuers(timeline, work, lang)
    if names:
        lines.append(f"  {', '.join(names)}")
    if doc.url:
        lines.append(f"  {_one_line(doc.url)}")
    lines.append(f"  {_work_note(work, lang)}")
    return for_terminal("\n".join(lines)) + "\n"


def render(timeline: Timeline, events: Sequence[Event], fmt: CiteFormat, lang: Lang) -> str:
    """The bibliography of ``events`` in format ``fmt``, texts in ``lang``: each source
    they cite, once, then each document they are about, once."""
    chosen = entries(timeline, events)
    docs = works(timeline, events, {x.key for x in chosen})
    if fmt is CiteFormat.CSL_JSON:
        items = [_csl(x, lang) for x in chosen] + [_csl_work(timeline, w, lang) for w in docs]
        return dump_json(items)
    if fmt is CiteFormat.BIBTEX:
        blocks = [_bibtex(x, lang) for x in chosen]
        return "\n".join(blocks + [_bibtex_work(timeline, w, lang) for w in docs])
    blocks = [_text(x, lang) for x in chosen]
    return "\n".join(blocks + [_text_work(timeline, w, lang) for w in docs])


# --- where each event is cited from (--events) ----------------------------------------------

#: what ends a locator in pandoc's ``[@key, locator]`` (each written with a backslash)
_PANDOC_SPECIAL = re.compile(r"([\\\[\]{};@])")


def cite_command(key: str, locator: str | None, fmt: CiteFormat) -> str:
    """How to cite ``key`` at ``locator``: ``\\cite[Art. 113]{key}`` in LaTeX (BibTeX),
    ``[@key, Art. 113]`` in pandoc Markdown (CSL-JSON and text)."""
    where = _one_line(locator) if locator else ""
    if fmt is CiteFormat.BIBTEX:
        if not where:
            return f"\\cite{{{key}}}"
        tex = _tex(where)
        return f"\\cite[{{{tex}}}]{{{key}}}" if "]" in tex else f"\\cite[{tex}]{{{key}}}"
    if not where:
        return f"[@{key}]"
    escaped = _PANDOC_SPECIAL.sub(r"\\\1", for_terminal(where))
    return f"[@{key}, {escaped}]"


def render_events(timeline: Timeline, events: Sequence[Event], fmt: CiteFormat, lang: Lang) -> str:
    """For each of ``events``: the keys and locators to cite it with (a source's key is
    its id), the quotes, and the document it is about (as JSON for ``csl-json``): what a
    writer puts where the event is mentioned."""
    sources = {c.source for e in events for c in e.sources}
    about = {w.document.id: w.key for w in works(timeline, events, sources)}
    if fmt is CiteFormat.CSL_JSON:
        return dump_json([_event_json(e, about) for e in events])
    blocks = []
    for e in events:
        lines = [f"{e.id}  {e.date.text}  {_one_line(e.title.get(lang))}"]
        for c in e.sources:
            quote = f"“{_one_line(c.quote)}”" if c.quote else ""
            lines.append(f"  {cite_command(c.source, c.locator, fmt)}  {quote}".rstrip())
        if isinstance(e.document, str) and e.document in about:
            lines.append(f"  about {cite_command(about[e.document], None, fmt)}")
        blocks.append(for_terminal("\n".join(lines)) + "\n")
    return "\n".join(blocks)


def _event_json(event: Event, about: dict[str, str]) -> dict[str, object]:
    cites = [cite_command(c.source, c.locator, CiteFormat.CSL_JSON)[1:-1] for c in event.sources]
    doc = event.document if isinstance(event.document, str) else None
    return {
        "event": event.id,
        "date": event.date.text,
        "cite": "[" + "; ".join(cites) + "]",
        "sources": [
            {"key": c.source, "locator": c.locator, "quote": c.quote} for c in event.sources
        ],
        "document": about.get(doc) if doc is not None else None,
    }
