"""Reading untrusted YAML: bytes to plain Python data, with positions on demand.

Only the C (or pure-Python) *safe* composer is used, never an unsafe loader.
Nodes are turned into plain data by our own small constructor, which

* accepts the standard scalar types, mappings and sequences only: any other
  tag (``!!python/object/apply:...``, ``!!binary``, ``!!set``, custom ``!x``)
  is reported, never constructed;
* refuses anchors/aliases and merge keys, so an alias bomb costs nothing;
* reports duplicate mapping keys instead of silently keeping the last one;
* bounds nesting depth.

Positions (line, column) are looked up only when a problem is reported, by
walking the kept node tree along the problem's path.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import yaml

from .errors import LoadError, Problem

__all__ = [
    "DEFAULT_MAX_BYTES",
    "INVALID",
    "Located",
    "Path",
    "UnquotedDate",
    "decode",
    "format_path",
    "parse_document",
]

DEFAULT_MAX_BYTES = 512 * 1024 * 1024
MAX_DEPTH = 64

Path = tuple[str | int, ...]

try:
    _BaseLoader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


class _Loader(_BaseLoader):  # type: ignore[misc]
    """The safe loader with faster tag resolution (same results as the safe resolver).

    The C composer calls back into Python for every node: ``descend_resolver`` and
    ``ascend_resolver`` (no-ops without path resolvers, so here C built-ins that
    do nothing) and ``resolve``, which returns ``str`` at once for a plain scalar
    whose first character starts no implicit type (letters other than
    y/n/t/f/o, CJK text ...) and memoises the answer for short plain scalars
    (mapping keys, ids, kinds). The tables are private copies, so resolvers that
    other code adds to PyYAML's shared classes never change what we read.
    """

    yaml_implicit_resolvers: ClassVar[dict[Any, list[tuple[str, Any]]]] = {
        k: list(v) for k, v in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
    }
    yaml_path_resolvers: ClassVar[dict[Any, Any]] = {}
    # Called as (parent, index) and with no argument: C built-ins that do nothing.
    descend_resolver: ClassVar[Any] = {}.get
    ascend_resolver: ClassVar[Any] = tuple

    _starts: ClassVar[frozenset[str]] = frozenset(
        k for k in yaml_implicit_resolvers if k is not None
    )
    _wild = None in yaml_implicit_resolvers

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self._memo: dict[str, str] = {}

    def resolve(self, kind: Any, value: Any, implicit: tuple[bool, bool]) -> Any:
        if kind is yaml.ScalarNode:
            if not implicit[0]:
                return _STR
            if value and not self._wild and value[0] not in self._starts:
                return _STR
            tag = self._memo.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(value) <= 40:
                    self._memo[value] = tag
            return tag
        return _SEQ if kind is yaml.SequenceNode else _MAP


class UnquotedDate(str):
    """A plain scalar that YAML 1.1 resolves to a timestamp, kept as its text."""

    __slots__ = ()


class _Invalid:
    """Stands in for a value that was already reported as a problem."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()

_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_TS = "tag:yaml.org,2002:timestamp"
_MERGE = "tag:yaml.org,2002:merge"

_scalar_constructor = yaml.constructor.SafeConstructor()
_ScalarNode = yaml.ScalarNode


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


def decode(data: bytes, file: str) -> str:
    """Bytes to text: UTF-8 (with or without BOM) only, with a helpful diagnosis."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoadError(Problem(file, None, None, "", "file is UTF-16 encoded; save it as UTF-8"))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        hint = ""
        try:
            data.decode("gb18030")
            hint = " (it looks like GBK/GB18030)"
        except UnicodeDecodeError:
            pass
        raise LoadError(
            Problem(file, line, col, "", f"file is not valid UTF-8{hint}; save it as UTF-8")
        ) from None
    if not text.strip():
        raise LoadError(
            Problem(file, None, None, "", "file is empty (expected a policytl/1 document)")
        )
    if "\x00" in text:
        raise LoadError(
            Problem(file, None, None, "", "file contains NUL bytes; it is not a text file")
        )
    return text


@dataclass
class Located:
    """A parsed document: plain data plus a way to find where a path is."""

    file: str
    data: Any
    problems: list[Problem]
    _root: Any = None
    _text: str | None = None

    def position(
        self, path: Sequence[str | int], key: bool = False
    ) -> tuple[int | None, int | None]:
        """1-based (line, column) of the value (or key) at path; nearest ancestor if absent."""
        root = self._root
        if root is None and self._text is not None:
            try:
                root = yaml.compose(self._text, Loader=_Loader)
            except yaml.YAMLError:
                return (None, None)
            self._root = root
        if root is None:
            return (None, None)
        node = root
        mark = node.start_mark
        for i, part in enumerate(path):
            last = i == len(path) - 1
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    if isinstance(k, yaml.ScalarNode) and k.value == part:
                        mark = k.start_mark if (last and key) else v.start_mark
                        node = v
                        break
                else:
                    break
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if 0 <= part < len(node.value):
                    node = node.value[part]
                    mark = node.start_mark
                else:
                    break
            else:
                break
        return (mark.line + 1, mark.column + 1)

    def problem(self, path: Path, message: str, *, key: bool = False, **kw: Any) -> Problem:
        line, col = self.position(path, key=key)
        return Problem(self.file, line, col, format_path(path), message, **kw)


def parse_document(text: str, file: str, *, as_json: bool = False) -> Located:
    """Parse YAML (or JSON) text into plain data, collecting structural problems."""
    if as_json:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise LoadError(
                Problem(file, exc.lineno, exc.colno, "", f"malformed JSON: {exc.msg}")
            ) from None
        return Located(file, data, [], None, text)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or "syntax error"
        hint = ""
        if "\t" in text and ("tab" in what or "found character" in what):
            hint = " (YAML does not allow tabs for indentation; use spaces)"
        line = mark.line + 1 if mark is not None else None
        col = mark.column + 1 if mark is not None else None
        raise LoadError(Problem(file, line, col, "", f"malformed YAML: {what}{hint}")) from None
    except yaml.YAMLError as exc:
        raise LoadError(Problem(file, None, None, "", f"malformed YAML: {exc}")) from None
    except RecursionError:
        raise LoadError(Problem(file, None, None, "", "YAML nesting is too deep")) from None
    if root is None:
        raise LoadError(
            Problem(file, None, None, "", "file is empty (expected a policytl/1 document)")
        )
    problems: list[Problem] = []
    builder = _Builder(file, problems)
    data = builder.build(root, 0)
    return Located(file, data, problems, root)


class _Builder:
    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems
        self.seen: set[int] = set()
        self.alias_reported = False
        self.scalars: dict[str, Callable[[Any], Any]] = {
            _NULL: lambda n: None,
            _BOOL: _scalar_constructor.construct_yaml_bool,
            _INT: _scalar_constructor.construct_yaml_int,
            _FLOAT: _scalar_constructor.construct_yaml_float,
            _TS: lambda n: UnquotedDate(n.value),
        }

    def report(self, node: Any, message: str) -> None:
        m = node.start_mark
        self.problems.append(Problem(self.file, m.line + 1, m.column + 1, "", message))

    def build(self, node: Any, depth: int) -> Any:
        cls = type(node)
        tag = node.tag
        if cls is yaml.ScalarNode:
            if tag == _STR:
                return node.value
            make = self.scalars.get(tag)
            if make is None:
                self.report(node, f"YAML tag {tag!r} is not allowed (only plain data is accepted)")
                return INVALID
            try:
                return make(node)
            except (ValueError, yaml.YAMLError):
                self.report(node, f"cannot read {node.value!r} as {tag.rsplit(':', 1)[-1]}")
                return INVALID
        if depth >= MAX_DEPTH:
            self.report(node, f"structure is nested more than {MAX_DEPTH} levels deep")
            return INVALID
        key = id(node)
        if key in self.seen:
            if not self.alias_reported:
                self.report(node, "YAML anchors and aliases (&name / *name) are not supported")
                self.alias_reported = True
            return INVALID
        self.seen.add(key)
        if cls is yaml.SequenceNode:
            if tag != _SEQ:
                self.report(node, f"YAML tag {tag!r} is not allowed (only plain data is accepted)")
                return INVALID
            # Plain string items (the common case) are taken as they are, without a call.
            depth += 1
            return [
                item.value
                if type(item) is _ScalarNode and item.tag == _STR
                else self.build(item, depth)
                for item in node.value
            ]
        if tag != _MAP:
            self.report(node, f"YAML tag {tag!r} is not allowed (only plain data is accepted)")
            return INVALID
        out: dict[Any, Any] = {}
        depth += 1
        for knode, vnode in node.value:
            if knode.tag == _MERGE:
                self.report(knode, "YAML merge keys (<<) are not supported")
                continue
            if type(knode) is not _ScalarNode:
                self.report(knode, "mapping keys must be plain strings")
                continue
            k = knode.value
            if k in out:
                self.report(knode, f"duplicate key {k!r} in the same mapping")
                continue
            if type(vnode) is _ScalarNode and vnode.tag == _STR:
                out[k] = vnode.value
            else:
                out[k] = self.build(vnode, depth)
        return out
