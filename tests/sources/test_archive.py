"""``policytl archive`` against a local HTTP server (nothing reaches the internet)."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from tests.conftest import invoke
from tests.sources.server import GB, PAGE, PDF, STAMP, serving
from tests.sources.test_verify import EVENT

HEAD = """\
format: policytl/1
# the sources, with a comment that must stay
jurisdictions:
  CN: {name: {en: China}}
sources:
"""


def project(tmp_path: Path, base: str, routes: dict[str, str], quotes: dict[str, str]) -> Path:
    text = HEAD
    for sid, route in routes.items():
        text += f"  {sid}:\n    title: {{en: {sid}}}  # {sid}'s title\n    url: {base}{route}\n"
    text += "events:\n"
    for n, (sid, quote) in enumerate(quotes.items()):
        text += EVENT.format(n=n, source=sid, quote=quote)
    f = tmp_path / "timeline.yaml"
    f.write_text(text, encoding="utf-8")
    return f


def _name(data: bytes, suffix: str) -> str:
    return f"archive/{hashlib.sha256(data).hexdigest()[:16]}.{suffix}"


def test_archive_saves_copies_and_records_them(tmp_path: Path) -> None:
    with serving() as (base, server):
        f = project(
            tmp_path,
            base,
            {"web": "/page.html", "law": "/doc.pdf", "gb": "/gb.html", "moved": "/moved"},
            {
                "web": "The municipality will set up a special fund.",
                "law": "The regulation applies.",
                "gb": "北京市地方金融监督管理局",
                "moved": "a special fund",
            },
        )
        r = invoke(["archive", "-d", str(f), "--timeout", "5", "--retries", "0"])
        agents = {agent for _, _, agent in server.seen}
    today = date.today().isoformat()
    assert r.exit_code == 0, r.stderr
    assert r.stderr.splitlines() == [
        f"policytl: archived source 'web' in {f}: path {_name(PAGE, 'html')}, retrieved {today}",
        f"policytl: archived source 'law' in {f}: path {_name(PDF, 'pdf')}, retrieved {today}",
        f"policytl: archived source 'gb' in {f}: path {_name(GB, 'html')}, retrieved {today}",
        f"policytl: archived source 'moved' in {f}: path {_name(PAGE, 'html')}, retrieved {today}",
    ]
    assert (tmp_path / _name(PDF, "pdf")).read_bytes() == PDF
    assert (tmp_path / _name(GB, "html")).read_bytes() == GB
    text = f.read_text(encoding="utf-8")
    assert "# the sources, with a comment that must stay" in text
    assert "title: {en: web} # web's title" in text
    assert (
        f"    archive:\n      path: {_name(PDF, 'pdf')}\n"
        f"      sha256: {hashlib.sha256(PDF).hexdigest()}\n      retrieved: '{today}'\n"
    ) in text
    assert len(agents) == 1 and next(iter(agents)).startswith("policytl/")
    r = invoke(["verify", str(f), "--require-archive"])
    assert r.stdout.splitlines()[-1] == (
        "4 of 4 quotes verified (1 after normalisation); 0 not found, 0 unverifiable"
    )


def test_each_failure_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    with serving() as (base, _):
        f = project(
            tmp_path,
            base,
            {
                "gone": "/missing",
                "broken": "/error",
                "slow": "/slow",
                "drop": "/drop",
                "loop": "/loop",
                "nothing": "/nowhere:x",
            },
            {"gone": "q"},
        )
        before = f.read_text(encoding="utf-8")
        r = invoke(["archive", "-d", str(f), "--timeout", "0.5", "--retries", "0"])
    assert r.exit_code == 1
    lines = r.stderr.replace(base, "B").splitlines()
    assert lines[:3] == [
        "policytl: error: source 'gone' was not archived: B/missing: 404 Not Found",
        "policytl: error: source 'broken' was not archived: B/error: 500 Internal Server Error",
        "policytl: error: source 'slow' was not archived: B/slow: timed out after 0.5 s",
    ]
    assert lines[3].startswith(
        "policytl: error: source 'drop' was not archived: B/drop: the server closed the "
        "connection ("
    )
    assert lines[4:] == [
        "policytl: error: source 'loop' was not archived: B/loop: too many redirects",
        "policytl: error: source 'nothing' was not archived: B/nowhere:x: 404 Not Found",
    ]
    assert f.read_text(encoding="utf-8") == before
    assert not (tmp_path / "archive").exists() or not any((tmp_path / "archive").iterdir())


def test_retries_with_backoff_and_a_snapshot(tmp_path: Path) -> None:
    with serving() as (base, server):
        f = project(tmp_path, base, {"flaky": "/flaky"}, {"flaky": "a special fund"})
        r = invoke(
            ["archive", "flaky", "-d", str(f), "--retries", "1", "--snapshot"],
            env={"POLICYTL_SAVE_PAGE_NOW": base},
        )
        seen = [path for _, path, _ in server.seen]
    assert r.exit_code == 0, r.stderr
    assert seen == ["/flaky", "/flaky", f"/save/{base}/flaky", f"/web/{STAMP}/{base}/flaky"]
    assert f"      url: {base}/web/{STAMP}/{base}/flaky\n" in f.read_text(encoding="utf-8")


def test_usage_errors(tmp_path: Path) -> None:
    f = project(tmp_path, "http://127.0.0.1:9", {"web": "/page.html"}, {"web": "q"})
    r = invoke(["archive", "nope", "-d", str(f)])
    assert (r.exit_code, r.stderr) == (2, "policytl: error: no source has the id 'nope'\n")
