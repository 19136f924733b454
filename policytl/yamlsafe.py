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
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import yaml

from .errors import LoadError, Problem
from .limits import DEFAULT_MAX_BYTES
from .textsafe import one_line

__all__ = [
    "DEFAULT_MAX_BYTES",
    "INVALID",
    "Located",
    "Path",
    "UnquotedDate",
    "brief",
    "decode",
    "format_path",
    "parse_document",
]

MAX_DEPTH = 64
#: Deepest nesting the YAML composer is given (libyaml's own limit since 0.2.6).
MAX_YAML_DEPTH = 1000

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


def _libyaml_limits_nesting() -> bool:
    # libyaml >= 0.2.6 refuses nesting deeper than 1000 levels. With an older
    # libyaml the C composer recurses without limit and a file of 100,000 "["
    # crashes the process (a segfault, measured with PyYAML 6.0.1 / libyaml
    # 0.2.5), so we count the depth first. The pure-Python composer raises
    # RecursionError instead, which parse_document reports.
    if _Loader is yaml.SafeLoader:
        return True
    try:
        from yaml import _yaml

        return tuple(_yaml.get_version()) >= (0, 2, 6)
    except (ImportError, AttributeError):  # pragma: no cover
        return False


#: Whether parse_document must count the nesting depth before composing.
SCAN_NESTING = not _libyaml_limits_nesting()


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


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without a byte order mark: a NUL in nearly every other byte."""
    sample = data[:4096]
    half = len(sample) // 2
    if half < 2:
        return False
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    return max(even, odd) >= half // 3 and min(even, odd) <= half // 20


_CJK = re.compile("[\u4e00-\u9fff]")
_BINARY = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _looks_gbk(data: bytes) -> bool:
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return False
    # gb18030 decodes almost any bytes: ask for Chinese text and no binary junk.
    return _CJK.search(text) is not None and _BINARY.search(text) is None


def _not_text(data: bytes, file: str, at: int) -> LoadError:
    line = data.count(b"\n", 0, at) + 1
    col = at - (data.rfind(b"\n", 0, at) + 1) + 1
    if _looks_utf16(data):
        return LoadError(
            Problem(
                file, None, None, "", "file looks UTF-16 encoded (without a BOM); save it as UTF-8"
            )
        )
    return LoadError(Problem(file, line, col, "", "file contains NUL bytes; it is not a text file"))


def decode(data: bytes, file: str) -> str:
    """Bytes to text: UTF-8 (with or without BOM) only, with a helpful diagnosis."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        utf = "UTF-32" if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")) else "UTF-16"
        raise LoadError(Problem(file, None, None, "", f"file is {utf} encoded; save it as UTF-8"))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        nul = data.find(b"\x00")
        if nul >= 0:
            raise _not_text(data, file, nul) from None
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        hint = " (it looks like GBK/GB18030)" if _looks_gbk(data) else ""
        raise LoadError(
            Problem(file, line, col, "", f"file is not valid UTF-8{hint}; save it as UTF-8")
        ) from None
    if not text.strip():
        raise LoadError(
            Problem(file, None, None, "", "file is empty (expected a policytl/1 document)")
        )
    if "\x00" in text:
        raise _not_text(data, file, data.find(b"\x00"))
    return text


_NOT_YAML = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _json_as_yaml(text: str) -> str:
    """JSON text that YAML reads with the same lines and columns (for positions).

    What JSON allows in strings and YAML refuses (or counts as a line break)
    becomes "?": characters, and surrogate escapes such as ``\\ud83d``.
    """
    return _SURROGATE_ESCAPE.sub(r"\\u003f", _NOT_YAML.sub("?", text))


@dataclass
class Located:
    """A parsed document: plain data plus a way to find where a path is."""

    file: str
    data: Any
    problems: list[Problem]
    _root: Any = None
    _text: str | None = None
    _maps: dict[int, dict[Any, Any]] = field(default_factory=dict)

    def _tree(self) -> Any:
        root = self._root
        if root is None and self._text is not None:
            try:
                root = yaml.compose(_json_as_yaml(self._text), Loader=_Loader)
            except (yaml.YAMLError, RecursionError):
                self._text = None  # not YAML-readable: no positions, and no retrying
                return None
            self._root = root
        return root

    def _child(self, node: Any, part: str | int) -> tuple[Any, Any] | None:
        """(key node, value node) of part in node, or None."""
        if isinstance(node, yaml.MappingNode):
            pairs = node.value
            if len(pairs) > 16:
                # Index big mappings once: a linear scan per problem is quadratic
                # when thousands of records each have a problem.
                index = self._maps.get(id(node))
                if index is None:
                    index = {}
                    for k, v in pairs:
                        if isinstance(k, yaml.ScalarNode):
                            index.setdefault(k.value, (k, v))
                    self._maps[id(node)] = index
                return index.get(part)
            for k, v in pairs:
                if isinstance(k, yaml.ScalarNode) and k.value == part:
                    return (k, v)
            return None
        if (
            isinstance(node, yaml.SequenceNode)
            and isinstance(part, int)
            and 0 <= part < len(node.value)
        ):
            return (node.value[part], node.value[part])
        return None

    def position(
        self, path: Sequence[str | int], key: bool = False
    ) -> tuple[int | None, int | None]:
        """1-based (line, column) of the value (or key) at path; nearest ancestor if absent."""
        node = self._tree()
        if node is None:
            return (None, None)
        mark = node.start_mark
        for i, part in enumerate(path):
            found = self._child(node, part)
            if found is None:
                break
            knode, node = found
            mark = knode.start_mark if (key and i == len(path) - 1) else node.start_mark
        return (mark.line + 1, mark.column + 1)

    def source_text(self, path: Sequence[str | int]) -> str | None:
        """The scalar at path exactly as written in the file (e.g. ``0x7E0``), if known."""
        node = self._tree()
        for part in path:
            found = None if node is None else self._child(node, part)
            if found is None:
                return None
            node = found[1]
        return node.value if isinstance(node, yaml.ScalarNode) else None

    def problem(self, path: Path, message: str, *, key: bool = False, **kw: Any) -> Problem:
        line, col = self.position(path, key=key)
        return Problem(self.file, line, col, format_path(path), message, **kw)


class _DuplicateKey(Exception):
    pass


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for k, _ in pairs:
            if k in seen:
                raise _DuplicateKey(k)
            seen.add(k)
    return out


def _lone_surrogate(data: Any) -> Path | None:
    """Path of the first string holding an unpaired surrogate (JSON ``"\\ud800"``)."""
    stack: list[tuple[Path, Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                return path
        elif isinstance(value, dict):
            for k, v in value.items():
                if _SURROGATE.search(k):
                    return (*path, k)
                stack.append(((*path, k), v))
        elif isinstance(value, list):
            stack.extend(((*path, i), v) for i, v in enumerate(value))
    return None


def _check_nesting(text: str, file: str) -> None:
    """Refuse nesting deeper than MAX_YAML_DEPTH before the C composer recurses into it."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                m = event.start_mark
                line, col = (m.line + 1, m.column + 1) if m is not None else (None, None)
                raise LoadError(
                    Problem(file, line, col, "", "malformed YAML: exceeded maximum nesting depth")
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _yaml_error(exc: yaml.MarkedYAMLError, text: str, file: str) -> LoadError:
    mark = exc.problem_mark or exc.context_mark
    what = exc.problem or exc.context or "syntax error"
    cm = exc.context_mark
    if (
        exc.problem
        and exc.context
        and cm is not None
        and mark is not None
        and (cm.line, cm.column) != (mark.line, mark.column)
    ):
        if exc.context.startswith("while "):
            what += f" ({exc.context} started at line {cm.line + 1}, column {cm.column + 1})"
        else:
            what = f"{exc.context}, {what}"
    if "\t" in text and ("tab" in what or "found character" in what):
        what += " (YAML does not allow tabs for indentation; use spaces)"
    line = mark.line + 1 if mark is not None else None
    col = mark.column + 1 if mark is not None else None
    return LoadError(Problem(file, line, col, "", f"malformed YAML: {one_line(what)}"))


def _duplicate_position(text: str, file: str) -> tuple[int | None, int | None]:
    """Where the first duplicate key of a JSON text is (read as YAML, which locates it)."""
    problems: list[Problem] = []
    try:
        _Builder(file, problems).build(yaml.compose(_json_as_yaml(text), Loader=_Loader), 0)
    except (yaml.YAMLError, RecursionError):
        return (None, None)
    for p in problems:
        if p.message.startswith("duplicate key"):
            return (p.line, p.column)
    return (None, None)


def _reader_error(exc: yaml.reader.ReaderError, text: str, file: str) -> LoadError:
    pos = exc.position
    if _Loader is not yaml.SafeLoader:  # libyaml counts UTF-8 bytes, not characters
        pos = len(text.encode("utf-8")[:pos].decode("utf-8", "ignore"))
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    ch = exc.character
    what = f"U+{ch:04X}" if isinstance(ch, int) else brief(ch)
    return LoadError(
        Problem(
            file,
            line,
            col,
            "",
            f"malformed YAML: character {what} is not allowed in YAML text "
            '(write it as an escape in a "double-quoted" string)',
        )
    )


def parse_document(text: str, file: str, *, as_json: bool = False) -> Located:
    """Parse YAML (or JSON) text into plain data, collecting structural problems."""
    if as_json:
        try:
            data = json.loads(text, object_pairs_hook=_json_object)
        except json.JSONDecodeError as exc:
            msg = exc.msg.removesuffix(" at")
            raise LoadError(
                Problem(file, exc.lineno, exc.colno, "", f"malformed JSON: {msg}")
            ) from None
        except _DuplicateKey as exc:
            line, col = _duplicate_position(text, file)
            raise LoadError(
                Problem(
                    file,
                    line,
                    col,
                    "",
                    f"malformed JSON: duplicate key {brief(exc.args[0])} in an object",
                )
            ) from None
        except RecursionError:
            raise LoadError(
                Problem(file, None, None, "", "malformed JSON: nested too deep")
            ) from None
        except ValueError:  # a number with more digits than Python converts
            raise LoadError(
                Problem(file, None, None, "", "malformed JSON: a number has too many digits")
            ) from None
        if ("\\ud" in text or "\\uD" in text) and (where := _lone_surrogate(data)) is not None:
            raise LoadError(
                Problem(
                    file,
                    None,
                    None,
                    format_path(where).encode("utf-8", "backslashreplace").decode("utf-8"),
                    "text holds an unpaired surrogate (a \\udXXX escape), which is not Unicode",
                )
            )
        return Located(file, data, [], None, text)
    try:
        if SCAN_NESTING:
            _check_nesting(text, file)
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise _yaml_error(exc, text, file) from None
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, text, file) from None
    except yaml.YAMLError as exc:
        raise LoadError(
            Problem(file, None, None, "", f"malformed YAML: {one_line(str(exc))}")
        ) from None
    except RecursionError:
        raise LoadError(
            Problem(file, None, None, "", "malformed YAML: exceeded maximum nesting depth")
        ) from None
    if root is None:
        raise LoadError(
            Problem(file, None, None, "", "file is empty (expected a policytl/1 document)")
        )
    problems: list[Problem] = []
    # An alias needs a '*' in the text; only then are scalar nodes tracked too.
    builder = _Builder(file, problems, scalar_aliases="*" in text)
    data = builder.build(root, 0)
    return Located(file, data, problems, root)


def _tag_name(tag: str) -> str:
    """A tag as it is usually written (``!!python/name:x``), quoted for a message."""
    if tag.startswith("tag:yaml.org,2002:"):
        tag = "!!" + tag[len("tag:yaml.org,2002:") :]
    return brief(tag)


class _Builder:
    def __init__(self, file: str, problems: list[Problem], *, scalar_aliases: bool = True) -> None:
        self.file = file
        self.scalar_aliases = scalar_aliases
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

    def _aliased(self, node: Any) -> bool:
        """True (reported once per file) when node was already built: an alias."""
        key = id(node)
        if key in self.seen:
            if not self.alias_reported:
                self.report(node, "YAML anchors and aliases (&name / *name) are not supported")
                self.alias_reported = True
            return True
        self.seen.add(key)
        return False

    def build(self, node: Any, depth: int) -> Any:
        cls = type(node)
        tag = node.tag
        if cls is yaml.ScalarNode:
            if self.scalar_aliases and self._aliased(node):
                return INVALID
            if tag == _STR:
                return node.value
            make = self.scalars.get(tag)
            if make is None:
                self.report(
                    node, f"YAML tag {_tag_name(tag)} is not allowed (only plain data is accepted)"
                )
                return INVALID
            try:
                return make(node)
            except (ValueError, yaml.YAMLError):
                self.report(node, f"cannot read {brief(node.value)} as {tag.rsplit(':', 1)[-1]}")
                return INVALID
        if depth >= MAX_DEPTH:
            self.report(node, f"structure is nested more than {MAX_DEPTH} levels deep")
            return INVALID
        if self._aliased(node):
            return INVALID
        if cls is yaml.SequenceNode:
            if tag != _SEQ:
                self.report(
                    node, f"YAML tag {_tag_name(tag)} is not allowed (only plain data is accepted)"
                )
                return INVALID
            depth += 1
            if self.scalar_aliases:  # every node is checked for being an alias
                return [self.build(item, depth) for item in node.value]
            # Plain string items (the common case) are taken as they are, without a call.
            return [
                item.value
                if type(item) is _ScalarNode and item.tag == _STR
                else self.build(item, depth)
                for item in node.value
            ]
        if tag != _MAP:
            self.report(
                node, f"YAML tag {_tag_name(tag)} is not allowed (only plain data is accepted)"
            )
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
                self.report(knode, f"duplicate key {brief(k)} in the same mapping")
                continue
            if type(vnode) is _ScalarNode and vnode.tag == _STR and not self.scalar_aliases:
                out[k] = vnode.value
            else:
                out[k] = self.build(vnode, depth)
        return out
