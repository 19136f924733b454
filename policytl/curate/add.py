"""Adding one event to a timeline file without touching the rest (``policytl add``).

The new event is written in canonical form (as ``policytl fmt`` writes it) and
inserted as text: every other byte of the file stays as it was, so a diff of
the file shows exactly the added lines. It goes where ``policytl fmt`` would
put it when the file's events are in date order, else at the end of the list.

Pure: builds text, never writes or prints. ruamel.yaml is imported only here and
in :mod:`policytl.curate.fmt`, which only the commands that edit a user's file import.
"""

from __future__ import annotations

import io
import json
import re
import warnings
from collections.abc import Collection
from typing import Any

import yaml

from policytl.curate.fmt import (
    _Builder,
    _Comments,
    _event_key,
    _strip_directive,
    _yaml,
    dump_rt,
    format_text,
    load_rt,
)

__all__ = ["events_as_list", "insert_event", "render_event", "suggest_id"]

_STOP = frozenset(("the", "a", "an", "of", "its", "their"))


def suggest_id(
    title_en: str | None,
    *,
    date: str,
    kind: str,
    jurisdiction: str,
    taken: Collection[str],
) -> str:
    """An event id from the English title (a few words), else from the date and kind;
    never one in ``taken``."""
    words: list[str] = []
    if title_en:
        for word in re.findall(r"[a-z0-9]+", title_en.lower()):
            if word in _STOP:
                continue
            if len("-".join([*words, word])) > 48:
                break
            words.append(word)
    if not words:
        words = re.findall(r"[a-z0-9]+", f"{jurisdiction} {date} {kind}".lower())
    base = "-".join(words) or "event"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def render_event(event: dict[str, Any], dash: int = 2) -> str:
    """The event as a canonical list item whose ``-`` is at column ``dash``."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    def commented(value: Any) -> Any:
        if isinstance(value, dict):
            out = CommentedMap()
            for k, v in value.items():
                out[k] = commented(v)
            return out
        if isinstance(value, list):
            return CommentedSeq(commented(v) for v in value)
        return value

    root = commented({"events": [event]})
    builder = _Builder(_Comments.none())
    text = dump_rt(builder.node(root, (), 0))
    assert text.startswith("events:\n")
    lines = text[len("events:\n") :].splitlines(keepends=True)
    if dash >= 2:
        return "".join(" " * (dash - 2) + line for line in lines)
    return "".join(line[2 - dash :] for line in lines)


def _comment_or_blank(line: str) -> bool:
    return not line.strip() or line.lstrip().startswith("#")


def insert_event(text: str, event: dict[str, Any]) -> str:
    """``text`` with ``event`` added to its events, every other byte as it was (the
    new lines end as the file's lines do: LF or CRLF)."""
    newline = "\r\n" if "\r\n" in text else "\n"
    return _insert(text, event, newline)


def _insert(text: str, event: dict[str, Any], nl: str) -> str:
    from ruamel.yaml.comments import CommentedSeq

    root = load_rt(text)
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += nl
    events = root.get("events") if root is not None else None
    if "events" not in root:
        return "".join(lines) + f"{nl}events:{nl}" + _ends(render_event(event), nl)
    empty = isinstance(events, CommentedSeq) and not events and events.fa.flow_style()
    if events is None or empty:
        line = root.lc.key("events")[0]
        m = _EMPTY_EVENTS.match(lines[line])
        if m is not None:  # `events:` or `events: []`: the list begins on the next line
            lines[line] = "events:" + lines[line][m.end("value") :]
            return (
                "".join(lines[: line + 1])
                + _ends(render_event(event), nl)
                + "".join(lines[line + 1 :])
            )
    if isinstance(events, CommentedSeq) and events.fa.flow_style():
        return _insert_flow(text, event)
    if not isinstance(events, CommentedSeq) or not events:
        return _ends(_rewrite(text, event), nl)
    first_line, first_col = events.lc.item(0)
    head = lines[first_line][:first_col]
    dash = head.rstrip().rfind("-")
    if dash < 0 or head[:dash].strip():
        return _ends(_rewrite(text, event), nl)  # not one item per line: let ruamel.yaml write it
    keys = [_event_key(e) for e in events]
    new_key = _event_key(event)
    at = len(events)
    if keys == sorted(keys):
        at = next((i for i, k in enumerate(keys) if k > new_key), len(events))
    spaced = True  # canonical: a blank line between events; else as the file does it
    if len(events) > 1:
        n = events.lc.item(1)[0]
        while n > 0 and lines[n - 1].strip().startswith("#"):
            n -= 1
        spaced = not lines[n - 1].strip()
    item = _ends(render_event(event, dash), nl)
    if at < len(events):
        n = events.lc.item(at)[0]
        while n > 0 and lines[n - 1].strip().startswith("#"):
            n -= 1  # the comments above an event stay with it
        block = item + (nl if spaced else "")
        return "".join(lines[:n]) + block + "".join(lines[n:])
    n = _end_of_events(text, lines)
    block = (nl if spaced else "") + item
    return "".join(lines[:n]) + block + "".join(lines[n:])


_EMPTY_EVENTS = re.compile(r"events:(?P<value>[ \t]*(?:\[[ \t]*\])?)[ \t]*(?:#.*)?\r?\n?$")


def events_as_list(text: str) -> str:
    """``text`` with an empty ``events:`` (null: the example event deleted) read as
    ``events: []``, to check the rest of the file before an event is added to it."""
    lines = text.splitlines(keepends=True)
    for n, line in enumerate(lines):
        m = _EMPTY_EVENTS.match(line)
        if m is not None and not m["value"].strip():
            rest = (x for x in lines[n + 1 :] if x.strip() and not x.lstrip().startswith("#"))
            after = next(rest, "")
            if after[:1] in (" ", "\t", "-"):
                return text  # the list is on the lines below
            lines[n] = "events: []" + line[m.end("value") :]
            return "".join(lines)
    return text


def _ends(text: str, nl: str) -> str:
    return text if nl == "\n" else text.replace("\n", nl)


_UNSAFE_IN_FLOW = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def _insert_flow(text: str, event: dict[str, Any]) -> str:
    """``event`` added at the end of a flow list of events (``events: [...]``), as JSON
    (which YAML reads as the same data): no other character of the file changes."""
    node: Any = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    events: Any = next(v for k, v in node.value if k.value == "events")
    close = events.end_mark.index - 1  # the "]"
    assert text[close] == "]"
    # line breaks YAML 1.1 reads as such, and what YAML does not allow raw, as escapes
    item = _UNSAFE_IN_FLOW.sub(
        lambda m: f"\\u{ord(m.group()):04x}", json.dumps(event, ensure_ascii=False)
    )
    before = text[events.start_mark.index + 1 : close]
    sep = ", " if events.value and not before.rstrip().endswith(",") else ""
    return text[:close] + sep + item + text[close:]


def _end_of_events(text: str, lines: list[str]) -> int:
    """Index of the line after the last line of the events list."""
    node: Any = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    events: Any = next(v for k, v in node.value if k.value == "events")
    end: int = events.end_mark.line if events.end_mark.column == 0 else events.end_mark.line + 1
    end = min(end, len(lines))
    last = events.value[-1]
    floor = last.start_mark.line + 1
    # blank lines and comments between the list and what follows belong to what follows
    while end > floor and _comment_or_blank(lines[end - 1]):
        end -= 1
    return end


def _rewrite(text: str, event: dict[str, Any]) -> str:
    """The whole document written again by ruamel.yaml (events as a flow list, or odd
    layouts): comments and quoting are kept, other layout may change."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    y = _yaml()
    y.preserve_quotes = True
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        root = y.load(text)
    events = root.get("events")
    if not isinstance(events, CommentedSeq):
        events = root["events"] = CommentedSeq()
    events.fa.set_block_style()
    item = CommentedMap()
    for k, v in event.items():
        item[k] = v
    events.append(item)
    out = io.StringIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        y.dump(root, out)
    return format_text(_strip_directive(out.getvalue()))
