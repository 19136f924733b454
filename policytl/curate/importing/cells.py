"""The cells of one row read as policytl values (dates, kinds, jurisdictions, bodies,
texts, tags, relations), every bad cell a :class:`CellProblem` at ``FILE:ROW:COLUMN``.
:class:`~policytl.curate.importing.rows.RowReader` makes events of them."""

from __future__ import annotations

import html
import re
from typing import Any

from policytl.curate.importing.columns import Mapping_
from policytl.curate.importing.dates import read_date
from policytl.curate.importing.registry import MADE, Registries, text_of
from policytl.curate.importing.table import CellProblem, Row, Table
from policytl.model.errors import DateError
from policytl.model.fields import PATTERNS
from policytl.model.records import EVENT_KINDS, RELATION_TYPES

__all__ = ["Cells", "cell_text"]

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
_TAG = PATTERNS["tag"].regex
#: the layouts whose texts may be ``zh / en`` (policytl's own exports, ``--lang both``)
_JOINED = ("ics", "markwhen")


def cell_text(value: object) -> str:
    """A cell as text: spaces at its ends dropped, runs of spaces (not line breaks) one."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    if "\n" in text or not ("  " in text or "\t" in text or "\r" in text):
        return text
    return " ".join(text.split())


class Cells:
    """The cells of the current row of one table, read as values; problems added to
    ``problems``, entries to ``registries``."""

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
        self.default_kind = kind or tab.default_kind
        self.taken = taken
        self.problems = problems
        self.kinds = [*EVENT_KINDS, *(k for k in registries.kinds if k not in EVENT_KINDS)]
        self._row: Row = Row(0, ())
        self._at = {name: i for i, name in enumerate(mapping.fields) if name is not None}
        self._texts: dict[str, str] = {}
        #: the timeline's title (a TimelineJS title slide's headline), if the table gives one
        self.title: dict[str, str] | None = text_of(tab.title) if tab.title else None

    def raw(self, field: str) -> object:
        i = self._at.get(field)
        if i is None or i >= len(self._row.cells):
            return None
        return self._row.cells[i]

    def get(self, field: str) -> str:
        text = self._texts.get(field)
        if text is None:
            text = self._texts[field] = cell_text(self.raw(field))
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
            out |= self._languages(plain)
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

    def _languages(self, plain: str) -> dict[str, str]:
        """A text by language; from policytl's own ICS and Markwhen exports, ``zh / en``
        (``--lang both``) is the two texts."""
        if self.table.layout in _JOINED and " / " in plain:
            zh, _, en = plain.partition(" / ")
            if text_of(zh).keys() == {"zh"} and text_of(en).keys() == {"en"}:
                return {"zh": zh.strip(), "en": en.strip()}
        return text_of(plain)

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
