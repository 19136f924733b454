"""Loading timelines from files, folders or the embedded data set.

``load_timeline()`` returns a validated :class:`~policytl.model.records.Timeline` or
raises :class:`~policytl.model.errors.DataError` listing every problem found;
``check_files()`` returns the problems (warnings included) for ``validate``.
The loader never writes to its input files.
"""

from __future__ import annotations

import gc
import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from policytl.model.errors import DataError, LoadError, Problem, Severity
from policytl.model.limits import DEFAULT_MAX_BYTES
from policytl.model.records import Timeline

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable
    from pathlib import Path
    from typing import Any

    from policytl.load.yamlsafe import Located

# The YAML layer and the checks (validate, yamlsafe, PyYAML) are imported where
# they are used: a command served from the parsed-data cache never needs them.
# So is pathlib (with urllib.parse and ipaddress, which it imports, about 5 ms of
# start-up): the embedded data set is found and read through the cache with
# os.path and plain str paths, and the functions taking a path take either.

__all__ = [
    "EMBEDDED_NAME",
    "GCPause",
    "check_files",
    "embedded_path",
    "embedded_text",
    "expand_paths",
    "gc_paused",
    "json_schema",
    "json_schema_text",
    "load_bytes",
    "load_documents",
    "load_timeline",
    "parse_file",
    "read_bytes",
    "stat_file",
]

EMBEDDED_NAME = "<embedded>/timeline.yaml"
SCHEMA_NAME = "policytl-1.schema.json"
DATA_SUFFIXES = (".yaml", ".yml", ".json")
PathLike = str | os.PathLike[str]


def _resource(name: str) -> Traversable | None:
    """The file ``name`` (a path relative to the package folder), or None.

    Installed as plain files (the usual case), the package's resources are the
    files beside its modules, and that is where we look. importlib.resources,
    which also reads a package imported from a zip, is imported only when the
    package is not a folder on disk: importing it costs about 12 ms (it pulls in
    zipfile, tempfile, shutil, typing...), most of a short command's start-up.
    For a package in a folder it finds exactly these files (tests check it).
    """
    from pathlib import Path

    here = Path(__file__).parent.parent  # the package folder (this module is in load/)
    if here.is_dir():
        path = here / name
        return path if path.is_file() else None
    from importlib import resources

    res = resources.files("policytl").joinpath(name)
    return res if res.is_file() else None


def embedded_text() -> str:
    """The curated data set shipped inside the package."""
    res = _resource("data/timeline.yaml")
    if res is not None:
        return res.read_text(encoding="utf-8")
    # Running from a source checkout (editable install): the repository's copy.
    with open(_checkout_copy(), encoding="utf-8") as fh:
        return fh.read()


def _checkout_copy() -> str:
    package = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
    return os.path.join(os.path.dirname(package), "data", "timeline.yaml")


def _embedded_file() -> str | None:
    """``embedded_path()`` as a str, found without importing pathlib (start-up time)."""
    here = os.path.dirname(os.path.dirname(__file__))  # the package folder
    if os.path.isdir(here):
        # A package in a folder: its files are beside its modules (see _resource).
        path = os.path.join(here, "data", "timeline.yaml")
        if os.path.isfile(path):
            return path
    elif _resource("data/timeline.yaml") is not None:
        return None  # inside a zip, not a file on disk
    copy = _checkout_copy()
    return copy if os.path.isfile(copy) else None


def embedded_path() -> Path | None:
    """The embedded data set as a file on disk, when it is one (not inside a zip)."""
    from pathlib import Path

    path = _embedded_file()
    return None if path is None else Path(path)


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the policytl/1 format, made from the field table.

    The package ships it as ``policytl/schema/policytl-1.schema.json``; editors can
    point a ``# yaml-language-server: $schema=...`` line at it.
    """
    from policytl.model import schema

    return schema.json_schema()


def json_schema_text() -> str:
    """The JSON Schema as ``policytl schema`` prints it (the shipped file's text)."""
    from policytl.model import schema

    return schema.json_schema_text()


def expand_paths(paths: Iterable[PathLike]) -> list[Path]:
    """Files as given; folders become their *.yaml/*.yml/*.json files, sorted.

    A file reached by more than one path (a symlink beside its target, a folder
    and a file in it, the same name twice) is kept once, at its first place:
    read twice, its events would be duplicate ids.
    """
    from pathlib import Path

    out: list[Path] = []
    seen: set[tuple[int, int]] = set()

    def add(path: Path) -> None:
        try:
            st = path.stat()
        except OSError:
            out.append(path)  # reading it says what is wrong
            return
        # only regular files have a stable identity (not pipes, /dev/stdin)
        if stat.S_ISREG(st.st_mode):
            if (st.st_dev, st.st_ino) in seen:
                return
            seen.add((st.st_dev, st.st_ino))
        out.append(path)

    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(
                f for f in p.iterdir() if f.suffix.lower() in DATA_SUFFIXES and f.is_file()
            )
            if not found:
                raise _file_error(str(p), "folder holds no .yaml, .yml or .json files")
            for f in found:
                add(f)
        elif p.exists():
            add(p)
        else:
            raise _file_error(str(p), "no such file or folder")
    return out


def check_size(path: PathLike, size: int, max_bytes: int) -> None:
    """LoadError if a file of ``size`` bytes is over the --max-bytes limit."""
    if size > max_bytes:
        raise _file_error(
            str(path),
            f"file is {size:,} bytes, more than the limit of "
            f"{max_bytes:,} (raise it with --max-bytes)",
        )


def _unreadable(name: str, exc: OSError) -> LoadError:
    """What a user is told when a data file cannot be stat()ed or read."""
    if isinstance(exc, IsADirectoryError):
        message = "is a folder, expected a file"
    elif isinstance(exc, PermissionError):
        message = "permission denied"
    elif isinstance(exc, FileNotFoundError):
        message = "no such file or folder"
    else:
        message = f"cannot read: {exc.strerror}"
    return _file_error(name, message)


def _file_error(name: str, message: str) -> LoadError:
    """The error of a whole file (no line or field)."""
    return LoadError(Problem(name, None, None, "", message))


#: Chunks in which a stream (a pipe, a device) is read: the limit and NUL bytes are
#: checked after each, so that ``--data /dev/zero`` is refused after 1 MiB.
READ_CHUNK = 1 << 20


def read_bytes(path: PathLike, max_bytes: int) -> bytes:
    """The bytes of a data file, within the size limit; LoadError if it cannot be read.

    A regular file is refused from its size, before reading. Anything else (a
    pipe, ``/dev/stdin``, a device) is read in chunks, checking the limit as it
    goes, and only up to the first chunk that holds a NUL byte: that is no text
    file, as ``decode`` then says, whatever follows.
    """
    name = str(path)
    try:
        with open(path, "rb") as fh:
            st = os.fstat(fh.fileno())
            if stat.S_ISDIR(st.st_mode):
                raise IsADirectoryError(21, "Is a directory")
            if stat.S_ISREG(st.st_mode):
                check_size(path, st.st_size, max_bytes)
                # read(n) allocates n bytes up front: ask for the size fstat() gave,
                # not the limit (512 MiB for every small file); a file that grew
                # since is read on in chunks below.
                data = fh.read(min(st.st_size, max_bytes) + 1)
                if len(data) <= st.st_size:
                    return data
                chunks = [data]
            else:
                chunks = []
            total = sum(map(len, chunks))
            while total <= max_bytes:
                chunk = fh.read(min(READ_CHUNK, max_bytes + 1 - total))
                if not chunk:
                    break
                chunks.append(chunk)
                total += len(chunk)
                if b"\x00" in chunk:
                    break  # not text: decode() says so from what is read
    except OSError as exc:
        raise _unreadable(name, exc) from None
    if total > max_bytes:
        raise _file_error(
            name, f"file is more than the limit of {max_bytes:,} bytes (raise it with --max-bytes)"
        )
    return b"".join(chunks)


def stat_file(path: PathLike, max_bytes: int) -> os.stat_result:
    """stat() of a data file with the same errors as reading it (for the cache's keys)."""
    name = str(path)
    try:
        st = os.stat(path)
    except OSError as exc:
        raise _unreadable(name, exc) from None
    if stat.S_ISDIR(st.st_mode):
        raise _file_error(name, "is a folder, expected a file")
    check_size(path, st.st_size, max_bytes)
    return st


class GCPause:
    """What to do when a pause of the GC ends (see ``gc_paused``)."""

    __slots__ = ("freeze",)

    def __init__(self) -> None:
        #: set by a caller that keeps what it loaded for the rest of the process
        self.freeze = False


@contextmanager
def gc_paused() -> Iterator[GCPause]:
    # Parsing and checking build millions of small objects (YAML nodes, plain data,
    # the model), which would trigger the cyclic GC over and over; none of them
    # form cycles, so pausing it is safe and roughly halves load time. The pause
    # covers the whole load, and the documents are dropped inside it, so that
    # no collection walks the node trees once the GC is back on. With
    # ``pause.freeze`` set, every object alive is moved out of the cyclic GC's
    # reach (gc.freeze) before it is back on: otherwise its first collection walks
    # the whole new timeline (about 0.15 s for 100k events), and so does every
    # full collection after it, one at exit included.
    enabled = gc.isenabled()
    gc.disable()
    pause = GCPause()
    try:
        yield pause
    finally:
        if pause.freeze:
            gc.freeze()
        if enabled:
            gc.enable()


def parse_file(
    path: PathLike, *, max_bytes: int = DEFAULT_MAX_BYTES, data: bytes | None = None
) -> Located:
    """Parse one data file (or ``data``, the bytes already read from it)."""
    from policytl.load.yamlsafe import decode, parse_document

    name = str(path)
    if data is None:
        data = read_bytes(path, max_bytes)
    # The text is checked (UTF-8, not empty, no NUL) and then needed only for
    # JSON: YAML is parsed from the bytes, so no str of the whole file is kept.
    text = decode(data, name)
    with gc_paused():
        if _suffix(path).lower() == ".json":
            return parse_document(text, name, as_json=True)
        del text
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        return parse_document(data, name)


def _suffix(path: PathLike) -> str:
    """``Path(path).suffix``: the extension of the last component, if it has a stem."""
    name = os.path.basename(os.fspath(path).rstrip(os.sep))
    i = name.rfind(".")
    return name[i:] if 0 < i < len(name) - 1 else ""


def _documents(paths: Sequence[PathLike] | None, max_bytes: int) -> list[Located]:
    from policytl.load.yamlsafe import parse_document

    if not paths:
        with gc_paused():
            return [parse_document(embedded_text(), EMBEDDED_NAME)]
    return [parse_file(p, max_bytes=max_bytes) for p in expand_paths(paths)]


def _sorted(problems: list[Problem], files: list[str]) -> list[Problem]:
    order = {f: i for i, f in enumerate(files)}
    return sorted(
        problems,
        key=lambda p: (order.get(p.file, len(order)), p.line or 0, p.column or 0),
    )


def check_files(
    paths: Sequence[PathLike] | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[Timeline | None, list[Problem]]:
    """Validate files together; returns the timeline (None on error) and every problem.

    A file that cannot be read at all (missing, not UTF-8, empty, malformed
    YAML) is reported as one problem, and the other files are still read so
    that every unreadable file is listed; the data checks run once every file
    can be read (references between files need them all).
    """
    with gc_paused():
        if not paths:
            docs = _documents(None, max_bytes)
        else:
            docs = []
            unreadable: list[Problem] = []
            try:
                files = expand_paths(paths)
            except LoadError as exc:
                return None, [exc.problem]
            for f in files:
                try:
                    docs.append(parse_file(f, max_bytes=max_bytes))
                except LoadError as exc:
                    unreadable.append(exc.problem)
            if unreadable:
                return None, unreadable
        from policytl.load.validate import check_documents

        timeline, problems = check_documents(docs)
        names = [d.file for d in docs]
        del docs
    return timeline, _sorted(problems, names)


def load_bytes(data: bytes, name: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Timeline:
    """Load and validate one document from bytes (standard input, ``git show``); ``name``
    is how messages call it (a ``.json`` name is read as JSON). Never cached."""
    from policytl.load.yamlsafe import decode, parse_document

    if len(data) > max_bytes:
        raise _file_error(
            name, f"more than the limit of {max_bytes:,} bytes (raise it with --max-bytes)"
        )
    text = decode(data, name)
    with gc_paused():
        doc = parse_document(text, name, as_json=_suffix(name).lower() == ".json")
        timeline, _ = load_documents([doc])
        del doc
    return timeline


def load_documents(docs: list[Located]) -> tuple[Timeline, list[Problem]]:
    """Check parsed documents; the timeline and its warnings, or DataError.

    The caller should hold the GC paused (see ``gc_paused``).
    """
    from policytl.load.validate import check_documents

    timeline, problems = check_documents(docs)
    if timeline is None:
        raise DataError(_sorted(problems, [d.file for d in docs]))
    return timeline, problems


def load_timeline(
    paths: Sequence[PathLike] | PathLike | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    cache: bool | None = None,
    freeze_from: int | None = None,
) -> Timeline:
    """Load and validate one or more files or folders (default: the embedded data set).

    Raises LoadError for a file that cannot be read, DataError for invalid data.
    With ``cache`` (the default unless $POLICYTL_NO_CACHE is set), the
    parsed-data cache (see :mod:`policytl.load.cache`) is asked first for an entry
    matching the files, and a timeline parsed and checked here is handed to it
    to keep; so is the embedded data set when it is a file on disk. Only regular
    files are cached (not pipes or devices). ``cache=False`` neither reads nor
    writes the cache.

    ``freeze_from=N``: for a process that keeps the timeline until it exits (the
    command line), a timeline of at least N events is frozen out of the cyclic
    GC's reach with everything else alive (``gc.freeze``); it holds no cycles, and
    reference counting still frees it. Library users normally leave it None.
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    from policytl.load import cache as _cache

    if cache is None:
        cache = _cache.enabled()
    if paths:
        return _load_files(expand_paths(paths), max_bytes, cache, freeze_from)
    if cache:
        # The embedded data set goes through the cache too: a hit needs neither
        # PyYAML nor the checks, which is most of a short command's start-up.
        path = _embedded_file()
        if path is not None:
            timeline = _load_files([path], max_bytes, True, freeze_from)
            timeline.files = (EMBEDDED_NAME,)
            return timeline
    with gc_paused() as pause:
        docs = _documents(paths, max_bytes)
        timeline, _ = load_documents(docs)
        del docs
        pause.freeze = freeze_from is not None and len(timeline.events) >= freeze_from
    return timeline


def _load_files(
    files: Sequence[PathLike], max_bytes: int, use_cache: bool, freeze_from: int | None
) -> Timeline:
    """Load and validate files (already expanded): the cache's entry for them if it
    has one that matches, else parsed and checked, then handed to the cache."""
    from policytl.load import cache as _cache

    stats = [stat_file(f, max_bytes) for f in files]
    use_cache = use_cache and _cache.cacheable(stats)  # regular files only
    if use_cache:
        with gc_paused() as pause:
            hit = _cache.lookup(files, stats)
            pause.freeze = hit is not None and _freeze(hit, freeze_from)
        if hit is not None:
            return hit
    digests: list[str] = []
    with gc_paused() as pause:
        docs = []
        for f in files:
            data = read_bytes(f, max_bytes)
            if use_cache:
                digests.append(_cache.digest(data))
            docs.append(parse_file(f, max_bytes=max_bytes, data=data))
            del data  # only the parsed data is kept while the next file is read
        timeline, _ = load_documents(docs)
        del docs
        pause.freeze = _freeze(timeline, freeze_from)
    if use_cache:
        _cache.store(files, stats, digests, timeline)
    return timeline


def _freeze(timeline: Timeline, freeze_from: int | None) -> bool:
    return freeze_from is not None and len(timeline.events) >= freeze_from


def errors_only(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.ERROR]
