"""The parsed-data cache: validated timelines kept as JSON, so that a query on a
large timeline does not parse and check its YAML again.

Where: ``$POLICYTL_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/policytl``, else
``~/.cache/policytl``; one entry per list of input files, named by a hash of
their resolved paths. The folder is safe to delete at any time.

Never stale. An entry is two lines: a header and the payload. The header says
who wrote it (cache format and version, policytl's version, a digest of the
model's field table) and, for each input file in order, its resolved path,
size, mtime_ns and inode and the BLAKE2b digest of its bytes; and it holds the
digest of the payload. An entry is used only when all of that matches, the
digests of the files' current bytes included (computed on every use, so an
edit that keeps the size and restores the mtime is still seen), and the
payload's bytes match their digest. Anything else (no entry, another version,
a foreign, truncated or corrupt file) is a miss: the data is loaded and checked
from scratch and the entry rewritten. Nothing is unpickled: the payload is
JSON, decoded by the model's own field declarations (see ``_codec``).

Never trusted from others. The folder is used only if it belongs to the user
and no one else may write to it (as ssh and pip require), and an entry only if
it belongs to the user. A folder that fails this is not used at all for the
run (one warning on stderr; the data is loaded from the files, uncached); an
entry that fails it is a miss, with one warning, and is replaced. policytl
makes a missing folder with mode 0700.

Bounded, and regular files only. ``$POLICYTL_CACHE_MAX`` (default 256 MiB; 0
turns the cache off) caps the entries' total size, least recently used (by
mtime; a hit touches its entry) going first; stale temporary files of a killed
write go at the next write. Only inputs that are regular files are cached, and
only an entry that is a regular file is read (opened without blocking: a FIFO
or a device in its place is a miss, never a hang).

Only a valid timeline is cached; warnings are not kept (``validate`` never uses
the cache). ``load_timeline(..., cache=False)``, ``--no-cache`` and
``$POLICYTL_NO_CACHE`` bypass it. Errors writing it are ignored.

Standard library only: this module imports neither PyYAML nor the loader.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections import deque
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import fields
from datetime import date
from functools import cache
from itertools import islice, repeat
from stat import S_ISDIR, S_ISLNK, S_ISREG

try:
    # hashlib's blake2b is this very type, but importing hashlib loads OpenSSL's
    # _hashlib too (about 3 ms of start-up), and BLAKE2b is all the cache uses.
    from _blake2 import blake2b
except ImportError:  # a Python built without the _blake2 module
    from hashlib import blake2b

from typing import TYPE_CHECKING

from policytl._version import __version__
from policytl.files.write import write_atomic
from policytl.model.dates import PolicyDate, Precision
from policytl.model.errors import PolicytlError
from policytl.model.records import RECORD_CLASSES, Text, Timeline

if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

    #: how a column of values is stored, and read back (values, count, shared strings)
    Encoder = Callable[[list[Any]], Any]
    Decoder = Callable[[Any, int, dict[Any, Any]], list[Any]]

PathLike = str | os.PathLike[str]

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
#: Bump when the entry layout changes or a fix changes what loading reads (4: empty lists
#: of records were lost); a change of the model's fields needs no bump:
#: the header holds a digest of them).
CACHE_VERSION = 4
_BLOCK = 1 << 23  # hashing

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


def _open_regular(path: PathLike) -> tuple[int, os.stat_result] | None:
    """A descriptor of path and its fstat() if it is a regular file, opened without
    blocking; else None."""
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if S_ISREG(st.st_mode):
            return fd, st
    except OSError:
        pass
    os.close(fd)
    return None


def _digest_file(path: PathLike) -> str | None:
    opened = _open_regular(path)
    if opened is None:
        return None
    h = blake2b()
    buf = bytearray(_BLOCK)
    view = memoryview(buf)
    with open(opened[0], "rb", buffering=0) as fh:
        while n := fh.readinto(buf):
            h.update(view[:n])
    return h.hexdigest()


# --- whose cache it is ---------------------------------------------------------------------

#: The user whose cache it is (a seam for tests: they run as root).
_uid = os.geteuid if hasattr(os, "geteuid") else (lambda: -1)
#: The folders and entries already warned about in this process (one warning each).
_warned: set[str] = set()


def _warn_once(path: str, message: str) -> None:
    if path in _warned:
        return
    _warned.add(path)
    from policytl.model.textsafe import for_terminal

    with suppress(OSError, ValueError):
        sys.stderr.write(f"policytl: warning: {for_terminal(message)}\n")
        sys.stderr.flush()


def _distrust(st: os.stat_result, what: str) -> str | None:
    """Why a folder or an entry with this stat() is not to be trusted, or None."""
    if hasattr(os, "geteuid") and st.st_uid != _uid():
        return f"{what} belongs to another user"
    if S_ISDIR(st.st_mode) and st.st_mode & 0o022:
        return f"{what} is writable by other users"
    return None


def _trusted_folder(folder: str) -> bool | None:
    """True if the cache folder may be used, False (after one warning) if it may not,
    None if it does not exist (or cannot be examined)."""
    try:
        link = os.lstat(folder)
        st = os.stat(folder) if S_ISLNK(link.st_mode) else link
    except OSError:
        return None
    why = _distrust(st, "it")
    if S_ISLNK(link.st_mode):
        why = _distrust(link, "the link to it") or why
    if why is None and not S_ISDIR(st.st_mode):
        return None
    if why is None:
        return True
    _warn_once(
        folder,
        f"not using the cache folder {folder}: {why} (it must be yours, and writable by "
        "you alone); this run reads the data files without a cache",
    )
    return False


# --- the payload: the timeline, encoded by the model's field declarations ----------------

#: The records the timeline is made of, by the names their fields' annotations use.
_RECORDS: dict[str, type] = {
    cls.__name__: cls for cls in (Timeline, *RECORD_CLASSES, Text, PolicyDate)
}
_PRECISION = {p.value: p for p in Precision}
_SEQUENCE = re.compile(r"(tuple|list)\[(\w+)(?:, \.\.\.)?\]|dict\[str, (\w+)\]")


class _Corrupt(Exception):
    """The payload does not fit the model's fields."""


@cache
def _layout() -> str:
    """A digest of every record's fields and their types: part of an entry's stamp."""
    spec = [(n, [(f.name, str(f.type)) for f in fields(c)]) for n, c in _RECORDS.items()]
    return blake2b(repr(spec).encode(), digest_size=16).hexdigest()


def _new(cls: type, columns: list[list[Any]]) -> list[Any]:
    """Instances of a slotted dataclass, field values given column by column.

    Equivalent to ``[cls(*row) for row in zip(*columns)]``, and many times faster:
    the instances are made by ``object.__new__`` and each slot is filled through
    its member descriptor (as a frozen dataclass's own ``__init__`` does), all by
    C-level loops, so no Python code runs per instance.
    """
    count = len(columns[0])
    if any(len(c) != count for c in columns):
        raise _Corrupt
    objs: list[Any] = list(map(object.__new__, repeat(cls, count)))
    for f, values in zip(fields(cls), columns, strict=True):
        deque(map(cls.__dict__[f.name].__set__, objs, values), maxlen=0)
    return objs


def _encode(cls: type, objs: Sequence[Any]) -> list[Any]:
    """Records of one class, column by column (one JSON value per field)."""
    return [_codec(str(f.type))[0]([getattr(o, f.name) for o in objs]) for f in fields(cls)]


def _decode(cls: type, data: Any, count: int, memo: dict[Any, Any]) -> list[Any]:
    """``count`` records of one class from what ``_encode`` made of them."""
    specs = fields(cls)
    if type(data) is not list or len(data) != len(specs):
        raise _Corrupt
    if not count:
        return []
    columns = [_codec(str(f.type))[1](v, count, memo) for f, v in zip(specs, data, strict=True)]
    return _new(cls, columns)


def _chunks(flat: list[Any], counts: Any, make: Callable[[Any], Any]) -> list[Any]:
    """``flat`` cut into pieces of these lengths, each made into a tuple, list or dict."""
    if sum(counts) != len(flat) or min(counts, default=0) < 0:
        raise _Corrupt
    items = iter(flat)
    return [make(islice(items, n)) for n in counts]


@cache
def _codec(annotation: str) -> tuple[Encoder, Decoder]:
    """How a column of values of this type annotation is stored, and read back.

    Strings and other JSON scalars are stored as they are (equal strings are
    shared on reading); dates as ordinals; enums by value; a record (or None) as
    columns of its own fields; tuples, lists and dicts of records as their
    lengths and the columns of all their items.
    """
    base, optional = annotation.removesuffix(" | None"), annotation.endswith(" | None")
    if base in ("str", "int", "bool", "tuple[str, ...]", "dict[str, str]"):
        return _scalars(base)
    if base == "date":
        return (lambda v: [d.toordinal() for d in v]), (lambda v, n, m: [*map(date.fromordinal, v)])
    if base == "Precision":
        return (lambda v: [p.value for p in v]), (lambda v, n, m: [*map(_PRECISION.__getitem__, v)])
    if base in _RECORDS:
        return _records(_RECORDS[base], optional)
    if base.endswith(" | str") and base.removesuffix(" | str") in _RECORDS:
        return _or_string(_codec(f"{base.removesuffix(' | str')} | None"))
    match = _SEQUENCE.fullmatch(base)
    if match is not None and not optional:
        kind, item, value = match.groups()
        if (item or value) in _RECORDS:
            return _nested(_RECORDS[item or value], kind or "dict")
    raise TypeError(f"the cache cannot store a field of type {annotation}")


def _scalars(base: str) -> tuple[Encoder, Decoder]:
    def check(v: Any, n: int) -> list[Any]:
        if type(v) is not list or len(v) != n:
            raise _Corrupt
        return v

    if base == "tuple[str, ...]":
        return (
            lambda v: [list(t) for t in v],
            lambda v, n, m: [tuple(map(m.setdefault, t, t)) for t in check(v, n)],
        )
    if base != "str":  # int, bool, dict[str, str]
        return list, lambda v, n, m: check(v, n)
    # equal strings (kinds, ids, names of bodies) shared, as when read from YAML
    return list, lambda v, n, m: [*map(m.setdefault, check(v, n), v)]


def _records(cls: type, optional: bool) -> tuple[Encoder, Decoder]:
    """A column of records of one class; with ``optional``, some of them None."""

    def encode(values: list[Any]) -> Any:
        if not optional:
            return _encode(cls, values)
        where = [i for i, v in enumerate(values) if v is not None]
        return [where, _encode(cls, [values[i] for i in where])]

    def decode(data: Any, count: int, memo: dict[Any, Any]) -> list[Any]:
        if not optional:
            return _decode(cls, data, count, memo)
        where, columns = data
        out: list[Any] = [None] * count
        for i, obj in zip(where, _decode(cls, columns, len(where), memo), strict=True):
            out[i] = obj
        return out

    return encode, decode


def _or_string(records: tuple[Encoder, Decoder]) -> tuple[Encoder, Decoder]:
    """A column of strings, records of one class or None: the strings by their place."""
    encode_records, decode_records = records

    def encode(values: list[Any]) -> Any:
        where = [i for i, v in enumerate(values) if type(v) is str]
        rest = [None if type(v) is str else v for v in values]
        return [where, [values[i] for i in where], encode_records(rest)]

    def decode(data: Any, count: int, memo: dict[Any, Any]) -> list[Any]:
        where, strings, rest = data
        out = decode_records(rest, count, memo)
        for i, s in zip(where, strings, strict=True):
            if type(s) is not str:
                raise _Corrupt
            out[i] = memo.setdefault(s, s)
        return out

    return encode, decode


def _nested(cls: type, kind: str) -> tuple[Encoder, Decoder]:
    """A column of tuples, lists or dicts (str keys) of records of one class."""

    def encode(values: list[Any]) -> Any:
        items = [x for v in values for x in (v.values() if kind == "dict" else v)]
        out = [[len(v) for v in values], _encode(cls, items)]
        return [*out, [k for v in values for k in v]] if kind == "dict" else out

    def decode(data: Any, count: int, memo: dict[Any, Any]) -> list[Any]:
        counts, columns, *keys = data
        if len(counts) != count:
            raise _Corrupt
        items = _decode(cls, columns, sum(counts), memo)
        if kind == "tuple":
            return _chunks(items, counts, tuple)
        if kind == "list":
            return _chunks(items, counts, list)
        (names,) = keys
        return [
            dict(zip(k, v, strict=True))
            for k, v in zip(_chunks(names, counts, list), _chunks(items, counts, list), strict=True)
        ]

    return encode, decode


# --- entries ----------------------------------------------------------------------------------


def _file_keys(files: Sequence[PathLike], stats: Sequence[os.stat_result]) -> list[dict[str, Any]]:
    return [
        {"path": _resolved(f), "size": st.st_size, "mtime_ns": st.st_mtime_ns, "inode": st.st_ino}
        for f, st in zip(files, stats, strict=True)
    ]


def _stamp() -> dict[str, Any]:
    """What says who wrote an entry: any difference makes it a miss."""
    return {
        "cache": CACHE_FORMAT,
        "version": CACHE_VERSION,
        "policytl": __version__,
        "layout": _layout(),
    }


def encode(timeline: Timeline, keys: list[dict[str, Any]]) -> bytes:
    """The cache entry for a timeline built from files with these keys (with digests)."""
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    payload = dumps(_encode(Timeline, [timeline])).encode("utf-8")
    header = {**_stamp(), "files": keys, "payload": digest(payload)}
    return dumps(header).encode("utf-8") + b"\n" + payload + b"\n"


def _read(fd: int, size: int) -> bytes:
    chunks = []
    while size > 0 and (chunk := os.read(fd, min(size, _BLOCK))):
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _read_entry(
    entry: PathLike, files: Sequence[PathLike], stats: Sequence[os.stat_result]
) -> Timeline | None:
    """The timeline an entry holds for these files, or None (a miss)."""
    opened = _open_regular(entry)
    if opened is None:
        return None
    fd, st = opened
    try:
        why = _distrust(st, "it")
        if why is not None:
            _warn_once(os.fspath(entry), f"ignoring the cache entry {os.fspath(entry)}: {why}")
            return None
        data = _read(fd, st.st_size)
    except OSError:
        return None
    finally:
        os.close(fd)
    head, _, payload = data.partition(b"\n")
    try:
        header = json.loads(head)
        if type(header) is not dict or not payload.endswith(b"\n"):
            return None
        stored = header.pop("files", None)
        sealed = header.pop("payload", None)
        if header != _stamp() or type(stored) is not list:
            return None
        digests = [k.pop("digest", None) if type(k) is dict else None for k in stored]
        if stored != _file_keys(files, stats) or sealed != digest(payload[:-1]):
            return None
        if digests != [_digest_file(f) for f in files]:
            return None
        timeline: Timeline = _decode(Timeline, json.loads(payload), 1, {})[0]
    except (_Corrupt, ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None
    except (OSError, RecursionError, PolicytlError):
        return None
    timeline.files = tuple(str(f) for f in files)
    with suppress(OSError):
        os.utime(entry)  # used now: the last entry the size cap removes
    return timeline


#: The names of entries, and of write_atomic's temporary files for an entry
#: (``.<entry name>.<random>.tmp``): nothing else in the folder is touched.
_ENTRY_NAME = re.compile(r"[0-9a-f]{32}\.jsonl")
_TEMP_NAME = re.compile(r"\.[0-9a-f]{32}\.jsonl\..+\.tmp")


def _write_entry(entry: PathLike, data: bytes) -> None:
    folder = os.path.dirname(os.fspath(entry))
    try:
        if _trusted_folder(folder) is None:
            os.makedirs(folder, mode=0o700, exist_ok=True)
            if _trusted_folder(folder) is not True:
                return  # someone else's after all (made in the meantime)
            tag = os.path.join(folder, "CACHEDIR.TAG")
            with open(tag, "w", encoding="utf-8") as fh:
                fh.write(
                    "Signature: 8a477f597d28d172789f06886806bc55\n"
                    "# policytl's parsed-data cache; safe to delete. "
                    "See https://bford.info/cachedir/\n"
                )
        elif _trusted_folder(folder) is False:
            return
        write_atomic(entry, data, own=True)
    except (OSError, PolicytlError):
        pass  # a cache that cannot be written is no cache, not an error


def _tidy(folder: str, limit: int, keep: str) -> None:
    """Bound the cache folder: stale temporary files of our naming go, then the
    least recently used entries (oldest mtime; a hit touches its entry) until the
    entries take at most ``limit`` bytes. ``keep`` (just written) stays."""
    import time

    entries: list[tuple[int, int, str]] = []
    now = time.time()
    try:
        with os.scandir(folder) as it:
            for item in it:
                is_entry = _ENTRY_NAME.fullmatch(item.name) is not None
                if not is_entry and _TEMP_NAME.fullmatch(item.name) is None:
                    continue
                try:
                    st = item.stat(follow_symlinks=False)
                except OSError:
                    continue
                if not is_entry:
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
    if entry is None or not _trusted_folder(os.path.dirname(entry)):
        return None
    return _read_entry(entry, files, stats)


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
    if sum(st.st_size for st in stats) > limit:
        return  # its entry would be about as large: not worth encoding
    if _trusted_folder(os.path.dirname(entry)) is False:
        return
    keys = _file_keys(files, stats)
    for k, d in zip(keys, digests, strict=True):
        k["digest"] = d
    data = encode(timeline, keys)
    if len(data) > limit:
        return  # bigger than the whole cache may be
    _write_entry(entry, data)
    _tidy(os.path.dirname(entry), limit, entry)
