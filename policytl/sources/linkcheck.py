"""``policytl linkcheck``'s work: every URL of a timeline, checked.

The URLs are the sources' ``url`` and ``archive.url``, the documents' ``url`` and the
events' ``url``. Each distinct URL is asked for once: HEAD, then GET when HEAD fails
or is refused; redirects are followed (at most 10), at most ``per_host`` requests at
once to a host. A URL is:

- ``ok``: it answers 2xx (after temporary redirects, if any);
- ``moved``: its first redirects are permanent (301, 308) and end at a URL that
  answers; ``moved_to`` is that URL (``--fix`` writes it in the timeline);
- ``dead``: 4xx or 5xx, no such host (DNS), a TLS error, a timeout, a dropped
  connection, a redirect loop.

Results that are ``ok`` or ``moved`` are kept in a cache (``linkcheck.json`` in the
parsed-data cache's folder) for ``max_age`` seconds, so a CI run does not ask again;
dead links are always asked again.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from policytl.load.located import Located, Path
from policytl.sources.fetch import (
    HostLimits,
    Settings,
    client,
    in_parallel,
    reason,
    status_line,
    with_retries,
)
from policytl.sources.verify import Where

if TYPE_CHECKING:
    import httpx

__all__ = ["CACHE_FILE", "Checked", "Link", "check_all", "json_report", "lines", "links_of"]

CACHE_FILE = "linkcheck.json"
_PERMANENT = (301, 308)
_MAX_HOPS = 10


@dataclass(frozen=True)
class Link:
    """A URL in a timeline file, and the record and field that hold it."""

    url: str
    where: Where
    #: the record's section and id, and the field (``url``, ``archive.url``)
    section: str
    key: str
    field: str


@dataclass(frozen=True)
class Checked:
    """What a URL answered."""

    url: str
    #: ``ok``, ``moved`` or ``dead``
    status: str
    code: int | None = None
    moved_to: str | None = None
    reason: str = ""
    #: when it was asked (seconds since the epoch)
    checked: float = 0.0
    cached: bool = False


def links_of(docs: Sequence[Located]) -> list[Link]:
    """Every URL of the files, in file order."""
    out: list[Link] = []
    for doc in docs:
        out.extend(_links(doc))
    return out


def _link(doc: Located, path: Path, section: str, key: str, field: str) -> Iterator[Link]:
    value: Any = doc.data
    for part in path[:-1]:
        if type(part) is int:
            value = value[part] if isinstance(value, list) and 0 <= part < len(value) else None
        else:
            value = value.get(part) if isinstance(value, dict) else None
    url = value.get(path[-1]) if isinstance(value, dict) else None
    if isinstance(url, str) and url.strip():
        yield Link(url.strip(), Where.of(doc, path), section, key, field)


def _links(doc: Located) -> Iterator[Link]:
    data = doc.data if isinstance(doc.data, dict) else {}
    for section in ("sources", "documents"):
        records = data.get(section)
        for key in records if isinstance(records, dict) else {}:
            yield from _link(doc, (section, key, "url"), section, key, "url")
            if section == "sources":
                path = (section, key, "archive", "url")
                yield from _link(doc, path, section, key, "archive.url")
    events = data.get("events")
    for i, event in enumerate(events if isinstance(events, list) else []):
        eid = event.get("id") if isinstance(event, dict) else None
        if isinstance(eid, str):
            yield from _link(doc, ("events", i, "url"), "events", eid, "url")


def check(http: httpx.Client, url: str, settings: Settings, hosts: HostLimits) -> Checked:
    """Ask ``url`` (see the module's docs for what each answer makes it)."""
    import httpx

    current, moved_to, permanent = url, None, True
    for _ in range(_MAX_HOPS + 1):
        try:
            with hosts.slot(current):
                response = _ask(http, current, settings)
        except httpx.HTTPError as exc:
            return Checked(url, "dead", reason=reason(exc, settings), checked=time.time())
        code = response.status_code
        location = response.headers.get("location")
        if 300 <= code < 400 and location:
            current = urljoin(current, location)
            permanent = permanent and code in _PERMANENT
            if permanent:
                moved_to = current
            continue
        if code >= 400:
            return Checked(url, "dead", code, reason=status_line(code), checked=time.time())
        status = "moved" if moved_to is not None else "ok"
        return Checked(url, status, code, moved_to, checked=time.time())
    return Checked(url, "dead", reason="too many redirects", checked=time.time())


def _ask(http: httpx.Client, url: str, settings: Settings) -> httpx.Response:
    """HEAD, then GET (its headers only) when HEAD fails or is refused."""
    import httpx

    def head() -> httpx.Response:
        return http.head(url)

    def first_of_get() -> httpx.Response:
        with http.stream("GET", url) as response:
            return response

    try:
        response = with_retries(settings, head, lambda r: r.status_code)
        if response.status_code < 400:
            return response
    except httpx.HTTPError:
        pass
    return with_retries(settings, first_of_get, lambda r: r.status_code)


# --- the cache ------------------------------------------------------------------------------


def _cache_path() -> str | None:
    from policytl.load.cache import cache_dir

    folder = cache_dir()
    return None if folder is None else os.path.join(folder, CACHE_FILE)


def read_cache(max_age: float) -> dict[str, Checked]:
    """The cached results younger than ``max_age`` seconds (none if there is no cache)."""
    path = _cache_path()
    if path is None or max_age <= 0:
        return {}
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError):
        return {}
    now = time.time()
    out: dict[str, Checked] = {}
    for url, entry in data.items() if isinstance(data, dict) else ():
        try:
            checked = Checked(**{**entry, "cached": True})
        except TypeError:
            continue
        if isinstance(checked.checked, int | float) and now - checked.checked < max_age:
            out[url] = checked
    return out


def write_cache(results: Sequence[Checked]) -> None:
    """Keep the ``ok`` and ``moved`` results (a cache that cannot be written is skipped)."""
    from policytl.files.write import write_atomic

    path = _cache_path()
    if path is None:
        return
    kept = {r.url: {**asdict(r), "cached": False} for r in results if r.status != "dead"}
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        write_atomic(path, json.dumps(kept, ensure_ascii=False, indent=1).encode("utf-8"))
    except OSError:
        pass


def check_all(urls: Sequence[str], settings: Settings, max_age: float = 0) -> dict[str, Checked]:
    """Each distinct URL checked (or taken from the cache): its result by URL."""
    distinct = list(dict.fromkeys(urls))
    cached = read_cache(max_age)
    todo = [u for u in distinct if u not in cached]
    hosts = HostLimits(settings.per_host)
    with client(settings, follow_redirects=False) as http:
        fresh = in_parallel(todo, lambda u: check(http, u, settings, hosts), settings)
    if max_age > 0:
        write_cache([*[c for c in cached.values() if c.url in distinct], *fresh])
    return {**cached, **{c.url: c for c in fresh}}


# --- the report -----------------------------------------------------------------------------


def _line(link: Link, result: Checked, fixed: bool) -> str | None:
    w = link.where
    place = w.file + (f":{w.line}:{w.column}" if w.line is not None else "")
    subject = w.path
    if w.event_id is not None and subject.startswith("events["):
        end = subject.find("]") + 1
        subject = f"{subject[:end]} (id: {w.event_id}){subject[end:]}"
    if result.status == "dead":
        return f"{place}: {subject}: dead link {link.url}: {result.reason}"
    if result.status == "moved":
        done = "fixed: " if fixed else "warning: "
        return f"{place}: {done}{subject}: {link.url} has moved to {result.moved_to}"
    return None


def lines(links: Sequence[Link], results: dict[str, Checked], fixed: set[str]) -> list[str]:
    """One line per dead or moved link (in file order), then the summary."""
    out = [
        line
        for link in links
        if (line := _line(link, results[link.url], link.where.file in fixed)) is not None
    ]
    counted = {s: sum(1 for k in links if results[k.url].status == s) for s in _STATUSES}
    cached = sum(1 for r in results.values() if r.cached)
    out.append(
        f"{len(links)} {'link' if len(links) == 1 else 'links'}: {counted['ok']} ok, "
        f"{counted['moved']} moved, {counted['dead']} dead"
        + (f" ({cached} of {len(results)} from the cache)" if cached else "")
    )
    return out


_STATUSES = ("ok", "moved", "dead")


def json_report(links: Sequence[Link], results: dict[str, Checked]) -> dict[str, Any]:
    """The report as ``linkcheck -f json`` writes it."""
    statuses = [results[k.url].status for k in links]
    return {
        "ok": "dead" not in statuses,
        "counts": {s: statuses.count(s) for s in _STATUSES},
        "links": [
            {
                "file": k.where.file,
                "line": k.where.line,
                "column": k.where.column,
                "path": k.where.path,
                "event_id": k.where.event_id,
                "url": k.url,
                "status": results[k.url].status,
                "code": results[k.url].code,
                "moved_to": results[k.url].moved_to,
                "reason": results[k.url].reason or None,
                "cached": results[k.url].cached,
            }
            for k in links
        ],
    }
