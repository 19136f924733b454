"""Checking parsed documents against the policytl/1 format and building the model.

Every problem in every file is collected (never only the first), each with
the file, line, column and field path, and what was expected. Each record is
checked against its class's field table (``policytl.load.checks``); references
between records and id uniqueness are checked after all files are read.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from policytl.load.checks import Checker, Hints, Ref, describe
from policytl.load.relations import check_relations
from policytl.load.yamlsafe import INVALID, Located, Path, brief
from policytl.model.errors import Problem, Severity
from policytl.model.fields import PATTERNS, key_of, noun
from policytl.model.records import (
    DOCUMENT,
    FORMAT,
    REGISTRIES,
    VOCABULARIES,
    Body,
    Event,
    Text,
    Timeline,
)

__all__ = ["check_documents"]

SLUG = PATTERNS["slug"].regex

#: The fields a file's top level may hold.
TOP_FIELDS = tuple(f.name for f in DOCUMENT)


def _names(records: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Casefolded alias or name -> (id, "alias" or "name") of the records that have them."""
    out: dict[str, tuple[str, str]] = {}
    for rid, rec in records.items():
        for alias in getattr(rec, "aliases", ()):
            out.setdefault(alias.name.casefold(), (rid, "alias"))
    for rid, rec in records.items():
        for text in (getattr(rec, "name", None), getattr(rec, "short", None)):
            if isinstance(text, Text):
                for s in text.all():
                    out.setdefault(s.casefold(), (rid, "name"))
    return out


def _unknown_hint(
    value: str,
    registry: str,
    known: Collection[str],
    names: dict[str, tuple[str, str]],
    hints: Hints,
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


class _Merged:
    """What the files add up to, while they are checked."""

    def __init__(self) -> None:
        #: each vocabulary, built in and added by the files (``kinds:`` ...)
        self.vocab = {name: dict(builtin) for name, builtin in VOCABULARIES.items()}
        self.title: Text | None = None
        self.description: Text | None = None
        self.translations: dict[str, str] = {}
        self.regs = {name: _Registry() for name in REGISTRIES}
        self.events: list[Event] = []
        #: where each of ``events`` is: its file and its path there
        self.event_at: list[tuple[Located, Path]] = []
        self.event_where: dict[str, tuple[Located, Path]] = {}


def _header(c: Checker, root: dict[str, Any], merged: _Merged) -> bool:
    """Check a file's header (format, kinds, title ...); False if it is not policytl/1."""
    c.fields(root, (), TOP_FIELDS, "the document")
    fmt = root.get("format", INVALID if "format" not in root else None)
    if "format" not in root:
        c.err((), f"missing required field 'format' (expected format: {FORMAT})")
    elif fmt != FORMAT:
        if fmt is not INVALID:
            got = brief(fmt) if isinstance(fmt, str) else describe(fmt)
            c.err(("format",), f"unsupported format {got} (expected {FORMAT!r})")
        return False
    for section, choices in merged.vocab.items():
        what = "kind" if section == "kinds" else "type"
        added = c.mapping(root.get(section, {}), (section,), f"a mapping of {what}: description")
        for k, v in (added or {}).items():
            if SLUG.fullmatch(k) is None:
                name = "kind name" if section == "kinds" else section.removesuffix("s")
                c.err(
                    (section, k), f"{brief(k)} is not a valid {name} (a lowercase slug)", key=True
                )
            elif c.string(v, (section, k)) is not None:
                choices[k] = v
    # Every file's header is checked; the first file's title and description win.
    if "title" in root:
        file_title = c.text(root["title"], ("title",))
        merged.title = merged.title or file_title
    if "description" in root:
        file_description = c.text(root["description"], ("description",))
        merged.description = merged.description or file_description
    tr = c.mapping(root.get("translations", {}), ("translations",), "a mapping of lang: status")
    for k, v in (tr or {}).items():
        s = c.string(v, ("translations", k))
        if s is not None:
            merged.translations[k] = s
    return True


def _registry(c: Checker, name: str, section: dict[str, Any], reg: _Registry) -> None:
    """Check the records of one registry section (``sources:`` ...) of a file."""
    cls = REGISTRIES[name]
    declared = key_of(cls)
    assert declared is not None and declared.pattern is not None
    pattern = PATTERNS[declared.pattern]
    for rid, value in section.items():
        path: Path = (name, rid)
        if pattern.regex.fullmatch(rid) is None:
            c.err(path, f"{brief(rid)} is not {pattern.as_key}", key=True)
            continue
        if rid in reg.where:
            first, fpath = reg.where[rid]
            line, _ = first.position(fpath, key=True)
            c.err(path, f"duplicate id {rid!r} (first defined at {first.file}:{line})", key=True)
            continue
        reg.where[rid] = (c.loc, path)
        record = c.record(cls, value, path, key=rid)
        if record is not None:
            reg.items[rid] = record


def _events(c: Checker, evs: Any, merged: _Merged) -> None:
    """Check the events of a file, and that their ids are new."""
    if evs is INVALID:
        return
    if not isinstance(evs, list):
        c.err(("events",), f"expected a list of events, got {describe(evs)}")
        return
    ids: list[tuple[str, Path]] = []
    for i, value in enumerate(evs):
        path: Path = ("events", i)
        event = c.record(Event, value, path)
        if event is not None:
            merged.events.append(event)
            merged.event_at.append((c.loc, path))
        eid = value.get("id") if isinstance(value, dict) else None
        if isinstance(eid, str) and SLUG.fullmatch(eid) is not None:
            ids.append((eid, path))
    for eid, path in ids:
        if eid in merged.event_where:
            first, fpath = merged.event_where[eid]
            line, _ = first.position((*fpath, "id"))
            c.err(
                (*path, "id"), f"duplicate event id {eid!r} (first defined at {first.file}:{line})"
            )
        else:
            merged.event_where[eid] = (c.loc, path)


def _references(refs: list[Ref], merged: _Merged) -> None:
    """Report every reference to an id that no file defines (or that two kinds of record share)."""
    what = {name: cls.__name__.lower() for name, cls in REGISTRIES.items()} | {"events": "event"}
    names: dict[str, dict[str, tuple[str, str]]] = {}
    for c, path, registries, value in refs:
        known = {
            r: merged.event_where if r == "events" else merged.regs[r].where for r in registries
        }
        found = [r for r in registries if value in known[r]]
        if len(found) > 1:
            c.err(
                path,
                f"{brief(value)} is the id of both {' and '.join(map(noun_of, found))}; "
                "give one of them another id",
            )
        if found:
            continue
        registry = registries[-1]
        if registry not in names:
            names[registry] = _names(merged.regs[registry].items)
        hint = _unknown_hint(value, registry, known[registry], names[registry], c.hints)
        said = " or ".join(what[r] for r in registries)
        c.err(path, f"unknown {said} {brief(value)}{hint}")


def noun_of(registry: str) -> str:
    return "an event" if registry == "events" else noun(REGISTRIES[registry])


def _self_relations(merged: _Merged, problems: list[Problem]) -> None:
    """Report each relation from an event to itself."""
    for event in merged.events:
        for i, relation in enumerate(event.relations):
            if relation.to == event.id:
                loc, path = merged.event_where[event.id]
                Checker(loc, problems, merged.vocab).err(
                    (*path, "relations", i, "to"), f"event {event.id!r} is related to itself"
                )


def _parent_loops(
    reg: _Registry, problems: list[Problem], vocab: dict[str, dict[str, str]]
) -> None:
    """Report each body whose chain of parents loops."""
    bodies: dict[str, Body] = reg.items
    for bid, (loc, path) in reg.where.items():
        b = bodies.get(bid)
        if b is None or b.parent is None:
            continue
        seen = {bid}
        p: str | None = b.parent
        while p is not None and p in bodies:
            if p in seen:
                Checker(loc, problems, vocab).err(
                    (*path, "parent"), f"parent chain of {bid!r} loops back to {p!r}"
                )
                break
            seen.add(p)
            p = bodies[p].parent


def _added(merged: _Merged, section: str) -> dict[str, str]:
    """What the files add to a vocabulary."""
    return {k: v for k, v in merged.vocab[section].items() if k not in VOCABULARIES[section]}


def check_documents(docs: list[Located]) -> tuple[Timeline | None, list[Problem]]:
    """Validate parsed documents together; the timeline is None if any error was found."""
    problems: list[Problem] = []
    for d in docs:
        problems.extend(d.problems)
    merged = _Merged()
    refs: list[Ref] = []
    hints = Hints()
    # First pass: headers and extra kinds (needed before events are checked).
    checkers: list[tuple[Checker, dict[str, Any]]] = []
    for d in docs:
        c = Checker(d, problems, merged.vocab, refs, hints)
        root = c.mapping(d.data, (), "a policytl/1 document")
        if root is not None and _header(c, root, merged):
            checkers.append((c, root))
    for c, root in checkers:
        for name, reg in merged.regs.items():
            section = c.mapping(root.get(name, {}), (name,), f"a mapping of {name} by id")
            if section is not None:
                _registry(c, name, section, reg)
        _events(c, root.get("events", []), merged)
    _references(refs, merged)
    # Each Checker is in its own refs list: break that cycle so that the documents (and
    # their YAML node trees) are freed by reference counting, not by a GC pass.
    refs.clear()
    _parent_loops(merged.regs["bodies"], problems, merged.vocab)
    _self_relations(merged, problems)
    check_relations(
        merged.events, merged.event_at, merged.regs["documents"].items, problems, merged.vocab
    )
    if any(p.severity is Severity.ERROR for p in problems):
        return None, problems
    timeline = Timeline(
        events=sorted(merged.events, key=lambda e: e.sort_key),
        bodies=merged.regs["bodies"].items,
        sources=merged.regs["sources"].items,
        jurisdictions=merged.regs["jurisdictions"].items,
        title=merged.title,
        description=merged.description,
        translations=merged.translations,
        files=tuple(d.file for d in docs),
        kinds=_added(merged, "kinds"),
        documents=merged.regs["documents"].items,
        document_types=_added(merged, "document-types"),
        relation_types=_added(merged, "relation-types"),
    )
    return timeline, problems
