"""The field table: how each record's fields are declared, once.

A record class (``Event``, ``Source``, ``Body``, ...) is a frozen dataclass whose
every field is declared with :func:`spec`: its kind of value, whether it is
required, its default, and the sentence the docs show. That one declaration
drives everything else:

- the model itself (the dataclass: its attributes, types and constructor);
- the one validation path (``policytl.load.validate`` checks each field by its kind);
- the JSON export and the JSON Schema (``policytl.model.schema``), in the table's order;
- the CSV columns (``policytl.export.csv``) and the cache's encoding
  (``policytl.load.cache``, from the dataclass's own fields);
- the data-format reference in the docs (``scripts/format_reference.py``).

Adding an optional field to a record is one line in its class (see
docs/contributing/add-a-field.md); a new kind of value is one entry in ``Kind``
plus its check, its schema and its JSON form.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, NamedTuple, TypeVar, dataclass_transform

from policytl.model.lang import TAG, TAG_EXPECTED

__all__ = [
    "PATTERNS",
    "Field",
    "Kind",
    "Pattern",
    "Spec",
    "declare",
    "derived_names",
    "key_of",
    "names",
    "noun",
    "record",
    "spec",
    "table",
]

T = TypeVar("T")


class Kind(StrEnum):
    """The kinds of value a field holds; each has one check, one schema, one JSON form."""

    #: the record's id: its key in the registry (``sources: {ID: ...}``), not a field in it
    KEY = "key"
    #: a non-blank string, matching ``Spec.pattern`` if it names one
    STRING = "string"
    #: a text in one or more languages, keyed by BCP 47 tag: ``{zh: ..., en: ..., it: ...}``
    #: (``policytl.model.lang``: the tags, their order and ``Text``)
    TEXT = "text"
    #: the id of a record in the registry ``Spec.to`` (a string), or a text in its place
    DOCREF = "reference or text"
    #: a date as the source gives it: ``"2016"``, ``"2016-02"``, ``"2016-02-15"``, ``"A/B"``
    DATE = "date"
    #: one of ``Spec.choices`` (plus, if ``extensible``, what a file adds under that section)
    CHOICE = "choice"
    #: the id (or code) of a record in the registry ``Spec.to`` (or in one of them)
    REF = "reference"
    #: a list of distinct ids of records in the registry ``Spec.to``
    REFS = "references"
    #: a list of strings matching ``Spec.pattern``
    STRINGS = "strings"
    #: curators' notes: one string or a list of strings
    NOTES = "notes"
    #: other names: a list of strings or ``{name, note}``
    ALIASES = "aliases"
    #: a list of records of the class ``Spec.item`` (at least ``Spec.min_items``)
    RECORDS = "records"
    #: one record of the class ``Spec.item`` (a mapping of its fields)
    RECORD = "record"
    #: a mapping: of ids to records of ``Spec.item`` (keyed as its KEY field says), or
    #: without ``item`` of keys (matching ``Spec.pattern``, if any) to non-blank strings
    #: (in a record too: a document's identifiers)
    MAPPING = "mapping"


class Pattern(NamedTuple):
    """A lexical rule: Python's regex, the JSON Schema's (ECMA-262), and what to write."""

    regex: re.Pattern[str]
    schema: str
    expected: str
    #: what a registry key must be, in "'X' is not ..." (keys only)
    as_key: str = ""
    #: what the JSON Schema says in an editor when a value does not match
    hint: str = ""


_SLUG = r"[a-z0-9](?:[a-z0-9._-]{0,198}[a-z0-9])?"
_ALNUM = r"(?:[A-Za-z0-9]|[^\x00-\x7F])"

#: The patterns fields refer to by name (``Spec.pattern``).
PATTERNS: dict[str, Pattern] = {
    "slug": Pattern(
        re.compile(_SLUG),
        f"^{_SLUG}$",
        "a lowercase slug of a-z, 0-9, '-', '_' or '.'",
        "a valid id (a lowercase slug of a-z, 0-9, '-', '_' or '.')",
        "An id is a lowercase slug: a-z, 0-9, '-', '_' or '.', starting and ending with a "
        "letter or digit (e.g. `bj-finance-bureau`).",
    ),
    "code": Pattern(
        re.compile(r"[A-Z]{2}(?:-[A-Z0-9]{1,3}(?:-[A-Z0-9]{1,8})?)?"),
        r"^[A-Z]{2}(?:-[A-Z0-9]{1,3}(?:-[A-Z0-9]{1,8})?)?$",
        "a code such as EU, CN, CN-BJ or CN-GD-SZ",
        "a code such as EU, CN, CN-BJ or CN-GD-SZ",
        "A jurisdiction is keyed by its code: `EU`, `CN`, a subdivision such as `CN-BJ`, "
        "or a city such as `CN-GD-SZ`.",
    ),
    "tag": Pattern(
        re.compile(r"[^\W_](?:[\w.-]{0,62}[^\W_])?"),
        f"^{_ALNUM}(?:(?:[A-Za-z0-9_.-]|[^\\x00-\\x7F]){{0,62}}{_ALNUM})?$",
        "a tag of letters, digits, '-' or '.'",
    ),
    "relpath": Pattern(
        re.compile(r"(?![/~])(?!(?:.*/)?\.\.(?:/|$))[^\x00-\x1f\x7f\\:]+"),
        r"^(?![/~])(?!(?:.*/)?\.\.(?:/|$))[^\x00-\x1f\x7f\\:]+$",
        "a relative path inside the timeline's folder: not absolute, no '..', '\\' or ':'",
    ),
    "sha256": Pattern(
        re.compile(r"[0-9a-f]{64}"),
        r"^[0-9a-f]{64}$",
        "a SHA-256 digest: 64 lowercase hexadecimal digits",
    ),
    "language": Pattern(
        re.compile(TAG),
        f"^{TAG}$",
        TAG_EXPECTED,
        f"a language tag ({TAG_EXPECTED})",
        "A language is a BCP 47 tag: `en`, `zh`, `zh-Hant`, `it`, `es-419` ...",
    ),
}


@dataclass(frozen=True, slots=True)
class Spec:
    """The declaration of one field (see ``spec`` for what each part means)."""

    kind: Kind
    doc: str
    required: bool
    default: Any = None
    #: whether null is accepted (and means the same as leaving the field out)
    nullable: bool = False
    pattern: str | None = None
    choices: tuple[str, ...] = ()
    meanings: tuple[str, ...] = ()
    #: the top-level section that adds choices (``kinds``), if any
    extensible: str = ""
    label: str = ""
    #: the registries a reference may point into (``events`` too, for a relation)
    to: tuple[str, ...] = ()
    item: type | None = None
    min_items: int = 0
    derived: str | None = None
    keep_empty: bool = False
    not_before: tuple[str, str] | None = None
    appended: bool = False
    #: ``(field, why)``: this optional field may be left out when that one is given
    #: (a warning says so); with both left out the record is invalid
    instead: tuple[str, str] | None = None


class Field(NamedTuple):
    """A field of a record: its name and its declaration."""

    name: str
    spec: Spec


_MISSING: Any = dataclasses.MISSING


def declare(
    kind: Kind,
    doc: str,
    *,
    default: Any = _MISSING,
    pattern: str | None = None,
    choices: tuple[str, ...] = (),
    meanings: tuple[str, ...] = (),
    extensible: str = "",
    nullable: bool | None = None,
    label: str = "",
    to: str | tuple[str, ...] = (),
    item: type | None = None,
    min_items: int = 0,
    derived: str | None = None,
    keep_empty: bool = False,
    not_before: tuple[str, str] | None = None,
    appended: bool = False,
    instead: tuple[str, str] | None = None,
) -> Spec:
    """Declare a field (``spec`` does it for a record class's dataclass field).

    ``kind``: what the value is (``Kind``); ``doc``: one sentence of Markdown for the
    docs, the JSON Schema and editors. A field with no ``default`` is required; a
    field with a default is optional, and ``null`` means the same as leaving it out
    when the default is ``None`` or ``()`` (unless ``nullable`` says otherwise).
    The rest refine the kind: ``pattern`` (a name in ``PATTERNS``), ``choices``
    (with their ``meanings``, if they have some) and ``extensible`` (the top-level
    section that adds to them: ``kinds``), ``label`` (the thing named in messages:
    "unknown level 'x'"), ``to`` (the registry a reference points into, or a tuple
    of them), ``item`` and ``min_items`` (records in a
    list). The exports: ``derived`` is the prefix of the keys the JSON export adds
    to a date (``start``, ``end``, ``precision``; the loader accepts them back),
    ``keep_empty`` writes an empty list instead of leaving it out, ``appended``
    puts the field's CSV columns after all the others (a field added after the
    CSV layout was published: existing columns keep their places). Rules between
    fields: ``not_before`` is ``(field, why)``: this date must not end before the
    other date field begins, and ``why`` is said in the message when it does;
    ``instead`` is ``(field, why)``: this field is wanted, and may be left out
    only when the other is given (a warning, with ``why``).
    """
    declared = Spec(
        kind,
        doc,
        required=default is _MISSING,
        default=None if default is _MISSING else default,
        nullable=default is not _MISSING and default in (None, ())
        if nullable is None
        else nullable,
        pattern=pattern,
        choices=choices,
        meanings=meanings,
        extensible=extensible,
        label=label,
        to=(to,) if isinstance(to, str) else to,
        item=item,
        min_items=min_items,
        derived=derived,
        keep_empty=keep_empty,
        not_before=not_before,
        appended=appended,
        instead=instead,
    )
    if pattern is not None and pattern not in PATTERNS:
        raise ValueError(f"unknown pattern {pattern!r}")
    return declared


def spec(kind: Kind, doc: str, *, default: Any = _MISSING, **details: Any) -> Any:
    """Declare a record's field, as the dataclass field's default (see ``declare``)."""
    declared = declare(kind, doc, default=default, **details)
    return dataclasses.field(default=default, metadata={"spec": declared})


@dataclass_transform(frozen_default=True, kw_only_default=True, field_specifiers=(spec,))
def record(cls: type[T]) -> type[T]:
    """Make ``cls`` a record: a frozen, slotted, keyword-only dataclass of ``spec`` fields."""
    made: Callable[[type[T]], type[T]] = dataclass(frozen=True, slots=True, kw_only=True)
    out = made(cls)
    for f in dataclasses.fields(out):  # type: ignore[arg-type]
        if "spec" not in f.metadata:
            raise TypeError(f"{cls.__name__}.{f.name} is not declared with spec()")
    return out


def noun(cls: type, form: str = "noun") -> str:
    """How messages name a record class: ``noun`` ("a citation"), ``shape`` (what
    its mapping looks like), ``plural`` (a list of them); each a ClassVar of the class."""
    said = cls.__dict__.get(form) or cls.__dict__["noun"]
    return str(said)


def _per_class(make: Callable[[type[Any]], T]) -> Callable[[type[Any]], T]:
    """``make``, computed once per record class (the checks ask for each record)."""
    made: dict[type[Any], T] = {}

    @functools.wraps(make)
    def get(cls: type[Any]) -> T:
        if cls not in made:
            made[cls] = make(cls)
        return made[cls]

    return get


@_per_class
def table(cls: type[Any]) -> tuple[Field, ...]:
    """The fields of a record class, in their declared (canonical) order."""
    return tuple(Field(f.name, f.metadata["spec"]) for f in dataclasses.fields(cls))


@_per_class
def key_of(cls: type[Any]) -> Spec | None:
    """The declaration of a registry record's key (its id under ``sources:`` ...)."""
    return next((f.spec for f in table(cls) if f.spec.kind is Kind.KEY), None)


@_per_class
def names(cls: type[Any]) -> tuple[str, ...]:
    """The names a record's mapping may hold (its fields, without the registry key)."""
    return tuple(f.name for f in table(cls) if f.spec.kind is not Kind.KEY)


#: What the JSON export adds to a date with ``derived`` (the loader accepts them back).
DATE_PARTS = ("start", "end", "precision", "end_precision", "uncertain", "approximate")


@_per_class
def derived_names(cls: type[Any]) -> tuple[str, ...]:
    """The keys the JSON export adds to a record (accepted back by the loader)."""
    return tuple(
        f"{f.spec.derived}{part}"
        for f in table(cls)
        if f.spec.derived is not None
        for part in DATE_PARTS
    )
