"""Loading timelines from files, folders or the embedded data set.

``load_timeline()`` returns a validated :class:`~policytl.model.Timeline` or
raises :class:`~policytl.errors.DataError` listing every problem found;
``check_files()`` returns the problems (warnings included) for ``validate``.
The loader never writes to its input files.
"""

from __future__ import annotations

import gc
import json
import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from .errors import DataError, LoadError, Problem, Severity
from .limits import DEFAULT_MAX_BYTES
from .model import Timeline

# typing.TYPE_CHECKING without importing typing (start-up time; see policytl/__init__.py)
TYPE_CHECKING = False
if TYPE_CHECKING:
    from importlib.resources.abc import Traversable
    from pathlib import Path
    from typing import Any

    from .yamlsafe import Located

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

    here = Path(__file__).parent
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
    package = os.path.dirname(os.path.realpath(__file__))
    return os.path.join(os.path.dirname(package), "data", "timeline.yaml")


def _embedded_file() -> str | None:
    """``embedded_path()`` as a str, found without importing pathlib (start-up time)."""
    here = os.path.dirname(__file__)
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
    """The JSON Schema (draft 2020-12) of the policytl/1 format, shipped in the package.

    The file is ``policytl/schema/policytl-1.schema.json``; editors can point a
    ``# yaml-language-server: $schema=...`` line at it.
    """
    res = _resource("schema/" + SCHEMA_NAME)
    if res is None:
        raise FileNotFoundError(f"policytl/schema/{SCHEMA_NAME} is missing from the package")
    schema: dict[str, Any] = json.loads(res.read_text(encoding="utf-8"))
    return schema


def json_schema_text() -> str:
    """The shipped JSON Schema file, byte for byte as text (``policytl schema`` prints it)."""
    res = _resource("schema/" + SCHEMA_NAME)
    if res is None:
        raise FileNotFoundError(f"policytl/schema/{SCHEMA_NAME} is missing from the package")
    return res.read_text(encoding="utf-8")


def expand_paths(paths: Iterable[PathLike]) -> list[Path]:
    """Files as given; folders become their *.yaml/*.yml/*.json files, sorted."""
    from pathlib import Path

    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(
                f for f in p.iterdir() if f.suffix.lower() in DATA_SUFFIXES and f.is_file()
            )
            if not found:
                raise LoadError(
                    Problem(str(p), None, None, "", "folder holds no .yaml, .yml or .json files")
                )
            out.extend(found)
        elif p.exists():
            out.append(p)
        else:
            raise LoadError(Problem(str(p), None, None, "", "no such file or folder"))
    return out


def check_size(path: PathLike, size: int, max_bytes: int) -> None:
    """LoadError if a file of ``size`` bytes is over the --max-bytes limit."""
    if size > max_bytes:
        raise LoadError(
            Problem(
                str(path),
                None,
                None,
                "",
                f"file is {size:,} bytes, more than the limit of "
                f"{max_bytes:,} (raise it with --max-bytes)",
            )
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
    return LoadError(Problem(name, None, None, "", message))


def read_bytes(path: PathLike, max_bytes: int) -> bytes:
    """The bytes of a data file, within the size limit; LoadError if it cannot be read."""
    name = str(path)
    try:
        size = os.stat(path).st_size
        check_size(path, size, max_bytes)
        with open(path, "rb") as fh:
            # read(n) allocates n bytes up front: ask for the size stat() gave, not
            # the limit (512 MiB for every small file), and read on in chunks only
            # if the file is longer than that (it grew, or it is a pipe).
            data = fh.read(min(size, max_bytes) + 1)
            if len(data) > size:
                chunks = [data]
                total = len(data)
                while total <= max_bytes:
                    chunk = fh.read(min(1 << 20, max_bytes + 1 - total))
                    if not chunk:
                        break
                    chunks.append(chunk)
                    total += len(chunk)
                data = b"".join(chunks)
    except OSError as exc:
        raise _unreadable(name, exc) from None
    if len(data) > max_bytes:
        raise LoadError(
            Problem(
                name,
                None,
                None,
                "",
                f"file is more than the limit of {max_bytes:,} bytes (raise it with --max-bytes)",
            )
        )
    return data


def stat_file(path: PathLike, max_bytes: int) -> os.stat_result:
    """stat() of a data file with the same errors as reading it (for the cache's keys)."""
    name = str(path)
    try:
        st = os.stat(path)
    except OSError as exc:
        raise _unreadable(name, exc) from None
    if stat.S_ISDIR(st.st_mode):
        raise LoadError(Problem(name, None, None, "", "is a folder, expected a file"))
    check_size(path, st.st_size, max_bytes)
    return st


def _read(path: PathLike, max_bytes: int) -> str:
    from .yamlsafe import decode

    return decode(read_bytes(path, max_bytes), str(path))


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
    from .yamlsafe import decode, parse_document

    text = _read(path, max_bytes) if data is None else decode(data, str(path))
    as_json = _suffix(path).lower() == ".json"
    with gc_paused():
        return parse_document(text, str(path), as_json=as_json)


def _suffix(path: PathLike) -> str:
    """``Path(path).suffix``: the extension of the last component, if it has a stem."""
    name = os.path.basename(os.fspath(path).rstrip(os.sep))
    i = name.rfind(".")
    return name[i:] if 0 < i < len(name) - 1 else ""


def _documents(paths: Sequence[PathLike] | None, max_bytes: int) -> list[Located]:
    from .yamlsafe import parse_document

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
        from .validate import check_documents

        timeline, problems = check_documents(docs)
        names = [d.file for d in docs]
        del docs
    return timeline, _sorted(problems, names)


def load_bytes(data: bytes, name: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Timeline:
    """Load and validate one document from bytes (standard input, ``git show``); ``name``
    is how messages call it (a ``.json`` name is read as JSON). Never cached."""
    from .yamlsafe import decode, parse_document

    if len(data) > max_bytes:
        raise LoadError(
            Problem(
                name,
                None,
                None,
                "",
                f"more than the limit of {max_bytes:,} bytes (raise it with --max-bytes)",
            )
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
    from .validate import check_documents

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
    With ``cache`` (the default unless $POLICYTL_NO_CACHE is set), files are read
    through the parsed-data cache (see :mod:`policytl.cache`), and so is the
    embedded data set when it is a file on disk. ``cache=False`` neither reads nor
    writes the cache.

    ``freeze_from=N``: for a process that keeps the timeline until it exits (the
    command line), a timeline of at least N events is frozen out of the cyclic
    GC's reach with everything else alive (``gc.freeze``); it holds no cycles, and
    reference counting still frees it. Library users normally leave it None.
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    from . import cache as _cache

    if cache is None:
        cache = _cache.enabled()
    if cache and paths:
        return _cache.load(expand_paths(paths), max_bytes=max_bytes, freeze_from=freeze_from)
    if cache:
        # The embedded data set goes through the cache too: a hit needs neither
        # PyYAML nor the checks, which is most of a short command's start-up.
        path = _embedded_file()
        if path is not None:
            timeline = _cache.load([path], max_bytes=max_bytes, freeze_from=freeze_from)
            timeline.files = (EMBEDDED_NAME,)
            return timeline
    with gc_paused() as pause:
        docs = _documents(paths, max_bytes)
        timeline, _ = load_documents(docs)
        del docs
        pause.freeze = freeze_from is not None and len(timeline.events) >= freeze_from
    return timeline


def errors_only(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.ERROR]
