"""Checking parsed documents against the policytl/1 format and building the model.

Every problem in every file is collected (never only the first), each with
the file, line, column and field path, and what was expected. Cross-file
references and id uniqueness are checked after all files are read.
"""

from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Callable, Collection, Iterable
from typing import Any, TypeGuard

from policytl.load.yamlsafe import INVALID, Located, Path, UnquotedDate, brief
from policytl.model.dates import EXPECTED, PolicyDate, parse_date, suggest_date
from policytl.model.errors import DateError, Problem, Severity
from policytl.model.records import (
    BODY_CLASSIFICATIONS,
    BODY_LEVELS,
    EVENT_KINDS,
    FORMAT,
    SOURCE_KINDS,
    Alias,
    Body,
    Citation,
    Event,
    Jurisdiction,
    Source,
    Text,
    Timeline,
)

__all__ = ["check_documents"]

SLUG = re.compile(r"[a-z0-9](?:[a-z0-9._-]{0,198}[a-z0-9])?")
CODE = re.compile(r"[A-Z]{2}(?:-[A-Z0-9]{1,3})?")
TAG = re.compile(r"[^\W_](?:[\w.-]{0,62}[^\W_])?")
LANG = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")

TOP_FIELDS = (
    "format",
    "title",
    "description",
    "translations",
    "kinds",
    "sources",
    "jurisdictions",
    "bodies",
    "events",
)
EVENT_FIELDS = (
    "id",
    "date",
    "due",
    "kind",
    "jurisdiction",
    "issuers",
    "title",
    "document",
    "summary",
    "tags",
    "sources",
    "notes",
    "url",
)
#: Fields that the JSON export adds and the loader accepts back (they are derived).
DERIVED_EVENT_FIELDS = (
    "start",
    "end",
    "precision",
    "end_precision",
    "uncertain",
    "approximate",
    "due_start",
    "due_end",
    "due_precision",
)
BODY_FIELDS = (
    "name",
    "short",
    "aliases",
    "level",
    "jurisdiction",
    "parent",
    "classification",
    "notes",
)
SOURCE_FIELDS = (
    "title",
    "publisher",
    "author",
    "published",
    "language",
    "url",
    "kind",
    "notes",
)
JURISDICTION_FIELDS = ("name", "aliases", "parent", "notes")
CITATION_FIELDS = ("source", "quote", "locator")
ALIAS_FIELDS = ("name", "note")


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return (
            f"the boolean {str(value).lower()} (YAML reads unquoted yes/no/on/off/true/false "
            "as booleans; quote the text)"
        )
    if isinstance(value, int | float):
        return f"the number {value!r} (quote it to keep it as text)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    return type(value).__name__


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=3, cutoff=0.6)
    if not close:
        return ""
    return " (did you mean " + " or ".join(repr(c) for c in close) + "?)"


class _Hints:
    """Did-you-mean suggestions, remembered and within a budget of comparisons.

    difflib costs grow with the number of choices: thousands of unknown
    references against thousands of ids would take hours. Past the budget,
    problems are still reported, without suggestions.
    """

    def __init__(self, budget: int = 20_000) -> None:
        self.left = budget
        self.memo: dict[tuple[str, str], str] = {}

    def __call__(self, word: str, choices: Collection[str], among: str) -> str:
        hint = self.memo.get((among, word))
        if hint is None:
            if len(choices) > self.left or len(word) > 200:
                return ""
            self.left -= len(choices)
            hint = self.memo[(among, word)] = _did_you_mean(word, choices)
        return hint


_EVENT_KEYS = frozenset(EVENT_FIELDS) | frozenset(DERIVED_EVENT_FIELDS)
_CITATION_KEYS = frozenset(CITATION_FIELDS)
_TEXT_KEYS = frozenset(("zh", "en"))
#: Ids, kinds, tags and references repeat across events: keep one copy of each.
_intern = sys.intern


def _plain(value: Any) -> TypeGuard[str]:
    """A str that ``_Doc.string`` accepts without a pattern: not empty, not blank."""
    return type(value) is str and bool(value) and not value.isspace()


def _fast_text(value: Any) -> Text | None:
    """The Text that ``_Doc.text`` builds from a plainly valid value, else None."""
    if type(value) is not dict or not value or not value.keys() <= _TEXT_KEYS:
        return None
    zh = value.get("zh")
    en = value.get("en")
    if ("zh" in value and not _plain(zh)) or ("en" in value and not _plain(en)):
        return None
    return Text(zh, en)


class _Doc:
    """Checks one document and reports problems located in its file."""

    def __init__(
        self,
        located: Located,
        problems: list[Problem],
        kinds: dict[str, str],
        refs: list[tuple[_Doc, Path, str, str]] | None = None,
        hints: _Hints | None = None,
    ) -> None:
        self.loc = located
        self.problems = problems
        self.kinds = kinds
        #: references to check once every file is read: (doc, path, registry, id)
        self.refs: list[tuple[_Doc, Path, str, str]] = refs if refs is not None else []
        self.hints = hints if hints is not None else _Hints()
        #: ids of events in this document, valid or not, for the duplicate check
        self.event_ids: list[tuple[str, Path]] = []

    def ref(self, path: Path, value: str | None, registry: str) -> None:
        if value is not None:
            self.refs.append((self, path, registry, value))

    # -- reporting -------------------------------------------------------------------------
    def err(self, path: Path, message: str, *, key: bool = False) -> None:
        self.problems.append(
            self.loc.problem(path, message, key=key, event_id=self.event_id_at(path))
        )

    def warn(self, path: Path, message: str) -> None:
        self.problems.append(
            self.loc.problem(
                path, message, severity=Severity.WARNING, event_id=self.event_id_at(path)
            )
        )

    def event_id_at(self, path: Path) -> str | None:
        """The id of the event ``path`` is in (``events[16]...``), if it has a valid one."""
        if len(path) < 2 or path[0] != "events" or type(path[1]) is not int:
            return None
        if path[2:] == ("id",):
            return None  # the message is about the id itself, and names it
        root = self.loc.data
        events = root.get("events") if type(root) is dict else None
        if type(events) is not list or not 0 <= path[1] < len(events):
            return None
        event = events[path[1]]
        eid = event.get("id") if type(event) is dict else None
        return eid if type(eid) is str and SLUG.fullmatch(eid) is not None else None

    def fields(
        self,
        obj: dict[str, Any],
        path: Path,
        allowed: tuple[str, ...],
        what: str,
        extra: tuple[str, ...] = (),
    ) -> None:
        for k in obj:
            if k not in allowed and k not in extra:
                self.err(
                    (*path, k),
                    f"unknown field {brief(k)} in {what}{self.hints(k, allowed, what)}",
                    key=True,
                )

    def mapping(self, value: Any, path: Path, what: str) -> dict[str, Any] | None:
        if value is INVALID:
            return None
        if not isinstance(value, dict):
            self.err(path, f"expected {what} (a mapping), got {_describe(value)}")
            return None
        return value

    def required(self, obj: dict[str, Any], name: str, path: Path) -> Any:
        if name not in obj:
            self.err(path, f"missing required field {name!r}")
            return INVALID
        return obj[name]

    # -- typed values ----------------------------------------------------------------------
    def string(
        self,
        value: Any,
        path: Path,
        *,
        required: bool = True,
        pattern: re.Pattern[str] | None = None,
        expected: str = "",
    ) -> str | None:
        if value is INVALID:
            return None
        if value is None and not required:
            return None
        if not isinstance(value, str):
            self.err(path, f"expected a string, got {_describe(value)}")
            return None
        if not value.strip():
            self.err(path, "must not be empty")
            return None
        if pattern is not None and not pattern.fullmatch(value):
            self.err(path, f"{brief(value)} is not valid ({expected})")
            return None
        return value

    def text(self, value: Any, path: Path, *, required: bool = True) -> Text | None:
        if value is INVALID or (value is None and not required):
            return None
        if isinstance(value, str):
            self.err(
                path,
                "expected a mapping with zh and/or en, got a string: write {zh: ...} or {en: ...}",
            )
            return None
        obj = self.mapping(value, path, "a text with zh and/or en")
        if obj is None:
            return None
        self.fields(obj, path, ("zh", "en"), "a text")
        zh = self.string(obj["zh"], (*path, "zh")) if "zh" in obj else None
        en = self.string(obj["en"], (*path, "en")) if "en" in obj else None
        if "zh" not in obj and "en" not in obj:
            self.err(path, "expected at least one of zh or en")
            return None
        if zh is None and en is None:
            return None
        return Text(zh, en)

    def strings(
        self, value: Any, path: Path, *, item: Callable[[Any, Path], str | None]
    ) -> tuple[str, ...]:
        if value is INVALID or value is None:
            return ()
        if not isinstance(value, list):
            self.err(path, f"expected a list, got {_describe(value)}")
            return ()
        out = []
        for i, v in enumerate(value):
            s = item(v, (*path, i))
            if s is not None:
                out.append(s)
        return tuple(out)

    def notes(self, value: Any, path: Path) -> tuple[str, ...]:
        if isinstance(value, str):
            s = self.string(value, path)
            return (s,) if s else ()
        return self.strings(value, path, item=lambda v, p: self.string(v, p))

    def date(self, value: Any, path: Path) -> PolicyDate | None:
        if value is INVALID:
            return None
        if isinstance(value, UnquotedDate) or (
            isinstance(value, int) and not isinstance(value, bool)
        ):
            text = str(value)
            if not isinstance(value, str):
                # as written: YAML 1.1 reads 0x7E0 as 2016 and 1:20 as 80
                text = self.loc.source_text(path) or text
            self.warn(
                path,
                f'date {text} should be quoted ("{text}"): YAML reads unquoted dates '
                "and years as other types",
            )
        elif isinstance(value, str):
            text = value
        else:
            self.err(path, f'expected a date string such as "2016-02", got {_describe(value)}')
            return None
        if len(text) > 64:
            self.err(path, f"{brief(text)} is not a valid date ({EXPECTED})")
            return None
        try:
            return parse_date(text)
        except DateError as exc:
            typed = suggest_date(text)
            if typed is not None:
                self.err(path, f'{brief(text)} is not a valid date; did you mean "{typed}"?')
            else:
                self.err(path, str(exc))
            return None

    def choice(self, value: Any, path: Path, choices: Iterable[str], what: str) -> str | None:
        s = self.string(value, path)
        if s is None:
            return None
        choices = list(choices)
        if s not in choices:
            self.err(
                path,
                f"unknown {what} {brief(s)}{self.hints(s, choices, what)} "
                f"(expected one of: {', '.join(choices)})",
            )
            return None
        return s

    def aliases(self, value: Any, path: Path) -> tuple[Alias, ...]:
        if value is INVALID or value is None:
            return ()
        if not isinstance(value, list):
            self.err(path, f"expected a list of aliases, got {_describe(value)}")
            return ()
        out = []
        for i, v in enumerate(value):
            p = (*path, i)
            if isinstance(v, dict):
                self.fields(v, p, ALIAS_FIELDS, "an alias")
                name = self.string(self.required(v, "name", p), (*p, "name"))
                note = self.string(v.get("note"), (*p, "note"), required=False)
                if name is not None:
                    out.append(Alias(name, note))
            else:
                name = self.string(v, p)
                if name is not None:
                    out.append(Alias(name))
        return tuple(out)

    # -- records ---------------------------------------------------------------------------
    def source(self, sid: str, value: Any, path: Path) -> Source | None:
        obj = self.mapping(value, path, "a source")
        if obj is None:
            return None
        self.fields(obj, path, SOURCE_FIELDS, "a source")
        title = self.text(self.required(obj, "title", path), (*path, "title"))
        kind = obj.get("kind", "news")
        kind_s = self.choice(kind, (*path, "kind"), SOURCE_KINDS, "source kind")
        published = None
        if obj.get("published") is not None:
            published = self.date(obj["published"], (*path, "published"))
        language = self.string(
            obj.get("language"),
            (*path, "language"),
            required=False,
            pattern=LANG,
            expected="a language code such as zh or en",
        )
        publisher = self.string(obj.get("publisher"), (*path, "publisher"), required=False)
        author = self.string(obj.get("author"), (*path, "author"), required=False)
        url = self.string(obj.get("url"), (*path, "url"), required=False)
        notes = self.notes(obj.get("notes"), (*path, "notes"))
        if title is None or kind_s is None:
            return None
        return Source(sid, title, publisher, author, published, language, url, kind_s, notes)

    def jurisdiction(self, code: str, value: Any, path: Path) -> Jurisdiction | None:
        obj = self.mapping(value, path, "a jurisdiction")
        if obj is None:
            return None
        self.fields(obj, path, JURISDICTION_FIELDS, "a jurisdiction")
        name = self.text(self.required(obj, "name", path), (*path, "name"))
        parent = self.string(obj.get("parent"), (*path, "parent"), required=False)
        self.ref((*path, "parent"), parent, "jurisdictions")
        aliases = self.aliases(obj.get("aliases"), (*path, "aliases"))
        notes = self.notes(obj.get("notes"), (*path, "notes"))
        if name is None:
            return None
        return Jurisdiction(code, name, aliases, parent, notes)

    def body(self, bid: str, value: Any, path: Path) -> Body | None:
        obj = self.mapping(value, path, "a body")
        if obj is None:
            return None
        self.fields(obj, path, BODY_FIELDS, "a body")
        name = self.text(self.required(obj, "name", path), (*path, "name"))
        short = self.text(obj.get("short"), (*path, "short"), required=False)
        level = self.choice(
            self.required(obj, "level", path), (*path, "level"), BODY_LEVELS, "level"
        )
        jur = self.string(self.required(obj, "jurisdiction", path), (*path, "jurisdiction"))
        cls = self.choice(
            self.required(obj, "classification", path),
            (*path, "classification"),
            BODY_CLASSIFICATIONS,
            "classification",
        )
        parent = self.string(obj.get("parent"), (*path, "parent"), required=False)
        aliases = self.aliases(obj.get("aliases"), (*path, "aliases"))
        notes = self.notes(obj.get("notes"), (*path, "notes"))
        self.ref((*path, "jurisdiction"), jur, "jurisdictions")
        self.ref((*path, "parent"), parent, "bodies")
        if name is None or level is None or jur is None or cls is None:
            return None
        return Body(bid, name, level, jur, cls, short, aliases, parent, notes)

    def citation(self, value: Any, path: Path) -> Citation | None:
        obj = self.mapping(value, path, "a citation {source, quote}")
        if obj is None:
            return None
        self.fields(obj, path, CITATION_FIELDS, "a citation")
        src = self.string(self.required(obj, "source", path), (*path, "source"))
        quote = self.string(self.required(obj, "quote", path), (*path, "quote"))
        locator = self.string(obj.get("locator"), (*path, "locator"), required=False)
        self.ref((*path, "source"), src, "sources")
        if src is None or quote is None:
            return None
        return Citation(src, quote, locator)

    def event(self, value: Any, path: Path) -> Event | None:
        if type(value) is dict:
            fast = self._fast_event(value, path)
            if fast is not None:
                return fast
        return self._event(value, path)

    def _fast_event(self, obj: dict[str, Any], path: Path) -> Event | None:
        """The event if it is plainly valid, else None (then ``_event`` reports why).

        The fast path of large files: it accepts only events that ``_event`` accepts
        without any problem, builds the same Event, and records the same ids and
        references; anything unusual (a wrong type, an empty string, an unquoted date,
        an unknown field ...) falls back to the full check, which writes the messages.
        Nothing is recorded unless it succeeds.
        """
        if not obj.keys() <= _EVENT_KEYS:
            return None
        get = obj.get
        eid = get("id")
        date_v = get("date")
        kind = get("kind")
        jur = get("jurisdiction")
        issuers = get("issuers")
        if (
            type(eid) is not str
            or type(date_v) is not str
            or type(kind) is not str
            or kind not in self.kinds
            or not _plain(jur)
            or type(issuers) is not list
            or SLUG.fullmatch(eid) is None
        ):
            return None
        for b in issuers:
            if not _plain(b):
                return None
        if len(set(issuers)) != len(issuers):
            return None
        title = _fast_text(get("title"))
        if title is None:
            return None
        document = summary = None
        if get("document") is not None:
            document = _fast_text(obj["document"])
            if document is None:
                return None
        if get("summary") is not None:
            summary = _fast_text(obj["summary"])
            if summary is None:
                return None
        tags_v = get("tags")
        if tags_v is None:
            tags: tuple[str, ...] = ()
        else:
            if type(tags_v) is not list:
                return None
            for t in tags_v:
                if type(t) is not str or TAG.fullmatch(t) is None:
                    return None
            tags = tuple(map(_intern, tags_v))
        notes_v = get("notes")
        if notes_v is None:
            notes: tuple[str, ...] = ()
        elif type(notes_v) is str:
            if notes_v.isspace() or not notes_v:
                return None
            notes = (notes_v,)
        else:
            if type(notes_v) is not list:
                return None
            for n in notes_v:
                if not _plain(n):
                    return None
            notes = tuple(notes_v)
        url = get("url")
        if url is not None and not _plain(url):
            return None
        cites_v = get("sources")
        if type(cites_v) is not list or not cites_v:
            return None
        cites = []
        for c in cites_v:
            if type(c) is not dict or not c.keys() <= _CITATION_KEYS:
                return None
            src = c.get("source")
            quote = c.get("quote")
            locator = c.get("locator")
            if not (_plain(src) and _plain(quote)) or not (locator is None or _plain(locator)):
                return None
            cites.append(Citation(_intern(src), quote, locator))
        try:
            date = parse_date(date_v)
        except DateError:
            return None
        due_v = get("due")
        due = None
        if due_v is not None:
            if type(due_v) is not str:
                return None
            try:
                due = parse_date(due_v)
            except DateError:
                return None
            if due.end < date.start:
                return None
        # Valid: record what _event records, in the same order.
        self.event_ids.append((eid, path))
        refs = self.refs
        refs.append((self, (*path, "jurisdiction"), "jurisdictions", jur))
        for i, b in enumerate(issuers):
            refs.append((self, (*path, "issuers", i), "bodies", b))
        for i, c in enumerate(cites):
            refs.append((self, (*path, "sources", i, "source"), "sources", c.source))
        return Event(
            eid,
            date,
            _intern(kind),
            _intern(jur),
            tuple(map(_intern, issuers)),
            title,
            tuple(cites),
            document,
            summary,
            tags,
            notes,
            url,
            due,
        )

    def _event(self, value: Any, path: Path) -> Event | None:
        obj = self.mapping(value, path, "an event")
        if obj is None:
            return None
        self.fields(obj, path, EVENT_FIELDS, "an event", DERIVED_EVENT_FIELDS)
        eid = self.string(
            self.required(obj, "id", path),
            (*path, "id"),
            pattern=SLUG,
            expected="a lowercase slug of a-z, 0-9, '-', '_' or '.'",
        )
        date = self.date(self.required(obj, "date", path), (*path, "date"))
        due = None
        if obj.get("due") is not None:
            due = self.date(obj["due"], (*path, "due"))
            if due is not None and date is not None and due.end < date.start:
                self.err(
                    (*path, "due"),
                    f"due date {due.text!r} is before the event's date {date.text!r} "
                    "(a target is dated when it was set; due is the date it aims at)",
                )
                due = None
        kind = self.choice(
            self.required(obj, "kind", path), (*path, "kind"), self.kinds, "event kind"
        )
        if eid is not None:
            self.event_ids.append((eid, path))
        jur = self.string(self.required(obj, "jurisdiction", path), (*path, "jurisdiction"))
        self.ref((*path, "jurisdiction"), jur, "jurisdictions")
        issuers_v = self.required(obj, "issuers", path)
        if issuers_v is None:
            self.err((*path, "issuers"), f"expected a list, got {_describe(None)}")
            issuers_v = INVALID
        issuers = self.strings(issuers_v, (*path, "issuers"), item=lambda v, p: self.string(v, p))
        for i, b in enumerate(issuers_v if isinstance(issuers_v, list) else ()):
            if isinstance(b, str) and b.strip():
                self.ref((*path, "issuers", i), b, "bodies")
        if len(set(issuers)) != len(issuers):
            self.err((*path, "issuers"), "lists the same body more than once")
        title = self.text(self.required(obj, "title", path), (*path, "title"))
        document = self.text(obj.get("document"), (*path, "document"), required=False)
        summary = self.text(obj.get("summary"), (*path, "summary"), required=False)
        tags = self.strings(
            obj.get("tags"),
            (*path, "tags"),
            item=lambda v, p: self.string(
                v, p, pattern=TAG, expected="a tag of letters, digits, '-' or '.'"
            ),
        )
        sources_v = self.required(obj, "sources", path)
        cites: list[Citation] = []
        if isinstance(sources_v, list):
            if not sources_v:
                self.err((*path, "sources"), "expected at least one source citation")
            for i, c in enumerate(sources_v):
                cite = self.citation(c, (*path, "sources", i))
                if cite is not None:
                    cites.append(cite)
        elif sources_v is not INVALID:
            self.err(
                (*path, "sources"),
                f"expected a list of {{source, quote}} citations, got {_describe(sources_v)}",
            )
        notes = self.notes(obj.get("notes"), (*path, "notes"))
        url = self.string(obj.get("url"), (*path, "url"), required=False)
        if None in (eid, date, kind, jur, title) or issuers_v is INVALID or not cites:
            return None
        if obj.get("due") is not None and due is None:
            return None
        assert eid is not None and date is not None and kind is not None
        assert jur is not None and title is not None
        return Event(
            eid,
            date,
            kind,
            jur,
            issuers,
            title,
            tuple(cites),
            document,
            summary,
            tags,
            notes,
            url,
            due,
        )


def _names(records: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Casefolded alias or name -> (id, "alias" or "name") of the records that have them."""
    out: dict[str, tuple[str, str]] = {}
    for rid, rec in records.items():
        for alias in getattr(rec, "aliases", ()):
            out.setdefault(alias.name.casefold(), (rid, "alias"))
    for rid, rec in records.items():
        for text in (getattr(rec, "name", None), getattr(rec, "short", None)):
            if isinstance(text, Text):
                for s in (text.zh, text.en):
                    if s:
                        out.setdefault(s.casefold(), (rid, "name"))
    return out


def _unknown_hint(
    value: str,
    registry: str,
    known: Collection[str],
    names: dict[str, tuple[str, str]],
    hints: _Hints,
) -> str:
    """What to do about a reference to an unknown id: teach, do not only refuse."""
    use = "the code" if registry == "jurisdictions" else "the id"
    found = names.get(value.casefold())
    if found is not None:
        rid, kind = found
        return f" — it is {'an alias' if kind == 'alias' else 'the name'} of {rid!r}; use {use}"
    define = f"define it under {registry}:"
    if registry == "jurisdictions":
        if value.upper() != value:
            if value.upper() in known:
                return f" — codes are uppercase; use {value.upper()!r}"
            return f" — codes are uppercase, such as 'CN' or 'CN-BJ'; {define}"
    elif value.lower() != value:
        if value.lower() in known:
            return f" — ids are lowercase; use {value.lower()!r}"
        return f" — ids are lowercase, and {value.lower()!r} is not defined either; {define}"
    return hints(value, known, registry) or f" — {define}"


class _Registry:
    """Records by id across files, remembering where each id was first defined."""

    def __init__(self) -> None:
        self.items: dict[str, Any] = {}
        self.where: dict[str, tuple[Located, Path]] = {}


def check_documents(docs: list[Located]) -> tuple[Timeline | None, list[Problem]]:
    """Validate parsed documents together; the timeline is None if any error was found."""
    problems: list[Problem] = []
    for d in docs:
        problems.extend(d.problems)
    kinds: dict[str, str] = dict(EVENT_KINDS)
    title: Text | None = None
    description: Text | None = None
    translations: dict[str, str] = {}
    regs = {name: _Registry() for name in ("sources", "jurisdictions", "bodies")}
    events: list[tuple[Event, _Doc, Path]] = []
    event_where: dict[str, tuple[Located, Path]] = {}
    checkers: list[tuple[_Doc, dict[str, Any]]] = []
    refs: list[tuple[_Doc, Path, str, str]] = []
    hints = _Hints()

    # First pass: headers and extra kinds (needed before events are checked).
    for d in docs:
        c = _Doc(d, problems, kinds, refs, hints)
        root = c.mapping(d.data, (), "a policytl/1 document")
        if root is None:
            continue
        c.fields(root, (), TOP_FIELDS, "the document")
        fmt = root.get("format", INVALID if "format" not in root else None)
        if "format" not in root:
            c.err((), f"missing required field 'format' (expected format: {FORMAT})")
        elif fmt != FORMAT:
            if fmt is not INVALID:
                got = brief(fmt) if isinstance(fmt, str) else _describe(fmt)
                c.err(("format",), f"unsupported format {got} (expected {FORMAT!r})")
            continue
        extra = c.mapping(root.get("kinds", {}), ("kinds",), "a mapping of kind: description")
        for k, v in (extra or {}).items():
            if SLUG.fullmatch(k) is None:
                c.err(
                    ("kinds", k),
                    f"{brief(k)} is not a valid kind name (a lowercase slug)",
                    key=True,
                )
            elif c.string(v, ("kinds", k)) is not None:
                kinds[k] = v
        # Every file's header is checked; the first file's title and description win.
        if "title" in root:
            file_title = c.text(root["title"], ("title",))
            title = title or file_title
        if "description" in root:
            file_description = c.text(root["description"], ("description",))
            description = description or file_description
        tr = c.mapping(root.get("translations", {}), ("translations",), "a mapping of lang: status")
        for k, v in (tr or {}).items():
            s = c.string(v, ("translations", k))
            if s is not None:
                translations[k] = s
        checkers.append((c, root))

    for c, root in checkers:
        for name, build in (
            ("sources", c.source),
            ("jurisdictions", c.jurisdiction),
            ("bodies", c.body),
        ):
            section = c.mapping(root.get(name, {}), (name,), f"a mapping of {name} by id")
            if section is None:
                continue
            reg = regs[name]
            for rid, value in section.items():
                path: Path = (name, rid)
                if name == "jurisdictions":
                    if CODE.fullmatch(rid) is None:
                        c.err(
                            path,
                            f"{brief(rid)} is not an ISO 3166 code such as CN or CN-BJ",
                            key=True,
                        )
                        continue
                elif SLUG.fullmatch(rid) is None:
                    c.err(
                        path,
                        f"{brief(rid)} is not a valid id (a lowercase slug of a-z, 0-9, "
                        "'-', '_' or '.')",
                        key=True,
                    )
                    continue
                if rid in reg.where:
                    first, fpath = reg.where[rid]
                    line, _ = first.position(fpath, key=True)
                    c.err(
                        path,
                        f"duplicate id {rid!r} (first defined at {first.file}:{line})",
                        key=True,
                    )
                    continue
                reg.where[rid] = (c.loc, path)
                record = build(rid, value, path)
                if record is not None:
                    reg.items[rid] = record
        evs = root.get("events", [])
        if evs is INVALID:
            continue
        if not isinstance(evs, list):
            c.err(("events",), f"expected a list of events, got {_describe(evs)}")
            continue
        for i, value in enumerate(evs):
            path = ("events", i)
            ev = c.event(value, path)
            if ev is not None:
                events.append((ev, c, path))
        for eid, path in c.event_ids:
            if eid in event_where:
                first, fpath = event_where[eid]
                line, _ = first.position((*fpath, "id"))
                c.err(
                    (*path, "id"),
                    f"duplicate event id {eid!r} (first defined at {first.file}:{line})",
                )
            else:
                event_where[eid] = (c.loc, path)

    sources: dict[str, Source] = regs["sources"].items
    jurisdictions: dict[str, Jurisdiction] = regs["jurisdictions"].items
    bodies: dict[str, Body] = regs["bodies"].items
    what = {"jurisdictions": "jurisdiction", "bodies": "body", "sources": "source"}
    names: dict[str, dict[str, tuple[str, str]]] = {}
    for c, path, registry, value in refs:
        known = regs[registry].where
        if value not in known:
            if registry not in names:
                names[registry] = _names(regs[registry].items)
            hint = _unknown_hint(value, registry, known, names[registry], c.hints)
            c.err(path, f"unknown {what[registry]} {brief(value)}{hint}")
    # Each _Doc is in its own refs list: break that cycle so that the documents (and
    # their YAML node trees) are freed by reference counting, not by a GC pass.
    refs.clear()
    for bid, (loc, path) in regs["bodies"].where.items():
        b = bodies.get(bid)
        if b is None or b.parent is None:
            continue
        seen = {bid}
        p: str | None = b.parent
        while p is not None and p in bodies:
            if p in seen:
                _Doc(loc, problems, kinds).err(
                    (*path, "parent"), f"parent chain of {bid!r} loops back to {p!r}"
                )
                break
            seen.add(p)
            p = bodies[p].parent

    if any(p.severity is Severity.ERROR for p in problems):
        return None, problems
    ordered = sorted((e for e, _, _ in events), key=lambda e: e.sort_key)
    return (
        Timeline(
            ordered,
            bodies,
            sources,
            jurisdictions,
            title,
            description,
            translations,
            tuple(d.file for d in docs),
            {k: v for k, v in kinds.items() if k not in EVENT_KINDS},
        ),
        problems,
    )
