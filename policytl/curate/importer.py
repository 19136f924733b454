"""``policytl import``: spreadsheets and policytl's own exports into a timeline file.

:func:`plan_import` reads every input, maps its columns, makes events and registry
entries of its rows, and returns the new text of the output file (or the problems,
each at ``FILE:ROW:COLUMN``, and no text). Into an existing file it keys on event
id: an event already there is updated with what its row gives (its other fields
kept), a new one is added, and an import that changes nothing returns no text.
The new text is checked as a whole timeline before it is returned. Pure: it never
writes or prints (``policytl.cli.import_cmd`` does, through the editing lock).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from policytl.curate.importing.columns import map_columns, parse_maps
from policytl.curate.importing.emit import emit
from policytl.curate.importing.registry import Registries
from policytl.curate.importing.rows import RowReader
from policytl.curate.importing.table import CellProblem, Table
from policytl.model.fields import names
from policytl.model.records import DOCUMENT, REGISTRIES, Event

__all__ = ["Outcome", "plan_import"]

_SECTIONS = ("sources", "jurisdictions", "bodies", "documents")


@dataclass
class Outcome:
    """What an import would do."""

    #: the output's new text; None when nothing changes (or on errors)
    text: str | None = None
    problems: list[CellProblem] = field(default_factory=list)
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    #: new registry entries, by section
    entries: dict[str, int] = field(default_factory=dict)

    @property
    def errors(self) -> list[CellProblem]:
        return [p for p in self.problems if not p.warning]


def _read_table(name: str, data: bytes, encoding: str | None) -> Table:
    lower = name.lower()
    if lower.endswith((".ics", ".ical", ".ifb")) or data.lstrip()[:15] == b"BEGIN:VCALENDAR":
        from policytl.curate.importing.ics import read_ics

        return read_ics(data, name)
    if lower.endswith((".mw", ".markwhen")):
        from policytl.curate.importing.markwhen import read_markwhen

        return read_markwhen(data, name)
    if lower.endswith((".xlsx", ".xlsm")) or data[:4] == b"PK\x03\x04":
        from policytl.curate.importing.xlsx import read_xlsx

        return read_xlsx(data, name)
    from policytl.curate.importing.delimited import read_delimited

    return read_delimited(data, name, encoding)


def _record(data: Any, cls: type) -> Any:
    """A record of policytl's JSON export without the parts the export derives."""
    if not isinstance(data, dict):
        return data
    keep = names(cls)
    return {k: v for k, v in data.items() if k in keep}


def _read_json(name: str, data: bytes) -> dict[str, Any] | Table:
    """policytl's own JSON export as its records, or CSL-JSON as a table."""
    from policytl.curate.importing.csl import is_csl, read_csl
    from policytl.model.errors import UsageError

    try:
        text = data.decode("utf-8-sig")
        doc = json.loads(text)
    except UnicodeDecodeError as exc:
        raise UsageError(f"{name}: not JSON ({exc})") from None
    except json.JSONDecodeError as exc:
        raise UsageError(f"{name}:{exc.lineno}:{exc.colno}: not JSON ({exc.msg})") from None
    if is_csl(doc):
        return read_csl(text, name)
    if not isinstance(doc, dict) or doc.get("format") != "policytl/1":
        raise UsageError(
            f'{name}: neither a policytl JSON export (no "format": "policytl/1") nor '
            'CSL-JSON (a list of items, each with a "type")'
        )
    out = {k: v for k, v in doc.items() if k not in (*_SECTIONS, "events")}
    for section in _SECTIONS:
        cls = REGISTRIES[section]
        out[section] = {k: _record(v, cls) for k, v in (doc.get(section) or {}).items()}
    out["events"] = [_record(e, Event) for e in doc.get("events") or []]
    return out


def _merge(old: Any, new: Any) -> Any:
    """``old`` with what ``new`` gives: mappings merged key by key, citations by source."""
    if isinstance(old, dict) and isinstance(new, dict):
        return {**old, **{k: _merge(old.get(k), v) for k, v in new.items()}}
    if (
        isinstance(old, list)
        and isinstance(new, list)
        and all(isinstance(c, dict) and "source" in c for c in old + new)
    ):
        by_source = {c["source"]: c for c in old}
        return [_merge(by_source.get(c["source"]), c) for c in new]
    return new


def plan_import(
    inputs: Sequence[tuple[str, bytes]],
    output: str,
    old_text: str | None,
    *,
    maps: Sequence[str] = (),
    kind: str | None = None,
    key: str | None = None,
    encoding: str | None = None,
) -> Outcome:
    """What importing ``inputs`` (name, content) into ``output`` (holding ``old_text``,
    or new when None) would make of it."""
    from policytl.load.yamlsafe import parse_document

    column_maps = parse_maps([*maps, *([f"{key}=id"] if key else [])])
    old: dict[str, Any] = parse_document(old_text, output).data if old_text else {}
    if not isinstance(old, dict):
        old = {}
    reg = Registries(old, ", ".join(name for name, _ in inputs))
    outcome = Outcome()
    header: dict[str, Any] = {}
    events: list[dict[str, Any]] = []
    origin: dict[str, tuple[str, int]] = {}
    taken: set[str] = set()
    for name, data in inputs:
        read = _read_json(name, data) if name.lower().endswith(".json") else None
        if isinstance(read, dict):
            doc = read
            header = header or {k: v for k, v in doc.items() if k not in (*_SECTIONS, "events")}
            for section in _SECTIONS:
                for k, v in doc[section].items():
                    if k not in (old.get(section) or {}):
                        reg.added[section].setdefault(k, v)
            events.extend(doc["events"])
            continue
        table = read if isinstance(read, Table) else _read_table(name, data, encoding)
        mapping, problems = map_columns(table, column_maps)
        outcome.problems.extend(problems)
        if problems:
            continue
        reader = RowReader(table, mapping, reg, kind=kind, taken=taken, problems=outcome.problems)
        for row in table.rows:
            event = reader.event(row)
            if event is not None:
                origin[event["id"]] = (name, row.number)
                events.append(event)
        if reader.title is not None:
            header.setdefault("title", reader.title)
    if outcome.errors:
        return outcome
    document = None
    if old_text is None:
        document = _new_file(header, reg, events)
        outcome.text = emit(document)
        outcome.added = len(events)
    else:
        outcome.text = _into(old_text, old, reg, events, outcome)
    added = {**reg.added, **reg.added_types}
    outcome.entries = {s: len(v) for s, v in added.items() if v}
    if outcome.text is not None:
        _check(outcome, output, origin, document)
    return outcome


def _new_file(
    header: dict[str, Any], reg: Registries, events: list[dict[str, Any]]
) -> dict[str, Any]:
    """The whole new file as data, its keys in canonical order (``emit`` writes it)."""
    from policytl.curate.fmt import _event_key

    doc: dict[str, Any] = {"format": "policytl/1", **header}
    for section, added in reg.added_types.items():
        if added:
            doc[section] = {**(doc.get(section) or {}), **added}
    for section in ("sources", "jurisdictions", "bodies", "documents"):
        if reg.added.get(section):
            doc[section] = reg.added[section]
    doc["events"] = sorted(events, key=_event_key)
    order = [f.name for f in DOCUMENT]
    return {k: doc[k] for k in order if k in doc}


def _into(
    old_text: str,
    old: dict[str, Any],
    reg: Registries,
    events: list[dict[str, Any]],
    outcome: Outcome,
) -> str | None:
    """The existing file with the import's changes, comments kept (None: no change)."""
    existing = {e.get("id"): e for e in old.get("events") or [] if isinstance(e, dict)}
    changes: dict[str, dict[str, Any]] = {}
    new_events = []
    for event in events:
        before = existing.get(event["id"])
        if before is None:
            new_events.append(event)
            continue
        after = _merge(before, event)
        if after == before:
            outcome.unchanged += 1
        else:
            changes[event["id"]] = {k: v for k, v in after.items() if before.get(k) != v}
            outcome.updated += 1
    outcome.added = len(new_events)
    new_entries = [*reg.added.values(), *reg.added_types.values()]
    if not new_events and not changes and not any(new_entries):
        return None
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from policytl.curate.fmt import dump_rt, format_text, load_rt

    root = load_rt(old_text)
    for section, added in reg.added_types.items():
        if not added:
            continue
        if not isinstance(root.get(section), CommentedMap):
            root[section] = CommentedMap()
        root[section].update(added)
    for section, entries in reg.added.items():
        if not entries:
            continue
        if not isinstance(root.get(section), CommentedMap):
            root[section] = CommentedMap()
        for k, v in entries.items():
            root[section][k] = v
    if not isinstance(root.get("events"), CommentedSeq):
        root["events"] = CommentedSeq()
    for item in root["events"]:
        for k, v in changes.get(item.get("id"), {}).items():
            item[k] = v
    for event in new_events:
        root["events"].append(event)
    return format_text(dump_rt(root))


def _check(
    outcome: Outcome,
    output: str,
    origin: dict[str, tuple[str, int]],
    document: dict[str, Any] | None,
) -> None:
    """Validate the new file; its errors become the outcome's, at the row they came from.

    A new file is checked as the data ``emit`` wrote (read from JSON, four times as
    fast as its YAML: the tests check that ``emit`` writes YAML that reads as its
    data); an existing file is checked as its new text."""
    from policytl.curate.check import check_texts
    from policytl.model.errors import Severity

    assert outcome.text is not None
    if document is None:
        _, problems = check_texts({output: outcome.text}, [])
    else:
        from policytl.load.loader import gc_paused
        from policytl.load.validate import check_documents
        from policytl.load.yamlsafe import parse_document

        with gc_paused():
            data = json.dumps(document, ensure_ascii=False)
            _, problems = check_documents([parse_document(data, output, as_json=True)])
    for p in problems:
        if p.severity is not Severity.ERROR:
            continue
        where = origin.get(p.event_id or "")
        if where is not None:
            text = f"{p.subject}: {p.message}"
            outcome.problems.append(CellProblem(where[0], where[1], None, text))
        else:
            outcome.problems.append(CellProblem(output, p.line, None, str(p).split(": ", 1)[1]))
    if outcome.errors:
        outcome.text = None
