"""The parsed-data cache: validated timelines kept as JSON, so that a query on a
large timeline does not parse and check its YAML again.

Where: ``$POLICYTL_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/policytl``, else
``~/.cache/policytl``. One file per set of input files (named by a hash of
their resolved paths). The folder is safe to delete at any time.

Keys: for each input file, in order, its resolved path, size, mtime_ns and
inode, and the BLAKE2b digest of its bytes. A cached timeline is used only
when the stat fields match *and* the digest of the file's current bytes equals
the digest of the bytes the timeline was built from; the digest is computed on
every use (in a thread, while the cache file is read), so an edit that keeps
the size and restores the mtime is still seen. Any other outcome (no entry,
another policytl or cache version, a foreign, truncated or corrupt file, a
wrong type anywhere) is a miss: the data is loaded and checked from scratch
and the entry rewritten. Nothing is ever unpickled: entries are JSON lines.

Only a valid timeline is cached; warnings are not kept (``validate`` never
uses the cache). ``load(..., use=False)``, ``--no-cache`` and
``$POLICYTL_NO_CACHE`` bypass it: it is then neither read nor written. Errors
writing the cache (read-only folder, full disk) are ignored.

Standard library only.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import json.scanner
import os
import sys
import threading
import zlib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ._version import __version__
from .dates import PolicyDate, parse_date
from .errors import PolicytlError
from .fileio import write_atomic
from .loader import gc_paused, load_documents, parse_file, read_bytes, stat_file
from .model import Alias, Body, Citation, Event, Jurisdiction, Source, Text, Timeline

__all__ = [
    "CACHE_FORMAT",
    "CACHE_VERSION",
    "cache_dir",
    "enabled",
    "entry_path",
    "load",
]

CACHE_FORMAT = "policytl-parsed-data"
#: Bump when the entry layout or the meaning of any field changes.
CACHE_VERSION = 1
_DIGEST = "blake2b"
_BLOCK = 1 << 23  # hashing and checksums
_TEXT_BLOCK = 1 << 20  # decoding (small, so that the freed blocks are reused)


def enabled() -> bool:
    """False when $POLICYTL_NO_CACHE is set (to anything but empty or 0)."""
    return os.environ.get("POLICYTL_NO_CACHE", "") in ("", "0")


def cache_dir() -> Path | None:
    """$POLICYTL_CACHE_DIR, else $XDG_CACHE_HOME/policytl, else ~/.cache/policytl."""
    own = os.environ.get("POLICYTL_CACHE_DIR", "")
    if own:
        return Path(own)
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "policytl"
    try:
        return Path.home() / ".cache" / "policytl"
    except (RuntimeError, KeyError):  # no home folder
        return None


def _resolved(path: Path) -> str:
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):
        return str(path.absolute())


def entry_path(files: Sequence[Path]) -> Path | None:
    """The cache file for this list of input files (None without a cache folder)."""
    folder = cache_dir()
    if folder is None:
        return None
    key = "\0".join(_resolved(f) for f in files).encode("utf-8", "surrogateescape")
    return folder / f"{hashlib.blake2b(key, digest_size=16).hexdigest()}.jsonl"


def _digest_bytes(data: bytes) -> str:
    return hashlib.blake2b(data).hexdigest()


def _digest_file(path: Path) -> str:
    # Large blocks: hashlib releases the GIL while it hashes one, and a background
    # thread that needs the GIL back only every 8 MiB does not slow the main thread.
    h = hashlib.blake2b()
    buf = bytearray(_BLOCK)
    view = memoryview(buf)
    with path.open("rb", buffering=0) as fh:
        while n := fh.readinto(buf):
            h.update(view[:n])
    return h.hexdigest()


# --- reading an entry ---------------------------------------------------------------------


class _Corrupt(Exception):
    """The cache entry is not one this policytl wrote for these files."""


def _fast_maker(cls: type) -> Callable[..., Any]:
    """A constructor for a frozen slotted dataclass that skips its frozen __init__.

    It is a twin class with the same slots and a plain __init__ that assigns
    the fields and then gives the instance ``cls`` as its class (allowed: same
    layout). The result is indistinguishable from ``cls(*fields)`` and several
    times cheaper to make, which matters for 100,000 events. Only for content
    this module has type-checked.
    """
    slots: tuple[str, ...] = cls.__slots__  # type: ignore[attr-defined]
    body = "".join(f"    self.{s} = {s}\n" for s in slots)
    ns: dict[str, Any] = {"cls": cls}
    exec(f"def __init__(self, {', '.join(slots)}):\n{body}    self.__class__ = cls\n", ns)
    return type(f"_{cls.__name__}Twin", (), {"__slots__": slots, "__init__": ns["__init__"]})


_make_event = _fast_maker(Event)
_make_text = _fast_maker(Text)
_make_citation = _fast_maker(Citation)

_S, _L, _I, _N = str, list, int, type(None)
_PAIRS = ((_S, _S), (_S, _N), (_N, _S))
#: The types an event row may have, field by field (see _event_row for the layout).
_ROW_TYPES = frozenset(
    (_S, _I, _I, _I, _L, *title, *doc, *summ, _L, _L, _L, url)
    for title in _PAIRS
    for doc in (*_PAIRS, (_N, _N))
    for summ in (*_PAIRS, (_N, _N))
    for url in (_S, _N)
)
_TEXT_TYPES = frozenset(_PAIRS)
_CITE_TYPES = frozenset({(_I, _S, _S), (_I, _S, _N)})
_only_str = frozenset({str}).issuperset


def _str(v: Any) -> str:
    if type(v) is not str:
        raise _Corrupt
    return v


def _opt_str(v: Any) -> str | None:
    if v is not None and type(v) is not str:
        raise _Corrupt
    return v


def _strs(v: Any) -> tuple[str, ...]:
    if type(v) is not list or not _only_str(map(type, v)):
        raise _Corrupt
    return tuple(v)


def _text(v: Any) -> Text:
    if type(v) is not list or tuple(map(type, v)) not in _TEXT_TYPES:
        raise _Corrupt
    text: Text = _make_text(*v)
    return text


def _opt_text(v: Any) -> Text | None:
    return None if v is None else _text(v)


def _read_events(
    lines: Iterator[str], count: int, strings: list[str], dates: list[PolicyDate]
) -> list[Event]:
    """``count`` events from their rows, type-checked cheaply (row by row, in C).

    Ids, kinds, jurisdictions, issuers, tags and source ids are indexes into the
    entry's string table and dates into its date table, so that every event
    shares one copy of each (less memory, and no interning work here).
    """
    scan = json.scanner.c_make_scanner(json.JSONDecoder())  # type: ignore[attr-defined]
    row_types, cite_types, only_str = _ROW_TYPES, _CITE_TYPES, _only_str
    make_event, make_text, make_citation = _make_event, _make_text, _make_citation
    string, date = strings.__getitem__, dates.__getitem__
    events: list[Event] = []
    append = events.append
    for _, line in zip(range(count), lines, strict=False):  # range first: keeps the trailer
        row = scan(line, 0)[0]
        if type(row) is not list or tuple(map(type, row)) not in row_types:
            raise _Corrupt
        eid, d, kind, jur, issuers, tz, te, dz, de, sz, se, cites, tags, notes, url = row
        citations = []
        for c in cites:
            if type(c) is not list or tuple(map(type, c)) not in cite_types:
                raise _Corrupt
            citations.append(make_citation(string(c[0]), c[1], c[2]))
        if not citations or not only_str(map(type, notes)):
            raise _Corrupt
        append(
            make_event(
                eid,
                date(d),
                string(kind),
                string(jur),
                tuple(map(string, issuers)),
                make_text(tz, te),
                tuple(citations),
                None if dz is None and de is None else make_text(dz, de),
                None if sz is None and se is None else make_text(sz, se),
                tuple(map(string, tags)),
                tuple(notes),
                url,
            )
        )
    if len(events) != count:
        raise _Corrupt
    return events


def _aliases(v: Any) -> tuple[Alias, ...]:
    if type(v) is not list:
        raise _Corrupt
    out = []
    for a in v:
        if type(a) is not list or len(a) != 2:
            raise _Corrupt
        out.append(Alias(_str(a[0]), _opt_str(a[1])))
    return tuple(out)


def _mapping(v: Any) -> dict[str, Any]:
    if type(v) is not dict:
        raise _Corrupt
    return v


def _registries(
    doc: Any,
) -> tuple[
    dict[str, Source],
    dict[str, Jurisdiction],
    dict[str, Body],
    Text | None,
    Text | None,
    dict[str, str],
]:
    doc = _mapping(doc)
    sources: dict[str, Source] = {}
    for sid, s in _mapping(doc["sources"]).items():
        title, publisher, author, published, language, url, kind, notes = s
        sources[sys.intern(sid)] = Source(
            sid,
            _text(title),
            _opt_str(publisher),
            _opt_str(author),
            None if published is None else parse_date(_str(published)),
            _opt_str(language),
            _opt_str(url),
            _str(kind),
            _strs(notes),
        )
    jurisdictions: dict[str, Jurisdiction] = {}
    for code, j in _mapping(doc["jurisdictions"]).items():
        name, aliases, parent, notes = j
        jurisdictions[sys.intern(code)] = Jurisdiction(
            code, _text(name), _aliases(aliases), _opt_str(parent), _strs(notes)
        )
    bodies: dict[str, Body] = {}
    for bid, b in _mapping(doc["bodies"]).items():
        name, level, jur, cls, short, aliases, parent, notes = b
        bodies[sys.intern(bid)] = Body(
            bid,
            _text(name),
            _str(level),
            sys.intern(_str(jur)),
            _str(cls),
            _opt_text(short),
            _aliases(aliases),
            _opt_str(parent),
            _strs(notes),
        )
    translations = _mapping(doc["translations"])
    for k, v in translations.items():
        _str(k)
        _str(v)
    return (
        sources,
        jurisdictions,
        bodies,
        _opt_text(doc["title"]),
        _opt_text(doc["description"]),
        translations,
    )


def _file_keys(files: Sequence[Path], stats: Sequence[os.stat_result]) -> list[dict[str, Any]]:
    return [
        {
            "path": _resolved(f),
            "size": st.st_size,
            "mtime_ns": st.st_mtime_ns,
            "inode": st.st_ino,
        }
        for f, st in zip(files, stats, strict=True)
    ]


def _stamp() -> dict[str, Any]:
    """What says who wrote an entry: any difference makes it a miss."""
    return {
        "cache": CACHE_FORMAT,
        "version": CACHE_VERSION,
        "policytl": __version__,
        "digest": _DIGEST,
    }


class _Checker(threading.Thread):
    """Digests the input files and checksums the entry, in the background.

    hashlib and zlib release the GIL on large buffers, so this runs on another
    core while the main thread decodes the entry.
    """

    def __init__(self, files: Sequence[Path], entry: Path) -> None:
        super().__init__(daemon=True)
        self.files = files
        self.entry = entry
        self.digests: list[str] | None = None
        self.crc: int | None = None

    def run(self) -> None:
        try:
            self.digests = [_digest_file(f) for f in self.files]
            self.crc = _entry_crc(self.entry)
        except OSError:
            pass


def _entry_crc(entry: Path) -> int | None:
    """CRC-32 of an entry's bytes up to (not including) its last line, the trailer."""
    crc = 0
    tail = b""
    with entry.open("rb") as fh:
        while block := fh.read(_BLOCK):
            buf = tail + block if tail else block
            cut = max(0, len(buf) - 4096)
            crc = zlib.crc32(memoryview(buf)[:cut], crc)
            tail = buf[cut:]
    if not tail.endswith(b"\n"):
        return None
    start = tail.rfind(b"\n", 0, len(tail) - 1) + 1
    if start == 0 and len(tail) == 4096:
        return None
    return zlib.crc32(tail[:start], crc)


def _lines(fh: Any) -> Iterator[str]:
    """The lines of a binary file as text, without their newlines, a block at a time."""
    decode = codecs.getincrementaldecoder("utf-8")().decode
    rest = ""
    while block := fh.read(_TEXT_BLOCK):
        lines = (rest + decode(block)).split("\n")
        rest = lines.pop()
        yield from lines
    rest += decode(b"", True)
    if rest:
        yield rest


def _read_entry(
    entry: Path, files: Sequence[Path], stats: Sequence[os.stat_result]
) -> Timeline | None:
    try:
        fh = entry.open("rb")
    except OSError:
        return None
    checker: _Checker | None = None
    try:
        with fh:
            lines = _lines(fh)
            header = json.loads(next(lines))
            if type(header) is not dict:
                return None
            stored = header.pop("files", None)
            count = header.pop("events", None)
            if header != _stamp():
                return None
            keys = _file_keys(files, stats)
            if type(stored) is not list or len(stored) != len(keys):
                return None
            digests = []
            for want, have in zip(keys, stored, strict=True):
                if type(have) is not dict:
                    return None
                digest = have.pop("digest", None)
                if type(digest) is not str or have != want:
                    return None
                digests.append(digest)
            if type(count) is not int or count < 0:
                return None
            checker = _Checker(files, entry)
            checker.start()
            registries = json.loads(next(lines))
            sources, jurisdictions, bodies, title, description, translations = _registries(
                registries
            )
            strings = _strs(registries["strings"])
            dates = [parse_date(d) for d in _strs(registries["dates"])]
            events = _read_events(lines, count, list(strings), dates)
            trailer = json.loads(next(lines))
            if next(lines, None) is not None:
                return None
    except (_Corrupt, ValueError, TypeError, KeyError, IndexError, StopIteration):
        return None
    except (OSError, RecursionError, PolicytlError):
        return None
    finally:
        if checker is not None:
            checker.join()
    assert checker is not None
    if checker.digests != digests or trailer != {"end": count, "crc32": checker.crc}:
        return None
    return Timeline(
        events,
        bodies,
        sources,
        jurisdictions,
        title,
        description,
        translations,
        tuple(str(f) for f in files),
    )


# --- writing an entry ---------------------------------------------------------------------


def _text_row(t: Text | None) -> list[str | None] | None:
    return None if t is None else [t.zh, t.en]


class _Table:
    """Strings (or date texts) by first appearance, for rows that refer to them by index."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def __call__(self, value: str) -> int:
        i = self.index.get(value)
        if i is None:
            i = self.index[value] = len(self.index)
        return i

    def items(self) -> list[str]:
        return list(self.index)


def _event_row(e: Event, s: _Table, d: _Table) -> list[Any]:
    """One event as a flat row (see _ROW_TYPES): texts as zh, en pairs."""
    doc, summ = e.document, e.summary
    return [
        e.id,
        d(e.date.text),
        s(e.kind),
        s(e.jurisdiction),
        [s(b) for b in e.issuers],
        e.title.zh,
        e.title.en,
        None if doc is None else doc.zh,
        None if doc is None else doc.en,
        None if summ is None else summ.zh,
        None if summ is None else summ.en,
        [[s(c.source), c.quote, c.locator] for c in e.sources],
        [s(t) for t in e.tags],
        list(e.notes),
        e.url,
    ]


def _registries_row(t: Timeline) -> dict[str, Any]:
    return {
        "title": _text_row(t.title),
        "description": _text_row(t.description),
        "translations": t.translations,
        "sources": {
            k: [
                _text_row(s.title),
                s.publisher,
                s.author,
                None if s.published is None else s.published.text,
                s.language,
                s.url,
                s.kind,
                list(s.notes),
            ]
            for k, s in t.sources.items()
        },
        "jurisdictions": {
            k: [
                _text_row(j.name),
                [[a.name, a.note] for a in j.aliases],
                j.parent,
                list(j.notes),
            ]
            for k, j in t.jurisdictions.items()
        },
        "bodies": {
            k: [
                _text_row(b.name),
                b.level,
                b.jurisdiction,
                b.classification,
                _text_row(b.short),
                [[a.name, a.note] for a in b.aliases],
                b.parent,
                list(b.notes),
            ]
            for k, b in t.bodies.items()
        },
    }


def encode(timeline: Timeline, keys: list[dict[str, Any]]) -> bytes:
    """The cache entry for a timeline built from files with these keys (with digests)."""
    header = {**_stamp(), "files": keys, "events": len(timeline.events)}
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    head = dumps(header).encode("utf-8") + b"\n"
    strings, dates = _Table(), _Table()
    rows = [dumps(_event_row(e, strings, dates)).encode("utf-8") + b"\n" for e in timeline.events]
    registries = _registries_row(timeline)
    registries["strings"] = strings.items()
    registries["dates"] = dates.items()
    lines = [head, dumps(registries).encode("utf-8") + b"\n", *rows]
    crc = 0
    for line in lines:
        crc = zlib.crc32(line, crc)
    tail = dumps({"end": len(timeline.events), "crc32": crc}).encode("utf-8") + b"\n"
    return b"".join(lines) + tail


def _write_entry(entry: Path, data: bytes) -> None:
    try:
        folder = entry.parent
        if not folder.is_dir():
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            tag = folder / "CACHEDIR.TAG"
            tag.write_text(
                "Signature: 8a477f597d28d172789f06886806bc55\n"
                "# policytl's parsed-data cache; safe to delete. See https://bford.info/cachedir/\n",
                encoding="utf-8",
            )
        write_atomic(entry, data)
    except (OSError, PolicytlError):
        pass  # a cache that cannot be written is no cache, not an error


# --- the entry point ----------------------------------------------------------------------


def load(files: Sequence[Path], *, max_bytes: int, use: bool = True) -> Timeline:
    """Load and validate ``files`` (already expanded), through the cache if ``use``.

    Raises LoadError/DataError exactly as loading without the cache does.
    """
    stats = [stat_file(f, max_bytes) for f in files]
    entry = entry_path(files) if use else None
    if entry is not None:
        with gc_paused():
            cached = _read_entry(entry, files, stats)
        if cached is not None:
            return cached
    with gc_paused():
        datas = [read_bytes(f, max_bytes) for f in files]
        digests = [_digest_bytes(d) for d in datas] if entry is not None else []
        docs = [
            parse_file(f, max_bytes=max_bytes, data=d) for f, d in zip(files, datas, strict=True)
        ]
        del datas
        timeline, _ = load_documents(docs)
        del docs
    if entry is not None:
        keys = _file_keys(files, stats)
        for k, d in zip(keys, digests, strict=True):
            k["digest"] = d
        _write_entry(entry, encode(timeline, keys))
    return timeline
