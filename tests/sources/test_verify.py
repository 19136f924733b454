"""``policytl verify``: each case of issue 25 gives its documented line, never a traceback."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from tests.conftest import invoke
from tests.sources.pdfs import pdf

HTML = """<!doctype html>
<html><head><title>A page</title>
<script>var secret = "only in a script";</script>
<style>p { color: red }</style></head>
<body>
<h1>Notice on blockchain</h1>
<p>The municipality   will set up a
special fund of 10 million.</p>
<div hidden>a hidden sentence</div>
<p style="color: blue; display:none">an invisible sentence</p>
<span aria-hidden="true">an aria-hidden sentence</span>
<p>北京市，上海市和深圳市</p>
</body></html>
"""
GB_HTML = (
    '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    "</head><body><p>北京市地方金融监督管理局发布通知</p></body></html>"
).encode("gb18030")
TEXT = "北京市人民政府\n办公厅印发了行动计划。\nsoft\u00adhyphen here\n"

SOURCE = """  {id}:
    title: {{en: {id}}}
{archive}"""


def _archive(path: str, data: bytes | None = None, digest: str | None = None) -> str:
    out = f"    archive:\n      path: {path}\n"
    if data is not None or digest is not None:
        out += f'      sha256: "{digest or hashlib.sha256(data or b"").hexdigest()}"\n'
    return out


EVENT = """  - id: e{n}
    date: "2020"
    kind: statement
    jurisdiction: CN
    issuers: []
    title: {{en: event {n}}}
    sources:
      - source: {source}
        quote: "{quote}"
"""


def project(tmp_path: Path, sources: dict[str, str], quotes: list[tuple[str, str]]) -> Path:
    """A timeline in ``tmp_path`` whose sources have these archive blocks, and one event
    per (source, quote)."""
    text = "format: policytl/1\njurisdictions:\n  CN: {name: {en: China}}\nsources:\n"
    for sid, archive in sources.items():
        text += SOURCE.format(id=sid, archive=archive)
    text += "events:\n"
    for n, (sid, quote) in enumerate(quotes):
        text += EVENT.format(n=n, source=sid, quote=quote)
    f = tmp_path / "timeline.yaml"
    f.write_text(text, encoding="utf-8")
    return f


def write(tmp_path: Path, name: str, data: bytes) -> bytes:
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_bytes(data)
    return data


def run(f: Path, *args: str) -> tuple[int, list[str]]:
    r = invoke(["verify", str(f), *args])
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    assert "Traceback" not in r.stderr and "internal error" not in r.stderr, r.stderr
    return r.exit_code, r.stdout.replace(str(f), "T").splitlines()


def test_html_visible_text_full_width_and_hidden_text(tmp_path: Path) -> None:
    page = write(tmp_path, "copies/page.html", HTML.encode())
    f = project(
        tmp_path,
        {"web": _archive("copies/page.html", page)},
        [
            ("web", "The municipality will set up a special fund of 10 million."),
            ("web", "special fund of 10 millions"),
            ("web", "北京市,上海市和深圳市"),
            ("web", "only in a script"),
            ("web", "a hidden sentence"),
            ("web", "an invisible sentence"),
            ("web", "an aria-hidden sentence"),
            ("web", "A page"),
        ],
    )
    code, lines = run(f)
    assert code == 1
    assert lines == [
        "T:28:16: events[1] (id: e1).sources[0].quote: not found in the archived copy of "
        "source 'web'; nearest passage at line 3 (96.3% alike): special fund of 10 "
        "million[-s-]",
        "T:37:16: note: events[2] (id: e2).sources[0].quote: found in source 'web' at line 4 "
        "after normalisation (Unicode NFKC (full-width and half-width forms))",
        "T:46:16: events[3] (id: e3).sources[0].quote: not found in the archived copy of "
        "source 'web'; no passage is alike (the nearest, at line 3, is 50% alike)",
        "T:55:16: events[4] (id: e4).sources[0].quote: not found in the archived copy of "
        "source 'web'; no passage is alike (the nearest, at line 2, is 41.2% alike)",
        "T:64:16: events[5] (id: e5).sources[0].quote: not found in the archived copy of "
        "source 'web'; no passage is alike (the nearest, at line 3, is 42.9% alike)",
        "T:73:16: events[6] (id: e6).sources[0].quote: not found in the archived copy of "
        "source 'web'; no passage is alike (the nearest, at line 2, is 39.1% alike)",
        "3 of 8 quotes verified (1 after normalisation); 5 not found, 0 unverifiable",
    ]


def test_pdf_line_breaks_plain_text_and_gb18030(tmp_path: Path) -> None:
    doc = write(
        tmp_path,
        "copies/law.pdf",
        pdf([["Article 1", "The regu-", "lation applies to every"], ["well-", "known service."]]),
    )
    gb = write(tmp_path, "copies/gb.html", GB_HTML)
    text = write(tmp_path, "copies/notice.txt", TEXT.encode())
    f = project(
        tmp_path,
        {
            "law": _archive("copies/law.pdf", doc),
            "gb": _archive("copies/gb.html", gb),
            "txt": _archive("copies/notice.txt", text),
        },
        [
            ("law", "The regulation applies to every"),
            ("law", "well-known service."),
            ("law", "Article 1"),
            ("gb", "北京市地方金融监督管理局发布通知"),
            ("txt", "北京市人民政府办公厅印发了行动计划。"),
            ("txt", "softhyphen here"),
            ("law", "The regulation applies to everyone"),
        ],
    )
    code, lines = run(f)
    assert code == 1
    assert lines == [
        "T:29:16: note: events[0] (id: e0).sources[0].quote: found in source 'law' at page 1, "
        "line 2 after normalisation (hyphenation at line ends removed)",
        "T:38:16: note: events[1] (id: e1).sources[0].quote: found in source 'law' at page 2, "
        "line 1 after normalisation (line breaks after a hyphen removed)",
        "T:65:16: note: events[4] (id: e4).sources[0].quote: found in source 'txt' at line 1 "
        "after normalisation (whitespace removed between CJK characters and collapsed "
        "elsewhere)",
        "T:74:16: note: events[5] (id: e5).sources[0].quote: found in source 'txt' at line 3 "
        "after normalisation (soft hyphens removed)",
        "T:83:16: events[6] (id: e6).sources[0].quote: not found in the archived copy of "
        "source 'law'; nearest passage at page 1, line 2 (94.1% alike): The regulation "
        "applies to every[-on-]{+ w+}e",
        "6 of 7 quotes verified (4 after normalisation); 1 not found, 0 unverifiable",
    ]


def test_copies_that_cannot_be_used(tmp_path: Path) -> None:
    page = write(tmp_path, "copies/page.html", HTML.encode())
    write(tmp_path, "copies/broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog")
    os.symlink("/etc/hostname", tmp_path / "copies" / "link.html")
    os.mkfifo(tmp_path / "copies" / "fifo.html")
    elsewhere = tmp_path.parent / f"{tmp_path.name}-elsewhere"
    elsewhere.mkdir()
    (elsewhere / "x.html").write_bytes(HTML.encode())
    os.symlink(elsewhere, tmp_path / "copies" / "linked")
    f = project(
        tmp_path,
        {
            "changed": _archive("copies/page.html", digest="0" * 64),
            "missing": _archive("copies/gone.html", page),
            "broken": _archive("copies/broken.pdf"),
            "link": _archive("copies/link.html"),
            "fifo": _archive("copies/fifo.html"),
            "through": _archive("copies/linked/x.html"),
            "none": "",
        },
        [(sid, "special fund") for sid in ("changed", "missing", "broken", "link")]
        + [(sid, "special fund") for sid in ("fifo", "through", "none", "none")],
    )
    code, lines = run(f)
    assert code == 1
    assert lines == [
        "T:9:15: sources.changed.archive.sha256: the archived copy 'copies/page.html' has "
        "changed since it was archived (its sha256 is "
        f"{hashlib.sha256(page).hexdigest()})",
        "T:13:13: sources.missing.archive.path: the archived copy 'copies/gone.html' is missing",
        "T:18:13: sources.broken.archive.path: the archived copy 'copies/broken.pdf' cannot "
        "be read: not a readable PDF (Stream has ended unexpectedly)",
        "T:22:13: sources.link.archive.path: the archived copy is refused: "
        "'copies/link.html' is a symbolic link (archive a regular file)",
        "T:26:13: sources.fifo.archive.path: the archived copy is refused: "
        "'copies/fifo.html' is a FIFO (archive a regular file)",
        "T:30:13: sources.through.archive.path: the archived copy is refused: "
        "'copies/linked/x.html' is outside the timeline's folder (through a linked folder)",
        "T:31:3: warning: sources.none: source 'none' has no archive: its 2 quotes are "
        "unverifiable",
        "1 of 8 quotes verified (0 after normalisation); 0 not found, 7 unverifiable",
    ]


def test_no_archive_is_a_warning_unless_required(tmp_path: Path) -> None:
    f = project(tmp_path, {"none": ""}, [("none", "a quote")])
    code, lines = run(f)
    assert (code, lines) == (
        0,
        [
            "T:5:3: warning: sources.none: source 'none' has no archive: its 1 quote is "
            "unverifiable",
            "0 of 1 quote verified (0 after normalisation); 0 not found, 1 unverifiable",
        ],
    )
    code, lines = run(f, "--require-archive")
    assert code == 1
    assert (
        lines[0] == "T:5:3: sources.none: source 'none' has no archive: its 1 quote is unverifiable"
    )


def test_json_report(tmp_path: Path) -> None:
    page = write(tmp_path, "copies/page.html", HTML.encode())
    f = project(
        tmp_path,
        {"web": _archive("copies/page.html", page)},
        [("web", "special fund of 10 millions"), ("web", "北京市,上海市和深圳市")],
    )
    r = invoke(["verify", str(f), "-f", "json"])
    assert r.exit_code == 1
    doc = json.loads(r.stdout)
    assert doc["ok"] is False
    assert doc["counts"] == {
        "quotes": 2,
        "verified": 1,
        "normalised": 1,
        "not_found": 1,
        "unverifiable": 0,
    }
    assert doc["problems"] == []
    first, second = doc["quotes"]
    assert first == {
        "file": str(f),
        "line": 19,
        "column": 16,
        "path": "events[0].sources[0].quote",
        "event_id": "e0",
        "source": "web",
        "status": "not-found",
        "normalisation": [],
        "location": None,
        "nearest": {
            "text": "special fund of 10 million",
            "location": "line 3",
            "similarity": 96.3,
            "diff": "special fund of 10 million[-s-]",
        },
        "reason": None,
    }
    assert (second["status"], second["normalisation"], second["location"]) == (
        "verified",
        ["nfkc"],
        "line 4",
    )


def test_a_50_mb_pdf_is_read(tmp_path: Path) -> None:
    big = write(tmp_path, "copies/big.pdf", pdf([["a quote in a big file"]], 50 * 1024 * 1024))
    assert len(big) > 50 * 1024 * 1024
    f = project(
        tmp_path, {"big": _archive("copies/big.pdf", big)}, [("big", "a quote in a big file")]
    )
    assert run(f) == (
        0,
        ["1 of 1 quote verified (0 after normalisation); 0 not found, 0 unverifiable"],
    )


def test_a_path_outside_the_folder_never_reaches_the_file_system(tmp_path: Path) -> None:
    f = project(tmp_path, {"bad": _archive("../../etc/passwd")}, [("bad", "root")])
    r = invoke(["verify", str(f)])
    assert r.exit_code == 1
    assert r.stderr.startswith(
        f"policytl: error: {f}:8:13: sources.bad.archive.path: '../../etc/passwd' is not valid "
        "(a relative path inside the timeline's folder: not absolute, no '..', '\\' or ':')"
    )


def test_usage_errors_and_the_embedded_data_set(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    f = project(tmp_path, {"none": ""}, [("none", "a quote")])
    r = invoke(["verify", str(f), "--source", "nope"])
    assert (r.exit_code, r.stderr) == (
        2,
        "policytl: error: --source: no source has the id 'nope'\n",
    )
    monkeypatch.chdir(tmp_path_factory.mktemp("nowhere"))
    r = invoke(["verify"])
    assert (r.exit_code, r.stdout.splitlines()) == (
        0,
        [
            "<embedded>/timeline.yaml:37:3: warning: sources.panews-2020-07-01: source "
            "'panews-2020-07-01' has no archive: its 30 quotes are unverifiable",
            "0 of 30 quotes verified (0 after normalisation); 0 not found, 30 unverifiable",
        ],
    )
