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
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import DataError, LoadError, Problem, Severity
from .model import Timeline
from .validate import check_documents
from .yamlsafe import DEFAULT_MAX_BYTES, Located, decode, parse_document

__all__ = [
    "EMBEDDED_NAME",
    "check_files",
    "embedded_text",
    "expand_paths",
    "json_schema",
    "load_timeline",
]

EMBEDDED_NAME = "<embedded>/timeline.yaml"
SCHEMA_NAME = "policytl-1.schema.json"
DATA_SUFFIXES = (".yaml", ".yml", ".json")
PathLike = str | os.PathLike[str]


def embedded_text() -> str:
    """The curated data set shipped inside the package."""
    res = resources.files("policytl").joinpath("data/timeline.yaml")
    if res.is_file():
        return res.read_text(encoding="utf-8")
    # Running from a source checkout (editable install): the repository's copy.
    return (Path(__file__).resolve().parent.parent / "data" / "timeline.yaml").read_text(
        encoding="utf-8"
    )


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the policytl/1 format, shipped in the package.

    The file is ``policytl/schema/policytl-1.schema.json``; editors can point a
    ``# yaml-language-server: $schema=...`` line at it.
    """
    res = resources.files("policytl").joinpath("schema/" + SCHEMA_NAME)
    schema: dict[str, Any] = json.loads(res.read_text(encoding="utf-8"))
    return schema


def expand_paths(paths: Iterable[PathLike]) -> list[Path]:
    """Files as given; folders become their *.yaml/*.yml/*.json files, sorted."""
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


def _read(path: Path, max_bytes: int) -> str:
    name = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise LoadError(
                Problem(
                    name,
                    None,
                    None,
                    "",
                    f"file is {size:,} bytes, more than the limit of "
                    f"{max_bytes:,} (raise it with --max-bytes)",
                )
            )
        with path.open("rb") as fh:
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
    except IsADirectoryError:
        raise LoadError(Problem(name, None, None, "", "is a folder, expected a file")) from None
    except PermissionError:
        raise LoadError(Problem(name, None, None, "", "permission denied")) from None
    except FileNotFoundError:
        raise LoadError(Problem(name, None, None, "", "no such file or folder")) from None
    except OSError as exc:
        raise LoadError(Problem(name, None, None, "", f"cannot read: {exc.strerror}")) from None
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
    return decode(data, name)


@contextmanager
def _gc_paused() -> Iterator[None]:
    # Building many small objects triggers the cyclic GC over and over; nothing
    # built here forms cycles, so pausing it is safe and roughly halves load time.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def parse_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Located:
    text = _read(path, max_bytes)
    with _gc_paused():
        return parse_document(text, str(path), as_json=path.suffix.lower() == ".json")


def _documents(paths: Sequence[PathLike] | None, max_bytes: int) -> list[Located]:
    if not paths:
        with _gc_paused():
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
    with _gc_paused():
        timeline, problems = check_documents(docs)
    return timeline, _sorted(problems, [d.file for d in docs])


def load_timeline(
    paths: Sequence[PathLike] | PathLike | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Timeline:
    """Load and validate one or more files or folders (default: the embedded data set).

    Raises LoadError for a file that cannot be read, DataError for invalid data.
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    docs = _documents(paths, max_bytes)
    with _gc_paused():
        timeline, problems = check_documents(docs)
    if timeline is None:
        raise DataError(_sorted(problems, [d.file for d in docs]))
    return timeline


def errors_only(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.ERROR]
