"""Checking the values of one document's records, field by field, by their kind.

``Checker.record`` checks a mapping against a record class's field table
(``policytl.model.fields``): unknown fields (with did-you-mean hints), missing
required ones, each value by its kind, and the rules between fields; it builds
the record when all is well. ``policytl.load.validate`` runs it over every file
and then checks what spans files (references, duplicate ids).
"""

from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Callable, Collection, Iterable
from typing import Any, TypeVar

from policytl.load.yamlsafe import INVALID, Located, Path, Unquoted, UnquotedDate, brief
from policytl.model.dates import EXPECTED, PolicyDate, parse_date, suggest_date
from policytl.model.errors import DateError, Problem, Severity
from policytl.model.fields import PATTERNS, Kind, Spec, derived_names, names, noun, table
from policytl.model.lang import TAG_EXPECTED, is_tag
from policytl.model.records import REGISTRIES, Alias, Text

__all__ = ["Checker", "Hints", "Ref", "describe"]

R = TypeVar("R")
SLUG = PATTERNS["slug"].regex
#: a reference to check once every file is read: (checker, path, registries, id)
Ref = tuple["_Reporter", Path, tuple[str, ...], str]
#: Ids, kinds, tags and references repeat across events: keep one copy of each.
_intern = sys.intern


def describe(value: Any) -> str:
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


#: what a text is, in messages
_TEXT_SHAPE = "a text in one or more languages"
_TEXT_EXAMPLE = "{en: ...}, {zh: ...}, {it: ...} ..."


def _bad_tag(tag: Any) -> str:
    """Why a text's key is not a language tag, and the tag meant if it is near one."""
    if not isinstance(tag, str):
        return f"{describe(tag)} is not {TAG_EXPECTED}"
    primary, *rest = tag.replace("_", "-").split("-")
    fixed = "-".join([primary.lower(), *rest])
    hint = f" (did you mean {fixed!r}?)" if is_tag(fixed) else ""
    return f"{brief(tag)} is not {TAG_EXPECTED}{hint}"


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=3, cutoff=0.6)
    if not close:
        return ""
    return " (did you mean " + " or ".join(repr(c) for c in close) + "?)"


class Hints:
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


class _Reporter:
    """Where one document's problems go: located in its file, with the event's id."""

    def __init__(
        self,
        located: Located,
        problems: list[Problem],
        vocab: dict[str, dict[str, str]],
        refs: list[Ref] | None = None,
        hints: Hints | None = None,
    ) -> None:
        self.loc = located
        self.problems = problems
        #: the choices of each extensible vocabulary (built in and added by the files)
        self.vocab = vocab
        #: references to check once every file is read: (doc, path, registry, id)
        self.refs: list[Ref] = refs if refs is not None else []
        self.hints = hints if hints is not None else Hints()
        #: ids of events in this document, valid or not, for the duplicate check
        self.event_ids: list[tuple[str, Path]] = []

    def ref(self, path: Path, value: str | None, registries: tuple[str, ...]) -> None:
        if value is not None:
            self.refs.append((self, path, registries, value))

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
            self.err(path, f"expected {what} (a mapping), got {describe(value)}")
            return None
        return value

    def required(self, obj: dict[str, Any], name: str, path: Path) -> Any:
        if name not in obj:
            self.err(path, f"missing required field {name!r}")
            return INVALID
        return obj[name]


class _Values(_Reporter):
    """Checks one value by its kind: a string, a text, a date, a choice, aliases."""

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
            self.err(path, f"expected a string, got {describe(value)}")
            return None
        if not value.strip():
            self.err(path, "must not be empty")
            return None
        if pattern is not None and not pattern.fullmatch(value):
            self.err(path, f"{brief(value)} is not valid ({expected})")
            return None
        if isinstance(value, Unquoted):
            self.warn(
                path,
                f"{brief(value)} should be quoted: other YAML readers read it as "
                f"{value.reads_as}, not as text",
            )
            return str(value)
        return value

    def text(self, value: Any, path: Path, *, required: bool = True) -> Text | None:
        """A text: a mapping of BCP 47 language tags to strings (``{en: ..., it: ...}``)."""
        if value is INVALID or (value is None and not required):
            return None
        if isinstance(value, str):
            self.err(path, f"expected {_TEXT_SHAPE}, got a string: write {_TEXT_EXAMPLE}")
            return None
        obj = self.mapping(value, path, _TEXT_SHAPE)
        if obj is None:
            return None
        if not obj:
            self.err(path, f"expected at least one language: write {_TEXT_EXAMPLE}")
            return None
        texts: dict[str, str | None] = {}
        seen: dict[str, str] = {}
        for tag, v in obj.items():
            if not is_tag(tag):
                self.err((*path, tag), _bad_tag(tag), key=True)
                continue
            if tag.casefold() in seen:
                self.err(
                    (*path, tag),
                    f"{brief(tag)} is the language {brief(seen[tag.casefold()])} again "
                    "(language tags are the same in any case)",
                    key=True,
                )
                continue
            seen[tag.casefold()] = tag
            texts[tag] = self.string(v, (*path, tag))
        if all(v is None for v in texts.values()):
            return None
        return Text.of(texts)

    def strings(
        self, value: Any, path: Path, *, item: Callable[[Any, Path], str | None]
    ) -> tuple[str, ...]:
        if value is INVALID or value is None:
            return ()
        if not isinstance(value, list):
            self.err(path, f"expected a list, got {describe(value)}")
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
            self.err(path, f'expected a date string such as "2016-02", got {describe(value)}')
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


class Checker(_Values):
    """Checks one document's values by their kind, and its records by their field table."""

    def aliases(self, value: Any, path: Path) -> tuple[Alias, ...]:
        if value is INVALID or value is None:
            return ()
        if not isinstance(value, list):
            self.err(path, f"expected a list of aliases, got {describe(value)}")
            return ()
        out = []
        for i, v in enumerate(value):
            alias = (
                self.record(Alias, v, (*path, i))
                if isinstance(v, dict)
                else self.string(v, (*path, i))
            )
            if isinstance(alias, str):
                alias = Alias(name=alias)
            if alias is not None:
                out.append(alias)
        return tuple(out)

    def references(
        self, value: Any, path: Path, registries: tuple[str, ...]
    ) -> tuple[str, ...] | None:
        """A list of distinct ids in ``registry`` (each recorded for the reference check)."""
        if value is None:
            self.err(path, f"expected a list, got {describe(None)}")
            return None
        ids = self.strings(value, path, item=lambda v, p: self.string(v, p))
        for i, b in enumerate(value if isinstance(value, list) else ()):
            if isinstance(b, str) and b.strip():
                self.ref((*path, i), b, registries)
        if len(set(ids)) != len(ids):
            what = noun(REGISTRIES[registries[0]]).split()[-1]  # "body"
            self.err(path, f"lists the same {what} more than once")
        if not isinstance(value, list):
            return None
        return tuple(map(_intern, ids))

    def records(self, value: Any, path: Path, spec: Spec) -> tuple[Any, ...] | None:
        """A list of records of ``spec.item``, at least ``spec.min_items`` of them."""
        assert spec.item is not None
        if not isinstance(value, list):
            self.err(path, f"expected a list of {noun(spec.item, 'plural')}, got {describe(value)}")
            return None
        if len(value) < spec.min_items:
            at_least = "one" if spec.min_items == 1 else str(spec.min_items)
            self.err(path, f"expected at least {at_least} {noun(spec.item, 'one')}")
        out = [self.record(spec.item, v, (*path, i)) for i, v in enumerate(value)]
        if any(r is None for r in out):
            return None  # each reported where it is
        return tuple(r for r in out if r is not None)

    def strings_by_key(self, value: Any, path: Path, spec: Spec) -> dict[str, str] | None:
        """A mapping of keys (matching ``spec.pattern``) to non-blank strings."""
        obj = self.mapping(value, path, f"a mapping of {spec.label or 'key'}: value")
        if obj is None:
            return None
        pattern = PATTERNS[spec.pattern or "slug"]
        out: dict[str, str] = {}
        for k, v in obj.items():
            if not isinstance(k, str) or pattern.regex.fullmatch(k) is None:
                self.err((*path, k), f"{brief(k)} is not {pattern.expected}", key=True)
                continue
            s = self.string(v, (*path, k))
            if s is not None:
                out[_intern(k)] = s
        return out if len(out) == len(obj) else None

    # -- records ---------------------------------------------------------------------------
    def value(self, spec: Spec, value: Any, path: Path) -> Any:
        """A field's value checked by its kind: what the record holds, or INVALID."""
        kind = spec.kind
        out: Any
        if value is INVALID:
            return INVALID
        if kind is Kind.STRING:
            pattern = PATTERNS[spec.pattern] if spec.pattern is not None else None
            out = self.string(
                value,
                path,
                pattern=pattern.regex if pattern is not None else None,
                expected=pattern.expected if pattern is not None else "",
            )
        elif kind is Kind.TEXT:
            out = self.text(value, path)
        elif kind is Kind.DATE:
            out = self.date(value, path)
        elif kind is Kind.DOCREF:
            if isinstance(value, str) and value.strip() and not SLUG.fullmatch(value):
                self.err(
                    path,
                    f"{brief(value)} is not an id (a lowercase slug) of {spec.to[0]}: write "
                    "the id, or the title as a text: {zh: ...} or {en: ...}",
                )
                out = None
            elif isinstance(value, str):
                out = self.string(value, path)
                self.ref(path, out, spec.to)
                out = out if out is None else _intern(out)
            else:
                out = self.text(value, path)
        elif kind is Kind.CHOICE:
            choices = self.vocab[spec.extensible] if spec.extensible else spec.choices
            out = self.choice(value, path, choices, spec.label)
            out = out if out is None else _intern(out)
        elif kind is Kind.REF:
            out = self.string(value, path)
            self.ref(path, out, spec.to)
            out = out if out is None else _intern(out)
        elif kind is Kind.REFS:
            out = self.references(value, path, spec.to)
        elif kind is Kind.STRINGS:
            pattern = PATTERNS[spec.pattern or ""]
            out = tuple(
                map(
                    _intern,
                    self.strings(
                        value,
                        path,
                        item=lambda v, p: self.string(
                            v, p, pattern=pattern.regex, expected=pattern.expected
                        ),
                    ),
                )
            )
        elif kind is Kind.NOTES:
            out = self.notes(value, path)
        elif kind is Kind.ALIASES:
            out = self.aliases(value, path)
        elif kind is Kind.RECORDS:
            out = self.records(value, path, spec)
        elif kind is Kind.RECORD:
            assert spec.item is not None
            out = self.record(spec.item, value, path)
        elif kind is Kind.MAPPING:
            out = self.strings_by_key(value, path, spec)
        else:
            raise TypeError(f"a record's field cannot be of kind {kind}")
        return INVALID if out is None else out

    def record(self, cls: type[R], value: Any, path: Path, key: str | None = None) -> R | None:
        """The record of class ``cls`` that ``value`` declares, or None (all reported).

        ``key`` is its id in its registry (``sources: {key: ...}``), if it has one.
        """
        obj = self.mapping(value, path, noun(cls, "shape"))
        if obj is None:
            return None
        self.fields(obj, path, names(cls), noun(cls), derived_names(cls))
        values: dict[str, Any] = {}
        valid = True
        for name, spec in table(cls):
            if spec.kind is Kind.KEY:
                values[name] = key
            elif name not in obj:
                if spec.required:
                    self.err(path, f"missing required field {name!r}")
                    valid = False
                else:
                    values[name] = spec.default
            elif obj[name] is None and spec.nullable:
                values[name] = spec.default  # null is the same as leaving it out
            else:
                values[name] = self.value(spec, obj[name], (*path, name))
                valid = valid and values[name] is not INVALID
        valid = self.rules(cls, values, path) and valid
        return cls(**values) if valid else None

    def rules(self, cls: type, values: dict[str, Any], path: Path) -> bool:
        """The rules between a record's fields (``not_before``, ``instead``): False if
        one is broken."""
        valid = True
        for name, spec in table(cls):
            if spec.instead is not None and values.get(name) is None:
                other, why = spec.instead
                if values.get(other) is INVALID:
                    pass  # reported already
                elif values.get(other) is None:
                    self.err(path, f"missing {name!r}: give the {name}, or at least a {other}")
                    valid = False
                else:
                    self.warn(path, f"no {name}: {why} (validate --strict refuses this)")
            if spec.not_before is None:
                continue
            other, why = spec.not_before
            later, earlier = values.get(name), values.get(other)
            if (
                isinstance(later, PolicyDate)
                and isinstance(earlier, PolicyDate)
                and later.end < earlier.start
            ):
                whose = noun(cls).split()[-1]
                self.err(
                    (*path, name),
                    f"{name} date {later.text!r} is before the {whose}'s {other} "
                    f"{earlier.text!r} ({why})",
                )
                valid = False
        return valid
