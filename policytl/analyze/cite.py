"""Citations of events for papers and articles: BibTeX, CSL-JSON and plain text.

Each citation of each chosen event becomes one bibliography entry: the source it
cites (title, publisher, author, date, URL, language), the quote it rests on and
its locator, and a note that leads back to the event (its id, date and title). An
entry's key is the event id, or ``<event id>-<n>`` for the n-th citation of an
event that cites more than one source, so it stays the same from one run to the
next while the data does.

- **CSL-JSON** is what Zotero, pandoc (``--citeproc``) and other CSL processors
  read: ``article-newspaper`` for news, ``report`` for official sources,
  ``article`` for secondary ones; ``issued`` has the date parts the source's
  date has (``circa`` when it is uncertain or approximate).
- **BibTeX**: ``@article`` (news: ``journal`` is the publisher), ``@techreport``
  (official: ``institution``) or ``@misc`` (``howpublished``), with ``year``,
  ``month``, biblatex's ``date``, ``url``, ``language`` and ``note``; the author
  is one name in braces, the publisher when the source names no author (BibTeX
  styles need one). LaTeX's special characters are escaped, so every text is
  literal.
- **text**: one block per entry for reading.

After the citations, each document of the ``documents:`` registry that a chosen
event is about is one entry of its own, however many events are about it (a
bibliography lists a work once), keyed by the document id (``<id>-document`` if a
citation has that key). It is typed by its document type, with its status: the
stage of the last chosen event about it that marks one (``document-issued`` counts
as published) and gives its state (not ``applies``, ``amended`` or ``postponed``, and
not a scheduled stage, dated after every source it cites was published), and its
date the first stage that adopted or published it.

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

__all__ = ["CiteFormat", "Entry", "Work", "choose", "entries", "render", "works"]


class CiteFormat(StrEnum):
    TEXT = "text"
    BIBTEX = "bibtex"
    CSL_JSON = "csl-json"


@dataclass(frozen=True, slots=True)
class Entry:
    """One bibliography entry: a citation of an event and the source it cites."""

    key: str
    event: Event
    citation: Citation
    source: Source


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
    out: list[Entry] = []
    for e in events:
        for n, c in enumerate(e.sources, 1):
            key = e.id if len(e.sources) == 1 else f"{e.id}-{n}"
            out.append(Entry(key, e, c, timeline.sources[c.source]))
    return out


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _back(entry: Entry, lang: Lang) -> str:
    """The note that leads back to the event: "policytl event ID (DATE): TITLE"."""
    e = entry.event
    return f"policytl event {e.id} ({e.date.text}): {_one_line(e.title.get(lang))}"


def _quote(entry: Entry) -> str:
    locator, quote = entry.citation.locator, entry.citation.quote
    where = _one_line(locator) if locator else ""
    if quote is None:
        return where
    return f"“{_one_line(quote)}”" + (f", {where}" if where else "")


# --- CSL-JSON -----------------------------------------------------------------------------

_CSL_TYPES = {"news": "article-newspaper", "official": "report", "secondary": "article"}


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
        if src.kind == "news":
            item["container-title"] = src.publisher
    if src.published is not None:
        item["issued"] = _date_parts(src.published)
    if src.url:
        item["URL"] = src.url
    if src.language:
        item["language"] = src.language
    item["note"] = f"{_quote(entry)}. {_back(entry, lang)}"
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
_BIB_TYPES = {"news": ("article", "journal"), "official": ("techreport", "institution")}


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
    kind, where = _BIB_TYPES.get(src.kind, ("misc", "howpublished"))
    fields: list[tuple[str, str]] = [("title", _tex(src.title.get(lang)))]
    # one name in braces (not "Last, First"); BibTeX styles need an author, so a source
    # without one has its publisher as a corporate author
    author = src.author or src.publisher
    if author:
        fields.append(("author", "{" + _tex(author) + "}"))
    if src.publisher:
        fields.append((where, _tex(src.publisher)))
    fields += _bib_date(src.published)
    if src.url:
        fields.append(("url", _bib_url(src.url)))
    if src.language:
        fields.append(("language", _tex(src.language)))
    fields.append(("note", _tex(f"{_quote(entry)}. {_back(entry, lang)}")))
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

    e = entry.event
    lines = [
        f"{entry.key}  {e.date.text}  {_one_line(e.title.get(lang))}",
        f"  {_one_line(source_text(entry.source, entry.source.id, lang))}",
        f"  {_quote(entry)}",
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
    """The citations of ``events`` in format ``fmt``, texts in ``lang``, then each
    document they are about, once."""
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
