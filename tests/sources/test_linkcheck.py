"""``policytl linkcheck`` against a local HTTP server (nothing reaches the internet)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import invoke
from tests.sources.server import serving

TIMELINE = """\
format: policytl/1
jurisdictions:
  CN: {{name: {{en: China}}}}
sources:
  web:
    title: {{en: web}}  # keep this comment
    url: {b}/page.html
    archive:
      path: archive/x.html
      url: {b}/moved
  old:
    title: {{en: old}}
    url: {b}/chain
  gone:
    title: {{en: gone}}
    url: {b}/missing
documents:
  plan:
    title: {{en: A plan}}
    type: plan
    jurisdiction: CN
    url: {b}/perm
events:
"""
EVENT = """\
  - id: e{n}
    date: "2020"
    kind: statement
    jurisdiction: CN
    issuers: []
    title: {{en: event}}
    sources:
      - source: web
        quote: q
    url: {b}{route}
"""
ARGS = ["--timeout", "0.5", "--retries", "0"]


def _timeline(tmp_path: Path, base: str) -> Path:
    f = tmp_path / "timeline.yaml"
    routes = ("/nohead", "/slow", "/drop", "/found")
    events = "".join(EVENT.format(n=n, b=base, route=r) for n, r in enumerate(routes))
    f.write_text(TIMELINE.format(b=base) + events, encoding="utf-8")
    return f


def test_dead_moved_and_ok_links(tmp_path: Path) -> None:
    with serving() as (base, server):
        f = _timeline(tmp_path, base)
        r = invoke(["linkcheck", str(f), *ARGS])
        heads = sorted(p for m, p, _ in server.seen if m == "HEAD")
        gets = sorted(p for m, p, _ in server.seen if m == "GET")
    assert r.exit_code == 1
    assert r.stdout.replace(str(f), "T").replace(base, "B").splitlines() == [
        "T:10:12: warning: sources.web.archive.url: B/moved has moved to B/page.html",
        "T:13:10: warning: sources.old.url: B/chain has moved to B/found",
        "T:16:10: sources.gone.url: dead link B/missing: 404 Not Found",
        "T:22:10: warning: documents.plan.url: B/perm has moved to B/page.html",
        "T:43:10: events[1] (id: e1).url: dead link B/slow: timed out after 0.5 s",
        "T:53:10: events[2] (id: e2).url: dead link B/drop: the server closed the connection "
        "(Server disconnected without sending a response.)",
        "9 links: 3 ok, 3 moved, 3 dead",
    ]
    # HEAD first; GET only where HEAD failed or was refused
    assert "/nohead" in gets and "/page.html" not in gets
    assert heads.count("/missing") == 1 and heads.count("/moved") == 1  # each URL once


def test_fix_writes_the_new_urls_and_the_cache_spares_the_servers(tmp_path: Path) -> None:
    with serving() as (base, server):
        f = _timeline(tmp_path, base)
        r = invoke(["linkcheck", str(f), "--fix", *ARGS])
        assert r.exit_code == 1
        text = f.read_text(encoding="utf-8")
        assert f"url: {base}/found\n" in text and f"url: {base}/chain" not in text
        assert text.count(f"url: {base}/page.html\n") == 3
        assert "# keep this comment" in text
        assert f"T:10:12: fixed: sources.web.archive.url: {base}/moved has moved to" in (
            r.stdout.replace(str(f), "T")
        )
        asked = len(server.seen)
        r = invoke(["linkcheck", str(f), "-f", "json", *ARGS])
        again = [p for _, p, _ in server.seen[asked:]]
    doc = json.loads(r.stdout)
    assert doc["ok"] is False
    assert doc["counts"] == {"ok": 6, "moved": 0, "dead": 3}
    # what was ok is taken from the cache; dead links are asked again
    assert sorted(set(again)) == ["/drop", "/missing", "/slow"]
    first = doc["links"][0]
    assert first == {
        "file": str(f),
        "line": 6,
        "column": 10,
        "path": "sources.web.url",
        "event_id": None,
        "url": f"{base}/page.html",
        "status": "ok",
        "code": 200,
        "moved_to": None,
        "reason": None,
        "cached": True,
    }


def test_unreachable_hosts_and_bad_urls(tmp_path: Path) -> None:
    f = tmp_path / "t.yaml"
    f.write_text(
        "format: policytl/1\njurisdictions:\n  CN: {name: {en: China}}\nsources:\n"
        "  a: {title: {en: a}, url: 'http://127.0.0.1:9/closed'}\n"
        "  b: {title: {en: b}, url: 'not a url'}\nevents: []\n",
        encoding="utf-8",
    )
    r = invoke(["linkcheck", str(f), *ARGS, "--max-age", "0"])
    assert r.exit_code == 1
    lines = r.stdout.replace(str(f), "T").splitlines()
    assert lines[0].startswith(
        "T:5:28: sources.a.url: dead link http://127.0.0.1:9/closed: cannot connect ("
    )
    assert lines[1].startswith("T:6:28: sources.b.url: dead link not a url: not a URL")
    assert lines[2] == "2 links: 0 ok, 0 moved, 2 dead"
