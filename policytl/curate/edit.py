"""Changing a timeline's records in place: set a field, add or remove a tag, add a
registry entry, remove a record, rename an id everywhere it is referred to.

Every change goes one way: the file's text is read by ruamel.yaml (round trip,
comments kept: :func:`policytl.curate.fmt.load_rt`), the tree is changed, and the
result is written in canonical form by :func:`policytl.curate.fmt.format_text`
(which checks that no comment was lost). A file that was canonical before stays
canonical, and only the changed lines differ. What refers to what comes from the
field table (``Kind.REF``, ``Kind.REFS``, ``Kind.DOCREF`` with ``to=``, and the
choices a section extends, ``extensible=``), never from a list kept here.

Pure: builds text, never writes or prints. The commands (``policytl.cli.edit``,
``policytl.cli.add_entry``) validate the new text as a whole timeline and write it
through :func:`policytl.files.edit.edit_all`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from policytl.model.errors import DateError, UsageError
from policytl.model.fields import Kind, Spec, key_of, table
from policytl.model.records import REGISTRIES, VOCABULARIES, Event

__all__ = [
    "SECTIONS",
    "Ref",
    "Where",
    "add_entry",
    "find",
    "parse_value",
    "references",
    "remove",
    "rename",
    "set_field",
    "tag",
]

#: every section whose records have an id: the registries, the vocabularies, the events
SECTIONS: tuple[str, ...] = (*REGISTRIES, *VOCABULARIES, "events")

#: how messages name a record of each section
_NOUN = {
    "sources": "source",
    "jurisdictions": "jurisdiction",
    "bodies": "body",
    "documents": "document",
    "kinds": "kind",
    "document-types": "document type",
    "relation-types": "relation type",
    "events": "event",
}


def noun(section: str) -> str:
    """``body``, ``event``, ``document type``: how a record of ``section`` is named."""
    return _NOUN[section]


@dataclass(frozen=True)
class Where:
    """A record found in a file's data: its section and id."""

    section: str
    key: str

    def __str__(self) -> str:
        return f"{noun(self.section)} {self.key!r}"


def _records(data: Any, section: str) -> Iterator[tuple[str, Any]]:
    """(id, record) of every record of ``section`` in a file's data."""
    if not isinstance(data, Mapping):
        return
    value = data.get(section)
    if section == "events":
        for item in value if isinstance(value, list) else []:
            if isinstance(item, Mapping) and isinstance(item.get("id"), str):
                yield item["id"], item
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield str(key), item


def find(data: Any, key: str, section: str | None = None) -> list[Where]:
    """Where a record with id ``key`` is in a file's data (in ``section`` only, if given)."""
    return [
        Where(s, k)
        for s in ([section] if section else SECTIONS)
        for k, _ in _records(data, s)
        if k == key
    ]


def _record(data: Any, where: Where) -> Any:
    return next(r for k, r in _records(data, where.section) if k == where.key)


# --- references ---------------------------------------------------------------------------


@dataclass
class Ref:
    """One place that refers to a record: in the record ``owner``, the field ``path``
    (``sources[0].source``); ``holder[name]`` holds the value (at ``index`` in a list)."""

    owner: Where
    path: str
    holder: Any
    name: str
    index: int | None
    #: (record, list field, place in it) of the record holding the field, when that
    #: record is a citation or relation (dropped with the reference)
    item_of: tuple[Any, str, int, Spec] | None
    spec: Spec

    def __str__(self) -> str:
        return f"{self.owner}: {self.path}"


def _refers(spec: Spec, section: str) -> bool:
    if spec.kind in (Kind.REF, Kind.REFS, Kind.DOCREF):
        return section in spec.to
    return spec.kind is Kind.CHOICE and spec.extensible == section


def _walk(
    cls: type, rec: Any, section: str, key: str, owner: Where, path: str, item_of: Any
) -> Iterator[Ref]:
    if not isinstance(rec, Mapping):
        return
    for name, s in table(cls):
        value = rec.get(name)
        here = f"{path}{name}"
        if s.kind is Kind.RECORDS and s.item is not None and isinstance(value, list):
            for i, item in enumerate(value):
                yield from _walk(
                    s.item, item, section, key, owner, f"{here}[{i}].", (rec, name, i, s)
                )
        elif _refers(s, section) and s.kind is Kind.REFS and isinstance(value, list):
            for i, v in enumerate(value):
                if v == key:
                    yield Ref(owner, f"{here}[{i}]", rec, name, i, item_of, s)
        elif _refers(s, section) and type(value) is str and value == key:
            yield Ref(owner, here, rec, name, None, item_of, s)


def references(data: Any, section: str, key: str) -> list[Ref]:
    """Every place in a file's data that refers to the record ``key`` of ``section``."""
    out: list[Ref] = []
    for s, cls in (*REGISTRIES.items(), ("events", Event)):
        for k, rec in _records(data, s):
            out += _walk(cls, rec, section, key, Where(s, k), "", None)
    return out


# --- values as the command line gives them --------------------------------------------------


def spec_of(section: str, field: str) -> Spec | None:
    """The declaration of ``field`` in the records of ``section`` (None: no such field)."""
    if section in VOCABULARIES:
        return None
    cls = Event if section == "events" else REGISTRIES[section]
    return next((s for name, s in table(cls) if name == field), None)


def parse_value(spec: Spec, field: str, text: str) -> Any:
    """A field's value from a command line's text: a date read as people write it (and
    written canonically), a list comma-separated, anything else as it is."""
    if spec.kind is Kind.DATE:
        from policytl.curate.importing.dates import read_date

        try:
            return read_date(text)
        except DateError as exc:
            raise UsageError(f"{field}: {exc}") from None
    if spec.kind in (Kind.REFS, Kind.STRINGS, Kind.ALIASES):
        return [part.strip() for part in text.split(",") if part.strip()]
    if spec.kind in (Kind.RECORDS, Kind.RECORD, Kind.KEY) or (
        spec.kind is Kind.MAPPING and spec.item
    ):
        raise UsageError(f"{field} cannot be set from the command line; edit it in the file")
    return text


def _table_names(section: str) -> list[str]:
    cls = Event if section == "events" else REGISTRIES[section]
    return [name for name, s in table(cls) if s.kind is not Kind.KEY]


def set_field(text: str, where: Where, field: str, value: str | None) -> str:
    """``text`` with ``field`` of the record ``where`` set to ``value`` (read by the
    field's kind; ``field.LANG`` or ``field.KEY`` for one part of a text or mapping);
    None or an empty value removes the field (or the part)."""
    name, _, part = field.partition(".")
    if where.section in VOCABULARIES:
        if field != "description":
            raise UsageError(f"a {noun(where.section)} has only a description")
        return _edit(text, lambda root: _set_description(root, where, value))
    spec = spec_of(where.section, name)
    if name == "id" or (spec is not None and spec.kind is Kind.KEY):
        raise UsageError(f"an id is changed with: policytl rename {where.key} NEW-ID")
    if spec is None:
        raise UsageError(
            f"{where} has no field {name!r}; its fields: {', '.join(_table_names(where.section))}"
        )
    parted = spec.kind in (Kind.TEXT, Kind.MAPPING, Kind.DOCREF, Kind.RECORD)
    if spec.kind in (Kind.TEXT, Kind.MAPPING, Kind.RECORD) and not part and value:
        hint = {Kind.TEXT: "LANG (title.en)", Kind.RECORD: "FIELD (archive.path)"}.get(
            spec.kind, "KEY (identifiers.celex)"
        )
        raise UsageError(f"{name} holds several parts: set {name}.{hint}")
    if part and not parted:
        raise UsageError(f"{name} is one value, not {field!r}")
    new = parse_value(spec, field, value) if value and not part else value

    def change(root: Any) -> None:
        from ruamel.yaml.comments import CommentedMap

        rec = _record(root, where)
        if not part:
            if new in (None, "", []) and spec.kind is not Kind.REFS:
                rec.pop(name, None)
            else:
                rec[name] = new
            return
        holder = rec.get(name)
        if not new:
            if isinstance(holder, dict):
                holder.pop(part, None)
                if not holder:
                    rec.pop(name)
            return
        if not isinstance(holder, Mapping):
            holder = rec[name] = CommentedMap()
        holder[part] = new

    return _edit(text, change)


def _set_description(root: Any, where: Where, value: str | None) -> None:
    if not value:
        raise UsageError(f"a {noun(where.section)} needs a description")
    root[where.section][where.key] = value


def tag(text: str, where: Where, tags: list[str], remove: bool = False) -> str:
    """``text`` with ``tags`` added to (or removed from) the event ``where``."""
    if where.section != "events":
        raise UsageError(f"only events have tags; {where} is not an event")

    def change(root: Any) -> None:
        rec = _record(root, where)
        have = rec.get("tags")
        if not isinstance(have, list):
            have = []
        if remove:
            missing = [t for t in tags if t not in have]
            if missing:
                raise UsageError(f"{where} has no tag {missing[0]!r}")
            kept = [t for t in have if t not in tags]
        else:
            kept = [*have, *(t for t in dict.fromkeys(tags) if t not in have)]
        if kept == list(have):
            raise UsageError(f"{where} already has the tag {tags[0]!r}")
        rec["tags"] = kept

    return _edit(text, change)


def add_entry(text: str, section: str, key: str, entry: Any) -> str:
    """``text`` with a new entry ``key`` in the registry or vocabulary ``section``
    (after its other entries)."""

    def change(root: Any) -> None:
        from ruamel.yaml.comments import CommentedMap

        if find(root, key, section):
            raise UsageError(f"there is already a {noun(section)} {key!r}")
        if not isinstance(root.get(section), Mapping) or not root[section]:
            root[section] = CommentedMap()
        root[section][key] = entry

    return _edit(text, change)


def remove(texts: Mapping[str, str], where: Where, force: bool = False) -> dict[str, str]:
    """The files (by name) changed by removing the record ``where`` (from the one of
    ``texts`` that holds it). While other records refer to it, a UsageError names every
    one; with ``force`` the references go too (an issuer from its list, the citation or
    relation holding one, an optional field), and what cannot go stays for the
    validation to report."""
    refs = {name: _refs_in(text, where) for name, text in texts.items()}
    found = [f"{name}: {r}" for name, rs in refs.items() for r in rs if r.owner != where]
    if found and not force:
        raise UsageError(
            f"{where} is referred to by {len(found)} "
            f"{'record' if len(found) == 1 else 'records'}; remove the references first, "
            "or give --force to remove them too:\n  " + "\n  ".join(found)
        )
    out = {}
    for name, text in texts.items():
        holds = bool(find(_load(text), where.key, where.section))
        if not holds and not refs[name]:
            continue

        def change(root: Any, holds: bool = holds) -> None:
            for ref in reversed(references(root, where.section, where.key)):
                if ref.owner != where:
                    _drop(ref)
            if holds:
                _delete(root, where)

        out[name] = _edit(text, change, keep_comments=False)
    return out


def _refs_in(text: str, where: Where) -> list[Ref]:
    return references(_load(text), where.section, where.key)


def _drop(ref: Ref) -> None:
    """Take a reference out: its list item, its citation or relation, or its field when
    the record can do without; a required field stays (the file is then invalid). A
    list of optional items left empty goes too."""
    if ref.index is not None:
        _pop(ref.holder, ref.name, ref.index, ref.spec)
    elif ref.item_of is not None:
        _pop(*ref.item_of)
    elif not ref.spec.required:
        del ref.holder[ref.name]


def _pop(rec: Any, name: str, index: int, spec: Spec) -> None:
    del rec[name][index]
    if not rec[name] and not spec.required and not spec.keep_empty:
        del rec[name]


def _delete(root: Any, where: Where) -> None:
    if where.section == "events":
        events = root["events"]
        events.pop(next(i for i, e in enumerate(events) if e.get("id") == where.key))
    else:
        del root[where.section][where.key]


def rename(texts: Mapping[str, str], where: Where, new: str) -> dict[str, str]:
    """The files (by name) changed by renaming the record ``where`` to ``new``: its id
    and every reference to it, in every file of ``texts``."""
    if any(find(_load(text), new, where.section) for text in texts.values()):
        raise UsageError(f"there is already a {noun(where.section)} {new!r}")
    out = {}
    for name, text in texts.items():
        data = _load(text)
        holds = bool(find(data, where.key, where.section))
        if not holds and not references(data, where.section, where.key):
            continue

        def change(root: Any, holds: bool = holds) -> None:
            for ref in references(root, where.section, where.key):
                if ref.index is not None:
                    ref.holder[ref.name][ref.index] = new
                else:
                    ref.holder[ref.name] = new
            if holds:
                _rekey(root, where, new)

        out[name] = _edit(text, change)
    return out


def _rekey(root: Any, where: Where, new: str) -> None:
    if where.section == "events":
        _record(root, where)["id"] = new
        return
    section = root[where.section]
    keys = list(section)
    at = keys.index(where.key)
    value = section.pop(where.key)
    comments = section.ca.items.pop(where.key, None)
    section.insert(at, new, value)
    if comments is not None:
        section.ca.items[new] = comments


# --- the one editing path -----------------------------------------------------------------


def _load(text: str) -> Any:
    from policytl.curate.fmt import load_rt

    return load_rt(text)


def _edit(text: str, change: Any, *, keep_comments: bool = True) -> str:
    """``text`` read with its comments, changed by ``change(root)``, written in canonical
    form (keeping the file's line endings). Every comment of ``text`` is kept (unless
    ``keep_comments`` is false: a removed record's comments go with it)."""
    from policytl.curate.fmt import _check_comments, comments_of, dump_rt, format_text

    root = _load(text)
    _lift(root)
    change(root)
    out = format_text(dump_rt(root))
    if keep_comments:
        _check_comments(comments_of(text.replace("\r\n", "\n")), comments_of(out), "the file")
    return out.replace("\n", "\r\n") if "\r\n" in text else out


def _block(value: Any) -> bool:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    return (
        isinstance(value, CommentedMap | CommentedSeq) and bool(value) and not value.fa.flow_style()
    )


def _keys(node: Any) -> list[Any]:
    return list(node.keys()) if isinstance(node, Mapping) else list(range(len(node)))


def _tail(node: Any) -> tuple[Any, int]:
    """The comment slots after the last line of a block collection, and which slot."""
    while True:
        key = _keys(node)[-1]
        if not _block(node[key]):
            return node.ca.items.get(key), (2 if isinstance(node, Mapping) else 0)
        node = node[key]


def _lift(node: Any) -> None:
    """Move each comment on its own line from where ruamel.yaml keeps it (after the last
    line of the entry above it) to the entry below it, in every block collection: an
    entry then keeps its comments when the one above it is removed, or when entries are
    added after it."""
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    keys = _keys(node)
    for i, key in enumerate(keys):
        if not _block(node[key]):
            continue
        _lift(node[key])
        if i + 1 == len(keys):
            continue
        slots, slot = _tail(node[key])
        token = slots[slot] if slots else None
        if token is None:
            continue
        first, newline, rest = token.value.partition("\n")
        if not rest.strip():
            continue
        token.value = first + newline
        pre = node.ca.items.setdefault(keys[i + 1], [None, None, None, None])
        pre[1] = [CommentToken(rest, CommentMark(0), None), *(pre[1] or [])]


def key_name(section: str) -> str:
    """What the id of a record of ``section`` is called (``code`` for a jurisdiction)."""
    if section in REGISTRIES:
        declared = key_of(REGISTRIES[section])
        if declared is not None and declared.pattern == "code":
            return "CODE"
    return "ID"
