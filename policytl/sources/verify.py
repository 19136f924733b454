"""``policytl verify``'s work: every quote looked up in its source's archived copy.

Pure: reads the timeline's files and the copies they name, never writes or prints.
Each citation with a quote (in an event, or in a relation's ``sources``) gets one
:class:`Result`: ``verified`` (as written, or after the normalisation steps it
names), ``not-found`` (with the nearest passage), or ``unverifiable`` (its source
has no archived copy, or the copy cannot be read). Each source's copy is read
once, and its problems (missing, refused, unreadable, changed since it was
archived) are :class:`CopyProblem` lines of their own, at the ``archive`` field.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from policytl.load.located import Located, Path, format_path
from policytl.model.records import Archive, Timeline
from policytl.sources.extract import Unreadable, extract
from policytl.sources.match import Found, Page, find

__all__ = [
    "MAX_COPY_BYTES",
    "Copy",
    "CopyProblem",
    "Quote",
    "Result",
    "quotes_of",
    "read_copy",
    "verify",
]

#: the largest archived copy verify reads
MAX_COPY_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class Where:
    """A place in a timeline file: FILE:LINE:COL and the field's path."""

    file: str
    line: int | None
    column: int | None
    path: str
    event_id: str | None = None

    @classmethod
    def of(cls, doc: Located, path: Path, key: bool = False) -> Where:
        line, column = doc.position(path, key=key)
        event = doc.data["events"][path[1]] if path[:1] == ("events",) else None
        eid = event.get("id") if isinstance(event, dict) else None
        return cls(doc.file, line, column, format_path(path), eid if type(eid) is str else None)


@dataclass(frozen=True)
class Quote:
    """A citation's quote, and where it is."""

    where: Where
    source: str
    text: str


@dataclass(frozen=True)
class CopyProblem:
    """Something wrong with a source's archived copy (one line of the report)."""

    where: Where
    source: str
    message: str
    #: ``missing``, ``refused``, ``unreadable``, ``changed`` or ``no-archive``
    kind: str


@dataclass(frozen=True)
class Result:
    """What became of one quote."""

    quote: Quote
    #: ``verified``, ``not-found`` or ``unverifiable``
    status: str
    found: Found | None = None
    #: why it is unverifiable
    reason: str = ""


@dataclass
class Copy:
    """A source's archived copy: its text, once read (None when it cannot be)."""

    source: str
    page: Page | None = None
    problems: list[CopyProblem] = field(default_factory=list)
    #: why its quotes cannot be verified, when they cannot
    reason: str = ""


class Refused(Exception):
    """An archived copy policytl will not read (the message says why)."""


def read_copy(folder: str, relative: str, max_bytes: int = MAX_COPY_BYTES) -> bytes:
    """The bytes of the copy ``relative`` to ``folder``: FileNotFoundError when it is
    not there, Refused when it is outside the folder, a link, not a regular file, or
    too large."""
    parts = relative.replace("\\", "/").split("/")
    if os.path.isabs(relative) or ".." in parts:
        raise Refused(f"{relative!r} is outside the timeline's folder")
    full = os.path.join(folder, relative)
    st = os.lstat(full)
    if stat.S_ISLNK(st.st_mode):
        raise Refused(f"{relative!r} is a symbolic link (archive a regular file)")
    if not stat.S_ISREG(st.st_mode):
        what = "a FIFO" if stat.S_ISFIFO(st.st_mode) else "not a regular file"
        raise Refused(f"{relative!r} is {what} (archive a regular file)")
    base = os.path.realpath(folder)
    if os.path.commonpath([os.path.realpath(full), base]) != base:
        raise Refused(f"{relative!r} is outside the timeline's folder (through a linked folder)")
    fd = os.open(full, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    try:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode):
            raise Refused(f"{relative!r} is not a regular file (archive a regular file)")
        if opened.st_size > max_bytes:
            raise Refused(f"{relative!r} is larger than {max_bytes:,} bytes")
        with os.fdopen(fd, "rb", closefd=False) as f:
            return f.read(max_bytes + 1)
    finally:
        os.close(fd)


def _load_copy(source: str, archive: Archive | None, doc: Located, path: Path) -> Copy:
    """Read, check and extract one source's copy (``doc`` defines the source at ``path``)."""
    copy = Copy(source)
    if archive is None or archive.path is None:
        said = "no archive" if archive is None else "an archive without a path"
        copy.reason = f"source {source!r} has {said}"
        field_path = path if archive is None else (*path, "archive")
        where = Where.of(doc, field_path, key=archive is None)
        copy.problems.append(CopyProblem(where, source, copy.reason, "no-archive"))
        return copy
    at = Where.of(doc, (*path, "archive", "path"))
    folder = os.path.dirname(os.path.abspath(doc.file))
    try:
        data = read_copy(folder, archive.path)
    except FileNotFoundError:
        copy.reason = f"the archived copy {archive.path!r} is missing"
        copy.problems.append(CopyProblem(at, source, copy.reason, "missing"))
        return copy
    except Refused as exc:
        copy.reason = f"the archived copy is refused: {exc}"
        copy.problems.append(CopyProblem(at, source, copy.reason, "refused"))
        return copy
    except OSError as exc:
        copy.reason = f"the archived copy {archive.path!r} cannot be read ({exc.strerror})"
        copy.problems.append(CopyProblem(at, source, copy.reason, "unreadable"))
        return copy
    if archive.sha256 is not None:
        digest = hashlib.sha256(data).hexdigest()
        if digest != archive.sha256:
            copy.problems.append(
                CopyProblem(
                    Where.of(doc, (*path, "archive", "sha256")),
                    source,
                    f"the archived copy {archive.path!r} has changed since it was archived "
                    f"(its sha256 is {digest})",
                    "changed",
                )
            )
    try:
        copy.page = Page(extract(data, archive.path))
    except Unreadable as exc:
        copy.reason = f"the archived copy {archive.path!r} cannot be read: {exc}"
        copy.problems.append(CopyProblem(at, source, copy.reason, "unreadable"))
    return copy


def quotes_of(doc: Located) -> Iterator[Quote]:
    """Every quote of a file: its events' citations, then their relations'."""
    events = doc.data.get("events") if isinstance(doc.data, dict) else None
    for i, event in enumerate(events if isinstance(events, list) else []):
        if not isinstance(event, dict):
            continue
        yield from _citations(doc, event.get("sources"), ("events", i, "sources"))
        relations = event.get("relations")
        for k, relation in enumerate(relations if isinstance(relations, list) else []):
            if isinstance(relation, dict):
                path = ("events", i, "relations", k, "sources")
                yield from _citations(doc, relation.get("sources"), path)


def _citations(doc: Located, citations: Any, path: Path) -> Iterator[Quote]:
    for j, citation in enumerate(citations if isinstance(citations, list) else []):
        if isinstance(citation, dict) and isinstance(citation.get("quote"), str):
            where = Where.of(doc, (*path, j, "quote"))
            yield Quote(where, str(citation.get("source")), citation["quote"])


def _definitions(docs: Sequence[Located]) -> dict[str, tuple[Located, Path]]:
    """Where each source is defined: its file and its path there."""
    out: dict[str, tuple[Located, Path]] = {}
    for doc in docs:
        sources = doc.data.get("sources") if isinstance(doc.data, dict) else None
        for sid in sources if isinstance(sources, dict) else {}:
            out.setdefault(sid, (doc, ("sources", sid)))
    return out


def verify(
    docs: Sequence[Located], timeline: Timeline, sources: Sequence[str] = ()
) -> tuple[list[Result], list[CopyProblem]]:
    """Every quote of ``docs`` (a valid ``timeline``'s files) looked up in its source's
    copy; only the quotes of ``sources`` when some are named."""
    defined = _definitions(docs)
    copies: dict[str, Copy] = {}
    results: list[Result] = []
    for doc in docs:
        for quote in quotes_of(doc):
            if sources and quote.source not in sources:
                continue
            copy = copies.get(quote.source)
            if copy is None:
                where, path = defined[quote.source]
                archive = timeline.sources[quote.source].archive
                copy = copies[quote.source] = _load_copy(quote.source, archive, where, path)
            if copy.page is None:
                results.append(Result(quote, "unverifiable", reason=copy.reason))
                continue
            found = find(copy.page, quote.text.strip())
            results.append(Result(quote, "verified" if found.found else "not-found", found))
    problems = [p for copy in copies.values() for p in copy.problems]
    return results, problems


def load(paths: Sequence[str], max_bytes: int) -> tuple[list[Located], Timeline]:
    """The parsed files of a timeline (the embedded data set without ``paths``) and the
    timeline they make: LoadError or DataError as every command raises them."""
    from policytl.load.loader import (
        EMBEDDED_NAME,
        embedded_text,
        expand_paths,
        gc_paused,
        load_documents,
        parse_file,
    )
    from policytl.load.yamlsafe import parse_document

    with gc_paused():
        if paths:
            docs = [parse_file(f, max_bytes=max_bytes) for f in expand_paths(paths)]
        else:
            docs = [parse_document(embedded_text(), EMBEDDED_NAME)]
        timeline, _ = load_documents(docs)
    return docs, timeline
