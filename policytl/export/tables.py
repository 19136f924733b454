"""A timeline as relational tables: what ``datapackage``, ``sqlite`` and
``Timeline.to_dataframes()`` share.

The tables, their columns, types, keys and foreign keys are derived from the field
table (``policytl.model.fields``), one record class at a time:

- each registry (``sources``, ``jurisdictions``, ``bodies``, ``documents``) and the
  selected events is a table keyed by the record's id (``code`` for a jurisdiction);
- a field of one value is a column: a text one per language (``title_zh``,
  ``title_en``, then the other languages the data has), a reference a column with a
  foreign key (``jurisdiction`` -> ``jurisdictions.code``), notes one column with the
  notes joined by newlines, one record (a source's ``archive``) the columns of its
  fields named after it (``archive_path``), and a date four more after its own: ``date_earliest``
  and ``date_latest`` (the first and last day it may denote, ISO 8601),
  ``date_precision`` (``day``, ``month``, ``year``; ``month/year`` for an interval)
  and ``date_qualifier`` (``uncertain``, ``approximate`` or both, else empty);
- a field of many values is a table of its own, keyed by its owner's key and the
  value's ``position`` (from 1): the events' citations (``citations``) and relations
  (``relations``), a relation's citations (``relation_citations``), lists of ids or
  tags (``event_issuers``, ``event_tags``), aliases (``body_aliases``) and mappings
  (``document_identifiers``, keyed by scheme).

A table of a list or a mapping is left out when it has no rows (``relations`` in a
data set without relations), as is ``documents`` when the data has none; the five
tables of every data set (``events``, ``citations``, ``sources``, ``jurisdictions``,
``bodies``) are always there. A relation's target is ``to``; ``to_event`` and
``to_document`` hold it again when it is an exported event or a document, for their
foreign keys (a selection may leave the event out).

Values are ``str``, ``int``, ``bool`` or ``None``; a date column holds its ISO text.
Text is as the data has it: each format makes it safe in its own way.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from policytl.model.dates import PolicyDate
from policytl.model.fields import Kind, Spec, table
from policytl.model.lang import FIRST, Text, data_languages
from policytl.model.records import REGISTRIES, Alias, Citation, Event, Relation, Timeline

__all__ = ["ALWAYS", "Column", "ForeignKey", "Table", "Type", "Value", "tables"]

Value = str | int | bool | None


class Type(StrEnum):
    """The type of a column, as Frictionless Table Schema names it."""

    STRING = "string"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    DATE = "date"


@dataclass(frozen=True)
class Column:
    name: str
    type: Type
    doc: str
    required: bool = False
    #: the values it may hold (a choice: its built-in values and the data's own)
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class ForeignKey:
    columns: tuple[str, ...]
    #: the table referred to, and its key columns
    table: str
    to: tuple[str, ...]


@dataclass
class Table:
    name: str
    doc: str
    columns: list[Column]
    key: tuple[str, ...]
    foreign_keys: list[ForeignKey]
    rows: list[tuple[Value, ...]] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


#: The tables every export has, even when they are empty.
ALWAYS = ("events", "citations", "sources", "jurisdictions", "bodies")

#: The section of a file that adds values to a choice, and the Timeline field holding them.
_ADDED = {"kinds": "kinds", "document-types": "document_types", "relation-types": "relation_types"}
#: The name of a mapping's key column (its values are in ``value``).
_MAPPING_KEY = {"identifiers": "scheme"}
#: Table names of the records held in lists.
_LIST_TABLES: dict[type, str] = {Citation: "citations", Relation: "relations", Alias: "aliases"}

#: a cell of a row: (the export's context, the record) -> value
Cell = Callable[["_Context", Any], Value]


@dataclass(frozen=True)
class _Context:
    timeline: Timeline
    langs: tuple[str, ...]
    events: frozenset[str]


def _singular(cls: type) -> str:
    return cls.__name__.lower()


def _key_name(cls: type) -> str:
    """A registry record's key column (``id``; ``code`` for a jurisdiction)."""
    return next((f.name for f in table(cls) if f.spec.kind is Kind.KEY), "id")


def _registry_key(registry: str) -> str:
    return _key_name(REGISTRIES.get(registry, Event))


def _text(name: str, lang: str) -> Cell:
    def cell(ctx: _Context, r: Any) -> Value:
        value = getattr(r, name)
        return value.exact(lang) if isinstance(value, Text) else None

    return cell


def _attr(name: str) -> Cell:
    return lambda ctx, r: getattr(r, name)


def _date_cell(name: str, part: Callable[[PolicyDate], Value]) -> Cell:
    def cell(ctx: _Context, r: Any) -> Value:
        value = getattr(r, name)
        return None if value is None else part(value)

    return cell


def _qualifier(d: PolicyDate) -> str | None:
    said = [w for w, on in (("uncertain", d.uncertain), ("approximate", d.approximate)) if on]
    return " ".join(said) or None


def _precision(d: PolicyDate) -> str:
    if d.is_interval:
        return f"{d.precision.value}/{d.end_precision.value}"
    return d.precision.value


def _date_columns(name: str, spec: Spec) -> list[tuple[Column, Cell]]:
    own = Column(name, Type.STRING, spec.doc, spec.required)
    return [
        (own, _date_cell(name, lambda d: d.text)),
        (
            Column(
                f"{name}_earliest", Type.DATE, f"The first day `{name}` may denote.", own.required
            ),
            _date_cell(name, lambda d: d.start.isoformat()),
        ),
        (
            Column(f"{name}_latest", Type.DATE, f"The last day `{name}` may denote.", own.required),
            _date_cell(name, lambda d: d.end.isoformat()),
        ),
        (
            Column(
                f"{name}_precision",
                Type.STRING,
                f"What `{name}` gives: `year`, `month` or `day` (an interval: `month/year`).",
                own.required,
            ),
            _date_cell(name, _precision),
        ),
        (
            Column(
                f"{name}_qualifier",
                Type.STRING,
                f"`uncertain` (`?`), `approximate` (`~`) or both (`%`) when `{name}` says so.",
            ),
            _date_cell(name, _qualifier),
        ),
    ]


def _ref_target(registry: str, name: str) -> Cell:
    """The reference when it points into ``registry`` (and is in this export), else None."""

    def cell(ctx: _Context, r: Any) -> Value:
        value = getattr(r, name)
        if not isinstance(value, str):
            return None
        present = ctx.events if registry == "events" else getattr(ctx.timeline, registry)
        return value if value in present else None

    return cell


def _within(name: str, cell: Cell) -> Cell:
    """``cell`` of the record that the field ``name`` holds (None when it holds none)."""

    def within(ctx: _Context, r: Any) -> Value:
        inner = getattr(r, name)
        return None if inner is None else cell(ctx, inner)

    return within


def _same(ctx: _Context, value: Any) -> Value:
    return value  # type: ignore[no-any-return]


#: how a many-valued field lists its values: (key part of the row, value) pairs
Items = Callable[[Any], Iterable[tuple[Value, Any]]]


def _positions(value: Any) -> Iterable[tuple[Value, Any]]:
    return enumerate(value or (), 1)


def _entries(value: Any) -> Iterable[tuple[Value, Any]]:
    return sorted((value or {}).items())


@dataclass
class _Plan:
    """How one table is filled from one kind of record."""

    table: Table
    #: the cells of the record's own columns (after the owner's key and the key part)
    cells: list[Cell]
    #: the tables of its many-valued fields: (field name, how to list its values, plan)
    children: list[tuple[str, Items, _Plan]] = field(default_factory=list)


#: a column of one value, its cell, and the table its foreign key refers to (if any)
_Col = tuple[Column, Cell, str | None]


class _Planner:
    """Plans a timeline's tables from the field table."""

    def __init__(self, timeline: Timeline, langs: tuple[str, ...]) -> None:
        self.timeline = timeline
        self.langs = langs

    def choices(self, spec: Spec) -> tuple[str, ...]:
        added = getattr(self.timeline, _ADDED[spec.extensible]) if spec.extensible else {}
        return (*spec.choices, *(c for c in added if c not in spec.choices))

    def texts(self, name: str, doc: str) -> list[_Col]:
        return [
            (Column(f"{name}_{lang}", Type.STRING, f"{doc} (`{lang}`)"), _text(name, lang), None)
            for lang in self.langs
        ]

    def columns(self, name: str, spec: Spec) -> list[_Col]:
        """The columns of a field of one value; none for a field of many."""
        kind = spec.kind
        if kind is Kind.TEXT:
            return self.texts(name, spec.doc)
        if kind is Kind.DOCREF:
            (registry,) = spec.to
            ref = Column(f"{name}_id", Type.STRING, "The id of the document, when it names one.")
            texts = self.texts(name, "Its formal title, when given here rather than by id.")
            return [(ref, _ref_target(registry, name), registry), *texts]
        if kind is Kind.DATE:
            return [(column, cell, None) for column, cell in _date_columns(name, spec)]
        if kind is Kind.NOTES:
            notes = Column(name, Type.STRING, f"{spec.doc} One note per line.")
            return [(notes, lambda ctx, r: "\n".join(getattr(r, name)) or None, None)]
        if kind is Kind.RECORD:  # one record: its columns, named after the field
            assert spec.item is not None
            return [
                (
                    dataclasses.replace(column, name=f"{name}_{column.name}", required=False),
                    _within(name, cell),
                    target,
                )
                for sub, sub_spec in table(spec.item)
                for column, cell, target in self.columns(sub, sub_spec)
            ]
        if kind is Kind.REF and len(spec.to) > 1:
            out: list[_Col] = [
                (Column(name, Type.STRING, spec.doc, spec.required), _attr(name), None)
            ]
            for registry in spec.to:
                what = _singular(REGISTRIES.get(registry, Event))
                doc = (
                    f"`{name}` again when it is {'an' if what[0] in 'aeiou' else 'a'} {what} here."
                )
                out.append(
                    (
                        Column(f"{name}_{what}", Type.STRING, doc),
                        _ref_target(registry, name),
                        registry,
                    )
                )
            return out
        if kind is Kind.REF:
            return [(Column(name, Type.STRING, spec.doc, spec.required), _attr(name), spec.to[0])]
        if kind in (Kind.KEY, Kind.STRING, Kind.CHOICE):
            choices = self.choices(spec) if kind is Kind.CHOICE else ()
            column = Column(name, Type.STRING, spec.doc, spec.required or kind is Kind.KEY, choices)
            return [(column, _attr(name), None)]
        return []

    def plan(
        self, cls: type, name: str, doc: str, head: list[Column], key: tuple[str, ...]
    ) -> _Plan:
        """The table ``name`` of ``cls`` records: ``head`` are the columns that come
        from the owner's row (its key and the value's position), ``key`` its key."""
        made = Table(name, doc, list(head), key, [])
        plan = _Plan(made, [])
        for fname, spec in table(cls):
            cols = self.columns(fname, spec)
            if not cols:
                plan.children.append(self.child(cls, name, fname, spec, made))
            for column, cell, target in cols:
                made.columns.append(column)
                plan.cells.append(cell)
                if target is not None:
                    fk = ForeignKey((column.name,), target, (_registry_key(target),))
                    made.foreign_keys.append(fk)
        return plan

    def child(
        self, owner: type, owner_table: str, name: str, spec: Spec, made: Table
    ) -> tuple[str, Items, _Plan]:
        """The table of the many-valued field ``name`` of ``owner`` records."""
        singular = _singular(owner)
        own_key = _key_name(owner)
        parent = [
            Column(
                f"{singular}_{k}" if k in (own_key, "position") else k,
                Type.INTEGER if k.endswith("position") else Type.STRING,
                f"The {k} of the {singular}.",
                True,
            )
            for k in made.key
        ]
        up = ForeignKey(tuple(c.name for c in parent), owner_table, made.key)
        keys = tuple(c.name for c in parent)
        if spec.kind in (Kind.RECORDS, Kind.ALIASES):
            item = Alias if spec.kind is Kind.ALIASES else spec.item
            assert item is not None
            table_name = (
                _LIST_TABLES[item] if owner is Event else f"{singular}_{_LIST_TABLES[item]}"
            )
            position = Column("position", Type.INTEGER, "Its place in the list, from 1.", True)
            plan = self.plan(item, table_name, spec.doc, [*parent, position], (*keys, "position"))
            plan.table.foreign_keys.insert(0, up)
            return name, _positions, plan
        if spec.kind is Kind.MAPPING:
            part = Column(_MAPPING_KEY.get(name, "key"), Type.STRING, "The key.", True)
            value = Column("value", Type.STRING, "Its value.", True)
            items: Items = _entries
        else:  # a list of ids or of strings
            part = Column("position", Type.INTEGER, "Its place in the list, from 1.", True)
            items = _positions
            if spec.kind is Kind.REFS:
                (target,) = spec.to
                value = Column(
                    f"{_singular(REGISTRIES[target])}_{_registry_key(target)}",
                    Type.STRING,
                    spec.doc,
                    True,
                )
            else:
                value = Column(name.removesuffix("s"), Type.STRING, spec.doc, True)
        made_child = Table(
            f"{singular}_{name}", spec.doc, [*parent, part, value], (*keys, part.name), [up]
        )
        if spec.kind is Kind.REFS:
            made_child.foreign_keys.append(
                ForeignKey((value.name,), spec.to[0], (_registry_key(spec.to[0]),))
            )
        return name, items, _Plan(made_child, [_same])


def _fill(plan: _Plan, ctx: _Context, key: tuple[Value, ...], record: Any) -> None:
    """The rows of the many-valued fields of ``record`` (whose key is ``key``)."""
    for name, items, child in plan.children:
        rows = child.table.rows
        for part, item in items(getattr(record, name)):
            row_key = (*key, part)
            rows.append((*row_key, *(cell(ctx, item) for cell in child.cells)))
            if child.children:
                _fill(child, ctx, row_key, item)


def _walk(plan: _Plan) -> Iterator[Table]:
    yield plan.table
    for _, _, child in plan.children:
        yield from _walk(child)


def _doc(cls: type) -> str:
    return (cls.__doc__ or "").strip().split("\n")[0]


def tables(timeline: Timeline) -> list[Table]:
    """The tables of ``timeline`` (its events already selected): see the module's docstring."""
    more = tuple(lang for lang in data_languages(timeline) if lang not in FIRST)
    langs = (*FIRST, *more)
    ctx = _Context(timeline, langs, frozenset(e.id for e in timeline.events))
    planner = _Planner(timeline, langs)
    sections: list[tuple[_Plan, Iterable[Any]]] = []
    events = planner.plan(Event, "events", _doc(Event), [], ("id",))
    sections.append((events, timeline.events))
    for registry, cls in REGISTRIES.items():
        plan = planner.plan(cls, registry, _doc(cls), [], (_key_name(cls),))
        sections.append((plan, getattr(timeline, registry).values()))
    for plan, records in sections:
        key_at = plan.table.names.index(plan.table.key[0])
        rows = plan.table.rows
        for record in records:
            row = tuple(cell(ctx, record) for cell in plan.cells)
            rows.append(row)
            _fill(plan, ctx, (row[key_at],), record)
    made = [t for plan, _ in sections for t in _walk(plan)]
    kept = [t for t in made if t.rows or t.name in ALWAYS]
    names = {t.name for t in kept}
    for t in kept:
        t.foreign_keys = [fk for fk in t.foreign_keys if fk.table in names]
    return kept
