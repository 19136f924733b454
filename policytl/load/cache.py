"""The parsed-data cache: validated timelines kept as JSON, so that a query on a
large timeline does not parse and check its YAML again.

Where: ``$POLICYTL_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/policytl``, else
``~/.cache/policytl``. One file per set of input files (named by a hash of
their resolved paths). The folder is safe to delete at any time.

Keys: for each input file, in order, its resolved path, size, mtime_ns and
inode, and the BLAKE2b digest of its bytes. A cached timeline is used only
when the stat fields match *and* the digest of the file's current bytes equals
the digest of the bytes the timeline was built from; the digest is computed on
every use (in a thread while the cache file is read, unless the files are
small), so an edit that keeps the size and restores the mtime is still seen.
Any other outcome (no entry, another policytl or cache version, a foreign,
truncated or corrupt file, a wrong type anywhere) is a miss: the data is
loaded and checked from scratch and the entry rewritten. Nothing is ever
unpickled: entries are JSON lines.

An entry is a header line (stamp, keys, number of events, names of the lines),
the registries, tables of shared values (strings, dates, tuples, texts), one
line per column of sources and events (indexes into the tables, or values),
and a trailer with the count and a CRC-32 of everything before it. Reading
checks the stamp and keys, then types and index ranges table by table and
column by column with C-level loops, and builds the objects the same way
(see ``_build``), so that 100,000 events load in a fraction of the time that
parsing and checking their YAML takes.

Only a valid timeline is cached; warnings are not kept (``validate`` never
uses the cache). ``load(..., use=False)``, ``--no-cache`` and
``$POLICYTL_NO_CACHE`` bypass it: it is then neither read nor written. Errors
writing the cache (read-only folder, full disk) are ignored.

Standard library only.
"""

from __future__ import annotations

import json
import mmap
import operator
import os
import sys
import zlib
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import suppress
from datetime import date
from functools import partial
from itertools import chain, islice, repeat
from stat import S_ISREG

try:
    # hashlib's blake2b is this very type, but importing hashlib loads OpenSSL's
    # _hashlib too (about 3 ms of start-up), and BLAKE2b is all the cache uses.
    from _blake2 import blake2b
except ImportError:  # a Python built without the _blake2 module
    from hashlib import blake2b

from policytl._version import __version__
from policytl.files.write import write_atomic
from policytl.model.dates import PolicyDate, Precision
from policytl.model.errors import PolicytlError
from policytl.model.records import (
    Alias,
    Body,
    Citation,
    Event,
    Jurisdiction,
    Source,
    Text,
    Timeline,
)

# typing.TYPE_CHECKING without importing typing (start-up time; see policytl/__init__.py)
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from threading import Thread
    from typing import Any

PathLike = str | os.PathLike[str]

# pathlib is imported only to write an entry, or by the public functions that
# return a Path: a hit works on str paths with os.path (start-up time, see loader).

__all__ = [
    "CACHE_FORMAT",
    "CACHE_VERSION",
    "DEFAULT_MAX",
    "cache_dir",
    "cacheable",
    "digest",
    "enabled",
    "entry_path",
    "lookup",
    "max_size",
    "store",
]

CACHE_FORMAT = "policytl-parsed-data"
#: Bump when the entry layout or the meaning of any field changes.
CACHE_VERSION = 2
_DIGEST = "blake2b"
_BLOCK = 1 << 23  # hashing and checksums

#: The size cap of the cache folder (its entries, in bytes) unless
#: $POLICYTL_CACHE_MAX says otherwise: least recently used entries go first.
DEFAULT_MAX = 256 * 1024 * 1024
#: A temporary file of an entry (``.<entry>.<random>.tmp``) older than this is
#: left over from a write that was killed, and is removed at the next write.
STALE_TEMP_SECONDS = 600
_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}


def enabled() -> bool:
    """False when $POLICYTL_NO_CACHE is set (to anything but empty or 0), or when
    $POLICYTL_CACHE_MAX is 0."""
    return os.environ.get("POLICYTL_NO_CACHE", "") in ("", "0") and max_size() > 0


def max_size() -> int:
    """The cache folder's size cap in bytes: $POLICYTL_CACHE_MAX (bytes, or with a
    K, M, G or T suffix for KiB, MiB, GiB, TiB; 0 turns the cache off), else 256 MiB.
    A value that is not a size is ignored."""
    text = os.environ.get("POLICYTL_CACHE_MAX", "").strip().upper().removesuffix("B")
    text = text.removesuffix("I")
    unit = text[-1:] if text[-1:] in _UNITS else ""
    number = text[: len(text) - len(unit)].strip()
    if not number.isdigit() or not number.isascii():
        return DEFAULT_MAX
    return int(number) * _UNITS[unit]


def cacheable(stats: Sequence[os.stat_result]) -> bool:
    """Whether inputs with these stat() results may be cached: regular files only.

    A pipe (``--data <(cat x.yaml)``, ``/dev/stdin``) or a device has no stable
    identity: its path (``/proc/<pid>/fd/63``) would key a new entry every run.
    """
    return all(S_ISREG(st.st_mode) for st in stats)


def cache_dir() -> Path | None:
    """$POLICYTL_CACHE_DIR, else $XDG_CACHE_HOME/policytl, else ~/.cache/policytl."""
    from pathlib import Path

    folder = _cache_folder()
    return None if folder is None else Path(folder)


def _cache_folder() -> str | None:
    own = os.environ.get("POLICYTL_CACHE_DIR", "")
    if own:
        return own
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg and os.path.isabs(xdg):
        return os.path.join(xdg, "policytl")
    home = os.path.expanduser("~")
    if home.startswith("~"):  # no home folder (Path.home() raises RuntimeError)
        return None
    return os.path.join(home, ".cache", "policytl")


def _resolved(path: PathLike) -> str:
    """``str(Path(path).resolve())``, by os.path alone for a file that exists."""
    resolved = os.path.realpath(path)
    if os.path.exists(resolved):
        return resolved
    # Path.resolve() reports symlink loops (then the path is made absolute as it
    # is): for anything but an existing file, pathlib's own answer.
    from pathlib import Path

    try:
        return str(Path(path).resolve())
    except (OSError, RuntimeError):
        return str(Path(path).absolute())


def entry_path(files: Sequence[PathLike]) -> Path | None:
    """The cache file for this list of input files (None without a cache folder)."""
    from pathlib import Path

    entry = _entry_file(files)
    return None if entry is None else Path(entry)


def _entry_file(files: Sequence[PathLike]) -> str | None:
    folder = _cache_folder()
    if folder is None:
        return None
    key = "\0".join(_resolved(f) for f in files).encode("utf-8", "surrogateescape")
    return os.path.join(folder, f"{blake2b(key, digest_size=16).hexdigest()}.jsonl")


def digest(data: bytes) -> str:
    """The digest of an input file's bytes that keys its entry."""
    return blake2b(data).hexdigest()


#: Flags that open a file without waiting: a FIFO put where a regular file was
#: expected would otherwise block open() until something writes to it.
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_NOCTTY", 0)
)


def _open_regular(path: PathLike, flags: int = 0) -> int | None:
    """A descriptor of path if it is a regular file, opened without blocking; else None."""
    try:
        fd = os.open(path, _OPEN_FLAGS | flags)
    except OSError:
        return None
    try:
        if S_ISREG(os.fstat(fd).st_mode):
            return fd
    except OSError:
        pass
    os.close(fd)
    return None


def _digest_file(path: PathLike) -> str | None:
    # Large blocks: blake2b releases the GIL while it hashes one, and a background
    # thread that needs the GIL back only every 8 MiB does not slow the main thread.
    fd = _open_regular(path)
    if fd is None:
        return None
    h = blake2b()
    buf = bytearray(_BLOCK)
    view = memoryview(buf)
    with open(fd, "rb", buffering=0) as fh:
        while n := fh.readinto(buf):
            h.update(view[:n])
    return h.hexdigest()


# --- reading an entry ---------------------------------------------------------------------


class _Corrupt(Exception):
    """The cache entry is not one this policytl wrote for these files."""


def _build(cls: type, columns: Sequence[list[Any]]) -> list[Any]:
    """Instances of a slotted dataclass, field values given column by column.

    Equivalent to ``[cls(*row) for row in zip(*columns)]`` for content this module
    has checked, and many times faster: the instances are made by
    ``object.__new__`` and each slot is filled through its member descriptor, all
    by C-level loops (``map``), so no Python code runs per instance. Frozen
    dataclasses forbid attribute assignment; the slot descriptors are how their
    own ``__init__`` stores fields too.
    """
    slots: tuple[str, ...] = cls.__slots__  # type: ignore[attr-defined]
    if len(columns) != len(slots) or len({len(c) for c in columns}) > 1:
        raise _Corrupt
    objs: list[Any] = list(map(object.__new__, repeat(cls, len(columns[0]))))
    for name, values in zip(slots, columns, strict=True):
        deque(map(cls.__dict__[name].__set__, objs, values), maxlen=0)
    return objs


_S, _I, _N = str, int, type(None)
_TEXT_TYPES = frozenset({(_S, _S), (_S, _N), (_N, _S)})
_only_str = frozenset({_S}).issuperset
_only_int = frozenset({_I}).issuperset
_only_list = frozenset({list}).issuperset
_str_or_none = frozenset({_S, _N}).issuperset

#: The lines of an entry after the header, in this order. Events are stored by
#: column; columns hold indexes into the tables, so that equal strings, dates,
#: texts and tuples are stored and loaded once and shared by every event.
_LINES = (
    "registries",  # title, description, translations, jurisdictions, bodies
    "strings",  # [str]: kinds, jurisdictions, body, tag and source ids
    "dates",  # [null, str...]: dates as written; index 0 stands for "no date"
    "date_fields",  # [int]: 5 per date: start and end ordinals, precisions, flags
    "groups",  # [[int]]: tuples of strings (issuers, tags)
    "notes",  # [[str]]: tuples of notes
    "texts_zh",  # [null, str|null...]: the Chinese of each text; index 0: "no text"
    "texts_en",  # [null, str|null...]: the English of each text
    "source_id",  # [str]
    "source_title",  # [int] -> texts
    "source_publisher",  # [str|null]
    "source_author",  # [str|null]
    "source_published",  # [int] -> dates
    "source_language",  # [str|null]
    "source_url",  # [str|null]
    "source_kind",  # [str]
    "source_notes",  # [int] -> notes
    "id",  # [str]
    "date",  # [int] -> dates (never 0)
    "kind",  # [int] -> strings
    "jurisdiction",  # [int] -> strings
    "issuers",  # [int] -> groups
    "title",  # [int] -> texts (never 0)
    "document",  # [int] -> texts
    "summary",  # [int] -> texts
    "tags",  # [int] -> groups
    "event_notes",  # [int] -> notes
    "url",  # [str|null]
    "due",  # [int] -> dates (0: no due date)
    "citations",  # [int]: how many citations each event has (at least 1)
    "citation_source",  # [int] -> strings, for every citation in event order
    "citation_quote",  # [str]
    "citation_locator",  # [str|null]
)
_PRECISIONS = (Precision.YEAR, Precision.MONTH, Precision.DAY)  # by rank
_MAX_ORDINAL = date.max.toordinal()
_UNCERTAIN, _APPROXIMATE, _INTERVAL = 1, 2, 4


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
    return Text(*v)


def _opt_text(v: Any) -> Text | None:
    return None if v is None else _text(v)


def _ints(v: Any, size: int, low: int = 0) -> list[int]:
    """A list of indexes into a table of ``size`` items (all >= low)."""
    if (
        type(v) is not list
        or not _only_int(map(type, v))
        or (v and (min(v) < low or max(v) >= size))
    ):
        raise _Corrupt
    return v


def _nested(v: Any, check: Callable[[Any], bool]) -> list[list[Any]]:
    """A list of lists whose items all pass ``check`` (checked in one C-level pass)."""
    if type(v) is not list or not _only_list(map(type, v)):
        raise _Corrupt
    if not check(map(type, chain.from_iterable(v))):
        raise _Corrupt
    return v


def _column(v: Any, count: int, check: Callable[[Any], bool]) -> list[Any]:
    if type(v) is not list or len(v) != count or not check(map(type, v)):
        raise _Corrupt
    return v


def _table(v: Any, check: Callable[[Any], bool]) -> list[Any]:
    """A table whose index 0 is null (for "none") and whose other items pass check."""
    if type(v) is not list or not v or v[0] is not None or not check(map(type, v[1:])):
        raise _Corrupt
    return v


def _read_dates(texts: Any, fields: Any) -> list[PolicyDate | None]:
    texts = _table(texts, _only_str)[1:]
    fields = _ints(fields, _MAX_ORDINAL + 1)
    if len(fields) != 5 * len(texts) or max(fields[2::5] + fields[3::5], default=0) > 2:
        raise _Corrupt
    flags = fields[4::5]
    if max(flags, default=0) > 7:
        raise _Corrupt
    dates: list[PolicyDate | None] = [None]
    dates += _build(
        PolicyDate,
        (
            texts,
            list(map(date.fromordinal, fields[0::5])),
            list(map(date.fromordinal, fields[1::5])),
            list(map(_PRECISIONS.__getitem__, fields[2::5])),
            list(map(_PRECISIONS.__getitem__, fields[3::5])),
            list(map(bool, map(operator.and_, flags, repeat(_UNCERTAIN)))),
            list(map(bool, map(operator.and_, flags, repeat(_APPROXIMATE)))),
            list(map(bool, map(operator.and_, flags, repeat(_INTERVAL)))),
        ),
    )
    return dates


def _read_texts(zh: Any, en: Any) -> list[Text | None]:
    zh = _table(zh, _str_or_none)[1:]
    en = _table(en, _str_or_none)[1:]
    if len(zh) != len(en):
        raise _Corrupt
    no_zh = map(operator.is_, zh, repeat(None))
    no_en = map(operator.is_, en, repeat(None))
    if any(map(operator.and_, no_zh, no_en)):
        raise _Corrupt  # a text with neither language
    texts: list[Text | None] = [None]
    texts += _build(Text, (zh, en))
    return texts


def _read_body(lines: Iterator[Any], count: int) -> tuple[dict[str, Source], list[Event]]:
    """The sources and events of an entry from its tables and columns.

    Every check and every object is made by C-level loops (map, chain, min/max,
    set look-ups) and ``_build``: no Python code runs per event or per source.
    Tables are checked as a whole; columns are indexes into them, range-checked.
    """
    strings = list(_strs(next(lines)))
    string = strings.__getitem__
    dates = _read_dates(next(lines), next(lines))
    groups_v = _nested(next(lines), _only_int)
    if min(chain.from_iterable(groups_v), default=0) < 0:
        raise _Corrupt
    if max(chain.from_iterable(groups_v), default=0) >= max(len(strings), 1):
        raise _Corrupt
    groups = list(map(tuple, map(partial(map, string), groups_v)))
    notes = list(map(tuple, _nested(next(lines), _only_str)))
    texts = _read_texts(next(lines), next(lines))
    n_strings, n_dates, n_groups, n_texts = len(strings), len(dates), len(groups), len(texts)
    text, a_date, group, note = (
        texts.__getitem__,
        dates.__getitem__,
        groups.__getitem__,
        notes.__getitem__,
    )

    source_ids = next(lines)
    n = len(source_ids) if type(source_ids) is list else -1
    source_ids = _column(source_ids, n, _only_str)
    source_list: list[Source] = _build(
        Source,
        (
            source_ids,
            list(map(text, _ints(next(lines), n_texts, 1))),
            _column(next(lines), n, _str_or_none),
            _column(next(lines), n, _str_or_none),
            list(map(a_date, _ints(next(lines), n_dates))),
            _column(next(lines), n, _str_or_none),
            _column(next(lines), n, _str_or_none),
            _column(next(lines), n, _only_str),
            list(map(note, _ints(next(lines), len(notes)))),
        ),
    )
    sources = dict(zip(source_ids, source_list, strict=True))
    if len(sources) != n:
        raise _Corrupt

    ids = _column(next(lines), count, _only_str)
    columns = [
        ids,
        list(map(a_date, _ints(next(lines), n_dates, 1))),
        list(map(string, _ints(next(lines), n_strings))),
        list(map(string, _ints(next(lines), n_strings))),
        list(map(group, _ints(next(lines), n_groups))),
        list(map(text, _ints(next(lines), n_texts, 1))),
        [],  # the citations, below
        list(map(text, _ints(next(lines), n_texts))),
        list(map(text, _ints(next(lines), n_texts))),
        list(map(group, _ints(next(lines), n_groups))),
        list(map(note, _ints(next(lines), len(notes)))),
        _column(next(lines), count, _str_or_none),
        list(map(a_date, _ints(next(lines), n_dates))),
    ]
    counts = next(lines)
    if type(counts) is not list or not _only_int(map(type, counts)) or min(counts, default=1) < 1:
        raise _Corrupt
    n_cites = sum(counts)
    cite_sources = list(map(string, _ints(next(lines), n_strings)))
    quotes = _column(next(lines), n_cites, _only_str)
    locators = _column(next(lines), n_cites, _str_or_none)
    if len(cite_sources) != n_cites or len(counts) != count:
        raise _Corrupt
    citations = iter(_build(Citation, (cite_sources, quotes, locators)))
    columns[6] = list(map(tuple, map(islice, repeat(citations), counts)))
    events: list[Event] = _build(Event, columns)
    return sources, events


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
    dict[str, Jurisdiction],
    dict[str, Body],
    Text | None,
    Text | None,
    dict[str, str],
    dict[str, str],
]:
    doc = _mapping(doc)
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
    kinds = _mapping(doc["kinds"])
    for k, v in (*translations.items(), *kinds.items()):
        _str(k)
        _str(v)
    return (
        jurisdictions,
        bodies,
        _opt_text(doc["title"]),
        _opt_text(doc["description"]),
        translations,
        kinds,
    )


def _file_keys(files: Sequence[PathLike], stats: Sequence[os.stat_result]) -> list[dict[str, Any]]:
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


#: Inputs and entries smaller than this in all (bytes) are digested and checksummed
#: in the main thread: that takes less time than starting a thread, and spares
#: importing threading (about 1 ms of start-up).
_IN_THREAD_FROM = 1 << 18


class _Checker:
    """Digests the input files and checksums the entry, in the background.

    blake2b and zlib release the GIL on large buffers, so this runs on another
    core while the main thread decodes the entry; for small files (less than
    ``_IN_THREAD_FROM`` bytes in all) ``start`` does the work at once instead.
    """

    def __init__(self, files: Sequence[PathLike], entry: int, size: int) -> None:
        self.files = files
        self.entry = entry  # an open descriptor, read with pread (no shared offset)
        self.size = size
        self.digests: list[str | None] | None = None
        self.crc: int | None = None
        self.thread: Thread | None = None

    def start(self) -> None:
        if self.size < _IN_THREAD_FROM:
            self.run()
            return
        from threading import Thread

        self.thread = Thread(target=self.run, daemon=True)
        self.thread.start()

    def join(self) -> None:
        if self.thread is not None:
            self.thread.join()

    def run(self) -> None:
        try:
            self.digests = [_digest_file(f) for f in self.files]
            self.crc = _entry_crc(self.entry)
        except OSError:
            pass


def _entry_crc(entry: int) -> int | None:
    """CRC-32 of an entry's bytes (an open descriptor) up to (not including) its last
    line, the trailer."""
    crc = 0
    tail = b""
    offset = 0
    while block := os.pread(entry, _BLOCK, offset):
        offset += len(block)
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


def _mapped_lines(mapped: mmap.mmap) -> Iterator[bytes]:
    """The lines of a mapped file, each copied once (faster than readline on long lines)."""
    start = 0
    size = len(mapped)
    while start < size:
        end = mapped.find(b"\n", start)
        end = size if end < 0 else end + 1
        yield mapped[start:end]
        start = end


def _read_entry(
    entry: PathLike, files: Sequence[PathLike], stats: Sequence[os.stat_result]
) -> Timeline | None:
    """The timeline an entry holds for these files, or None (a miss).

    The entry is opened without blocking and used only if it is a regular file:
    a FIFO or a device put in its place is a miss, never a hang.
    """
    fd = _open_regular(entry)
    if fd is None:
        return None
    checker: _Checker | None = None
    try:
        with mmap.mmap(fd, 0, access=mmap.ACCESS_READ) as mapped:
            try:
                lines = _mapped_lines(mapped)  # one table or column at a time
                header = json.loads(next(lines))
                if type(header) is not dict:
                    return None
                stored = header.pop("files", None)
                count = header.pop("events", None)
                header_lines = header.pop("lines", None)
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
                if type(count) is not int or count < 0 or header_lines != list(_LINES):
                    return None
                checker = _Checker(files, fd, len(mapped) + sum(st.st_size for st in stats))
                checker.start()
                values = map(json.loads, lines)
                jurisdictions, bodies, title, description, translations, kinds = _registries(
                    next(values)
                )
                sources, events = _read_body(values, count)
                trailer = next(values)
                if next(values, None) is not None:
                    return None
            finally:
                if checker is not None:
                    checker.join()  # before the descriptor it reads is closed
    except (_Corrupt, ValueError, TypeError, KeyError, IndexError, StopIteration):
        return None
    except (OSError, RecursionError, PolicytlError):
        return None
    finally:
        os.close(fd)
    assert checker is not None
    if checker.digests != digests or trailer != {"end": count, "crc32": checker.crc}:
        return None
    with suppress(OSError):
        os.utime(entry)  # used now: the last entry the size cap removes
    return Timeline(
        events,
        bodies,
        sources,
        jurisdictions,
        title,
        description,
        translations,
        tuple(str(f) for f in files),
        kinds,
    )


# --- writing an entry ---------------------------------------------------------------------


def _text_row(t: Text | None) -> list[str | None] | None:
    return None if t is None else [t.zh, t.en]


class _Table:
    """Values by first appearance, for columns that refer to them by index."""

    def __init__(self, *first: Any) -> None:
        self.index: dict[Any, int] = {v: i for i, v in enumerate(first)}

    def __call__(self, value: Any) -> int:
        i = self.index.get(value)
        if i is None:
            i = self.index[value] = len(self.index)
        return i

    def items(self) -> list[Any]:
        return list(self.index)


def _columns(timeline: Timeline) -> list[Any]:
    """The tables and columns of _LINES (after registries) for a timeline."""
    events = timeline.events
    sources = list(timeline.sources.values())
    strings, groups, notes = _Table(), _Table(), _Table()
    dates, texts = _Table(None), _Table(None)

    def text(t: Text | None) -> int:
        return texts(None if t is None else (t.zh, t.en))

    cols: dict[str, list[Any]] = {
        "source_id": [s.id for s in sources],
        "source_title": [text(s.title) for s in sources],
        "source_publisher": [s.publisher for s in sources],
        "source_author": [s.author for s in sources],
        "source_published": [dates(s.published) for s in sources],
        "source_language": [s.language for s in sources],
        "source_url": [s.url for s in sources],
        "source_kind": [s.kind for s in sources],
        "source_notes": [notes(s.notes) for s in sources],
        "id": [e.id for e in events],
        "date": [dates(e.date) for e in events],
        "kind": [strings(e.kind) for e in events],
        "jurisdiction": [strings(e.jurisdiction) for e in events],
        "issuers": [groups(tuple(map(strings, e.issuers))) for e in events],
        "title": [text(e.title) for e in events],
        "document": [text(e.document) for e in events],
        "summary": [text(e.summary) for e in events],
        "tags": [groups(tuple(map(strings, e.tags))) for e in events],
        "event_notes": [notes(e.notes) for e in events],
        "url": [e.url for e in events],
        "due": [dates(e.due) for e in events],
        "citations": [len(e.sources) for e in events],
        "citation_source": [strings(c.source) for e in events for c in e.sources],
        "citation_quote": [c.quote for e in events for c in e.sources],
        "citation_locator": [c.locator for e in events for c in e.sources],
    }
    all_dates: list[PolicyDate] = dates.items()[1:]
    all_texts: list[tuple[str | None, str | None]] = texts.items()[1:]
    tables = {
        "strings": strings.items(),
        "dates": [None, *(d.text for d in all_dates)],
        "date_fields": [
            x
            for d in all_dates
            for x in (
                d.start.toordinal(),
                d.end.toordinal(),
                d.precision.rank,
                d.end_precision.rank,
                _UNCERTAIN * d.uncertain + _APPROXIMATE * d.approximate + _INTERVAL * d.is_interval,
            )
        ],
        "groups": [list(g) for g in groups.items()],
        "notes": [list(n) for n in notes.items()],
        "texts_zh": [None, *(t[0] for t in all_texts)],
        "texts_en": [None, *(t[1] for t in all_texts)],
    }
    return [tables[name] if name in tables else cols[name] for name in _LINES[1:]]


def _registries_row(t: Timeline) -> dict[str, Any]:
    return {
        "title": _text_row(t.title),
        "description": _text_row(t.description),
        "translations": t.translations,
        "kinds": t.kinds,
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
    header = {**_stamp(), "files": keys, "events": len(timeline.events), "lines": list(_LINES)}
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    values = [header, _registries_row(timeline), *_columns(timeline)]
    lines = [dumps(v).encode("utf-8") + b"\n" for v in values]
    crc = 0
    for line in lines:
        crc = zlib.crc32(line, crc)
    tail = dumps({"end": len(timeline.events), "crc32": crc}).encode("utf-8") + b"\n"
    return b"".join(lines) + tail


#: The names of entries, and of write_atomic's temporary files for an entry
#: (``.<entry name>.<random>.tmp``): nothing else in the folder is touched.
_ENTRY_NAME = r"[0-9a-f]{32}\.jsonl"
_TEMP_NAME = r"\.[0-9a-f]{32}\.jsonl\..+\.tmp"


def _write_entry(entry: PathLike, data: bytes) -> None:
    from pathlib import Path

    try:
        folder = Path(entry).parent
        if not folder.is_dir():
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            tag = folder / "CACHEDIR.TAG"
            tag.write_text(
                "Signature: 8a477f597d28d172789f06886806bc55\n"
                "# policytl's parsed-data cache; safe to delete. See https://bford.info/cachedir/\n",
                encoding="utf-8",
            )
        write_atomic(entry, data, own=True)
    except (OSError, PolicytlError):
        pass  # a cache that cannot be written is no cache, not an error


def _tidy(folder: str, limit: int, keep: str) -> None:
    """Bound the cache folder: stale temporary files of our naming go, then the
    least recently used entries (oldest mtime; a hit touches its entry) until the
    entries take at most ``limit`` bytes. ``keep`` (just written) stays."""
    import re
    import time

    entry_name, temp_name = re.compile(_ENTRY_NAME), re.compile(_TEMP_NAME)
    entries: list[tuple[int, int, str]] = []
    now = time.time()
    try:
        with os.scandir(folder) as it:
            for item in it:
                name = item.name
                if entry_name.fullmatch(name) is not None:
                    kind = "entry"
                elif temp_name.fullmatch(name) is not None:
                    kind = "temp"
                else:
                    continue
                try:
                    st = item.stat(follow_symlinks=False)
                except OSError:
                    continue
                if kind == "temp":
                    if now - st.st_mtime > STALE_TEMP_SECONDS:
                        _remove(item.path)
                elif item.path != keep:
                    entries.append((st.st_mtime_ns, st.st_size, item.path))
                else:
                    limit -= st.st_size
    except OSError:
        return
    total = sum(size for _, size, _ in entries)
    for _, size, path in sorted(entries):
        if total <= limit:
            break
        _remove(path)
        total -= size


def _remove(path: str) -> None:
    with suppress(OSError):  # gone already (another policytl tidying it), or not ours
        os.unlink(path)


# --- what the loader asks -----------------------------------------------------------------


def lookup(files: Sequence[PathLike], stats: Sequence[os.stat_result]) -> Timeline | None:
    """The cached timeline of these input files (with these stat() results), or None.

    Only an entry whose keys all match and whose digests equal those of the
    files' current bytes is used (see the module's docstring); inputs that are
    not regular files are never looked up. The caller holds the GC paused.
    """
    if not cacheable(stats):
        return None
    entry = _entry_file(files)
    return None if entry is None else _read_entry(entry, files, stats)


def store(
    files: Sequence[PathLike],
    stats: Sequence[os.stat_result],
    digests: Sequence[str],
    timeline: Timeline,
) -> None:
    """Keep the timeline built from these files (their stat() results, and the
    digests of the bytes it was built from), within the folder's size cap.

    Never raises: a cache that cannot be written is no cache, not an error.
    """
    entry = _entry_file(files)
    limit = max_size()
    if entry is None or limit <= 0 or not cacheable(stats):
        return
    keys = _file_keys(files, stats)
    for k, d in zip(keys, digests, strict=True):
        k["digest"] = d
    data = encode(timeline, keys)
    if len(data) > limit:
        return  # bigger than the whole cache may be
    _write_entry(entry, data)
    _tidy(os.path.dirname(entry), limit, entry)
