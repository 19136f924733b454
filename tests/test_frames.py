"""Timeline.to_dataframes(): the export's tables as pandas DataFrames, round-tripped
against the data package's CSV files and the JSON export; pandas is never imported
by the rest of policytl."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import subprocess
import sys

import pytest

import policytl
from policytl.export import Format, render, render_files
from policytl.model.records import Text

from .conftest import FIXTURES, ROOT, child_env
from .consumers import need_module

SHIPPED = ROOT / "data" / "timeline.yaml"


def csv_tables(timeline: policytl.Timeline) -> dict[str, list[dict[str, str]]]:
    files = render_files(Format.DATAPACKAGE, timeline)
    return {
        name.removesuffix(".csv"): list(csv.DictReader(io.StringIO(data.decode(), newline="")))
        for name, data in files.items()
        if name.endswith(".csv")
    }


@pytest.mark.parametrize("path", [SHIPPED, FIXTURES / "export" / "life.yaml"])
def test_the_frames_are_the_package_tables(path: object) -> None:
    need_module("pandas")
    timeline = policytl.load_timeline(path)
    frames = timeline.to_dataframes()
    tables = csv_tables(timeline)
    assert list(frames) == list(tables)
    for name, frame in frames.items():
        assert len(frame) == len(tables[name]), name
        assert list(frame.columns) == (
            list(tables[name][0]) if tables[name] else list(frame.columns)
        )
    events = frames["events"]
    rows = tables["events"]
    for column in ("date_earliest", "date_latest", "due_earliest", "due_latest"):
        shown = [d.date().isoformat() if d == d else "" for d in events[column]]  # NaT != NaT
        assert shown == [r[column] for r in rows], column
    assert list(events["date"]) == [r["date"] for r in rows]
    assert list(events["date_precision"]) == [r["date_precision"] for r in rows]
    assert events.attrs["primary_key"] == ["id"]


def test_counts_and_bounds_agree_with_the_json_export() -> None:
    need_module("pandas")
    timeline = policytl.load_timeline(SHIPPED)
    exported = json.loads(render(Format.JSON, timeline))
    frames = timeline.to_dataframes()
    events = frames["events"]
    assert list(events["id"]) == [e["id"] for e in exported["events"]]
    assert [d.date().isoformat() for d in events["date_earliest"]] == [
        e["start"] for e in exported["events"]
    ]
    assert [d.date().isoformat() for d in events["date_latest"]] == [
        e["end"] for e in exported["events"]
    ]
    assert len(frames["citations"]) == sum(len(e["sources"]) for e in exported["events"])
    assert len(frames["sources"]) == len(exported["sources"])
    assert len(frames["bodies"]) == len(exported["bodies"])
    assert len(frames["documents"]) == len(exported["documents"])
    assert frames["citations"]["position"].dtype.name == "Int64"
    # joins along the foreign keys work as in SQL
    cited = frames["citations"].merge(events, left_on="event_id", right_on="id")
    assert len(cited) == len(frames["citations"])


def test_texts_are_exactly_the_data_s() -> None:
    need_module("pandas")
    timeline = policytl.load_timeline(SHIPPED)
    text = "=1+1 \u202eevil"
    event = dataclasses.replace(timeline.events[0], title=Text(en=text))
    frames = timeline.with_events([event]).to_dataframes()
    assert list(frames["events"]["title_en"]) == [text]


def test_without_pandas_it_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas raises ImportError
    with pytest.raises(ImportError, match=r"pip install 'policytl\[pandas\]'"):
        policytl.load_timeline(SHIPPED).to_dataframes()


def test_policytl_never_imports_pandas_by_itself() -> None:
    code = (
        "import sys, policytl\n"
        "from policytl.cli import app\n"
        "from policytl.export import Format, render_files\n"
        "t = policytl.load_timeline()\n"
        "render_files(Format.DATAPACKAGE, t); render_files(Format.SQLITE, t)\n"
        "print(sorted(m for m in ('pandas', 'numpy') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=child_env()
    )
    assert done.stdout == "[]\n"
