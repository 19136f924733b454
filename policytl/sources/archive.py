"""``policytl archive``'s work: fetch each source, keep a copy beside its timeline file,
and (with ``--snapshot``) ask the Internet Archive's Save Page Now for a public one.

Copies are content-addressed: ``archive/<first 16 hex digits of the sha256>.<html|pdf|txt>``
in the folder of the file that defines the source, written atomically. What the
timeline records (``archive.path``, ``sha256``, ``retrieved``, ``url``) is written by
the command through the comment-preserving editor; nothing is recorded for a
source whose fetch failed.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from policytl.load.located import Located
from policytl.model.records import Timeline
from policytl.sources.fetch import (
    FetchError,
    Settings,
    client,
    get,
    in_parallel,
    reason,
    status_line,
    with_retries,
)

if TYPE_CHECKING:
    import httpx

__all__ = ["FOLDER", "SAVE_PAGE_NOW", "Outcome", "archive", "snapshot_endpoint"]

#: the folder, beside the timeline file, that holds the copies
FOLDER = "archive"
#: the Internet Archive, whose Save Page Now is ``{base}/save/{url}``
SAVE_PAGE_NOW = "https://web.archive.org"
#: the environment variable that points Save Page Now elsewhere (tests, a mirror)
ENDPOINT_VARIABLE = "POLICYTL_SAVE_PAGE_NOW"


@dataclass(frozen=True)
class Outcome:
    """What became of one source: the fields to record, or why there are none."""

    source: str
    #: the timeline file that defines the source
    file: str
    fields: dict[str, str]
    error: str = ""


def snapshot_endpoint(given: str | None = None) -> str:
    """The base URL of Save Page Now: ``given``, else $POLICYTL_SAVE_PAGE_NOW, else the
    Internet Archive's."""
    return (given or os.environ.get(ENDPOINT_VARIABLE) or SAVE_PAGE_NOW).rstrip("/")


def _suffix(content_type: str, data: bytes) -> str:
    from policytl.sources.extract import kind_of

    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/pdf":
        return "pdf"
    if kind in ("text/html", "application/xhtml+xml"):
        return "html"
    if kind == "text/plain":
        return "txt"
    return {"pdf": "pdf", "html": "html"}.get(kind_of(data), "txt")


def save_copy(folder: str, data: bytes, content_type: str) -> tuple[str, str]:
    """Write ``data`` into ``folder``/archive under its content address; (the path
    relative to ``folder``, the sha256). A copy already there is left as it is."""
    from policytl.files.write import write_atomic

    digest = hashlib.sha256(data).hexdigest()
    relative = f"{FOLDER}/{digest[:16]}.{_suffix(content_type, data)}"
    full = os.path.join(folder, relative)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    if not (os.path.isfile(full) and not os.path.islink(full) and _digest(full) == digest):
        write_atomic(full, data)
    return relative, digest


def _digest(path: str) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _snapshot(http: httpx.Client, url: str, endpoint: str, settings: Settings) -> str:
    """Ask Save Page Now for a snapshot of ``url``: the snapshot's URL (where the answer
    was redirected to, or its Content-Location)."""
    import httpx

    try:
        response = with_retries(
            settings, lambda: http.get(f"{endpoint}/save/{url}"), lambda r: r.status_code
        )
    except httpx.HTTPError as exc:
        raise FetchError(f"Save Page Now: {reason(exc, settings)}") from None
    if response.status_code >= 400:
        raise FetchError(f"Save Page Now: {status_line(response.status_code)}")
    location = response.headers.get("content-location")
    if location and "/web/" in location:
        return str(urljoin(endpoint + "/", location))
    if "/web/" in urlsplit(str(response.url)).path:
        return str(response.url)
    raise FetchError("Save Page Now answered without a snapshot")


def archive(
    docs: Sequence[Located],
    timeline: Timeline,
    sources: Sequence[str],
    settings: Settings,
    *,
    snapshot: bool = False,
    endpoint: str | None = None,
    today: date | None = None,
) -> list[Outcome]:
    """Fetch and keep a copy of each of ``sources`` (their ``url``), in the order given."""
    where: dict[str, str] = {}
    for doc in docs:
        defined = doc.data.get("sources") if isinstance(doc.data, dict) else None
        for sid in defined if isinstance(defined, dict) else {}:
            where.setdefault(sid, doc.file)
    day = (today or date.today()).isoformat()
    base = snapshot_endpoint(endpoint)

    with client(settings) as http:

        def one(sid: str) -> Outcome:
            file = where[sid]
            url = timeline.sources[sid].url
            if url is None:
                return Outcome(sid, file, {}, "it has no url to fetch")
            try:
                fetched = get(http, url, settings)
                folder = os.path.dirname(os.path.abspath(file))
                path, digest = save_copy(folder, fetched.content, fetched.content_type)
                fields = {"path": path, "sha256": digest, "retrieved": day}
                if snapshot:
                    fields["url"] = _snapshot(http, url, base, settings)
            except FetchError as exc:
                return Outcome(sid, file, {}, f"{url}: {exc}")
            except OSError as exc:
                return Outcome(sid, file, {}, f"cannot save the copy ({exc.strerror})")
            return Outcome(sid, file, fields)

        return in_parallel(list(sources), one, settings)
