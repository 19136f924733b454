"""HTTP for archive and linkcheck: httpx with timeouts, a polite User-Agent, retries with
backoff, bounded concurrency overall and per host.

Every failure is a :class:`FetchError` whose message is one line a user can act on
(``404 Not Found``, ``timed out after 20 s``, ``DNS: no such host``, ``TLS: ...``,
``the server closed the connection``).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import urlsplit

if TYPE_CHECKING:
    import httpx

__all__ = ["FetchError", "Fetched", "Settings", "client", "get", "in_parallel", "reason"]

T = TypeVar("T")
R = TypeVar("R")


def user_agent() -> str:
    from policytl._version import __version__

    return f"policytl/{__version__} (archiving and link checking of cited sources)"


@dataclass(frozen=True)
class Settings:
    """How politely and how patiently to ask."""

    #: seconds for each of connecting, reading, writing
    timeout: float = 20.0
    #: tries after the first, on a timeout, a dropped connection, 429 or 5xx
    retries: int = 2
    #: seconds before the first retry; doubled for each next one
    backoff: float = 1.0
    #: requests at once, in all
    concurrency: int = 8
    #: requests at once to one host
    per_host: int = 2
    #: the largest body read
    max_bytes: int = 256 * 1024 * 1024


class FetchError(Exception):
    """A request that failed; the message is one line."""


@dataclass(frozen=True)
class Fetched:
    """A response read whole."""

    url: str
    status: int
    content: bytes
    content_type: str
    charset: str | None


def client(settings: Settings, *, follow_redirects: bool = True) -> httpx.Client:
    import httpx

    return httpx.Client(
        follow_redirects=follow_redirects,
        max_redirects=10,
        timeout=httpx.Timeout(settings.timeout),
        headers={"User-Agent": user_agent()},
        limits=httpx.Limits(max_connections=max(settings.concurrency, 1) * 2),
    )


def reason(exc: Exception, settings: Settings) -> str:
    """One line saying why a request failed."""
    import httpx

    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if isinstance(exc, httpx.TimeoutException):
        return f"timed out after {settings.timeout:g} s"
    if isinstance(exc, httpx.TooManyRedirects):
        return "too many redirects"
    if isinstance(exc, httpx.ConnectError):
        lowered = text.lower()
        if "ssl" in lowered or "certificate" in lowered or "tls" in lowered:
            return f"TLS: {text}"
        if "name or service" in lowered or "getaddrinfo" in lowered or "resolution" in lowered:
            return f"DNS: no such host ({text})"
        return f"cannot connect ({text})"
    if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError):
        return f"the server closed the connection ({text})"
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return f"not a URL policytl can fetch ({text})"
    return f"{type(exc).__name__}: {text}"


def _retryable(status: int) -> bool:
    return status == 429 or status >= 500


def with_retries(settings: Settings, attempt: Callable[[], R], status: Callable[[R], int]) -> R:
    """``attempt()``, tried again after a backoff on a transient failure (the last
    failure is raised, or its response returned)."""
    import httpx

    for n in range(settings.retries + 1):
        last = n == settings.retries
        try:
            out = attempt()
        except (httpx.TimeoutException, httpx.TransportError):
            if last:
                raise
        else:
            if last or not _retryable(status(out)):
                return out
        time.sleep(settings.backoff * 2**n)
    raise AssertionError("unreachable")


def get(http: httpx.Client, url: str, settings: Settings) -> Fetched:
    """GET ``url`` (redirects followed) and read its body: FetchError unless it is 2xx."""
    import httpx

    def attempt() -> tuple[int, str, bytes, str, str | None]:
        with http.stream("GET", url) as response:
            if response.status_code >= 300:
                return response.status_code, str(response.url), b"", "", None
            chunks = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > settings.max_bytes:
                    raise FetchError(f"larger than {settings.max_bytes:,} bytes")
                chunks.append(chunk)
            kind = response.headers.get("content-type", "")
            return response.status_code, str(response.url), b"".join(chunks), kind, _charset(kind)

    try:
        code, final, content, kind, charset = with_retries(settings, attempt, lambda r: r[0])
    except httpx.HTTPError as exc:
        raise FetchError(reason(exc, settings)) from None
    if code >= 300:
        raise FetchError(status_line(code))
    return Fetched(final, code, content, kind, charset)


def status_line(code: int) -> str:
    """``404 Not Found``."""
    from http import HTTPStatus

    try:
        return f"{code} {HTTPStatus(code).phrase}"
    except ValueError:
        return f"HTTP status {code}"


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        name, _, value = part.strip().partition("=")
        if name.lower() == "charset" and value:
            return value.strip("\"' ")
    return None


class HostLimits:
    """At most ``per_host`` requests at once to each host."""

    def __init__(self, per_host: int) -> None:
        self.per_host = max(per_host, 1)
        self._lock = threading.Lock()
        self._hosts: dict[str, threading.Semaphore] = {}

    @contextmanager
    def slot(self, url: str) -> Iterator[None]:
        host = urlsplit(url).netloc.lower()
        with self._lock:
            semaphore = self._hosts.setdefault(host, threading.Semaphore(self.per_host))
        with semaphore:
            yield


def in_parallel(items: Sequence[T], work: Callable[[T], R], settings: Settings) -> list[R]:
    """``work`` of each item, at most ``settings.concurrency`` at once, in the items' order."""
    if len(items) <= 1 or settings.concurrency <= 1:
        return [work(item) for item in items]
    with ThreadPoolExecutor(max_workers=settings.concurrency) as pool:
        return list(pool.map(work, items))
