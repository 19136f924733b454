"""Canonical formatting of policytl/1 YAML files (``policytl fmt``), keeping comments.

The canonical form, in full (README "Canonical form" says the same):

- keys in the order of the format's field tables: the document's sections as
  ``format, title, description, translations, kinds, document-types,
  relation-types, sources, jurisdictions, bodies, documents, events``; each
  record's fields as README lists them (a document's ``title, type,
  jurisdiction, issuers, identifiers, url, notes``; a relation's ``type, to,
  sources, notes``); ``zh`` before ``en``; ``source, quote, locator``; ``name,
  note``. Records in ``sources``, ``jurisdictions``, ``bodies`` and
  ``documents``, a document's ``identifiers``, an event's ``relations``, and
  ``translations`` and ``kinds``, keep the order they are written in;
- events sorted by date as policytl sorts them (first day, coarser precision
  first, last day, id); events with the same key keep their order;
- dates (``date``, ``published``) in double quotes; other strings plain when
  YAML 1.1 reads them back as the same string, else quoted (single quotes if
  they can be, else double);
- two spaces of indentation per level, list items indented under their key
  (``  - id: ...``);
- a text (``{zh: ..., en: ...}``) and a list of ``issuers``, ``tags`` or
  ``aliases`` names written on one line in flow style when the line fits in 100
  columns (CJK characters count as two), else one item per line;
- a string too long for its line folded (``>-``) at spaces, each line as full
  as 100 columns allow; a string with no space to fold at stays on one line; a
  string with line breaks as a literal block (``|``);
- one blank line before every top-level section after the first and between
  events, and no other blank lines;
- every comment kept: a comment on its own line stays directly above the entry
  that followed it (and moves with it when events are sorted), indented like
  it; a comment at the end of a line stays at the end of that entry's line.

Formatting never changes the data: the formatted text is parsed again and
compared with the original before it is returned. ruamel.yaml is imported only
here, and this module only by the commands that write a user's file.
"""

from __future__ import annotations

import bisect
import io
import json
import re
import unicodedata
import warnings
from collections.abc import Iterator
from typing import Any, NamedTuple

import yaml

from policytl.load.scalars import Unquoted, _as_text
from policytl.load.yamlsafe import parse_document
from policytl.model.dates import parse_date
from policytl.model.errors import PolicytlError
from policytl.model.fields import Kind, derived_names, names, table
from policytl.model.records import DOCUMENT, RECORD_CLASSES, REGISTRIES, event_order

__all__ = ["WIDTH", "FormatError", "format_text"]

#: the column limit of the canonical form
WIDTH = 100

_FIELDS = [*DOCUMENT, *(f for cls in RECORD_CLASSES for f in table(cls))]


def _named(*kinds: Kind) -> frozenset[str]:
    """The names of the fields of these kinds, in any record (from the field table)."""
    return frozenset(f.name for f in _FIELDS if f.spec.kind in kinds)


_TEXT_FIELDS = _named(Kind.TEXT, Kind.DOCREF)
_FLOW_LISTS = _named(Kind.REFS, Kind.STRINGS, Kind.ALIASES)
#: each mapping's fields in their canonical order (the field table's)
_ORDER: dict[str, tuple[str, ...]] = {
    "root": tuple(f.name for f in DOCUMENT),
    **{cls.__name__.lower(): names(cls) + derived_names(cls) for cls in RECORD_CLASSES},
    "text": ("zh", "en"),
}
#: fields that hold a date: always in double quotes
_DATES = _named(Kind.DATE)
_HEADER = frozenset(f.name for f in DOCUMENT if f.spec.kind is Kind.TEXT)
_RECORD = {name: cls.__name__.lower() for name, cls in REGISTRIES.items()}


#: PyYAML's C loader when it has one (the file was validated: plain data only)
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class FormatError(PolicytlError):
    """A file cannot be put in canonical form without losing something."""


def width(text: str) -> int:
    """Columns ``text`` takes in a terminal or editor: CJK wide characters count as two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


# --- reading: data, positions and comments ------------------------------------------------


def _implicit_types() -> dict[Any, list[tuple[str, Any]]]:
    """The plain scalars ruamel.yaml reads as non-text: PyYAML's own table (YAML 1.1
    as PyYAML reads it: no lone y/n booleans, no floats without a dot), except that a
    timestamp stays text, as policytl reads it (``UnquotedDate``)."""
    table: dict[Any, list[tuple[str, Any]]] = {}
    for first, readings in yaml.resolver.Resolver.yaml_implicit_resolvers.items():
        table[first] = [(t, r) for t, r in readings if t != "tag:yaml.org,2002:timestamp"]
    return table


_IMPLICIT = _implicit_types()


def _yaml() -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.emitter import RoundTripEmitter
    from ruamel.yaml.events import ScalarEvent
    from ruamel.yaml.resolver import VersionedResolver

    class PyYAMLResolver(VersionedResolver):
        """Plain scalars typed as policytl's loader types them (see ``_implicit_types``)."""

        @property
        def versioned_resolver(self) -> Any:
            return _IMPLICIT

    class Emitter(RoundTripEmitter):
        """ruamel.yaml's emitter, writing a block scalar's indicator comment (``|  # c``)
        in a list item too: there it is not a comment above the item (text, no token)."""

        def write_pre_comment(self, event: Any) -> bool:
            pre = event.comment[1] if event.comment else None
            if isinstance(event, ScalarEvent) and pre and any(isinstance(c, str) for c in pre):
                return False  # the indicator's comment: write_literal/folded writes it
            return bool(super().write_pre_comment(event))

    y = YAML(typ="rt")
    y.Resolver = PyYAMLResolver
    y.Emitter = Emitter
    y.version = (1, 1)  # as PyYAML reads the file: yes/no/on/off are booleans
    y.indent(mapping=2, sequence=4, offset=2)
    y.width = 1 << 20  # never wrap on its own: folds are ours
    y.allow_unicode = True
    return y


def load_rt(text: str) -> Any:
    """``text`` read by ruamel.yaml (round trip), its warnings silenced: the one place
    policytl reads YAML with ruamel.yaml, and no library warning reaches the user."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _yaml().load(text)


def dump_rt(node: Any) -> str:
    """``node`` written by ruamel.yaml, without the ``%YAML`` line its version adds."""
    out = io.StringIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _yaml().dump(node, out)
    return _strip_directive(out.getvalue())


class Comment(NamedTuple):
    """A comment of a YAML text: 0-based line and column, its text, whether it stands
    on a line of its own (else it ends a line that holds data)."""

    line: int
    column: int
    text: str
    own_line: bool


#: a line break as ruamel.yaml counts lines (PyYAML also counts NEL, U+2028 and U+2029,
#: which end a comment in YAML 1.1): lines are numbered as ruamel.yaml numbers them
_RT_BREAK = re.compile("\r\n|[\r\n]")
_YAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _line_starts(text: str) -> list[int]:
    """Offsets where the lines of ``text`` start, as ruamel.yaml numbers its lines."""
    return [0] + [m.end() for m in _RT_BREAK.finditer(text)]


def _line_at(line_starts: list[int], index: int) -> int:
    """The 0-based line of the character at ``index`` (PyYAML's marks have an index)."""
    return bisect.bisect_right(line_starts, index) - 1


_BLOCK_HEADER = re.compile(r"[|>][-+0-9]*[ \t]*(#.*)?")


def comments_of(text: str) -> list[Comment]:
    """Every comment of the YAML ``text``, in order, found from the scanner's tokens: a
    ``#`` between two tokens (or after a block scalar's indicator) starts a comment,
    one inside a token is text."""
    found: list[Comment] = []
    line_starts = _line_starts(text)

    def gap(start: int, end: int) -> None:
        at = text.find("#", start, end)
        while at >= 0:
            brk = _YAML_BREAK.search(text, at, end)
            stop = end if brk is None else brk.start()
            n = _line_at(line_starts, at)
            col = at - line_starts[n]
            own = not text[line_starts[n] : at].strip()
            found.append(Comment(n, col, text[at:stop].rstrip(), own))
            at = text.find("#", stop, end)

    last = 0
    for token in yaml.scan(text, Loader=_LOADER):
        start, end = token.start_mark.index, token.end_mark.index
        if start < last:
            continue  # zero-width tokens (block ends, keys) before what ended last
        gap(last, start)
        if isinstance(token, yaml.ScalarToken) and token.style in ("|", ">"):
            eol = text.find("\n", start, end)
            header = text[start : end if eol < 0 else eol]
            m = _BLOCK_HEADER.match(header)
            if m and m.group(1):
                gap(start + m.start(1), start + m.end(1))
        last = max(last, end)
    gap(last, len(text))
    return found


class _Entry(NamedTuple):
    """A mapping key or list item: where it starts, where its value ends (0-based
    lines), its nesting depth, and the container and key it is in the tree."""

    line: int
    end: int
    depth: int
    container: Any
    key: Any


def _entries(node: Any, pnode: Any, line_starts: list[int], depth: int = 0) -> Iterator[_Entry]:
    """Every entry of the ruamel.yaml tree ``node``; ``pnode`` is the same document
    composed by PyYAML, for where each value ends (its marks' indices turned into
    ruamel.yaml's line numbers: PyYAML counts a NEL in a quoted text as a line)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    def end_line(v: Any) -> int:
        if isinstance(v, yaml.CollectionNode) and not v.flow_style and v.value:
            # a block collection's end mark is where what follows it starts
            last = v.value[-1]
            return end_line(last[1] if isinstance(v, yaml.MappingNode) else last)
        end = _line_at(line_starts, v.end_mark.index)
        # a block scalar ends at the start of the line after it
        starts_line = line_starts[end] == v.end_mark.index
        before = starts_line and end > _line_at(line_starts, v.start_mark.index)
        return end - 1 if before else end

    if isinstance(node, CommentedMap):
        for (k, v), (_, pv) in zip(node.items(), pnode.value, strict=True):
            yield _Entry(node.lc.key(k)[0], end_line(pv), depth, node, k)
            yield from _entries(v, pv, line_starts, depth + 1)
    elif isinstance(node, CommentedSeq):
        for i, (v, pv) in enumerate(zip(node, pnode.value, strict=True)):
            yield _Entry(node.lc.item(i)[0], end_line(pv), depth, node, i)
            yield from _entries(v, pv, line_starts, depth + 1)


class _Comments:
    """Where each comment of a file goes: above an entry, or at the end of its line."""

    def __init__(self, text: str, root: Any) -> None:
        from ruamel.yaml.comments import CommentedMap

        entries = sorted(
            _entries(root, yaml.compose(text, Loader=_LOADER), _line_starts(text)),
            key=lambda e: (e.line, e.depth),
        )
        starts = [e.line for e in entries]
        self._by_slot = {(id(e.container), e.key): e for e in entries}
        #: (id(container), key) -> comment lines above it
        self.before: dict[tuple[int, Any], list[str]] = {}
        #: (id(container), key) -> the comment at the end of its line
        self.eol: dict[tuple[int, Any], str] = {}
        #: comments after the last entry, each with its indentation
        self.tail: list[str] = []
        #: every comment of the file, to check that none is lost
        self.all = comments_of(text)
        for c in self.all:
            if c.own_line:
                i = bisect.bisect_right(starts, c.line)
                if i == len(entries):
                    self.tail.append(" " * c.column + c.text)
                else:  # above the shallowest entry on the next line that has one
                    e = entries[i]
                    self.before.setdefault((id(e.container), e.key), []).append(c.text)
                continue
            spanning = [e for e in entries if e.line <= c.line <= e.end]
            whole = [e for e in spanning if e.line == e.end == c.line]
            if whole:
                e = whole[0]  # the outermost entry all on this line
            elif spanning:
                e = self._last_before(max(spanning, key=lambda e: (e.depth, e.line)), c.line)
            else:
                continue  # before the first entry: kept by the final check's refusal
            value = e.container[e.key]
            if isinstance(e.key, int) and isinstance(value, CommentedMap) and value:
                e = _Entry(e.line, e.end, e.depth + 1, value, next(iter(value)))
            self.eol.setdefault((id(e.container), e.key), c.text)

    def _last_before(self, e: _Entry, line: int) -> _Entry:
        """For a comment after the items of a multi-line collection (``]  # c``), the
        last item (as deep as it goes), if it has no comment of its own: else ``e``."""
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        found = e
        while True:
            value = found.container[found.key]
            if not isinstance(value, CommentedMap | CommentedSeq) or not value:
                break
            last = list(value.keys())[-1] if isinstance(value, CommentedMap) else len(value) - 1
            child = self._by_slot[(id(value), last)]
            if child.line >= line:
                break
            found = child
        return e if (id(found.container), found.key) in self.eol else found

    @classmethod
    def none(cls) -> _Comments:
        """No comments (for text built from data, such as a new event)."""
        self = cls.__new__(cls)
        self.before, self.eol, self.tail, self.all = {}, {}, [], []
        return self

    def inside(self, node: Any) -> bool:
        """Whether any comment belongs to an entry of ``node`` or below it."""
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        if isinstance(node, CommentedMap):
            keys: Any = node.keys()
            children: Any = node.values()
        elif isinstance(node, CommentedSeq):
            keys, children = range(len(node)), node
        else:
            return False
        for k in keys:
            if (id(node), k) in self.before or (id(node), k) in self.eol:
                return True
        return any(self.inside(c) for c in children)


# --- writing: the canonical tree ----------------------------------------------------------

_RESOLVER = yaml.resolver.Resolver()


def _one_line(value: Any) -> bool:
    """Whether a flow list or a text on one line may hold the scalar ``value``: text,
    plain or in single quotes (not folded, literal or double-quoted)."""
    return type(value) is str or type(value).__name__ == "SingleQuotedScalarString"


#: line breaks that YAML reads as a newline anywhere but in a double-quoted escape
_LINE_BREAKS = re.compile("[\r\x85\u2028\u2029]")
_PLAIN_UNSAFE = re.compile(r"^[-?:,\[\]{}#&*!|>'\"%@`\s]|[:#]\s|\s$|[,\[\]{}]|:$")


def _reads_as_str(value: str) -> bool:
    """Whether ``value`` written plain reads back as this text in YAML 1.1 (PyYAML)
    and in YAML 1.2 (no timestamp, number, boolean or null in either)."""
    tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    return bool(tag == "tag:yaml.org,2002:str") and not isinstance(_as_text(value), Unquoted)


def _other_type(value: str) -> bool:
    """Whether plain ``value`` is text for policytl but a timestamp, number or boolean
    for another YAML reader (ruamel.yaml would write it plain: policytl quotes it)."""
    tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    return tag == "tag:yaml.org,2002:timestamp" or isinstance(_as_text(value), Unquoted)


def _shown_width(value: str) -> int:
    """Columns of a scalar written on one line (plain, else quoted)."""
    if _reads_as_str(value) and value and not _PLAIN_UNSAFE.search(value):
        return width(value)
    return width(value) + 2 + value.count("'")


def _foldable(value: str) -> bool:
    return (
        " " in value
        and "\n" not in value
        and "\t" not in value
        and "  " not in value
        and value == value.strip()
        and value.isprintable()
    )


def _fold_positions(value: str, column: int) -> list[int]:
    """Indices of the spaces to break ``value`` at, its lines starting at ``column``:
    each line as full as the width allows (a longer word stands alone)."""
    room = WIDTH - column
    positions: list[int] = []
    line = 0
    for m in re.finditer(r"\S+", value):
        word = width(m.group())
        if line and line + 1 + word > room:
            positions.append(m.start() - 1)
            line = word
        else:
            line += (1 if line else 0) + word
    return positions


class _Builder:
    def __init__(self, comments: _Comments) -> None:
        self.comments = comments

    def scalar(self, value: Any, key: str | int, column: int, *, quoted: bool = False) -> Any:
        """A scalar in canonical style; ``column`` is where its key (or ``- ``) starts."""
        from ruamel.yaml.scalarstring import (
            DoubleQuotedScalarString,
            FoldedScalarString,
            LiteralScalarString,
            SingleQuotedScalarString,
        )

        if value is None or isinstance(value, bool):
            return value
        if not isinstance(value, str):
            value = str(value)  # an unquoted date or year (policytl warned about it)
            quoted = True
        value = str(value)
        if quoted or _LINE_BREAKS.search(value):
            return DoubleQuotedScalarString(value)
        if _other_type(value):
            return SingleQuotedScalarString(value)  # text that YAML would read as another type
        if "\n" in value and not value.startswith("\t"):
            # (libyaml refuses a literal block whose first line starts with a tab)
            return LiteralScalarString(value)
        lead = column + (2 if isinstance(key, int) else width(key) + 2)
        if lead + _shown_width(value) > WIDTH and _foldable(value):
            positions = _fold_positions(value, column + 2)
            if positions:
                folded = FoldedScalarString(value)
                folded.fold_pos = positions
                return folded
        return value

    def node(self, value: Any, path: tuple[Any, ...], column: int) -> Any:
        """The canonical form of ``value`` at ``path``; its key or dash is at ``column``."""
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        key = path[-1] if path else ""
        if isinstance(value, CommentedMap):
            return self.mapping(value, path, column)
        if isinstance(value, CommentedSeq):
            return self.sequence(value, path, column)
        quoted = len(path) == 3 and path[0] in ("events", "sources") and path[2] in _DATES
        return self.scalar(value, key, column, quoted=quoted)

    def role(self, path: tuple[Any, ...], value: Any) -> str:
        n = len(path)
        if n == 0:
            return "root"
        if n == 2 and path[0] in _RECORD:
            return _RECORD[path[0]]
        if n == 2 and path[0] == "events":
            return "event"
        if n == 4 and path[0] == "events" and path[2] == "sources":
            return "citation"
        if n == 4 and path[0] == "events" and path[2] == "relations":
            return "relation"
        if n == 6 and path[0] == "events" and path[2] == "relations" and path[4] == "sources":
            return "citation"
        if n >= 2 and path[-2] == "aliases":
            return "alias"
        if isinstance(path[-1], str) and path[-1] in _TEXT_FIELDS and n > 1:
            return "text"
        if path in (("title",), ("description",)):
            return "text"
        return "map"

    def attach(self, old: Any, new: Any, key: Any, column: int) -> None:
        """Move the comments of ``old[key]`` onto ``new[key]``."""
        from ruamel.yaml.error import CommentMark
        from ruamel.yaml.tokens import CommentToken

        lines = list(self.comments.before.get((id(old), key), []))
        blank = False
        if isinstance(key, int) and key > 0 and getattr(new, "_policytl_events", False):
            blank = True
        if not isinstance(key, int) and getattr(new, "_policytl_root", False):
            keys = list(new)
            at = keys.index(key)
            # title, description and translations are one group, the header
            blank = at > 0 and not (
                key in ("description", "translations") and keys[at - 1] in _HEADER
            )
        tokens = [CommentToken("\n", CommentMark(0), None)] if blank else []
        tokens += [CommentToken(c + "\n", CommentMark(column), None) for c in lines]
        if tokens:
            new.ca.items.setdefault(key, [None, None, None, None])[1] = tokens
        _add_eol(new, key, self.comments.eol.get((id(old), key)))

    def mapping(self, value: Any, path: tuple[Any, ...], column: int) -> Any:
        from ruamel.yaml.comments import CommentedMap

        role = self.role(path, value)
        order = _ORDER.get(role)
        keys = list(value.keys())
        if order is not None:
            rank = {k: i for i, k in enumerate(order)}
            keys.sort(key=lambda k: rank.get(k, len(rank)))
        inner = column if not path else column + 2
        if path and isinstance(path[-1], int):
            inner = column + 2  # a mapping in a list: its keys line up after "- "
        new = CommentedMap()
        if not path:
            new._policytl_root = True  # type: ignore[attr-defined]
            inner = 0
        for k in keys:
            new[k] = self.node(value[k], (*path, k), inner)
        for k in keys:
            self.attach(value, new, k, inner)
        if not keys:
            new.fa.set_flow_style()
        elif role == "text" and not self.comments.inside(value):
            line = "{" + ", ".join(f"{k}: {new[k]}" for k in keys) + "}"
            if all(_one_line(new[k]) for k in keys) and self.fits(path, column, line, value):
                new.fa.set_flow_style()
        return new

    def fits(self, path: tuple[Any, ...], column: int, body: str, value: Any) -> bool:
        key = path[-1]
        lead = column + (2 if isinstance(key, int) else width(str(key)) + 2)
        extra = sum(
            2 + v.count("'")
            for v in (value.values() if isinstance(value, dict) else value)
            if isinstance(v, str) and not (_reads_as_str(v) and not _PLAIN_UNSAFE.search(v))
        )
        return lead + width(body) + extra <= WIDTH

    def sequence(self, value: Any, path: tuple[Any, ...], column: int) -> Any:
        from ruamel.yaml.comments import CommentedSeq

        items = list(range(len(value)))
        if path == ("events",):
            items.sort(key=lambda i: _event_key(value[i]))
        dash = column + 2
        new = CommentedSeq()
        if path == ("events",):
            new._policytl_events = True  # type: ignore[attr-defined]
        for i in items:
            new.append(self.node(value[i], (*path, len(new)), dash))
        for n, i in enumerate(items):
            self.attach_item(value, new, i, n, dash)
        if not items or (
            path[-1] in _FLOW_LISTS
            and all(_one_line(v) for v in new)
            and not self.comments.inside(value)
            and self.fits(path, column, "[" + ", ".join(new) + "]", list(new))
        ):
            new.fa.set_flow_style()
        return new

    def attach_item(self, old: Any, new: Any, i: int, n: int, column: int) -> None:
        from ruamel.yaml.error import CommentMark
        from ruamel.yaml.tokens import CommentToken

        lines = self.comments.before.get((id(old), i), [])
        tokens = []
        if n > 0 and getattr(new, "_policytl_events", False):
            tokens.append(CommentToken("\n", CommentMark(0), None))
        tokens += [CommentToken(c + "\n", CommentMark(column), None) for c in lines]
        if tokens:
            new.ca.items.setdefault(n, [None, None, None, None])[1] = tokens
        _add_eol(new, n, self.comments.eol.get((id(old), i)))


def _add_eol(new: Any, key: Any, comment: str | None) -> None:
    """Put ``comment`` at the end of the line of ``new[key]``: after the indicator of
    a block scalar (``|  # c``), else after the value."""
    from ruamel.yaml.comments import CommentedSeq
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString
    from ruamel.yaml.tokens import CommentToken

    if comment is None:
        return
    value = new[key]
    if isinstance(value, LiteralScalarString | FoldedScalarString):
        value.comment = f"  {comment}"  # type: ignore[union-attr]
    elif isinstance(new, CommentedSeq) and key in new.ca.items:
        # an item with comments above it: ruamel.yaml's yaml_add_eol_comment fails there
        new.ca.items[key][0] = CommentToken(f" {comment}", CommentMark(0), None)
    else:
        new.yaml_add_eol_comment(comment, key, column=0)


def _event_key(event: Any) -> tuple[Any, ...]:
    """The order policytl sorts events in; an event whose date cannot be read goes last."""
    from policytl.model.errors import DateError

    eid = str(event.get("id"))
    try:
        date_key = parse_date(str(event.get("date"))).sort_key
        return (0, *event_order(date_key, str(event.get("kind")), event.get("document"), eid))
    except DateError:
        return (1, eid)


# --- the whole file -----------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """Data as PyYAML reads it, with dates as text and events in id order, to compare."""
    if isinstance(value, dict):
        out = {str(k): _plain(v) for k, v in value.items()}
        if isinstance(out.get("events"), list):
            out["events"] = sorted(
                out["events"], key=lambda e: json.dumps(e, sort_keys=True, default=str)
            )
        return out
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | str):
        return value
    return str(value)


def format_text(text: str, name: str = "<text>") -> str:
    """The canonical form of a valid policytl/1 YAML document.

    The caller checks that the document is valid first (``policytl fmt`` never
    formats a file that does not validate). Its directives (``%YAML 1.1``) and
    the ``---`` after them are kept as they are, and so are its line endings
    (LF or CRLF). Raises FormatError if a comment could not be kept or the data
    would change.
    """
    newline = "\r\n" if "\r\n" in text else "\n"
    head, body = _directives(text.replace("\r\n", "\n"), name)
    try:
        result = head + _format_body(body, name)
    except (TypeError, AttributeError) as exc:  # ruamel.yaml cannot place a comment
        raise FormatError(
            f"{name}: fmt cannot keep a comment of this file where it is ({exc}); "
            "nothing was written (please report this)"
        ) from None
    before = _plain(parse_document(text, name).data)
    after = _plain(parse_document(result, name).data)
    if before != after:
        raise FormatError(f"{name}: formatting would change the data (please report this)")
    _check_comments(comments_of(text.replace("\r\n", "\n")), comments_of(result), name)
    return result.replace("\n", newline)


def _directives(text: str, name: str) -> tuple[str, str]:
    """(the lines up to the ``---`` that ends a document's directives, kept as they
    are; the rest, the same lines blank, so that its line numbers stay those of ``text``)."""
    lines = text.splitlines(keepends=True)
    for n, line in enumerate(lines):
        if line.startswith("%"):
            continue
        if line.startswith("---") and any(x.startswith("%") for x in lines[:n]):
            if line[3:].strip() and not line[3:].strip().startswith("#"):
                raise FormatError(
                    f"{name}:{n + 1}: cannot format data on the '---' line; "
                    "start the document on the next line"
                )
            head = "".join(lines[: n + 1])
            return head, "\n" * (n + 1) + "".join(lines[n + 1 :])
        if line.strip() and not line.lstrip().startswith("#"):
            break
    return "", text


def _format_body(text: str, name: str) -> str:
    root = load_rt(text)
    comments = _Comments(text, root)
    new = _Builder(comments).node(root, (), 0)
    if comments.tail:
        _attach_tail(new, comments.tail)
    out = dump_rt(new)
    return out if out.endswith("\n") else out + "\n"  # after a last end-of-line comment


def _attach_tail(new: Any, tail_lines: list[str]) -> None:
    """Put the comments after the document's last entry after it, indented as they were."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    tail = "".join(c + "\n" for c in tail_lines)
    node: Any = new
    while True:  # the last entry of the document, as deep as it goes
        key = list(node.keys())[-1] if isinstance(node, CommentedMap) else len(node) - 1
        child = node[key]
        if isinstance(child, CommentedMap | CommentedSeq) and child and not child.fa.flow_style():
            node = child
            continue
        break
    slot = 2 if isinstance(node, CommentedMap) else 0
    slots = node.ca.items.setdefault(key, [None, None, None, None])
    eol = slots[slot]
    value = (eol.value.rstrip("\n") + "\n" if eol is not None else "\n") + tail
    slots[slot] = CommentToken(value, CommentMark(eol.column if eol else 0), None)


def _check_comments(old: list[Comment], new: list[Comment], name: str) -> None:
    """FormatError unless ``new`` holds every comment of ``old``, each as often, each
    at the end of a line or on its own line as it was."""
    from collections import Counter

    def count(cs: list[Comment]) -> Counter[tuple[str, bool]]:
        return Counter((c.text, c.own_line) for c in cs)

    lost = count(old) - count(new)
    if lost:
        c = next(c for c in old if (c.text, c.own_line) in lost)
        raise FormatError(
            f"{name}:{c.line + 1}:{c.column + 1}: fmt cannot keep the comment "
            f"{c.text!r} where it is; nothing was written "
            "(move it onto a line of its own above an entry)"
        )


def _strip_directive(text: str) -> str:
    if text.startswith("%YAML 1.1\n---\n"):
        return text[len("%YAML 1.1\n---\n") :]
    return text
