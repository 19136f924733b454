"""Canonical formatting of policytl/1 YAML files (``policytl fmt``), keeping comments.

The canonical form, in full (README "Canonical form" says the same):

- keys in the order of the format's field tables: the document's sections as
  ``format, title, description, translations, kinds, sources, jurisdictions,
  bodies, events``; each record's fields as README lists them; ``zh`` before
  ``en``; ``source, quote, locator``; ``name, note``. Records in ``sources``,
  ``jurisdictions`` and ``bodies``, and ``translations`` and ``kinds``, keep
  the order they are written in;
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

import io
import json
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

import yaml

from policytl.load.validate import (
    ALIAS_FIELDS,
    BODY_FIELDS,
    CITATION_FIELDS,
    DERIVED_EVENT_FIELDS,
    EVENT_FIELDS,
    JURISDICTION_FIELDS,
    SOURCE_FIELDS,
    TOP_FIELDS,
)
from policytl.model.dates import parse_date
from policytl.model.errors import PolicytlError

__all__ = ["WIDTH", "FormatError", "format_text"]

#: the column limit of the canonical form
WIDTH = 100

_TEXT_FIELDS = frozenset(("title", "description", "name", "short", "document", "summary"))
_FLOW_LISTS = frozenset(("issuers", "tags", "aliases"))
_ORDER: dict[str, tuple[str, ...]] = {
    "root": TOP_FIELDS,
    "source": SOURCE_FIELDS,
    "jurisdiction": JURISDICTION_FIELDS,
    "body": BODY_FIELDS,
    "event": EVENT_FIELDS + DERIVED_EVENT_FIELDS,
    "citation": CITATION_FIELDS,
    "alias": ALIAS_FIELDS,
    "text": ("zh", "en"),
}
#: fields that hold a date: always in double quotes (``due`` is a target's deadline)
_DATES = frozenset(("date", "published", "due"))
_HEADER = frozenset(("title", "description"))
_RECORD = {"sources": "source", "jurisdictions": "jurisdiction", "bodies": "body"}


#: PyYAML's C loader when it has one (the file was validated: plain data only)
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _safe_load(text: str) -> Any:
    """``yaml.safe_load`` with the C loader when there is one."""
    loader = _LOADER(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


class FormatError(PolicytlError):
    """A file cannot be put in canonical form without losing something."""


def width(text: str) -> int:
    """Columns ``text`` takes in a terminal or editor: CJK wide characters count as two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


# --- reading: data, positions and comments ------------------------------------------------


#: PyYAML's YAML 1.1 booleans (ruamel.yaml's also take a lone y, Y, n or N)
_PYYAML_BOOL = re.compile(
    r"^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$"
)


def _yaml(*, dump: bool = False) -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.resolver import VersionedResolver

    class PyYAMLResolver(VersionedResolver):
        """YAML 1.1 as PyYAML reads it: a lone y, Y, n or N is text, not a boolean."""

        @property
        def versioned_resolver(self) -> Any:
            table = super().versioned_resolver
            for ch in "yYnN":
                table[ch] = [
                    (tag, _PYYAML_BOOL if tag == "tag:yaml.org,2002:bool" else regexp)
                    for tag, regexp in table.get(ch, [])
                ]
            return table

    y = YAML(typ="rt")
    y.Resolver = PyYAMLResolver
    y.version = (1, 1)  # as PyYAML reads the file: yes/no/on/off are booleans
    y.indent(mapping=2, sequence=4, offset=2)
    y.width = 1 << 20  # never wrap on its own: folds are ours
    y.allow_unicode = True
    return y


def _entries(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[int, int, int, Any, Any]]:
    """(line, depth, column, container, key) of every mapping key and list item."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedMap):
        for k, v in node.items():
            line, col = node.lc.key(k)
            yield (line, len(path), col, node, k)
            yield from _entries(v, (*path, k))
    elif isinstance(node, CommentedSeq):
        for i, v in enumerate(node):
            line, col = node.lc.item(i)
            yield (line, len(path), col, node, i)
            yield from _entries(v, (*path, i))


def _tokens(node: Any) -> Iterator[Any]:
    """Every comment token ruamel.yaml attached anywhere in the tree."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.tokens import CommentToken

    def flat(obj: Any) -> Iterator[Any]:
        if isinstance(obj, CommentToken):
            yield obj
        elif isinstance(obj, list):
            for o in obj:
                yield from flat(o)

    if isinstance(node, CommentedMap | CommentedSeq):
        ca = node.ca
        yield from flat(ca.comment)
        for slots in ca.items.values():
            yield from flat(slots)
        yield from flat(ca.end)
        children = node.values() if isinstance(node, CommentedMap) else node
        for child in children:
            yield from _tokens(child)


def _scalar_lines(text: str) -> set[int]:
    """0-based lines inside multi-line scalars (a ``#`` there is text, not a comment)."""
    inside: set[int] = set()
    stack = [yaml.compose(text, Loader=_LOADER)]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            start, end = node.start_mark, node.end_mark
            last = end.line if end.column > 0 else end.line - 1
            inside.update(range(start.line + 1, last + 1))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                stack.extend((k, v))
    return inside


class _Comments:
    """Where each comment of a file goes: above an entry, or at the end of its line."""

    def __init__(self, text: str, root: Any) -> None:
        lines = text.splitlines()
        inside = _scalar_lines(text)
        entries = sorted(_entries(root), key=lambda e: (e[0], e[1]))
        starts = [e[0] for e in entries]
        #: (id(container), key) -> comment lines above it
        self.before: dict[tuple[int, Any], list[str]] = {}
        #: (id(container), key) -> the comment at the end of its line
        self.eol: dict[tuple[int, Any], str] = {}
        #: comments after the last entry
        self.tail: list[str] = []
        #: every comment, to check that none is lost
        self.all: list[str] = []
        import bisect

        for n, line in enumerate(lines):
            if n in inside or not line.lstrip().startswith("#"):
                continue
            comment = line.strip()
            self.all.append(comment)
            i = bisect.bisect_right(starts, n)
            if i == len(entries):
                self.tail.append(comment)
            else:
                _, _, _, container, key = entries[i]  # the shallowest entry on that line
                self.before.setdefault((id(container), key), []).append(comment)
        for token in _tokens(root):
            n, col = token.start_mark.line, token.start_mark.column
            if (
                not token.value.startswith("#")
                or n >= len(lines)
                or not lines[n][:col].strip()
                or n in inside
            ):
                continue
            comment = lines[n][col:].rstrip()
            i = bisect.bisect_right(starts, n) - 1
            if i < 0:
                continue
            # the first mapping key on the line where the comment is (the line's
            # outermost key), else the last entry that starts before it
            on_line = [e for e in entries if e[0] == starts[i]]
            keyed = [e for e in on_line if not isinstance(e[4], int)]
            _, _, _, container, key = keyed[0] if keyed else on_line[-1]
            slot = (id(container), key)
            if slot not in self.eol:
                self.eol[slot] = comment
                self.all.append(comment)

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
_PLAIN_UNSAFE = re.compile(r"^[-?:,\[\]{}#&*!|>'\"%@`\s]|[:#]\s|\s$|[,\[\]{}]|:$")


def _reads_as_str(value: str) -> bool:
    tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    return bool(tag == "tag:yaml.org,2002:str")


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
        )

        if value is None or isinstance(value, bool):
            return value
        if not isinstance(value, str):
            value = str(value)  # an unquoted date or year (policytl warned about it)
            quoted = True
        value = str(value)
        if quoted:
            return DoubleQuotedScalarString(value)
        if "\n" in value:
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
        eol = self.comments.eol.get((id(old), key))
        if eol is not None:
            new.yaml_add_eol_comment(eol, key, column=0)

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
            if all(type(new[k]) is str for k in keys) and self.fits(path, column, line, value):
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
            and all(type(v) is str for v in new)
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
        eol = self.comments.eol.get((id(old), i))
        if eol is not None:
            new.yaml_add_eol_comment(eol, n, column=0)


def _event_key(event: Any) -> tuple[Any, ...]:
    """The order policytl sorts events in; an event whose date cannot be read goes last."""
    from policytl.model.errors import DateError

    eid = str(event.get("id"))
    try:
        return (0, *parse_date(str(event.get("date"))).sort_key, eid)
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
    formats a file that does not validate). Raises FormatError if a comment
    could not be kept or the data would change.
    """
    root = _yaml().load(text)
    comments = _Comments(text, root)
    builder = _Builder(comments)
    new = builder.node(root, (), 0)
    if comments.tail:
        from ruamel.yaml.comments import CommentedMap, CommentedSeq
        from ruamel.yaml.error import CommentMark
        from ruamel.yaml.tokens import CommentToken

        tail = "".join(c + "\n" for c in comments.tail)
        node: Any = new
        while True:  # the last entry of the document, as deep as it goes
            key = list(node.keys())[-1] if isinstance(node, CommentedMap) else len(node) - 1
            child = node[key]
            if (
                isinstance(child, CommentedMap | CommentedSeq)
                and child
                and not child.fa.flow_style()
            ):
                node = child
                continue
            break
        slot = 2 if isinstance(node, CommentedMap) else 0
        slots = node.ca.items.setdefault(key, [None, None, None, None])
        eol = slots[slot]
        value = (eol.value.rstrip("\n") + "\n" if eol is not None else "\n") + tail
        slots[slot] = CommentToken(value, CommentMark(eol.column if eol else 0), None)
    out = io.StringIO()
    _yaml(dump=True).dump(new, out)
    result = _strip_directive(out.getvalue())
    before = _plain(_safe_load(text))
    after_data = _plain(_safe_load(result))
    if before != after_data:
        raise FormatError(f"{name}: formatting would change the data (please report this)")
    kept = [line.strip() for line in result.splitlines()]
    for comment in comments.all:
        if not any(comment in line for line in kept):
            raise FormatError(
                f"{name}: cannot keep the comment {comment!r} in canonical form; "
                "move it onto a line of its own above an entry"
            )
    return result


def _strip_directive(text: str) -> str:
    if text.startswith("%YAML 1.1\n---\n"):
        return text[len("%YAML 1.1\n---\n") :]
    return text
