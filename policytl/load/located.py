"""A parsed document: plain data, and where each value of it is in the file.

Positions are asked for only when a problem is reported (see ``Located``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from policytl.model.errors import LoadError, Problem

__all__ = ["Located", "Path", "brief", "format_path"]

Path = tuple[str | int, ...]


def brief(value: Any, limit: int = 80) -> str:
    """``repr(value)`` for a message, cut short when it is long (data may be huge)."""
    if isinstance(value, str) and len(value) > limit:
        return f"{value[: limit - 20]!r}... ({len(value):,} characters)"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def format_path(path: Path) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part.replace("-", "").replace("_", "").replace(".", "").isalnum() and "." not in part:
            out += f".{part}" if out else part
        else:
            out += f"[{json.dumps(part, ensure_ascii=False)}]"
    return out


def _unpack(packed: int) -> tuple[int, int]:
    """1-based (line, column) of a mark packed by the builder."""
    return ((packed >> 32) + 1, (packed & 0xFFFFFFFF) + 1)


def _marks_in(value: Any) -> int:
    """How many marks the builder recorded inside a built value (see ``_Builder``)."""
    if type(value) is dict:
        return sum(2 + _marks_in(v) if type(v) in (dict, list) else 2 for v in value.values())
    if type(value) is list:
        return sum(1 + _marks_in(v) if type(v) in (dict, list) else 1 for v in value)
    return 0


@dataclass
class Located:
    """A parsed document: plain data plus a way to find where a path is.

    Positions are kept compactly, not as PyYAML's node tree (hundreds of bytes a
    node): ``_marks`` holds one packed (line, column) per value in document order,
    each mapping entry's key then value, each sequence item, children right after
    their container's own mark. ``_walked`` is the data they describe (``data``
    itself for YAML; for JSON, the text read as YAML when a position is first
    asked for). Where a child's marks are is counted from the data on demand.
    """

    file: str
    data: Any
    problems: list[Problem]
    _marks: Any = None
    _walked: Any = None
    _raw: dict[int, str] | None = None
    _text: str | None = None
    _children: dict[int, Any] = field(default_factory=dict)

    def _positions(self) -> bool:
        if self._marks is None and self._text is not None:
            # JSON's positions: the text read again as YAML, the first time one is asked
            from policytl.load.yamlsafe import _build, _json_as_yaml

            text, self._text = self._text, None  # no retrying
            try:
                located = _build(_json_as_yaml(text).encode("utf-8"), self.file)
            except (yaml.YAMLError, LoadError, RecursionError, UnicodeError):
                return False
            if located is None:
                return False
            self._marks, self._walked, self._raw = (
                located._marks,
                located._walked,
                located._raw,
            )
        return self._marks is not None

    def _child(self, node: Any, mark: int, part: str | int) -> int | None:
        """Index in _marks of child ``part`` (its key's, for a mapping) of the container
        ``node`` whose own mark is at ``mark``; None if it has no such child."""
        if type(node) is list:
            if not (type(part) is int and 0 <= part < len(node)):
                return None
        elif type(node) is dict:
            if part not in node:
                return None
        else:
            return None
        # Each container is indexed once, the first time a child of it is asked for: a
        # walk per problem would be quadratic when thousands of records each have one, and
        # a walk past a large sibling (the registries before ``events``) is as long as it.
        index: Any = self._children.get(id(node))
        if index is None:
            at = mark + 1
            if type(node) is list:
                index = []
                for item in node:
                    index.append(at)
                    at += 1 + _marks_in(item) if type(item) in (dict, list) else 1
            else:
                index = {}
                for k, v in node.items():
                    index[k] = at
                    at += 2 + _marks_in(v) if type(v) in (dict, list) else 2
            self._children[id(node)] = index
        result: int = index[part]
        return result

    def _find(self, path: Sequence[str | int], key: bool) -> tuple[int, bool] | None:
        """Index in _marks of the value (or key) at path, or of its nearest ancestor;
        and whether the whole path was found."""
        if not self._positions():
            return None
        node, mark, at = self._walked, 0, 0
        for i, part in enumerate(path):
            child = self._child(node, mark, part)
            if child is None:
                return (at, False)
            if type(node) is dict:
                mark = child + 1
                at = child if (key and i == len(path) - 1) else mark
            else:
                mark = at = child
            node = node[part]
        return (at, True)

    def position(
        self, path: Sequence[str | int], key: bool = False
    ) -> tuple[int | None, int | None]:
        """1-based (line, column) of the value (or key) at path; nearest ancestor if absent."""
        found = self._find(path, key)
        if found is None:
            return (None, None)
        return _unpack(self._marks[found[0]])

    def source_text(self, path: Sequence[str | int]) -> str | None:
        """The scalar at path as written in the file (e.g. ``0x7E0``), for a string or
        an integer; None for anything else or a path that is not there."""
        found = self._find(path, False)
        if found is None or not found[1]:
            return None
        value: Any = self._walked
        for part in path:
            value = value[part]
        if type(value) in (dict, list):
            return None
        assert self._raw is not None
        raw = self._raw.get(found[0])
        if raw is not None:
            return raw
        if isinstance(value, str):
            return str(value)
        if type(value) is int:
            return str(value)
        return None

    def problem(self, path: Path, message: str, *, key: bool = False, **kw: Any) -> Problem:
        line, col = self.position(path, key=key)
        return Problem(self.file, line, col, format_path(path), message, **kw)
