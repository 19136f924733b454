"""export -f sqlite: the tables in one SQLite database, served by the real Datasette on
127.0.0.1 and asked through its JSON API (a count, a foreign key join, full-text search in
Chinese and English); keys, indexes and hostile text checked with sqlite3."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from policytl import load_timeline
from policytl.export import Format, render_files
from policytl.export.tables import tables
from policytl.model.records import Text, Timeline
from policytl.model.textsafe import no_bidi

from ..conftest import FIXTURES, ROOT, child_env, invoke
from ..consumers import need_module
from .hostile_text import HOSTILE

SHIPPED = ROOT / "data" / "timeline.yaml"
SMALL = FIXTURES / "export" / "small.yaml"
#: how long Datasette may take to start on a loaded machine (a bound, not a timing test)
START_WITHIN = 120.0


def export(path: Path, *args: str) -> Path:
    result = invoke(["export", "-f", "sqlite", "-d", str(SHIPPED), *args, "-o", str(path)])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", ""), result.stderr
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def get(base: str, path: str, **query: str) -> Any:
    url = f"{base}{path}?{urllib.parse.urlencode(query)}"
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read())


@contextlib.contextmanager
def datasette(db: Path) -> Iterator[str]:
    """Datasette serving ``db`` (immutable) on 127.0.0.1; yields its base URL."""
    need_module("datasette")
    port = free_port()
    args = [sys.executable, "-m", "datasette", "serve", "-i", str(db)]
    args += ["--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(
        args,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=child_env(),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_WITHIN
        while True:
            if proc.poll() is not None:
                assert proc.stderr is not None
                pytest.fail(f"datasette exited {proc.returncode}: {proc.stderr.read()!r}")
            try:
                get(base, "/-/versions.json")
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"datasette did not answer on {base} within {START_WITHIN} s")
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stderr is not None:
            proc.stderr.close()


def test_datasette_answers_a_count_a_join_and_searches(tmp_path: Path) -> None:
    db = export(tmp_path / "timeline.db")
    timeline = load_timeline(SHIPPED)
    beijing = [e for e in timeline.events if e.jurisdiction == "CN-BJ"]
    with datasette(db) as base:
        count = get(base, "/timeline.json", sql="select count(*) as n from events", _shape="array")
        assert count == [{"n": len(timeline.events)}]
        # a join along a foreign key, in SQL and as Datasette sees the key
        joined = get(
            base,
            "/timeline.json",
            sql="select e.id, j.name_en from events e join jurisdictions j "
            "on j.code = e.jurisdiction where j.code = 'CN-BJ' order by e.rowid",
            _shape="array",
        )
        assert joined == [{"id": e.id, "name_en": "Beijing"} for e in beijing]
        row = get(base, "/timeline/jurisdictions/CN-BJ.json", _extras="foreign_key_tables")
        referring = {t["other_table"]: t["count"] for t in row["foreign_key_tables"]}
        assert referring["events"] == len(beijing)
        # full-text search: Chinese (no spaces between words) and English
        zh = get(base, "/timeline/events.json", _search="区块链", _shape="array", _col="id")
        expected_zh = [e.id for e in timeline.events if "区块链" in (e.title.zh or "")]
        assert sorted(r["id"] for r in zh) == sorted(expected_zh) != []
        en = get(base, "/timeline/events.json", _search="Blockchain", _shape="array", _col="id")
        expected_en = [e.id for e in timeline.events if "blockchain" in (e.title.en or "").lower()]
        assert sorted(r["id"] for r in en) == sorted(expected_en) != []
        quotes = get(base, "/timeline/citations.json", _search="中关村", _shape="array")
        expected_quotes = [
            c for e in timeline.events for c in e.sources if "中关村" in (c.quote or "")
        ]
        assert len(quotes) == len(expected_quotes) != 0


def test_the_database_holds_the_tables_with_their_keys(tmp_path: Path) -> None:
    db = export(tmp_path / "timeline.db")
    made = tables(load_timeline(SHIPPED))
    con = sqlite3.connect(db)
    try:
        for t in made:
            assert con.execute(f'select count(*) from "{t.name}"').fetchone() == (len(t.rows),)
            keys = [r[1] for r in sorted(con.execute(f"pragma table_info('{t.name}')")) if r[5]]
            assert keys == list(t.key), t.name
            declared = {r[3] for r in con.execute(f"pragma foreign_key_list('{t.name}')")}
            assert declared == {c for fk in t.foreign_keys for c in fk.columns}, t.name
        assert con.execute("pragma foreign_key_check").fetchall() == []
        assert con.execute("pragma integrity_check").fetchall() == [("ok",)]
        indexes = {r[0] for r in con.execute("select name from sqlite_master where type='index'")}
        assert {
            "citations_by_source",
            "events_by_jurisdiction",
            "events_by_date_earliest",
        } <= indexes
        first = con.execute(
            "select date, date_earliest, date_latest, date_precision from events order by rowid"
        ).fetchone()
    finally:
        con.close()
    e = load_timeline(SHIPPED).events[0]
    assert first == (e.date.text, e.date.start.isoformat(), e.date.end.isoformat(), "month")


def test_hostile_text_is_stored_with_bidi_controls_escaped(tmp_path: Path) -> None:
    base = load_timeline(SMALL)
    event = base.events[0]
    events = [
        dataclasses.replace(
            event,
            id=f"e{i}",
            title=Text(en=text),
            sources=tuple(dataclasses.replace(c, quote=text) for c in event.sources),
        )
        for i, text in enumerate(HOSTILE.values())
    ]
    timeline: Timeline = base.with_events(events)
    db = tmp_path / "hostile.db"
    db.write_bytes(render_files(Format.SQLITE, timeline)["timeline.db"])
    con = sqlite3.connect(db)
    try:
        titles = [r[0] for r in con.execute("select title_en from events order by rowid")]
        quotes = [r[0] for r in con.execute("select quote from citations order by rowid")]
    finally:
        con.close()
    assert titles == [no_bidi(t) for t in HOSTILE.values()]
    assert set(quotes) == {no_bidi(t) for t in HOSTILE.values()}


def test_without_o_it_is_a_usage_error_and_inputs_are_never_overwritten(tmp_path: Path) -> None:
    result = invoke(["export", "-f", "sqlite"])
    assert result.exit_code == 2
    assert result.stderr == (
        "policytl: error: --format sqlite writes files, not text: give -o FILE (a file)\n"
    )
    data = tmp_path / "data.yaml"
    data.write_bytes(SMALL.read_bytes())
    result = invoke(["export", "-f", "sqlite", "-d", str(data), "-o", str(data)])
    assert result.exit_code == 2
    assert "is one of the input files" in result.stderr
    assert data.read_bytes() == SMALL.read_bytes()


def test_an_existing_file_is_replaced_whole(tmp_path: Path) -> None:
    db = tmp_path / "timeline.db"
    db.write_bytes(b"old")
    export(db, "--since", "2020")
    con = sqlite3.connect(db)
    try:
        (n,) = con.execute("select count(*) from events").fetchone()
    finally:
        con.close()
    assert n == len([e for e in load_timeline(SHIPPED).events if e.date.end.year >= 2020])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["timeline.db"]
