"""Rows of a table made into events (plain data, in the file's canonical key order),
every bad cell a :class:`CellProblem` at ``FILE:ROW:COLUMN``."""

from __future__ import annotations

import html
import re
from collections.abc import Collection
from typing import Any

from policytl.curate.importing.columns import Mapping_
from policytl.curate.importing.dates import read_date
from policytl.curate.importing.registry import MADE, Registries, slug, text_of
from policytl.curate.importing.table import CellProblem, Row, Table
from policytl.model.errors import DateError
from policytl.model.fields import PATTERNS, table
from policytl.model.records import EVENT_KINDS, RELATION_TYPES, Citation, Event

__all__ = ["RowReader", "quote_required"]

#: kinds people write, as policytl names them
_KIND_ALIASES = {
    "proposal": "proposed",
    "draft": "proposed",
    "adoption": "adopted",
    "passed": "adopted",
    "signed": "adopted",
    "publication": "published",
    "entry into force": "in-force",
    "enters into force": "in-force",
    "entered into force": "in-force",
    "into force": "in-force",
    "in force": "in-force",
    "application": "applies",
    "applies from": "applies",
    "amendment": "amended",
    "repeal": "repealed",
    "issued": "document-issued",
    "position": "statement",
}
_EVENT_ORDER = tuple(name for name, _ in table(Event))
_URL = re.compile(r"https?://\S+$", re.IGNORECASE)
_TAG = PATTERNS["tag"].regex


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


def _cell_text(value: object) -> str:
    """A cell as text: spaces at its ends dropped, runs of spaces (not line breaks) one."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    if "\n" in text or not ("  " in text or "\t" in text or "\r" in text):
        return text
    return " ".join(text.split())


class RowReader:
    """Reads the rows of one table into events, adding to ``registries``."""

    def __init__(
        self,
        tab: Table,
        mapping: Mapping_,
        registries: Registries,
        *,
        kind: str | None,
        taken: set[str],
        problems: list[CellProblem],
    ) -> None:
        self.table = tab
        self.mapping = mapping
        self.reg = registries
        self.default_kind = kind
        self.taken = taken
        self.problems = problems
        self.kinds = [*EVENT_KINDS, *(k for k in registries.kinds if k not in EVENT_KINDS)]
        self._row: Row = Row(0, ())
        self._at = {name: i for i, name in enumerate(mapping.fields) if name is not None}
        self._texts: dict[str, str] = {}
        #: the timeline's title (a TimelineJS title slide's headline), if the table gives one
        self.title: dict[str, str] | None = None

    # --- cells ----------------------------------------------------------------------------

    def raw(self, field: str) -> object:
        i = self._at.get(field)
        if i is None or i >= len(self._row.cells):
            return None
        return self._row.cells[i]

    def get(self, field: str) -> str:
        text = self._texts.get(field)
        if text is None:
            text = self._texts[field] = _cell_text(self.raw(field))
        return text

    def column(self, field: str) -> str | None:
        i = self._at.get(field)
        return self.table.column_name(i) if i is not None else None

    def problem(self, field: str | None, message: str, warning: bool = False) -> None:
        column = self.column(field) if field is not None else None
        self.problems.append(
            CellProblem(self.table.file, self._row.number, column, message, warning)
        )

    def has(self, field: str) -> bool:
        return field in self._at

    # --- one row --------------------------------------------------------------------------

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
        extra = [i for i in range(width, len(self._row.cells)) if _cell_text(self._row.cells[i])]
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

    def _date(self) -> str | None:
        if self.mapping.layout == "timelinejs" and self.has("year"):
            return self._timelinejs_date()
        if not self.has("date"):
            self.problem(None, "no date: no column holds the date (map one with --map COLUMN=date)")
            return None
        return self._read_date("date")

    def _read_date(self, field: str) -> str | None:
        i = self._at[field]
        formats = self._row.formats
        fmt = formats[i] if i < len(formats) else None
        try:
            return read_date(self.raw(field), fmt)
        except DateError as exc:
            self.problem(field, str(exc))
            return None

    def _timelinejs_date(self) -> str | None:
        parts = []
        for side in ("", "end_"):
            year, month, day = (self.get(f"{side}{p}") for p in ("year", "month", "day"))
            if not year:
                if side == "":
                    self.problem("year", "the Year is empty; expected a year such as 2021")
                    return None
                break
            text = year + (f"-{int(month):02d}" if month.isdigit() else "")
            text += f"-{int(day):02d}" if month.isdigit() and day.isdigit() else ""
            try:
                parts.append(read_date(text))
            except DateError as exc:
                self.problem(f"{side}year", str(exc))
                return None
        return "/".join(parts)

    def _due(self) -> str | None:
        if not self.has("due") or not self.get("due"):
            return None
        return self._read_date("due")

    def _kind(self) -> str | None:
        value = self.get("kind")
        if not value:
            if self.default_kind is not None:
                return self.default_kind
            if self.has("kind"):
                self.problem("kind", "the kind is empty (give one, or --kind KIND for such rows)")
            else:
                self.problem(None, "no kind: map a column with --map COLUMN=kind, or give --kind")
            return None
        key = " ".join(value.casefold().replace("_", " ").split())
        kind = _KIND_ALIASES.get(key, key.replace(" ", "-"))
        if kind in self.kinds or self._own_type("kinds", kind):
            return kind
        self.problem(
            "kind",
            f"unknown kind {value!r}; expected one of {', '.join(self.kinds)} "
            "(or add it under kinds: in the file first)",
        )
        return None

    def _jurisdiction(self) -> str | None:
        value = self.get("jurisdiction")
        if not value:
            if len(self.reg.known["jurisdictions"]) == 1:
                return next(iter(self.reg.known["jurisdictions"]))
            what = "is empty" if self.has("jurisdiction") else "has no column"
            self.problem(
                "jurisdiction" if self.has("jurisdiction") else None,
                f"the jurisdiction {what}; expected a code such as EU, DE or CN-BJ",
            )
            return None
        code = self.reg.jurisdiction(value)
        if code is None:
            self.problem(
                "jurisdiction",
                f"{value!r} is neither a jurisdiction of the file nor an ISO 3166 code; "
                "write its code (EU, DE, CN-BJ ...)",
            )
        return code

    def _issuers(self, jurisdiction: str | None) -> list[str]:
        value = self.get("issuers")
        if not value or jurisdiction is None:
            return []
        names = [n.strip() for n in re.split(r"[;；\n]", value) if n.strip()]
        zh = [n for n in self.get("issuer_names_zh").split(";")]
        en = [n for n in self.get("issuer_names_en").split(";")]
        out = []
        for i, name in enumerate(names):
            given = {
                k: v[i]
                for k, v in (("zh", zh), ("en", en))
                if i < len(v) and v[i] and len(v) == len(names)
            }
            out.append(self.reg.body(name, jurisdiction, given or None))
        return out

    def _text(self, field: str, required: bool = False) -> dict[str, str] | None:
        out: dict[str, str] = {}
        plain = self.get(field)
        if plain:
            if self.mapping.layout == "timelinejs":
                plain = re.sub(r"</?(?:p|br|div|li|ul|ol|h[1-6])\b[^>]*>", " ", plain)
                plain = html.unescape(re.sub(r"<[^>]*>", "", plain)).strip()
                plain = " ".join(plain.split())
            out |= text_of(plain)
        for lang in ("zh", "en"):
            if self.get(f"{field}_{lang}"):
                out[lang] = self.get(f"{field}_{lang}")
        if not out:
            if required:
                self.problem(
                    field if self.has(field) else None,
                    f"the {field} is empty" if self.has(field) else f"no column holds the {field}",
                )
            return None
        return {k: out[k] for k in ("zh", "en") if k in out}

    def _own_type(self, section: str, name: str) -> bool:
        """Whether ``name`` is a type the file added under ``section`` that policytl's own
        export left out: if so, it is added back, to be described."""
        added = self.reg.added_types[section]
        if name in added:
            return True
        if self.mapping.layout != "own" or not PATTERNS["slug"].regex.fullmatch(name):
            return False
        added[name] = MADE.format(file=self.table.file, what="describe it")
        return True

    def _document(self, jurisdiction: str) -> Any:
        doc_id = self.get("document_id")
        if doc_id:
            title = {lang: self.get(f"document_{lang}") for lang in ("zh", "en")}
            title = {k: v for k, v in title.items() if v}
            return self.reg.document(doc_id, title or None, jurisdiction)
        value = self.get("document")
        if value and value in self.reg.documents:
            return value
        return self._text("document")

    def _tags(self) -> list[str] | None:
        value = self.get("tags")
        if not value:
            return None
        tags = [t.strip().replace(" ", "-") for t in re.split(r"[;,，；]", value) if t.strip()]
        bad = [t for t in tags if not _TAG.fullmatch(t)]
        if bad:
            self.problem("tags", f"{bad[0]!r} is not a tag (letters, digits, '-', '_' or '.')")
        return list(dict.fromkeys(tags))

    def _notes(self) -> list[str] | None:
        value = self.get("notes")
        return [n.strip() for n in value.split("\n") if n.strip()] or None

    def _relations(self) -> list[dict[str, str]] | None:
        value = self.get("relations")
        if not value:
            return None
        out = []
        known = (*RELATION_TYPES, *self.reg.relation_types)
        for item in value.split(";"):
            kind, _, to = (part.strip() for part in item.partition(":"))
            if kind not in known and not self._own_type("relation-types", kind):
                self.problem(
                    "relations",
                    f"unknown relation type {kind!r}; expected one of {', '.join(known)} "
                    "(or add it under relation-types: in the file first)",
                )
            out.append({"type": kind, "to": to})
        return out

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
        url = self.get("source_url")
        title = self.get("source")
        if title and _URL.match(title) and not url:
            url, title = title, ""
        if not url and not title:
            if len(self.reg.known["sources"]) == 1:
                title = next(iter(self.reg.known["sources"]))
            else:
                self.problem(None, "no source: map a column to source or source_url")
                return None
        citation = {"source": self.reg.source(title or None, url or None)}
        if self.get("quote"):
            citation["quote"] = self.get("quote")
        if self.get("locator"):
            citation["locator"] = self.get("locator")
        return self._need_quotes([citation])

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


def rows_of(reader: RowReader, rows: Collection[Row]) -> list[tuple[Row, dict[str, Any]]]:
    out = []
    for row in rows:
        event = reader.event(row)
        if event is not None:
            out.append((row, event))
    return out
