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
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from policytl.model.dates import PolicyDate, Precision
from policytl.model.errors import UsageError
from policytl.model.records import Citation, Event, Lang, Source, Timeline
from policytl.model.textsafe import dump_json, for_terminal

__all__ = ["CiteFormat", "Entry", "choose", "entries", "render"]


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
    d = src.published
    if d is not None:
        fields.append(("year", str(d.start.year)))
        if d.precision is not Precision.YEAR:
            fields.append(("month", _MONTHS[d.start.month - 1]))
        iso = d.start.isoformat()[: {Precision.YEAR: 4, Precision.MONTH: 7}.get(d.precision, 10)]
        fields.append(("date", iso + ("~" if d.uncertain or d.approximate else "")))
    if src.url:
        fields.append(("url", _bib_url(src.url)))
    if src.language:
        fields.append(("language", _tex(src.language)))
    fields.append(("note", _tex(f"{_quote(entry)}. {_back(entry, lang)}")))
    body = ",\n".join(
        f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}"
        for name, value in fields
    )
    return f"@{kind}{{{entry.key},\n{body}\n}}\n"


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


def render(timeline: Timeline, events: Sequence[Event], fmt: CiteFormat, lang: Lang) -> str:
    """The citations of ``events`` in format ``fmt``, texts in ``lang``."""
    chosen = entries(timeline, events)
    if fmt is CiteFormat.CSL_JSON:
        return dump_json([_csl(x, lang) for x in chosen])
    if fmt is CiteFormat.BIBTEX:
        return "\n".join(_bibtex(x, lang) for x in chosen)
    return "\n".join(_text(x, lang) for x in chosen)
