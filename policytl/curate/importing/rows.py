"""Rows of a table made into events (plain data, in the file's canonical key order),
every bad cell a :class:`CellProblem` at ``FILE:ROW:COLUMN``; the cells are read by
:class:`~policytl.curate.importing.cells.Cells`."""

from __future__ import annotations

import re
from typing import Any

from policytl.curate.importing.cells import Cells, cell_text
from policytl.curate.importing.registry import slug
from policytl.curate.importing.table import CellProblem, Row
from policytl.model.fields import PATTERNS, table
from policytl.model.records import Citation, Event

__all__ = ["RowReader", "quote_required"]

_EVENT_ORDER = tuple(name for name, _ in table(Event))
_URL = re.compile(r"https?://\S+$", re.IGNORECASE)
#: the cells of a citation, in ``RowReader._citation``'s order
_CITATION_FIELDS = ("source", "source_url", "quote", "locator")
#: the layouts whose citation cells may hold several citations, one a line
_LISTED = ("ics", "markwhen")


def quote_required() -> bool:
    """Whether the model requires a citation's quote outright (else a locator may stand
    in for it: ``Spec.instead``)."""
    return dict(table(Citation))["quote"].required


def _cited(citation: dict[str, str]) -> bool:
    """Whether a citation gives what the model asks: a quote, or a locator in its place."""
    if "quote" in citation:
        return True
    instead = dict(table(Citation))["quote"].instead
    return not quote_required() and instead is not None and instead[0] in citation


class RowReader(Cells):
    """Reads the rows of one table into events, adding to ``registries``."""

    def event(self, row: Row) -> dict[str, Any] | None:
        """The event of ``row``, or None (its problems recorded) when it makes none."""
        self._row = row
        self._texts = {}
        if self.mapping.layout == "timelinejs" and self.get("tljs_type").casefold() in (
            "title",
            "era",
        ):
            if self.get("tljs_type").casefold() == "title" and self.title is None:
                self.title = self._text("title")  # the title slide's: the timeline's
            return None  # the title slide and eras are no events
        before = len([p for p in self.problems if not p.warning])
        self._extra_cells()
        date = self._date()
        due = self._due()
        kind = self._kind()
        jurisdiction = self._jurisdiction()
        issuers = self._issuers(jurisdiction)
        title = self._text("title", required=True)
        citations = self._citations()
        if len([p for p in self.problems if not p.warning]) > before or citations is None:
            return None
        assert date is not None and kind is not None and jurisdiction is not None
        out: dict[str, Any] = {
            "date": date,
            "due": due,
            "kind": kind,
            "jurisdiction": jurisdiction,
            "issuers": issuers,
            "title": title,
            "document": self._document(jurisdiction),
            "summary": self._text("summary"),
            "tags": self._tags(),
            "sources": citations,
            "notes": self._notes(),
            "url": self.get("url") or None,
            "scope": self._text("scope"),
            "relations": self._relations(),
        }
        out["id"] = self._id(out)
        if out["id"] is None:
            return None
        return {
            k: out[k] for k in _EVENT_ORDER if k == "issuers" or out.get(k) not in (None, [], {})
        }

    def _extra_cells(self) -> None:
        """A problem for a row with data beyond the header (a comma not in quotes?)."""
        from policytl.curate.importing.table import column_letter

        width = len(self.table.header)
        extra = [i for i in range(width, len(self._row.cells)) if cell_text(self._row.cells[i])]
        if extra:
            self.problems.append(
                CellProblem(
                    self.table.file,
                    self._row.number,
                    column_letter(extra[0]),
                    f"the row has {len(self._row.cells)} cells and the header {width}: "
                    "a cell holding the delimiter must be in double quotes",
                )
            )

    def _citations(self) -> list[dict[str, str]] | None:
        """The row's citations; None (and a warning) for a row that cannot cite its source."""
        if self.mapping.layout == "own":
            ids = [s for s in self.get("sources").split(";") if s]
            quotes = self.get("quotes").split("\n") if self.get("quotes") else []
            if len(quotes) != len(ids):
                quotes = [self.get("quotes")] * len(ids)
            pairs = zip(ids, quotes, strict=True)
            cites = [{"source": self.reg.source_id(i), "quote": q} for i, q in pairs]
            return self._need_quotes([{k: v for k, v in c.items() if v} for c in cites])
        if "\n" in self.get("source") and self.table.layout in _LISTED:
            lines = [str(self.raw(f) or "").split("\n") for f in _CITATION_FIELDS]
            count = len(lines[0])
            cells = [[*column, *[""] * count][:count] for column in lines]
            found = [self._citation(*parts) for parts in zip(*cells, strict=True)]
            return self._need_quotes([c for c in found if c is not None])
        citation = self._citation(*(self.get(f) for f in _CITATION_FIELDS))
        return None if citation is None else self._need_quotes([citation])

    def _citation(self, title: str, url: str, quote: str, locator: str) -> dict[str, str] | None:
        """A citation of the source ``title`` or ``url``; None (and a problem) with neither."""
        title, url = title.strip(), url.strip()
        if title and _URL.match(title) and not url:
            url, title = title, ""
        if not url and not title:
            if len(self.reg.known["sources"]) == 1:
                title = next(iter(self.reg.known["sources"]))
            else:
                self.problem(None, "no source: map a column to source or source_url")
                return None
        citation = {"source": self.reg.source(title or None, url or None)}
        if quote.strip():
            citation["quote"] = quote.strip()
        if locator.strip():
            citation["locator"] = locator.strip()
        return citation

    def _need_quotes(self, citations: list[dict[str, str]]) -> list[dict[str, str]] | None:
        if citations and all(map(_cited, citations)):
            return citations
        self.problem(
            "quote" if self.has("quote") else None,
            "row skipped: it has no quote or locator, and a citation needs the source's words "
            "verbatim or where in the source it is; give them in a quote or locator column",
            warning=True,
        )
        return None

    def _id(self, event: dict[str, Any]) -> str | None:
        from policytl.curate.add import suggest_id

        given = self.get("id")
        if given:
            if not PATTERNS["slug"].regex.fullmatch(given):
                given = slug(given, 198) or ""
            if not given:
                self.problem("id", f"{self.get('id')!r} cannot be made an id (a lowercase slug)")
                return None
            if given in self.taken:
                self.problem("id", f"id {given!r} is given to another row too")
                return None
        else:
            given = suggest_id(
                event["title"].get("en"),
                date=event["date"],
                kind=event["kind"],
                jurisdiction=event["jurisdiction"],
                taken=self.taken,
            )
        self.taken.add(given)
        return given
