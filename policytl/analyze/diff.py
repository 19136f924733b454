"""What changed between two versions of a timeline.

Records are matched by id in five collections: events, documents, bodies,
sources and jurisdictions. A record only in the new version is *added*, only in the old
one *removed*; one in both whose content differs is *changed*, field by field
(nested fields as ``title.en``, list items as ``sources[0].quote``). An id
that disappears while a new id appears with exactly the same content (all
fields but the id) is a *rename*, not a removal plus an addition. The
timeline's own title, description and translations are compared too.

Events are compared on the fields written in a file (``date`` as written;
the derived start, end and precision are not compared separately). An event's
relations are matched by type and target, so that a relation added to or removed
from an event is a change of that event said in words ("relation added: part-of
bj-plan-issued"), and a relation whose sources or notes changed is a change of
``relations[part-of bj-plan-issued].notes``; their order does not count.

This module is pure: :func:`diff_timelines` builds a :class:`TimelineDiff`
and ``render_text``/``render_json``/``render_markdown`` turn it into strings.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from policytl.model.records import Body, Document, Event, Jurisdiction, Lang, Source, Timeline
from policytl.model.textsafe import dump_json, one_line

__all__ = [
    "COLLECTIONS",
    "Action",
    "FieldChange",
    "RecordChange",
    "TimelineDiff",
    "diff_timelines",
    "render_json",
    "render_markdown",
    "render_text",
]

JSON_FORMAT = "policytl-diff/1"

Record = Event | Document | Body | Source | Jurisdiction

#: collection -> the word for one of its records, in report order
COLLECTIONS: dict[str, str] = {
    "events": "event",
    "documents": "document",
    "bodies": "body",
    "sources": "source",
    "jurisdictions": "jurisdiction",
}
#: derived from ``date``; not compared on their own
_DERIVED = ("id", "start", "end", "precision", "due_start", "due_end", "due_precision")


class Action(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    RENAMED = "renamed"
    CHANGED = "changed"


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field that differs; ``None`` means the field is absent on that side."""

    field: str
    old: Any
    new: Any

    def to_json(self) -> dict[str, Any]:
        return {"field": self.field, "old": self.old, "new": self.new}


@dataclass(frozen=True, slots=True)
class RecordChange:
    collection: str
    action: Action
    #: the id in the new version (the old one for a removal)
    id: str
    old: Record | None
    new: Record | None
    #: the id in the old version, for a rename
    old_id: str | None = None
    fields: tuple[FieldChange, ...] = ()

    @property
    def record(self) -> Record:
        rec = self.new if self.new is not None else self.old
        assert rec is not None
        return rec

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "collection": self.collection,
            "action": self.action.value,
            "id": self.id,
        }
        if self.action is Action.RENAMED:
            out["old_id"] = self.old_id
        if self.action in (Action.ADDED, Action.REMOVED):
            out["record"] = _content(self.record)
        if self.action is Action.CHANGED:
            out["fields"] = [f.to_json() for f in self.fields]
        return out


@dataclass(frozen=True, slots=True)
class TimelineDiff:
    old_name: str
    new_name: str
    changes: tuple[RecordChange, ...] = ()
    #: title, description and translations of the timeline itself
    header: tuple[FieldChange, ...] = field(default=())

    @property
    def equal(self) -> bool:
        return not self.changes and not self.header

    def counts(self) -> dict[str, dict[str, int]]:
        """collection -> action -> count, only for what changed."""
        out: dict[str, dict[str, int]] = {}
        for ch in self.changes:
            per = out.setdefault(ch.collection, {})
            per[ch.action.value] = per.get(ch.action.value, 0) + 1
        return out

    def summary(self) -> str:
        """One line: "events: 1 added, 2 changed; bodies: 1 removed" ("no differences")."""
        parts: list[str] = []
        counts = self.counts()
        for coll in COLLECTIONS:
            per = counts.get(coll)
            if per:
                parts.append(
                    f"{coll}: " + ", ".join(f"{per[a.value]} {a.value}" for a in Action if a in per)
                )
        if self.header:
            parts.append("timeline: changed")
        return "; ".join(parts) if parts else "no differences"


# --- computing the difference -------------------------------------------------------------


def _content(rec: Record) -> dict[str, Any]:
    """The record as written (JSON form), without its id and derived date fields."""
    data = rec.to_json()
    return {k: v for k, v in data.items() if k not in _DERIVED}


def _key(data: Mapping[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False)


def _union(a: Mapping[str, Any], b: Mapping[str, Any]) -> list[str]:
    return [*b, *(k for k in a if k not in b)]


def _relation_keys(relations: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Relations by 'type to' ('type to #2' for a second one of the same pair)."""
    out: dict[str, dict[str, Any]] = {}
    for r in relations:
        key = f"{r['type']} {r['to']}"
        n = 1
        while (f"{key} #{n}" if n > 1 else key) in out:
            n += 1
        out[f"{key} #{n}" if n > 1 else key] = r
    return out


def _relation_fields(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> Iterator[FieldChange]:
    """Relations added, removed, then changed (``relations[type to].notes``)."""
    a, b = _relation_keys(old), _relation_keys(new)
    for key in b:
        if key not in a:
            yield FieldChange(f"relations[{key}]", None, b[key])
    for key in a:
        if key not in b:
            yield FieldChange(f"relations[{key}]", a[key], None)
    for key in b:
        if key in a:
            yield from _fields(f"relations[{key}]", a[key], b[key])


def relation_words(change: FieldChange) -> str | None:
    """'relation added: part-of bj-plan-issued' for a relation added or removed."""
    if not (change.field.startswith("relations[") and change.field.endswith("]")):
        return None
    what = change.field[len("relations[") : -1]
    if change.old is None:
        return f"relation added: {what}"
    if change.new is None:
        return f"relation removed: {what}"
    return None


def field_label(change: FieldChange) -> str:
    """The changed field's name; a relation's part in words ('relation part-of x, notes')."""
    head, dot, rest = change.field.partition("].")
    if head.startswith("relations[") and dot:
        return f"relation {head[len('relations[') :]}, {rest}"
    return change.field


def _fields(path: str, old: Any, new: Any) -> Iterator[FieldChange]:
    if old == new:
        return
    if path == "relations":
        yield from _relation_fields(old or [], new or [])
        return
    if isinstance(old, dict | None) and isinstance(new, dict | None) and (old or new):
        a = old or {}
        b = new or {}
        for k in _union(a, b):
            yield from _fields(f"{path}.{k}" if path else k, a.get(k), b.get(k))
        return
    if (
        isinstance(old, list)
        and isinstance(new, list)
        and len(old) == len(new)
        and any(isinstance(x, dict) for x in [*old, *new])
    ):
        for i, (x, y) in enumerate(zip(old, new, strict=True)):
            yield from _fields(f"{path}[{i}]", x, y)
        return
    yield FieldChange(path, old, new)


def _collection(
    name: str, old: Mapping[str, Record], new: Mapping[str, Record]
) -> list[RecordChange]:
    added = [k for k in new if k not in old]
    removed = [k for k in old if k not in new]
    out: list[RecordChange] = []
    renamed: list[RecordChange] = []
    by_content: dict[str, list[str]] = {}
    for k in added:
        by_content.setdefault(_key(_content(new[k])), []).append(k)
    still_removed: list[str] = []
    renamed_to: set[str] = set()
    for k in removed:
        twins = by_content.get(_key(_content(old[k])))
        if twins:
            nk = twins.pop(0)
            renamed_to.add(nk)
            renamed.append(RecordChange(name, Action.RENAMED, nk, old[k], new[nk], old_id=k))
        else:
            still_removed.append(k)
    out += [RecordChange(name, Action.ADDED, k, None, new[k]) for k in added if k not in renamed_to]
    out += [RecordChange(name, Action.REMOVED, k, old[k], None) for k in still_removed]
    out += renamed
    for k, rec in new.items():
        if k in old and old[k] != rec:  # equal records (the common case) cost no JSON
            fields = tuple(_fields("", _content(old[k]), _content(rec)))
            if fields:
                out.append(RecordChange(name, Action.CHANGED, k, old[k], rec, fields=fields))
    return out


def diff_timelines(
    old: Timeline, new: Timeline, *, old_name: str = "old", new_name: str = "new"
) -> TimelineDiff:
    """Every difference from ``old`` to ``new``.

    Order: events, documents, bodies, sources, jurisdictions; within each, additions
    (new order), removals (old order), renames, then changes (new order).
    """
    changes: list[RecordChange] = []
    changes += _collection("events", {e.id: e for e in old.events}, {e.id: e for e in new.events})
    changes += _collection("documents", old.documents, new.documents)
    changes += _collection("bodies", old.bodies, new.bodies)
    changes += _collection("sources", old.sources, new.sources)
    changes += _collection("jurisdictions", old.jurisdictions, new.jurisdictions)
    header = tuple(_fields("", old.header_json(), new.header_json()))
    return TimelineDiff(old_name, new_name, tuple(changes), header)


# --- text ---------------------------------------------------------------------------------


def value_text(value: Any) -> str:
    """A field value on one line: strings quoted, lists in brackets, absent as (none)."""
    if value is None:
        return "(none)"
    if isinstance(value, str):
        return "'" + one_line(value.replace("\\", "\\\\").replace("'", "\\'")) + "'"
    if isinstance(value, list):
        return "[" + ", ".join(value_text(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{one_line(k)}: {value_text(v)}" for k, v in value.items()) + "}"
    return one_line(json.dumps(value, ensure_ascii=False))


def describe(rec: Record, lang: Lang | str) -> str:
    """What a reader needs to recognise a record: date and title, or its name."""
    if isinstance(rec, Event):
        return f"({rec.date.text}) {rec.title.get(lang)}"
    if isinstance(rec, Source | Document):
        return f"({rec.title.get(lang)})"
    return f"({rec.name.get(lang)})"


_SIGN = {Action.ADDED: "+", Action.REMOVED: "-", Action.RENAMED: "~", Action.CHANGED: "~"}


def _text_lines(d: TimelineDiff, lang: Lang | str) -> Iterator[str]:
    for ch in d.changes:
        word = COLLECTIONS[ch.collection]
        sign = _SIGN[ch.action]
        if ch.action is Action.RENAMED:
            yield f"{sign} {word} {ch.old_id} renamed to {ch.id} {describe(ch.record, lang)}"
        elif ch.action is Action.CHANGED:
            for f in ch.fields:
                words = relation_words(f)
                if words is not None:
                    yield f"{sign} {word} {ch.id}: {words}"
                    continue
                old, new = value_text(f.old), value_text(f.new)
                yield f"{sign} {word} {ch.id}: {field_label(f)} {old} -> {new}"
        else:
            yield f"{sign} {word} {ch.id} {describe(ch.record, lang)}"
    for f in d.header:
        yield f"~ timeline: {f.field} {value_text(f.old)} -> {value_text(f.new)}"


def render_text(d: TimelineDiff, lang: Lang | str = Lang.ZH) -> str:
    """A readable changelog ("+ event x (2020-06-30) title"); empty when equal."""
    if d.equal:
        return ""
    lines = [f"--- {one_line(d.old_name)}", f"+++ {one_line(d.new_name)}"]
    lines += [one_line(line) for line in _text_lines(d, lang)]
    lines.append(d.summary())
    return "\n".join(lines) + "\n"


# --- JSON ---------------------------------------------------------------------------------


def to_json(d: TimelineDiff) -> dict[str, Any]:
    return {
        "format": JSON_FORMAT,
        "old": d.old_name,
        "new": d.new_name,
        "equal": d.equal,
        "summary": d.counts(),
        "changes": [ch.to_json() for ch in d.changes],
        "timeline": [f.to_json() for f in d.header],
    }


def render_json(d: TimelineDiff) -> str:
    return dump_json(to_json(d))


# --- Markdown -----------------------------------------------------------------------------

_MD_ACTION = {
    Action.ADDED: "Added",
    Action.REMOVED: "Removed",
    Action.RENAMED: "Renamed",
    Action.CHANGED: "Changed",
}


def render_markdown(d: TimelineDiff, lang: Lang | str = Lang.BOTH) -> str:
    """The changes as a Markdown changelog, one section per collection."""
    from policytl.export.markdown import escape as md_escape

    out = [
        "# Timeline changes",
        "",
        f"From {md_escape(d.old_name)} to {md_escape(d.new_name)}: {md_escape(d.summary())}.",
    ]
    for coll in COLLECTIONS:
        items = [ch for ch in d.changes if ch.collection == coll]
        if not items:
            continue
        out += ["", f"## {coll.capitalize()}", ""]
        for ch in items:
            head = _MD_ACTION[ch.action]
            what = md_escape(describe(ch.record, lang))
            if ch.action is Action.RENAMED:
                out.append(f"- {head}: {md_escape(ch.old_id or '')} → {md_escape(ch.id)} {what}")
            elif ch.action is Action.CHANGED:
                out.append(f"- {head}: {md_escape(ch.id)}")
                for f in ch.fields:
                    words = relation_words(f)
                    if words is not None:
                        out.append(f"  - {md_escape(words)}")
                        continue
                    out.append(
                        f"  - {md_escape(field_label(f))}: {md_escape(value_text(f.old))} → "
                        f"{md_escape(value_text(f.new))}"
                    )
            else:
                out.append(f"- {head}: {md_escape(ch.id)} {what}")
    if d.header:
        out += ["", "## Timeline", ""]
        for f in d.header:
            out.append(
                f"- {md_escape(f.field)}: {md_escape(value_text(f.old))} → "
                f"{md_escape(value_text(f.new))}"
            )
    return "\n".join(out) + "\n"
