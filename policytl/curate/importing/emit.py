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

import functools
import itertools
import json
import re
from typing import Any

import yaml

from policytl.curate.fmt import (
    _LINE_BREAKS,
    _PLAIN_UNSAFE,
    WIDTH,
    _fold_positions,
    _foldable,
)
from policytl.curate.fmt import _other_type as _other_type_of
from policytl.curate.fmt import _reads_as_str as _reads_as_str_of
from policytl.curate.fmt import width as _wide_width
from policytl.model.fields import Kind, table
from policytl.model.records import DOCUMENT, RECORD_CLASSES

__all__ = ["emit"]

_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
_FLOW_LISTS = frozenset(("issuers", "tags", "aliases"))
_TEXTS = frozenset(
    ("title", "name", "short", "summary", "description", "document", "scope", "text")
)
_DATES = frozenset(("date", "due", "published"))
_HEADER = frozenset(f.name for f in DOCUMENT if f.spec.kind is Kind.TEXT)


#: the first characters of the plain scalars YAML (PyYAML's resolver, and policytl's
#: readings of other readers') may read as something other than text
_FIRST = frozenset(k for k in yaml.resolver.Resolver.yaml_implicit_resolvers if k) | frozenset(
    "-+.0123456789yYnN"
)


def _reads_as_str(value: str) -> bool:
    return value[:1] not in _FIRST or _reads_as_str_of(value)


def _other_type(value: str) -> bool:
    return value[:1] in _FIRST and _other_type_of(value)


@functools.cache
def _wide() -> dict[int, str]:
    """The characters below U+40000 that take two columns (East Asian wide or
    full-width), each to two characters: ``len(text.translate(_wide()))`` is the width."""
    import unicodedata

    return {c: "  " for c in range(0x40000) if unicodedata.east_asian_width(chr(c)) in "WF"}


def width(text: str) -> int:
    """Columns ``text`` takes, as ``fmt.width`` counts them (at C speed)."""
    if text.isascii():
        return len(text)
    if max(text) >= "\U00040000":
        return _wide_width(text)
    return len(text.translate(_wide()))


def _folds(value: str, column: int) -> list[int]:
    """``fmt._fold_positions``, at once for ASCII text (every character one column)."""
    if not value.isascii():
        return _fold_positions(value, column)
    room = WIDTH - column
    positions: list[int] = []
    line = 0
    at = 0
    for word in value.split(" "):
        if line and line + 1 + len(word) > room:
            positions.append(at - 1)
            line = len(word)
        else:
            line += (1 if line else 0) + len(word)
        at += len(word) + 1
    return positions


#: what is written in double quotes, with escapes
_SPECIAL = re.compile(f"{_LINE_BREAKS.pattern}|{_UNSAFE.pattern}")


def _double(value: str) -> str:
    return _UNSAFE.sub(
        lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False)
    ).replace("\\u0085", "\\N")


#: what a plain scalar outside a flow collection must not hold (commas and brackets may)
_BLOCK_UNSAFE = re.compile(r"^[-?:,\[\]{}#&*!|>'\"%@`\s]|[:#]\s|\s#|\s$|:$")


@functools.lru_cache(maxsize=1 << 16)
def _plain_ok(value: str, flow: bool = True) -> bool:
    unsafe = _PLAIN_UNSAFE if flow else _BLOCK_UNSAFE
    return bool(value) and _reads_as_str(value) and not unsafe.search(value)


@functools.lru_cache(maxsize=1 << 16)
def _inline(value: str, flow: bool = True) -> str:
    """A scalar on one line: plain, else single-quoted, else double-quoted."""
    if _SPECIAL.search(value) or "\n" in value:
        return _double(value)
    if _plain_ok(value, flow) and not _other_type(value):
        return value
    return "'" + value.replace("'", "''") + "'"


def _estimate(values: list[str]) -> int:
    """The columns ``fmt`` adds for the quotes of these values in a flow collection."""
    return sum(2 + v.count("'") for v in values if not _plain_ok(v))


def _flow(values: list[Any], lead: int, raw: str) -> list[str] | None:
    """The values as a flow collection ``raw`` (written as is) after ``lead`` holds
    them, or None when ``fmt`` writes them one per line: one would be literal or
    double-quoted, or the line would not fit. (A line that fits leaves no value long
    enough to fold: the value's own line would start at least four columns earlier.)"""
    for v in values:
        if not isinstance(v, str) or "\n" in v or _SPECIAL.search(v):
            return None
    extra = _estimate(values)
    if lead + 2 * len(raw) + extra > WIDTH and lead + width(raw) + extra > WIDTH:
        return None
    return [v if _plain_ok(v) and not _FLOW_ONLY.search(v) else _quoted(v) for v in values]


def _quoted(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


#: what ruamel.yaml (YAML 1.1) quotes in a flow collection beyond ``_PLAIN_UNSAFE``
_FLOW_ONLY = re.compile(r"[?]|\s#")


@functools.lru_cache(maxsize=1 << 16)
def _scalar(value: str, lead: int, column: int, quoted: bool) -> tuple[str, ...]:
    """``value`` after a key (or dash) whose text ends at ``lead``; its block lines
    indented ``column + 2``: the first line's rest, then more lines."""
    if quoted or _SPECIAL.search(value):
        return (_double(value),)
    if _other_type(value):
        return ("'" + value.replace("'", "''") + "'",)
    pad = " " * (column + 2)
    if "\n" in value and not value.startswith("\t"):
        chomp = "-" if not value.endswith("\n") else ("+" if value.endswith("\n\n") else "")
        indent = "2" if value[:1] == " " else ""
        body = value[:-1] if value.endswith("\n") and chomp == "" else value
        body = body.rstrip("\n") if chomp == "+" else body
        lines = body.split("\n")
        return (f"|{indent}{chomp}", *[pad + line if line else "" for line in lines])
    shown = _inline(value, flow=False)
    if lead + 2 * len(shown) > WIDTH and lead + width(shown) > WIDTH and _foldable(value):
        positions = _folds(value, column + 2)
        if positions:
            cuts = [0, *[p + 1 for p in positions], len(value) + 1]
            parts = [value[a : b - 1] for a, b in itertools.pairwise(cuts)]
            return (">-", *[pad + part for part in parts])
    return (shown,)


#: the keys of the format, each as written (plain)
_KEYS = {f.name: f.name for f in DOCUMENT} | {
    name: name for cls in RECORD_CLASSES for name, _ in table(cls)
}
_KEYS |= {"zh": "zh", "en": "en"}


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def value(self, key: str, value: Any, column: int, *, item: bool = False) -> None:
        """``key: value`` at ``column`` (``- key: value`` when ``item``)."""
        head = " " * (column - 2) + "- " if item else " " * column
        k = _KEYS.get(key) or _inline(key)
        lead = len(head) + len(k) + 2 if k.isascii() else len(head) + width(k) + 2
        if isinstance(value, dict):
            if value and key in _TEXTS:
                raw = "{" + ", ".join(f"{a}: {b}" for a, b in value.items()) + "}"
                shown = _flow(list(value.values()), lead, raw)
                if shown is not None:
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
            if key in _FLOW_LISTS and all(isinstance(v, str) for v in value):
                shown = _flow(value, lead, "[" + ", ".join(value) + "]")
                if shown is not None:
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
