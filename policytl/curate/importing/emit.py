"""A new timeline file written straight in canonical form (as ``policytl fmt`` writes it).

``fmt`` builds its output with ruamel.yaml, which takes about a minute for 10,000
events; an import of that many rows writes its new file here instead, in a few
hundred milliseconds, by the same rules (:mod:`policytl.curate.fmt`: flow texts and
lists when they fit in 100 columns, long strings folded, dates in double quotes,
blank lines between sections and events). The tests check that ``fmt`` leaves what
this writes as it is; the import reads the text back and compares it with its data
before anything is written.
"""

from __future__ import annotations

import itertools
import json
import re
from typing import Any

from policytl.curate.fmt import (
    _LINE_BREAKS,
    _PLAIN_UNSAFE,
    WIDTH,
    _fold_positions,
    _foldable,
    _other_type,
    _reads_as_str,
    width,
)
from policytl.model.fields import Kind
from policytl.model.records import DOCUMENT

__all__ = ["emit"]

_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
_FLOW_LISTS = frozenset(("issuers", "tags", "aliases"))
_TEXTS = frozenset(
    ("title", "name", "short", "summary", "description", "document", "scope", "text")
)
_DATES = frozenset(("date", "due", "published"))
_HEADER = frozenset(f.name for f in DOCUMENT if f.spec.kind is Kind.TEXT)


def _double(value: str) -> str:
    return _UNSAFE.sub(
        lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False)
    ).replace("\\u0085", "\\N")


#: what a plain scalar outside a flow collection must not hold (commas and brackets may)
_BLOCK_UNSAFE = re.compile(r"^[-?:,\[\]{}#&*!|>'\"%@`\s]|[:#]\s|\s#|\s$|:$")


def _plain_ok(value: str, flow: bool = True) -> bool:
    unsafe = _PLAIN_UNSAFE if flow else _BLOCK_UNSAFE
    return bool(value) and _reads_as_str(value) and not unsafe.search(value)


def _inline(value: str, flow: bool = True) -> str:
    """A scalar on one line: plain, else single-quoted, else double-quoted."""
    if _LINE_BREAKS.search(value) or _UNSAFE.search(value) or "\n" in value:
        return _double(value)
    if _plain_ok(value, flow) and not _other_type(value):
        return value
    return "'" + value.replace("'", "''") + "'"


def _estimate(values: list[str]) -> int:
    """The columns ``fmt`` adds for the quotes of these values in a flow collection."""
    return sum(2 + v.count("'") for v in values if not _plain_ok(v))


def _flow(values: list[str], lead: int, column: int) -> list[str] | None:
    """The values as a flow collection holds them, or None when one would be written
    on lines of its own (folded, literal, double-quoted), as in ``fmt``."""
    out = []
    for v in values:
        if not isinstance(v, str):
            return None
        block = _scalar(v, lead, column, False)
        if len(block) > 1 or block[0].startswith('"'):
            return None
        out.append(v if _plain_ok(v) and not _FLOW_ONLY.search(v) else _quoted(v))
    return out


def _quoted(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


#: what ruamel.yaml (YAML 1.1) quotes in a flow collection beyond ``_PLAIN_UNSAFE``
_FLOW_ONLY = re.compile(r"[?]|\s#")


def _scalar(value: str, lead: int, column: int, quoted: bool) -> list[str]:
    """``value`` after a key (or dash) whose text ends at ``lead``; its block lines
    indented ``column + 2``: the first line's rest, then more lines."""
    if quoted or _LINE_BREAKS.search(value) or _UNSAFE.search(value):
        return [_double(value)]
    if _other_type(value):
        return ["'" + value.replace("'", "''") + "'"]
    pad = " " * (column + 2)
    if "\n" in value and not value.startswith("\t"):
        chomp = "-" if not value.endswith("\n") else ("+" if value.endswith("\n\n") else "")
        indent = "2" if value[:1] == " " else ""
        body = value[:-1] if value.endswith("\n") and chomp == "" else value
        body = body.rstrip("\n") if chomp == "+" else body
        lines = body.split("\n")
        return [f"|{indent}{chomp}", *[pad + line if line else "" for line in lines]]
    shown = _inline(value, flow=False)
    if lead + width(shown) > WIDTH and _foldable(value):
        positions = _fold_positions(value, column + 2)
        if positions:
            cuts = [0, *[p + 1 for p in positions], len(value) + 1]
            parts = [value[a : b - 1] for a, b in itertools.pairwise(cuts)]
            return [">-", *[pad + part for part in parts]]
    return [shown]


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def value(self, key: str, value: Any, column: int, *, item: bool = False) -> None:
        """``key: value`` at ``column`` (``- key: value`` when ``item``)."""
        head = " " * (column - 2) + "- " if item else " " * column
        k = _inline(key)
        lead = len(head) + width(k) + 2
        if isinstance(value, dict):
            shown = _flow(list(value.values()), column + 6, column + 2) if key in _TEXTS else None
            if value and shown is not None:
                raw = "{" + ", ".join(f"{a}: {b}" for a, b in value.items()) + "}"
                if lead + width(raw) + _estimate(list(value.values())) <= WIDTH:
                    body = ", ".join(f"{a}: {b}" for a, b in zip(value, shown, strict=True))
                    self.lines.append(f"{head}{k}: {{{body}}}")
                    return
            if not value:
                self.lines.append(f"{head}{k}: {{}}")
                return
            self.lines.append(f"{head}{k}:")
            self.mapping(value, column + 2)
            return
        if isinstance(value, list):
            if not value:
                self.lines.append(f"{head}{k}: []")
                return
            shown = _flow(value, column + 4, column + 2) if key in _FLOW_LISTS else None
            if shown is not None:
                raw = "[" + ", ".join(value) + "]"
                if lead + width(raw) + _estimate(value) <= WIDTH:
                    self.lines.append(f"{head}{k}: [{', '.join(shown)}]")
                    return
            self.lines.append(f"{head}{k}:")
            self.sequence(value, column)
            return
        first, *rest = _scalar(str(value), lead, column, key in _DATES)
        self.lines.append(f"{head}{k}: {first}")
        self.lines.extend(rest)

    def mapping(self, value: dict[str, Any], column: int, item: bool = False) -> None:
        for i, (k, v) in enumerate(value.items()):
            self.value(k, v, column, item=item and i == 0)

    def sequence(self, items: list[Any], column: int, spaced: bool = False) -> None:
        dash = column + 2
        for i, item in enumerate(items):
            if spaced and i:
                self.lines.append("")
            if isinstance(item, dict):
                self.mapping(item, dash + 2, item=True)
            else:
                head = " " * dash + "- "
                first, *rest = _scalar(str(item), len(head), dash, False)
                self.lines.append(head + first)
                self.lines.extend(rest)


def emit(document: dict[str, Any]) -> str:
    """The canonical YAML text of a whole timeline document (plain data, keys in
    canonical order)."""
    w = _Writer()
    previous: str | None = None
    for key, value in document.items():
        if previous is not None and not (
            key in ("description", "translations") and previous in _HEADER
        ):
            w.lines.append("")
        if key == "events" and isinstance(value, list) and value:
            w.lines.append("events:")
            w.sequence(value, 0, spaced=True)
        else:
            w.value(key, value, 0)
        previous = key
    return "\n".join(w.lines) + "\n"
