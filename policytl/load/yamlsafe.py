"""Reading untrusted YAML: bytes to plain Python data, with positions on demand.

Only the C (or pure-Python) *safe* parser is used, never an unsafe loader, and
no node tree is composed: the parser's events are turned into plain data one at
a time by our own small builder (``_Builder``), which

* accepts the standard scalar types, mappings and sequences only: any other
  tag (``!!python/object/apply:...``, ``!!binary``, ``!!set``, custom ``!x``)
  is reported, never constructed;
* refuses anchors/aliases and merge keys, so an alias bomb costs nothing;
* reports tags, anchors and aliases on mapping keys, and explicitly tagged
  scalars whose text is not of their type (``!!bool "maybe"``, ``!!int ""``);
* reports duplicate mapping keys instead of silently keeping the last one;
* bounds nesting depth, and the number of nodes by the file's size
  (``node_budget``), so memory stays a small multiple of the file's size.

Positions (line, column) are kept packed, 8 bytes a value, and looked up only
when a problem is reported, by walking the data along the problem's path.
"""

from __future__ import annotations

import json
import re
from array import array
from typing import Any, ClassVar

import yaml

from policytl.load.decoding import decode
from policytl.load.located import Located, Path, brief, format_path
from policytl.load.scalars import (
    _BOOL,
    _FAILED,
    _FLOAT,
    _INT,
    _MERGE,
    _NULL,
    _STR,
    _TS,
    _TYPED,
    _VALUE,
    _YAML,
    INVALID,
    Unquoted,
    UnquotedBool,
    UnquotedDate,
    UnquotedNumber,
    _as_text,
    _construct,
    _ScalarNode,
    _tag_name,
    tagged_value,
)
from policytl.model.errors import LoadError, Problem
from policytl.model.limits import DEFAULT_MAX_BYTES
from policytl.model.textsafe import one_line

__all__ = [
    "DEFAULT_MAX_BYTES",
    "INVALID",
    "Located",
    "Path",
    "Unquoted",
    "UnquotedBool",
    "UnquotedDate",
    "UnquotedNumber",
    "brief",
    "decode",
    "format_path",
    "parse_document",
]

MAX_DEPTH = 64
#: Deepest nesting the YAML composer is given (libyaml's own limit since 0.2.6).
MAX_YAML_DEPTH = 1000

try:
    _BaseLoader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader

_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


#: Most answers remembered by the resolver and the builder: the same few kinds,
#: ids and dates come back all the time, and a memo without a bound would hold
#: every distinct scalar of a hostile file once more.
_MEMO_MAX = 1 << 14


class _Loader(_BaseLoader):  # type: ignore[misc]
    """The safe loader with faster tag resolution (same results as the safe resolver).

    The C composer calls back into Python for every node: ``descend_resolver`` and
    ``ascend_resolver`` (no-ops without path resolvers, so here C built-ins that
    do nothing) and ``resolve``, which returns ``str`` at once for a plain scalar
    whose first character starts no implicit type (letters other than
    y/n/t/f/o, CJK text ...) and memoises the answer for short plain scalars
    (mapping keys, ids, kinds), up to _MEMO_MAX of them. The tables are
    private copies, so resolvers that other code adds to PyYAML's shared
    classes never change what we read.
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
                if len(value) <= 40 and len(self._memo) < _MEMO_MAX:
                    self._memo[value] = tag
            return tag
        return _SEQ if kind is yaml.SequenceNode else _MAP


def _libyaml_limits_nesting() -> bool:
    # libyaml >= 0.2.6 refuses nesting deeper than 1000 levels. With an older
    # libyaml (or the pure-Python parser) nothing does: its C composer recursed
    # without limit, and a file of 100,000 "[" crashed the process (a segfault,
    # measured with PyYAML 6.0.1 / libyaml 0.2.5). No composer runs now, and the
    # builder counts the depth itself, always; where libyaml has a limit its own
    # error comes first.
    try:
        from yaml import _yaml

        return tuple(_yaml.get_version()) >= (0, 2, 6)
    except (ImportError, AttributeError):  # pragma: no cover
        return False


#: Whether only policytl's own count of the nesting depth stops deep nesting.
SCAN_NESTING = not _libyaml_limits_nesting()


_NOT_YAML = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _json_as_yaml(text: str) -> str:
    """JSON text that YAML reads with the same lines and columns (for positions).

    What JSON allows in strings and YAML refuses (or counts as a line break)
    becomes "?": characters, and surrogate escapes such as ``\\ud83d``.
    """
    return _SURROGATE_ESCAPE.sub(r"\\u003f", _NOT_YAML.sub("?", text))


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


def _yaml_error(exc: yaml.MarkedYAMLError, source: bytes | str, file: str) -> LoadError:
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
    tabs = b"\t" in source if isinstance(source, bytes) else "\t" in source
    if tabs and ("tab" in what or "found character" in what):
        what += " (YAML does not allow tabs for indentation; use spaces)"
    line = mark.line + 1 if mark is not None else None
    col = mark.column + 1 if mark is not None else None
    return LoadError(Problem(file, line, col, "", f"malformed YAML: {one_line(what)}"))


def _duplicate_position(text: str, file: str) -> tuple[int | None, int | None]:
    """Where the first duplicate key of a JSON text is (read as YAML, which locates it)."""
    try:
        located = _build(_json_as_yaml(text).encode("utf-8"), file)
    except (yaml.YAMLError, LoadError, RecursionError, UnicodeError):
        return (None, None)
    for p in [] if located is None else located.problems:
        if p.message.startswith("duplicate key"):
            return (p.line, p.column)
    return (None, None)


def _reader_error(exc: yaml.reader.ReaderError, source: bytes | str, file: str) -> LoadError:
    pos = exc.position
    if isinstance(source, bytes):  # libyaml counts UTF-8 bytes, not characters
        start = source.rfind(b"\n", 0, pos) + 1
        line = source.count(b"\n", 0, pos) + 1
        col = len(source[start:pos].decode("utf-8", "ignore")) + 1
    else:
        line = source.count("\n", 0, pos) + 1
        col = pos - (source.rfind("\n", 0, pos) + 1) + 1
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


def parse_document(text: str | bytes, file: str, *, as_json: bool = False) -> Located:
    """Parse YAML (or JSON) text into plain data, collecting structural problems.

    ``text`` may be the bytes of a file that ``decode`` accepted: YAML is then
    read from them directly, and no str of the whole file is kept.
    """
    if as_json:
        if isinstance(text, bytes):
            text = decode(text, file)
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
        return Located(file, data, [], _text=text)
    source: bytes | str = text
    if _Loader is yaml.SafeLoader:  # the pure-Python reader: positions in characters
        if isinstance(source, bytes):
            source = source.decode("utf-8")
    elif isinstance(source, str):
        # libyaml reads UTF-8 (a str would be encoded to it anyway)
        source = source.encode("utf-8", "surrogatepass")
    try:
        located = _build(source, file)
    except yaml.MarkedYAMLError as exc:
        raise _yaml_error(exc, source, file) from None
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, source, file) from None
    except yaml.YAMLError as exc:
        raise LoadError(
            Problem(file, None, None, "", f"malformed YAML: {one_line(str(exc))}")
        ) from None
    except RecursionError:
        raise LoadError(
            Problem(file, None, None, "", "malformed YAML: exceeded maximum nesting depth")
        ) from None
    if located is None:
        raise LoadError(
            Problem(file, None, None, "", "file is empty (expected a policytl/1 document)")
        )
    return located


#: The node budget: a file may hold one YAML node (a key, a value, an item) for
#: every NODE_BYTES bytes of its size, and always NODE_FLOOR. A timeline needs far
#: fewer (its keys alone are longer: 33 bytes a node in the benchmark's data, and
#: about 5 in the tersest valid flow style); YAML's syntax allows one for every
#: 2 bytes (``[1,1,1,...]``). Past the budget the file is refused, so memory stays
#: a small multiple of the file's size whatever it holds.
NODE_BYTES = 4
NODE_FLOOR = 10_000


def node_budget(size: int) -> int:
    """How many YAML nodes a document of ``size`` bytes may hold."""
    return max(NODE_FLOOR, size // NODE_BYTES)


_ScalarEvent = yaml.ScalarEvent
_AliasEvent = yaml.AliasEvent
_SeqStart = yaml.SequenceStartEvent
_MapStart = yaml.MappingStartEvent
_SeqEnd = yaml.SequenceEndEvent
_MapEnd = yaml.MappingEndEvent
_Start = yaml.CollectionStartEvent
_End = yaml.CollectionEndEvent


class _Builder:
    """Plain data straight from the parser's events, one at a time.

    No node tree is composed: each event is turned into data as it comes and
    dropped, and what is kept of positions is one packed (line, column) per
    value (see ``Located``). Anchors are remembered by name and position only
    (aliases are refused, never followed), and the nodes are counted against a
    budget (``node_budget``).
    """

    def __init__(self, loader: Any, file: str, problems: list[Problem], budget: int) -> None:
        self.file = file
        self.problems = problems
        self.next = loader.get_event
        self.resolve = loader.resolve
        self.marks: Any = array("Q")
        self.add = self.marks.append
        self.raw: dict[int, str] = {}
        self.anchors: dict[str, Any] = {}
        self.alias_reported = False
        self.budget = budget
        self.skipped = 0
        self.memo: dict[str, tuple[str, Any]] = {}
        #: where the value being built is (kept up to date on the slow paths only:
        #: the plain strings taken directly never report anything)
        self.path: list[str | int] = []

    # -- reporting ---------------------------------------------------------------------
    def report(self, mark: Any, message: str, *key: str) -> None:
        """A problem at mark, for the value being built (or its key ``key``)."""
        where = format_path((*self.path, *key))
        self.problems.append(Problem(self.file, mark.line + 1, mark.column + 1, where, message))

    def anchors_refused(self, mark: Any, *key: str) -> None:
        if not self.alias_reported:
            self.report(mark, "YAML anchors and aliases (&name / *name) are not supported", *key)
            self.alias_reported = True

    def over_budget(self, mark: Any) -> None:
        raise LoadError(
            Problem(
                self.file,
                mark.line + 1,
                mark.column + 1,
                "",
                f"too many YAML nodes: more than {self.budget:,} (one for every "
                f"{NODE_BYTES} bytes of the file); no timeline needs that many",
            )
        )

    # -- anchors and aliases -----------------------------------------------------------
    def anchor(self, event: Any) -> None:
        name = event.anchor
        first = self.anchors.get(name)
        if first is not None:
            raise yaml.composer.ComposerError(
                "found duplicate anchor; first occurrence",
                first,
                "second occurrence",
                event.start_mark,
            )
        self.anchors[name] = event.start_mark

    def alias(self, event: Any) -> None:
        """A ComposerError if the alias names no anchor seen so far (as composing says)."""
        if event.anchor not in self.anchors:
            raise yaml.composer.ComposerError(None, None, "found undefined alias", event.start_mark)

    # -- values ------------------------------------------------------------------------
    def skip(self, event: Any, depth: int) -> None:
        """Consume the node that starts with event without building it."""
        self.skipped += 1
        if type(event) is _AliasEvent:
            self.alias(event)
            return
        if event.anchor is not None:
            self.anchor(event)
        if type(event) is _ScalarEvent:
            return
        level = 1
        nxt = self.next
        while level:
            event = nxt()
            self.skipped += 1
            if type(event) is _AliasEvent:
                self.alias(event)
                continue
            if isinstance(event, _End):
                level -= 1
                continue
            if event.anchor is not None:
                self.anchor(event)
            if type(event) is not _ScalarEvent:
                level += 1
                if depth + level > MAX_YAML_DEPTH:
                    m = event.start_mark
                    raise LoadError(
                        Problem(
                            self.file,
                            m.line + 1,
                            m.column + 1,
                            "",
                            "malformed YAML: exceeded maximum nesting depth",
                        )
                    )
            if not self.skipped & 0xFFF and len(self.marks) + self.skipped > self.budget:
                self.over_budget(event.start_mark)

    def scalar(self, event: Any) -> Any:
        value = event.value
        tag = event.tag
        if tag is None or tag == "!":
            if not event.implicit[0]:
                return value
            hit = self.memo.get(value)
            if hit is None:
                tag = self.resolve(_ScalarNode, value, event.implicit)
                if tag == _STR:
                    hit = (tag, _as_text(value))
                elif tag == _TS:
                    hit = (tag, UnquotedDate(value))
                elif tag in (_NULL, _BOOL, _INT, _FLOAT):
                    hit = (tag, _construct(tag, value))
                else:
                    hit = (tag, _FAILED)
                if len(value) <= 40 and len(self.memo) < _MEMO_MAX:
                    self.memo[value] = hit
            tag, result = hit
            if result is _FAILED:
                if tag in (_MERGE, _VALUE):
                    self.report(
                        event.start_mark,
                        f"{value} is read by YAML 1.1 as a special value; "
                        f'quote it ("{value}") to write the text',
                    )
                elif tag in _TYPED and tag != _YAML:
                    name = tag.rsplit(":", 1)[-1]
                    self.report(event.start_mark, f"cannot read {brief(value)} as {name}")
                else:
                    self.report(
                        event.start_mark,
                        f"YAML tag {_tag_name(tag)} is not allowed (only plain data is accepted)",
                    )
                return INVALID
            if type(result) is int and str(result) != value:
                self.raw[len(self.marks) - 1] = value  # as written: 0x7E0, 1:20
            return result
        # An explicit tag: the standard scalar types only, and only with a value
        # of that type (PyYAML's constructors fail on "maybe", "" or "-").
        result, problem = tagged_value(tag, value)
        if problem is not None:
            self.report(event.start_mark, problem)
        elif type(result) is int and str(result) != value:
            self.raw[len(self.marks) - 1] = value
        return result

    def value(self, event: Any, depth: int) -> Any:
        """The data of the node that starts with event (its mark is already added)."""
        cls = type(event)
        if cls is _AliasEvent:
            self.alias(event)
            self.anchors_refused(event.start_mark)
            return INVALID
        if event.anchor is not None:
            self.anchor(event)
        if cls is _ScalarEvent:
            return self.scalar(event)
        if len(self.marks) + self.skipped > self.budget:
            self.over_budget(event.start_mark)
        if depth >= MAX_DEPTH:
            self.report(event.start_mark, f"structure is nested more than {MAX_DEPTH} levels deep")
            self.skip(_Reopened(event), depth)
            return INVALID
        tag = event.tag
        if cls is _SeqStart:
            if tag is None or tag == "!" or tag == _SEQ:
                return self.sequence(depth + 1)
        elif tag is None or tag == "!" or tag == _MAP:
            return self.mapping(depth + 1)
        self.report(
            event.start_mark,
            f"YAML tag {_tag_name(tag)} is not allowed (only plain data is accepted)",
        )
        self.skip(_Reopened(event), depth)
        return INVALID

    def sequence(self, depth: int) -> list[Any]:
        out: list[Any] = []
        append = out.append
        add = self.add
        nxt = self.next
        path = self.path
        starts = _STARTS
        while True:
            event = nxt()
            cls = type(event)
            if cls is _SeqEnd:
                return out
            m = event.start_mark
            add(m.line << 32 | m.column)
            if cls is _ScalarEvent and event.tag is None and event.anchor is None:
                # Plain strings (the common case) are taken as they are, without a call.
                v = event.value
                if not event.implicit[0] or (v and v[0] not in starts):
                    append(v)
                    continue
            path.append(len(out))
            append(self.value(event, depth))
            path.pop()
            if not len(out) & 0xFFF and len(self.marks) + self.skipped > self.budget:
                self.over_budget(m)

    def mapping(self, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        add = self.add
        nxt = self.next
        path = self.path
        starts = _STARTS
        while True:
            kev = nxt()
            cls = type(kev)
            if cls is _MapEnd:
                return out
            if cls is _ScalarEvent and kev.tag is None and kev.anchor is None:
                k = kev.value
                if k == "<<" and kev.implicit[0]:
                    self.report(kev.start_mark, "YAML merge keys (<<) are not supported", k)
                    self.skip(nxt(), depth)
                    continue
            else:
                k = self.odd_key(kev, depth)
                if k is None:
                    self.skip(nxt(), depth)
                    continue
            km = kev.start_mark
            if k in out:
                self.report(km, f"duplicate key {brief(k)} in the same mapping", k)
                self.skip(nxt(), depth)
                continue
            event = nxt()
            vm = event.start_mark
            add(km.line << 32 | km.column)
            add(vm.line << 32 | vm.column)
            if type(event) is _ScalarEvent and event.tag is None and event.anchor is None:
                v = event.value
                if not event.implicit[0] or (v and v[0] not in starts):
                    out[k] = v
                    continue
            path.append(k)
            out[k] = self.value(event, depth)
            path.pop()
            if not len(out) & 0xFFF and len(self.marks) + self.skipped > self.budget:
                self.over_budget(vm)

    def odd_key(self, event: Any, depth: int) -> str | None:
        """The text of a mapping key with a tag, an anchor or an alias, reported; or
        None (after reporting it) if the key is not a scalar or is a merge key."""
        cls = type(event)
        if cls is _AliasEvent:
            self.alias(event)
            self.anchors_refused(event.start_mark)
            return None
        if cls is not _ScalarEvent:
            self.report(event.start_mark, "mapping keys must be plain strings")
            self.skip(event, depth)
            return None
        text: str = event.value
        if event.anchor is not None:
            self.anchor(event)
            self.anchors_refused(event.start_mark, text)
        tag = event.tag
        if tag == _MERGE or (tag is None and event.implicit[0] and text == "<<"):
            self.report(event.start_mark, "YAML merge keys (<<) are not supported", text)
            return None
        if tag is not None and tag != "!" and tag != _STR:
            self.report(
                event.start_mark,
                f"YAML tag {_tag_name(tag)} is not allowed on a mapping key "
                "(keys are plain strings)",
                text,
            )
        return text


class _Reopened:
    """A collection's start event, passed again to ``_Builder.skip`` without its anchor
    (already recorded by ``value``)."""

    __slots__ = ("start_mark",)
    anchor = None

    def __init__(self, event: Any) -> None:
        self.start_mark = event.start_mark


class _Everything:
    """Contains every character: with a wildcard resolver, any scalar may be typed."""

    def __contains__(self, item: object) -> bool:
        return True


_STARTS: Any = _Everything() if _Loader._wild else _Loader._starts


def _build(source: bytes | str, file: str) -> Located | None:
    """Parse one YAML document into a Located (None for an empty stream)."""
    loader = _Loader(source)
    try:
        size = len(source.encode("utf-8")) if isinstance(source, str) else len(source)
        builder = _Builder(loader, file, [], node_budget(size))
        nxt = loader.get_event
        nxt()  # StreamStart
        event = nxt()
        if type(event) is yaml.StreamEndEvent:
            return None
        event = nxt()  # the root node, after DocumentStart
        m = event.start_mark
        builder.add(m.line << 32 | m.column)
        data = builder.value(event, 0)
        nxt()  # DocumentEnd
        event = nxt()
        if type(event) is not yaml.StreamEndEvent:
            raise yaml.composer.ComposerError(
                "expected a single document in the stream",
                m,
                "but found another document",
                event.start_mark,
            )
    finally:
        loader.dispose()
    return Located(file, data, builder.problems, builder.marks, data, builder.raw)
